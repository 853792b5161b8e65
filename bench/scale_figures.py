"""How the synthetic benchmark figures are drawn and written (see bench/scale_data.py).

Every figure derives from the seed, the province and the commune number alone, so the
same options give the same figures. They are written with PostgreSQL `COPY` from an
in-memory buffer flushed in chunks, or with `bulk_create` on other backends.
"""

import datetime
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from indicators.models import (
    RATE_SCALE,
    Measurement,
    MeasurementStatus,
    Sex,
    Unit,
)

FIRST_YEAR = 2016
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


class CopyWriter:
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


class BulkWriter:
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
