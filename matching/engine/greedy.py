"""A greedy bulk assignment, the baseline the optimal one is benchmarked against."""

from collections.abc import Sequence

import numpy as np

from matching.engine.graph import edges
from matching.engine.model import Assignment, Request, Supporter
from matching.engine.scoring import Scorer
from matching.engine.tuning import CANDIDATES_PER_REQUEST, MIN_SCORE


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
    scorer = Scorer(requests, supporters)
    rows, cols, scores, _why = edges(scorer, candidates, min_score)
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
