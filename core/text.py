"""Text helpers for Vietnamese: NFC normalisation, accent-free search keys, CSV for Excel."""

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
