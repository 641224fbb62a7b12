#!/usr/bin/env bash
# Load test of `marsad serve` (issue 6), run by hand, not in CI:
# 200 connections for 30 s against story pages and searches over a store of
# all SaudiNewsNet but its last 1,030 articles, while those are ingested
# through the API in batches of 10. Pages of 1,000 stories and 300 searches. Needs wrk, python3 and curl.
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

# The request mix: the pages of the 1,000 most recently active stories, and
# 300 searches (one or two title words of those stories, with their clitics).
python3 - "$BASE" > "$WORK/urls.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
stories = []
for offset in range(0, 1000, 100):
    page = json.load(urllib.request.urlopen(f"{base}/api/stories?limit=100&offset={offset}"))
    stories += page["stories"]
paths = [f"/story/{s['id']}" for s in stories]
searches = []
for s in stories[:300]:
    words = [w for w in s["headline"].split() if len(w) > 3][:2]
    if words:
        q = words[0] if len(searches) % 2 else " ".join(words)
        searches.append(f"/search?q={urllib.parse.quote(q)}")
# Story pages and searches alternate while both last.
mix = []
for i, p in enumerate(paths):
    mix.append(p)
    if i < len(searches):
        mix.append(searches[i])
print("\n".join(mix))
PY

# WARM=1: request every path once first (answers are then cached until the
# ingest changes the store and for up to 5 s after), to measure the steady
# state rather than a cold start.
if [ "${WARM:-0}" = 1 ]; then
    python3 - "$BASE" "$WORK/urls.txt" <<'PY'
import sys, urllib.request
for p in open(sys.argv[2]):
    urllib.request.urlopen(sys.argv[1] + p.strip()).read()
PY
fi

# The ingest thread replays the store before its first batch; wait for it,
# so the ingest runs during the whole measurement.
python3 - "$BASE" "$WORK/token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], open(sys.argv[2]).read().strip()
req = urllib.request.Request(f"{base}/api/articles",
    data=json.dumps({"id": "load-test-warmup", "outlet": "اختبار", "text": "نص قصير للتحقق من جاهزية الإدخال."}).encode(),
    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=600).read()
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
wait $INGEST; for t in /proc/$SERVER/task/*; do echo "$(cat $t/comm) $(awk "{print \$14+\$15, \$19}" $t/stat)"; done | sort | uniq -c
cat "$WORK/ingest.log"
