//! The store writer: a thread with its own connection that takes the
//! pipeline's writes in order and commits them in batches, so that the
//! pipeline thread, which must take articles one at a time, never waits on
//! SQLite. The pipeline asks the store, on its own connection, only about
//! what was committed before its turn, and answers for the turn's own
//! articles from memory (see `pipeline::Turn`).
//!
//! Writes keep their order, and a turn is committed whole or not at all:
//! a run killed at any moment leaves a prefix of the arrival order in the
//! store, which a rerun completes.
//!
//! Writers take turns: a turn begins by taking the store-wide writer lock
//! (`Writer::begin`, which waits while another process holds it) and ends
//! with its commit, which releases it. The pipeline catches up with what
//! other writers stored in between, so the store's arrival order is the
//! order every decision was made in.

use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context, Result};
use marsad_cluster::StoryId;
use marsad_core::{Article, ContentHash};
use marsad_ingest::Cleaned;
use marsad_store::{NewArticle, Store};

use crate::decision::{dropped_json, Decision};

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
    /// A checkpoint of the pipeline's state begins (in this format): it
    /// covers every article stored when this turn commits, and replaces
    /// the one stored.
    StateBegin(&'static str),
    /// One part of it (see [`StateSink`]).
    StatePart(i64, Vec<u8>),
    /// Take the store-wide writer lock; answered once it is held.
    Begin(SyncSender<Result<(), String>>),
    /// Commit the turn and say how it went: the highest `seq` then stored
    /// (none when no turn was open).
    Commit(SyncSender<Result<Option<i64>, String>>),
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
        let (writes, queue) = sync_channel(16);
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

    /// Begins a checkpoint of the state in this turn; its parts are sent
    /// through the sink returned, from any thread, while the writer stores
    /// the ones before.
    pub fn begin_state(&mut self, format: &'static str) -> Result<StateSink> {
        self.send(Write::StateBegin(format))?;
        self.hand_over()?;
        match &self.writes {
            Some(writes) => Ok(StateSink {
                writes: writes.clone(),
            }),
            None => Err(self.failure()),
        }
    }

    pub fn record_fetch(&mut self, f: marsad_store::Fetch) -> Result<()> {
        self.send(Write::Fetch(f))
    }

    pub fn defer_checkpoints(&mut self) -> Result<()> {
        self.send(Write::DeferCheckpoints)?;
        self.hand_over()
    }

    /// Takes the store-wide writer lock; returns once it is held.
    pub fn begin(&mut self) -> Result<()> {
        self.ask(Write::Begin)
    }

    /// Commits everything sent so far and ends the turn; returns once it is
    /// stored, with the highest `seq` then in the store (none when no turn
    /// was open).
    pub fn commit(&mut self) -> Result<Option<i64>> {
        self.ask(Write::Commit)
    }

    /// Hands over what is pending with a write that answers, and waits for
    /// the answer.
    fn ask<T>(&mut self, write: impl FnOnce(SyncSender<Result<T, String>>) -> Write) -> Result<T> {
        let (done, answer) = sync_channel(1);
        self.send(write(done))?;
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

    /// Why the writer stopped, once a [`StateSink`] found it stopped (its
    /// sinks must be dropped first: the writer's thread ends when no one
    /// can send to it).
    pub fn why_stopped(&mut self) -> anyhow::Error {
        self.failure()
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

/// Where the parts of a checkpoint go (see [`Writer::begin_state`]): a
/// value serialized into it is cut into parts of at most
/// [`marsad_store::STATE_PART`] bytes, each sent to the writer as soon as it
/// is full. No buffer of the whole is made, and the writer stores the
/// first parts while the last are being serialized.
pub struct StateSink {
    writes: SyncSender<Vec<Write>>,
}

impl StateSink {
    /// Serializes `value` (postcard) into parts numbered from `first` up.
    /// Values written at once from several threads number their parts
    /// apart; a checkpoint reads back as its parts in number order.
    pub fn write<T: serde::Serialize + ?Sized>(&self, first: i64, value: &T) -> Result<()> {
        let stopped = std::cell::Cell::new(false);
        let parts = Parts {
            sink: self,
            buf: Vec::with_capacity(marsad_store::STATE_PART),
            first,
            next: first,
            stopped: &stopped,
        };
        match postcard::serialize_with_flavor(value, parts) {
            Ok(()) => Ok(()),
            Err(_) if stopped.get() => Err(WriterStopped.into()),
            Err(e) => Err(e).context("serializing the state checkpoint"),
        }
    }

    fn send(&self, part: i64, data: Vec<u8>) -> bool {
        self.writes.send(vec![Write::StatePart(part, data)]).is_ok()
    }
}

/// What [`StateSink::write`] fails with when the writer has stopped: the
/// writer's own error says why ([`Writer::why_stopped`]).
#[derive(Debug)]
pub struct WriterStopped;

impl std::fmt::Display for WriterStopped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the store writer has stopped")
    }
}

impl std::error::Error for WriterStopped {}

/// The postcard flavor of [`StateSink::write`].
struct Parts<'a> {
    sink: &'a StateSink,
    buf: Vec<u8>,
    first: i64,
    next: i64,
    /// Set when the writer has stopped (nothing more is sent).
    stopped: &'a std::cell::Cell<bool>,
}

impl Parts<'_> {
    /// Sends the part filled so far; the next gets a part's room unless
    /// this one is the `last`.
    fn send(&mut self, last: bool) -> postcard::Result<()> {
        let room = if last { 0 } else { marsad_store::STATE_PART };
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(room));
        if !self.sink.send(self.next, full) {
            self.stopped.set(true);
            return Err(postcard::Error::SerdeSerCustom);
        }
        self.next += 1;
        Ok(())
    }
}

impl postcard::ser_flavors::Flavor for Parts<'_> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.buf.push(byte);
        match self.buf.len() >= marsad_store::STATE_PART {
            true => self.send(false),
            false => Ok(()),
        }
    }

    fn try_extend(&mut self, mut data: &[u8]) -> postcard::Result<()> {
        while !data.is_empty() {
            let room = marsad_store::STATE_PART - self.buf.len();
            let (now, later) = data.split_at(room.min(data.len()));
            self.buf.extend_from_slice(now);
            if self.buf.len() >= marsad_store::STATE_PART {
                self.send(false)?;
            }
            data = later;
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<()> {
        // The last part, or the only one of an empty value: its row says
        // the checkpoint exists.
        if !self.buf.is_empty() || self.next == self.first {
            self.send(true)?;
        }
        Ok(())
    }
}

fn write_all(store: &Store, queue: Receiver<Vec<Write>>) -> Result<()> {
    // Whether this connection holds the writer lock (a turn is open).
    let mut in_turn = false;
    // The checkpoint being written in this turn: the seq it covers, its format.
    let mut state: Option<(i64, &'static str)> = None;
    for w in queue.into_iter().flatten() {
        match w {
            Write::Begin(done) => {
                let result = match in_turn {
                    true => Ok(()),
                    false => store.begin().map_err(|e| e.to_string()),
                };
                in_turn = result.is_ok();
                let failed = result.is_err();
                let _ = done.send(result);
                if failed {
                    return Err(anyhow!("the store's writer lock could not be taken"));
                }
            }
            Write::Article(row) => {
                if !in_turn {
                    store.begin()?;
                    in_turn = true;
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
            }
            Write::StateBegin(format) => {
                if !in_turn {
                    store.begin()?;
                    in_turn = true;
                }
                // Under the writer lock: the highest seq is this turn's last
                // row, or the last row of the turns before.
                let seq = store.max_seq()?;
                store.clear_states()?;
                state = Some((seq, format));
            }
            Write::StatePart(part, data) => {
                let (seq, format) = state.context("a checkpoint part before its beginning")?;
                store.save_state_part(seq, part, format, &data)?;
            }
            Write::Merge(from, into) => {
                if !in_turn {
                    store.begin()?;
                    in_turn = true;
                }
                store.merge(from, into)?;
            }
            Write::Fetch(f) => {
                // Inside a turn, with the articles it produced; alone, in a
                // transaction of its own, so no lock is held meanwhile.
                if in_turn {
                    store.record_fetch(&f)?;
                } else {
                    store.begin()?;
                    store.record_fetch(&f)?;
                    store.commit()?;
                }
            }
            Write::Commit(done) => {
                let result = match in_turn {
                    false => Ok(None),
                    true => store
                        .max_seq()
                        .and_then(|seq| store.commit().map(|()| Some(seq)))
                        .map_err(|e| e.to_string()),
                };
                in_turn = false;
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
