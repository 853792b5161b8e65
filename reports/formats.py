"""How an administrative document writes numbers, dates and symbols (Nghị định 30/2020).

Numbers go through Django's localisation (indicators.formatting), so they read 32,9% and
1.234.567 in Vietnamese; the rules here are the decree's own: a day below 10 and the
months January and February take a leading zero ("ngày 05 tháng 01 năm 2021", "ngày 15
tháng 3"), and so does a document number below 10 ("05/BC-SLĐTBXH").
"""

import datetime
import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.formatting import format_change, format_number, format_value, plain_decimal

NUMBER_PATTERN = re.compile(r"^\s*0*(\d+)\s*/\s*(\S.*?)\s*$")


def number_text(value: Decimal | None) -> str | None:
    """A decimal as the snapshot stores it: "32.9", "100", or None."""
    if value is None:
        return None
    return f"{plain_decimal(Decimal(value)):f}"


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def normalise_number(number: str) -> str:
    """ "5/BC-SLĐTBXH" → "05/BC-SLĐTBXH": the serial as the decree writes it.

    Text that is not "serial/symbol" is returned stripped, for the caller to refuse.
    """
    match = NUMBER_PATTERN.match(number or "")
    if not match:
        return (number or "").strip()
    serial, symbol = match.groups()
    return f"{int(serial):02d}/{symbol}"


def is_document_number(number: str) -> bool:
    return bool(NUMBER_PATTERN.match(number or ""))


def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def long_date(date: datetime.date | None) -> str:
    """ "ngày 05 tháng 01 năm 2021"; dots where the date is not set yet."""
    if date is None:
        return _("day … month … year …")
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": day_text(date.day),
        "month": month_text(date.month),
        "year": date.year,
    }


def short_date(date: datetime.date) -> str:
    """ "15/3/2021", "25/01/2021": a date quoted in running text."""
    return f"{day_text(date.day)}/{month_text(date.month)}/{date.year}"


def padded(count: int) -> str:
    """A count below 10 as reports write it in prose: "06 chỉ tiêu", "03 tập thể"."""
    return f"{count:02d}" if 0 < count < 10 else str(count)


def whole(value: int | Decimal) -> str:
    """A whole number with thousands grouped: 1.234 in Vietnamese."""
    return number_format(int(value), use_l10n=True, force_grouping=True)


def money(value: int | Decimal) -> str:
    """ "1.234.567 đồng"."""
    return format_value(Decimal(value), "vnd")


def plain_number(text: str | None) -> str:
    """A snapshot's value without its unit: "35", "1,5"; "–" when missing."""
    return "–" if text is None else format_number(Decimal(text))


def value_text(value: str | None, unit: str, label: str = "", decimals: int | None = None) -> str:
    """A snapshot's value with its unit: "32,9%", "116,2 bé trai/100 bé gái" (the
    indicator's unit label where it has one)."""
    return format_value(decimal_or_none(value), unit, label=label, decimals=decimals)


def change_text(change: dict) -> str:
    """A snapshot's change in its headline kind: "+7,7 điểm phần trăm", "+6,55%"."""
    key = "relative_percent" if change["headline"] == "percent" else "absolute"
    return format_change(Decimal(change[key]), change["headline"])


def lines_of(text: str) -> list[str]:
    """A signer's capacity "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" (or on two lines) as lines."""
    return [line.strip() for line in re.split(r"\s+/\s+|\n", text or "") if line.strip()]


def paragraphs_of(text: str) -> list[str]:
    """An officer's text as paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def in_running_text(name: str) -> str:
    """ "Tỉnh Minh Hòa" → "tỉnh Minh Hòa": a unit's name inside a sentence."""
    return name[:1].lower() + name[1:] if name else name


UNIT_KINDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")


def place_of(area_name: str) -> str:
    """The place a document is dated at: the unit's name without its kind."""
    lowered = area_name.lower()
    for kind in UNIT_KINDS:
        if lowered.startswith(kind + " "):
            return area_name[len(kind) + 1 :]
    return area_name
