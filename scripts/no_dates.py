#!/usr/bin/env python3
"""Writes the no-dates variant of a labeled JSON Lines file of articles: the
same articles in their original publish order ((published, id), as the eval
feeds a dated file), with the publish time removed, so that `marsad eval
clusters` sees an undated stream arriving as a crawl would.

usage: no_dates.py INPUT.jsonl OUTPUT.jsonl [--field published]... [--title-in-text]
Every field named by --field is removed (default: published, date).
--title-in-text: the title goes to the text's first line and its field is
removed, as in a scraped page's text.
"""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("input")
ap.add_argument("output")
ap.add_argument("--field", action="append", help="a date field to remove (repeatable)")
ap.add_argument("--title-in-text", action="store_true", help="move the title into the text")
args = ap.parse_args()
fields = args.field or ["published", "date"]

rows = []
with open(args.input, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            sys.exit(f"no_dates: {args.input}#{n}: invalid JSON ({e})")
if not rows:
    sys.exit(f"no_dates: {args.input}: no articles")


def order(r):
    # Undated rows go last, in file order (the sort is stable); ids break ties.
    t = next((r[k] for k in fields if isinstance(r.get(k), str) and r[k]), None)
    return (t is None, t or "", str(r.get("id", "")))


rows.sort(key=order)
with open(args.output, "w", encoding="utf-8") as out:
    for r in rows:
        for k in fields:
            r.pop(k, None)
        if args.title_in_text and isinstance(r.get("title"), str):
            r["text"] = r.pop("title") + "\n\n" + str(r.get("text", ""))
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
