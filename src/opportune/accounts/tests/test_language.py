from django.urls import reverse


def test_preferred_language_german_shows_german_navigation(member_client, member, workspace):
    response = member_client.post(
        reverse("accounts:preferences"), {"full_name": member.full_name, "language": "de"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "de"
    page = member_client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert "Verkaufschancen" in page
    assert "Organisationen" in page
    assert "Mein Tag" in page


def test_browser_language_is_used_when_no_preference(member_client, workspace):
    page = member_client.get(
        f"/w/{workspace.slug}/opportunities/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"
    ).content.decode()
    assert "Verkaufschancen" in page


def test_preference_wins_over_browser_language(member_client, member, workspace):
    member.language = "en"
    member.save()
    page = member_client.get(
        f"/w/{workspace.slug}/opportunities/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Opportunities" in page
    assert "Verkaufschancen" not in page


def test_sign_in_page_follows_the_browser_language(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Anmelden" in page
