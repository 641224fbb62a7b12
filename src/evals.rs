//! `marsad eval …`: quality figures over labeled files, printed as
//! `name value` lines; the exit status is non-zero when the headline figure
//! is under `--min`, or any figure named by `--floor NAME=X` is under X.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use marsad_cluster::{similarity, Terms, Vocab};
use marsad_core::Article;
use marsad_text::Analysis;

use rayon::prelude::*;

use crate::ReadArgs;
use marsad_engine::pipeline::{Outcome, Pipeline};

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Story clustering against `event` labels (BCubed; headline bcubed_f1).
    Clusters {
        /// JSON Lines of articles, each with an `event` label.
        file: PathBuf,
        /// Fail when bcubed_f1 is under this.
        #[arg(long)]
        min: Option<f64>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Boilerplate cleaning against a folder's clean-gold.json (headline: the lower of
    /// body_kept and boilerplate_dropped).
    Cleaning {
        /// A folder of scraped .txt files with a clean-gold.json.
        dir: PathBuf,
        /// Fail when the lower figure is under this.
        #[arg(long)]
        min: Option<f64>,
    },
    /// Near-copy detection against all pairs with word 5-shingle Jaccard ≥ 0.8, computed
    /// exactly (headline: recall).
    Copies {
        /// JSON Lines of articles.
        file: PathBuf,
        /// Fail when recall is under this.
        #[arg(long)]
        min: Option<f64>,
        /// Write this many reported near-copy pairs (spread over the file) as JSON
        /// Lines to FILE, for checking by hand.
        #[arg(long, value_name = "FILE")]
        sample: Option<PathBuf>,
        #[arg(long, default_value_t = 30)]
        sample_size: usize,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// HTML main-text extraction against gold article bodies, by the Zyte
    /// benchmark's word 4-shingle metric (headline f1). Pages are extracted
    /// one after another on one thread, and timed (file reading excluded).
    Extraction {
        /// A folder with ground-truth.json ({id: {"articleBody"}}) and html/<id>.html[.gz].
        dir: PathBuf,
        /// Score this file's outputs ({"output": {id: {"articleBody"}}} or {id: {"articleBody"}})
        /// instead of Marsad's.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
        /// Fail when f1 is under this.
        #[arg(long)]
        min: Option<f64>,
    },
    /// Story synthesis against hand-made gold facts and quotes (see docs/eval-synthesis.md).
    ///
    /// Per gold event: its articles (by `event` label in ARTICLES) are ingested into a fresh
    /// store; every story holding them is synthesized, and their facts and quotes are taken
    /// together (`split_events` counts events spread over several stories). Matching, strict:
    /// a value matches a gold value when equal or within 1% of it (a range matches a range
    /// bound by bound); an entry is an (article, value) pair; gold and Marsad facts are paired
    /// one to one, greedily by the most gold entries they share (at least one); a value counts
    /// as found only inside its paired fact; Marsad's "updated" counts as "differ"; Marsad facts
    /// whose values are all days without a full date are left out. Figures, overall and as a
    /// per-event mean (`_mean`): differ_recall (gold differing facts over 1% apart whose paired
    /// fact is marked differ, gives the right value for every gold article it covers and covers
    /// two with distinct values), differ_precision (facts marked differ paired with a gold
    /// differing fact, over all facts marked differ), fact_recall (gold facts paired),
    /// fact_precision (facts with values from two articles or more that are paired),
    /// value_recall (gold entries found in the paired fact), verdict_accuracy (paired facts
    /// with the gold verdict), quote_speaker_recall (gold quotes for which, in one of their
    /// articles, a Marsad quote's speaker and role hold the gold speaker's name, folded and
    /// stripped of clitics, less titles and a role after the name), quote_link_recall (the
    /// same per gold quote and article).
    Synthesis {
        /// Gold: JSON Lines of {event, facts: [{verdict, values: [{article, value}]}],
        /// quotes: [{speaker_ar, articles}]}.
        gold: PathBuf,
        /// JSON Lines of articles, each with an `event` label.
        articles: PathBuf,
        /// Write what each event got wrong (missed and false facts, missed quotes) as JSON
        /// Lines to FILE, for reading.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The clusterer's similarity against human same-story scores (Pearson).
    Similarity {
        /// JSON Lines of pairs: title_1, text_1, title_2, text_2, overall (1 same … 4 unrelated).
        file: PathBuf,
        /// Fail when pearson is under this.
        #[arg(long)]
        min: Option<f64>,
        #[command(flatten)]
        read: ReadArgs,
    },
}

/// `marsad eval …`: which evaluation, and the floors any of its figures must reach.
#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommand,
    /// Fail when the named figure is under X (repeatable), e.g. `--floor bcubed_f1=0.9`.
    /// A name the evaluation does not print is an error.
    #[arg(long, value_name = "NAME=X", global = true, value_parser = parse_floor)]
    pub floor: Vec<(String, f64)>,
}

fn parse_floor(s: &str) -> Result<(String, f64), String> {
    let (name, x) = s
        .split_once('=')
        .ok_or_else(|| format!("{s}: expected NAME=X"))?;
    let x: f64 = x
        .trim()
        .parse()
        .map_err(|_| format!("{s}: {x} is not a number"))?;
    Ok((name.trim().to_string(), x))
}

/// Which figures are under their floors: `(name, value, floor)`; a floor naming no
/// printed figure is reported with the value NaN.
pub fn under_floors(figures: &[(&str, f64)], floors: &[(String, f64)]) -> Vec<(String, f64, f64)> {
    floors
        .iter()
        .filter_map(
            |(name, floor)| match figures.iter().find(|(n, _)| n == name) {
                Some(&(_, v)) if v >= *floor => None,
                Some(&(_, v)) => Some((name.clone(), v, *floor)),
                None => Some((name.clone(), f64::NAN, *floor)),
            },
        )
        .collect()
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let EvalArgs {
        command: cmd,
        floor: floors,
    } = args;
    let (figures, headline, min): (Vec<(std::borrow::Cow<'static, str>, f64)>, _, _) = match cmd {
        EvalCommand::Clusters { file, min, read } => {
            (borrowed(clusters(&file, &read)?), "bcubed_f1", min)
        }
        EvalCommand::Similarity { file, min, read } => {
            (borrowed(similarity_eval(&file, &read)?), "pearson", min)
        }
        EvalCommand::Cleaning { dir, min } => (borrowed(cleaning(&dir)?), "cleaning", min),
        EvalCommand::Synthesis {
            gold,
            articles,
            errors,
            read,
        } => (
            synthesis_eval(&gold, &articles, errors.as_deref(), &read)?,
            "fact_recall",
            None,
        ),
        EvalCommand::Extraction {
            dir,
            predictions,
            min,
        } => (
            borrowed(extraction(&dir, predictions.as_deref())?),
            "f1",
            min,
        ),
        EvalCommand::Copies {
            file,
            min,
            sample,
            sample_size,
            read,
        } => (
            borrowed(copies(&file, &read, sample.as_deref(), sample_size)?),
            "recall",
            min,
        ),
    };
    let out = &mut std::io::stdout().lock();
    for (name, value) in &figures {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            writeln!(out, "{name} {value}")?;
        } else {
            writeln!(out, "{name} {value:.4}")?;
        }
    }
    let value = figures
        .iter()
        .find(|(n, _)| n == headline)
        .map(|f| f.1)
        .unwrap_or(0.0);
    let mut failed = false;
    if let Some(min) = min {
        if value < min {
            eprintln!("marsad: {headline} {value:.4} is under the floor {min}");
            failed = true;
        }
    }
    let named: Vec<(&str, f64)> = figures.iter().map(|(n, v)| (n.as_ref(), *v)).collect();
    for (name, value, floor) in under_floors(&named, &floors) {
        if value.is_nan() {
            eprintln!("marsad: --floor {name}: this evaluation prints no figure {name}");
        } else {
            eprintln!("marsad: {name} {value:.4} is under the floor {floor}");
        }
        failed = true;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn borrowed(figures: Vec<(&'static str, f64)>) -> Vec<(std::borrow::Cow<'static, str>, f64)> {
    figures.into_iter().map(|(n, v)| (n.into(), v)).collect()
}

fn open_lines(path: &Path) -> Result<impl Iterator<Item = (usize, String)>> {
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    Ok(BufReader::new(file)
        .lines()
        .map_while(|l| l.ok())
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty()))
}

/// Reads a JSON Lines file of articles, in arrival order (see
/// [`arrival_order`]); with
/// `label`, each line's value of that field too (removed from the article).
fn read_sorted(
    path: &Path,
    read: &ReadArgs,
    label: Option<&str>,
) -> Result<Vec<(Article, String)>> {
    let opts = read.options()?;
    let name = path.display().to_string();
    let mut items: Vec<(Article, String)> = Vec::new();
    for (n, line) in open_lines(path)? {
        let input = format!("{name}#{n}");
        let mut value: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{input}: invalid JSON"))?;
        let tag = match label {
            None => String::new(),
            Some(field) => match value.as_object_mut().and_then(|o| o.remove(field)) {
                Some(serde_json::Value::String(e)) => e,
                _ => bail!("{input}: no \"{field}\" label"),
            },
        };
        let article = marsad_ingest::article_from_json(&input, &name, value, &opts)?;
        items.push((article, tag));
    }
    if items.is_empty() {
        bail!("{name}: no articles");
    }
    items.sort_by(|a, b| arrival_order(&a.0, &b.0));
    Ok(items)
}

/// The order a labeled file is fed in: dated articles by (published, id),
/// then the undated ones in file order (the sort is stable), as a crawl of
/// pages without a publish time would deliver them.
fn arrival_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    match (a.published, b.published) {
        (Some(x), Some(y)) => (x, &a.id).cmp(&(y, &b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Feeds the articles through a pipeline on a fresh temporary store, in
/// (published, id) order; then measures the near copies it reported against
/// every pair at word 5-shingle Jaccard ≥ 0.8, found exhaustively. A pair
/// counts as found when the later article reported the earlier as a near
/// copy, or when copy links join the two.
fn copies(
    path: &Path,
    read: &ReadArgs,
    sample: Option<&Path>,
    sample_size: usize,
) -> Result<Vec<(&'static str, f64)>> {
    let items = read_sorted(path, read, None)?;
    let dir = tempfile::tempdir()?;
    let mut pipeline = Pipeline::open(&dir.path().join("eval.db"), read.params()?)?;
    let articles: Vec<Article> = items.into_iter().map(|(a, _)| a).collect();
    for chunk in articles.chunks(256) {
        let batch = pipeline.prepare(chunk.to_vec())?;
        pipeline.ingest_batch(batch)?;
        pipeline.flush()?;
    }
    let index: std::collections::HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut links = Vec::new();
    let mut reported = std::collections::HashSet::new();
    pipeline.store.for_each_article(|s| {
        let Some(&i) = index.get(s.article.id.as_str()) else {
            return;
        };
        if let Some(&j) = s.copy_of.as_deref().and_then(|o| index.get(o)) {
            links.push((j, i));
            reported.insert((j.min(i), j.max(i)));
        }
        let d: marsad_engine::decision::Decision =
            serde_json::from_str(&s.explanation).unwrap_or_default();
        for (other, _) in d.near_copies {
            if let Some(&j) = index.get(other.as_str()) {
                reported.insert((j.min(i), j.max(i)));
            }
        }
    })?;
    for &(a, b) in &links {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[ra] = rb;
    }
    // Shingles of each text as the pipeline cleaned it.
    let mut stored = Vec::with_capacity(articles.len());
    pipeline.store.for_each_article(|s| {
        if s.current {
            stored.push(s)
        }
    })?;
    let by_id: std::collections::HashMap<String, Vec<u64>> = stored
        .par_iter()
        .map(|s| {
            (
                s.article.id.clone(),
                marsad_engine::pipeline::analyze_stored(s).shingles,
            )
        })
        .collect();
    let shingles: Vec<Vec<u64>> = articles
        .iter()
        .map(|a| by_id.get(&a.id).cloned().unwrap_or_default())
        .collect();
    let exact = marsad_dedup::all_pairs(&shingles, 0.8);
    let found = exact
        .iter()
        .filter(|&&(a, b, _)| {
            let (a, b) = (a as usize, b as usize);
            reported.contains(&(a.min(b), a.max(b))) || find(&mut parent, a) == find(&mut parent, b)
        })
        .count();
    let verified = links
        .iter()
        .filter(|&&(a, b)| {
            articles[a].content_hash() == articles[b].content_hash()
                || marsad_dedup::jaccard(&shingles[a], &shingles[b]) >= 0.8
        })
        .count();
    if let Some(out) = sample {
        write_sample(out, &articles, &links, &shingles, sample_size)?;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Ok(vec![
        ("recall", ratio(found, exact.len())),
        ("pairs_exact", exact.len() as f64),
        ("pairs_found", found as f64),
        ("links", links.len() as f64),
        ("links_verified", ratio(verified, links.len())),
        ("articles", articles.len() as f64),
    ])
}

/// Reported copy links, evenly spread over the file, as JSON Lines with the
/// opening of both texts, for checking by hand.
fn write_sample(
    out: &Path,
    articles: &[Article],
    links: &[(usize, usize)],
    shingles: &[Vec<u64>],
    size: usize,
) -> Result<()> {
    use std::io::Write as _;
    let mut f = std::io::BufWriter::new(
        File::create(out).with_context(|| format!("{}: cannot create", out.display()))?,
    );
    let step = (links.len() / size.max(1)).max(1);
    for &(a, b) in links.iter().step_by(step).take(size) {
        let opening = |i: usize| articles[i].text.chars().take(300).collect::<String>();
        let v = serde_json::json!({
            "original": articles[a].id, "copy": articles[b].id,
            "outlets": [articles[a].outlet, articles[b].outlet],
            "jaccard": marsad_dedup::jaccard(&shingles[a], &shingles[b]),
            "titles": [articles[a].title, articles[b].title],
            "openings": [opening(a), opening(b)],
        });
        writeln!(f, "{v}")?;
    }
    Ok(())
}

/// Feeds the labeled articles, in arrival order (dated by (published, id),
/// then undated in file order) and without their
/// labels, through a pipeline on a fresh temporary store; then compares the
/// stories with the labels.
fn clusters(path: &Path, read: &ReadArgs) -> Result<Vec<(&'static str, f64)>> {
    let items = read_sorted(path, read, Some("event"))?;
    let dir = tempfile::tempdir()?;
    let mut pipeline = Pipeline::open(&dir.path().join("eval.db"), read.params()?)?;
    let mut stories = Vec::with_capacity(items.len());
    for (article, _) in &items {
        stories.push(match pipeline.ingest(article)? {
            Outcome::Added { story, .. } | Outcome::Unchanged { story } => story,
        });
    }
    pipeline.flush()?;
    // Where each went, after the merges that followed.
    let predicted: Vec<u64> = stories
        .iter()
        .map(|&s| pipeline.clusterer.resolve(s))
        .collect();
    let gold: Vec<&str> = items.iter().map(|(_, e)| e.as_str()).collect();
    let b = marsad_eval::bcubed(&predicted, &gold);
    let p = marsad_eval::pairwise(&predicted, &gold);
    let distinct = predicted
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Ok(vec![
        ("bcubed_precision", b.precision),
        ("bcubed_recall", b.recall),
        ("bcubed_f1", b.f1),
        ("pairwise_precision", p.precision),
        ("pairwise_recall", p.recall),
        ("pairwise_f1", p.f1),
        ("stories", distinct as f64),
        ("articles", items.len() as f64),
    ])
}

/// Pearson correlation between the clusterer's similarity of each pair and
/// the negated human score (so that higher is better). Document frequencies
/// come from all the file's texts, as a store holding them would have.
fn similarity_eval(path: &Path, read: &ReadArgs) -> Result<Vec<(&'static str, f64)>> {
    let params = read.params()?;
    let name = path.display().to_string();
    let field =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
    let mut pairs = Vec::new();
    for (n, line) in open_lines(path)? {
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{name}#{n}: invalid JSON"))?;
        let overall = v
            .get("overall")
            .and_then(|x| x.as_f64())
            .with_context(|| format!("{name}#{n}: no numeric \"overall\""))?;
        let a = Analysis::new(&field(&v, "title_1"), &field(&v, "text_1"));
        let b = Analysis::new(&field(&v, "title_2"), &field(&v, "text_2"));
        pairs.push((a, b, overall));
    }
    let mut vocab = Vocab::default();
    let docs: Vec<_> = pairs
        .iter()
        .map(|(a, b, _)| {
            let a = vocab.intern(&Terms::new(a), None);
            (a, vocab.intern(&Terms::new(b), None))
        })
        .collect();
    for (a, b) in &docs {
        vocab.count(a);
        vocab.count(b);
    }
    // Score every pair under the IDF of the whole collection.
    vocab.refresh();
    let sims: Vec<f64> = docs
        .iter()
        .map(|(a, b)| similarity(a, b, &vocab, &params).score as f64)
        .collect();
    let human: Vec<f64> = pairs.iter().map(|p| -p.2).collect();
    let r = marsad_eval::pearson(&sims, &human).context("similarity or scores are constant")?;
    Ok(vec![("pearson", r), ("pairs", pairs.len() as f64)])
}

/// Scores the cleaner against `clean-gold.json` (1-based line numbers of each
/// file's title, body, boilerplate and either-way lines). A body line counts
/// as kept when its text, white space folded and a leading dateline removed,
/// is in the cleaned text; a boilerplate line counts as dropped when the
/// cleaner dropped that line. Misses are listed on stderr.
fn cleaning(dir: &Path) -> Result<Vec<(&'static str, f64)>> {
    let gold_path = dir.join("clean-gold.json");
    let gold: serde_json::Value = serde_json::from_reader(BufReader::new(
        File::open(&gold_path).with_context(|| format!("{}: cannot open", gold_path.display()))?,
    ))
    .with_context(|| format!("{}: invalid JSON", gold_path.display()))?;
    let gold = gold
        .as_object()
        .context("clean-gold.json: not an object of files")?;
    let lines_of = |v: &serde_json::Value, k: &str| -> Vec<usize> {
        v.get(k)
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_u64())
                    .map(|n| n as usize)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (mut body, mut kept, mut boiler, mut dropped) = (0usize, 0usize, 0usize, 0usize);
    let mut names: Vec<&String> = gold.keys().collect();
    names.sort();
    for name in names {
        let path = dir.join(name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        let article = marsad_ingest::parse_plain(&path.display().to_string(), &bytes)?;
        let text = &article.text;
        let cleaned = marsad_ingest::clean(text);
        let clean_text = fold_space(&cleaned.text(text));
        let lines: Vec<&str> = text.split('\n').collect();
        let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
        let dropped_lines: std::collections::BTreeSet<usize> = cleaned
            .dropped
            .iter()
            .map(|(s, _)| line_of(s.start))
            .collect();
        for n in lines_of(&gold[name], "body") {
            body += 1;
            let want = fold_space(strip_dateline(lines.get(n - 1).copied().unwrap_or("")));
            if clean_text.contains(&want) {
                kept += 1;
            } else {
                eprintln!("{name}:{n}: body line dropped");
            }
        }
        for n in lines_of(&gold[name], "boilerplate") {
            boiler += 1;
            if dropped_lines.contains(&n) {
                dropped += 1;
            } else {
                eprintln!("{name}:{n}: boilerplate kept");
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (body_kept, boilerplate_dropped) = (ratio(kept, body), ratio(dropped, boiler));
    Ok(vec![
        ("body_kept", body_kept),
        ("boilerplate_dropped", boilerplate_dropped),
        ("cleaning", body_kept.min(boilerplate_dropped)),
        ("body_lines", body as f64),
        ("boilerplate_lines", boiler as f64),
    ])
}

/// White space runs (no-break spaces included) folded to one space, trimmed.
fn fold_space(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line without its leading dateline ("أربيل (كوردستان 24)- ").
fn strip_dateline(line: &str) -> &str {
    if let Some(close) = line.find(")") {
        let head = &line[..close];
        let rest = line[close + 1..].trim_start();
        if head.contains('(') && head.split_whitespace().count() <= 5 {
            if let Some(r) = rest.strip_prefix(['-', '–', '—', ':']) {
                return r.trim_start();
            }
        }
    }
    line
}

/// Reads a JSON file into a value, naming the file on failure.
fn read_json(path: &Path) -> Result<serde_json::Value> {
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("{}: invalid JSON", path.display()))
}

/// The article bodies of a `{id: {"articleBody"}}` object.
fn bodies(v: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(id, x)| {
                    let body = x.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
                    (id.clone(), body.to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn extraction(dir: &Path, predictions: Option<&Path>) -> Result<Vec<(&'static str, f64)>> {
    let gold = bodies(&read_json(&dir.join("ground-truth.json"))?);
    if gold.is_empty() {
        bail!("{}: no pages in ground-truth.json", dir.display());
    }
    let mut figures = Vec::new();
    let predicted: std::collections::BTreeMap<String, String> = match predictions {
        Some(file) => {
            let v = read_json(file)?;
            bodies(v.get("output").unwrap_or(&v))
        }
        None => {
            let mut pages = Vec::with_capacity(gold.len());
            for id in gold.keys() {
                let path = dir.join("html").join(format!("{id}.html.gz"));
                let bytes = if path.exists() {
                    let mut buf = Vec::new();
                    flate2::read::GzDecoder::new(File::open(&path)?)
                        .read_to_end(&mut buf)
                        .with_context(|| format!("{}: cannot read", path.display()))?;
                    buf
                } else {
                    let plain = dir.join("html").join(format!("{id}.html"));
                    std::fs::read(&plain)
                        .with_context(|| format!("{}: cannot read", plain.display()))?
                };
                pages.push((id.clone(), bytes));
            }
            let start = std::time::Instant::now();
            let out = pages
                .iter()
                .map(|(id, bytes)| {
                    let html = marsad_ingest::decode_html(bytes, None);
                    let page = marsad_ingest::extract_page(&html, chrono_tz::UTC);
                    (id.clone(), page.text)
                })
                .collect();
            let seconds = start.elapsed().as_secs_f64();
            figures.push(("seconds", (seconds * 1000.0).round() / 1000.0));
            figures.push((
                "pages_per_second",
                (pages.len() as f64 / seconds * 10.0).round() / 10.0,
            ));
            out
        }
    };
    let overlaps: Vec<marsad_eval::Overlap> = gold
        .iter()
        .map(|(id, g)| {
            let p = predicted.get(id).map(String::as_str).unwrap_or("");
            marsad_eval::shingle_overlap(g, p)
        })
        .collect();
    let s = marsad_eval::extraction_scores(&overlaps);
    let mut all = vec![
        ("precision", s.precision),
        ("recall", s.recall),
        ("f1", s.f1),
        ("pages", gold.len() as f64),
    ];
    all.extend(figures);
    Ok(all)
}

/// One gold event of `eval synthesis`, as read from the gold file.
struct GoldEvent {
    event: String,
    whats: Vec<String>,
    facts: Vec<marsad_eval::synthesis::GoldFact>,
    quotes: Vec<marsad_eval::synthesis::GoldQuote>,
}

fn gold_value(v: &serde_json::Value) -> Option<marsad_eval::synthesis::Value> {
    use marsad_eval::synthesis::Value;
    match v {
        serde_json::Value::Number(n) => n.as_f64().map(Value::Number),
        serde_json::Value::Array(a) if a.len() == 2 => {
            Some(Value::Range(a[0].as_f64()?, a[1].as_f64()?))
        }
        _ => None,
    }
}

fn read_gold(path: &Path) -> Result<Vec<GoldEvent>> {
    use marsad_eval::synthesis::{GoldFact, GoldQuote};
    let name = path.display();
    let mut events = Vec::new();
    for (n, line) in open_lines(path)? {
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{name}#{n}: invalid JSON"))?;
        let text = |x: &serde_json::Value, k: &str| x[k].as_str().unwrap_or_default().to_owned();
        let event = text(&v, "event");
        if event.is_empty() {
            bail!("{name}#{n}: no \"event\"");
        }
        let mut g = GoldEvent {
            event,
            whats: Vec::new(),
            facts: Vec::new(),
            quotes: Vec::new(),
        };
        for f in v["facts"].as_array().into_iter().flatten() {
            let mut values = Vec::new();
            for x in f["values"].as_array().into_iter().flatten() {
                let value = gold_value(&x["value"]).with_context(|| {
                    format!("{name}#{n}: a value is neither a number nor [min, max]")
                })?;
                values.push((text(x, "article"), value));
            }
            g.whats.push(text(f, "what"));
            g.facts.push(GoldFact {
                differ: f["verdict"] == "differ",
                values,
            });
        }
        for q in v["quotes"].as_array().into_iter().flatten() {
            g.quotes.push(GoldQuote {
                speaker: text(q, "speaker_ar"),
                articles: q["articles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str().map(str::to_owned))
                    .collect(),
            });
        }
        events.push(g);
    }
    if events.is_empty() {
        bail!("{name}: no gold events");
    }
    Ok(events)
}

/// A synthesis's facts and quotes as the scorer reads them.
fn scored_parts(
    s: &marsad_synth::Synthesis,
) -> (
    Vec<marsad_eval::synthesis::SysFact>,
    Vec<marsad_eval::synthesis::SysQuote>,
) {
    use marsad_eval::synthesis::{SysFact, SysQuote, Value};
    use marsad_synth::Normalized;
    let facts = s
        .facts
        .iter()
        .map(|f| SysFact {
            verdict: f.verdict.clone(),
            values: f
                .values
                .iter()
                .map(|v| {
                    let value = v.normalized.map(|n| match n {
                        Normalized::Number(x) => Value::Number(x),
                        Normalized::Range([a, b]) => Value::Range(a, b),
                    });
                    (v.article.clone(), value)
                })
                .collect(),
            only_days: f
                .values
                .iter()
                .all(|v| v.resolved.is_some() && v.normalized.is_none()),
        })
        .collect();
    let quotes = s
        .quotes
        .iter()
        .map(|q| SysQuote {
            // The speaker as shown: the name, the role, and the other
            // spellings of that name the story shows beside it.
            speaker: format!(
                "{} {} {}",
                q.speaker,
                q.role.as_deref().unwrap_or_default(),
                s.entities
                    .iter()
                    .filter(|e| e.name == q.speaker)
                    .flat_map(|e| e.variants.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            articles: q.articles.clone(),
        })
        .collect();
    (facts, quotes)
}

/// `eval synthesis`: each gold event's articles ingested into a fresh store,
/// its stories synthesized, their facts and quotes scored against the gold.
fn synthesis_eval(
    gold_path: &Path,
    articles_path: &Path,
    errors: Option<&Path>,
    read: &ReadArgs,
) -> Result<Vec<(std::borrow::Cow<'static, str>, f64)>> {
    use marsad_eval::synthesis::score_event;
    let gold = read_gold(gold_path)?;
    let items = read_sorted(articles_path, read, Some("event"))?;
    let mut counts = Vec::new();
    let mut split = 0;
    let mut error_lines = Vec::new();
    for g in &gold {
        let dir = tempfile::tempdir()?;
        let mut pipeline = Pipeline::open(&dir.path().join("eval.db"), read.params()?)?;
        let mut n = 0;
        for (article, _) in items.iter().filter(|(_, e)| *e == g.event) {
            pipeline.ingest(article)?;
            n += 1;
        }
        if n == 0 {
            bail!(
                "{}: no article of gold event {}",
                articles_path.display(),
                g.event
            );
        }
        pipeline.flush()?;
        let store = &pipeline.store;
        let stories = store.story_ids()?;
        if stories.len() > 1 {
            split += 1;
        }
        // The union of the event's stories is synthesized as one: a split is
        // counted above (a clustering matter); the facts are scored as a
        // reader who opened every story of the event would see them together.
        let mut arts = Vec::new();
        for id in stories {
            arts.extend(store.story_articles(id)?);
        }
        let s = marsad_engine::synthesis::synthesize_articles(&arts);
        let (facts, quotes) = scored_parts(&s);
        let shown = s.facts.clone();
        let (c, e) = score_event(&g.facts, &g.quotes, &facts, &quotes);
        counts.push(c);
        if errors.is_some() {
            let gold_fact = |i: &usize| {
                serde_json::json!({
                    "what": g.whats[*i],
                    "values": g.facts[*i].values.iter()
                        .map(|(a, v)| format!("{a} = {v:?}")).collect::<Vec<_>>(),
                })
            };
            let sys_fact = |i: &usize| {
                let f: &marsad_synth::Fact = &shown[*i];
                serde_json::json!({
                    "what": f.what, "happening": f.happening, "verdict": f.verdict,
                    "values": f.values.iter().map(|v| format!(
                        "{} = {} [{}] «{}»", v.outlet, v.value,
                        v.normalized.map(|n| format!("{n:?}")).unwrap_or_default(),
                        v.cite.text.split_whitespace().collect::<Vec<_>>().join(" ")
                    )).collect::<Vec<_>>(),
                })
            };
            let missed_quotes: Vec<serde_json::Value> = e
                .missed_quotes
                .iter()
                .map(|&i| {
                    let q = &g.quotes[i];
                    let theirs: Vec<&str> = quotes
                        .iter()
                        .filter(|s| s.articles.iter().any(|a| q.articles.contains(a)))
                        .map(|s| s.speaker.as_str())
                        .collect();
                    serde_json::json!({"speaker": q.speaker, "marsad_speakers": theirs})
                })
                .collect();
            // Each gold value not found in its paired fact, and where Marsad
            // has that (article, value) instead: another fact, or nowhere.
            let paired = marsad_eval::synthesis::pair(&g.facts, &facts);
            let mut missed_values = Vec::new();
            for (gi, gf) in g.facts.iter().enumerate() {
                for (a, v) in &gf.values {
                    let holds = |si: usize| {
                        facts[si]
                            .values
                            .iter()
                            .any(|(b, x)| b == a && x.is_some_and(|x| x.matches(v)))
                    };
                    if paired[gi].is_some_and(holds) {
                        continue;
                    }
                    let elsewhere: Vec<String> = (0..facts.len())
                        .filter(|&si| holds(si))
                        .map(|si| {
                            format!(
                                "{} @ {} ({})",
                                shown[si].what, shown[si].happening, shown[si].verdict
                            )
                        })
                        .collect();
                    missed_values.push(serde_json::json!({
                        "what": g.whats[gi],
                        "paired": paired[gi].map(|si| format!("{} @ {}", shown[si].what, shown[si].happening)),
                        "article": a,
                        "value": format!("{v:?}"),
                        "marsad_has_it_in": elsewhere,
                    }));
                }
            }
            error_lines.push(serde_json::json!({
                "event": g.event,
                "missed_values": missed_values,
                "facts": (0..shown.len()).map(|i| sys_fact(&i)).collect::<Vec<_>>(),
                "counts": format!("{c:?}"),
                "missed_differ": e.missed_differ.iter().map(gold_fact).collect::<Vec<_>>(),
                "false_differ": e.false_differ.iter().map(sys_fact).collect::<Vec<_>>(),
                "missed_facts": e.missed_facts.iter().map(gold_fact).collect::<Vec<_>>(),
                "unpaired": e.unpaired.iter().map(sys_fact).collect::<Vec<_>>(),
                "missed_quotes": missed_quotes,
            }));
        }
    }
    if let Some(path) = errors {
        let mut out = std::io::BufWriter::new(
            File::create(path).with_context(|| format!("{}: cannot create", path.display()))?,
        );
        for l in &error_lines {
            writeln!(out, "{l}")?;
        }
        out.flush()?;
    }
    let (figures, all) = marsad_eval::synthesis::figures(&counts);
    let mut out: Vec<(std::borrow::Cow<'static, str>, f64)> =
        figures.into_iter().map(|(n, v)| (n.into(), v)).collect();
    out.push(("events".into(), gold.len() as f64));
    out.push(("split_events".into(), split as f64));
    out.push(("gold_facts".into(), all.gold_facts as f64));
    out.push(("gold_differ_beyond_rounding".into(), all.gold_differ as f64));
    out.push(("marsad_facts_multi_article".into(), all.sys_facts as f64));
    out.push(("marsad_facts_differ".into(), all.sys_differ as f64));
    Ok(out)
}
