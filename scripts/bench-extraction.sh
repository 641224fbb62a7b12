#!/usr/bin/env bash
# HTML main-text extraction speed and quality: Marsad beside the trafilatura peer on the
# Zyte benchmark pages, both pinned to one core (taskset -c 0), alternating ROUNDS times in
# the same sitting, so that load from other work on the machine falls on both alike.
# Prints each run, then the median pages/s of each and their ratio.
#
# Environment overrides:
#   ZYTE         the benchmark folder       (default: <repo>/../shared/data/zyte-extraction)
#   PEER_PY      python with trafilatura    (default: <repo>/.venv-peers/bin/python)
#   ROUNDS       runs of each               (default: 3)
# Build first: cargo build --release.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
ZYTE="${ZYTE:-$REPO/../shared/data/zyte-extraction}"
PEER_PY="${PEER_PY:-$REPO/.venv-peers/bin/python}"
ROUNDS="${ROUNDS:-3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$ROUNDS"); do
    p=$(taskset -c 0 "$PEER_PY" "$REPO/../shared/peers/extract_peer.py" "$ZYTE" "$OUT/peer.json" | awk '/pages_per_second/ {print $2}')
    m=$(taskset -c 0 target/release/marsad eval extraction "$ZYTE" | awk '/pages_per_second/ {print $2}')
    echo "round $i: trafilatura $p pages/s, marsad $m pages/s"
    echo "$p" >> "$OUT/p"; echo "$m" >> "$OUT/m"
done
median() { sort -g "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
P=$(median "$OUT/p"); M=$(median "$OUT/m")
echo "median: trafilatura $P pages/s, marsad $M pages/s, ratio $(awk -v m="$M" -v p="$P" 'BEGIN {printf "%.2f", m/p}')"
echo "quality (same metric):"
target/release/marsad eval extraction "$ZYTE" --predictions "$OUT/peer.json" | sed 's/^/  trafilatura /'
target/release/marsad eval extraction "$ZYTE" | grep -v seconds | sed 's/^/  marsad /'
