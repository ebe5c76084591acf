"""Every user-facing string is translated, and no English is left on Indonesian pages."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|and|with|sign (?:in|out|up)|password|welcome|support|page|please|role"
    r"|home)\b",
    re.IGNORECASE,
)


def po_msgids(text: str) -> set[str]:
    ids, current, collecting = set(), [], False
    for line in text.splitlines():
        if line.startswith("msgid "):
            current, collecting = [line[6:]], True
        elif line.startswith('"') and collecting:
            current.append(line)
        else:
            if (collecting and line.startswith("msgstr")) or line.startswith("msgid_plural"):
                ids.add("".join(part.strip()[1:-1] for part in current))
            collecting = False
    ids.discard("")
    return ids


def test_the_indonesian_catalog_is_complete_and_has_no_fuzzy_entry():
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert "#, fuzzy" not in PO_FILE.read_text()


def test_the_catalog_holds_every_string_of_the_code_and_templates():
    if not shutil.which("xgettext"):
        pytest.skip("xgettext (gettext) is not installed")
    committed = PO_FILE.read_text()
    try:
        call_command(
            "makemessages", locale=["id"], ignore_patterns=[".venv", "staticfiles"], verbosity=0
        )
        extracted = PO_FILE.read_text()
    finally:
        PO_FILE.write_text(committed)

    missing = po_msgids(extracted) - po_msgids(committed)
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


class VisibleText(HTMLParser):
    """The text a reader sees: no script, style, or the language switch's own names."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"} or dict(attrs).get("lang") == "en":
            self.skip += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag in {"script", "style", "button"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


INDONESIAN = {"accept-language": "id"}
PUBLIC_PAGES = ["login", "password_reset", "password_reset_done", "password_reset_complete"]
SIGNED_IN_PAGES = [
    "home",
    "password_change",
    "password_change_done",
    "profile",
    "programs:list",
    "matching:my",
    "programs:apply",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_in_indonesian_show_no_english(client, name):
    response = client.get(reverse(name), headers=INDONESIAN)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not ENGLISH_WORDS.findall(text), text


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_in_indonesian_show_no_english(client, cast, name):
    for user in cast.values():
        user.preferred_language = "id"
        client.force_login(user)
        response = client.get(reverse(name), headers=INDONESIAN, follow=True)

        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert not ENGLISH_WORDS.findall(text), (user.username, text)


@pytest.mark.django_db
def test_the_not_found_page_in_indonesian_shows_no_english(client, employee):
    client.force_login(employee)

    response = client.get("/no-such-page/", headers=INDONESIAN)

    assert response.status_code == 404
    assert not ENGLISH_WORDS.findall(visible_text(response.content.decode()))


ADMIN_PAGES = [
    "admin:index",
    "admin:programs_program_changelist",
    "admin:programs_trainingrecord_changelist",
    "admin:programs_trainingrecord_import",
    "admin:programs_supporterprofile_changelist",
    "admin:programs_supporterapplication_changelist",
    "admin:programs_enrollment_changelist",
    "admin:peersupport_user_import",
    "admin:peersupport_user_changelist",
    "admin:peersupport_user_add",
    "admin:peersupport_auditentry_changelist",
    "admin:peersupport_notification_changelist",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_administration_in_indonesian_shows_no_english(client, coordinator, name):
    client.force_login(coordinator)

    response = client.get(reverse(name), headers=INDONESIAN)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not ENGLISH_WORDS.findall(text), text


@pytest.mark.django_db
def test_a_persons_admin_page_in_indonesian_shows_no_english(client, coordinator, employee):
    client.force_login(coordinator)

    response = client.get(
        reverse("admin:peersupport_user_change", args=[employee.pk]), headers=INDONESIAN
    )

    text = visible_text(response.content.decode())
    assert not ENGLISH_WORDS.findall(text), text


@pytest.mark.django_db
def test_the_supporter_and_participant_pages_in_indonesian_show_no_english(client, supporter):
    from django.utils import timezone

    from programs.models import Enrollment
    from tests.programs.factories import ProgramFactory, SupporterProfileFactory, core_modules

    program = ProgramFactory(modules=core_modules()[:2])
    SupporterProfileFactory(user=supporter)
    enrollment = Enrollment.objects.create(
        person=supporter, program=program, role="participant", started_on=timezone.localdate()
    )
    client.force_login(supporter)

    for url in [
        reverse("programs:supporter_home"),
        reverse("programs:supporter_edit"),
        reverse("programs:detail", args=[program.pk]),
        reverse("programs:checkin", args=[enrollment.pk]),
        reverse("matching:my"),
    ]:
        response = client.get(url, headers=INDONESIAN)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not ENGLISH_WORDS.findall(text), (url, text)


@pytest.mark.django_db
def test_the_matching_pages_in_indonesian_show_no_english(client, cast):
    from tests.matching.factories import make_match, make_request, make_supporter

    supporter = make_supporter(cast["supporter"])
    request = make_request(requester=cast["employee"])
    make_match(make_request(requester=cast["other_employee"]), supporter)
    pages = [
        ("employee", reverse("matching:request")),
        ("employee", reverse("matching:my")),
        ("coordinator", reverse("matching:queue")),
        ("supporter", reverse("matching:supporter_matches")),
        ("coordinator", reverse("matching:bulk", args=[request.program_id])),
        ("coordinator", reverse("admin:index")),
    ]
    assert request.pk
    for role, url in pages:
        client.force_login(cast[role])
        response = client.get(url, headers=INDONESIAN)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not ENGLISH_WORDS.findall(text), (url, text)


@pytest.mark.django_db
def test_the_session_referral_privacy_and_dashboard_pages_in_indonesian_show_no_english(
    client, cast
):
    from referrals.models import Trigger
    from referrals.services import Consent
    from sessions.services import Escalation, session_log_create
    from tests.referrals.factories import make_active_match, make_service
    from tests.sessions.test_services import session_data

    make_service([cast["counselor"]])
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    log = session_log_create(
        match=match,
        author=cast["supporter"],
        data=session_data(triggers=[Trigger.DISCLOSED_RISK], notes="Membahas minggu pertama."),
        escalation=Escalation(Trigger.DISCLOSED_RISK, "Ringkasan", Consent(True)),
    )
    pages = [
        ("supporter", reverse("sessions:list")),
        ("supporter", reverse("sessions:match", args=[match.uuid])),
        ("supporter", reverse("sessions:log_new", args=[match.uuid])),
        ("supporter", reverse("sessions:log", args=[log.uuid])),
        ("supporter", reverse("sessions:supervision")),
        ("counselor", reverse("referrals:queue")),
        ("counselor", reverse("referrals:detail", args=[log.referral.uuid])),
        ("employee", reverse("privacy")),
        ("employee", reverse("privacy_export_html")),
        ("employee", reverse("matching:my")),
        ("coordinator", reverse("dashboard:index")),
        ("coordinator", reverse("admin:referrals_referral_changelist")),
        ("coordinator", reverse("admin:session_logs_sessionlog_changelist")),
        ("coordinator", reverse("admin:peersupport_erasurerequest_changelist")),
    ]
    for role, url in pages:
        client.force_login(cast[role])
        response = client.get(url, headers=INDONESIAN)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not ENGLISH_WORDS.findall(text), (url, text)


@pytest.mark.django_db
def test_the_second_step_pages_in_indonesian_show_no_english(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import TEST_PASSWORD, UserFactory

    coordinator = UserFactory(roles=["coordinator"], preferred_language="id")
    TOTPDevice.objects.filter(user=coordinator).delete()
    client.post(reverse("login"), {"username": coordinator.username, "password": TEST_PASSWORD})
    response = client.get(reverse("two_factor_setup"), headers=INDONESIAN)
    assert response.status_code == 200
    assert not ENGLISH_WORDS.findall(visible_text(response.content.decode()))
