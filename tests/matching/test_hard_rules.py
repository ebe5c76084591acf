"""Every path that makes a match checks every hard rule itself (matching/rules.py).

Each test forges the POST a page would send, with one rule broken: the coordinator's
proposal from the queue, bulk matching, and the employee's own choice. Each is refused
with a message that names the rule, and nothing is saved. Pages post ids only.
"""

import pytest
from django.urls import reverse

from matching.models import Match, SupportRequest
from matching.selectors import suggestions_for
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory, core_modules

pytestmark = pytest.mark.django_db

RULES = {
    "self": "Nobody can be their own peer supporter.",
    "line_manager": "A line manager and their direct report cannot be matched.",
    "direct_report": "A line manager and their direct report cannot be matched.",
    "language": "This supporter speaks none of the languages the person asked for.",
    "department": "The person asked for a supporter outside their own department.",
    "training": "This supporter cannot take people in this program now.",
    "capacity": "This supporter has no free place left.",
    "inactive": "This person is not a peer supporter.",
}


def broken_pair(rule: str, match_mode: str = "coordinator") -> tuple[SupportRequest, object]:
    """A waiting request and a supporter that would be a fine pair but for `rule`."""
    requester = UserFactory(
        roles=["employee", "supporter"], languages=["id"], department="Logistik"
    )
    supporter = UserFactory(
        roles=["supporter", "employee"], languages=["id"], department="Keuangan"
    )
    program = ProgramFactory(
        match_mode=match_mode, modules=core_modules() if rule == "training" else []
    )
    request_fields = {}
    if rule == "self":
        supporter = requester
    elif rule == "line_manager":
        requester.line_manager = supporter
        requester.save()
    elif rule == "direct_report":
        supporter.line_manager = requester
        supporter.save()
    elif rule == "language":
        supporter.languages = ["en"]
        supporter.save()
    elif rule == "department":
        supporter.department = requester.department
        supporter.save()
        request_fields["outside_department"] = True
    elif rule == "inactive":
        supporter.is_active = False
        supporter.save()
    make_supporter(user=supporter, capacity=1)
    if rule == "capacity":
        make_match(make_request(status="active"), supporter, status="active")
    request = make_request(requester=requester, program=program, **request_fields)
    return request, supporter


def test_a_fine_pair_is_matched_with_the_score_the_engine_computes(client, coordinator):
    request, supporter = broken_pair("none")
    client.force_login(coordinator)
    [(_user, suggestion)] = suggestions_for(request, k=1)

    client.post(reverse("matching:propose", args=[request.uuid]), {"supporter": supporter.pk})

    match = Match.objects.get()
    assert (match.supporter, match.score) == (supporter, suggestion.score)
    assert match.reasons == [list(reason) for reason in suggestion.reasons]


@pytest.mark.parametrize("rule", RULES)
def test_a_forged_proposal_breaking_a_rule_is_refused(client, coordinator, rule):
    request, supporter = broken_pair(rule)
    client.force_login(coordinator)

    response = client.post(
        reverse("matching:propose", args=[request.uuid]),
        {"supporter": supporter.pk, "score": "100"},
        follow=True,
    )

    assert RULES[rule] in response.content.decode()
    assert not Match.objects.filter(request=request).exists()
    assert SupportRequest.objects.get(pk=request.pk).status == "waiting"


@pytest.mark.parametrize("rule", RULES)
def test_a_forged_bulk_pair_breaking_a_rule_is_refused(client, coordinator, rule):
    request, supporter = broken_pair(rule)
    client.force_login(coordinator)

    response = client.post(
        reverse("matching:bulk", args=[request.program_id]),
        {"pair": [f"{request.pk}:{supporter.pk}", f"{request.pk}:{supporter.pk}:100"]},
        follow=True,
    )

    assert RULES[rule] in response.content.decode()
    assert not Match.objects.filter(request=request).exists()


@pytest.mark.parametrize("rule", RULES)
def test_a_forged_choice_breaking_a_rule_is_refused(client, rule):
    request, supporter = broken_pair(rule, match_mode="employee_choice")
    client.force_login(request.requester)

    response = client.post(
        reverse("matching:choose", args=[request.uuid]), {"supporter": supporter.pk}, follow=True
    )

    assert "Please choose one of the supporters shown." in response.content.decode()
    assert not Match.objects.filter(request=request).exists()


def test_a_manager_asking_for_support_is_never_suggested_their_own_report(coordinator):
    request, report = broken_pair("direct_report")
    fine = make_supporter(UserFactory(roles=["supporter"], languages=["id"]))

    suggested = [user for user, _suggestion in suggestions_for(request, k=5)]

    assert report not in suggested
    assert fine in suggested
