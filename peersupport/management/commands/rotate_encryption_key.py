"""Re-encrypt every encrypted note with the newest key of FIELD_ENCRYPTION_KEYS."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from peersupport.fields import encrypted_fields, rotate
from peersupport.services.audit import audit_log

BATCH = 500


class Command(BaseCommand):
    help = (
        "Rotate the key of encrypted notes: put the new key first in FIELD_ENCRYPTION_KEYS "
        "(keeping the old one after it), run this, then remove the old key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="rows per transaction")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        total = 0
        for model, field in encrypted_fields():
            column = model._meta.get_field(field).column
            table = connection.ops.quote_name(model._meta.db_table)
            quoted = connection.ops.quote_name(column)
            pk = connection.ops.quote_name(model._meta.pk.column)
            last = None
            done = 0
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    # Raw rows: the ciphertext as stored, never decrypted into the ORM.
                    where = f"WHERE {quoted} <> ''" + (f" AND {pk} > %s" if last else "")
                    cursor.execute(
                        f"SELECT {pk}, {quoted} FROM {table} {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                        [last, batch] if last else [batch],
                    )
                    rows = cursor.fetchall()
                    for row_pk, token in rows:
                        cursor.execute(
                            f"UPDATE {table} SET {quoted} = %s WHERE {pk} = %s",  # noqa: S608
                            [rotate(token), row_pk],
                        )
                if not rows:
                    break
                last = rows[-1][0]
                done += len(rows)
            total += done
            self.stdout.write(f"{model._meta.label}.{field}: {done} value(s) re-encrypted")
        audit_log(actor=None, action="encryption.key_rotated", changes={"values": total})
        self.stdout.write(self.style.SUCCESS(f"Done: {total} value(s) use the newest key."))
