"""The fixed lists of the care models: their kinds, the 14 groups of children in special
circumstances, what can be counted from a report, the kinds of partner; and which report
columns are outcomes, counts, and outcomes bounded by the children reached."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SpecialCircumstance2004(models.TextChoices):
    """The 10 groups of children in special circumstances of the Law on Child Protection,
    Care and Education 2004, Art. 40, which applied until 31 May 2017."""

    ORPHANED_OR_ABANDONED = (
        "orphaned_or_abandoned_2004",
        _("1. Orphaned without anyone to rely on, or abandoned (2004 law)"),
    )
    DISABILITY = "disability_2004", _("2. With disabilities (2004 law)")
    TOXIC_CHEMICALS = "toxic_chemicals_2004", _("3. Victims of toxic chemicals (2004 law)")
    HIV_AIDS = "hiv_aids_2004", _("4. Living with HIV/AIDS (2004 law)")
    HAZARDOUS_WORK = (
        "hazardous_work_2004",
        _("5. Doing heavy or hazardous work, or exposed to toxic substances (2004 law)"),
    )
    WORKING_AWAY = "working_away_2004", _("6. Working far from their families (2004 law)")
    STREET_CHILDREN = "street_children_2004", _("7. Living on the street (2004 law)")
    SEXUALLY_ABUSED = "sexually_abused_2004", _("8. Sexually abused (2004 law)")
    DRUG_ADDICTION = "drug_addiction_2004", _("9. Addicted to drugs (2004 law)")
    CONFLICT_WITH_LAW = "conflict_with_law_2004", _("10. In conflict with the law (2004 law)")


# Every group a report may be filed under, of either law; which one applies to a period
# is data (care.models.ChildGroup, with validity dates).
CHILD_GROUP_CHOICES = SpecialCircumstance.choices + SpecialCircumstance2004.choices
CHILD_GROUP_LABELS = dict(CHILD_GROUP_CHOICES)


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


class PartnerKind(models.TextChoices):
    BUSINESS = "business", _("Business")
    ASSOCIATION = "association", _("Association")
    CHARITY = "charity", _("Charity")
    INDIVIDUAL = "individual", _("Individual")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    STATE_BODY = "state_body", _("State body")
