"""The load test's uploads, apart from the locustfile (importing Locust patches the
standard library for gevent, which the tests must not do)."""

from decimal import Decimal


def scaled(rows: list[dict], factor: int) -> list[dict]:
    """The rows with their numbers times `factor` (1 or 2, by the minute: each upload
    writes 10,000 changes, not the same rows again). Female + male = total holds for
    every factor, and a rate keeps its value (numerator and denominator both scale)."""
    if factor == 1:
        return rows
    numbers = ("value", "numerator", "denominator")
    scaled_rows = []
    for row in rows:
        row = dict(row)
        fields = numbers[1:] if "numerator" in row else numbers[:1]
        for name in fields:
            row[name] = str(Decimal(row[name]) * factor)
        scaled_rows.append(row)
    return scaled_rows
