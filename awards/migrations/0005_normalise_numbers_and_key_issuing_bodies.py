"""Store every decision's number as Nghị định 30/2020 writes it and key its issuing body.

"5/QĐ-UBND" becomes "05/QĐ-UBND"; the issuing body's key is its name compared as
`awards.models.issuer_key` compares it. The rules are copied here, as they stand today,
so that this migration does the same thing whatever the code becomes. If two decisions
turn out to share a number in one body and year, the migration stops and names them:
someone has to decide which number is wrong.
"""

import re
import unicodedata

from django.db import migrations

SERIAL_RE = re.compile(r"^0*([0-9]+)/")
LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")
SECOND_VOWEL_TONE = re.compile("([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])(?!\\w)")
ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\blđtbxh\b"), "lao động - thương binh và xã hội"),
)
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})
SPACED_DASH = re.compile(r"\s*-\s*")


def normalise_number(number: str) -> str:
    text = "".join(unicodedata.normalize("NFC", number).translate(LOOKALIKES).split())
    match = SERIAL_RE.match(text)
    if match is None or int(match.group(1)) == 0:
        return text
    return f"{int(match.group(1)):02d}{text[match.end(1) :]}"


def issuer_key(name: str) -> str:
    cleaned = (name or "").translate(INVISIBLE).translate(SPACES)
    decomposed = unicodedata.normalize("NFD", " ".join(cleaned.casefold().split()))
    key = unicodedata.normalize("NFC", SECOND_VOWEL_TONE.sub(r"\1\3\2", decomposed))
    for pattern, full in ABBREVIATIONS:
        key = pattern.sub(full, key)
    return SPACED_DASH.sub(" - ", key.translate(DASHES))


def normalise(apps, schema_editor) -> None:
    AwardDecision = apps.get_model("awards", "AwardDecision")
    decisions = list(AwardDecision.objects.order_by("pk"))
    seen: dict[tuple[str, int, str], str] = {}
    clashes = []
    for decision in decisions:
        decision.number = normalise_number(decision.number)
        decision.issuer_key = issuer_key(decision.issuer_name)
        key = (decision.issuer_key, decision.year, decision.number)
        if key in seen:
            clashes.append(f"{seen[key]} and #{decision.pk} ({decision.number}, {decision.year})")
        seen[key] = f"#{decision.pk}"
    if clashes:
        raise RuntimeError(
            "These award decisions share a number in one issuing body and year once their "
            "numbers are written as Nghị định 30/2020 writes them; correct one of each pair "
            "and migrate again: " + "; ".join(clashes)
        )
    AwardDecision.objects.bulk_update(decisions, ["number", "issuer_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_issuing_body_and_levels_above_the_province"),
    ]

    operations = [
        # Backwards, the key column goes with 0004 and a number with its leading zero
        # is a valid number under the old rules too: nothing to undo.
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
