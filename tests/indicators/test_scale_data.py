"""`generate_scale_data`: deterministic synthetic figures that the services' rules accept."""

from collections import Counter
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bench.scale_data import delete_scale_data, generate_scale_data
from bench.scale_figures import ScaleOptions, fixed_point
from indicators import summaries
from indicators.models import (
    ChildSums,
    Indicator,
    IndicatorCount,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
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


def summaries_by_code() -> dict[str, set]:
    """Every summary row, keyed by codes instead of ids (ids differ between two builds)."""
    areas = dict(Area.objects.values_list("pk", "code"))
    indicators = {
        pk: (programme, code)
        for pk, programme, code in Indicator.objects.values_list(
            "pk", "phase__programme__code", "code"
        )
    }
    found = {}
    for model, key in ((ChildSums, "parent_id"), (MeasurementCount, "parent_key")):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        rows = set()
        for row in model.objects.values(*fields):
            row["indicator_id"] = indicators[row["indicator_id"]]
            row[key] = areas.get(row[key], row[key])
            rows.add(tuple(sorted(row.items())))
        found[model.__name__] = rows
    found["IndicatorCount"] = {
        (indicators[i], areas.get(parent, parent), n)
        for i, parent, n in IndicatorCount.objects.values_list(
            "indicator_id", "parent_key", "figures"
        )
    }
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the rebuild path is PostgreSQL's")
def test_summaries_rebuilt_after_the_load_equal_those_the_triggers_keep():
    options = ScaleOptions(provinces=2, communes_per_province=3, indicators=10, years=2, seed=3)
    generate_scale_data(options, rebuild=False)  # each figure summed by the triggers
    kept = summaries_by_code()
    delete_scale_data()
    assert not ChildSums.objects.exists()
    generate_scale_data(options)  # triggers off, the summaries rebuilt once at the end
    rebuilt = summaries_by_code()
    assert len(kept["ChildSums"]) == 2 * 10 * 2  # per province, indicator and year
    assert len(kept["IndicatorCount"]) == 2 * 10
    assert rebuilt == kept
    # The triggers are on again and as the code builds them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'O'",
            [Measurement._meta.db_table],
        )
        assert cursor.fetchall() == []
    assert summaries.problems(connection) == []
    # A figure written now is summed by its trigger (an approved one is locked: guarded).
    figure = (
        Measurement.objects.filter(sex=Sex.TOTAL, period=str(options.last_year))
        .exclude(status=MeasurementStatus.APPROVED)
        .first()
    )
    sums = ChildSums.objects.get(
        indicator=figure.indicator_id, parent=figure.area.parent_id, year=options.last_year
    )
    Measurement.objects.filter(pk=figure.pk).update(value=figure.value + 1)
    sums_after = ChildSums.objects.get(pk=sums.pk)
    assert sums_after.value_sum == sums.value_sum + 1
