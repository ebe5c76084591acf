"""Who may see or act on the programs app's records: programs, a supporter's own profile,
a participant's enrollment, a supporter application."""

from typing import Literal

from django.http import Http404

from peersupport.models import User
from peersupport.roles import Role
from programs.models import (
    ApplicationStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    SupporterApplication,
    SupporterProfile,
)


def program_for(user: User, pk: int, *, action: Literal["view"]) -> Program:
    """An active program of the catalogue: every signed-in person may read it."""
    program = Program.objects.active().prefetch_related("required_modules").filter(pk=pk).first()
    if program is None:
        raise Http404
    return program


def may_apply(user: User) -> bool:
    """Anyone may apply to become a supporter, except a supporter already."""
    return not user.has_role(Role.SUPPORTER)


def open_application_of(user: User) -> SupporterApplication | None:
    """The person's own application still waiting for the coordinator, if any."""
    return SupporterApplication.objects.filter(
        applicant=user, status=ApplicationStatus.SUBMITTED
    ).first()


def own_supporter_profile(user: User) -> SupporterProfile:
    """The signed-in supporter's profile; others get 404 (the page is theirs alone).

    A supporter whose role was given by hand has no profile yet: they get a new one to
    fill in, saved on their first edit.
    """
    if not user.has_role(Role.SUPPORTER):
        raise Http404
    profile = SupporterProfile.objects.select_related("user").filter(user=user).first()
    return profile or SupporterProfile(user=user)


def enrollment_for(user: User, pk: int, *, action: Literal["checkin"]) -> Enrollment:
    """The person's own active participation, for their well-being check-in."""
    enrollment = (
        Enrollment.objects.select_related("program")
        .filter(
            pk=pk,
            person=user,
            role=EnrollmentRole.PARTICIPANT,
            status=EnrollmentStatus.ACTIVE,
        )
        .first()
    )
    if enrollment is None:
        raise Http404
    return enrollment


def supporter_profile_of(user: User) -> SupporterProfile | None:
    """The person's own supporter profile, if they have one (their capacity, their pause)."""
    return SupporterProfile.objects.filter(user=user).first()
