//! Fuzzing Marsad's input parsers on stable Rust.
//!
//! cargo-fuzz and libFuzzer need a nightly compiler, which a user's machine
//! or CI may not have, so this is a plain mutational loop in process: inputs
//! start from a seed corpus (the hostile corpus of `scripts/hostile_corpus.py`
//! and the good files in it), each round mutates one (bytes flipped, inserted,
//! deleted, repeated; splices of two seeds; markup and length tokens that
//! parsers trip on) and hands it to a target. It has no coverage feedback:
//! it finds what the seeds and tokens lead to, not what only a guided search
//! would reach.
//!
//! A panic is caught, its input written to `OUT/crash-TARGET-N` and counted;
//! an input taking over [`SLOW`] is written to `OUT/slow-TARGET-N` (a hang
//! detector with room for a loaded machine; throughput is measured by the
//! hostile corpus check). An abort
//! (a stack overflow) cannot be caught: the input being run is always in
//! `OUT/current-TARGET`, so the process dying leaves its reproducer behind.
//!
//! ```text
//! marsad-fuzz TARGET|all --seeds DIR [--seconds S] [--cpu-seconds S] [--runs N] [--out DIR]
//! ```
//! `--cpu-seconds` budgets this thread's CPU time rather than wall time, so a
//! campaign at `nice -n 19` on a busy machine still gets its core-hour; with
//! it, "slow" is judged on CPU time too (a descheduled run is not a hang).
//! Exits 1 when any input panicked or was slow.

use std::io::{Seek, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use marsad_ingest::{self as ingest, Options};

/// A named fuzz target: a parser of outside input, fed raw bytes.
type Target = (&'static str, fn(&[u8]));

/// Every parser of outside input, by name.
const TARGETS: &[Target] = &[
    ("html", |b| {
        let html = ingest::decode_html(b, None);
        let _ = ingest::article_from_html("fuzz.html", None, &html, chrono_tz::UTC);
    }),
    ("strip", |b| {
        let s = String::from_utf8_lossy(b);
        let _ = ingest::strip_inert(&s);
    }),
    ("guard", |b| {
        let s = String::from_utf8_lossy(b);
        let _ = ingest::guard::parse(&s);
    }),
    ("warc", |b| {
        let opts = small_caps();
        ingest::read_warc("fuzz.warc", b, &opts, &mut |_| {});
        let gz = ingest::warc::GzipBounded::new(b);
        ingest::read_warc(
            "fuzz.warc.gz",
            std::io::BufReader::new(gz),
            &opts,
            &mut |_| {},
        );
    }),
    ("json", |b| {
        let opts = small_caps();
        ingest::read_json_array("fuzz.json", b, &opts, &mut |_| {});
        ingest::read_json_lines("fuzz.jsonl", b, &opts, &mut |_| {});
    }),
    ("text", |b| {
        // parse_plain decodes every input that is not all white space.
        if let Ok(a) = ingest::parse_plain("fuzz.txt", b) {
            let _ = ingest::date_from_text(&a.text, chrono_tz::UTC);
            let _ = ingest::clean(&a.text);
        }
    }),
    ("feed", |b| {
        let _ = ingest::parse_feed(b, "http://feed.example/");
        let _ = ingest::parse_opml(b);
    }),
    ("synth", |b| {
        // Three reports of one story, cut from the input: numbers, dates,
        // quotes, speakers and entities are read from text as stored.
        // Articles are synthesized whole; 96 KB keeps a run short.
        let b = &b[..b.len().min(96 << 10)];
        let third = b.len() / 3;
        let docs: Vec<marsad_synth::Doc> = [&b[..third], &b[third..2 * third], &b[2 * third..]]
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let text = String::from_utf8_lossy(part);
                let mut d = marsad_synth::Doc::new(
                    &format!("fuzz-{i}"),
                    &format!("outlet-{}", i % 2),
                    &text,
                );
                d.title = text.chars().take(60).collect();
                d.published = chrono::DateTime::from_timestamp(1_778_047_200 + 3600 * i as i64, 0);
                d
            })
            .collect();
        let _ = marsad_synth::synthesize(&docs);
    }),
    ("time", |b| {
        // 200 characters take at most 800 bytes: the rest is never read.
        let s = String::from_utf8_lossy(&b[..b.len().min(800)]);
        let line: String = s.chars().take(200).collect();
        let _ = ingest::parse_time(&line, chrono_tz::UTC);
        let _ = ingest::date_from_text(&line, chrono_tz::UTC);
    }),
];

/// Caps small enough that the fuzzer reaches them.
fn small_caps() -> Options {
    Options {
        max_file_bytes: 1 << 20,
        max_line_bytes: 1 << 20,
        ..Options::default()
    }
}

/// Tokens parsers treat specially; inserted whole by the mutator.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<b><i>",
    b"<table><tr><td>",
    b"<nav>",
    b"</nav>",
    b"<aside>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<p>",
    b"</p>",
    b" a=1",
    b"<svg/>",
    b"<meta property='article:published_time' content='",
    b"<h1>",
    b"<br>",
    b"\"",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\\",
    b"\"text\":",
    b",",
    b"\n",
    b"\r\n\r\n",
    b"WARC/1.1\r\n",
    b"Content-Length: 99999999\r\n",
    b"Content-Length: 0\r\n",
    b"WARC-Type: response\r\n",
    b"Content-Type: application/http\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"ffffffff\r\n",
    b"\x1f\x8b\x08\x00",
    b"\xef\xbb\xbf",
    b"\0",
    b"\xff\xfe",
    b"<rss><channel><item><link>",
    b"<opml><outline xmlUrl='",
    b"1710237600",
    b"2024-02-30T25:61:00+99:00",
    b"\xd9\x86\xd8\xb5",
    b"&#x10FFFF;",
    b"&amp;",
];

/// xorshift64*: small, fast and repeatable from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// CPU time this thread has run, from Linux's schedstat; `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// An input taking longer than this is reported as slow.
const SLOW: Duration = Duration::from_secs(3);

/// Largest input the mutator makes.
const MAX_INPUT: usize = 1 << 20;

/// Seeds up to this size are picked three times in four: a run's time grows
/// with its input, and the large seeds (the hostile corpus's deep, wide and
/// dense pages, near 1 MiB) would otherwise take most of the budget.
const SMALL_SEED: usize = 64 << 10;

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(8) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] = rng.next() as u8;
            }
            2 => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, t.iter().copied());
            }
            4 => {
                // A token repeated: deep, wide or long structures.
                let t = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(2000);
                let rep: Vec<u8> = t.iter().copied().cycle().take(t.len() * times).collect();
                input.splice(at..at, rep);
            }
            5 if !input.is_empty() => {
                // A piece of the input repeated.
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(256)).min(input.len());
                let piece = input[start..end].to_vec();
                for _ in 0..1 + rng.below(16) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            6 if !seeds.is_empty() => {
                // Splice: the input's head, another seed's tail.
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..]);
            }
            _ => input.truncate(at.max(1).min(input.len())),
        }
    }
    input.truncate(MAX_INPUT);
}

fn load_seeds(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            load_seeds(&p, out);
        } else if meta.is_file() && meta.len() <= MAX_INPUT as u64 {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
}

struct Args {
    targets: Vec<Target>,
    seeds: PathBuf,
    seconds: f64,
    cpu_seconds: Option<f64>,
    runs: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let target = it
        .next()
        .ok_or(
        "usage: marsad-fuzz TARGET|all --seeds DIR [--seconds S] [--cpu-seconds S] [--runs N] [--out DIR]",
    )?;
    let targets: Vec<_> = TARGETS
        .iter()
        .filter(|(n, _)| target == "all" || *n == target)
        .copied()
        .collect();
    if targets.is_empty() {
        let names: Vec<_> = TARGETS.iter().map(|(n, _)| *n).collect();
        return Err(format!(
            "unknown target {target:?}; targets: all, {}",
            names.join(", ")
        ));
    }
    let mut args = Args {
        targets,
        seeds: PathBuf::new(),
        seconds: 10.0,
        cpu_seconds: None,
        runs: u64::MAX,
        out: PathBuf::from("fuzz-out"),
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seeds" => args.seeds = value.into(),
            "--seconds" => args.seconds = value.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--cpu-seconds" => {
                let s: f64 = value.parse().map_err(|e| format!("--cpu-seconds: {e}"))?;
                thread_cpu().ok_or("--cpu-seconds needs Linux's /proc/thread-self/schedstat")?;
                args.cpu_seconds = Some(s);
            }
            "--runs" => args.runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            "--out" => args.out = value.into(),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("marsad-fuzz: {e}");
            std::process::exit(2);
        }
    };
    let mut seeds = Vec::new();
    load_seeds(&args.seeds, &mut seeds);
    if seeds.is_empty() {
        seeds.push(b"<html><body><p>\xd9\x86\xd8\xb5</p></body></html>".to_vec());
    }
    std::fs::create_dir_all(&args.out).expect("the output folder");
    let small: Vec<usize> = (0..seeds.len())
        .filter(|&i| seeds[i].len() <= SMALL_SEED)
        .collect();
    // Panics are counted, not printed: the hook would flood the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = 0u64;
    for &(name, target) in &args.targets {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        let started = Instant::now();
        let cpu_started = thread_cpu();
        let cpu_used = || match (cpu_started, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        };
        // Either budget: wall time, or this thread's CPU time when asked.
        let spent = || match args.cpu_seconds {
            Some(s) => cpu_used() >= Duration::from_secs_f64(s),
            None => started.elapsed() >= Duration::from_secs_f64(args.seconds),
        };
        let current = args.out.join(format!("current-{name}"));
        // Opened once: rewritten in place before each run (creating it
        // for every run cost more than the small targets' runs).
        let mut current_file = std::fs::File::create(&current).ok();
        let (mut runs, mut crashes, mut slow) = (0u64, 0u64, 0u64);
        let mut input = Vec::new();
        while runs < args.runs && !spent() {
            input.clear();
            let seed = if !small.is_empty() && rng.below(4) > 0 {
                &seeds[small[rng.below(small.len())]]
            } else {
                &seeds[rng.below(seeds.len())]
            };
            input.extend_from_slice(seed);
            if runs > 0 {
                mutate(&mut rng, &seeds, &mut input);
            }
            if let Some(f) = current_file.as_mut() {
                let _ = f
                    .seek(std::io::SeekFrom::Start(0))
                    .and_then(|_| f.write_all(&input))
                    .and_then(|_| f.set_len(input.len() as u64));
            }
            let (t, cpu_t) = (Instant::now(), thread_cpu());
            let result = catch_unwind(AssertUnwindSafe(|| target(&input)));
            let took = match (args.cpu_seconds, cpu_t, thread_cpu()) {
                (Some(_), Some(a), Some(b)) => b.saturating_sub(a),
                _ => t.elapsed(),
            };
            runs += 1;
            if result.is_err() {
                crashes += 1;
                let _ = std::fs::write(args.out.join(format!("crash-{name}-{crashes}")), &input);
            } else if took > SLOW {
                slow += 1;
                let _ = std::fs::write(args.out.join(format!("slow-{name}-{slow}")), &input);
            }
        }
        drop(current_file);
        let _ = std::fs::remove_file(&current);
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{name}: {runs} runs in {secs:.0} s ({:.0}/s), {:.0} s of CPU, {crashes} panics, {slow} over {} s",
            runs as f64 / secs,
            cpu_used().as_secs_f64(),
            SLOW.as_secs()
        );
        failures += crashes + slow;
    }
    std::process::exit(i32::from(failures > 0));
}
