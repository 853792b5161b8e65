"""growth: the same scorecard on the full data against the 1/10 database."""

from bench.harness import (
    ROUTER,
    SMALL_ALIAS,
    count_queries,
    get_json,
    judge,
    province_phase,
    timed,
)
from bench.stats import alternate, entry


def bench_growth(args, client, *, small_client, sizes: dict) -> list[dict]:
    full_phase = province_phase()
    ROUTER.alias = SMALL_ALIAS
    try:
        small_phase = province_phase(SMALL_ALIAS)
        small_url = f"/api/v1/phases/{small_phase.pk}/scorecard/"
        small_answer = get_json(small_client, small_url)
    finally:
        ROUTER.alias = None
    full_url = f"/api/v1/phases/{full_phase.pk}/scorecard/"
    full_answer = get_json(client, full_url)
    strip = ("phase",)
    same = {k: v for k, v in full_answer.items() if k not in strip} == {
        k: v for k, v in small_answer.items() if k not in strip
    }

    def small() -> float:
        ROUTER.alias = SMALL_ALIAS
        try:
            return timed(lambda: small_client.get(small_url))
        finally:
            ROUTER.alias = None

    full_ms, small_ms = alternate(
        lambda: timed(lambda: client.get(full_url)), small, warmup=args.warmup, repeat=args.repeat
    )
    result = entry(
        "scorecard_growth",
        full_ms,
        baseline="the same scorecard on 1/10 of the data",
        baseline_ms=small_ms,
        queries=count_queries(lambda: client.get(full_url)),
        baseline_figures=sizes[SMALL_ALIAS],
        same_answer=same,
    )
    return [judge(result, "10× data ≤ 1.5× time", result["ratio"] <= 1.5)]
