"""The review's reads agree with the indicators app's own read models, figure for figure.

They read in bulk to keep the document's queries fixed; these tests hold them to the
engine's answers (rules 1 and 8 for the figures by sex, rule 4 for the change on the previous
phase), so a change of a rule there shows here.
"""

import datetime
from decimal import Decimal

import pytest

from indicators.actuals import Actuals
from indicators.models import Indicator, Sex
from indicators.selectors import indicator_progress
from programmes.models import Area
from programmes.reorganisations import area_rename, area_reparent
from reports.selectors.activities import commendations
from reports.selectors.results import by_sex_and_area, results
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from tests.reports.support import load_demo

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def test_the_change_on_the_previous_phase_is_the_progress_read_models():
    phase = load_demo()
    province = phase.programme.area

    targets = results(phase=phase, area=province, year=2020, approved_only=False)["targets"]

    for target in targets:
        progress = indicator_progress(indicator=Indicator.objects.get(pk=target["indicator"]))
        change = progress.change
        expected = None
        if change is not None:
            expected = (change.absolute, change.relative_percent, str(change.headline))
        found = target["change"]
        if found is not None:
            found = (
                Decimal(found["absolute"]),
                None if found["relative_percent"] is None else Decimal(found["relative_percent"]),
                found["headline"],
            )
        assert found == expected, target["indicator_code"]
    # 2.1 is judged by sex and has no total to compare with 2015 (the parts show each sex).
    assert sum(t["change"] is not None for t in targets) == 18


def test_the_totals_by_sex_are_the_engines_rolled_up_totals():
    phase = load_demo()
    province = phase.programme.area

    tables = by_sex_and_area(phase=phase, area=province, year=2020, approved_only=False)

    assert [table["indicator_code"] for table in tables] == ["2.1", "6.2"]
    indicator = Indicator.objects.get(phase=phase, code="6.2")
    for row in tables[1]["rows"]:
        area = Area.objects.get(code=row["area"])
        actual = Actuals(indicators=[indicator], root=area, years=[2020]).get(indicator, area, 2020)
        assert Decimal(row[Sex.TOTAL]) == actual.value, row["area"]


def test_a_district_counts_only_the_recipients_in_its_tree():
    phase = load_demo()

    district = commendations(phase=phase, area=Area.objects.get(code="MH-02"))

    assert [
        (row["number"], row["collectives"], row["individuals"]) for row in district["decisions"]
    ] == [("163/QĐ-UBND", 3, 2), ("45/QĐ-SLĐTBXH", 0, 1)]


def test_the_figures_by_sex_count_the_year_of_the_reform_once():
    """Rule 8 in Biểu 02: in 2025 the communes valid on its last day, not also the
    districts closed on 2025-06-30; a new commune without figures takes the half-year of
    the commune it took over."""
    province = AreaFactory(code="MX", name="Tỉnh Minh Xuân")
    district = AreaFactory(code="MX-1", level="district", parent=province)
    old = AreaFactory(code="MX-1-1", level="commune", parent=district)
    renamed = area_rename(
        area=old, name="Xã Xuân Mới", code="MX-N1", on=REFORM, user=None, reason="(hư cấu)"
    )
    area_reparent(area=renamed, parent=province, on=REFORM, user=None, reason="(hư cấu)")
    district.valid_to = datetime.date(2025, 6, 30)
    district.save()
    other = AreaFactory(code="MX-N2", level="commune", parent=province, valid_from=REFORM)
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2021, end_year=2025)
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase), code="1.1", unit="count", accumulation="flow"
    )
    for area, period, female, male in (
        (district, "2025S1", 40, 40),
        (old, "2025S1", 3, 4),
        (other, "2025", 10, 20),
    ):
        for sex, value in (("female", female), ("male", male), ("total", female + male)):
            MeasurementFactory(
                indicator=indicator, area=area, period=period, sex=sex, value=Decimal(value)
            )

    (table,) = by_sex_and_area(phase=phase, area=province, year=2025, approved_only=False)

    assert [(r["area"], r["total"], r["female"], r["male"]) for r in table["rows"]] == [
        ("MX", "37", "13", "24"),
        ("MX-N1", "7", "3", "4"),
        ("MX-N2", "30", "10", "20"),
    ]
