#!/usr/bin/env bash
# Vendors the front-end assets from the npm registry into static/vendor/, licence files included.
# The portal never loads anything from another host (privacy, CSP); run this script to update
# the vendored copies, then commit static/vendor/. Versions are pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
AXE=4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "axe-core@$AXE" >/dev/null )
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/axe-core
tar -xzf "$work/bootstrap-$BOOTSTRAP.tgz" -C "$work"
# Source maps are not shipped; drop the reference so hashed static storage does not look for them.
sed '/sourceMappingURL/d' "$work/package/dist/css/bootstrap.min.css" > static/vendor/bootstrap/bootstrap.min.css
cp "$work/package/LICENSE" static/vendor/bootstrap/LICENSE
rm -rf "$work/package"
tar -xzf "$work/axe-core-$AXE.tgz" -C "$work"
cp "$work/package/axe.min.js" static/vendor/axe-core/
cp "$work/package/LICENSE" static/vendor/axe-core/LICENSE
printf 'bootstrap %s (MIT)\naxe-core %s (MPL-2.0, used by the browser tests only)\n' "$BOOTSTRAP" "$AXE" > static/vendor/VERSIONS
echo "vendored into static/vendor/: $(tr '\n' ' ' < static/vendor/VERSIONS)"
