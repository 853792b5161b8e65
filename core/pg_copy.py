"""PostgreSQL's COPY text format: the figures' bulk path and the benchmarks write with it."""

from collections.abc import Iterable


def copy_field(value) -> str:
    """One field: None as \\N, text with its backslashes, tabs and line ends escaped."""
    if value is None:
        return "\\N"
    text = str(value)
    if isinstance(value, str) and ("\\" in text or "\t" in text or "\n" in text or "\r" in text):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy_line(values: Iterable) -> str:
    """One row: its fields separated by tabs, ended by a newline."""
    return "\t".join([copy_field(value) for value in values]) + "\n"
