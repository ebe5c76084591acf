"""WHO-5 well-being check-ins."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models.enrollment import Enrollment


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
