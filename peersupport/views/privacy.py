"""/my/privacy/: a copy of my data, withdrawing my consent, asking for deletion."""

import json
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peersupport.access import pending_erasure_of
from peersupport.privacy_labels import label
from peersupport.services.privacy import (
    PrivacyError,
    consent_withdraw,
    erasure_request,
    personal_data,
)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand what happens and I want to go ahead."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    pending = pending_erasure_of(request.user)
    return render(
        request,
        "peersupport/privacy.html",
        {
            "withdraw_form": ConfirmForm(prefix="withdraw"),
            "erase_form": ConfirmForm(prefix="erase"),
            "pending": pending,
        },
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        section: [{key: _plain(value) for key, value in row.items()} for row in rows]
        for section, rows in data.items()
    }


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(_rows(personal_data(request.user)), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _readable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    sections = [
        (
            label(section),
            [[(label(key), _readable(value)) for key, value in row.items()] for row in rows],
        )
        # Dates and times stay values here: the page shows them in the reader's format.
        for section, rows in personal_data(request.user).items()
    ]
    return render(request, "peersupport/privacy_export.html", {"sections": sections})


@login_required
@require_POST
def withdraw_consent(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("privacy")
    consent_withdraw(user=request.user)
    messages.success(
        request, _("Your consent is withdrawn. Your open requests and matches are closed.")
    )
    return redirect("privacy")


@login_required
@require_POST
def ask_erasure(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST, prefix="erase")
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("privacy")
    try:
        erasure_request(user=request.user)
    except PrivacyError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request, _("Your request is with the coordinator, who completes it and tells you.")
        )
    return redirect("privacy")
