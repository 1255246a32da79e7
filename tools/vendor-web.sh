#!/usr/bin/env bash
# Reproduces web/vendor/ from the npm registry: d3-array and d3-geo (the
# map's projection and paths), topojson-client (world-atlas is TopoJSON)
# and world-atlas (Natural Earth 1:110m countries), each with its license.
# Pinned versions; the browser loads the files as they are (no build step).
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS="d3-array@3.2.4 d3-geo@3.1.1 topojson-client@3.1.0 world-atlas@2.0.2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent $PKGS >/dev/null )
out=web/vendor
rm -rf "$out" && mkdir -p "$out"
for p in $PKGS; do
    name=${p%@*}
    mkdir -p "$tmp/$name" && tar -xzf "$tmp/$name"-*.tgz -C "$tmp/$name"
    src="$tmp/$name/package"
    cp "$src/LICENSE" "$out/$name.LICENSE"
    case $name in
        d3-array|d3-geo|topojson-client) cp "$src/dist/$name.min.js" "$out/$name.min.js" ;;
        world-atlas) cp "$src/countries-110m.json" "$out/countries-110m.json" ;;
    esac
    echo "$p" >> "$out/VERSIONS"
done
echo "vendor-web: $(ls $out | wc -l) files in $out"
