"""Care models for children in special circumstances: each deployment of a model in an
area, its periodic reports (with the children reached by group of Art. 10), the partners
who fund or support models and programmes, and their contributions.

Records are counts only: nothing here describes an individual child. The tables keep the
names they had when these models lived in `programmes` (see migration 0001).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from care.choices import (
    CHILD_GROUP_CHOICES,
    COUNT_FIELDS,
    OUTCOMES_WITHIN_REACHED,
    CareModelKind,
    PartnerKind,
)
from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR, PERIOD_PATTERN, period_year
from core.text import nfc
from core.tree import subtree_q
from programmes.models import Area, Programme
from programmes.roles import area_scope, scope_q


class CareModelQuerySet(models.QuerySet):
    def running_in_year(self, year: int) -> "CareModelQuerySet":
        """Models that ran at some point of `year`."""
        return self.filter(
            Q(started_on__lte=datetime.date(year, 12, 31)),
            Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1)),
        )

    def in_area_tree(self, area: Area) -> "CareModelQuerySet":
        """Models in `area` and every area below it."""
        return self.filter(subtree_q("area__path", area.path))


class CareModel(models.Model):
    """One deployment of a care model (mô hình) in an area, e.g. foster care in a commune."""

    kind = models.CharField(_("kind"), max_length=30, choices=CareModelKind)
    name = models.CharField(_("name"), max_length=300)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="care_models"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_models",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    implementing_agency = models.CharField(_("implementing agency"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    objects = CareModelQuerySet.as_manager()
    history = audit_trail(table_name="programmes_historicalcaremodel")

    class Meta:
        db_table = "programmes_caremodel"
        verbose_name = _("care model")
        verbose_name_plural = _("care models")
        ordering = ["kind", "area__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="care_model_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        super().save(*args, **kwargs)

    def runs_during(self, start: datetime.date, end: datetime.date) -> bool:
        return self.started_on <= end and (self.ended_on is None or self.ended_on >= start)


def _not_negative(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
        name=f"care_model_report_{name}_not_negative",
    )


def _at_most(part: str, whole: str) -> models.CheckConstraint:
    short = "reached" if whole == "beneficiaries_total" else whole
    return models.CheckConstraint(
        condition=Q(**{f"{part}__isnull": True})
        | Q(**{f"{whole}__isnull": True})
        | Q(**{f"{part}__lte": models.F(whole)}),
        name=f"care_model_report_{part}_within_{short}",
    )


class CareModelReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CareModelReportQuerySet":
        """Reports of models in `user`'s areas (all, unless the user is bound to some)."""
        return self.filter(scope_q(user, "care_model__area__path"))


class CareModelReport(models.Model):
    """What a care model did in a year or half-year: children reached, outcomes, funding."""

    care_model = models.ForeignKey(
        CareModel, verbose_name=_("care model"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(
        _("period"), max_length=6, help_text=_('A year ("2020") or a half-year ("2020S1").')
    )
    # The year of `period`, kept as a column so reports sum by year in the database.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    beneficiaries_female = models.IntegerField(_("girls reached"))
    beneficiaries_male = models.IntegerField(_("boys reached"))
    beneficiaries_total = models.IntegerField(
        _("children reached"), blank=True, help_text=_("Girls + boys; computed when left empty.")
    )
    function_improved = models.IntegerField(
        _("children with improved function"), null=True, blank=True
    )
    placements_active = models.IntegerField(_("foster placements active"), null=True, blank=True)
    children_reintegrated = models.IntegerField(_("children reintegrated"), null=True, blank=True)
    trained = models.IntegerField(_("children trained"), null=True, blank=True)
    completed = models.IntegerField(_("children who completed training"), null=True, blank=True)
    employed = models.IntegerField(_("children employed after training"), null=True, blank=True)
    sessions = models.IntegerField(_("therapy sessions"), null=True, blank=True)
    condition_improved = models.IntegerField(
        _("children whose condition improved"), null=True, blank=True
    )
    state_budget_vnd = models.BigIntegerField(_("state budget (VND)"), default=0)
    mobilised_vnd = models.BigIntegerField(
        _("mobilised funds (VND)"),
        default=0,
        help_text=_("Money from businesses, associations, charities and individuals."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = CareModelReportQuerySet.as_manager()
    history = audit_trail(table_name="programmes_historicalcaremodelreport")

    class Meta:
        db_table = "programmes_caremodelreport"
        verbose_name = _("care model report")
        verbose_name_plural = _("care model reports")
        ordering = ["care_model", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["care_model", "period"], name="care_model_report_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN), name="care_model_report_period_format"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="care_model_report_year_in_range",
            ),
            *(_not_negative(name) for name in COUNT_FIELDS),
            _not_negative("state_budget_vnd"),
            _not_negative("mobilised_vnd"),
            models.CheckConstraint(
                condition=Q(
                    beneficiaries_total=models.F("beneficiaries_female")
                    + models.F("beneficiaries_male")
                ),
                name="care_model_report_total_is_female_plus_male",
            ),
            _at_most("employed", "completed"),
            _at_most("completed", "trained"),
            *(_at_most(name, "beneficiaries_total") for name in OUTCOMES_WITHIN_REACHED),
        ]
        indexes = [models.Index(fields=["year", "care_model"], name="care_model_report_year")]

    def __str__(self) -> str:
        return f"{self.care_model} · {self.period}"

    def save(self, *args, **kwargs) -> None:
        self.year = period_year(self.period)
        super().save(*args, **kwargs)


class CareModelReportGroup(models.Model):
    """How many of the children a report reached belong to one group of Art. 10.

    A child can belong to several groups, so the groups may add up to more than the
    total; no single group can exceed it.
    """

    report = models.ForeignKey(
        CareModelReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    group = models.CharField(
        _("group of special circumstances"), max_length=40, choices=CHILD_GROUP_CHOICES
    )
    children = models.IntegerField(_("children"))

    history = audit_trail(table_name="programmes_historicalcaremodelreportgroup")

    class Meta:
        db_table = "programmes_caremodelreportgroup"
        verbose_name = _("children by group")
        verbose_name_plural = _("children by group")
        ordering = ["report", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "group"], name="care_model_report_group_unique"
            ),
            models.CheckConstraint(
                condition=Q(children__gte=0), name="care_model_report_group_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.children}"


class Partner(models.Model):
    """Whoever funds or supports care models or programmes ("xã hội hóa")."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        help_text=_("Where the partner is based, if local."),
    )
    note = models.TextField(_("note"), blank=True)

    history = audit_trail(table_name="programmes_historicalpartner")

    class Meta:
        db_table = "programmes_partner"
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="partner_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContributionQuerySet":
        """Contributions to care models in `user`'s areas, or to programmes whose area is
        (all, unless the user is bound to some)."""
        if area_scope(user) is None:
            return self
        return self.filter(
            scope_q(user, "care_model__area__path")
            | (Q(care_model__isnull=True) & scope_q(user, "programme__area__path"))
        )


class Contribution(models.Model):
    """Cash or goods a partner gave to one care model or to one programme."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contributions"
    )
    care_model = models.ForeignKey(
        CareModel,
        verbose_name=_("care model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    date = models.DateField(_("date"))
    cash_vnd = models.BigIntegerField(_("cash (VND)"), default=0)
    in_kind_description = models.TextField(_("in kind"), blank=True)

    objects = ContributionQuerySet.as_manager()
    history = audit_trail(table_name="programmes_historicalcontribution")

    class Meta:
        db_table = "programmes_contribution"
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(care_model__isnull=False, programme__isnull=True)
                | Q(care_model__isnull=True, programme__isnull=False),
                name="contribution_to_care_model_or_programme",
            ),
            models.CheckConstraint(
                condition=Q(cash_vnd__gte=0), name="contribution_cash_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(cash_vnd__gt=0) | ~Q(in_kind_description=""),
                name="contribution_cash_or_in_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.date}"


class ChildGroup(models.Model):
    """A group of children in special circumstances as one law defines it, with the dates
    it applies: the 14 groups of the Law on Children 2016 (Art. 10) from 1 June 2017, the
    10 of the 2004 law (Art. 40) before. A report is filed under the groups in force on
    its period's last day. Seeded by a data migration; read, never edited in the app."""

    code = models.CharField(_("code"), max_length=40, unique=True, choices=CHILD_GROUP_CHOICES)
    law = models.CharField(_("law"), max_length=200)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("group of children in special circumstances")
        verbose_name_plural = _("groups of children in special circumstances")
        ordering = ["valid_from", "id"]

    def __str__(self) -> str:
        return str(self.get_code_display())

    def applies_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
