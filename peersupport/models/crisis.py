"""Who to call when someone is in danger now."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CrisisContact(models.Model):
    """Who to call when someone is in danger now: shown wherever support is asked for.

    Coordinators keep these in the administration; nothing is hard-coded in a page.
    """

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_id = models.CharField(_("description (Indonesian)"), max_length=300, blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("crisis contact")
        verbose_name_plural = _("crisis contacts")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        prefer_id = (get_language() or settings.LANGUAGE_CODE)[:2] == "id"
        first, second = (
            (self.description_id, self.description_en)
            if prefer_id
            else (self.description_en, self.description_id)
        )
        return first or second
