"""Reads of safe requests from streaming replicas; everything else from the primary.

`DATABASE_REPLICA_URLS` (settings) adds one database alias per replica, listed in
`DATABASE_REPLICAS`. `ReplicaMiddleware` marks a request that may read from a replica:
a GET, HEAD or OPTIONS outside the admin, from a client that has not written within
`REPLICA_READ_YOUR_WRITES_SECONDS` (the `REPLICA_COOKIE` it was given when it wrote).
`ReplicaRouter` then sends that request's reads to one replica, picked once per request
among those that answer and lag at most `REPLICA_MAX_LAG_SECONDS`; any other read (a
write request, a read inside a transaction on the primary, a command, a job) and every
write goes to the primary. A request that writes although its method is safe is marked
too, so the client's next reads stay on the primary.

Each process checks a replica at most every `REPLICA_CHECK_SECONDS`: one query that
gives its replay lag; a replica that refuses the connection or fails the query is left
out until the next check. See docs/performance.md, "Read replicas".
"""

import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Seconds of replay lag; 0 when the replica has replayed all it received (an idle primary
# sends nothing, and its last transaction may be old without the replica being behind).
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


@dataclass
class RequestReads:
    """What one request may read from, and whether it wrote."""

    may_use_replica: bool
    replica: str | None = None
    chosen: bool = False
    wrote: bool = False


_request: contextvars.ContextVar[RequestReads | None] = contextvars.ContextVar(
    "replica_request", default=None
)


@dataclass
class _Health:
    checked_at: float = float("-inf")
    usable: bool = False
    lag: float | None = None


@dataclass
class ReplicaHealth:
    """Per process: when each replica was last checked, and whether it was usable."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    by_alias: dict[str, _Health] = field(default_factory=dict)

    def usable(self, alias: str) -> bool:
        now = time.monotonic()
        with self.lock:
            health = self.by_alias.setdefault(alias, _Health())
            if now - health.checked_at < settings.REPLICA_CHECK_SECONDS:
                return health.usable
            health.checked_at = now
        lag = replica_lag(alias)
        usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
        with self.lock:
            health.usable, health.lag = usable, lag
        if not usable:
            logger.warning("Replica %s not used: lag %s s", alias, lag)
        return usable

    def forget(self) -> None:
        with self.lock:
            self.by_alias.clear()


health = ReplicaHealth()


def replica_lag(alias: str) -> float | None:
    """Seconds the replica is behind, or None when it cannot be reached or asked."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except DatabaseError:
        # Closed, so that the next check connects afresh instead of reusing a dead socket.
        connection.close()
        return None
    return None if lag is None else float(lag)


def _pick_replica() -> str | None:
    replicas = [alias for alias in settings.DATABASE_REPLICAS if health.usable(alias)]
    return random.choice(replicas) if replicas else None


class ReplicaRouter:
    """Where each query goes; see the module's docstring."""

    def db_for_read(self, model, **hints) -> str:
        reads = _request.get()
        if reads is None or not reads.may_use_replica or reads.wrote:
            return DEFAULT_DB_ALIAS
        # A read inside a transaction on the primary must see that transaction's writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if not reads.chosen:
            reads.replica, reads.chosen = _pick_replica(), True
        return reads.replica or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        reads = _request.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # Replicas follow the primary's schema through replication; never migrate them.
        return db not in settings.DATABASE_REPLICAS


def wrote_recently(request) -> bool:
    """Whether the client wrote within the read-your-writes window (its cookie says when)."""
    try:
        written_at = float(request.COOKIES.get(settings.REPLICA_COOKIE, ""))
    except ValueError:
        return False
    return time.time() - written_at < settings.REPLICA_READ_YOUR_WRITES_SECONDS


def _may_use_replica(request) -> bool:
    admin_path = "/" + settings.ADMIN_URL
    return (
        bool(settings.DATABASE_REPLICAS)
        and request.method in SAFE_METHODS
        and not request.path_info.startswith(admin_path)
        and not wrote_recently(request)
    )


class ReplicaMiddleware:
    """Marks each request's reads (see the module's docstring) and remembers its writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = RequestReads(may_use_replica=_may_use_replica(request))
        _request.set(reads)
        try:
            response = self.get_response(request)
        except BaseException:
            _request.set(None)
            raise
        if settings.DATABASE_REPLICAS and (reads.wrote or request.method not in SAFE_METHODS):
            response.set_cookie(
                settings.REPLICA_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.REPLICA_READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if response.streaming:
            # A streamed body (the CSV lists) reads while it is sent: keep the choice until then.
            response._resource_closers.append(lambda: _request.set(None))
        else:
            _request.set(None)
        return response
