"""Rule: where female, male and total figures exist, total = female + male (rates through
their numerators and denominators); the messages of the figures that break it."""

from collections.abc import Iterable

from core.numbers import plain_text
from indicators.models import Measurement, Sex
from indicators.services.checks import SEXES
from indicators.services.errors import SEX_SUM_MISMATCH


def sex_sum_errors(figures: Iterable[Measurement]) -> dict[tuple, str]:
    """A message for every (indicator, area, period) whose total is not female + male."""
    groups: dict[tuple, dict[str, Measurement]] = {}
    for figure in figures:
        key = (figure.indicator_id, figure.area_id, figure.period)
        groups.setdefault(key, {})[figure.sex] = figure
    errors = {}
    for key, by_sex in groups.items():
        if not by_sex.keys() >= SEXES:
            continue
        total, female, male = by_sex[Sex.TOTAL], by_sex[Sex.FEMALE], by_sex[Sex.MALE]
        if total.indicator.is_rate:
            ratios = [(m.numerator, m.denominator) for m in (total, female, male)]
            if any(part is None for pair in ratios for part in pair):
                continue  # a rate given without its ratio cannot be checked by sex
            consistent = (
                total.numerator == female.numerator + male.numerator
                and total.denominator == female.denominator + male.denominator
            )
        else:
            consistent = total.value == female.value + male.value
        if not consistent:
            errors[key] = str(
                SEX_SUM_MISMATCH
                % {
                    "total": plain_text(total.value),
                    "female": plain_text(female.value),
                    "male": plain_text(male.value),
                    "area": total.area.name,
                    "period": total.period,
                }
            )
    return errors
