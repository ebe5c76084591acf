"""The eligibility rule, computed in the database. Every caller uses these methods.

A supporter is eligible for a program on a day when their account is active, they are
not paused that day, and each module the program requires has a record completed on or
before that day that expires on or after it (a record is valid through its expiry date).
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

if TYPE_CHECKING:
    from programs.models import Program

EXPIRY_WARNING_DAYS = 30


def current_on(on: date, prefix: str = "") -> Q:
    """A training record valid on `on`: completed by then and expiring on or after it."""
    return Q(**{f"{prefix}completed_on__lte": on, f"{prefix}expires_on__gte": on})


class SupporterProfileQuerySet(models.QuerySet):
    def available_on(self, on: date | None = None) -> "SupporterProfileQuerySet":
        """Active accounts that hold the supporter role and are not paused on that day
        (a pause ends on its return date)."""
        on = on or timezone.localdate()
        paused = Q(status="paused") & (Q(paused_until__isnull=True) | Q(paused_until__gt=on))
        # A join rather than EXISTS: a person is in a group at most once, so it adds no
        # rows, and the database need not probe the memberships once per profile.
        return self.filter(user__groups__name="supporter", user__is_active=True).exclude(paused)

    def eligible_for(
        self, program: "Program", *, on: date | None = None
    ) -> "SupporterProfileQuerySet":
        """Supporters who may be matched in `program` on that day: one query for any number.

        No module the program requires lacks a current record: two nested NOT EXISTS, one
        index probe per supporter and required module, rather than counting each
        supporter's records in a grouped subquery.
        """
        on = on or timezone.localdate()
        apps = self.model._meta.apps
        record_model = apps.get_model("programs", "TrainingRecord")
        requirement_model = apps.get_model("programs", "Program").required_modules.through
        current = record_model.objects.filter(
            current_on(on),
            supporter=OuterRef(OuterRef("user_id")),
            module=OuterRef("trainingmodule"),
        )
        missing = requirement_model.objects.filter(program=program).exclude(Exists(current))
        return self.available_on(on).exclude(Exists(missing))

    def with_expiring_training(self, *, on: date | None = None) -> "SupporterProfileQuerySet":
        """Supporters with a module whose current record expires within 30 days and
        has not been renewed."""
        on = on or timezone.localdate()
        record_model = self.model._meta.apps.get_model("programs", "TrainingRecord")
        expiring = record_model.objects.expiring(on=on).filter(supporter=OuterRef("user_id"))
        return self.filter(Exists(expiring))


class TrainingRecordQuerySet(models.QuerySet):
    def expiring(self, *, on: date | None = None) -> "TrainingRecordQuerySet":
        """Current records that expire within 30 days and were not renewed by a later
        record of the same module (which would expire after that window)."""
        on = on or timezone.localdate()
        soon = on + timedelta(days=EXPIRY_WARNING_DAYS)
        renewed = self.model.objects.filter(
            supporter=OuterRef("supporter"), module=OuterRef("module"), expires_on__gt=soon
        )
        return self.filter(current_on(on), expires_on__lte=soon).exclude(Exists(renewed))


class ProgramQuerySet(models.QuerySet):
    def active(self) -> "ProgramQuerySet":
        return self.filter(active=True)

    def eligible_for_supporter(self, user_id: int, *, on: date | None = None) -> "ProgramQuerySet":
        """The programs whose required training this supporter holds on that day (one query).

        The other side of `SupporterProfileQuerySet.eligible_for`: same rule, same records.
        Whether the supporter is paused is `SupporterProfileQuerySet.available_on`.
        """
        on = on or timezone.localdate()
        held = Count(
            "required_modules",
            filter=Q(required_modules__records__supporter_id=user_id)
            & current_on(on, "required_modules__records__"),
            distinct=True,
        )
        return self.annotate(
            held_modules=held, needed_modules=Count("required_modules", distinct=True)
        ).filter(held_modules__gte=models.F("needed_modules"))
