"""Factories for requests and matches."""

from django.utils import timezone

from matching.models import Match, SupportRequest
from programs.models import SupporterProfile
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory


def make_request(requester=None, program=None, **fields) -> SupportRequest:
    fields.setdefault("topics", ["stress"])
    fields.setdefault("languages", ["id"])
    return SupportRequest.objects.create(
        requester=requester or UserFactory(roles=["employee"]),
        program=program or ProgramFactory(),
        consent_given_at=timezone.now(),
        consent_text_version="2026-1",
        **fields,
    )


def make_supporter(user=None, capacity=3, **fields):
    user = user or UserFactory(roles=["supporter", "employee"], languages=["id"])
    if not user.has_role("supporter"):
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name="supporter"))
        user.__dict__.pop("roles", None)
    fields.setdefault("topics", ["stress"])
    fields.setdefault("meeting_modes", ["video"])
    fields.setdefault("availability", ["mon_am"])
    SupporterProfile.objects.update_or_create(user=user, defaults={"capacity": capacity, **fields})
    return user


def make_match(request, supporter, status="proposed") -> Match:
    return Match.objects.create(request=request, supporter=supporter, status=status, score=80)
