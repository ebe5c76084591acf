"""Pages of the matching app: asking for support, /my/, the coordinator's queue and the
supporter's matches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.engine import MIN_SCORE
from matching.forms import (
    CloseForm,
    DeclineRequestForm,
    DifferentSupporterForm,
    FeedbackForm,
    SupportRequestForm,
)
from matching.models import Match, MatchStatus, RequestStatus, SupportRequest
from matching.panels import my_page_panels_for
from matching.selectors import (
    bulk_plan,
    requests_for_user,
    suggestions_for,
    suggestions_for_many,
)
from matching.services import (
    MatchingError,
    bulk_match,
    match_accept,
    match_close,
    match_decline_by_supporter,
    match_feedback,
    match_pause,
    match_propose,
    request_ask_different,
    request_decline,
    request_submit,
    request_withdraw,
)
from peersupport.access import require_role
from peersupport.models import CrisisContact
from peersupport.ratelimit import limit_posts
from peersupport.roles import Role
from programs.choices import LivedExperience, MatchMode, ProgramKind, Topic
from programs.forms import MilestoneFormSet, PhaseFormSet, ReturnToWorkPlanForm
from programs.models import Program, ReturnToWorkPlan, SupporterProfile
from programs.selectors import participant_enrollments
from programs.services import plan_save


@login_required
@limit_posts("support_request")
def request_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.EMPLOYEE)
    initial = {"languages": request.user.languages}
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("program", "consent")}
        try:
            request_submit(requester=request.user, program=form.cleaned_data["program"], data=data)
        except MatchingError as error:
            form.add_error("program", str(error))
        else:
            program = form.cleaned_data["program"]
            if program.match_mode == MatchMode.EMPLOYEE_CHOICE:
                latest = SupportRequest.objects.filter(
                    requester=request.user, program=program, status=RequestStatus.WAITING
                ).first()
                if latest is not None:
                    return redirect("matching:choose", uuid=latest.uuid)
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
            "rating_choices": FeedbackForm.base_fields["rating"].choices,
            "panels": my_page_panels_for(request.user),
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
    require_role(request.user, Role.COORDINATOR)
    # In programs where the employee chooses, the choice stays theirs.
    waiting = list(
        SupportRequest.objects.filter(
            status=RequestStatus.WAITING, program__match_mode=MatchMode.COORDINATOR
        )
        .select_related("requester", "program")
        .order_by("created_at")[:50]
    )
    suggestions = suggestions_for_many(waiting)
    rows = [(r, suggestions[r.pk]) for r in waiting]
    programs = Program.objects.active().filter(match_mode=MatchMode.COORDINATOR)
    return render(request, "matching/queue.html", {"rows": rows, "programs": programs})


@login_required
@require_POST
def queue_propose(request: HttpRequest, uuid: str) -> HttpResponse:
    require_role(request.user, Role.COORDINATOR)
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
    require_role(request.user, Role.COORDINATOR)
    support_request = get_object_or_404(SupportRequest, uuid=uuid)
    form = DeclineRequestForm(request.POST)
    try:
        if not form.is_valid():
            raise MatchingError(" ".join(form.errors["reason"]))
        request_decline(
            request=support_request, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request is declined; the employee is told why."))
    return redirect("matching:queue")


@login_required
def supporter_matches(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.SUPPORTER)
    matches = (
        Match.objects.filter(
            supporter=request.user,
            status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.PAUSED],
        )
        .select_related("request__requester", "request__program")
        .order_by("status", "-proposed_at")
    )
    return render(
        request,
        "matching/supporter_matches.html",
        {"matches": matches, "close_reasons": CloseForm.base_fields["reason"].choices},
    )


def _own_match(request: HttpRequest, uuid: str) -> Match:
    require_role(request.user, Role.SUPPORTER)
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


@login_required
@require_POST
def request_different_view(request: HttpRequest, uuid: str) -> HttpResponse:
    support_request = get_object_or_404(
        SupportRequest.objects.select_related("program"), uuid=uuid, requester=request.user
    )
    form = DifferentSupporterForm(request.POST)
    try:
        if not form.is_valid():
            raise MatchingError(" ".join(form.errors["reason"]))
        request_ask_different(
            request=support_request, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Understood. The coordinator will look for another supporter."))
    return redirect("matching:my")


@login_required
@require_POST
def feedback_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = get_object_or_404(Match, uuid=uuid, request__requester=request.user)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how helpful the support was."))
        return redirect("matching:my")
    try:
        match_feedback(
            match=match,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            text=form.cleaned_data["text"],
        )
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect("matching:my")


@login_required
def choose_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """In programs where the employee chooses: up to three suggestions to pick from."""
    support_request = get_object_or_404(
        SupportRequest.objects.select_related("program", "requester"),
        uuid=uuid,
        requester=request.user,
        status=RequestStatus.WAITING,
        program__match_mode=MatchMode.EMPLOYEE_CHOICE,
    )
    suggestions = [
        (user, suggestion)
        for user, suggestion in suggestions_for(support_request, k=10)
        if suggestion.score >= MIN_SCORE
    ][:3]
    if request.method == "POST":
        chosen = next(
            ((u, s) for u, s in suggestions if str(u.pk) == request.POST.get("supporter", "")), None
        )
        if chosen is None:
            messages.error(request, _("Please choose one of the supporters shown."))
        else:
            try:
                match_propose(
                    request=support_request,
                    supporter=chosen[0],
                    actor=request.user,
                    score=chosen[1].score,
                    reasons=[list(r) for r in chosen[1].reasons],
                )
            except MatchingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your choice is sent; the supporter will answer soon."))
                return redirect("matching:my")
    profiles = {
        p.user_id: p
        for p in SupporterProfile.objects.filter(user__in=[u.pk for u, _s in suggestions])
    }
    cards = [
        {
            "user": user,
            "bio": profiles[user.pk].bio if user.pk in profiles else "",
            "shared_topics": [
                label
                for code, label in Topic.choices
                if code in support_request.topics
                and user.pk in profiles
                and code in profiles[user.pk].topics
            ],
            "shared_experience": [
                label
                for code, label in LivedExperience.choices
                if code in support_request.lived_experience
                and user.pk in profiles
                and code in profiles[user.pk].lived_experience
            ],
        }
        for user, _suggestion in suggestions
    ]
    return render(request, "matching/choose.html", {"request_obj": support_request, "cards": cards})


@login_required
@require_POST
def match_close_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = _own_match(request, uuid)
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise MatchingError(_("Choose a reason for closing."))
        match_close(match=match, actor=request.user, reason=form.cleaned_data["reason"])
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The match is closed. Thank you for your support."))
    return redirect("matching:supporter_matches")


@login_required
@require_POST
def match_pause_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = _own_match(request, uuid)
    try:
        match_pause(match=match, actor=request.user, pause=request.POST.get("pause") == "1")
    except MatchingError as error:
        messages.error(request, str(error))
    return redirect("matching:supporter_matches")


@login_required
def bulk_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Bulk matching for a program: a preview of every pair, then confirm."""
    require_role(request.user, Role.COORDINATOR)
    program = get_object_or_404(
        Program.objects.active(), pk=program_pk, match_mode=MatchMode.COORDINATOR
    )
    if request.method == "POST":
        pairs = []
        for value in request.POST.getlist("pair"):
            parts = value.split(":")
            if len(parts) == 3 and all(part.isdigit() for part in parts):
                pairs.append((int(parts[0]), int(parts[1]), min(int(parts[2]), 100)))
        made, skipped = bulk_match(program=program, pairs=pairs, actor=request.user)
        messages.success(
            request,
            _("%(made)d supporters asked; %(skipped)d pairs could no longer be made.")
            % {"made": made, "skipped": skipped},
        )
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


@login_required
def plan_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """The matched supporter writes the participant's return-to-work plan."""
    match = get_object_or_404(
        Match.objects.select_related("enrollment__program", "request__requester"),
        uuid=uuid,
        supporter=request.user,
        status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED],
        enrollment__program__kind=ProgramKind.RETURN_TO_WORK,
    )
    require_role(request.user, Role.SUPPORTER)
    plan = ReturnToWorkPlan.objects.filter(enrollment=match.enrollment).first() or ReturnToWorkPlan(
        enrollment=match.enrollment
    )
    data = request.POST if request.method == "POST" else None
    plan_form = ReturnToWorkPlanForm(data, instance=plan)
    phases = PhaseFormSet(data, instance=plan, prefix="phases")
    milestones = MilestoneFormSet(data, instance=plan, prefix="milestones")
    if data is not None and plan_form.is_valid() and phases.is_valid() and milestones.is_valid():
        plan_save(plan_form=plan_form, phases=phases, milestones=milestones, actor=request.user)
        messages.success(request, _("The return-to-work plan is saved."))
        return redirect("matching:plan", uuid=match.uuid)
    return render(
        request,
        "matching/plan.html",
        {"match": match, "form": plan_form, "phases": phases, "milestones": milestones},
    )
