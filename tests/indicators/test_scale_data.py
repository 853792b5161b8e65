"""`generate_scale_data`: deterministic synthetic figures that the services' rules accept."""

from collections import Counter
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bench.scale_figures import fixed_point
from indicators.models import Indicator, Measurement, Sex, Target, Unit
from indicators.rules import ratio_value
from indicators.selectors import phase_scorecard
from indicators.services import FigureInput, measurement_clean
from indicators.services.figures import _sex_errors
from programmes.models import Area, Phase

pytestmark = pytest.mark.django_db

TINY = ["--provinces=2", "--communes-per-province=3", "--indicators=10", "--years=2"]


def generate(*options: str) -> str:
    out = StringIO()
    call_command("generate_scale_data", *TINY, *options, stdout=out)
    return out.getvalue()


def figures() -> list[tuple]:
    return list(
        Measurement.objects.order_by("area__code", "indicator__code", "period", "sex").values_list(
            "area__code",
            "indicator__phase__programme__code",
            "indicator__code",
            "period",
            "sex",
            "value",
            "numerator",
            "denominator",
            "status",
        )
    )


def test_builds_provinces_communes_programmes_and_every_figure():
    output = generate("--seed=7")

    # per commune and year: 10 indicators, 7 of them split by sex (×3), 3 total only
    assert Measurement.objects.count() == 2 * 3 * 2 * (7 * 3 + 3) == 288
    assert "288 figures" in output
    assert sorted(Area.objects.filter(parent=None).values_list("code", flat=True)) == [
        "SC01",
        "SC02",
    ]
    assert Area.objects.get(code="SC01-003").path == (
        f"/{Area.objects.get(code='SC01').pk}/{Area.objects.get(code='SC01-003').pk}/"
    )
    assert Phase.objects.filter(programme__area__code="SC02", start_year=2016).count() == 1
    assert Indicator.objects.count() == 20
    # a phase-end target each; with two years the mid-term year is the end year
    assert Target.objects.count() == 2 * 10
    assert not Area.objects.filter(code__startswith="MH").exists()


def test_the_same_seed_gives_the_same_figures_and_another_seed_others():
    generate("--seed=7")
    first = figures()
    generate("--seed=7", "--replace")
    assert figures() == first
    generate("--seed=8", "--replace")
    assert figures() != first


def test_a_second_run_without_replace_is_refused_and_changes_nothing():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert Measurement.objects.count() == 288


def test_every_figure_passes_the_services_checks_and_totals_add_up():
    generate("--seed=3")
    rows = list(Measurement.objects.select_related("indicator__phase", "area"))
    for m in rows:
        figure = FigureInput(
            indicator=m.indicator,
            area=m.area,
            period=m.period,
            sex=m.sex,
            value=m.value,
            numerator=m.numerator,
            denominator=m.denominator,
        )
        assert measurement_clean(figure) == m.value
        if m.indicator.unit == Unit.PERCENT:
            assert D(0) <= m.value <= D(100)
            assert m.numerator <= m.denominator
    assert _sex_errors(rows) == {}
    groups = Counter((m.indicator_id, m.area_id, m.period) for m in rows if m.sex != Sex.TOTAL)
    assert set(groups.values()) == {2}  # female and male always together


def test_the_scorecard_reads_the_generated_province():
    generate("--seed=3")
    phase = Phase.objects.get(programme__code="SC01-CT")
    scorecard = phase_scorecard(phase=phase)
    assert scorecard.targets_total == 10
    # milestones never roll up (DESIGN.md §4 rule 1), every other indicator has an actual
    assert scorecard.no_data == 1
    assert scorecard.achieved + scorecard.not_achieved == 9


@pytest.mark.parametrize(
    ("numerator", "denominator", "scale"),
    [(1, 3, 100), (2, 3, 100), (1, 8, 1000), (5, 7, 100000), (123457, 1000, 1), (1, 200000, 100)],
)
def test_fixed_point_rounds_as_the_services_do(numerator, denominator, scale):
    expected = ratio_value(D(numerator), D(denominator), D(scale))
    assert D(fixed_point(numerator, denominator, scale)) == expected
