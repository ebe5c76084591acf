"""The programs a company offers (peer support, mentoring, return to work)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peersupport.fields import BoundedTextField
from programs.choices import MatchMode, ProgramKind
from programs.models.bilingual import Bilingual
from programs.models.training import TrainingModule
from programs.querysets import ProgramQuerySet


class Program(Bilingual):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    description_en = BoundedTextField(_("description (English)"), max_length=5000, blank=True)
    description_id = BoundedTextField(_("description (Indonesian)"), max_length=5000, blank=True)
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
