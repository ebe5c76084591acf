"""Views of the core: home, health check, sign-in and the language switch."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from peersupport.forms import LanguageForm, OutboxPasswordResetForm
from peersupport.health import health_report
from peersupport.home import home_sections
from peersupport.services.users import user_set_preferred_language
from peersupport.views.accounts import set_language_cookie


@login_required
def home(request: HttpRequest) -> HttpResponse:
    sections = home_sections(request.user)
    return render(request, "peersupport/home.html", {"sections": sections})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also remembered."""
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=form.cleaned_data["language"])
    return django_set_language(request)


class SignInView(auth_views.LoginView):
    """Sign-in that switches the interface to the person's preferred language."""

    redirect_authenticated_user = True

    def form_valid(self, form: auth_views.AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        set_language_cookie(response, form.get_user().preferred_language)
        return response

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {
            **super().get_context_data(**kwargs),
            "signup_open": bool(settings.SIGNUP_EMAIL_DOMAINS),
        }


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
