import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from opportune.accounts.models import User
from opportune.testing.factories import PASSWORD
from opportune.workspaces import services
from opportune.workspaces.models import Invitation, Membership, Role

MEMBERS = "/w/acme/settings/members/"


class DeadMailServerBackend(BaseEmailBackend):
    """The mail server is down: every send fails as smtplib's would."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def invite(client, email, role="member", **extra):
    return client.post(MEMBERS, {"email": email, "role": role}, follow=True, **extra)


def link_path(message_body: str) -> str:
    link = next(line for line in message_body.splitlines() if "/invitations/" in line)
    return urlsplit(link).path


@pytest.fixture
def invitation_path(admin_client, workspace):
    """Invite an address as admin Adam and return the path of the link in the e-mail."""

    def send(email="new.person@example.com", role="member"):
        invite(admin_client, email, role)
        return link_path(mail.outbox[-1].body)

    return send


def test_inviting_an_existing_account_makes_no_member_until_accepted(
    admin_client, workspace, outsider
):
    invite(admin_client, outsider.email)
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    assert Invitation.objects.get().email == outsider.email
    assert mail.outbox[0].to == [outsider.email]


def _normalised(page: str, email: str) -> str:
    """The page with the address and what differs on every response anyway made equal."""
    page = page.replace(email, "ADDRESS")
    page = re.sub(r"/invitations/[\w-]+/", "/invitations/TOKEN/", page)
    page = re.sub(r"/settings/invitations/\d+/", "/settings/invitations/ID/", page)
    page = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[\w-]+"', r'\1"CSRF"', page)
    return re.sub(r'nonce="[\w+/=-]+"', 'nonce="NONCE"', page)


def test_admin_sees_the_same_for_known_and_unknown_addresses(admin_client, workspace, outsider):
    known = invite(admin_client, outsider.email)
    services.invitation_revoke(invitation=Invitation.objects.get())
    unknown = invite(admin_client, "nobody@example.com")
    known_page, unknown_page = known.content.decode(), unknown.content.decode()
    assert "Invitation sent to" in known_page
    assert outsider.full_name not in known_page
    assert _normalised(known_page, outsider.email) == _normalised(
        unknown_page, "nobody@example.com"
    )


def test_adding_a_member_twice_is_refused_at_the_field(admin_client, workspace, member):
    response = admin_client.post(MEMBERS, {"email": member.email, "role": "viewer"})
    assert response.status_code == 200
    assert "is already a member" in response.content.decode()
    assert Membership.objects.get(workspace=workspace, user=member).role == Role.MEMBER
    assert not Invitation.objects.exists()


def test_an_admin_cannot_make_an_owner(admin_client, workspace):
    response = admin_client.post(MEMBERS, {"email": "new@example.com", "role": "owner"})
    assert "Only an owner can make someone an owner." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_is_kept_and_its_link_shown_when_the_mail_server_is_down(
    admin_client, workspace, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.DeadMailServerBackend"
    response = invite(admin_client, "new.person@example.com")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the e-mail could not be sent" in page
    invitation = Invitation.objects.get()
    path = re.search(r"/invitations/[\w-]+/", page).group()
    admin_client.logout()
    assert "Join Acme Sales on Opportune" in admin_client.get(path).content.decode()
    assert invitation.email == "new.person@example.com"


def test_invitation_link_uses_base_url_not_the_request_host(admin_client, workspace, settings):
    settings.BASE_URL = "https://crm.example.com"
    page = invite(admin_client, "new.person@example.com", HTTP_HOST="localhost").content.decode()
    assert "https://crm.example.com/invitations/" in mail.outbox[0].body
    assert "https://crm.example.com/invitations/" in page
    assert "localhost/invitations/" not in page + mail.outbox[0].body


def test_invited_person_sets_a_password_and_joins(invitation_path, workspace, client):
    path = invitation_path()
    assert mail.outbox[0].to == ["new.person@example.com"]
    client.logout()
    response = client.post(
        path,
        {
            "full_name": "Nora New",
            "password1": "a good passphrase",
            "password2": "a good passphrase",
        },
    )
    assert response["Location"] == f"/w/{workspace.slug}/opportunities/"
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password("a good passphrase")
    assert Membership.objects.get(workspace=workspace, user=user).role == Role.MEMBER
    assert client.get(path).status_code == 404  # used once only


def test_invitation_with_mismatched_passwords_is_refused_at_the_field(invitation_path, client):
    path = invitation_path()
    client.logout()
    response = client.post(
        path, {"full_name": "Nora", "password1": "a good passphrase", "password2": "other one"}
    )
    assert response.status_code == 200
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_invited_account_joins_while_signed_in_with_the_invited_address(
    invitation_path, client, workspace, outsider
):
    path = invitation_path(outsider.email, role="viewer")
    client.force_login(outsider)
    assert "Join Acme Sales" in client.get(path).content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    response = client.post(path)
    assert response["Location"] == f"/w/{workspace.slug}/opportunities/"
    assert Membership.objects.get(workspace=workspace, user=outsider).role == Role.VIEWER
    assert client.get(path).status_code == 404  # used once only


def test_signed_in_user_with_another_address_is_told_to_sign_in_as_the_invited_one(
    invitation_path, client, workspace, outsider
):
    path = invitation_path("new.person@example.com")
    client.force_login(outsider)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 403
        assert "sign in with new.person@example.com" in response.content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    assert Invitation.objects.get().accepted_at is None


def test_visitor_whose_address_has_an_account_is_sent_to_sign_in_and_back(
    invitation_path, client, workspace, outsider
):
    path = invitation_path(outsider.email)
    client.logout()
    form = {"full_name": "Oscar Two", "password1": "a good passphrase", "password2": "x"}
    for response in (client.get(path), client.post(path, form)):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={path}"
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    assert (
        "Please sign in as oscar@globex.example"
        in client.get(response["Location"]).content.decode()
    )
    signed_in = client.post(
        response["Location"], {"username": outsider.email, "password": PASSWORD}, follow=True
    )
    assert "Join Acme Sales" in signed_in.content.decode()


def test_accepting_refuses_a_user_whose_address_is_not_the_invited_one(invitation_path, outsider):
    invitation_path("new.person@example.com")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=Invitation.objects.get(), user=outsider)
    assert not Membership.objects.filter(user=outsider, workspace__slug="acme").exists()


def test_expired_invitation_no_longer_works(invitation_path, client, outsider, settings):
    path = invitation_path(outsider.email)
    Invitation.objects.update(
        created_at=Invitation.objects.get().created_at
        - timedelta(days=settings.INVITATION_VALID_DAYS + 1)
    )
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert not Membership.objects.filter(user=outsider, workspace__slug="acme").exists()


def test_invalid_invitation_link_shows_a_clear_page(client, db):
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_revoked_invitation_no_longer_works(invitation_path, admin_client, workspace, client):
    path = invitation_path()
    invitation = Invitation.objects.get()
    admin_client.post(f"/w/{workspace.slug}/settings/invitations/{invitation.pk}/revoke/")
    client.logout()
    assert client.get(path).status_code == 404
