"""The dashboard's filters: program, site, department and period."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from programs.models import Program

# The longest period a custom range may cover: reports are yearly at most, and a
# period bounds how many session logs one page reads.
MAX_PERIOD_DAYS = 2 * 366

PERIODS = [
    ("4w", _("Last 4 weeks")),
    ("12w", _("Last 12 weeks")),
    ("26w", _("Last 26 weeks")),
    ("52w", _("Last 52 weeks")),
    ("custom", _("Dates of my choice")),
]
DEFAULT_PERIOD = "12w"


@dataclass(frozen=True)
class Scope:
    """What one dashboard view covers. Figures about a period count from the first local
    day of `start` up to the end of `end`; figures marked "now" are as of `now`."""

    program: Program | None
    site: str
    department: str
    start: date
    end: date
    now: datetime

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The moment after the period (exclusive), never later than now."""
        after = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return min(after, self.now)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def file_stem(self) -> str:
        """Program and period, for file names: `return-to-work_2025-01-06_2025-03-30`."""
        program = slugify(self.program.name_en) if self.program else "all-programs"
        parts = [program or f"program-{self.program.pk}"]
        parts += [slugify(value) for value in (self.site, self.department) if value]
        parts += [self.start.isoformat(), self.end.isoformat()]
        return "_".join(parts)


# Figures before this day do not exist (and far dates overflow the arithmetic).
EARLIEST_DAY = date(2000, 1, 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class DashboardFilterForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        data: Any,
        *,
        programs: list[Program],
        sites: list[str],
        departments: list[str],
    ) -> None:
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = DEFAULT_PERIOD
        super().__init__(data)
        self.programs = {program.pk: program for program in programs}
        self.fields["program"].choices = [("", _("All programs"))] + [
            (program.pk, str(program)) for program in programs
        ]
        self.fields["site"].choices = [("", _("All sites"))] + [(s, s) for s in sites]
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d, d) for d in departments
        ]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Choose the first and the last day."))
            if end < start:
                raise forms.ValidationError(_("The last day comes before the first."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most two years."))
            if start < EARLIEST_DAY or end > timezone.localdate() + timedelta(days=366):
                raise forms.ValidationError(_("Choose days between 2000 and a year from now."))
        return data

    def scope(self, *, now: datetime) -> Scope:
        """The scope of valid filters; call after `is_valid()`."""
        data = self.cleaned_data
        today = timezone.localdate(now)
        period = data.get("period") or DEFAULT_PERIOD
        if period == "custom":
            start, end = data["start"], data["end"]
        else:
            weeks = int(period.rstrip("w"))
            start, end = week_start(today) - timedelta(weeks=weeks - 1), today
        return Scope(
            program=self.programs.get(data.get("program")),
            site=data.get("site") or "",
            department=data.get("department") or "",
            start=start,
            end=end,
            now=now,
        )
