"""The area list's action "Record a merger or split": an intermediate page, then the
service; a refusal comes back on the page and writes nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group

from programmes.models import Area, AreaKind, AreaSuccession
from programmes.roles import PROVINCIAL_OFFICER
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/admin/programmes/area/"
VI_URL = "/admin/programmes/area/"  # the default language, Vietnamese
ON = datetime.date(2023, 1, 1)


@pytest.fixture
def tree():
    province = AreaFactory(code="MP", name="Tỉnh Mẫu")
    district = AreaFactory(code="MD1", name="Huyện Một", level="district", parent=province)
    communes = [
        AreaFactory(code=code, name=name, level="commune", kind=AreaKind.COMMUNE, parent=district)
        for code, name in [("MA", "Xã An"), ("MB", "Xã Bình")]
    ]
    return province, district, communes


def action(areas, **fields) -> dict:
    return {
        "action": "record_reorganisation",
        "_selected_action": [area.pk for area in areas],
        **fields,
    }


def test_the_action_asks_on_an_intermediate_page(admin_client, tree, django_assert_max_num_queries):
    _province, _district, communes = tree

    with django_assert_max_num_queries(8):
        response = admin_client.post(URL, action(communes))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/programmes/area/reorganise.html"
    assert [area.code for area in response.context["areas"]] == ["MA", "MB"]
    assert not AreaSuccession.objects.exists()


def test_a_merger_recorded_from_the_admin(admin_client, superuser, tree):
    _province, district, communes = tree
    fields = {
        "reorganisation_given": "1",
        "operation": "merge",
        "on": "2023-01-01",
        "reason": "Nghị quyết 1234",
        "code": "MAB",
        "name": "Xã An Bình",
        "kind": "commune",
        "parent": "MD1",
    }

    response = admin_client.post(VI_URL, action(communes, **fields), follow=True)

    merged = Area.objects.get(code="MAB")
    assert (merged.name, merged.parent, merged.valid_from) == ("Xã An Bình", district, ON)
    assert [str(m) for m in response.context["messages"]] == ["Đã ghi nhận: Xã An Bình (MAB)."]
    assert list(
        AreaSuccession.objects.order_by("predecessor__code").values_list(
            "predecessor__code", "successor__code", "principal"
        )
    ) == [("MA", "MAB", True), ("MB", "MAB", True)]
    assert merged.history.latest().history_user == superuser


def test_a_split_recorded_from_the_admin(admin_client, tree):
    _province, district, communes = tree
    fields = {
        "reorganisation_given": "1",
        "operation": "split",
        "on": "2023-01-01",
        "reason": "Nghị quyết 1234",
        "successors": "MA1; Xã An Thượng\nMB\n",
        "principal": "",
    }

    response = admin_client.post(URL, action(communes[:1], **fields), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Recorded: Xã Bình (MB), Xã An Thượng (MA1)."
    ]
    new = Area.objects.get(code="MA1")
    assert (new.parent, new.kind) == (district, "commune")
    assert list(
        AreaSuccession.objects.order_by("successor__code").values_list(
            "successor__code", "principal"
        )
    ) == [("MA1", True), ("MB", False)]


def test_a_refusal_comes_back_on_the_page_and_writes_nothing(admin_client, tree):
    _province, _district, communes = tree
    Area.objects.filter(code="MB").update(valid_to=datetime.date(2022, 6, 30))
    fields = {
        "reorganisation_given": "1",
        "operation": "merge",
        "on": "2023-01-01",
        "reason": "Nghị quyết 1234",
        "code": "MAB",
        "name": "Xã An Bình",
        "kind": "commune",
        "parent": "MD1",
    }

    response = admin_client.post(URL, action(communes, **fields))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Xã Bình is already closed (valid until 2022-06-30): a unit is reorganised once; "
        "correct the earlier reorganisation instead."
    ]
    assert not Area.objects.filter(code="MAB").exists()
    assert not AreaSuccession.objects.exists()


def test_a_split_of_two_units_or_without_successors_is_refused_by_the_form(admin_client, tree):
    _province, _district, communes = tree
    fields = {
        "reorganisation_given": "1",
        "operation": "split",
        "on": "2023-01-01",
        "reason": "Nghị quyết 1234",
        "successors": "",
    }

    response = admin_client.post(URL, action(communes, **fields))

    form = response.context["form"]
    assert form.errors == {
        "__all__": ["Select exactly one unit for a split, a renaming or a move."],
        "successors": ["Required for this kind of reorganisation."],
    }
    assert not AreaSuccession.objects.exists()


def test_only_administrators_are_offered_the_action(client, tree):
    officer = UserFactory(username="officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=PROVINCIAL_OFFICER))
    client.force_login(officer)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action at all for a role
    response = client.post(URL, action(tree[2], reorganisation_given="1", operation="merge"))
    assert "admin/programmes/area/reorganise.html" not in [t.name for t in response.templates]
    assert not AreaSuccession.objects.exists()
