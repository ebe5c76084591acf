"""The key figures on top of the dashboard: one tile each, a big figure, its label and a
short context line.

A tile is built from the same raw figures and the same cells as the sections, so it hides
what they hide: a figure about fewer than five people reads "fewer than 5", in the big
figure and in the context line alike.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.figures import Cell, count, days, share
from dashboard.selectors import DashboardData
from dashboard.selectors.demand import QUIET_MATCH_DAYS
from dashboard.selectors.sessions import month_start

UNIT_DAYS = gettext_lazy("days")
UNIT_POINTS = gettext_lazy("points")


@dataclass(frozen=True)
class Tile:
    key: str
    label: str | Promise
    figure: Cell
    context: str
    # The word after a shown figure ("days"); none after "fewer than 5".
    unit: str | Promise = ""
    # Something waits for the coordinator (overdue referrals): the context line says so
    # in words, and the page draws the eye to it.
    alert: bool = False


def _value(cell: Cell, unit: str | Promise = "") -> str:
    """A figure of a context line with its unit, or "fewer than 5" without one."""
    if cell.suppressed or not unit:
        return str(cell)
    return f"{cell} {unit}"


def _demand_tiles(data: DashboardData) -> list[Tile]:
    requests, matched = data.requests, data.time_to_match
    waiting_people = requests["waiting_people"]
    since = requests["waiting_since"]
    longest = days((data.scope.now - since).total_seconds() if since else None, waiting_people)
    return [
        Tile(
            "waiting",
            _("Waiting requests"),
            count(requests["waiting"], waiting_people),
            _("Longest wait so far: %(days)s") % {"days": _value(longest, UNIT_DAYS)},
        ),
        Tile(
            "time_to_match",
            _("Time to match"),
            days(matched["median"], matched["people"]),
            _("Median in the period; 90th percentile: %(days)s")
            % {"days": _value(days(matched["p90"], matched["people"]), UNIT_DAYS)},
            unit=UNIT_DAYS,
        ),
    ]


def _activity_tiles(data: DashboardData) -> list[Tile]:
    matches = data.active_matches
    sessions, minutes, pairs = data.sessions_this_month
    first_day = date_format(month_start(data.scope), "j M")
    return [
        Tile(
            "active_pairs",
            _("Active pairs"),
            count(matches["active"]),
            _("No session in %(days)s days: %(count)s")
            % {"days": QUIET_MATCH_DAYS, "count": count(matches["quiet"])},
        ),
        Tile(
            "sessions_month",
            _("Sessions this month"),
            count(sessions, pairs),
            _("Hours of support since %(day)s: %(hours)s")
            % {"day": first_day, "hours": Cell(minutes / 60, pairs, "hours")},
        ),
    ]


def _referral_tile(data: DashboardData) -> Tile:
    referrals = data.referrals
    overdue = count(referrals["all_overdue"], referrals["all_overdue_people"])
    return Tile(
        "referrals",
        _("Open referrals"),
        count(referrals["all_open"], referrals["all_open_people"]),
        _("Overdue now (not acknowledged in time): %(count)s") % {"count": overdue},
        alert=bool(overdue.number),
    )


def _training_tile(data: DashboardData) -> Tile:
    supporters = data.supporters
    compliant, available = supporters["compliant"], supporters["available"]
    return Tile(
        "training",
        _("Training compliance"),
        share(compliant, available),
        _("%(current)s of %(available)s available supporters hold current training")
        % {"current": count(compliant), "available": count(available)},
    )


def _wellbeing_tile(data: DashboardData) -> Tile:
    program = data.scope.program.pk if data.scope.program else None
    change, both = data.wellbeing_change.get(program, (None, 0))
    improved = data.wellbeing.get(program, (0, None, 0, None, 0, 0))[5]
    return Tile(
        "who5",
        _("WHO-5 change"),
        Cell(change, both, "change"),
        _("Mean from intake to the latest check-in; improved by 10 points or more: %(share)s")
        % {"share": share(improved, both)},
        unit=UNIT_POINTS,
    )


def tiles(data: DashboardData) -> list[Tile]:
    """The tiles in the order of the issue: demand, activity, safety, training, outcomes."""
    return [
        *_demand_tiles(data),
        *_activity_tiles(data),
        _referral_tile(data),
        _training_tile(data),
        _wellbeing_tile(data),
    ]
