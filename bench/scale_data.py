"""Synthetic national-scale data for benchmarks: provinces of communes, each with its own
programme, phase, objectives, indicators, targets and millions of figures.

Everything is derived from the seed and the province number, so the same options give the
same figures, and province 1 holds the same figures whether 4 or 34 provinces are built
(the benchmark's growth comparison relies on that). Figures are written with PostgreSQL
`COPY` from an in-memory buffer flushed in chunks, or with `bulk_create` on other backends.

The data obeys the rules the services enforce (DESIGN.md §4): values are never negative, a
percentage stays within 0–100 and equals numerator ÷ denominator × 100 rounded to four
places, and where female and male figures exist the total is their sum (for rates: the
numerators and the denominators add up). Codes start with "SC", which neither an official
(numeric) GSO code nor the demo ("MH") uses; names say "(giả lập)".
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bench.scale_figures import (
    BulkWriter,
    CopyWriter,
    IndicatorSpec,
    ScaleOptions,
    Totals,
    commune_figures,
    indicator_specs,
)
from core.text import search_key
from indicators import summaries
from indicators.db_guards import reopening_all
from indicators.models import (
    Accumulation,
    Comparator,
    Direction,
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
from programmes.models import Area, AreaLevel, Objective, Phase, Programme, Sector

CODE_PREFIX = "SC"
SYNTHETIC = "(giả lập)"
OBJECTIVES_PER_PHASE = 6


@dataclass
class ScaleSummary:
    areas: int = 0
    programmes: int = 0
    indicators: int = 0
    targets: int = 0
    figures: int = 0
    phases: list[int] = field(default_factory=list)


def province_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:02d}"


def commune_code(province: int, number: int) -> str:
    return f"{province_code(province)}-{number:03d}"


def scale_data_exists() -> bool:
    return Area.objects.filter(code__startswith=CODE_PREFIX, level=AreaLevel.PROVINCE).exists()


def generate_scale_data(
    options: ScaleOptions,
    progress: Callable[[str], None] = lambda message: None,
    *,
    rebuild: bool = True,
) -> ScaleSummary:
    """Build every province with its communes, programme, indicators, targets and figures.

    On PostgreSQL with `rebuild` (the default), in one transaction, the figures table's
    own triggers are switched off while the figures are copied in (the summaries', the
    guards' and the outside-history one: the data obeys the rules by construction, and
    the app's session writes no history), then switched on again, and the summaries are
    filled once, set-wise (`indicators.summaries.rebuild`, as `manage.py
    rebuild_summaries`): about a third of the time the triggers take row by row. Should
    anything fail, the transaction rolls back and the triggers stay as they were. Without
    `rebuild`, or elsewhere, each province in its own transaction, the triggers in place.
    """
    summary = ScaleSummary()
    if not rebuild or connection.vendor != "postgresql":
        for province in range(1, options.provinces + 1):
            with transaction.atomic():
                _generate_province(options, province, summary)
            _progress(progress, province, summary)
        return summary
    table = connection.ops.quote_name(Measurement._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        # The table can change only with no foreign-key check pending (of figures deleted
        # just before, say). A superuser also switches the foreign keys' own triggers off,
        # as `pg_restore --disable-triggers` does: the figures refer to the areas and
        # indicators just created, and 9.8 million checks took as long as the copy.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SELECT usesuper FROM pg_user WHERE usename = current_user")
        which = "ALL" if cursor.fetchone()[0] else "USER"
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {which}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for province in range(1, options.provinces + 1):
            _generate_province(options, province, summary)
            _progress(progress, province, summary)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {which}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        summaries.install(connection)
        summaries.rebuild(connection)
        progress(f"summaries rebuilt ({timezone.now():%H:%M:%S})")
    return summary


def _progress(progress: Callable[[str], None], province: int, summary: ScaleSummary) -> None:
    progress(
        f"province {province_code(province)}: {summary.figures} figures so far "
        f"({timezone.now():%H:%M:%S})"
    )


def _generate_province(options: ScaleOptions, province: int, summary: ScaleSummary) -> None:
    """One province: its communes, programme and phase, indicators, figures, then targets
    set near the figures' end-year totals."""
    root, communes = _create_areas(options, province)
    summary.areas += 1 + len(communes)
    phase = _create_programme(options, province, root)
    summary.programmes += 1
    summary.phases.append(phase.pk)
    specs = indicator_specs(options, province)
    indicators = _create_indicators(options, phase, specs)
    summary.indicators += len(indicators)
    totals = Totals()
    summary.figures += _write_figures(options, province, communes, indicators, specs, totals)
    summary.targets += _create_targets(options, province, root, indicators, specs, totals)


def _create_areas(options: ScaleOptions, province: int) -> tuple[Area, list[Area]]:
    """The province and its communes, with their materialised paths."""
    root = Area.objects.create(
        code=province_code(province),
        name=f"Tỉnh Quy Mô {province:02d} {SYNTHETIC}",
        level=AreaLevel.PROVINCE,
    )
    communes = [
        Area(
            code=commune_code(province, number),
            name=f"Xã Quy Mô {province:02d}-{number:03d} {SYNTHETIC}",
            search_text=search_key(f"Xã Quy Mô {province:02d}-{number:03d} {SYNTHETIC}"),
            level=AreaLevel.COMMUNE,
            parent=root,
            path="",
        )
        for number in range(1, options.communes_per_province + 1)
    ]
    Area.objects.bulk_create(communes, batch_size=1000)
    if any(commune.pk is None for commune in communes):  # a backend without RETURNING
        by_code = Area.objects.filter(parent=root).in_bulk(field_name="code")
        communes = [by_code[commune.code] for commune in communes]
    for commune in communes:
        commune.path = f"{root.path}{commune.pk}/"
    Area.objects.bulk_update(communes, ["path"], batch_size=1000)
    return root, communes


def _create_programme(options: ScaleOptions, province: int, root: Area) -> Phase:
    """The province's programme, its one phase and the phase's objectives."""
    programme = Programme.objects.create(
        code=f"{province_code(province)}-CT",
        name=f"Chương trình quy mô {province:02d} {SYNTHETIC}",
        sector=Sector.SOCIAL_PROTECTION,
        area=root,
        description=(
            f"Synthetic benchmark data: seed {options.seed}, "
            f"{options.communes_per_province} communes, {options.indicators} indicators, "
            f"{options.years} years."
        ),
    )
    phase = Phase.objects.create(
        programme=programme,
        name=f"{options.first_year}–{options.last_year}",
        start_year=options.first_year,
        end_year=options.last_year,
    )
    Objective.objects.bulk_create(
        [
            Objective(phase=phase, number=number, title=f"Mục tiêu {number} {SYNTHETIC}")
            for number in range(1, OBJECTIVES_PER_PHASE + 1)
        ]
    )
    return phase


def _create_indicators(
    options: ScaleOptions, phase: Phase, specs: list[IndicatorSpec]
) -> list[Indicator]:
    """One indicator per spec, spread evenly over the phase's objectives."""
    objectives = list(phase.objectives.order_by("number"))
    indicators = []
    per_objective = -(-options.indicators // OBJECTIVES_PER_PHASE)
    for number, spec in enumerate(specs):
        objective = objectives[number // per_objective]
        indicator_code = f"{objective.number}.{number % per_objective + 1}"
        name = f"Chỉ tiêu {indicator_code} ({spec.unit}) {SYNTHETIC}"
        indicators.append(
            Indicator(
                objective=objective,
                phase=phase,
                code=indicator_code,
                name=name,
                unit=spec.unit,
                direction=Direction.INCREASE,
                accumulation=Accumulation.FLOW
                if spec.unit in (Unit.COUNT, Unit.VND)
                else Accumulation.STOCK,
                search_text=search_key(f"{indicator_code} {name}"),
            )
        )
    Indicator.objects.bulk_create(indicators)
    if any(indicator.pk is None for indicator in indicators):
        by_code = Indicator.objects.filter(phase=phase).in_bulk(field_name="code")
        indicators = [by_code[indicator.code] for indicator in indicators]
    return indicators


def _write_figures(
    options: ScaleOptions,
    province: int,
    communes: list[Area],
    indicators: list[Indicator],
    specs: list[IndicatorSpec],
    totals: Totals,
) -> int:
    """Every commune's figures, written by COPY or bulk_create; the end-year totals are
    added to `totals` on the way. Returns the number written."""
    last_year = options.last_year
    writer = CopyWriter() if connection.vendor == "postgresql" else BulkWriter()
    for number, commune in enumerate(communes, start=1):
        area_id = commune.pk
        for index, row in commune_figures(options, province, number, specs):
            writer.add(indicators[index].pk, area_id, row)
            if row[1] == last_year and row[2] == Sex.TOTAL:
                totals.add(index, row)
    return writer.close()


def _create_targets(
    options: ScaleOptions,
    province: int,
    root: Area,
    indicators: list[Indicator],
    specs: list[IndicatorSpec],
    totals: Totals,
) -> int:
    """A mid-phase and an end-of-phase target per indicator near the province's actual;
    returns how many."""
    rng = random.Random(f"{options.seed}/{province}/targets")
    last_year = options.last_year
    targets = []
    middle_year = options.first_year + options.years // 2
    for index, (indicator, spec) in enumerate(zip(indicators, specs, strict=True)):
        actual = totals.actual(index, spec.unit)
        if spec.unit == Unit.MILESTONE:
            value, baseline = Decimal(1), Decimal(0)
        else:
            actual = actual if actual is not None else Decimal(1)
            # Some targets a little under the actual (achieved), some a little over.
            value = (actual * Decimal(f"{0.9 + 0.2 * rng.random():.4f}")).quantize(Decimal("0.01"))
            if spec.unit == Unit.PERCENT:
                value = min(value, Decimal(100))
            baseline = (value * Decimal("0.7")).quantize(Decimal("0.01"))
        for year in sorted({middle_year, last_year}):
            targets.append(
                Target(
                    indicator=indicator,
                    area=root,
                    year=year,
                    comparator=Comparator.GTE,
                    value=value if year == last_year else (baseline + value) / 2,
                    baseline_value=baseline,
                    baseline_year=options.first_year - 1,
                    source_text=f"Đạt từ {value} trở lên {SYNTHETIC}",
                )
            )
    Target.objects.bulk_create(targets)
    return len(targets)


@transaction.atomic
def delete_scale_data() -> int:
    """Remove every synthetic province and all that hangs on it; return the figures removed."""
    areas = Area.objects.filter(code__startswith=CODE_PREFIX)
    phases = Phase.objects.filter(programme__area__in=areas)
    synthetic = Measurement.objects.filter(Q(indicator__phase__in=phases) | Q(area__in=areas))
    # Approved figures are locked (rule 6) until reopened; these are synthetic, so they
    # are reopened in one statement first, which the database allows only when told so.
    with reopening_all(Measurement):
        synthetic.filter(status=MeasurementStatus.APPROVED).update(status=MeasurementStatus.DRAFT)
    figures, _ = Measurement.objects.filter(indicator__phase__in=phases).delete()
    Measurement.objects.filter(area__in=areas).delete()
    Target.objects.filter(indicator__phase__in=phases).delete()
    Target.objects.filter(area__in=areas).delete()
    Indicator.objects.filter(phase__in=phases).delete()
    Objective.objects.filter(phase__in=phases).delete()
    phases.delete()
    Programme.objects.filter(area__in=areas).delete()
    areas.filter(level=AreaLevel.COMMUNE).delete()
    areas.delete()
    return figures
