"""The frame every figure hangs on: areas, programmes, their phases and objectives, and
the areas each user is assigned. Care models live in their own app, `care`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR
from core.text import nfc, search_key
from core.tree import subtree_q
from programmes.roles import scope_q


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


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
        return self.filter(scope_q(user, "path"))


class Area(models.Model):
    """An administrative unit, valid for a span of dates.

    Codes are official where the unit has one, but the 2025 reform reused some official
    codes for different units, so the code here must stay unique across eras.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel)
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
