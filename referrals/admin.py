"""Admin of the referrals app: the directory and rota are edited here; referrals are
watched here (never their summary or counselor notes), reassigned and re-routed through
the services."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from peersupport.access import holders_of
from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import BaseAdmin, BaseTabularInline, status_column
from peersupport.admin_export import csv_export_action
from peersupport.forms import SpokenLanguagesField
from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from programs.forms import ChecklistField
from referrals.access import referral_for_coordinator
from referrals.forms import RerouteForm
from referrals.hsds import hsds_export, hsds_import
from referrals.models import (
    OnCallShift,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Service,
    Urgency,
)
from referrals.services import ReferralError, referral_reassign, referral_reroute


class OnCallShiftInline(BaseTabularInline):
    model = OnCallShift
    extra = 1
    fields = ["counselor", "starts_at", "ends_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "counselor":
            kwargs["queryset"] = holders_of(Role.COUNSELOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.action(description=_("Export the selected services as HSDS 3.0 JSON"), permissions=["view"])
def export_hsds(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    audit_log(
        actor=request.user,
        action="admin.exported",
        changes={"model": "referrals.service", "format": "hsds", "rows": queryset.count()},
    )
    body = json.dumps(hsds_export(queryset), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"services-hsds-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class HsdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS 3.0 JSON file"),
        help_text=_("One organisation or a list. Nothing changes unless every service is valid."),
    )


class ServiceForm(forms.ModelForm):
    # An address typed without a scheme is taken as https (Django 6's default, and what
    # a service's site uses today), said here so Django 5.2 does not warn about it.
    website = Service._meta.get_field("website").formfield(assume_scheme="https")
    # Lists of codes as ticks with their labels, never as JSON to type.
    languages = SpokenLanguagesField(
        label=capfirst(Service._meta.get_field("languages").verbose_name)
    )
    urgencies = ChecklistField(
        label=capfirst(Service._meta.get_field("urgencies").verbose_name), choices=Urgency.choices
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "organization",
            "kind",
            "description_en",
            "description_id",
            "languages",
            "sites",
            "hours",
            "phone",
            "email",
            "website",
            "address",
            "urgencies",
            "counselors",
            "backup_counselor",
            "active",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A callable default (list) makes Django repeat the value in a hidden input, which
        # Django 5.2 gives the help text's aria-describedby: invalid HTML (a hidden input
        # may carry no aria-*). The form compares with its own initial value instead.
        self.fields["sites"].show_hidden_initial = False

    def clean(self) -> dict:
        data = super().clean()
        backup, counselors = data.get("backup_counselor"), data.get("counselors")
        if backup is not None and counselors is not None and backup not in counselors:
            # The back-up is alerted about this service's overdue cases: they must be able
            # to open them.
            self.add_error(
                "backup_counselor", _("The back-up counselor must be one of its counselors.")
            )
        return data


@admin.register(Service)
class ServiceAdmin(BaseAdmin):
    form = ServiceForm
    list_display = ["name", "organization", "kind", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "organization"]
    filter_horizontal = ["counselors"]
    inlines = [OnCallShiftInline]
    exclude = ["hsds_id"]
    actions = [export_hsds]
    change_list_template = "admin/referrals/service/change_list.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import-hsds/", view, name="referrals_service_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (
            request.user.has_perm("referrals.add_service")
            and request.user.has_perm("referrals.change_service")
        ):
            raise PermissionDenied
        form = HsdsImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    raise ValueError(_("The file is too large."))
                data = json.loads(upload.read().decode("utf-8"))
            except (ValueError, RecursionError):
                errors = [str(_("The file is not valid JSON: nothing was imported."))]
            else:
                report = hsds_import(data, actor=request.user)
                errors = report.errors
                if not errors:
                    messages.success(
                        request,
                        _("%(created)d services created, %(updated)d updated.")
                        % {"created": report.created, "updated": report.updated},
                    )
                    return redirect("admin:referrals_service_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "title": _("Import services (HSDS 3.0)"),
        }
        return TemplateResponse(request, "admin/referrals/service/import.html", context)

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "counselors":
            kwargs["queryset"] = holders_of(Role.COUNSELOR)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "backup_counselor":
            kwargs["queryset"] = holders_of(Role.COUNSELOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(OnCallShift)
class OnCallShiftAdmin(BaseAdmin):
    list_display = ["service", "counselor", "starts_at", "ends_at"]
    list_filter = ["service"]
    list_select_related = ["service", "counselor"]
    date_hierarchy = "starts_at"


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Not acknowledged in time"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.overdue(timezone.now())
        return queryset


class ReferralEventInline(BaseTabularInline):
    model = ReferralEvent
    fields = ["at", "actor_repr", "kind", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReassignForm(forms.Form):
    counselor = forms.ModelChoiceField(label=_("Counselor"), queryset=User.objects.none())

    def __init__(self, *args: object, referral: Referral, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counselor"].queryset = referral.service.counselors.filter(is_active=True)


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        status_column("urgency", field="urgency", description=_("urgency")),
        status_column("referral"),
        "service",
        "counselor",
        "acknowledge_by",
        "is_overdue",
    ]
    list_filter = ["status", "urgency", OverdueFilter, "service"]
    list_select_related = ["service", "counselor", "participant"]
    search_fields = ["participant__full_name", "participant__email"]
    date_hierarchy = "created_at"
    # The summary and the reason for going without consent are for the professional:
    # coordinators see the case's course, not its content.
    fields = [
        "participant",
        "program",
        "source",
        "raised_by",
        "trigger",
        "urgency",
        "consent_given",
        "consent_at",
        "service",
        "counselor",
        "status",
        "created_at",
        "acknowledge_by",
        "acknowledged_at",
        "escalation_level",
        "closed_at",
        "outcome_successful",
        "outcome_reason",
        "outcome_note",
        "rerouted_from",
    ]
    readonly_fields = fields
    inlines = [ReferralEventInline]
    change_form_template = "admin/referrals/referral/change_form.html"
    actions = [
        csv_export_action(
            [
                (_("raised"), "created_at"),
                (_("urgency"), "urgency"),
                (_("trigger"), "trigger"),
                (_("status"), "status"),
                (_("service"), "service__name"),
                (_("acknowledge by"), "acknowledge_by"),
                (_("acknowledged"), "acknowledged_at"),
                (_("closed"), "closed_at"),
                (_("successful"), "outcome_successful"),
                (_("why not"), "outcome_reason"),
            ]
        )
    ]

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, referral: Referral) -> bool:
        return (
            referral.status == ReferralStatus.SUBMITTED and referral.acknowledge_by < timezone.now()
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reassign/", view(self.reassign_view), name="referrals_reassign"),
            path("<int:pk>/reroute/", view(self.reroute_view), name="referrals_reroute"),
            *super().get_urls(),
        ]

    def _referral(self, request: HttpRequest, pk: int) -> Referral:
        return referral_for_coordinator(request.user, pk)

    def _page(
        self, request: HttpRequest, referral: Referral, form: forms.Form, title: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": referral,
            "form": form,
            "title": title,
        }
        return TemplateResponse(request, "admin/referrals/referral/action_form.html", context)

    def reassign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        referral = self._referral(request, pk)
        form = ReassignForm(request.POST or None, referral=referral)
        if request.method == "POST" and form.is_valid():
            try:
                referral_reassign(
                    referral=referral, counselor=form.cleaned_data["counselor"], actor=request.user
                )
            except ReferralError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The referral is reassigned."))
            return redirect(reverse("admin:referrals_referral_change", args=[referral.pk]))
        return self._page(request, referral, form, _("Reassign the referral"))

    def reroute_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        referral = self._referral(request, pk)
        form = RerouteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                new = referral_reroute(
                    referral=referral, service=form.cleaned_data["service"], actor=request.user
                )
            except ReferralError as error:
                form.add_error("service", str(error))
            else:
                messages.success(request, _("A new referral is sent to the chosen service."))
                return redirect(reverse("admin:referrals_referral_change", args=[new.pk]))
        return self._page(request, referral, form, _("Send to another service"))
