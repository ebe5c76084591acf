"""Create or update directory services from an Open Referral HSDS 3.0 JSON file."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from referrals.hsds import hsds_import


class Command(BaseCommand):
    help = (
        "Create or update services from an HSDS 3.0 JSON file (one organisation or a list). "
        "Nothing changes unless every service in it can be imported."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the HSDS JSON file")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from error
        except (ValueError, RecursionError) as error:  # not UTF-8, not JSON, nested too deep
            raise CommandError(
                _("%(file)s is not a JSON file: %(reason)s") % {"file": file, "reason": error}
            ) from error
        report = hsds_import(data, actor=None)
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(_("Nothing was imported."))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)d services created, %(updated)d updated.")
                % {"created": report.created, "updated": report.updated}
            )
        )
