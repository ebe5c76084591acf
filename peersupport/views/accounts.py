"""Getting in: sign-up with a work e-mail, invitation links, and one's own profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from peersupport.forms import ProfileForm, SignupForm
from peersupport.models import AccountTokenPurpose, User
from peersupport.services.accounts import (
    account_token_find,
    invitation_accept,
    profile_update,
    signup_confirm,
    signup_request,
)

AUTH_BACKEND = "peersupport.auth.UsernameOrEmailBackend"


def _sign_in(request: HttpRequest, user: User) -> HttpResponse:
    """Sign the person in and show the home page in their preferred language."""
    login(request, user, backend=AUTH_BACKEND)
    response = redirect("home")
    set_language_cookie(response, user.preferred_language)
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if not settings.SIGNUP_EMAIL_DOMAINS:
        return render(request, "registration/signup_closed.html")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup_request(
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        # The same answer whether or not the address is known, so none is confirmed.
        return redirect("signup_sent")
    return render(request, "registration/signup_form.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html")


def signup_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST uses the link (mail scanners open links)."""
    account_token = account_token_find(token=token, purpose=AccountTokenPurpose.ACTIVATION)
    if account_token is None:
        return render(request, "registration/link_invalid.html", status=404)
    if request.method == "POST":
        user = signup_confirm(account_token=account_token)
        if user is None:
            return render(request, "registration/link_invalid.html", status=404)
        messages.success(request, _("Your account is ready. Welcome!"))
        return _sign_in(request, user)
    return render(request, "registration/signup_confirm.html", {"person": account_token.user})


@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    account_token = account_token_find(token=token, purpose=AccountTokenPurpose.INVITATION)
    if account_token is None:
        return render(request, "registration/link_invalid.html", status=404)
    form = SetPasswordForm(account_token.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(
            account_token=account_token, password=form.cleaned_data["new_password1"]
        )
        if user is None:
            return render(request, "registration/link_invalid.html", status=404)
        messages.success(request, _("Your password is saved. Welcome!"))
        return _sign_in(request, user)
    return render(
        request, "registration/invitation_accept.html", {"form": form, "person": account_token.user}
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = User.objects.select_related("line_manager").get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=form.save(commit=False), changed=form.changed_data)
        language = form.cleaned_data["preferred_language"]
        translation.activate(language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        set_language_cookie(response, language)
        return response
    return render(request, "registration/profile.html", {"form": form, "person": user})
