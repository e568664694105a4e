import datetime

import pytest

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create
from opportune.journal.services import entry_post
from opportune.opportunities import members, services
from opportune.opportunities.models import History, Member, Status
from opportune.organizations.services import organization_create
from opportune.pipeline.services import custom_field_create

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(rest=""):
    return f"/w/acme/o/BION-1/{rest}"


def test_page_shows_every_region(member_client, opportunity):
    page = member_client.get(url()).content.decode()
    for heading in ["Members", "Journal", "Offers", "Tasks", "History", "Closing probability"]:
        assert heading in page
    assert "No offers yet." in page
    assert 'id="organization"' in page and 'id="properties"' in page


def test_viewer_sees_no_edit_controls(viewer_client, opportunity):
    page = viewer_client.get(url()).content.decode()
    assert "+ Post journal entry" not in page
    assert "+ Add member" not in page
    assert "Edit all" not in page


def _fill(opportunity, workspace, author, count):
    organization = opportunity.organization
    for n in range(count):
        contact = contact_create(
            workspace=workspace, actor=author, organization=organization, last_name=f"Person {n}"
        )
        members.member_add(
            opportunity=opportunity, actor=author, attitude="neutral", contact=contact
        )
        entry_post(
            opportunity=opportunity,
            author=author,
            mood="happy",
            text=f"Entry {n}",
            reminder_on=datetime.date(2026, 1, 1),
        )


def test_page_query_count_is_the_same_for_5_and_200_entries_and_members(
    member_client, workspace, opportunity, member, django_assert_num_queries
):
    _fill(opportunity, workspace, member, 5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member_client.get(url())  # the first visit stores the workspace in the session
    with CaptureQueriesContext(connection) as few:
        member_client.get(url())
    _fill(opportunity, workspace, member, 195)
    with django_assert_num_queries(len(few.captured_queries)):
        response = member_client.get(url())
    assert response.content.decode().count('class="member"') == 200


def test_property_form_comes_in_place(member_client, opportunity):
    response = member_client.get(url("properties/phase/"), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="property-phase"' in page and 'name="version" value="1"' in page
    assert "<html" not in page


def test_unknown_property_answers_404(member_client, opportunity):
    assert member_client.get(url("properties/password/"), **HTMX).status_code == 404


def test_in_place_edit_goes_through_the_rules_and_history(member_client, opportunity, phases):
    response = member_client.post(
        url("properties/phase/"), {"phase": phases["Won"].pk, "version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#properties"
    assert "opportunity-changed" in response["HX-Trigger"]
    opportunity.refresh_from_db()
    assert opportunity.status == Status.IMPLEMENTATION
    assert History.objects.filter(opportunity=opportunity, field="phase").exists()


def test_in_place_edit_of_a_custom_field(member_client, workspace, opportunity):
    custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type="single_select",
        is_required=False,
        is_shown_in_list=True,
        options=["DACH", "Nordics"],
    )
    form_page = member_client.get(url("properties/cf_region/"), **HTMX).content.decode()
    assert "DACH" in form_page
    option = workspace and __import__(
        "opportune.pipeline.models", fromlist=["CustomFieldOption"]
    ).CustomFieldOption.objects.get(label="Nordics")
    response = member_client.post(
        url("properties/cf_region/"), {"cf_region": option.pk, "version": 1}, **HTMX
    )
    assert "Nordics" in response.content.decode()


def test_in_place_edit_with_bad_input_shows_the_message_at_the_field(member_client, opportunity):
    response = member_client.post(
        url("properties/probability/"), {"probability": "150", "version": 1}, **HTMX
    )
    assert response.status_code == 422
    assert "less than or equal to 100" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.version == 1


def test_stale_in_place_edit_is_refused_with_the_current_value(member_client, opportunity, admin):
    services.opportunity_update(
        opportunity=opportunity, actor=admin, version=1, changes={"source": "Trade fair"}
    )
    response = member_client.post(
        url("properties/source/"), {"source": "Website", "version": 1}, **HTMX
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this opportunity meanwhile" in page
    assert "Trade fair" in page and 'name="version" value="2"' in page
    opportunity.refresh_from_db()
    assert opportunity.source == "Trade fair"


def test_organization_panel_edits_the_organization_itself(member_client, opportunity, bionic):
    response = member_client.post(
        url("organization/"),
        {
            "street": "Neue Straße 1",
            "postcode": "10115",
            "city": "Berlin",
            "country": "Germany",
            "email": "hello@bionic.example",
            "phone": "+49 30 999",
            "website": "",
        },
        **HTMX,
    )
    assert response.status_code == 200
    bionic.refresh_from_db()
    assert bionic.phone == "+49 30 999"
    assert 'href="tel:+4930999"' in response.content.decode()


def test_organization_panel_rejects_a_bad_email_at_the_field(member_client, opportunity, bionic):
    response = member_client.post(url("organization/"), {"email": "not-an-email"}, **HTMX)
    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    bionic.refresh_from_db()
    assert bionic.email == ""


def test_add_member_as_new_contact_also_adds_it_to_the_organization(
    member_client, opportunity, bionic
):
    response = member_client.post(
        url("members/"),
        {
            "attitude": "positive",
            "first_name": "Lena",
            "last_name": "Vogel",
            "degree": "Dr.",
            "influence": "top",
            "personality": "dominant",
            "department": "IT",
        },
        **HTMX,
    )
    assert response.status_code == 200
    contact = Contact.objects.get(last_name="Vogel")
    assert contact.organization == bionic
    assert Member.objects.get(opportunity=opportunity).attitude == "positive"
    assert "Dr. Lena Vogel" in response.content.decode()
    assert ">LV<" in response.content.decode()  # on the stakeholder map


def test_add_existing_contact_and_refuse_a_duplicate(
    member_client, workspace, opportunity, bionic, member
):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Berg"
    )
    member_client.post(
        url("members/"), {"attitude": "neutral", "contact": contact.pk, "influence": "low"}
    )
    assert Member.objects.filter(contact=contact).count() == 1
    response = member_client.post(
        url("members/"), {"attitude": "neutral", "contact": contact.pk, "influence": "low"}, **HTMX
    )
    assert response.status_code == 422
    assert Member.objects.filter(contact=contact).count() == 1


def test_contact_of_another_organization_cannot_become_a_member(
    member_client, workspace, opportunity, member
):
    other = organization_create(workspace=workspace, actor=member, name="Other AG")
    stranger = contact_create(workspace=workspace, actor=member, organization=other, last_name="X")
    response = member_client.post(
        url("members/"), {"attitude": "neutral", "contact": stranger.pk, "influence": "low"}, **HTMX
    )
    assert response.status_code == 422
    assert not Member.objects.exists()


def test_add_member_needs_a_contact_or_a_name(member_client, opportunity):
    response = member_client.post(
        url("members/"), {"attitude": "neutral", "influence": "low"}, **HTMX
    )
    assert "Pick an existing contact, or enter at least a last name." in response.content.decode()


def test_removing_a_member_keeps_the_contact(member_client, workspace, opportunity, bionic, member):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Berg"
    )
    added = members.member_add(
        opportunity=opportunity, actor=member, attitude="neutral", contact=contact
    )
    member_client.post(url(f"members/{added.pk}/remove/"), **HTMX)
    assert not Member.objects.exists()
    assert Contact.objects.filter(pk=contact.pk, deleted_at__isnull=True).exists()


def test_changing_a_members_attitude(member_client, workspace, opportunity, bionic, member):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Berg"
    )
    added = members.member_add(
        opportunity=opportunity, actor=member, attitude="neutral", contact=contact
    )
    member_client.post(url(f"members/{added.pk}/attitude/"), {"attitude": "opposed"}, **HTMX)
    added.refresh_from_db()
    assert added.attitude == "opposed"


POSTS = [
    "properties/source/",
    "organization/",
    "members/",
    "members/1/attitude/",
    "members/1/remove/",
]


@pytest.mark.parametrize("path", POSTS)
def test_viewer_cannot_change_anything_on_the_page(viewer_client, opportunity, path):
    assert viewer_client.post(url(path), {"source": "x", "version": 1}).status_code == 403


@pytest.mark.parametrize(
    "path", ["", "properties/", "properties/source/", "organization/", "history/", *POSTS]
)
def test_outsider_gets_404_everywhere_on_the_page(outsider_client, opportunity, path):
    assert outsider_client.get(url(path)).status_code == 404
    assert outsider_client.post(url(path), {}).status_code == 404


@pytest.mark.parametrize("path", ["members/", "members/1/attitude/", "members/1/remove/"])
def test_member_actions_need_post(member_client, opportunity, path):
    assert member_client.get(url(path)).status_code == 405


def test_member_of_another_workspace_answers_404(
    member_client, opportunity, other_workspace, outsider
):
    from opportune.pipeline.services import create_defaults

    create_defaults(sender=None, workspace=other_workspace)
    globex = organization_create(workspace=other_workspace, actor=outsider, name="Globex")
    foreign_opportunity = services.opportunity_create(
        workspace=other_workspace, actor=outsider, organization=globex, name="Secret"
    )
    contact = contact_create(
        workspace=other_workspace, actor=outsider, organization=globex, last_name="Y"
    )
    foreign = members.member_add(
        opportunity=foreign_opportunity, actor=outsider, attitude="neutral", contact=contact
    )
    assert member_client.post(url(f"members/{foreign.pk}/remove/")).status_code == 404
    assert Member.objects.filter(pk=foreign.pk).exists()


def test_history_fragment_for_htmx(member_client, opportunity, phases, member):
    services.opportunity_move_to_phase(
        opportunity=opportunity, actor=member, phase=phases["Research"]
    )
    response = member_client.get(url("history/"), **HTMX)
    assert "Mia Member moved it from Uncontacted to Research" in response.content.decode()


def test_open_task_count_counts_tasks_not_done(member_client, opportunity, member):
    from opportune.tasks.services import task_add, task_complete

    task_add(opportunity=opportunity, actor=member, title="Send the offer")
    done = task_add(opportunity=opportunity, actor=member, title="Book the demo")
    task_complete(task=done, actor=member)
    page = member_client.get(url()).content.decode()
    assert '<span class="muted small" id="open-task-count">1 open</span>' in page


def test_trashed_contacts_are_not_shown_as_members(
    member_client, workspace, opportunity, bionic, member
):
    from opportune.contacts.services import contact_delete

    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Gone"
    )
    members.member_add(opportunity=opportunity, actor=member, attitude="neutral", contact=contact)
    contact_delete(contact=contact, actor=member)
    assert "Gone" not in member_client.get(url()).content.decode()


def test_tags_edit_link_only_when_the_workspace_has_tags(member_client, workspace, opportunity):
    from opportune.tags.services import tag_create

    assert "properties/tags/" not in member_client.get(url()).content.decode()
    tag_create(workspace=workspace, name="Key account", colour="green")
    assert "properties/tags/" in member_client.get(url()).content.decode()


def test_custom_values_cost_the_same_queries_for_one_or_many(
    member_client, workspace, opportunity, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opportune.pipeline.models import CustomFieldOption

    labels = [f"Option {n}" for n in range(12)]
    field = custom_field_create(
        workspace=workspace,
        label="Markets",
        key="markets",
        type="multi_select",
        is_required=False,
        is_shown_in_list=False,
        options=labels,
    )
    options = list(CustomFieldOption.objects.filter(field=field))
    services.opportunity_update(
        opportunity=opportunity, actor=None, version=1, changes={}, custom={field: options[:1]}
    )
    member_client.get(url())  # the first visit stores the workspace in the session
    with CaptureQueriesContext(connection) as one:
        member_client.get(url())
    services.opportunity_update(
        opportunity=opportunity, actor=None, version=2, changes={}, custom={field: options}
    )
    with django_assert_num_queries(len(one.captured_queries)):
        page = member_client.get(url()).content.decode()
    assert "Option 11" in page


def test_without_javascript_a_refused_property_edit_says_why(member_client, opportunity):
    response = member_client.post(
        url("properties/probability/"), {"probability": "150", "version": 1}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("edit/")
    assert "less than or equal to 100" in response.content.decode()
