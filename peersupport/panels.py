"""Sections that one app adds to another app's page, against the dependency direction.

A page of a lower app (the participant's /my/, a referral) shows what a higher app
knows (their session dates, the sessions of a case) without importing it: an AppConfig
may define `panels(hook, **context)` returning a list of `Panel`; the page asks every
app for the panels of its hook and includes their templates.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def panels(hook: str, **context: Any) -> list[Panel]:
    found: list[Panel] = []
    for config in apps.get_app_configs():
        provide = getattr(config, "panels", None)
        if provide is not None:
            found.extend(provide(hook, **context))
    return found
