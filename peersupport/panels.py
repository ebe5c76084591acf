"""Sections that one app adds to another app's page, against the dependency direction.

A page of a lower app (the participant's /my/, a referral) shows what a higher app knows
(their session dates, the sessions of a case) without importing it: the app that owns the
page declares a `Registry` of providers with a typed Protocol (matching/panels.py,
referrals/panels.py), each higher app registers its providers in its AppConfig.ready()
(`<app>/panels.py`, `register_panels()`), and the page asks the registry. A provider only
reads; an audit entry for what a page showed is written by its view.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A template to include in the page, with its own context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
