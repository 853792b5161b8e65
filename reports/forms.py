"""The admin's form of a review report: the JSON parts as plain text boxes.

Addressees and other recipients are one per line; each of the officer's six sections
is a text box of its own. The model's `clean()` (run by the form) checks the rest.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import SECTION_KEYS, SECTION_LABELS, ReviewReport

FRAME_AND_HEADER = [
    "phase",
    "area",
    "year",
    "figures",
    "parent_body",
    "issuing_body",
    "number",
    "place",
    "issued_on",
    "signer_name",
    "signer_title",
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _section(key: str) -> forms.CharField:
    return forms.CharField(
        label=SECTION_LABELS[key], required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewReportForm(forms.ModelForm):
    addressees = forms.CharField(
        label=_("To (Kính gửi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One addressee per line."),
    )
    copies = forms.CharField(
        label=_("Other recipients (Nơi nhận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One per line, after "Như trên", e.g. "Lưu: VT, BĐG".'),
    )

    achievements = _section("achievements")
    limitations = _section("limitations")
    causes = _section("causes")
    lessons = _section("lessons")
    directions = _section("directions")
    recommendations = _section("recommendations")

    class Meta:
        model = ReviewReport
        fields = FRAME_AND_HEADER

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key in SECTION_KEYS:
            if key in self.fields:
                self.fields[key].initial = self.instance.sections.get(key, "")
        recipients = self.instance.recipients or {}
        if "addressees" in self.fields:
            self.fields["addressees"].initial = "\n".join(recipients.get("to", []))
            self.fields["copies"].initial = "\n".join(recipients.get("copies", []))
        # Left empty, they default to the programme's area and the phase's last year.
        for name in ("area", "year"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        phase = cleaned.get("phase")
        if phase is not None:
            cleaned["area"] = cleaned.get("area") or phase.programme.area
            cleaned["year"] = cleaned.get("year") or phase.end_year
            self.instance.area, self.instance.year = cleaned["area"], cleaned["year"]
        cleaned["recipients"] = {
            "to": _lines(cleaned.get("addressees", "")),
            "copies": _lines(cleaned.get("copies", "")),
        }
        cleaned["sections"] = {key: cleaned.get(key, "").strip() for key in SECTION_KEYS}
        # The model's clean(), which the form runs next, checks them with the rest.
        self.instance.recipients = cleaned["recipients"]
        self.instance.sections = cleaned["sections"]
        return cleaned
