"""The summaries and the summed roll-up of `Actuals` give exactly the plain rule 1, always.

`indicators.actuals.Actuals` reads the sums of the children's yearly figures from
`ChildSums`, which database triggers keep current, where every child has one, and works
child by child otherwise. Here hypothesis builds random area trees (children that existed
or not in a year, half-years, missing ratios) and random sequences of writes — figures
created, changed, deleted, approved and reopened, whole batches deleted or approved with
one statement, communes moved to another district, units merged, split and renamed
through the reorganisation services — and after every step compares the actual of every
indicator and year, counting every figure and approved ones only, in the province and in
every unit a reorganisation touched, with a plain, query-per-area reading of DESIGN.md §4
rules 1 and 8 written independently below, and the summaries themselves with the figures
added up one by one.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import summaries
from indicators.actuals import Actuals
from indicators.db_guards import reopening_all
from indicators.models import (
    RATE_SCALE,
    Accumulation,
    Measurement,
    MeasurementStatus,
    Sex,
    Unit,
)
from indicators.rules import ratio_value
from indicators.selectors import indicator_progress
from programmes.models import Area, AreaSuccession
from programmes.reorganisations import (
    NewUnit,
    area_merge,
    area_rename,
    area_reparent,
    area_split,
)
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from tests.indicators.summaries import (
    assert_summaries_match,
    empty_summary_rows,
    stored_summaries,
)

pytestmark = pytest.mark.django_db(transaction=False)

YEARS = (2020, 2021)
PERIODS = ("2020", "2020S1", "2020S2", "2021", "2021S1", "2021S2")
KINDS = [
    (Unit.COUNT, Accumulation.FLOW),
    (Unit.PERCENT, Accumulation.STOCK),
    (Unit.PER_1000, Accumulation.FLOW),
    (Unit.MILESTONE, Accumulation.STOCK),
]


def plain_actual(indicator, area, year, approved_only=False):
    """Rules 1 and 8 read literally, one query per area: (value, numerator, denominator)
    or None."""
    figures = Measurement.objects.filter(indicator=indicator, area=area, year=year, sex=Sex.TOTAL)
    if approved_only:
        figures = figures.filter(status=MeasurementStatus.APPROVED)
    rows = {m.period: (m.value, m.numerator, m.denominator) for m in figures}
    if str(year) in rows:
        return rows[str(year)]
    halves = [rows[p] for p in (f"{year}S1", f"{year}S2") if p in rows]
    own = None
    if halves:
        own = halves[-1] if indicator.accumulation == Accumulation.STOCK else None
        own = own or plain_sum(indicator, halves)
    if own is not None:
        return own
    last = datetime.date(year, 12, 31)
    taken_over = [
        s.predecessor
        for s in AreaSuccession.objects.filter(successor=area, principal=True).order_by("pk")
    ]
    if area.valid_from is not None and area.valid_from > last:
        # Asked for a year before it existed: the units it took over, summed.
        return plain_parts(indicator, taken_over, year, approved_only)
    # As the engine has always done: half-years that give no actual (a flow rate without
    # its ratios) count as no figure, and the children roll up: those valid on the
    # year's last day (or the area's own, if it closed before), less those whose figures
    # went to a successor.
    day = last if area.valid_to is None or area.valid_to > last else area.valid_to
    children = [
        child
        for child in Area.objects.filter(parent=area).order_by("pk")
        if child.is_valid_between(day, day) and not passed_on(child, last)
    ]
    rolled = plain_parts(indicator, children, year, approved_only)
    if rolled is not None:
        return rolled
    # Nothing of its own or of its children: the figures of the units it took over.
    absorbed = [unit for unit in taken_over if passed_on(unit, last)]
    return plain_parts(indicator, absorbed, year, approved_only)


def passed_on(area, last) -> bool:
    """Closed before `last` with a principal successor, which its figures count towards."""
    return (
        area.valid_to is not None
        and area.valid_to < last
        and AreaSuccession.objects.filter(predecessor=area, principal=True).exists()
    )


def plain_parts(indicator, areas, year, approved_only):
    parts = [
        part
        for area in areas
        if (part := plain_actual(indicator, area, year, approved_only)) is not None
    ]
    return plain_sum(indicator, parts) if parts else None


def plain_sum(indicator, parts):
    if indicator.unit in (Unit.COUNT, Unit.VND):
        return (sum(value for value, _n, _d in parts), None, None)
    if indicator.unit in RATE_SCALE:
        if any(n is None or d is None for _v, n, d in parts):
            return None
        numerator = sum(n for _v, n, _d in parts)
        denominator = sum(d for _v, _n, d in parts)
        return (
            ratio_value(numerator, denominator, RATE_SCALE[indicator.unit]),
            numerator,
            denominator,
        )
    return None


def build_tree(draw):
    """A province with districts and communes; some of them ended before 2021."""
    province = AreaFactory(code="P", level="province")
    areas = [province]
    ended = datetime.date(2020, 12, 31)
    for d in range(draw(st.integers(0, 3))):
        district = AreaFactory(
            code=f"P-{d}",
            level="district",
            parent=province,
            valid_to=ended if draw(st.booleans()) and draw(st.booleans()) else None,
        )
        areas.append(district)
        for c in range(draw(st.integers(0, 3))):
            areas.append(
                AreaFactory(
                    code=f"P-{d}-{c}",
                    level="commune",
                    parent=district,
                    valid_to=ended if draw(st.integers(0, 4)) == 0 else None,
                )
            )
    return province, areas


def figure_values(draw, indicator):
    """A value, with a ratio for rates most of the time (sometimes without)."""
    if indicator.unit == Unit.MILESTONE:
        return D(draw(st.integers(0, 1))), None, None
    if indicator.unit in RATE_SCALE and draw(st.integers(0, 5)):
        denominator = D(draw(st.integers(1, 5000)))
        numerator = D(draw(st.integers(0, int(denominator))))
        return (
            ratio_value(numerator, denominator, RATE_SCALE[indicator.unit]),
            numerator,
            denominator,
        )
    cents = draw(st.integers(0, 10**7))
    value = D(cents) / 100
    if indicator.unit == Unit.PERCENT:
        value = min(value, D(100))
    return value, None, None


def state(indicator) -> list:
    """What the figures of `indicator` are, for a failure's message."""
    areas = {
        a.pk: (a.code, a.parent_id, a.valid_from, a.valid_to, a.successors.first())
        for a in Area.objects.all()
    }
    return [
        (areas[m.area_id], m.period, m.value, m.numerator, m.denominator)
        for m in Measurement.objects.filter(indicator=indicator).order_by("area_id", "period")
    ]


def reorganised() -> list[Area]:
    """The units a reorganisation closed or opened (the fixture's start on 2000-01-01),
    and every unit with children (each one's roll-up reads its `ChildSums` rows)."""
    touched = (
        Area.objects.exclude(valid_from=datetime.date(2000, 1, 1))
        | Area.objects.filter(successions_out__isnull=False)
        | Area.objects.filter(children__isnull=False)
    )
    return list(touched.distinct().order_by("pk"))


def check(indicators, province, *, progress=False):
    assert_summaries_match()
    roots = {area.pk: area for area in [Area.objects.get(pk=province.pk), *reorganised()]}
    for root in roots.values():
        for approved_only in (False, True):
            actuals = Actuals(
                indicators=indicators, root=root, years=YEARS, approved_only=approved_only
            )
            for indicator in indicators:
                for year in YEARS:
                    got = actuals.get(indicator, root, year)
                    expected = plain_actual(indicator, root, year, approved_only)
                    got = None if got is None else (got.value, got.numerator, got.denominator)
                    assert got == expected, (
                        f"{root.code} {indicator.unit} {year} {state(indicator)}"
                    )
    if not progress:
        return
    province = Area.objects.get(pk=province.pk)  # a reorganisation may have closed it
    for indicator in indicators:
        series = {p.period: p.actual for p in indicator_progress(indicator=indicator).series}
        for year in YEARS:
            expected = plain_actual(indicator, province, year)
            assert series[str(year)] == (expected[0] if expected else None)


def write(draw, indicator, area, period, existing=None) -> None:
    """A new figure, or new values for `existing`, drawn for `indicator`'s unit."""
    value, numerator, denominator = figure_values(draw, indicator)
    figure = existing or Measurement(indicator=indicator, area=area, period=period)
    figure.value, figure.numerator, figure.denominator = value, numerator, denominator
    figure.save()


def reopen(figure) -> None:
    """An approved figure changes only once reopened: the database insists."""
    if figure is not None and figure.status == MeasurementStatus.APPROVED:
        figure.status = MeasurementStatus.DRAFT
        with reopening_all(Measurement):
            figure.save()


def random_history(draw, after_each_step) -> tuple[list, Area]:
    """A random tree, figures on most of it, then random writes, moves and approvals.

    `after_each_step(indicators, province)` runs once the figures are first written and
    after every step.
    """
    province, areas = build_tree(draw)
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2019, end_year=2022)
    objective = ObjectiveFactory(phase=phase)
    indicators = [
        IndicatorFactory(objective=objective, code=f"1.{n}", unit=unit, accumulation=accumulation)
        for n, (unit, accumulation) in enumerate(KINDS)
    ]
    # A start where most areas have their yearly figure, so that many roll-ups are
    # read from the database's sums; then random writes break and restore that.
    for area in areas:
        for indicator in indicators:
            for year in YEARS:
                shape = draw(st.sampled_from(["yearly", "yearly", "yearly", "halves", "none"]))
                periods = {"yearly": [str(year)], "halves": [f"{year}S1", f"{year}S2"]}
                for period in periods.get(shape, []):
                    write(draw, indicator, area, period)
    after_each_step(indicators, province)
    for _step in range(draw(st.integers(1, 8))):
        step(draw, indicators, areas)
        after_each_step(indicators, province)
    return indicators, province


def step(draw, indicators, areas) -> None:
    """One random write: a figure written, deleted, approved or reopened, a batch, a move."""
    indicator = draw(st.sampled_from(indicators))
    area = draw(st.sampled_from(areas))
    period = draw(st.sampled_from(PERIODS))
    action = draw(
        st.sampled_from(
            [
                "write",
                "write",
                "write",
                "delete",
                "approve",
                "reopen",
                "batch",
                "move",
                "reorganise",
            ]
        )
    )
    existing = Measurement.objects.filter(
        indicator=indicator, area=area, period=period, sex=Sex.TOTAL
    ).first()
    if action == "reorganise":
        reorganise(draw, area, areas)
    elif action == "batch":
        # One statement over many rows, as the bulk upload and the workflow write.
        batch = Measurement.objects.filter(indicator=indicator, period=period)
        if draw(st.booleans()):
            batch.update(status=MeasurementStatus.APPROVED)
        else:
            batch.filter(status=MeasurementStatus.DRAFT).delete()
    elif action == "move":
        districts = [a for a in areas if a.level == "district"]
        if area.level == "commune" and districts:
            area.refresh_from_db()  # a reorganisation may have closed it meanwhile
            area.parent = draw(st.sampled_from(districts))
            area.save()
    elif action == "write":
        reopen(existing)
        write(draw, indicator, area, period, existing)
    elif existing is not None and action == "delete":
        reopen(existing)
        existing.delete()
    elif existing is not None:
        existing.status = (
            MeasurementStatus.APPROVED if action == "approve" else MeasurementStatus.DRAFT
        )
        with reopening_all(Measurement):
            existing.save()


# Reorganisations take effect on these days: mid-year, or on the first day of a year.
REFORM_DAYS = (datetime.date(2020, 7, 1), datetime.date(2021, 1, 1), datetime.date(2021, 7, 1))


def reorganise(draw, area, areas) -> None:
    """`area` merged with a sibling, split, renamed or moved to another parent, by the
    services; a reorganisation they refuse (a unit already closed, a parent closing)
    changes nothing. The triggers then sum again the parents whose counted children
    changed, which `check` compares with the plain rule 8 after every step."""
    on = draw(st.sampled_from(REFORM_DAYS))
    kind = draw(st.sampled_from(["merge", "split", "rename", "move"]))
    code = f"{area.code}{kind[0]}{len(areas)}"
    area.refresh_from_db()
    siblings = [a for a in areas if a.level == area.level and a.pk != area.pk]
    try:
        if kind == "merge" and siblings:
            other = draw(st.sampled_from(siblings))
            other.refresh_from_db()
            opened = [
                area_merge(
                    areas=[area, other],
                    into_code=code,
                    into_name=code,
                    kind="",
                    parent=area.parent,
                    on=on,
                    user=None,
                    reason="test",
                )
            ]
        elif kind == "split":
            into = [NewUnit(f"{code}a", f"{code}a", parent=area.parent)]
            into.append(
                draw(st.sampled_from(siblings))
                if siblings and draw(st.booleans())
                else NewUnit(f"{code}b", f"{code}b", parent=area.parent)
            )
            principal = draw(st.sampled_from([unit.code for unit in into]))
            successors = area_split(
                area=area, into=into, principal=principal, on=on, user=None, reason="test"
            )
            opened = [unit for unit in successors if unit.code.startswith(code)]
        elif kind == "move":
            # To another unit of its parent's level (a closed one is refused), or out of
            # the tree's root when it has no parent.
            parents = [a for a in areas if area.parent and a.level == area.parent.level]
            if not parents:
                return
            parent = draw(st.sampled_from(parents))
            parent.refresh_from_db()
            area_reparent(area=area, parent=parent, on=on, user=None, reason="test")
            opened = []
        else:
            opened = [area_rename(area=area, name=code, code=code, on=on, user=None, reason="t")]
    except ValidationError:
        return
    areas.extend(opened)


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_summed_roll_up_equals_the_plain_rule_after_random_writes(data):
    with transaction.atomic():
        indicators, province = random_history(data.draw, check)
        check(indicators, province, progress=True)
        transaction.set_rollback(True)


def rebuild_and_compare(_indicators, _province) -> None:
    """The rebuild writes exactly the rows the triggers keep, less those that sum nothing."""
    kept = stored_summaries()
    written = summaries.rebuild(connection)
    assert stored_summaries() == kept
    assert empty_summary_rows() == 0
    assert written == {
        "IndicatorCount": len(kept[2]),
        "MeasurementCount": len(kept[1]),
        "ChildSums": len(kept[0]),
    }
    assert_summaries_match()


@SETTINGS
@given(data=st.data())
def test_rebuild_gives_the_rows_the_triggers_keep_after_random_writes(data):
    """After every step a rebuild; the next steps' triggers then work on rebuilt rows."""
    with transaction.atomic():
        random_history(data.draw, rebuild_and_compare)
        transaction.set_rollback(True)
