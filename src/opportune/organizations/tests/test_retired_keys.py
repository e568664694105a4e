"""A key an organization numbered opportunities with stays its own after a rename: the short
names keep it, so no other organization may take it (RetiredKey)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from opportune.organizations import services
from opportune.organizations.models import Organization, RetiredKey


def create(workspace, name, **fields):
    return services.organization_create(workspace=workspace, actor=None, name=name, **fields)


def rename(organization, key):
    return services.organization_update(
        organization=organization, actor=None, key=key, name=organization.name
    )


def test_a_key_renamed_after_bion_1_is_taken_by_nobody_else(workspace, bionic, opportunity):
    rename(bionic, "BIOS")

    with pytest.raises(ValidationError) as error:
        create(workspace, "Bionic Labs AG", key="BION")
    assert error.value.message_dict == {
        "key": ["The key BION was used by another organization before."]
    }
    labs = create(workspace, "Bionic Labs AG", key="BLAB")
    with pytest.raises(ValidationError):
        rename(labs, "BION")
    assert services.proposed_key(workspace, "Bionic X") == "BX"
    assert create(workspace, "Bionic X").key == "BX"


def test_the_renamed_organization_may_take_its_key_back(workspace, bionic, opportunity):
    rename(bionic, "BIOS")
    assert rename(bionic, "BION").key == "BION"
    assert Organization.objects.get(pk=bionic.pk).key == "BION"
    # The proposal for its own name may offer its old key again.
    assert services.proposed_key(workspace, "Bionic Systems", exclude=bionic) == "BION"


def test_a_stale_copy_of_the_organization_still_retires_its_key(workspace, bionic, opportunity):
    # `bionic` was loaded before BION-1 was numbered: its counter in memory still says 0.
    assert bionic.last_opportunity_number == 0
    rename(bionic, "BIOS")
    assert list(RetiredKey.objects.values_list("workspace", "organization", "key")) == [
        (workspace.pk, bionic.pk, "BION")
    ]


def test_a_key_renamed_before_any_opportunity_is_free_again(workspace, bionic):
    rename(bionic, "BIOS")
    assert not RetiredKey.objects.exists()
    assert create(workspace, "Bionic Labs AG", key="BION").key == "BION"


def test_saving_without_a_new_key_retires_nothing(workspace, bionic, opportunity):
    rename(bionic, "BION")
    assert not RetiredKey.objects.exists()


def test_renaming_twice_retires_both_keys(workspace, bionic, opportunity):
    rename(bionic, "BIOS")
    rename(bionic, "BSYS")
    assert sorted(RetiredKey.objects.values_list("key", flat=True)) == ["BION", "BIOS"]
    for key in ("BION", "BIOS"):
        with pytest.raises(ValidationError):
            create(workspace, "Bionic Labs AG", key=key)


def test_leaving_a_key_taken_back_again_keeps_one_row(workspace, bionic, opportunity):
    rename(bionic, "BIOS")
    rename(bionic, "BION")
    rename(bionic, "BIOS")
    assert sorted(RetiredKey.objects.values_list("key", flat=True)) == ["BION", "BIOS"]


def test_a_retired_key_is_free_in_another_workspace(other_workspace, bionic, opportunity):
    rename(bionic, "BIOS")
    assert create(other_workspace, "Bionic Systems GmbH").key == "BION"


def test_the_migration_retires_the_prefixes_of_short_names_issued_before(
    workspace, bionic, opportunity, make_opportunity
):
    # As before RetiredKey existed: the key changed, BION-1 kept its name, and BSYS-2 came after.
    Organization.objects.filter(pk=bionic.pk).update(key="BSYS")
    make_opportunity()
    migration = importlib.import_module(
        "opportune.organizations.migrations.0004_retire_keys_in_short_names"
    )

    migration.retire_keys_in_short_names(apps, schema_editor=None)

    assert list(RetiredKey.objects.values_list("workspace", "organization", "key")) == [
        (workspace.pk, bionic.pk, "BION")
    ]
    with pytest.raises(ValidationError):
        create(workspace, "Bionic Labs AG", key="BION")
