"""Response headers Django 5.2 does not send itself, and the request's origin."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from peersupport.request_context import client_address
from peersupport.text import cleaned_post


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, and no caching of personal pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages for a signed-in person show personal data: never keep them in a cache.
            response.headers["Cache-Control"] = "no-store"
        return response


class CleanTextMiddleware:
    """Every posted text arrives without control characters or bidi overrides
    (peersupport/text.py): one place for every form, the admin's included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.POST:
            cleaned = cleaned_post(request.POST)
            if cleaned is not None:
                request._post = cleaned  # what request.POST returns from now on
        return self.get_response(request)


class RequestContextMiddleware:
    """Remembers the client address for audit entries written while serving a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(request_client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def request_client_address(request: HttpRequest) -> str | None:
    """The client's address; behind the proxy, the one it appended to X-Forwarded-For.

    Anything that is not an IP address (a forged header, "ip:port") is ignored.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.TRUSTED_PROXY_COUNT:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            address = _ip_or_none(hops[-settings.TRUSTED_PROXY_COUNT])
            if address:
                return address
    return _ip_or_none(request.META.get("REMOTE_ADDR", ""))


# Paths a signed-in person may reach before the second factor: the factor's own pages,
# signing out, the language switch, static files and the health check.
SECOND_FACTOR_OPEN_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)


class SecondFactorMiddleware:
    """After the password: people with a second factor give their code; people whose
    role requires one and have none set it up first. Nothing else is reachable."""

    NO_DEVICE_KEY = "otp_no_device"
    # How long "this person has no second factor" is trusted before it is looked up
    # again: a device added from another session is asked for within this time.
    NO_DEVICE_RECHECK_SECONDS = 300

    def _recently_without_device(self, request: HttpRequest) -> bool:
        import time

        from peersupport.services.two_factor import has_second_factor

        checked = request.session.get(self.NO_DEVICE_KEY)
        now = int(time.time())
        fresh = type(checked) is int and now - checked < self.NO_DEVICE_RECHECK_SECONDS
        if fresh:
            return True
        if has_second_factor(request.user):
            request.session.pop(self.NO_DEVICE_KEY, None)
            return False
        request.session[self.NO_DEVICE_KEY] = now
        return True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect
        from django.utils.http import urlencode

        from peersupport.services.two_factor import second_factor_required

        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.is_verified()
            or request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES)
        ):
            return self.get_response(request)
        # "No device" is remembered for a few minutes, so most pages of people without a
        # second factor cost no query here.
        if not self._recently_without_device(request):
            target = "two_factor_verify"
        elif second_factor_required(user):
            target = "two_factor_setup"
        else:
            return self.get_response(request)
        from django.urls import reverse

        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


class IdleTimeoutMiddleware:
    """Ends the session of a coordinator or counselor idle for SESSION_IDLE_MINUTES_STAFF."""

    SESSION_KEY = "last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.contrib import messages
        from django.contrib.auth import logout
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from peersupport.roles import Role

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            staff = user.has_role(Role.COORDINATOR) or user.has_role(Role.COUNSELOR)
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY, now)
            if staff and now - last > settings.SESSION_IDLE_MINUTES_STAFF * 60:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
                return redirect(settings.LOGIN_URL)
            if now - last > 30 or self.SESSION_KEY not in request.session:
                request.session[self.SESSION_KEY] = now  # written at most every 30 s
        return self.get_response(request)
