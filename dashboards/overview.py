"""The progress overview at any scale: every programme's phases judged set-wise.

`programmes_overview` gives each programme its phases' scorecards, for a national user
34 provinces' programmes at once, in a fixed number of queries whatever the number of
programmes, phases, targets and areas: the scorecards' objectives, targets, units,
sums and rows are each read once for all of them (`scorecards`), then judged by the
same rules as one scorecard (`indicators.selectors.judged_scorecard`). The latest years
with figures and the figures not approved yet are read from the counts the database
keeps (`MeasurementCount`) instead of the figures themselves.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from dashboards.access import default_area, sees_every_area
from dashboards.selectors import (
    PhaseCard,
    ProgrammeCard,
    default_year,
    tree_tops,
    unapproved_rows,
)
from dashboards.setwise import lineages_around, many_actuals, many_sex_actuals
from indicators.models import (
    Indicator,
    Measurement,
    Sex,
    Target,
)
from indicators.selectors import (
    Scorecard,
    chosen_targets,
    judged_scorecard,
    judged_years,
)
from programmes.models import Area, Objective, Phase, Programme
from programmes.succession import Lineage

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
    """For each phase, how many figures behind its area's numbers, up to the year it is
    judged on, are not approved yet: those of the area's tree and, by succession (rule
    8), of the units it took over (`lineages`: each area's units, `lineages_around`);
    the phase page's count (`unapproved_figures`), for every phase in one query."""
    if not judged:
        return {}
    trees = {
        area.pk: {u.pk: u.parent_id for u in lineages[area.pk].units.values()}
        for _phase, area, _year in judged
    }
    tops = {root: tree_tops(tree) for root, tree in trees.items()}
    roots = {phase.pk: (trees[area.pk], tops[area.pk], year) for phase, area, year in judged}
    rows = unapproved_rows(
        {pk for tree in trees.values() for pk in tree},
        set().union(*tops.values()),
        indicator__phase__in=roots,
    )
    counts: dict[int, int] = defaultdict(int)
    for own, phase_id, area_id, year, n in rows:
        tree, phase_tops, until = roots[phase_id]
        # The rows of this phase's own trees: its units as parents, its tops' own figures.
        if area_id in (phase_tops if own else tree) and year <= until:
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
