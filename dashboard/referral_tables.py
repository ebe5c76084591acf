"""The Safety section's tables of the referrals raised in the period: by source, and by
urgency how fast they were acknowledged and how many went past their deadline."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dashboard.figures import Cell, Chart, Column, Row, Table, count, share
from referrals.models import ReferralSource, Urgency


def _hours(seconds: float | None, people: int) -> Cell:
    return Cell(None if seconds is None else seconds / 3600, people, "hours")


def referrals_by_source(referrals: dict[str, Any]) -> Table:
    """The referrals raised in the period, one row per source there is."""
    return Table(
        "referral_sources",
        _("Referrals raised in the period by source"),
        [Column(_("Referrals raised"))],
        [
            Row(
                label,
                [count(referrals[f"source_{source}"], referrals[f"source_{source}_people"])],
            )
            for source, label in ReferralSource.choices
        ],
        label_title=_("Raised from"),
        chart=Chart("horizontal", empty=_("No referrals raised in this period.")),
    )


def acknowledgement_by_urgency(referrals: dict[str, Any]) -> Table:
    """Per urgency and for all, of the referrals raised in the period: the median and 90th
    percentile hours to acknowledge, and those past their deadline (acknowledged after it
    or still unacknowledged) with their share."""
    rows = []
    for urgency, label in [*Urgency.choices, (None, _("All urgencies"))]:
        prefix = urgency or "all"
        acknowledged = referrals[f"{prefix}_ack_people"]
        late, late_people = referrals[f"{prefix}_late"], referrals[f"{prefix}_late_people"]
        raised_people = referrals[f"{prefix}_raised_people"]
        rows.append(
            Row(
                label,
                [
                    _hours(referrals[f"{prefix}_ack_median"], acknowledged),
                    _hours(referrals[f"{prefix}_ack_p90"], acknowledged),
                    count(late, late_people),
                    share(late, referrals[f"{prefix}_raised"], min(late_people, raised_people)),
                ],
            )
        )
    return Table(
        "referral_deadlines",
        _("Time to acknowledge the referrals raised in the period"),
        [
            Column(_("Median time to acknowledge (hours)")),
            Column(_("90th percentile of the time to acknowledge (hours)")),
            Column(_("Past the deadline")),
            Column(_("Share past the deadline")),
        ],
        rows,
        label_title=_("Urgency"),
        note=_(
            "Past the deadline: acknowledged after the time its urgency allows, or not "
            "acknowledged yet and past it."
        ),
    )
