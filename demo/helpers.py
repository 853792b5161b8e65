"""Tools the demo builders share: the copied data files, exact apportioning, upserts."""

import datetime
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor
from pathlib import Path

from indicators.models import Accumulation, Comparator, Direction, Indicator, Target, Unit
from indicators.services import FigureInput, indicator_save, target_save
from programmes.models import Area, Objective, Phase, Programme
from programmes.owners import ProgrammeOwner

DATA_DIR = Path(__file__).resolve().parent / "data"

# Every figure, indicator and programme of the demo says where it comes from.
ILLUSTRATIVE_SOURCE = "Dữ liệu minh họa, không phải số liệu thống kê chính thức"


def read_data(name: str) -> dict:
    """One of the JSON files copied from the domain notes into `demo/data/`."""
    with (DATA_DIR / name).open(encoding="utf-8") as file:
        return json.load(file)


def apportion(total: int, weights: Sequence[int | Fraction]) -> list[int]:
    """Split `total` into whole parts proportional to `weights` that add up to it exactly.

    Largest remainder, ties to the earlier part, so the demo's figures sum to the round
    provincial totals its story quotes and come out the same on every run.
    """
    weight_sum = sum(Fraction(w) for w in weights)
    exact = [Fraction(total) * Fraction(w) / weight_sum for w in weights]
    parts = [floor(x) for x in exact]
    left = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def share(total: int, fraction: Fraction | str) -> int:
    """`total` × `fraction`, rounded half up to a whole number."""
    return floor(Fraction(total) * Fraction(fraction) + Fraction(1, 2))


def one_decimal(number: Fraction) -> str:
    """`number` rounded half up to one decimal place, as reports quote rates."""
    return f"{Decimal(share(10, number)) / 10:.1f}"


def figure(
    indicator: Indicator,
    area: Area,
    period: str | int,
    *,
    sex: str = "total",
    value: str | int | None = None,
    numerator: int | None = None,
    denominator: int | None = None,
) -> FigureInput:
    """A FigureInput; a rate given by its ratio gets its value computed by the service."""
    return FigureInput(
        indicator=indicator,
        area=area,
        period=str(period),
        sex=sex,
        value=None if value is None else Decimal(str(value)),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
    )


def target_upsert(
    *,
    indicator: Indicator,
    area: Area,
    year: int,
    comparator: str,
    value: str,
    source_text: str,
    baseline_value: str | None = None,
    baseline_year: int | None = None,
    sex: str = "total",
) -> Target:
    """Create or update the target keyed on (indicator, area, year, sex) through the
    service."""
    target = Target.objects.filter(indicator=indicator, area=area, year=year, sex=sex).first()
    if target is None:
        target = Target(indicator=indicator, area=area, year=year, sex=sex)
    target.comparator = comparator
    target.value = Decimal(value)
    target.baseline_value = None if baseline_value is None else Decimal(baseline_value)
    target.baseline_year = baseline_year
    target.source_text = source_text
    return target_save(target=target)


UNIT_WORDS = {
    Unit.PERCENT: "%",
    Unit.PER_100: "/100",
    Unit.PER_1000: "/1.000",
    Unit.PER_100000: "/100.000",
    Unit.TIMES: " lần",
    Unit.COUNT: "",
}


def vietnamese_number(value: str) -> str:
    """A quoted number as a Vietnamese decision writes it: "58,3"."""
    return value.replace(".", ",")


def legal_wording(
    *, comparator: str, value: str, unit: str, year: int, unit_label: str = ""
) -> str:
    """Generic decision wording for a target, for targets the data gives no text for.

    The unit is written as the indicator's label when it has one ("27 ca/100 trẻ đẻ
    sống", "113 bé trai/100 bé gái"), else by its kind.
    """
    amount = f"{vietnamese_number(value)}{UNIT_WORDS.get(unit, '')}"
    if unit_label:
        amount = f"{vietnamese_number(value)} {unit_label}"
    wording = {
        Comparator.GTE: f"đạt từ {amount} trở lên",
        Comparator.GT: f"đạt trên {amount}",
        Comparator.LTE: f"không vượt quá {amount}",
        Comparator.LT: f"dưới {amount}",
        Comparator.EQ: f"duy trì {amount}",
    }[comparator]
    return f"Đến năm {year} {wording}"


def objective_upsert(*, phase: Phase, number: int, title: str) -> Objective:
    objective, _created = Objective.objects.update_or_create(
        phase=phase, number=number, defaults={"title": title}
    )
    return objective


def indicator_upsert(
    *,
    objective: Objective,
    code: str,
    name: str,
    unit: str,
    comparator: str | None = None,
    accumulation: str = Accumulation.STOCK,
    direction: str | None = None,
    previous: Indicator | None = None,
    definition: str = "",
    unit_label: str = "",
    phase_aggregate: str = "end_value",
) -> Indicator:
    """Create or update the indicator keyed on (phase, code).

    Unless given, the desired direction follows the target's comparator: "không vượt
    quá" wants less.
    """
    if direction is None:
        decreasing = comparator in (Comparator.LTE, Comparator.LT)
        direction = Direction.DECREASE if decreasing else Direction.INCREASE
    indicator = Indicator.objects.filter(phase=objective.phase, code=code).first()
    indicator = indicator or Indicator(code=code)
    indicator.objective = objective
    indicator.name = name
    indicator.unit = unit
    indicator.unit_label = unit_label
    indicator.phase_aggregate = phase_aggregate
    indicator.direction = direction
    indicator.accumulation = accumulation
    indicator.previous = previous
    indicator.definition = definition
    indicator.data_source = ILLUSTRATIVE_SOURCE
    indicator = indicator_save(indicator=indicator)
    return indicator


# Who owned the programmes (DOMAIN.md §4): the DoLISA until the 2025 reorganisation of the
# departments (1 March 2025), then child protection the Sở Y tế, gender equality the Sở
# Nội vụ. Names of the fictional province.
DOLISA = "Sở Lao động – Thương binh và Xã hội tỉnh Minh Hòa (minh họa)"
REORGANISED_ON = datetime.date(2025, 3, 1)


def owners_upsert(programme: Programme, department_from_2025: str) -> None:
    """The programme's owning departments by date: the DoLISA, then `department_from_2025`."""
    wanted = [
        (DOLISA, None, REORGANISED_ON - datetime.timedelta(days=1)),
        (department_from_2025, REORGANISED_ON, None),
    ]
    current = [(o.department, o.valid_from, o.valid_to) for o in programme.owners.all()]
    if current != wanted:
        programme.owners.all().delete()
        for department, valid_from, valid_to in wanted:
            ProgrammeOwner.objects.create(
                programme=programme,
                department=department,
                valid_from=valid_from,
                valid_to=valid_to,
            )
