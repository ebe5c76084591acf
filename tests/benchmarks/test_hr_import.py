"""10,000 HR rows must import in under a minute (issue: accounts). Prints its figures."""

import json
import time

import pytest

from peersupport.models import User
from peersupport.services.hr_import import hr_import_apply, hr_import_create, hr_import_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROWS = 10_000
DEPARTMENTS = ["Produksi", "Logistik", "Keuangan", "Sumber Daya Manusia", "Teknologi Informasi"]
SITES = ["Jakarta", "Surabaya", "Bandung", "Medan", "Denpasar"]


def hr_export(rows: int) -> bytes:
    lines = ["employee_id,full_name,email,department,site,line_manager_id,gender,languages,status"]
    for n in range(rows):
        manager = "" if n < 100 else str(10_000 + n % 100)  # managers are the first 100
        lines.append(
            f"{10_000 + n},Karyawan {n},karyawan{n}@corp.co.id,{DEPARTMENTS[n % 5]},"
            f"{SITES[n % 5]},{manager},{'female' if n % 2 else 'male'},id;en,active"
        )
    return ("\n".join(lines) + "\n").encode()


def test_ten_thousand_rows_import_in_under_a_minute():
    coordinator = UserFactory(roles=["coordinator"])
    content = hr_export(ROWS)

    started = time.perf_counter()
    hr_import = hr_import_create(name="hr.csv", content=content, actor=coordinator)
    read = time.perf_counter()
    plan = hr_import_plan(rows=hr_import.rows)
    planned = time.perf_counter()
    summary = hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=True)
    applied = time.perf_counter()
    second = hr_import_create(name="hr.csv", content=content, actor=coordinator)
    again = hr_import_apply(hr_import=second, actor=coordinator, send_invitations=True)
    rerun = time.perf_counter()

    figures = {
        "rows": ROWS,
        "seconds_read": round(read - started, 2),
        "seconds_preview": round(planned - read, 2),
        "seconds_apply_with_invitations": round(applied - planned, 2),
        "seconds_total": round(applied - started, 2),
        "seconds_rerun_unchanged": round(rerun - applied, 2),
    }
    print(json.dumps(figures))
    assert not plan.has_errors
    assert summary["create"] == ROWS and summary["invited"] == ROWS
    assert again["unchanged"] == ROWS
    assert User.objects.filter(line_manager__isnull=False).count() == ROWS - 100
    assert figures["seconds_total"] < 60
