"""The matching engine: hard rules, a soft score with its reasons, suggestions, and an
optimal bulk assignment under every supporter's capacity.

Plain Python with NumPy and OR-Tools; it imports nothing from Django, so it is tested
and benchmarked on its own. The Django side reads requests and supporters from the
database into the dataclasses below and writes the results back.

Scores are computed for many pairs at once: each set attribute (languages, topics,
meeting modes, weekly slots, lived experience) becomes a bit mask, and a block of
requests is scored against every supporter with a few array operations. The same
function scores a single pair, so a suggestion, a bulk assignment and the reasons shown
to a coordinator always agree.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# What the soft score is made of, in points out of 100. One place to tune them.
WEIGHTS: dict[str, int] = {
    "lived_experience": 25,
    "topics": 20,
    "site_and_mode": 15,
    "availability": 15,
    "gender": 10,
    "seniority": 5,
    "load": 10,
}
if sum(WEIGHTS.values()) != 100:
    raise ImportError("the matching weights must add up to 100")

REMOTE_MODES = frozenset({"video", "phone", "chat"})
IN_PERSON = "in_person"
# Slots of overlap that count as "enough" (three shared half-days a week).
ENOUGH_SLOTS = 3
# Years of service at which a mentor gets the full seniority points.
SENIOR_YEARS = 5
# Pairs scoring below this are not made by `assign`; the request goes to a coordinator.
MIN_SCORE = 40
# Candidates kept per request in the sparse graph of `assign`.
CANDIDATES_PER_REQUEST = 25
# Scores are scaled for the integer solver; each mentee a supporter already has (or gets
# in the same run) costs LOAD_PENALTY of those units, so load spreads when scores tie.
SCORE_SCALE = 10
LOAD_PENALTY = 3
BLOCK = 512
# Why a request stays unmatched, for the coordinator.
NO_ELIGIBLE = "no_eligible_supporter"
BELOW_MINIMUM = "below_minimum_score"
NO_CAPACITY = "no_capacity_left"


@dataclass(frozen=True)
class Request:
    id: int
    person_id: int
    languages: frozenset[str]
    line_manager_id: int | None = None
    department: str = ""
    site: str = ""
    topics: frozenset[str] = frozenset()
    lived_experience: frozenset[str] = frozenset()  # what they value in a supporter
    meeting_modes: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    site_preference: str = "either"  # "same_site", "remote" or "either"
    gender_preference: str = ""  # "" for none
    outside_department: bool = False
    mentoring: bool = False
    # Supporters already asked for this request (declined, expired or replaced).
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Supporter:
    # Thousands are built for each suggestion, so the sets may be any collection (a tuple
    # is the cheapest to make, and one can be shared by many supporters): only which
    # values they hold counts.
    id: int
    person_id: int
    languages: Collection[str]
    capacity: int
    load: int = 0
    department: str = ""
    site: str = ""
    gender: str = ""
    topics: Collection[str] = frozenset()
    lived_experience: Collection[str] = frozenset()
    meeting_modes: Collection[str] = frozenset()
    availability: Collection[str] = frozenset()
    years_of_service: int = 0
    active: bool = True
    eligible: bool = True  # eligible for the request's program (the database's rule)


@dataclass(frozen=True)
class Suggestion:
    supporter_id: int
    score: int
    reasons: tuple[tuple[str, int], ...]  # (component, points), the largest first


@dataclass
class Assignment:
    pairs: list[tuple[int, int, int]] = field(default_factory=list)  # request, supporter, score
    unmatched: dict[int, str] = field(default_factory=dict)  # request id -> reason code

    @property
    def total_score(self) -> int:
        return sum(score for _request, _supporter, score in self.pairs)


# --- encoding -----------------------------------------------------------------------------


class _Vocabulary:
    """Gives each value a bit, so a set of values becomes one integer mask."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}
        # Each distinct set is turned into a mask once, and each single value (a site, a
        # department) into its code once: supporters share many of them.
        self.masks: dict[Collection[str], int] = {}
        self.codes: dict[str, int] = {"": 0}

    def mask(self, values: Iterable[str]) -> int:
        key = values if isinstance(values, frozenset | tuple) else tuple(values)
        mask = self.masks.get(key)
        if mask is None:
            mask = 0
            for value in key:
                if value not in self.bits:
                    if len(self.bits) == 62:
                        raise ValueError("more than 62 distinct values in one attribute")
                    self.bits[value] = len(self.bits)
                mask |= 1 << self.bits[value]
            self.masks[key] = mask
        return mask

    def code(self, value: str) -> int:
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = self.mask((value,))
        return code


SET_FIELDS = ("languages", "topics", "lived_experience", "meeting_modes", "availability")


class _Encoder:
    def __init__(self) -> None:
        self.sets = {name: _Vocabulary() for name in SET_FIELDS}
        self.places = _Vocabulary()  # departments and sites share one code space
        self.genders = _Vocabulary()

    def masks(self, items: Sequence[object], name: str) -> np.ndarray:
        vocabulary = self.sets[name]
        return np.array([vocabulary.mask(getattr(item, name)) for item in items], dtype=np.int64)


@dataclass
class _Side:
    """One side of the pairs, as arrays."""

    ids: np.ndarray
    person: np.ndarray
    masks: dict[str, np.ndarray]
    department: np.ndarray
    site: np.ndarray
    gender: np.ndarray
    extra: dict[str, np.ndarray]


def _supporter_side(encoder: _Encoder, supporters: Sequence[Supporter]) -> _Side:
    capacity = np.array([s.capacity for s in supporters], dtype=np.int64)
    load = np.array([s.load for s in supporters], dtype=np.int64)
    return _Side(
        ids=np.array([s.id for s in supporters], dtype=np.int64),
        person=np.array([s.person_id for s in supporters], dtype=np.int64),
        masks={name: encoder.masks(supporters, name) for name in SET_FIELDS},
        department=np.array([encoder.places.code(s.department) for s in supporters], np.int64),
        site=np.array([encoder.places.code(s.site) for s in supporters], dtype=np.int64),
        gender=np.array([encoder.genders.code(s.gender) for s in supporters], dtype=np.int64),
        extra={
            "open": np.array([s.active and s.eligible for s in supporters]) & (load < capacity),
            "load_share": np.where(capacity > 0, load / np.maximum(capacity, 1), 1.0),
            "seniority": np.minimum(
                np.array([s.years_of_service for s in supporters], dtype=np.float64),
                SENIOR_YEARS,
            )
            / SENIOR_YEARS,
        },
    )


def _request_side(encoder: _Encoder, requests: Sequence[Request]) -> _Side:
    site_preference = {"same_site": 0, "remote": 1, "either": 2}
    return _Side(
        ids=np.array([r.id for r in requests], dtype=np.int64),
        person=np.array([r.person_id for r in requests], dtype=np.int64),
        masks={name: encoder.masks(requests, name) for name in SET_FIELDS},
        department=np.array([encoder.places.code(r.department) for r in requests], np.int64),
        site=np.array([encoder.places.code(r.site) for r in requests], dtype=np.int64),
        gender=np.array([encoder.genders.code(r.gender_preference) for r in requests], np.int64),
        extra={
            "manager": np.array([r.line_manager_id or -1 for r in requests], dtype=np.int64),
            "outside": np.array([r.outside_department for r in requests]),
            "mentoring": np.array([r.mentoring for r in requests]),
            "site_preference": np.array(
                [site_preference.get(r.site_preference, 2) for r in requests], dtype=np.int64
            ),
        },
    )


# --- scoring ------------------------------------------------------------------------------


def _share(wanted: np.ndarray, offered: np.ndarray) -> np.ndarray:
    """The part of what is wanted that is offered; everything when nothing is wanted."""
    count = np.bitwise_count(wanted)[:, None]
    hits = np.bitwise_count(wanted[:, None] & offered[None, :])
    return np.where(count == 0, 1.0, hits / np.maximum(count, 1))


def _components(req: _Side, sup: _Side, encoder: _Encoder) -> tuple[np.ndarray, dict]:
    """For every (request, supporter) pair: whether the hard rules allow it, and each
    soft component between 0 and 1."""
    masks_r, masks_s = req.masks, sup.masks
    feasible = (
        ((masks_r["languages"][:, None] & masks_s["languages"][None, :]) != 0)
        & sup.extra["open"][None, :]
        & (sup.person[None, :] != req.person[:, None])
        & (sup.person[None, :] != req.extra["manager"][:, None])
        & ~(req.extra["outside"][:, None] & (sup.department[None, :] == req.department[:, None]))
    )
    modes_bits = encoder.sets["meeting_modes"]
    remote_mask = modes_bits.mask(REMOTE_MODES)
    in_person_mask = modes_bits.mask([IN_PERSON])
    wanted_modes = np.where(masks_r["meeting_modes"] == 0, -1, masks_r["meeting_modes"])
    shared_modes = wanted_modes[:, None] & masks_s["meeting_modes"][None, :]
    same_site = (sup.site[None, :] == req.site[:, None]) & (req.site[:, None] != 0)
    remote_ok = (shared_modes & remote_mask) != 0
    in_person_ok = ((shared_modes & in_person_mask) != 0) & same_site
    preference = req.extra["site_preference"][:, None]
    site_and_mode = np.select(
        [preference == 0, preference == 1],
        [np.where(in_person_ok, 1.0, np.where(same_site, 0.5, 0.0)), remote_ok * 1.0],
        default=np.where(remote_ok | in_person_ok, 1.0, np.where(shared_modes != 0, 0.5, 0.0)),
    )
    wanted_slots = np.minimum(np.bitwise_count(masks_r["availability"]), ENOUGH_SLOTS)[:, None]
    shared_slots = np.minimum(
        np.bitwise_count(masks_r["availability"][:, None] & masks_s["availability"][None, :]),
        ENOUGH_SLOTS,
    )
    components = {
        "lived_experience": _share(masks_r["lived_experience"], masks_s["lived_experience"]),
        "topics": _share(masks_r["topics"], masks_s["topics"]),
        "site_and_mode": site_and_mode,
        "availability": np.where(
            wanted_slots == 0, 1.0, shared_slots / np.maximum(wanted_slots, 1)
        ),
        "gender": np.where(
            (req.gender[:, None] == 0) | (req.gender[:, None] == sup.gender[None, :]), 1.0, 0.0
        ),
        "seniority": np.where(
            req.extra["mentoring"][:, None], sup.extra["seniority"][None, :], 1.0
        ),
        "load": np.broadcast_to(1.0 - sup.extra["load_share"][None, :], feasible.shape),
    }
    return feasible, components


def _scores(components: dict[str, np.ndarray]) -> np.ndarray:
    total = sum(WEIGHTS[name] * value for name, value in components.items())
    return np.rint(total).astype(np.int64)


class _Scorer:
    """Scores blocks of requests against a fixed set of supporters."""

    def __init__(self, requests: Sequence[Request], supporters: Sequence[Supporter]) -> None:
        self.encoder = _Encoder()
        self.supporters = list(supporters)
        self.sup = _supporter_side(self.encoder, self.supporters)
        self.requests = list(requests)
        self.req = _request_side(self.encoder, self.requests)
        # Ties are broken by the lower supporter id: a unique key per supporter.
        self.index_of = {supporter.id: i for i, supporter in enumerate(self.supporters)}
        order = np.argsort(self.sup.ids, kind="stable")
        self.rank = np.empty(len(order), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    def block(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, dict]:
        req = _Side(
            ids=self.req.ids[start:stop],
            person=self.req.person[start:stop],
            masks={k: v[start:stop] for k, v in self.req.masks.items()},
            department=self.req.department[start:stop],
            site=self.req.site[start:stop],
            gender=self.req.gender[start:stop],
            extra={k: v[start:stop] for k, v in self.req.extra.items()},
        )
        feasible, components = _components(req, self.sup, self.encoder)
        for row, request in enumerate(self.requests[start:stop]):
            for supporter_id in request.excluded:
                index = self.index_of.get(supporter_id)
                if index is not None:
                    feasible[row, index] = False
        return feasible, _scores(components), components

    def best(self, start: int, stop: int, k: int, min_score: int) -> list[list[tuple[int, int]]]:
        """For each request of the block: up to k (supporter index, score), best first."""
        feasible, scores, _components = self.block(start, stop)
        n = len(self.supporters)
        key = np.where(feasible & (scores >= min_score), scores * (n + 1) + (n - self.rank), -1)
        k = min(k, n)
        if k == 0:
            return [[] for _ in range(stop - start)]
        top = (
            np.argpartition(-key, k - 1, axis=1)[:, :k]
            if k < n
            else np.tile(np.arange(n), (stop - start, 1))
        )
        result = []
        for row in range(stop - start):
            chosen = [int(i) for i in top[row] if key[row, i] >= 0]
            chosen.sort(key=lambda i: -key[row, i])
            result.append([(i, int(scores[row, i])) for i in chosen])
        return result


# --- graph ----------------------------------------------------------------------------------


def _edges(scorer: "_Scorer", k: int, min_score: int) -> tuple[np.ndarray, ...]:
    """Every request's best k allowed pairs scoring at least `min_score`, as arrays
    (request index, supporter index, score); and per request why it may stay unmatched
    (an array of reason codes, used only for requests the solver leaves out)."""
    n = len(scorer.supporters)
    rows, cols, values, why = [], [], [], []
    for start in range(0, len(scorer.requests), BLOCK):
        stop = min(start + BLOCK, len(scorer.requests))
        feasible, scores, _components = scorer.block(start, stop)
        valid = feasible & (scores >= min_score)
        why.append(
            np.where(
                ~feasible.any(axis=1),
                NO_ELIGIBLE,
                np.where(~valid.any(axis=1), BELOW_MINIMUM, NO_CAPACITY),
            )
        )
        if k < n:
            key = np.where(valid, scores * (n + 1) + (n - scorer.rank), -1)
            top = np.argpartition(-key, k - 1, axis=1)[:, :k]
            block_rows = np.repeat(np.arange(stop - start), k)
            block_cols = top.ravel()
            keep = valid[block_rows, block_cols]
            block_rows, block_cols = block_rows[keep], block_cols[keep]
        else:
            block_rows, block_cols = np.nonzero(valid)
        rows.append(block_rows + start)
        cols.append(block_cols)
        values.append(scores[block_rows, block_cols])
    if not rows:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    return (
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(values),
        np.concatenate(why),
    )


# --- public API -----------------------------------------------------------------------


def suggest(request: Request, supporters: Sequence[Supporter], k: int = 5) -> list[Suggestion]:
    """The best k supporters for one request, with the reasons for each score.

    Only supporters the hard rules allow; ties go to the lower supporter id.
    """
    if not supporters:
        return []
    scorer = _Scorer([request], supporters)
    _feasible, _scores, components = scorer.block(0, 1)
    best = scorer.best(0, 1, k, min_score=0)[0]
    # A component the person expressed no wish about gives everyone the same points:
    # it is no reason to prefer anyone, so it is not shown as one.
    neutral = {
        "lived_experience": not request.lived_experience,
        "topics": not request.topics,
        "availability": not request.availability,
        "gender": not request.gender_preference,
        "seniority": not request.mentoring,
    }
    suggestions = []
    for index, score in best:
        reasons = sorted(
            (
                (name, round(WEIGHTS[name] * float(components[name][0, index])))
                for name in WEIGHTS
                if not neutral.get(name, False)
            ),
            key=lambda item: (-item[1], item[0]),
        )
        suggestions.append(
            Suggestion(
                supporter_id=int(scorer.sup.ids[index]),
                score=score,
                reasons=tuple(item for item in reasons if item[1] > 0),
            )
        )
    return suggestions


def objective(pairs: Iterable[tuple[int, int, int]], supporters: Sequence[Supporter]) -> int:
    """The value `assign` maximises: scaled scores minus the growing cost of load."""
    by_id = {s.id: s for s in supporters}
    added: dict[int, int] = {}
    value = 0
    for _request, supporter_id, score in pairs:
        extra = added.get(supporter_id, 0)
        value += score * SCORE_SCALE - LOAD_PENALTY * (by_id[supporter_id].load + extra)
        added[supporter_id] = extra + 1
    return value


def _solve_flow(
    n_requests: int,
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    free: np.ndarray,
    loads: np.ndarray,
) -> np.ndarray:
    """Max-weight assignment on a sparse graph by min-cost flow (exact for that graph).

    Returns a boolean array: which of the edges are chosen.
    """
    from ortools.graph.python import min_cost_flow

    rows, cols, scores = edges
    n_supporters = len(free)
    sink = n_requests + n_supporters
    slot_supporters = np.repeat(np.arange(n_supporters), free)
    slot_number = np.arange(len(slot_supporters)) - np.repeat(np.cumsum(free) - free, free)
    starts = np.concatenate([rows, np.arange(n_requests), n_requests + slot_supporters])
    ends = np.concatenate(
        [n_requests + cols, np.full(n_requests, sink), np.full(len(slot_supporters), sink)]
    )
    costs = np.concatenate(
        [
            -scores * SCORE_SCALE,  # a pair earns its score
            np.zeros(n_requests, dtype=np.int64),  # staying unmatched costs nothing
            LOAD_PENALTY * (loads[slot_supporters] + slot_number),  # each mentee a bit more
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        starts.astype(np.int64),
        ends.astype(np.int64),
        np.ones(len(starts), dtype=np.int64),
        costs.astype(np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_requests] = 1
    supplies[sink] = -n_requests
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the assignment has no optimal solution")
    return flow.flows(arcs[: len(rows)]) > 0


def assign(
    requests: Sequence[Request],
    supporters: Sequence[Supporter],
    *,
    min_score: int = MIN_SCORE,
    candidates: int = CANDIDATES_PER_REQUEST,
) -> Assignment:
    """Match many requests at once: the largest total score under every capacity.

    The graph keeps each request's best `candidates` supporters; a request left out
    although some supporter still has room is then offered the best of the rest.
    Requests still unmatched come back with the reason, for a coordinator.
    """
    result = Assignment()
    if not requests:
        return result
    if not supporters:
        result.unmatched = {r.id: NO_ELIGIBLE for r in requests}
        return result
    scorer = _Scorer(requests, supporters)
    rows, cols, scores, why = _edges(scorer, candidates, min_score)
    free = np.array([max(s.capacity - s.load, 0) for s in scorer.supporters], dtype=np.int64)
    loads = np.array([s.load for s in scorer.supporters], dtype=np.int64)
    chosen = _solve_flow(len(requests), (rows, cols, scores), free, loads)
    used = np.zeros(len(free), dtype=np.int64)
    matched = np.zeros(len(requests), dtype=bool)
    for request, supporter, score in zip(rows[chosen], cols[chosen], scores[chosen], strict=True):
        used[supporter] += 1
        matched[request] = True
        result.pairs.append((requests[request].id, scorer.supporters[supporter].id, int(score)))
    left = [int(i) for i in np.nonzero(~matched)[0]]
    if left and (used < free).any():
        _fallback(scorer, result, left, used, free, min_score, matched)
    for i in np.nonzero(~matched)[0]:
        result.unmatched[requests[i].id] = str(why[i])
    return result


def _fallback(
    scorer: _Scorer,
    result: Assignment,
    left: list[int],
    used: np.ndarray,
    free: np.ndarray,
    min_score: int,
    matched: np.ndarray,
) -> None:
    """Offer the requests left out the best supporters who still have room, greedily."""
    room = [int(j) for j in np.nonzero(used < free)[0]]
    rest = _Scorer([scorer.requests[i] for i in left], [scorer.supporters[j] for j in room])
    rows, cols, scores, _why = _edges(rest, len(room), min_score)
    order = np.lexsort((cols, rows, -scores))
    for i in order:
        request, supporter = left[int(rows[i])], room[int(cols[i])]
        if matched[request] or used[supporter] >= free[supporter]:
            continue
        load = scorer.supporters[supporter].load + int(used[supporter])
        if scores[i] * SCORE_SCALE <= LOAD_PENALTY * load:
            continue  # a pair worth less than the load it adds
        used[supporter] += 1
        matched[request] = True
        result.pairs.append(
            (scorer.requests[request].id, scorer.supporters[supporter].id, int(scores[i]))
        )


def assign_exact(
    requests: Sequence[Request], supporters: Sequence[Supporter], *, min_score: int = MIN_SCORE
) -> Assignment:
    """The same optimisation on the dense graph of every allowed pair (for benchmarks)."""
    return assign(requests, supporters, min_score=min_score, candidates=len(supporters))


def assign_greedy(
    requests: Sequence[Request],
    supporters: Sequence[Supporter],
    *,
    min_score: int = MIN_SCORE,
    candidates: int = CANDIDATES_PER_REQUEST,
) -> Assignment:
    """A baseline: the highest-scoring pairs first, while capacity lasts."""
    result = Assignment()
    if not requests or not supporters:
        return result
    scorer = _Scorer(requests, supporters)
    rows, cols, scores, _why = _edges(scorer, candidates, min_score)
    order = np.lexsort((cols, rows, -scores))
    free = [max(s.capacity - s.load, 0) for s in scorer.supporters]
    taken = np.zeros(len(requests), dtype=bool)
    for i in order:
        request, supporter = int(rows[i]), int(cols[i])
        if taken[request] or free[supporter] == 0:
            continue
        taken[request] = True
        free[supporter] -= 1
        result.pairs.append((requests[request].id, scorer.supporters[supporter].id, int(scores[i])))
    for i in np.nonzero(~taken)[0]:
        result.unmatched[requests[i].id] = "not_matched"
    return result
