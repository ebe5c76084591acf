"""Requests and supporters as arrays: each set attribute becomes a bit mask, each single
value (a site, a department, a gender) a code, so a block of pairs is scored at once."""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.engine.model import Request, Supporter
from matching.engine.tuning import SENIOR_YEARS

SET_FIELDS = ("languages", "topics", "lived_experience", "meeting_modes", "availability")


class Vocabulary:
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


class Encoder:
    """The vocabularies shared by both sides of one scoring, so their bits agree."""

    def __init__(self) -> None:
        self.sets = {name: Vocabulary() for name in SET_FIELDS}
        self.places = Vocabulary()  # departments and sites share one code space
        self.genders = Vocabulary()

    def masks(self, items: Sequence[object], name: str) -> np.ndarray:
        vocabulary = self.sets[name]
        return np.array([vocabulary.mask(getattr(item, name)) for item in items], dtype=np.int64)


@dataclass
class Side:
    """One side of the pairs, as arrays."""

    ids: np.ndarray
    person: np.ndarray
    masks: dict[str, np.ndarray]
    department: np.ndarray
    site: np.ndarray
    gender: np.ndarray
    extra: dict[str, np.ndarray]

    def rows(self, start: int, stop: int) -> "Side":
        """The items from `start` to `stop` (views of the arrays, not copies)."""
        return Side(
            ids=self.ids[start:stop],
            person=self.person[start:stop],
            masks={k: v[start:stop] for k, v in self.masks.items()},
            department=self.department[start:stop],
            site=self.site[start:stop],
            gender=self.gender[start:stop],
            extra={k: v[start:stop] for k, v in self.extra.items()},
        )


def supporter_side(encoder: Encoder, supporters: Sequence[Supporter]) -> Side:
    capacity = np.array([s.capacity for s in supporters], dtype=np.int64)
    load = np.array([s.load for s in supporters], dtype=np.int64)
    return Side(
        ids=np.array([s.id for s in supporters], dtype=np.int64),
        person=np.array([s.person_id for s in supporters], dtype=np.int64),
        masks={name: encoder.masks(supporters, name) for name in SET_FIELDS},
        department=np.array([encoder.places.code(s.department) for s in supporters], np.int64),
        site=np.array([encoder.places.code(s.site) for s in supporters], dtype=np.int64),
        gender=np.array([encoder.genders.code(s.gender) for s in supporters], dtype=np.int64),
        extra={
            "open": np.array([s.active and s.eligible for s in supporters]) & (load < capacity),
            "manager": np.array([s.line_manager_id or -1 for s in supporters], dtype=np.int64),
            "load_share": np.where(capacity > 0, load / np.maximum(capacity, 1), 1.0),
            "seniority": np.minimum(
                np.array([s.years_of_service for s in supporters], dtype=np.float64),
                SENIOR_YEARS,
            )
            / SENIOR_YEARS,
        },
    )


def request_side(encoder: Encoder, requests: Sequence[Request]) -> Side:
    site_preference = {"same_site": 0, "remote": 1, "either": 2}
    return Side(
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
