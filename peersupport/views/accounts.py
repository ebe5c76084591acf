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
    account_link_complete,
    account_token_find,
    profile_update,
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
            language=translation.get_language(),
        )
        # The same answer whether or not the address is known, so none is confirmed.
        return redirect("signup_sent")
    return render(request, "registration/signup_form.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html")


@sensitive_post_parameters("new_password1", "new_password2")
def _set_password_by_link(
    request: HttpRequest, token: str, purpose: AccountTokenPurpose
) -> HttpResponse:
    """The page an e-mailed link opens: choose a password, then you are signed in.

    Only the POST uses the link, so a mail scanner that opens it spends nothing.
    """
    account_token = account_token_find(token=token, purpose=purpose)
    if account_token is None:
        return render(request, "registration/link_invalid.html", status=404)
    form = SetPasswordForm(account_token.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = account_link_complete(
            account_token=account_token, password=form.cleaned_data["new_password1"]
        )
        if user is None:
            return render(request, "registration/link_invalid.html", status=404)
        messages.success(request, _("Your password is saved. Welcome!"))
        return _sign_in(request, user)
    return render(
        request,
        "registration/set_password.html",
        {"form": form, "person": account_token.user, "purpose": purpose},
    )


def signup_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    return _set_password_by_link(request, token, AccountTokenPurpose.ACTIVATION)


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    return _set_password_by_link(request, token, AccountTokenPurpose.INVITATION)


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
