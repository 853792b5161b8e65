"""progress: an indicator's progress series through the API against one SQL query, and the
API's floor (a plain detail request) beside it."""

from bench.harness import (
    get_against,
    get_json,
    judged_against_limit,
    province_phase,
    raw_cursor,
)
from bench.stats import entry


def bench_progress(args, client) -> list[dict]:
    from bench.sql import PROGRESS_SQL, PROGRESS_SUMMARY_SQL
    from core.numbers import plain_text
    from indicators.models import Indicator, Unit

    phase = province_phase()
    indicator = Indicator.objects.filter(phase=phase, unit=Unit.PERCENT).order_by("id").first()
    url = f"/api/v1/indicators/{indicator.pk}/progress/"
    params = {"indicator": indicator.pk, "area": phase.programme.area_id}
    cursor = raw_cursor()

    def sql():
        cursor.execute(PROGRESS_SQL, params)
        return cursor.fetchall()

    def summary_sql():
        cursor.execute(PROGRESS_SUMMARY_SQL, params)
        return cursor.fetchall()

    app = get_json(client, url)
    expected = [(p["period"], p["actual"], p["target"]) for p in app["series"]]
    for query in (sql, summary_sql):
        got = [(period, plain_text(a), plain_text(target)) for period, a, target in query()]
        if expected != got:
            raise RuntimeError(f"progress SQL disagrees with the app: {expected} / {got}")
    app_ms, sql_ms, queries = get_against(args, client, url, sql)
    result = entry(
        "progress",
        app_ms,
        baseline="one SQL query over the figures",
        baseline_ms=sql_ms,
        queries=queries,
    )
    # What any API request costs before it does any work of its own: the same indicator's
    # plain detail (authentication, routing, permissions, one lookup, JSON), against the
    # same SQL. No target: it shows how much of the progress ratio is the framework's.
    detail = f"/api/v1/indicators/{indicator.pk}/"
    floor_ms, floor_sql_ms, floor_queries = get_against(args, client, detail, sql)
    floor = entry(
        "api_floor_indicator_detail",
        floor_ms,
        baseline="the progress SQL query",
        baseline_ms=floor_sql_ms,
        queries=floor_queries,
    )
    return [judged_against_limit(args, client, result, summary_sql), floor]
