"""Pure helpers of the benchmark runner: statistics, result entries and the printed table."""

import math
import statistics
from collections.abc import Sequence


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile by nearest rank: the smallest sample ≥ 95 % of them."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def entry(
    name: str,
    samples_ms: Sequence[float],
    *,
    baseline: str | None = None,
    baseline_ms: Sequence[float] | None = None,
    queries: int | None = None,
    **extra,
) -> dict:
    """One result in the shape of bench/results/latest.json; ratio = median ÷ baseline median."""
    result = {
        "name": name,
        "median_ms": round(median(samples_ms), 3) if samples_ms else None,
        "p95_ms": round(p95(samples_ms), 3) if samples_ms else None,
        "baseline": baseline,
        "baseline_median_ms": round(median(baseline_ms), 3) if baseline_ms else None,
        "ratio": None,
        "queries": queries,
    }
    if result["median_ms"] is not None and result["baseline_median_ms"]:
        result["ratio"] = round(median(samples_ms) / median(baseline_ms), 3)
    result.update(extra)
    return result


def alternate(first, second, *, warmup: int, repeat: int) -> tuple[list[float], list[float]]:
    """Time two callables side by side, alternating which goes first; return ms samples.

    Each callable returns its own elapsed seconds (so setup outside the timed part is left
    out). The first `warmup` rounds are dropped.
    """
    a_samples, b_samples = [], []
    for round_number in range(warmup + repeat):
        if round_number % 2 == 0:
            a, b = first(), second()
        else:
            b, a = second(), first()
        if round_number >= warmup:
            a_samples.append(a * 1000)
            b_samples.append(b * 1000)
    return a_samples, b_samples


def table(entries: Sequence[dict]) -> str:
    """The results as a fixed-width text table."""
    header = (
        "benchmark",
        "median ms",
        "p95 ms",
        "baseline",
        "base ms",
        "ratio",
        "queries",
        "target",
    )
    rows = [header]
    for item in entries:
        rows.append(
            (
                item["name"],
                _number(item["median_ms"]),
                _number(item["p95_ms"]),
                item["baseline"] or "-",
                _number(item["baseline_median_ms"]),
                _number(item["ratio"]),
                "-" if item["queries"] is None else str(item["queries"]),
                _target(item),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _target(item: dict) -> str:
    if "target" not in item:
        return ""
    verdict = "MET" if item.get("target_met") else "NOT MET"
    return f"{item['target']}: {verdict}"
