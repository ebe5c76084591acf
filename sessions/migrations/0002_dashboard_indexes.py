"""Indexes for the dashboard: a period's session logs read from the index alone (every
column it reads is in the key, so SQLite gets the same index), and the few logs with a
boundary trigger (a partial index). The plain index on occurred_at is dropped: the
activity index starts with the same column."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("session_logs", "0001_session_logs_supervision_reviews"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="sessionlog", name="session_time_idx"),
        migrations.AddIndex(
            model_name="sessionlog",
            index=models.Index(
                fields=["occurred_at", "match", "minutes", "mode", "topics"],
                name="session_activity_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="sessionlog",
            index=models.Index(
                condition=~models.Q(triggers=[]),
                fields=["occurred_at", "match", "minutes", "triggers"],
                name="session_trigger_idx",
            ),
        ),
    ]
