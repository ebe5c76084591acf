"""Reading uploaded CSV and XLSX files into rows of named columns.

Used by every import (people from HR, training records). A file that cannot be read as
a whole raises `TableError` with a message for the person who uploaded it.
"""

import csv
import io
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from peersupport.text import clean_text


class TableError(Exception):
    """The file as a whole cannot be read; the message says why (translated)."""


def column_key(header: object) -> str:
    return str(header or "").strip().lower().replace("-", "_").replace(" ", "_")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store ids such as 1001 as 1001.0
    return clean_text(str(value)).strip()


def _read_csv(content: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The file is not readable text."))
    if "\x00" in text:
        raise TableError(_("The file is not a CSV file."))
    # The header line tells the delimiter: Excel in Indonesian locales writes semicolons.
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise TableError(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc


# Columns beyond this are ignored; nobody exports 200 columns of people.
MAX_COLUMNS = 200


def _read_xlsx(content: bytes, *, max_rows: int) -> list[list[object]]:
    """The first sheet, streamed: never more columns than the header, never more rows
    than the limit (plus one, so the limit can be reported)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or hostile file
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise TableError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = list(next(rows, []) or [])
        while header and header[-1] in (None, ""):
            header.pop()
        table = [header]
        for scanned, cells in enumerate(rows, start=1):
            if scanned > max_rows * 2 + 1000:
                break  # a sheet of mostly empty rows: stop reading, the count is reported
            values = list(cells[: len(header)])
            if any(cell_text(v) for v in values):
                table.append(values)
                if len(table) > max_rows + 1:
                    break
        return table
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        workbook.close()


def read_rows(
    *,
    name: str,
    content: bytes,
    columns: dict[str, set[str]],
    required: tuple[str, ...],
    max_rows: int,
) -> list[dict[str, Any]]:
    """The data rows of a file, each a dict of the known columns plus its `line`.

    `columns` maps each column to the header names that mean it (compared
    case-insensitively, with spaces and hyphens read as underscores).
    """
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise TableError(_("The file is too large."))
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        table = _read_xlsx(content, max_rows=max_rows)
    elif lowered.endswith((".csv", ".txt")):
        table = _read_csv(content)
    else:
        raise TableError(_("Upload a CSV or XLSX file."))
    if not table:
        raise TableError(_("The file is empty."))
    headers = [column_key(h) for h in table[0][:MAX_COLUMNS]]
    positions: dict[str, int] = {}
    for column, aliases in columns.items():
        for index, header in enumerate(headers):
            if header in aliases and column not in positions:
                positions[column] = index
    missing = [c for c in required if c not in positions]
    if missing:
        raise TableError(
            _("The file has no column for: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell_text(c) for c in cells):
            continue  # blank lines at the end of a spreadsheet
        padded = list(cells) + [None] * (len(headers) - len(cells))
        row: dict[str, Any] = {column: cell_text(padded[i]) for column, i in positions.items()}
        row["line"] = line
        rows.append(row)
    if not rows:
        raise TableError(_("The file has column names but no rows."))
    if len(rows) > max_rows:
        raise TableError(
            _("The file has %(count)d rows; at most %(limit)d are imported at once.")
            % {"count": len(rows), "limit": max_rows}
        )
    return rows
