"""The supporter's matches: the list, and accepting, declining, pausing or closing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from matching.access import match_for, supporter_open_matches
from matching.forms import CloseForm
from matching.services import (
    match_accept,
    match_close,
    match_decline_by_supporter,
    match_pause,
)
from matching.views.outcome import attempt
from peersupport.access import require_role
from peersupport.roles import Role


@login_required
def supporter_matches(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.SUPPORTER)
    matches = (
        supporter_open_matches(request.user)
        .select_related("request__requester", "request__program")
        .order_by("status", "-proposed_at")
    )
    return render(request, "matching/supporter_matches.html", {"matches": matches})


@login_required
@require_POST
def match_accept_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = match_for(request.user, uuid, action="respond")
    attempt(
        request,
        lambda: match_accept(match=match, actor=request.user),
        done=_("Thank you! Your new match is active."),
    )
    return redirect("matching:supporter_matches")


@login_required
@require_POST
def match_decline_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = match_for(request.user, uuid, action="respond")
    attempt(
        request,
        lambda: match_decline_by_supporter(match=match, actor=request.user),
        done=_("Understood: the coordinator will find someone else."),
        level=messages.INFO,
    )
    return redirect("matching:supporter_matches")


@login_required
@require_http_methods(["GET", "POST"])
def match_close_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET asks for the reason and confirmation (and changes nothing); POST closes."""
    match = match_for(request.user, uuid, action="respond")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: match_close(
                match=match, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            done=_("The match is closed. Thank you for your support."),
        )
        return redirect("matching:supporter_matches")
    return render(
        request,
        "matching/close_confirm.html",
        {"match": match, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def match_pause_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = match_for(request.user, uuid, action="respond")
    attempt(
        request,
        lambda: match_pause(
            match=match, actor=request.user, pause=request.POST.get("pause") == "1"
        ),
    )
    return redirect("matching:supporter_matches")
