"""Breach response: whose records could an account read, and whose did it read?

Lists, for one account, (1) the people whose confidential records its roles give it
access to now (DESIGN.md's access table) and (2) the people whose records the audit
trail shows it read or exported, with when. The first list comes from each app's
`access.py` (the rules of its pages, on-call reads of emergencies included). It lives in the
sessions app because that app sits on top of the others and may read them all.
"""

import json as jsonlib
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from matching import access as matching_access
from matching.models import Match
from peersupport.models import AuditEntry, User
from referrals import access as referrals_access
from referrals.models import Referral
from sessions import access as sessions_access
from sessions.models import SessionLog

READ_ACTIONS = ("referral.viewed", "session_log.notes_read", "admin.exported", "dashboard.exported")


class Command(BaseCommand):
    help = "List the people whose records an account could read, and those it did read."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("account", help="username or e-mail of the account")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, account: str, json: bool, **options: Any) -> None:
        user = User.objects.filter(Q(username=account) | Q(email__iexact=account)).first()
        if user is None:
            raise CommandError(f"No account {account!r}.")
        report = {
            "account": user.username,
            "roles": sorted(user.roles),
            "could_read": could_read(user),
            "did_read": did_read(user),
        }
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"Account {user.username} ({', '.join(report['roles']) or 'no role'})")
        self.stdout.write("People whose confidential records this account can open now:")
        for line in report["could_read"]:
            self.stdout.write(f"  {line['person']:<40} {line['why']}")
        self.stdout.write("Reads and exports in the audit trail:")
        for line in report["did_read"]:
            self.stdout.write(f"  {line['at']}  {line['action']:<24} {line['record']}")


# Each app's access module lists the people whose confidential records a user can open
# now: the same rules that decide its pages, so the report cannot drift from them.
READERS: tuple[Callable[[User], dict[int, str]], ...] = (
    matching_access.confidential_people_readable_by,
    referrals_access.confidential_people_readable_by,
    sessions_access.confidential_people_readable_by,
)


def could_read(user: User) -> list[dict[str, str]]:
    people: dict[int, list[str]] = {}
    for readable_by in READERS:
        for person_id, why in readable_by(user).items():
            people.setdefault(person_id, []).append(why)
    names = dict(User.objects.filter(pk__in=people).values_list("pk", "full_name"))
    return sorted(
        ({"person": names.get(pk, str(pk)), "why": "; ".join(whys)} for pk, whys in people.items()),
        key=lambda line: line["person"],
    )


def did_read(user: User) -> list[dict[str, str]]:
    entries = AuditEntry.objects.filter(actor=user, action__in=READ_ACTIONS).order_by("created_at")
    types = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (Referral, SessionLog, Match)
    }
    lines = []
    for entry in entries.iterator():
        lines.append(
            {
                "at": entry.created_at.isoformat(timespec="seconds"),
                "action": entry.action,
                "record": _participant(types.get(entry.target_type_id), entry.target_id)
                or entry.target_repr
                or str(entry.changes),
            }
        )
    return lines


def _participant(model: Any, pk: str) -> str:
    if model is Referral:
        found = Referral.objects.filter(pk=pk).values_list("participant__full_name", flat=True)
    elif model is SessionLog:
        found = SessionLog.objects.filter(pk=pk).values_list(
            "match__request__requester__full_name", flat=True
        )
    elif model is Match:
        found = Match.objects.filter(pk=pk).values_list("request__requester__full_name", flat=True)
    else:
        return ""
    name = found.first()
    return f"{name} ({model._meta.verbose_name} {pk})" if name else ""


def _dumps(report: dict) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, indent=2)
