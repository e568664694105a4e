import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import formats, translation

from opportune.accounts.models import User
from opportune.workspaces.models import Membership, Workspace


def test_production_without_secret_key_refuses_to_start_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(OPPORTUNE_ENV="production", DJANGO_SETTINGS_MODULE="opportune.settings")
    result = subprocess.run(
        [sys.executable, "-m", "opportune", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Opportune refuses to start: SECRET_KEY must be set in production."
    )


def test_production_settings_pass_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        OPPORTUNE_ENV="production",
        SECRET_KEY="x" * 60 + "-production-secret-for-the-check-only",
        ALLOWED_HOSTS="crm.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL="smtp://localhost:25",
    )
    result = subprocess.run(
        [sys.executable, "-m", "opportune", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(("language", "expected"), [("en", "16/07/2025"), ("de", "16.07.2025")])
def test_dates_follow_the_locale(language, expected):
    import datetime

    with translation.override(language):
        assert formats.date_format(datetime.date(2025, 7, 16), "SHORT_DATE_FORMAT") == expected


@pytest.mark.django_db
def test_demo_command_is_idempotent_and_prints_the_sign_in(capsys):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert "demo@opportune.example" in out
    assert "http://127.0.0.1:8000" in out
    assert Workspace.objects.filter(slug="demo").count() == 1
    demo_user = User.objects.get(email="demo@opportune.example")
    assert demo_user.check_password("demo-opportune")
    assert Membership.objects.get(user=demo_user).role == "owner"


def test_pages_carry_a_strict_content_security_policy(member_client, workspace):
    response = member_client.get(f"/w/{workspace.slug}/opportunities/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_load_nothing_from_another_host(member_client, workspace):
    page = member_client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert 'src="/static/vendor/htmx.min.js"' in page
    assert "http://" not in page.replace('xmlns="http://', "")
    assert "https://" not in page


def test_htmx_is_configured_safely_and_sends_the_csrf_token(member_client, workspace):
    page = member_client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert '"allowEval": false' in page
    assert '"selfRequestsOnly": true' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_unknown_page_shows_the_friendly_404(member_client):
    response = member_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_without_workspace_offers_to_create_one(client, db):
    user = User.objects.create_user("lonely@example.com", "pw pw pw pw")
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace_new")
    assert "Create a workspace" in response.content.decode()
