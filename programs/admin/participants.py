"""Admin of the participants' side: enrollments, return-to-work plans and well-being
check-ins (read only)."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import BaseAdmin, BaseTabularInline, status_column
from peersupport.admin_export import csv_export_action
from programs.choices import Accommodation
from programs.forms import ChecklistField
from programs.models import (
    Enrollment,
    Milestone,
    PlanPhase,
    ReturnToWorkPlan,
    WellbeingCheckIn,
)


@admin.register(Enrollment)
class EnrollmentAdmin(BaseAdmin):
    list_display = [
        "person",
        "program",
        "role",
        status_column("enrollment"),
        "started_on",
        "ended_on",
    ]
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


class PlanPhaseInline(BaseTabularInline):
    model = PlanPhase
    extra = 1


class MilestoneInline(BaseTabularInline):
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
