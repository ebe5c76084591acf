"""The hard rules: which (request, supporter) pairs may be made at all, whatever they score."""

from collections.abc import Sequence

import numpy as np

from matching.engine.encoding import Side
from matching.engine.model import Request


def allowed(req: Side, sup: Side) -> np.ndarray:
    """For every (request, supporter) pair, whether the rules allow it: a shared language;
    a supporter who is active, eligible for the program and has room; neither the person
    themself, nor their line manager, nor one of their direct reports; outside their
    department when they asked for that."""
    return (
        ((req.masks["languages"][:, None] & sup.masks["languages"][None, :]) != 0)
        & sup.extra["open"][None, :]
        & (sup.person[None, :] != req.person[:, None])
        & (sup.person[None, :] != req.extra["manager"][:, None])
        & (sup.extra["manager"][None, :] != req.person[:, None])
        & ~(req.extra["outside"][:, None] & (sup.department[None, :] == req.department[:, None]))
    )


def forbid_asked(
    feasible: np.ndarray, requests: Sequence[Request], index_of: dict[int, int]
) -> None:
    """Rule out, in place, the supporters each request has already been offered to."""
    for row, request in enumerate(requests):
        for supporter_id in request.excluded:
            index = index_of.get(supporter_id)
            if index is not None:
                feasible[row, index] = False
