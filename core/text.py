"""Text helpers for Vietnamese: NFC normalisation and accent-free search keys."""

import unicodedata


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form Vietnamese text is stored in."""
    return unicodedata.normalize("NFC", text or "").strip()


def search_key(text: str) -> str:
    """Return a lower-case key without diacritics, so "Ha Nam" finds "Hà Nam"."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
