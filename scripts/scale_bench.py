#!/usr/bin/env python3
"""Scale benchmark (issue 14, item 5): a stream of up to 1,000,000 articles built
from SaudiNewsNet, ingested into one store in batches.

The stream repeats the 31,030 SaudiNewsNet articles in cycles. Cycle k:
  - ids and URLs get a `#cK` / `?cycle=K` suffix (new articles, same outlets);
  - publish times move k * 60 days later (the corpus spans 22 days, so cycles
    never share a clustering window: each cycle's events are new events);
  - one word in five (positions i % 5 == k % 5) of the title and the text is
    replaced by another word of the corpus's vocabulary chosen by a hash of the
    word and k. Every word 5-shingle then holds a replaced word, so a cycle's
    article is neither an exact nor a near copy of its source (near copies
    need 0.8 shingle Jaccard), while the vocabulary stays the corpus's own.
Cycle 0 is the corpus as it is.

Per batch the script runs `marsad ingest BATCH.jsonl --db STORE` and records
wall time, articles/s and peak RSS; then it ingests 10 more articles (a probe
cut from the same source, with ids of their own) and records that time and
RSS: the cost of a small ingest into the store so far. Output: one Markdown
table (stdout, and OUT/scale.md), raw `/usr/bin/time` lines in OUT/time.txt.

  python3 scripts/scale_bench.py SNN.jsonl --out /tmp/scale [--total 1000000]
      [--batch 100000] [--marsad target/release/marsad] [--db STORE]

SNN.jsonl comes from scripts/snn_to_jsonl.py. --db accepts what marsad's
--db accepts (a path, or a postgres:// URL when that backend is built).
"""

import argparse
import json
import os
import subprocess
import sys
import zlib
from datetime import datetime, timedelta

CYCLE_DAYS = 60
PROBE = 10


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def vocabulary(articles):
    """Words seen at least 5 times, in a fixed order: the replacement pool."""
    counts = {}
    for a in articles:
        for w in a.get("text", "").split():
            counts[w] = counts.get(w, 0) + 1
    return sorted(w for w, c in counts.items() if c >= 5)


def rewrite(text, k, vocab):
    if k == 0 or not text:
        return text
    out = []
    for line in text.split("\n"):
        words = line.split(" ")
        for i, w in enumerate(words):
            if w and i % 5 == k % 5:
                words[i] = vocab[(zlib.crc32(w.encode()) + 7919 * k) % len(vocab)]
        out.append(" ".join(words))
    return "\n".join(out)


def shift(published, k):
    if not published or k == 0:
        return published
    try:
        t = datetime.strptime(published[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return published
    return (t + timedelta(days=CYCLE_DAYS * k)).strftime("%Y-%m-%d %H:%M:%S")


def variant(a, k, vocab, tag, salt=None):
    """Article a in cycle k; `salt` (default k) picks the words replaced."""
    salt = k if salt is None else salt
    b = dict(a)
    b["id"] = f"{a['id']}#{tag}"
    if a.get("url"):
        sep = "&" if "?" in a["url"] else "?"
        b["url"] = f"{a['url']}{sep}cycle={tag}"
    b["published"] = shift(a.get("published"), k)
    b["title"] = rewrite(a.get("title", ""), salt, vocab)
    b["text"] = rewrite(a.get("text", ""), salt, vocab)
    return b


def timed(cmd, log):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS MiB)."""
    fmt = "%e %M"
    r = subprocess.run(
        ["/usr/bin/time", "-f", fmt] + cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    log.write(" ".join(cmd) + "\n" + r.stderr + "\n")
    log.flush()
    if r.returncode != 0:
        sys.exit(f"scale_bench: {' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    wall, rss_kb = last.split()
    return float(wall), int(rss_kb) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("snn_jsonl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--total", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--marsad", default="target/release/marsad")
    ap.add_argument("--db", help="store (default OUT/scale.db)")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    db = args.db or os.path.join(args.out, "scale.db")
    source = load(args.snn_jsonl)
    vocab = vocabulary(source)
    n = len(source)
    log = open(os.path.join(args.out, "time.txt"), "a", encoding="utf-8")
    rows = []
    header = (
        "| batch | articles so far | batch wall s | articles/s | batch peak RSS MiB "
        "| +10 articles wall s | +10 peak RSS MiB |\n|---|---|---|---|---|---|---|"
    )
    print(header, flush=True)
    done = 0
    b = 0
    while done < args.total:
        size = min(args.batch, args.total - done)
        path = os.path.join(args.out, "batch.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for j in range(done, done + size):
                k, i = divmod(j, n)
                a = source[i]
                f.write(json.dumps(variant(a, k, vocab, f"c{k}"), ensure_ascii=False) + "\n")
        wall, rss = timed([args.marsad, "ingest", path, "--db", db], log)
        done += size
        # The probe: 10 articles of the latest cycle's time, ids of their own.
        k = (done - 1) // n
        probe = os.path.join(args.out, "probe.jsonl")
        with open(probe, "w", encoding="utf-8") as f:
            for p in range(PROBE):
                a = source[(b * PROBE + p * 997) % n]
                f.write(
                    json.dumps(
                        # A salt no cycle uses: not a copy of the cycle's own article.
                        variant(a, k, vocab, f"probe{b}-{p}", 1_000_003 + b * PROBE + p),
                        ensure_ascii=False,
                    ) + "\n"
                )
        pwall, prss = timed([args.marsad, "ingest", probe, "--db", db], log)
        done_total = done + PROBE * (b + 1)
        row = (
            f"| {b + 1} | {done_total:,} | {wall:.1f} | {size / wall:,.0f} | {rss:,.0f} "
            f"| {pwall:.2f} | {prss:,.0f} |"
        )
        rows.append(row)
        print(row, flush=True)
        b += 1
        os.remove(path)
    with open(os.path.join(args.out, "scale.md"), "w", encoding="utf-8") as f:
        f.write(header + "\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
