"""Decimals written plainly: "32.9", "100", never "32.9000" or "1E+2"."""

from decimal import Decimal


def plain_decimal(value: Decimal) -> Decimal:
    """`value` without trailing zeros, never in exponent form (100, not 1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain_text(value) -> str | None:
    """A number as the API and messages write it: "32.9", "100", or None."""
    if value is None:
        return None
    return f"{plain_decimal(Decimal(value)):f}"
