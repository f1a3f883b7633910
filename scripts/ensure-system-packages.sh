#!/usr/bin/env bash
# Install the Debian packages Samskap needs, where missing. `--runtime`: only what the app
# itself needs (Pango, which renders the notes as PDF). Without it, also what the test suite
# needs: chromium (browser tests), postgresql (the second database), gettext (catalogue checks).
set -euo pipefail
missing=()
has_library() { ldconfig -p 2>/dev/null | grep -q "$1" || compgen -G "/usr/lib/*/$1*" > /dev/null; }
has_library libpango-1.0.so.0 || missing+=(libpango-1.0-0)
has_library libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
if [ "${1:-}" != "--runtime" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" > /dev/null || missing+=(postgresql)
  command -v xgettext > /dev/null || missing+=(gettext)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} from Debian's packages…"
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" > /dev/null
