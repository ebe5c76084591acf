"""What the admin and its exports show for a stored value: labels, never codes.

A JSON list of choice codes (`["imminent_risk", "abuse"]`) becomes its translated labels
joined by commas; a time becomes local ISO 8601 with its offset in an export."""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

Choices = Iterable[tuple[str, Any]]


def choice_labels(codes: object, choices: Choices) -> str:
    """Codes as their labels in the reader's language, joined by commas (a code that is
    no longer a choice is shown as it is rather than hidden)."""
    if not isinstance(codes, list | tuple):
        return "" if codes in (None, "") else str(dict(choices).get(codes, codes))
    names = dict(choices)
    return ", ".join(str(names.get(code, code)) for code in codes)


def choice_list_display(
    model: type[models.Model], name: str, choices: Choices
) -> Callable[[Any, models.Model], str]:
    """An admin column or read-only field showing the JSON choice list `name` of `model`
    as labels, under the field's own name."""
    choices = list(choices)
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name)
    def display(model_admin: Any, obj: models.Model) -> str:
        return choice_labels(getattr(obj, name), choices)

    return display


def export_text(value: object, choices: Choices | None = None) -> str:
    """A value as a cell of an export: labels for codes, local ISO 8601 with the offset
    for a time (2026-12-04T09:55:00+07:00), ISO 8601 for a date, yes or no."""
    if value is None:
        return ""
    if choices is not None:
        return choice_labels(value, choices)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
