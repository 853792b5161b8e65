"""The frame every figure hangs on: areas, programmes, their phases and objectives, and
the areas each user is assigned. Care models live in their own app, `care`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR
from core.text import nfc, search_key
from core.tree import subtree_q
from programmes.roles import scope_q


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
        """Save with this area's own path; the areas below it are `area_move`'s business."""
        self.name = nfc(self.name)
        self.search_text = search_key(self.name)
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        super().save(*args, **kwargs)

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


# The owners need `Programme` above; imported last, as the models of one module.
from programmes.owners import ProgrammeOwner  # noqa: E402, F401
