"""Pages of the matching app: asking for support, /my/, the coordinator's queue and the
supporter's matches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.forms import SupportRequestForm
from matching.models import Match, MatchStatus, RequestStatus, SupportRequest
from matching.selectors import requests_for_user, suggestions_for, suggestions_for_many
from matching.services import (
    MatchingError,
    match_accept,
    match_decline_by_supporter,
    match_propose,
    request_decline,
    request_submit,
    request_withdraw,
)
from peersupport.models import CrisisContact, User
from peersupport.roles import Role
from programs.selectors import participant_enrollments


def _require_role(user: User, role: Role) -> None:
    """Pages of one role: everyone else gets 404, so nothing about them is confirmed."""
    if not user.has_role(role):
        raise Http404


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    _require_role(request.user, Role.EMPLOYEE)
    initial = {"languages": request.user.languages}
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("program", "consent")}
        try:
            request_submit(requester=request.user, program=form.cleaned_data["program"], data=data)
        except MatchingError as error:
            form.add_error("program", str(error))
        else:
            messages.success(
                request, _("Your request is sent. The coordinator looks for a supporter for you.")
            )
            return redirect("matching:my")
    contacts = CrisisContact.objects.filter(active=True)
    return render(request, "matching/request_form.html", {"form": form, "contacts": contacts})


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matching/my.html",
        {
            "support_requests": requests_for_user(request.user),
            "enrollments": participant_enrollments(user=request.user),
        },
    )


@login_required
@require_POST
def request_withdraw_view(request: HttpRequest, uuid: str) -> HttpResponse:
    support_request = get_object_or_404(SupportRequest, uuid=uuid, requester=request.user)
    try:
        request_withdraw(request=support_request, actor=request.user)
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("matching:my")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_role(request.user, Role.COORDINATOR)
    waiting = list(
        SupportRequest.objects.filter(status=RequestStatus.WAITING)
        .select_related("requester", "program")
        .order_by("created_at")[:50]
    )
    suggestions = suggestions_for_many(waiting)
    rows = [(r, suggestions[r.pk]) for r in waiting]
    return render(request, "matching/queue.html", {"rows": rows})


@login_required
@require_POST
def queue_propose(request: HttpRequest, uuid: str) -> HttpResponse:
    _require_role(request.user, Role.COORDINATOR)
    support_request = get_object_or_404(SupportRequest.objects.select_related("program"), uuid=uuid)
    supporter_id = request.POST.get("supporter", "")
    chosen = next(
        (
            (user, suggestion)
            for user, suggestion in suggestions_for(support_request, k=50)
            if str(user.pk) == supporter_id
        ),
        None,
    )
    if chosen is None:
        messages.error(request, _("That supporter cannot be matched with this request."))
        return redirect("matching:queue")
    user, suggestion = chosen
    try:
        match_propose(
            request=support_request,
            supporter=user,
            actor=request.user,
            score=suggestion.score,
            reasons=[list(reason) for reason in suggestion.reasons],
        )
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The supporter is asked; they accept on their page."))
    return redirect("matching:queue")


@login_required
@require_POST
def queue_decline(request: HttpRequest, uuid: str) -> HttpResponse:
    _require_role(request.user, Role.COORDINATOR)
    support_request = get_object_or_404(SupportRequest, uuid=uuid)
    try:
        request_decline(
            request=support_request, actor=request.user, reason=request.POST.get("reason", "")
        )
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request is declined; the employee is told why."))
    return redirect("matching:queue")


@login_required
def supporter_matches(request: HttpRequest) -> HttpResponse:
    _require_role(request.user, Role.SUPPORTER)
    matches = (
        Match.objects.filter(
            supporter=request.user,
            status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.PAUSED],
        )
        .select_related("request__requester", "request__program")
        .order_by("status", "-proposed_at")
    )
    return render(request, "matching/supporter_matches.html", {"matches": matches})


def _own_match(request: HttpRequest, uuid: str) -> Match:
    _require_role(request.user, Role.SUPPORTER)
    return get_object_or_404(
        Match.objects.select_related("request"), uuid=uuid, supporter=request.user
    )


@login_required
@require_POST
def match_accept_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = _own_match(request, uuid)
    try:
        match_accept(match=match, actor=request.user)
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you! Your new match is active."))
    return redirect("matching:supporter_matches")


@login_required
@require_POST
def match_decline_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = _own_match(request, uuid)
    try:
        match_decline_by_supporter(match=match, actor=request.user)
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Understood: the coordinator will find someone else."))
    return redirect("matching:supporter_matches")
