#!/usr/bin/env bash
# The production shape on one machine, for trying and measuring it:
# PostgreSQL, uvicorn with stateless worker processes (samskap.asgi: the vote lane in
# front of Django), a connection pool in each, whitenoise for static
# files, and a task worker. Uses $DATABASE_URL when set, otherwise a throwaway
# PostgreSQL cluster (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
export SAMSKAP_SECRET_KEY="${SAMSKAP_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export SAMSKAP_ALLOWED_HOSTS="${SAMSKAP_ALLOWED_HOSTS:-localhost,127.0.0.1}"
# Plain http on this machine only; behind a real proxy these stay at their defaults.
export SAMSKAP_SSL_REDIRECT="${SAMSKAP_SSL_REDIRECT:-False}"
export SAMSKAP_HSTS_SECONDS="${SAMSKAP_HSTS_SECONDS:-0}"
export SAMSKAP_STATIC_ROOT="${SAMSKAP_STATIC_ROOT:-$PWD/var/static-prod}"
workers="${SAMSKAP_WORKERS:-$(nproc)}"
export SAMSKAP_DB_POOL="${SAMSKAP_DB_POOL:-20}"
port="${PORT:-8000}"
py=.venv/bin/python
$py manage.py check --deploy --fail-level ERROR
$py manage.py migrate --noinput -v 0
$py manage.py collectstatic --noinput -v 0
$py -m samskap demo --if-empty --quiet
$py manage.py db_worker > var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "Samskap (production shape: $workers uvicorn workers + task worker) at http://localhost:$port/"
.venv/bin/uvicorn samskap.asgi:application --workers "$workers" --host 127.0.0.1 --port "$port" \
  --proxy-headers --forwarded-allow-ips 127.0.0.1 --no-access-log --timeout-keep-alive 75
