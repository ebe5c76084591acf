"""The coordinator's matching: the queue of waiting requests, proposing a supporter,
declining a request, and bulk matching for a program."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.access import bulk_program_for, support_request_for
from matching.forms import DeclineRequestForm
from matching.selectors import (
    bulk_plan,
    coordinator_queue_requests,
    person_by_id,
    suggestions_for_many,
)
from matching.services import bulk_match, match_propose, request_decline
from matching.views.outcome import attempt
from peersupport.access import require_role
from peersupport.roles import Role
from programs.choices import MatchMode
from programs.models import Program


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.COORDINATOR)
    waiting = coordinator_queue_requests()
    suggestions = suggestions_for_many(waiting)
    rows = [(r, suggestions[r.pk]) for r in waiting]
    programs = Program.objects.active().filter(match_mode=MatchMode.COORDINATOR)
    return render(request, "matching/queue.html", {"rows": rows, "programs": programs})


@login_required
@require_POST
def queue_propose(request: HttpRequest, uuid: str) -> HttpResponse:
    support_request = support_request_for(request.user, uuid, action="propose")
    # Only the supporter's id is taken from the page: the service checks every hard rule
    # and computes the score itself.
    supporter = person_by_id(request.POST.get("supporter", ""))
    if supporter is None:
        messages.error(request, _("That supporter cannot be matched with this request."))
        return redirect("matching:queue")
    attempt(
        request,
        lambda: match_propose(request=support_request, supporter=supporter, actor=request.user),
        done=_("The supporter is asked; they accept on their page."),
    )
    return redirect("matching:queue")


@login_required
@require_POST
def queue_decline(request: HttpRequest, uuid: str) -> HttpResponse:
    support_request = support_request_for(request.user, uuid, action="decline")
    form = DeclineRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("matching:queue")
    attempt(
        request,
        lambda: request_decline(
            request=support_request, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("The request is declined; the employee is told why."),
    )
    return redirect("matching:queue")


def _posted_pairs(request: HttpRequest) -> list[tuple[int, int]]:
    """The (request id, supporter id) pairs the coordinator confirmed: ids only, anything
    else is dropped; the service checks every rule and computes every score again."""
    pairs = []
    for value in request.POST.getlist("pair"):
        parts = value.split(":")
        if len(parts) == 2 and all(part.isdigit() for part in parts):
            pairs.append((int(parts[0]), int(parts[1])))
    return pairs


@login_required
def bulk_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Bulk matching for a program: a preview of every pair, then confirm."""
    program = bulk_program_for(request.user, program_pk)
    if request.method == "POST":
        made, refused = bulk_match(
            program=program, pairs=_posted_pairs(request), actor=request.user
        )
        messages.success(
            request,
            _("%(made)d supporters asked; %(skipped)d pairs could no longer be made.")
            % {"made": made, "skipped": len(refused)},
        )
        for reason in sorted(set(refused)):
            messages.warning(request, reason)
        return redirect("matching:queue")
    pairs, unmatched, total, waiting = bulk_plan(program)
    names = {r.pk: r for r in waiting}
    return render(
        request,
        "matching/bulk.html",
        {
            "program": program,
            "pairs": pairs,
            "total": total,
            "unmatched": [(names[pk], reason) for pk, reason in unmatched.items()],
        },
    )
