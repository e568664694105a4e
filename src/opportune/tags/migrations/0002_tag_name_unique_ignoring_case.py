"""Tag names are unique within a workspace ignoring case.

Existing names that differ only in case are renamed first ("priority" → "priority (2)"), so
migrating a database that holds them never fails.
"""

import django.db.models.functions.text
from django.db import migrations, models


def rename_clashing_names(apps, schema_editor):
    model = apps.get_model("tags", "Tag")
    max_length = model._meta.get_field("name").max_length
    rows = model.objects.order_by("workspace_id", "id")
    taken = {}  # workspace id -> every name in lower case, so a new name clashes with none
    for workspace_id, name in rows.values_list("workspace_id", "name"):
        taken.setdefault(workspace_id, set()).add(name.lower())
    seen = {}
    for row in rows:
        names = seen.setdefault(row.workspace_id, set())
        if row.name.lower() in names:
            row.name = _free_name(row.name, taken[row.workspace_id], max_length)
            taken[row.workspace_id].add(row.name.lower())
            row.save(update_fields=["name"])
        names.add(row.name.lower())


def _free_name(name, taken, max_length):
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: max_length - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
        number += 1


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
