"""The base of every ModelAdmin of the product: hostile input gets the admin's own
messages, never a server error."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peersupport.templatetags.status import status_badge


def _valid_values(field: Any, values: Any) -> list[Any]:
    target = field.remote_field.model._meta.pk
    kept = []
    for value in values:
        try:
            target.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        kept.append(value)
    return kept


class SafeAutocompleteMixin(AutocompleteMixin):
    """Django's autocomplete widget filters by the posted value as it is, so a posted
    word instead of an id raises while the form is shown again; such values are dropped.

    Its single select also starts with an empty choice that HTML allows: Django gives an
    optional one an `<option>` with no text, and a required one none at all, so its first
    option is the chosen record. Select2 takes the empty choice as its placeholder."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        groups = super().optgroups(name, _valid_values(self.field, value), attr)
        if not self.allow_multiple_selected:
            options = groups[0][1]
            if options and options[0]["value"] == "":
                options[0]["label"] = BLANK_CHOICE_DASH[0][1]
            else:
                options.insert(0, self.create_option(name, "", BLANK_CHOICE_DASH[0][1], False, 0))
        return groups


def _safe_widget(widget: Any) -> None:
    inner = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
    if isinstance(inner, AutocompleteMixin) and not isinstance(inner, SafeAutocompleteMixin):
        inner.__class__ = type(
            f"Safe{type(inner).__name__}", (SafeAutocompleteMixin, type(inner)), {}
        )


class SafeInputMixin:
    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            _safe_widget(formfield.widget)
        return formfield

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None:
            _safe_widget(formfield.widget)
        return formfield

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        """Selected ids that are not ids are refused like an empty selection."""
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        pk = self.model._meta.pk
        try:
            for value in selected:
                pk.to_python(value)
        except ValidationError:
            self.message_user(
                request,
                _("Items must be selected in order to perform actions on them."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class LabelledInputsMixin:
    """Every input of the admin has an accessible name (WCAG 1.3.1, 4.1.2): Django's split
    date and time inputs follow a bare "Date:" / "Time:" text, and a tabular inline's
    inputs sit under a column heading, neither of which is their label."""

    label_every_input = False

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        name = capfirst(str(getattr(db_field, "verbose_name", db_field.name)))
        inner = getattr(formfield.widget, "widget", formfield.widget)
        if isinstance(inner, AdminSplitDateTime):
            date, time = inner.widgets
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": name}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": name}
        elif self.label_every_input and not inner.is_hidden:
            inner.attrs.setdefault("aria-label", name)
        return formfield


class BaseAdmin(LabelledInputsMixin, SafeInputMixin, admin.ModelAdmin):
    """The ModelAdmin every admin of the product extends."""


class ReadOnlyAdmin(BaseAdmin):
    """Records that are written by services only: viewable, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def status_column(
    kind: str,
    *,
    field: str = "status",
    description: Any = None,
    code: Callable[[Any], str] | None = None,
    label: Callable[[Any], str] | None = None,
) -> Callable[[Any], str]:
    """A changelist column that shows a status as the product's badge (colour, icon and
    word): the record's `field` and its label, or what `code` and `label` say."""

    def column(obj: Any) -> str:
        value = code(obj) if code else obj.serializable_value(field)
        word = label(obj) if label else obj._get_FIELD_display(obj._meta.get_field(field))
        return status_badge(kind, value, word)

    described = admin.display(
        description=description or gettext_lazy("status"), ordering=None if code else field
    )
    return described(column)


class BaseTabularInline(LabelledInputsMixin, admin.TabularInline):
    """A tabular inline whose inputs are named after their columns."""

    label_every_input = True
