"""review: a province's phase review document from its live figures, Word and Excel."""

from bench.harness import count_queries, judge, province_phase, timed
from bench.stats import alternate, entry

TARGET_MS = 2000


def bench_review(args, client) -> list[dict]:
    phase = province_phase()
    results = []
    for kind in ("docx", "xlsx"):
        url = f"/api/v1/phases/{phase.pk}/review/?figures=all&format={kind}"
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        samples, _unused = alternate(
            lambda url=url: timed(lambda: client.get(url)),
            lambda: 0.0,
            warmup=args.warmup,
            repeat=args.repeat,
        )
        result = entry(
            f"review_{kind}",
            samples,
            queries=count_queries(lambda url=url: client.get(url)),
            bytes=len(response.content),
        )
        results.append(judge(result, "≤ 2 s", result["median_ms"] <= TARGET_MS))
    return results
