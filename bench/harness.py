"""What every benchmark shares: the options, the two databases, the logged-in client,
timing and the verdicts. The benchmarks themselves are in `bench.benchmarks`;
`bench/run.py` runs them.
"""

import argparse
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.stats import alternate

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "bench" / "run.py"
DESCRIPTION = (
    "`make bench`: the app against PostgreSQL itself, side by side on national-scale data."
)
SMALL_ALIAS = "small"
# in run order
BENCHMARKS = (
    "scorecard",
    "progress",
    "growth",
    "page",
    "dashboard",
    "pages",
    "review",
    "completeness",
    "data_quality",
    "bulk",
)


# Options and databases


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
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
    parser.add_argument(
        "--load-user",
        action="store_true",
        help="only give the benchmark user the password `make load` signs in with, and stop",
    )
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
        with db_connection(alias).cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    sizes = {alias: Measurement.objects.using(alias).count() for alias in ("default", SMALL_ALIAS)}
    return {"generated_seconds": timings, "figures": sizes}


# Connections and the client


def db_connection(alias: str = "default"):
    from django.db import connections

    return connections[alias]


def raw_cursor(alias: str = "default"):
    """A bare psycopg2 cursor: the baselines pay nothing for Django."""
    connection = db_connection(alias)
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


# Timing and verdicts


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def count_queries(function, alias: str = "default") -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db_connection(alias)) as context:
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


def judge(result: dict, target: str, met: bool) -> dict:
    result["target"] = target
    result["target_met"] = bool(met)
    return result


def judged_read(result: dict) -> dict:
    """A read model's target: a median of 50 ms at most, and at most 1.5× its SQL."""
    met = result["median_ms"] <= 50 and result["ratio"] <= 1.5
    return judge(result, "≤ 50 ms and ≤ 1.5× SQL", met)


# The limits (issue #21 point 1): what any request costs, and the same numbers in one SQL
# query over the summaries the app reads.

LIMIT_FACTOR = 1.5


def floor_url() -> str:
    """An authenticated API request that reads one row: routing, authentication,
    permissions, one lookup, rendering (a province indicator's plain detail)."""
    from indicators.models import Indicator

    indicator = Indicator.objects.filter(phase=province_phase()).order_by("id").first()
    return f"/api/v1/indicators/{indicator.pk}/"


def judged_against_limit(args, client, result: dict, summary_sql) -> dict:
    """Time the floor request against `summary_sql` (alternating) and judge `result`:
    its median ≤ 1.5× (floor + summary SQL)."""
    from bench.stats import median

    url = floor_url()
    floor_ms, summary_ms = alternate(
        lambda: timed(lambda: client.get(url)),
        lambda: timed(summary_sql),
        warmup=args.warmup,
        repeat=args.repeat,
    )
    limit = median(floor_ms) + median(summary_ms)
    result.update(
        floor_median_ms=round(median(floor_ms), 3),
        summary_sql_median_ms=round(median(summary_ms), 3),
        limit_ms=round(limit, 3),
        limit_ratio=round(result["median_ms"] / limit, 3),
    )
    return judge(
        result,
        f"≤ {LIMIT_FACTOR}× (floor + summary SQL)",
        result["median_ms"] <= LIMIT_FACTOR * limit,
    )


def load_user() -> None:
    """The benchmark superuser with the password the load test signs in with
    (`LOAD_PASSWORD`, default "bench-load"): `make load`'s first step."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.org", None)
    user.set_password(os.environ.get("LOAD_PASSWORD", "bench-load"))
    user.save(update_fields=["password"])
