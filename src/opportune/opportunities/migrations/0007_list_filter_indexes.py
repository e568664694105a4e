"""Indexes for the opportunity list's filters (docs/list-url-format.md): status with each sort
of an own column, phase and responsible with the default sort, and the trash index only over
trashed rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0006_search_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="opportunity", name="opp_ws_deleted"),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=False),
                fields=["workspace", "deleted_at"],
                name="opp_ws_deleted",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "status", "created_at", "id"],
                name="opp_ws_status_created",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "status", "name", "id"],
                name="opp_ws_status_name",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "status", "expected_value", "id"],
                name="opp_ws_status_value",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "status", "expected_close_on", "id"],
                name="opp_ws_status_close",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "phase", "created_at", "id"],
                name="opp_ws_phase_created",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["workspace", "owner", "created_at", "id"],
                name="opp_ws_owner_created",
            ),
        ),
        # Without statistics on the new indexes SQLite guesses that a status narrows to a few
        # rows and sorts the whole open pipeline through opp_ws_status_created.
        migrations.RunSQL("ANALYZE opportunities_opportunity", migrations.RunSQL.noop),
    ]
