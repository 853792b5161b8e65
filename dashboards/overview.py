"""The progress overview at any scale: every programme's phases judged set-wise.

`programmes_overview` gives each programme its phases' scorecards, for a national user
34 provinces' programmes at once, in a fixed number of queries whatever the number of
programmes, phases, targets and areas: the scorecards' objectives, targets, units,
sums and rows are each read once for all of them (`scorecards`), then judged by the
same rules as one scorecard (`indicators.selectors.judged_scorecard`). The latest years
with figures and the figures not approved yet are read from the counts the database
keeps (`MeasurementCount`) instead of the figures themselves.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from core.tree import subtree_q
from dashboards.access import default_area, sees_every_area
from dashboards.selectors import PhaseCard, ProgrammeCard, default_year
from indicators.actuals import Actuals, _child_sums, _plan
from indicators.models import (
    Indicator,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    Sex,
    Target,
)
from indicators.rules import Actual
from indicators.selectors import (
    Scorecard,
    SexActuals,
    chosen_targets,
    judged_scorecard,
    judged_years,
)
from programmes.lineage import _names
from programmes.models import Area, AreaSuccession, Objective, Phase, Programme
from programmes.succession import Lineage, Unit

Judged = tuple[Phase, Area, int]  # a phase, the area and the year it is judged for


PROGRAMMES_PER_PAGE = 6  # a national user follows 34 provinces' programmes: six pages


def visible_programmes(user=None) -> list[tuple[Programme, Area]]:
    """Every programme `user` may follow, with its phases, and the area its scorecards are
    for: the programme's area, or for a user bound to some areas (a data-entry officer)
    the top-most assigned area inside it; a programme with none is left out
    (`dashboards.access.default_area`). Two queries."""
    programmes = Programme.objects.select_related("area").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("start_year"))
    )
    found = []
    for programme in programmes:
        area = programme.area if user is None else default_area(user, programme.area)
        if area is not None:
            found.append((programme, area))
    return found


def programmes_overview(
    user=None,
    approved_only: bool = False,
    programmes: list[tuple[Programme, Area]] | None = None,
) -> list[ProgrammeCard]:
    """Each programme with each phase's scorecard for its area (`visible_programmes`,
    or those given: a page of them).

    With `approved_only` only approved figures count; each card says how many figures
    behind it are not approved yet either way. A fixed number of queries, whatever the
    number of programmes, phases, targets and areas.
    """
    if programmes is None:
        programmes = visible_programmes(user)
    areas = {programme.pk: area for programme, area in programmes}
    programmes = [programme for programme, _area in programmes]
    phases = [phase for programme in programmes for phase in programme.phases.all()]
    latest = latest_years(phases, user=user)
    today = timezone.localdate()
    judged = [
        (phase, areas[programme.pk], default_year(phase, latest, today))
        for programme in programmes
        for phase in programme.phases.all()
    ]
    # The page shows the counts, not each target's explanation.
    lineages = lineages_around([area for _phase, area, _year in judged])
    cards_by_phase = scorecards(
        judged, lineages=lineages, approved_only=approved_only, explain=False
    )
    unapproved = unapproved_by_phase(judged, lineages)
    cards = []
    for programme in programmes:
        card = ProgrammeCard(programme=programme, area=areas[programme.pk])
        for phase in programme.phases.all():
            card.phases.append(
                PhaseCard(
                    phase=phase,
                    scorecard=cards_by_phase[phase.pk],
                    unapproved=unapproved.get(phase.pk, 0),
                )
            )
        cards.append(card)
    return cards


# The years and the figures not approved yet, from the counts


def latest_years(phases: Iterable[Phase], user=None) -> dict[int, int]:
    """For each phase, the latest year within it that has any figure `user` may see
    (every figure without a user); one query. For whoever sees every area: each
    indicator's latest year read backwards from the index on (indicator, year), a few
    index pages per indicator instead of every figure or count of the phase; a user
    bound to some areas reads the figures of those areas."""
    phases = list(phases)
    if not phases:
        return {}
    spans = {phase.pk: (phase.start_year, phase.end_year) for phase in phases}
    if user is None or sees_every_area(user):
        newest = (
            Measurement.objects.filter(
                indicator=OuterRef("pk"),
                year__gte=OuterRef("phase__start_year"),
                year__lte=OuterRef("phase__end_year"),
            )
            .order_by("-year")
            .values("year")[:1]
        )
        rows = (
            Indicator.objects.filter(phase__in=phases)
            .order_by()
            .values_list("phase_id")
            .annotate(year=Subquery(newest))
        )
    else:
        rows = (
            Measurement.objects.visible_to(user)
            .filter(indicator__phase__in=phases)
            .order_by()
            .values_list("indicator__phase", "year")
            .distinct()
        )
    latest: dict[int, int] = {}
    for phase_id, year in rows:
        start, end = spans[phase_id]
        if year is not None and start <= year <= end and year > latest.get(phase_id, 0):
            latest[phase_id] = year
    return latest


def unapproved_by_phase(judged: list[Judged], lineages: dict[int, Lineage]) -> dict[int, int]:
    """For each phase, how many figures in its area's tree, up to the year it is judged
    on, are not approved yet (two queries for all phases): the counts the database keeps
    per parent area give every figure below the area, and the area's own figures are
    counted. `lineages`: each area's units (`lineages_around`), to know its tree."""
    if not judged:
        return {}
    roots = {phase.pk: (area, year) for phase, area, year in judged}
    trees = {
        area.pk: {u.pk for u in lineages[area.pk].units.values() if u.path.startswith(area.path)}
        for area, _year in roots.values()
    }
    parents = {pk for area, _y in roots.values() for pk in lineages[area.pk].parents()}
    counts: dict[int, int] = defaultdict(int)
    below = (
        MeasurementCount.objects.filter(indicator__phase__in=roots, parent_key__in=parents)
        .exclude(status=MeasurementStatus.APPROVED)
        .order_by()
        .values_list("indicator__phase", "parent_key", "year")
        .annotate(n=Sum("figures"))
    )
    own = (
        Measurement.objects.filter(
            indicator__phase__in=roots, area_id__in={area.pk for area, _y in roots.values()}
        )
        .exclude(status=MeasurementStatus.APPROVED)
        .order_by()
        .values_list("indicator__phase", "area_id", "year")
        .annotate(n=Count("id"))
    )
    for phase_id, parent_id, year, n in below:
        area, until = roots[phase_id]
        if parent_id in trees[area.pk] and year <= until:
            counts[phase_id] += n
    for phase_id, area_id, year, n in own:
        area, until = roots[phase_id]
        if area_id == area.pk and year <= until:
            counts[phase_id] += n
    return dict(counts)


# Scorecards, set-wise


def scorecards(
    judged: list[Judged],
    *,
    lineages: dict[int, Lineage] | None = None,
    approved_only: bool = False,
    explain: bool = True,
) -> dict[int, Scorecard]:
    """Each phase's scorecard for its area and year, by phase id, as `phase_scorecard`
    gives it one at a time, in six queries for all of them: objectives, targets, the
    units (rule 8), the database's sums, the rows of the roll-ups the sums do not
    answer, and the figures by sex (`explain`: with each target's explanation). A read reaching past what was planned (a successor
    with no figure, turning to the units it took over) costs one query more, as alone."""
    if not judged:
        return {}
    objectives: dict[int, list[Objective]] = defaultdict(list)
    for objective in Objective.objects.filter(phase__in=[p for p, _a, _y in judged]).order_by(
        "number"
    ):
        objectives[objective.phase_id].append(objective)
    targets: dict[int, list[Target]] = defaultdict(list)
    wanted = reduce(or_, (Q(indicator__phase=p, area=a) for p, a, _y in judged))
    for target in Target.objects.filter(wanted).select_related("indicator").order_by():
        targets[target.indicator.phase_id].append(target)
    plans = []
    for phase, area, year in judged:
        chosen = chosen_targets(objectives[phase.pk], targets[phase.pk], year)
        plans.append((phase, area, year, chosen, judged_years(chosen, year)))
    if lineages is None:
        lineages = lineages_around([area for _p, area, _y, _c, _ys in plans])
    totals = many_actuals(
        [
            ([ts[0].indicator for ts in chosen if ts[0].sex == Sex.TOTAL], area, years)
            for _p, area, _y, chosen, years in plans
        ],
        lineages,
        approved_only,
    )
    by_sex = many_sex_actuals(
        [([t for ts in chosen for t in ts], area, years) for _p, area, _y, chosen, years in plans],
        lineages,
        approved_only,
    )
    return {
        phase.pk: judged_scorecard(
            phase=phase,
            area=area,
            year=year,
            objectives=objectives[phase.pk],
            chosen=chosen,
            actuals=actuals,
            by_sex=sexes,
            explain=explain,
        )
        for (phase, area, year, chosen, _years), actuals, sexes in zip(
            plans, totals, by_sex, strict=True
        )
    }


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
