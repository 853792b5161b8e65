"""Monitoring indicators ("chỉ tiêu theo dõi"): a phase's indicators without a target.

The scorecard (rule 3) counts only indicators with a target for the area; the phase page
still shows the others, by objective, with their actual for the year judged, so that no
indicator of a phase is out of sight. Four queries whatever the size of the phase.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from indicators.actuals import Actuals
from indicators.models import Indicator
from programmes.models import Area, Phase


@dataclass
class MonitoringLine:
    indicator: Indicator
    actual: Decimal | None
    year: int


def monitoring_lines(
    *,
    phase: Phase,
    area: Area,
    year: int,
    targeted: set[int],
    approved_only: bool = False,
) -> dict[int, list[MonitoringLine]]:
    """The phase's indicators whose ids are not in `targeted`, by objective id, each with
    its actual in `area` for `year` (rule 1; `approved_only` as the scorecard's)."""
    indicators = list(
        Indicator.objects.filter(phase=phase)
        .exclude(pk__in=targeted)
        .select_related("objective")
        .order_by("objective__number", "code")
    )
    if not indicators:
        return {}
    actuals = Actuals(indicators=indicators, root=area, years={year}, approved_only=approved_only)
    lines: dict[int, list[MonitoringLine]] = defaultdict(list)
    for indicator in indicators:
        actual = actuals.get(indicator, area, year)
        lines[indicator.objective_id].append(
            MonitoringLine(indicator, actual.value if actual else None, year)
        )
    return lines
