"""Supporters now: availability, caseload, supervision, eligibility and expiring training.

Supporters serve every program, so these figures cover all of them; only eligibility and
expiring training depend on the program chosen.
"""

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q

from dashboard.forms import Scope
from dashboard.selectors.common import compiled, people_filter, rows
from matching.models import OPEN_MATCH_STATUSES, Match, MatchStatus
from peersupport.models import User
from peersupport.roles import Role
from programs.models import Program, SupporterProfile, SupporterStatus, TrainingRecord
from programs.querysets import current_on
from sessions.models import SupervisionRequest

SUPERVISION_DAYS = 90


def supporters_in_scope(scope: Scope, *, path: str = "user") -> Q:
    """People who hold the supporter role on an active account, at the chosen site and
    department (`path` leads to them)."""
    membership = User.groups.through.objects.filter(
        user_id=OuterRef(f"{path}_id"), group__name=Role.SUPPORTER
    )
    return Q(Exists(membership), people_filter(scope, f"{path}__"), **{f"{path}__is_active": True})


def supporter_figures(scope: Scope, programs: list[Program]) -> dict[str, Any]:
    """Counts over supporters (available or paused, caseload against their cap,
    supervision lately) and how many available supporters are eligible for each
    program, from one row per supporter, in one query.

    The rules are those of `SupporterProfileQuerySet`, written here as columns of one
    row per supporter so that a million-row database still answers in milliseconds
    (tests/dashboard check that both agree):

    - available (`available_on`): the supporter role on an active account, and not
      paused that day (a pause ends on its return date);
    - eligible (`eligible_for`): available, with a current record of every module the
      program requires. It is counted for all programs at once, as
      `ProgramQuerySet.eligible_for_supporter` counts it: the modules a supporter holds
      a current record of, against the number the program requires.

    Each set (role holders, supervised lately, the holders of a program's training) is
    an uncorrelated IN (...) subquery, built once; the caseloads are counted once, over
    the open matches.
    """
    trained = [program for program in programs if program.required_modules_count]
    parts = _supporter_subqueries(scope, trained)
    sql = _per_supporter_sql(parts, trained) + _totals_sql(trained)
    (values,) = rows(sql, _per_supporter_params(parts, trained, scope.today))
    names = ["supporters", "available", "capacity", "active_load", "full", "near", "unsupervised"]
    figures: dict[str, Any] = {
        name: int(value or 0) for name, value in zip(names, values, strict=False)
    }
    # A program that requires no training takes every available supporter.
    figures["eligible"] = {program.pk: figures["available"] for program in programs}
    per_program, compliant = values[len(names) : -1], values[-1]
    for program, value in zip(trained, per_program, strict=True):
        figures["eligible"][program.pk] = int(value or 0)
    # Training compliance: available supporters eligible for every program in view.
    figures["compliant"] = int(compliant or 0) if trained else figures["available"]
    return figures


# The compiled subqueries of `supporter_figures`, in this order: the supporter profiles in
# scope, the role holders, the supervised lately, the open caseloads, the current training
# records and the programs' required modules.
_Parts = list[tuple[str, list[Any]]]


def _supporter_subqueries(scope: Scope, trained: list[Program]) -> _Parts:
    """The sets `supporter_figures` combines, each as SQL and its parameters."""
    today = scope.today
    base = SupporterProfile.objects.filter(
        people_filter(scope, "user__"), user__is_active=True
    ).values("user_id", "capacity", "status", "paused_until")
    role = User.groups.through.objects.filter(group__name=Role.SUPPORTER).values("user_id")
    supervised = SupervisionRequest.objects.filter(
        held_on__gte=today - timedelta(days=SUPERVISION_DAYS)
    ).values("supporter_id")
    # Each module a supporter holds a current record of, once (a renewal may overlap).
    current = (
        TrainingRecord.objects.filter(current_on(today))
        .order_by()
        .values("supporter_id", "module_id")
        .distinct()
    )
    requirements = Program.required_modules.through.objects.filter(
        program_id__in=[program.pk for program in trained] or [0]
    ).values("program_id", "trainingmodule_id")
    loads = (
        Match.objects.filter(status__in=OPEN_MATCH_STATUSES)
        .values("supporter_id")
        .annotate(
            open_load=Count("pk"), active_load=Count("pk", filter=Q(status=MatchStatus.ACTIVE))
        )
    )
    parts = [compiled(query.order_by()) for query in (base, role, supervised, loads)]
    return [*parts, compiled(current), compiled(requirements)]


def _per_supporter_sql(parts: _Parts, trained: list[Program]) -> str:
    """The WITH clause that ends in `p`: one row per supporter in scope, its rules as
    0/1 columns (holds the role, paused, supervised lately, eligible for each program)."""
    sqls = [part_sql for part_sql, _params in parts]
    base_sql, role_sql, supervised_sql, loads_sql, current_sql, requirements_sql = sqls
    eligible_columns = "".join(
        f", CASE WHEN b.user_id IN (SELECT h.supporter_id FROM h WHERE h.program_id = %s "  # noqa: S608
        f"AND h.held = %s) THEN 1 ELSE 0 END AS eligible_{index}"
        for index, _program in enumerate(trained)
    )
    # Columns and tables are ours; the subqueries are compiled querysets, every value a
    # parameter. Both sets and rows are materialised so each is built once.
    return (
        f"WITH c AS ({current_sql}), q AS ({requirements_sql}), "  # noqa: S608
        "h AS MATERIALIZED (SELECT c.supporter_id, q.program_id, COUNT(*) AS held FROM c "
        "JOIN q ON q.trainingmodule_id = c.module_id GROUP BY c.supporter_id, q.program_id), "
        "p AS MATERIALIZED (SELECT b.user_id, b.capacity, "
        f"CASE WHEN b.user_id IN ({role_sql}) THEN 1 ELSE 0 END AS holds_role, "
        "CASE WHEN b.status = %s AND (b.paused_until IS NULL OR b.paused_until > %s) "
        "THEN 1 ELSE 0 END AS paused, "
        f"CASE WHEN b.user_id IN ({supervised_sql}) THEN 1 ELSE 0 END AS supervised, "
        "COALESCE(l.open_load, 0) AS open_load, COALESCE(l.active_load, 0) AS active_load"
        f"{eligible_columns} FROM ({base_sql}) b "
        f"LEFT JOIN ({loads_sql}) l ON l.supporter_id = b.user_id) "
    )


def _per_supporter_params(parts: _Parts, trained: list[Program], today: date) -> list[Any]:
    """The parameters of `_per_supporter_sql`, in the order their places appear in it."""
    base_params, role_params, supervised_params, loads_params, *training_params = (
        part_params for _sql, part_params in parts
    )
    params: list[Any] = [param for part_params in training_params for param in part_params]
    params += [*role_params, SupporterStatus.PAUSED, connection.ops.adapt_datefield_value(today)]
    params += supervised_params
    for program in trained:
        params += [program.pk, program.required_modules_count]
    params += [*base_params, *loads_params]
    return params


def _totals_sql(trained: list[Program]) -> str:
    """The SELECT over `p`: the supporter counts, one eligible count per program, and
    the count of those eligible for all of them."""
    on = "p.paused = 0"
    eligible = "".join(
        f", SUM(CASE WHEN {on} THEN p.eligible_{index} ELSE 0 END)"
        for index, _program in enumerate(trained)
    )
    every = " AND ".join([on] + [f"p.eligible_{index} = 1" for index in range(len(trained))])
    eligible += f", SUM(CASE WHEN {every} THEN 1 ELSE 0 END)"
    return (
        f"SELECT COUNT(*), SUM(1 - p.paused), SUM(CASE WHEN {on} THEN p.capacity END), "  # noqa: S608
        f"SUM(CASE WHEN {on} THEN p.active_load END), "
        f"SUM(CASE WHEN {on} AND p.open_load >= p.capacity THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {on} AND p.open_load = p.capacity - 1 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {on} AND p.supervised = 0 THEN 1 ELSE 0 END){eligible} "
        "FROM p WHERE p.holds_role = 1"
    )


def expiring_training(scope: Scope) -> dict[str, int]:
    """Current training records that expire within 30 days and were not renewed."""
    records = TrainingRecord.objects.expiring(on=scope.today).filter(
        supporters_in_scope(scope, path="supporter")
    )
    if scope.program:
        records = records.filter(module__programs=scope.program)
    return records.order_by().aggregate(
        records=Count("pk"), people=Count("supporter", distinct=True)
    )
