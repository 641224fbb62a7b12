//! `marsad`: the command-line front of the pipeline (see ARCHITECTURE.md).

mod evals;
mod export;
mod pipeline;
mod report;
mod search;
mod serve;
mod synthesis;
mod watch;
mod web;
mod writer;

/// Analysis makes and drops many small strings on several threads, and the
/// pipeline thread frees what the preparing threads allocated: mimalloc's
/// per-thread heaps take that at a fraction of the system allocator's cost
/// (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use marsad_cluster::{Params, StoryId};
use marsad_core::ui::{self, tr};
use marsad_ingest::{FieldMap, Options};

use pipeline::{Batch, Outcome, Pipeline, Preparer};

#[derive(Parser)]
#[command(
    name = "marsad",
    version,
    about = "Turns scraped news articles into stories: one cited view per event across outlets."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of the screens: Arabic (the default) or English; also
    /// read from MARSAD_LANG.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// Colours on a terminal: auto (when stdout is a terminal and NO_COLOR
    /// is unset), never, always.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    Ar,
    En,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorArg {
    Auto,
    Never,
    Always,
}

/// Sets the screens' language and colours for this process.
fn set_screen(cli: &Cli) {
    let lang = cli.lang.or_else(|| {
        match std::env::var("MARSAD_LANG")
            .ok()?
            .to_ascii_lowercase()
            .as_str()
        {
            "en" => Some(LangArg::En),
            "ar" => Some(LangArg::Ar),
            _ => None,
        }
    });
    ui::set_lang(match lang {
        Some(LangArg::En) => ui::Lang::En,
        _ => ui::Lang::Ar,
    });
    ui::set_color(match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    });
}

#[derive(Subcommand)]
enum Command {
    /// Ingest PATHs and print the stories holding their articles.
    Run {
        #[command(flatten)]
        input: InputArgs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Ingest PATHs into the store and print what was added.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long)]
        json: bool,
    },
    /// List stories, newest activity first (the latest publish time among a
    /// story's articles; stories with no dated article last, latest ingest first).
    Stories {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// Only stories with an article published on or after this day
        /// (YYYY-MM-DD, or a time with its offset).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only stories with an article published before the end of this day.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Only stories with an article from this outlet.
        #[arg(long, value_name = "NAME")]
        outlet: Option<String>,
        /// At most this many stories.
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
    },
    /// Show one story with its synthesis: summary, shared sentences, quotes,
    /// entities, facts compared across outlets, timeline.
    Story {
        /// The story id (a merged story's id answers as the story it went into).
        id: StoryId,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// Say why each article is in the story.
        #[arg(long)]
        explain: bool,
    },
    /// Bring every story's synthesis up to date (only stories whose articles
    /// changed are recomputed) and say which were computed.
    Synth {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Show one article: metadata, story, cleaned text and the boilerplate lines dropped.
    Article {
        /// The article id.
        id: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Say why an article is in its story and not in the nearest others.
    Explain {
        /// The article id.
        article: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// Tuning: override a clustering parameter, NAME=VALUE.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
    /// Poll feeds (URLs, or OPML lists) and ingest the new article pages they point to.
    Watch(watch::WatchArgs),
    /// Search the articles: full text over normalized Arabic (diacritics,
    /// alef forms and clitics do not get in the way), best first.
    Search {
        /// The words to find (an article must have them all).
        query: String,
        #[command(flatten)]
        db: DbArg,
        /// How many hits to show.
        #[arg(long, default_value_t = 20)]
        limit: u64,
        #[arg(long)]
        json: bool,
    },
    /// Write every story and article: JSON, JSON Lines (one article per
    /// line, readable again by `marsad ingest`) or CSV (one article per row).
    Export {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_enum, default_value_t = export::Format::Json)]
        format: export::Format,
        /// Write here instead of to stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Serve the JSON API and the web UI over the store.
    Serve(serve::ServeArgs),
    /// Measure Marsad against labeled data.
    Eval(evals::EvalArgs),
}

#[derive(Args, Clone)]
struct DbArg {
    /// The store file.
    #[arg(long, default_value = "marsad.db")]
    db: PathBuf,
}

#[derive(Args, Clone)]
struct ReadArgs {
    /// Read a JSON field as an article attribute, FIELD=ATTRIBUTE
    /// (e.g. content=text, date_extracted=published, source=outlet). Repeatable.
    #[arg(long = "field", value_name = "FIELD=ATTRIBUTE")]
    fields: Vec<String>,
    /// The time zone naive timestamps are read in (an IANA name).
    #[arg(long, default_value = "UTC")]
    tz: String,
    /// Tuning: override a clustering parameter, NAME=VALUE. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Every article read is from this outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// The folder a plain-text file is in names its outlet (also for other
    /// inputs that state none).
    #[arg(long)]
    outlet_from_dir: bool,
    /// An alias file: lines `OUTLET = alias, alias, domain` mapping the names
    /// and URL domains an outlet goes by to one name.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// The format of standard input (`-`): text, jsonl, json, html, warc.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<StdinFormat>,
    /// Refuse plain-text files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = marsad_ingest::DEFAULT_CAP as u64)]
    max_file_bytes: u64,
    /// Skip JSON lines, and JSON array elements whose text is, longer than
    /// this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = marsad_ingest::DEFAULT_CAP)]
    max_line_bytes: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StdinFormat {
    Text,
    Jsonl,
    Json,
    Html,
    Warc,
}

impl StdinFormat {
    fn format(self) -> marsad_ingest::Format {
        use marsad_ingest::Format;
        match self {
            StdinFormat::Text => Format::Text,
            StdinFormat::Jsonl => Format::JsonLines,
            StdinFormat::Json => Format::JsonArray,
            StdinFormat::Html => Format::Html,
            StdinFormat::Warc => Format::Warc { gzip: false },
        }
    }
}

impl ReadArgs {
    fn outlet_rules(&self) -> Result<marsad_ingest::OutletRules> {
        let aliases = match &self.aliases {
            None => marsad_ingest::Aliases::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("alias file {}", path.display()))?;
                marsad_ingest::Aliases::parse(&text)
                    .map_err(|e| anyhow!("alias file {}: {e}", path.display()))?
            }
        };
        Ok(marsad_ingest::OutletRules {
            forced: self.outlet.clone().filter(|o| !o.trim().is_empty()),
            from_dir: self.outlet_from_dir,
            aliases,
        })
    }

    fn options(&self) -> Result<Options> {
        let tz = self.tz.parse().map_err(|_| {
            anyhow::anyhow!(
                "unknown time zone {:?} (use an IANA name such as Asia/Riyadh)",
                self.tz
            )
        })?;
        let fields = FieldMap::parse(&self.fields).map_err(anyhow::Error::msg)?;
        Ok(Options {
            fields,
            tz,
            max_file_bytes: self.max_file_bytes,
            max_line_bytes: self.max_line_bytes,
            outlets: self.outlet_rules()?,
            bytes_read: None,
        })
    }

    fn params(&self) -> Result<Params> {
        params_from(&self.params)
    }
}

fn params_from(specs: &[String]) -> Result<Params> {
    let mut p = Params::default();
    for s in specs {
        p.set(s).map_err(anyhow::Error::msg)?;
    }
    Ok(p)
}

#[derive(Args, Clone)]
struct InputArgs {
    /// Files or directories: .txt, .jsonl/.ndjson, .json, .html/.htm,
    /// .warc/.warc.gz; `-` reads standard input (with --format).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    read: ReadArgs,
    /// Report inputs that fail as JSON lines on stderr ({"input", "reason"}).
    #[arg(long)]
    json_errors: bool,
}

/// One line on stderr for an input that failed: plain, or JSON for machines.
fn report_error(input: &str, reason: &str, json: bool) {
    if json {
        eprintln!(
            "{}",
            serde_json::json!({ "input": input, "reason": reason })
        );
    } else {
        eprintln!("{input}: {reason}");
    }
}

/// What an ingest did, for the summary line.
#[derive(Default, serde::Serialize)]
struct Summary {
    added: usize,
    unchanged: usize,
    failed: usize,
    skipped_files: usize,
    /// WARC records that hold no HTML page.
    skipped_records: usize,
    new_stories: usize,
    #[serde(skip)]
    stories: BTreeSet<StoryId>,
    /// Stories this run opened (some may have merged since).
    #[serde(skip)]
    opened: BTreeSet<StoryId>,
}

/// How many articles are read before they are analysed together.
const READ_BATCH: usize = 256;

/// [`ingest_into`], leaving no store behind when it made one and the run
/// failed (a failed first run must not leave an empty `.db`).
fn ingest(input: &InputArgs) -> Result<(Pipeline, Summary)> {
    let db = &input.db.db;
    let existed = db.exists();
    let result = ingest_into(input);
    if result.is_err() && !existed {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

fn ingest_into(input: &InputArgs) -> Result<(Pipeline, Summary)> {
    let mut opts = input.read.options()?;
    let stdin = input.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && input.read.format.is_none() {
        bail!("reading standard input (`-`) needs --format text|jsonl|json|html|warc");
    }
    // What the progress line counts toward: the bytes of the inputs, when
    // known (standard input has no size).
    let total: u64 = input
        .paths
        .iter()
        .map(|p| marsad_ingest::input_bytes(p))
        .sum();
    let bytes_read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sized = !stdin && total > 0;
    if sized {
        opts.bytes_read = Some(bytes_read.clone());
    }
    let mut pipeline = Pipeline::open(&input.db.db, input.read.params()?)?;
    let preparer = Preparer::open(&input.db.db)?;
    pipeline.defer_checkpoints()?;
    let mut summary = Summary::default();
    let progress = progress_bar(sized.then_some(total));
    let mut articles_read = 0u64;
    // Two stages: a reading thread parses the inputs and prepares each batch
    // (cleaning, analysis, signatures) on all cores, while this thread takes
    // the batch before it through dedup, clustering and the store, which
    // must go one article at a time.
    let (batches, ready) = std::sync::mpsc::sync_channel::<Batch>(2);
    let (counts, reading) = std::thread::scope(|scope| {
        let (opts, progress) = (&opts, &progress);
        let reader = scope.spawn(move || read_inputs(input, opts, &preparer, progress, batches));
        let mut stored: Result<()> = Ok(());
        for batch in ready.iter() {
            let n = batch.articles.len() as u64;
            match pipeline.ingest_batch(batch) {
                Ok(outcomes) => summary.count(outcomes),
                Err(e) => {
                    stored = Err(e);
                    // Dropping the receiver stops the reader at its next send.
                    break;
                }
            }
            articles_read += n;
            progress.set_message(ui::count(
                articles_read as usize,
                ["مقال", "مقالان", "مقالات", "مقالًا"],
                ["article", "articles"],
            ));
            if sized {
                progress.set_position(bytes_read.load(std::sync::atomic::Ordering::Relaxed));
            }
        }
        drop(ready);
        let (counts, reading) = reader.join().unwrap_or_else(|_| {
            let panicked = Err(anyhow!("the reading thread panicked"));
            (ReadCounts::default(), panicked)
        });
        (counts, stored.and(reading))
    });
    reading?;
    summary.failed += counts.failed;
    summary.skipped_files += counts.skipped_files;
    summary.skipped_records += counts.skipped_records;
    progress.finish_and_clear();
    pipeline.flush()?;
    // Stories may have merged after an article was counted in them; a story
    // opened here and merged into another is not new.
    let resolve = |s: StoryId| pipeline.clusterer.resolve(s);
    summary.new_stories = summary.opened.iter().filter(|&&s| resolve(s) == s).count();
    summary.stories = summary.stories.iter().map(|&s| resolve(s)).collect();
    if summary.added + summary.unchanged == 0 {
        let failed = ui::count(
            summary.failed,
            ["مدخل", "مدخلان", "مدخلات", "مدخلًا"],
            ["input", "inputs"],
        );
        bail!(
            "{} ({failed}{})",
            ui::tr("لم يُدخَل أي مقال", "nothing could be ingested"),
            ui::tr(" فشل", " failed")
        );
    }
    Ok((pipeline, summary))
}

impl Summary {
    fn count(&mut self, outcomes: Vec<Outcome>) {
        for outcome in outcomes {
            match outcome {
                Outcome::Added { story, opened } => {
                    self.added += 1;
                    if opened {
                        self.opened.insert(story);
                    }
                    self.stories.insert(story);
                }
                Outcome::Unchanged { story } => {
                    self.unchanged += 1;
                    self.stories.insert(story);
                }
            }
        }
    }
}

/// What the reading stage counts.
#[derive(Default)]
struct ReadCounts {
    failed: usize,
    skipped_files: usize,
    skipped_records: usize,
}

/// The reading stage: reads every input, reports those that fail, and sends
/// the articles on in prepared batches. Returns the count of failed inputs,
/// of skipped files and records, and whether preparing went well.
fn read_inputs(
    input: &InputArgs,
    opts: &Options,
    preparer: &Preparer,
    progress: &ProgressBar,
    batches: std::sync::mpsc::SyncSender<Batch>,
) -> (ReadCounts, Result<()>) {
    let mut failed = 0;
    let (mut skipped_files, mut skipped_records) = (0, 0);
    let mut batch: Vec<marsad_core::Article> = Vec::with_capacity(READ_BATCH);
    // Set when preparing failed or the pipeline stopped taking batches.
    let mut stop: Option<Result<()>> = None;
    let send = |batch: Vec<marsad_core::Article>, stop: &mut Option<Result<()>>| match preparer
        .prepare(batch)
    {
        Ok(b) => {
            if batches.send(b).is_err() {
                *stop = Some(Ok(()));
            }
        }
        Err(e) => *stop = Some(Err(e)),
    };
    let mut on_item = |item: Result<marsad_core::Article, marsad_ingest::IngestError>,
                       stop: &mut Option<Result<()>>| {
        if stop.is_some() {
            return;
        }
        match item {
            Err(e) => {
                progress.suspend(|| report_error(&e.input, &e.reason, input.json_errors));
                failed += 1;
            }
            Ok(article) => {
                batch.push(article);
                if batch.len() >= READ_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(READ_BATCH));
                    send(full, stop);
                }
            }
        }
    };
    for path in &input.paths {
        if path.as_os_str() == "-" {
            let format = input
                .read
                .format
                .map_or(marsad_ingest::Format::JsonLines, |f| f.format());
            let stdin = std::io::stdin().lock();
            skipped_records += marsad_ingest::read_stdin(stdin, format, opts, &mut |item| {
                on_item(item, &mut stop)
            });
        } else if !path.exists() {
            let missing = marsad_ingest::IngestError::new(
                path.display().to_string(),
                ui::tr("لا ملف ولا مجلد بهذا الاسم", "no such file or directory"),
            );
            on_item(Err(missing), &mut stop);
        } else {
            let stats = marsad_ingest::read_path(path, opts, &mut |item| on_item(item, &mut stop));
            skipped_files += stats.skipped;
            skipped_records += stats.skipped_records;
        }
        if stop.is_some() {
            break;
        }
    }
    if stop.is_none() && !batch.is_empty() {
        send(batch, &mut stop);
    }
    let counts = ReadCounts {
        failed,
        skipped_files,
        skipped_records,
    };
    (counts, stop.unwrap_or(Ok(())))
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(bytes) => (
            ProgressBar::new(bytes),
            ui::tr(
                "{bar:24} {percent}٪ · {msg} · {elapsed} · الباقي نحو {eta}",
                "{bar:24} {percent}% · {msg} · {elapsed} · ETA {eta}",
            ),
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {msg} · {elapsed}"),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn summary_line(s: &Summary) -> String {
    if ui::lang() == ui::Lang::Ar {
        // "label: number" pairs: no number agreement to get wrong.
        let mut line = format!(
            "أُضيف: {} · دون تغيير: {} · فشل: {} · ملفات متخطاة: {}",
            s.added, s.unchanged, s.failed, s.skipped_files
        );
        if s.skipped_records > 0 {
            line.push_str(&format!(" · سجلات WARC متخطاة: {}", s.skipped_records));
        }
        line.push_str(&format!("؛ قصص جديدة: {}", s.new_stories));
        return line;
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let records = if s.skipped_records > 0 {
        format!(
            ", {}",
            plural(s.skipped_records, "WARC record", "WARC records")
        )
    } else {
        String::new()
    };
    format!(
        "{} added, {} unchanged, {} failed, {}{records} skipped; {}",
        s.added,
        s.unchanged,
        s.failed,
        plural(s.skipped_files, "file", "files"),
        plural(s.new_stories, "new story", "new stories"),
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    set_screen(&cli);
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`marsad stories | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the chain of causes.
            let line = format!("{e:#}").replace('\n', " ");
            eprintln!("marsad: {line}");
            // 2, as grep: 1 is `search` finding nothing.
            ExitCode::from(2)
        }
    }
}

/// A day (YYYY-MM-DD, the start of that day in UTC) or a time with its
/// offset, as a Unix time; `end_of_day` takes the end of a bare day.
fn parse_day(s: &str, end_of_day: bool) -> Result<i64> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        let d = if end_of_day {
            d.succ_opt().unwrap_or(d)
        } else {
            d
        };
        return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp());
    }
    marsad_ingest::parse_time(s, chrono_tz::UTC)
        .map(|t| t.timestamp())
        .with_context(|| format!("unreadable date {s:?} (use YYYY-MM-DD)"))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Run { input, json } => {
            let (pipeline, summary) = ingest(&input)?;
            // Newest activity first, as every listing.
            let ids: Vec<StoryId> = pipeline
                .store
                .story_page(&marsad_store::StoryFilter::default(), 0, u64::MAX)?
                .into_iter()
                .filter(|s| summary.stories.contains(s))
                .collect();
            let views = report::load_story_list(&pipeline.store, &ids)?;
            pipeline.finish()?;
            if json {
                report::print_stories_json(out, &views)?;
            } else {
                report::print_stories(out, &views)?;
                eprintln!("{}", summary_line(&summary));
            }
        }
        Command::Ingest { input, json } => {
            let (pipeline, summary) = ingest(&input)?;
            pipeline.finish()?;
            if json {
                serde_json::to_writer(&mut *out, &summary)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", summary_line(&summary))?;
            }
        }
        Command::Stories {
            db,
            json,
            since,
            until,
            outlet,
            limit,
        } => {
            let store = open_existing(&db)?;
            let filter = marsad_store::StoryFilter {
                outlet,
                from: since.as_deref().map(|d| parse_day(d, false)).transpose()?,
                until: until.as_deref().map(|d| parse_day(d, true)).transpose()?,
            };
            let ids = store.story_page(&filter, 0, limit.unwrap_or(u64::MAX))?;
            let views = report::load_story_list(&store, &ids)?;
            if json {
                report::print_stories_json(out, &views)?;
            } else {
                report::print_stories(out, &views)?;
            }
        }
        Command::Story {
            id,
            db,
            json,
            explain,
        } => {
            let store = open_existing(&db)?;
            let live = store
                .resolve(id)?
                .with_context(|| format!("no story {id} in {}", db.db.display()))?;
            let view = report::load_stories(&store, &[live])?
                .pop()
                .with_context(|| format!("story {id} holds no current article"))?;
            let (synthesis, _) = synthesis::synthesis(&store, live, &view.articles)?;
            if json {
                report::print_story_json(out, &view, id, explain, Some(&synthesis))?;
            } else {
                if live != id {
                    let (ar, en) = (
                        format!("دُمجت القصة {id} في القصة {live}"),
                        format!("story {id} was merged into story {live}"),
                    );
                    writeln!(out, "{}", tr(&ar, &en))?;
                }
                report::print_story(out, &view, explain)?;
                synthesis::print(out, &synthesis, &view.articles)?;
            }
        }
        Command::Synth { db, json } => {
            let store = open_existing(&db)?;
            let started = std::time::Instant::now();
            let (computed, current) = synthesis::synthesize_all(&store)?;
            let secs = started.elapsed().as_secs_f64();
            if json {
                let v =
                    serde_json::json!({"computed": computed, "current": current, "seconds": secs});
                serde_json::to_writer(&mut *out, &v)?;
                writeln!(out)?;
            } else {
                // Name the stories recomputed when they are few.
                let mut ids: Vec<String> =
                    computed.iter().take(20).map(|s| s.to_string()).collect();
                if computed.len() > 20 {
                    ids.push("…".into());
                }
                writeln!(
                    out,
                    "synthesized {} stor{} ({} already current) in {secs:.2} s{}",
                    computed.len(),
                    if computed.len() == 1 { "y" } else { "ies" },
                    current,
                    if ids.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", ids.join(" "))
                    }
                )?;
            }
        }
        Command::Article { id, db, json } => {
            let store = open_existing(&db)?;
            let stored = store
                .article(&id)?
                .with_context(|| format!("no article {id:?} in {}", db.db.display()))?;
            let story = store.resolve(stored.story)?.unwrap_or(stored.story);
            report::print_article(out, &stored, story, json)?;
        }
        Command::Explain {
            article,
            db,
            json,
            params,
        } => {
            let db_path = existing_db(&db)?;
            let pipeline = Pipeline::open(&db_path, params_from(&params)?)?;
            report::explain_article(out, &pipeline, &article, json)?;
        }
        Command::Search {
            query,
            db,
            limit,
            json,
        } => {
            if search::query_keys(&query).is_empty() {
                bail!(
                    "{}",
                    ui::tr(
                        "استعلام فارغ: اكتب الكلمات المطلوبة",
                        "empty query: give the words to find"
                    )
                );
            }
            let store = open_existing(&db)?;
            search::sync(&store)?;
            let hits = search::search(&store, &query, 0, limit)?;
            search::print(out, &query, &hits, json)?;
            if hits.is_empty() {
                // As grep: no match is exit status 1.
                return Ok(ExitCode::from(1));
            }
        }
        Command::Export {
            db,
            format,
            out: to,
        } => {
            let store = open_existing(&db)?;
            export::export(&store, format, to.as_deref())?;
        }
        Command::Serve(args) => serve::serve(&args.db.db, &args)?,
        Command::Eval(cmd) => return evals::run(cmd),
        Command::Watch(args) => watch::run(args)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(|io| io.kind()) == pipe
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == pipe
    })
}

fn existing_db(db: &DbArg) -> Result<PathBuf> {
    if !db.db.exists() {
        bail!(
            "no store at {} (run `marsad ingest` first, or pass --db)",
            db.db.display()
        );
    }
    Ok(db.db.clone())
}

fn open_existing(db: &DbArg) -> Result<marsad_store::Store> {
    Ok(marsad_store::Store::open(&existing_db(db)?)?)
}
