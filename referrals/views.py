"""The counselor's workspace (/referrals/) and the withdrawal of a referral."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peersupport.access import require_role
from peersupport.roles import Role
from peersupport.services.audit import audit_read
from referrals.access import (
    ReferralAction,
    ReferralRights,
    person_to_refer_for,
    referral_for,
    referral_link_for,
)
from referrals.forms import (
    CloseForm,
    CoordinatorReferralForm,
    NoteForm,
    ReasonForm,
    StartForm,
)
from referrals.models import Referral
from referrals.panels import ReferralPagePanel, referral_page_panels_for
from referrals.selectors import counselor_queue
from referrals.services import (
    ReferralError,
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_raise_by_coordinator,
    referral_start,
    referral_withdraw,
)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.COUNSELOR)
    rows = list(counselor_queue(request.user))
    return render(request, "referrals/queue.html", {"referrals": rows, "now": timezone.now()})


def _detail_context(
    request: HttpRequest,
    referral: Referral,
    rights: ReferralRights,
    panels: list[ReferralPagePanel],
    **forms: object,
) -> dict:
    # An on-call counselor of another service reads an emergency and may acknowledge it for
    # the rota; the service's own notes and the session notes stay with the service.
    return {
        "referral": referral,
        "rights": rights,
        "own_service": rights.own_service,
        "events": referral.events.select_related("actor"),
        "notes": referral.notes.select_related("author") if rights.sees_counselor_notes else [],
        "panels": panels,
        "now": timezone.now(),
        "close_form": forms.get("close_form") or CloseForm(),
        "decline_form": forms.get("decline_form") or ReasonForm(),
        "start_form": forms.get("start_form") or StartForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }


def _render_detail(
    request: HttpRequest,
    referral: Referral,
    rights: ReferralRights,
    *,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    """The referral page. Its panels may include the case's session notes (the sessions
    app's panel, for the service's counselors only): that read is audited here."""
    panels = referral_page_panels_for(referral=referral, reader=request.user, rights=rights)
    with_notes = [panel for panel in panels if panel.includes_session_notes]
    if with_notes:
        audit_read(
            actor=request.user,
            action="session_log.notes_read",
            target=referral,
            changes={"logs": sum(panel.session_notes_shown for panel in with_notes)},
        )
    context = _detail_context(request, referral, rights, panels, **forms)
    return render(request, "referrals/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    referral, rights = referral_for(request.user, uuid, action="view")
    # Reading the summary and notes of a case is recorded (who read which case, when).
    audit_read(actor=request.user, action="referral.viewed", target=referral)
    return _render_detail(request, referral, rights)


def _apply(
    request: HttpRequest, referral: Referral, change: Callable[[Referral], None], done: str
) -> HttpResponse:
    try:
        change(referral)
    except ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("referrals:detail", uuid=referral.uuid)


def _act(
    request: HttpRequest,
    uuid: str,
    action: ReferralAction,
    change: Callable[[Referral], None],
    done: str,
) -> HttpResponse:
    referral, _rights = referral_for(request.user, uuid, action=action)
    return _apply(request, referral, change, done)


@login_required
@require_POST
def acknowledge(request: HttpRequest, uuid: str) -> HttpResponse:
    referral, rights = referral_for(request.user, uuid, action="acknowledge")
    if rights.own_service:
        done = _("Acknowledged. The case is yours.")
    else:
        done = _("Acknowledged for the on-call rota. The case stays with %(service)s.") % {
            "service": referral.service.name
        }
    return _apply(
        request, referral, lambda r: referral_acknowledge(referral=r, actor=request.user), done
    )


@login_required
@require_POST
def accept(request: HttpRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        "accept",
        lambda r: referral_accept(referral=r, actor=request.user),
        _("Accepted."),
    )


def _with_form(
    request: HttpRequest,
    uuid: str,
    action: ReferralAction,
    form_class: type,
    form_name: str,
    change: Callable[[Referral, dict], None],
    done: str,
) -> HttpResponse:
    referral, rights = referral_for(request.user, uuid, action=action)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            change(referral, form.cleaned_data)
        except ReferralError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
            return redirect("referrals:detail", uuid=referral.uuid)
    return _render_detail(
        request, referral, rights, status=400 if form.errors else 200, **{form_name: form}
    )


@login_required
@require_POST
def start(request: HttpRequest, uuid: str) -> HttpResponse:
    return _with_form(
        request,
        uuid,
        "start",
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
        "close",
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
        "decline",
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
        "note",
        NoteForm,
        "note_form",
        lambda r, data: counselor_note_add(referral=r, author=request.user, text=data["text"]),
        _("Note saved."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """The raiser or the participant withdraws; anyone else gets 404."""
    referral, _rights = referral_for(request.user, uuid, action="withdraw")
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


@login_required
def raise_referral(request: HttpRequest, person_id: int) -> HttpResponse:
    """A coordinator hands a person to a professional; the match it comes from, when
    any, is named in `?match=`."""
    match_uuid = request.GET.get("match")
    person, match = person_to_refer_for(request.user, person_id, match_uuid=match_uuid)
    form = CoordinatorReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_raise_by_coordinator(
                coordinator=request.user,
                participant=person,
                service=form.cleaned_data["service"],
                urgency=form.cleaned_data["urgency"],
                summary=form.cleaned_data["summary"],
                consent=form.consent_value(),
                match=match,
            )
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The referral is raised; the service is told."))
            return redirect(referral_link_for(request.user, referral))
    context = {"person": person, "match": match, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/raise.html", context, status=status)
