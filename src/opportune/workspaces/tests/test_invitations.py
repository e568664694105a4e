import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from opportune.accounts.models import User
from opportune.testing.factories import PASSWORD
from opportune.workspaces import services
from opportune.workspaces.models import Invitation, Membership, Role, Workspace

MEMBERS = "/w/acme/settings/members/"


class DeadMailServerBackend(BaseEmailBackend):
    """The mail server is down: every send fails as smtplib's would."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


# Whether each password was hashed inside a database transaction (TransactionWatchingHasher).
hashed_in_transaction: list[bool] = []


class TransactionWatchingHasher(MD5PasswordHasher):
    """MD5, noting whether it hashes inside a transaction (Argon2 would hold SQLite's lock)."""

    def encode(self, password, salt):
        hashed_in_transaction.append(connection.in_atomic_block)
        return super().encode(password, salt)


def invite(client, email, role="member", **extra):
    return client.post(MEMBERS, {"email": email, "role": role}, follow=True, **extra)


def link_path(message_body: str) -> str:
    link = next(line for line in message_body.splitlines() if "/invitations/" in line)
    return urlsplit(link).path


def invitation_for(inviter, email="new.person@example.com", role="member") -> str:
    """Invite `email` to the inviter's workspace through the service; the path of its link."""
    services.invitation_create(actor=inviter.memberships.get(), email=email, role=role)
    return link_path(mail.outbox[-1].body)


NEW_ACCOUNT = {
    "full_name": "Nora New",
    "password1": "a good passphrase",
    "password2": "a good passphrase",
}


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


def test_admin_sees_the_same_for_known_and_unknown_addresses(
    admin_client, admin, workspace, outsider
):
    known = invite(admin_client, outsider.email)
    services.invitation_revoke(actor=admin.memberships.get(), invitation=Invitation.objects.get())
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


def test_admins_message_has_no_link_when_the_mail_is_sent(admin_client, workspace):
    page = invite(admin_client, "new.person@example.com").content.decode()
    assert "Invitation sent to new.person@example.com." in page
    assert link_path(mail.outbox[0].body) not in page
    assert "share this link" not in page
    # Listed as pending, to revoke.
    assert f"/settings/invitations/{Invitation.objects.get().pk}/revoke/" in page


def test_invitation_is_kept_and_its_link_shown_when_the_mail_server_is_down(
    admin_client, workspace, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.DeadMailServerBackend"
    settings.BASE_URL = "https://crm.example.com"
    response = invite(admin_client, "new.person@example.com")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the e-mail could not be sent" in page
    invitation = Invitation.objects.get()
    path = re.search(r"https://crm\.example\.com(/invitations/[\w-]+/)", page).group(1)
    admin_client.logout()
    assert "Join Acme Sales on Opportune" in admin_client.get(path).content.decode()
    assert invitation.email == "new.person@example.com"


def test_invitation_link_uses_base_url_not_the_request_host(admin_client, workspace, settings):
    settings.BASE_URL = "https://crm.example.com"
    invite(admin_client, "new.person@example.com", HTTP_HOST="localhost")
    assert "https://crm.example.com/invitations/" in mail.outbox[0].body
    assert "localhost/invitations/" not in mail.outbox[0].body


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
    # Used once only; opened again by the new member, it leads into the workspace.
    assert client.get(path)["Location"] == f"/w/{workspace.slug}/opportunities/"


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
    assert client.get(path)["Location"] == f"/w/{workspace.slug}/opportunities/"
    assert Invitation.objects.get().accepted_at is not None


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
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
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
    assert client.get(path).status_code == 410


def test_signed_out_visitor_sees_the_same_page_for_known_and_unknown_addresses(
    client, admin, outsider
):
    known, unknown = invitation_for(admin, outsider.email), invitation_for(admin, "no@example.com")
    responses = [client.get(known), client.get(unknown)]
    assert [response.status_code for response in responses] == [200, 200]
    known_page, unknown_page = (response.content.decode() for response in responses)
    assert "You are invited to join Acme Sales as Member." in known_page
    assert f"Sign in as {outsider.email}</a> to accept" in known_page
    assert _normalised(known_page, outsider.email) == _normalised(unknown_page, "no@example.com")


def test_sign_in_link_of_an_invitation_leads_back_to_join(client, admin, outsider):
    path = invitation_for(admin, outsider.email)
    login_url = f"{reverse('accounts:login')}?next={path}"
    assert f'href="{login_url}"' in client.get(path).content.decode()
    signed_in = client.post(
        login_url, {"username": outsider.email, "password": PASSWORD}, follow=True
    )
    assert "Join Acme Sales" in signed_in.content.decode()


def test_new_account_for_an_address_that_has_one_is_refused_at_the_form(
    client, admin, workspace, outsider
):
    path = invitation_for(admin, outsider.email)
    response = client.post(path, NEW_ACCOUNT)
    assert response.status_code == 200
    assert (
        "An account with this e-mail address exists already. Please sign in."
        in response.content.decode()
    )
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    outsider.refresh_from_db()
    assert outsider.full_name == "Oscar Outsider"
    assert outsider.check_password(PASSWORD)
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    assert Invitation.objects.get().accepted_at is None


def test_used_link_opened_by_a_member_of_its_workspace_leads_there(client, admin, outsider):
    path = invitation_for(admin, outsider.email)
    services.invitation_accept(invitation=Invitation.objects.get(), user=outsider)
    client.force_login(admin)
    assert client.get(path)["Location"] == "/w/acme/opportunities/"


@pytest.mark.parametrize(
    ("state", "headline"),
    [
        ("accepted", "This invitation has been used"),
        ("revoked", "This invitation was withdrawn"),
        ("expired", "This invitation has expired"),
    ],
)
def test_link_no_longer_valid_says_why_and_counts_no_failure(
    client, admin, outsider, settings, state, headline
):
    path = invitation_for(admin)
    created_at = Invitation.objects.get().created_at
    Invitation.objects.update(
        **{
            "accepted": {"accepted_at": timezone.now()},
            "revoked": {"revoked_at": timezone.now()},
            "expired": {
                "created_at": created_at - timedelta(days=settings.INVITATION_VALID_DAYS + 1)
            },
        }[state]
    )
    for response in (client.get(path), client.post(path, NEW_ACCOUNT)):
        assert response.status_code == 410
        page = response.content.decode()
        assert headline in page
        assert "Please ask an admin of Acme Sales for a new one." in page
    client.force_login(outsider)  # signed in, but not a member of Acme
    assert headline in client.get(path).content.decode()
    assert not AccessAttempt.objects.exists()
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_workspace_name_with_a_line_break_does_not_break_the_invitation_mail(
    admin_client, workspace
):
    # Stored before names were kept to one line.
    Workspace.objects.filter(pk=workspace.pk).update(name="Acme\r\nBcc: x@example.com")
    response = invite(admin_client, "new.person@example.com")
    assert response.status_code == 200
    assert "Invitation sent to new.person@example.com." in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "You are invited to Acme Bcc: x@example.com on Opportune"
    assert message.recipients() == ["new.person@example.com"]


def test_header_the_mail_cannot_carry_counts_as_a_failed_send(admin_client, workspace, settings):
    settings.DEFAULT_FROM_EMAIL = "crm@example.com\r\nBcc: x@example.com"
    response = invite(admin_client, "new.person@example.com")
    assert response.status_code == 200
    assert "the e-mail could not be sent" in response.content.decode()
    assert Invitation.objects.get().email == "new.person@example.com"
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_new_password_is_hashed_outside_the_transaction(invitation_path, client, settings):
    path = invitation_path()
    client.logout()
    settings.PASSWORD_HASHERS = [f"{__name__}.TransactionWatchingHasher"]
    hashed_in_transaction.clear()
    assert client.post(path, NEW_ACCOUNT).status_code == 302
    assert hashed_in_transaction == [False]
    assert User.objects.get(email="new.person@example.com").check_password("a good passphrase")


def test_password_with_spaces_around_it_is_kept_as_typed(invitation_path, client):
    path = invitation_path()
    client.logout()
    spaced = " a good passphrase "
    client.post(path, {**NEW_ACCOUNT, "password1": spaced, "password2": spaced})
    client.logout()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "new.person@example.com", "password": spaced}
    )
    assert signed_in.status_code == 302


def test_owner_invitation_from_an_owner_makes_an_owner(client, owner, workspace):
    path = invitation_for(owner, role=Role.OWNER)
    assert client.post(path, NEW_ACCOUNT).status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert Membership.objects.get(workspace=workspace, user=user).role == Role.OWNER


def test_owner_invitation_is_refused_once_its_inviter_is_no_longer_an_owner(
    client, owner, workspace
):
    path = invitation_for(owner, role=Role.OWNER)
    Membership.objects.filter(workspace=workspace, user=owner).update(role=Role.ADMIN)
    response = client.post(path, NEW_ACCOUNT)
    assert response.status_code == 200
    assert "is no longer an owner of Acme Sales" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()
    assert Invitation.objects.get().accepted_at is None


def test_owner_invitation_to_an_account_is_refused_once_its_inviter_left(
    client, owner, admin, workspace, outsider
):
    path = invitation_for(owner, outsider.email, role=Role.OWNER)
    Membership.objects.filter(workspace=workspace, user=owner).delete()
    client.force_login(outsider)
    response = client.post(path, follow=True)
    assert "is no longer an owner of Acme Sales" in response.content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    assert Invitation.objects.get().accepted_at is None
