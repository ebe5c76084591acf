"""WCAG 2.2 AA on every page of the product (issue #15): each role signs in on the security
tests' world (tests/security/conftest.py) and visits every page the URL-by-role matrix lets
them see, with real objects, the forms again after an empty POST (their errors shown), the
pages of a signed-out visitor and, for the coordinator, the whole admin they may see. The
checks themselves run on every page by the `page` fixture (tests/browser/conftest.py): a
serious or critical axe finding or an HTML error fails the test that visited the page.

Widths: every page at 1280 px, in English and in Indonesian; at 390 px a subset that holds
each kind of layout (each role's home, a form with its errors, a table, the admin), in both
languages. axe's rules read the markup and the computed styles, which the narrow layout
changes in a few places only (the collapsed menu, stacked columns), so auditing every page
twice would double the run time for findings that have come out the same.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import CAST, SignedInClient, cast_member
from tests.security.conftest import World, build_world
from tests.security.test_access_matrix import MATRIX, OBJECTS, ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 390, "height": 844}
LOCALES = {"en": "en-US", "id": "id-ID"}
# Not HTML pages: a JSON health check, the downloads of a person's data and of the dashboard.
NOT_PAGES = {"healthz", "privacy_export_json", "privacy_export_html", "dashboard:export"}
# Pages whose main form is posted empty as well, to audit it with its errors shown.
FORMS = {
    "login",
    "signup",
    "password_reset",
    "password_reset_confirm",
    "password_change",
    "profile",
    "two_factor_setup",
    "programs:apply",
    "programs:supporter_edit",
    "programs:checkin",
    "matching:request",
    "sessions:log_new",
}
# At 390 px: the pages that hold each kind of layout.
NARROW_PAGES = {"home", "login", "matching:request", "referrals:queue", "sessions:log_new"}

POST_EMPTY_FORM_JS = """() => {
  const forms = [...document.querySelectorAll("main form")]
    .filter((form) => form.method === "post" && form.querySelector("[type=submit], button"));
  const form = forms.sort((a, b) => b.elements.length - a.elements.length)[0];
  if (!form) return false;
  for (const field of form.querySelectorAll("input, textarea")) {
    if (!["hidden", "submit", "button", "checkbox", "radio"].includes(field.type)) field.value = "";
  }
  form.noValidate = true;
  setTimeout(() => form.requestSubmit());
  return true;
}"""


def pages_of(role: str, world: World, cast: dict) -> list[tuple[str, str]]:
    """(URL name, path) of every page the matrix lets `role` open (the sign-in page's
    e-mailed links, answered with a redirect to the form, included for a visitor)."""
    column = ROLES.index(role)
    names = [
        name
        for name, row in MATRIX.items()
        if row[column] == 200 and name not in NOT_PAGES and not name.startswith("admin:")
    ]
    if role == "anonymous":
        names.append("password_reset_confirm")
    return [
        (name, reverse(name, kwargs=OBJECTS[name](world, cast) if name in OBJECTS else {}))
        for name in names
    ]


def open_as(audited_context, live_server, role: str, language: str, **options):
    """A browser of `role` (signed in as after the whole sign-in) speaking `language`."""
    context, audit = audited_context(locale=LOCALES[language], **options)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if role != "anonymous":
        client = SignedInClient()
        client.force_login(cast_member_by_name(role))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page, audit


def cast_member_by_name(role: str):
    from peersupport.models import User

    return User.objects.get(username=CAST[role][0])


def visit(page, audit, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    audit.wait(page)


def post_empty_form(page, audit) -> None:
    """Its largest form (the page may offer none: sign-up closed to this domain)."""
    if not page.locator("main form[method=post]").count():
        return
    with page.expect_navigation():
        page.evaluate(POST_EMPTY_FORM_JS)
    audit.wait(page)


@pytest.fixture
def world() -> World:
    return build_world({name: cast_member(name) for name in CAST})


def crawl(page, audit, live_server, pages: list[tuple[str, str]]) -> None:
    for name, path in pages:
        visit(page, audit, live_server.url + path)
        if name in FORMS:
            post_empty_form(page, audit)


@pytest.mark.parametrize("role", ["anonymous", "employee", "supporter", "counselor", "coordinator"])
def test_every_page_of_each_role_passes_the_checks_in_both_languages(
    audited_context, live_server, world, role
):
    cast = {name: cast_member_by_name(name) for name in CAST}
    pages = pages_of(role, world, cast)
    for language in LOCALES:
        page, audit = open_as(audited_context, live_server, role, language)

        crawl(page, audit, live_server, pages)

        assert len(audit.audited) == len(audit.documents) >= len(pages)


def admin_pages(page, live_server) -> list[str]:
    """The admin index's links to every list the coordinator may see, then each list's
    first object and its add form where the list offers one."""
    page.goto(f"{live_server.url}/admin/")
    lists = page.eval_on_selector_all(
        "#content-main a[href$='/']", "links => links.map((a) => a.getAttribute('href'))"
    )
    return sorted({href for href in lists if re.fullmatch(r"/admin/\w+/\w+/", href)})


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_whole_admin_of_a_coordinator_passes_the_checks(
    audited_context, live_server, world, language
):
    page, audit = open_as(audited_context, live_server, "coordinator", language)
    for name in ("index", "peersupport_user_import", "programs_trainingrecord_import"):
        visit(page, audit, live_server.url + reverse(f"admin:{name}"))
    visit(page, audit, live_server.url + reverse("admin:referrals_service_import"))

    lists = admin_pages(page, live_server)
    assert len(lists) >= 10, lists
    for changelist in lists:
        visit(page, audit, live_server.url + changelist)
        first = page.locator("#result_list tbody tr").first.locator("th a, td a").first
        if first.count():
            visit(page, audit, live_server.url + first.get_attribute("href"))
    assert len(audit.audited) == len(audit.documents)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_pages_of_each_layout_pass_the_checks_on_a_phone(
    audited_context, live_server, world, language
):
    cast = {name: cast_member_by_name(name) for name in CAST}
    for role in ("anonymous", "employee", "supporter", "counselor", "coordinator"):
        page, audit = open_as(audited_context, live_server, role, language, viewport=NARROW)
        pages = [(n, p) for n, p in pages_of(role, world, cast) if n in NARROW_PAGES]
        if role == "coordinator":
            pages += [("admin:index", "/admin/"), ("admin:user", "/admin/peersupport/user/")]

        crawl(page, audit, live_server, pages)

        assert len(audit.audited) == len(audit.documents) >= len(pages)


def test_the_menu_opens_and_is_used_from_the_keyboard_on_a_phone(
    audited_context, live_server, world
):
    page, audit = open_as(audited_context, live_server, "employee", "en", viewport=NARROW)
    visit(page, audit, f"{live_server.url}/")
    menu = page.get_by_role("button", name="Show or hide the menu")
    profile = page.get_by_role("link", name="Home", exact=True)
    expect(profile).to_be_hidden()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the product's name
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")

    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(profile).to_be_visible()
    page.keyboard.press("Tab")
    expect(profile).to_be_focused()


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "phone"])
def test_the_skip_link_comes_first_and_focus_is_always_visible(
    audited_context, live_server, world, viewport
):
    options = {"viewport": viewport} if viewport else {}
    page, audit = open_as(audited_context, live_server, "employee", "id", **options)
    visit(page, audit, f"{live_server.url}/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten utama")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Every link and button after it shows where the focus is.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a, button')"):
            assert_focus_is_visible(page)


FOCUS_STYLE_JS = """() => {
  const style = getComputedStyle(document.activeElement);
  return {
    element: document.activeElement.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1,
    ring: style.boxShadow !== "none",
  };
}"""


def assert_focus_is_visible(page) -> None:
    style = page.evaluate(FOCUS_STYLE_JS)
    assert style["outline"] or style["ring"], f"no visible focus on {style['element']}"
