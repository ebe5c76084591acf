"""Checking a file against the HSDS 3.0 schema, with problems told in plain words."""

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaViolation
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

# A broken file can break the same rule thousands of times; past this many, a count.
MAX_SCHEMA_ERRORS = 20


class Refused(Exception):
    """The file cannot be imported; `errors` says why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


def hsds_schema_path() -> Path:
    """The HSDS 3.0 organisation schema (setting HSDS_SCHEMA_PATH)."""
    return Path(settings.HSDS_SCHEMA_PATH)


@cache
def _validator(path: Path) -> Validator:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"The HSDS schema {path} cannot be read ({error}); set HSDS_SCHEMA_PATH."
        ) from error
    cls = validator_for(schema, default=Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def check_schema(organizations: list[Any]) -> None:
    validator = _validator(hsds_schema_path())
    problems: dict[str, None] = {}  # ordered and without repeats
    for index, organization in enumerate(organizations):
        for error in sorted(validator.iter_errors(organization), key=lambda e: e.json_path):
            problems.update(dict.fromkeys(_schema_problems(error, index)))
    if problems:
        messages = list(problems)
        shown = messages[:MAX_SCHEMA_ERRORS]
        if len(messages) > len(shown):
            shown.append(_("…and %(count)d more problems.") % {"count": len(messages) - len(shown)})
        raise Refused([_("The file is not valid HSDS 3.0; nothing was imported."), *shown])


def _place(index: int, path: Iterable[str | int]) -> str:
    parts = [_("organisation %(number)d") % {"number": index + 1}]
    for item in path:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]} {item + 1}"
        else:
            parts.append(f"“{item}”")
    return " → ".join(parts)


def _schema_problems(error: SchemaViolation, index: int) -> list[str]:
    place = _place(index, error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        return [
            _("%(place)s: “%(field)s” is missing.") % {"place": place, "field": name}
            for name in error.validator_value
            if name not in error.instance
        ]
    if error.validator == "type":
        types = {
            "string": _("text"),
            "number": _("a number"),
            "integer": _("a whole number"),
            "boolean": _("true or false"),
            "object": _("an object"),
            "array": _("a list"),
        }
        expected = types.get(str(error.validator_value), str(error.validator_value))
        return [_("%(place)s should be %(type)s.") % {"place": place, "type": expected}]
    if error.validator == "format":
        formats = {
            "uuid": _("UUID"),
            "email": _("e-mail address"),
            "uri": _("URL"),
            "date-time": _("date and time"),
        }
        expected = formats.get(str(error.validator_value), str(error.validator_value))
        return [_("%(place)s is not a valid %(format)s.") % {"place": place, "format": expected}]
    if error.validator == "enum":
        choices = ", ".join(f"“{choice}”" for choice in error.validator_value)
        return [_("%(place)s should be one of %(choices)s.") % {"place": place, "choices": choices}]
    return [_("%(place)s: %(problem)s.") % {"place": place, "problem": error.message[:200]}]
