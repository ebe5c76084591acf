"""Write the service directory as Open Referral HSDS 3.0 JSON."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from referrals.hsds import hsds_export


class Command(BaseCommand):
    help = "Write the service directory as Open Referral HSDS 3.0 JSON (a list of organisations)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="the file to write (default: standard output)"
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        organizations = hsds_export()
        text = json.dumps(organizations, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        count = sum(len(organization["services"]) for organization in organizations)
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(count)d services to %(file)s.") % {"count": count, "file": output}
            )
        )
