"""An index for the dashboard: matches accepted in a period (time to an active match)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_encrypt_existing_descriptions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="match",
            index=models.Index(fields=["accepted_at"], name="match_accepted_idx"),
        ),
    ]
