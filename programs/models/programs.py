"""Programs, training, supporters, enrollment, return-to-work plans and WHO-5 check-ins."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peersupport.models import SpokenLanguage
from peersupport.validators import ChoiceListValidator
from programs.choices import (
    AVAILABILITY_CODES,
    Accommodation,
    LivedExperience,
    MatchMode,
    MeetingMode,
    ProgramKind,
    Topic,
)
from programs.querysets import ProgramQuerySet, SupporterProfileQuerySet, TrainingRecordQuerySet


class Bilingual(models.Model):
    """Text written in both UI languages; `localized()` picks the reader's."""

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        preferred = getattr(self, f"{field}_{'id' if language == 'id' else 'en'}")
        return preferred or getattr(self, f"{field}_{'en' if language == 'id' else 'id'}")

    @property
    def localized_description(self) -> str:
        return self.localized("description")


class TrainingModule(Bilingual):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_id = models.CharField(_("title (Indonesian)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.localized("title")


class Program(Bilingual):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    required_modules = models.ManyToManyField(
        TrainingModule,
        verbose_name=_("training a supporter needs"),
        blank=True,
        related_name="programs",
    )
    match_mode = models.CharField(
        _("how matches are made"),
        max_length=20,
        choices=MatchMode.choices,
        default=MatchMode.COORDINATOR,
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("default supporter capacity"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    review_after_sessions = models.PositiveSmallIntegerField(
        _("review a match after this many sessions"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    checkin_every_weeks = models.PositiveSmallIntegerField(
        _("WHO-5 check-in every (weeks)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.localized("name")


class TrainingRecord(models.Model):
    """A module a supporter completed: valid from `completed_on` through `expires_on`."""

    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    module = models.ForeignKey(
        TrainingModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="records"
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "module", "completed_on"],
                name="training_record_unique_completion",
                violation_error_message=_("This completion is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("completed_on")),
                name="training_record_expires_after_completion",
            ),
        ]
        indexes = [
            models.Index(fields=["supporter", "module", "expires_on"], name="training_current_idx"),
            models.Index(fields=["expires_on"], name="training_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.module} · {self.supporter}"

    def is_current(self, on: date) -> bool:
        return self.completed_on <= on <= self.expires_on


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
    motivation = models.TextField(_("why you want to support colleagues"), max_length=2000)
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
    decline_reason = models.TextField(_("reason for declining"), blank=True)

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


class EnrollmentRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SUPPORTER = "supporter", _("Supporter")


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrollment(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="enrollments"
    )
    role = models.CharField(_("role"), max_length=12, choices=EnrollmentRole.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ACTIVE,
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    checkin_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program", "role"],
                condition=Q(status="active"),
                name="one_active_enrollment_per_role",
                violation_error_message=_("This person is already active in this program."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.program} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.role == EnrollmentRole.PARTICIPANT and not (
            self.consent_given_at and self.consent_text_version
        ):
            raise ValidationError(
                _("A participant takes part only after giving consent, which they do themselves.")
            )


class ReturnToWorkPlan(models.Model):
    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.PROTECT,
        related_name="return_to_work_plan",
    )
    return_date = models.DateField(_("first day back"))
    accommodations = models.JSONField(
        _("accommodations"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Accommodation.values)],
    )
    accommodations_note = models.CharField(
        _("accommodations in detail"), max_length=500, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("return-to-work plan")
        verbose_name_plural = _("return-to-work plans")

    def __str__(self) -> str:
        return str(self.enrollment.person)

    @property
    def accommodation_labels(self) -> list[str]:
        labels = dict(Accommodation.choices)
        return [str(labels[code]) for code in self.accommodations if code in labels]


class PlanPhase(models.Model):
    plan = models.ForeignKey(ReturnToWorkPlan, on_delete=models.CASCADE, related_name="phases")
    from_week = models.PositiveSmallIntegerField(_("from week"), validators=[MinValueValidator(1)])
    to_week = models.PositiveSmallIntegerField(_("to week"), validators=[MinValueValidator(1)])
    hours_percent = models.PositiveSmallIntegerField(
        _("share of usual hours (%)"), validators=[MinValueValidator(5), MaxValueValidator(100)]
    )
    duties = models.CharField(_("duties"), max_length=300)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["from_week"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_week__gte=models.F("from_week")),
                name="plan_phase_weeks_in_order",
                violation_error_message=_("The last week comes before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_week}-{self.to_week}: {self.hours_percent}%"


class Milestone(models.Model):
    plan = models.ForeignKey(ReturnToWorkPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class CheckInKind(models.TextChoices):
    INTAKE = "intake", _("At intake")
    FOLLOW_UP = "follow_up", _("Follow-up")


class WellbeingCheckIn(models.Model):
    """One WHO-5 questionnaire: five answers 0 to 5; the score is their sum times four."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="wellbeing_checkins",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    kind = models.CharField(_("when"), max_length=10, choices=CheckInKind.choices)
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True, db_index=True)
    answers = models.JSONField(_("answers"))
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    share_with_supporter = models.BooleanField(
        _("my supporter may know when my score suggests professional help"), default=False
    )

    class Meta:
        verbose_name = _("WHO-5 check-in")
        verbose_name_plural = _("WHO-5 check-ins")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="checkin_score_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.taken_at:%Y-%m-%d}"
