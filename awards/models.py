"""Award forms, the decisions that grant them and the recipients each decision names."""

import datetime
import re
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from core.text import identity_key, nfc, search_key
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Phase, Programme

# "163/QĐ-UBND", "05/QĐ-SLĐTBXH", "1234/QĐ-TTg": a serial number as Nghị định 30/2020
# writes it (a leading zero below 10, none otherwise), "/QĐ-" and the issuing body's
# symbol, whose parts start with a capital ("TTg" is the Prime Minister's).
# Written with [0-9] rather than \d so the database (PostgreSQL, SQLite) reads it alike.
DECISION_NUMBER_PATTERN = (
    r"^(0[1-9]|[1-9][0-9]+)/QĐ-[A-ZĐ0-9][A-Za-zĐđ0-9]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*$"
)
SERIAL_RE = re.compile(r"^0*([0-9]+)/")
# The Icelandic eth looks like Đ and slips in from some keyboards and PDFs.
LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})

# Law 06/2022/QH15 on Emulation and Commendation took effect on this day; decisions
# signed before it fall under the 2003 law (amended 2005, 2013; Decree 91/2017).
LAW_2022_IN_FORCE = datetime.date(2024, 1, 1)


class IssuerLevel(models.TextChoices):
    """Who decides an award: the province's two levels, and those above the province.

    Awards decided above the province are proposed by it and recorded here with their
    issuer; the province pays no bonus for them (their forms carry no coefficient).
    """

    PROVINCE_CHAIRMAN = "province_chairman", _("Chairman of the Provincial People's Committee")
    DEPARTMENT_DIRECTOR = "department_director", _("Department director")
    MINISTER = "minister", _("Minister")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")
    STATE_PRESIDENT = "state_president", _("President of the State")


class AwardKind(models.TextChoices):
    """The law's two families: forms of commendation (orders, Bằng khen, Giấy khen …) and
    emulation titles (Cờ thi đua, Chiến sĩ thi đua, Lao động tiên tiến …)."""

    COMMENDATION = "commendation", _("form of commendation")
    EMULATION_TITLE = "emulation_title", _("emulation title")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")
    HOUSEHOLD = "household", _("household")


class RecipientSex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Occasion(models.TextChoices):
    YEARLY = "yearly", _("yearly")
    THEMATIC = "thematic", _("thematic")
    AD_HOC = "ad_hoc", _("ad hoc")
    PHASE_REVIEW = "phase_review", _("phase review")


class LegalRegime(models.TextChoices):
    LAW_2003 = "law_2003", _("Law on Emulation and Commendation 2003 (amended)")
    LAW_2022 = "law_2022", _("Law on Emulation and Commendation 06/2022/QH15")


def legal_regime_on(day: datetime.date) -> LegalRegime:
    """The law a decision signed on `day` was made under."""
    return LegalRegime.LAW_2022 if day >= LAW_2022_IN_FORCE else LegalRegime.LAW_2003


def normalise_number(number: str) -> str:
    """The number as Nghị định 30/2020 writes it: "5 / QĐ-UBND" is stored "05/QĐ-UBND".

    NFC, without spaces or look-alike letters, the serial with a leading zero below 10
    and none above. A serial of 0 stays as typed, for the format check to refuse.
    """
    text = "".join(nfc(number).translate(LOOKALIKES).split())
    match = SERIAL_RE.match(text)
    if match is None or int(match.group(1)) == 0:
        return text
    return f"{int(match.group(1)):02d}{text[match.end(1) :]}"


# Abbreviations an issuing body's name is written with as often as in full.
ISSUER_ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\blđtbxh\b"), "lao động - thương binh và xã hội"),
)
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})
SPACED_DASH = re.compile(r"\s*-\s*")


def issuer_key(issuer_name: str) -> str:
    """The key two spellings of one issuing body share, for numbering per body.

    "UBND tỉnh Hà Nam" and "ỦY BAN NHÂN DÂN TỈNH HÀ NAM" are one body; "Ủy ban nhân dân
    tỉnh Nam Định" is another, although both number their decisions ".../QĐ-UBND".
    """
    key = identity_key(issuer_name)
    for pattern, full in ISSUER_ABBREVIATIONS:
        key = pattern.sub(full, key)
    return SPACED_DASH.sub(" - ", key.translate(DASHES))


class AwardForm(models.Model):
    """A form of commendation or an emulation title, as the law names it.

    Seeded by a data migration; which recipients a form allows are three booleans rather
    than a JSON list so that both databases can filter and constrain them.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind)
    allows_collective = models.BooleanField(_("for collectives"), default=False)
    allows_individual = models.BooleanField(_("for individuals"), default=False)
    allows_household = models.BooleanField(_("for households"), default=False)
    issuer_level = models.CharField(_("issued by"), max_length=20, choices=IssuerLevel)
    bonus_coefficient_individual = models.DecimalField(
        _("bonus coefficient for an individual"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Multiple of the base salary; empty where the form carries no bonus."),
    )
    bonus_coefficient_collective = models.DecimalField(
        _("bonus coefficient for a collective"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    bonus_coefficient_household = models.DecimalField(
        _("bonus coefficient for a household"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["issuer_level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(allows_collective=True)
                | Q(allows_individual=True)
                | Q(allows_household=True),
                name="award_form_allows_some_recipient",
            ),
            models.CheckConstraint(
                condition=Q(issuer_level__in=IssuerLevel.values),
                name="award_form_issuer_level_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"bonus_coefficient_{kind}__isnull": True})
                    | Q(**{f"bonus_coefficient_{kind}__gte": 0, f"allows_{kind}": True}),
                    name=f"award_form_{kind}_coefficient_allowed",
                )
                for kind in RecipientKind.values
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language being used: Vietnamese, or English otherwise."""
        return self.name_vi if (get_language() or "vi").startswith("vi") else self.name_en

    @property
    def recipient_kinds(self) -> list[str]:
        """The recipient kinds this form may be given to, as the API lists them."""
        return [kind for kind in RecipientKind.values if getattr(self, f"allows_{kind}")]

    def allows(self, recipient_kind: str) -> bool:
        return recipient_kind in self.recipient_kinds

    def bonus_coefficient(self, recipient_kind: str) -> Decimal | None:
        return getattr(self, f"bonus_coefficient_{recipient_kind}", None)


class AwardDecision(models.Model):
    """A signed decision granting one award form to a list of recipients."""

    number = models.CharField(
        pgettext_lazy("decision", "number"),
        max_length=50,
        help_text=_(
            'Number and symbol as written, e.g. "163/QĐ-UBND"; '
            'a number below 10 is stored with its leading zero, "05/QĐ-UBND".'
        ),
    )
    signed_on = models.DateField(_("signed on"))
    # Kept as a column so that numbers can be unique per issuer and year on any database.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    issuer_level = models.CharField(_("issuer level"), max_length=20, choices=IssuerLevel)
    issuer_name = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_('As it was named then, e.g. "Ủy ban nhân dân tỉnh Hà Nam".'),
    )
    # A body numbers its decisions from 01 each year: the number is unique per body and
    # year, compared on this key of its name.
    issuer_key = models.CharField(max_length=200, editable=False)
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_capacity = models.CharField(
        _("signer's capacity"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".'),
    )
    form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="decisions"
    )
    reason = models.TextField(_("reason"), blank=True)
    occasion = models.CharField(
        _("occasion"), max_length=20, choices=Occasion, default=Occasion.YEARLY
    )
    legal_regime = models.CharField(
        _("legal regime"), max_length=10, choices=LegalRegime, editable=False
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_decisions",
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_decisions",
    )
    base_salary = models.DecimalField(
        _("base salary (VND)"),
        max_digits=12,
        decimal_places=0,
        help_text=_("The base salary in force on the signing date; bonuses are multiples of it."),
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signed_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "year", "number"],
                name="award_decision_unique_number_per_body_year",
                violation_error_message=_(
                    "The issuing body has already given this number to a decision that year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__regex=DECISION_NUMBER_PATTERN),
                name="award_decision_number_format",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="award_decision_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(legal_regime=LegalRegime.LAW_2003, signed_on__lt=LAW_2022_IN_FORCE)
                | Q(legal_regime=LegalRegime.LAW_2022, signed_on__gte=LAW_2022_IN_FORCE),
                name="award_decision_regime_matches_date",
            ),
            models.CheckConstraint(
                condition=Q(issuer_level__in=IssuerLevel.values),
                name="award_decision_issuer_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(base_salary__gt=0), name="award_decision_base_salary_positive"
            ),
        ]
        indexes = [models.Index(fields=["year", "issuer_level"], name="award_decision_year_level")]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})" if self.signed_on else self.number

    def save(self, *args, **kwargs) -> None:
        self.derive_fields()
        super().save(*args, **kwargs)

    def derive_fields(self) -> None:
        """Set the year and the legal regime, which follow from the signing date.

        Also store the number as Nghị định 30/2020 writes it and key the issuing body,
        so that a row written without the services is numbered the same way.
        """
        self.number = normalise_number(self.number)
        self.issuer_key = issuer_key(self.issuer_name)
        if self.signed_on:
            self.year = self.signed_on.year
            self.legal_regime = legal_regime_on(self.signed_on)


class Commendation(models.Model):
    """One recipient named in a decision: a collective, an individual or a household."""

    decision = models.ForeignKey(
        AwardDecision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    recipient_kind = models.CharField(_("recipient kind"), max_length=12, choices=RecipientKind)
    name = models.CharField(_("name"), max_length=300)
    sex = models.CharField(
        _("sex"),
        max_length=6,
        choices=RecipientSex,
        blank=True,
        help_text=_("For an individual only."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    bonus = models.DecimalField(
        _("bonus (VND)"), max_digits=14, decimal_places=0, null=True, blank=True, editable=False
    )
    search_text = models.CharField(max_length=810, editable=False, db_index=True)

    history = audit_trail()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values),
                name="commendation_recipient_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind=RecipientKind.INDIVIDUAL, sex__in=RecipientSex.values)
                | (~Q(recipient_kind=RecipientKind.INDIVIDUAL) & Q(sex="")),
                name="commendation_sex_for_individuals_only",
            ),
            models.CheckConstraint(
                condition=Q(bonus__isnull=True) | Q(bonus__gte=0),
                name="commendation_bonus_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_search_text()
        super().save(*args, **kwargs)

    def fill_search_text(self) -> None:
        """Store the accent-free key the admin searches by (bulk_create skips save)."""
        self.name = nfc(self.name)
        self.search_text = search_key(f"{self.name} {self.position} {self.organisation}")
