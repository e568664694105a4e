"""Fill RetiredKey from the short names already issued: a short name's prefix that is no
longer its organization's key is a key that organization retired."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def retire_keys_in_short_names(apps, schema_editor):
    Opportunity = apps.get_model("opportunities", "Opportunity")
    RetiredKey = apps.get_model("organizations", "RetiredKey")
    renamed = (
        Opportunity.objects.exclude(short_name__startswith=Concat("organization__key", Value("-")))
        .values_list("workspace_id", "organization_id", "short_name")
        .order_by("pk")
    )
    retired = {}  # (workspace, key) -> the organization that numbered with it first
    for workspace_id, organization_id, short_name in renamed.iterator():
        key = short_name.rsplit("-", 1)[0]
        retired.setdefault((workspace_id, key), organization_id)
    RetiredKey.objects.bulk_create(
        (
            RetiredKey(workspace_id=workspace_id, organization_id=organization_id, key=key)
            for (workspace_id, key), organization_id in retired.items()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_retiredkey'),
        ('opportunities', '0005_pipeline_models_moved'),
    ]

    operations = [
        migrations.RunPython(retire_keys_in_short_names, migrations.RunPython.noop),
    ]
