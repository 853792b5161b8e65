"""The completeness and data-quality pages."""

import re

import pytest
from django.urls import reverse

from collection.models import ValidationRule
from programmes.models import AreaLevel
from tests.collection.support import build_province, clerk, officer
from tests.factories import AreaFactory, MeasurementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_province()
    for area in (world.c11, world.c12):
        MeasurementFactory(indicator=world.count, area=area, status="submitted")
    return world


def area_rows(response) -> list[str]:
    return re.findall(r'<tr data-area="([^"]+)">', response.content.decode())


def test_completeness_lists_each_child_area_and_sorts_by_any_column(
    client, world, django_assert_max_num_queries
):
    client.force_login(officer())
    url = reverse("collection:completeness")
    query = {"programme": world.programme.pk, "period": "2020", "area": "P"}
    with django_assert_max_num_queries(22):
        page = client.get(url, query)
    assert page.status_code == 200
    assert [(a.area.code, a.expected, a.received) for a in page.context["rows"]] == [
        ("D1", 4, 2),
        ("D2", 2, 0),
    ]
    assert "<strong>2/6</strong>" in page.content.decode()
    assert area_rows(client.get(url, {**query, "sort": "rate"})) == ["D2", "D1"]
    assert area_rows(client.get(url, {**query, "sort": "-rate"})) == ["D1", "D2"]
    assert area_rows(client.get(url, {**query, "sort": "-missing"})) == ["D1", "D2"]
    sorted_page = client.get(url, {**query, "sort": "rate"})
    assert 'aria-sort="ascending"><a href="?programme=' in sorted_page.content.decode()


def test_the_completeness_page_costs_the_same_for_more_areas(
    client, world, django_assert_max_num_queries
):
    client.force_login(officer())
    for n in range(6):
        commune = AreaFactory(code=f"C3{n}", level=AreaLevel.COMMUNE, parent=world.d2)
        MeasurementFactory(indicator=world.rate, area=commune, status="approved")
    with django_assert_max_num_queries(22):
        page = client.get(
            reverse("collection:completeness"),
            {"programme": world.programme.pk, "period": "2020", "area": "P"},
        )
    assert [(a.area.code, a.expected, a.received) for a in page.context["rows"]] == [
        ("D1", 4, 2),
        ("D2", 14, 6),
    ]


def test_completeness_opens_on_the_officers_own_area(client, world):
    client.force_login(clerk(world.d1))
    page = client.get(
        reverse("collection:completeness"), {"programme": world.programme.pk, "period": "2020"}
    )
    assert page.context["result"].area == world.d1
    assert [a.area.code for a in page.context["rows"]] == ["C11", "C12"]
    other = client.get(
        reverse("collection:completeness"),
        {"programme": world.programme.pk, "period": "2020", "area": "D2"},
    )
    assert other.context["result"].area == world.d1  # not offered, so not taken


def test_a_period_without_a_phase_says_so(client, world):
    client.force_login(officer())
    page = client.get(
        reverse("collection:completeness"), {"programme": world.programme.pk, "period": "2030"}
    )
    assert page.status_code == 200
    assert "has no phase that covers 2030" in page.content.decode()


def test_data_quality_page_lists_violations_and_outliers(
    client, world, django_assert_max_num_queries
):
    ValidationRule.objects.create(phase=world.phase, name="R1", left="A", operator="lte", right="C")
    MeasurementFactory(indicator=world.abused, area=world.d1, period="2020S1", value=50)
    client.force_login(officer())
    with django_assert_max_num_queries(20):
        page = client.get(
            reverse("collection:data_quality"),
            {"phase": world.phase.pk, "area": "P", "year": "2020"},
        )
    assert page.status_code == 200
    assert [(v.area.code, v.period) for v in page.context["findings"].violations] == []
    MeasurementFactory(indicator=world.abused, area=world.d1, period="2020", value=50)
    page = client.get(
        reverse("collection:data_quality"), {"phase": world.phase.pk, "area": "P", "year": "2020"}
    )
    assert [(v.area.code, v.period) for v in page.context["findings"].violations] == [
        ("D1", "2020")
    ]
    assert "R1" in page.content.decode()


def test_pages_need_the_permission_to_view_figures(client, world):
    assert client.get(reverse("collection:completeness")).status_code == 302
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("collection:completeness")).status_code == 403
    assert client.get(reverse("collection:data_quality")).status_code == 403


# --- navigation ----------------------------------------------------------------------------


def nav_links() -> list[str]:
    return [
        f'href="{reverse(name)}"' for name in ("collection:completeness", "collection:data_quality")
    ]


def test_the_dashboards_nav_links_both_pages_for_who_may_view_figures(client, world):
    client.force_login(officer())
    html = client.get(reverse("collection:data_quality")).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert [link in nav for link in nav_links()] == [True, True]
    current = [link + ' aria-current="page"' in nav for link in nav_links()]
    assert current == [False, True]

    client.force_login(UserFactory(username="nobody"))
    html = client.get(reverse("collection:completeness")).content.decode()
    assert [link in html for link in nav_links()] == [False, False]


def test_the_admin_index_links_both_pages_for_staff_who_may_view_figures(client, world):
    client.force_login(officer())
    html = client.get(reverse("admin:index")).content.decode()
    start = html.index('id="report-pages"')
    module = html[start : html.index("</table>", start)]
    assert [link in module for link in nav_links()] == [True, True]

    client.force_login(UserFactory(username="staff-only", is_staff=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="report-pages"' not in html
    assert [link in html for link in nav_links()] == [False, False]
