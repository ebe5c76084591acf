"""The dashboard's reads: every figure aggregated by the database, one query per subject.

`DashboardData` runs each query once, when a section first needs it, so a page costs the
same dozen queries at a hundred session logs as at a million, and an export runs only
the queries of its section. Figures about people filter by the person concerned: the
requester for requests, matches, sessions and check-ins, the participant for referrals,
the supporter for supporters and training.
"""

from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Count

from dashboard.forms import Scope
from dashboard.selectors import demand, outcomes
from dashboard.selectors import sessions as session_queries
from dashboard.selectors import supporters as supporter_queries
from dashboard.selectors.common import reading
from peersupport.models import User
from programs.models import Program

__all__ = ["DashboardData", "filter_options", "reading"]


def filter_options() -> tuple[list[Program], list[str], list[str]]:
    """The programs (with how many modules each requires), sites and departments to
    filter by: two queries."""
    programs = list(
        Program.objects.annotate(required_modules_count=Count("required_modules")).order_by(
            "-active", "name_en", "pk"
        )
    )
    values: dict[str, list[str]] = {"site": [], "department": []}
    for column, value in _distinct_values(User, ["site", "department"]):
        values[column].append(value)
    return (
        programs,
        sorted(values["site"], key=str.casefold),
        sorted(values["department"], key=str.casefold),
    )


def _distinct_values(model: type, columns: list[str]) -> list[tuple[str, str]]:
    """The distinct non-empty values of indexed columns, by skipping through each index
    (one probe per value) rather than reading every row."""
    table = connection.ops.quote_name(model._meta.db_table)
    parts, selects = [], []
    for index, name in enumerate(columns):
        column = connection.ops.quote_name(model._meta.get_field(name).column)
        step = f"SELECT MIN({column}) FROM {table} WHERE {column} > v{index}.value"  # noqa: S608
        # Table and column names come from the model, never from input.
        parts.append(
            f"v{index}(value) AS (SELECT MIN({column}) FROM {table} WHERE {column} > '' "  # noqa: S608
            f"UNION ALL SELECT ({step}) FROM v{index} WHERE v{index}.value IS NOT NULL)"
        )
        selects.append(f"SELECT '{name}', value FROM v{index} WHERE value IS NOT NULL")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE {', '.join(parts)} {' UNION ALL '.join(selects)}")
        return cursor.fetchall()


class DashboardData:
    """The raw figures of one scope, each query run at most once."""

    def __init__(self, scope: Scope, programs: list[Program]) -> None:
        self.scope = scope
        # The programs whose eligibility and outcomes are shown: the chosen one, or the
        # active ones.
        self.programs = [scope.program] if scope.program else [p for p in programs if p.active]

    @cached_property
    def requests(self) -> dict[str, Any]:
        return demand.request_figures(self.scope)

    @cached_property
    def time_to_match(self) -> dict[str, Any]:
        return demand.time_to_match(self.scope)

    @cached_property
    def active_matches(self) -> dict[str, Any]:
        return demand.active_matches(self.scope)

    @cached_property
    def supporters(self) -> dict[str, Any]:
        """Supporter counts, and "eligible": {program id: eligible supporters}."""
        return supporter_queries.supporter_figures(self.scope, self.programs)

    @cached_property
    def expiring(self) -> dict[str, int]:
        return supporter_queries.expiring_training(self.scope)

    @cached_property
    def sessions(self) -> dict[str, dict[str, session_queries.Figures]]:
        return session_queries.session_figures(self.scope)

    @cached_property
    def referrals(self) -> dict[str, Any]:
        return outcomes.referral_figures(self.scope)

    @cached_property
    def _wellbeing(self) -> dict[int | None, tuple[Any, ...]]:
        return outcomes.wellbeing_figures(self.scope)

    @property
    def wellbeing(self) -> dict[int | None, tuple[Any, ...]]:
        """{program id or None for all: (people at intake, their mean, people at the latest
        follow-up, their mean, people with both, of whom improved by 10 points or more)}."""
        return {key: figures[:6] for key, figures in self._wellbeing.items()}

    @property
    def wellbeing_change(self) -> dict[int | None, tuple[float | None, int]]:
        """{program id or None for all: (mean WHO-5 change from intake to the latest
        follow-up, people with both)}, from the same query as `wellbeing`."""
        return {key: (figures[6], figures[4]) for key, figures in self._wellbeing.items()}

    @cached_property
    def sessions_this_month(self) -> session_queries.Figures:
        return session_queries.month_figures(self.scope)
