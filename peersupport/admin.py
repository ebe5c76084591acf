"""Admin for people, the audit trail (read-only) and the notification outbox."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peersupport import (
    admin_erasure,  # noqa: F401 — registers the erasure requests' admin
    admin_import,
)
from peersupport.access import holders_of, may_change_account, may_set_password_of
from peersupport.admin_base import BaseAdmin, ReadOnlyAdmin, SafeInputMixin
from peersupport.crisis import crisis_contact_delete, crisis_contact_save
from peersupport.forms import SpokenLanguagesField
from peersupport.models import (
    AuditEntry,
    CrisisContact,
    HrImport,
    Notification,
    NotificationStatus,
    User,
)
from peersupport.roles import Role
from peersupport.services.accounts import invitations_send
from peersupport.services.notifications import notification_retry
from peersupport.services.users import user_record_admin_change, user_set_roles

admin.site.site_header = _("Peer Support administration")
admin.site.site_title = _("Peer Support")
admin.site.index_title = _("Program administration")


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Role.choices, required=False, label=_("Roles"), **kwargs)


class PersonChangeForm(UserChangeForm):
    languages = SpokenLanguagesField(required=False)
    roles = RolesField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(
                self.instance.groups.filter(name__in=Role.values).values_list("name", flat=True)
            )


class PersonCreationForm(AdminUserCreationForm):
    roles = RolesField()

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email"]


class RoleFilter(admin.SimpleListFilter):
    """Filter by role, named in the reader's language (the group names are identifiers)."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return list(Role.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() in Role.values:
            return holders_of(Role(self.value()), queryset)
        return queryset


@admin.register(User)
class UserAdmin(SafeInputMixin, DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ["full_name", "employee_id", "email", "department", "site", "is_active"]
    list_filter = ["is_active", RoleFilter, "department", "site"]
    search_fields = ["full_name", "username", "email", "employee_id"]
    ordering = ["full_name"]
    list_select_related = ["line_manager"]
    autocomplete_fields = ["line_manager"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Person"),
            {
                "fields": [
                    "employee_id",
                    "full_name",
                    "email",
                    "department",
                    "site",
                    "line_manager",
                    "gender",
                    "languages",
                    "preferred_language",
                    "contact_preference",
                    "phone",
                ]
            },
        ),
        (
            _("Roles and access"),
            {"fields": ["is_active", "awaiting_confirmation", "left_at", "roles", "is_superuser"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "email",
                    "roles",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined", "left_at", "awaiting_confirmation"]
    actions = ["invite"]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(admin_import.hr_import_upload), name="peersupport_user_import"),
            path(
                "import/<int:pk>/",
                wrap(admin_import.hr_import_preview),
                name="peersupport_hrimport_preview",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Send an invitation to set a password"), permissions=["change"])
    def invite(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        people = list(queryset)
        invited = invitations_send(users=people, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d person was invited.", "%(count)d people were invited.", invited)
            % {"count": invited},
            messages.SUCCESS,
        )
        if invited < len(people):
            self.message_user(
                request,
                _("People who have signed in before or who left the company are not invited."),
                messages.WARNING,
            )

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and not may_change_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        if not may_set_password_of(request.user, id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser makes superusers or grants raw permissions.
            fields += ["is_superuser"]
        return fields

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, change: bool
    ) -> None:
        # Roles go through the service, so admin-access and the audit trail follow.
        super().save_related(request, form, formsets, change)
        user_set_roles(
            user=form.instance, roles=set(form.cleaned_data.get("roles", [])), actor=request.user
        )
        user_record_admin_change(
            user=form.instance,
            actor=request.user,
            created=not change,
            fields=[name for name in form.changed_data if "password" not in name],
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "person",
        "action",
        "target_type",
        "record",
        "ip_address",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_repr", "action", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    show_full_result_count = False

    @admin.display(description=_("who"), ordering="actor_repr")
    def person(self, entry: AuditEntry) -> str:
        """The person, as a link to everything they did."""
        if entry.actor_id is None:
            return entry.actor_repr
        return format_html(
            '<a href="?actor__id__exact={}" title="{}">{}</a>',
            entry.actor_id,
            _("Everything this person did"),
            entry.actor_repr,
        )

    @admin.display(description=_("record"), ordering="target_repr")
    def record(self, entry: AuditEntry) -> str:
        """The record, as a link to everything done to it."""
        if entry.target_type_id is None:
            return entry.target_repr
        return format_html(
            '<a href="?target_type__id__exact={}&amp;target_id={}" title="{}">{}</a>',
            entry.target_type_id,
            entry.target_id,
            _("Everything done to this record"),
            entry.target_repr,
        )

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in ("actor__id__exact", "target_id") or super().lookup_allowed(
            lookup, value, request
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "to_address", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_address", "kind"]
    date_hierarchy = "created_at"
    # The context can hold links that act for the recipient (a reset link): not shown.
    exclude = ["context"]
    actions = ["retry"]

    @admin.action(
        description=_("Send the selected failed notifications again"), permissions=["view"]
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        failed = queryset.filter(status=NotificationStatus.FAILED)
        count = sum(notification_retry(notification=n, actor=request.user) for n in failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification is waiting to be sent again.",
                "%(count)d notifications are waiting to be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(HrImport)
class HrImportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "uploaded_by", "status", "applied_at", "report"]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    exclude = ["rows"]

    @admin.display(description=_("report"))
    def report(self, obj: HrImport) -> str:
        url = reverse("admin:peersupport_hrimport_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))


@admin.register(CrisisContact)
class CrisisContactAdmin(BaseAdmin):
    list_display = ["name", "phone", "hours", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]

    def save_model(self, request: HttpRequest, obj: CrisisContact, form, change) -> None:  # type: ignore[no-untyped-def]
        crisis_contact_save(contact=obj, actor=request.user, created=not change)

    def delete_model(self, request: HttpRequest, obj: CrisisContact) -> None:
        crisis_contact_delete(contact=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for contact in queryset:
            crisis_contact_delete(contact=contact, actor=request.user)
