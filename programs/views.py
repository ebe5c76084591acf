"""Pages of the programs app: the catalogue, applying, the supporter's page, /my/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peersupport.ratelimit import limit_posts
from programs.access import (
    enrollment_for,
    may_apply,
    open_application_of,
    own_supporter_profile,
    program_for,
)
from programs.forms import SupporterApplicationForm, SupporterProfileForm, WellbeingCheckInForm
from programs.models import Program
from programs.selectors import supporter_training_status
from programs.services import application_submit, checkin_submit, supporter_profile_save


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.active().prefetch_related("required_modules")
    return render(request, "programs/program_list.html", {"programs": programs})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, action="view")
    return render(request, "programs/program_detail.html", {"program": program})


@login_required
@limit_posts("supporter_application")
def apply(request: HttpRequest) -> HttpResponse:
    if not may_apply(request.user):
        return redirect("programs:supporter_home")
    open_application = open_application_of(request.user)
    if open_application is not None:
        return render(
            request, "programs/application_waiting.html", {"application": open_application}
        )
    initial = {"languages": request.user.languages, "site": request.user.site}
    form = SupporterApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            application_submit(applicant=request.user, data=data)
        except (ValidationError, IntegrityError):
            # A second click that raced the first: the first application stands.
            return redirect("programs:apply")
        messages.success(
            request, _("Thank you! Your application is with the coordinator, who will reply soon.")
        )
        return redirect("programs:apply")
    return render(request, "programs/apply.html", {"form": form})


@login_required
def supporter_home(request: HttpRequest) -> HttpResponse:
    profile = own_supporter_profile(request.user)
    training = supporter_training_status(user=request.user)
    return render(
        request,
        "programs/supporter_home.html",
        {"profile": profile, "training": training},
    )


@login_required
def supporter_edit(request: HttpRequest) -> HttpResponse:
    profile = own_supporter_profile(request.user)
    form = SupporterProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        supporter_profile_save(
            profile=form.save(commit=False), changed=form.changed_data, actor=request.user
        )
        messages.success(request, _("Your supporter profile is saved."))
        return redirect("programs:supporter_home")
    return render(request, "programs/supporter_edit.html", {"form": form})


@login_required
def checkin(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = enrollment_for(request.user, enrollment_pk, action="checkin")
    form = WellbeingCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = checkin_submit(
            person=request.user,
            enrollment=enrollment,
            answers=form.answers(),
            share_with_supporter=form.cleaned_data["share_with_supporter"],
        )
        messages.success(request, _("Thank you for your check-in."))
        if result.suggest_help:
            # Gentle and never a label: an invitation to talk to a professional.
            messages.info(
                request,
                _(
                    "Your answers suggest that things may be hard at the moment. Talking to a "
                    "professional can help: your supporter or coordinator can put you in touch "
                    "with the counseling service, confidentially."
                ),
            )
        return redirect("matching:my")  # the /my/ page shows the check-ins
    return render(request, "programs/checkin.html", {"form": form, "enrollment": enrollment})
