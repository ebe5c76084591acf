"""One world of records for the security tests: every URL of the product has an object of
the fixed cast to point at (STYLE.md, the cast is in tests/conftest.py)."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from matching.models import Match, SupportRequest
from peersupport.models import AccountToken, AccountTokenPurpose, User
from programs.models import Enrollment, Program
from referrals.models import Referral, Service, Trigger
from referrals.services import Consent, counselor_note_add
from sessions.models import SessionLog
from sessions.services import Escalation, session_log_create
from tests.conftest import CAST, cast_member
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory
from tests.referrals.factories import make_service
from tests.sessions.test_services import session_data

# Free text that only some roles may read (DESIGN.md, "Minimum necessary access").
SESSION_NOTE = "SECRET-SESSION-NOTE"
SUMMARY = "SECRET-REFERRAL-SUMMARY"
COUNSELOR_NOTE = "SECRET-COUNSELOR-NOTE"
DESCRIPTION = "SECRET-REQUEST-DESCRIPTION"

INVITATION_TOKEN = "an-invitation-token-for-the-newcomer"
ACTIVATION_TOKEN = "an-activation-token-for-the-sign-up"


@dataclass
class World:
    """The records of the cast: `supporter` supports `employee` in a return-to-work
    program, logged a session that raised a referral to `counselor`'s service;
    `employee` also waits in a coordinator-matched program and in one where they choose,
    and has an earlier match, closed. `other_*` have nothing to do with any of it."""

    program: Program
    rtw_program: Program
    choice_program: Program
    match: Match
    proposed: Match
    closed: Match
    enrollment: Enrollment
    log: SessionLog
    referral: Referral
    service: Service
    waiting: SupportRequest
    choosing: SupportRequest
    newcomer: User
    reset_uid: str
    reset_token: str


def _account_token(user: User, token: str, purpose: str) -> None:
    AccountToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=2),
    )


def build_world(cast: dict[str, User]) -> World:
    supporter, employee = cast["supporter"], cast["employee"]
    service = make_service([cast["counselor"]])
    make_service([cast["other_counselor"]], name="EAP", kind="eap")
    make_supporter(supporter)
    make_supporter(cast["other_supporter"])

    program = ProgramFactory(name_en="Peer support")
    rtw_program = ProgramFactory(kind="return_to_work", name_en="Return to work")
    choice_program = ProgramFactory(name_en="Mentoring", match_mode="employee_choice")

    request = make_request(
        requester=employee, program=rtw_program, status="active", description=DESCRIPTION
    )
    enrollment = Enrollment.objects.create(
        person=employee,
        program=rtw_program,
        role="participant",
        started_on=timezone.localdate() - timedelta(days=30),
        consent_given_at=timezone.now(),
        consent_text_version="2026-1",
    )
    match = make_match(request, supporter, status="active")
    Match.objects.filter(pk=match.pk).update(
        enrollment=enrollment, accepted_at=timezone.now() - timedelta(days=30)
    )
    match.refresh_from_db()

    log = session_log_create(
        match=match,
        author=supporter,
        data=session_data(triggers=[Trigger.DISCLOSED_RISK], notes=SESSION_NOTE),
        escalation=Escalation(Trigger.DISCLOSED_RISK, SUMMARY, Consent(True)),
    )
    counselor_note_add(referral=log.referral, author=cast["counselor"], text=COUNSELOR_NOTE)
    assert log.referral.service == service

    waiting = make_request(requester=employee, program=program)
    choosing = make_request(requester=employee, program=choice_program)
    # Somebody else's request, offered to `supporter`: theirs to accept or decline.
    proposed = make_match(make_request(program=program), supporter)
    # An earlier match of `employee`, closed and waiting for their feedback.
    closed = make_match(
        make_request(requester=employee, program=ProgramFactory(), status="closed"),
        supporter,
        status="closed",
    )

    newcomer = UserFactory(username="t-newcomer", full_name="Nia Newcomer", roles=["employee"])
    _account_token(newcomer, INVITATION_TOKEN, AccountTokenPurpose.INVITATION)
    pending = UserFactory(username="t-pending", is_active=False, awaiting_confirmation=True)
    _account_token(pending, ACTIVATION_TOKEN, AccountTokenPurpose.ACTIVATION)

    return World(
        program=program,
        rtw_program=rtw_program,
        choice_program=choice_program,
        match=match,
        proposed=proposed,
        closed=closed,
        enrollment=enrollment,
        log=log,
        referral=log.referral,
        service=service,
        waiting=waiting,
        choosing=choosing,
        newcomer=newcomer,
        reset_uid=urlsafe_base64_encode(force_bytes(employee.pk)),
        reset_token=default_token_generator.make_token(employee),
    )


@pytest.fixture(scope="module")
def module_cast_and_world(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[dict[str, User], World]]:
    """The cast and its world built once for a whole module of read-mostly tests (the
    URL matrix runs 800 of them). They live in a transaction that is rolled back when the
    module ends; each test runs in a savepoint inside it (pytest-django's `db`), so what a
    test changes is rolled back before the next one, exactly as with `world`."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cast = {name: cast_member(name) for name in CAST}
            yield cast, build_world(cast)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def cast(module_cast_and_world: tuple[dict[str, User], World], db: None) -> dict[str, User]:
    """The cast of the security tests: the module's, shared by its tests."""
    return module_cast_and_world[0]


@pytest.fixture
def world(module_cast_and_world: tuple[dict[str, User], World], db: None) -> World:
    return module_cast_and_world[1]
