#!/usr/bin/env bash
# Re-fetch the third-party files vendored in geomap/render/assets/ from the npm
# registry, so anyone can check that they are the published files, unmodified.
#
#   tools/vendor_assets.sh            # fetch, copy, rewrite SHA256SUMS
#   tools/vendor_assets.sh --check    # fetch and compare; exit 1 on any difference
#
# Needs npm (any version with `npm pack`) and network access to the registry.
# The map inlines these files into every HTML map it writes (see
# geomap/render/assets.py), so the map itself never needs the network.
set -euo pipefail

LEAFLET_VERSION=1.9.4
MARKERCLUSTER_VERSION=1.5.3
# Files taken from the leaflet package: dist/ build, the images its CSS refers
# to, and the licence (BSD-2-Clause, must travel with the copies).
LEAFLET_FILES=(
  dist/leaflet.js
  dist/leaflet.css
  dist/images/layers.png
  dist/images/layers-2x.png
  dist/images/marker-icon.png
)
# From leaflet.markercluster (MIT): the minified build and its structural CSS
# (the batch map's clusters have their own colours, so not MarkerCluster.Default.css).
MARKERCLUSTER_FILES=(
  dist/leaflet.markercluster.js
  dist/MarkerCluster.css
)

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
assets="$repo_root/geomap/render/assets"
check=false
[[ "${1:-}" == "--check" ]] && check=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# unpack NAME VERSION: the package's published tarball into $work/NAME/package
unpack() {
  mkdir -p "$work/$1"
  (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf "$1-$2.tgz")
}
unpack leaflet "$LEAFLET_VERSION"
unpack leaflet.markercluster "$MARKERCLUSTER_VERSION"
integrity=$(cd "$work" && npm view "leaflet@$LEAFLET_VERSION" dist.integrity)
cluster_integrity=$(cd "$work" && npm view "leaflet.markercluster@$MARKERCLUSTER_VERSION" dist.integrity)

mkdir -p "$work/out"
for file in "${LEAFLET_FILES[@]}"; do
  cp "$work/leaflet/package/$file" "$work/out/$(basename "$file")"
done
cp "$work/leaflet/package/LICENSE" "$work/out/LICENSE.leaflet"
for file in "${MARKERCLUSTER_FILES[@]}"; do
  cp "$work/leaflet.markercluster/package/$file" "$work/out/$(basename "$file")"
done
cp "$work/leaflet.markercluster/package/MIT-LICENCE.txt" "$work/out/LICENSE.markercluster"
# summed outside out/ first: a file created by the redirection could be summed itself
(cd "$work/out" && sha256sum -- * | sort -k2 > "$work/SHA256SUMS") && mv "$work/SHA256SUMS" "$work/out/"

if $check; then
  (cd "$assets" && sha256sum --check --strict "$work/out/SHA256SUMS")
  echo "assets match leaflet@$LEAFLET_VERSION ($integrity) and" \
    "leaflet.markercluster@$MARKERCLUSTER_VERSION ($cluster_integrity)"
  exit 0
fi

cp "$work/out/"* "$assets/"
cat > "$assets/VERSIONS" <<NOTE
# Third-party files in this folder, as published on the npm registry.
# Regenerate with tools/vendor_assets.sh; do not edit these files by hand.
# package  version  licence       npm integrity of the tarball
leaflet    $LEAFLET_VERSION    BSD-2-Clause  $integrity
leaflet.markercluster    $MARKERCLUSTER_VERSION    MIT    $cluster_integrity
NOTE
echo "vendored leaflet@$LEAFLET_VERSION and leaflet.markercluster@$MARKERCLUSTER_VERSION into $assets"
