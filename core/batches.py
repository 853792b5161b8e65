"""What every all-or-nothing batch write shares: its refusal, and its retry after a deadlock.

Lives in `core`, which every app may import, so that indicators and awards share them
without depending on each other.
"""

import contextlib
import functools
import gc
import random
import time

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction

# PostgreSQL's codes for a transaction cancelled to break a deadlock, or to keep
# serializable transactions serializable: nothing of it was written, it may run again.
RETRYABLE_CODES = {"40P01", "40001"}
RETRIES = 2


class BatchInvalid(ValidationError):
    """A batch was refused whole; `row_errors` maps each bad row's index to its messages."""

    def __init__(self, row_errors: dict[int, dict[str, list[str]]]) -> None:
        self.row_errors = row_errors
        super().__init__([f"{index}: {messages}" for index, messages in sorted(row_errors.items())])


def retried_on_deadlock(function):
    """Run `function`, an outermost transaction, again if the database cancelled it.

    Batches write many figures and the summary rows they share; two batches touching the
    same rows can wait on each other, and PostgreSQL then cancels one of them. Nothing of
    it was written, so it runs again (twice at most, after a short random pause) instead
    of the officer seeing an error. Only as the outermost transaction: inside another
    one, the locks it waited on are still held, and the error goes to the caller.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        attempt = 0
        while True:
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                code = getattr(error.__cause__, "pgcode", None)
                nested = transaction.get_connection().in_atomic_block
                if code not in RETRYABLE_CODES or nested or attempt >= RETRIES:
                    raise
            attempt += 1
            time.sleep(random.uniform(0.05, 0.25) * attempt)

    return wrapper


@contextlib.contextmanager
def older_objects_frozen():
    """Python's cycle collector kept to the objects a large batch makes while it runs.

    A 10,000-row upload makes some 100,000 objects; each 700 of them started a
    collection, and every so often a full one over the whole process (its code, models,
    caches), a fifth of the request's time. Frozen (`gc.freeze`), what existed before
    the batch is left out of those collections; the batch's own cycles are still
    collected, and afterwards everything is collected as before (`gc.unfreeze`).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
