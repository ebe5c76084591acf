"""Support requests and the matches made for them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peersupport.fields import BoundedTextField, EncryptedTextField
from peersupport.models import SpokenLanguage
from peersupport.validators import ChoiceListValidator
from programs.choices import AVAILABILITY_CODES, LivedExperience, MeetingMode, Topic
from programs.models import Enrollment, Program


class SitePreference(models.TextChoices):
    EITHER = "either", _("Either is fine")
    SAME_SITE = "same_site", _("Someone at my site, to meet in person")
    REMOTE = "remote", _("Remote (video, phone or chat)")


class GenderPreference(models.TextChoices):
    NONE = "", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a supporter")
    PROPOSED = "proposed", _("A supporter is being asked")
    ACTIVE = "active", _("Matched")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined by the coordinator")


OPEN_REQUEST_STATUSES = [RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE]


class SupportRequest(models.Model):
    """An employee asking for a peer supporter or mentor in one program."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="requests"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    topics = models.JSONField(
        _("topics"), default=list, validators=[ChoiceListValidator(Topic.values)]
    )
    description = EncryptedTextField(
        _("in a few words (optional)"),
        max_length=2000,
        blank=True,
        help_text=_("Only the coordinator and your supporter read this."),
    )
    languages = models.JSONField(
        _("languages"), default=list, validators=[ChoiceListValidator(SpokenLanguage.values)]
    )
    gender_preference = models.CharField(
        _("supporter's gender"), max_length=10, choices=GenderPreference.choices, blank=True
    )
    outside_department = models.BooleanField(_("someone outside my department"), default=False)
    site_preference = models.CharField(
        _("where to meet"),
        max_length=10,
        choices=SitePreference.choices,
        default=SitePreference.EITHER,
    )
    meeting_modes = models.JSONField(
        _("meeting modes"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(MeetingMode.values)],
    )
    availability = models.JSONField(
        _("weekly availability"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(AVAILABILITY_CODES)],
    )
    lived_experience = models.JSONField(
        _("lived experience I would value"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(LivedExperience.values)],
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_text_version = models.CharField(_("consent text version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "program"],
                condition=Q(status__in=["waiting", "proposed", "active"]),
                name="one_open_request_per_program",
                violation_error_message=_("You already have an open request in this program."),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="request_queue_idx")]

    def __str__(self) -> str:
        return f"{self.requester} · {self.program}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined by the supporter")


OPEN_MATCH_STATUSES = [MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.PAUSED]


class CloseReason(models.TextChoices):
    COMPLETED = "completed", _("Support completed")
    PARTICIPANT_WITHDREW = "participant_withdrew", _("The participant withdrew")
    NEW_SUPPORTER = "new_supporter", _("The participant asked for a different supporter")
    SUPPORTER_STEPPED_BACK = "supporter_stepped_back", _("The supporter stepped back")
    LEFT_COMPANY = "left_company", _("Left the company")
    OTHER = "other", _("Other")


class Match(models.Model):
    """A supporter paired with a request: proposed, then active once they accept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="matches"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="supporter_matches",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=CloseReason.choices, blank=True
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matches",
    )
    feedback_rating = models.PositiveSmallIntegerField(
        _("how helpful was it"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback_text = BoundedTextField(
        _("anything you would like to tell us"), max_length=1000, blank=True
    )
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "active", "paused"]),
                name="one_open_match_per_request",
                violation_error_message=_("This request already has a supporter."),
            ),
        ]
        indexes = [
            models.Index(fields=["supporter", "status"], name="match_supporter_load_idx"),
            # The dashboard's time from request to active match, for a period.
            models.Index(fields=["accepted_at"], name="match_accepted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} ↔ {self.request.requester}"
