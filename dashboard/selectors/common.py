"""Helpers shared by the dashboard's queries."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from dashboard.forms import Scope

# A 64-bit "signature" of the pairs behind a figure: bit (match id mod 64) is set for
# each pair. Its set bits never outnumber the pairs, so a figure whose signature has five
# bits set certainly involves five pairs or more (see `sessions.py`).
SIGNATURE_BITS = 64


def people_filter(scope: Scope, prefix: str) -> Q:
    """The site and department filters, applied to the person at `prefix`."""
    condition = Q()
    if scope.site:
        condition &= Q(**{f"{prefix}site": scope.site})
    if scope.department:
        condition &= Q(**{f"{prefix}department": scope.department})
    return condition


def program_filter(scope: Scope, path: str) -> Q:
    return Q(**{path: scope.program}) if scope.program else Q()


def between(path: str, scope: Scope) -> Q:
    """`path` falls in the period."""
    return Q(**{f"{path}__gte": scope.start_at, f"{path}__lt": scope.end_at})


def compiled(queryset: QuerySet) -> tuple[str, list[Any]]:
    """The SQL of a queryset and its parameters, to use as a subquery of raw SQL."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def moment(value: datetime) -> Any:
    """A moment as a raw-SQL parameter, stored the way the backend stores moments."""
    return connection.ops.adapt_datetimefield_value(value)


def rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bit_or() -> str:
    """The bitwise-or aggregate (SQLite gets one from `dashboard.sql`)."""
    return "bit_or" if connection.vendor == "postgresql" else "dashboard_bit_or"


def signature_size(mask: int | None) -> int:
    """How many bits of a pair signature are set: a lower bound of the pairs."""
    return ((mask or 0) & ((1 << SIGNATURE_BITS) - 1)).bit_count()


@contextmanager
def reading() -> Iterator[None]:
    """The dashboard's queries, in one transaction, tuned for reporting on PostgreSQL.

    JIT compilation is off for them: the planner's estimates for aggregates over a
    million rows pass the JIT threshold, and compiling takes 100 to 300 ms, longer than
    the queries themselves. Sorts and hash tables get 32 MB (the default 4 MB spills the
    grouping of a year of session logs to disk).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
        yield
