"""Supporters: their applications and, once approved, their profiles."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peersupport.fields import BoundedTextField
from peersupport.models import SpokenLanguage
from peersupport.validators import ChoiceListValidator
from programs.choices import AVAILABILITY_CODES, LivedExperience, MeetingMode, Topic
from programs.querysets import SupporterProfileQuerySet


class SupporterStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class SupportOffer(models.Model):
    """What a supporter offers: shared by the application and the approved profile."""

    lived_experience = models.JSONField(
        _("lived experience"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(LivedExperience.values)],
    )
    lived_experience_note = models.CharField(_("in your own words"), max_length=400, blank=True)
    topics = models.JSONField(
        _("topics"), default=list, blank=True, validators=[ChoiceListValidator(Topic.values)]
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

    class Meta:
        abstract = True


class SupporterProfile(SupportOffer):
    """An approved peer supporter or mentor: what they offer and how much."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="supporter_profile",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SupporterStatus.choices, default=SupporterStatus.ACTIVE
    )
    paused_until = models.DateField(_("back on"), null=True, blank=True)
    bio = models.CharField(
        _("short introduction"),
        max_length=400,
        blank=True,
        help_text=_("What a colleague sees when choosing a supporter."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("caseload cap"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The most people you support at the same time."),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = SupporterProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter profile")
        verbose_name_plural = _("supporter profiles")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class SupporterApplication(SupportOffer):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="supporter_applications",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    motivation = BoundedTextField(_("why you want to support colleagues"), max_length=2000)
    languages = models.JSONField(
        _("languages"), default=list, validators=[ChoiceListValidator(SpokenLanguage.values)]
    )
    site = models.CharField(_("site"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("people you could support at once"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = BoundedTextField(_("reason for declining"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("supporter application")
        verbose_name_plural = _("supporter applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="submitted"),
                name="one_open_application_per_person",
                violation_error_message=_("You already have an application waiting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} ({self.submitted_at:%Y-%m-%d})"
