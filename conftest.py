"""Test-wide configuration: settings for the test run and the CI rule on skips."""

import os

import pytest

# Set by .ci/run: in CI every test must run, so a skip (no Redis, no Chromium) fails.
FORBID_SKIPS = os.environ.get("PEERSUPPORT_FORBID_SKIPS") == "1"


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Tests run over plain HTTP against the test client and live_server, and without
    # collectstatic: production's redirect and manifest storage are checked elsewhere
    # (tests/peersupport/test_security.py runs check --deploy in a subprocess).
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None  # WhiteNoise serves from the finders, no collectstatic
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    outcome = yield
    report = outcome.get_result()
    if FORBID_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"
