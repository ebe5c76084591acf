"""Session logs of the period: by week, mode, topic and boundary trigger, in one query.

The database reads the period's logs once, from an index on `occurred_at` that holds
every column it needs, and groups them by week, mode and topics (a few thousand groups
at most); the figures of each dimension are then added up from those groups. The few
logs with a boundary trigger are read from their own partial index.

Who a figure is about is counted with a pair signature: a 64-bit mask with bit (match
id mod 64) set for every support pair (a supported person and their supporter) behind
it. Masks combine with a bitwise or, so they add up like the counts do, where a count
of distinct pairs would need another pass over the logs per dimension. The bits set
never outnumber the pairs, and five pairs always involve five people or more, so a
figure is shown only when its signature has five bits set; a figure about five to
seven pairs may be hidden although it could be shown, never the other way round.
"""

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from dashboard.forms import Scope, week_start
from dashboard.selectors.common import (
    SIGNATURE_BITS,
    bit_or,
    compiled,
    moment,
    people_filter,
    program_filter,
    rows,
    signature_size,
)
from dashboard.sql import json_elements
from matching.models import Match
from sessions.models import SessionLog

# (sessions, minutes, pairs at least) of one figure.
Figures = tuple[int, int, int]


def weeks_of(scope: Scope) -> list[tuple[date, datetime, datetime]]:
    """The weeks of the period (Monday to Sunday, local time) as (Monday, from, until),
    cut to the period."""
    weeks = []
    monday = week_start(scope.start)
    while monday <= scope.end:
        start = max(_midnight(monday), scope.start_at)
        end = min(_midnight(monday + timedelta(weeks=1)), scope.end_at)
        if start < end:
            weeks.append((monday, start, end))
        monday += timedelta(weeks=1)
    return weeks


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def session_figures(scope: Scope) -> dict[str, dict[str, Figures]]:
    """{dimension: {key: (sessions, minutes, pairs)}} for the dimensions "total",
    "week" (keyed by the ISO date of its Monday), "mode", "topic" and "trigger"."""
    weeks = weeks_of(scope)
    result: dict[str, dict[str, Figures]] = {
        name: {} for name in ("total", "week", "mode", "topic", "trigger")
    }
    if not weeks:
        return result
    table = connection.ops.quote_name(SessionLog._meta.db_table)
    period = [moment(scope.start_at), moment(scope.end_at)]
    pairs, in_scope, scope_params = "", "", []
    if scope.program or scope.site or scope.department:
        matches = Match.objects.filter(
            program_filter(scope, "request__program"), people_filter(scope, "request__requester__")
        ).values("id")
        matches_sql, scope_params = compiled(matches.order_by())
        # "IS TRUE" keeps the IN a filter, answered from a set of the pairs in scope built
        # once. A plain IN would become a join, whose best order depends on estimates
        # (logs per pair, pairs per week) the database cannot make here.
        pairs = f"m AS MATERIALIZED ({matches_sql}), "
        in_scope = "AND (s.match_id IN (SELECT m.id FROM m)) IS TRUE"
    # One row per week: the logs join them by range, so the database knows there are
    # only this many weeks (grouping by a computed week, it would expect a group a row).
    week_rows = " UNION ALL ".join(["SELECT %s AS i, %s AS lo, %s AS hi"] * len(weeks))
    week_params = []
    for index, (_monday, start, end) in enumerate(weeks):
        week_params += [index, moment(start), moment(end)]
    signature = f"{bit_or()}(CAST(1 AS BIGINT) << CAST(s.match_id %% {SIGNATURE_BITS} AS INTEGER))"
    figures = f"SUM(g.n), SUM(g.m), {bit_or()}(g.mask)"
    grouped = (
        f"SELECT w.i AS week, s.mode AS mode, s.topics AS topics, "  # noqa: S608
        f"COUNT(*) AS n, SUM(s.minutes) AS m, {signature} AS mask "
        f"FROM ({week_rows}) w JOIN {table} s ON s.occurred_at >= w.lo AND s.occurred_at < w.hi "
        f"{in_scope} GROUP BY w.i, s.mode, s.topics"
    )
    # Few logs have a boundary trigger: the partial index on them is read on its own.
    triggers = (
        f"SELECT 'trigger', r.value, COUNT(*), SUM(s.minutes), {signature} "  # noqa: S608
        f"FROM {table} s {json_elements(connection, 's.triggers', 'r')} "
        f"WHERE s.occurred_at >= %s AND s.occurred_at < %s AND s.triggers <> '[]' {in_scope} "
        "GROUP BY r.value"
    )
    sql = (
        f"WITH {pairs}g AS ({grouped}) "  # noqa: S608
        f"SELECT 'total', '', {figures} FROM g "
        f"UNION ALL SELECT 'week', CAST(g.week AS TEXT), {figures} FROM g GROUP BY g.week "
        f"UNION ALL SELECT 'mode', g.mode, {figures} FROM g GROUP BY g.mode "
        f"UNION ALL SELECT 'topic', t.value, {figures} "
        f"FROM g {json_elements(connection, 'g.topics', 't')} GROUP BY t.value "
        f"UNION ALL {triggers}"
    )
    params = [*scope_params, *week_params, *period]
    for dimension, key, sessions, minutes, mask in rows(sql, params):
        if sessions is None:
            continue  # no log at all: the total of nothing
        if dimension == "week":
            key = weeks[int(key)][0].isoformat()
        result[dimension][key] = (int(sessions), int(minutes or 0), signature_size(mask))
    return result


def month_start(scope: Scope) -> datetime:
    """Midnight (local time) of the first day of this calendar month."""
    return _midnight(scope.today.replace(day=1))


def month_figures(scope: Scope) -> Figures:
    """(sessions, minutes, pairs) logged this calendar month up to now, whatever the
    period chosen: the pairs are counted exactly (a month of logs is small)."""
    figures = (
        SessionLog.objects.filter(
            program_filter(scope, "match__request__program"),
            people_filter(scope, "match__request__requester__"),
            occurred_at__gte=month_start(scope),
            occurred_at__lt=scope.now,
        )
        .order_by()
        .aggregate(
            sessions=Count("pk"), minutes=Sum("minutes"), pairs=Count("match", distinct=True)
        )
    )
    return (figures["sessions"], figures["minutes"] or 0, figures["pairs"])
