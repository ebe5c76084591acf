"""Validators shared by the apps."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items all come from a fixed set of codes (no repeats)."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = sorted(codes)

    def __call__(self, value: object) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Choose from the list."), code="not_a_list")
        unknown = sorted(set(value) - set(self.codes))
        if unknown:
            raise ValidationError(
                _("Not on the list: %(codes)s."),
                code="unknown_choice",
                params={"codes": ", ".join(unknown)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChoiceListValidator) and other.codes == self.codes
