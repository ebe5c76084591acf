"""A limit on how often one person (or address) may post a form."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peersupport.request_context import client_address
from peersupport.services.throttle import rate_limit_hit


def limit_posts(
    scope: str, *, per_hour: int | None = None, also_by: str = ""
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse posts past `per_hour` (default FORM_RATE_LIMIT_PER_HOUR) with a clear page
    and status 429; nothing of the refused post is processed. Posts are counted per
    person, or per address when nobody is signed in; `also_by` names a posted field
    that splits the count further (the sign-in's username: an office shares one
    address)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                user = getattr(request, "user", None)
                who = (
                    f"user:{user.pk}"
                    if user and user.is_authenticated
                    else (f"address:{client_address.get()}")
                )
                if also_by:
                    who += ":" + str(request.POST.get(also_by, ""))[:150].strip().lower()
                limit = per_hour or settings.FORM_RATE_LIMIT_PER_HOUR
                if rate_limit_hit(scope=scope, who=who, limit=limit, window_seconds=3600):
                    return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
