"""Indicators: saving one, and what follows from it for a fed indicator's figures."""

from django.db import transaction

from indicators import feeds
from indicators.models import Indicator


@transaction.atomic
def indicator_save(*, indicator: Indicator) -> Indicator:
    """Check and save an indicator; a fed one then has all its figures recomputed.

    The phase comes from the objective. An indicator whose figures are derived from
    care-model reports (`indicators.feeds`) gets them made again from the reports, so
    declaring or changing a feed takes effect at once.
    """
    indicator.phase_id = indicator.objective.phase_id
    indicator.full_clean(exclude=["search_text"])
    indicator.save()
    if indicator.is_fed:
        feeds.recompute(indicators=[feeds.fed_indicator(indicator.pk)])
    return indicator
