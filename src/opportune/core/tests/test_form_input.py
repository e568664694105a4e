"""What a form takes and what it sends back: every form caps the echo of a too long value, and
its text fields keep single-line text on one line and drop control characters."""

import importlib
import pkgutil
import unicodedata
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

import opportune
from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create
from opportune.core.forms import (
    MULTI_LINE_MAX,
    EchoLimitMixin,
    MultiLineCharField,
    SingleLineCharField,
)
from opportune.opportunities.models import Opportunity
from opportune.organizations.models import Organization
from opportune.pipeline.models import FieldType, Phase
from opportune.pipeline.services import custom_field_create
from opportune.tasks.models import Task
from opportune.testing.factories import PASSWORD
from opportune.workspaces.models import Workspace

TEN_MB = "x" * (10 * 1024 * 1024)
HTMX = {"HTTP_HX_REQUEST": "true"}


# Every form of the project


def _project_forms():
    for module in pkgutil.walk_packages(opportune.__path__, "opportune."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("opportune.") and ".tests" not in subclass.__module__:
                found.append(subclass)
    return found


def test_every_form_of_the_project_caps_what_it_sends_back():
    plain = [form.__qualname__ for form in _project_forms() if not issubclass(form, EchoLimitMixin)]
    assert plain == []


def test_every_text_field_of_every_form_is_single_or_multi_line():
    plain = [
        f"{form.__qualname__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if type(field) in (forms.CharField, forms.SlugField, forms.RegexField)
        and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert plain == []


# The fields themselves


def _controls(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Cc"}


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_single_line_field_gives_one_line_without_control_characters(text, max_length):
    field = SingleLineCharField(max_length=max_length, required=False)
    try:
        value = field.clean(text)
    except forms.ValidationError:
        return
    assert _controls(value) == set()
    assert len(value.splitlines()) <= 1
    assert len(value) <= max_length


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_multi_line_field_keeps_lines_but_no_other_control_characters(text, max_length):
    field = MultiLineCharField(max_length=max_length, required=False)
    try:
        value = field.clean(text)
    except forms.ValidationError:
        return
    assert _controls(value) <= {"\t", "\n", "\r"}
    assert len(value) <= max_length


def test_single_line_field_turns_line_breaks_and_tabs_into_one_space():
    field = SingleLineCharField(max_length=100)
    assert field.clean("Bionic\r\n Systems\tGmbH\x00\x1b") == "Bionic Systems GmbH"


def test_multi_line_field_keeps_line_breaks_and_drops_nul():
    field = MultiLineCharField(max_length=100)
    assert field.clean("First line\r\n\tsecond\x00 line\x07") == "First line\r\n\tsecond line"


def test_text_fields_without_a_length_still_have_one():
    assert SingleLineCharField().max_length == 1_000
    assert MultiLineCharField().max_length == 20_000


# A 10 MB value posted to every form: refused, not stored, not sent back


@pytest.fixture
def scene(workspace, owner, admin, member, opportunity, phases):
    region = custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=False,
        options=["North", "South"],
    )
    contact = contact_create(
        workspace=workspace, actor=member, organization=opportunity.organization, last_name="Maier"
    )
    return SimpleNamespace(
        workspace=workspace,
        admin=admin,
        member=member,
        opportunity=opportunity,
        organization=opportunity.organization,
        contact=contact,
        phase=phases["Research"],
        region=region,
    )


def _w(name, s, *args):
    return reverse(name, args=[s.workspace.slug, *args])


def _o(name, s, *args):
    return _w(name, s, s.opportunity.short_name, *args)


ORGANIZATION = {
    "name": "Initech AG",
    "key": "",
    "street": "",
    "postcode": "",
    "city": "",
    "country": "",
    "email": "",
    "phone": "",
    "website": "",
}
CONTACT = {"last_name": "Huber", "influence": "medium", "personality": ""}
OPPORTUNITY = {
    "name": "Second deal",
    "currency": "EUR",
    "probability": "",
    "source": "",
    "expected_value": "",
    "expected_close_on": "",
    "description": "",
}
PHASE = {"name": "Pilot", "colour": "blue", "default_probability": "30", "kind": "open"}
FIELD = {
    "label": "Segment",
    "key": "",
    "type": "text",
    "currency": "EUR",
    "options": "",
}


def _opportunity_edit(s, **values):
    o = s.opportunity
    return {
        **OPPORTUNITY,
        "name": o.name,
        "status": o.status,
        "phase": o.phase_id,
        "owner": o.owner_id or "",
        "version": o.version,
        **values,
    }


# name: (who posts, address, data with `big` in the field under test, also as htmx)
CASES = {
    "journal post": (
        "member",
        lambda s: _o("opportunities:journal", s),
        lambda s, big: {"mood": "neutral", "text": big},
        True,
    ),
    "property description": (
        "member",
        lambda s: _o("opportunities:property", s, "description"),
        lambda s, big: {"description": big, "version": s.opportunity.version},
        True,
    ),
    "property source": (
        "member",
        lambda s: _o("opportunities:property", s, "source"),
        lambda s, big: {"source": big, "version": s.opportunity.version},
        True,
    ),
    "property phase": (
        "member",
        lambda s: _o("opportunities:property", s, "phase"),
        lambda s, big: {"phase": big, "version": s.opportunity.version},
        True,
    ),
    "property custom select": (
        "member",
        lambda s: _o("opportunities:property", s, "cf_region"),
        lambda s, big: {"cf_region": big, "version": s.opportunity.version},
        True,
    ),
    "task add": (
        "member",
        lambda s: _o("opportunities:task_add", s),
        lambda s, big: {"title": big},
        True,
    ),
    "task add (date)": (
        "member",
        lambda s: _o("opportunities:task_add", s),
        lambda s, big: {"title": "Call back", "due_on": big},
        True,
    ),
    "member add": (
        "member",
        lambda s: _o("opportunities:member_add", s),
        lambda s, big: {"attitude": "neutral", "influence": "medium", "last_name": big},
        True,
    ),
    "member add (mailing address)": (
        "member",
        lambda s: _o("opportunities:member_add", s),
        lambda s, big: {
            "attitude": "neutral",
            "influence": "medium",
            "last_name": "Huber",
            "mailing_address": big,
        },
        True,
    ),
    "organization panel": (
        "member",
        lambda s: _o("opportunities:organization", s),
        lambda s, big: {"city": big},
        True,
    ),
    "opportunity lose": (
        "member",
        lambda s: _o("opportunities:lose", s),
        lambda s, big: {"reason": big, "version": s.opportunity.version},
        False,
    ),
    "opportunity new": (
        "member",
        lambda s: _w("opportunities:new", s),
        lambda s, big: {
            **OPPORTUNITY,
            "organization": s.organization.pk,
            "phase": s.opportunity.phase_id,
            "name": big,
        },
        False,
    ),
    "opportunity edit": (
        "member",
        lambda s: _o("opportunities:edit", s),
        lambda s, big: _opportunity_edit(s, description=big),
        False,
    ),
    "opportunity edit (version)": (
        "member",
        lambda s: _o("opportunities:edit", s),
        lambda s, big: _opportunity_edit(s, name="Renamed", version=big),
        False,
    ),
    "organization new": (
        "member",
        lambda s: _w("organizations:new", s),
        lambda s, big: {**ORGANIZATION, "name": big},
        False,
    ),
    "organization edit": (
        "member",
        lambda s: _w("organizations:edit", s, s.organization.pk),
        lambda s, big: {**ORGANIZATION, "name": "Bionic", "key": "BION", "phone": big},
        False,
    ),
    "contact new": (
        "member",
        lambda s: _w("contacts:new", s, s.organization.pk),
        lambda s, big: {**CONTACT, "last_name": big},
        False,
    ),
    "contact edit": (
        "member",
        lambda s: _w("contacts:edit", s, s.contact.pk),
        lambda s, big: {**CONTACT, "mailing_address": big},
        False,
    ),
    "phase create": (
        "admin",
        lambda s: _w("project:phase_create", s),
        lambda s, big: {**PHASE, "name": big},
        False,
    ),
    "phase create (colour)": (
        "admin",
        lambda s: _w("project:phase_create", s),
        lambda s, big: {**PHASE, "colour": big},
        False,
    ),
    "phase edit": (
        "admin",
        lambda s: _w("project:phase_edit", s, s.phase.pk),
        lambda s, big: {**PHASE, "name": big},
        False,
    ),
    "phases reorder": (
        "admin",
        lambda s: _w("project:phases_reorder", s),
        lambda s, big: {"order": big},
        True,
    ),
    "category create": (
        "admin",
        lambda s: _w("project:category_create", s),
        lambda s, big: {"name": big},
        False,
    ),
    "tag create": (
        "admin",
        lambda s: _w("project:tag_create", s),
        lambda s, big: {"name": big, "colour": "blue"},
        False,
    ),
    "custom field create": (
        "admin",
        lambda s: _w("project:field_create", s),
        lambda s, big: {**FIELD, "label": big},
        False,
    ),
    "custom field create (options)": (
        "admin",
        lambda s: _w("project:field_create", s),
        lambda s, big: {**FIELD, "type": "single_select", "options": big},
        False,
    ),
    "option add": (
        "admin",
        lambda s: _w("project:option_add", s, s.region.pk),
        lambda s, big: {"label": big},
        False,
    ),
    "workspace settings": (
        "admin",
        lambda s: _w("workspaces:settings", s),
        lambda s, big: {"name": big},
        False,
    ),
    "member invite": (
        "admin",
        lambda s: _w("workspaces:members", s),
        lambda s, big: {"email": big, "role": "member"},
        False,
    ),
    "workspace new": (
        "member",
        lambda s: reverse("workspace_new"),
        lambda s, big: {"name": big},
        False,
    ),
    "preferences": (
        "member",
        lambda s: reverse("accounts:preferences"),
        lambda s, big: {"full_name": big, "language": ""},
        False,
    ),
    "password change": (
        "member",
        lambda s: reverse("accounts:password_change"),
        lambda s, big: {"old_password": PASSWORD, "new_password1": big, "new_password2": "x"},
        False,
    ),
    "sign in": (
        None,
        lambda s: reverse("accounts:login"),
        lambda s, big: {"username": big, "password": PASSWORD},
        False,
    ),
}
RUNS = [(name, False) for name in CASES] + [(name, True) for name, case in CASES.items() if case[3]]


def _stored() -> dict:
    """Every row of every model of the project."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("opportune.")
    }


@pytest.mark.parametrize(
    ("case", "htmx"), RUNS, ids=[f"{name}{' (htmx)' if htmx else ''}" for name, htmx in RUNS]
)
def test_ten_megabyte_value_is_refused_not_stored_and_not_sent_back(client, scene, case, htmx):
    who, address, data, _ = CASES[case]
    if who:
        client.force_login(getattr(scene, who))
    before = _stored()
    response = client.post(
        address(scene), data(scene, TEN_MB), follow=not htmx, **(HTMX if htmx else {})
    )
    assert response.status_code < 500
    assert len(response.content) < 200_000
    # At most the longest a field allows (a journal entry's 20,000 characters) comes back.
    assert TEN_MB[: MULTI_LINE_MAX + 1] not in response.content.decode()
    assert _stored() == before


# Line breaks in single-line fields


def test_opportunity_name_with_a_line_break_is_stored_on_one_line(member_client, scene):
    data = {
        **OPPORTUNITY,
        "organization": scene.organization.pk,
        "phase": scene.opportunity.phase_id,
        "name": "Second\r\ndeal",
    }
    member_client.post(_w("opportunities:new", scene), data)
    assert Opportunity.objects.filter(name="Second deal").exists()


def test_organization_name_with_a_line_break_is_stored_on_one_line(member_client, scene):
    member_client.post(_w("organizations:new", scene), {**ORGANIZATION, "name": "Initech\r\nAG"})
    assert Organization.objects.filter(name="Initech AG").exists()


def test_contact_last_name_with_a_line_break_is_stored_on_one_line(member_client, scene):
    address = _w("contacts:new", scene, scene.organization.pk)
    member_client.post(address, {**CONTACT, "last_name": "Huber\r\n\tMaier\x07"})
    assert Contact.objects.filter(last_name="Huber Maier").exists()


def test_workspace_name_with_a_line_break_is_stored_on_one_line(admin_client, scene):
    admin_client.post(_w("workspaces:settings", scene), {"name": "Acme\r\nSales"})
    assert Workspace.objects.get(pk=scene.workspace.pk).name == "Acme Sales"


def test_task_title_with_a_line_break_is_stored_on_one_line(member_client, scene):
    member_client.post(_o("opportunities:task_add", scene), {"title": "Call\r\nback"})
    assert Task.objects.get().title == "Call back"


def test_phase_name_with_a_line_break_is_stored_on_one_line(admin_client, scene):
    admin_client.post(_w("project:phase_create", scene), {**PHASE, "name": "Pi\r\nlot"})
    assert Phase.objects.in_workspace(scene.workspace).filter(name="Pi lot").exists()


def test_description_keeps_its_line_breaks(member_client, scene):
    address = _o("opportunities:property", scene, "description")
    data = {"description": "First\r\nSecond\x07", "version": scene.opportunity.version}
    member_client.post(address, data, **HTMX)
    assert Opportunity.objects.get().description == "First\r\nSecond"
