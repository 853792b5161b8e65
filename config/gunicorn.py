"""gunicorn's settings for `make serve` (scripts/serve.sh), read from the environment.

BIND (default 127.0.0.1:8000: the reverse proxy on the same host forwards to it),
WEB_CONCURRENCY (workers; default two per core the process may run on, plus one),
GUNICORN_TIMEOUT (seconds a request may take before its worker is replaced; default 60).
Both logs go to standard output and error, where systemd's journal collects them.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


def _cores() -> int:
    # The cores this process may use (a container or a CPU affinity may allow fewer than
    # the machine has).
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "").strip() or "127.0.0.1:8000"

# Synchronous workers: every request is a short database round trip, and each worker
# keeps one database connection (CONN_MAX_AGE), so PostgreSQL's max_connections must
# exceed the workers of every app server together.
workers = _int("WEB_CONCURRENCY", 2 * _cores() + 1)
# The slowest legitimate requests are a CSV export of every figure of a province and a
# bulk upload of 10,000 figures; a request longer than this is stuck, and its worker is
# replaced. The proxy's read timeout should be a little longer (README, Deployment).
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a restart or a stop (SIGTERM), requests under way get this long to finish.
graceful_timeout = 30
# The proxy keeps connections to the app open between requests.
keepalive = 5
# A worker is replaced after this many requests (spread out so they do not all restart at
# once), which bounds what any slow leak could grow to.
max_requests = 2000
max_requests_jitter = 200

# Requests whose headers are larger than this are refused by gunicorn itself.
limit_request_line = 8190
limit_request_fields = 100

# The proxy on this host (and only it) may say, in X-Forwarded-Proto, that the client used
# HTTPS; Django reads the same header through SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log on standard output: the client as the proxy saw it, the request, status, size
# and duration in milliseconds. No cookies, no Authorization header.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn 25+ opens a control socket under $HOME by default; nothing here uses it, and a
# service user's home is not writable under systemd's ProtectHome.
control_socket_disable = True
