"""Encrypt the request descriptions written before the field was encrypted.

Raw SQL on purpose: the historical model's field would try to decrypt the plain text.
"""

from django.db import migrations

from peersupport.fields import TOKEN_PREFIX, decrypt, encrypt

TABLE = "matching_supportrequest"


def _rewrite(schema_editor, change, wanted) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, description FROM {TABLE} WHERE description <> ''")  # noqa: S608
        rows = cursor.fetchall()
        for pk, text in rows:
            if wanted(text):
                cursor.execute(
                    f"UPDATE {TABLE} SET description = %s WHERE id = %s",  # noqa: S608
                    [change(text), pk],
                )


def encrypt_descriptions(apps, schema_editor) -> None:
    _rewrite(schema_editor, encrypt, lambda text: not text.startswith(TOKEN_PREFIX))


def decrypt_descriptions(apps, schema_editor) -> None:
    _rewrite(schema_editor, decrypt, lambda text: text.startswith(TOKEN_PREFIX))


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_request_description_encrypted")]

    operations = [migrations.RunPython(encrypt_descriptions, decrypt_descriptions)]
