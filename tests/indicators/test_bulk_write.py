"""The bulk upload's shortcuts give what the plain machinery gives.

The COPY path of `measurements_save` (PostgreSQL) writes what the ORM path writes, and
the view's quick reading of plain rows gives what the row serializer gives.
"""

from decimal import Decimal as D

import pytest
from django.db import connection

from indicators.api.bulk import RowReader
from indicators.models import Measurement, Sex, Unit
from indicators.serializers import BulkMeasurementRowSerializer
from indicators.services import FigureInput, bulk_copy, measurements_save
from tests.factories import AreaFactory, IndicatorFactory, ObjectiveFactory, UserFactory
from tests.indicators.summaries import assert_summaries_match

pytestmark = pytest.mark.django_db

FIGURE_FIELDS = (
    "indicator_id",
    "area_id",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "version",
    "created_by_id",
    "updated_by_id",
)
HISTORY_FIELDS = (*FIGURE_FIELDS, "history_type", "history_user_id", "history_change_reason")


def save(figures, user):
    result = measurements_save(figures=figures, user=user)
    for measurement in result.measurements:  # the figures handed back are the rows written
        stored = Measurement.objects.get(pk=measurement.pk)
        assert (stored.value, stored.version) == (measurement.value, measurement.version)
    return result


def scenario(user, count, percent, communes) -> list[tuple]:
    """Creates, then a batch of updates, unchanged rows and new rows, then one without user."""

    def count_figures(area, period, female, male, **extra):
        return [
            FigureInput(indicator=count, area=area, period=period, sex=sex, value=D(v), **extra)
            for sex, v in ((Sex.FEMALE, female), (Sex.MALE, male), (Sex.TOTAL, female + male))
        ]

    first = []
    for area in communes:
        first += count_figures(area, "2019", 3, 4, note="tab\there\nline \\ back")
        first.append(
            FigureInput(
                indicator=percent,
                area=area,
                period="2019S1",
                numerator=D("1"),
                denominator=D("3"),
                note="Ghi chú: tỷ lệ",
            )
        )
    results = [save(first, user)]
    second = count_figures(communes[0], "2019", 5, 4)  # changed, note cleared
    second += count_figures(communes[1], "2019", 3, 4, note=None)  # unchanged
    second += count_figures(communes[2], "2020", 1, 1, version=0)  # new
    second.append(
        FigureInput(indicator=percent, area=communes[0], period="2019S1", value=D("40.5"))
    )
    results.append(save(second, user))
    third = [FigureInput(indicator=percent, area=communes[1], period="2019S1", value=D("12"))]
    results.append(save(third, None))
    return [(r.created, r.updated, r.unchanged) for r in results]


def snapshot() -> tuple[list, list]:
    figures = sorted(Measurement.objects.values_list(*FIGURE_FIELDS), key=str)
    history = Measurement.history.model.objects.order_by("history_id")
    by_figure: dict[tuple, list] = {}
    for row in history.values_list("id", *HISTORY_FIELDS):
        by_figure.setdefault(row[1:6], []).append(row[1:])
    return figures, sorted(by_figure.items(), key=str)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_copy_and_orm_paths_leave_the_same_figures_and_history(monkeypatch):
    user = UserFactory(username="bulkwriter")
    objective = ObjectiveFactory()
    count = IndicatorFactory(objective=objective, unit=Unit.COUNT)
    percent = IndicatorFactory(objective=objective, unit=Unit.PERCENT)
    province = objective.phase.programme.area
    communes = [AreaFactory(code=f"BW{n}", parent=province) for n in range(3)]
    assert bulk_copy.writes_with_copy()
    counts = scenario(user, count, percent, communes)
    assert counts[0] == (12, 0, 0)
    assert all(counts[1])  # created, updated and unchanged figures in one batch
    assert counts[2] == (0, 1, 0)
    assert_summaries_match()  # the COPY path's statements keep the summaries too
    copied = snapshot()
    for measurement in Measurement.objects.all():
        entries = Measurement.history.model.objects.filter(id=measurement.pk)
        assert entries.latest("history_id").history_date == measurement.updated_at
    assert len(copied[0]) == 12 + 3
    Measurement.objects.all().delete()
    Measurement.history.model.objects.all().delete()

    monkeypatch.setattr(bulk_copy, "writes_with_copy", lambda: False)
    assert scenario(user, count, percent, communes) == counts
    assert snapshot() == copied
    assert_summaries_match()


GONE = object()  # the key is left out of the row
PLAIN = {"indicator": 7, "area": "SC01-001", "period": "2020S1", "sex": "female", "value": 3}


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"sex": None},
        {"sex": "TOTAL"},
        {"sex": ""},
        {"sex": "male", "note": "  kept, trimmed  "},
        {"note": None},
        {"note": ""},
        {"note": "a\x00b"},
        {"note": "Ghi chú\tthêm"},
        {"indicator": "7"},
        {"indicator": 0},
        {"indicator": 2**63},
        {"indicator": True},
        {"indicator": 7.0},
        {"indicator": None},
        {"indicator": GONE, "indicator_code": "1.1", "phase": 3},
        {"indicator": GONE, "indicator_code": "1.1"},
        {"sex": GONE},
        {"area": GONE},
        {"indicator_code": " 1.1", "phase": 3},
        {"indicator_code": "x" * 21, "phase": 3},
        {"area": " SC01"},
        {"area": ""},
        {"area": "A" * 21},
        {"area": 12},
        {"period": "2020S12"},
        {"period": "2020"},
        {"value": None},
        {"value": 2.5},
        {"value": "2.5"},
        {"value": " 2.5"},
        {"value": "1e3"},
        {"value": 1e20},
        {"value": "-0"},
        {"value": "12.34567"},
        {"value": "1234567890123456.1234"},
        {"value": "12345678901234567"},
        {"value": "NaN"},
        {"value": ""},
        {"value": False},
        {"numerator": "1", "denominator": 3},
        {"numerator": [1]},
        {"unknown": "ignored"},
    ],
)
def test_the_quick_row_reading_gives_the_serializers_answer(change):
    row = {name: value for name, value in {**PLAIN, **change}.items() if value is not GONE}
    quick = RowReader(BulkMeasurementRowSerializer()).quick(row)
    try:
        expected = dict(BulkMeasurementRowSerializer().run_validation(row))
    except Exception:  # the serializer refuses it: the quick reading must not accept it
        assert quick is None
        return
    if quick is not None:
        assert quick == expected
        assert [type(value) for value in quick.values()] == [type(expected[name]) for name in quick]
