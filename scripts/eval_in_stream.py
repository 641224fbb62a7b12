#!/usr/bin/env python3
"""Scores how the labeled dev articles were grouped inside a run over a whole
stream (all of SaudiNewsNet): B-cubed over the labeled articles only, so it
shows what chaining at scale does to stories that the small dev run cannot.

usage: eval_in_stream.py STORE.db LABELS.jsonl [--min X] [--min-precision X]
Prints one `name value` line per figure; exits non-zero under --min (bcubed_f1)
or --min-precision (bcubed_precision).
"""
import argparse
import collections
import json
import sqlite3
import sys

ap = argparse.ArgumentParser()
ap.add_argument("db")
ap.add_argument("labels")
ap.add_argument("--min", type=float, default=None)
ap.add_argument("--min-precision", type=float, default=None)
args = ap.parse_args()

gold = {}
for line in open(args.labels, encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        gold[r["id"]] = r["event"]
conn = sqlite3.connect(args.db)
pred = {i: s for i, s in conn.execute("SELECT id, story FROM articles WHERE current = 1") if i in gold}
ids = [i for i in gold if i in pred]
if not ids:
    sys.exit("eval_in_stream: none of the labeled articles is in the store")
by_gold, by_pred = collections.defaultdict(set), collections.defaultdict(set)
for i in ids:
    by_gold[gold[i]].add(i)
    by_pred[pred[i]].add(i)
p = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_pred[pred[i]]) for i in ids) / len(ids)
r = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_gold[gold[i]]) for i in ids) / len(ids)
f1 = 2 * p * r / (p + r)
print(f"labeled_found {len(ids)}")
print(f"bcubed_precision {p:.4f}")
print(f"bcubed_recall {r:.4f}")
print(f"bcubed_f1 {f1:.4f}")
failed = []
if args.min is not None and f1 < args.min:
    failed.append(f"bcubed_f1 {f1:.4f} is under the floor {args.min}")
if args.min_precision is not None and p < args.min_precision:
    failed.append(f"bcubed_precision {p:.4f} is under the floor {args.min_precision}")
if failed:
    sys.exit("eval_in_stream: " + "; ".join(failed))
