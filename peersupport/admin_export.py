"""A CSV export action for admin lists: the columns given, read in one query, each cell
as a person reads it (labels, local times with their offset)."""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peersupport.admin_labels import Choices, export_text
from peersupport.services.audit import audit_log


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_safe(value: Any) -> str:
    """A cell as text; a leading = + - @ tab or return is neutralised so spreadsheets never
    read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _field_at(model: type[models.Model], path: str) -> Any:
    """The model field a `values_list` path ends at (`match__request__program__name_en`)."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _column_choices(
    model: type[models.Model], paths: list[str], lists: dict[str, Choices]
) -> list[Choices | None]:
    """Per column, the choices that turn its codes into labels: the field's own, or those
    given for a JSON list of codes. The labels are translated now, in the reader's
    language, not later while the response streams."""
    found: list[Choices | None] = []
    for path in paths:
        field = _field_at(model, path)
        choices = lists.get(path) or (field.flatchoices if field.choices else None)
        if isinstance(field, models.BooleanField):
            choices = [(True, gettext("yes")), (False, gettext("no"))]
        found.append(None if choices is None else [(code, str(label)) for code, label in choices])
    return found


def csv_export_action(
    columns: list[tuple[str, str]], *, choice_lists: dict[str, Choices] | None = None
) -> Callable[..., StreamingHttpResponse]:
    """An admin action exporting (header, field path) columns; metadata only, by design.
    `choice_lists` names the labels of JSON fields that hold a list of choice codes."""
    lists = {path: list(choices) for path, choices in (choice_lists or {}).items()}

    @admin.action(description=_("Export the selected rows as CSV"), permissions=["view"])
    def export_csv(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
    ) -> StreamingHttpResponse:
        paths = [path for _header, path in columns]
        choices = _column_choices(modeladmin.model, paths, lists)
        rows = queryset.order_by("pk").values_list(*paths)

        def lines() -> Iterator[str]:
            writer = csv.writer(_Echo())
            yield writer.writerow([str(header) for header, _path in columns])
            for row in rows.iterator(chunk_size=2000):
                cells = (
                    export_text(value, labels) for value, labels in zip(row, choices, strict=True)
                )
                yield writer.writerow([_csv_safe(cell) for cell in cells])

        opts = modeladmin.model._meta
        audit_log(
            actor=request.user,
            action="admin.exported",
            changes={"model": opts.label, "rows": queryset.count()},
        )
        name = f"{opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return export_csv
