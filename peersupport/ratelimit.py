"""A limit on how often one person (or address) may post a form."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peersupport.models import CrisisContact
from peersupport.request_context import client_address
from peersupport.services.throttle import rate_limit_count, rate_limit_hit, rate_limit_reached

HOUR = 3600
ACCEPTED = (301, 302, 303)


def limit_posts(
    scope: str, *, per_hour: int | None = None, also_by: str = "", count_refused: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse posts past `per_hour` (default FORM_RATE_LIMIT_PER_HOUR) with a clear page
    and status 429; nothing of the refused post is processed. Posts are counted per
    person, or per address when nobody is signed in; `also_by` names a posted field
    that splits the count further (the sign-in's username: an office shares one
    address). With `count_refused` off only accepted posts (a redirect) count: a person
    correcting a form they got wrong is not slowed down."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            who = _who(request, also_by)
            limit = per_hour or settings.FORM_RATE_LIMIT_PER_HOUR
            if count_refused:
                if rate_limit_hit(scope=scope, who=who, limit=limit, window_seconds=HOUR):
                    return too_many(request)
                return view(request, *args, **kwargs)
            if rate_limit_reached(scope=scope, who=who, limit=limit, window_seconds=HOUR):
                return too_many(request)
            response = view(request, *args, **kwargs)
            if response.status_code in ACCEPTED:
                rate_limit_count(scope=scope, who=who, window_seconds=HOUR)
            return response

        return wrapped

    return decorator


def _who(request: HttpRequest, also_by: str) -> str:
    user = getattr(request, "user", None)
    who = f"user:{user.pk}" if user and user.is_authenticated else f"address:{client_address.get()}"
    if also_by:
        who += ":" + str(request.POST.get(also_by, ""))[:150].strip().lower()
    return who


def too_many(request: HttpRequest) -> HttpResponse:
    """The refusal, with the crisis contacts: someone refused may need help now."""
    contacts = CrisisContact.objects.filter(active=True)
    return render(request, "429.html", {"contacts": contacts}, status=429)
