"""Realistic random instances for benchmarking the engine (plain Python, seeded)."""

import random

from matching.engine import Request, Supporter

LANGUAGES = [("id", 0.97), ("jv", 0.35), ("en", 0.3), ("su", 0.15), ("ban", 0.05), ("zh", 0.05)]
TOPICS = [
    "return_to_work",
    "stress",
    "workload",
    "chronic_illness",
    "injury",
    "bereavement",
    "caregiving",
    "work_life",
    "relationships_at_work",
    "new_starter",
    "career",
    "leadership",
    "finances",
]
EXPERIENCE = [
    "returned_after_injury",
    "long_illness",
    "mental_health_recovery",
    "caregiving",
    "bereavement",
    "disability",
    "parenthood",
    "relocation",
    "burnout",
]
MODES = ["in_person", "video", "phone", "chat"]
SLOTS = [
    f"{day}_{part}"
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for part in ("am", "pm", "eve")
]
SITES = ["Jakarta", "Surabaya", "Bandung", "Medan", "Denpasar"]
DEPARTMENTS = ["Produksi", "Logistik", "Keuangan", "SDM", "TI", "Penjualan", "Pemasaran", "Hukum"]


def _languages(rng: random.Random) -> frozenset[str]:
    chosen = {code for code, share in LANGUAGES if rng.random() < share}
    return frozenset(chosen or {"id"})


def _some(rng: random.Random, values: list[str], low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(values, rng.randint(low, high)))


def supporters(count: int, rng: random.Random) -> list[Supporter]:
    result = []
    for i in range(count):
        capacity = rng.randint(1, 5)
        result.append(
            Supporter(
                id=i + 1,
                person_id=1_000_000 + i,
                languages=_languages(rng),
                capacity=capacity,
                load=rng.randint(0, capacity - 1) if rng.random() < 0.4 else 0,
                department=rng.choice(DEPARTMENTS),
                site=rng.choice(SITES),
                gender=rng.choice(["female", "male"]),
                topics=_some(rng, TOPICS, 2, 5),
                lived_experience=_some(rng, EXPERIENCE, 0, 3),
                meeting_modes=_some(rng, MODES, 1, 4),
                availability=_some(rng, SLOTS, 3, 10),
                years_of_service=rng.randint(0, 25),
            )
        )
    return result


def requests(count: int, rng: random.Random) -> list[Request]:
    result = []
    for i in range(count):
        result.append(
            Request(
                id=i + 1,
                person_id=i + 1,
                line_manager_id=rng.choice([None, 1_000_000 + rng.randrange(10_000)]),
                languages=_languages(rng),
                department=rng.choice(DEPARTMENTS),
                site=rng.choice(SITES),
                topics=_some(rng, TOPICS, 1, 3),
                lived_experience=_some(rng, EXPERIENCE, 0, 2),
                meeting_modes=_some(rng, MODES, 1, 3),
                availability=_some(rng, SLOTS, 2, 8),
                site_preference=rng.choice(["same_site", "remote", "either", "either"]),
                gender_preference=rng.choice(["", "", "", "female", "male"]),
                outside_department=rng.random() < 0.3,
                mentoring=rng.random() < 0.2,
            )
        )
    return result
