"""Two-factor authentication: TOTP from an authenticator app, with recovery codes.

Coordinators, counselors and superusers must use it (supporters too when
OTP_REQUIRED_FOR_SUPPORTERS is on); anyone else may. A person with a confirmed device
is asked for a code after the password, on a page of its own.
"""

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def second_factor_required(user: User) -> bool:
    # A superuser can open every record in the admin: at least a coordinator's guard.
    if user.is_superuser or user.has_role(Role.COORDINATOR) or user.has_role(Role.COUNSELOR):
        return True
    return settings.OTP_REQUIRED_FOR_SUPPORTERS and user.has_role(Role.SUPPORTER)


def has_second_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_secret(device: TOTPDevice) -> str:
    """The key as base32, what authenticator apps (and RFC 6238 scripts) take."""
    return base64.b32encode(device.bin_key).decode()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The device being set up (not yet confirmed by a first code), created if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(
    *, request: HttpRequest, device: TOTPDevice, token: str
) -> list[str] | None:
    """Check the first code; on success the device counts, the session is verified and
    fresh recovery codes are returned (shown once)."""
    if not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=device.user)
    otp_login(request, device)
    audit_log(actor=device.user, action="auth.second_factor_added", target=device.user)
    return codes


def recovery_codes_renew(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """A code from the app, or a recovery code (used once). Audited either way."""
    user = request.user
    token = token.strip().replace(" ", "").lower()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(_digits(token)):
            otp_login(request, device)
            audit_log(actor=user, action="auth.second_factor_passed", target=user)
            return True
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            audit_log(
                actor=user,
                action="auth.recovery_code_used",
                target=user,
                changes={"left": device.token_set.count()},
            )
            return True
    audit_log(actor=user, action="auth.second_factor_failed", target=user)
    return False


def _digits(token: str) -> str:
    digits = "".join(ch for ch in token if ch.isdigit())
    return digits if len(digits) == 6 else "x"


@transaction.atomic
def demo_totp_device(*, user: User) -> str:
    """A confirmed TOTP device for a demo person; returns its base32 secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    return totp_secret(device)
