"""Anonymising cases: after the retention period (a beat task), and when a person's
erasure is completed. It lives in the sessions app because a case spans every app
below it: the request and its matches, their session logs, and the referrals. For the
same reason retention needs no seam between the apps: the nightly task is local to this
app. An erasure is the core's, so `person_cases_anonymise` is registered as an erasure
handler (peersupport.seams) by SessionLogsConfig.ready().

Anonymising removes the free text (request descriptions, feedback, session notes and
addenda, referral summaries and counselor notes) and, after retention, moves the case
to one placeholder person, so it no longer tells whose it was. Dates, lengths, modes,
topics, triggers, urgencies and outcomes stay: the dashboard's figures need them.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from matching.models import Match, RequestStatus, SupportRequest
from peersupport.models import User
from peersupport.services.audit import audit_log
from programs.models import Enrollment, EnrollmentStatus, WellbeingCheckIn
from programs.services import add_months
from referrals.models import CounselorNote, Referral, ReferralEvent, ReferralStatus
from sessions.models import SessionAddendum, SessionLog, SupervisionRequest

CLOSED_REQUESTS = [RequestStatus.CLOSED, RequestStatus.WITHDRAWN, RequestStatus.DECLINED]
CLOSED_REFERRALS = [ReferralStatus.CLOSED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN]
PLACEHOLDER_USERNAME = "anonymised"
ANONYMISED_REASON = "[anonymised]"
BATCH = 1000


@dataclass
class AnonymisedCounts:
    requests: int = 0
    matches: int = 0
    session_logs: int = 0
    referrals: int = 0


def placeholder_person() -> User:
    """The one inactive person that anonymised cases belong to."""
    person, created = User.objects.get_or_create(
        username=PLACEHOLDER_USERNAME,
        defaults={
            "full_name": "Anonymised",
            "email": "anonymised@anonymised.invalid",
            "is_active": False,
        },
    )
    if created:
        person.set_unusable_password()
        person.save(update_fields=["password"])
    return person


def _anonymise(
    request_ids: list[int], referrals: QuerySet[Referral], owner: User | None
) -> AnonymisedCounts:
    counts = AnonymisedCounts()
    matches = Match.objects.filter(request_id__in=request_ids)
    counts.session_logs = (
        SessionLog.objects.filter(match__in=matches).exclude(notes="").update(notes="")
    )
    SessionAddendum.objects.filter(session_log__match__in=matches).update(text="")
    counts.matches = matches.update(feedback_text="")
    case_referrals = Referral.objects.filter(
        Q(pk__in=referrals.values("pk"))
        | Q(support_request_id__in=request_ids)
        | Q(match__request_id__in=request_ids)
    )
    CounselorNote.objects.filter(referral__in=case_referrals).update(text="")
    changes: dict[str, object] = {"summary": "", "outcome_note": ""}
    if owner is not None:
        changes["participant"] = owner
    counts.referrals = case_referrals.filter(consent_given=True).update(
        no_consent_reason="", **changes
    )
    counts.referrals += case_referrals.filter(consent_given=False).update(
        no_consent_reason=ANONYMISED_REASON, **changes
    )
    requests = SupportRequest.objects.filter(pk__in=request_ids)
    if owner is not None:
        enrollments = Enrollment.objects.filter(matches__in=matches).exclude(
            status=EnrollmentStatus.ACTIVE
        )
        WellbeingCheckIn.objects.filter(enrollment__in=enrollments).update(person=owner)
        enrollments.update(person=owner)
        counts.requests = requests.update(description="", close_reason="", requester=owner)
    else:
        counts.requests = requests.update(description="", close_reason="")
    return counts


@transaction.atomic
def cases_anonymise_after_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Anonymise cases closed more than RETENTION_MONTHS ago. Returns what it did."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    cutoff = local.replace(
        **{
            field: getattr(add_months(local.date(), -settings.RETENTION_MONTHS), field)
            for field in ("year", "month", "day")
        }
    )
    owner = placeholder_person()
    total = AnonymisedCounts()
    # A case is old only when everything in it is closed: a request closed long ago
    # whose referral is still open keeps its text until that referral closes too.
    open_referrals = Referral.objects.exclude(status__in=CLOSED_REFERRALS)
    old_requests = (
        SupportRequest.objects.filter(status__in=CLOSED_REQUESTS, closed_at__lt=cutoff)
        .exclude(requester=owner)
        .exclude(
            pk__in=open_referrals.filter(support_request__isnull=False).values("support_request")
        )
        .exclude(pk__in=open_referrals.filter(match__isnull=False).values("match__request"))
    )
    old_referrals = Referral.objects.filter(
        status__in=CLOSED_REFERRALS, closed_at__lt=cutoff
    ).exclude(participant=owner)
    while True:
        ids = list(old_requests.values_list("pk", flat=True)[:BATCH])
        batch_referrals = (
            old_referrals.filter(pk__in=list(old_referrals.values_list("pk", flat=True)[:BATCH]))
            if not ids
            else Referral.objects.none()
        )
        if not ids and not batch_referrals.exists():
            break
        done = _anonymise(ids, batch_referrals, owner)
        for field, value in asdict(done).items():
            setattr(total, field, getattr(total, field) + value)
    report = asdict(total)
    audit_log(actor=None, action="retention.anonymised", changes=report)
    return report


def person_cases_anonymise(*, user: User) -> None:
    """Erasure: the free text of every case about this person goes (their own row is
    anonymised by the core afterwards, so the cases stay theirs without a name)."""
    request_ids = list(SupportRequest.objects.filter(requester=user).values_list("pk", flat=True))
    _anonymise(request_ids, Referral.objects.filter(participant=user), None)
    # As a supporter: their own debriefs; as anyone: their name on referral timelines.
    SupervisionRequest.objects.filter(supporter=user).update(reason="", note="")
    ReferralEvent.objects.filter(actor=user).update(actor_repr=f"Erased person #{user.pk}")


def personal_data(*, user: User) -> dict[str, list[dict[str, object]]]:
    """Sessions of the person's own matches (dates, never notes: those are the
    supporter's), and, for a supporter, their supervision."""
    return {
        "sessions": list(
            SessionLog.objects.filter(match__request__requester=user).values(
                "occurred_at", "minutes", "mode"
            )
        ),
        "supervision": list(
            SupervisionRequest.objects.filter(supporter=user).values(
                "created_at", "urgent", "reason", "status", "held_on", "note"
            )
        ),
    }
