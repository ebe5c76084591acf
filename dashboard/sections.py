"""The dashboard's sections, built from the raw figures of `selectors.DashboardData`.

Each builder reads only the queries its section needs, so an export of one section runs
only those. The same tables feed the page, the charts and the exports.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dashboard.figures import Cell, Chart, Column, Row, Section, Table, count, days, share
from dashboard.referral_tables import acknowledgement_by_urgency, referrals_by_source
from dashboard.selectors import DashboardData
from dashboard.selectors.demand import QUIET_MATCH_DAYS
from dashboard.selectors.sessions import weeks_of
from dashboard.selectors.supporters import SUPERVISION_DAYS
from programs.choices import MeetingMode, Topic
from programs.querysets import EXPIRY_WARNING_DAYS
from referrals.models import OutcomeReason, Trigger, Urgency
from sessions.models import BOUNDARY_TRIGGERS

VALUE = [Column(_("Value"))]


def demand(data: DashboardData) -> Section:
    requests, matched = data.requests, data.time_to_match
    waiting_people = requests["waiting_people"]
    longest = (
        (data.scope.now - requests["waiting_since"]).total_seconds()
        if requests["waiting_since"]
        else None
    )
    rows = [
        Row(_("Requests waiting now"), [count(requests["waiting"], waiting_people)]),
        Row(_("Median wait so far (days)"), [days(requests["waiting_median"], waiting_people)]),
        Row(_("Longest wait so far (days)"), [days(longest, waiting_people)]),
        Row(
            _("Requests received in the period"),
            [count(requests["received"], requests["received_people"])],
        ),
        Row(
            _("Median time from request to active match (days)"),
            [days(matched["median"], matched["people"])],
        ),
        Row(
            _("90th percentile of the time to an active match (days)"),
            [days(matched["p90"], matched["people"])],
        ),
        Row(
            _("Requests withdrawn in the period"),
            [count(requests["withdrawn"], requests["withdrawn_people"])],
        ),
    ]
    return Section(
        "demand",
        _("Demand"),
        _("Requests waiting for a supporter now, and how fast requests became matches."),
        [Table("demand", _("Requests"), VALUE, rows)],
    )


def capacity(data: DashboardData) -> Section:
    supporters, matches = data.supporters, data.active_matches
    available = supporters["available"]
    rows = [
        Row(_("Active matches now"), [count(matches["active"])]),
        Row(_("Supporters available now"), [count(available)]),
        Row(_("Supporters paused now"), [count(supporters["supporters"] - available)]),
        *[
            Row(
                _("Supporters eligible for %(program)s") % {"program": program},
                [count(data.supporters["eligible"][program.pk])],
            )
            for program in data.programs
        ],
        Row(
            _("Utilisation: active matches over the capacity of available supporters"),
            [share(supporters["active_load"], supporters["capacity"], people=available)],
        ),
        Row(_("Supporters at or over their caseload cap"), [count(supporters["full"])]),
        Row(_("Supporters one place below their cap"), [count(supporters["near"])]),
        Row(
            _("Available supporters with no supervision in %(days)s days")
            % {"days": SUPERVISION_DAYS},
            [count(supporters["unsupervised"])],
        ),
    ]
    return Section(
        "capacity",
        _("Capacity"),
        _(
            "Supporters serve every program, so the supporter figures cover all of them, "
            "whatever the program chosen; eligibility is for the program."
        ),
        [Table("capacity", _("Matches and supporters"), VALUE, rows)],
    )


def _session_cells(figures: tuple[int, int, int] | None) -> list[Cell]:
    """Sessions and hours, shown only when at least five pairs are behind them."""
    sessions, minutes, pairs = figures or (0, 0, 0)
    return [count(sessions, pairs), Cell(minutes / 60, pairs, "hours")]


SESSION_COLUMNS = [Column(_("Sessions")), Column(_("Hours"))]
MODE_COLUMNS = [SESSION_COLUMNS[0], Column(_("Share of sessions")), SESSION_COLUMNS[1]]
NO_SESSIONS = _("No sessions logged in this period yet.")
SESSIONS_NOTE = _(
    "A figure is shown when the sessions behind it involve at least 5 support pairs (a "
    "person supported and their supporter), so at least 5 people."
)


def _activity_totals(sessions: dict[str, Any], matches: dict[str, Any]) -> Table:
    """The period's sessions and hours, and the active matches that went quiet."""
    total = sessions["total"].get("")
    return Table(
        "activity",
        _("Sessions"),
        VALUE,
        [
            Row(_("Sessions in the period"), [_session_cells(total)[0]]),
            Row(_("Hours of support in the period"), [_session_cells(total)[1]]),
            Row(
                _("Active matches with no session in %(days)s days") % {"days": QUIET_MATCH_DAYS},
                [count(matches["quiet"])],
            ),
        ],
        note=SESSIONS_NOTE,
    )


def _sessions_by_mode(sessions: dict[str, Any]) -> Table:
    """Sessions and hours per meeting mode, with each mode's share of all sessions."""
    total = sessions["total"].get("")
    total_sessions = total[0] if total else 0
    modes = []
    for mode, label in MeetingMode.choices:
        figures = sessions["mode"].get(mode) or (0, 0, 0)
        number, hours = _session_cells(figures)
        modes.append(Row(label, [number, share(figures[0], total_sessions, figures[2]), hours]))
    return Table(
        "modes",
        _("Sessions by mode"),
        MODE_COLUMNS,
        modes,
        label_title=_("Mode"),
        chart=Chart("bar", empty=NO_SESSIONS),
    )


def activity(data: DashboardData) -> Section:
    sessions, matches = data.sessions, data.active_matches
    weeks = [monday for monday, _start, _end in weeks_of(data.scope)]
    return Section(
        "activity",
        _("Activity"),
        _("Sessions logged in the period, and the active matches that went quiet."),
        [
            _activity_totals(sessions, matches),
            Table(
                "weeks",
                _("Sessions per week"),
                SESSION_COLUMNS,
                [
                    Row(monday, _session_cells(sessions["week"].get(monday.isoformat())))
                    for monday in weeks
                ],
                label_title=_("Week starting"),
                chart=Chart("bar", empty=NO_SESSIONS),
            ),
            _sessions_by_mode(sessions),
            Table(
                "topics",
                _("Sessions by topic"),
                SESSION_COLUMNS,
                [
                    Row(label, _session_cells(sessions["topic"].get(code)))
                    for code, label in Topic.choices
                ],
                label_title=_("Topic"),
                note=_("A session may touch several topics."),
                chart=Chart("horizontal", empty=NO_SESSIONS),
            ),
        ],
    )


def _referrals_by_urgency(referrals: dict[str, Any]) -> Table:
    """Per urgency and for all: open and overdue now, raised and closed in the period, and
    the median hours to acknowledge."""
    by_urgency = []
    for urgency, label in [*Urgency.choices, (None, _("All urgencies"))]:
        prefix = urgency or "all"
        cells = [
            count(referrals[f"{prefix}_{kind}"], referrals[f"{prefix}_{kind}_people"])
            for kind in ("open", "overdue", "raised", "closed")
        ]
        median = referrals[f"{prefix}_ack_median"]
        hours = None if median is None else median / 3600
        cells.append(Cell(hours, referrals[f"{prefix}_ack_people"], "hours"))
        by_urgency.append(Row(label, cells))
    return Table(
        "referrals",
        _("Referrals by urgency"),
        [
            Column(_("Open now")),
            Column(_("Overdue now")),
            Column(_("Raised in the period")),
            Column(_("Closed in the period")),
            Column(_("Median time to acknowledge (hours)")),
        ],
        by_urgency,
        label_title=_("Urgency"),
    )


def _referral_outcomes(referrals: dict[str, Any]) -> Table:
    """The referrals closed in the period, successful or by the reason they were not."""
    outcomes = [("successful", _("Successful"))] + [
        (reason, _("Not successful: %(reason)s") % {"reason": label})
        for reason, label in OutcomeReason.choices
    ]
    return Table(
        "referral_outcomes",
        _("Outcomes of referrals closed in the period"),
        [Column(_("Referrals"))],
        [
            Row(label, [count(referrals[f"result_{key}"], referrals[f"result_{key}_people"])])
            for key, label in outcomes
        ],
        label_title=_("Outcome"),
    )


def safety(data: DashboardData) -> Section:
    sessions, referrals = data.sessions, data.referrals
    labels = dict(Trigger.choices)
    triggers = [
        Row(labels[trigger], _session_cells(sessions["trigger"].get(str(trigger))))
        for trigger in BOUNDARY_TRIGGERS
    ]
    return Section(
        "safety",
        _("Safety"),
        _(
            "Boundary triggers in the period's session logs, and referrals to professionals "
            "(open and overdue now; raised and closed in the period, by urgency and by "
            "source; how fast they were acknowledged)."
        ),
        [
            Table(
                "triggers",
                _("Boundary triggers"),
                SESSION_COLUMNS,
                triggers,
                label_title=_("Trigger"),
                chart=Chart(
                    "horizontal", empty=_("No boundary triggers in this period's session logs.")
                ),
            ),
            _referrals_by_urgency(referrals),
            referrals_by_source(referrals),
            acknowledgement_by_urgency(referrals),
            _referral_outcomes(referrals),
        ],
    )


def training(data: DashboardData) -> Section:
    available, expiring = data.supporters["available"], data.expiring
    eligibility = [
        Row(
            str(program),
            [
                count(data.supporters["eligible"][program.pk]),
                share(data.supporters["eligible"][program.pk], available),
            ],
        )
        for program in data.programs
    ]
    return Section(
        "training",
        _("Training"),
        _("A supporter is eligible while every module the program requires is current."),
        [
            Table(
                "eligibility",
                _("Eligible supporters"),
                [Column(_("Eligible now")), Column(_("Share of available supporters"))],
                eligibility,
                label_title=pgettext_lazy("dashboard", "Program"),
            ),
            Table(
                "expiring",
                _("Training expiring in %(days)s days") % {"days": EXPIRY_WARNING_DAYS},
                VALUE,
                [
                    Row(
                        _("Training records expiring"),
                        [count(expiring["records"], expiring["people"])],
                    ),
                    Row(
                        _("Supporters with a record expiring"),
                        [count(expiring["people"])],
                    ),
                ],
            ),
        ],
    )


def _who5_cells(figures: tuple | None) -> list[Cell]:
    intake_people, intake_mean, latest_people, latest_mean, both, improved = figures or (
        0,
        None,
        0,
        None,
        0,
        0,
    )
    return [
        count(intake_people),
        Cell(intake_mean, intake_people, "score"),
        count(latest_people),
        Cell(latest_mean, latest_people, "score"),
        share(improved, both),
    ]


def outcomes(data: DashboardData) -> Section:
    wellbeing = data.wellbeing
    rows = [Row(str(program), _who5_cells(wellbeing.get(program.pk))) for program in data.programs]
    if not data.scope.program:
        rows.append(Row(_("All programs"), _who5_cells(wellbeing.get(None))))
    return Section(
        "outcomes",
        _("Outcomes"),
        _(
            "WHO-5 well-being (0 to 100) of participants with a check-in in the period: at "
            "intake and at their latest follow-up."
        ),
        [
            Table(
                "who5",
                _("WHO-5 well-being"),
                [
                    Column(_("People at intake")),
                    Column(_("Mean at intake")),
                    Column(_("People at the latest check-in")),
                    Column(_("Mean at the latest check-in")),
                    Column(_("Improved by 10 points or more")),
                ],
                rows,
                label_title=pgettext_lazy("dashboard", "Program"),
            )
        ],
    )


BUILDERS: dict[str, Callable[[DashboardData], Section]] = {
    "demand": demand,
    "capacity": capacity,
    "activity": activity,
    "safety": safety,
    "training": training,
    "outcomes": outcomes,
}
