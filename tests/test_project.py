import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="ake.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="extranet.example.fi",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_migrations_are_missing():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pages_render_in_every_language(client):
    for code in ("fi", "sv", "en"):
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert f'<html lang="{code}">' in response.content.decode()


@pytest.mark.django_db
def test_public_pages_send_security_headers(client):
    response = client.get("/fi/")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_demo_data_twice_adds_nothing():
    from django.core.management import call_command

    from networks.models import User

    call_command("demo_data", "--scale", "1", stdout=StringIO())
    users = User.objects.count()
    surveys = _survey_kinds()
    # The planner knows the loaded tables' sizes at once (pages right after `make run` get the plans
    # of a running site, not those made for empty tables).
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'trainings_event'")
        assert cursor.fetchone()[0] > 0
    call_command("demo_data", "--scale", "1", stdout=StringIO())
    assert User.objects.count() == users >= 500
    # Every kind of survey, the events' feedback made by the trainings' demo before the surveys' own.
    assert _survey_kinds() == surveys
    assert set(surveys) == {"yearly", "pilot", "training"} and surveys["yearly"] == 2


def _survey_kinds() -> dict[str, int]:
    from django.db.models import Count

    from surveys.models import Survey

    return dict(Survey.objects.values_list("kind").annotate(n=Count("pk")).order_by())
