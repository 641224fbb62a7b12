//! `marsad`: the command-line front of the pipeline (see ARCHITECTURE.md).

mod evals;
mod report;

/// Analysis makes and drops many small strings on several threads, and the
/// pipeline thread frees what the preparing threads allocated: mimalloc's
/// per-thread heaps take that at a fraction of the system allocator's cost
/// (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use marsad_cluster::{Params, StoryId};
use marsad_core::ui::{self, tr};
use marsad_ingest::{FieldMap, Options};

use marsad_engine::ingest::{ingest_paths, Observer, Summary};
use marsad_engine::pipeline::Pipeline;
use marsad_engine::{export, search, synthesis};

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
        /// Compare with this story rather than the nearest others: why the
        /// article is not in it.
        #[arg(long)]
        story: Option<u64>,
        /// Tuning: override a clustering parameter, NAME=VALUE.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
    /// Poll feeds (URLs, or OPML lists) and ingest the new article pages they point to.
    Watch(WatchArgs),
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
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write here instead of to stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Serve the JSON API and the web UI over the store.
    Serve(ServeArgs),
    /// Measure Marsad against labeled data.
    Eval(evals::EvalArgs),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ExportFormat {
    Json,
    Jsonl,
    Csv,
}

#[derive(Args, Clone)]
struct DbArg {
    /// The store: a SQLite file, or a PostgreSQL database as
    /// postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.
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
            stdin_format: None,
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

#[derive(Args)]
pub struct WatchArgs {
    /// OPML lists (files or URLs) and feed URLs.
    #[arg(required = true)]
    sources: Vec<String>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    read: ReadArgs,
    /// Poll each feed once, ingest what is new, and exit.
    #[arg(long)]
    once: bool,
    /// Seconds between two polls of the feeds.
    #[arg(long, default_value_t = 900.0)]
    interval: f64,
    /// Seconds a request may take, from connecting to the last byte.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Largest response kept, in bytes; a longer one is cut and reported.
    #[arg(long, value_name = "BYTES", default_value_t = 5 << 20)]
    max_response_bytes: u64,
    /// Seconds between two requests to the same host.
    #[arg(long, default_value_t = 1.0)]
    host_delay: f64,
    /// Retries after a timeout, a connection failure, a 429 or a 5xx.
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Seconds before the first retry; each next one waits twice as long.
    #[arg(long, default_value_t = 2.0)]
    backoff: f64,
    /// Also fetch from loopback, private, link-local and other non-public
    /// addresses. Without it, only the hosts of the sources named here may be
    /// such; links and redirects to any other are refused.
    #[arg(long)]
    allow_private: bool,
    /// Report failures as JSON lines on stderr ({"input", "reason"}).
    #[arg(long)]
    json_errors: bool,
}

#[derive(Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// The address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// A file holding the bearer token that `POST /api/articles` requires.
    /// Without it the token is read from the MARSAD_TOKEN environment
    /// variable; with neither, ingest through the API is off.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20)]
    max_body_bytes: usize,
    /// Threads (each with its own store connection) that render answers not
    /// in the cache. Rendering is CPU work: more threads than cores would
    /// only make each answer wait longer. Default: the number of cores.
    #[arg(long, default_value_t = marsad_serve::cores())]
    readers: usize,
    /// At start, render the story list and the pages of this many most
    /// recently active stories into the cache, one at a time, so that the
    /// first readers find them ready (0: none).
    #[arg(long, value_name = "STORIES", default_value_t = 1000)]
    warm: u64,
    /// The most bytes of rendered answers kept in memory (bodies, headers
    /// and keys); the cache starts over when full.
    #[arg(long, value_name = "BYTES", default_value_t = marsad_serve::CACHE_BYTES)]
    cache_bytes: usize,
    /// Seconds a client may take to send a request's headers (counted from
    /// the connection's start, or from the end of its previous answer); a
    /// slower connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    header_timeout: f64,
    /// The most connections served at once (at most the open-file limit
    /// less 256); further ones wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 4096)]
    max_connections: usize,
    /// Poll these feeds (URLs, or OPML lists as files or URLs) from inside
    /// the server, as `marsad watch` does, and ingest their new pages.
    /// Repeatable.
    #[arg(long = "watch", value_name = "FEED")]
    watch: Vec<String>,
    /// Seconds between two polls of the `--watch` feeds.
    #[arg(long, default_value_t = 900.0)]
    watch_interval: f64,
}

/// One line on stderr for an input that failed: plain, or JSON for machines.
fn report_error(input: &str, reason: &str, json: bool) {
    if json {
        eprintln!(
            "{}",
            serde_json::json!({ "input": input, "reason": reason })
        );
    } else {
        let (input, reason) = (report::printable(input), report::printable(reason));
        eprintln!("{input}: {reason}");
    }
}

/// Ingests the inputs, showing progress on a terminal and each failed input
/// as one line on stderr. A failed run leaves no store behind when it made
/// one (a failed first run must not leave an empty `.db`).
fn ingest(input: &InputArgs) -> Result<(Pipeline, Summary)> {
    let db = &input.db.db;
    // A PostgreSQL database is not ours to remove.
    let existed = db.exists() || marsad_store::postgres_url(db).is_some();
    let result = ingest_shown(input);
    if result.is_err() && !existed {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

fn ingest_shown(input: &InputArgs) -> Result<(Pipeline, Summary)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    struct Shown {
        bar: ProgressBar,
        json_errors: bool,
        articles: AtomicU64,
        /// The bytes read so far, when the inputs' size is known.
        bytes: Option<std::sync::Arc<AtomicU64>>,
    }
    impl Observer for Shown {
        fn failed(&self, input: &str, reason: &str) {
            self.bar
                .suspend(|| report_error(input, reason, self.json_errors));
        }
        fn progressed(&self, articles: u64) {
            let n = self.articles.fetch_add(articles, Ordering::Relaxed) + articles;
            self.bar.set_message(ui::count(
                n as usize,
                ["مقال", "مقالان", "مقالات", "مقالًا"],
                ["article", "articles"],
            ));
            if let Some(b) = &self.bytes {
                self.bar.set_position(b.load(Ordering::Relaxed));
            }
        }
    }
    let mut opts = input.read.options()?;
    let stdin = input.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && input.read.format.is_none() {
        bail!("reading standard input (`-`) needs --format text|jsonl|json|html|warc");
    }
    opts.stdin_format = input.read.format.map(StdinFormat::format);
    // What the progress line counts toward: the bytes of the inputs, when
    // known (standard input has no size).
    let total: u64 = input
        .paths
        .iter()
        .map(|p| marsad_ingest::input_bytes(p))
        .sum();
    let sized = !stdin && total > 0;
    let bytes = sized.then(|| std::sync::Arc::new(AtomicU64::new(0)));
    opts.bytes_read.clone_from(&bytes);
    let shown = Shown {
        bar: progress_bar(sized.then_some(total)),
        json_errors: input.json_errors,
        articles: AtomicU64::new(0),
        bytes,
    };
    let result = ingest_paths(
        &input.db.db,
        &input.paths,
        &opts,
        input.read.params()?,
        &shown,
    );
    shown.bar.finish_and_clear();
    result
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

/// Prints the stories a run added to or opened, newest activity first, read
/// through a connection of their own (the run's pipeline may still be
/// writing its checkpoint).
fn print_run(db: &DbArg, summary: &Summary, json: bool, out: &mut impl Write) -> Result<()> {
    let store = open_existing(db)?;
    let ids: Vec<StoryId> = store
        .story_page(&marsad_store::StoryFilter::default(), 0, u64::MAX)?
        .into_iter()
        .filter(|s| summary.stories.contains(s))
        .collect();
    let views = marsad_engine::views::load_story_list(&store, &ids)?;
    drop(store);
    if json {
        report::print_stories_json(out, &views)
    } else {
        report::print_stories(out, &views)
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Run { input, json } => {
            let (pipeline, summary) = ingest(&input)?;
            // Everything is committed: the state's checkpoint (a second on a
            // large window) is written while the stories are read and printed.
            let finishing = std::thread::spawn(move || pipeline.finish());
            let printed = print_run(&input.db, &summary, json, out);
            // Whatever the printing met (a closed pipe), the checkpoint is
            // waited for: the process must not end in the middle of it.
            let finished = finishing.join();
            printed?;
            finished.map_err(|_| anyhow!("writing the state checkpoint panicked"))??;
            if !json {
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
            let views = marsad_engine::views::load_story_list(&store, &ids)?;
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
            let live = store.resolve(id)?.with_context(|| {
                format!("no story {id} in {}", marsad_store::display_name(&db.db))
            })?;
            let view = marsad_engine::views::load_stories(&store, &[live])?
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
            let stored = store.article(&id)?.with_context(|| {
                format!(
                    "no article {id:?} in {}",
                    marsad_store::display_name(&db.db)
                )
            })?;
            let story = store.resolve(stored.story)?.unwrap_or(stored.story);
            report::print_article(out, &stored, story, json)?;
        }
        Command::Explain {
            article,
            db,
            json,
            story,
            params,
        } => {
            let db_path = existing_db(&db)?;
            let pipeline = Pipeline::open(&db_path, params_from(&params)?)?;
            report::explain_article(out, &pipeline, &article, story, json)?;
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
                    tr(
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
            let format = match format {
                ExportFormat::Json => export::Format::Json,
                ExportFormat::Jsonl => export::Format::Jsonl,
                ExportFormat::Csv => export::Format::Csv,
            };
            export::export(&store, format, to.as_deref())?;
        }
        Command::Serve(args) => {
            if !args.watch.is_empty() {
                start_poller(&args)?;
            }
            marsad_serve::serve(
                &args.db.db,
                &marsad_serve::ServeOptions {
                    addr: args.addr,
                    token_file: args.token_file,
                    max_body_bytes: args.max_body_bytes,
                    readers: args.readers,
                    warm: args.warm,
                    cache_bytes: args.cache_bytes,
                    header_timeout: std::time::Duration::try_from_secs_f64(
                        args.header_timeout.clamp(0.1, 3600.0),
                    )
                    .unwrap_or(std::time::Duration::from_secs(10)),
                    max_connections: args.max_connections,
                },
            )?
        }
        Command::Eval(cmd) => return evals::run(cmd),
        Command::Watch(args) => watch(&args)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The feed poller of `marsad serve --watch`, on a thread of its own with its
/// own pipeline: it takes turns with the server's API ingest (and any other
/// process) as the store's writer. Failures go to stderr; if the poller
/// stops on a store error, the server goes on serving.
fn start_poller(args: &ServeArgs) -> Result<()> {
    struct Lines;
    impl Observer for Lines {
        fn failed(&self, input: &str, reason: &str) {
            let (input, reason) = (report::printable(input), report::printable(reason));
            eprintln!("marsad serve --watch: {input}: {reason}");
        }
        fn note(&self, line: &str) {
            eprintln!("marsad serve --watch: {line}");
        }
    }
    let options = marsad_engine::watch::WatchOptions {
        sources: args.watch.clone(),
        db: args.db.db.clone(),
        read: marsad_ingest::Options::default(),
        params: Params::default(),
        once: false,
        interval: args.watch_interval,
        timeout: 30.0,
        max_response_bytes: 5 << 20,
        host_delay: 1.0,
        retries: 2,
        backoff: 2.0,
        // The feeds named with --watch may be on private hosts; what they
        // link to may not.
        allow_private: false,
    };
    std::thread::Builder::new()
        .name("marsad-watch".into())
        .spawn(move || {
            if let Err(e) = marsad_engine::watch::run(&options, &Lines) {
                eprintln!("marsad serve --watch: the poller stopped: {e:#}");
            }
        })?;
    Ok(())
}

/// `marsad watch`: failures on stderr, each poll's summary on stdout.
fn watch(args: &WatchArgs) -> Result<()> {
    struct Lines {
        json_errors: bool,
    }
    impl Observer for Lines {
        fn failed(&self, input: &str, reason: &str) {
            report_error(input, reason, self.json_errors);
        }
        fn note(&self, line: &str) {
            println!("{line}");
        }
    }
    let options = marsad_engine::watch::WatchOptions {
        sources: args.sources.clone(),
        db: args.db.db.clone(),
        read: args.read.options()?,
        params: args.read.params()?,
        once: args.once,
        interval: args.interval,
        timeout: args.timeout,
        max_response_bytes: args.max_response_bytes,
        host_delay: args.host_delay,
        retries: args.retries,
        backoff: args.backoff,
        allow_private: args.allow_private,
    };
    marsad_engine::watch::run(
        &options,
        &Lines {
            json_errors: args.json_errors,
        },
    )
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

/// The store a reading command opens: it must exist (a PostgreSQL
/// database is created by its server, and its tables by the first open).
fn existing_db(db: &DbArg) -> Result<PathBuf> {
    if !db.db.exists() && marsad_store::postgres_url(&db.db).is_none() {
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
