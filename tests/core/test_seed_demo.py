"""``manage.py seed_demo`` creates the demo logins and is idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

from members.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development_mode(settings):
    # The test runner switches DEBUG off; seed_demo is for development machines.
    settings.DEBUG = True


def snapshot():
    """Every row of every table the portal's apps own, to compare two runs."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin"}:
            continue
        rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_seed_demo_prints_the_logins(capsys):
    call_command("seed_demo")

    output = capsys.readouterr().out
    for email in ("admin@example.org", "reviewer@example.org", "member@example.org"):
        assert email in output
    assert User.objects.get(email="reviewer@example.org").is_reviewer


def test_seed_demo_logins_work(client):
    call_command("seed_demo")

    assert client.login(username="member", password="demo-member-2026")


def test_second_run_changes_nothing():
    call_command("seed_demo")
    first = snapshot()

    call_command("seed_demo")

    assert snapshot() == first


def test_seed_demo_refuses_production_without_a_flag(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_every_demo_account_signs_in_with_the_published_rule(client):
    call_command("seed_demo")

    for user in User.objects.all():
        assert user.check_password(f"demo-{user.username}-2026"), user.username
