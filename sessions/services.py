"""Every change to session logs, supervision requests and review tasks."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match, MatchStatus
from peersupport.models import Notification, User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue, notification_queue_many
from programs.services import coordinators
from referrals.models import ReferralSource, Trigger
from referrals.routing import REFERRAL_TRIGGERS
from referrals.services import Consent, NoServiceError, ReferralError, referral_raise
from sessions.access import may_change_log, may_log_session
from sessions.models import (
    ReviewReason,
    ReviewTask,
    SessionAddendum,
    SessionLog,
    SessionLogRevision,
    SupervisionRequest,
    SupervisionStatus,
)
from sessions.selectors import with_session_figures

# Fields a correction may change; `notes` is kept out of the revision's values.
EDITABLE_FIELDS = (
    "occurred_at",
    "minutes",
    "mode",
    "topics",
    "notes",
    "mood",
    "signposting",
    "next_follow_up",
)


class SessionLogError(Exception):
    """A change that cannot be made; the message says why, in the user's language."""


class DuplicateSessionLog(SessionLogError):
    """The same session was just logged (a second click, a resent page)."""


# A log of the same match, author and time within this window is the same log sent twice.
DUPLICATE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Escalation:
    """The referral part of a session log with a referral trigger."""

    trigger: str
    summary: str
    consent: Consent


def referral_trigger(triggers: list[str]) -> str | None:
    """The most serious referral trigger among a boundary check's answers."""
    for trigger in REFERRAL_TRIGGERS:  # ordered from imminent risk down
        if trigger in triggers:
            return trigger
    return None


def _check_time(match: Match, occurred_at: datetime) -> None:
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise SessionLogError(_("A session cannot be in the future."))
    began = match.accepted_at or match.proposed_at
    if began and occurred_at < began - timedelta(days=1):
        raise SessionLogError(_("A session cannot be before the match began."))


@transaction.atomic
def session_log_create(
    *,
    match: Match,
    author: User,
    data: dict[str, Any],
    escalation: Escalation | None = None,
    supervision_reason: str = "",
) -> SessionLog:
    """Log a session. A referral trigger needs `escalation`: the referral is raised in the
    same transaction, so the log and its referral exist together or not at all. The
    supporter's own distress opens a supervision request."""
    if not may_log_session(author, match):
        raise SessionLogError(_("You can log sessions only for your own matches."))
    _check_time(match, data["occurred_at"])
    _refuse_duplicate(match, author, data["occurred_at"])
    log = SessionLog(match=match, author=author, **data)
    log.full_clean(exclude=["match", "author", "referral"])
    trigger = referral_trigger(log.triggers)
    if trigger and escalation is None:
        raise SessionLogError(_("This answer needs a referral: complete the referral part."))
    unrouted = _raise_referral(log, escalation, trigger=trigger) if trigger else ""
    log.save()
    audit_log(actor=author, action="session_log.created", target=log)
    if unrouted:
        _alert_unrouted(log, unrouted)
    if Trigger.SUPPORTER_DISTRESS in log.triggers or unrouted:
        supervision_request(
            supporter=author, urgent=True, reason=supervision_reason, session_log=log
        )
    _review_if_due(match)
    return log


def _refuse_duplicate(match: Match, author: User, occurred_at: datetime) -> None:
    # The match row is locked, so two copies of the same post are saved one after the
    # other, and the second sees the first.
    Match.objects.select_for_update().filter(pk=match.pk).first()
    if SessionLog.objects.filter(
        match=match,
        author=author,
        occurred_at=occurred_at,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).exists():
        raise DuplicateSessionLog(_("This session is saved already."))


def _raise_referral(log: SessionLog, escalation: Escalation, *, trigger: str) -> str:
    """Raise the log's referral (set on `log`); returns the trigger when no service in the
    directory takes it, "" otherwise."""
    match = log.match
    try:
        log.referral = referral_raise(
            participant=match.request.requester,
            raised_by=log.author,
            source=ReferralSource.SESSION,
            trigger=escalation.trigger if escalation.trigger in log.triggers else trigger,
            summary=escalation.summary,
            consent=escalation.consent,
            program=match.request.program,
            match=match,
            support_request=match.request,
        )
    except NoServiceError:
        # The directory has no service for this case: the log is kept and the
        # coordinators are alerted at once to route it by hand.
        return trigger
    except ReferralError as error:
        raise SessionLogError(str(error)) from error
    return ""


def _alert_unrouted(log: SessionLog, trigger: str) -> None:
    people = coordinators()
    notification_queue_many(
        recipients=people,
        kind="referral_unrouted",
        contexts=[{"trigger": trigger} for _ in people],
    )
    audit_log(
        actor=log.author,
        action="session_log.referral_unrouted",
        target=log,
        changes={"trigger": trigger},
    )


def _review_if_due(match: Match) -> None:
    count = match.session_logs.count()
    if count == match.request.program.review_after_sessions:
        _review_task_open(match, reason=ReviewReason.SESSION_COUNT)
    moods = list(
        match.session_logs.exclude(mood=None)
        .order_by("-occurred_at", "-id")
        .values_list("mood", flat=True)[:4]
    )
    # Three falls in a row: each of the last three sessions lower than the one before.
    if len(moods) == 4 and moods[0] < moods[1] < moods[2] < moods[3]:
        _review_task_open(match, reason=ReviewReason.MOOD_FALLING)


def _review_task_open(match: Match, *, reason: str) -> None:
    if ReviewTask.objects.filter(match=match, reason=reason, done_at=None).exists():
        return
    task = ReviewTask.objects.create(match=match, reason=reason)
    audit_log(actor=None, action="review_task.opened", target=task, changes={"reason": reason})
    people = coordinators()
    notification_queue_many(
        recipients=people, kind="review_task", contexts=[{"reason": reason} for _ in people]
    )


def can_correct(log: SessionLog, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return now < log.created_at + timedelta(hours=settings.SESSION_LOG_EDIT_HOURS)


@transaction.atomic
def session_log_correct(*, log: SessionLog, author: User, data: dict[str, Any]) -> list[str]:
    """The author corrects a log within the edit window; each change is kept (who, when,
    what: old and new values, except the notes' text). Returns the changed fields."""
    if not may_change_log(author, log):
        raise SessionLogError(_("Only the author can correct a session log."))
    locked = SessionLog.objects.select_for_update().get(pk=log.pk)
    if not can_correct(locked):
        raise SessionLogError(_("This log can no longer be corrected. Add an addendum instead."))
    if "occurred_at" in data:
        _check_time(log.match, data["occurred_at"])
    changes: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        if field not in data or getattr(locked, field) == data[field]:
            continue
        old, new = getattr(locked, field), data[field]
        changes[field] = (
            {"changed": True}
            if field == "notes"
            else {"from": _jsonable(old), "to": _jsonable(new)}
        )
        setattr(locked, field, new)
    if not changes:
        return []
    locked.full_clean(exclude=["match", "author", "referral"])
    locked.save()
    SessionLogRevision.objects.create(session_log=locked, by=author, changes=changes)
    audit_log(
        actor=author,
        action="session_log.corrected",
        target=locked,
        changes={"fields": list(changes)},
    )
    for field in changes:
        setattr(log, field, getattr(locked, field))
    return list(changes)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@transaction.atomic
def session_addendum_add(*, log: SessionLog, author: User, text: str) -> SessionAddendum:
    if not may_change_log(author, log):
        raise SessionLogError(_("Only the author can add to a session log."))
    text = text.strip()
    if not text:
        raise SessionLogError(_("Write the addendum first."))
    if len(text) > 3000:
        raise SessionLogError(_("Please keep it under %(limit)d characters.") % {"limit": 3000})
    addendum = SessionAddendum.objects.create(session_log=log, author=author, text=text)
    audit_log(actor=author, action="session_log.addendum_added", target=log)
    return addendum


@transaction.atomic
def supervision_request(
    *,
    supporter: User,
    urgent: bool,
    reason: str = "",
    session_log: SessionLog | None = None,
) -> SupervisionRequest:
    """A supporter asks for a debrief; coordinators are told."""
    reason = reason.strip()
    if len(reason) > 500:
        raise SessionLogError(_("Please keep it under %(limit)d characters.") % {"limit": 500})
    asked = SupervisionRequest.objects.create(
        supporter=supporter, urgent=urgent, reason=reason, session_log=session_log
    )
    audit_log(actor=supporter, action="supervision.requested", target=asked)
    people = coordinators()
    notification_queue_many(
        recipients=people,
        kind="supervision_requested",
        contexts=[{"urgent": urgent} for _ in people],
    )
    return asked


@transaction.atomic
def supervision_hold(
    *, supervision: SupervisionRequest, actor: User, held_on: date, note: str = ""
) -> None:
    """A coordinator records the debrief as held, with a note the supporter can read."""
    if held_on > timezone.localdate():
        raise SessionLogError(_("A debrief cannot be held in the future."))
    claimed = SupervisionRequest.objects.filter(
        pk=supervision.pk, status=SupervisionStatus.REQUESTED
    ).update(status=SupervisionStatus.HELD, held_on=held_on, held_by=actor)
    if not claimed:
        raise SessionLogError(_("This debrief is recorded as held already."))
    supervision.status, supervision.held_on, supervision.held_by = (
        SupervisionStatus.HELD,
        held_on,
        actor,
    )
    supervision.note = note.strip()
    supervision.save(update_fields=["note"])
    audit_log(actor=actor, action="supervision.held", target=supervision)
    notification_queue(recipient=supervision.supporter, kind="supervision_held", context={})


@transaction.atomic
def review_task_done(*, task: ReviewTask, actor: User) -> bool:
    done = ReviewTask.objects.filter(pk=task.pk, done_at=None).update(
        done_at=timezone.now(), done_by=actor
    )
    if done:
        audit_log(actor=actor, action="review_task.done", target=task)
    return bool(done)


# The weekly reminder goes once in this span, however many times the beat sends it.
SESSION_REMINDER_SPAN = timedelta(days=6)


def supporters_with_sessions_to_log(*, today: date | None = None) -> list[User]:
    """Supporters with an active match that has had no session for a week, or whose
    follow-up date has passed without a session since."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - timedelta(days=7)
    matches = with_session_figures(
        Match.objects.filter(status=MatchStatus.ACTIVE, supporter__is_active=True)
    ).filter(
        Q(last_session_at=None) | Q(last_session_at__lt=week_ago) | Q(next_follow_up__lt=today)
    )
    return list(User.objects.filter(pk__in=matches.values("supporter_id")))


@transaction.atomic
def session_reminders(*, today: date | None = None) -> int:
    """The weekly nudge: one message per supporter with sessions to log, once a week
    however often it runs (two beats, a restart overlap). The supporters are locked in
    id order before the check of who was told, so a run that waited for another's locks
    sees that run's messages."""
    people = supporters_with_sessions_to_log(today=today)
    to_lock = User.objects.select_for_update().filter(pk__in=[person.pk for person in people])
    list(to_lock.order_by("pk").values_list("pk", flat=True))  # run for its locks
    told = set(
        Notification.objects.filter(
            kind="sessions_to_log",
            recipient__in=people,
            created_at__gte=timezone.now() - SESSION_REMINDER_SPAN,
        ).values_list("recipient_id", flat=True)
    )
    people = [person for person in people if person.pk not in told]
    notification_queue_many(
        recipients=people, kind="sessions_to_log", contexts=[{} for _ in people]
    )
    return len(people)
