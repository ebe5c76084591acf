"""The counselor's workspace (/referrals/) and the withdrawal of a referral."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peersupport.access import require_role
from peersupport.panels import panels
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from referrals.forms import CloseForm, NoteForm, ReasonForm, StartForm
from referrals.models import Referral
from referrals.selectors import counselor_queue, referral_for_counselor
from referrals.services import (
    ReferralError,
    counselor_note_add,
    is_counselor_of,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_start,
    referral_withdraw,
)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.COUNSELOR)
    rows = list(counselor_queue(request.user))
    return render(request, "referrals/queue.html", {"referrals": rows, "now": timezone.now()})


def _detail_context(request: HttpRequest, referral: Referral, **forms: object) -> dict:
    # An on-call counselor of another service may read an emergency, not act on it or
    # read the service's own notes.
    own_service = is_counselor_of(request.user, referral.service)
    return {
        "referral": referral,
        "own_service": own_service,
        "events": referral.events.select_related("actor"),
        "notes": referral.notes.select_related("author") if own_service else [],
        "panels": panels("referral", referral=referral, reader=request.user),
        "now": timezone.now(),
        "close_form": forms.get("close_form") or CloseForm(),
        "decline_form": forms.get("decline_form") or ReasonForm(),
        "start_form": forms.get("start_form") or StartForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }


@login_required
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = referral_for_counselor(request.user, uuid)
    # Reading the summary and notes of a case is recorded (who read which case, when).
    audit_log(actor=request.user, action="referral.viewed", target=referral)
    return render(request, "referrals/detail.html", _detail_context(request, referral))


def _act(
    request: HttpRequest, uuid: str, change: Callable[[Referral], None], done: str
) -> HttpResponse:
    referral = referral_for_counselor(request.user, uuid)
    try:
        change(referral)
    except ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("referrals:detail", uuid=referral.uuid)


@login_required
@require_POST
def acknowledge(request: HttpRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        lambda r: referral_acknowledge(referral=r, actor=request.user),
        _("Acknowledged. The case is yours."),
    )


@login_required
@require_POST
def accept(request: HttpRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        lambda r: referral_accept(referral=r, actor=request.user),
        _("Accepted."),
    )


def _with_form(
    request: HttpRequest,
    uuid: str,
    form_class: type,
    form_name: str,
    change: Callable[[Referral, dict], None],
    done: str,
) -> HttpResponse:
    referral = referral_for_counselor(request.user, uuid)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            change(referral, form.cleaned_data)
        except ReferralError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
            return redirect("referrals:detail", uuid=referral.uuid)
    context = _detail_context(request, referral, **{form_name: form})
    return render(request, "referrals/detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def start(request: HttpRequest, uuid: str) -> HttpResponse:
    return _with_form(
        request,
        uuid,
        StartForm,
        "start_form",
        lambda r, data: referral_start(referral=r, actor=request.user, note=data["note"]),
        _("Marked as in progress."),
    )


@login_required
@require_POST
def close(request: HttpRequest, uuid: str) -> HttpResponse:
    return _with_form(
        request,
        uuid,
        CloseForm,
        "close_form",
        lambda r, data: referral_close(
            referral=r,
            actor=request.user,
            successful=data["successful"],
            reason=data["reason"],
            note=data["note"],
        ),
        _("The referral is closed."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, uuid: str) -> HttpResponse:
    return _with_form(
        request,
        uuid,
        ReasonForm,
        "decline_form",
        lambda r, data: referral_decline(referral=r, actor=request.user, reason=data["reason"]),
        _("Declined. The coordinator sends it to another service."),
    )


@login_required
@require_POST
def note(request: HttpRequest, uuid: str) -> HttpResponse:
    return _with_form(
        request,
        uuid,
        NoteForm,
        "note_form",
        lambda r, data: counselor_note_add(referral=r, author=request.user, text=data["text"]),
        _("Note saved."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """The raiser or the participant withdraws; anyone else gets 404."""
    referral = (
        Referral.objects.filter(uuid=uuid)
        .filter(Q(raised_by=request.user) | Q(participant=request.user))
        .select_related("match")
        .first()
    )
    if referral is None:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required to withdraw."))
    else:
        try:
            referral_withdraw(
                referral=referral, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ReferralError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The referral is withdrawn."))
    # Back where the form was: the supporter's match page, or the person's /my/ page.
    if (
        request.POST.get("next_page") != "my"
        and referral.match
        and (referral.match.supporter_id == request.user.pk)
    ):
        return redirect("sessions:match", uuid=referral.match.uuid)
    return redirect("matching:my")
