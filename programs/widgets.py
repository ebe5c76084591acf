"""The weekly availability as a grid: a row per day, a column per part of the day."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.choices import AVAILABILITY_SLOTS, DAY_PARTS, DAYS


class AvailabilityGrid(forms.widgets.ChoiceWidget):
    """Checkboxes of the slots ("mon_am" …) laid out as a table with row and column
    headers; the stored value stays a list of slot codes."""

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "programs/widgets/availability_grid.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"
    use_fieldset = True

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        options = {
            option["value"]: option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        }
        context["widget"]["parts"] = [label for _code, label in DAY_PARTS]
        context["widget"]["rows"] = [
            (label, [options[f"{day}_{part}"] for part, _label in DAY_PARTS]) for day, label in DAYS
        ]
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked grid is a value (no time free), not a missing field

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        # The fieldset's legend names the grid (no label points at it); each box has its own.
        return f"{id_}_{index}" if id_ and index is not None else ""


class AvailabilityField(forms.MultipleChoiceField):
    widget = AvailabilityGrid
    default_error_messages = {
        "invalid_choice": _(
            "Select a valid choice. “%(value)s” is not a day and part of the day: tick "
            "the times you are free in the grid."
        ),
        "invalid_list": _("Tick the times you are free in the grid."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", AVAILABILITY_SLOTS)
        super().__init__(**kwargs)
