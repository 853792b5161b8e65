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

The shared machinery is in `bench/harness.py`, each benchmark in `bench/benchmarks/`.
"""

import functools
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.benchmarks.bulk import bench_bulk, bulk_memory_child  # noqa: E402
from bench.benchmarks.collection import bench_completeness, bench_data_quality  # noqa: E402
from bench.benchmarks.dashboard import bench_dashboard  # noqa: E402
from bench.benchmarks.growth import bench_growth  # noqa: E402
from bench.benchmarks.page import bench_measurements_page  # noqa: E402
from bench.benchmarks.pages import bench_pages  # noqa: E402
from bench.benchmarks.progress import bench_progress  # noqa: E402
from bench.benchmarks.review import bench_review  # noqa: E402
from bench.benchmarks.scorecard import bench_scorecard  # noqa: E402
from bench.harness import (  # noqa: E402
    BENCHMARKS,
    SMALL_ALIAS,
    db_connection,
    ensure_database,
    load_user,
    logged_in_client,
    parse_args,
    prepare_data,
    raw_cursor,
    setup_django,
    small_database_url,
)
from bench.stats import table  # noqa: E402


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
    if args.load_user:
        load_user()
        return
    data = prepare_data(args, url, small_url)
    sizes = data["figures"]
    client = logged_in_client()
    small_client = logged_in_client(SMALL_ALIAS)
    machine = {
        "cores": os.cpu_count(),
        "figures": sizes["default"],
        "python": platform.python_version(),
        "postgresql": db_connection().pg_version,
    }
    print(
        f"{machine['cores']} cores, {sizes['default']:,} figures "
        f"({sizes[SMALL_ALIAS]:,} in the 1/10 database); "
        f"{args.repeat} timed rounds after {args.warmup} warm-up",
        flush=True,
    )
    # The bulk upload goes last: the rows it adds and removes leave work for autovacuum,
    # which must not run under the other benchmarks.
    benches = {
        "scorecard": bench_scorecard,
        "progress": bench_progress,
        "growth": functools.partial(bench_growth, small_client=small_client, sizes=sizes),
        "page": bench_measurements_page,
        "dashboard": bench_dashboard,
        "pages": bench_pages,
        "review": bench_review,
        "completeness": bench_completeness,
        "data_quality": bench_data_quality,
        "bulk": bench_bulk,
    }
    results = []
    for name in [name for name in args.only.split(",") if name] or BENCHMARKS:
        print(f"running {name}", flush=True)
        results.extend(benches[name](args, client))
    with raw_cursor() as cursor:
        cursor.execute("VACUUM ANALYZE indicators_measurement")
    write_results(args.output, results, machine, data["generated_seconds"])


def write_results(output: str, results: list[dict], machine: dict, generated: dict) -> None:
    """Add the machine (and the data's generation time, when it ran) to every entry; write
    them to `output` and print the table."""
    for result in results:
        result.update(machine)
        if generated:
            result["generated_seconds"] = {k: round(v, 1) for k, v in generated.items()}
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"written to {output}")


if __name__ == "__main__":
    main()
