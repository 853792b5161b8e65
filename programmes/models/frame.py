"""The frame every figure hangs on: programmes, their phases and objectives."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR
from core.text import nfc, search_key
from programmes.models.areas import Area


class Sector(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child protection and care")
    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    SOCIAL_PROTECTION = "social_protection", _("Social protection")
    OTHER = "other", _("Other")


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector)
    area = models.ForeignKey(
        Area,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_('The decision that sets the programme, e.g. "Quyết định 2351/QĐ-TTg".'),
    )
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=300, editable=False)

    history = audit_trail()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_text = search_key(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def owner_on(self, day: datetime.date) -> str:
        """The department that owned the programme on `day` (`ProgrammeOwner`), else the
        installation's default (`DEPARTMENT_NAME`): since 2025 child protection sits with
        the Sở Y tế and gender equality with the Sở Nội vụ, before with the DoLISA."""
        for owner in self.owners.all():
            if (owner.valid_from is None or owner.valid_from <= day) and (
                owner.valid_to is None or day <= owner.valid_to
            ):
                return owner.department
        return settings.DEPARTMENT_NAME


class PlanStatus(models.TextChoices):
    """Where a phase's plan (its targets) stands: agreed plans are fixed until reopened."""

    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class Phase(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="phases"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "2016–2020"'))
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
    )
    # Changed only by the plan's services (approve, reopen with a reason); while
    # `approved` the phase's targets are locked, in the database too.
    plan_status = models.CharField(
        _("plan"), max_length=10, choices=PlanStatus, default=PlanStatus.DRAFT, editable=False
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["programme__code", "start_year"]
        permissions = [
            ("approve_phase", _("Can approve a phase's plan (its targets)")),
            ("reopen_phase", _("Can reopen an approved plan")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="phase_unique_name"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="phase_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=MIN_YEAR, end_year__lte=MAX_YEAR),
                name="phase_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("A phase cannot end before it starts.")
        if self.previous_id and self.programme_id:
            if self.previous.programme_id != self.programme_id:
                errors["previous"] = _("The previous phase must belong to the same programme.")
            elif self.start_year and self.previous.end_year >= self.start_year:
                errors["previous"] = _("The previous phase must end before this one starts.")
        if errors:
            raise ValidationError(errors)

    def contains_year(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @property
    def plan_is_approved(self) -> bool:
        return self.plan_status == PlanStatus.APPROVED


class Objective(models.Model):
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="objectives"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)

    history = audit_trail()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["phase", "number"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "number"], name="objective_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="objective_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Objective %(number)s: %(title)s") % {"number": self.number, "title": self.title}
