"""Charts that help (issue #14 point 9): a range that separates the lines, bars from zero,
the straight line from baseline to target the on-track rule judges against, and a change
judged better or worse for the indicator's direction, in words and a symbol."""

from decimal import Decimal as D

import pytest

from dashboards.charts import BETTER, SAME, WORSE, change_verdict, trajectory, value_range
from dashboards.templatetags.dashboards import verdict
from indicators.models import Direction, Indicator, Target
from indicators.rules import Change
from tests.dashboards.html import text


def test_a_range_of_rates_separates_lines_that_zero_would_merge():
    assert value_range([D("84.02"), D("90"), D("92.31")], unit="percent") == {
        "min": 82.0,
        "max": 94.0,
    }
    # The sex ratio at birth (112,6 against 113) no longer sits on one line at the top.
    assert value_range([D("112.6"), D("113")], unit="per_100") == {"min": 112.5, "max": 113.1}
    # Shares stay within 0–100, counts never below zero, a single value gets a margin.
    assert value_range([D("2"), D("99")], unit="percent") == {"min": 0.0, "max": 100.0}
    assert value_range([D("5")]) == {"min": 4.0, "max": 6.0}
    assert value_range([None, None]) is None


def test_the_line_from_baseline_to_target_is_the_on_track_rules_line():
    target = Target(baseline_year=2015, baseline_value=D("25.2"), year=2020, value=D("35"))
    line = trajectory(target, [2015, 2016, 2018, 2020, 2021])
    assert line == [D("25.2"), D("27.16"), D("31.08"), D("35"), None]
    assert trajectory(Target(year=2020, value=D("35")), [2019, 2020]) == [None, None]


@pytest.mark.parametrize(
    ("direction", "absolute", "expected", "shown"),
    [
        (Direction.INCREASE, D("7.7"), BETTER, "✓ better"),
        (Direction.INCREASE, D("-2"), WORSE, "✗ worse"),
        (Direction.DECREASE, D("-16.5"), BETTER, "✓ better"),  # maternal deaths fell
        (Direction.DECREASE, D("3"), WORSE, "✗ worse"),
        (Direction.DECREASE, D("0"), SAME, "= unchanged"),
    ],
)
def test_a_change_says_whether_it_is_good_news_for_the_indicator(
    direction, absolute, expected, shown
):
    indicator = Indicator(direction=direction)
    change = Change(absolute=absolute, relative_percent=None, headline="points")
    assert change_verdict(change, indicator) == expected
    html = str(verdict(change, indicator))
    assert html.startswith(f'<span class="verdict verdict--{expected}">')
    assert text(html, "span", **{"class": f"verdict verdict--{expected}"}) == shown
    assert change_verdict(None, indicator) is None


@pytest.mark.django_db
def test_the_indicator_chart_draws_the_line_from_the_2015_baseline(reader, business_owners):
    from tests.dashboards.test_views import chart_data, vi_url

    # The demo's 2016–2020 targets name no baseline; give 2.2's its 2015 figure.
    Target.objects.filter(indicator=business_owners, year=2020, area__code="MH").update(
        baseline_value=D("25.2"), baseline_year=2015
    )
    html = reader.get("/en" + vi_url("dashboards:indicator", business_owners.pk)).content.decode()
    chart = chart_data(html, "indicator-chart")
    line = next(d for d in chart["datasets"] if d["kind"] == "trajectory")
    assert chart["labels"][0] == "2015"
    assert line["label"] == "Path from baseline to target"
    assert line["data"][0] == 25.2 and line["data"][-1] == 35.0
    assert chart["y"] == {"min": 22.5, "max": 37.5}
    # The phase page judges 2.2's +7.7 points as good news (more women business owners).
    phase = reader.get(f"/en/phases/{business_owners.phase_id}/").content.decode()
    assert "+7.7 percentage points ✓ better" in text(phase, "tr", data_indicator="2.2")
