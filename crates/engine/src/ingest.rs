//! Ingesting inputs (files and directories) into a store: the two-stage
//! driver behind `marsad run` and `marsad ingest`. A reading thread parses
//! the inputs and prepares each batch (cleaning, analysis, signatures) on all
//! cores, while the calling thread takes the batch before it through dedup,
//! clustering and the store, which must go one article at a time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use marsad_cluster::{Params, StoryId};
use marsad_core::ui::{self, tr};
use marsad_core::Article;
use marsad_ingest::Options;

use crate::pipeline::{Batch, Outcome, Pipeline, Preparer};
use crate::priority::{set_thread_nice, thread_nice};

/// What an ingest did, for the summary line.
#[derive(Default, serde::Serialize)]
pub struct Summary {
    pub added: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub skipped_files: usize,
    /// WARC records that hold no HTML page.
    pub skipped_records: usize,
    pub new_stories: usize,
    /// The stories holding this run's articles.
    #[serde(skip)]
    pub stories: BTreeSet<StoryId>,
    /// Stories this run opened (some may have merged since).
    #[serde(skip)]
    pub opened: BTreeSet<StoryId>,
}

/// What the caller hears of an ingest while it runs.
pub trait Observer: Sync {
    /// An input failed; `input` names it (`path`, `path#LINE`, a URL).
    fn failed(&self, input: &str, reason: &str);
    /// This many more articles went through the pipeline.
    fn progressed(&self, _articles: u64) {}
    /// A line for the user (a long-running command's periodic summary).
    fn note(&self, _line: &str) {}
}

/// How many articles are read before they are analysed together.
const READ_BATCH: usize = 256;

/// How much lower than the pipeline thread's the reading and preparing
/// threads' priority is, in nice levels: lower, they take the CPU the
/// pipeline thread leaves, not its own (SaudiNewsNet: about 5 % faster in
/// paired runs, the same stories).
const HELPER_NICE: i32 = 5;

/// The longest a turn as the store's writer goes on taking batches that are
/// ready (see `ingest_paths`): what another writer of the same store waits
/// at most, besides the last batch's own time.
const LONGEST_TURN: Duration = Duration::from_millis(500);

/// Ingests `paths` into the store at `db`. Fails only when the store fails or
/// nothing at all could be read; each input that fails is told to `observer`
/// and skipped.
pub fn ingest_paths(
    db: &Path,
    paths: &[PathBuf],
    opts: &Options,
    params: Params,
    observer: &dyn Observer,
) -> Result<(Pipeline, Summary)> {
    let mut pipeline = Pipeline::open(db, params)?;
    let preparer = Preparer::open(db)?;
    pipeline.defer_checkpoints()?;
    let mut summary = Summary::default();
    let (batches, ready) = std::sync::mpsc::sync_channel::<Batch>(2);
    // The pipeline thread is the run's serial part: the reading and
    // preparing threads yield it the CPU when both want it (where a thread
    // can read its nice value: Linux).
    let helpers = thread_nice().map(|n| (n + HELPER_NICE).min(19));
    let (counts, reading) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            if let Some(nice) = helpers {
                // Best effort: a thread left as it is only runs as before.
                let _ = set_thread_nice(nice);
                rayon::broadcast(|_| {
                    let _ = set_thread_nice(nice);
                });
            }
            read_inputs(paths, opts, &preparer, observer, batches)
        });
        let mut stored: Result<()> = Ok(());
        let mut turn_began: Option<Instant> = None;
        loop {
            // A turn as the store's writer takes the batches that are ready,
            // for up to `LONGEST_TURN`: other processes writing the same
            // store go in between turns, and the pipeline waits for a
            // commit once per turn rather than once per batch.
            let batch = match ready.try_recv() {
                Ok(batch) => batch,
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    if turn_began.take().is_some() {
                        if let Err(e) = pipeline.flush() {
                            stored = Err(e);
                            break;
                        }
                    }
                    match ready.recv() {
                        Ok(batch) => batch,
                        Err(_) => break,
                    }
                }
            };
            let n = batch.articles.len() as u64;
            let began = *turn_began.get_or_insert_with(Instant::now);
            let taken = pipeline.ingest_batch(batch).and_then(|o| {
                if began.elapsed() >= LONGEST_TURN {
                    turn_began = None;
                    pipeline.flush()?;
                }
                Ok(o)
            });
            match taken {
                Ok(outcomes) => summary.count(outcomes),
                Err(e) => {
                    stored = Err(e);
                    // Dropping the receiver stops the reader at its next send.
                    break;
                }
            }
            observer.progressed(n);
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
            tr("لم يُدخَل أي مقال", "nothing could be ingested"),
            tr(" فشل", " failed")
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
    paths: &[PathBuf],
    opts: &Options,
    preparer: &Preparer,
    observer: &dyn Observer,
    batches: std::sync::mpsc::SyncSender<Batch>,
) -> (ReadCounts, Result<()>) {
    let mut counts = ReadCounts::default();
    let mut batch: Vec<Article> = Vec::with_capacity(READ_BATCH);
    // Set when preparing failed or the pipeline stopped taking batches.
    let mut stop: Option<Result<()>> = None;
    let send = |batch: Vec<Article>, stop: &mut Option<Result<()>>| match preparer.prepare(batch) {
        Ok(b) => {
            if batches.send(b).is_err() {
                *stop = Some(Ok(()));
            }
        }
        Err(e) => *stop = Some(Err(e)),
    };
    let mut failed = 0;
    let mut on_item = |item: Result<Article, marsad_ingest::IngestError>,
                       stop: &mut Option<Result<()>>| {
        if stop.is_some() {
            return;
        }
        match item {
            Err(e) => {
                observer.failed(&e.input, &e.reason);
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
    for path in paths {
        if path.as_os_str() == "-" {
            // Standard input, in the format the caller names.
            let format = opts
                .stdin_format
                .unwrap_or(marsad_ingest::Format::JsonLines);
            let stdin = std::io::stdin().lock();
            counts.skipped_records += marsad_ingest::read_stdin(stdin, format, opts, &mut |item| {
                on_item(item, &mut stop)
            });
        } else if !path.exists() {
            let missing = marsad_ingest::IngestError::new(
                path.display().to_string(),
                tr("لا ملف ولا مجلد بهذا الاسم", "no such file or directory"),
            );
            on_item(Err(missing), &mut stop);
        } else {
            let stats = marsad_ingest::read_path(path, opts, &mut |item| on_item(item, &mut stop));
            counts.skipped_files += stats.skipped;
            counts.skipped_records += stats.skipped_records;
        }
        if stop.is_some() {
            break;
        }
    }
    if stop.is_none() && !batch.is_empty() {
        send(batch, &mut stop);
    }
    counts.failed = failed;
    (counts, stop.unwrap_or(Ok(())))
}
