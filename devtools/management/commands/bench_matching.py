"""Benchmark the matching engine on a realistic random instance; the last line is JSON."""

import json
import random
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from devtools import matching_benchmark as benchmark
from matching.engine import assign, assign_exact, assign_greedy, objective, suggest


class Command(BaseCommand):
    help = "Time suggest, assign, a greedy baseline and (with --exact) a dense exact solver."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=int, default=10_000)
        parser.add_argument("--supporters", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--exact", action="store_true", help="also solve the dense graph")

    def handle(
        self, *args: Any, requests: int, supporters: int, seed: int, exact: bool, **options: Any
    ) -> None:
        rng = random.Random(seed)  # noqa: S311 (a reproducible benchmark, not security)
        pool = benchmark.supporters(supporters, rng)
        asks = benchmark.requests(requests, rng)
        self.stdout.write(f"{requests} requests, {supporters} supporters, seed {seed}")

        started = time.perf_counter()
        result = assign(asks, pool)
        seconds_assign = time.perf_counter() - started
        self.stdout.write(f"assign: {seconds_assign:.2f} s, {len(result.pairs)} pairs")

        started = time.perf_counter()
        greedy = assign_greedy(asks, pool)
        seconds_greedy = time.perf_counter() - started

        timings = []
        for ask in asks[:200]:
            started = time.perf_counter()
            suggest(ask, pool, k=5)
            timings.append(time.perf_counter() - started)
        timings.sort()

        exact_total = exact_objective = None
        if exact:
            started = time.perf_counter()
            dense = assign_exact(asks, pool)
            self.stdout.write(f"exact: {time.perf_counter() - started:.2f} s")
            exact_total, exact_objective = dense.total_score, objective(dense.pairs, pool)

        figures = {
            "requests": requests,
            "supporters": supporters,
            "seconds_assign": round(seconds_assign, 3),
            "total_score": result.total_score,
            "greedy_total_score": greedy.total_score,
            "exact_total_score": exact_total,
            "seconds_greedy": round(seconds_greedy, 3),
            "seconds_suggest_p95": round(timings[int(len(timings) * 0.95) - 1], 4),
            "seconds_suggest_median": round(statistics.median(timings), 4),
            "objective": objective(result.pairs, pool),
            "exact_objective": exact_objective,
            "unmatched": len(result.unmatched),
        }
        self.stdout.write(json.dumps(figures))
