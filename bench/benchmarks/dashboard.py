"""dashboard: a province phase's dashboard page, timed alone (it has no baseline)."""

from bench.harness import count_queries, province_phase, timed
from bench.stats import alternate, entry


def bench_dashboard(args, client) -> list[dict]:
    from django.urls import reverse

    url = reverse("dashboards:phase", args=[province_phase().pk])
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    samples, _unused = alternate(
        lambda: timed(lambda: client.get(url)),
        lambda: 0.0,
        warmup=args.warmup,
        repeat=args.repeat,
    )
    return [entry("dashboard_phase", samples, queries=count_queries(lambda: client.get(url)))]
