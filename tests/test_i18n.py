"""Vietnamese first, English complete: the locale settings and the catalogues."""

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import translation

from indicators.formatting import format_change, format_value
from indicators.services import PERCENT_OVER_100

LOCALE = Path(settings.BASE_DIR) / "locale"


def untranslated_entries(po_file: Path) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy, read straight from a .po file."""
    entries = po_file.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for entry in entries[1:]:  # the first entry is the catalogue's header
        if not entry.strip() or entry.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^"(.*)"$', entry, re.M)[0])
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry, re.M)
        if (
            "#, fuzzy" in entry
            or not msgstrs
            or any(not (a + b.replace('"', "").strip()) for a, b in msgstrs)
        ):
            missing.append(msgid or entry)
    return missing


def test_the_interface_is_vietnamese_first():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE) == ("vi", "Asia/Ho_Chi_Minh")
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_every_message_has_a_vietnamese_translation():
    assert untranslated_entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po") == []


def test_the_compiled_catalogue_is_committed_and_used():
    assert (LOCALE / "vi" / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("vi"):
        assert str(PERCENT_OVER_100) != "A percentage cannot be more than 100."


def test_numbers_follow_the_language():
    with translation.override("vi"):
        assert format_value(Decimal("32.9000"), "percent") == "32,9%"
        assert format_value(Decimal("1234567"), "vnd").startswith("1.234.567")
        assert format_change(Decimal("7.7"), "percentage_points").startswith("+7,7")
    with translation.override("en"):
        assert format_value(Decimal("32.9000"), "percent") == "32.9%"
        assert format_value(Decimal("1234567"), "count") == "1,234,567"
        assert format_change(Decimal("7.7"), "percentage_points") == "+7.7 percentage points"


def test_rolled_up_rates_are_shown_with_at_most_two_decimals():
    assert format_value(Decimal("26.4103"), "percent") == "26.41%"
    assert format_value(Decimal("26.4000"), "percent") == "26.4%"
