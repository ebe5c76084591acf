"""The engine on its own: hard rules, scores with reasons, suggestions, and assignments
that are provably optimal on small instances."""

import itertools
import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from devtools import matching_benchmark as benchmark
from matching.engine import (
    MIN_SCORE,
    WEIGHTS,
    Request,
    Supporter,
    assign,
    assign_exact,
    assign_greedy,
    objective,
    suggest,
)

ID = frozenset({"id"})


def supporter(id, **fields):
    return Supporter(
        id=id,
        person_id=1000 + id,
        languages=fields.pop("languages", ID),
        capacity=fields.pop("capacity", 3),
        **fields,
    )


def request(id=1, **fields):
    fields.setdefault("person_id", id)
    return Request(id=id, languages=fields.pop("languages", ID), **fields)


# --- hard rules -----------------------------------------------------------------------------


def test_the_hard_rules_leave_out_whoever_may_not_support_this_person():
    me = request(person_id=7, line_manager_id=8, department="Logistik", outside_department=True)
    candidates = [
        supporter(1),
        Supporter(id=2, person_id=7, languages=ID, capacity=3),  # the requester
        Supporter(id=3, person_id=8, languages=ID, capacity=3),  # their line manager
        supporter(4, department="Logistik"),  # their department, which they asked to avoid
        supporter(5, languages=frozenset({"en"})),  # no shared language
        supporter(6, capacity=2, load=2),  # full
        supporter(7, active=False),  # paused
        supporter(8, eligible=False),  # training missing or expired
    ]

    assert [s.supporter_id for s in suggest(me, candidates, k=10)] == [1]


def test_the_same_department_is_fine_when_not_asked_to_avoid_it():
    me = request(department="Logistik")

    assert [s.supporter_id for s in suggest(me, [supporter(4, department="Logistik")])] == [4]


# --- scores and reasons ------------------------------------------------------------------


def test_a_perfect_pair_scores_100_and_every_reason_is_shown():
    me = request(
        topics=frozenset({"injury"}),
        lived_experience=frozenset({"returned_after_injury"}),
        meeting_modes=frozenset({"in_person"}),
        availability=frozenset({"mon_am", "tue_am", "wed_am"}),
        site="Surabaya",
        site_preference="same_site",
        gender_preference="female",
        mentoring=True,
    )
    best = supporter(
        1,
        topics=frozenset({"injury", "stress"}),
        lived_experience=frozenset({"returned_after_injury"}),
        meeting_modes=frozenset({"in_person", "video"}),
        availability=frozenset({"mon_am", "tue_am", "wed_am", "fri_pm"}),
        site="Surabaya",
        gender="female",
        years_of_service=9,
        load=0,
    )

    [suggestion] = suggest(me, [best])

    assert suggestion.score == 100
    assert dict(suggestion.reasons) == WEIGHTS


def test_each_soft_rule_moves_the_score_by_its_weight():
    me = request(topics=frozenset({"injury", "stress"}), gender_preference="female")
    half_topics = supporter(1, topics=frozenset({"injury"}), gender="female")
    wrong_gender = supporter(2, topics=frozenset({"injury", "stress"}), gender="male")
    busy = supporter(3, topics=frozenset({"injury", "stress"}), gender="female", capacity=4, load=2)

    scores = {
        s.supporter_id: dict(s.reasons) for s in suggest(me, [half_topics, wrong_gender, busy])
    }

    assert scores[1]["topics"] == WEIGHTS["topics"] // 2
    assert "gender" not in scores[2]
    assert scores[3]["load"] == WEIGHTS["load"] // 2


def test_ties_go_to_the_lower_supporter_id_whatever_the_input_order():
    twins = [supporter(i) for i in (9, 3, 5, 1, 7, 2)]

    first = [s.supporter_id for s in suggest(request(), twins, k=3)]
    again = [s.supporter_id for s in suggest(request(), list(reversed(twins)), k=3)]

    assert first == again == [1, 2, 3]


def test_sets_given_as_shared_tuples_score_as_frozensets():
    rng = random.Random(4)
    pool = benchmark.supporters(300, rng)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    as_tuples = [
        replace(
            s,
            **{
                name: shared.setdefault(tuple(sorted(getattr(s, name))), tuple(getattr(s, name)))
                for name in ("languages", "topics", "lived_experience", "meeting_modes")
            },
            availability=list(s.availability),
        )
        for s in pool
    ]

    for me in benchmark.requests(20, rng):
        assert suggest(me, as_tuples, k=10) == suggest(me, pool, k=10)


# --- assignment ------------------------------------------------------------------------------

LANGUAGES = ["id", "en", "jv"]
TOPICS = ["stress", "injury", "career", "bereavement"]
MODES = ["in_person", "video", "phone"]
SLOTS = ["mon_am", "tue_am", "wed_pm", "thu_pm"]


def subset(draw, values, minimum=0):
    return frozenset(
        draw(st.lists(st.sampled_from(values), min_size=minimum, max_size=len(values)))
    )


@st.composite
def instances(draw, max_requests=5, max_supporters=3):
    n_supporters = draw(st.integers(1, max_supporters))
    supporters = [
        Supporter(
            id=i,
            person_id=100 + i,
            languages=subset(draw, LANGUAGES, 1),
            capacity=draw(st.integers(1, 2)),
            load=draw(st.integers(0, 1)),
            department=draw(st.sampled_from("AB")),
            site=draw(st.sampled_from(["Jakarta", "Surabaya"])),
            gender=draw(st.sampled_from(["female", "male"])),
            topics=subset(draw, TOPICS),
            lived_experience=subset(draw, TOPICS),
            meeting_modes=subset(draw, MODES, 1),
            availability=subset(draw, SLOTS),
            years_of_service=draw(st.integers(0, 8)),
        )
        for i in range(n_supporters)
    ]
    requests = [
        Request(
            id=i,
            person_id=i,
            languages=subset(draw, LANGUAGES, 1),
            department=draw(st.sampled_from("AB")),
            site=draw(st.sampled_from(["Jakarta", "Surabaya"])),
            topics=subset(draw, TOPICS),
            lived_experience=subset(draw, TOPICS),
            meeting_modes=subset(draw, MODES),
            availability=subset(draw, SLOTS),
            site_preference=draw(st.sampled_from(["same_site", "remote", "either"])),
            gender_preference=draw(st.sampled_from(["", "female"])),
            outside_department=draw(st.booleans()),
            mentoring=draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, max_requests)))
    ]
    min_score = draw(st.sampled_from([0, 30, MIN_SCORE, 60]))
    return requests, supporters, min_score


def brute_force_best(requests, supporters, min_score):
    """Try every way of giving each request a supporter or none."""
    options = []
    for r in requests:
        allowed = {s.supporter_id: s.score for s in suggest(r, supporters, k=len(supporters))}
        options.append(
            [None] + [(sid, score) for sid, score in allowed.items() if score >= min_score]
        )
    best = 0
    capacity = {s.id: s.capacity - s.load for s in supporters}
    for choice in itertools.product(*options):
        used = {}
        pairs = []
        for r, option in zip(requests, choice, strict=True):
            if option is not None:
                used[option[0]] = used.get(option[0], 0) + 1
                pairs.append((r.id, option[0], option[1]))
        if all(used[s] <= capacity[s] for s in used):
            best = max(best, objective(pairs, supporters))
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_assign_finds_the_optimum_of_brute_force(instance):
    requests, supporters, min_score = instance

    result = assign(requests, supporters, min_score=min_score)

    assert objective(result.pairs, supporters) == brute_force_best(requests, supporters, min_score)


@settings(max_examples=100, deadline=None)
@given(instances(max_requests=8, max_supporters=4))
def test_assign_keeps_every_rule_and_explains_every_request_left_out(instance):
    requests, supporters, min_score = instance

    result = assign(requests, supporters, min_score=min_score)

    by_id = {s.id: s for s in supporters}
    taken = {}
    for request_id, supporter_id, score in result.pairs:
        taken[supporter_id] = taken.get(supporter_id, 0) + 1
        allowed = {s.supporter_id: s.score for s in suggest(requests[request_id], supporters, k=99)}
        assert allowed[supporter_id] == score >= min_score
    assert all(taken[s] <= by_id[s].capacity - by_id[s].load for s in taken)
    matched = {request_id for request_id, _s, _score in result.pairs}
    assert set(result.unmatched) == {r.id for r in requests} - matched
    assert set(result.unmatched.values()) <= {
        "no_eligible_supporter",
        "below_minimum_score",
        "no_capacity_left",
    }


def test_extra_mentees_cost_a_little_so_load_spreads_between_equals():
    requests = [request(i) for i in range(4)]
    supporters = [supporter(1, capacity=4), supporter(2, capacity=4)]

    result = assign(requests, supporters)

    per_supporter = sorted(sum(1 for _r, s, _score in result.pairs if s == sid) for sid in (1, 2))
    assert per_supporter == [2, 2]


def test_pairs_under_the_minimum_score_go_to_the_coordinator_with_the_reason():
    weak = supporter(1, topics=frozenset({"career"}), gender="male")
    me = request(
        topics=frozenset({"injury"}),
        lived_experience=frozenset({"x"}),
        gender_preference="female",
        availability=frozenset({"sun_pm"}),
    )

    result = assign([me], [weak], min_score=90)

    assert result.pairs == []
    assert result.unmatched == {1: "below_minimum_score"}


def test_sparse_assignment_is_near_the_dense_optimum_and_beats_greedy():
    rng = random.Random(7)
    supporters = [
        Supporter(
            id=i,
            person_id=10_000 + i,
            languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))) | ID,
            capacity=rng.randint(1, 3),
            topics=frozenset(rng.sample(TOPICS, 2)),
            lived_experience=frozenset(rng.sample(TOPICS, 1)),
            meeting_modes=frozenset(rng.sample(MODES, 2)),
            availability=frozenset(rng.sample(SLOTS, 2)),
            site=rng.choice(["Jakarta", "Surabaya"]),
        )
        for i in range(60)
    ]
    requests = [
        Request(
            id=i,
            person_id=i,
            languages=frozenset(rng.sample(LANGUAGES, 1)),
            topics=frozenset(rng.sample(TOPICS, 1)),
            lived_experience=frozenset(rng.sample(TOPICS, 1)),
            meeting_modes=frozenset(rng.sample(MODES, 1)),
            availability=frozenset(rng.sample(SLOTS, 2)),
            site=rng.choice(["Jakarta", "Surabaya"]),
        )
        for i in range(150)
    ]

    sparse = assign(requests, supporters)
    dense = assign_exact(requests, supporters)
    greedy = assign_greedy(requests, supporters)

    assert objective(sparse.pairs, supporters) >= 0.995 * objective(dense.pairs, supporters)
    assert objective(sparse.pairs, supporters) >= objective(greedy.pairs, supporters)
    assert sparse.total_score > greedy.total_score * 0.99


def test_empty_inputs():
    assert assign([], [supporter(1)]).pairs == []
    assert assign([request()], []).unmatched == {1: "no_eligible_supporter"}
    assert suggest(request(), []) == []


def test_wishes_not_expressed_are_not_shown_as_reasons():
    [suggestion] = suggest(request(), [supporter(1, meeting_modes=frozenset({"video"}))])

    assert suggestion.score == 100  # everyone gets those points: the ranking is unchanged
    assert {name for name, _points in suggestion.reasons} == {"site_and_mode", "load"}
