#!/usr/bin/env bash
# Copy the built front-end files from node_modules into samskap/static/vendor.
# Run by `make static` after `npm ci`; the result is not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=samskap/static/vendor
rm -rf "$out"
mkdir -p "$out/designsystemet" "$out/htmx" "$out/inter/files"
nm=node_modules
cp "$nm/@digdir/designsystemet-css/dist/src/index.css" "$out/designsystemet/designsystemet.css"
cp "$nm/@digdir/designsystemet-css/dist/theme/designsystemet.css" "$out/designsystemet/theme.css"
cp "$nm/@digdir/designsystemet-web/dist/umd/index.js" "$out/designsystemet/designsystemet-web.js"
cp "$nm/@digdir/designsystemet-css/LICENSE" "$out/designsystemet/LICENSE"
cp "$nm/htmx.org/dist/htmx.min.js" "$out/htmx/htmx.min.js"
cp "$nm/htmx.org/LICENSE" "$out/htmx/LICENSE"
# Inter, variable weight, upright: the only face the pages use.
cp "$nm/@fontsource-variable/inter/index.css" "$out/inter/inter.css"
cp "$nm"/@fontsource-variable/inter/files/inter-*-wght-normal.woff2 "$out/inter/files/"
cp "$nm/@fontsource-variable/inter/LICENSE" "$out/inter/LICENSE"
# Source maps are not shipped; drop the references so the manifest storage finds every file.
sed -i '/sourceMappingURL=/d' "$out"/designsystemet/*.js "$out"/designsystemet/*.css "$out"/htmx/*.js
