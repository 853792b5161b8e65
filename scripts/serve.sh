#!/usr/bin/env bash
# Production start (`make serve`, or a systemd unit's ExecStart): apply migrations, collect
# the static files whitenoise serves, then replace this shell with gunicorn
# (config/gunicorn.py) on ${BIND:-127.0.0.1:8000}. See README, Deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

# Production mode only: DEBUG on would show tracebacks to anyone, and SQLite is for the
# demo. The settings themselves refuse a development SECRET_KEY once DEBUG is off.
case "$(printf '%s' "${DEBUG:-1}" | tr '[:upper:]' '[:lower:]')" in
  1 | true | yes | on)
    echo "serve.sh: production mode needs DEBUG=0 (and SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL)" >&2
    exit 2
    ;;
esac
if [ -z "${DATABASE_URL:-}" ]; then
  echo "serve.sh: set DATABASE_URL, e.g. postgres://tracker@127.0.0.1:5432/tracker" >&2
  exit 2
fi

# Errors stop the start; warnings (e.g. SECURE_SSL_REDIRECT=0 for a local check) are shown.
"$PYTHON" manage.py check --deploy
"$PYTHON" manage.py migrate --noinput
# Hashed, compressed copies under STATIC_ROOT with their manifest: without it, every page
# that links a static file fails ("Missing staticfiles manifest entry").
"$PYTHON" manage.py collectstatic --noinput --verbosity 0
exec "$PYTHON" -m gunicorn --config config/gunicorn.py
