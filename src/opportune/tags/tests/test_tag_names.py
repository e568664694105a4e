"""Tag names are unique in a workspace whatever their case, on create and rename, in the
service and, as a backstop, in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opportune.tags.models import Tag
from opportune.tags.services import tag_create, tag_update
from opportune.testing.migrations import migrated_back_to

pytestmark = pytest.mark.django_db


def test_renaming_a_tag_to_another_name_in_other_case_is_refused(workspace):
    tag_create(workspace=workspace, name="Priority", colour="red")
    other = tag_create(workspace=workspace, name="Later", colour="grey")
    with pytest.raises(ValidationError) as error:
        tag_update(tag=other, name=" priority ", colour="grey")
    assert error.value.message_dict == {"name": ["This name is already in use."]}
    other.refresh_from_db()
    assert other.name == "Later"


def test_a_tag_may_change_the_case_of_its_own_name(workspace):
    tag = tag_create(workspace=workspace, name="Priority", colour="red")
    tag_update(tag=tag, name="PRIORITY", colour="red")
    tag.refresh_from_db()
    assert tag.name == "PRIORITY"


def test_names_differing_only_in_case_beyond_ascii_are_refused(workspace):
    tag_create(workspace=workspace, name="Österreich", colour="red")
    with pytest.raises(ValidationError):
        tag_create(workspace=workspace, name="österreich", colour="red")
    assert Tag.objects.in_workspace(workspace).count() == 1


def test_the_same_name_in_another_workspace_is_fine(workspace, other_workspace):
    tag_create(workspace=workspace, name="Priority", colour="red")
    tag_create(workspace=other_workspace, name="priority", colour="red")
    assert Tag.objects.count() == 2


def test_the_database_refuses_names_differing_only_in_case(workspace):
    Tag.objects.create(workspace=workspace, name="Priority")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(workspace=workspace, name="PRIORITY")
    assert "tag_name_unique_ci" in {constraint.name for constraint in Tag._meta.constraints}


@pytest.mark.django_db(transaction=True)
def test_migrating_renames_names_that_differ_only_in_case(workspace, other_workspace):
    with migrated_back_to(("tags", "0001_initial")) as old_apps:
        old_tag = old_apps.get_model("tags", "Tag")
        for name in ["Priority", "priority", "PRIORITY"]:
            old_tag.objects.create(workspace_id=workspace.pk, name=name)
        old_tag.objects.create(workspace_id=other_workspace.pk, name="priority")

    assert list(Tag.objects.in_workspace(workspace).order_by("id").values_list("name")) == [
        ("Priority",),
        ("priority (2)",),
        ("PRIORITY (3)",),
    ]
    assert Tag.objects.get(workspace=other_workspace).name == "priority"


@pytest.mark.django_db(transaction=True)
def test_migrating_finds_clashes_the_way_the_database_lowers_names(workspace):
    # PostgreSQL lowers "İ" to "i", Python to "i̇": the clash must be found as the constraint sees it.
    with migrated_back_to(("tags", "0001_initial")) as old_apps:
        old_tag = old_apps.get_model("tags", "Tag")
        for name in ["İzmir", "izmir"]:
            old_tag.objects.create(workspace_id=workspace.pk, name=name)
    names = set(Tag.objects.in_workspace(workspace).values_list("name", flat=True))
    assert "İzmir" in names and len(names) == 2
