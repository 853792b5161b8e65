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

import datetime
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.text import search_key
from indicators.models import (
    RATE_SCALE,
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
FIRST_YEAR = 2016
OBJECTIVES_PER_PHASE = 6
# Bytes of COPY text buffered before each flush to the server.
COPY_CHUNK_BYTES = 8 * 1024 * 1024
BULK_BATCH = 5000
STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# The mix of units, cycled over a phase's indicators: (unit, split by sex?).
UNIT_CYCLE = [
    (Unit.PERCENT, True),
    (Unit.COUNT, True),
    (Unit.PERCENT, True),
    (Unit.PER_1000, True),
    (Unit.COUNT, True),
    (Unit.PERCENT, True),
    (Unit.VND, False),
    (Unit.PER_100000, True),
    (Unit.TIMES, False),
    (Unit.MILESTONE, False),
]
MEASUREMENT_COLUMNS = (
    "indicator_id",
    "area_id",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "created_by_id",
    "updated_by_id",
    "created_at",
    "updated_at",
    "version",
)


@dataclass(frozen=True)
class ScaleOptions:
    provinces: int = 34
    communes_per_province: int = 100
    indicators: int = 60
    years: int = 10
    seed: int = 1

    @property
    def first_year(self) -> int:
        return FIRST_YEAR

    @property
    def last_year(self) -> int:
        return FIRST_YEAR + self.years - 1


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


def fixed_point(numerator: int, denominator: int, scale: int) -> str:
    """numerator ÷ denominator × scale to four places, rounded half up, as text.

    Integer arithmetic giving exactly what `services.ratio_value` gives with Decimals.
    """
    tenths_of_thousandths = (2 * numerator * scale * 10000 + denominator) // (2 * denominator)
    whole, part = divmod(tenths_of_thousandths, 10000)
    return f"{whole}.{part:04d}"


@dataclass(frozen=True)
class IndicatorSpec:
    """How one indicator's figures are drawn: its unit and a base level and yearly trend."""

    unit: str
    by_sex: bool
    level: float
    trend: float


def indicator_specs(options: ScaleOptions, province: int) -> list[IndicatorSpec]:
    rng = random.Random(f"{options.seed}/{province}/indicators")
    specs = []
    for number in range(options.indicators):
        unit, by_sex = UNIT_CYCLE[number % len(UNIT_CYCLE)]
        specs.append(
            IndicatorSpec(
                unit=unit,
                by_sex=by_sex,
                level=0.2 + 0.6 * rng.random(),
                trend=(rng.random() - 0.3) * 0.02,
            )
        )
    return specs


# One figure as a tuple: (period, year, sex, value, numerator, denominator, status).
FigureRow = tuple[str, int, str, str, str | None, str | None, str]


def commune_figures(
    options: ScaleOptions, province: int, commune: int, specs: list[IndicatorSpec]
) -> Iterator[tuple[int, FigureRow]]:
    """(indicator number, figure) for every indicator, year and sex of one commune."""
    rng = random.Random(f"{options.seed}/{province}/{commune}")
    rand = rng.random
    size = 0.3 + 1.7 * rand()  # how populous the commune is
    statuses = (MeasurementStatus.APPROVED,) * 8 + (
        MeasurementStatus.SUBMITTED,
        MeasurementStatus.DRAFT,
    )
    for number, spec in enumerate(specs):
        unit = spec.unit
        for offset in range(options.years):
            year = options.first_year + offset
            period = str(year)
            status = statuses[int(rand() * 10)]
            share = min(max(spec.level + spec.trend * offset + (rand() - 0.5) * 0.1, 0.0), 1.0)
            if unit in RATE_SCALE:
                scale = int(RATE_SCALE[unit])
                if unit == Unit.TIMES:
                    parts = [(int(1000 * size * (1 + 2 * share)), int(1000 * size) + 1)]
                else:
                    per = 10 if unit == Unit.PERCENT else scale
                    parts = []
                    for _sex in (Sex.FEMALE, Sex.MALE) if spec.by_sex else (Sex.TOTAL,):
                        denominator = int(per * 40 * size * (0.8 + 0.4 * rand())) + 1
                        ceiling = denominator if unit == Unit.PERCENT else denominator // 20
                        numerator = min(int(ceiling * share * (0.9 + 0.2 * rand())), ceiling)
                        parts.append((numerator, denominator))
                if len(parts) == 2:
                    (nf, df), (nm, dm) = parts
                    parts = [(nf + nm, df + dm), (nf, df), (nm, dm)]
                for sex, (numerator, denominator) in zip(
                    (Sex.TOTAL, Sex.FEMALE, Sex.MALE), parts, strict=False
                ):
                    yield (
                        number,
                        (
                            period,
                            year,
                            sex,
                            fixed_point(numerator, denominator, scale),
                            f"{numerator}",
                            f"{denominator}",
                            status,
                        ),
                    )
            elif unit == Unit.COUNT:
                female = int(200 * size * share * (0.8 + 0.4 * rand()))
                male = int(200 * size * share * (0.8 + 0.4 * rand()))
                yield number, (period, year, Sex.TOTAL, f"{female + male}", None, None, status)
                yield number, (period, year, Sex.FEMALE, f"{female}", None, None, status)
                yield number, (period, year, Sex.MALE, f"{male}", None, None, status)
            elif unit == Unit.VND:
                amount = int(50_000_000 * size * share * (0.8 + 0.4 * rand()))
                yield number, (period, year, Sex.TOTAL, f"{amount}", None, None, status)
            else:  # milestone
                reached = "1" if rand() < share else "0"
                yield number, (period, year, Sex.TOTAL, reached, None, None, status)


class Totals:
    """Sums of the end-year totals per indicator, to set targets near the province's actual."""

    def __init__(self) -> None:
        self.value: dict[int, int] = {}
        self.ratio: dict[int, list[int]] = {}

    def add(self, number: int, row: FigureRow) -> None:
        _period, _year, _sex, value, numerator, denominator, _status = row
        if numerator is not None:
            pair = self.ratio.setdefault(number, [0, 0])
            pair[0] += int(numerator)
            pair[1] += int(denominator)
        else:
            self.value[number] = self.value.get(number, 0) + int(value.split(".")[0])

    def actual(self, number: int, unit: str) -> Decimal | None:
        if unit in RATE_SCALE and number in self.ratio:
            numerator, denominator = self.ratio[number]
            return Decimal(fixed_point(numerator, denominator, int(RATE_SCALE[unit])))
        if unit in (Unit.COUNT, Unit.VND) and number in self.value:
            return Decimal(self.value[number])
        return None


def generate_scale_data(
    options: ScaleOptions, progress: Callable[[str], None] = lambda message: None
) -> ScaleSummary:
    """Build every province with its communes, programme, indicators, targets and figures."""
    summary = ScaleSummary()
    for province in range(1, options.provinces + 1):
        with transaction.atomic():
            _generate_province(options, province, summary)
        progress(
            f"province {province_code(province)}: {summary.figures} figures so far "
            f"({timezone.now():%H:%M:%S})"
        )
    return summary


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
    writer = _CopyWriter() if connection.vendor == "postgresql" else _BulkWriter()
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


class _CopyWriter:
    """Figures as COPY text, streamed to PostgreSQL every COPY_CHUNK_BYTES."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.count = 0
        self.stamp = STAMP.isoformat()
        self.sql = (
            f"COPY {Measurement._meta.db_table} ({', '.join(MEASUREMENT_COLUMNS)}) FROM STDIN"
        )

    def add(self, indicator_id: int, area_id: int, row: FigureRow) -> None:
        period, year, sex, value, numerator, denominator, status = row
        self.buffer.write(
            f"{indicator_id}\t{area_id}\t{period}\t{year}\t{sex}\t{value}\t"
            f"{numerator if numerator is not None else chr(92) + 'N'}\t"
            f"{denominator if denominator is not None else chr(92) + 'N'}\t"
            f"{status}\t\t\\N\t\\N\t{self.stamp}\t{self.stamp}\t1\n"
        )
        self.count += 1
        if self.buffer.tell() >= COPY_CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.buffer.tell():
            self.buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.copy_expert(self.sql, self.buffer)
            self.buffer = io.StringIO()

    def close(self) -> int:
        self.flush()
        return self.count


class _BulkWriter:
    """Figures through `bulk_create` in batches, for SQLite."""

    def __init__(self) -> None:
        self.batch: list[Measurement] = []
        self.count = 0

    def add(self, indicator_id: int, area_id: int, row: FigureRow) -> None:
        period, year, sex, value, numerator, denominator, status = row
        self.batch.append(
            Measurement(
                indicator_id=indicator_id,
                area_id=area_id,
                period=period,
                year=year,
                sex=sex,
                value=Decimal(value),
                numerator=Decimal(numerator) if numerator is not None else None,
                denominator=Decimal(denominator) if denominator is not None else None,
                status=status,
            )
        )
        self.count += 1
        if len(self.batch) >= BULK_BATCH:
            self.flush()

    def flush(self) -> None:
        Measurement.objects.bulk_create(self.batch)
        self.batch = []

    def close(self) -> int:
        self.flush()
        return self.count


@transaction.atomic
def delete_scale_data() -> int:
    """Remove every synthetic province and all that hangs on it; return the figures removed."""
    areas = Area.objects.filter(code__startswith=CODE_PREFIX)
    phases = Phase.objects.filter(programme__area__in=areas)
    synthetic = Measurement.objects.filter(Q(indicator__phase__in=phases) | Q(area__in=areas))
    # Approved figures are locked (rule 6) until reopened; these are synthetic, so they
    # are reopened in one statement (a status-only change, which the lock allows) first.
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
