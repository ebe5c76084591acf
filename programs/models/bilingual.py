"""Text written in both UI languages."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language


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
