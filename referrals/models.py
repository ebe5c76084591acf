"""The service directory, referrals to professionals and their timeline."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from matching.models import Match, SupportRequest
from peersupport.fields import BoundedTextField, EncryptedTextField
from peersupport.models import AuthoredNote, SpokenLanguage
from peersupport.validators import ChoiceListValidator
from programs.models import Bilingual, Program


class ServiceKind(models.TextChoices):
    INTERNAL_COUNSELING = "internal_counseling", _("Internal counseling team")
    EAP = "eap", _("Employee assistance program (EAP)")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health / HR")
    PUSKESMAS = "puskesmas", _("Puskesmas (community health centre)")
    HOSPITAL = "hospital", _("Hospital")
    NGO = "ngo", _("Non-profit organisation")
    HOTLINE = "hotline", _("Hotline")


EXTERNAL_KINDS = frozenset(
    {ServiceKind.PUSKESMAS, ServiceKind.HOSPITAL, ServiceKind.NGO, ServiceKind.HOTLINE}
)


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    PRIORITY = "priority", _("Priority")
    ROUTINE = "routine", _("Routine")


URGENCY_RANK = {Urgency.EMERGENCY: 0, Urgency.PRIORITY: 1, Urgency.ROUTINE: 2}


class Trigger(models.TextChoices):
    """The boundary-check answers of DESIGN.md, each with a fixed consequence."""

    IMMINENT_RISK = "imminent_risk", _("Imminent risk to life or safety")
    DISCLOSED_RISK = "disclosed_risk", _("Disclosed risk: self-harm thoughts, abuse, violence")
    BEYOND_SCOPE = "beyond_scope", _("Needs diagnosis, medication, therapy or other expert help")
    WORKPLACE_ADJUSTMENT = "workplace_adjustment", _("Needs workplace adjustments or a plan change")
    SUPPORTER_DISTRESS = "supporter_distress", _("The supporter is distressed or unsure")
    COORDINATOR = "coordinator", _("Raised by the coordinator")


class Service(Bilingual):
    """A professional service a case can be handed to: in-house or outside."""

    name = models.CharField(_("name"), max_length=160)
    organization = models.CharField(_("organisation"), max_length=160)
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    description_en = BoundedTextField(_("description (English)"), max_length=2000, blank=True)
    description_id = BoundedTextField(_("description (Indonesian)"), max_length=2000, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[ChoiceListValidator(SpokenLanguage.values)],
    )
    sites = models.JSONField(
        _("sites"), default=list, blank=True, help_text=_("Empty: every site.")
    )
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    urgencies = models.JSONField(
        _("urgencies it takes"),
        default=list,
        validators=[ChoiceListValidator(Urgency.values)],
    )
    counselors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counselors"),
        blank=True,
        related_name="services",
    )
    backup_counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("back-up counselor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backup_for_services",
        help_text=_("Told when a referral to this service is not acknowledged in time."),
    )
    active = models.BooleanField(_("active"), default=True)
    # The identifier of this service in an Open Referral (HSDS) file, kept across imports.
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind in EXTERNAL_KINDS


class OnCallShift(models.Model):
    """A counselor on call for a service from `starts_at` until `ends_at`."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="shifts"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counselor"),
        on_delete=models.CASCADE,
        related_name="on_call_shifts",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call rota")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_it_starts",
                violation_error_message=_("A shift must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="shift_time_idx")]

    def __str__(self) -> str:
        return f"{self.counselor} · {self.service} · {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if (
            self.counselor_id
            and self.service_id
            and not self.service.counselors.filter(pk=self.counselor_id).exists()
        ):
            raise ValidationError(
                {"counselor": _("Only a counselor of this service can be on call for it.")}
            )


class ReferralSource(models.TextChoices):
    SESSION = "session", _("A session log")
    REQUEST = "request", _("A support request")
    COORDINATOR = "coordinator", _("The coordinator")


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REFERRAL_STATUSES = [
    ReferralStatus.SUBMITTED,
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
]


class OutcomeReason(models.TextChoices):
    """Why a referral closed without success."""

    NOT_REACHED = "not_reached", _("The person could not be reached")
    DECLINED_BY_PARTICIPANT = "declined_by_participant", _("The person declined the help")
    NO_CAPACITY = "no_capacity", _("The service had no capacity")
    REFERRED_ONWARD = "referred_onward", _("Referred onward")
    OTHER = "other", _("Other")


class ReferralQuerySet(models.QuerySet):
    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN_REFERRAL_STATUSES)

    def overdue(self, now: object) -> "ReferralQuerySet":
        """Submitted and past the deadline to acknowledge."""
        return self.filter(status=ReferralStatus.SUBMITTED, acknowledge_by__lt=now)


class Referral(models.Model):
    """A case handed to a professional service."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    support_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    source = models.CharField(_("source"), max_length=20, choices=ReferralSource.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="raised_referrals",
    )
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    summary = EncryptedTextField(
        _("summary for the professional"),
        max_length=3000,
        help_text=_("Only what the professional needs to act: no more."),
    )
    consent_given = models.BooleanField(_("the person consents"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    no_consent_reason = BoundedTextField(
        _("why there is no consent (imminent risk)"), max_length=1000, blank=True
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned counselor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_referrals",
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    outcome_successful = models.BooleanField(_("successful"), null=True, blank=True)
    outcome_reason = models.CharField(
        _("why not"), max_length=30, choices=OutcomeReason.choices, blank=True
    )
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    rerouted_from = models.OneToOneField(
        "self",
        verbose_name=_("re-routed from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rerouted_to",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True) | ~Q(no_consent_reason=""),
                name="referral_consent_or_reason",
                violation_error_message=_(
                    "Record the person's consent, or why there is none (imminent risk only)."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["service", "status", "acknowledge_by"], name="referral_queue_idx"),
            models.Index(fields=["status", "acknowledge_by"], name="referral_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_urgency_display()} · {self.participant} · {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class EventKind(models.TextChoices):
    STATUS = "status", _("Status changed")
    ESCALATED = "escalated", _("Escalated: not acknowledged in time")
    REROUTED = "rerouted", _("Sent to another service")
    REASSIGNED = "reassigned", _("Assigned to another counselor")
    # An on-call counselor of another service acknowledged an emergency so the escalation
    # stops; the case stays with the service's counselors.
    ON_CALL = "on_call", _("Acknowledged on call for the rota")


class ReferralEvent(models.Model):
    """One change on a referral's timeline. Written once, never changed."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("who"), max_length=200)
    from_status = models.CharField(
        _("from"), max_length=15, choices=ReferralStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=15, choices=ReferralStatus.choices)
    kind = models.CharField(
        _("what happened"), max_length=12, choices=EventKind.choices, default=EventKind.STATUS
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        before = f"{self.get_from_status_display()} " if self.from_status else ""
        return f"{when} {before}→ {self.get_to_status_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValidationError("A referral event cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("A referral event cannot be deleted.")


class CounselorNote(AuthoredNote):
    """A professional's note on a case: read by that service's counselors only."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="notes"
    )
    text = EncryptedTextField(_("note"), max_length=5000)

    class Meta(AuthoredNote.Meta):
        verbose_name = _("counselor note")
        verbose_name_plural = _("counselor notes")
