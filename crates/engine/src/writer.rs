//! The store writer: a thread with its own connection that takes the
//! pipeline's writes in order and commits them in batches, so that the
//! pipeline thread, which must take articles one at a time, never waits on
//! SQLite. The pipeline answers its own questions about what is stored from
//! memory (see `pipeline::Index`), so it never reads what the writer has not
//! committed yet.
//!
//! Writes keep their order, and a batch is committed whole or not at all:
//! a run killed at any moment leaves a prefix of the arrival order in the
//! store, which a rerun completes.

use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context, Result};
use marsad_cluster::StoryId;
use marsad_core::{Article, ContentHash};
use marsad_ingest::Cleaned;
use marsad_store::{NewArticle, Store};

use crate::decision::{dropped_json, Decision};

/// How many articles go into one store transaction.
const BATCH: usize = 500;
/// Writes handed to the writer thread at a time: one wake-up per bundle,
/// not per article.
const BUNDLE: usize = 64;

/// An article on its way to the store, with where it went and why, and its
/// cleaning (serialised on the writer's thread).
pub struct Row {
    pub article: Article,
    pub version: i64,
    pub hash: ContentHash,
    pub decision: Decision,
    pub cleaned: Cleaned,
}

enum Write {
    Article(Box<Row>),
    Merge(StoryId, StoryId),
    /// What `marsad watch` got from a URL, stored in the same transaction
    /// as the article it produced.
    Fetch(marsad_store::Fetch),
    /// Commit what is pending and say how it went.
    Commit(SyncSender<Result<(), String>>),
    /// Leave checkpoints of the log to another connection.
    DeferCheckpoints,
}

pub struct Writer {
    writes: Option<SyncSender<Vec<Write>>>,
    /// Writes not handed over yet (a commit hands them over first).
    bundle: Vec<Write>,
    thread: Option<JoinHandle<Result<()>>>,
}

impl Writer {
    pub fn open(db: &Path) -> Result<Writer> {
        let store = Store::open(db)?;
        // A few batches of slack: the pipeline runs ahead while a commit
        // is written.
        let (writes, queue) = sync_channel(2 * BATCH / BUNDLE);
        let thread = std::thread::Builder::new()
            .name("marsad-store".into())
            .spawn(move || write_all(&store, queue))
            .context("starting the store writer")?;
        Ok(Writer {
            writes: Some(writes),
            bundle: Vec::with_capacity(BUNDLE),
            thread: Some(thread),
        })
    }

    pub fn insert(&mut self, row: Row) -> Result<()> {
        self.send(Write::Article(Box::new(row)))
    }

    pub fn merge(&mut self, from: StoryId, into: StoryId) -> Result<()> {
        self.send(Write::Merge(from, into))
    }

    pub fn record_fetch(&mut self, f: marsad_store::Fetch) -> Result<()> {
        self.send(Write::Fetch(f))
    }

    pub fn defer_checkpoints(&mut self) -> Result<()> {
        self.send(Write::DeferCheckpoints)?;
        self.hand_over()
    }

    /// Commits everything sent so far; returns once it is on disk.
    pub fn commit(&mut self) -> Result<()> {
        let (done, answer) = sync_channel(1);
        self.send(Write::Commit(done))?;
        self.hand_over()?;
        match answer.recv() {
            Ok(result) => result.map_err(|e| anyhow!(e)),
            Err(_) => Err(self.failure()),
        }
    }

    fn send(&mut self, w: Write) -> Result<()> {
        self.bundle.push(w);
        match self.bundle.len() >= BUNDLE {
            true => self.hand_over(),
            false => Ok(()),
        }
    }

    fn hand_over(&mut self) -> Result<()> {
        let bundle = std::mem::replace(&mut self.bundle, Vec::with_capacity(BUNDLE));
        let sent = match &self.writes {
            Some(writes) => writes.send(bundle).is_ok(),
            None => false,
        };
        if sent {
            Ok(())
        } else {
            Err(self.failure())
        }
    }

    /// Why the writer stopped: it only stops early on an error.
    fn failure(&mut self) -> anyhow::Error {
        self.writes = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => anyhow!("the store writer panicked"),
            _ => anyhow!("the store writer has stopped"),
        }
    }
}

impl Drop for Writer {
    /// What was not committed is dropped, as a transaction left open is.
    fn drop(&mut self) {
        self.writes = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn write_all(store: &Store, queue: Receiver<Vec<Write>>) -> Result<()> {
    let mut pending = 0;
    for w in queue.into_iter().flatten() {
        match w {
            Write::Article(row) => {
                if pending == 0 {
                    store.begin()?;
                }
                store
                    .insert(&NewArticle {
                        article: &row.article,
                        version: row.version,
                        hash: row.hash,
                        copy_of: row.decision.copy_of.as_deref(),
                        story: row.decision.story,
                        explanation: &serde_json::to_string(&row.decision)?,
                        dropped: &dropped_json(&row.cleaned),
                    })
                    .with_context(|| format!("storing {}", row.article.id))?;
                pending += 1;
                if pending >= BATCH {
                    store.commit()?;
                    pending = 0;
                }
            }
            Write::Merge(from, into) => {
                if pending == 0 {
                    store.begin()?;
                }
                store.merge(from, into)?;
                // Counted, so that the merge is committed with what follows.
                pending += 1;
            }
            Write::Fetch(f) => {
                if pending == 0 {
                    store.begin()?;
                }
                store.record_fetch(&f)?;
                pending += 1;
            }
            Write::Commit(done) => {
                let result = match pending {
                    0 => Ok(()),
                    _ => store.commit().map_err(|e| e.to_string()),
                };
                pending = 0;
                let failed = result.is_err();
                let _ = done.send(result);
                if failed {
                    return Err(anyhow!("the store could not commit"));
                }
            }
            Write::DeferCheckpoints => store.defer_checkpoints()?,
        }
    }
    Ok(())
}
