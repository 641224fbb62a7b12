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

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use marsad_cluster::{Params, StoryId};
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
    /// List all stories, newest activity first.
    Stories {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
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
    /// Refuse plain-text files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = marsad_ingest::DEFAULT_CAP as u64)]
    max_file_bytes: u64,
    /// Skip JSON lines, and JSON array elements whose text is, longer than
    /// this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = marsad_ingest::DEFAULT_CAP)]
    max_line_bytes: usize,
}

impl ReadArgs {
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
    /// Files or directories: .txt, .jsonl/.ndjson, .json, .html/.htm, .warc/.warc.gz.
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
/// as one line on stderr.
fn ingest(input: &InputArgs) -> Result<(Pipeline, Summary)> {
    struct Shown {
        bar: ProgressBar,
        json_errors: bool,
    }
    impl Observer for Shown {
        fn failed(&self, input: &str, reason: &str) {
            self.bar
                .suspend(|| report_error(input, reason, self.json_errors));
        }
        fn progressed(&self, articles: u64) {
            self.bar.inc(articles);
        }
    }
    let opts = input.read.options()?;
    let shown = Shown {
        bar: progress_bar(),
        json_errors: input.json_errors,
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

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} articles read · {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn summary_line(s: &Summary) -> String {
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
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`marsad stories | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marsad: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Run { input, json } => {
            let (pipeline, summary) = ingest(&input)?;
            let ids: Vec<StoryId> = summary.stories.iter().copied().collect();
            let views = marsad_engine::views::load_story_list(&pipeline.store, &ids)?;
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
        Command::Stories { db, json } => {
            let store = open_existing(&db)?;
            let ids = store.story_ids()?;
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
            let live = store
                .resolve(id)?
                .with_context(|| format!("no story {id} in {}", db.db.display()))?;
            let view = marsad_engine::views::load_stories(&store, &[live])?
                .pop()
                .with_context(|| format!("story {id} holds no current article"))?;
            let (synthesis, _) = synthesis::synthesis(&store, live, &view.articles)?;
            if json {
                report::print_story_json(out, &view, id, explain, Some(&synthesis))?;
            } else {
                if live != id {
                    writeln!(out, "story {id} was merged into story {live}")?;
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
            let store = open_existing(&db)?;
            search::sync(&store)?;
            let hits = search::search(&store, &query, 0, limit)?;
            search::print(out, &query, &hits, json)?;
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
        Command::Serve(args) => marsad_serve::serve(
            &args.db.db,
            &marsad_serve::ServeOptions {
                addr: args.addr,
                token_file: args.token_file,
                max_body_bytes: args.max_body_bytes,
                readers: args.readers,
                warm: args.warm,
            },
        )?,
        Command::Eval(cmd) => return evals::run(cmd),
        Command::Watch(args) => watch(&args)?,
    }
    Ok(ExitCode::SUCCESS)
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
