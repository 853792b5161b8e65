"""The dashboard pages: what each shows for the demo province, access, and languages."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import Indicator
from programmes.models import Phase
from programmes.roles import VIEWER
from tests.dashboards.html import inline_code, text, texts
from tests.users import user_in_role


def vi_url(name: str, *args) -> str:
    """The page's Vietnamese URL (no prefix); tests run in English, which adds /en/."""
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


def chart_data(html: str, element_id: str) -> dict:
    return json.loads(text(html, "script", id=element_id, type="application/json"))


# Access


@pytest.mark.django_db
def test_every_page_sends_an_anonymous_visitor_to_the_login(client):
    phase = Phase(pk=1)
    for url in page_urls(phase, Indicator(pk=1)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/login/?next={url}"


@pytest.mark.django_db
def test_a_leader_who_is_not_staff_signs_in_on_the_dashboards_own_page(client, django_user_model):
    django_user_model.objects.create_user("leader", password="pw-leader-sign-in-1")
    user_in_role("leader", VIEWER, staff=False)

    page = client.get("/login/?next=/care-models/")
    response = client.post(
        "/login/",
        {"username": "leader", "password": "pw-leader-sign-in-1", "next": "/care-models/"},
    )

    assert page.status_code == 200
    assert 'name="next" value="/care-models/"' in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, "/care-models/")
    assert client.get("/care-models/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message_and_nobody_is_signed_in(
    client, django_user_model
):
    django_user_model.objects.create_user("leader", password="pw-leader-sign-in-1")

    response = client.post("/en/login/", {"username": "leader", "password": "wrong", "next": "/"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_returns_to_the_sign_in_page(reader):
    response = reader.post("/logout/")

    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert reader.get("/")["Location"] == "/login/?next=/"


def test_a_reader_who_is_not_staff_sees_no_link_to_the_admin(reader, demo):
    html = reader.get("/").content.decode()
    assert "/admin/" not in html


def test_staff_get_a_link_to_the_admin(admin_client, demo):
    html = admin_client.get("/").content.decode()
    assert 'href="/admin/"' in html


# Home


def test_home_shows_the_demo_review_as_18_of_24_targets_in_both_languages(reader, review_phase):
    vi = reader.get("/").content.decode()
    card = text(vi, "article", data_phase=str(review_phase.pk))
    assert "18/24" in card
    assert "2.020" not in card and "2020" in card  # years are never grouped like numbers
    en = reader.get("/en/").content.decode()
    card = text(en, "article", data_phase=str(review_phase.pk))
    assert "18/24 targets achieved" in card
    assert "achieved: 18" in card and "not achieved: 6" in card
    # One bar per objective, each with its achieved/total.
    bars = texts(en, "span", **{"class": "objective-bars__count"})
    assert bars[7:14] == ["2/4", "2/4", "3/3", "3/4", "3/3", "3/4", "2/2"]


def test_home_lists_every_programme_and_phase_of_the_demo(reader, demo):
    html = reader.get("/en/").content.decode()
    phases = Phase.objects.filter(programme__code__in=["MH-BDG", "MH-BVTE"])
    assert len(texts(html, "article", **{"class": "phase-card"})) == phases.count() == 4
    child_protection = phases.get(programme__code="MH-BVTE")
    assert "2/2 targets achieved" in text(html, "article", data_phase=str(child_protection.pk))
    earlier = phases.get(programme__code="MH-BDG", name="2011–2015")
    assert "17/19 targets achieved" in text(html, "article", data_phase=str(earlier.pk))


# Phase


def test_phase_page_shows_each_target_with_units_previous_phase_and_change(reader, review_phase):
    url = vi_url("dashboards:phase", review_phase.pk)
    en = reader.get("/en" + url).content.decode()
    assert "18/24 targets achieved under 7 objectives" in en
    row = text(en, "tr", data_indicator="2.2")
    assert "at least 35% (2020)" in row
    assert "32.9%" in row
    assert "not achieved" in row
    assert "In 2020: 32.9%, short of the target of at least 35%." in row
    assert "25.2% (2015)" in row
    assert "+7.7 percentage points" in row
    # A sex ratio at birth is boys per 100 girls (the indicator's unit label, as reports
    # write it) and moves in points, not percent.
    row = text(en, "tr", data_indicator="4.1")
    assert "at most 115 bé trai/100 bé gái (2020)" in row
    assert "116.2 bé trai/100 bé gái" in row
    assert "points" in row and "percentage points" not in row
    # Vietnamese writes the same numbers with a decimal comma.
    vi = reader.get(url).content.decode()
    row = text(vi, "tr", data_indicator="2.2")
    assert "32,9%" in row and "25,2%" in row and "+7,7" in row
    assert "Năm 2020: 32,9%, chưa đạt chỉ tiêu từ 35% trở lên." in row
    # Female workers given jobs: five-year totals, +6,55% on 2011–2015 (rule 4).
    row = text(vi, "tr", data_indicator="2.5")
    assert "41.180" in row and "43.877" in row and "+6,55%" in row


def test_phase_filters_by_year_in_the_url_and_judges_against_the_line(reader, review_phase):
    url = vi_url("dashboards:phase", review_phase.pk)
    html = reader.get(f"/en{url}?year=2018").content.decode()
    assert "judged on 2018" in html
    assert "targets on track in 2018 under 7 objectives" in html
    summary = text(html, "table", id="summary-table")
    assert "on track" in summary and "off track" in summary


def test_phase_filtered_on_a_district_compares_it_with_the_provinces_targets(reader, review_phase):
    url = vi_url("dashboards:phase", review_phase.pk)
    html = reader.get(f"/en{url}?area=MH-01&year=2020").content.decode()
    assert "0/0" not in html
    assert (
        "Thành phố Minh Hòa (minh họa) against the province's targets (Tỉnh Minh Hòa (minh họa))"
        in html
    )
    # The district's actual against the province's target, its communes ranked best first.
    assert text(html, "tr", data_indicator="2.2") == (
        "2.2 Tỷ lệ nữ làm chủ doanh nghiệp at least 35% (the province's target, 2020) "
        "36.48% (2020) achieved In 2020: 36.48%, exceeding the target of at least 35%. "
        "1. Phường Cầu Mây (minh họa): 39.31% 2. Phường Hoa Sữa (minh họa): 39.27% "
        "3. Xã Bến Lúa (minh họa): 26.15%"
    )


def test_phase_ignores_filters_it_does_not_understand_and_says_so(reader, review_phase):
    url = vi_url("dashboards:phase", review_phase.pk)
    response = reader.get(f"/en{url}?area=NOWHERE&year=1999")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood and were ignored" in html
    assert "18/24 targets achieved" in html


def test_phase_of_an_unknown_id_is_not_found(reader, db):
    assert reader.get(vi_url("dashboards:phase", 999999)).status_code == 404


# Indicator


def test_indicator_page_shows_the_series_in_a_chart_and_the_same_numbers_in_a_table(
    reader, business_owners
):
    url = vi_url("dashboards:indicator", business_owners.pk)
    en = reader.get("/en" + url).content.decode()
    assert "25.2% in 2015 → 32.9% in 2020: +7.7 percentage points" in en
    table = {year: text(en, "tr", data_year=str(year)) for year in range(2016, 2021)}
    assert table[2020] == "2020 32.9% 35.0%"
    assert table[2016] == "2016 26.4% –"
    chart = chart_data(en, "indicator-chart")
    assert chart["labels"] == ["2016", "2017", "2018", "2019", "2020"]
    actual, target = chart["datasets"]
    assert (actual["kind"], actual["data"][-1]) == ("actual", 32.9)
    assert target["data"] == [None, None, None, None, 35.0]
    assert len(chart["datasets"]) == 2  # 2.2 has no figures by sex


def test_indicator_page_shows_every_child_area_for_the_chosen_year(reader, business_owners):
    url = vi_url("dashboards:indicator", business_owners.pk)
    en = reader.get(f"/en{url}?year=2020").content.decode()
    assert text(en, "tr", data_area="MH-01") == (
        "Thành phố Minh Hòa (minh họa) 36.5% added up from 3 areas below"
    )
    rows = texts(en, "table", id="areas-table")[0]
    assert rows.count("added up from") == 4
    # The same page for a district lists its communes with their own figures.
    en = reader.get(f"/en{url}?area=MH-01&year=2020").content.decode()
    assert "Areas of Thành phố Minh Hòa (minh họa) in 2020" in en
    assert text(en, "tr", data_area="MH-01-01").endswith("its own figure")


def test_indicator_page_shows_female_and_male_where_they_exist(reader, review_phase):
    victims = Indicator.objects.get(phase=review_phase, code="6.2")
    url = vi_url("dashboards:indicator", victims.pk)
    en = reader.get("/en" + url).content.decode()
    assert text(en, "tr", data_year="2020") == "2020 78.4% 50.0% 80.2% 67.1%"
    chart = chart_data(en, "indicator-chart")
    assert [d["kind"] for d in chart["datasets"]] == ["actual", "target", "female", "male"]
    assert chart["datasets"][2]["data"][-1] == 80.2326


def test_indicator_without_a_previous_phase_says_there_is_nothing_to_compare(reader, review_phase):
    victims = Indicator.objects.get(phase=review_phase, code="6.2")
    en = reader.get("/en" + vi_url("dashboards:indicator", victims.pk)).content.decode()
    assert "No figure from a previous phase to compare with." in en


# Languages, scripts and styles


def test_the_language_switch_posts_to_set_language_and_keeps_the_page(reader, review_phase):
    url = vi_url("dashboards:phase", review_phase.pk) + "?year=2018"
    html = reader.get(url).content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html
    response = reader.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == "/en" + url
    # The English page posts its Vietnamese address as `next`, which set_language can
    # translate back (it cannot resolve an /en/ address outside the prefixed patterns).
    html = reader.get("/en" + url).content.decode()
    assert f'name="next" value="{url}"' in html
    back = reader.post("/i18n/setlang/", {"language": "vi", "next": url})
    assert back["Location"] == url


def test_pages_are_vietnamese_first(reader, review_phase):
    assert '<html lang="vi">' in reader.get("/").content.decode()
    assert '<html lang="en">' in reader.get("/en/").content.decode()


def test_no_page_has_an_inline_script_or_style(reader, business_owners):
    phase = business_owners.phase
    for url in page_urls(phase, business_owners):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_the_inline_code_check_finds_what_a_policy_would_block():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script>'
        '<script type="application/json">{}</script><p style="color:red" onclick="x()">'
        "<style>p{}</style>"
    )
    assert inline_code(html) == [
        "inline <script {}>",
        "style attribute on <p>",
        "onclick handler on <p>",
        "<style> element",
    ]


def test_the_filters_show_the_area_and_year_the_page_is_judged_on(reader, business_owners):
    phase_url = vi_url("dashboards:phase", business_owners.phase.pk)
    html = reader.get("/en" + phase_url).content.decode()
    assert '<option value="2020" selected>2020</option>' in html
    assert '<option value="MH" selected>' in html
    html = reader.get("/en" + phase_url + "?year=2018&area=MH-02").content.decode()
    assert '<option value="2018" selected>2018</option>' in html
    assert '<option value="MH-02" selected>' in html
    indicator_url = vi_url("dashboards:indicator", business_owners.pk)
    html = reader.get("/en" + indicator_url).content.decode()
    assert '<option value="2020" selected>2020</option>' in html


def test_home_reads_18_of_24_targets_achieved_in_vietnamese(reader, review_phase):
    html = reader.get("/").content.decode()
    card = text(html, "article", data_phase=str(review_phase.pk))
    assert "18/24 chỉ tiêu đạt" in card
    assert "Giai đoạn 2016–2020" in card


def test_dates_follow_the_language(reader, db):
    from django.utils import formats, timezone

    today = timezone.localdate()
    with translation.override("vi"):
        vi_date = formats.date_format(today, "DATE_FORMAT")
    with translation.override("en"):
        en_date = formats.date_format(today, "DATE_FORMAT")
    assert vi_date.startswith("Ngày ") and vi_date != en_date
    assert f"Bản in: {vi_date}" == text(
        reader.get("/").content.decode(), "p", **{"class": "print-only"}
    )
    assert f"Printed on {en_date}" == text(
        reader.get("/en/").content.decode(), "p", **{"class": "print-only"}
    )


def test_phase_page_names_the_predecessor_whose_number_changed(reader, review_phase):
    """Continuity by concept (DOMAIN §5): the 2011–2015 indicator was numbered 2.9 then."""
    Indicator.objects.filter(phase__programme__code="MH-BDG", phase__name="2011–2015").filter(
        code="2.2"
    ).update(code="2.9")

    en = reader.get("/en" + vi_url("dashboards:phase", review_phase.pk)).content.decode()

    assert "25.2% (2015; 2.9 → 2.2" in text(en, "tr", data_indicator="2.2")
    assert "→" not in text(en, "tr", data_indicator="4.1")
