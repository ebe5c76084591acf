"""The few database expressions the dashboard needs beyond Django's own.

Every figure is computed by the database, on PostgreSQL in production and on SQLite in
development: each expression here has a PostgreSQL form and an SQLite one. SQLite has no
percentile or bitwise-or aggregate, so `register_sqlite_functions` adds them to each new
connection (they still run inside the database engine: no row reaches Python).
"""

import math
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler


class Percentile(models.Aggregate):
    """The continuous percentile (interpolated, as PostgreSQL's percentile_cont) of a number."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = models.FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction from 0 to 1.")
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, fraction=repr(self.fraction), **extra)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any):
        # On a copy: Aggregate.as_sql reads the template from the instance when filtered.
        clone = self.copy()
        clone.function = "dashboard_percentile"
        clone.template = "%(function)s(%(expressions)s, %(fraction)s)"
        return clone.as_sql(compiler, connection, **extra)


class Epoch(models.Func):
    """A moment as seconds since 1970 (a float), so that durations are plain numbers."""

    output_field = models.FloatField()
    arity = 1

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
            **extra,
        )

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any):
        # Django stores a moment as UTC text, which julianday() reads.
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra,
        )


def json_elements(connection: BaseDatabaseWrapper, column: str, alias: str) -> str:
    """A FROM-clause item with one row per element of a JSON list column (`alias.value`)."""
    if connection.vendor == "postgresql":
        return f"CROSS JOIN LATERAL jsonb_array_elements_text({column}) AS {alias}(value)"
    return f"CROSS JOIN json_each({column}) AS {alias}"


class _PercentileAggregate:
    """SQLite's `dashboard_percentile(value, fraction)`: percentile_cont, nulls ignored."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        if not self.values:
            return None
        values = sorted(self.values)
        position = (len(values) - 1) * self.fraction
        low, high = math.floor(position), math.ceil(position)
        return values[low] + (values[high] - values[low]) * (position - low)


class _BitOrAggregate:
    """SQLite's `dashboard_bit_or(value)`: PostgreSQL's bit_or, nulls ignored."""

    def __init__(self) -> None:
        self.value: int | None = None

    def step(self, value: int | None) -> None:
        if value is not None:
            self.value = value if self.value is None else self.value | value

    def finalize(self) -> int | None:
        return self.value


def register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Connected to `connection_created`: adds the SQLite forms of the aggregates above."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("dashboard_percentile", 2, _PercentileAggregate)
        connection.connection.create_aggregate("dashboard_bit_or", 1, _BitOrAggregate)
