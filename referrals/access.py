"""Who may see or act on a referral: the one answer for views, admin, services, e-mails
and the breach report.

Two kinds of counselor open a referral page (DESIGN.md, "Minimum necessary access"):
the counselors of the referral's service, who work the case, and, while an emergency is
open, every counselor on call now (they are the ones alerted at once). The on-call
counselor of another service reads what helps them reach the person, and may acknowledge
the emergency for the rota; the case's session notes and the service's own notes stay with
the service. Nobody opens a referral about themselves. Everyone else gets 404, so ids are
never confirmed.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from matching.models import Match, MatchStatus
from peersupport.models import User
from peersupport.roles import Role
from referrals.models import (
    OPEN_REFERRAL_STATUSES,
    OnCallShift,
    Referral,
    ReferralStatus,
    Service,
    Urgency,
)

# The matches whose supporter is told that a case from them was closed: peer support goes
# on in them.
MATCH_STATUSES_TOLD_OF_CLOSE = frozenset({MatchStatus.ACTIVE, MatchStatus.PAUSED})

ReferralAction = Literal[
    "view", "acknowledge", "accept", "start", "close", "decline", "note", "withdraw"
]

# The actions only a counselor of the referral's service may take.
SERVICE_ACTIONS = frozenset({"accept", "start", "close", "decline", "note"})


@dataclass(frozen=True)
class ReferralRights:
    """What one person may do with one referral."""

    # A counselor of the referral's service: works the case.
    own_service: bool = False
    # A counselor of another service, on call now, reading an open emergency.
    on_call: bool = False
    # The person who raised it, or the person it is about: its status only.
    raiser_or_participant: bool = False

    @property
    def may_view(self) -> bool:
        """The counselor's referral page (summary, consent, how to reach the person)."""
        return self.own_service or self.on_call

    @property
    def may_act(self) -> bool:
        """Accept, decline, start, close, write notes: the service's own work."""
        return self.own_service

    @property
    def may_acknowledge(self) -> bool:
        # An on-call counselor acknowledges for the rota so the escalation stops.
        return self.own_service or self.on_call

    @property
    def sees_session_notes(self) -> bool:
        return self.own_service

    @property
    def sees_counselor_notes(self) -> bool:
        return self.own_service

    @property
    def may_withdraw(self) -> bool:
        return self.raiser_or_participant

    def allows(self, action: ReferralAction) -> bool:
        if action == "view":
            return self.may_view
        if action == "acknowledge":
            return self.may_acknowledge
        if action == "withdraw":
            return self.may_withdraw
        return action in SERVICE_ACTIONS and self.may_act


def is_counselor_of(user: User, service: Service) -> bool:
    return user.has_role(Role.COUNSELOR) and service.counselors.filter(pk=user.pk).exists()


def _on_call_now(user: User, at: datetime) -> bool:
    return OnCallShift.objects.filter(counselor=user, starts_at__lte=at, ends_at__gt=at).exists()


def _is_alerted_emergency(referral: Referral) -> bool:
    return referral.urgency == Urgency.EMERGENCY and referral.status in OPEN_REFERRAL_STATUSES


def referral_rights(
    user: User, referral: Referral, *, at: datetime | None = None
) -> ReferralRights:
    """The rights of `user` on a referral already in hand (services re-check with this)."""
    if not user.is_authenticated:
        return ReferralRights()
    about_them = referral.participant_id == user.pk
    own_service = not about_them and is_counselor_of(user, referral.service)
    on_call = (
        not about_them
        and not own_service
        and _is_alerted_emergency(referral)
        and user.has_role(Role.COUNSELOR)
        and _on_call_now(user, at or timezone.now())
    )
    return ReferralRights(
        own_service=own_service,
        on_call=on_call,
        raiser_or_participant=user.pk in (referral.raised_by_id, referral.participant_id),
    )


def counselor_referrals(user: User, *, at: datetime | None = None) -> QuerySet[Referral]:
    """The referrals a counselor may open: those to a service they counsel for and, while
    they are on call, every open emergency. Never one about themselves."""
    if not user.has_role(Role.COUNSELOR):
        return Referral.objects.none()
    at = at or timezone.now()
    on_call = OnCallShift.objects.filter(counselor=user, starts_at__lte=at, ends_at__gt=at)
    own = Service.objects.filter(pk=OuterRef("service_id"), counselors=user)
    return Referral.objects.filter(
        Q(Exists(own))
        | Q(urgency=Urgency.EMERGENCY, status__in=OPEN_REFERRAL_STATUSES) & Q(Exists(on_call))
    ).exclude(participant=user)


def referrals_with_session_notes_for(user: User) -> QuerySet[Referral]:
    """The referrals whose page shows this counselor the case's session notes: those to a
    service they counsel for (never one about themselves)."""
    own = Service.objects.filter(pk=OuterRef("service_id"), counselors=user)
    return counselor_referrals(user).filter(Exists(own))


def counselor_queue_visible_to(user: User) -> QuerySet[Referral]:
    """The open referrals on a counselor's queue (ordering is the selector's business)."""
    return counselor_referrals(user).filter(status__in=OPEN_REFERRAL_STATUSES)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals whose status this person may see: those they raised or that are about them."""
    return Referral.objects.filter(Q(raised_by=user) | Q(participant=user))


def referrals_on_match_page(user: User, match: Match) -> QuerySet[Referral]:
    """The referrals of a match whose status its supporter sees on the match's page: those
    they raised, and every one closed (the professional has finished, peer support can go
    on). Of a closed one the page says only that it closed and when: never its outcome,
    summary or the counselors' notes. Nothing for anyone but the match's supporter."""
    if not user.has_role(Role.SUPPORTER) or match.supporter_id != user.pk:
        return Referral.objects.none()
    return Referral.objects.filter(match=match).filter(
        Q(raised_by=user) | Q(status=ReferralStatus.CLOSED)
    )


def supporter_told_of_close(referral: Referral) -> User | None:
    """The peer supporter to tell that the professional has closed a case that came from
    their match: the match's current supporter, while the match goes on, when active and
    not the person the case is about. Told that it closed, nothing more."""
    match = referral.match
    if match is None or match.status not in MATCH_STATUSES_TOLD_OF_CLOSE:
        return None
    supporter = match.supporter
    if not supporter.is_active or not supporter.has_role(Role.SUPPORTER):
        return None
    if supporter.pk == referral.participant_id:
        return None
    return supporter


def referrals_about(user: User) -> QuerySet[Referral]:
    """The referrals about this person (their /my/ page shows the status of each)."""
    return Referral.objects.filter(participant=user)


def referral_for(
    user: User, uuid: UUID | str, *, action: ReferralAction
) -> tuple[Referral, ReferralRights]:
    """One referral and the reader's rights on it, when `action` is theirs to take.

    Anyone who may not take the action gets 404: an outsider learns nothing about the id,
    and an on-call reader is not told more than the page already shows them.
    """
    # Withdrawing is the raiser's and the participant's; the page and its steps are the
    # counselors'.
    candidates = referrals_visible_to(user) if action == "withdraw" else counselor_referrals(user)
    referral = (
        candidates.select_related(
            "participant", "service", "counselor", "program", "raised_by", "match"
        )
        .filter(uuid=uuid)
        .first()
    )
    if referral is None:
        raise Http404
    rights = referral_rights(user, referral)
    if not rights.allows(action):
        raise Http404
    return referral, rights


def referral_for_coordinator(user: User, pk: int) -> Referral:
    """A referral for the coordinator's admin pages (reassign, re-route). Like the rest of
    the admin, a staff member without the permission gets 403; an unknown id is 404."""
    if not user.has_perm("referrals.change_referral"):
        raise PermissionDenied
    referral = Referral.objects.select_related("service").filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def may_raise_referral_for(user: User, person: User) -> bool:
    """A coordinator may hand any active person of the company to a professional
    (DESIGN.md: "from a coordinator"), never themselves."""
    return (
        user.has_role(Role.COORDINATOR)
        and person.is_active
        and person.left_at is None
        and person.pk != user.pk
    )


def person_to_refer_for(
    user: User, person_id: int, *, match_uuid: str | None = None
) -> tuple[User, Match | None]:
    """The person a coordinator raises a referral for, and the match it comes from (a
    review task's, a supervision request's) when one is named. Anyone but a coordinator,
    an unknown or inactive person, or a match not of that person: 404."""
    if not user.has_role(Role.COORDINATOR):
        raise Http404
    person = User.objects.filter(pk=person_id).first()
    if person is None or not may_raise_referral_for(user, person):
        raise Http404
    if not match_uuid:
        return person, None
    try:
        match = (
            Match.objects.select_related("request__program")
            .filter(uuid=match_uuid, request__requester=person)
            .first()
        )
    except ValidationError:
        match = None
    if match is None:
        raise Http404
    return person, match


def referral_link_for(person: User, referral: Referral) -> str:
    """The page an alert about `referral` sends `person` to: one they may open.

    Never its content, only where to open it: the counselor's page for those who may read
    it there, the administration's page for coordinators, otherwise the home page.
    """
    if referral_rights(person, referral).may_view:
        return f"/referrals/{referral.uuid}/"
    if person.has_role(Role.COORDINATOR):
        return f"/admin/referrals/referral/{referral.pk}/change/"
    return "/"


def confidential_people_readable_by(user: User) -> dict[int, str]:
    """The people (other than `user`) whose referral summaries this person can open now,
    each with the reason: their service's cases (with its counselor notes), and the open
    emergencies while they are on call (without notes)."""
    people: dict[int, str] = {}
    own = referrals_with_session_notes_for(user)
    for person_id in own.values_list("participant_id", flat=True):
        people.setdefault(person_id, "referrals to their service, with their notes")
    for person_id in counselor_referrals(user).values_list("participant_id", flat=True):
        people.setdefault(person_id, "open emergencies while on call (summary, no notes)")
    people.pop(user.pk, None)
    return people
