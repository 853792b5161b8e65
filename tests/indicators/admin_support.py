"""What the admin tests of indicators share: query counting, the changelist's rows, form data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, Sex


def count_queries(client, url: str) -> int:
    """Queries one GET of `url` runs; the page must render."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def changelist_ids(response) -> list[int]:
    return sorted(obj.pk for obj in response.context["cl"].result_list)


def form_errors(response) -> dict:
    """The errors of the admin form on a re-rendered add or change page."""
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def figure_data(indicator: Indicator, area, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "area": area.pk,
        "period": "2020",
        "sex": Sex.TOTAL,
        "value": "10",
        "numerator": "",
        "denominator": "",
        "note": "",
    }
    return {**data, **changes}


def target_data(indicator: Indicator, area, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "area": area.pk,
        "year": "2020",
        "comparator": "gte",
        "value": "35",
        "baseline_value": "",
        "baseline_year": "",
        "source_text": "",
    }
    return {**data, **changes}
