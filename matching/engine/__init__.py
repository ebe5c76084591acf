"""The matching engine: hard rules, a soft score with its reasons, suggestions, and an
optimal bulk assignment under every supporter's capacity.

Plain Python with NumPy and OR-Tools; it imports nothing from Django, so it is tested
and benchmarked on its own. The Django side reads requests and supporters from the
database into the dataclasses of `model` and writes the results back.

Scores are computed for many pairs at once: each set attribute (languages, topics,
meeting modes, weekly slots, lived experience) becomes a bit mask (`encoding`), and a
block of requests is scored against every supporter with a few array operations
(`rules`, `scoring`). The same function scores a single pair, so a suggestion
(`suggestions`), a bulk assignment (`assignment`, `greedy`) and the reasons shown to a
coordinator always agree.

This module is the engine's public API; the modules behind it are its internals.
"""

from matching.engine.assignment import assign, assign_exact, objective
from matching.engine.greedy import assign_greedy
from matching.engine.model import (
    BELOW_MINIMUM,
    NO_CAPACITY,
    NO_ELIGIBLE,
    Assignment,
    Request,
    Suggestion,
    Supporter,
)
from matching.engine.suggestions import suggest
from matching.engine.tuning import (
    CANDIDATES_PER_REQUEST,
    ENOUGH_SLOTS,
    IN_PERSON,
    LOAD_PENALTY,
    MIN_SCORE,
    REMOTE_MODES,
    SCORE_SCALE,
    SENIOR_YEARS,
    WEIGHTS,
)

__all__ = [
    "BELOW_MINIMUM",
    "CANDIDATES_PER_REQUEST",
    "ENOUGH_SLOTS",
    "IN_PERSON",
    "LOAD_PENALTY",
    "MIN_SCORE",
    "NO_CAPACITY",
    "NO_ELIGIBLE",
    "REMOTE_MODES",
    "SCORE_SCALE",
    "SENIOR_YEARS",
    "WEIGHTS",
    "Assignment",
    "Request",
    "Suggestion",
    "Supporter",
    "assign",
    "assign_exact",
    "assign_greedy",
    "objective",
    "suggest",
]
