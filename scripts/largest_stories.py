#!/usr/bin/env python3
"""Lists the largest stories of a store, for reading by eye whether each is
one event: size, distinct outlets, the day span of its members' publish
times, and the headlines of a sample of members spread over the story.

usage: largest_stories.py STORE.db [--top N] [--sample K]
"""
import argparse
import datetime
import sqlite3

ap = argparse.ArgumentParser()
ap.add_argument("db")
ap.add_argument("--top", type=int, default=20)
ap.add_argument("--sample", type=int, default=8)
args = ap.parse_args()

conn = sqlite3.connect(args.db)
rows = conn.execute(
    "SELECT story, COUNT(*), COUNT(DISTINCT outlet), MIN(published), MAX(published) "
    "FROM articles WHERE current = 1 AND copy_of IS NULL "
    "GROUP BY story ORDER BY COUNT(*) DESC, story LIMIT ?",
    (args.top,),
).fetchall()


def day(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d") if t else "?"


for rank, (story, n, outlets, first, last) in enumerate(rows, 1):
    span = (last - first) / 86400 if first and last else 0.0
    print(f"#{rank} story {story}: {n} articles, {outlets} outlets, {day(first)} .. {day(last)} ({span:.1f} days)")
    members = conn.execute(
        "SELECT published, title FROM articles WHERE current = 1 AND copy_of IS NULL AND story = ? ORDER BY seq",
        (story,),
    ).fetchall()
    step = max(1, len(members) // max(1, args.sample))
    for published, title in members[::step][: args.sample]:
        print(f"   {day(published)}  {title[:100]}")
