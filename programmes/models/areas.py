"""Areas: the province's tree, its successions, and the areas each user is assigned."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import audit_trail
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
