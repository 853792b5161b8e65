"""Recipients' personal details (an individual's sex, position, organisation) are read only
by administrators, provincial officers and the data-entry officers of the recipient's
area: through the API, its CSV, its filters and the admin. The API's schema and docs need
a role."""

import csv
import io

import pytest
from django.urls import reverse

from awards.models import Commendation
from programmes.models import AreaLevel
from tests.api_support import api_client, body
from tests.factories import AreaFactory, CommendationFactory, UserFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

SHOWN = {"sex": "female", "position": "Trưởng phòng", "organisation": "UBND xã Một"}
HIDDEN = {"sex": None, "position": None, "organisation": None}


@pytest.fixture
def scene():
    province = AreaFactory(code="PV")
    one = AreaFactory(code="PV-1", parent=province, level=AreaLevel.DISTRICT)
    two = AreaFactory(code="PV-2", parent=province, level=AreaLevel.DISTRICT)
    person = CommendationFactory(name="Nguyễn Thị Hoa", area=one, **SHOWN)
    CommendationFactory(
        decision=person.decision,
        name="Hội Phụ nữ xã",
        recipient_kind="collective",
        sex="",
        position="",
        organisation="Hội Liên hiệp Phụ nữ",
        area=two,
    )
    return one, two


def details(user) -> dict[str, dict]:
    response = api_client(user).get("/api/v1/commendations/")
    assert response.status_code == 200
    fields = ("sex", "position", "organisation")
    return {row["name"]: {f: row[f] for f in fields} for row in response.json()["results"]}


COLLECTIVE = {"sex": "", "position": "", "organisation": "Hội Liên hiệp Phụ nữ"}


@pytest.mark.parametrize(
    ("who", "person"),
    [
        ("superuser", SHOWN),
        ("officer", SHOWN),
        ("clerk_here", SHOWN),
        ("clerk_elsewhere", HIDDEN),
        ("viewer", HIDDEN),
    ],
)
def test_an_individuals_details_are_shown_only_to_those_who_may_read_them(scene, who, person):
    one, two = scene
    user = {
        "superuser": lambda: UserFactory(username="root", is_superuser=True),
        "officer": lambda: user_in_role("officer", "provincial_officer"),
        "clerk_here": lambda: user_in_role("clerk", "data_entry", [one.code]),
        "clerk_elsewhere": lambda: user_in_role("clerk", "data_entry", [two.code]),
        "viewer": lambda: user_in_role("leader", "viewer"),
    }[who]()

    assert details(user) == {"Nguyễn Thị Hoa": person, "Hội Phụ nữ xã": COLLECTIVE}


def test_the_csv_export_hides_them_too(scene):
    clerk = user_in_role("clerk", "data_entry", [scene[1].code])

    response = api_client(clerk).get("/api/v1/commendations/", {"format": "csv"})

    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    person = next(row for row in rows if row["name"] == "Nguyễn Thị Hoa")
    assert (person["sex"], person["position"], person["organisation"]) == ("", "", "")


def test_filtering_by_sex_reveals_no_hidden_sex(scene, django_assert_max_num_queries):
    clerk = user_in_role("clerk", "data_entry", [scene[1].code])
    client = api_client(clerk)

    with django_assert_max_num_queries(8):
        female = client.get("/api/v1/commendations/", {"sex": "female"}).json()

    assert female["count"] == 0
    officer = api_client(user_in_role("officer", "provincial_officer"))
    assert officer.get("/api/v1/commendations/", {"sex": "female"}).json()["count"] == 1


def test_the_admin_list_hides_them_and_drops_the_sex_filter(client, scene):
    clerk = user_in_role("clerk", "data_entry", [scene[1].code])
    client.force_login(clerk)

    response = client.get(reverse("admin:awards_commendation_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Trưởng phòng" not in page and "UBND xã Một" not in page
    assert "Hội Liên hiệp Phụ nữ" in page  # a collective's organisation is its own
    assert "sex__exact" not in page
    searched = client.get(reverse("admin:awards_commendation_changelist"), {"q": "truong phong"})
    assert searched.context["cl"].result_count == 0


def test_the_admin_page_and_history_of_a_hidden_recipient(client, scene):
    person = Commendation.objects.get(name="Nguyễn Thị Hoa")
    clerk = user_in_role("clerk", "data_entry", [scene[1].code])
    client.force_login(clerk)

    page = client.get(reverse("admin:awards_commendation_change", args=[person.pk]))
    history = client.get(reverse("admin:awards_commendation_history", args=[person.pk]))

    assert page.status_code == 200
    assert "Trưởng phòng" not in page.content.decode()
    assert history.status_code == 403


def test_an_officer_sees_them_in_the_admin(client, scene):
    client.force_login(user_in_role("officer", "provincial_officer"))

    page = client.get(reverse("admin:awards_commendation_changelist")).content.decode()

    assert "Trưởng phòng" in page and "UBND xã Một" in page and "sex__exact" in page


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_docs_need_a_role(url):
    assert api_client().get(url).status_code == 401
    assert api_client(UserFactory(username="nobody")).get(url).status_code == 403
    assert api_client(user_in_role("leader", "viewer")).get(url).status_code == 200
