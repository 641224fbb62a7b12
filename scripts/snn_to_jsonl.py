#!/usr/bin/env python3
"""Convert the SaudiNewsNet corpus to Marsad's JSON Lines input format.

SaudiNewsNet ships as one ``YYYY-MM-DD.zip`` per day, each holding a single JSON
array of ``{"source", "url", "date_extracted", "title", "author", "content"}``
objects (see ../shared/data/saudinewsnet/README.md).

This script writes one JSON object per article, one per line, with fields:

    id        = url (unique per article)
    url       = url
    outlet    = source
    title     = title
    published = date_extracted  (as given, e.g. "2015-07-21 02:51:32", no zone)
    text      = content
    author    = author

Order is stable: zip files by file name, then members by name, then array order.
The article count is printed to stderr. Python 3 standard library only.

Usage:
    python3 scripts/snn_to_jsonl.py OUT.jsonl [--input-dir DIR]
"""

import argparse
import json
import os
import sys
import zipfile

# Default input directory, relative to the repository root (parent of scripts/).
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(REPO_ROOT, "..", "shared", "data", "saudinewsnet")


def iter_articles(input_dir):
    """Yield the raw article dicts from every *.zip in input_dir, in stable order."""
    zips = sorted(f for f in os.listdir(input_dir) if f.endswith(".zip"))
    if not zips:
        raise SystemExit(f"error: no .zip files in {input_dir}")
    for name in zips:
        with zipfile.ZipFile(os.path.join(input_dir, name)) as zf:
            for member in sorted(zf.namelist()):
                if not member.endswith(".json"):
                    continue
                data = json.loads(zf.read(member).decode("utf-8"))
                if not isinstance(data, list):
                    raise SystemExit(f"error: {name}/{member} is not a JSON array")
                yield from data


def convert(article):
    """Map one SaudiNewsNet record to the Marsad article schema."""
    return {
        "id": article["url"],
        "url": article["url"],
        "outlet": article.get("source"),
        "title": article.get("title"),
        "published": article.get("date_extracted"),
        "text": article.get("content"),
        "author": article.get("author"),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Convert SaudiNewsNet daily zips to Marsad JSON Lines.")
    parser.add_argument("output", help="output .jsonl path (parent dirs are created)")
    parser.add_argument("--input-dir", default=DEFAULT_INPUT,
                        help="directory of YYYY-MM-DD.zip files "
                             "(default: ../shared/data/saudinewsnet from the repo root)")
    args = parser.parse_args(argv)

    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    tmp = args.output + ".part"
    count = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for article in iter_articles(args.input_dir):
            out.write(json.dumps(convert(article), ensure_ascii=False))
            out.write("\n")
            count += 1
    os.replace(tmp, args.output)  # atomic: no half-written output on failure
    print(f"{count} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
