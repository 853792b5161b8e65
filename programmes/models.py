"""The frame every figure hangs on: areas, programmes, their phases and objectives; and the
care models for children in special circumstances, their reports, partners and contributions.

Care-model records are counts only: nothing here describes an individual child.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR, PERIOD_PATTERN, period_year
from core.text import nfc, search_key
from core.tree import subtree_q
from programmes.roles import area_scope, scope_q


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AreaKind(models.TextChoices):
    """What a unit is called in law (its "loại"), beside the tier it sits on (`AreaLevel`)."""

    PROVINCE = "province", pgettext_lazy("area kind", "Province")
    MUNICIPALITY = "municipality", pgettext_lazy("area kind", "Centrally-run city")
    URBAN_DISTRICT = "urban_district", pgettext_lazy("area kind", "Urban district")
    RURAL_DISTRICT = "rural_district", pgettext_lazy("area kind", "Rural district")
    DISTRICT_TOWN = "district_town", pgettext_lazy("area kind", "Town")
    PROVINCIAL_CITY = "provincial_city", pgettext_lazy("area kind", "Provincial city")
    COMMUNE = "commune", pgettext_lazy("area kind", "Commune")
    WARD = "ward", pgettext_lazy("area kind", "Ward")
    TOWNSHIP = "township", pgettext_lazy("area kind", "Township")
    SPECIAL_ZONE = "special_zone", pgettext_lazy("area kind", "Special zone")


# The kinds each level may take; an area of unknown kind leaves it blank.
KINDS_BY_LEVEL = {
    AreaLevel.PROVINCE: [AreaKind.PROVINCE, AreaKind.MUNICIPALITY],
    AreaLevel.DISTRICT: [
        AreaKind.URBAN_DISTRICT,
        AreaKind.RURAL_DISTRICT,
        AreaKind.DISTRICT_TOWN,
        AreaKind.PROVINCIAL_CITY,
    ],
    AreaLevel.COMMUNE: [
        AreaKind.COMMUNE,
        AreaKind.WARD,
        AreaKind.TOWNSHIP,
        AreaKind.SPECIAL_ZONE,
    ],
}


def _kind_fits_level() -> Q:
    fits = Q(kind="")
    for level, kinds in KINDS_BY_LEVEL.items():
        fits |= Q(level=level, kind__in=[kind.value for kind in kinds])
    return fits


class AreaQuerySet(models.QuerySet):
    def valid_in_year(self, year: int) -> "AreaQuerySet":
        """Areas that existed at some point of `year`."""
        return self.valid_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def valid_between(self, start: datetime.date, end: datetime.date) -> "AreaQuerySet":
        """Areas whose validity overlaps the period from `start` to `end`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )

    def in_tree_of(self, area: "Area") -> "AreaQuerySet":
        """`area` and every area below it."""
        return self.filter(subtree_q("path", area.path))

    def writable_by(self, user) -> "AreaQuerySet":
        """Areas whose figures `user` may see and enter (all, unless bound to some)."""
        return self.filter(scope_q(user, "path", write=True))


class Area(models.Model):
    """An administrative unit, valid for a span of dates.

    `code` is ours and unique. `official_code` is the statistics office's code in the
    unit's era: the 2025 reform reused some for different units (new Lào Cai is 15,
    formerly Yên Bái's), so it is not unique across eras. The units `load_units` loads
    take "VN63-" (until 2025-06-30) or "VN34-" (from 2025-07-01) before it as their code.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    official_code = models.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("The statistics office's code of the unit in its era; codes were reused."),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # The units that took this one over (and, reversed, `predecessors`); see AreaSuccession.
    successors = models.ManyToManyField(
        "self",
        through="AreaSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
        blank=True,
    )
    # Materialised path of ids ("/1/7/42/") so that a whole subtree is one indexed query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True)

    objects = AreaQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=_kind_fits_level(),
                name="area_kind_fits_level",
                violation_error_message=_("This kind of unit does not sit at this level."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_text = search_key(self.name)
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for descendant in Area.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                descendant.path = self.path + descendant.path[len(old_path) :]
                descendant.save(update_fields=["path"])

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("An area cannot end before it starts.")})
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "-"):
            raise ValidationError({"parent": _("An area cannot sit inside itself.")})

    def is_valid_between(self, start: datetime.date, end: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )

    def is_valid_in_year(self, year: int) -> bool:
        return self.is_valid_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


class AreaSuccession(models.Model):
    """A unit taken over by another on a date: a merger, a split or a renaming.

    A unit split between several successors has one marked principal: the one its figures
    pass to when they are summed after it closed (DESIGN §4 rule 8).
    """

    predecessor = models.ForeignKey(
        Area,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        Area,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="successions_in",
    )
    date = models.DateField(_("date"), help_text=_("The first day the successor took over."))
    principal = models.BooleanField(
        _("principal successor"),
        default=True,
        help_text=_("The successor a split unit's figures pass to."),
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["date", "predecessor_id", "successor_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="area_succession_not_self",
                violation_error_message=_("A unit cannot succeed itself."),
            ),
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="area_succession_unique_pair",
                violation_error_message=_("This succession is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["predecessor", "date"],
                condition=Q(principal=True),
                name="area_succession_one_principal",
                violation_error_message=_(
                    "A unit has one principal successor on a date; this one has another."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%Y-%m-%d})"


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

    history = audit_trail()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["programme__code", "start_year"]
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


class CareModelKind(models.TextChoices):
    COMMUNITY_REHABILITATION = "community_rehabilitation", _("Community-based rehabilitation")
    FOSTER_CARE = "foster_care", _("Temporary foster care")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training tied to jobs")
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")
    OTHER = "other", _("Other care model")


class SpecialCircumstance(models.TextChoices):
    """The 14 groups of children in special circumstances, Law on Children 2016, Art. 10(1)."""

    ORPHANED_BOTH_PARENTS = "orphaned_both_parents", _("a. Orphaned of both parents")
    ABANDONED = "abandoned", _("b. Abandoned")
    NO_ONE_TO_RELY_ON = "no_one_to_rely_on", _("c. Without anyone to rely on")
    DISABILITY = "disability", _("d. With disabilities")
    HIV_AIDS = "hiv_aids", _("đ. Living with HIV/AIDS")
    CONFLICT_WITH_LAW = "conflict_with_law", _("e. In conflict with the law")
    DRUG_ADDICTION = "drug_addiction", _("g. Addicted to drugs")
    DROPOUT_EARNING_LIVING = (
        "dropout_earning_living",
        _("h. Dropped out to earn a living before completing lower-secondary education"),
    )
    HARMED_BY_VIOLENCE = (
        "harmed_by_violence",
        _("i. Seriously harmed physically or mentally by violence"),
    )
    EXPLOITED = "exploited", _("k. Exploited")
    SEXUALLY_ABUSED = "sexually_abused", _("l. Sexually abused")
    TRAFFICKED = "trafficked", _("m. Trafficked")
    SERIOUS_ILLNESS_POOR_HOUSEHOLD = (
        "serious_illness_poor_household",
        _("n. Seriously or long-term ill, in a poor or near-poor household"),
    )
    MIGRANT_REFUGEE = (
        "migrant_refugee",
        _("o. Migrant or refugee child with unknown parents or without a caregiver"),
    )


class CareModelMeasure(models.TextChoices):
    """What can be counted from care-model reports; each value is a report column."""

    BENEFICIARIES = "beneficiaries", _("children reached")
    FUNCTION_IMPROVED = "function_improved", _("children with improved function")
    PLACEMENTS_ACTIVE = "placements_active", _("foster placements active")
    CHILDREN_REINTEGRATED = "children_reintegrated", _("children reintegrated")
    TRAINED = "trained", _("children trained")
    COMPLETED = "completed", _("children who completed training")
    EMPLOYED = "employed", _("children employed after training")
    SESSIONS = "sessions", _("therapy sessions")
    CONDITION_IMPROVED = "condition_improved", _("children whose condition improved")


# The outcomes that mean something for each kind; the others stay empty.
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    CareModelKind.COMMUNITY_REHABILITATION: ("function_improved",),
    CareModelKind.FOSTER_CARE: ("placements_active", "children_reintegrated"),
    CareModelKind.VOCATIONAL_TRAINING: ("trained", "completed", "employed"),
    CareModelKind.PSYCHOTHERAPY: ("sessions", "condition_improved"),
    CareModelKind.OTHER: (),
}
OUTCOME_FIELDS = (
    "function_improved",
    "placements_active",
    "children_reintegrated",
    "trained",
    "completed",
    "employed",
    "sessions",
    "condition_improved",
)
COUNT_FIELDS = (
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    *OUTCOME_FIELDS,
)
# Outcomes that count children among those reached, so none can exceed the total reached.
OUTCOMES_WITHIN_REACHED = (
    "function_improved",
    "placements_active",
    "children_reintegrated",
    "trained",
    "condition_improved",
)


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
    history = audit_trail()

    class Meta:
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
    history = audit_trail()

    class Meta:
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

    @property
    def funding_total_vnd(self) -> int:
        return (self.state_budget_vnd or 0) + (self.mobilised_vnd or 0)


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
        _("group of special circumstances"), max_length=40, choices=SpecialCircumstance
    )
    children = models.IntegerField(_("children"))

    history = audit_trail()

    class Meta:
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


class PartnerKind(models.TextChoices):
    BUSINESS = "business", _("Business")
    ASSOCIATION = "association", _("Association")
    CHARITY = "charity", _("Charity")
    INDIVIDUAL = "individual", _("Individual")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    STATE_BODY = "state_body", _("State body")


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

    history = audit_trail()

    class Meta:
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
    history = audit_trail()

    class Meta:
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


class AreaAssignment(models.Model):
    """An area whose figures a user may see and enter, with every area below it.

    Only bounds users who are bound at all (data-entry officers, see
    `programmes.roles.area_scope`); set with `python manage.py grant_role`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="area_assignments",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="assignments"
    )

    # Who was given or lost access to which area, and when, stays on record.
    history = audit_trail()

    class Meta:
        verbose_name = _("assigned area")
        verbose_name_plural = _("assigned areas")
        ordering = ["user", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="area_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.area}"
