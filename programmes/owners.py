"""Which department owns a programme, by date (DOMAIN.md §4: since 2025 child protection
sits with the Sở Y tế and gender equality with the Sở Nội vụ; before, with the DoLISA)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from programmes.models import Programme

OWNER_DATES_OUT_OF_ORDER = _("A department's end date cannot come before its start date.")


class ProgrammeOwner(models.Model):
    """The department that owns a programme for a span of dates (DOMAIN.md §4)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="owners"
    )
    department = models.CharField(
        _("owning department"),
        max_length=300,
        help_text=_('As documents name it, e.g. "Sở Y tế tỉnh Minh Hòa".'),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = audit_trail()

    class Meta:
        verbose_name = _("owning department")
        verbose_name_plural = _("owning departments")
        ordering = ["programme", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="programme_owner_dates_in_order",
                violation_error_message=OWNER_DATES_OUT_OF_ORDER,
            )
        ]

    def __str__(self) -> str:
        return self.department
