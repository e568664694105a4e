"""Phase and category names are unique in a workspace whatever their case, on create and rename,
in the services and, as a backstop, in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opportune.pipeline import services
from opportune.pipeline.models import Category, Phase, PhaseKind
from opportune.testing.migrations import migrated_back_to

pytestmark = pytest.mark.django_db

TAKEN = "This name is already in use."


def url(name, *args):
    return reverse(f"project:{name}", args=["acme", *args])


def _phase_form(name):
    return {"name": name, "colour": "blue", "default_probability": "10", "kind": "open"}


def _name_error(response, field_id) -> bool:
    return f'<p class="field-error" id="{field_id}">{TAKEN}</p>' in response.content.decode()


def test_a_new_phase_named_like_another_in_other_case_is_refused(admin_client, phases, workspace):
    response = admin_client.post(url("phase_create"), _phase_form("research"))
    assert response.status_code == 200
    assert _name_error(response, "phase_name_error")
    assert Phase.objects.in_workspace(workspace).filter(name__iexact="research").count() == 1


def test_renaming_a_phase_to_another_name_in_other_case_is_refused(admin_client, phases):
    response = admin_client.post(url("phase_edit", phases["Won"].pk), _phase_form("RESEARCH"))
    assert response.status_code == 200
    assert _name_error(response, "id_name_error")
    phases["Won"].refresh_from_db()
    assert phases["Won"].name == "Won"


def test_a_phase_may_change_the_case_of_its_own_name(phases):
    research = phases["Research"]
    services.phase_update(
        phase=research, name="RESEARCH", colour="blue", default_probability=10, kind="open"
    )
    research.refresh_from_db()
    assert research.name == "RESEARCH"


def test_names_differing_only_in_case_beyond_ascii_are_refused(workspace, phases):
    services.phase_create(
        workspace=workspace, name="Ärger", colour="red", default_probability=5, kind="open"
    )
    with pytest.raises(ValidationError) as error:
        services.phase_create(
            workspace=workspace, name="ärger", colour="red", default_probability=5, kind="open"
        )
    assert error.value.message_dict == {"name": [TAKEN]}


def test_a_new_category_named_like_another_in_other_case_is_refused(
    admin_client, phases, workspace
):
    response = admin_client.post(url("category_create"), {"name": "ONBOARDING"})
    assert response.status_code == 200
    assert _name_error(response, "category_name_error")
    assert Category.objects.in_workspace(workspace).count() == 2


def test_renaming_a_category_to_another_name_in_other_case_is_refused(
    admin_client, phases, workspace
):
    maintenance = Category.objects.get(workspace=workspace, name="Maintenance")
    response = admin_client.post(url("category_edit", maintenance.pk), {"name": "onboarding"})
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    maintenance.refresh_from_db()
    assert maintenance.name == "Maintenance"


def test_the_same_name_in_another_workspace_is_fine(phases, other_workspace):
    services.create_defaults(sender=None, workspace=other_workspace)
    services.category_create(workspace=other_workspace, name="CONSULTING")
    services.category_create(workspace=other_workspace, name="research")
    assert Phase.objects.in_workspace(other_workspace).filter(name="Research").exists()


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Phase, {"colour": "blue", "kind": PhaseKind.OPEN}),
        (Category, {}),
    ],
)
def test_the_database_refuses_names_differing_only_in_case(model, fields, phases, workspace):
    model.objects.create(workspace=workspace, name="Consulting X", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(workspace=workspace, name="CONSULTING x", **fields)
    names = {constraint.name for constraint in model._meta.constraints}
    assert f"{model._meta.model_name}_name_unique_ci" in names


@pytest.mark.django_db(transaction=True)
def test_migrating_renames_names_that_differ_only_in_case(workspace, other_workspace):
    with migrated_back_to(("pipeline", "0001_initial")) as old_apps:
        old_phase = old_apps.get_model("pipeline", "Phase")
        old_category = old_apps.get_model("pipeline", "Category")
        for name in ["Research", "research", "Research (2)", "RESEARCH"]:
            old_phase.objects.create(workspace_id=workspace.pk, name=name, kind="open")
        old_phase.objects.create(workspace_id=other_workspace.pk, name="research", kind="open")
        for name in ["Onboarding", "ONBOARDING", "x" * 60, "X" * 60]:
            old_category.objects.create(workspace_id=workspace.pk, name=name)

    assert list(Phase.objects.in_workspace(workspace).order_by("id").values_list("name")) == [
        ("Research",),
        ("research (3)",),
        ("Research (2)",),
        ("RESEARCH (4)",),
    ]
    assert Phase.objects.get(workspace=other_workspace).name == "research"
    assert list(Category.objects.in_workspace(workspace).order_by("id").values_list("name")) == [
        ("Onboarding",),
        ("ONBOARDING (2)",),
        ("x" * 60,),
        ("X" * 56 + " (2)",),
    ]
