"""Signing in from the browser, second step included."""

import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from tests.factories import TEST_PASSWORD


def current_code(device: TOTPDevice) -> str:
    """What the person's authenticator app shows now (RFC 6238)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return str(totp.token()).zfill(device.digits)


def sign_in(page: Page, live_server: object, username: str, password: str = TEST_PASSWORD) -> None:
    """The password, then the code of the person's authenticator app if they have one."""
    if not page.url.startswith(f"{live_server.url}/accounts/login/"):
        page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("E-mail or username|E-mail atau nama pengguna", re.I)).fill(
        username
    )
    page.get_by_label(re.compile("Password|Sandi", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("^(Sign in|Masuk)$")).click()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        page.get_by_label(
            re.compile("Code from your authenticator app|aplikasi autentikator", re.I)
        ).fill(current_code(device))
        page.get_by_role("button", name=re.compile("^(Continue|Lanjutkan)$")).click()
