"""Admin of the supporters: their profiles and their applications to become one."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.access import holders_of
from peersupport.admin_base import BaseAdmin, status_column
from peersupport.admin_export import csv_export_action
from peersupport.roles import Role
from programs.forms import DeclineForm, SupporterProfileForm
from programs.models import (
    ApplicationStatus,
    Program,
    SupporterApplication,
    SupporterProfile,
)
from programs.services import (
    ApplicationNotOpen,
    application_approve,
    application_decline,
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

    list_display = ["user", status_column("supporter"), "paused_until", "capacity", "approved_at"]
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
    list_display = [
        "applicant",
        "submitted_at",
        status_column("application"),
        "decided_by",
        "decided_at",
    ]
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
