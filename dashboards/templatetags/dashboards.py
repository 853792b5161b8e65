"""Numbers with their units, localised, for the dashboard templates."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dashboards.charts import BETTER, SAME, change_verdict, shown_value
from dashboards.tables import download_query
from indicators.formatting import format_change, format_value
from indicators.models import Indicator, Unit

register = template.Library()


@register.filter
def unit_value(value: Decimal | None, unit: "str | Indicator") -> str:
    """32,9% · 116,2 per 100 · 1,7 times · 52 per 100,000, in the active language; for an
    indicator, always with the same number of decimals (`shown_decimals`): "90,0%" beside
    "92,3%" in one column, never "90%" beside "92,31%"."""
    if isinstance(unit, Indicator):
        return shown_value(value, unit)
    return format_value(value, unit)


@register.filter
def count(value: Decimal | int | None) -> str:
    """A whole count with the language's thousands separator: 1.234 / 1,234."""
    return format_value(None if value is None else Decimal(str(value)), Unit.COUNT)


@register.filter
def vnd(value: Decimal | int | None) -> str:
    return format_value(None if value is None else Decimal(str(value)), Unit.VND)


@register.filter
def percent(value: Decimal | None) -> str:
    return format_value(value, Unit.PERCENT)


@register.filter
def change(value) -> str:
    """A `Change` in its headline kind: "+7,7 percentage points", "−2 points", "+12,5%"."""
    if value is None:
        return "–"
    return format_change(value.headline_value, value.headline)


@register.filter
def verdict(value, indicator) -> str:
    """Whether a change is good news for the indicator's direction, in a symbol, a word
    and a colour (never colour alone): "✓ better", "✗ worse", "= unchanged" (the sign of
    the change already says which way it went)."""
    judged = change_verdict(value, indicator)
    if judged is None:
        return ""
    if judged == SAME:
        symbol, word = "=", _("unchanged")
    elif judged == BETTER:
        symbol, word = "✓", _("better")
    else:
        symbol, word = "✗", _("worse")
    return format_html(
        '<span class="verdict verdict--{}"><span aria-hidden="true">{}</span> {}</span>',
        judged,
        symbol,
        word,
    )


@register.simple_tag(takes_context=True)
def default_language_path(context) -> str:
    """The current page's URL in the default language (Vietnamese: no prefix).

    The language switch posts this as `next`: Django's set_language translates it into
    the chosen language, but cannot resolve an /en/ URL while the default language is
    active (which it is on /i18n/setlang/, outside the prefixed patterns).
    """
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def download_url(context, table_id: str, kind: str) -> str:
    """ "?…&download=csv&table=id": this page's table as a file, the filters kept."""
    return "?" + download_query(context["request"], table_id, kind)


@register.filter
def index(items, position: int):
    """`items[position]`: a table's column beside the cell being written."""
    return items[position]
