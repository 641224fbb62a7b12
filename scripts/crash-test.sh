#!/usr/bin/env bash
# Crash test: ingest a JSONL corpus, kill -9 the process at random moments,
# rerun each time, and check that the final store equals the store of one
# uninterrupted run: the same articles, the same copy links, the same grouping
# of article ids into stories (and the same story ids), with no duplicate.
#
# usage: scripts/crash-test.sh [JSONL] [KILLS]
#   JSONL  default: SaudiNewsNet converted by scripts/snn_to_jsonl.py into $TMPDIR
#   KILLS  default 5
# env: SEED (random seed; printed, so a failure can be replayed), MARSAD (binary)
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS="${2:-5}"
SEED="${SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}"
MARSAD="${MARSAD:-target/release/marsad}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "crash-test: seed $SEED, $KILLS kills"
RANDOM=$SEED

JSONL="${1:-}"
if [ -z "$JSONL" ]; then
    JSONL="$WORK/saudinewsnet.jsonl"
    python3 scripts/snn_to_jsonl.py "$JSONL"
fi
[ -x "$MARSAD" ] || cargo build --release

# The canonical content of a store: articles with version and copy link,
# and the stories as sorted lists of article ids, keyed by story id.
dump() {
    python3 - "$1" <<'PY'
import sqlite3, sys, collections
c = sqlite3.connect(sys.argv[1])
dups = c.execute("select count(*) - count(distinct id || '#' || version) from articles").fetchone()[0]
if dups:
    sys.exit(f"crash-test: {dups} duplicate article rows")
for row in c.execute("select id, version, current, hash, ifnull(copy_of, '') from articles order by id, version"):
    print("article", *row, sep="\t")
stories = collections.defaultdict(list)
for sid, aid in c.execute("select story, id from articles where current = 1"):
    stories[sid].append(aid)
for sid in sorted(stories):
    print("story", sid, *sorted(stories[sid]), sep="\t")
for row in c.execute("select id, ifnull(merged_into, '') from stories order by id"):
    print("storyrow", *row, sep="\t")
PY
}

echo "crash-test: clean run"
"$MARSAD" ingest "$JSONL" --db "$WORK/clean.db" > /dev/null
dump "$WORK/clean.db" > "$WORK/clean.txt"

# Kill points: stored-article counts spread over the run, in increasing order,
# each hit with a random extra delay so the kill lands anywhere in a batch.
total=$(grep -c . "$JSONL")
targets=$(for _ in $(seq 1 "$KILLS"); do echo $(( (RANDOM * 32768 + RANDOM) % total )); done | sort -n)
stored() {
    python3 -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1], timeout=1).execute('select count(*) from articles').fetchone()[0])
except Exception: print(0)" "$1"
}
i=0
for target in $targets; do
    i=$((i + 1))
    "$MARSAD" ingest "$JSONL" --db "$WORK/crash.db" > /dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ "$(stored "$WORK/crash.db")" -lt "$target" ]; do
        sleep 0.1
    done
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        echo "crash-test: kill $i at about $target stored articles (now $(stored "$WORK/crash.db"))"
    else
        echo "crash-test: run $i finished before its kill"
    fi
    wait "$pid" 2>/dev/null || true
done
echo "crash-test: final rerun"
"$MARSAD" ingest "$JSONL" --db "$WORK/crash.db" > /dev/null
dump "$WORK/crash.db" > "$WORK/crash.txt"

if diff -q "$WORK/clean.txt" "$WORK/crash.txt" > /dev/null; then
    echo "crash-test: the store after $KILLS kills equals the clean run's ($(grep -c '^article' "$WORK/clean.txt") articles, $(grep -c '^story	' "$WORK/clean.txt") stories)"
else
    diff "$WORK/clean.txt" "$WORK/crash.txt" | head -20
    echo "crash-test: FAILED (seed $SEED)" >&2
    exit 1
fi
