"""Why a returned figure was sent back, for the figure list and form.

The reason is kept in the figure's history (`measurement_transition` records it as the
change reason); the list reads the reasons of the returned figures on its page at once.
"""

from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest

from indicators.models import Measurement, MeasurementStatus


def return_reasons(ids: list[int]) -> dict[int, str]:
    """The reason each returned figure of `ids` was last returned with (one query)."""
    reasons: dict[int, str] = {}
    rows = (
        Measurement.history.model.objects.filter(
            id__in=ids, status=MeasurementStatus.RETURNED, history_change_reason__gt=""
        )
        .order_by("id", "-history_date")
        .values_list("id", "history_change_reason")
    )
    for figure_id, reason in rows:
        reasons.setdefault(figure_id, reason)
    return reasons


class ReturnReasonsChangeList(ChangeList):
    """The figure list, with the reasons of the returned figures on the page read at once."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        returned = [m.pk for m in self.result_list if m.status == MeasurementStatus.RETURNED]
        reasons = return_reasons(returned) if returned else {}
        for measurement in self.result_list:
            measurement.return_reason = reasons.get(measurement.pk, "")
