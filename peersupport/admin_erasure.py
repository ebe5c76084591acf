"""The coordinator completes an erasure on a page of its own: GET says what will happen
and changes nothing, POST erases. The changelist's action and each row lead there."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peersupport.admin_base import ReadOnlyAdmin, status_column
from peersupport.models import ErasureRequest, ErasureStatus
from peersupport.services.privacy import PrivacyError, erasure_complete

CHANGELIST = "admin:peersupport_erasurerequest_changelist"


def _confirm_url(ids: list[int]) -> str:
    query = urlencode({"ids": ",".join(str(pk) for pk in ids)})
    return f"{reverse('admin:peersupport_erasurerequest_complete')}?{query}"


@admin.action(
    description=_("Complete the selected erasures (cannot be undone)…"), permissions=["change"]
)
def complete_erasure(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    return redirect(_confirm_url(sorted(queryset.values_list("pk", flat=True))))


def _ids(values: list[str]) -> list[int]:
    """The selected ids; anything else is a bad address (404)."""
    try:
        ids = [int(value) for value in values if value.strip()]
    except ValueError as error:
        raise Http404 from error
    if not ids or len(ids) > 500:
        raise Http404
    return ids


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "requested_at",
        "person",
        status_column("erasure"),
        "completed_at",
        "completed_by",
        "complete_link",
    ]
    list_filter = ["status"]
    list_select_related = ["person", "completed_by"]
    actions = [complete_erasure]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Only the confirmation page changes anything, and only for coordinators.
        return obj is None and request.user.has_perm("peersupport.change_erasurerequest")

    @admin.display(description=_("erase"))
    def complete_link(self, obj: ErasureRequest) -> str:
        if obj.status != ErasureStatus.REQUESTED:
            return "—"
        return format_html('<a href="{}">{}</a>', _confirm_url([obj.pk]), _("Complete…"))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.complete_view)
        return [
            path("complete/", view, name="peersupport_erasurerequest_complete"),
            *super().get_urls(),
        ]

    def complete_view(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            ids = _ids(request.POST.getlist("erasure"))
        else:
            ids = _ids(request.GET.get("ids", "").split(","))
        erasures = list(
            self.get_queryset(request).filter(pk__in=ids, status=ErasureStatus.REQUESTED)
        )
        if request.method == "POST":
            self._complete(request, erasures)
            return redirect(CHANGELIST)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Complete these erasures?"),
            "erasures": erasures,
        }
        return TemplateResponse(request, "admin/peersupport/erasure_complete.html", context)

    def _complete(self, request: HttpRequest, erasures: list[ErasureRequest]) -> None:
        done = 0
        for erasure in erasures:
            try:
                erasure_complete(erasure=erasure, actor=request.user)
            except PrivacyError as error:
                self.message_user(request, str(error), level=messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d erasure completed.", "%(count)d erasures completed.", done)
            % {"count": done},
        )
