"""The admin shows a request's lists and a match's reasons in words, never codes."""

import pytest

from tests.matching.factories import make_match, make_request, make_supporter

pytestmark = pytest.mark.django_db


def test_a_requests_lists_are_shown_as_labels(client, cast):
    request = make_request(
        topics=["stress", "return_to_work"],
        languages=["id", "jv"],
        meeting_modes=["video"],
        availability=["mon_am"],
        lived_experience=["returned_after_injury"],
    )
    client.force_login(cast["coordinator"])

    page = client.get(f"/admin/matching/supportrequest/{request.pk}/change/").content.decode()

    assert "Stress and pressure, Returning to work" in page
    assert "Indonesian, Javanese" in page
    assert "Video call" in page
    assert "Monday morning" in page
    assert "Returned to work after an injury" in page
    for code in ("return_to_work", "returned_after_injury", "mon_am", "[&quot;", "['"):
        assert code not in page


def test_a_matchs_reasons_are_shown_in_words(client, cast):
    match = make_match(make_request(), make_supporter())
    match.reasons = [["topics", 20], ["load", 10]]
    match.save(update_fields=["reasons"])
    client.force_login(cast["coordinator"])

    page = client.get(f"/admin/matching/match/{match.pk}/change/").content.decode()

    assert "topics +20, free capacity +10" in page
    assert "[[&quot;" not in page and "[['" not in page
