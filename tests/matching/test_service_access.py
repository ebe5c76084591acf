"""The matching services re-check who may make each change (STYLE.md 4): the pages ask
matching/access.py first, and a service never trusts that they did."""

import pytest

from matching.models import MatchStatus, RequestStatus
from matching.services import (
    MatchingError,
    match_close,
    match_pause,
    request_ask_different,
    request_decline,
    request_withdraw,
)
from tests.matching.factories import make_match, make_request, make_supporter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def active(cast):
    make_supporter(cast["supporter"])
    request = make_request(requester=cast["employee"], status=RequestStatus.ACTIVE)
    return make_match(request, cast["supporter"], status=MatchStatus.ACTIVE)


@pytest.mark.parametrize("role", ["other_supporter", "employee", "coordinator"])
def test_only_the_matchs_supporter_pauses_or_closes_it(cast, active, role):
    with pytest.raises(MatchingError):
        match_pause(match=active, actor=cast[role], pause=True)
    with pytest.raises(MatchingError):
        match_close(match=active, actor=cast[role], reason="completed")
    active.refresh_from_db()
    assert active.status == MatchStatus.ACTIVE


@pytest.mark.parametrize("role", ["other_employee", "supporter", "coordinator"])
def test_only_the_requester_withdraws_or_asks_for_another_supporter(cast, active, role):
    with pytest.raises(MatchingError):
        request_withdraw(request=active.request, actor=cast[role])
    with pytest.raises(MatchingError):
        request_ask_different(request=active.request, actor=cast[role])
    active.request.refresh_from_db()
    assert active.request.status == RequestStatus.ACTIVE


@pytest.mark.parametrize("role", ["employee", "supporter", "counselor"])
def test_only_a_coordinator_declines_a_request(cast, role):
    waiting = make_request(requester=cast["other_employee"])
    with pytest.raises(MatchingError):
        request_decline(request=waiting, actor=cast[role], reason="Not for this program")
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WAITING


def test_the_supporter_and_the_requester_still_make_their_changes(cast, active):
    match_pause(match=active, actor=cast["supporter"], pause=True)
    request_withdraw(request=active.request, actor=cast["employee"])
    active.refresh_from_db()
    assert active.status == MatchStatus.CLOSED
