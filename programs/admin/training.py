"""Admin of the training catalogue: modules, programs and the supporters' training records
(added one by one or imported)."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.admin_base import BaseAdmin, status_column
from peersupport.admin_export import csv_export_action
from peersupport.tabular import TableError
from programs.forms import UploadForm
from programs.models import (
    Program,
    TrainingModule,
    TrainingRecord,
)
from programs.querysets import EXPIRY_WARNING_DAYS
from programs.services import (
    add_months,
    training_record_add,
    training_record_update,
    training_records_import,
)


@admin.register(TrainingModule)
class TrainingModuleAdmin(BaseAdmin):
    list_display = ["code", "title_en", "title_id", "validity_months"]
    search_fields = ["code", "title_en", "title_id"]
    actions = [
        csv_export_action(
            [
                (gettext_lazy("code"), "code"),
                (gettext_lazy("title (English)"), "title_en"),
                (gettext_lazy("valid for (months)"), "validity_months"),
            ]
        )
    ]


@admin.register(Program)
class ProgramAdmin(BaseAdmin):
    list_display = ["name_en", "name_id", "kind", "active", "match_mode", "default_capacity"]
    list_filter = ["kind", "active", "match_mode"]
    search_fields = ["name_en", "name_id"]
    filter_horizontal = ["required_modules"]
    actions = [
        csv_export_action(
            [
                (gettext_lazy("name (English)"), "name_en"),
                (gettext_lazy("kind"), "kind"),
                (gettext_lazy("active"), "active"),
                (gettext_lazy("how matches are made"), "match_mode"),
            ]
        )
    ]


class ExpiryFilter(admin.SimpleListFilter):
    title = gettext_lazy("validity")
    parameter_name = "validity"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("current", _("Current")),
            ("expiring", _("Expires within 30 days")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(expires_on__gte=today, completed_on__lte=today)
        if self.value() == "expiring":
            soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
            return queryset.filter(expires_on__gte=today, expires_on__lte=soon)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        return queryset


def _validity(record: TrainingRecord) -> str:
    today = timezone.localdate()
    if record.expires_on < today:
        return "expired"
    if record.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return "current"


VALIDITY_LABELS = {
    "current": gettext_lazy("Current"),
    "expiring": gettext_lazy("Expires within 30 days"),
    "expired": gettext_lazy("Expired"),
}


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["supporter", "module", "completed_on", "signed_off_by", "note"]

    def clean_completed_on(self) -> Any:
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError(_("The completion date is in the future."))
        return completed_on

    def _post_clean(self) -> None:
        # The expiry follows from the module, so the model's checks see a whole record.
        module, completed_on = (
            self.cleaned_data.get("module"),
            self.cleaned_data.get("completed_on"),
        )
        if module and completed_on:
            self.instance.expires_on = add_months(completed_on, module.validity_months)
        super()._post_clean()


@admin.register(TrainingRecord)
class TrainingRecordAdmin(BaseAdmin):
    form = TrainingRecordForm
    list_display = [
        "supporter",
        "module",
        "completed_on",
        "expires_on",
        status_column(
            "training",
            description=gettext_lazy("validity"),
            code=_validity,
            label=lambda record: VALIDITY_LABELS[_validity(record)],
        ),
        "signed_off_by",
    ]
    list_filter = [ExpiryFilter, "module"]
    search_fields = ["supporter__full_name", "supporter__email", "supporter__employee_id"]
    list_select_related = ["supporter", "module", "signed_off_by"]
    autocomplete_fields = ["supporter", "signed_off_by"]
    date_hierarchy = "completed_on"
    actions = [
        csv_export_action(
            [
                (gettext_lazy("supporter"), "supporter__full_name"),
                (gettext_lazy("employee id"), "supporter__employee_id"),
                (gettext_lazy("module"), "module__code"),
                (gettext_lazy("completed on"), "completed_on"),
                (gettext_lazy("expires on"), "expires_on"),
            ]
        )
    ]

    def save_model(
        self, request: HttpRequest, obj: TrainingRecord, form: Any, change: bool
    ) -> None:
        if change:
            training_record_update(record=obj, changed=form.changed_data, actor=request.user)
            return
        saved = training_record_add(
            supporter=obj.supporter,
            module=obj.module,
            completed_on=obj.completed_on,
            signed_off_by=obj.signed_off_by,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = saved.pk

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="programs_trainingrecord_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = training_records_import(
                    name=upload.name, content=upload.read(), actor=request.user
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                if not report.refused:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d training record imported.",
                            "%(count)d training records imported.",
                            report.written,
                        )
                        % {"count": report.written},
                    )
                    return redirect("admin:programs_trainingrecord_changelist")
        return render(
            request,
            "admin/programs/trainingrecord_import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import training records"),
                "opts": self.model._meta,
                "form": form,
                "report": report,
            },
        )
