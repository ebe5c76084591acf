"""One date format per language everywhere: pages, e-mails, exports."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from peersupport.services.notifications import notification_queue, notification_send
from sessions.models import SessionLog
from sessions.services import session_log_create
from tests.factories import UserFactory
from tests.referrals.factories import make_active_match
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db

# 09:55 in Jakarta (UTC+7) on 4 December 2026.
MOMENT = datetime(2026, 12, 4, 2, 55, tzinfo=UTC)


@pytest.fixture(autouse=True)
def jakarta(settings):
    settings.TIME_ZONE = "Asia/Jakarta"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "4 Des 2026 09.55|4 Des 2026|09.55"), ("en", "4 Dec 2026 09:55|4 Dec 2026|09:55")],
)
def test_each_language_has_one_format_for_times_and_dates(language, expected):
    template = Template('{{ moment }}|{{ moment|date:"SHORT_DATE_FORMAT" }}|{{ moment|time }}')
    with translation.override(language):
        assert template.render(Context({"moment": MOMENT})) == expected


def test_indonesian_months_are_abbreviated_the_indonesian_way():
    months = Template('{{ day|date:"M" }}')
    with translation.override("id"):
        names = [months.render(Context({"day": date(2026, m, 1)})) for m in range(1, 13)]
    assert names == [
        *("Jan", "Feb", "Mar", "Apr", "Mei", "Jun"),
        *("Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    ]


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "4 Des 2026 09.55"), ("en", "4 Dec 2026 09:55")]
)
def test_a_session_log_page_shows_its_time_in_the_readers_format(client, language, expected):
    supporter = UserFactory(roles=["supporter"])
    log = session_log_create(
        match=make_active_match(supporter=supporter), author=supporter, data=session_data()
    )
    SessionLog.objects.filter(pk=log.pk).update(occurred_at=MOMENT)
    client.force_login(supporter)

    page = client.get(
        reverse("sessions:log", args=[log.uuid]), headers={"accept-language": language}
    ).content.decode()

    assert f'<h1 class="h2">{expected}</h1>' in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Mendengarkan aktif: 4 Des 2026"), ("en", "Active listening: 4 Dec 2026")],
)
def test_an_email_shows_dates_in_the_recipients_language(language, expected):
    recipient = UserFactory(preferred_language=language)
    modules = [["Active listening", "Mendengarkan aktif", "2026-12-04"]]
    notification = notification_queue(
        recipient=recipient, kind="training_expiring", context={"modules": modules}
    )

    assert notification_send(notification_id=notification.pk) is True

    (message,) = mail.outbox
    assert expected in message.body
    assert expected in message.alternatives[0][0]
    assert f'<html lang="{language}">' in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "4 Des 2026 09.55"), ("en", "4 Dec 2026 09:55")]
)
def test_a_time_an_email_carries_as_text_is_shown_in_jakarta_time(language, expected):
    template = Template("{% load dates %}{{ when|from_iso|date:'DATETIME_FORMAT' }}")
    with translation.override(language):
        shown = template.render(Context({"when": MOMENT.isoformat()}))
    assert shown == expected


def test_a_time_element_carries_the_moment_in_jakarta_to_the_second_as_html_wants():
    template = Template("{% load dates %}{{ when|html_datetime }}")
    moment = MOMENT.replace(microsecond=123456)
    assert template.render(Context({"when": moment})) == "2026-12-04T09:55:00+07:00"
    assert template.render(Context({"when": date(2026, 12, 4)})) == "2026-12-04"
    assert template.render(Context({"when": None})) == ""


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_html_email_declares_the_language_it_is_written_in(language):
    recipient = UserFactory(preferred_language=language)
    notification = notification_queue(recipient=recipient, kind="match_proposed", context={})

    notification_send(notification_id=notification.pk)

    (message,) = mail.outbox
    assert message.alternatives[0][0].count(f'<html lang="{language}">') == 1


def _zone_and_time(**environment: str) -> str:
    code = (
        "import django; django.setup()\n"
        "from datetime import datetime, UTC\n"
        "from django.conf import settings\n"
        "from django.utils import timezone\n"
        "moment = timezone.localtime(datetime(2026, 12, 4, 2, 55, tzinfo=UTC))\n"
        "print(settings.TIME_ZONE, moment.strftime('%H:%M'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIME_ZONE"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **environment)
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_time_zone_is_jakarta_unless_the_environment_sets_another():
    assert _zone_and_time() == "Asia/Jakarta 09:55"
    assert _zone_and_time(TIME_ZONE="Asia/Makassar") == "Asia/Makassar 10:55"
