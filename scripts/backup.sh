#!/usr/bin/env bash
# Back up the database DATABASE_URL points to (the project's SQLite file when unset).
#   PostgreSQL: pg_dump's custom format (compressed; pg_restore can restore it whole or in part).
#   SQLite:     Django's dumpdata with natural keys (loads into SQLite or PostgreSQL), as XML:
#               the JSON serialiser cuts timestamps to the millisecond, XML keeps them whole.
# Prints the path of the file written. See docs/backup.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
dir="${BACKUP_DIR:-backups}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

# Backups hold personal data: readable by the owner only, from the moment they exist.
umask 077
mkdir -p "$dir"

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    file="$dir/tracker-$stamp.dump"
    pg_dump --format=custom --no-owner --no-privileges --file="$file" "$DATABASE_URL"
    pg_restore --list "$file" >/dev/null # the archive reads back
    ;;
  "" | sqlite://*)
    file="$dir/tracker-$stamp.xml"
    "$PYTHON" manage.py dumpdata --format=xml --natural-foreign --natural-primary \
      --exclude contenttypes --exclude auth.permission --exclude sessions \
      --exclude indicators.childsums --exclude indicators.measurementcount \
      --exclude indicators.indicatorcount \
      --output "$file"
    ;;
  *)
    echo "backup.sh: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
    exit 2
    ;;
esac
echo "$file"
