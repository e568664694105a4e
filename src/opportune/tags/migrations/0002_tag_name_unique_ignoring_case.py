"""Tag names are unique within a workspace ignoring case.

Existing names that differ only in case are renamed first ("priority" → "priority (2)"), so
migrating a database that holds them never fails.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower


def rename_clashing_names(apps, schema_editor):
    _rename_clashes(apps.get_model("tags", "Tag"), schema_editor)


def _lower(schema_editor, text):
    # The database's own LOWER, which the constraint uses: Python's str.lower disagrees with
    # PostgreSQL on some letters ("İ") and SQLite folds ASCII only.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(%s)", [text])
        return cursor.fetchone()[0]


def _rename_clashes(model, schema_editor):
    max_length = model._meta.get_field("name").max_length
    rows = list(model.objects.annotate(key=Lower("name")).order_by("workspace_id", "id"))
    taken = {}  # workspace id -> every name's key, so a new name clashes with none
    for row in rows:
        taken.setdefault(row.workspace_id, set()).add(row.key)
    seen = {}
    for row in rows:
        keys = seen.setdefault(row.workspace_id, set())
        if row.key in keys:
            number = 2
            while True:
                suffix = f" ({number})"
                candidate = row.name[: max_length - len(suffix)] + suffix
                key = _lower(schema_editor, candidate)
                if key not in taken[row.workspace_id]:
                    break
                number += 1
            row.name, row.key = candidate, key
            taken[row.workspace_id].add(key)
            row.save(update_fields=["name"])
        keys.add(row.key)


class Migration(migrations.Migration):

    dependencies = [
        ('tags', '0001_initial'),
        ('workspaces', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(rename_clashing_names, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='tag',
            name='tag_name_unique',
        ),
        migrations.AddConstraint(
            model_name='tag',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('workspace'), name='tag_name_unique_ci'),
        ),
    ]
