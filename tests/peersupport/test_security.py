import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("login"), secure=True)

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_of_a_signed_in_person_are_never_cached(client, employee):
    client.force_login(employee)

    assert client.get(reverse("home"))["Cache-Control"] == "no-store"


def test_cookies_are_secure_and_http_only_with_debug_off():
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECURE_"))
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k7#Qz9vLm2@xR4tY8wN1pB6cF3hJ0sD5gA-production-like-secret",
            "ALLOWED_HOSTS": "peersupport.example",
            "CSRF_TRUSTED_ORIGINS": "https://peersupport.example",
            "FIELD_ENCRYPTION_KEYS": "mVv0Zs4M0hQx1q3mJ9Zr0pQyGm0l5C8m2rV6n3JxH2k=",
        }
    )
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_silent_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_debug_is_left_on():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(DEBUG="true")
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr


TEMPLATE_DIRS = [ROOT / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def page_templates() -> list[Path]:
    # E-mails are exempt: mail clients need inline styles and no CSP applies to them.
    return [
        path
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        if "notifications" not in path.parts
    ]


@pytest.mark.parametrize("template", page_templates(), ids=lambda path: path.name)
def test_no_page_template_has_inline_script_or_style(template):
    text = template.read_text()

    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_STYLE.search(text)


def test_static_assets_come_from_our_own_server(client):
    page = client.get(reverse("login")).content.decode()

    assert not re.search(r"""(src|href)=["']https?://""", page)


def test_check_deploy_warns_without_an_encryption_key():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(FIELD_ENCRYPTION_KEYS="")
    )
    assert result.returncode != 0
    assert "peersupport.W001" in result.stdout + result.stderr
