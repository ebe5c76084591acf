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
    ReferralSource,
    ReferralStatus,
    Urgency,
)

# WHO-5 points that count as a real improvement (the index runs from 0 to 100).
WHO5_IMPROVEMENT = 10


def _counts(conditions: dict[str, Q]) -> dict[str, Any]:
    """For each condition: the referrals meeting it, and the people they are about."""
    aggregates: dict[str, Any] = {}
    for key, condition in conditions.items():
        aggregates[key] = Count("pk", filter=condition)
        aggregates[f"{key}_people"] = Count("participant", distinct=True, filter=condition)
    return aggregates


def referral_figures(scope: Scope) -> dict[str, Any]:
    """Referrals by urgency (open and overdue now; raised, acknowledged and closed in the
    period; of those raised, the time to acknowledge and how many went past their
    deadline: "late"), by source (raised in the period) and the outcomes of those closed
    in the period, in one pass."""
    closed = Q(status=ReferralStatus.CLOSED) & between("closed_at", scope)
    raised = between("created_at", scope)
    kinds = {
        "open": Q(status__in=OPEN_REFERRAL_STATUSES),
        "overdue": Q(status=ReferralStatus.SUBMITTED, acknowledge_by__lt=scope.now),
        "raised": raised,
        "closed": closed,
        # Raised in the period and past the deadline: acknowledged after it, or still
        # waiting for it.
        "late": raised
        & (
            Q(acknowledged_at__gt=F("acknowledge_by"))
            | Q(status=ReferralStatus.SUBMITTED, acknowledge_by__lt=scope.now)
        ),
    }
    acknowledged = raised & Q(acknowledged_at__isnull=False)
    wait = Epoch("acknowledged_at") - Epoch("created_at")
    outcomes = {"successful": Q(outcome_successful=True)} | {
        reason: Q(outcome_successful=False, outcome_reason=reason)
        for reason in OutcomeReason.values
    }
    aggregates = _counts(
        {f"result_{key}": closed & condition for key, condition in outcomes.items()}
        | {f"source_{source}": raised & Q(source=source) for source in ReferralSource.values}
    )
    for urgency in [None, *Urgency.values]:
        only = Q(urgency=urgency) if urgency else Q()
        prefix = urgency or "all"
        aggregates |= _counts(
            {f"{prefix}_{kind}": only & condition for kind, condition in kinds.items()}
            | {f"{prefix}_ack": only & acknowledged}
        )
        aggregates[f"{prefix}_ack_median"] = Percentile(wait, 0.5, filter=only & acknowledged)
        aggregates[f"{prefix}_ack_p90"] = Percentile(wait, 0.9, filter=only & acknowledged)
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
