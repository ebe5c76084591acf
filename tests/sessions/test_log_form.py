"""The session log form: compact, the boundary check in a card of its own, the notes with
a visible counter; the referral page puts the cursor in the summary."""

import re

import pytest
from django.urls import reverse

from referrals.models import Trigger
from tests.referrals.factories import make_active_match, make_service
from tests.sessions.test_views import form_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(cast):
    return make_active_match(supporter=cast["supporter"], requester=cast["employee"])


def test_the_notes_show_a_character_counter(client, cast, match):
    client.force_login(cast["supporter"])

    page = client.get(reverse("sessions:log_new", args=[match.uuid])).content.decode()

    notes = re.search(r'<textarea name="notes"[^>]*>', page).group(0)
    assert 'data-maxlength="5000"' in notes
    assert "id_notes_count" in notes  # aria-describedby: the counter is read out too
    assert '<div class="form-text text-end" id="id_notes_count"' in page
    assert "Up to 5000 characters." in page
    assert "/static/js/char-count.js" in page


def test_the_form_is_compact_and_the_boundary_check_stands_apart(client, cast, match):
    client.force_login(cast["supporter"])

    page = client.get(reverse("sessions:log_new", args=[match.uuid])).content.decode()

    assert re.search(r'<input type="number" name="minutes"[^>]*class="minutes-input', page)
    columns = page[page.index('class="form-columns"') :]
    assert columns.index('name="topics"') < columns.index('name="signposting"')
    boundary = page[page.index('class="card boundary-card') :]
    assert boundary.index('id="boundary-heading"') < boundary.index('name="triggers"')
    assert page.index('name="notes"') < page.index("boundary-card")
    # Every box is labelled, every group has its legend.
    for box in re.findall(r'<input type="(?:checkbox|radio)"[^>]* id="([\w-]+)"', page):
        assert f'<label class="form-check-label" for="{box}">' in page
    assert page.count("<legend") >= 5


def test_a_refused_session_log_keeps_what_was_typed_and_says_why(client, cast, match):
    client.force_login(cast["supporter"])

    response = client.post(
        reverse("sessions:log_new", args=[match.uuid]),
        form_post(minutes="2", topics=["stress", "bereavement"], signposting=["eap"]),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "A session lasts at least 5 minutes." in page
    assert re.search(r'value="bereavement" id="[\w-]+" checked', page)
    assert re.search(r'value="eap" id="[\w-]+" checked', page)


@pytest.mark.parametrize(
    ("trigger", "autofocus"),
    [(Trigger.DISCLOSED_RISK, True), (Trigger.BEYOND_SCOPE, True), (Trigger.IMMINENT_RISK, False)],
)
def test_the_referral_page_puts_the_cursor_in_the_summary(client, cast, match, trigger, autofocus):
    make_service([cast["counselor"]])
    client.force_login(cast["supporter"])

    response = client.post(
        reverse("sessions:log_new", args=[match.uuid]), form_post(triggers=[trigger])
    )

    summary = re.search(r'<textarea name="summary"[^>]*>', response.content.decode()).group(0)
    # For imminent risk the page opens on the crisis protocol, above the summary.
    assert ("autofocus" in summary) is autofocus
