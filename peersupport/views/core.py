"""Views of the core: home, health check, sign-in and the language switch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from peersupport.forms import LanguageForm, OutboxPasswordResetForm, SignInForm
from peersupport.health import health_report, may_see_details
from peersupport.home import HomeActionRefused, UnknownHomeAction, home_act, home_sections
from peersupport.ratelimit import limit_posts
from peersupport.request_context import client_address
from peersupport.services.audit import audit_log
from peersupport.services.throttle import (
    minutes_left,
    signin_failed,
    signin_locked_until,
    signin_succeeded,
)
from peersupport.services.users import user_set_preferred_language
from peersupport.views.accounts import set_language_cookie


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _home_post(request)
    sections = home_sections(request.user)
    return render(request, "peersupport/home.html", {"sections": sections})


def _home_post(request: HttpRequest) -> HttpResponse:
    """A card's button (acknowledge a referral): the app that owns the action does it;
    the answer is always the home page again, never a URL taken from the post."""
    action = str(request.POST.get("action", ""))[:50]
    target = str(request.POST.get("target", ""))[:64]
    try:
        messages.success(request, home_act(user=request.user, action=action, target=target))
    except HomeActionRefused as refused:
        messages.error(request, str(refused))
    except UnknownHomeAction:
        return HttpResponseBadRequest()
    return redirect("home")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Healthy or not for anybody; the details with `Authorization: Bearer <token>`."""
    presented = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    report = health_report(details=may_see_details(presented))
    return JsonResponse(report, status=200 if report["ok"] else 503)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also remembered."""
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=form.cleaned_data["language"])
    return django_set_language(request)


@method_decorator(limit_posts("sign_in", per_hour=30, also_by="username"), name="post")
class SignInView(auth_views.LoginView):
    """Sign-in with lockout after repeated failures (per account and per address), an
    audit entry for every attempt, and the interface in the person's language."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        until = signin_locked_until(username=username, address=client_address.get())
        if until is not None:
            audit_log(actor=None, action="auth.sign_in_refused", changes={"username": username})
            # The password is not even checked while locked: an unbound form, the name kept.
            form = self.get_form_class()(request, initial={"username": username})
            form.cleaned_data = {}
            form.add_error(None, _locked_message(until))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def get_redirect_url(self) -> str:
        """Where to go after signing in; the administration only for those who may use
        it (anyone else would bounce between it and this page)."""
        url = super().get_redirect_url()
        user = self.request.user
        if url.startswith("/admin/") and user.is_authenticated and not user.is_staff:
            return ""
        return url

    def form_valid(self, form: auth_views.AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        signin_succeeded(username=self.request.POST.get("username", ""))
        set_language_cookie(response, user.preferred_language)
        return response

    def form_invalid(self, form: auth_views.AuthenticationForm) -> HttpResponse:
        username = str(self.request.POST.get("username", ""))[:150]
        until = signin_failed(username=username, address=client_address.get())
        if until is not None:
            form.add_error(None, _locked_message(until))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {
            **super().get_context_data(**kwargs),
            "signup_open": bool(settings.SIGNUP_EMAIL_DOMAINS),
        }


def _locked_message(until: object) -> str:
    return ngettext(
        "Too many failed sign-ins for this account or from this address. "
        "Try again in %(minutes)d minute.",
        "Too many failed sign-ins for this account or from this address. "
        "Try again in %(minutes)d minutes.",
        minutes_left(until),
    ) % {"minutes": minutes_left(until)}


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
