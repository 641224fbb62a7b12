#!/usr/bin/env python3
"""A hostile corpus for `marsad ingest`, and the check that it is read safely.

    hostile_corpus.py generate DIR [--big]   write the corpus into DIR
    hostile_corpus.py check MARSAD DIR       ingest DIR in one run and check it

The corpus mixes good fictional articles (written here, in every input
format) with inputs built to break readers: deep nesting, wide tags, many
elements, unclosed furniture, decompression bombs, lying lengths, broken and
oversized JSON, binary text, links that loop or point nowhere, a FIFO, and
mutated copies of the good files. `--big` adds each structural kind at the
size of the default caps (32 MiB). `expected.json` in DIR lists what the
check needs: the good articles' ids, the inputs that must be reported.

The check runs one ingest under /usr/bin/time -v and fails unless: the run
exits normally (no abort), every good article is stored, every bad input is
reported on exactly one stderr line and no good one is, the whole run reads
at least 2 MB/s, each input of 1 MB or more (timed alone) too, and peak RSS
stays under 1 GiB.
"""
import gzip
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib

CAP = 32 << 20  # marsad_ingest::DEFAULT_CAP
RNG = random.Random(13)

# Invented places, people and things: no real outlet, person or event.
PLACES = ["وادي السنابل", "تل الزيتون", "مرفأ الصفصاف", "سهل الريحان", "جزيرة اللؤلؤ", "قرية الينابيع"]
PEOPLE = ["سليم النجار", "هدى الخياط", "كمال الرفاعي", "نور الساعدي", "يوسف الحداد", "ريم العطار"]
THINGS = ["جسرا جديدا", "مكتبة عامة", "محطة للقطارات", "مستشفى ميدانيا", "سوقا للمزارعين", "مدرسة للفنون"]
VERBS = ["افتتحت", "أعلنت", "دشنت", "استكملت", "أطلقت"]


def sentence(rng):
    return (f"{rng.choice(VERBS)} بلدية {rng.choice(PLACES)} {rng.choice(THINGS)} "
            f"بحضور {rng.choice(PEOPLE)} وعدد من السكان الذين عبروا عن ارتياحهم للمشروع "
            f"الذي استغرق {rng.randint(2, 40)} شهرا من العمل المتواصل.")


def article(n):
    rng = random.Random(n)
    title = f"{rng.choice(PLACES)} تستقبل {rng.choice(THINGS)} في يومها رقم {n}"
    paras = [sentence(rng) + " " + sentence(rng) for _ in range(rng.randint(3, 6))]
    paras.append(f"وقال {rng.choice(PEOPLE)} إن المشروع رقم {n} سيخدم آلاف الأسر في المنطقة.")
    return title, paras


def html_page(n, url):
    title, paras = article(n)
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!doctype html><html lang=ar><head><meta charset=utf-8><title>{title}</title>"
            f"<link rel=canonical href='{url}'>"
            f"<meta property='article:published_time' content='2024-03-{n % 28 + 1:02d}T10:00:00+03:00'>"
            f"</head><body><nav><a href=/>الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>جميع الحقوق محفوظة</footer></body></html>")


def warc_record(kind, uri, block):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-03-12T10:00:00Z\r\nContent-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def http_ok(html_bytes, extra=""):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n").encode() + html_bytes


class Corpus:
    def __init__(self, root):
        self.root = root
        self.good = []  # ids of good articles (a text file's id is its path: suffix)
        self.bad = []  # inputs that must be reported, one line each
        self.bytes = 0
        os.makedirs(root, exist_ok=True)

    def write(self, name, data):
        path = os.path.join(self.root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(data, str):
            data = data.encode()
        with open(path, "wb") as f:
            f.write(data)
        self.bytes += len(data)
        return path

    def bad_file(self, name, data):
        self.write(name, data)
        self.bad.append(name)

    def save(self):
        with open(os.path.join(self.root, "expected.json"), "w") as f:
            json.dump({"good": self.good, "bad": self.bad, "bytes": self.bytes}, f)


def good_inputs(c, n0, count):
    """`count` good articles from n0, spread over every format."""
    n = n0
    for k in range(count):
        kind = k % 6
        if kind == 0:
            title, paras = article(n)
            c.write(f"good/t-{n}.txt", title + "\n\n" + "\n\n".join(paras) + "\n")
            c.good.append(f"good/t-{n}.txt")
        elif kind == 1:
            url = f"http://good.example/h/{n}"
            c.write(f"good/h-{n}.html", html_page(n, url))
            c.good.append(url)
        elif kind == 2:
            items = []
            for j in range(3):
                title, paras = article(n + j * 100000)
                items.append({"id": f"good-j-{n}-{j}", "title": title, "text": "\n".join(paras),
                              "published": 1710237600 + n})  # epoch seconds
                c.good.append(f"good-j-{n}-{j}")
            bom = "\ufeff" if n % 2 else ""
            c.write(f"good/j-{n}.json", bom + json.dumps(items, ensure_ascii=False))
        elif kind == 3:
            lines = []
            for j in range(3):
                title, paras = article(n + j * 200000)
                lines.append(json.dumps({"id": f"good-l-{n}-{j}", "title": title, "text": "\n".join(paras)},
                                        ensure_ascii=False))
                c.good.append(f"good-l-{n}-{j}")
            c.write(f"good/l-{n}.jsonl", "\n".join(lines) + "\n")
        elif kind == 4:
            url = f"http://good.example/w/{n}"
            c.write(f"good/w-{n}.warc", warc_record("response", url, http_ok(html_page(n, url).encode())))
            c.good.append(url)
        else:
            url = f"http://good.example/g/{n}"
            rec = warc_record("response", url, http_ok(gzip.compress(html_page(n, url).encode()),
                                                        "Content-Encoding: gzip\r\n"))
            c.write(f"good/g-{n}.warc.gz", gzip.compress(rec))
            c.good.append(url)
        n += 1
    return n


def deep(unit, levels):
    return "<html><body>" + unit * levels + "<p>نص عربي في قاع الصفحة.</p>"


def dense_page(c):
    """A good page of 24,700 one-line paragraphs (just under the
    element cap, 1.3 MB): too dense for the extractor at 2 MB/s, read by
    the linear fallback, and timed alone by the check."""
    url = "http://good.example/dense"
    body = "".join(f"<p>سطر قصير رقم {i} هنا الآن.</p>" for i in range(24_700))
    c.write("good/dense.html", f"<!doctype html><html lang=ar><head><meta charset=utf-8>"
            f"<title>تقرير طويل جدا</title><link rel=canonical href='{url}'></head>"
            f"<body><article><h1>تقرير طويل جدا</h1>{body}</article></body></html>")
    c.good.append(url)


def deep_text_page(c):
    """A good page whose 1.2 MB of text sits under 110 nested tables (440
    levels, under the depth cap): the extractor's work grows with text times
    depth, so it is read by the linear fallback, whole, and timed alone."""
    url = "http://good.example/deep-text"
    rng = random.Random(5)
    text = "".join("<p>" + " ".join(sentence(rng) for _ in range(10)) + "</p>" for _ in range(600))
    unit = "<table><tr><td>"
    c.write("good/deep-text.html", f"<!doctype html><html lang=ar><head><meta charset=utf-8>"
            f"<title>تقرير في قاع الجداول</title><link rel=canonical href='{url}'></head>"
            f"<body>{unit * 110}<h1>تقرير في قاع الجداول</h1>{text}</body></html>")
    c.good.append(url)


def bad_inputs(c, big):
    """Inputs built to break readers, each reported once."""
    sized = [("", 1)] + ([("cap-", None)] if big else [])
    for prefix, _ in sized:
        def fill(unit, target=None):
            target = target or (CAP - 4096 if prefix else 600_000)
            return unit * max(1, target // len(unit))
        # Deep, wide, many, unclosed.
        c.bad_file(f"bad/{prefix}deep-bi.html", deep("<b><i>", 5000) if not prefix else "<html><body>" + fill("<b><i>"))
        c.bad_file(f"bad/{prefix}deep-span.html", deep("<span>", 10000) if not prefix else "<html><body>" + fill("<span>"))
        c.bad_file(f"bad/{prefix}deep-table.html", deep("<table><tr><td>", 10000) if not prefix else "<html><body>" + fill("<table><tr><td>"))
        c.bad_file(f"bad/{prefix}deep-div.html", deep("<div>", 100000) if not prefix else "<html><body>" + fill("<div>"))
        c.bad_file(f"bad/{prefix}wide-attrs.html", "<p" + fill(" a=1", 800_000 if not prefix else None) + ">نص</p>")
        c.bad_file(f"bad/{prefix}many-elements.html", "<html><body>" + fill("<p>ن</p>"))
        # Unclosed furniture: stripped in linear time; the page has no text.
        c.bad_file(f"bad/{prefix}unclosed-nav.html", fill("<nav>"))
        c.bad_file(f"bad/{prefix}unclosed-aside.html", fill("<aside><a>"))
        c.bad_file(f"bad/{prefix}unclosed-comment.html", "<p>" + fill("<!--x"))
        c.bad_file(f"bad/{prefix}branches.html", "<html><body>" + fill("<div>" * 400 + "<p>ن</p>" + "</div>" * 400))
        # JSON nested past serde_json's limit.
        c.bad_file(f"bad/{prefix}deep.json", "[" + fill("[") + "]")
        c.bad_file(f"bad/{prefix}deep-line.jsonl", fill("{\"a\":") + "\n")
    # Over the caps.
    if big:
        c.bad_file("bad/cap-text.txt", "ن" * (CAP // 2 + 10))
        c.bad_file("bad/cap-page.html", "<p>" + "ن" * (CAP // 2 + 10) + "</p>")
        big_el = json.dumps({"id": "huge", "text": "ن" * (CAP // 2 + 10)}, ensure_ascii=False)
        c.bad_file("bad/cap-element.json", "[" + big_el + "]")
        c.bad_file("bad/cap-line.jsonl", big_el + "\n")
    # Decompression bombs.
    zeros = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = zeros.compress(b"\0" * (64 << 20)) + zeros.flush()
    c.bad_file("bad/bomb-nul.warc.gz", member * (24 if not big else 512))
    payload = gzip.compress(b" " * (CAP + (1 << 20)), 9)
    c.bad_file("bad/bomb-body.warc", warc_record("response", "http://bad.example/bomb",
                                                 http_ok(payload, "Content-Encoding: gzip\r\n")))
    # Lying lengths: past the end of the file.
    page = http_ok(html_page(7, "http://bad.example/7").encode())
    rec = warc_record("response", "http://bad.example/past", page)
    c.bad_file("bad/length-past-end.warc", rec.replace(f"Content-Length: {len(page)}".encode(),
                                                       f"Content-Length: {len(page) + 9999}".encode()))
    # ... and into the next record (a good one, which must still be read).
    nxt = "http://good.example/after-lie"
    lie = rec.replace(f"Content-Length: {len(page)}".encode(), f"Content-Length: {len(page) + 300}".encode())
    c.write("bad/length-into-next.warc", lie + warc_record("response", nxt, http_ok(html_page(8, nxt).encode())))
    c.bad.append("bad/length-into-next.warc")
    c.good.append(nxt)
    c.bad_file("bad/chunk-lie.warc", warc_record("response", "http://bad.example/chunk",
                                                 http_ok(b"fffffffff\r\n<p>x</p>\r\n0\r\n\r\n", "Transfer-Encoding: chunked\r\n")))
    c.bad_file("bad/header-line.warc", "WARC/1.1\r\nX: " + "y" * (1 << 20))
    # Broken JSON, binary text, emptiness.
    c.bad_file("bad/unterminated.json", '[{"id":"u","text":"نص"}')
    c.bad_file("bad/not-json.json", "<html>")
    c.bad_file("bad/binary.txt", bytes(RNG.randrange(256) for _ in range(20000)) + b"\0" * 100)
    c.bad_file("bad/empty.html", "")
    c.bad_file("bad/no-text.html", "<html><body><nav>x</nav></body></html>")
    # Links that loop or lead nowhere, and a FIFO (never read).
    links = os.path.join(c.root, "bad", "links")
    os.makedirs(links, exist_ok=True)
    os.symlink(".", os.path.join(links, "loop"))
    os.symlink("nowhere.txt", os.path.join(links, "broken.txt"))
    c.bad += ["bad/links/loop", "bad/links/broken.txt"]
    os.mkfifo(os.path.join(c.root, "bad", "pipe.jsonl"))
    c.bad.append("bad/pipe.jsonl")


def mutants(c, count):
    """Good files with bytes flipped, cut or repeated: anything may come of
    them but an abort."""
    goods = sorted(os.listdir(os.path.join(c.root, "good")))
    for k in range(count):
        src = goods[k % len(goods)]
        data = bytearray(open(os.path.join(c.root, "good", src), "rb").read())
        op = k % 4
        if op == 0:
            for _ in range(1 + k % 20):
                data[RNG.randrange(len(data))] = RNG.randrange(256)
        elif op == 1:
            data = data[: RNG.randrange(1, len(data))]
        elif op == 2:
            i = RNG.randrange(len(data))
            data = data[:i] + data[i:i + 64] * 50 + data[i:]
        else:
            i, j = sorted(RNG.randrange(len(data)) for _ in range(2))
            data = data[:i] + data[j:]
        c.write(f"mutants/m{k}-{src}", bytes(data))


def generate(root, big):
    c = Corpus(root)
    n = good_inputs(c, 1, 420)
    dense_page(c)
    deep_text_page(c)
    bad_inputs(c, big)
    mutants(c, 600)
    c.save()
    files = sum(len(fs) for _, _, fs in os.walk(root))
    print(f"corpus: {files} files, {len(c.good)} good articles, {len(c.bad)} bad inputs, {c.bytes} bytes")


def timed(cmd):
    """Runs `cmd` under /usr/bin/time -v: (exit code, stderr lines, wall seconds, peak RSS in
    KiB, CPU seconds). The CPU seconds (user + system) measure the work an input costs; the
    wall clock also counts whatever else the machine is doing (a build beside the check)."""
    with tempfile.NamedTemporaryFile("r") as t:
        start = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, capture_output=True, text=True)
        seconds = time.monotonic() - start
        stats = t.read()
    field = lambda name: next(l.split(":", 1)[1] for l in stats.splitlines() if name in l)
    rss = int(field("Maximum resident"))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return p.returncode, p.stderr.splitlines(), seconds, rss, cpu


def check(marsad, root):
    root = root.rstrip("/")
    exp = json.load(open(os.path.join(root, "expected.json")))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "h.db")
        code, lines, seconds, rss, _ = timed([marsad, "ingest", root, "--db", db, "--json-errors"])
        errors = []
        for l in lines:
            try:
                errors.append(json.loads(l)["input"])
            except (ValueError, KeyError, TypeError):
                pass
        rate = exp["bytes"] / seconds / 1e6
        print(f"one run: exit {code}, {len(errors)} inputs reported, {seconds:.1f} s, "
              f"{rate:.1f} MB/s, peak RSS {rss / 1024:.0f} MiB")
        if code != 0:
            failures.append(f"ingest exited {code}: {lines[-3:]}")
        ids = {r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles")}
        missing = [g for g in exp["good"] if g not in ids and not any(i.endswith("/" + g) for i in ids)]
        print(f"good articles stored: {len(exp['good']) - len(missing)} of {len(exp['good'])}")
        if missing:
            failures.append(f"good articles not stored: {missing[:10]}")
        rel = [e[len(root) + 1:] if e.startswith(root + "/") else e for e in errors]
        for b in exp["bad"]:
            n = sum(1 for r in rel if r == b or r.startswith(b + "#"))
            if n != 1:
                failures.append(f"{b}: reported on {n} lines, not one")
        wrong = [r for r in rel if r.startswith("good/")]
        if wrong:
            failures.append(f"good inputs reported as bad: {wrong[:5]}")
        print(f"bad inputs reported once each: {len(exp['bad']) - sum(1 for f in failures if 'reported on' in f)} of {len(exp['bad'])}")
        if rate < 2:
            failures.append(f"read at {rate:.2f} MB/s, under 2")
        if rss >= 1 << 20:
            failures.append(f"peak RSS {rss} KiB, over 1 GiB")
        # Each large input alone: its own rate (0.3 s allowed for start-up), in CPU
        # seconds, so a busy machine does not fail an input that costs no more work.
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                path = os.path.join(dirpath, f)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                size = os.path.getsize(path)
                if size < 1 << 20:
                    continue
                code, _, seconds, rss, cpu = timed([marsad, "ingest", path, "--db", os.path.join(tmp, f + ".db")])
                ok = code in (0, 1, 2) and cpu <= size / 2e6 + 0.3 and rss < 1 << 20
                print(f"  {path[len(root) + 1:]}: {size / 1e6:.1f} MB in {cpu:.2f} s CPU ({seconds:.2f} s wall, "
                      f"{size / 1e6 / max(cpu, 1e-3):.1f} MB/s), peak RSS {rss / 1024:.0f} MiB{'' if ok else '  FAIL'}")
                if not ok:
                    failures.append(f"{path}: {cpu:.2f} s CPU, exit {code}, RSS {rss} KiB")
    for f in failures:
        print("FAIL:", f)
    print("hostile corpus: " + ("passed" if not failures else f"{len(failures)} failures"))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "generate":
        generate(sys.argv[2], "--big" in sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
