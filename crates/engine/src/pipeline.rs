//! The coordinating stage: each ingested article is cleaned (line rules,
//! then the corpus-level repeated-line rule), checked against the store
//! (unchanged, new version, exact or near copy), analysed, clustered, and
//! stored with its cleaning and the explanation of where it went.

use std::path::Path;

use anyhow::Result;
use marsad_cluster::{Clusterer, Explanation, Params, StoryId, Terms};
use marsad_core::{Article, ContentHash};
use marsad_dedup::{NearCopies, Signed};
use marsad_ingest::{clean_and_key, Cleaned, LineKeys, LineTokens, RepeatedLines};
use marsad_store::Store;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::decision::{stored_cleaning, Decision};
use crate::writer::{Row, Writer};
use marsad_text::Analysis;
use rayon::prelude::*;

/// A text needs this many words to count as an exact copy.
const MIN_EXACT_COPY_WORDS: usize = 5;

/// The word 5-shingle Jaccard similarity from which a text is a near copy.
const NEAR_COPY_JACCARD: f32 = 0.8;

/// How many stored articles are analysed together when a store is reopened.
const REPLAY_CHUNK: usize = 2048;

/// Near copies are looked for this many days of the stream's clock past the
/// clustering window (`Params::window_days`), and at least as far back as
/// the clusterer keeps articles: a reprint weeks later is still a copy.
const NEAR_COPY_EXTRA_DAYS: f32 = 30.0;

/// The articles of the look-back window, by arrival index: id and story for
/// near copies and explanations. Articles leave it in arrival order by the
/// same rule as the clusterer's (see `marsad_cluster::window`), with
/// [`NEAR_COPY_EXTRA_DAYS`] more, so it holds every article the clusterer
/// does.
#[derive(Default, Serialize, Deserialize)]
struct Recent {
    /// Arrival index of `entries[0]`.
    base: usize,
    /// Id, story as decided, and place on the stream's clock.
    entries: std::collections::VecDeque<(String, StoryId, Option<i64>)>,
}

impl Recent {
    fn get(&self, index: usize) -> Option<&(String, StoryId, Option<i64>)> {
        self.entries.get(index.checked_sub(self.base)?)
    }

    /// Adds the article that just arrived and lets the oldest go as the
    /// window moves; returns the arrival index of the oldest kept.
    fn push(
        &mut self,
        id: String,
        story: StoryId,
        time: Option<i64>,
        clusterer: &Clusterer,
    ) -> usize {
        let clock = clusterer.clock();
        let p = clusterer.params();
        let days = p.keep_days.max(p.window_days + NEAR_COPY_EXTRA_DAYS);
        self.entries.push_back((id, story, clock.place(time)));
        let last = self.base + self.entries.len() - 1;
        while let Some(&(_, _, place)) = self.entries.front() {
            if !marsad_cluster::window::expired(
                place,
                last - self.base,
                clock.now(),
                days,
                p.keep_arrivals,
            ) {
                break;
            }
            self.entries.pop_front();
            self.base += 1;
        }
        self.base
    }
}

/// [`analyze_cleaned`] reusing the tokens cleaning found in each kept line.
fn analyze_with_tokens(article: &Article, cleaned: &Cleaned, mut lines: LineTokens) -> Analysis {
    let mut body = String::with_capacity(article.text.len());
    // Sized once: grown line by line, a long article's tokens were copied
    // into fresh memory several times over.
    let mut body_tokens = Vec::with_capacity(lines.iter().map(|l| l.1.len()).sum());
    for span in &cleaned.kept {
        if Some(*span) == article.title_span {
            continue;
        }
        let Ok(i) = lines.binary_search_by_key(&span.start, |l| l.0.start) else {
            // Cleaning found no tokens for this line: analyse from scratch.
            return analyze_cleaned(article, cleaned);
        };
        let offset = body.len();
        body.push_str(span.slice(&article.text));
        body.push('\n');
        body_tokens.extend(std::mem::take(&mut lines[i].1).into_iter().map(|mut t| {
            t.start = t.start - span.start + offset;
            t.end = t.end - span.start + offset;
            t
        }));
    }
    Analysis::with_body_tokens(&article.title, &body, body_tokens)
}

/// What the matcher needs of an article: its title and its cleaned body
/// (boilerplate lines and the title line left out).
fn analyze_cleaned(article: &Article, cleaned: &Cleaned) -> Analysis {
    let mut body = String::with_capacity(article.text.len());
    for span in &cleaned.kept {
        if Some(*span) != article.title_span {
            body.push_str(span.slice(&article.text));
            body.push('\n');
        }
    }
    Analysis::new(&article.title, &body)
}

/// What the store has of an arriving article.
enum Check {
    Unchanged(Outcome),
    New { version: i64 },
}

/// What became of one ingested article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new article (or a new version of one) that went into a story.
    Added { story: StoryId, opened: bool },
    /// The same id with the same content was already stored: nothing added.
    Unchanged { story: StoryId },
}

/// What the matcher needs of a stored article, from the cleaning stored
/// with it.
pub fn analyze_stored(s: &marsad_store::StoredArticle) -> Analysis {
    analyze_cleaned(&s.article, &stored_cleaning(s))
}

/// An article analysed ahead of its turn: all the work that needs no
/// pipeline state, so that it can run on other cores while earlier articles
/// are clustered and stored.
pub struct Prepared {
    cleaned: Cleaned,
    keys: LineKeys,
    digest: Digest,
}

/// Of an article's analysis, what the pipeline reads: the rest is freed
/// where it was made, on a preparing thread.
struct Digest {
    words: usize,
    terms: Terms,
    /// Signed for the near-copy index (on a preparing thread).
    signed: Signed,
}

impl Digest {
    fn of(analysis: Analysis, outlet: Option<&str>, signer: &NearCopies) -> Digest {
        Digest {
            signed: signer.sign(&analysis.shingles),
            terms: Terms::new(&analysis).from_outlet(outlet),
            words: analysis.words,
        }
    }
}

impl Prepared {
    /// `signer` makes the MinHash signature (any index: the hash functions
    /// are fixed).
    pub fn new(article: &Article, signer: &NearCopies) -> Prepared {
        let (cleaned, keys, lines) = clean_and_key(&article.text);
        let analysis = analyze_with_tokens(article, &cleaned, lines);
        Prepared {
            digest: Digest::of(analysis, article.outlet.as_deref(), signer),
            cleaned,
            keys,
        }
    }
}

fn has_nul(a: &Article) -> bool {
    [&a.id, &a.source, &a.title, &a.text]
        .into_iter()
        .chain(a.url.as_ref())
        .chain(a.outlet.as_ref())
        .any(|s| s.contains('\0'))
}

/// The article as every store can hold it: PostgreSQL text cannot hold
/// the NUL character, so a NUL read from input becomes a space (one byte
/// for one: offsets into the text hold), on every backend alike, before
/// anything is decided from it.
fn storable(mut a: Article) -> Article {
    if has_nul(&a) {
        for s in [&mut a.id, &mut a.source, &mut a.title, &mut a.text]
            .into_iter()
            .chain(a.url.as_mut())
            .chain(a.outlet.as_mut())
        {
            if s.contains('\0') {
                *s = s.replace('\0', " ");
            }
        }
    }
    a
}

/// Articles read together, each prepared when it looked new.
pub struct Batch {
    pub articles: Vec<Article>,
    /// Each article's content hash.
    hashes: Vec<ContentHash>,
    prepared: Vec<Option<Prepared>>,
}

impl Batch {
    fn prepare(
        articles: Vec<Article>,
        hashes: Vec<ContentHash>,
        new: &[bool],
        signer: &NearCopies,
    ) -> Batch {
        let prepared = articles
            .par_iter()
            .zip(new)
            .map(|(a, &new)| new.then(|| Prepared::new(a, signer)))
            .collect();
        Batch {
            articles,
            hashes,
            prepared,
        }
    }
}

/// The articles' content hashes, on all cores.
fn content_hashes(articles: &[Article]) -> Vec<ContentHash> {
    articles.par_iter().map(Article::content_hash).collect()
}

/// Prepares batches on a reading thread, beside the pipeline: it looks each
/// article up through its own connection to the store and analyses, on all
/// cores, those not stored as they are. What it sees may lag behind the
/// pipeline's writes; the pipeline checks every article again.
pub struct Preparer {
    store: Store,
    signer: NearCopies,
    /// Batches prepared since the store's log was last checkpointed.
    since_checkpoint: std::cell::Cell<usize>,
}

/// The store's log is checkpointed once per this many batches: the pages
/// every batch changes (the indexes' upper levels) are then copied into the
/// database once, not once per batch.
const BATCHES_PER_LOG_CHECKPOINT: usize = 8;

impl Preparer {
    pub fn open(db: &Path) -> Result<Preparer> {
        Ok(Preparer {
            store: Store::open(db)?,
            signer: NearCopies::new(NEAR_COPY_JACCARD),
            since_checkpoint: std::cell::Cell::new(0),
        })
    }

    /// Prepares a batch; also checkpoints the store's log, as the pipeline
    /// leaves that to this thread (see `Store::defer_checkpoints`).
    pub fn prepare(&self, articles: Vec<Article>) -> Result<Batch> {
        let articles: Vec<Article> = articles.into_iter().map(storable).collect();
        let since = self.since_checkpoint.get() + 1;
        if since >= BATCHES_PER_LOG_CHECKPOINT {
            self.store.checkpoint()?;
        }
        self.since_checkpoint
            .set(since % BATCHES_PER_LOG_CHECKPOINT);
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        let known = self.store.known_many(&ids)?;
        let hashes = content_hashes(&articles);
        let new: Vec<bool> = articles
            .iter()
            .zip(&hashes)
            .map(|(a, hash)| known.get(&a.id).is_none_or(|k| k.hash != hash.to_hex()))
            .collect();
        Ok(Batch::prepare(articles, hashes, &new, &self.signer))
    }
}

/// The articles this turn took, which the writer has not committed yet: the
/// pipeline asks the store about every other article (its id and content
/// hash indexes reach all history, so nothing per stored article is held in
/// memory), and this for what the store cannot show yet.
#[derive(Default)]
struct Turn {
    /// Article id → its current version, content hash and story.
    current: FxHashMap<String, (i64, ContentHash, StoryId)>,
    /// Content hash → the ids that had it this turn, in arrival order.
    by_hash: FxHashMap<ContentHash, Vec<String>>,
    /// What the store answered for the batch being taken, asked in one go
    /// at its start (the store does not change under the writer lock but
    /// by this turn, whose own rows are above): id → what is stored of it,
    /// for every id of the batch (`None`: not stored).
    stored: FxHashMap<String, Option<marsad_store::Known>>,
    /// Content hash (hex) → current stored articles with it, for every
    /// hash of the batch.
    stored_hashes: FxHashMap<String, Vec<(String, StoryId)>>,
}

impl Turn {
    /// Forgets the turn, keeping the maps' room for the next one (a turn
    /// of a large ingest holds thousands of articles).
    fn clear(&mut self) {
        self.current.clear();
        self.by_hash.clear();
        self.stored.clear();
        self.stored_hashes.clear();
    }

    fn add(&mut self, id: &str, version: i64, hash: ContentHash, story: StoryId) {
        self.current.insert(id.to_owned(), (version, hash, story));
        self.by_hash.entry(hash).or_default().push(id.to_owned());
    }

    /// The earliest article of this turn still current with this content.
    fn first_with(&self, hash: ContentHash) -> Option<(String, StoryId)> {
        self.by_hash.get(&hash)?.iter().find_map(|id| {
            let &(_, h, story) = self.current.get(id)?;
            (h == hash).then(|| (id.clone(), story))
        })
    }
}

/// How many stored articles with one content are looked at for the
/// earliest one still current after this turn (a stored one is no longer
/// current when this turn took a new version of it).
const SAME_CONTENT_LOOKUP: usize = 64;

/// The parts of a pipeline's state that replaying stored articles restores.
struct State<'a> {
    clusterer: &'a mut Clusterer,
    copies: &'a mut NearCopies,
    repeated: &'a mut RepeatedLines,
    recent: &'a mut Recent,
    seen: &'a mut i64,
}

impl State<'_> {
    /// Restores stored articles into the state, in the order given.
    fn replay(&mut self, chunk: &mut Vec<marsad_store::StoredArticle>) {
        // The cleaning as it was stored (the corpus-level rule depended on
        // the articles before), not recomputed.
        let analyses: Vec<(Analysis, Terms, LineKeys)> = chunk
            .par_iter()
            .map(|s| {
                let analysis = analyze_stored(s);
                let terms = Terms::new(&analysis).from_outlet(s.article.outlet.as_deref());
                (analysis, terms, LineKeys::of(&s.article.text))
            })
            .collect();
        for (s, (analysis, terms, keys)) in chunk.drain(..).zip(analyses) {
            let time = s.article.published.map(|t| t.timestamp());
            self.repeated.advance(self.clusterer.clock().now());
            self.repeated
                .observe(s.article.outlet_or_source(), time, &keys);
            self.clusterer.restore(&terms, time, s.story);
            self.copies.insert(&analysis.shingles);
            let oldest = self
                .recent
                .push(s.article.id, s.story, time, self.clusterer);
            self.copies.forget_before(oldest);
            *self.seen = (*self.seen).max(s.seq);
        }
    }
}

/// The encoding and content of the state checkpoints this build writes and
/// reads. **Change it with anything that changes what the state holds or
/// what an article's analysis gives**: a process finding a checkpoint of
/// another format ignores it and replays the log.
const STATE_FORMAT: &str = "marsad-state/27 postcard";

/// A turn ends with a checkpoint of the state once this many articles have
/// been taken (or caught up with) since the last one. A checkpoint of a
/// window like SaudiNewsNet's (31,000 articles in 22 days) is about 85 MB
/// and a second to write, so a run of `ingest` writes one at its end
/// ([`CHECKPOINT_AT_FINISH`]) and one per this many articles: what a
/// long-running `serve` or `watch` replays at most when restarted.
const CHECKPOINT_EVERY: usize = 50_000;

/// A run that ends with this many articles past the last checkpoint
/// (its own, and those it caught up with) writes one: the next process to
/// open the store then replays fewer than this, however small each run.
const CHECKPOINT_AT_FINISH: usize = 1_000;

/// The number of a checkpoint's first part after the clusterer's (whose
/// parts are numbered from 0): past any count of parts a clusterer needs.
const REST_PARTS_FROM: i64 = 1 << 32;

/// The state as a checkpoint holds it: what future decisions need, for the
/// articles in the window (see `marsad_cluster::window`) and the counts;
/// written by `Pipeline::encode_state`.
#[derive(Deserialize)]
struct SavedState {
    clusterer: Clusterer,
    copies: marsad_dedup::Saved,
    repeated: RepeatedLines,
    recent: Recent,
}

/// A store with its clusterer, ready to take articles.
pub struct Pipeline {
    /// For reading (views, evaluations); writes go through `writer`.
    pub store: Store,
    writer: Writer,
    turn: Turn,
    pub clusterer: Clusterer,
    /// Near-copy index, aligned with the clusterer's arrival indices.
    copies: NearCopies,
    /// Per-outlet counts of short lines, for the corpus-level boilerplate rule.
    repeated: RepeatedLines,
    /// Article id and story of each arrival index in the look-back window.
    recent: Recent,
    /// Fetches recorded by this process, which the writer may not have
    /// committed yet.
    fetches: FxHashMap<String, marsad_store::Fetch>,
    /// The highest `seq` this state holds: replayed, or stored by this
    /// process's own turns.
    seen: i64,
    /// Whether this process holds the store's writer lock.
    in_turn: bool,
    /// Articles taken or caught up with since the last checkpoint.
    since_checkpoint: usize,
    /// When a turn ends, and when a run finishes, with this many articles
    /// past the last checkpoint, a new one is written.
    checkpoint_every: (usize, usize),
    /// The `seq` of the checkpoint this pipeline opened from (0: none).
    opened_from: i64,
}

impl Pipeline {
    /// Opens the store: loads its latest state checkpoint (when it was made
    /// with these parameters, in this format), then replays the articles
    /// stored after it, in arrival order, with the stories they already
    /// have. Without a usable checkpoint the whole log is replayed.
    pub fn open(db: &Path, params: Params) -> Result<Pipeline> {
        let mut pipeline = Pipeline {
            writer: Writer::open(db)?,
            store: Store::open(db)?,
            turn: Turn::default(),
            clusterer: Clusterer::new(params),
            copies: NearCopies::new(NEAR_COPY_JACCARD),
            repeated: RepeatedLines::new(),
            recent: Recent::default(),
            fetches: FxHashMap::default(),
            seen: 0,
            in_turn: false,
            since_checkpoint: 0,
            checkpoint_every: (CHECKPOINT_EVERY, CHECKPOINT_AT_FINISH),
            opened_from: 0,
        };
        pipeline.load_state(db)?;
        pipeline.catch_up()?;
        Ok(pipeline)
    }

    /// Takes the store's latest checkpoint as this pipeline's state, if it
    /// fits; one that cannot be read is reported in one line and left for
    /// the replay to make up.
    fn load_state(&mut self, db: &Path) -> Result<()> {
        let read = |seq: i64, format: &str, data: &[u8]| {
            (format == STATE_FORMAT).then(|| (seq, postcard::from_bytes::<SavedState>(data)))
        };
        let Some(Some((seq, saved))) = self.store.read_latest_state(read)? else {
            return Ok(());
        };
        let saved = match saved {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "{}: the state checkpoint at seq {seq} could not be read ({e}); replaying the log",
                    marsad_store::display_name(db)
                );
                return Ok(());
            }
        };
        if saved.clusterer.params() != self.clusterer.params() {
            return Ok(());
        }
        self.clusterer = saved.clusterer;
        self.clusterer.rebuild();
        self.copies = NearCopies::load(saved.copies);
        self.repeated = saved.repeated;
        self.recent = saved.recent;
        self.seen = seq;
        self.opened_from = seq;
        Ok(())
    }

    /// Writes checkpoints every `n` articles instead (at a turn's end and
    /// at the end of a run alike): for tests, and stores that want them
    /// more often.
    pub fn checkpoint_every(&mut self, n: usize) {
        self.checkpoint_every = (n.max(1), n.max(1));
    }

    /// The `seq` of the checkpoint this pipeline was opened from, 0 when
    /// it replayed the whole log.
    pub fn opened_from(&self) -> i64 {
        self.opened_from
    }

    /// Replays what was stored after `self.seen` (by another process, or all
    /// of it when opening) into this pipeline's state, in arrival order: the
    /// state a single process would have after taking those articles itself.
    fn catch_up(&mut self) -> Result<()> {
        if self.store.max_seq()? <= self.seen {
            return Ok(());
        }
        // Analysis is the costly part of a replay: run it on all cores in
        // chunks, then restore in arrival order.
        let mut chunk: Vec<marsad_store::StoredArticle> = Vec::with_capacity(REPLAY_CHUNK);
        let mut state = State {
            clusterer: &mut self.clusterer,
            copies: &mut self.copies,
            repeated: &mut self.repeated,
            recent: &mut self.recent,
            seen: &mut self.seen,
        };
        let mut replayed = 0;
        self.store.for_each_article_after(*state.seen, |s| {
            replayed += 1;
            chunk.push(s);
            if chunk.len() == REPLAY_CHUNK {
                state.replay(&mut chunk);
            }
        })?;
        state.replay(&mut chunk);
        self.since_checkpoint += replayed;
        for (from, into) in self.store.redirects()? {
            self.clusterer.restore_redirect(from, into);
        }
        Ok(())
    }

    /// Begins a turn as the store's writer, unless one is open: takes the
    /// store-wide writer lock (waiting while another process holds it) and
    /// catches up with what others stored meanwhile. `flush` ends it.
    fn begin_turn(&mut self) -> Result<()> {
        if !self.in_turn {
            self.writer.begin()?;
            self.in_turn = true;
            self.catch_up()?;
        }
        Ok(())
    }

    /// The article id behind a clusterer arrival index, while it is in the
    /// look-back window.
    pub fn article_id(&self, index: usize) -> Option<&str> {
        self.recent.get(index).map(|e| e.0.as_str())
    }

    /// Takes a prepared batch through dedup, clustering and storage, in
    /// order. Each article is checked against the store again here, where
    /// every earlier article is stored: one the preparer took for stored
    /// (or saw twice) is analysed now if it turns out new.
    pub fn ingest_batch(&mut self, batch: Batch) -> Result<Vec<Outcome>> {
        self.begin_turn()?;
        // What the store has of the batch's ids and contents, asked in two
        // queries rather than two per article on this serial path.
        let ids: Vec<&str> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        // (An id or a content may come twice in a batch: looked up, not
        // taken out.)
        let known = self.store.known_many(&ids)?;
        self.turn.stored = ids
            .iter()
            .map(|&id| (id.to_owned(), known.get(id).cloned()))
            .collect();
        let hashes: Vec<String> = batch.hashes.iter().map(|h| h.to_hex()).collect();
        let hash_refs: Vec<&str> = hashes.iter().map(String::as_str).collect();
        let found = self
            .store
            .current_with_hashes(&hash_refs, SAME_CONTENT_LOOKUP)?;
        self.turn.stored_hashes = hashes
            .into_iter()
            .map(|h| {
                let rows = found.get(&h).cloned().unwrap_or_default();
                (h, rows)
            })
            .collect();
        let taken = self.take_batch(batch);
        self.turn.stored.clear();
        self.turn.stored_hashes.clear();
        taken
    }

    fn take_batch(&mut self, batch: Batch) -> Result<Vec<Outcome>> {
        let mut outcomes = Vec::with_capacity(batch.articles.len());
        let taken = batch.articles.into_iter().zip(batch.hashes);
        for ((a, hash), prepared) in taken.zip(batch.prepared) {
            outcomes.push(match self.check(&a, hash)? {
                Check::Unchanged(outcome) => outcome,
                Check::New { version } => {
                    let p = prepared.unwrap_or_else(|| Prepared::new(&a, &self.copies));
                    self.ingest_prepared(a, hash, version, p)?
                }
            });
        }
        Ok(outcomes)
    }

    /// Prepares articles here, on all cores (for callers without a
    /// preparing thread of their own).
    pub fn prepare(&self, articles: Vec<Article>) -> Result<Batch> {
        let articles: Vec<Article> = articles.into_iter().map(storable).collect();
        let hashes = content_hashes(&articles);
        let new: Vec<bool> = articles
            .iter()
            .zip(&hashes)
            .map(|(a, &hash)| Ok(matches!(self.check(a, hash)?, Check::New { .. })))
            .collect::<Result<_>>()?;
        Ok(Batch::prepare(articles, hashes, &new, &self.copies))
    }

    /// Leaves checkpoints of the store's log to a [`Preparer`], which makes
    /// one per batch, so that commits never pause for them.
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        self.writer.defer_checkpoints()
    }

    /// Takes one article through dedup, clustering and storage.
    pub fn ingest(&mut self, article: &Article) -> Result<Outcome> {
        let owned;
        let article = match has_nul(article) {
            true => {
                owned = storable(article.clone());
                &owned
            }
            false => article,
        };
        self.begin_turn()?;
        let hash = article.content_hash();
        match self.check(article, hash)? {
            Check::Unchanged(outcome) => Ok(outcome),
            Check::New { version } => {
                let p = Prepared::new(article, &self.copies);
                self.ingest_prepared(article.clone(), hash, version, p)
            }
        }
    }

    /// What the store already has of this article: the same content (nothing
    /// to do), or the version number the article would be stored as.
    fn check(&self, article: &Article, hash: ContentHash) -> Result<Check> {
        let known = match self.turn.current.get(&article.id) {
            Some(&(version, h, story)) => Some((version, h == hash, story)),
            None => {
                let stored = match self.turn.stored.get(&article.id) {
                    Some(k) => k.clone(),
                    None => self.store.known(&article.id)?,
                };
                stored.map(|k| (k.version, k.hash == hash.to_hex(), k.story))
            }
        };
        Ok(match known {
            Some((_, true, story)) => Check::Unchanged(Outcome::Unchanged {
                story: self.clusterer.resolve(story),
            }),
            Some((version, false, _)) => Check::New {
                version: version + 1,
            },
            None => Check::New { version: 1 },
        })
    }

    /// The earliest article still current with this content (by the
    /// arrival of its current version): its id and story as stored.
    fn first_with(&self, hash: ContentHash) -> Result<Option<(String, StoryId)>> {
        let hex = hash.to_hex();
        let stored = match self.turn.stored_hashes.get(&hex) {
            Some(rows) => rows.clone(),
            None => self.store.current_with_hash(&hex, SAME_CONTENT_LOOKUP)?,
        };
        for (id, story) in stored {
            // This turn may have taken a new version of it.
            match self.turn.current.get(&id) {
                Some(&(_, h, _)) if h != hash => continue,
                _ => return Ok(Some((id, story))),
            }
        }
        Ok(self.turn.first_with(hash))
    }

    fn ingest_prepared(
        &mut self,
        article: Article,
        hash: ContentHash,
        version: i64,
        prepared: Prepared,
    ) -> Result<Outcome> {
        let Prepared {
            mut cleaned,
            keys,
            mut digest,
        } = prepared;
        let (outlet, time) = (
            article.outlet_or_source(),
            article.published.map(|t| t.timestamp()),
        );
        // Lines this outlet keeps repeating go too; the text is analysed
        // again only when that changed it.
        self.repeated.advance(self.clusterer.clock().now());
        if self.repeated.apply(outlet, time, &keys, &mut cleaned) > 0 {
            digest = Digest::of(
                analyze_cleaned(&article, &cleaned),
                article.outlet.as_deref(),
                &self.copies,
            );
        }
        let Digest {
            words,
            terms,
            signed,
        } = digest;
        self.repeated.observe(outlet, time, &keys);
        // Empty and near-empty texts are not copies of each other, whatever
        // their titles: they all hash alike (a daily "caricature" post is an
        // image with a title and no text).
        let telling = words >= MIN_EXACT_COPY_WORDS;
        let exact = match telling {
            true => self.first_with(hash)?.filter(|(id, _)| *id != article.id),
            false => None,
        };
        let matches = self.copies.find_all_signed(&signed);
        let near = match exact {
            Some(_) => None,
            None => matches.first().copied(),
        };
        let near_all: Vec<(String, f32)> = matches
            .into_iter()
            .filter_map(|m| Some((self.recent.get(m.index)?.0.clone(), m.jaccard)))
            .filter(|(id, _)| *id != article.id)
            .collect();
        let original = match (exact, near) {
            (Some((id, story)), _) => Some((id, story, None)),
            (None, Some(m)) => self
                .recent
                .get(m.index)
                .map(|(id, story, _)| (id.clone(), *story, Some(m.jaccard))),
            (None, None) => None,
        };
        let decision = match original {
            // A copy goes where its original is, whatever the score.
            Some((original, story, jaccard)) => {
                let story = self.clusterer.resolve(story);
                self.clusterer.restore(&terms, time, story);
                Decision {
                    story,
                    copy_of: Some(original.clone()),
                    near_copy: jaccard,
                    near_copies: near_all,
                    nearest_article: Some(original),
                    explanation: Explanation {
                        score: Some(jaccard.unwrap_or(1.0)),
                        threshold: self.clusterer.params().threshold,
                        ..Default::default()
                    },
                    ..Default::default()
                }
            }
            None => {
                // Shared terms are stored as matching keys; `stored_decision`
                // turns them into the article's words when shown.
                let a = self.clusterer.add(&terms, time);
                for &m in &a.merged {
                    self.writer.merge(m, a.story)?;
                }
                Decision {
                    story: a.story,
                    opened: a.opened,
                    nearest_article: a
                        .explanation
                        .nearest
                        .and_then(|i| self.recent.get(i).map(|e| e.0.clone())),
                    merged: a.merged,
                    explanation: a.explanation,
                    copy_of: None,
                    near_copy: None,
                    near_copies: near_all,
                }
            }
        };
        self.copies.insert_signed(signed);
        let oldest = self
            .recent
            .push(article.id.clone(), decision.story, time, &self.clusterer);
        self.copies.forget_before(oldest);
        self.turn.add(&article.id, version, hash, decision.story);
        self.since_checkpoint += 1;
        let (story, opened) = (decision.story, decision.opened);
        self.writer.insert(Row {
            decision,
            cleaned,
            article,
            version,
            hash,
        })?;
        Ok(Outcome::Added { story, opened })
    }

    /// The last fetch of `url` (for `marsad watch`), recorded by this
    /// process or stored before.
    pub fn fetch(&self, url: &str) -> Result<Option<marsad_store::Fetch>> {
        match self.fetches.get(url) {
            Some(f) => Ok(Some(f.clone())),
            None => Ok(self.store.fetch(url)?),
        }
    }

    /// The pages whose fetch failed for a passing reason and may be tried
    /// again at `now` (Unix seconds), as stored (each page's fetch is
    /// stored before the next is asked for).
    pub fn due_fetches(&self, now: i64) -> Result<Vec<String>> {
        Ok(self.store.due_fetches(now)?)
    }

    /// Records a fetch; it is stored with the articles taken before it.
    pub fn record_fetch(&mut self, f: &marsad_store::Fetch) -> Result<()> {
        self.fetches.insert(f.url.clone(), f.clone());
        self.writer.record_fetch(f.clone())
    }

    /// Commits everything taken so far and ends the turn (other writers
    /// may go next); returns once it is stored.
    pub fn flush(&mut self) -> Result<()> {
        if self.in_turn && self.since_checkpoint >= self.checkpoint_every.0 {
            self.checkpoint()?;
        }
        let stored = self.writer.commit();
        self.in_turn = false;
        // Committed (or, on an error, not to be taken as stored): the store
        // answers for these now.
        self.turn.clear();
        if let Some(seq) = stored? {
            self.seen = self.seen.max(seq);
        }
        Ok(())
    }

    /// Writes a checkpoint of the state in this turn: it covers every
    /// article stored when the turn commits, as this process has taken them
    /// all (caught up at the turn's start, its own since).
    ///
    /// postcard writes a struct as its fields one after another, so a
    /// `SavedState` is the clusterer's encoding followed by the rest's
    /// (mostly the near-copy index): the two halves are serialized on two
    /// cores at once, each straight into the checkpoint's parts, numbered
    /// apart so that they read back in order. No buffer of the whole (tens
    /// of MB) is made or measured first.
    fn checkpoint(&mut self) -> Result<()> {
        self.clusterer.compact_now();
        let sink = self.writer.begin_state(STATE_FORMAT)?;
        let clusterer = &self.clusterer;
        let rest = (self.copies.saved(), &self.repeated, &self.recent);
        let (head, tail) = rayon::join(
            || sink.write(0, clusterer),
            || sink.write(REST_PARTS_FROM, &rest),
        );
        drop((sink, rest));
        if let Err(e) = head.and(tail) {
            return Err(match e.is::<crate::writer::WriterStopped>() {
                true => self.writer.why_stopped(),
                false => e,
            });
        }
        self.since_checkpoint = 0;
        Ok(())
    }

    /// Commits, waits for the store writer and closes the store, and leaves
    /// the in-memory indexes to the operating system: the process exits
    /// next, and freeing a large corpus's indexes piece by piece would take
    /// a noticeable part of the run (0.4 s of 14 on SaudiNewsNet).
    pub fn finish(mut self) -> Result<()> {
        if self.since_checkpoint >= self.checkpoint_every.1 {
            self.begin_turn()?;
            self.checkpoint()?;
        }
        self.flush()?;
        let Pipeline {
            store,
            writer,
            clusterer,
            copies,
            repeated,
            recent,
            fetches,
            ..
        } = self;
        drop(writer);
        drop(store);
        std::mem::forget((clusterer, copies, repeated, recent, fetches));
        Ok(())
    }
}
