"""Rows of a bulk upload, indicators by id or by code and areas by our code or their
official code (`programmes.area_keys`), made into figures."""

from collections.abc import Sequence

from indicators.models import Indicator
from indicators.services.errors import NO_SUCH_AREA, NO_SUCH_INDICATOR, NO_SUCH_INDICATOR_CODE
from indicators.services.figures import FigureInput
from programmes.area_keys import AreaKeys

RowError = tuple[int | None, str, object]  # (row index, field, message)


def figures_from_rows(
    *, rows: Sequence[tuple[int, dict]]
) -> tuple[list[RowError], list[tuple[int, FigureInput]]]:
    """Resolve each row's indicator and area, in three queries in all.

    `rows` are (index, fields) as a row validator gives them: `indicator` (an id) or
    `indicator_code` and `phase`; `area` (our code, or the official code of the unit
    valid at the end of the period); `period`, `sex`, and the numbers and note. Returns the errors as (index, field, message) and the good rows as (index,
    figure).
    """
    by_id, by_code = _indicators(rows)
    areas = AreaKeys(fields["area"] for _index, fields in rows)
    errors: list[RowError] = []
    figures = []
    for index, fields in rows:
        if "indicator" in fields:
            indicator = by_id.get(fields["indicator"])
            if indicator is None:
                errors.append((index, "indicator", NO_SUCH_INDICATOR % {"id": fields["indicator"]}))
        else:
            indicator = by_code.get((fields["phase"], fields["indicator_code"]))
            if indicator is None:
                message = NO_SUCH_INDICATOR_CODE % {
                    "code": fields["indicator_code"],
                    "phase": fields["phase"],
                }
                errors.append((index, "indicator_code", message))
        area, refusal = areas.resolve(fields["area"], fields["period"])
        if area is None:
            refusal = refusal or NO_SUCH_AREA % {"code": fields["area"]}
            errors.append((index, "area", refusal))
        if indicator is None or area is None:
            continue
        figure = FigureInput(
            indicator=indicator,
            area=area,
            period=fields["period"],
            sex=fields["sex"],
            value=fields.get("value"),
            numerator=fields.get("numerator"),
            denominator=fields.get("denominator"),
            note=fields.get("note"),
        )
        figures.append((index, figure))
    return errors, figures


def _indicators(
    rows: Sequence[tuple[int, dict]],
) -> tuple[dict[int, Indicator], dict[tuple[int, str], Indicator]]:
    """The rows' indicators by id, and by (phase, code): one query each, when needed."""
    ids = {fields["indicator"] for _index, fields in rows if "indicator" in fields}
    by_id = Indicator.objects.select_related("phase").in_bulk(ids) if ids else {}
    pairs = {(f["phase"], f["indicator_code"]) for _i, f in rows if "indicator" not in f}
    by_code = {}
    if pairs:
        by_code = {
            (indicator.phase_id, indicator.code): indicator
            for indicator in Indicator.objects.select_related("phase").filter(
                phase_id__in={phase for phase, _code in pairs},
                code__in={code for _phase, code in pairs},
            )
        }
    return by_id, by_code
