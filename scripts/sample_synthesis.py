#!/usr/bin/env python3
"""Draws speakers and entities from the synthesis of every story of the SNN
dev stories, with a fixed seed, for checking by hand (issue 11).

    python3 scripts/sample_synthesis.py target/release/marsad ../shared/data/snn-stories/dev.jsonl \
        [--seed 11] [--n 100] > sample.tsv

Each output line is: kind (speaker | entity), number, the name as shown, its
role or entity kind, and for a speaker the start of the quote; a checker adds
a column "ok"/"wrong". Speakers are drawn from all quotes (one per quote),
entities from all entities, across all stories.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile


def run(marsad, *args):
    return subprocess.run([marsad, *args], check=True, capture_output=True, text=True).stdout


def one_line(s, n=80):
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n] + " …"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("marsad")
    ap.add_argument("articles")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--n", type=int, default=100)
    a = ap.parse_args()
    speakers, entities = [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "dev.db")
        stories = json.loads(run(a.marsad, "run", a.articles, "--db", db, "--json"))["stories"]
        for st in sorted(stories, key=lambda s: s["id"]):
            s = json.loads(run(a.marsad, "story", str(st["id"]), "--db", db, "--json"))["synthesis"]
            for q in s["quotes"]:
                speakers.append((st["id"], q["speaker"], q.get("role") or "", one_line(q["text"])))
            for e in s["entities"]:
                entities.append((st["id"], e["name"], e["kind"], ", ".join(e.get("roles", []))))
    rng = random.Random(a.seed)
    out = sys.stdout
    out.write("kind\tn\tstory\tname\trole_or_kind\tcontext\n")
    for kind, pool in (("speaker", speakers), ("entity", entities)):
        drawn = rng.sample(pool, min(a.n, len(pool)))
        for i, x in enumerate(drawn, 1):
            out.write("\t".join([kind, str(i), str(x[0]), x[1], x[2], x[3]]) + "\n")
    print(f"{len(speakers)} quotes, {len(entities)} entities in {len(stories)} stories", file=sys.stderr)


if __name__ == "__main__":
    main()
