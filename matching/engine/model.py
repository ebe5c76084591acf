"""What the engine takes in and gives back: plain dataclasses the Django side fills."""

from collections.abc import Collection
from dataclasses import dataclass, field

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
    line_manager_id: int | None = None  # a supporter never supports their own manager
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
