#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster in a temporary directory.
# The cluster listens on a Unix socket only and is removed afterwards.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/samskap-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U samskap -A trust -E UTF8 --locale=C.UTF-8 > /dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start > /dev/null
"$pgbin/createdb" -h "$dir" -U samskap samskap
export DATABASE_URL="postgres://samskap@/samskap?host=$dir"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') at $dir"
"$@"
