"""The first coordinator of a new deployment, with the role (not a bare superuser).

The coordinator sets up an authenticator at their first sign-in, before any page opens.
The password is asked twice on the terminal, or read from COORDINATOR_PASSWORD with
--no-input (for provisioning scripts); either way Django's password rules apply.
"""

import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from peersupport.services.users import user_grant_role

PASSWORD_VARIABLE = "COORDINATOR_PASSWORD"  # noqa: S105 (the variable's name, not a secret)


class Command(BaseCommand):
    help = (
        "Create a coordinator account (with the role and the admin); the second factor "
        "is set up at the first sign-in."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True, dest="full_name")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"read the password from the {PASSWORD_VARIABLE} environment variable",
        )

    def handle(
        self,
        *args: Any,
        username: str,
        email: str,
        full_name: str,
        interactive: bool,
        **options: Any,
    ) -> None:
        email = User.objects.normalize_email(email).lower()
        if (
            User.objects.filter(username=username).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise CommandError("An account with this username or e-mail exists already.")
        user = User(username=username, email=email, full_name=full_name)
        password = self._password(interactive)
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with transaction.atomic():
            user.save()
            audit_log(actor=None, action="user.created", target=user, changes={"by": "command"})
            user_grant_role(user=user, role=Role.COORDINATOR, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Coordinator {username} created. At the first sign-in they set up an "
                "authenticator app (the second factor) before anything else opens."
            )
        )

    def _password(self, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"With --no-input, set {PASSWORD_VARIABLE}.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
