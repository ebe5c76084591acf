"""Playwright drives Debian's Chromium; it never downloads a browser of its own."""

import contextlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.audit import (
    AUDIT_JS,
    BINDING,
    HtmlChecker,
    PageAudit,
    axe_source,
    is_html_document,
)

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_checker():
    """One Nu HTML Checker for the session (tests/browser/audit.py)."""
    checker = HtmlChecker()
    yield checker
    checker.close()


@pytest.fixture
def audited_context(browser, html_checker):
    """Opens browser contexts whose every page is checked: axe on each document once it
    has loaded, the HTML checker on each HTML document the main frame receives. The test
    fails (at teardown) listing every finding; a test that proves a check can fail takes
    them with `audit.findings()` and then `audit.forget()`.

    axe needs a fraction of a second after `load`: a page the test leaves sooner (a click
    at once) is validated but may go unaudited, since Playwright cannot hold a navigation
    while it evaluates in the page it leaves. The last page is awaited here, and the crawl
    (test_accessibility.py) awaits every page it visits with `audit.wait(page)`."""
    opened = []

    def open_context(**options):
        context = browser.new_context(**{"locale": "en-US", "viewport": DESKTOP, **options})
        audit = PageAudit(checker=html_checker)
        context.expose_binding(BINDING, lambda source, *report: audit.report_axe(*report))
        context.add_init_script(axe_source())
        context.add_init_script(AUDIT_JS)
        context.on("page", lambda page: _watch(page, audit))
        opened.append((context, audit))
        return context, audit

    yield open_context
    findings = []
    for context, audit in opened:
        for page in context.pages:
            audit.wait(page)
        findings += audit.findings()
        context.close()
    if findings:
        pytest.fail(
            f"{len(findings)} accessibility or HTML problem(s) on the pages this test visited:\n"
            + "\n".join(str(finding) for finding in findings),
            pytrace=False,
        )


@pytest.fixture
def page_and_audit(audited_context):
    context, audit = audited_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page, audit


@pytest.fixture
def page(page_and_audit):
    return page_and_audit[0]


@pytest.fixture
def audit(page_and_audit):
    return page_and_audit[1]


def _watch(page, audit: PageAudit) -> None:
    def on_response(response) -> None:
        if is_html_document(response, page):
            # A download, or a document the browser dropped before it was read, has no body.
            with contextlib.suppress(PlaywrightError):
                audit.check_html(response.url, response.body())

    page.on("response", on_response)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Tests that commit start from a flushed database: put the data migrations' rows back."""
    from importlib import import_module

    from django.apps import apps

    import_module("programs.migrations.0002_core_training_modules").create_modules(apps, None)
