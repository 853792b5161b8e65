"""Text helpers for Vietnamese: NFC normalisation, accent-free search keys, CSV for Excel."""

import re
import unicodedata

# Written first in every CSV the app produces: without it Excel reads UTF-8 as the
# Windows code page and garbles Vietnamese.
CSV_BYTE_ORDER_MARK = "\ufeff"


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form Vietnamese text is stored in."""
    return unicodedata.normalize("NFC", text or "").strip()


def search_key(text: str) -> str:
    """Return a lower-case key without diacritics, so "Ha Nam" finds "Hà Nam"."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Characters that keyboards, PDFs and spreadsheets slip into names unseen: zero-width
# spaces and joiners, the word joiner and the byte-order mark vanish; no-break and
# narrow spaces count as spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")
# Two placements of the tone mark are in use for an open "oa", "oe", "uy" at the end of a
# syllable ("Hòa" / "Hoà", "Thủy" / "Thuỷ"); the key takes the mark on the first vowel.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_SECOND_VOWEL_TONE = re.compile(rf"([ou])([aey])([{_TONE_MARKS}])(?!\w)")


def tidy(text: str) -> str:
    """Return `text` in NFC without invisible characters and with single plain spaces.

    What a name is stored as: zero-width characters dropped, no-break spaces as spaces,
    runs of spaces as one, no space at either end.
    """
    cleaned = (text or "").translate(_INVISIBLE).translate(_SPACES)
    return unicodedata.normalize("NFC", " ".join(cleaned.split()))


def identity_key(text: str) -> str:
    """Return the key under which two spellings of one name compare equal.

    `tidy`, case-folded, and with the tone mark of a final "oa", "oe", "uy" on its first
    vowel: "Nguyễn Thị Hoà", "NGUYỄN THỊ HÒA" and "Nguyễn\u00a0Thị Hòa" share a key;
    unlike `search_key`, "Hà" and "Hạ" do not.
    """
    decomposed = unicodedata.normalize("NFD", tidy(text).casefold())
    return unicodedata.normalize("NFC", _SECOND_VOWEL_TONE.sub(r"\1\3\2", decomposed))
