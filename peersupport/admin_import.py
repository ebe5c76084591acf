"""The HR import in the admin: upload, a dry-run preview with a per-row report, confirm."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.models import HrImport, HrImportStatus
from peersupport.services.hr_import import (
    ImportFileError,
    ImportNotApplicable,
    hr_import_apply,
    hr_import_create,
    hr_import_discard,
    hr_import_plan,
)

# The preview lists at most this many rows of each kind; the counts cover them all.
PREVIEW_ROWS = 500


class HrFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HR export"),
        help_text=gettext_lazy(
            "A CSV or XLSX file whose first row names the columns: employee id, full name, "
            "work e-mail, department, site, line manager (their employee id), gender, "
            "languages, status (active or left)."
        ),
    )


class HrConfirmForm(forms.Form):
    send_invitations = forms.BooleanField(
        label=gettext_lazy("Invite the new people by e-mail to set their password"),
        required=False,
        initial=True,
    )


def _require_import_rights(request: HttpRequest) -> None:
    if not request.user.has_perms(["peersupport.add_user", "peersupport.change_user"]):
        raise PermissionDenied


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": title, "opts": HrImport._meta, **extra}


def hr_import_upload(request: HttpRequest) -> HttpResponse:
    _require_import_rights(request)
    form = HrFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            hr_import = hr_import_create(
                name=upload.name, content=upload.read(), actor=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("admin:peersupport_hrimport_preview", pk=hr_import.pk)
    return render(
        request,
        "admin/peersupport/hr_import_upload.html",
        _context(request, _("Import people from HR"), form=form),
    )


def hr_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_import_rights(request)
    hr_import = get_object_or_404(HrImport, pk=pk)
    form = HrConfirmForm(request.POST or None)
    if request.method == "POST" and "discard" in request.POST:
        hr_import_discard(hr_import=hr_import, actor=request.user)
        messages.info(request, _("The import was discarded; nothing was changed."))
        return redirect("admin:peersupport_user_changelist")
    if request.method == "POST" and form.is_valid():
        try:
            summary = hr_import_apply(
                hr_import=hr_import,
                actor=request.user,
                send_invitations=form.cleaned_data["send_invitations"],
            )
        except ImportNotApplicable as error:
            messages.error(request, str(error))
            return redirect("admin:peersupport_hrimport_preview", pk=hr_import.pk)
        messages.success(request, _summary_message(summary))
        return redirect("admin:peersupport_user_changelist")
    plan = (
        hr_import_plan(rows=hr_import.rows)
        if hr_import.status == HrImportStatus.PREVIEWED
        else None
    )
    return render(
        request,
        "admin/peersupport/hr_import_preview.html",
        _context(
            request,
            _("Check the import before it is written"),
            hr_import=hr_import,
            plan=plan,
            counts=plan.counts() if plan else hr_import.summary,
            refused=[r for r in plan.rows if r.errors][:PREVIEW_ROWS] if plan else [],
            changing=[r for r in plan.rows if r.action in ("create", "update", "leave", "skip")][
                :PREVIEW_ROWS
            ]
            if plan
            else [],
            preview_rows=PREVIEW_ROWS,
            form=form,
        ),
    )


def _summary_message(summary: dict[str, int]) -> str:
    return " ".join(
        [
            ngettext("%(count)d person added,", "%(count)d people added,", summary["create"])
            % {"count": summary["create"]},
            ngettext("%(count)d updated,", "%(count)d updated,", summary["update"])
            % {"count": summary["update"]},
            ngettext("%(count)d marked as left,", "%(count)d marked as left,", summary["leave"])
            % {"count": summary["leave"]},
            ngettext("%(count)d invited.", "%(count)d invited.", summary["invited"])
            % {"count": summary["invited"]},
        ]
    )
