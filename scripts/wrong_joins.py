#!/usr/bin/env python3
"""Lists the joins of a run over a labeled file whose nearest member carries
another `event` label: the decisions that mixed two events, with the parts
of their scores and the size of the story when each joined.

usage: wrong_joins.py STORE.db LABELED.jsonl
(run `marsad run LABELED.jsonl --db STORE.db` first)
"""
import collections
import json
import sqlite3
import sys

if len(sys.argv) != 3:
    sys.exit(__doc__)
label = {}
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            a = json.loads(line)
            label[a.get("id") or a.get("url")] = (a["event"], a.get("title", ""))
db = sqlite3.connect(sys.argv[1])
size = collections.Counter()
wrong = right = 0
rows = db.execute(
    "select id, outlet, title, explanation from articles where current = 1 order by seq"
)
for id_, outlet, title, explanation in rows:
    e = json.loads(explanation)
    story, near = e["story"], e.get("nearest_article")
    if not e.get("opened") and id_ in label and near in label:
        if label[id_][0] == label[near][0]:
            right += 1
        else:
            wrong += 1
            p = e.get("parts") or {}
            parts = " ".join(
                f"{k}={v:.2f}" for k, v in p.items() if isinstance(v, (int, float)) and k != "score"
            )
            print(f"{outlet} score={e['score']:.3f} story of {size[story]}: {parts}")
            print(f"    {label[id_][0]} | {title[:70]}")
            print(f"  → {label[near][0]} | {label[near][1][:70]}")
    size[story] += 1
print(f"{wrong} joins to another event's member, {right} to the same event's")
