"""Search from an index (docs/decisions/010-search-from-an-index.md): pg_trgm GIN indexes on
PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite. And the index from which
the organizations list counts open opportunities."""

from django.db import migrations, models

from opportune.core.search import FtsTable, trigram_index

SEARCH_INDEX = FtsTable("opportunities_opportunity", ("short_name", "name", "description"))


def create_search_index(apps, schema_editor):
    SEARCH_INDEX.create(schema_editor)


def drop_search_index(apps, schema_editor):
    SEARCH_INDEX.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0005_pipeline_models_moved"),
        # pg_trgm
        ("organizations", "0005_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                fields=["workspace", "organization", "status"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_org_alive_status",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity", index=trigram_index("short_name", "opp_short_name_trgm")
        ),
        migrations.AddIndex(model_name="opportunity", index=trigram_index("name", "opp_name_trgm")),
        migrations.AddIndex(
            model_name="opportunity", index=trigram_index("description", "opp_description_trgm")
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
