"""Search from an index (docs/decisions/010-search-from-an-index.md): pg_trgm GIN indexes on
PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite. And the list's sort
indexes, for live rows only and ending in the tie-breaker id."""

from django.db import migrations, models
from django.db.models.functions import Lower

from opportune.core.search import CreateTrigramExtension, FtsTable, trigram_index

SEARCH_INDEX = FtsTable("organizations_organization", ("name", "key", "city"))
ALIVE = models.Q(deleted_at__isnull=True)


def create_search_index(apps, schema_editor):
    SEARCH_INDEX.create(schema_editor)


def drop_search_index(apps, schema_editor):
    SEARCH_INDEX.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_retire_keys_in_short_names"),
    ]

    operations = [
        CreateTrigramExtension(),
        migrations.RemoveIndex(model_name="organization", name="organization_ws_name"),
        migrations.RemoveIndex(model_name="organization", name="organization_ws_city"),
        migrations.RemoveIndex(model_name="organization", name="organization_ws_created"),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                models.F("workspace"),
                Lower("name"),
                models.F("id"),
                condition=ALIVE,
                name="organization_alive_name",
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                fields=["workspace", "key", "id"], condition=ALIVE, name="organization_alive_key"
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                models.F("workspace"),
                Lower("city"),
                models.F("id"),
                condition=ALIVE,
                name="organization_alive_city",
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                fields=["workspace", "created_at", "id"],
                condition=ALIVE,
                name="organization_alive_created",
            ),
        ),
        migrations.AddIndex(
            model_name="organization", index=trigram_index("name", "organization_name_trgm")
        ),
        migrations.AddIndex(
            model_name="organization", index=trigram_index("key", "organization_key_trgm")
        ),
        migrations.AddIndex(
            model_name="organization", index=trigram_index("city", "organization_city_trgm")
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
