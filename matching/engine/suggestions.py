"""Suggestions for one request: the best supporters, each with the reasons for its score."""

from collections.abc import Sequence

from matching.engine.model import Request, Suggestion, Supporter
from matching.engine.scoring import Scorer
from matching.engine.tuning import WEIGHTS


def suggest(request: Request, supporters: Sequence[Supporter], k: int = 5) -> list[Suggestion]:
    """The best k supporters for one request, with the reasons for each score.

    Only supporters the hard rules allow; ties go to the lower supporter id.
    """
    if not supporters:
        return []
    scorer = Scorer([request], supporters)
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
