"""The role groups, their permissions kept in sync, and `grant_role`."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

from programmes.models import AreaAssignment
from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER, VIEWER, sync_role_permissions
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_the_migration_creates_the_three_roles_with_least_privilege():
    viewer, entry, officer = codenames(VIEWER), codenames(DATA_ENTRY), codenames(PROVINCIAL_OFFICER)

    assert all(name.startswith("view_") for name in viewer)
    assert {"view_measurement", "view_commendation", "view_area", "view_awardform"} <= viewer
    assert entry - viewer == {
        "add_measurement",
        "change_measurement",
        "submit_measurement",
        "add_figureimport",  # importing a filled entry form
    }
    assert {"view_reportingcalendar", "view_validationrule", "view_figureimport"} <= viewer
    assert {"add_validationrule", "change_reportingcalendar", "add_figureimport"} <= officer
    assert {"approve_measurement", "return_measurement", "reopen_measurement"} <= officer
    assert "submit_measurement" not in officer
    assert {"add_area", "change_area", "change_awardform"} & officer == set()
    for role in (viewer, entry, officer):
        assert not any("historical" in name for name in role)
        assert not any(name.endswith(("_user", "_group", "_permission")) for name in role)
        assert not any(name.endswith("_areaassignment") for name in role)


def test_a_sync_restores_the_roles_and_takes_back_what_was_granted_by_hand():
    group = Group.objects.get(name=VIEWER)
    group.permissions.remove(Permission.objects.get(codename="view_measurement"))
    group.permissions.add(Permission.objects.get(codename="delete_measurement"))

    sync_role_permissions(apps, ["indicators"])

    assert "view_measurement" in codenames(VIEWER)
    assert "delete_measurement" not in codenames(VIEWER)


def test_grant_role_creates_the_user_with_exactly_that_role_and_areas(capsys):
    district = AreaFactory(code="D1")
    AreaFactory(code="D2")

    call_command("grant_role", "lan", DATA_ENTRY, "--area", "D1", "--password", "Mh-2025-so-lieu")

    user = User.objects.get(username="lan")
    assert list(user.groups.values_list("name", flat=True)) == [DATA_ENTRY]
    assert [a.area for a in AreaAssignment.objects.filter(user=user)] == [district]
    assert (user.is_staff, user.is_active, user.is_superuser) == (True, True, False)
    assert user.check_password("Mh-2025-so-lieu")
    assert capsys.readouterr().out == "Created lan: role data_entry, areas D1.\n"


def test_grant_role_replaces_the_role_and_the_areas_of_an_existing_user():
    AreaFactory(code="D1")
    user = UserFactory(username="lan")
    user.groups.add(Group.objects.get(name=DATA_ENTRY))
    call_command("grant_role", "lan", DATA_ENTRY, "--area", "D1")

    call_command("grant_role", "lan", VIEWER)

    assert list(user.groups.values_list("name", flat=True)) == [VIEWER]
    assert not AreaAssignment.objects.filter(user=user).exists()
    trail = AreaAssignment.history.filter(user=user).order_by("history_id")
    assert [(h.history_type, h.area.code) for h in trail] == [("+", "D1"), ("-", "D1")]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["lan", "boss"],
            'Unknown role "boss"; choose one of: provincial_officer, data_entry, viewer.',
        ),
        (["lan", DATA_ENTRY, "--area", "D1", "--area", "ZZ"], "No area with the code(s): ZZ."),
        (
            ["lan", DATA_ENTRY],
            "A data-entry officer needs at least one area (--area CODE); without one they see "
            "nothing.",
        ),
        (["lan", VIEWER, "--password", "123"], "This password is too short."),
    ],
)
def test_grant_role_refuses_bad_input_and_writes_nothing(arguments, message):
    AreaFactory(code="D1")

    with pytest.raises(CommandError) as refused:
        call_command("grant_role", *arguments)

    assert message in str(refused.value)
    assert not User.objects.filter(username="lan").exists()
