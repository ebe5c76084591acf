"""Every status is a badge of colour, icon and word: one tag, on every product page."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from matching.models import MatchStatus, RequestStatus
from peersupport.templatetags.status import TONES
from programs.models import ApplicationStatus, EnrollmentStatus
from referrals.models import ReferralStatus, Urgency
from sessions.models import SupervisionStatus
from tests.matching.factories import make_match, make_request, make_supporter
from tests.referrals.factories import make_referral, make_service


def badge(kind: str, status: str, label: str) -> str:
    template = Template("{% load status %}{% status_badge kind status label %}")
    return template.render(Context({"kind": kind, "status": status, "label": label}))


def classes(html: str) -> list[str]:
    return re.search(r'<span class="([^"]+)"', html).group(1).split()


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        ("request", RequestStatus),
        ("match", MatchStatus),
        ("referral", ReferralStatus),
        ("urgency", Urgency),
        ("supervision", SupervisionStatus),
        ("application", ApplicationStatus),
        ("enrollment", EnrollmentStatus),
    ],
)
def test_each_status_has_its_word_an_icon_and_a_class_of_its_own(kind, choices):
    rendered = {status.value: badge(kind, status.value, status.label) for status in choices}

    for status in choices:
        html = rendered[status.value]
        assert str(status.label) in html
        assert '<svg class="status-icon"' in html and 'aria-hidden="true"' in html
        assert f"status-{kind}-{status.value.replace('_', '-')}" in classes(html)
        assert status.value in TONES[kind], f"{kind}: {status.value} has no tone"
    own_classes = [
        next(c for c in classes(html) if c.startswith(f"status-{kind}-"))
        for html in rendered.values()
    ]
    assert len(set(own_classes)) == len(choices)


@pytest.mark.parametrize(
    ("kind", "choices"),
    [("request", RequestStatus), ("match", MatchStatus), ("referral", ReferralStatus)],
)
def test_the_statuses_of_one_record_differ_in_colour_and_icon_too(kind, choices):
    tones = [TONES[kind][status.value] for status in choices]

    assert len(set(tones)) == len(tones)


def test_the_word_is_escaped():
    html = badge("match", "active", "<script>x</script>")

    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.django_db
def test_the_employees_page_shows_the_request_as_a_badge(client, employee):
    make_request(requester=employee, status="waiting")
    client.force_login(employee)

    page = client.get(reverse("matching:my")).content.decode()

    assert "status-request-waiting" in page and "Waiting for a supporter" in page


@pytest.mark.django_db
def test_the_supporters_pages_show_the_match_as_a_badge(client, employee, supporter):
    make_supporter(supporter)
    match = make_match(make_request(requester=employee, status="active"), supporter, "active")
    client.force_login(supporter)

    for url in (
        reverse("matching:supporter_matches"),
        reverse("sessions:list"),
        reverse("sessions:match", args=[match.uuid]),
    ):
        page = client.get(url).content.decode()
        assert "status-match-active" in page, url
        assert 'class="badge text-bg-secondary"' not in page, url


@pytest.mark.django_db
def test_the_counselors_queue_shows_urgency_and_status_as_badges(client, counselor):
    service = make_service([counselor])
    make_referral(service, trigger="imminent_risk")
    client.force_login(counselor)

    page = client.get(reverse("referrals:queue")).content.decode()

    assert "status-urgency-emergency" in page and "Emergency" in page
    assert "status-referral-submitted" in page and "Submitted" in page


@pytest.mark.django_db
def test_the_referral_page_shows_urgency_and_status_as_badges(client, counselor):
    referral = make_referral(make_service([counselor]), trigger="beyond_scope")
    client.force_login(counselor)

    page = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()

    assert "status-urgency-routine" in page and "status-referral-submitted" in page
    assert 'class="badge' not in page


@pytest.mark.django_db
def test_an_empty_list_says_what_to_do_next(client, employee, supporter, counselor):
    make_supporter(supporter)
    pages = [
        (employee, reverse("matching:my"), reverse("matching:request")),
        (supporter, reverse("matching:supporter_matches"), reverse("programs:supporter_edit")),
        (supporter, reverse("sessions:list"), reverse("matching:supporter_matches")),
    ]
    for person, url, next_step in pages:
        client.force_login(person)
        page = client.get(url).content.decode()
        assert 'class="empty-state"' in page, url
        assert f'href="{next_step}"' in page, url
    client.force_login(counselor)
    assert 'class="empty-state"' in client.get(reverse("referrals:queue")).content.decode()
