"""A read survives a database connection dropped under it: it is retried once; a write never is.

When PostgreSQL restarts, fails over, or an administrator terminates a session, the
request whose query is in flight gets an OperationalError ("server closed the connection
unexpectedly"). Django's health checks (`CONN_HEALTH_CHECKS`) give the *next* request a
fresh connection; this middleware gives the *same* request one more try, for reads only.

It sits first in MIDDLEWARE, so the whole request (every middleware, the view and the
template rendering) runs again, outside any transaction (a transaction cannot outlive
its connection). Only GET and HEAD are retried: they change nothing, so running one
twice is harmless, while a write might have been committed before the connection
dropped. Only a dropped connection counts: an error on a connection that still answers
(a deadlock, a timeout, a bad query) is an answer, not an accident, and is not retried.

Django turns a view's exception into a 500 response before an outer middleware sees it,
so the failure is noticed on `got_request_exception`, which Django sends for each
uncaught exception with the request, and the first attempt's error stays in the log.
"""

import logging
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

RETRIED_METHODS = ("GET", "HEAD")
_DROPPED = "_database_connection_dropped"


def _dropped_connections() -> list:
    """The open database connections that no longer answer."""
    return [
        connection
        for connection in connections.all(initialized_only=True)
        if connection.connection is not None and not connection.is_usable()
    ]


def note_dropped_connection(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """got_request_exception: mark a request that failed because its connection dropped."""
    error = sys.exception()
    if (
        request is not None
        and isinstance(error, OperationalError | InterfaceError)
        and _dropped_connections()
    ):
        setattr(request, _DROPPED, True)


class RetryReadsOnDroppedConnectionMiddleware:
    """Run a GET or HEAD once more when its database connection dropped under it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(
            note_dropped_connection, dispatch_uid="core.reliability.dropped_connection"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, _DROPPED, False) or request.method not in RETRIED_METHODS:
            return response
        delattr(request, _DROPPED)
        dropped = _dropped_connections()
        if any(connection.in_atomic_block for connection in connections.all()):
            return response  # never: no transaction spans a whole request here
        for connection in dropped:
            connection.close()  # the retry connects afresh
        logger.warning(
            "Retrying %s %s: its database connection dropped", request.method, request.path
        )
        return self.get_response(request)
