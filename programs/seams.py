"""The seams of the programs app, for the apps above it (DESIGN.md: they depend on us).

A WHO-5 check-in is saved here, but the person who should hear that it suggests help
(the supporter of the active match) is known to the matching app. Apps register a
`CheckinHelpHandler` in their AppConfig.ready(); `checkin_submit` runs them, in
INSTALLED_APPS order, inside the check-in's transaction.
"""

from typing import Protocol

from peersupport.registry import Registry
from programs.models import WellbeingCheckIn


class CheckinHelpHandler(Protocol):
    """React to a check-in that suggests professional help, when the participant agreed
    that their supporter may know (never pass on the score or the answers)."""

    def __call__(self, *, checkin: WellbeingCheckIn) -> None: ...


checkin_help_handlers: Registry[CheckinHelpHandler] = Registry("check-in help handlers")
"""Filled in ready() by matching (it tells the supporter); run by `checkin_submit`."""


def checkin_help_handle(*, checkin: WellbeingCheckIn) -> None:
    """Every app that cares hears that `checkin` suggests help."""
    for handler in checkin_help_handlers:
        handler(checkin=checkin)
