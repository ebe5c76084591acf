"""The supporter's session pages: caseload, per-match history, logging with the boundary
check and its escalation, corrections, addenda and supervision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.models import Match, MatchStatus
from peersupport.access import require_role
from peersupport.models import CrisisContact
from peersupport.roles import Role
from peersupport.services.audit import audit_read
from programs.access import supporter_profile_of
from referrals.forms import EscalationForm
from referrals.models import Trigger, Urgency
from referrals.routing import URGENCY_FOR_TRIGGER
from referrals.selectors import referral_statuses_on_match
from sessions.access import case_match_for, session_log_for
from sessions.forms import AddendumForm, CorrectionForm, SessionLogForm, SupervisionForm
from sessions.models import SessionLog
from sessions.selectors import (
    logs_of_match,
    open_match_count,
    quiet_since,
    supervision_history,
    supporter_caseload,
)
from sessions.services import (
    DuplicateSessionLog,
    Escalation,
    SessionLogError,
    can_correct,
    referral_trigger,
    session_addendum_add,
    session_log_correct,
    session_log_create,
    supervision_request,
)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.SUPPORTER)
    return render(
        request,
        "session_logs/caseload.html",
        {
            "matches": list(supporter_caseload(request.user)),
            "quiet_since": quiet_since(),
            "today": timezone.localdate(),
        },
    )


@login_required
def match_history(request: HttpRequest, uuid: str) -> HttpResponse:
    match = case_match_for(request.user, uuid, action="history")
    audit_read(actor=request.user, action="session_log.notes_read", target=match)
    return render(
        request,
        "session_logs/match.html",
        {
            "match": match,
            "logs": list(logs_of_match(match)),
            "referrals": referral_statuses_on_match(request.user, match),
        },
    )


def _initial(match: Match) -> dict:
    last = match.session_logs.order_by("-occurred_at").values("mode", "minutes").first() or {}
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"occurred_at": now, **last}


@login_required
def log_session(request: HttpRequest, uuid: str) -> HttpResponse:
    """Log a session. A boundary-check answer that needs a referral shows the referral part
    (after the crisis protocol for imminent risk); both are saved together."""
    match = case_match_for(request.user, uuid, action="log")
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.CLOSED):
        return redirect("sessions:match", uuid=match.uuid)
    form = SessionLogForm(request.POST or None, match=match, initial=_initial(match))
    context = {"match": match, "form": form}
    if request.method != "POST" or not form.is_valid() or "back" in request.POST:
        return render(request, "session_logs/log_form.html", context, status=_status(form))
    data = {k: v for k, v in form.cleaned_data.items()}
    trigger = referral_trigger(data["triggers"])
    escalation_form = None
    if trigger:
        escalation_form = EscalationForm(
            request.POST if "escalation" in request.POST else None,
            trigger=trigger,
            initial={"summary": _summary(form, trigger)},
        )
        if "escalation" not in request.POST or not escalation_form.is_valid():
            return _escalation_page(request, context, trigger, escalation_form)
    try:
        log = session_log_create(
            match=match,
            author=request.user,
            data=data,
            escalation=Escalation(
                trigger=trigger,
                summary=escalation_form.cleaned_data["summary"],
                consent=escalation_form.consent_value(),
            )
            if trigger
            else None,
        )
    except DuplicateSessionLog as error:
        messages.info(request, str(error))
        return redirect("sessions:match", uuid=match.uuid)
    except SessionLogError as error:
        if trigger:
            escalation_form.add_error(None, str(error))
            return _escalation_page(request, context, trigger, escalation_form)
        form.add_error(None, str(error))
        return render(request, "session_logs/log_form.html", context, status=400)
    messages.success(request, _done_message(log))
    return redirect("sessions:match", uuid=match.uuid)


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _escalation_page(
    request: HttpRequest, context: dict, trigger: str, escalation_form: EscalationForm
) -> HttpResponse:
    # Both forms of the page carry the log's answers as hidden inputs. They come from a
    # copy without ids: the log form's own would repeat each id (and the aria-describedby
    # of a help text) in the two forms.
    carried = SessionLogForm(request.POST, match=context["match"], auto_id=False)
    return render(
        request,
        "session_logs/escalation.html",
        {
            **context,
            "carried": carried,
            "trigger": trigger,
            "trigger_label": Trigger(trigger).label,
            "urgency_label": Urgency(URGENCY_FOR_TRIGGER[trigger]).label,
            "imminent": trigger == Trigger.IMMINENT_RISK,
            "escalation_form": escalation_form,
            "contacts": CrisisContact.objects.filter(active=True),
        },
        status=400 if escalation_form.is_bound else 200,
    )


def _summary(form: SessionLogForm, trigger: str) -> str:
    data = form.cleaned_data
    lines = [
        _("Boundary check: %(trigger)s.") % {"trigger": Trigger(trigger).label},
        _("Session on %(when)s, %(minutes)d minutes, %(mode)s.")
        % {
            "when": date_format(timezone.localtime(data["occurred_at"]), "DATETIME_FORMAT"),
            "minutes": data["minutes"],
            "mode": dict(form.fields["mode"].choices)[data["mode"]],
        },
        _("What was said about the risk:"),
    ]
    return "\n".join(str(line) for line in lines) + "\n"


def _done_message(log: SessionLog) -> str:
    if referral_trigger(log.triggers) and not log.referral_id:
        return _(
            "Session saved. No service in the directory takes this referral, so the "
            "coordinators are alerted now. If someone is in danger, call a crisis contact."
        )
    if log.referral_id:
        return _("Session saved, and the referral is sent to %(service)s. Thank you.") % {
            "service": log.referral.service.name
        }
    if Trigger.SUPPORTER_DISTRESS in log.triggers:
        return _("Session saved. The coordinator is asked for a debrief with you.")
    return _("Session saved.")


@login_required
def log_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    log = session_log_for(request.user, uuid, action="open")
    audit_read(actor=request.user, action="session_log.notes_read", target=log)
    editable = can_correct(log)
    form = CorrectionForm(instance=log, match=log.match) if editable else None
    return render(
        request,
        "session_logs/log_detail.html",
        {
            "log": log,
            "editable": editable,
            "form": form,
            "addendum_form": AddendumForm(),
            "revisions": log.revisions.select_related("by"),
            "addenda": log.addenda.all(),
        },
    )


@login_required
@require_POST
def log_correct(request: HttpRequest, uuid: str) -> HttpResponse:
    log = session_log_for(request.user, uuid, action="correct")
    if not can_correct(log):
        messages.error(request, _("This log can no longer be corrected. Add an addendum instead."))
        return redirect("sessions:log", uuid=log.uuid)
    form = CorrectionForm(request.POST, instance=SessionLog.objects.get(pk=log.pk), match=log.match)
    if form.is_valid():
        try:
            changed = session_log_correct(log=log, author=request.user, data=form.cleaned_data)
        except SessionLogError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Correction saved.") if changed else _("Nothing was changed.")
            )
        return redirect("sessions:log", uuid=log.uuid)
    return render(
        request,
        "session_logs/log_detail.html",
        {
            "log": log,
            "editable": True,
            "form": form,
            "addendum_form": AddendumForm(),
            "revisions": log.revisions.select_related("by"),
            "addenda": log.addenda.all(),
        },
        status=400,
    )


@login_required
@require_POST
def log_addendum(request: HttpRequest, uuid: str) -> HttpResponse:
    log = session_log_for(request.user, uuid, action="addendum")
    form = AddendumForm(request.POST)
    if form.is_valid():
        session_addendum_add(log=log, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Addendum added."))
    else:
        messages.error(request, form.errors["text"][0])
    return redirect("sessions:log", uuid=log.uuid)


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.SUPPORTER)
    form = SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        supervision_request(
            supporter=request.user,
            urgent=form.cleaned_data["urgent"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Your request is sent. The coordinator will contact you."))
        return redirect("sessions:supervision")
    profile = supporter_profile_of(request.user)
    open_matches = open_match_count(request.user)
    return render(
        request,
        "session_logs/supervision.html",
        {
            "form": form,
            "history": supervision_history(request.user),
            "profile": profile,
            "open_matches": open_matches,
        },
        status=_status(form) if request.method == "POST" else 200,
    )
