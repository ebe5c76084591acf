from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from matching.models import SupportRequest
from tests.matching.factories import make_request

pytestmark = pytest.mark.django_db

migration = import_module("matching.migrations.0004_encrypt_existing_descriptions")


def raw_description(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM matching_supportrequest WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_request_descriptions_are_encrypted_at_rest():
    request = make_request(description="Kembali setelah operasi punggung")
    assert "operasi" not in raw_description(request.pk)
    assert SupportRequest.objects.get(pk=request.pk).description.endswith("punggung")


def test_the_data_migration_encrypts_old_plain_rows_and_reverses():
    request = make_request(description="")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE matching_supportrequest SET description = %s WHERE id = %s",
            ["written before encryption", request.pk],
        )

    migration.encrypt_descriptions(apps, connection.schema_editor())
    assert raw_description(request.pk).startswith("gAAAAA")
    assert SupportRequest.objects.get(pk=request.pk).description == "written before encryption"

    migration.decrypt_descriptions(apps, connection.schema_editor())
    assert raw_description(request.pk) == "written before encryption"
