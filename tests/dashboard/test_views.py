"""The dashboard page and its exports: who reaches them, filters, files, query counts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.sections import BUILDERS
from peersupport.models import AuditEntry
from sessions.models import SessionLog
from tests.referrals.factories import make_active_match

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboard:index")


def export_url(section: str = "activity", file_format: str = "csv", query: str = "") -> str:
    url = reverse("dashboard:export", args=[section, file_format])
    return f"{url}?{query}" if query else url


@pytest.mark.parametrize(
    "role", ["supporter", "other_supporter", "counselor", "other_counselor", "employee"]
)
def test_nobody_but_a_coordinator_reaches_the_dashboard_or_its_exports(client, cast, role):
    client.force_login(cast[role])

    assert client.get(INDEX).status_code == 404
    for section in BUILDERS:
        for file_format in ("csv", "xlsx"):
            assert client.get(export_url(section, file_format)).status_code == 404
    assert not AuditEntry.objects.filter(action="dashboard.exported").exists()


def test_a_visitor_is_sent_to_sign_in(client):
    for url in (INDEX, export_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_coordinator_sees_every_section(signed_in, world):
    response = signed_in.get(INDEX)

    assert response.status_code == 200
    page = response.content.decode()
    for title in ("Demand", "Capacity", "Activity", "Safety", "Training", "Outcomes"):
        assert f">{title}</h2>" in page
    assert "All programs · All sites · All departments · 29 Dec 2025 to 18 Mar 2026" in " ".join(
        page.split()
    )
    # Charts are drawn by the script files, from data embedded as JSON: no inline script.
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page
    assert 'src="/static/js/dashboard.js"' in page
    assert '<script type="application/json" id="dashboard-charts">' not in page  # attribute order
    assert 'id="dashboard-charts" type="application/json"' in page
    assert page.count("<script") == page.count("<script src=") + 2


def test_the_coordinator_filters_by_program_site_department_and_period(signed_in, world):
    query = f"program={world.peer.pk}&site=Jakarta&department=Produksi&period=4w"

    response = signed_in.get(f"{INDEX}?{query}")

    scope = response.context["scope"]
    assert scope.program == world.peer
    assert (scope.site, scope.department) == ("Jakarta", "Produksi")
    assert scope.start == date(2026, 2, 23)  # the Monday three weeks before this one
    assert f"{export_url('demand', 'csv')}?{query}".replace("&", "&amp;") in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=custom&start=2026-03-10", "Choose the first and the last day."),
        ("period=custom&start=2026-03-10&end=2026-03-01", "The last day comes before the first."),
        ("period=custom&start=2020-01-01&end=2026-03-01", "Choose a period of at most two years."),
        ("program=999999", "Select a valid choice."),
        ("site=Atlantis", "Select a valid choice."),
    ],
)
def test_wrong_filters_are_explained_and_no_figure_is_shown(signed_in, world, query, message):
    response = signed_in.get(f"{INDEX}?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["sections"] == []
    export = signed_in.get(export_url(query=query))
    assert export.status_code == 302 and export["Location"] == f"{INDEX}?{query}"


def test_a_section_exports_as_csv_named_with_program_and_period(signed_in, world):
    response = signed_in.get(export_url("demand", "csv", f"program={world.peer.pk}"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-demand_peer-support_2025-12-29_2026-03-18.csv"'
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[:5] == [
        ["Dashboard", "Demand"],
        ["Program", "Peer support"],
        ["Site", "All sites"],
        ["Department", "All departments"],
        ["Period", "2025-12-29 / 2026-03-18"],
    ]
    assert ["Figure", "Value"] in lines
    assert ["Requests waiting now", "6"] in lines
    assert ["Median time from request to active match (days)", "3.0"] in lines


def test_every_export_is_in_the_audit_trail(signed_in, world, coordinator):
    signed_in.get(export_url("safety", "xlsx", "site=Jakarta"))

    entry = AuditEntry.objects.get(action="dashboard.exported")
    assert entry.actor == coordinator
    assert entry.changes == {
        "section": "safety",
        "format": "xlsx",
        "program": None,
        "site": "Jakarta",
        "department": "",
        "start": "2025-12-29",
        "end": "2026-03-18",
    }


def test_a_section_exports_as_xlsx_with_small_groups_hidden(signed_in, world):
    from openpyxl import load_workbook

    response = signed_in.get(export_url("activity", "xlsx"))

    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-activity_all-programs_2025-12-29_2026-03-18.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["2026-03-09", 5, 5] in values
    assert ["2026-03-02", "fewer than 5", "fewer than 5"] in values


def test_a_label_that_looks_like_a_formula_is_neutralised(signed_in, world):
    world.peer.name_en = "=HYPERLINK(1)"
    world.peer.save()

    lines = signed_in.get(export_url("training")).content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in lines


@pytest.mark.parametrize("section, file_format", [("notes", "csv"), ("demand", "pdf")])
def test_an_unknown_section_or_format_is_not_found(signed_in, section, file_format):
    assert signed_in.get(export_url(section, file_format)).status_code == 404


def test_the_admin_index_links_to_the_dashboard(signed_in):
    page = signed_in.get(reverse("admin:index")).content.decode()

    assert f'href="{INDEX}"' in page


def _page_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 200
    return len(queries)


def _add_logs(match, count: int) -> None:
    start = timezone.now() - timedelta(days=60)
    SessionLog.objects.bulk_create(
        SessionLog(
            match=match,
            author=match.supporter,
            occurred_at=start + timedelta(minutes=7 * index),
            minutes=30 + index % 60,
            mode=["video", "phone", "chat", "in_person"][index % 4],
            topics=[["stress"], ["workload", "career"]][index % 2],
            triggers=["beyond_scope"] if index % 50 == 0 else [],
        )
        for index in range(count)
    )


@pytest.mark.parametrize("query", ["", "site=Jakarta&period=52w"])
def test_the_query_count_does_not_grow_with_the_session_logs(signed_in, query):
    matches = [make_active_match() for _ in range(3)]
    for match in matches:
        _add_logs(match, 100 // len(matches) + 1)
    signed_in.get(INDEX)  # the session and the roles are cached from here on
    at_100 = _page_queries(signed_in, query)

    for match in matches:
        _add_logs(match, 10_000 // len(matches))
    assert SessionLog.objects.count() > 10_000
    at_10_000 = _page_queries(signed_in, query)

    assert at_10_000 == at_100
    assert at_100 <= 20


def test_an_export_runs_only_the_queries_of_its_section(signed_in, world):
    signed_in.get(INDEX)
    with CaptureQueriesContext(connection) as page:
        signed_in.get(INDEX)
    with CaptureQueriesContext(connection) as export:
        signed_in.get(export_url("demand"))

    assert len(export) < len(page)


@pytest.mark.parametrize(
    ("start", "end"), [("9999-06-01", "9999-12-31"), ("0001-01-01", "0001-01-10")]
)
def test_far_away_dates_get_a_message_not_an_error(client, coordinator, start, end):
    client.force_login(coordinator)
    response = client.get(
        reverse("dashboard:index"), {"period": "custom", "start": start, "end": end}
    )
    assert response.status_code == 200
    assert "Choose days between 2000 and a year from now." in response.content.decode()


def test_an_export_says_when_it_was_made_in_local_time_with_its_offset(signed_in, world):
    response = signed_in.get(export_url("demand", "csv"))

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Made", "2026-03-18T12:00:00+07:00"] in lines


@pytest.mark.parametrize(("language", "week"), [("en", "29 Dec 2025"), ("id", "29 Des 2025")])
def test_the_page_names_each_week_by_its_monday_in_the_readers_format(
    signed_in, world, language, week
):
    page = signed_in.get(INDEX, headers={"accept-language": language}).content.decode()

    assert f'<th scope="row" class="fw-normal">{week}</th>' in page
    assert ">2025-12-29<" not in page
