"""Admin of the matching app: requests and matches to look at; changes go through the
queue and the services."""

from django.contrib import admin

from matching.models import Match, SupportRequest
from peersupport.admin import ReadOnlyAdmin
from peersupport.admin_base import status_column
from peersupport.admin_export import csv_export_action


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "program", status_column("request"), "created_at", "closed_at"]
    list_filter = ["status", "program"]
    search_fields = ["requester__full_name", "requester__email"]
    list_select_related = ["requester", "program"]
    exclude = ["uuid"]
    actions = [
        csv_export_action(
            [("program", "program__name_en"), ("status", "status"), ("created", "created_at")]
        )
    ]


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
    exclude = ["uuid"]
