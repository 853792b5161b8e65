"""Values written as each language writes them, each language's ways looked up once."""

from decimal import Decimal

from django.test import override_settings
from django.utils import translation

from indicators.formatting import LOCALES, format_number, format_value
from indicators.models import Unit


def test_each_language_writes_numbers_and_units_its_own_way():
    values = [
        (Decimal("1234567.891"), Unit.VND, {}),
        (Decimal("36"), Unit.PERCENT, {"decimals": 1}),
        (Decimal("115.25"), Unit.PER_100, {}),
        (Decimal("1"), Unit.MILESTONE, {}),
        (Decimal("-2.5"), Unit.TIMES, {}),
    ]
    written = {}
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            written[language] = [format_value(v, unit, **kw) for v, unit, kw in values]

    assert written == {
        "vi": ["1.234.567,89 đồng", "36,0%", "115,25 trên 100", "đã đạt", "-2,5 lần"],
        "en": ["1,234,567.89 VND", "36.0%", "115.25 per 100", "reached", "-2.5 times"],
    }


def test_a_changed_setting_has_the_languages_looked_up_again():
    with translation.override("en"):
        assert format_number(Decimal("1234.5")) == "1,234.5"
        assert "en" in LOCALES
        with override_settings(NUMBER_GROUPING=2):
            assert LOCALES == {}
