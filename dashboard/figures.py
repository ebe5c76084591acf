"""What the dashboard shows: sections of tables of cells, with the small-group rule.

Every cell carries the number of people behind it. A cell about fewer than five people
shows "fewer than 5" instead of its value, wherever it goes: the page, the data a chart
is drawn from, and the exports. A derived figure (a median, a mean, a share) carries the
number of people it is computed from, so it is hidden when they are fewer than five.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import localize, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

# The smallest group a figure may describe (DESIGN.md: reports suppress smaller groups).
MIN_PEOPLE = 5

FIGURE = gettext_lazy("Figure")

# How a value is shown: the number of decimals and a suffix.
UNITS = {
    "count": (0, ""),
    "days": (1, ""),
    "hours": (1, ""),
    "score": (1, ""),
    "percent": (0, "%"),
    "change": (1, ""),  # a signed difference: "+6.2"
}


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    people: int
    unit: str = "count"

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_PEOPLE or self.value is None

    @property
    def number(self) -> float | int | None:
        """The value rounded as shown, or None when it is hidden."""
        if self.suppressed:
            return None
        decimals, _suffix = UNITS[self.unit]
        return round(self.value) if decimals == 0 else round(float(self.value), decimals)

    def __str__(self) -> str:
        if self.suppressed:
            return gettext("fewer than 5")
        decimals, suffix = UNITS[self.unit]
        text = number_format(self.number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        if self.unit == "change" and self.number > 0:
            text = "+" + text
        return text + suffix

    def export(self) -> float | int | str:
        """The value for a CSV or XLSX cell: the number, or the words when hidden."""
        return str(self) if self.suppressed else self.number


def count(value: int | None, people: int | None = None) -> Cell:
    """A count of people (or of things about as many people as `people`)."""
    value = value or 0
    return Cell(value, value if people is None else people)


def share(part: int | None, whole: int | None, people: int | None = None) -> Cell:
    """`part` of `whole` as a percentage; hidden unless both count five people or more."""
    part, whole = part or 0, whole or 0
    people = min(part, whole) if people is None else people
    return Cell(100 * part / whole if whole else None, people, "percent")


def days(seconds: float | None, people: int) -> Cell:
    return Cell(None if seconds is None else seconds / 86400, people, "days")


@dataclass(frozen=True)
class Column:
    title: str | Promise


@dataclass(frozen=True)
class Row:
    label: str | Promise | date  # a date (a week) is exported as ISO 8601
    cells: list[Cell]

    @property
    def text(self) -> str:
        """The label as a page shows it: a date in the reader's format (4 Des 2026)."""
        return localize(self.label) if isinstance(self.label, date) else str(self.label)


@dataclass(frozen=True)
class Chart:
    """A chart of one column of a table: Chart.js draws it from `data()` (never a hidden
    value: a suppressed bar is null, and its tooltip says "fewer than 5")."""

    kind: str  # "bar" or "horizontal"
    column: int = 0
    # What the page says instead of empty axes when there is nothing to draw.
    empty: str | Promise = ""

    def state(self, table: "Table") -> str:
        """ "drawn" when a bar may be shown; "empty" when there is nothing to draw;
        "hidden" when every bar with something behind it is about fewer than 5 people."""
        cells = [row.cells[self.column] for row in table.rows]
        if any(not cell.suppressed for cell in cells):
            return "drawn"
        return "hidden" if any(cell.value for cell in cells) else "empty"

    def partly_hidden(self, table: "Table") -> bool:
        """Some bar that is not zero is left out for being about fewer than 5 people."""
        return any(
            cell.suppressed and cell.value for cell in (r.cells[self.column] for r in table.rows)
        )

    def data(self, table: "Table") -> dict[str, Any]:
        cells = [row.cells[self.column] for row in table.rows]
        return {
            "kind": self.kind,
            "title": str(table.title),
            "series": str(table.columns[self.column].title),
            "labels": [row.text for row in table.rows],
            "values": [cell.number for cell in cells],
            "texts": [str(cell) for cell in cells],
        }


@dataclass(frozen=True)
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[Row]
    label_title: str | Promise = FIGURE
    note: str | Promise = ""
    chart: Chart | None = None

    @property
    def chart_data(self) -> dict[str, Any] | None:
        return self.chart.data(self) if self.chart else None

    @property
    def chart_state(self) -> str:
        return self.chart.state(self) if self.chart else ""

    @property
    def chart_partly_hidden(self) -> bool:
        return bool(self.chart and self.chart.partly_hidden(self))


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    intro: str | Promise
    tables: list[Table] = field(default_factory=list)
