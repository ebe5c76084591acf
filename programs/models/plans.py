"""Return-to-work plans, their phases and milestones."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peersupport.validators import ChoiceListValidator
from programs.choices import Accommodation
from programs.models.enrollment import Enrollment


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
