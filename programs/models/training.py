"""Training modules and the records of supporters who completed them."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peersupport.fields import BoundedTextField
from programs.models.bilingual import Bilingual
from programs.querysets import TrainingRecordQuerySet


class TrainingModule(Bilingual):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_id = models.CharField(_("title (Indonesian)"), max_length=120)
    description_en = BoundedTextField(_("description (English)"), max_length=5000, blank=True)
    description_id = BoundedTextField(_("description (Indonesian)"), max_length=5000, blank=True)
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
