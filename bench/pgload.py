"""What the database servers did during a load run: `make load` asks each server (the
primary `DATABASE_URL`, and every `DATABASE_REPLICA_URLS`) when the statistics are
reset and again when the run stops, and records the difference.

Per server: transactions committed, rows read (returned by scans + fetched by index),
blocks read from the cache and from disk (`pg_stat_database` of the database), and the
CPU seconds its processes used (the postmaster and its children, through `psutil`; only
when the server runs on this machine, else null). That is "the primary's load with and
without a replica" of issue #21 point 5.
"""

import json
import os
import time

STATS_SQL = """
SELECT xact_commit, tup_returned + tup_fetched, blks_hit, blks_read, pg_backend_pid()
FROM pg_stat_database WHERE datname = current_database()
"""
FIELDS = ("transactions", "rows_read", "blocks_hit", "blocks_read")


def servers() -> dict[str, str]:
    found = {"primary": os.environ["DATABASE_URL"]}
    replicas = [u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",")]
    found.update({f"replica{n}": url for n, url in enumerate(filter(None, replicas), start=1)})
    return found


def _cpu_seconds(backend_pid: int) -> float | None:
    """CPU seconds of the server so far: the postmaster's own, those of its children that
    ended (the kernel adds them to the postmaster's when it reaps them: a connection
    closed during the run still counts) and those of its children still running."""
    import psutil

    try:
        postmaster = psutil.Process(backend_pid).parent()
        own = postmaster.cpu_times()
        children = postmaster.children()
    except psutil.Error:
        return None  # another machine's server, or no access to its processes
    total = own.user + own.system + own.children_user + own.children_system
    for process in children:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue  # a backend that ended meanwhile (now in the postmaster's count)
        total += times.user + times.system
    return total


def _machine() -> dict:
    """CPU seconds of the whole machine (busy: not idle nor waiting for disk) and of this
    process (the load generator, which shares the machine with the server)."""
    import psutil

    machine = psutil.cpu_times()
    me = psutil.Process().cpu_times()
    busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
    return {"machine_busy_s": busy, "load_generator_s": me.user + me.system}


def snapshot() -> dict:
    import psycopg2

    taken = {"at": time.monotonic(), **_machine()}
    for name, url in servers().items():
        with psycopg2.connect(url) as db, db.cursor() as cursor:
            cursor.execute(STATS_SQL)
            *numbers, pid = cursor.fetchone()
        taken[name] = {**dict(zip(FIELDS, numbers, strict=True)), "cpu_s": _cpu_seconds(pid)}
        db.close()
    return taken


def difference(before: dict, after: dict) -> dict:
    seconds = after["at"] - before["at"]
    result = {"seconds": round(seconds, 1)}
    for name in ("machine_busy_s", "load_generator_s"):
        if name in after:
            used = after[name] - before[name]
            result[name] = round(used, 1)
            result[name.replace("_s", "_cores")] = round(used / seconds, 2)
    for name in after:
        if not isinstance(after[name], dict):
            continue
        result[name] = {
            field: (
                None
                if before[name][field] is None or after[name][field] is None
                else round(after[name][field] - before[name][field], 2)
            )
            for field in (*FIELDS, "cpu_s")
        }
        cpu = result[name]["cpu_s"]
        result[name]["cpu_share"] = round(cpu / seconds, 3) if cpu is not None else None
    return result


def write(path: str, before: dict, after: dict) -> None:
    with open(path, "w") as file:
        json.dump(difference(before, after), file, indent=2)
        file.write("\n")
