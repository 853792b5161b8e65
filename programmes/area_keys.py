"""Areas named in imports by our `code` or by the statistics office's `official_code`.

An official code is not a key across eras (DOMAIN.md §4: the 2025 reform gave some codes
to other units), so a bare official code is read as the unit that bore it on the last day
of the figure's period: "15" for 2024 is Yên Bái, for 2025 the new Lào Cai, for 2025S1
Yên Bái again. Our `code` is unique and wins when a key is both. The bulk upload of
figures and the Excel/CSV import both resolve their rows here.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import periods
from programmes.models import Area

OFFICIAL_CODE_NAMES_NO_UNIT_THEN = _(
    'The official code "%(code)s" names no unit valid at the end of %(period)s; it names '
    "%(units)s. Give the unit valid then, or our code of the unit you mean."
)
OFFICIAL_CODE_NAMES_SEVERAL = _(
    'The official code "%(code)s" names several units valid at the end of %(period)s: '
    "%(units)s. Give our code of the unit you mean."
)


def _described(areas: Iterable[Area]) -> str:
    """ "Tỉnh Yên Bái (VN63-15, …–2025-06-30)", for a message listing candidates."""
    return "; ".join(
        f"{area.name} ({area.code}, {area.valid_from or '…'}–{area.valid_to or '…'})"
        for area in areas
    )


class AreaKeys:
    """The areas some keys may name, loaded in one query, resolved per period."""

    def __init__(self, keys: Iterable[str]):
        keys = {key for key in keys if key}
        self.by_code: dict[str, Area] = {}
        self.by_official_code: dict[str, list[Area]] = defaultdict(list)
        if not keys:
            return
        found = Area.objects.filter(Q(code__in=keys) | Q(official_code__in=keys))
        for area in found.order_by("valid_from", "code"):
            if area.code in keys:
                self.by_code[area.code] = area
            if area.official_code in keys:
                self.by_official_code[area.official_code].append(area)

    def resolve(self, key: str, period: str) -> tuple[Area | None, str | None]:
        """The area `key` names for `period`; else None and why (None: no such key at all).

        A malformed period is the period's error, reported apart: the key then resolves
        only if it names one unit whatever the period.
        """
        if key in self.by_code:
            return self.by_code[key], None
        candidates = self.by_official_code.get(key, [])
        if not candidates:
            return None, None
        if not periods.is_period(period):
            return (candidates[0], None) if len(candidates) == 1 else (None, None)
        last_day = periods.period_bounds(period)[1]
        valid = [area for area in candidates if area.is_valid_between(last_day, last_day)]
        if len(valid) == 1:
            return valid[0], None
        message = OFFICIAL_CODE_NAMES_SEVERAL if valid else OFFICIAL_CODE_NAMES_NO_UNIT_THEN
        names = {"code": key, "period": period, "units": _described(valid or candidates)}
        return None, str(message % names)
