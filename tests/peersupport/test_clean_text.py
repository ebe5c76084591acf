"""Posted text arrives without control characters or bidi overrides; newline and tab stay."""

import pytest
from django.urls import reverse

from matching.models import SupportRequest
from peersupport.text import clean_text
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Bad\x00 day\x07;\u202eevil\u202c done\x1b[31m\x7f"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (HOSTILE, "Bad day;evil done[31m"),
        ("line one\r\nline\ttwo\n", "line one\r\nline\ttwo\n"),
        ("\u2066isolate\u2069 and \u202aembedding\u202c", "isolate and embedding"),
        ("Indonesia: semangat! — café ✓", "Indonesia: semangat! — café ✓"),
    ],
)
def test_clean_text_keeps_what_people_write_and_drops_what_misleads(typed, kept):
    assert clean_text(typed) == kept


def test_a_request_description_is_stored_without_control_or_bidi_characters(client):
    program = ProgramFactory()
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)

    response = client.post(
        reverse("matching:request"),
        {
            "program": program.pk,
            "topics": ["stress"],
            "description": f"{HOSTILE}\nsecond\tline",
            "languages": ["id"],
            "site_preference": "either",
            "meeting_modes": ["video"],
            "availability": ["mon_am"],
            "consent": "on",
        },
    )

    assert response.status_code == 302
    stored = SupportRequest.objects.get(requester=employee).description
    assert stored == "Bad day;evil done[31m\nsecond\tline"


def test_a_password_is_taken_as_typed(client):
    person = UserFactory(roles=["employee"], password="kopi\x07tubruk-2026")

    response = client.post(
        reverse("login"), {"username": f"{person.username}\x00", "password": "kopi\x07tubruk-2026"}
    )

    assert response.status_code == 302


def test_imported_cells_lose_control_characters_and_bidi_overrides():
    from peersupport.tabular import read_rows

    content = "employee_id,full_name\n1002,Agus\u202e Pratama\x07\n".encode()

    rows = read_rows(
        name="people.csv",
        content=content,
        columns={"employee_id": {"employee_id"}, "full_name": {"full_name"}},
        required=("employee_id",),
        max_rows=10,
    )

    assert rows[0]["full_name"] == "Agus Pratama"
