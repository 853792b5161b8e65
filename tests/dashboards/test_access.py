"""Who may open the dashboards, and what a data-entry officer bound to a district sees.

The rules are the API's (`programmes.roles`): a signed-in user without a role reads
nothing (403), viewers and provincial officers read every page, and a data-entry
officer reads only the figures of the assigned areas and their descendants.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from indicators.models import Indicator
from programmes.models import Phase
from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER, VIEWER
from tests.dashboards.html import text
from tests.users import user_in_role

BAD_FILTER = "Some filters were not understood and were ignored"
SON_MAY = "Huyện Sơn Mây (minh họa)"  # the demo district MH-02
PROVINCE = "Tỉnh Minh Hòa (minh họa)"


def vi_url(name: str, *args) -> str:
    with translation.override("vi"):
        return reverse(name, args=args)


def page_urls(phase: Phase, indicator: Indicator) -> list[str]:
    return [
        vi_url("dashboards:home"),
        vi_url("dashboards:phase", phase.pk),
        vi_url("dashboards:indicator", indicator.pk),
        vi_url("dashboards:care_models"),
        vi_url("dashboards:commendations"),
    ]


def area_options(html: str) -> list[str]:
    """The codes offered by the page's area filter, in order."""
    select = html.split('name="area"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('<option value="')[1:]]


# Who may open the pages


def test_a_signed_in_user_without_a_role_is_refused_every_page(no_role, business_owners):
    for url in page_urls(business_owners.phase, business_owners):
        response = no_role.get(url)
        assert response.status_code == 403, url
        assert "Not allowed" in no_role.get("/en" + url).content.decode(), url


@pytest.mark.parametrize("role", [VIEWER, PROVINCIAL_OFFICER])
def test_viewers_and_provincial_officers_read_every_page(client, business_owners, role):
    client.force_login(user_in_role("reader-" + role, role, staff=False))
    for url in page_urls(business_owners.phase, business_owners):
        assert client.get(url).status_code == 200, url
    # A provincial officer's home is the work queue; the overview is under /progress/.
    html = client.get("/en/progress/").content.decode()
    card = text(html, "article", data_phase=str(business_owners.phase.pk))
    assert "18/24 targets achieved" in card


def test_a_data_entry_officer_without_any_area_is_refused_the_figures(
    client, django_user_model, business_owners
):
    user = django_user_model.objects.create_user("entry-nowhere", password="pw-entry-none-1")
    user.groups.add(Group.objects.get(name=DATA_ENTRY))
    client.force_login(user)
    for url in page_urls(business_owners.phase, business_owners)[:4]:
        assert client.get(url).status_code == 403, url


# A data-entry officer of district MH-02


def test_the_officers_home_page_shows_their_districts_scorecards_not_the_provinces(
    district_officer, review_phase
):
    html = district_officer.get("/en/progress/").content.decode()
    assert SON_MAY in html and PROVINCE + " ·" not in html
    card = text(html, "article", data_phase=str(review_phase.pk))
    # The demo sets targets for the province only: none for the district, and the card
    # says so rather than "0/0 targets achieved".
    assert f"No targets set for {SON_MAY}" in card
    assert "0/0" not in card
    assert "18/24" not in html and "17/19" not in html


def test_the_officers_indicator_page_shows_their_district_and_only_its_communes(
    district_officer, business_owners
):
    url = "/en" + vi_url("dashboards:indicator", business_owners.pk)
    html = district_officer.get(url).content.decode()
    assert area_options(html) == ["MH-02", "MH-02-01", "MH-02-02", "MH-02-03"]
    assert f"Figures for {SON_MAY}" in html
    assert text(html, "tr", data_year="2020") == "2020 31.8% –"
    assert "32.9%" not in html  # the province's 2020 figure
    assert f"Areas of {SON_MAY} in 2020" in html
    assert [text(html, "tr", data_area=code) for code in ("MH-02-01", "MH-02-02", "MH-02-03")] == [
        "Thị trấn Sơn Mây (minh họa) 39.3% its own figure",
        "Xã Đồi Chè Xanh (minh họa) 26.1% its own figure",
        "Xã Suối Ngọc Lam (minh họa) 26.1% its own figure",
    ]
    assert html.count("data-area=") == 3
    # A commune of the district is in scope.
    html = district_officer.get(url + "?area=MH-02-01&year=2020").content.decode()
    assert BAD_FILTER not in html
    assert text(html, "tr", data_year="2020") == "2020 39.3% –"


@pytest.mark.parametrize("foreign", ["MH-01", "MH-01-01", "MH"])
def test_the_officer_cannot_open_another_district_or_the_province(
    district_officer, business_owners, foreign
):
    url = "/en" + vi_url("dashboards:indicator", business_owners.pk)
    response = district_officer.get(f"{url}?area={foreign}&year=2020")
    html = response.content.decode()
    assert response.status_code == 200
    assert BAD_FILTER in html  # refused like any filter the page does not understand
    assert f"Figures for {SON_MAY}" in html
    assert "36.5%" not in html and "32.9%" not in html  # MH-01's and the province's 2020
    assert html.count("data-area=") == 3

    phase_url = "/en" + vi_url("dashboards:phase", business_owners.phase.pk)
    html = district_officer.get(f"{phase_url}?area={foreign}").content.decode()
    assert BAD_FILTER in html
    assert "18/24" not in html
    assert f"{SON_MAY} against the province's targets ({PROVINCE})" in html


def test_the_officers_phase_page_opens_on_their_district(district_officer, review_phase):
    html = district_officer.get("/en" + vi_url("dashboards:phase", review_phase.pk)).content
    html = html.decode()
    assert area_options(html) == ["MH-02", "MH-02-01", "MH-02-02", "MH-02-03"]
    assert '<option value="MH-02" selected>' in html
    assert f"{SON_MAY} against the province's targets ({PROVINCE})" in html
    assert "0/0" not in html and "18/24" not in html


def test_the_officers_care_models_page_shows_only_their_district(district_officer):
    html = district_officer.get("/en/care-models/?year=2025").content.decode()
    assert BAD_FILTER not in html
    assert area_options(html) == ["MH-02"]
    assert "All areas" not in html and "MH-01" not in html
    assert f"Models running and children reached in 2025 · {SON_MAY}" in html
    html = district_officer.get("/en/care-models/?year=2025&area=MH-01").content.decode()
    assert BAD_FILTER in html
    assert f"· {SON_MAY}" in html
