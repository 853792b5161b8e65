#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database DATABASE_URL points to,
# REPLACING its content. Asks for confirmation unless YES=1. See docs/backup.md.
#   *.dump (PostgreSQL): pg_restore --clean --if-exists, in one transaction.
#   *.xml, *.json (dumpdata):   migrate, flush, loaddata (into SQLite or PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
file="${1:?usage: scripts/restore.sh BACKUP_FILE}"
test -r "$file" || { echo "restore.sh: cannot read $file" >&2; exit 2; }

target="${DATABASE_URL:-the SQLite file db.sqlite3}"
if [ "${YES:-0}" != "1" ]; then
  read -r -p "Replace every row of ${target%%\?*} with $file? Type yes: " answer
  [ "$answer" = "yes" ] || { echo "Nothing restored." >&2; exit 1; }
fi

case "$file" in
  *.dump)
    case "${DATABASE_URL:-}" in
      postgres://* | postgresql://*) ;;
      *) echo "restore.sh: a .dump needs DATABASE_URL pointing to PostgreSQL" >&2; exit 2 ;;
    esac
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
      --exit-on-error --dbname="$DATABASE_URL" "$file"
    # A backup older than the code: bring its schema up to date.
    "$PYTHON" manage.py migrate --noinput
    ;;
  *.xml | *.json)
    "$PYTHON" manage.py migrate --noinput
    "$PYTHON" manage.py flush --noinput
    "$PYTHON" manage.py loaddata "$file"
    ;;
  *)
    echo "restore.sh: expected a .dump, .xml or .json file made by scripts/backup.sh" >&2
    exit 2
    ;;
esac
echo "Restored $file. Now check it as docs/backup.md says (row counts, sign-in, a figure)."
