"""Admin of the sessions app for coordinators: dates, lengths, modes, topics and triggers;
never the notes (not shown, not searched, not exported)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import BaseAdmin, status_column
from peersupport.admin_export import csv_export_action
from peersupport.admin_labels import choice_list_display
from programs.choices import Topic
from referrals.models import Trigger
from sessions.models import (
    ReviewTask,
    SessionLog,
    Signposting,
    SupervisionRequest,
    SupervisionStatus,
)
from sessions.services import SessionLogError, review_task_done, supervision_hold


@admin.register(SessionLog)
class SessionLogAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "author", "participant", "minutes", "mode", "trigger_labels"]
    list_filter = ["mode", "match__request__program"]
    list_select_related = ["author", "match__request__requester"]
    search_fields = ["author__full_name", "match__request__requester__full_name"]
    date_hierarchy = "occurred_at"
    fields = [
        "match",
        "author",
        "occurred_at",
        "minutes",
        "mode",
        "topic_labels",
        "mood",
        "signposting_labels",
        "next_follow_up",
        "trigger_labels",
        "referral",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = [
        csv_export_action(
            [
                (_("date and time"), "occurred_at"),
                (_("length (minutes)"), "minutes"),
                (_("mode"), "mode"),
                (_("topics"), "topics"),
                (_("boundary check"), "triggers"),
                (_("program"), "match__request__program__name_en"),
            ],
            choice_lists={"topics": Topic.choices, "triggers": Trigger.choices},
        )
    ]
    # The JSON lists of codes, as their labels.
    topic_labels = choice_list_display(SessionLog, "topics", Topic.choices)
    signposting_labels = choice_list_display(SessionLog, "signposting", Signposting.choices)
    trigger_labels = choice_list_display(SessionLog, "triggers", Trigger.choices)

    @admin.display(description=_("participant"))
    def participant(self, log: SessionLog) -> str:
        return str(log.match.request.requester)


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = SupervisionRequest
        fields = ["held_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def clean_held_on(self) -> object:
        held_on = self.cleaned_data["held_on"]
        if held_on is None:
            raise forms.ValidationError(_("Enter the date the debrief was held."))
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A debrief cannot be held in the future."))
        return held_on


@admin.register(SupervisionRequest)
class SupervisionRequestAdmin(BaseAdmin):
    list_display = ["created_at", "supporter", "urgent", status_column("supervision"), "held_on"]
    list_filter = ["status", "urgent"]
    list_select_related = ["supporter"]
    search_fields = ["supporter__full_name"]
    form = SupervisionForm
    readonly_fields = ["supporter", "urgent", "reason", "created_at", "status", "held_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == SupervisionStatus.REQUESTED)

    def save_model(self, request: HttpRequest, obj: SupervisionRequest, form, change) -> None:  # type: ignore[no-untyped-def]
        try:
            supervision_hold(
                supervision=SupervisionRequest.objects.get(pk=obj.pk),
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
            )
        except SessionLogError as error:
            messages.error(request, str(error))


@admin.action(description=_("Mark the selected reviews as done"), permissions=["change"])
def mark_done(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done = sum(review_task_done(task=task, actor=request.user) for task in queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d review marked as done.", "%(count)d reviews marked as done.", done)
        % {"count": done},
    )


@admin.register(ReviewTask)
class ReviewTaskAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "reason",
        "match",
        status_column(
            "review",
            code=lambda task: "open" if task.done_at is None else "done",
            label=lambda task: _("To review") if task.done_at is None else _("Done"),
        ),
        "done_at",
        "done_by",
    ]
    list_filter = ["reason", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["match__supporter", "match__request__requester", "done_by"]
    actions = [mark_done]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("session_logs.change_reviewtask") and obj is None
