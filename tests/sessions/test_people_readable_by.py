"""Issue 13: the breach report answers from the access modules. Over a generated cast of
every role, the people `people_readable_by` lists for an account are exactly those whose
confidential records (session notes, request descriptions, referral summaries, counselor
notes) the access functions let that account open."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from matching.access import support_request_for
from matching.models import SupportRequest
from peersupport.models import User
from referrals.access import referral_for
from referrals.models import Referral, ReferralStatus, Trigger
from referrals.services import counselor_note_add
from sessions.access import session_log_for
from sessions.models import SessionLog
from sessions.services import session_log_create
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.referrals.factories import make_active_match, make_referral, make_service
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db

ROLES = {
    "employee": ["employee"],
    "other_employee": ["employee"],
    "supporter": ["supporter", "employee"],
    "other_supporter": ["supporter", "employee"],
    "counselor_a": ["counselor"],
    "counselor_b_on_call": ["counselor"],
    "counselor_b_off": ["counselor"],
    "coordinator": ["coordinator"],
    "supporter_and_employee": ["supporter", "employee"],
}


def _log(match, notes: str) -> SessionLog:
    return session_log_create(match=match, author=match.supporter, data=session_data(notes=notes))


@pytest.fixture
def world() -> dict[str, User]:
    """Every role, with requests, matches (proposed, active, closed), session logs and
    referrals (routine and emergency, open and closed) between them."""
    cast = {
        name: UserFactory(username=name, full_name=f"Person {name}", roles=roles)
        for name, roles in ROLES.items()
    }
    for name in ("supporter", "other_supporter", "supporter_and_employee"):
        make_supporter(cast[name])
    service_a = make_service([cast["counselor_a"]])
    service_b = make_service(
        [cast["counselor_b_on_call"], cast["counselor_b_off"]], name="EAP", kind="eap"
    )
    now = timezone.now()
    service_b.shifts.create(
        counselor=cast["counselor_b_on_call"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    # Active matches with session notes; the person who is both supports and is supported.
    m1 = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    m2 = make_active_match(supporter=cast["other_supporter"], requester=cast["other_employee"])
    m3 = make_active_match(
        supporter=cast["supporter_and_employee"], requester=cast["other_employee"]
    )
    m4 = make_active_match(supporter=cast["supporter"], requester=cast["supporter_and_employee"])
    closed = make_active_match(supporter=cast["other_supporter"], requester=cast["employee"])
    for match in (m1, m2, m3, m4, closed):
        _log(match, f"notes of {match.pk}")
    closed.status = "closed"
    closed.save(update_fields=["status"])
    # A proposal not answered yet, a declined one, and a request nobody matched.
    make_match(make_request(requester=cast["employee"]), cast["other_supporter"])
    make_match(make_request(requester=cast["other_employee"]), cast["supporter"], "declined")
    make_request(requester=cast["supporter_and_employee"])

    routine = make_referral(service_a, trigger=Trigger.BEYOND_SCOPE, match=m1)
    counselor_note_add(referral=routine, author=cast["counselor_a"], text="A's note")
    make_referral(service_a, trigger=Trigger.IMMINENT_RISK, match=m2)  # open emergency
    about_both = make_referral(service_b, trigger=Trigger.IMMINENT_RISK, match=m4)
    counselor_note_add(referral=about_both, author=cast["counselor_b_off"], text="B's note")
    Referral.objects.filter(pk=about_both.pk).update(status=ReferralStatus.CLOSED)
    closed_emergency = make_referral(service_a, trigger=Trigger.IMMINENT_RISK, match=m3)
    Referral.objects.filter(pk=closed_emergency.pk).update(status=ReferralStatus.WITHDRAWN)
    make_referral(service_a, trigger=Trigger.DISCLOSED_RISK, participant=cast["counselor_b_off"])
    return cast


def _opens(user: User, fetch) -> bool:
    try:
        fetch()
    except Http404:
        return False
    return True


def _by_trying_every_record(user: User) -> set[str]:
    """Whose confidential records the access functions let `user` open, one by one."""
    people: set[User] = set()
    for log in SessionLog.objects.select_related("match__request__requester"):
        if _opens(user, lambda log=log: session_log_for(user, log.uuid, action="read_notes")):
            people.add(log.match.request.requester)
    for request in SupportRequest.objects.select_related("requester"):
        if _opens(user, lambda r=request: support_request_for(user, r.uuid, action="read")):
            people.add(request.requester)
    for referral in Referral.objects.select_related("participant"):
        try:
            _found, rights = referral_for(user, referral.uuid, action="view")
        except Http404:
            continue
        people.add(referral.participant)  # the summary
        if rights.sees_counselor_notes and referral.notes.exists():
            people.add(referral.participant)
    return {person.full_name for person in people if person != user}


def _reported(user: User) -> set[str]:
    out = StringIO()
    call_command("people_readable_by", user.username, "--json", stdout=out)
    return {line["person"] for line in json.loads(out.getvalue())["could_read"]}


@pytest.mark.parametrize("name", list(ROLES))
def test_the_report_lists_exactly_whom_the_access_functions_let_them_read(world, name):
    user = world[name]
    assert _reported(user) == _by_trying_every_record(user)


def test_the_report_includes_the_on_call_reads_of_an_open_emergency(world):
    on_call = _reported(world["counselor_b_on_call"])
    off = _reported(world["counselor_b_off"])

    assert "Person other_employee" in on_call  # the open emergency to service A
    assert "Person other_employee" not in off
    assert "Person supporter_and_employee" in on_call and "Person supporter_and_employee" in off
    assert "Person employee" not in on_call  # a routine referral to service A


def test_nobody_reads_records_about_themselves_and_employees_read_nobody(world):
    assert _reported(world["employee"]) == set()
    assert "Person counselor_b_off" in _reported(world["counselor_a"])
    assert "Person counselor_b_off" not in _reported(world["counselor_b_off"])


def test_the_cast_reads_what_the_access_table_gives_each_role(world):
    names = {name: _reported(user) for name, user in world.items()}

    assert names["supporter"] == {"Person employee", "Person supporter_and_employee"}
    # The closed match's session notes and the proposal's request.
    assert names["other_supporter"] == {"Person other_employee", "Person employee"}
    assert names["supporter_and_employee"] == {"Person other_employee"}
    assert names["coordinator"] == {
        "Person employee",
        "Person other_employee",
        "Person supporter_and_employee",
    }
    # Their service's cases, closed or open, with the session notes of the matches.
    assert names["counselor_a"] == {
        "Person employee",
        "Person other_employee",
        "Person counselor_b_off",
    }
    assert names["other_employee"] == set()
