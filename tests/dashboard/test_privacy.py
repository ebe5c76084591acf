"""The small-group rule: a figure about fewer than five people shows "fewer than 5"."""

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard.figures import MIN_PEOPLE, Cell, count, days, share

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


@pytest.mark.parametrize("people", [0, 1, 2, 3, 4])
def test_a_count_of_fewer_than_five_people_is_hidden(people):
    cell = count(people)

    assert cell.suppressed
    assert str(cell) == "fewer than 5"
    assert cell.number is None
    assert cell.export() == "fewer than 5"


def test_a_count_of_five_people_is_shown():
    assert MIN_PEOPLE == 5
    assert str(count(5)) == "5"
    assert count(5).export() == 5
    assert str(count(12345)) == "12,345"
    with translation.override("id"):
        assert str(count(12345)) == "12.345"


def test_a_count_of_things_is_hidden_when_fewer_than_five_people_are_behind_it():
    assert str(count(40, people=4)) == "fewer than 5"
    assert str(count(40, people=5)) == "40"


def test_derived_figures_hide_with_the_group_they_describe():
    assert str(days(3 * 86400, people=4)) == "fewer than 5"
    assert str(days(3.26 * 86400, people=5)) == "3.3"
    assert str(Cell(47.25, 5, "score")) == "47.2"
    # A share hides when its part or its whole counts fewer than five people.
    assert str(share(4, 50)) == "fewer than 5"
    assert str(share(5, 4)) == "fewer than 5"
    assert str(share(5, 20)) == "25%"
    assert str(share(0, 0)) == "fewer than 5"


def test_the_page_hides_small_groups(signed_in, world):
    page = signed_in.get(reverse("dashboard:index")).content.decode()

    # The week of 2 March had two pairs; the week of 9 March five.
    rows = _table_rows(page, "weeks")
    assert rows["2 Mar 2026"] == ["fewer than 5", "fewer than 5"]
    assert rows["9 Mar 2026"] == ["5", "5.0"]
    assert _table_rows(page, "triggers")["The supporter is distressed or unsure"] == [
        "fewer than 5",
        "fewer than 5",
    ]


def test_chart_data_carries_no_hidden_value(signed_in, world):
    response = signed_in.get(reverse("dashboard:index"))

    charts = response.context["charts"]
    weeks = charts["weeks"]
    assert weeks["labels"][-3:] == ["2 Mar 2026", "9 Mar 2026", "16 Mar 2026"]
    assert weeks["values"][-3:] == [None, 5, None]
    assert weeks["texts"][-3:] == ["fewer than 5", "5", "fewer than 5"]
    assert charts["modes"]["values"] == [None, 5, None, None]  # in person, video, phone, chat
    assert charts["triggers"]["values"] == [None] * 5
    # What reaches the browser is exactly that.
    embedded = response.content.decode().split('id="dashboard-charts" type="application/json">')[1]
    assert json.loads(embedded.split("</script>")[0]) == json.loads(json.dumps(charts))


def test_exports_hide_small_groups_as_the_page_does(signed_in, world):
    response = signed_in.get(reverse("dashboard:export", args=["activity", "csv"]))

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["2026-03-02", "fewer than 5", "fewer than 5"] in lines
    assert ["2026-03-09", "5", "5.0"] in lines
    assert ["Phone", "fewer than 5", "fewer than 5", "fewer than 5"] in lines


def test_no_note_or_summary_text_reaches_the_page_or_an_export(signed_in, world):
    pages = [signed_in.get(reverse("dashboard:index")).content]
    for section in ("demand", "capacity", "activity", "safety", "training", "outcomes"):
        pages.append(signed_in.get(reverse("dashboard:export", args=[section, "csv"])).content)

    for content in pages:
        assert b"SECRET-NOTE-TEXT" not in content
        assert b"SECRET-SUMMARY-TEXT" not in content


def _table_rows(page: str, key: str) -> dict[str, list[str]]:
    """The rows of one table of the page: {row label: [cell texts]}."""
    table = page.split(f'id="table-{key}"')[1].split("</table>")[0]
    result = {}
    for row in table.split("<tr>")[2:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        result[html.unescape(cells[0].strip())] = [html.unescape(c.strip()) for c in cells[1:]]
    return result
