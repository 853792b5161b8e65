"""The care-model and commendation summaries.

Their numbers come from `programmes.selectors.care_model_summary` and
`awards.selectors.award_stats` (DESIGN.md §6 shapes). Here: the pages on a small scene
built with factories, whose every number is known, and on the demo.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.selectors import award_stats
from care.selectors import care_model_summary
from programmes.models import Area, AreaLevel
from tests.dashboards.html import inline_code, text, texts
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    AwardFormFactory,
    CareModelFactory,
    CareModelReportFactory,
    CommendationFactory,
    PhaseFactory,
)

ZERO_ROW = "0 0 0 0 0 0"


def report(care_model, girls: int, boys: int, state_budget: int, mobilised: int, period="2020"):
    return CareModelReportFactory(
        care_model=care_model,
        period=period,
        beneficiaries_female=girls,
        beneficiaries_male=boys,
        state_budget_vnd=state_budget,
        mobilised_vnd=mobilised,
    )


@pytest.fixture
def care_scene(db):
    """Province MH: three foster-care models (two reported in 2020) and two community
    rehabilitation models; beside it, what the page for MH in 2020 must leave out: a
    model of another province and a report of 2019."""
    province = AreaFactory(code="MH", name="Tỉnh Minh Hòa")
    district = AreaFactory(code="MH-01", level=AreaLevel.DISTRICT, parent=province)
    foster = [CareModelFactory(kind="foster_care", area=district) for _ in range(3)]
    report(foster[0], 6, 5, 100_000_000, 1_250_000)
    report(foster[1], 8, 7, 87_200_000, 0)
    report(foster[1], 9, 9, 50_000_000, 0, period="2019")
    rehabilitation = [
        CareModelFactory(kind="community_rehabilitation", area=area)
        for area in (province, district)
    ]
    report(rehabilitation[0], 1000, 1000, 0, 30_000_000)
    report(rehabilitation[1], 200, 340, 0, 5_000_000)
    elsewhere = CareModelFactory(kind="foster_care", area=AreaFactory(code="QP"))
    report(elsewhere, 1, 2, 3_000_000, 0)
    return province


# Care models


def test_care_models_show_the_summary_in_a_chart_and_a_table(reader, care_scene):
    html = reader.get("/en/care-models/?year=2020&area=MH").content.decode()
    assert text(html, "tr", data_kind="community_rehabilitation") == (
        "Community-based rehabilitation 2 1,200 1,340 2,540 0 35,000,000"
    )
    assert text(html, "tr", data_kind="foster_care") == (
        "Temporary foster care 3 14 12 26 187,200,000 1,250,000"
    )
    # Every kind is listed, each with its label from the model's choices.
    assert text(html, "tr", data_kind="other") == f"Other care model {ZERO_ROW}"
    footer = texts(html, "tfoot")[0]
    assert footer == "Total 5 1,214 1,352 2,566 187,200,000 36,250,000"
    chart = json.loads(text(html, "script", id="care-model-chart"))
    assert chart["labels"] == [
        "Community-based rehabilitation",
        "Temporary foster care",
        "Vocational training tied to jobs",
        "Psychotherapy",
        "Other care model",
    ]
    assert [d["data"] for d in chart["datasets"]] == [[1200, 14, 0, 0, 0], [1340, 12, 0, 0, 0]]
    assert inline_code(html) == []


def test_care_models_without_an_area_sum_every_province(reader, care_scene):
    html = reader.get("/en/care-models/?year=2020").content.decode()
    assert text(html, "tr", data_kind="foster_care") == (
        "Temporary foster care 4 15 14 29 190,200,000 1,250,000"
    )


def test_care_models_in_vietnamese_group_thousands_with_dots(reader, care_scene):
    html = reader.get("/care-models/?year=2020&area=MH").content.decode()
    assert "2.540" in text(html, "tr", data_kind="community_rehabilitation")
    assert "Mô hình chăm sóc khác" in text(html, "tr", data_kind="other")


def test_care_models_default_to_the_latest_year_with_reports(reader, demo):
    # The demo's reports run 2016–2020.
    html = reader.get("/en/care-models/").content.decode()

    assert "children reached in 2020" in html
    assert "No care model reports for this year and area." not in html


def test_care_models_default_to_the_last_full_year_and_every_area(reader, db):
    AreaFactory(code="MH", name="Tỉnh Minh Hòa")
    html = reader.get("/en/care-models/").content.decode()
    year = timezone.localdate().year - 1
    assert f"children reached in {year}</p>" in html  # no " · area" after the year
    assert texts(html, "tfoot")[0] == f"Total {ZERO_ROW}"


def test_care_models_page_shows_the_demo_summary(reader, demo):
    province = Area.objects.get(code="MH")
    summary = care_model_summary(year=2020, area=province)
    assert summary["kinds"], "the demo should have care models running in 2020"
    html = reader.get("/en/care-models/?year=2020&area=MH").content.decode()
    for kind in summary["kinds"]:
        row = text(html, "tr", data_kind=kind["kind"])
        total = Decimal(str(kind["beneficiaries_total"]))
        assert f"{total:,.0f}" in row
    assert "<canvas" in html and inline_code(html) == []


# Commendations


@pytest.fixture
def award_scene(db):
    """Two decisions of one phase signed in 2021 (40 recipients) and one of 2020."""
    phase = PhaseFactory(programme__code="MH-BVTE")
    merit = AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh")
    flag = AwardFormFactory(code="co_thi_dua_ubnd_tinh")
    in_2021 = {"signed_on": datetime.date(2021, 3, 1), "phase": phase, "programme": phase.programme}
    first = AwardDecisionFactory(form=merit, **in_2021)
    second = AwardDecisionFactory(form=flag, **in_2021)
    for _ in range(2):
        CommendationFactory(decision=first, recipient_kind="collective", sex="", bonus=3_000_000)
    for sex in ("female", "female", "male"):
        CommendationFactory(decision=first, sex=sex, bonus=1_500_000)
    CommendationFactory(decision=second, recipient_kind="collective", sex="", bonus=None)
    CommendationFactory(decision=AwardDecisionFactory(form=merit, phase=phase), bonus=1)
    return phase


def test_commendations_show_forms_kinds_and_sexes(reader, award_scene):
    phase, programme = award_scene, award_scene.programme
    html = reader.get(
        f"/en/commendations/?programme={programme.pk}&phase={phase.pk}&year=2021"
    ).content.decode()
    assert "2 decisions commended 6 recipients" in html
    assert text(html, "tr", data_form="bang_khen_chu_tich_ubnd_tinh") == (
        "Certificate of Merit of the Provincial People's Committee Chairman 1 5"
    )
    assert text(html, "tr", data_form="co_thi_dua_ubnd_tinh") == (
        "Emulation Flag of the Provincial People's Committee 1 1"
    )
    recipients = text(html, "table", id="recipients-table")
    assert "collective 3 individual 3 household 0" in recipients
    assert "Individuals: women 2 Individuals: men 1" in recipients
    assert "Women's share of individuals (%) 66.7%" in recipients
    assert "Total bonus (VND) 10,500,000" in recipients
    chart = json.loads(text(html, "script", id="award-chart"))
    assert [d["data"] for d in chart["datasets"]] == [[1, 1], [5, 1]]
    assert inline_code(html) == []


def test_commendations_without_filters_count_every_decision(reader, award_scene):
    html = reader.get("/en/commendations/").content.decode()
    assert "3 decisions commended 7 recipients" in html
    assert "Total bonus (VND) 10,500,001" in text(html, "table", id="recipients-table")


def test_commendations_say_when_no_decision_matches(reader, award_scene):
    html = reader.get("/en/commendations/?year=2019").content.decode()
    assert "No award decisions match these filters." in html
    assert "<canvas" not in html


def test_commendations_page_shows_the_demo_statistics(reader, demo):
    stats = award_stats(phase=None, year=None, programme=None)
    assert stats["decisions"], "the demo has two award decisions"
    html = reader.get("/en/commendations/").content.decode()
    assert f"{stats['decisions']} decisions commended {stats['recipients']} recipients" in html
    for item in stats["by_form"]:
        assert text(html, "tr", data_form=str(item["form"])).endswith(
            f" {item['decisions']} {item['recipients']}"
        )
    assert "<canvas" in html and inline_code(html) == []
