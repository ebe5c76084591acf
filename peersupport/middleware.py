"""Response headers Django 5.2 does not send itself, and the request's origin."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from peersupport.request_context import client_address


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
