"""The soft score: each component between 0 and 1 for every pair, weighted into points
out of 100; and the scorer that applies the hard rules and the score to blocks of requests.
"""

from collections.abc import Sequence

import numpy as np

from matching.engine.encoding import Encoder, Side, request_side, supporter_side
from matching.engine.model import Request, Supporter
from matching.engine.rules import allowed, forbid_asked
from matching.engine.tuning import ENOUGH_SLOTS, IN_PERSON, REMOTE_MODES, WEIGHTS


def _share(wanted: np.ndarray, offered: np.ndarray) -> np.ndarray:
    """The part of what is wanted that is offered; everything when nothing is wanted."""
    count = np.bitwise_count(wanted)[:, None]
    hits = np.bitwise_count(wanted[:, None] & offered[None, :])
    return np.where(count == 0, 1.0, hits / np.maximum(count, 1))


def _site_and_mode(req: Side, sup: Side, encoder: Encoder) -> np.ndarray:
    """How well the supporter can meet the way the request prefers: in person at the same
    site, remotely, or either (half the points for a near miss)."""
    modes_bits = encoder.sets["meeting_modes"]
    remote_mask = modes_bits.mask(REMOTE_MODES)
    in_person_mask = modes_bits.mask([IN_PERSON])
    wanted_modes = np.where(req.masks["meeting_modes"] == 0, -1, req.masks["meeting_modes"])
    shared_modes = wanted_modes[:, None] & sup.masks["meeting_modes"][None, :]
    same_site = (sup.site[None, :] == req.site[:, None]) & (req.site[:, None] != 0)
    remote_ok = (shared_modes & remote_mask) != 0
    in_person_ok = ((shared_modes & in_person_mask) != 0) & same_site
    preference = req.extra["site_preference"][:, None]
    return np.select(
        [preference == 0, preference == 1],
        [np.where(in_person_ok, 1.0, np.where(same_site, 0.5, 0.0)), remote_ok * 1.0],
        default=np.where(remote_ok | in_person_ok, 1.0, np.where(shared_modes != 0, 0.5, 0.0)),
    )


def _availability(req: Side, sup: Side) -> np.ndarray:
    """The shared weekly slots, up to ENOUGH_SLOTS, as a part of those wanted."""
    wanted_slots = np.minimum(np.bitwise_count(req.masks["availability"]), ENOUGH_SLOTS)[:, None]
    shared_slots = np.minimum(
        np.bitwise_count(req.masks["availability"][:, None] & sup.masks["availability"][None, :]),
        ENOUGH_SLOTS,
    )
    return np.where(wanted_slots == 0, 1.0, shared_slots / np.maximum(wanted_slots, 1))


def components(req: Side, sup: Side, encoder: Encoder) -> dict[str, np.ndarray]:
    """For every (request, supporter) pair, each soft component between 0 and 1."""
    masks_r, masks_s = req.masks, sup.masks
    shape = (len(req.ids), len(sup.ids))
    return {
        "lived_experience": _share(masks_r["lived_experience"], masks_s["lived_experience"]),
        "topics": _share(masks_r["topics"], masks_s["topics"]),
        "site_and_mode": _site_and_mode(req, sup, encoder),
        "availability": _availability(req, sup),
        "gender": np.where(
            (req.gender[:, None] == 0) | (req.gender[:, None] == sup.gender[None, :]), 1.0, 0.0
        ),
        "seniority": np.where(
            req.extra["mentoring"][:, None], sup.extra["seniority"][None, :], 1.0
        ),
        "load": np.broadcast_to(1.0 - sup.extra["load_share"][None, :], shape),
    }


def scores(components: dict[str, np.ndarray]) -> np.ndarray:
    """The weighted sum of the components, as whole points out of 100."""
    total = sum(WEIGHTS[name] * value for name, value in components.items())
    return np.rint(total).astype(np.int64)


class Scorer:
    """Scores blocks of requests against a fixed set of supporters."""

    def __init__(self, requests: Sequence[Request], supporters: Sequence[Supporter]) -> None:
        self.encoder = Encoder()
        self.supporters = list(supporters)
        self.sup = supporter_side(self.encoder, self.supporters)
        self.requests = list(requests)
        self.req = request_side(self.encoder, self.requests)
        # Ties are broken by the lower supporter id: a unique key per supporter.
        self.index_of = {supporter.id: i for i, supporter in enumerate(self.supporters)}
        order = np.argsort(self.sup.ids, kind="stable")
        self.rank = np.empty(len(order), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    def block(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """For the requests from `start` to `stop`: which pairs the rules allow, their
        scores and the components of those scores."""
        req = self.req.rows(start, stop)
        feasible = allowed(req, self.sup)
        parts = components(req, self.sup, self.encoder)
        forbid_asked(feasible, self.requests[start:stop], self.index_of)
        return feasible, scores(parts), parts

    def best(self, start: int, stop: int, k: int, min_score: int) -> list[list[tuple[int, int]]]:
        """For each request of the block: up to k (supporter index, score), best first."""
        feasible, block_scores, _components = self.block(start, stop)
        n = len(self.supporters)
        key = np.where(
            feasible & (block_scores >= min_score), block_scores * (n + 1) + (n - self.rank), -1
        )
        k = min(k, n)
        if k == 0:
            return [[] for _ in range(stop - start)]
        top = (
            np.argpartition(-key, k - 1, axis=1)[:, :k]
            if k < n
            else np.tile(np.arange(n), (stop - start, 1))
        )
        result = []
        for row in range(stop - start):
            chosen = [int(i) for i in top[row] if key[row, i] >= 0]
            chosen.sort(key=lambda i: -key[row, i])
            result.append([(i, int(block_scores[row, i])) for i in chosen])
        return result
