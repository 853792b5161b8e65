"""The phase review report (báo cáo tổng kết): the officer's words and, once issued, its numbers.

A report is a draft until it is issued. Issuing stores a snapshot of every number the
document shows (`reports.snapshot`), after which nothing about the report changes and
its documents are rendered from that snapshot alone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import MAX_YEAR, MIN_YEAR, Area, Phase
from reports.formats import is_document_number, normalise_number


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class Figures(models.TextChoices):
    APPROVED = "approved", _("approved figures only")
    ALL = "all", _("all figures, drafts included")


# The parts of the report the officer writes; the system writes the rest.
SECTION_KEYS = ("achievements", "limitations", "causes", "lessons", "directions", "recommendations")
SECTION_LABELS = {
    "achievements": _("Achievements"),
    "limitations": _("Limitations"),
    "causes": _("Causes"),
    "lessons": _("Lessons learnt"),
    "directions": _("Directions for the next phase"),
    "recommendations": _("Recommendations"),
}
RECIPIENT_KEYS = ("to", "copies")

YEAR_OUTSIDE_PHASE = _("The year %(year)s is outside the phase %(phase)s (%(start)s–%(end)s).")
AREA_OUTSIDE_PROGRAMME = _(
    "%(area)s is outside the programme's jurisdiction %(jurisdiction)s; choose it or an area "
    "below it."
)
SECTIONS_SHAPE = _(
    "Give the sections as an object whose keys are among: %(keys)s, each with a text."
)
NUMBER_MALFORMED = _('Write the number and symbol as the decree does, e.g. "25/BC-SLĐTBXH".')
RECIPIENTS_SHAPE = _(
    'Give the recipients as an object {"to": [...], "copies": [...]}: the addressees '
    "(Kính gửi) and the other recipients (Nơi nhận), each a list of texts."
)


def empty_sections() -> dict:
    return dict.fromkeys(SECTION_KEYS, "")


def empty_recipients() -> dict:
    return {"to": [], "copies": []}


class ReviewReport(models.Model):
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="review_reports"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="review_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year judged."))
    figures = models.CharField(
        _("figures"), max_length=8, choices=Figures, default=Figures.APPROVED
    )
    number = models.CharField(
        _("number and symbol"), max_length=50, blank=True, help_text=_('e.g. "25/BC-SLĐTBXH"')
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_('e.g. "Minh Hòa"'))
    issued_on = models.DateField(_("date"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=empty_recipients, blank=True)
    parent_body = models.CharField(
        _("parent body"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Ủy ban nhân dân tỉnh Minh Hòa"'),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Sở Lao động – Thương binh và Xã hội"'),
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(
        _("signer's capacity"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" (" / " starts a new line)'),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus, default=ReportStatus.DRAFT, editable=False
    )
    sections = models.JSONField(_("sections"), default=empty_sections, blank=True)
    # Every number the document shows, frozen when the report is issued (None before).
    snapshot = models.JSONField(_("frozen numbers"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    # The snapshot is kept once, on the report: history rows record who changed what.
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True), excluded_fields=["snapshot"]
    )

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-year", "phase", "area", "pk"]
        permissions = [("issue_reviewreport", _("Can issue review reports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="reviewreport_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(figures__in=Figures.values), name="reviewreport_figures_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="reviewreport_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT)
                | (Q(snapshot__isnull=False, issued_on__isnull=False) & ~Q(number="")),
                name="reviewreport_issued_is_complete",
                violation_error_message=_(
                    "An issued report needs its number, its date and its frozen numbers."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = self.number or _("draft")
        return f"{label} · {self.phase} · {self.area}"

    def clean(self) -> None:
        errors = {}
        self.number = normalise_number(self.number)
        if self.number and not is_document_number(self.number):
            errors["number"] = NUMBER_MALFORMED
        if self.phase_id and self.year and not self.phase.contains_year(self.year):
            errors["year"] = YEAR_OUTSIDE_PHASE % {
                "year": self.year,
                "phase": self.phase.name,
                "start": self.phase.start_year,
                "end": self.phase.end_year,
            }
        if self.phase_id and self.area_id:
            jurisdiction = self.phase.programme.area
            if not self.area.path.startswith(jurisdiction.path):
                errors["area"] = AREA_OUTSIDE_PROGRAMME % {
                    "area": self.area.name,
                    "jurisdiction": jurisdiction.name,
                }
        if not _is_text_map(self.sections, SECTION_KEYS, str):
            errors["sections"] = SECTIONS_SHAPE % {"keys": ", ".join(SECTION_KEYS)}
        if not _is_text_map(self.recipients, RECIPIENT_KEYS, list) or not all(
            isinstance(line, str) for lines in self.recipients.values() for line in lines
        ):
            errors["recipients"] = RECIPIENTS_SHAPE
        if errors:
            raise ValidationError(errors)

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    @property
    def approved_only(self) -> bool:
        return self.figures == Figures.APPROVED


def _is_text_map(value, keys: tuple[str, ...], kind: type) -> bool:
    """True for a dict whose keys are among `keys` and whose values are all of `kind`."""
    return isinstance(value, dict) and all(
        key in keys and isinstance(item, kind) for key, item in value.items()
    )
