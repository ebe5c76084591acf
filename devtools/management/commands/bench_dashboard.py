"""Measure the dashboard's server time and query count; the last line is JSON."""

import json
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from devtools.scale import COORDINATOR_USERNAME
from peersupport.models import User
from sessions.models import SessionLog


class Command(BaseCommand):
    help = (
        "Request /dashboard/ as the generated coordinator of seed_scale, through the whole "
        "middleware stack, and print the timings and the query count as JSON."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=50, help="timed requests (default 50)")
        parser.add_argument(
            "--query", default="", help='filters, as a query string such as "program=1"'
        )

    def handle(self, *args: Any, runs: int, query: str, **options: Any) -> None:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.filter(username=COORDINATOR_USERNAME).first()
        if user is None:
            raise CommandError("No generated coordinator here: run manage.py seed_scale first.")
        # Coordinators need a second factor; the generated one (whose password is
        # unusable) gets a device nobody holds, and the session counts as verified.
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench_dashboard", defaults={"confirmed": True}
        )
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        url = reverse("dashboard:index") + (f"?{query}" if query else "")
        # The test client's host, and static URLs without collectstatic's manifest.
        plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        ):
            for _warm_up in range(3):
                self._get(client, url)
            timings = []
            for _run in range(runs):
                started = time.perf_counter()
                self._get(client, url)
                timings.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as queries:
                self._get(client, url)
        timings.sort()
        figures = {
            "url": url,
            "runs": runs,
            "sessions": SessionLog.objects.count(),
            "queries": len(queries),
            "seconds_p50": round(statistics.median(timings), 4),
            "seconds_p95": round(timings[max(0, round(runs * 0.95) - 1)], 4),
            "seconds_max": round(timings[-1], 4),
        }
        self.stdout.write(json.dumps(figures))

    def _get(self, client: Client, url: str) -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
