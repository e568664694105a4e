from django.urls import reverse

from opportune.testing.factories import PASSWORD

LOGIN = reverse("accounts:login")


def test_sign_in_with_email_and_password_opens_the_workspace(client, member, workspace):
    response = client.post(LOGIN, {"username": member.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/w/{workspace.slug}/opportunities/"
    assert response.wsgi_request.user == member


def test_sign_in_ignores_case_of_the_email(client, member):
    response = client.post(LOGIN, {"username": member.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_shows_a_clear_message(client, member):
    response = client.post(LOGIN, {"username": member.email, "password": "nope"})
    assert response.status_code == 200
    assert "The e-mail address or the password is not correct." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_repeated_failures_are_throttled_even_with_the_right_password(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": member.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_throttling_one_account_leaves_others_alone(client, member, viewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": member.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": viewer.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_needs_post_and_ends_the_session(member_client):
    assert member_client.get(reverse("accounts:logout")).status_code == 405
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert member_client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in member_client.session


def test_pages_need_sign_in(client, workspace):
    response = client.get(f"/w/{workspace.slug}/opportunities/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change(member_client, member):
    response = member_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much better passphrase",
            "new_password2": "a much better passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a much better passphrase")


def test_password_change_with_wrong_old_password_is_refused_at_the_field(member_client, member):
    response = member_client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x y z w v", "new_password2": "x y z w v"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_new_passwords_are_hashed_with_argon2(db, settings):
    from opportune.accounts.models import User

    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    user = User.objects.create_user("new@example.com", "a fine passphrase")
    assert user.password.startswith("argon2")
