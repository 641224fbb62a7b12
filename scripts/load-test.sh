#!/usr/bin/env bash
# Load test of `marsad serve` (issue 6), run by hand, not in CI:
# 200 connections for 30 s against story pages and searches over a store of
# all SaudiNewsNet but its last 1,030 articles, while those are ingested
# through the API in batches of 10. Needs wrk, python3 and curl.
#
#   python3 scripts/snn_to_jsonl.py /tmp/snn.jsonl
#   cargo build --release && scripts/load-test.sh /tmp/snn.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
SNN="${1:?usage: scripts/load-test.sh SNN.jsonl}"
MARSAD="${MARSAD:-target/release/marsad}"
WORK="${WORK:-/tmp/marsad-load}"
PORT="${PORT:-8088}"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"

# The base store is made once and copied for each run, so every run ingests
# the same new articles.
if [ ! -e "$WORK/base.db" ]; then
    head -n 30000 "$SNN" > "$WORK/base.jsonl"
    "$MARSAD" run "$WORK/base.jsonl" --db "$WORK/build.db" > /dev/null
    # Story pages show stored syntheses; a newsroom computes them as it ingests.
    "$MARSAD" synth --db "$WORK/build.db"
    mv "$WORK/build.db" "$WORK/base.db"
fi
rm -f "$WORK"/snn.db*
cp "$WORK/base.db" "$WORK/snn.db"
tail -n +30001 "$SNN" > "$WORK/new.jsonl"
head -c 32 /dev/urandom | base64 > "$WORK/token"

"$MARSAD" serve --db "$WORK/snn.db" --addr "127.0.0.1:$PORT" --token-file "$WORK/token" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2> /dev/null || true' EXIT
until curl -sf "$BASE/api/stories?limit=1" > /dev/null; do sleep 0.5; done

# The request mix: the 300 most recently active stories' pages, and searches
# for common and rarer words (with clitics and without).
python3 - "$BASE" > "$WORK/urls.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
paths = []
for offset in (0, 100, 200):
    page = json.load(urllib.request.urlopen(f"{base}/api/stories?limit=100&offset={offset}"))
    paths += [f"/story/{s['id']}" for s in page["stories"]]
words = ["الرياض", "بالرياض", "وزارة الصحة", "الأمطار", "السعودية", "كورونا", "المملكة",
         "النفط", "الهلال", "والتعليم", "للطلاب", "الحوثيين", "مجلس الوزراء", "الملك سلمان"]
searches = [f"/search?q={urllib.parse.quote(w)}" for w in words]
# Half the requests story pages, half searches.
mix = []
for i, p in enumerate(paths):
    mix += [p, searches[i % len(searches)]]
print("\n".join(mix))
PY

# The ingest running alongside: the held-out articles, 10 per request.
python3 - "$BASE" "$WORK/token" "$WORK/new.jsonl" > "$WORK/ingest.log" 2>&1 <<'PY' &
import json, sys, time, urllib.request
base, token, path = sys.argv[1], open(sys.argv[2]).read().strip(), sys.argv[3]
lines = [json.loads(l) for l in open(path)]
started, added = time.time(), 0
for i in range(0, len(lines), 10):
    req = urllib.request.Request(f"{base}/api/articles", data=json.dumps(lines[i:i + 10]).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    added += json.load(urllib.request.urlopen(req))["added"]
    if time.time() - started > 30:
        break
print(f"ingested {added} articles in {time.time() - started:.1f} s")
PY
INGEST=$!

URLS="$WORK/urls.txt" wrk -t2 -c200 -d30s --latency --timeout 10s -s scripts/load-test.lua "$BASE"
wait $INGEST
cat "$WORK/ingest.log"
