"""Every free text has a limit: shown under its box, enforced by the server with a message.

The browser's own `maxlength` would cut a pasted text without a word, so text boxes carry
the limit as `data-maxlength` with a counter (static/js/char-count.js), and the server
refuses a longer text with a message, saving nothing.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching.models import SupportRequest
from programs.models import Program, TrainingModule
from referrals.models import Service
from sessions.models import SessionLog
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory
from tests.referrals.factories import make_active_match
from tests.sessions.test_views import form_post

pytestmark = pytest.mark.django_db


def test_the_session_note_box_shows_its_limit_and_the_browser_cuts_nothing(client, cast):
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    client.force_login(cast["supporter"])

    page = client.get(reverse("sessions:log_new", args=[match.uuid])).content.decode()

    box = page[page.index('<textarea name="notes"') :]
    box = box[: box.index(">")]
    assert 'data-maxlength="5000"' in box
    assert " maxlength=" not in box
    assert "id_notes_count" in box  # described by its counter
    assert 'id="id_notes_count"' in page
    assert "Up to 5000 characters." in page


def test_a_session_note_over_its_limit_is_refused_with_a_message(client, cast):
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    client.force_login(cast["supporter"])
    url = reverse("sessions:log_new", args=[match.uuid])

    refused = client.post(url, form_post(notes="x" * 5001))

    assert refused.status_code in (200, 400)
    assert "at most 5000 characters" in refused.content.decode()
    assert not SessionLog.objects.exists()
    assert client.post(url, form_post(notes="x" * 5000)).status_code == 302
    assert len(SessionLog.objects.get().notes) == 5000


def test_a_request_description_over_its_limit_is_refused_with_a_message(client):
    program = ProgramFactory()
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)

    refused = client.post(
        reverse("matching:request"),
        {
            "program": program.pk,
            "topics": ["stress"],
            "description": "x" * 2001,
            "languages": ["id"],
            "site_preference": "either",
            "meeting_modes": ["video"],
            "availability": ["mon_am"],
            "consent": "on",
        },
    )

    assert "at most 2000 characters" in refused.content.decode()
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("make", "field", "limit"),
    [
        (lambda: ProgramFactory.build(), "description_en", 5000),
        (lambda: ProgramFactory.build(), "description_id", 5000),
        (lambda: TrainingModule(code="x", title_en="X", title_id="X"), "description_en", 5000),
        (lambda: Service(name="EAP", organization="PT"), "description_id", 2000),
    ],
)
def test_descriptions_coordinators_write_have_a_limit_the_model_enforces(make, field, limit):
    record = make()
    setattr(record, field, "x" * (limit + 1))

    with pytest.raises(ValidationError) as refused:
        record.full_clean()

    assert field in refused.value.message_dict
    assert f"at most {limit} characters" in refused.value.message_dict[field][0]
    assert Program._meta.get_field("description_en").max_length == 5000


def test_services_refuse_a_text_over_its_limit_instead_of_cutting_it(english):
    from matching.services import MatchingError, request_withdraw
    from tests.matching.factories import make_request

    request = make_request()

    with pytest.raises(MatchingError, match="under 500 characters"):
        request_withdraw(request=request, actor=request.requester, reason="x" * 501)

    request.refresh_from_db()
    assert request.status == "waiting"
