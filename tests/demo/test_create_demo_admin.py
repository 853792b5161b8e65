"""`manage.py create_demo_admin`: a demo superuser with a fresh password on every run."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, load_command_class

pytestmark = pytest.mark.django_db

CREDENTIALS = re.compile(r"^Demo administrator: (\S+) / (\S+)$", re.MULTILINE)


def run(*args: str) -> tuple[str, str, str]:
    out = StringIO()
    call_command("create_demo_admin", *args, stdout=out)
    username, password = CREDENTIALS.search(out.getvalue()).groups()
    return username, password, out.getvalue()


def test_it_creates_a_superuser_who_signs_in_with_the_printed_password(client):
    username, password, output = run()

    user = get_user_model().objects.get(username="admin")
    assert username == "admin"
    assert (user.is_superuser, user.is_staff, user.is_active) == (True, True, True)
    assert client.login(username="admin", password=password)
    assert "http://127.0.0.1:8000/admin/" in output


def test_a_second_run_replaces_the_password_and_prints_the_new_one(client):
    _, first, _ = run()
    _, second, _ = run()

    assert first != second
    assert len(second) >= 20
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert not client.login(username="admin", password=first)
    assert client.login(username="admin", password=second)


def test_the_username_option_names_the_administrator(client):
    username, password, _ = run("--username", "demo-lead")

    assert username == "demo-lead"
    assert get_user_model().objects.get(username="demo-lead").is_superuser
    assert client.login(username="demo-lead", password=password)


def test_an_existing_user_of_that_name_becomes_a_superuser(django_user_model, client):
    django_user_model.objects.create_user("admin", password="old-password", is_active=False)

    _, password, _ = run()

    user = django_user_model.objects.get(username="admin")
    assert (user.is_superuser, user.is_staff, user.is_active) == (True, True, True)
    assert client.login(username="admin", password=password)


def test_its_help_says_it_is_for_the_demo_only():
    command = load_command_class("demo", "create_demo_admin")

    help_text = command.create_parser("manage.py", "create_demo_admin").format_help()

    assert "For the local demo only" in help_text
    assert "--username" in help_text
