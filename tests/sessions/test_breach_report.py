import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.referrals.factories import make_active_match, make_referral, make_service

pytestmark = pytest.mark.django_db


def test_it_lists_who_a_counselor_could_read_and_what_they_read(client, cast):
    service = make_service([cast["counselor"]])
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    referral = make_referral(service, match=match)
    make_referral(
        make_service([cast["other_counselor"]], name="EAP"), participant=cast["other_employee"]
    )
    client.force_login(cast["counselor"])
    client.get(f"/referrals/{referral.uuid}/")

    out = StringIO()
    call_command("people_readable_by", cast["counselor"].username, "--json", stdout=out)
    report = json.loads(out.getvalue())

    assert [line["person"] for line in report["could_read"]] == [cast["employee"].full_name]
    assert any(
        line["action"] == "referral.viewed" and cast["employee"].full_name in line["record"]
        for line in report["did_read"]
    )


def test_a_supporter_could_read_the_people_they_support(cast):
    make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    out = StringIO()
    call_command("people_readable_by", cast["supporter"].username, stdout=out)
    text = out.getvalue()
    assert cast["employee"].full_name in text
    assert cast["other_employee"].full_name not in text
