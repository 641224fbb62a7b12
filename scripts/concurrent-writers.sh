#!/usr/bin/env bash
# Many writers, one store: 4 `marsad ingest` processes (parts of a JSONL
# corpus with disjoint and overlapping ids) and `marsad serve` ingesting
# through its API, all at once on one store. Then checks:
#   - every process exited 0 (every POST answered 200);
#   - every article is stored once (no duplicate id/version row);
#   - the stories and cleanings equal those of one fresh process ingesting
#     the same articles in the store's arrival order (a fresh ingest, not a
#     replay of stored decisions).
#
# usage: scripts/concurrent-writers.sh JSONL [ARTICLES] [STORE]
#   ARTICLES: how many lines of JSONL to use (default 4000)
#   STORE: the shared store: a postgres:// URL to an empty database (or
#     schema) for PostgreSQL (read back with psql); default a new SQLite file
# env: MARSAD (binary, default target/release/marsad); WRITERS (CLI writers,
#   default 4); SERVE (1: `serve` ingests a part through its API, the default;
#   0: CLI writers only, for measuring throughput). It prints the writers'
#   wall time and articles a second.
set -euo pipefail
cd "$(dirname "$0")/.."

JSONL="$1"
N="${2:-4000}"
MARSAD="${MARSAD:-target/release/marsad}"
WORK="$(mktemp -d)"
SERVE_PID=""
cleanup() {
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
DB="${3:-$WORK/shared.db}"

# dump STORE SQL: the rows of a query, one JSON object a line, from either
# backend (the fresh run is always SQLite).
dump() {
    case "$1" in
    postgres://* | postgresql://*)
        psql "$1" -XqAt -v ON_ERROR_STOP=1 -c "SELECT row_to_json(t) FROM ($2) t" ;;
    *)
        python3 - "$1" "$2" <<'PY' ;;
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cur = c.execute(sys.argv[2])
names = [d[0] for d in cur.description]
for row in cur:
    print(json.dumps(dict(zip(names, row)), ensure_ascii=False))
PY
    esac
}

# Five parts: four for the CLI writers, one for the API. Each part holds a
# contiguous slice, and parts 2 and 3 each repeat 10% of the slice before
# theirs (the same ids and contents: overlapping writers).
WRITERS="${WRITERS:-4}"
SERVE="${SERVE:-1}"
python3 - "$JSONL" "$N" "$WORK" "$WRITERS" "$SERVE" <<'PY'
import sys
path, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
writers, serve = int(sys.argv[4]), int(sys.argv[5])
lines = []
with open(path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            lines.append(line)
        if len(lines) == n:
            break
count = writers + serve
k = len(lines) // count
parts = [lines[i * k:(i + 1) * k] for i in range(count - 1)] + [lines[(count - 1) * k:]]
if writers >= 3:
    parts[1] = parts[0][-k // 10:] + parts[1]
    parts[2] = parts[1][-k // 10:] + parts[2]
for i, p in enumerate(parts):
    with open(f"{work}/part{i}.jsonl", "w", encoding="utf-8") as out:
        out.writelines(p)
print(f"concurrent-writers: {len(lines)} articles in {count} parts of {[len(p) for p in parts]}")
PY

# The server, ingesting through its API.
if [ "$SERVE" = 1 ]; then
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/token"
"$MARSAD" serve --db "$DB" --addr 127.0.0.1:0 --token-file "$WORK/token" --warm 0 \
    > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVE_PID=$!
for _ in $(seq 100); do
    grep -q "http://" "$WORK/serve.out" 2>/dev/null && break
    sleep 0.1
done
URL="$(grep -o 'http://[0-9.:]*' "$WORK/serve.out" | head -1)"
[ -n "$URL" ] || { cat "$WORK/serve.err"; echo "concurrent-writers: serve did not start" >&2; exit 1; }
fi

pids=()
started=$(date +%s.%N)
for i in $(seq 0 $((WRITERS - 1))); do
    "$MARSAD" ingest "$WORK/part$i.jsonl" --db "$DB" > "$WORK/ingest$i.out" 2> "$WORK/ingest$i.err" &
    pids+=($!)
done
# The API part, 20 articles a request, while the CLI writers run.
[ "$SERVE" = 1 ] && python3 - "$WORK/part$WRITERS.jsonl" "$URL" "$WORK/token" <<'PY' &
import json, sys, urllib.request
path, url, token = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip()
items = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
for i in range(0, len(items), 20):
    req = urllib.request.Request(url + "/api/articles", data=json.dumps(items[i:i + 20]).encode(),
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        if r.status != 200:
            sys.exit(f"concurrent-writers: POST answered {r.status}")
print(f"concurrent-writers: {len(items)} articles posted to serve")
PY
[ "$SERVE" = 1 ] && pids+=($!)
status=0
for p in "${pids[@]}"; do
    wait "$p" || status=1
done
ended=$(date +%s.%N)
for i in $(seq 0 $((WRITERS - 1))); do
    cat "$WORK/ingest$i.out"
done
[ "$status" = 0 ] || { cat "$WORK"/ingest*.err "$WORK/serve.err" >&2; echo "concurrent-writers: a writer failed" >&2; exit 1; }
if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; SERVE_PID=""; fi

# The store's articles in arrival order, as JSON Lines, for a fresh ingest.
dump "$DB" "select id, version, url, outlet, title, published, text from articles order by seq" \
    > "$WORK/shared-rows.jsonl"
python3 - "$WORK/shared-rows.jsonl" "$WORK/arrival.jsonl" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
dups = len(rows) - len({(r["id"], r["version"]) for r in rows})
if dups:
    sys.exit(f"concurrent-writers: {dups} duplicate article rows")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for r in rows:
        a = {"id": r["id"], "title": r["title"], "text": r["text"]}
        if r["url"]: a["url"] = r["url"]
        if r["outlet"]: a["outlet"] = r["outlet"]
        if r["published"] is not None:
            a["published"] = datetime.datetime.fromtimestamp(r["published"], datetime.timezone.utc).isoformat()
        out.write(json.dumps(a, ensure_ascii=False) + "\n")
PY
python3 -c "import sys; n = sum(1 for _ in open(sys.argv[1])); s = float(sys.argv[3]) - float(sys.argv[2]); print(f'concurrent-writers: {sys.argv[4]} writers stored {n} articles in {s:.1f} s ({n / s:.0f} articles/s)')" \
    "$WORK/shared-rows.jsonl" "$started" "$ended" "$WRITERS"
"$MARSAD" ingest "$WORK/arrival.jsonl" --db "$WORK/fresh.db" > /dev/null

# Stories (as sets of article versions) and cleanings must be equal.
dump "$DB" "select id, version, story, dropped, coalesce(copy_of, '') as copy_of from articles" > "$WORK/shared-final.jsonl"
dump "$WORK/fresh.db" "select id, version, story, dropped, coalesce(copy_of, '') as copy_of from articles" > "$WORK/fresh-final.jsonl"
python3 - "$WORK/shared-final.jsonl" "$WORK/fresh-final.jsonl" <<'PY'
import json, sys, collections
def load(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    rows = [(r["id"], r["version"], r["story"], r["dropped"], r["copy_of"]) for r in rows]
    stories = collections.defaultdict(set)
    for id, version, story, _, _ in rows:
        stories[story].add((id, version))
    return ({(id, v): (d, cp) for id, v, _, d, cp in rows},
            sorted(sorted(s) for s in stories.values()), dict(((id, v), s) for id, v, s, _, _ in rows))
shared, shared_stories, shared_ids = load(sys.argv[1])
fresh, fresh_stories, fresh_ids = load(sys.argv[2])
if shared.keys() != fresh.keys():
    sys.exit(f"concurrent-writers: {len(shared)} articles stored, the fresh run has {len(fresh)}")
cleaning = sum(shared[k][0] != fresh[k][0] for k in shared)
copies = sum(shared[k][1] != fresh[k][1] for k in shared)
ids = sum(shared_ids[k] != fresh_ids[k] for k in shared)
print(f"concurrent-writers: {len(shared)} articles, {len(shared_stories)} stories; "
      f"differences from the fresh run: stories {int(shared_stories != fresh_stories)}, "
      f"story ids {ids}, cleanings {cleaning}, copy links {copies}")
if shared_stories != fresh_stories or cleaning or copies or ids:
    sys.exit("concurrent-writers: the shared store differs from a fresh single-process ingest")
print("concurrent-writers: the shared store equals a fresh single-process ingest in its arrival order")
PY
