"""The numbers that shape the engine's answers, in one place to tune them."""

# What the soft score is made of, in points out of 100.
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
# Requests scored at once: bounds the memory of the arrays of (request, supporter) pairs.
BLOCK = 512
