"""Fast inserts for large generated data sets, and a progress bar for them.

On PostgreSQL rows stream in with COPY (psycopg2's `copy_expert`), tens of thousands a
statement; elsewhere (SQLite in development) they go in with `executemany`. Either way
the values are written as given: no `save()`, no signals, no `auto_now`, so generated
history keeps its dates. Callers give ids themselves, so related rows can point at rows
not yet written, and `reset_sequences` moves the id counters past them at the end.
"""

import io
import json
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, models, transaction

from peersupport.fields import EncryptedTextField

BATCH_ROWS = 50_000


class Progress:
    """A one-line progress bar on a terminal stream (stderr), redrawn at most 5 times a
    second, and closed with the time the stage took."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.started = self.drawn = time.monotonic()
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if time.monotonic() - self.drawn >= 0.2:
            self._draw()

    def close(self) -> float:
        self.done = self.total
        elapsed = time.monotonic() - self.started
        self._draw(suffix=f" {elapsed:.1f}s\n")
        return elapsed

    def _draw(self, suffix: str = "") -> None:
        self.drawn = time.monotonic()
        filled = int(self.WIDTH * min(self.done, self.total) / self.total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        percent = 100 * min(self.done, self.total) // self.total
        line = f"\r{self.label:<22} [{bar}] {percent:3d}% {self.done:>11,}/{self.total:,}{suffix}"
        if hasattr(self.stream, "ending"):
            self.stream.write(line, ending="")  # a management command's OutputWrapper
        else:
            self.stream.write(line)
        self.stream.flush()


def _copy_text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = json.dumps(value) if isinstance(value, list | dict) else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t")
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text


class Loader:
    """Collects rows of one model (values for `fields`, in that order) and writes them in
    batches. Columns not given get the field's default: a fresh UUID for a UUID field.
    `flush_first` are the loaders of rows these point at: they are written before."""

    def __init__(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        *,
        progress: Progress | None = None,
        flush_first: Sequence["Loader"] = (),
    ) -> None:
        self.model, self.progress, self.flush_first = model, progress, flush_first
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        names = {field.name for field in given}
        filled = [
            field
            for field in meta.concrete_fields
            if field.name not in names and not field.null and not field.primary_key
        ]
        self.fields = given + filled
        self.defaults = [
            None if isinstance(field, models.UUIDField) else field.get_default() for field in filled
        ]
        self.uuid_columns = [
            len(given) + index
            for index, field in enumerate(filled)
            if isinstance(field, models.UUIDField)
        ]
        self.encrypted = [
            (index, field)
            for index, field in enumerate(given)
            if isinstance(field, EncryptedTextField)
        ]
        self._tokens: dict[str, str] = {}
        self.rows: list[list[Any]] = []
        self.postgres = connection.vendor == "postgresql"

    def add(self, row: Sequence[Any]) -> None:
        values = [*row, *self.defaults]
        for index in self.uuid_columns:
            values[index] = uuid.uuid4()
        for index, field in self.encrypted:
            values[index] = self._encrypt(field, values[index])
        self.rows.append(values)
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def _encrypt(self, field: EncryptedTextField, text: str) -> str:
        """Generated text comes from a small pool: each distinct text is encrypted once."""
        if text not in self._tokens:
            self._tokens[text] = field.get_prep_value(text) if text else ""
        return self._tokens[text]

    def flush(self) -> None:
        for loader in self.flush_first:
            loader.flush()
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        # One transaction a batch (SQLite in autocommit would commit every row).
        with transaction.atomic(), connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                for values in self.rows:
                    buffer.write("\t".join(map(_copy_text, values)))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            else:
                prepared = [
                    [
                        field.get_db_prep_save(value, connection)
                        if not isinstance(field, EncryptedTextField)
                        else value
                        for field, value in zip(self.fields, values, strict=True)
                    ]
                    for values in self.rows
                ]
                marks = ", ".join(["%s"] * len(self.fields))
                insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (our names)
                cursor.executemany(insert, prepared)
        if self.progress:
            self.progress.advance(len(self.rows))
        self.rows = []


def next_id(model: type[models.Model]) -> int:
    """The first free id of a table (ids are given by the loaders)."""
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
