"""completeness and data_quality: issue 18's two reads of a province at national scale,
through the API, timed alone against absolute targets (neither has a one-query baseline:
the due pairs come from the reporting calendar, and the outliers from leave-one-out
medians of the sibling areas, in Python, and medians of each figure's past, in SQL).

- completeness: expected, received and on-time pairs of a province and each child area for
  the last year with figures; target 200 ms.
- data_quality: the validation rules and the outlier scan of a province's figures for a
  year and its half-years; target 2 s.
"""

from urllib.parse import urlencode

from bench.harness import count_queries, get_json, judge, province_phase, timed
from bench.stats import alternate, entry

COMPLETENESS_TARGET_MS = 200
DATA_QUALITY_TARGET_MS = 2000


def last_year(phase) -> int:
    """The phase's last year that has figures (the generated years need not cover it)."""
    from django.db.models import Max

    from indicators.models import Measurement

    year = Measurement.objects.filter(indicator__phase=phase).aggregate(last=Max("year"))["last"]
    if year is None:
        raise RuntimeError(f"phase {phase.pk} has no figures to benchmark")
    return year


def time_alone(args, client, url: str) -> tuple[list[float], int]:
    """GET `url` timed over the rounds (after the warm-up), and the queries one GET runs."""
    samples, _unused = alternate(
        lambda: timed(lambda: client.get(url)),
        lambda: 0.0,
        warmup=args.warmup,
        repeat=args.repeat,
    )
    return samples, count_queries(lambda: client.get(url))


def bench_completeness(args, client) -> list[dict]:
    phase = province_phase()
    query = {
        "programme": phase.programme_id,
        "period": str(last_year(phase)),
        "area": phase.programme.area.code,
    }
    url = f"/api/v1/completeness/?{urlencode(query)}"
    answer = get_json(client, url)
    if not answer["expected"] or not answer["areas"]:
        raise RuntimeError(f"completeness of {query} expects nothing: no benchmark")
    samples, queries = time_alone(args, client, url)
    result = entry("completeness_province", samples, queries=queries)
    result["expected"] = answer["expected"]
    result["child_areas"] = len(answer["areas"])
    target = f"≤ {COMPLETENESS_TARGET_MS} ms"
    return [judge(result, target, result["median_ms"] <= COMPLETENESS_TARGET_MS)]


def bench_data_quality(args, client) -> list[dict]:
    phase = province_phase()
    query = {"phase": phase.pk, "area": phase.programme.area.code, "year": last_year(phase)}
    url = f"/api/v1/data-quality/?{urlencode(query)}"
    answer = get_json(client, url)
    samples, queries = time_alone(args, client, url)
    result = entry("data_quality_province_year", samples, queries=queries)
    result["violations"] = len(answer["violations"])
    result["outliers"] = len(answer["outliers"])
    target = f"≤ {DATA_QUALITY_TARGET_MS} ms"
    return [judge(result, target, result["median_ms"] <= DATA_QUALITY_TARGET_MS)]
