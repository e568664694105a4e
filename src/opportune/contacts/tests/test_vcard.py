import vobject

from opportune.contacts.services import contact_create
from opportune.organizations.services import organization_create


def _contact(workspace, actor):
    organization = organization_create(workspace=workspace, actor=actor, name="Bionic Systems GmbH")
    return contact_create(
        workspace=workspace,
        actor=actor,
        organization=organization,
        degree="Dr.",
        first_name="Lena",
        last_name="Vogel",
        department="IT",
        position="CIO",
        email="lena@bionic.example",
        phone="+49 30 123",
    )


def test_contact_downloads_as_vcard(viewer_client, workspace, owner):
    contact = _contact(workspace, owner)
    response = viewer_client.get(f"/w/{workspace.slug}/contacts/{contact.pk}/vcard/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    assert 'filename="dr-lena-vogel.vcf"' in response["Content-Disposition"]
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Dr. Lena Vogel"
    assert card.n.value.family == "Vogel" and card.n.value.given == "Lena"
    assert card.email.value == "lena@bionic.example"
    assert card.tel.value == "+49 30 123"
    assert card.org.value == ["Bionic Systems GmbH", "IT"]
    assert card.title.value == "CIO"


def test_vcard_of_another_workspace_answers_404(outsider_client, workspace, owner):
    contact = _contact(workspace, owner)
    assert (
        outsider_client.get(f"/w/{workspace.slug}/contacts/{contact.pk}/vcard/").status_code == 404
    )
    assert outsider_client.get(f"/w/globex/contacts/{contact.pk}/vcard/").status_code == 404


def test_vcard_of_a_trashed_contact_answers_404(member_client, workspace, owner):
    from opportune.contacts.services import contact_delete

    contact = _contact(workspace, owner)
    contact_delete(contact=contact, actor=owner)
    assert member_client.get(f"/w/{workspace.slug}/contacts/{contact.pk}/vcard/").status_code == 404
