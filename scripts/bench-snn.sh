#!/usr/bin/env bash
# Benchmark Marsad against the Python story peer on all of SaudiNewsNet (31,030 articles).
#
# Steps:
#   1. convert the SaudiNewsNet zips to JSON Lines (scripts/snn_to_jsonl.py), unless the
#      JSONL file already exists;
#   2. cargo build --release;
#   3. run, each under /usr/bin/time -v:
#        (a) target/release/marsad run $JSONL --db $SNN_TMP/snn.db   (stdout discarded)
#        (b) story_peer.py $JSONL --threshold 0.3                  (the peer's venv python)
#   4. print a table: tool, articles, wall seconds, articles/s, peak RSS MiB,
#      plus the machine's core count and CPU model;
#   5. print the speed ratio (peer wall / marsad wall) and fail when it is under
#      MIN_RATIO (default 10) or Marsad's peak RSS reaches 1 GiB.
#
# Environment overrides:
#   SNN_DIR      SaudiNewsNet zip directory     (default: <repo>/../shared/data/saudinewsnet)
#   SNN_TMP      working/output directory       (default: ${TMPDIR:-/tmp}/snn)
#   SNN_JSONL    converted input                (default: $SNN_TMP/saudinewsnet.jsonl)
#   PEER_PY      python of the peer venv        (default: <repo>/.venv-peers/bin/python)
#   PEER_SCRIPT  the peer                       (default: <repo>/../shared/peers/story_peer.py)
#   THRESHOLD    peer cosine threshold          (default: 0.3)
#   SKIP_MARSAD=1  skip the cargo build and the Marsad run
#   SKIP_PEER=1    skip the peer run
#
# Raw outputs (program output and the time -v report) are kept in $SNN_TMP/*.txt.
# Run from anywhere: the script works from the repository root.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

SNN_DIR="${SNN_DIR:-$REPO/../shared/data/saudinewsnet}"
SNN_TMP="${SNN_TMP:-${TMPDIR:-/tmp}/snn}"
SNN_JSONL="${SNN_JSONL:-$SNN_TMP/saudinewsnet.jsonl}"
PEER_PY="${PEER_PY:-$REPO/.venv-peers/bin/python}"
PEER_SCRIPT="${PEER_SCRIPT:-$REPO/../shared/peers/story_peer.py}"
THRESHOLD="${THRESHOLD:-0.3}"
SKIP_MARSAD="${SKIP_MARSAD:-0}"
SKIP_PEER="${SKIP_PEER:-0}"
TIME=/usr/bin/time

die() { echo "bench-snn: error: $*" >&2; exit 1; }
log() { echo "bench-snn: $*" >&2; }

# GNU time is needed for -v (peak RSS); the shell keyword `time` does not report it.
[[ -x $TIME ]] || die "$TIME not found (apt-get install time)"
mkdir -p "$SNN_TMP"

# --- 1. Input ------------------------------------------------------------------------------
if [[ -s $SNN_JSONL ]]; then
    log "using existing $SNN_JSONL"
else
    [[ -d $SNN_DIR ]] || die "SaudiNewsNet directory not found: $SNN_DIR"
    log "converting $SNN_DIR -> $SNN_JSONL"
    python3 "$REPO/scripts/snn_to_jsonl.py" --input-dir "$SNN_DIR" "$SNN_JSONL"
fi
# Article count = non-blank lines (what both tools read).
ARTICLES="$(grep -c . "$SNN_JSONL" || true)"
[[ $ARTICLES -gt 0 ]] || die "no articles in $SNN_JSONL"

# --- helpers ---------------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under time -v; program stdout+stderr -> $SNN_TMP/NAME.txt,
# time report -> $SNN_TMP/NAME.time.txt. Returns the command's exit status.
measure() {
    local name=$1; shift
    log "running $name: $*"
    "$TIME" -v -o "$SNN_TMP/$name.time.txt" "$@" >"$SNN_TMP/$name.txt" 2>&1
}

# wall_seconds FILE: "Elapsed (wall clock) time (h:mm:ss or m:ss): 2:26.54" -> 146.54
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($NF, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$1"
}

# rss_mib FILE: "Maximum resident set size (kbytes): N" -> N/1024
rss_mib() {
    awk -F': ' '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$1"
}

ROWS=()
# add_row TOOL NAME: one table row from the time report of run NAME.
add_row() {
    local tool=$1 name=$2 wall rss rate cpu
    wall="$(wall_seconds "$SNN_TMP/$name.time.txt")"
    rss="$(rss_mib "$SNN_TMP/$name.time.txt")"
    rate="$(awk -v n="$ARTICLES" -v w="$wall" 'BEGIN { printf "%.1f", (w > 0 ? n / w : 0) }')"
    cpu="$(awk -F': ' '/Percent of CPU/ { print $NF }' "$SNN_TMP/$name.time.txt")"
    ROWS+=("$(printf '%-8s %9s %9s %11s %13s %6s' "$tool" "$ARTICLES" "$wall" "$rate" "$rss" "$cpu")")
}

STATUS=0

# --- 2+3a. Marsad ----------------------------------------------------------------------------
if [[ $SKIP_MARSAD == 1 ]]; then
    log "SKIP_MARSAD=1: not building or running marsad"
else
    log "cargo build --release"
    cargo build --release
    MARSAD="$REPO/target/release/marsad"
    [[ -x $MARSAD ]] || die "$MARSAD not built (is there a 'marsad' binary target?)"
    # Fresh database each run, so timings never include a pre-filled store.
    rm -f "$SNN_TMP/snn.db" "$SNN_TMP/snn.db-wal" "$SNN_TMP/snn.db-shm"
    # stdout is discarded (the story dump); stderr is kept in marsad.txt.
    if "$TIME" -v -o "$SNN_TMP/marsad.time.txt" \
            "$MARSAD" run "$SNN_JSONL" --db "$SNN_TMP/snn.db" >/dev/null 2>"$SNN_TMP/marsad.txt"; then
        add_row marsad marsad
    else
        log "marsad failed (exit $?); see $SNN_TMP/marsad.txt"; STATUS=1
    fi
fi

# --- 3b. Python peer -------------------------------------------------------------------------
if [[ $SKIP_PEER == 1 ]]; then
    log "SKIP_PEER=1: not running the peer"
else
    [[ -x $PEER_PY ]] || die "peer python not found: $PEER_PY (see ../shared/peers/README.md; set PEER_PY)"
    [[ -f $PEER_SCRIPT ]] || die "peer script not found: $PEER_SCRIPT (set PEER_SCRIPT)"
    if measure peer "$PEER_PY" "$PEER_SCRIPT" "$SNN_JSONL" --threshold "$THRESHOLD"; then
        add_row peer peer
    else
        log "peer failed (exit $?); see $SNN_TMP/peer.txt"; STATUS=1
    fi
fi

# --- 4. Report -------------------------------------------------------------------------------
CPU="$(lscpu 2>/dev/null | awk -F: '/^Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')"
echo "machine: $(nproc) cores, ${CPU:-unknown CPU}"
echo "input:   $SNN_JSONL"
printf '%-8s %9s %9s %11s %13s %6s\n' tool articles wall_s articles/s peak_rss_MiB cpu
for r in "${ROWS[@]+"${ROWS[@]}"}"; do echo "$r"; done
echo "raw outputs: $SNN_TMP/{marsad,peer}{,.time}.txt"

# --- 5. Speed floor: Marsad at least MIN_RATIO times the peer's speed, under 1 GiB ----------
MIN_RATIO="${MIN_RATIO:-10}"
if [[ -s $SNN_TMP/marsad.time.txt && -s $SNN_TMP/peer.time.txt && $STATUS == 0 ]]; then
    M_WALL="$(wall_seconds "$SNN_TMP/marsad.time.txt")"
    P_WALL="$(wall_seconds "$SNN_TMP/peer.time.txt")"
    M_RSS="$(rss_mib "$SNN_TMP/marsad.time.txt")"
    RATIO="$(awk -v p="$P_WALL" -v m="$M_WALL" 'BEGIN { printf "%.1f", (m > 0 ? p / m : 0) }')"
    echo "speed ratio (peer wall / marsad wall): ${RATIO}x (floor ${MIN_RATIO}x); marsad peak RSS ${M_RSS} MiB (floor 1024)"
    if awk -v r="$RATIO" -v f="$MIN_RATIO" 'BEGIN { exit !(r < f) }'; then
        log "marsad is ${RATIO}x the peer's speed, under the floor ${MIN_RATIO}x"; STATUS=1
    fi
    if (( M_RSS >= 1024 )); then
        log "marsad peaked at ${M_RSS} MiB, over 1 GiB"; STATUS=1
    fi
else
    log "no speed ratio: both runs are needed in one sitting (unset SKIP_MARSAD and SKIP_PEER)"
fi
exit "$STATUS"
