"""Fill the database with a realistic demo world: the named demo users and their stories,
then a company of 300 more employees with six months of history. Safe to run again."""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools import demo
from devtools.demo import DemoContext
from devtools.demo import company as company_demo
from devtools.demo import matching as matching_demo
from devtools.demo import programs as programs_demo
from devtools.demo import referrals as referrals_demo
from devtools.demo import sessions as sessions_demo
from peersupport.services.two_factor import demo_totp_device, second_factor_required

DEFAULT_PASSWORD = "demo-peersupport"  # noqa: S105 (demo only; refused with DEBUG off)
# In the direction of the apps' dependencies: each part builds on the ones before it.
PARTS = [
    ("people", demo),
    ("programs and training", programs_demo),
    ("requests and matches", matching_demo),
    ("services and referrals", referrals_demo),
    ("session logs", sessions_demo),
]


class Command(BaseCommand):
    help = "Create or refresh the demo data (users coordinator, supporter, counselor, employee)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"password of every demo user (default: {DEFAULT_PASSWORD})",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (a real deployment)"
        )

    def handle(self, *args: Any, password: str, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a real deployment: demo users with a known "
                "password would be a way in. Run with --force if you really want them."
            )
        started = time.monotonic()
        ctx = DemoContext(password=password)
        for label, part in PARTS:
            self.stderr.write(f"demo: {label}")
            part.seed(ctx)
        self.stderr.write("demo: the company's six months of history")
        company_demo.seed(ctx, stream=self.stderr)
        self.stderr.write(f"demo: ready in {time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        for username, name in ctx.sign_ins:
            user = ctx.people[username]
            line = f"  {username:<12} {name:<20} password: {password}"
            if second_factor_required(user):
                # The second step asks for a code from an authenticator app (RFC 6238):
                # add this key to one, or compute the code from it in a script.
                line += f"  authenticator key (TOTP, base32): {demo_totp_device(user=user)}"
            self.stdout.write(line)
