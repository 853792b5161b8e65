"""The set-wise reads behind `dashboards.overview`: the units of rule 8, the roll-up
engine's actuals and the figures by sex for many (indicators, root, years) at once, each in
one query for all of them, as `indicators.actuals.Actuals` and
`indicators.selectors.SexActuals` load them one root at a time (and with their planning:
`_child_sums`, `_plan`)."""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Q

from core.tree import subtree_q
from indicators.actuals import Actuals, _child_sums, _plan
from indicators.models import Measurement, MeasurementStatus, Sex
from indicators.rules import Actual
from indicators.selectors import SexActuals
from programmes.lineage import _names
from programmes.models import Area, AreaSuccession
from programmes.succession import Lineage, Unit


def lineages_around(roots: list[Area]) -> dict[int, Lineage]:
    """`Lineage.around` of each of `roots`, by root id, in one query: the same recursive
    walk (`programmes.lineage.reach_sql`) started from every root at once, each unit
    reached marked with the root it was reached from."""
    roots = list({root.pk: root for root in roots}.values())
    if not roots:
        return {}
    names = _names()
    quote = connection.ops.quote_name
    parent = quote(Area._meta.get_field("parent").column)
    path = quote(Area._meta.get_field("path").column)
    principal = quote(AreaSuccession._meta.get_field("principal").column)
    starts = " UNION ALL ".join(["SELECT CAST(%s AS INTEGER) AS root, %s AS prefix"] * len(roots))
    sql = (
        f"WITH RECURSIVE reach(root, id) AS ("
        f" SELECT s.root, a.id FROM {names['area']} a JOIN ({starts}) s"
        f" ON a.{path} LIKE s.prefix"
        f" UNION SELECT r.root, e.dst FROM reach r JOIN ("
        f"SELECT {names['predecessor']} AS dst, {names['successor']} AS src"
        f" FROM {names['succession']} WHERE {principal} = %s"
        f" UNION ALL SELECT id, {parent} FROM {names['area']} WHERE {parent} IS NOT NULL"
        f") e ON e.src = r.id"
        f") SELECT r.root, a.id, a.{parent}, a.valid_from, a.valid_to, a.{path},"
        f" (SELECT s.{names['successor']} FROM {names['succession']} s"
        f" WHERE s.{names['predecessor']} = a.id AND s.{principal} = %s"
        f" ORDER BY s.date DESC, s.{names['successor']} LIMIT 1)"
        f" FROM reach r JOIN {names['area']} a ON a.id = r.id"
    )
    params = [value for root in roots for value in (root.pk, f"{root.path}%")] + [True, True]
    units: dict[int, list[Unit]] = defaultdict(list)
    successors: dict[int, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for root_id, pk, parent_id, valid_from, valid_to, unit_path, successor_id in cursor:
            unit = Unit(pk, parent_id, _date(valid_from), _date(valid_to), unit_path)
            units[root_id].append(unit)
            if successor_id is not None:
                successors[root_id][pk] = successor_id
    return {root.pk: Lineage(units[root.pk], successors[root.pk]) for root in roots}


def _date(value) -> datetime.date | None:
    """A date as the database driver gives it (SQLite: text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


Request = tuple[list, Area, set[int]]  # indicators (or targets), the root, the years


def many_actuals(
    requests: list[Request], lineages: dict[int, Lineage], approved_only: bool
) -> list[Actuals]:
    """`Actuals` for each (indicators, root, years), in two queries for all of them: the
    sums the database keeps, then the rows the sums do not answer (the engine's own
    plan, `indicators.actuals`). An indicator belongs to one phase and so to one root:
    the rows of all roots are read together and each `Actuals` holds all of them."""
    prepared = []
    all_indicators: dict[int, object] = {}
    parents: set[int] = set()
    years: set[int] = set()
    for indicators, root, wanted_years in requests:
        lineage = lineages[root.pk]
        indicators = {indicator.pk: indicator for indicator in indicators}
        all_indicators.update(indicators)
        parents |= lineage.parents()
        years |= wanted_years
        prepared.append((indicators, root, lineage, set(wanted_years)))
    sums = _child_sums(all_indicators, parents, years, approved_only) if all_indicators else {}
    planned = []
    selections = []
    for indicators, root, lineage, wanted_years in prepared:
        summed, by_row = _plan(indicators, lineage, lineage.parents(), wanted_years, sums, root.pk)
        row_areas = lineage.parents() | {root.pk} | lineage.ancestry(root)
        source = (lineage.tops(), approved_only)
        planned.append((indicators, root, lineage, summed, by_row, row_areas, source))
        if indicators:
            selections.append((source, indicators, wanted_years, row_areas, by_row))
    figures = _many_rows(selections, approved_only)
    result = []
    for indicators, root, lineage, summed, by_row, row_areas, source in planned:
        actuals = Actuals.__new__(Actuals)
        actuals._hold(indicators, root, lineage, figures, sums, summed, by_row, row_areas, source)
        result.append(actuals)
    return result


def _many_rows(selections: list[tuple], approved_only: bool) -> dict:
    """`indicators.actuals._rows` for every root in one query. An indicator belongs to one
    phase and so to one root: the union of the selections reads each root's rows (and
    perhaps a few more of the same trees, which only answer what they would have been
    loaded for), with a plan PostgreSQL makes in a millisecond, not one per root."""
    loaded: dict = defaultdict(dict)
    if not selections:
        return loaded
    paths, indicators, years, areas = set(), set(), set(), set()
    row_indicators, row_years = set(), set()
    for source, wanted, wanted_years, row_areas, by_row in selections:
        paths.update(source[0])
        indicators.update(wanted)
        years.update(wanted_years)
        areas.update(row_areas)
        row_indicators.update(indicator_id for indicator_id, _year in by_row)
        row_years.update(year for _indicator_id, year in by_row)
    rows = Q(area_id__in=areas)
    if row_indicators:
        rows |= Q(indicator_id__in=row_indicators, year__in=row_years)
    figures = (
        Measurement.objects.filter(subtree_q("area__path", paths))
        .filter(indicator_id__in=indicators, year__in=years, sex=Sex.TOTAL)
        .filter(rows)
        .order_by()
    )
    if approved_only:
        figures = figures.filter(status=MeasurementStatus.APPROVED)
    for indicator_id, area_id, year, period, value, numerator, denominator in figures.values_list(
        "indicator_id", "area_id", "year", "period", "value", "numerator", "denominator"
    ):
        loaded[(indicator_id, area_id, year)][period] = Actual(value, numerator, denominator)
    return loaded


def many_sex_actuals(
    requests: list[Request], lineages: dict[int, Lineage], approved_only: bool
) -> list[SexActuals]:
    """`SexActuals` for each (targets, root, years), in one query for all of them."""
    wanted_by_request = [
        {(t.sex, t.indicator_id): t.indicator for t in targets if t.sex != Sex.TOTAL}
        for targets, _root, _years in requests
    ]
    paths, indicators, sexes, years = set(), set(), set(), set()
    for wanted, (_targets, root, wanted_years) in zip(wanted_by_request, requests, strict=True):
        if wanted:
            paths.update(lineages[root.pk].tops())
            indicators.update(i for _s, i in wanted)
            sexes.update(s for s, _i in wanted)
            years.update(wanted_years)
    figures: dict[tuple[str, int], dict] = defaultdict(lambda: defaultdict(dict))
    if indicators:
        rows = (
            Measurement.objects.filter(subtree_q("area__path", paths))
            .filter(indicator_id__in=indicators, sex__in=sexes, year__in=years)
            .order_by()
        )
        if approved_only:
            rows = rows.filter(status=MeasurementStatus.APPROVED)
        for sex, ind, area_id, year, period, value, num, den in rows.values_list(
            "sex", "indicator_id", "area_id", "year", "period", "value", "numerator", "denominator"
        ):
            figures[(sex, ind)][(ind, area_id, year)][period] = Actual(value, num, den)
    result = []
    for wanted, (_targets, root, years) in zip(wanted_by_request, requests, strict=True):
        by_sex = SexActuals.__new__(SexActuals)
        lineage = lineages[root.pk]
        by_sex.by_key = {
            key: Actuals.from_rows(
                indicator=indicator,
                root=root,
                years=years,
                children=lineage.children,
                figures=figures.get(key, {}),
                lineage=lineage,
            )
            for key, indicator in wanted.items()
        }
        result.append(by_sex)
    return result
