"""scripts/backup and scripts/restore, as an operator runs them (docs/operations.md)."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from referrals.models import CounselorNote
from tests.factories import UserFactory
from tests.referrals.factories import make_referral, make_service

ROOT = Path(settings.BASE_DIR)
NOTE = "Agreed a safety plan; her sister stays with her this week."

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only


def database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our own scripts and manage.py, no shell
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def manage(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The product itself, started on the restored database."""
    return run([sys.executable, "manage.py", *args], DATABASE_URL=url, **env)


def read_note(url: str, pk: int, **env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "from referrals.models import CounselorNote; "
        f"print(CounselorNote.objects.get(pk={pk}).text)"
    )
    return manage(url, "shell", "--no-imports", "--command", code, **env)


def drop_database(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def restored_name() -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are for PostgreSQL: set DATABASE_URL to postgres://…")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing (apt-get install postgresql-client)")
    # Named after this run's own test database, so parallel runs never meet.
    name = f"{connection.settings_dict['NAME']}_restored"
    drop_database(name)  # left by an interrupted run of this test
    yield name
    drop_database(name)


def test_a_backup_restores_into_a_new_database_and_the_notes_read_back(restored_name, tmp_path):
    counselor = UserFactory(roles=["counselor"])
    referral = make_referral(make_service(counselors=[counselor]))
    note = CounselorNote.objects.create(referral=referral, author=counselor, text=NOTE)

    source = database_url(connection.settings_dict["NAME"])
    backup = run(["scripts/backup", str(tmp_path)], DATABASE_URL=source)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path and dump.stat().st_mode & 0o077 == 0  # owner only
    assert "keep them apart" in backup.stderr

    # The dump holds the note's ciphertext only: its key is not in it.
    sql = run(["pg_restore", "--data-only", "--file=-", str(dump)]).stdout
    assert NOTE not in sql and "gAAAAA" in sql

    url = database_url(restored_name)
    restore = run(["scripts/restore", "--create", str(dump)], DATABASE_URL=url)
    assert restore.returncode == 0, restore.stderr

    assert manage(url, "migrate", "--check").returncode == 0  # the schema is complete
    read = read_note(url, note.pk)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == NOTE

    # Without the key the restored notes stay unreadable: the keys are the other half.
    other_key = Fernet.generate_key().decode()
    unreadable = read_note(url, note.pk, FIELD_ENCRYPTION_KEYS=other_key)
    assert unreadable.returncode != 0
    assert NOTE not in unreadable.stdout
    assert "cannot be read with FIELD_ENCRYPTION_KEYS" in unreadable.stderr

    again = run(["scripts/restore", str(dump)], DATABASE_URL=url)
    assert again.returncode != 0
    assert "already holds" in again.stderr  # a restore never overwrites data
