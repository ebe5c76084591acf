"""The second factor: asked on a page of its own after the password, and set up here."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from peersupport.services.throttle import rate_limit_hit
from peersupport.services.two_factor import (
    has_second_factor,
    recovery_codes_renew,
    second_factor_required,
    second_factor_verify,
    totp_device_confirm,
    totp_device_pending,
    totp_secret,
)

CODES_SESSION_KEY = "recovery_codes_to_show"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("Six digits. Lost your phone? Enter one of your recovery codes."),
        error_messages={"required": gettext_lazy("Enter the code.")},
    )


def _next(request: HttpRequest) -> str:
    """Where to go after the second step: a path on this site, or the home page."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else "/"


@login_required
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not has_second_factor(request.user):
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_hit(scope="otp", who=str(request.user.pk), limit=10, window_seconds=300):
            form.add_error("code", _("Too many attempts. Wait five minutes and try again."))
        elif second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error("code", _("That code is not right. Check the time on your phone."))
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


@login_required
@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Add (or replace) the authenticator app. Someone who already has one must have
    given its code in this session first (the middleware sees to that)."""
    if has_second_factor(request.user) and not request.user.is_verified():
        # Replacing a device needs the current one first, or a stolen password would do.
        return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if codes:
        return render(
            request, "registration/two_factor_codes.html", {"codes": codes, "next": _next(request)}
        )
    device = totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes:
            request.session[CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor authentication is on."))
            return HttpResponseRedirect(f"{request.path}?{urlencode({'next': _next(request)})}")
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    secret = totp_secret(device)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": qr.svg_data_uri(scale=4),
        "required": second_factor_required(request.user),
        "replacing": has_second_factor(request.user),
        "next": _next(request),
    }
    return render(
        request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@login_required
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.user.is_verified():
        request.session[CODES_SESSION_KEY] = recovery_codes_renew(user=request.user)
        return redirect("two_factor_setup")
    return redirect("profile")
