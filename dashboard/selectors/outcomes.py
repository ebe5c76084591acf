"""Referrals to professionals and WHO-5 well-being."""

from typing import Any

from django.db.models import BigIntegerField, Count, F, Max, Min, Q
from django.db.models.functions import Cast

from dashboard.forms import Scope
from dashboard.selectors.common import between, compiled, people_filter, program_filter, rows
from dashboard.sql import Epoch, Percentile
from programs.models import CheckInKind, EnrollmentRole, WellbeingCheckIn
from referrals.models import (
    OPEN_REFERRAL_STATUSES,
    OutcomeReason,
    Referral,
    ReferralStatus,
    Urgency,
)

# WHO-5 points that count as a real improvement (the index runs from 0 to 100).
WHO5_IMPROVEMENT = 10


def referral_figures(scope: Scope) -> dict[str, Any]:
    """Referrals by urgency (open and overdue now; raised, acknowledged and closed in the
    period) and the outcomes of those closed in the period, in one pass."""
    closed = Q(status=ReferralStatus.CLOSED) & between("closed_at", scope)
    raised = between("created_at", scope)
    kinds = {
        "open": Q(status__in=OPEN_REFERRAL_STATUSES),
        "overdue": Q(status=ReferralStatus.SUBMITTED, acknowledge_by__lt=scope.now),
        "raised": raised,
        "closed": closed,
    }
    acknowledged = raised & Q(acknowledged_at__isnull=False)
    outcomes = {"successful": Q(outcome_successful=True)} | {
        reason: Q(outcome_successful=False, outcome_reason=reason)
        for reason in OutcomeReason.values
    }
    aggregates: dict[str, Any] = {}
    for urgency in [None, *Urgency.values]:
        only = Q(urgency=urgency) if urgency else Q()
        prefix = urgency or "all"
        for kind, condition in kinds.items():
            aggregates[f"{prefix}_{kind}"] = Count("pk", filter=only & condition)
            aggregates[f"{prefix}_{kind}_people"] = Count(
                "participant", distinct=True, filter=only & condition
            )
        aggregates[f"{prefix}_ack_median"] = Percentile(
            Epoch("acknowledged_at") - Epoch("created_at"), 0.5, filter=only & acknowledged
        )
        aggregates[f"{prefix}_ack_people"] = Count(
            "participant", distinct=True, filter=only & acknowledged
        )
    for outcome, condition in outcomes.items():
        aggregates[f"result_{outcome}"] = Count("pk", filter=closed & condition)
        aggregates[f"result_{outcome}_people"] = Count(
            "participant", distinct=True, filter=closed & condition
        )
    return (
        Referral.objects.filter(
            kinds["open"] | raised | closed,
            program_filter(scope, "program"),
            people_filter(scope, "participant__"),
        )
        .order_by()
        .aggregate(**aggregates)
    )


def wellbeing_figures(scope: Scope) -> dict[int | None, tuple[Any, ...]]:
    """WHO-5 per program (and None for all together), for participants with a check-in
    in the period: (people at intake, their mean, people at the latest follow-up, their
    mean, people with both, of whom improved by 10 points or more, the mean change from
    intake to latest follow-up of the people with both).

    A person counts once per program (their first intake and latest follow-up in it),
    and once for all programs together (their first intake and latest follow-up in any).
    """
    # The score of the first intake and of the latest follow-up without a subquery per
    # person: the smallest (largest) "seconds * 1000 + score" is the first (latest)
    # check-in, and its last three digits are its score.
    keyed = Cast(Epoch("taken_at"), BigIntegerField()) * 1000 + F("score")
    in_period = WellbeingCheckIn.objects.filter(between("taken_at", scope)).values("enrollment_id")
    per_person = (
        WellbeingCheckIn.objects.filter(
            program_filter(scope, "enrollment__program"),
            people_filter(scope, "person__"),
            enrollment_id__in=in_period,
            enrollment__role=EnrollmentRole.PARTICIPANT,
            taken_at__lt=scope.end_at,
        )
        .order_by()
        .values(in_program=F("enrollment__program_id"), who=F("person_id"))
        .annotate(
            intake_key=Min(keyed, filter=Q(kind=CheckInKind.INTAKE)),
            latest_key=Max(keyed, filter=Q(kind=CheckInKind.FOLLOW_UP)),
        )
    )
    inner, params = compiled(per_person)
    intake, latest = "(e.intake_key %% 1000)", "(e.latest_key %% 1000)"
    both = "e.intake_key IS NOT NULL AND e.latest_key IS NOT NULL"
    figures = (
        f"COUNT(e.intake_key), AVG({intake}), COUNT(e.latest_key), AVG({latest}), "
        f"SUM(CASE WHEN {both} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {both} AND {latest} - {intake} >= %s THEN 1 ELSE 0 END), "
        f"AVG(CASE WHEN {both} THEN {latest} - {intake} END)"
    )
    everyone = (
        "SELECT who, MIN(intake_key) AS intake_key, MAX(latest_key) AS latest_key "
        "FROM p GROUP BY who"
    )
    sql = (
        f"WITH p AS ({inner}) "  # noqa: S608 (a compiled queryset; values are parameters)
        f"SELECT NULL, {figures} FROM ({everyone}) e "
        f"UNION ALL SELECT e.in_program, {figures} FROM p e GROUP BY e.in_program"
    )
    result = rows(sql, [*params, WHO5_IMPROVEMENT, WHO5_IMPROVEMENT])
    return {
        program: (
            int(intake or 0),
            None if intake_mean is None else float(intake_mean),
            int(latest or 0),
            None if latest_mean is None else float(latest_mean),
            int(both or 0),
            int(improved or 0),
            None if change is None else float(change),
        )
        for program, intake, intake_mean, latest, latest_mean, both, improved, change in result
    }
