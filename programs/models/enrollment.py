"""Who takes part in a program, in which role, with their consent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models.programs import Program


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
