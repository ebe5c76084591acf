"""The sparse graph the bulk assignments work on: each request's best allowed pairs."""

import numpy as np

from matching.engine.model import BELOW_MINIMUM, NO_CAPACITY, NO_ELIGIBLE
from matching.engine.scoring import Scorer
from matching.engine.tuning import BLOCK


def edges(scorer: Scorer, k: int, min_score: int) -> tuple[np.ndarray, ...]:
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
