"""`make load`'s last step: Locust's statistics (bench/results/load_stats.csv) as
bench/results/load.json, each endpoint judged against issue #21's targets.

Targets: no failed request; p95 of every page and every other read (GET) ≤ 300 ms; throughput ≥ 0.5× the plain
views' (`baseline_rps`, when a baseline run's statistics are given; else null and the
throughput target is not judged).
"""

import argparse
import csv
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 300


def rows(path: Path) -> dict[str, dict]:
    with path.open(newline="") as file:
        return {row["Name"]: row for row in csv.DictReader(file) if row["Name"] != "Aggregated"}


def entry(name: str, row: dict, baseline: dict | None) -> dict:
    failures = int(row["Failure Count"])
    p95 = float(row["95%"])
    rps = float(row["Requests/s"])
    baseline_rps = float(baseline["Requests/s"]) if baseline else None
    # The p95 target is for what a reader waits on (every GET: pages, lists, read models,
    # exports); writes are judged on their failures and reported.
    reading = row.get("Type", "GET") == "GET"
    met = failures == 0 and (p95 <= P95_TARGET_MS or not reading)
    if baseline_rps:
        met = met and rps >= 0.5 * baseline_rps
    return {
        "name": name,
        "requests": int(row["Request Count"]),
        "failures": failures,
        "p50_ms": float(row["50%"]),
        "p95_ms": p95,
        "p99_ms": float(row["99%"]),
        "rps": round(rps, 2),
        "baseline_rps": round(baseline_rps, 2) if baseline_rps else None,
        "method": row.get("Type", "GET"),
        "target": f"0 failures, p95 ≤ {P95_TARGET_MS} ms (reads), ≥ 0.5× plain views' rps",
        "target_met": met,
    }


def _json(path: str) -> dict | None:
    """What bench/pgload.py recorded of the database servers during a run, if it did."""
    return json.loads(Path(path).read_text()) if Path(path).exists() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stats", default=str(ROOT / "bench/results/load_stats.csv"))
    parser.add_argument("--baseline-stats", default="")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--figures", type=int, default=None)
    parser.add_argument("--db-stats", default=str(ROOT / "bench/results/load_db.json"))
    parser.add_argument(
        "--baseline-db-stats", default=str(ROOT / "bench/results/load_baseline_db.json")
    )
    parser.add_argument("--output", default=str(ROOT / "bench/results/load.json"))
    args = parser.parse_args()
    found = rows(Path(args.stats))
    baseline_path = Path(args.baseline_stats) if args.baseline_stats else None
    baseline = rows(baseline_path) if baseline_path and baseline_path.exists() else {}
    entries = [
        entry(name, row, baseline.get(name))
        for name, row in sorted(found.items())
        if not name.startswith("sign-in")
    ]
    # As bench/results/latest.json: the run's conditions on every entry.
    run = {
        "users": args.users,
        "duration": args.duration,
        "cores": os.cpu_count(),
        "figures": args.figures,
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "replicas": len([u for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u]),
        "database_servers": _json(args.db_stats),
        "database_servers_baseline": _json(args.baseline_db_stats) if baseline else None,
    }
    Path(args.output).write_text(json.dumps([{**e, **run} for e in entries], indent=2) + "\n")
    print(f"{'endpoint':55} {'reqs':>6} {'fail':>4} {'p50':>6} {'p95':>6} {'p99':>6} {'rps':>6}")
    for e in entries:
        print(
            f"{e['name'][:55]:55} {e['requests']:6} {e['failures']:4} {e['p50_ms']:6.0f} "
            f"{e['p95_ms']:6.0f} {e['p99_ms']:6.0f} {e['rps']:6.1f} "
            f"{'MET' if e['target_met'] else 'NOT MET'}"
        )
    for name, value in (run["database_servers"] or {}).items():
        print(f"{name}: {value}")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
