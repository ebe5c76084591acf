"""Factories of the programs app."""

from datetime import timedelta

import factory
from django.utils import timezone

from programs.models import Program, SupporterProfile, TrainingModule, TrainingRecord
from programs.services import add_months
from tests.factories import UserFactory

CORE_CODES = [
    "active-listening",
    "role-boundaries",
    "conflict-management",
    "ethics-confidentiality",
    "mental-health-basics",
]


def core_modules() -> list[TrainingModule]:
    return list(TrainingModule.objects.filter(code__in=CORE_CODES).order_by("code"))


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"Program {n}")
    name_id = factory.Sequence(lambda n: f"Program {n}")
    kind = "peer_support"

    @factory.post_generation
    def modules(self, create: bool, extracted: list[TrainingModule] | None, **kwargs: object):
        if create and extracted:
            self.required_modules.set(extracted)


class SupporterProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupporterProfile

    user = factory.SubFactory(UserFactory, roles=["supporter", "employee"])
    topics = factory.LazyFunction(lambda: ["stress"])
    meeting_modes = factory.LazyFunction(lambda: ["video"])
    availability = factory.LazyFunction(lambda: ["mon_am"])
    capacity = 3


def train(user, modules, *, completed_on=None, expires_on=None) -> list[TrainingRecord]:
    """Records for each module; by default completed 30 days ago with the module's validity."""
    completed_on = completed_on or timezone.localdate() - timedelta(days=30)
    return [
        TrainingRecord.objects.create(
            supporter=user,
            module=module,
            completed_on=completed_on,
            expires_on=expires_on or add_months(completed_on, module.validity_months),
        )
        for module in modules
    ]
