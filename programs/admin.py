"""Admin of the programs app: every model, with filters, search and CSV export."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.access import holders_of
from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import BaseAdmin
from peersupport.admin_export import csv_export_action
from peersupport.roles import Role
from peersupport.tabular import TableError
from programs.choices import Accommodation
from programs.forms import ChecklistField, DeclineForm, SupporterProfileForm, UploadForm
from programs.models import (
    ApplicationStatus,
    Enrollment,
    Milestone,
    PlanPhase,
    Program,
    ReturnToWorkPlan,
    SupporterApplication,
    SupporterProfile,
    TrainingModule,
    TrainingRecord,
    WellbeingCheckIn,
)
from programs.querysets import EXPIRY_WARNING_DAYS
from programs.services import (
    ApplicationNotOpen,
    add_months,
    application_approve,
    application_decline,
    training_record_add,
    training_record_update,
    training_records_import,
)


@admin.register(TrainingModule)
class TrainingModuleAdmin(BaseAdmin):
    list_display = ["code", "title_en", "title_id", "validity_months"]
    search_fields = ["code", "title_en", "title_id"]
    actions = [
        csv_export_action([("code", "code"), ("title", "title_en"), ("months", "validity_months")])
    ]


@admin.register(Program)
class ProgramAdmin(BaseAdmin):
    list_display = ["name_en", "name_id", "kind", "active", "match_mode", "default_capacity"]
    list_filter = ["kind", "active", "match_mode"]
    search_fields = ["name_en", "name_id"]
    filter_horizontal = ["required_modules"]
    actions = [
        csv_export_action(
            [("name", "name_en"), ("kind", "kind"), ("active", "active"), ("mode", "match_mode")]
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
    list_display = ["supporter", "module", "completed_on", "expires_on", "signed_off_by"]
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


class EligibleForFilter(admin.SimpleListFilter):
    title = gettext_lazy("eligible today for")
    parameter_name = "eligible_for"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(str(p.pk), str(p)) for p in Program.objects.active()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or ""
        program = Program.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if program is None:
            return queryset
        return queryset.eligible_for(program)


class ExpiringTrainingFilter(admin.SimpleListFilter):
    title = gettext_lazy("training")
    parameter_name = "training"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("expiring", _("Expires within 30 days"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "expiring":
            return queryset.with_expiring_training()
        return queryset


class SupporterProfileAdminForm(SupporterProfileForm):
    class Meta(SupporterProfileForm.Meta):
        fields = ["user", *SupporterProfileForm.Meta.fields, "approved_at"]


@admin.register(SupporterProfile)
class SupporterProfileAdmin(BaseAdmin):
    form = SupporterProfileAdminForm

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":  # only people who hold the supporter role
            kwargs["queryset"] = holders_of(Role.SUPPORTER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    list_display = ["user", "status", "paused_until", "capacity", "approved_at"]
    list_filter = ["status", EligibleForFilter, ExpiringTrainingFilter]
    search_fields = ["user__full_name", "user__email", "user__employee_id"]
    list_select_related = ["user"]
    actions = [
        csv_export_action(
            [
                (gettext_lazy("supporter"), "user__full_name"),
                (gettext_lazy("status"), "status"),
                (gettext_lazy("paused until"), "paused_until"),
                (gettext_lazy("caseload cap"), "capacity"),
            ]
        )
    ]


@admin.register(SupporterApplication)
class SupporterApplicationAdmin(BaseAdmin):
    list_display = ["applicant", "submitted_at", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["applicant__full_name", "applicant__email"]
    list_select_related = ["applicant", "decided_by"]
    readonly_fields = [
        "applicant",
        "submitted_at",
        "status",
        "decided_at",
        "decided_by",
        "decline_reason",
    ]
    actions = [
        "approve",
        "decline",
        csv_export_action(
            [
                (gettext_lazy("applicant"), "applicant__full_name"),
                (gettext_lazy("submitted"), "submitted_at"),
                (gettext_lazy("status"), "status"),
            ]
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people apply at /supporters/apply/

    @admin.action(
        description=gettext_lazy("Approve the selected applications"), permissions=["change"]
    )
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        approved = 0
        for application in queryset.filter(status=ApplicationStatus.SUBMITTED).select_related(
            "applicant"
        ):
            try:
                application_approve(application=application, actor=request.user)
            except ApplicationNotOpen:
                continue
            approved += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d application approved; the applicant is told.",
                "%(count)d applications approved; the applicants are told.",
                approved,
            )
            % {"count": approved},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Decline the selected applications…"), permissions=["change"]
    )
    def decline(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        pending = queryset.filter(status=ApplicationStatus.SUBMITTED).select_related("applicant")
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            declined = 0
            for application in pending:
                try:
                    application_decline(
                        application=application,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ApplicationNotOpen:
                    continue
                declined += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d application declined; the applicant is told.",
                    "%(count)d applications declined; the applicants are told.",
                    declined,
                )
                % {"count": declined},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/programs/supporterapplication_decline.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Decline applications"),
                "opts": self.model._meta,
                "applications": pending,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Enrollment)
class EnrollmentAdmin(BaseAdmin):
    list_display = ["person", "program", "role", "status", "started_on", "ended_on"]
    # Consent is given by the person (when they ask for support), never typed in here.
    readonly_fields = ["consent_given_at", "consent_text_version"]
    list_filter = ["role", "status", "program"]
    search_fields = ["person__full_name", "person__email", "person__employee_id"]
    list_select_related = ["person", "program"]
    autocomplete_fields = ["person"]
    actions = [
        csv_export_action(
            [
                (gettext_lazy("person"), "person__full_name"),
                (gettext_lazy("program"), "program__name_en"),
                (gettext_lazy("role"), "role"),
                (gettext_lazy("status"), "status"),
                (gettext_lazy("started on"), "started_on"),
            ]
        )
    ]


class PlanPhaseInline(admin.TabularInline):
    model = PlanPhase
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


class ReturnToWorkPlanForm(forms.ModelForm):
    accommodations = ChecklistField(
        label=gettext_lazy("Accommodations"), choices=Accommodation.choices, required=False
    )

    class Meta:
        model = ReturnToWorkPlan
        fields = ["enrollment", "return_date", "accommodations", "accommodations_note"]


@admin.register(ReturnToWorkPlan)
class ReturnToWorkPlanAdmin(BaseAdmin):
    form = ReturnToWorkPlanForm
    list_display = ["enrollment", "return_date", "updated_at"]
    search_fields = ["enrollment__person__full_name"]
    list_select_related = ["enrollment__person", "enrollment__program"]
    autocomplete_fields = ["enrollment"]
    inlines = [PlanPhaseInline, MilestoneInline]


@admin.register(WellbeingCheckIn)
class WellbeingCheckInAdmin(ReadOnlyAdmin):
    """Who checked in and when. Scores and answers stay out of the admin: only the
    dashboard's aggregates (groups of five or more) reach coordinators."""

    list_display = ["person", "enrollment", "kind", "taken_at"]
    list_filter = ["kind"]
    fields = ["person", "enrollment", "kind", "taken_at"]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The admin filters by any field named in the address (?score__lte=28): only the
        # harmless ones are allowed, so nobody can list who scored low.
        return lookup in {"kind", "kind__exact", "person__id__exact", "enrollment__id__exact"}

    list_select_related = ["person", "enrollment__program", "enrollment__person"]
    search_fields = ["person__full_name"]
