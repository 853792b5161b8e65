"""scorecard: a province phase's scorecard through the API against one SQL query."""

from bench.harness import (
    get_against,
    get_json,
    judged_against_limit,
    province_phase,
    raw_cursor,
)
from bench.stats import entry


def bench_scorecard(args, client) -> list[dict]:
    from bench.sql import SCORECARD_SQL, SCORECARD_SUMMARY_SQL
    from core.numbers import plain_text

    phase = province_phase()
    url = f"/api/v1/phases/{phase.pk}/scorecard/"
    params = {"phase": phase.pk, "area": phase.programme.area_id, "year": phase.end_year}
    cursor = raw_cursor()

    def sql():
        cursor.execute(SCORECARD_SQL, params)
        return cursor.fetchall()

    def summary_sql():
        cursor.execute(SCORECARD_SUMMARY_SQL, params)
        return cursor.fetchall()

    app = get_json(client, url)
    expected = [(line["target"], line["actual"], line["status"]) for line in app["targets"]]
    for query in (sql, summary_sql):
        rows = query()
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in rows]
        got = [(row["target"], plain_text(row["actual"]), row["status"]) for row in rows]
        if expected != got or (rows and rows[0]["achieved"] != app["achieved"]):
            raise RuntimeError(f"scorecard SQL disagrees with the app: {expected[:3]} / {got[:3]}")
    app_ms, sql_ms, queries = get_against(args, client, url, sql)
    result = entry(
        "scorecard",
        app_ms,
        baseline="one SQL query over the figures",
        baseline_ms=sql_ms,
        queries=queries,
        targets=app["targets_total"],
    )
    return [judged_against_limit(args, client, result, summary_sql)]
