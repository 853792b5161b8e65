"""Reporting periods as DHIS2 writes them: a year ("2020") or a half-year ("2020S1", "2020S2").

Care-model reports and figures (the indicators app) share these helpers; the indicators
add a ValidationError for a malformed period on top. The years any phase, figure or
decision may have are bounded here too, so every app and filter checks the same range.
"""

import datetime
import re

from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1945
MAX_YEAR = 2100
PERIOD_PATTERN = r"^[0-9]{4}(S[12])?$"
PERIOD_RE = re.compile(PERIOD_PATTERN)
PERIOD_MALFORMED = _(
    'Write the period as a year ("2020") or a half-year ("2020S1" or "2020S2"); got "%(period)s".'
)


def is_period(period: object) -> bool:
    return isinstance(period, str) and bool(PERIOD_RE.match(period))


def period_year(period: str) -> int:
    """The year of a well-formed period."""
    return int(period[:4])


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a well-formed year or half-year."""
    year = period_year(period)
    if period.endswith("S1"):
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if period.endswith("S2"):
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlapping_periods(period: str) -> list[str]:
    """The other periods that cover part of `period`: a year and its two halves overlap."""
    year = str(period_year(period))
    if period == year:
        return [f"{year}S1", f"{year}S2"]
    return [year]
