"""The checks that run on every page a browser test visits (tests/browser/audit.py) find
what they are there to find: a page with an unlabelled input, a nameless link, duplicate
ids and a `tel:` link with spaces fails, through the same fixture as every other page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROKEN = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body>
  <main>
    <h1>Broken on purpose</h1>
    <p id="twice">Call <a href="tel:0800 119 119">0800 119 119</a>.</p>
    <p id="twice"><a href="/elsewhere/"><img src="/static/img/favicon.svg"></a></p>
    <form method="post"><input type="text" name="nameless"></form>
  </main>
</body>
</html>"""

SOUND = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sound</title></head>
<body>
  <main>
    <h1>Sound</h1>
    <p>Call <a href="tel:+62800119119">0800 119 119</a>.</p>
    <form method="post"><label for="name">Name</label> <input id="name" name="name"></form>
  </main>
</body>
</html>"""


def serve(page, url: str, markup: str) -> None:
    """The live server's address answers with this markup (the CSP of the real pages)."""
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'self'; script-src 'self'"},
            body=markup,
        ),
    )


def test_a_broken_page_is_reported_with_each_problem_and_where_it_is(page, audit, live_server):
    url = f"{live_server.url}/broken-on-purpose/"
    serve(page, url, BROKEN)

    page.goto(url)
    audit.wait(page)
    findings = audit.findings()
    audit.forget()  # found, as they should be: this test must not fail for them

    axe = {(f.rule, f.where) for f in findings if f.check == "axe"}
    assert ("label", "input") in axe
    assert any(rule in ("link-name", "image-alt") for rule, _ in axe)
    html = [f.message for f in findings if f.check == "html"]
    assert any("Duplicate ID" in message and "twice" in message for message in html), html
    assert any("tel:0800 119 119" in message for message in html), html
    assert {f.url for f in findings} == {url}


def test_a_sound_page_passes(page, audit, live_server):
    url = f"{live_server.url}/sound/"
    serve(page, url, SOUND)

    page.goto(url)
    audit.wait(page)

    assert audit.audited == [url]
    assert audit.documents == [url]
    assert audit.findings() == []


def test_the_pages_after_a_form_post_and_its_redirect_are_checked(page, audit, live_server):
    UserFactory(username="ayu", roles=["employee"])

    sign_in(page, live_server, "ayu", password="not-the-password")
    expect(page.locator(".alert-danger")).to_be_visible()
    sign_in(page, live_server, "ayu")
    expect(page).to_have_url(f"{live_server.url}/")
    audit.wait(page)

    login = f"{live_server.url}/accounts/login/"
    # The sign-in page, the same page answering the wrong password's POST, and the home
    # page the right password's POST was redirected to: each validated, each audited.
    assert audit.documents == [login, login, f"{live_server.url}/"]
    assert audit.audited[-1] == f"{live_server.url}/"
