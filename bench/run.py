"""`make bench`: the app against PostgreSQL itself, side by side on national-scale data.

Usage (DATABASE_URL must name a PostgreSQL database kept for benchmarks, never a test
database; it and a sibling "<name>_small" holding 1/10 of the provinces are created,
migrated and filled by `generate_scale_data` when missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale .venv/bin/python bench/run.py

Every benchmark times the app (in process, through Django's test client with a logged-in
superuser, so middleware, authentication, DRF and serialisation all count) and a baseline,
alternating which goes first, drops the warm-up rounds and reports the median and p95.
Before timing, each pair is checked to give the same numbers. The table is printed and the
results are written to bench/results/latest.json as a list of entries.
"""

import argparse
import functools
import io
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import alternate, entry, table  # noqa: E402

SMALL_ALIAS = "small"
BULK_REQUEST_ROWS = 10_000
BENCHMARKS = (
    "scorecard",
    "progress",
    "growth",
    "page",
    "dashboard",
    "review",
    "bulk",
)  # in run order  # the API's limit per request (indicators.serializers.BULK_MAX_ROWS)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes-per-province", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds per benchmark")
    parser.add_argument("--warmup", type=int, default=3, help="rounds dropped before timing")
    parser.add_argument("--page", type=int, default=3, help="which 100-row page to read")
    parser.add_argument("--bulk-rows", type=int, default=100_000)
    parser.add_argument("--bulk-repeat", type=int, default=3)
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated benchmarks to run, of {', '.join(BENCHMARKS)} (default: all)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "latest.json"))
    parser.add_argument("--bulk-memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = [name for name in args.only.split(",") if name and name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return args


def small_database_url(url: str) -> str:
    """The URL of the sibling database with 1/10 of the data: the name gets "_small"."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))


def small_provinces(provinces: int) -> int:
    return max(1, round(provinces / 10))


def generation_options(args: argparse.Namespace, provinces: int) -> list[str]:
    return [
        f"--provinces={provinces}",
        f"--communes-per-province={args.communes_per_province}",
        f"--indicators={args.indicators}",
        f"--years={args.years}",
        f"--seed={args.seed}",
    ]


def ensure_database(url: str) -> None:
    """Create the database named by `url` if the server does not have it yet."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name.startswith("test_") or name.startswith("tracker"):
        sys.exit(f"Refusing to use {name!r}: keep benchmark data apart from test databases.")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    admin.close()


def setup_django(url: str, small_url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import dj_database_url
    import django
    from django.conf import settings

    settings.DATABASES[SMALL_ALIAS] = dj_database_url.parse(small_url, conn_max_age=600)
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 600
    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DATABASE_ROUTERS = [ROUTER]
    django.setup()
    from django.db.backends.signals import connection_created

    connection_created.connect(_no_jit)
    warnings.filterwarnings("ignore", message="No directory at")
    settings.DEBUG = False  # no query log; static files keep the storage chosen at start


def _no_jit(sender, connection, **kwargs) -> None:
    """JIT off on every benchmark connection, app and baseline alike.

    PostgreSQL's default JIT compiles any query whose estimated cost passes 100,000; a
    join on generate_series() is estimated at 1,000 rows, and compiling it took 0.9 s of a
    1 s query. Short OLTP queries never gain from JIT; production should turn it off too.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")


class AliasRouter:
    """Sends every ORM read and write to `alias` while it is set (the growth benchmark)."""

    alias: str | None = None

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias


ROUTER = AliasRouter()


def prepare_data(args: argparse.Namespace, url: str, small_url: str) -> dict:
    """Migrate both databases and build the data each should hold if it is missing."""
    from django.core.management import call_command

    from indicators.models import Measurement
    from programmes.models import Area, AreaLevel, Programme

    timings = {}
    for alias, db_url, provinces in (
        ("default", url, args.provinces),
        (SMALL_ALIAS, small_url, small_provinces(args.provinces)),
    ):
        call_command("migrate", database=alias, verbosity=0, interactive=False)
        wanted = generation_options(args, provinces)
        have_provinces = (
            Area.objects.using(alias)
            .filter(code__startswith="SC", level=AreaLevel.PROVINCE)
            .count()
        )
        first = Programme.objects.using(alias).filter(code="SC01-CT").first()
        fingerprint = (
            f"seed {args.seed}, {args.communes_per_province} communes, "
            f"{args.indicators} indicators, {args.years} years."
        )
        if have_provinces == provinces and first and first.description.endswith(fingerprint):
            continue
        command = [sys.executable, str(ROOT / "manage.py"), "generate_scale_data", *wanted]
        if have_provinces:
            command.append("--replace")
        print(f"generating data in {alias}: {' '.join(wanted)}", flush=True)
        started = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "DATABASE_URL": db_url})
        timings[alias] = time.perf_counter() - started
        with _connection(alias).cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    sizes = {alias: Measurement.objects.using(alias).count() for alias in ("default", SMALL_ALIAS)}
    return {"generated_seconds": timings, "figures": sizes}


def _connection(alias: str = "default"):
    from django.db import connections

    return connections[alias]


def raw_cursor(alias: str = "default"):
    """A bare psycopg2 cursor: the baselines pay nothing for Django."""
    connection = _connection(alias)
    connection.ensure_connection()
    return connection.connection.cursor()


def logged_in_client(alias: str | None = None):
    from django.contrib.auth import get_user_model
    from django.test import Client

    ROUTER.alias = alias
    try:
        user_model = get_user_model()
        user = user_model.objects.filter(username="bench").first()
        if user is None:
            user = user_model.objects.create_superuser("bench", "bench@example.org", None)
        client = Client()
        client.force_login(user)
    finally:
        ROUTER.alias = None
    return client


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def count_queries(function, alias: str = "default") -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(_connection(alias)) as context:
        function()
    return len(context.captured_queries)


def get_against(args, client, url: str, baseline) -> tuple[list, list, int]:
    """Time GET `url` against `baseline()`, alternating; also the queries one GET runs."""
    app_ms, baseline_ms = alternate(
        lambda: timed(lambda: client.get(url)),
        lambda: timed(baseline),
        warmup=args.warmup,
        repeat=args.repeat,
    )
    return app_ms, baseline_ms, count_queries(lambda: client.get(url))


def judged_read(result: dict) -> dict:
    """A read model's target: a median of 50 ms at most, and at most 1.5× its SQL."""
    met = result["median_ms"] <= 50 and result["ratio"] <= 1.5
    return _judge(result, "≤ 50 ms and ≤ 1.5× SQL", met)


def province_phase(alias: str = "default", number: int = 1):
    from programmes.models import Phase

    return (
        Phase.objects.using(alias)
        .select_related("programme__area")
        .get(programme__code=f"SC{number:02d}-CT")
    )


def get_json(client, url: str) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]}")
    return response.json()


# The benchmarks. Each returns its result entries.


def bench_scorecard(args, client) -> list[dict]:
    from bench.sql import SCORECARD_SQL
    from config.api import plain_text

    phase = province_phase()
    url = f"/api/v1/phases/{phase.pk}/scorecard/"
    params = {"phase": phase.pk, "area": phase.programme.area_id, "year": phase.end_year}
    cursor = raw_cursor()

    def sql():
        cursor.execute(SCORECARD_SQL, params)
        return cursor.fetchall()

    app = get_json(client, url)
    rows = sql()
    columns = [column.name for column in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in rows]
    expected = [(line["target"], line["actual"], line["status"]) for line in app["targets"]]
    got = [(row["target"], plain_text(row["actual"]), row["status"]) for row in rows]
    if expected != got or (rows and rows[0]["achieved"] != app["achieved"]):
        raise RuntimeError(f"scorecard SQL disagrees with the app: {expected[:3]} / {got[:3]}")
    app_ms, sql_ms, queries = get_against(args, client, url, sql)
    result = entry(
        "scorecard",
        app_ms,
        baseline="one SQL query",
        baseline_ms=sql_ms,
        queries=queries,
        targets=app["targets_total"],
    )
    return [judged_read(result)]


def bench_progress(args, client) -> list[dict]:
    from bench.sql import PROGRESS_SQL
    from config.api import plain_text
    from indicators.models import Indicator, Unit

    phase = province_phase()
    indicator = Indicator.objects.filter(phase=phase, unit=Unit.PERCENT).order_by("id").first()
    url = f"/api/v1/indicators/{indicator.pk}/progress/"
    params = {"indicator": indicator.pk, "area": phase.programme.area_id}
    cursor = raw_cursor()

    def sql():
        cursor.execute(PROGRESS_SQL, params)
        return cursor.fetchall()

    app = get_json(client, url)
    expected = [(p["period"], p["actual"], p["target"]) for p in app["series"]]
    got = [(period, plain_text(actual), plain_text(target)) for period, actual, target in sql()]
    if expected != got:
        raise RuntimeError(f"progress SQL disagrees with the app: {expected} / {got}")
    app_ms, sql_ms, queries = get_against(args, client, url, sql)
    result = entry(
        "progress", app_ms, baseline="one SQL query", baseline_ms=sql_ms, queries=queries
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
    return [judged_read(result), floor]


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
        results.append(_judge(result, "≥ 0.5× plain view throughput", result["ratio"] <= 2))
    return results


def bulk_rows(args, limit: int) -> tuple[list[dict], str, object]:
    """`limit` new half-year figures of one province, as API rows and as COPY text."""
    from django.utils import timezone

    from indicators.models import Indicator
    from indicators.scale_data import commune_figures, indicator_specs
    from programmes.models import Area

    number = 2 if args.provinces >= 2 else 1
    phase = province_phase(number=number)
    options = _scale_options(args)
    specs = indicator_specs(options, number)
    indicators = list(Indicator.objects.filter(phase=phase).order_by("id"))
    communes = list(
        Area.objects.filter(parent=phase.programme.area).order_by("code").values_list("id", "code")
    )
    rows, copy_lines = [], []
    stamp = timezone.now().isoformat()
    for commune_number, (area_id, area_code) in enumerate(communes, start=1):
        # A different seed, so the half-year figures differ from the yearly ones.
        figures = commune_figures(
            _scale_options(args, seed=args.seed + 1000), number, commune_number, specs
        )
        for index, (period, _year, sex, value, numerator, denominator, _status) in figures:
            if len(rows) >= limit:
                break
            row = {
                "indicator": indicators[index].pk,
                "area": area_code,
                "period": f"{period}S1",
                "sex": sex,
                "value": value,
            }
            if numerator is not None:
                row["numerator"], row["denominator"] = numerator, denominator
            rows.append(row)
            copy_lines.append(
                f"{indicators[index].pk}\t{area_id}\t{period}S1\t{period}\t{sex}\t{value}\t"
                f"{numerator if numerator is not None else chr(92) + 'N'}\t"
                f"{denominator if denominator is not None else chr(92) + 'N'}\t"
                f"draft\t\t\\N\t\\N\t{stamp}\t{stamp}\t1\n"
            )
    return rows, "".join(copy_lines), phase


def _scale_options(args, seed: int | None = None):
    from indicators.scale_data import ScaleOptions

    return ScaleOptions(
        provinces=args.provinces,
        communes_per_province=args.communes_per_province,
        indicators=args.indicators,
        years=args.years,
        seed=args.seed if seed is None else seed,
    )


def delete_half_years(phase) -> int:
    """Remove the half-year figures the bulk benchmark added, outside any timing."""
    with raw_cursor() as cursor:
        cursor.execute(
            "DELETE FROM indicators_measurement m USING indicators_indicator i "
            "WHERE i.id = m.indicator_id AND i.phase_id = %s AND m.period LIKE '%%S_'",
            [phase.pk],
        )
        return cursor.rowcount


def post_bulk(client, rows: list[dict]) -> None:
    """Upload `rows` in requests of the API's maximum size; every one must succeed."""
    bodies = [
        json.dumps({"measurements": rows[start : start + BULK_REQUEST_ROWS]})
        for start in range(0, len(rows), BULK_REQUEST_ROWS)
    ]
    for body in bodies:
        response = client.post("/api/v1/measurements/bulk/", body, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"bulk answered {response.status_code}: {response.content[:500]}")


def bench_bulk(args, client) -> list[dict]:
    from indicators.scale_data import MEASUREMENT_COLUMNS

    rows, copy_text, phase = bulk_rows(args, args.bulk_rows)
    bodies = [
        json.dumps({"measurements": rows[start : start + BULK_REQUEST_ROWS]})
        for start in range(0, len(rows), BULK_REQUEST_ROWS)
    ]
    copy_sql = f"COPY indicators_measurement ({', '.join(MEASUREMENT_COLUMNS)}) FROM STDIN"
    delete_half_years(phase)

    def app() -> float:
        started = time.perf_counter()
        for body in bodies:
            response = client.post(
                "/api/v1/measurements/bulk/", body, content_type="application/json"
            )
            if response.status_code != 200:
                raise RuntimeError(
                    f"bulk answered {response.status_code}: {response.content[:500]}"
                )
        elapsed = time.perf_counter() - started
        removed = delete_half_years(phase)
        if removed != len(rows):
            raise RuntimeError(f"bulk wrote {removed} figures, not {len(rows)}")
        return elapsed

    def copy() -> float:
        cursor = raw_cursor()
        started = time.perf_counter()
        cursor.copy_expert(copy_sql, io.StringIO(copy_text))
        elapsed = time.perf_counter() - started
        delete_half_years(phase)
        return elapsed

    queries = count_queries(lambda: post_bulk(client, rows[:BULK_REQUEST_ROWS]))
    delete_half_years(phase)
    app_ms, copy_ms = alternate(app, copy, warmup=1, repeat=args.bulk_repeat)
    memory = bulk_memory(args)
    result = entry(
        "bulk_upload",
        app_ms,
        baseline="COPY of the same rows",
        baseline_ms=copy_ms,
        queries=queries,
        rows=len(rows),
        requests=len(bodies),
        rows_per_s=round(len(rows) / (sorted(app_ms)[len(app_ms) // 2] / 1000)),
        copy_rows_per_s=round(len(rows) / (sorted(copy_ms)[len(copy_ms) // 2] / 1000)),
        **memory,
    )
    met = (
        result["rows_per_s"] >= 50_000
        and result["ratio"] <= 5
        and memory.get("peak_rss_mb", 0) <= 500
    )
    return [_judge(result, "≥ 50,000 rows/s, ≥ 1/5 of COPY, ≤ 500 MB", met)]


def bulk_memory(args) -> dict:
    """Peak memory of the upload, measured in a fresh process so nothing else counts."""
    command = [sys.executable, str(Path(__file__).resolve()), "--bulk-memory-child"]
    command += [*generation_options(args, args.provinces), f"--bulk-rows={args.bulk_rows}"]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def resident_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def bulk_memory_child(args) -> None:
    """Upload the rows once; report the resident memory before and its peak during."""
    client = logged_in_client()
    rows, _copy_text, phase = bulk_rows(args, args.bulk_rows)
    delete_half_years(phase)
    before = resident_mb()
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, resident_mb())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        post_bulk(client, rows)
    finally:
        done.set()
        sampler.join()
    delete_half_years(phase)
    print(
        json.dumps(
            {
                "peak_rss_mb": round(peak, 1),
                "rss_before_upload_mb": round(before, 1),
                "upload_rss_growth_mb": round(peak - before, 1),
                "max_rss_of_process_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
            }
        )
    )


def bench_dashboard(args, client) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    phase = province_phase()
    try:
        url = reverse("dashboards:phase", args=[phase.pk])
    except NoReverseMatch:
        return [
            entry(
                "dashboard_phase",
                [],
                skipped="no URL named dashboards:phase in this build",
            )
        ]
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


def bench_review(args, client) -> list[dict]:
    """The province's review document from its live figures, Word and Excel (issue 17)."""
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
        results.append(_judge(result, "≤ 2 s", result["median_ms"] <= 2000))
    return results


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
    return [_judge(result, "10× data ≤ 1.5× time", result["ratio"] <= 1.5)]


def _judge(result: dict, target: str, met: bool) -> dict:
    result["target"] = target
    result["target_met"] = bool(met)
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs DATABASE_URL=postgres://…/<benchmark database>.")
    small_url = small_database_url(url)
    if not args.bulk_memory_child:
        ensure_database(url)
        ensure_database(small_url)
    setup_django(url, small_url)
    if args.bulk_memory_child:
        bulk_memory_child(args)
        return
    data = prepare_data(args, url, small_url)
    sizes = data["figures"]
    client = logged_in_client()
    small_client = logged_in_client(SMALL_ALIAS)
    machine = {
        "cores": os.cpu_count(),
        "figures": sizes["default"],
        "python": platform.python_version(),
        "postgresql": _connection().pg_version,
    }
    print(
        f"{machine['cores']} cores, {sizes['default']:,} figures "
        f"({sizes[SMALL_ALIAS]:,} in the 1/10 database); "
        f"{args.repeat} timed rounds after {args.warmup} warm-up",
        flush=True,
    )
    results = []
    # The bulk upload goes last: the rows it adds and removes leave work for autovacuum,
    # which must not run under the other benchmarks.
    benches = {
        "scorecard": bench_scorecard,
        "progress": bench_progress,
        "growth": functools.partial(bench_growth, small_client=small_client, sizes=sizes),
        "page": bench_measurements_page,
        "dashboard": bench_dashboard,
        "review": bench_review,
        "bulk": bench_bulk,
    }
    wanted = [name for name in args.only.split(",") if name] or BENCHMARKS
    for name in wanted:
        print(f"running {name}", flush=True)
        results.extend(benches[name](args, client))
    with raw_cursor() as cursor:
        cursor.execute("VACUUM ANALYZE indicators_measurement")
    for result in results:
        result.update(machine)
        if data["generated_seconds"]:
            result["generated_seconds"] = {
                k: round(v, 1) for k, v in data["generated_seconds"].items()
            }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
