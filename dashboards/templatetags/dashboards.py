"""Numbers with their units, localised, for the dashboard templates."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url

from indicators.formatting import format_change, format_value
from indicators.models import Unit

register = template.Library()


@register.filter
def unit_value(value: Decimal | None, unit: str) -> str:
    """32,9% · 116,2 per 100 · 1,7 times · 52 per 100,000, in the active language."""
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


@register.simple_tag(takes_context=True)
def default_language_path(context) -> str:
    """The current page's URL in the default language (Vietnamese: no prefix).

    The language switch posts this as `next`: Django's set_language translates it into
    the chosen language, but cannot resolve an /en/ URL while the default language is
    active (which it is on /i18n/setlang/, outside the prefixed patterns).
    """
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
