"""The list's sorts and counts at 100,000 opportunities: per-status ranges that PostgreSQL reads
descending with empty values last, the capped count of a phase or responsible filter from an
index alone; the non-partial value, close and probability indexes that no query used since the
partial ones (0007, 0008) came."""

from django.db import migrations, models

import opportune.core.indexes


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0008_list_columns")]

    operations = [
        migrations.RemoveIndex(
            model_name="opportunity",
            name="opp_ws_close",
        ),
        migrations.RemoveIndex(
            model_name="opportunity",
            name="opp_ws_value",
        ),
        migrations.RemoveIndex(
            model_name="opportunity",
            name="opp_ws_probability",
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=opportune.core.indexes.PostgresIndex(
                models.F("workspace"),
                models.F("status"),
                models.OrderBy(models.F("expected_value"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("deleted_at__isnull", True)),
                name="opp_ws_status_value_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=opportune.core.indexes.PostgresIndex(
                models.F("workspace"),
                models.F("status"),
                models.OrderBy(models.F("expected_close_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("deleted_at__isnull", True)),
                name="opp_ws_status_close_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["workspace", "phase", "status"],
                name="opp_ws_phase_status",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["workspace", "owner", "status"],
                name="opp_ws_owner_status",
            ),
        ),
    ]
