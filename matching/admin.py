"""Admin of the matching app: requests and matches to look at; changes go through the
queue and the services."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from matching.models import Match, SupportRequest
from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import status_column
from peersupport.admin_export import csv_export_action
from peersupport.admin_labels import choice_list_display
from peersupport.models import SpokenLanguage
from programs.choices import AVAILABILITY_SLOTS, LivedExperience, MeetingMode, Topic


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "program", status_column("request"), "created_at", "closed_at"]
    list_filter = ["status", "program"]
    search_fields = ["requester__full_name", "requester__email"]
    list_select_related = ["requester", "program"]
    # Every field but the uuid; the JSON lists of codes as their labels.
    fields = [
        "requester",
        "program",
        "topic_labels",
        "description",
        "language_labels",
        "gender_preference",
        "outside_department",
        "site_preference",
        "meeting_mode_labels",
        "availability_labels",
        "lived_experience_labels",
        "consent_given_at",
        "consent_text_version",
        "status",
        "decided_by",
        "closed_at",
        "close_reason",
    ]
    readonly_fields = fields
    actions = [
        csv_export_action(
            [
                (_("program"), "program__name_en"),
                (_("status"), "status"),
                (_("submitted"), "created_at"),
            ]
        )
    ]
    topic_labels = choice_list_display(SupportRequest, "topics", Topic.choices)
    language_labels = choice_list_display(SupportRequest, "languages", SpokenLanguage.choices)
    meeting_mode_labels = choice_list_display(SupportRequest, "meeting_modes", MeetingMode.choices)
    availability_labels = choice_list_display(SupportRequest, "availability", AVAILABILITY_SLOTS)
    lived_experience_labels = choice_list_display(
        SupportRequest, "lived_experience", LivedExperience.choices
    )


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = [
        "supporter",
        "request",
        status_column("match"),
        "score",
        "proposed_at",
        "accepted_at",
    ]
    list_filter = ["status", "request__program"]
    search_fields = ["supporter__full_name", "request__requester__full_name"]
    list_select_related = ["supporter", "request__requester", "request__program"]
    # Every field but the uuid; the score's reasons in words, as the queue shows them.
    fields = [
        "request",
        "supporter",
        "status",
        "score",
        "reason_labels",
        "proposed_by",
        "accepted_at",
        "closed_at",
        "close_reason",
        "enrollment",
        "feedback_rating",
        "feedback_text",
        "feedback_at",
    ]
    readonly_fields = fields

    @admin.display(description=Match._meta.get_field("reasons").verbose_name)
    def reason_labels(self, match: Match) -> str:
        return format_html_join(
            ", ",
            "{}",
            (
                (render_to_string("matching/_reason.html", {"code": code, "points": points}),)
                for code, points in match.reasons
            ),
        )
