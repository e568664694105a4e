"""Search from an index (docs/decisions/010-search-from-an-index.md): pg_trgm GIN indexes on
PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite. And the list's order as
an index, for live rows only and ending in the tie-breaker id."""

from django.db import migrations, models

from opportune.core.search import FtsTable, trigram_index

SEARCH_INDEX = FtsTable("contacts_contact", ("first_name", "last_name", "email"))


def create_search_index(apps, schema_editor):
    SEARCH_INDEX.create(schema_editor)


def drop_search_index(apps, schema_editor):
    SEARCH_INDEX.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_initial"),
        # pg_trgm
        ("organizations", "0005_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["workspace", "last_name", "first_name", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="contact_alive_name",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["workspace", "deleted_at", "first_name"], name="contact_ws_alive_first"
            ),
        ),
        migrations.AddIndex(
            model_name="contact", index=trigram_index("first_name", "contact_first_trgm")
        ),
        migrations.AddIndex(
            model_name="contact", index=trigram_index("last_name", "contact_last_trgm")
        ),
        migrations.AddIndex(
            model_name="contact", index=trigram_index("email", "contact_email_trgm")
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
