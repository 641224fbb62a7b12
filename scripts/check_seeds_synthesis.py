#!/usr/bin/env python3
"""Checks the synthesis of the seeds story (../shared/data/seeds) against the
acceptance points of issue 4, one line per point, and exits non-zero when any
fails. It runs the given marsad binary on a fresh temporary store.

    python3 scripts/check_seeds_synthesis.py target/release/marsad ../shared/data/seeds

The checks name the seeds' facts (files 000-004); the synthesis code does not.
"""
import json
import os
import subprocess
import sys
import tempfile


def run(marsad, *args):
    out = subprocess.run([marsad, *args], check=True, capture_output=True, text=True)
    return out.stdout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    marsad, seeds = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "seeds.db")
        stories = json.loads(run(marsad, "run", seeds, "--db", db, "--json"))["stories"]
        if len(stories) != 1:
            sys.exit(f"FAIL the seeds make {len(stories)} stories, not one")
        story = json.loads(run(marsad, "story", str(stories[0]["id"]), "--db", db, "--json"))
        texts = {}
        for a in story["articles"]:
            texts[a["id"]] = json.loads(run(marsad, "article", a["id"], "--db", db, "--json"))["text"]
    s = story["synthesis"]
    # "000" … "004" for each article id (a path ending in NNN_<hex>.txt).
    short = {a["id"]: os.path.basename(a["id"])[:3] for a in story["articles"]}
    arts = lambda ids: sorted(short[i] for i in ids)
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f" — {detail}" if detail and not ok else ""))

    def values(fact):
        return [(short[v["article"]], v["value"], v.get("source") or "") for v in fact["values"]]

    # Spans slice the originals exactly.
    spans, bad = 0, []

    def walk(v):
        nonlocal spans
        if isinstance(v, dict):
            if {"article", "start", "end", "text"} <= v.keys():
                spans += 1
                t = texts[v["article"]].encode("utf-8")
                if t[v["start"]:v["end"]].decode("utf-8", "replace") != v["text"]:
                    bad.append(v)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(s)
    check(f"every span ({spans}) slices its article's original text", spans > 0 and not bad, str(bad[:2]))

    # 1. The PM's tweet: one quote carried by exactly 000, 001, 003, 004.
    tweet = [q for q in s["quotes"] if "الكاظمي" in q["speaker"] and "العلاقات الثنائية" in json.dumps(q, ensure_ascii=False)]
    check("PM tweet is one quote carried by exactly 000 001 003 004",
          any(arts(q["articles"]) == ["000", "001", "003", "004"] for q in tweet),
          str([arts(q["articles"]) for q in tweet]))
    summ = [x for x in s["summary"] if "العلاقات الثنائية" in x["text"]]
    check("summary sentence drawn from the tweet cites exactly 000 001 003 004",
          any(arts(x["articles"]) == ["000", "001", "003", "004"] for x in summ),
          str([arts(x["articles"]) for x in summ]))
    office = [q for q in s["quotes"] if "مكتب" in q["speaker"]]
    check("PM office statement shared by 001 (via the Iraqi News Agency) and 002 (via Kurdistan 24)",
          any(arts(q["articles"]) == ["001", "002"]
              and any("الأنباء العراقية" in " ".join(v["via"]) for v in q["variants"])
              and any("كوردستان" in " ".join(v["via"]) for v in q["variants"]) for q in office),
          str([(arts(q["articles"]), [v["via"] for v in q["variants"]]) for q in office]))
    wh = [q for q in s["quotes"] if "البيت الأبيض" in q["speaker"]]
    check("White House readout in 002 only", bool(wh) and all(arts(q["articles"]) == ["002"] for q in wh),
          str([arts(q["articles"]) for q in wh]))

    # 2. Speakers with roles and articles.
    def person(last, role_word, want):
        es = [e for e in s["entities"] if e["kind"] == "person" and last in e["name"]]
        ok = len(es) == 1 and arts(es[0]["articles"]) == want and any(role_word in r for r in es[0]["roles"])
        check(f"{last}: role with «{role_word}», articles {' '.join(want)}", ok,
              str([(e["name"], e["roles"], arts(e["articles"])) for e in es]))

    person("برايس", "المتحدث باسم الخارجية", ["000", "001", "004"])
    person("كيربي", "وزارة الدفاع", ["001"])
    person("ستولتنبرغ", "الأمين العام", ["000", "003"])

    # 3. Rockets on the Green Zone on Monday: one fact that differs.
    def find(pred):
        return [f for f in s["facts"] if pred(f)]

    rockets = find(lambda f: ("003", "4", ) in [(a, v) for a, v, _ in values(f)] and f["verdict"] == "differ")
    if rockets:
        vs = values(rockets[0])
        has = lambda a, v, src="": any(x == a and y == v and src in z for x, y, z in vs)
        ok = (has("004", "2") and has("003", "2", "خلية") and has("002", "3") and has("003", "3")
              and has("003", "4", "RT"))
        check("Green Zone rockets: one fact that differs, 2 (004, 003 cell) / 3 (002, 003) / 4 (003 via RT)", ok, str(vs))
        inside = lambda a, v: any(x == a and y == v for x, y, _ in vs)
        check("kept apart: 14 on Erbil (001), 3 on Balad (003), three attacks (002), 2 injured at Balad (003), 9 injured at Erbil (004)",
              not any(inside(a, v) for a, v in [("001", "نحو 14"), ("003", "2 هجمات")])
              and not any("هجمات" in v["cite"]["text"] or "شخصين" in v["cite"]["text"] or "آخرين" in v["cite"]["text"]
                          or "قاعدة بلد" in v["cite"]["text"] for v in rockets[0]["values"])
              and bool(find(lambda f: any(v["value"] == "نحو 14" for v in f["values"])))
              and bool(find(lambda f: any(v["value"] == "9" for v in f["values"]))), str(vs))
    else:
        check("Green Zone rockets: one fact that differs", False, "no differing fact with 4 from 003")
        check("kept apart: Erbil, Balad, attacks, injuries", False)

    # 4. Injuries in the Green Zone attack differ.
    inj = find(lambda f: f["verdict"] == "differ" and any(v["value"] == "عدد من" for v in f["values"]))
    check("Green Zone injuries differ: some (Iraqi authorities, 003) against none (003 cell; 004)",
          any(("003", "عدد من") in [(a, v) for a, v, _ in values(f)]
              and any(a == "003" and v == "0" and "خلية" in z for a, v, z in values(f))
              and ("004", "0") in [(a, v) for a, v, _ in values(f)] for f in inj),
          str([values(f) for f in inj]))

    # 5. Facts that agree.
    monday = find(lambda f: f["verdict"] == "agree" and f["what"].startswith("يوم")
                  and any("الاثنين" in v["value"] for v in f["values"]))
    check("Green Zone attack on Monday agrees (001, 003, 004)",
          any({"001", "003", "004"} <= {a for a, _, _ in values(f)} for f in monday),
          str([values(f) for f in monday]))
    contractor = find(lambda f: f["verdict"] == "agree" and any("متعاقد" in v["cite"]["text"] for v in f["values"]))
    check("one contractor killed at Erbil agrees (000, 004)",
          any({"000", "004"} <= {a for a, _, _ in values(f)} for f in contractor), str([values(f) for f in contractor]))
    nato = find(lambda f: f["verdict"] == "agree" and any(v["value"] == "8 أضعاف" for v in f["values"]))
    check("NATO mission 500 → 4000 (000) agrees with 8 أضعاف (003)",
          any(("000", "500 → 4000") in [(a, v) for a, v, _ in values(f)] for f in nato), str([values(f) for f in nato]))

    # 6. The day of the call differs.
    call = find(lambda f: f["verdict"] == "differ" and any("الثلاثاء" in v["value"] for v in f["values"])
                and any("الأربعاء" in v["value"] for v in f["values"]))
    def call_ok(f):
        tue = {a for a, v, _ in values(f) if "الثلاثاء" in v}
        wed = {a for a, v, _ in values(f) if "الأربعاء" in v}
        return tue == {"000", "001", "002"} and wed == {"004"}
    check("day of the call differs: Tuesday evening (000 001 002) against Wednesday (004); 003 not given a day",
          any(call_ok(f) for f in call), str([values(f) for f in call]))

    failed = results.count(False)
    print(f"seeds_acceptance {len(results) - failed}/{len(results)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
