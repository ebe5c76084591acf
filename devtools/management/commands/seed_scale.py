"""Build a large, realistic data set fast: the one the dashboard is benchmarked on."""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.scale import USERNAME_PREFIX, ScaleWorld
from peersupport.models import User


class Command(BaseCommand):
    help = (
        "Write two years of generated history (people, supporters, requests, matches, "
        "session logs, referrals, supervision, WHO-5 check-ins) with bulk inserts: COPY on "
        "PostgreSQL. A progress bar goes to stderr. Use an empty database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--employees", type=int, default=100_000)
        parser.add_argument("--supporters", type=int, default=5_000)
        parser.add_argument("--sessions", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (a real deployment)"
        )

    def handle(
        self,
        *args: Any,
        employees: int,
        supporters: int,
        sessions: int,
        seed: int,
        force: bool,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a real deployment: generated people would mix "
                "with real ones. Run with --force if you really want them."
            )
        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise CommandError("This database already holds generated data: use an empty one.")
        try:
            world = ScaleWorld(
                employees=employees,
                supporters=supporters,
                sessions=sessions,
                seed=seed,
                stream=self.stderr,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        counts = world.build()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{value:,} {key}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Built in {elapsed:.0f} s: {summary}."))
