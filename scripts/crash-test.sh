#!/usr/bin/env bash
# Crash test: ingest a JSONL corpus, kill -9 the process at random moments,
# rerun each time, and check that the final store equals the store of one
# uninterrupted run: the same articles, the same copy links, the same grouping
# of article ids into stories (and the same story ids), with no duplicate.
#
# usage: scripts/crash-test.sh [JSONL] [KILLS] [STORE]
#   JSONL  default: SaudiNewsNet converted by scripts/snn_to_jsonl.py into $TMPDIR
#   KILLS  default 5
#   STORE  the store killed and rerun: a postgres:// URL to an empty database
#          (read back with psql), or by default a new SQLite file; the clean
#          run is always SQLite, so a PostgreSQL store must equal it
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

# rows STORE SQL: the rows of a query, one JSON object a line, from either
# backend.
rows() {
    case "$1" in
    postgres://* | postgresql://*)
        psql "$1" -XqAt -v ON_ERROR_STOP=1 -c "SELECT row_to_json(t) FROM ($2) t" ;;
    *)
        python3 - "$1" "$2" <<'PY' ;;
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=1)
cur = c.execute(sys.argv[2])
names = [d[0] for d in cur.description]
for row in cur:
    print(json.dumps(dict(zip(names, row)), ensure_ascii=False))
PY
    esac
}

# The canonical content of a store: articles with version and copy link,
# and the stories as sorted lists of article ids, keyed by story id.
dump() {
    rows "$1" "select id, version, current, hash, coalesce(copy_of, '') as copy_of, story from articles" \
        > "$WORK/articles.jsonl"
    rows "$1" "select id, merged_into from stories" > "$WORK/stories.jsonl"
    python3 - "$WORK/articles.jsonl" "$WORK/stories.jsonl" <<'PY'
import json, sys, collections
arts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
dups = len(arts) - len({(a["id"], a["version"]) for a in arts})
if dups:
    sys.exit(f"crash-test: {dups} duplicate article rows")
for a in sorted(arts, key=lambda a: (a["id"], a["version"])):
    print("article", a["id"], a["version"], a["current"], a["hash"], a["copy_of"], sep="\t")
stories = collections.defaultdict(list)
for a in arts:
    if a["current"] == 1:
        stories[a["story"]].append(a["id"])
for sid in sorted(stories):
    print("story", sid, *sorted(stories[sid]), sep="\t")
for s in sorted((json.loads(l) for l in open(sys.argv[2], encoding="utf-8")), key=lambda s: s["id"]):
    print("storyrow", s["id"], "" if s["merged_into"] is None else s["merged_into"], sep="\t")
PY
}

echo "crash-test: clean run"
"$MARSAD" ingest "$JSONL" --db "$WORK/clean.db" > /dev/null
dump "$WORK/clean.db" > "$WORK/clean.txt"

# Kill points: stored-article counts spread over the run, in increasing order,
# each hit with a random extra delay so the kill lands anywhere in a batch.
total=$(grep -c . "$JSONL")
targets=$(for _ in $(seq 1 "$KILLS"); do echo $(( (RANDOM * 32768 + RANDOM) % total )); done | sort -n)
CRASH="${3:-$WORK/crash.db}"
stored() {
    rows "$1" "select count(*) as n from articles" 2>/dev/null \
        | python3 -c "import json,sys; print(json.loads(sys.stdin.read() or '{\"n\": 0}')['n'])" \
        || echo 0
}
i=0
for target in $targets; do
    i=$((i + 1))
    "$MARSAD" ingest "$JSONL" --db "$CRASH" > /dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ "$(stored "$CRASH")" -lt "$target" ]; do
        sleep 0.1
    done
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        echo "crash-test: kill $i at about $target stored articles (now $(stored "$CRASH"))"
    else
        echo "crash-test: run $i finished before its kill"
    fi
    wait "$pid" 2>/dev/null || true
done
echo "crash-test: final rerun"
"$MARSAD" ingest "$JSONL" --db "$CRASH" > /dev/null
dump "$CRASH" > "$WORK/crash.txt"

if diff -q "$WORK/clean.txt" "$WORK/crash.txt" > /dev/null; then
    echo "crash-test: the store after $KILLS kills equals the clean run's ($(grep -c '^article' "$WORK/clean.txt") articles, $(grep -c '^story	' "$WORK/clean.txt") stories)"
else
    diff "$WORK/clean.txt" "$WORK/crash.txt" | head -20
    echo "crash-test: FAILED (seed $SEED)" >&2
    exit 1
fi
