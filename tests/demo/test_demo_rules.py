"""The demo as the law words it (issue #15 points 3–5): "trên", targets by sex, phase totals,
units as reports write them."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import translation

from indicators.models import Indicator, Target
from indicators.selectors import indicator_progress, phase_scorecard
from programmes.models import Phase
from tests.api_support import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)


def _indicator(phase_name: str, code: str) -> Indicator:
    return Indicator.objects.get(phase__programme__code="MH-BDG", phase__name=phase_name, code=code)


def _phase(name: str) -> Phase:
    return Phase.objects.get(programme__code="MH-BDG", name=name)


def test_tren_35_and_tren_95_are_strict_and_worded(demo):
    """Quyết định 2351/QĐ-TTg: "nhiệm kỳ 2016–2020 trên 35%", "đến năm 2020 đạt trên 95%"."""
    with translation.override("vi"):
        lines = {
            line.indicator.code: line for line in phase_scorecard(phase=_phase("2016–2020")).lines
        }

    assert (lines["1.2"].target.comparator, lines["1.3"].target.comparator) == ("gt", "gt")
    assert "trên 35%" in lines["1.2"].target.source_text
    assert lines["1.2"].explanation == "Năm 2020 đạt 36,2%, vượt chỉ tiêu trên 35%."
    assert lines["1.3"].explanation == "Năm 2020: 90%, chưa đạt chỉ tiêu trên 95%."


def test_new_jobs_are_judged_for_each_sex_and_counted_once(demo):
    """Quyết định 2351/QĐ-TTg, 2.1: "bảo đảm ít nhất 40% cho mỗi giới"."""
    scorecard = phase_scorecard(phase=_phase("2016–2020"))
    line = next(line for line in scorecard.lines if line.indicator.code == "2.1")

    assert (scorecard.targets_total, scorecard.achieved) == (24, 18)
    assert [(p.target.sex, p.actual, p.status) for p in line.parts] == [
        ("female", D("46.3"), "achieved"),
        ("male", D("53.7"), "achieved"),
    ]


def test_female_workers_given_jobs_rise_6_55_percent_on_the_previous_phase(demo):
    """A review's "giai đoạn 2016–2020 giải quyết việc làm cho lao động nữ tăng 6,55% so với
    giai đoạn 2011–2015": five-year totals, DESIGN §4 rule 4 (`phase_aggregate` sum)."""
    jobs = _indicator("2016–2020", "2.5")

    progress = indicator_progress(indicator=jobs)

    assert (progress.previous_phase.value, progress.phase_value) == (D("41180"), D("43877"))
    assert progress.change.relative_percent == D("6.55")


def test_the_api_and_the_phase_page_show_the_6_55_percent(demo, superuser, client):
    """DESIGN §6: progress `change` with `headline: "percent"`; the phase page shows it."""
    jobs = _indicator("2016–2020", "2.5")

    change = api_client(superuser).get(f"/api/v1/indicators/{jobs.pk}/progress/").json()["change"]
    client.force_login(superuser)
    page = client.get(f"/phases/{jobs.phase_id}/").content.decode()

    assert change == {
        "absolute": "2697",
        "relative_percent": "6.55",
        "headline": "percent",
        "aggregate": "sum",
        "series_break": False,
    }
    assert "Số lao động nữ được tạo việc làm mới" in page
    assert "+6,55%" in page


def test_units_are_written_as_reports_write_them(demo):
    """DOMAIN §5: "a ratio is written as the unit's label ("116,2 bé trai/100 bé gái")"; the
    2015 abortion ceiling is per 100 live births, not boys per 100 girls."""
    with translation.override("vi"):
        lines = {
            line.indicator.code: line for line in phase_scorecard(phase=_phase("2016–2020")).lines
        }
    abortions_2015 = Target.objects.get(indicator=_indicator("2011–2015", "4.4"))

    assert lines["4.1"].explanation == (
        "Năm 2020: 116,2 bé trai/100 bé gái, chưa đạt chỉ tiêu không vượt quá "
        "115 bé trai/100 bé gái."
    )
    assert abortions_2015.source_text == "Đến năm 2015 không vượt quá 27 ca/100 trẻ đẻ sống"


def test_the_demo_s_new_jobs_by_sex_show_each_sex_s_change(demo, superuser):
    """Quyết định 2351/QĐ-TTg chỉ tiêu 2.1 ("ít nhất 40% cho mỗi giới") has no total: the
    progress API gives each sex's change on 2015 (rule 4): women 43,5% → 46,3% (9.260 of
    20.000 new jobs in 2020), men 56,5% → 53,7%."""
    jobs_by_sex = _indicator("2016–2020", "2.1")

    body = api_client(superuser).get(f"/api/v1/indicators/{jobs_by_sex.pk}/progress/").json()

    assert body["change_by_sex"] == {
        "female": {
            "absolute": "2.8",
            "relative_percent": "6.44",
            "headline": "percentage_points",
            "aggregate": "end_value",
            "series_break": False,
        },
        "male": {
            "absolute": "-2.8",
            "relative_percent": "-4.96",
            "headline": "percentage_points",
            "aggregate": "end_value",
            "series_break": False,
        },
    }
