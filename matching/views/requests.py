"""The employee's pages: asking for support, /my/, withdrawing, asking for another
supporter, choosing one, and the feedback on a match."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from matching.access import match_for, support_request_for
from matching.engine import MIN_SCORE
from matching.forms import DifferentSupporterForm, FeedbackForm, SupportRequestForm
from matching.models import RequestStatus
from matching.panels import my_page_panels_for
from matching.selectors import choice_cards, requests_for_user, suggestions_for
from matching.services import (
    MatchingError,
    match_feedback,
    match_propose,
    request_ask_different,
    request_submit,
    request_withdraw,
)
from matching.views.outcome import attempt
from peersupport.access import require_role
from peersupport.models import CrisisContact
from peersupport.ratelimit import limit_posts
from peersupport.roles import Role
from programs.choices import MatchMode
from programs.selectors import participant_enrollments


@login_required
@limit_posts("support_request", count_refused=False)
def request_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.EMPLOYEE)
    initial = {"languages": request.user.languages}
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("program", "consent")}
        program = form.cleaned_data["program"]
        try:
            submitted = request_submit(requester=request.user, program=program, data=data)
        except MatchingError as error:
            form.add_error("program", str(error))
        else:
            if (
                program.match_mode == MatchMode.EMPLOYEE_CHOICE
                and submitted.status == RequestStatus.WAITING
            ):
                return redirect("matching:choose", uuid=submitted.uuid)
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
@require_http_methods(["GET", "POST"])
def request_withdraw_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET asks for confirmation (and changes nothing); POST withdraws."""
    support_request = support_request_for(request.user, uuid, action="withdraw")
    if request.method == "GET":
        return render(
            request, "matching/withdraw_confirm.html", {"support_request": support_request}
        )
    attempt(
        request,
        lambda: request_withdraw(request=support_request, actor=request.user),
        done=_("Your request is withdrawn."),
    )
    return redirect("matching:my")


@login_required
@require_POST
def request_different_view(request: HttpRequest, uuid: str) -> HttpResponse:
    support_request = support_request_for(request.user, uuid, action="ask_different")
    form = DifferentSupporterForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("matching:my")
    attempt(
        request,
        lambda: request_ask_different(
            request=support_request, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("Understood. The coordinator will look for another supporter."),
    )
    return redirect("matching:my")


@login_required
@require_POST
def feedback_view(request: HttpRequest, uuid: str) -> HttpResponse:
    match = match_for(request.user, uuid, action="feedback")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how helpful the support was."))
        return redirect("matching:my")
    attempt(
        request,
        lambda: match_feedback(
            match=match,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            text=form.cleaned_data["text"],
        ),
        done=_("Thank you for your feedback."),
    )
    return redirect("matching:my")


@login_required
def choose_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """In programs where the employee chooses: up to three suggestions to pick from."""
    support_request = support_request_for(request.user, uuid, action="choose")
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
        elif attempt(
            request,
            lambda: match_propose(request=support_request, supporter=chosen[0], actor=request.user),
            done=_("Your choice is sent; the supporter will answer soon."),
        ):
            return redirect("matching:my")
    cards = choice_cards(support_request, suggestions)
    return render(request, "matching/choose.html", {"request_obj": support_request, "cards": cards})
