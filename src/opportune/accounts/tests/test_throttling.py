from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from opportune.testing.factories import PASSWORD
from opportune.workspaces.models import Invitation
from opportune.workspaces.services import (
    invitation_accept_with_new_account,
    invitation_create,
)

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.2"


def sign_in(client, email, password, **headers):
    return client.post(LOGIN, {"username": email, "password": password}, **headers)


def lock(client, email, settings, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, email, "wrong", **headers)
    assert response.status_code == 429
    return response


def behind_proxy(forwarded_for):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_two_clients_behind_one_proxy_are_throttled_separately(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    lock(client, member.email, settings, **behind_proxy("198.51.100.7"))
    other = sign_in(client, member.email, PASSWORD, **behind_proxy("198.51.100.8"))
    assert other.status_code == 302
    client.logout()
    assert (
        sign_in(client, member.email, PASSWORD, **behind_proxy("198.51.100.7")).status_code == 429
    )


def test_entries_left_of_the_trusted_proxies_are_ignored(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    lock(client, member.email, settings, **behind_proxy("203.0.113.1, 198.51.100.7"))
    forged = behind_proxy("203.0.113.99, 198.51.100.7")
    assert sign_in(client, member.email, PASSWORD, **forged).status_code == 429


def test_forged_forwarded_for_changes_nothing_without_trusted_proxies(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    lock(client, member.email, settings, HTTP_X_FORWARDED_FOR="198.51.100.7")
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert sign_in(client, member.email, PASSWORD, **forged).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("198.51.100.7:5678", "198.51.100.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_forwarded_for_entry_with_a_port_counts_as_its_address(
    client, member, settings, entry, address
):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, member.email, "wrong", **behind_proxy(f"203.0.113.1, {entry}"))
    assert AccessAttempt.objects.get().ip_address == address


def test_malformed_forwarded_for_counts_as_the_proxy_address(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = sign_in(client, member.email, "wrong", **behind_proxy("not-an-address"))
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == PROXY


def _age_attempts(minutes):
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_lock_ends_when_the_page_says_despite_attempts_during_it(client, member, settings):
    page = lock(client, member.email, settings).content.decode()
    ends_at = AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME
    assert f"until {timezone.localtime(ends_at):%H:%M}" in page
    _age_attempts(10)
    for password in (PASSWORD, "wrong"):
        during = sign_in(client, member.email, password)
        assert during.status_code == 429
        assert f"until {timezone.localtime(ends_at - timedelta(minutes=10)):%H:%M}" in (
            during.content.decode()
        )
    _age_attempts(6)  # 16 minutes after the failure that locked, 6 after the last attempt
    assert sign_in(client, member.email, PASSWORD).status_code == 302


def test_wrong_old_passwords_lock_the_password_change(member_client, member, settings):
    url = reverse("accounts:password_change")
    form = {"old_password": "wrong", "new_password1": "x y z w v", "new_password2": "x y z w v"}
    responses = [member_client.post(url, form) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    right = member_client.post(url, {**form, "old_password": PASSWORD})
    assert right.status_code == 429
    assert "Too many failed sign-in attempts" in right.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def _invitation_path(admin, settings, email="new.person@example.com") -> str:
    link, _sent = invitation_create(actor=admin.memberships.get(), email=email, role="member")
    return link.removeprefix(settings.BASE_URL)


def test_unknown_invitation_tokens_are_refused_after_repeated_failures(
    client, admin, workspace, settings
):
    valid = _invitation_path(admin, settings)
    statuses = [
        client.get(f"/invitations/guess-{n}/").status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [404] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    refused = client.get("/invitations/one-more-guess/")
    assert refused.status_code == 429
    assert "Too many invalid invitation links" in refused.content.decode()
    assert client.get("/invitations/guess/", REMOTE_ADDR="198.51.100.8").status_code == 404
    # A real link is no guess: it still works from the locked address.
    assert client.get(valid).status_code == 200
    assert Invitation.objects.get(email="new.person@example.com").accepted_at is None


def test_opening_a_used_link_again_and_again_locks_nobody_out(client, admin, workspace, settings):
    used = _invitation_path(admin, settings, "first@example.com")
    invitation_accept_with_new_account(
        invitation=Invitation.objects.get(),
        full_name="First",
        password="a good passphrase",
        language="",
    )
    valid = _invitation_path(admin, settings, "second@example.com")
    statuses = [client.get(used).status_code for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert statuses == [410] * (settings.AXES_FAILURE_LIMIT + 1)
    assert client.get(valid).status_code == 200
    assert client.get("/invitations/guess/").status_code == 404
    assert AccessAttempt.objects.get().failures_since_start == 1
