"""page: one 100-row page of the measurements API against a plain Django view."""

from bench.harness import count_queries, get_json, judge, province_phase, timed
from bench.stats import alternate, entry


def bench_measurements_page(args, client) -> list[dict]:
    phase = province_phase()
    results = []
    for name, query, repeat in (
        ("measurements_page_phase_year", f"phase={phase.pk}&year={phase.end_year}&", args.repeat),
        ("measurements_page_unfiltered", "", max(3, args.repeat // 5)),
    ):
        api = f"/api/v1/measurements/?{query}page={args.page}&page_size=100"
        plain_url = f"/bench/plain-measurements/?{query}page={args.page}&page_size=100"
        app_rows = get_json(client, api)["results"]
        plain_rows = get_json(client, plain_url)["results"]
        if app_rows != plain_rows:
            raise RuntimeError(f"{name}: the plain view's rows differ from the API's")
        app_ms, plain_ms = alternate(
            lambda api=api: timed(lambda: client.get(api)),
            lambda plain_url=plain_url: timed(lambda: client.get(plain_url)),
            warmup=min(args.warmup, 1) if not query else args.warmup,
            repeat=repeat,
        )
        result = entry(
            name,
            app_ms,
            baseline="plain Django view, same rows as JSON",
            baseline_ms=plain_ms,
            queries=count_queries(lambda api=api: client.get(api)),
            rows=len(app_rows),
        )
        # ≥ 0.5× the plain view's throughput is ≤ 2× its time.
        results.append(judge(result, "≥ 0.5× plain view throughput", result["ratio"] <= 2))
    return results
