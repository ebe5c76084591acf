"""Bulk assignment: the largest total score under every supporter's capacity, solved
exactly as a min-cost flow on the sparse graph, with a greedy pass for what it leaves."""

from collections.abc import Iterable, Sequence

import numpy as np

from matching.engine.graph import edges
from matching.engine.model import NO_ELIGIBLE, Assignment, Request, Supporter
from matching.engine.scoring import Scorer
from matching.engine.tuning import CANDIDATES_PER_REQUEST, LOAD_PENALTY, MIN_SCORE, SCORE_SCALE


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
    graph: tuple[np.ndarray, np.ndarray, np.ndarray],
    free: np.ndarray,
    loads: np.ndarray,
) -> np.ndarray:
    """Max-weight assignment on a sparse graph by min-cost flow (exact for that graph).

    Returns a boolean array: which of the edges are chosen.
    """
    from ortools.graph.python import min_cost_flow

    rows, cols, scores = graph
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
    scorer = Scorer(requests, supporters)
    rows, cols, scores, why = edges(scorer, candidates, min_score)
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
    scorer: Scorer,
    result: Assignment,
    left: list[int],
    used: np.ndarray,
    free: np.ndarray,
    min_score: int,
    matched: np.ndarray,
) -> None:
    """Offer the requests left out the best supporters who still have room, greedily."""
    room = [int(j) for j in np.nonzero(used < free)[0]]
    rest = Scorer([scorer.requests[i] for i in left], [scorer.supporters[j] for j in room])
    rows, cols, scores, _why = edges(rest, len(room), min_score)
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
