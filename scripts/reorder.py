#!/usr/bin/env python3
"""Writes a labeled JSON Lines file of articles in another order, to see how
much an undated run depends on the order articles arrive in (`marsad eval
clusters` reads undated articles in file order).

usage: reorder.py INPUT.jsonl OUTPUT.jsonl (--by-outlet | --by-event | --reverse | --shuffle SEED)

--by-outlet: grouped by outlet (a crawl site by site), file order kept inside.
--by-event:  grouped by the `event` label, file order kept inside.
--reverse:   the file's order reversed.
--shuffle:   a seeded random order.
"""
import argparse
import json
import random
import sys

ap = argparse.ArgumentParser()
ap.add_argument("input")
ap.add_argument("output")
g = ap.add_mutually_exclusive_group(required=True)
g.add_argument("--by-outlet", action="store_true")
g.add_argument("--by-event", action="store_true")
g.add_argument("--reverse", action="store_true")
g.add_argument("--shuffle", type=int, metavar="SEED")
args = ap.parse_args()

rows = []
with open(args.input, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"reorder: {args.input}#{n}: invalid JSON ({e})")
if args.by_outlet:
    rows.sort(key=lambda r: str(r.get("outlet") or r.get("source") or ""))
elif args.by_event:
    rows.sort(key=lambda r: str(r.get("event") or ""))
elif args.reverse:
    rows.reverse()
else:
    random.Random(args.shuffle).shuffle(rows)
with open(args.output, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
