"""Session logs, their corrections and addenda, supervision and review tasks."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from peersupport.fields import EncryptedTextField
from peersupport.models import AuthoredNote
from peersupport.validators import ChoiceListValidator
from programs.choices import MeetingMode, Topic
from referrals.models import Referral, Trigger

# The boundary-check questions a supporter answers (the supporter's own distress opens a
# supervision request rather than a referral).
BOUNDARY_TRIGGERS = [
    Trigger.IMMINENT_RISK,
    Trigger.DISCLOSED_RISK,
    Trigger.BEYOND_SCOPE,
    Trigger.WORKPLACE_ADJUSTMENT,
    Trigger.SUPPORTER_DISTRESS,
]


class Signposting(models.TextChoices):
    EAP = "eap", _("The employee assistance program")
    COUNSELING = "counseling", _("The counseling team")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health / HR")
    LINE_MANAGER = "line_manager", _("Talking to their line manager")
    CRISIS_LINE = "crisis_line", _("A crisis line")
    SELF_HELP = "self_help", _("Self-help material")
    OTHER = "other", _("Other")


class SessionLog(models.Model):
    """What a supporter records after a conversation with the person they support."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.PROTECT, related_name="session_logs"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="session_logs",
    )
    occurred_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=MeetingMode.choices)
    topics = models.JSONField(
        _("topics"), default=list, blank=True, validators=[ChoiceListValidator(Topic.values)]
    )
    notes = EncryptedTextField(
        _("notes"),
        max_length=5000,
        blank=True,
        help_text=_("Confidential: read by you and, if the case is referred, the counselor."),
    )
    mood = models.PositiveSmallIntegerField(
        _("their mood (1 low, 5 good)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    signposting = models.JSONField(
        _("signposting given"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Signposting.values)],
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    triggers = models.JSONField(
        _("boundary check"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator([str(t) for t in BOUNDARY_TRIGGERS])],
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="session_logs",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("session log")
        verbose_name_plural = _("session logs")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=240),
                name="session_minutes_5_to_240",
            ),
        ]
        indexes = [
            models.Index(fields=["match", "-occurred_at"], name="session_match_time_idx"),
            # The dashboard reads a period's logs from these alone (index-only scans).
            models.Index(
                fields=["occurred_at", "match", "minutes", "mode", "topics"],
                name="session_activity_idx",
            ),
            models.Index(
                fields=["occurred_at", "match", "minutes", "triggers"],
                condition=~Q(triggers=[]),
                name="session_trigger_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} · {self.minutes} min"


class SessionLogRevision(models.Model):
    """One correction of a log: who, when and which fields changed.

    Values of metadata fields are kept; the notes' text never is (only that they changed),
    so no history table holds a copy of a confidential note.
    """

    session_log = models.ForeignKey(
        SessionLog,
        verbose_name=_("session log"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("what changed"), default=dict)

    class Meta:
        verbose_name = _("session log correction")
        verbose_name_plural = _("session log corrections")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {', '.join(self.changes)}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValidationError("A correction record cannot be changed.")
        super().save(*args, **kwargs)


class SessionAddendum(AuthoredNote):
    """Text added to a log once it can no longer be corrected."""

    session_log = models.ForeignKey(
        SessionLog, verbose_name=_("session log"), on_delete=models.CASCADE, related_name="addenda"
    )
    text = EncryptedTextField(_("addendum"), max_length=3000)

    class Meta(AuthoredNote.Meta):
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")


class SupervisionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    HELD = "held", _("Held")


class SupervisionRequest(models.Model):
    """A supporter asking for a debrief with the coordinator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="supervision_requests",
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    reason = models.CharField(_("what it is about (optional)"), max_length=500, blank=True)
    session_log = models.ForeignKey(
        SessionLog,
        verbose_name=_("session log"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_requests",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.REQUESTED,
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = EncryptedTextField(
        _("note"),
        max_length=3000,
        blank=True,
        help_text=_("Seen by this supporter and the coordinators only."),
    )

    class Meta:
        verbose_name = _("supervision request")
        verbose_name_plural = _("supervision requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.supporter} · {self.created_at:%Y-%m-%d}"


class ReviewReason(models.TextChoices):
    SESSION_COUNT = "session_count", _("The match reached the program's review point")
    MOOD_FALLING = "mood_falling", _("Mood fell three sessions in a row")


class ReviewTask(models.Model):
    """A match the coordinator should look at."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="review_tasks"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReviewReason.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["done_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "reason"],
                condition=Q(done_at__isnull=True),
                name="one_open_review_per_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.match}"
