"""pages: what a national leader opens and a client pulls (issue #21 point 2).

- **progress_overview_national**: `GET /progress/` as a user who sees every area: 34
  provinces' programmes, the first page of ten, each phase's scorecard from the
  summaries, set-wise (`dashboards.overview`); also every page one after the other.
- **measurements_csv_1000**: `GET /api/v1/measurements/?format=csv` of one indicator's
  totals, 100 communes × 10 years = 1,000 rows, streamed from rows.

Both against a target of 150 ms (no baseline); the queries are counted.
"""

from bench.harness import count_queries, judge, province_phase, timed
from bench.stats import alternate, entry

TARGET_MS = 150


def _ok(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def _read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def bench_pages(args, client) -> list[dict]:
    from django.urls import reverse

    from indicators.models import Indicator

    results = []
    overview = reverse("dashboards:progress")
    first = _ok(client, overview).content.decode()
    pages = _pages(client, overview)
    samples, _unused = alternate(
        lambda: timed(lambda: client.get(overview)),
        lambda: 0.0,
        warmup=args.warmup,
        repeat=args.repeat,
    )
    result = entry(
        "progress_overview_national",
        samples,
        queries=count_queries(lambda: client.get(overview)),
        programmes_per_page=first.count('<section class="programme"'),
        pages=pages,
    )
    results.append(judge(result, f"≤ {TARGET_MS} ms", result["median_ms"] <= TARGET_MS))
    every_page = [f"{overview}?page={n}" for n in range(1, pages + 1)]
    samples, _unused = alternate(
        lambda: timed(lambda: [client.get(url) for url in every_page]),
        lambda: 0.0,
        warmup=1,
        repeat=max(3, args.repeat // 3),
    )
    results.append(entry("progress_overview_every_page", samples, pages=pages))

    indicator = Indicator.objects.filter(phase=province_phase()).order_by("code").first()
    csv_url = f"/api/v1/measurements/?format=csv&indicator={indicator.pk}&sex=total"
    rows = _read(_ok(client, csv_url)).count(b"\n") - 1
    samples, _unused = alternate(
        lambda: timed(lambda: _read(client.get(csv_url))),
        lambda: 0.0,
        warmup=args.warmup,
        repeat=args.repeat,
    )
    result = entry(
        "measurements_csv_1000",
        samples,
        queries=count_queries(lambda: _read(client.get(csv_url))),
        rows=rows,
    )
    results.append(judge(result, f"≤ {TARGET_MS} ms", result["median_ms"] <= TARGET_MS))
    return results


def _pages(client, url: str) -> int:
    """How many pages of programmes the overview has."""
    pages = 1
    while 'rel="next"' in _ok(client, f"{url}?page={pages}").content.decode():
        pages += 1
    return pages
