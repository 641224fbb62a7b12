#!/usr/bin/env bash
# Synthesis of one story of N near copies of one article (issue 11: near-linear in story size).
#   scripts/bench_synth_copies.sh target/release/marsad ../shared/data/snn-stories/dev.jsonl 1200
# Each copy changes two random words of the longest article of the file (seed 7), so the
# copies are near copies (one story) whose sentences are not all identical.
set -euo pipefail
MARSAD="$1"; ARTICLES="$2"; N="${3:-1200}"
DIR="$(mktemp -d)"; trap 'rm -rf "$DIR"' EXIT
python3 - "$ARTICLES" "$N" > "$DIR/copies.jsonl" <<'PY'
import json, random, sys
rng = random.Random(7)
arts = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
a = max(arts, key=lambda x: len(x.get("text", "")))
for i in range(int(sys.argv[2])):
    w = a["text"].split(" ")
    for _ in range(2):
        j = rng.randrange(len(w)); w[j] = w[j] + "ا"
    print(json.dumps({"id": f"copy-{i}", "outlet": f"outlet{i % 40}", "title": a["title"],
                      "published": "2015-07-21 10:%02d:00" % (i % 60), "text": " ".join(w)}, ensure_ascii=False))
PY
"$MARSAD" run "$DIR/copies.jsonl" --db "$DIR/c.db" > /dev/null
"$MARSAD" stories --db "$DIR/c.db" | head -1
/usr/bin/time -f "synth of $N near copies: %e s wall, %U s user, %M KiB peak RSS" "$MARSAD" synth --db "$DIR/c.db"
