"""Who may see or act on session logs and the matches they belong to.

DESIGN.md's access table: session notes are read by the supporter of the match (and the
log's author), and by the counselors of a service a case was referred to, on the referral
page (referrals/access.py decides who sees them there); never by the coordinator, the
employee, or an on-call counselor of another service. Everyone else gets 404.
"""

from typing import Literal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from matching.access import matches_supported_by
from matching.models import Match, MatchStatus
from peersupport.models import User
from referrals.access import referrals_with_session_notes_for
from sessions.models import SessionLog

# The supporter's matches with a session history: open ones and those closed.
SUPPORTER_MATCH_STATUSES = [MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.CLOSED]

# "open", "correct", "addendum": the log's own page, for its author. "read_notes": anywhere
# its notes are shown (the log page, the match's history, a referral page).
SessionLogAction = Literal["open", "correct", "addendum", "read_notes"]
CaseAction = Literal["history", "log"]


def case_matches_of(user: User) -> QuerySet[Match]:
    """The supporter's matches with a session history (none without the role)."""
    return matches_supported_by(user).filter(status__in=SUPPORTER_MATCH_STATUSES)


def case_match_for(user: User, uuid: UUID | str, *, action: CaseAction) -> Match:
    """One of the supporter's own matches, to read its history or log a session; anyone
    else's is 404 so ids are not confirmed."""
    match = (
        case_matches_of(user)
        .select_related("request__requester", "request__program")
        .filter(uuid=uuid)
        .first()
    )
    if match is None:
        raise Http404
    return match


def may_log_session(user: User, match: Match) -> bool:
    """The supporter of a match logs its sessions, while it is open and after it closed."""
    return match.supporter_id == user.pk and match.status in SUPPORTER_MATCH_STATUSES


def may_change_log(user: User, log: SessionLog) -> bool:
    """A log is corrected and added to by its author only."""
    return log.author_id == user.pk


def session_logs_readable_by(user: User) -> QuerySet[SessionLog]:
    """The logs whose notes this person may read: those they wrote, those of their matches,
    and those of a case referred to their service."""
    referred = referrals_with_session_notes_for(user).exclude(match=None).values("match_id")
    return SessionLog.objects.filter(
        Q(author=user) | Q(match__in=case_matches_of(user)) | Q(match_id__in=referred)
    )


def session_log_for(user: User, uuid: UUID | str, *, action: SessionLogAction) -> SessionLog:
    """A log with its notes, when `action` is this person's to take; otherwise 404."""
    if action == "read_notes":
        candidates = session_logs_readable_by(user)
    else:
        # The log's page and its corrections are its author's (the counselor reads a
        # referred case's logs on the referral page).
        candidates = SessionLog.objects.filter(author=user)
    log = (
        candidates.select_related(
            "match__request__requester", "match__request__program", "referral"
        )
        .filter(uuid=uuid)
        .first()
    )
    if log is None:
        raise Http404
    return log


def confidential_people_readable_by(user: User) -> dict[int, str]:
    """The people (other than `user`) whose session notes this person can open now, each
    with the reason."""
    people: dict[int, str] = {}
    readable = session_logs_readable_by(user)
    own = readable.filter(Q(author=user) | Q(match__supporter=user))
    for person_id in own.values_list("match__request__requester_id", flat=True):
        people.setdefault(person_id, "session notes of their matches")
    for person_id in readable.values_list("match__request__requester_id", flat=True):
        people.setdefault(person_id, "session notes of cases referred to their service")
    people.pop(user.pk, None)
    return people
