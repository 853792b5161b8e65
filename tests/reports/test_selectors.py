"""The review's reads agree with the indicators app's own read models, figure for figure.

They read in bulk to keep the document's queries fixed; these tests hold them to the
engine's answers (rule 1 for the figures by sex, rule 4 for the change on the previous
phase), so a change of a rule there shows here.
"""

from decimal import Decimal

import pytest

from indicators.actuals import Actuals
from indicators.models import Indicator, Sex
from indicators.selectors import indicator_progress
from programmes.models import Area
from reports.selectors.activities import commendations
from reports.selectors.results import by_sex_and_area, results
from tests.reports.support import load_demo

pytestmark = pytest.mark.django_db


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
