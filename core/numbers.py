"""Numbers as the app writes them: decimals plainly ("32.9", "100", never "32.9000" or
"1E+2"), file sizes in whole kilobytes."""

from decimal import Decimal


def plain_decimal(value: Decimal) -> Decimal:
    """`value` without trailing zeros, never in exponent form (100, not 1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def kilobytes(size: int) -> int:
    """A size in bytes as whole kilobytes, rounded up: a 1-byte file is 1 KB, not 0."""
    return -(-size // 1024)


def plain_text(value) -> str | None:
    """A number as the API and messages write it: "32.9", "100", or None."""
    if value is None:
        return None
    return f"{plain_decimal(Decimal(value)):f}"
