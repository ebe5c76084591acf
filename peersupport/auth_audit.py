"""Receivers for Django's own sign-in signals: they only record what happened."""

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from peersupport.models import User
from peersupport.services.audit import audit_log


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_log(actor=user, action="auth.signed_in", target=user)
    if request is not None and hasattr(request, "session"):
        from peersupport.middleware import IdleTimeoutMiddleware, SecondFactorMiddleware
        from peersupport.services.two_factor import has_second_factor

        request.session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time())
        # Looked up once per sign-in rather than on every page.
        if has_second_factor(user):
            request.session.pop(SecondFactorMiddleware.NO_DEVICE_KEY, None)
        else:
            request.session[SecondFactorMiddleware.NO_DEVICE_KEY] = int(time.time())


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="auth.signed_out", target=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted name is kept (never the password) so repeated guessing shows up.
    audit_log(
        actor=None,
        action="auth.sign_in_failed",
        changes={"username": str(credentials.get("username", ""))[:150]},
    )
