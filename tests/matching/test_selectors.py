"""Engine inputs read from the database: the rules checked in SQL leave the suggestions
exactly as the engine alone would make them."""

import random

import pytest
from django.contrib.auth.models import Group

from devtools import matching_benchmark as benchmark
from matching import engine
from matching.selectors import (
    candidate_profiles,
    engine_request,
    engine_supporters,
    request_candidates,
    suggestions_for,
)
from programs.models import SupporterProfile
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_suggestions_leave_out_whoever_the_hard_rules_refuse():
    program = ProgramFactory()
    manager = make_supporter()
    requester = UserFactory(
        roles=["employee", "supporter"], department="Logistik", line_manager=manager
    )
    make_supporter(requester)
    fine = make_supporter(UserFactory(roles=["supporter"], languages=["id"], department="TI"))
    same_department = make_supporter(UserFactory(roles=["supporter"], department="Logistik"))
    no_shared_language = make_supporter(UserFactory(roles=["supporter"], languages=["en"]))
    full = make_supporter(capacity=1)
    make_match(make_request(program=program, status="active"), full, status="active")
    request = make_request(
        requester=requester, program=program, languages=["id"], outside_department=True
    )
    asked = make_supporter()
    make_match(request, asked, status="declined")

    read = {s.id for s in engine_supporters(request_candidates(request))}

    assert [user for user, _s in suggestions_for(request, k=10)] == [fine]
    assert read == {fine.pk, no_shared_language.pk}  # the language is the engine's to check
    assert not read & {requester.pk, manager.pk, same_department.pk, full.pk, asked.pk}


def test_suggestions_from_the_database_are_the_engines_on_every_candidate():
    rng = random.Random(5)
    program = ProgramFactory()
    pool = benchmark.supporters(60, rng)
    users = [
        make_supporter(
            UserFactory(
                roles=["supporter"],
                languages=sorted(s.languages),
                department=s.department,
                site=s.site,
                gender=s.gender,
            ),
            capacity=s.capacity,
            topics=sorted(s.topics),
            lived_experience=sorted(s.lived_experience),
            meeting_modes=sorted(s.meeting_modes),
            availability=sorted(s.availability),
        )
        for s in pool
    ]
    for user in rng.sample(users, 15):
        make_match(make_request(program=program, status="active"), user, status="active")
    SupporterProfile.objects.filter(user__in=rng.sample(users, 5)).update(status="paused")
    wishes = benchmark.requests(12, rng)
    for index, wish in enumerate(wishes):
        requester = UserFactory(
            roles=["employee"],
            department=wish.department,
            site=wish.site,
            line_manager=rng.choice([None, *users]),
        )
        request = make_request(
            requester=requester,
            program=program,
            languages=sorted(wish.languages),
            topics=sorted(wish.topics),
            lived_experience=sorted(wish.lived_experience),
            meeting_modes=sorted(wish.meeting_modes),
            availability=sorted(wish.availability),
            site_preference=wish.site_preference,
            gender_preference=wish.gender_preference,
            outside_department=wish.outside_department,
        )
        if index % 3 == 0:
            make_match(request, rng.choice(users), status="declined")
        everyone = engine_supporters(candidate_profiles(program))
        asked = frozenset(request.matches.values_list("supporter_id", flat=True))

        expected = engine.suggest(engine_request(request, asked), everyone, k=10)

        assert [s for _user, s in suggestions_for(request, k=10)] == expected


def test_a_supporter_without_the_role_is_never_read():
    program = ProgramFactory()
    former = make_supporter()
    former.groups.remove(Group.objects.get(name="supporter"))
    request = make_request(program=program)

    assert engine_supporters(request_candidates(request)) == []
