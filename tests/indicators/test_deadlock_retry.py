"""A batch that PostgreSQL cancels to break a deadlock runs again, once it is safe to.

The retry happens only outside any other transaction, so these tests run outside the
test's own (`transaction=True`), restoring the migrated rows afterwards like the other
transactional tests (`serialized_rollback=True`).
"""

from decimal import Decimal as D

import pytest
from django.db import OperationalError, transaction

from core import batches
from indicators.models import Measurement, Sex, Unit
from indicators.services import FigureInput, figures, measurements_save
from tests.factories import AreaFactory, IndicatorFactory
from tests.indicators.summaries import assert_summaries_match


class DriverError(Exception):
    """Stands for the driver's error, which carries the server's code as `pgcode`."""

    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


def cancelled(code: str) -> OperationalError:
    """The error Django raises when the database cancels the transaction with `code`."""
    error = OperationalError("deadlock detected")
    error.__cause__ = DriverError(code)
    return error


@pytest.fixture
def batch():
    indicator = IndicatorFactory(unit=Unit.COUNT)
    province = indicator.phase.programme.area
    commune = AreaFactory(code="DL1", parent=province)
    return [
        FigureInput(indicator=indicator, area=commune, period="2020", sex=sex, value=D(v))
        for sex, v in ((Sex.FEMALE, 3), (Sex.MALE, 4), (Sex.TOTAL, 7))
    ]


@pytest.fixture
def fail_first(monkeypatch):
    """Make the first `times` runs of the batch's sex check fail with `code`."""
    monkeypatch.setattr(batches.time, "sleep", lambda seconds: None)
    real = figures._sex_errors

    def arrange(code: str, times: int = 1) -> list:
        calls = []

        def sex_errors(figures):
            calls.append(1)
            if len(calls) <= times:
                raise cancelled(code)
            return real(figures)

        monkeypatch.setattr(figures, "_sex_errors", sex_errors)
        return calls

    return arrange


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("code", ["40P01", "40001"])
def test_a_cancelled_batch_runs_again_and_writes_once(batch, fail_first, code):
    calls = fail_first(code)

    result = measurements_save(figures=batch)

    assert (result.created, len(calls)) == (3, 2)
    assert sorted(Measurement.objects.values_list("sex", "value")) == [
        ("female", D(3)),
        ("male", D(4)),
        ("total", D(7)),
    ]
    assert_summaries_match()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_cancelled_three_times_gives_up_and_writes_nothing(batch, fail_first):
    calls = fail_first("40P01", times=3)

    with pytest.raises(OperationalError):
        measurements_save(figures=batch)

    assert len(calls) == 3
    assert not Measurement.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_other_database_errors_are_not_retried(batch, fail_first):
    calls = fail_first("53300")  # too many connections

    with pytest.raises(OperationalError):
        measurements_save(figures=batch)

    assert len(calls) == 1
    assert not Measurement.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_another_transaction_the_caller_gets_the_error(batch, fail_first):
    calls = fail_first("40P01")

    with pytest.raises(OperationalError), transaction.atomic():
        measurements_save(figures=batch)

    assert len(calls) == 1
    assert not Measurement.objects.exists()
