//! The store: articles (every version), copy links, story assignments with
//! their explanations, and story merges. Two backends behind one [`Store`]:
//! an embedded SQLite file (a path, the default) and a PostgreSQL database
//! (a `postgres://` URL; see pg.rs), with the same methods and behaviour.
//!
//! The schema is created and upgraded by numbered migrations (one list,
//! each entry in both backends' SQL), recorded in SQLite's `user_version` or
//! PostgreSQL's `marsad_schema` table. Writes are grouped in transactions by the caller
//! ([`Store::begin`] / [`Store::commit`]), so a batch lands whole or not at all.
//!
//! **Invariants:** an (article id, content) pair is stored once; the rows of
//! `articles` are in arrival order (`seq`), which is the order the clusterer
//! must replay them in; a merged story keeps a row pointing at the story it
//! went into, so its id still answers.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use marsad_core::{Article, ContentHash, Span};
use rusqlite::{params, Connection, OptionalExtension};

pub type StoryId = u64;

mod pg;
mod query;
pub mod testing;
pub use query::{SearchHit, StoryFilter};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("store {path}: schema version {found} is newer than this marsad knows ({known})")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// PostgreSQL's errors are kept as their whole message (the error and
    /// its causes): a message, not a chain to walk.
    #[error("store {store}: {message}")]
    Postgres { store: String, message: String },
    #[error("store {store}: {reason}")]
    Refused { store: String, reason: String },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Pg(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        StoreError::Pg(pg::message(&e))
    }
}

/// How long a statement waits for another connection's lock before it
/// fails (the writer lock itself is waited for without bound).
const BUSY_MS: u64 = 30_000;

/// One step of the schema, written for each backend. Entry N brings the
/// schema version to N+1 (SQLite's `user_version`; PostgreSQL's
/// `marsad_schema` row). **Adding a migration means adding one entry here
/// with both translations**: the two backends share this list, so neither
/// can be forgotten.
struct Migration {
    sqlite: &'static str,
    postgres: &'static str,
}

/// The schema, one migration per entry.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sqlite: r#"
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    current     INTEGER NOT NULL DEFAULT 1,
    source      TEXT NOT NULL,
    url         TEXT,
    outlet      TEXT,
    title       TEXT NOT NULL,
    title_start INTEGER,
    title_end   INTEGER,
    published   INTEGER,
    text        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    copy_of     TEXT,
    story       INTEGER NOT NULL,
    explanation TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    UNIQUE (id, version)
);
CREATE INDEX articles_hash ON articles (hash);
CREATE INDEX articles_story ON articles (story);
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    merged_into INTEGER REFERENCES stories (id),
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
"#,
        // `seq` comes from an identity sequence: every insert happens under
        // the writer lock, so its order is the commit order, as in SQLite.
        // Ids are indexed by their SHA-256 (`marsad_key`): a btree entry
        // must fit in a page, and an id is input, of any length.
        postgres: r#"
CREATE FUNCTION marsad_key(t TEXT) RETURNS BYTEA LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(t, 'UTF8')) $$;
CREATE TABLE articles (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT NOT NULL,
    version     BIGINT NOT NULL,
    current     BIGINT NOT NULL DEFAULT 1,
    source      TEXT NOT NULL,
    url         TEXT,
    outlet      TEXT,
    title       TEXT NOT NULL,
    title_start BIGINT,
    title_end   BIGINT,
    published   BIGINT,
    text        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    copy_of     TEXT,
    story       BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX articles_id ON articles (marsad_key(id), version);
CREATE INDEX articles_hash ON articles (hash);
CREATE INDEX articles_story ON articles (story);
CREATE TABLE stories (
    id          BIGINT PRIMARY KEY,
    merged_into BIGINT REFERENCES stories (id),
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
"#,
    },
    // 2: the boilerplate lines cleaning dropped, as JSON [[start, end, reason], …].
    Migration {
        sqlite: "ALTER TABLE articles ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]';",
        postgres: "ALTER TABLE articles ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]';",
    },
    // 3: what `marsad watch` fetched, so a restart sends conditional requests
    // for feeds and never fetches an article page twice.
    Migration {
        sqlite: r#"
CREATE TABLE fetches (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    outcome       TEXT NOT NULL,
    fetched_at    INTEGER NOT NULL
);
"#,
        postgres: r#"
CREATE TABLE fetches (
    url           TEXT NOT NULL,
    kind          TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    outcome       TEXT NOT NULL,
    fetched_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX fetches_url ON fetches (marsad_key(url));
"#,
    },
    // 4: each story's synthesis (JSON), with the fingerprint of the article
    // set it was made from; a story whose fingerprint changed is recomputed.
    Migration {
        sqlite: r#"
CREATE TABLE syntheses (
    story       INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    synthesis   TEXT NOT NULL,
    computed_at INTEGER NOT NULL
);
"#,
        postgres: r#"
CREATE TABLE syntheses (
    story       BIGINT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    synthesis   TEXT NOT NULL,
    computed_at BIGINT NOT NULL
);
"#,
    },
    // 5: search (marsad search / serve): an index of each article's
    // normalized title and body, keyed by `seq`, and how far it has been
    // brought (see query.rs). SQLite: contentless FTS5. PostgreSQL: a
    // tsvector per article (the 'simple' configuration over the terms Marsad
    // made, title weighted A, body D) under a GIN index.
    Migration {
        sqlite: r#"
CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS search_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_updated ON stories (updated_seq);
"#,
        postgres: r#"
CREATE TABLE search_index (
    seq   BIGINT PRIMARY KEY,
    terms TSVECTOR NOT NULL
);
CREATE INDEX search_index_terms ON search_index USING GIN (terms);
CREATE TABLE search_state (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    indexed_seq BIGINT NOT NULL
);
CREATE INDEX stories_updated ON stories (updated_seq);
"#,
    },
    // 6: newest activity first: each story's latest publish time among its
    // articles (NULL when none is dated), kept up to date on insert and merge.
    Migration {
        sqlite: r#"
ALTER TABLE stories ADD COLUMN latest_published INTEGER;
UPDATE stories SET latest_published = (SELECT max(min(a.published, a.ingested_at + 86400))
    FROM articles a WHERE a.story = stories.id AND a.current = 1);
CREATE INDEX stories_activity ON stories (latest_published, updated_seq);
"#,
        // least() skips NULLs where SQLite's min() returns NULL: undated
        // articles are filtered out instead.
        postgres: r#"
ALTER TABLE stories ADD COLUMN latest_published BIGINT;
UPDATE stories SET latest_published = (SELECT max(least(a.published, a.ingested_at + 86400))
    FROM articles a WHERE a.story = stories.id AND a.current = 1 AND a.published IS NOT NULL);
CREATE INDEX stories_activity ON stories (latest_published, updated_seq);
"#,
    },
    // 7: a page whose fetch failed for a passing reason (timeout, refused
    // connection, 429, 5xx) is tried again on a later poll: how many polls
    // tried it, and from when it may be tried again (NULL: never; rows from
    // before this migration were final).
    Migration {
        sqlite: r#"
ALTER TABLE fetches ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fetches ADD COLUMN next_try INTEGER;
CREATE INDEX fetches_next_try ON fetches (next_try) WHERE next_try IS NOT NULL;
"#,
        postgres: r#"
ALTER TABLE fetches ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE fetches ADD COLUMN next_try BIGINT;
CREATE INDEX fetches_next_try ON fetches (next_try) WHERE next_try IS NOT NULL;
"#,
    },
    // 8: who is fetching what: a worker leases a feed or a page before it
    // asks for it, so two `watch` workers on one store never fetch the same
    // page; a lease ends when its holder releases it or at `expires` (Unix
    // seconds), so a worker that died holds nothing for long.
    Migration {
        sqlite: r#"
CREATE TABLE leases (
    url     TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires INTEGER NOT NULL
);
"#,
        postgres: r#"
CREATE TABLE leases (
    url     TEXT NOT NULL,
    holder  TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE UNIQUE INDEX leases_url ON leases (marsad_key(url));
"#,
    },
    // 9: a checkpoint of the ingest state (the clusterer's window, the
    // near-copy window, the repeated-line counts), covering the articles up
    // to `seq`; only the latest is kept. `format` says which encoding it is
    // in: a process that reads another skips it and replays the log.
    Migration {
        sqlite: r#"
CREATE TABLE states (
    seq    INTEGER PRIMARY KEY,
    format TEXT NOT NULL,
    data   BLOB NOT NULL
);
"#,
        postgres: r#"
CREATE TABLE states (
    seq    BIGINT PRIMARY KEY,
    format TEXT NOT NULL,
    data   BYTEA NOT NULL
);
"#,
    },
    // 10: a checkpoint is stored in parts of at most `STATE_PART` bytes, in
    // `part` order: one value of tens of MB costs SQLite two copies of it in
    // fresh memory before a page is written, a few times the write itself.
    // A checkpoint stored before this migration becomes its own part 0.
    Migration {
        sqlite: r#"
CREATE TABLE state_parts (
    seq    INTEGER NOT NULL,
    part   INTEGER NOT NULL,
    format TEXT NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (seq, part)
);
INSERT INTO state_parts (seq, part, format, data) SELECT seq, 0, format, data FROM states;
DROP TABLE states;
ALTER TABLE state_parts RENAME TO states;
"#,
        postgres: r#"
CREATE TABLE state_parts (
    seq    BIGINT NOT NULL,
    part   BIGINT NOT NULL,
    format TEXT NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (seq, part)
);
INSERT INTO state_parts (seq, part, format, data) SELECT seq, 0, format, data FROM states;
DROP TABLE states;
ALTER TABLE state_parts RENAME TO states;
"#,
    },
];

/// The largest part a state checkpoint is stored in (see migration 10).
/// Parts are read back in `part` order; their numbers need not follow one
/// another (a checkpoint written in two halves at once numbers each
/// half's parts from its own start).
pub const STATE_PART: usize = 1 << 20;

/// A state checkpoint's parts with their numbers, as they are stored.
pub(crate) fn state_parts(data: &[u8]) -> impl Iterator<Item = (i64, &[u8])> {
    // An empty checkpoint is still one part: its row says it exists.
    let parts = data
        .chunks(STATE_PART)
        .chain(data.is_empty().then_some(data));
    (0..).zip(parts)
}

/// The order of story listings: newest activity first, by the latest publish
/// time among a story's articles; stories with no dated article after those,
/// by their latest ingest.
pub(crate) const ACTIVITY_ORDER: &str =
    "s.latest_published IS NULL, s.latest_published DESC, s.updated_seq DESC, s.id DESC";

/// A publish time counts for a story's activity up to a day after the
/// article arrived: a wrong date years ahead must not pin a story on top.
const FUTURE_SLACK_SECS: i64 = 86_400;

/// What `marsad watch` last got from one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    pub url: String,
    /// `feed` or `page`.
    pub kind: String,
    /// The validators to send back in a conditional request.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `ok`, or the reason it failed; for an OPML list, the feed URLs it
    /// named (a JSON array), polled again while it answers 304.
    pub outcome: String,
    /// Set when the fetch failed for a passing reason and may be tried
    /// again; `None` when the outcome is final.
    pub retry: Option<Retry>,
}

/// A failed fetch to be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// The polls that tried it so far.
    pub attempts: u32,
    /// Not before this time (Unix seconds).
    pub next_try: i64,
}

/// Ids or hashes asked in one query by the batch lookups (well under
/// SQLite's limit on bound parameters).
const LOOKUP_CHUNK: usize = 500;

/// Runs `sql`, whose `{marks}` stands for a list of placeholders, over
/// `items` a chunk at a time, handing each row to `row`.
fn each_in(
    c: &Connection,
    sql: &str,
    items: &[&str],
    mut row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<()>,
) -> Result<()> {
    for chunk in items.chunks(LOOKUP_CHUNK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = c.prepare_cached(&sql.replace("{marks}", &marks))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
        while let Some(r) = rows.next()? {
            row(r)?;
        }
    }
    Ok(())
}

/// What the store already knows of an article id.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub version: i64,
    pub hash: String,
    /// The story the current version is in (as stored; may have merged since).
    pub story: StoryId,
}

/// One stored article with its story.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub seq: i64,
    pub article: Article,
    pub version: i64,
    pub current: bool,
    pub copy_of: Option<String>,
    pub story: StoryId,
    /// The clusterer's explanation, as JSON.
    pub explanation: String,
    /// The boilerplate lines dropped by cleaning, as JSON `[[start, end, reason], …]`.
    pub dropped: String,
    /// The content hash (hex) of title and text: equal hashes are exact copies.
    pub hash: String,
}

/// A new article row.
pub struct NewArticle<'a> {
    pub article: &'a Article,
    pub version: i64,
    pub hash: ContentHash,
    pub copy_of: Option<&'a str>,
    pub story: StoryId,
    pub explanation: &'a str,
    /// The dropped boilerplate lines, as JSON.
    pub dropped: &'a str,
}

/// A store: SQLite (a file path) or PostgreSQL (a `postgres://` URL), with
/// the same methods and the same behaviour on both.
pub struct Store {
    backend: Backend,
}

enum Backend {
    Sqlite(Connection),
    Postgres(Box<pg::Pg>),
}

/// The PostgreSQL URL `db` names, if it is one (`postgres://` or
/// `postgresql://`); anything else is a SQLite file path.
pub fn postgres_url(db: &Path) -> Option<&str> {
    let s = db.to_str()?;
    (s.starts_with("postgres://") || s.starts_with("postgresql://")).then_some(s)
}

/// How to name a store in messages: its path, or its URL without the
/// password.
pub fn display_name(db: &Path) -> String {
    match postgres_url(db) {
        Some(url) => pg::redact(url),
        None => db.display().to_string(),
    }
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(url) = postgres_url(path) {
            return Ok(Store {
                backend: Backend::Postgres(Box::new(pg::Pg::open(url)?)),
            });
        }
        let err = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        // Another process may be writing (or creating the file): wait for
        // it rather than fail. Taking the writer lock waits without bound
        // (see `begin`).
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_MS))
            .map_err(err)?;
        conn.execute_batch(
            // 32 KiB pages for a new store (an existing one keeps its own):
            // what a store mostly holds is article texts of a few KB and the
            // state checkpoint of tens of MB, and with the default 4 KiB
            // pages a large ingest spends a tenth of its time in the system
            // copying pages one by one into the log and back into the file.
            // A 64 MiB page cache: a large ingest reads back index pages it
            // would otherwise have evicted (the default is 2 MiB).
            "PRAGMA page_size = 32768; PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
        )
        .map_err(err)?;
        wal_mode(&conn).map_err(err)?;
        Self::migrate(&conn, path)?;
        Ok(Store {
            backend: Backend::Sqlite(conn),
        })
    }

    /// Brings the schema up to date. The version is read again under the
    /// writer lock, so two processes opening a new store at once migrate it
    /// once: the second finds the work done.
    fn migrate(c: &Connection, path: &Path) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        let check = |version: i64| match version > known {
            true => Err(StoreError::TooNew {
                path: path.display().to_string(),
                found: version,
                known,
            }),
            false => Ok(version),
        };
        let user_version = || -> Result<i64> {
            Ok(c.prepare_cached("PRAGMA user_version")?
                .query_row([], |r| r.get(0))?)
        };
        if check(user_version()?)? == known {
            return Ok(());
        }
        begin_immediate(c)?;
        let migrated = (|| {
            let version = check(user_version()?)?;
            for (i, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                c.execute_batch(m.sqlite)?;
                c.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            }
            Ok(())
        })();
        match migrated {
            Ok(()) => Ok(c.execute_batch("COMMIT")?),
            Err(e) => {
                let _ = c.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The SQLite connection, or the PostgreSQL store to hand the call to.
    fn backend(&self) -> std::result::Result<&Connection, &pg::Pg> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c),
            Backend::Postgres(p) => Err(p),
        }
    }

    /// Leaves copying the write-ahead log back into the database to
    /// [`Store::checkpoint`] calls, on another connection (and thread),
    /// instead of the committing one: a long ingest commits without pausing
    /// to checkpoint.
    pub fn defer_checkpoints(&self) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(_) => return Ok(()),
        };

        Ok(c.execute_batch("PRAGMA wal_autocheckpoint = 0")?)
    }

    /// Copies what is committed in the write-ahead log into the database,
    /// without waiting for anyone (a passive checkpoint).
    pub fn checkpoint(&self) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(_) => return Ok(()),
        };

        c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The last fetch of `url`, if any.
    pub fn fetch(&self, url: &str) -> Result<Option<Fetch>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.fetch(url),
        };
        Ok(c.prepare_cached(
            "SELECT kind, etag, last_modified, outcome, attempts, next_try
             FROM fetches WHERE url = ?1",
        )?
        .query_row([url], |r| {
            let next_try: Option<i64> = r.get(5)?;
            Ok(Fetch {
                url: url.to_owned(),
                kind: r.get(0)?,
                etag: r.get(1)?,
                last_modified: r.get(2)?,
                outcome: r.get(3)?,
                retry: next_try.map(|next_try| Retry {
                    attempts: r.get(4).unwrap_or(0),
                    next_try,
                }),
            })
        })
        .optional()?)
    }

    /// The pages whose fetch failed for a passing reason and may be tried
    /// again at `now` (Unix seconds), the longest waiting first.
    pub fn due_fetches(&self, now: i64) -> Result<Vec<String>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.due_fetches(now),
        };
        let mut stmt = c.prepare_cached(
            "SELECT url FROM fetches WHERE next_try IS NOT NULL AND next_try <= ?1
             ORDER BY next_try, url",
        )?;
        let urls = stmt
            .query_map([now], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(urls)
    }

    /// Leases `url` to `holder` until `expires` (Unix seconds) when nobody
    /// else holds it at `now`; a holder may renew its own lease. Returns
    /// whether `holder` has it. One statement, so two workers racing for a
    /// URL cannot both win.
    pub fn lease(&self, url: &str, holder: &str, now: i64, expires: i64) -> Result<bool> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.lease(url, holder, now, expires),
        };
        let changed = c
            .prepare_cached(
                "INSERT INTO leases (url, holder, expires) VALUES (?1, ?2, ?4)
                 ON CONFLICT (url) DO UPDATE SET holder = excluded.holder,
                   expires = excluded.expires
                 WHERE leases.expires <= ?3 OR leases.holder = excluded.holder",
            )?
            .execute(params![url, holder, now, expires])?;
        Ok(changed == 1)
    }

    /// Ends `holder`'s lease of `url` (nothing when it is not the holder).
    pub fn release(&self, url: &str, holder: &str) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.release(url, holder),
        };
        c.prepare_cached("DELETE FROM leases WHERE url = ?1 AND holder = ?2")?
            .execute([url, holder])?;
        Ok(())
    }

    /// Records a fetch, replacing the previous one of the same URL.
    pub fn record_fetch(&self, f: &Fetch) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.record_fetch(f),
        };
        c.prepare_cached(
            "INSERT OR REPLACE INTO fetches
             (url, kind, etag, last_modified, outcome, fetched_at, attempts, next_try)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            f.url,
            f.kind,
            f.etag,
            f.last_modified,
            f.outcome,
            Utc::now().timestamp(),
            f.retry.map_or(0, |r| r.attempts),
            f.retry.map(|r| r.next_try)
        ])?;
        Ok(())
    }

    /// Takes the store-wide writer lock (SQLite's write lock, by an
    /// immediate transaction), waiting as long as another process holds it:
    /// writers take turns, none fails for another's turn.
    pub fn begin(&self) -> Result<()> {
        match self.backend() {
            Ok(c) => begin_immediate(c),
            Err(pg) => pg.begin(),
        }
    }

    pub fn commit(&self) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.commit(),
        };

        Ok(c.execute_batch("COMMIT")?)
    }

    /// The current version of an article id, if stored.
    pub fn known(&self, id: &str) -> Result<Option<Known>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.known(id),
        };

        Ok(c.prepare_cached(
            "SELECT version, hash, story FROM articles WHERE id = ?1 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([id], |r| {
            Ok(Known {
                version: r.get(0)?,
                hash: r.get(1)?,
                story: r.get::<_, i64>(2)? as StoryId,
            })
        })
        .optional()?)
    }

    /// [`Store::known`] for many ids at once (one query per few hundred on
    /// SQLite): the ids the store has, each with its latest version.
    pub fn known_many(&self, ids: &[&str]) -> Result<HashMap<String, Known>> {
        let mut out: HashMap<String, Known> = HashMap::new();
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => {
                for id in ids {
                    if let Some(k) = pg.known(id)? {
                        out.insert((*id).to_owned(), k);
                    }
                }
                return Ok(out);
            }
        };
        each_in(
            c,
            "SELECT id, version, hash, story FROM articles WHERE id IN ({marks})",
            ids,
            |r| {
                let (id, k) = (
                    r.get::<_, String>(0)?,
                    Known {
                        version: r.get(1)?,
                        hash: r.get(2)?,
                        story: r.get::<_, i64>(3)? as StoryId,
                    },
                );
                if out.get(&id).is_none_or(|have| have.version < k.version) {
                    out.insert(id, k);
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// [`Store::current_with_hash`] for many hashes at once: for each hash
    /// the store has, at most `limit` current articles with it, in arrival
    /// order.
    pub fn current_with_hashes(
        &self,
        hashes: &[&str],
        limit: usize,
    ) -> Result<HashMap<String, Vec<(String, StoryId)>>> {
        let mut out: HashMap<String, Vec<(String, StoryId)>> = HashMap::new();
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => {
                for h in hashes {
                    let found = pg.current_with_hash(h, limit)?;
                    if !found.is_empty() {
                        out.insert((*h).to_owned(), found);
                    }
                }
                return Ok(out);
            }
        };
        each_in(
            c,
            "SELECT hash, id, story FROM articles WHERE hash IN ({marks}) AND current = 1 ORDER BY seq",
            hashes,
            |r| {
                let found = out.entry(r.get::<_, String>(0)?).or_default();
                if found.len() < limit {
                    found.push((r.get(1)?, r.get::<_, i64>(2)? as StoryId));
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// Stores a checkpoint of the ingest state covering the articles up to
    /// `seq`, in place of any earlier one. Called inside a writer's turn, so
    /// it lands with the turn's articles or not at all.
    pub fn save_state(&self, seq: i64, format: &str, data: &[u8]) -> Result<()> {
        self.clear_states()?;
        for (part, data) in state_parts(data) {
            self.save_state_part(seq, part, format, data)?;
        }
        Ok(())
    }

    /// Drops the stored checkpoint, before a new one is written part by
    /// part (in the same transaction).
    pub fn clear_states(&self) -> Result<()> {
        match self.backend() {
            Ok(c) => {
                c.prepare_cached("DELETE FROM states")?.execute([])?;
                Ok(())
            }
            Err(pg) => pg.clear_states(),
        }
    }

    /// Stores one part (at most [`STATE_PART`] bytes) of the checkpoint
    /// covering `seq`.
    pub fn save_state_part(&self, seq: i64, part: i64, format: &str, data: &[u8]) -> Result<()> {
        match self.backend() {
            Ok(c) => {
                c.prepare_cached(
                    "INSERT INTO states (seq, part, format, data) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![seq, part, format, data])?;
                Ok(())
            }
            Err(pg) => pg.save_state_part(seq, part, format, data),
        }
    }

    /// Reads the latest checkpoint of the ingest state: `read` gets the
    /// `seq` it covers, its format and its bytes, read in place (a
    /// checkpoint is tens of MB: no copy of it is made).
    pub fn read_latest_state<T>(
        &self,
        read: impl FnOnce(i64, &str, &[u8]) -> T,
    ) -> Result<Option<T>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.read_latest_state(read),
        };
        // The parts' total length first: the whole is put together in one
        // buffer of its size, not grown by doubling.
        let latest: (Option<i64>, Option<i64>) = c
            .prepare_cached(
                "SELECT seq, sum(length(data)) FROM states
                 WHERE seq = (SELECT max(seq) FROM states) GROUP BY seq",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or_default();
        let (Some(seq), Some(len)) = latest else {
            return Ok(None);
        };
        let mut stmt =
            c.prepare_cached("SELECT format, data FROM states WHERE seq = ?1 ORDER BY part")?;
        let mut rows = stmt.query([seq])?;
        let (mut format, mut whole) = (String::new(), Vec::with_capacity(len as usize));
        while let Some(r) = rows.next()? {
            let data = r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            if format.is_empty() {
                format = r.get(0)?;
            }
            whole.extend_from_slice(data);
        }
        Ok(Some(read(seq, &format, &whole)))
    }

    /// The current articles with this content hash (hex), in arrival
    /// order, at most `limit`: the earliest is the original of an exact copy.
    pub fn current_with_hash(&self, hash: &str, limit: usize) -> Result<Vec<(String, StoryId)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.current_with_hash(hash, limit),
        };
        let mut stmt = c.prepare_cached(
            "SELECT id, story FROM articles WHERE hash = ?1 AND current = 1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![hash, limit as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as StoryId))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a new article (or a new version of one); returns its `seq`.
    pub fn insert(&self, n: &NewArticle) -> Result<i64> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.insert(n),
        };

        let a = n.article;
        let now = Utc::now().timestamp();
        if n.version > 1 {
            c.prepare_cached("UPDATE articles SET current = 0 WHERE id = ?1")?
                .execute([&a.id])?;
        }
        c.prepare_cached("INSERT INTO articles (id, version, current, source, url, outlet, title, title_start,
                 title_end, published, text, hash, copy_of, story, explanation, ingested_at, dropped)
             VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")?.execute(
            params![
                a.id,
                n.version,
                a.source,
                a.url,
                a.outlet,
                a.title,
                a.title_span.map(|s| s.start as i64),
                a.title_span.map(|s| s.end as i64),
                a.published.map(|t| t.timestamp()),
                a.text,
                n.hash.to_hex(),
                n.copy_of,
                n.story as i64,
                n.explanation,
                now,
                n.dropped,
            ],
        )?;
        let seq = c.last_insert_rowid();
        let activity = a
            .published
            .map(|t| t.timestamp().min(now + FUTURE_SLACK_SECS));
        c.prepare_cached(
            "INSERT INTO stories (id, created_seq, updated_seq, latest_published)
                 VALUES (?1, ?2, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET updated_seq = excluded.updated_seq,
               latest_published = CASE WHEN latest_published IS NULL
                 OR excluded.latest_published > latest_published
                 THEN coalesce(excluded.latest_published, latest_published)
                 ELSE latest_published END",
        )?
        .execute(params![n.story as i64, seq, activity])?;
        if n.version > 1 {
            // The version replaced may have held the latest date.
            refresh_activity(c, n.story)?;
        }
        Ok(seq)
    }

    /// Moves every article of story `from` into story `into`, and leaves
    /// `from` answering as a redirect.
    pub fn merge(&self, from: StoryId, into: StoryId) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.merge(from, into),
        };

        c.prepare_cached("UPDATE articles SET story = ?2 WHERE story = ?1")?
            .execute(params![from as i64, into as i64])?;
        c.prepare_cached("UPDATE stories SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1")?
            .execute(params![from as i64, into as i64])?;
        refresh_activity(c, into)
    }

    /// The live story a story id answers as (following merges), if it exists.
    pub fn resolve(&self, mut id: StoryId) -> Result<Option<StoryId>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.resolve(id),
        };

        for _ in 0..64 {
            let row: Option<Option<i64>> = c
                .prepare_cached("SELECT merged_into FROM stories WHERE id = ?1")?
                .query_row([id as i64], |r| r.get(0))
                .optional()?;
            match row {
                None => return Ok(None),
                Some(None) => return Ok(Some(id)),
                Some(Some(next)) => id = next as StoryId,
            }
        }
        Ok(None)
    }

    /// Every merge recorded: (merged story, story it went into).
    pub fn redirects(&self) -> Result<Vec<(StoryId, StoryId)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.redirects(),
        };

        let mut stmt = c.prepare(
            "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)? as StoryId,
                r.get::<_, i64>(1)? as StoryId,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `f` on every stored article (all versions) in arrival order.
    pub fn for_each_article(&self, f: impl FnMut(StoredArticle)) -> Result<()> {
        self.for_each_article_after(0, f)
    }

    /// Calls `f` on every article stored after `seq` (all versions), in
    /// arrival order.
    pub fn for_each_article_after(&self, seq: i64, mut f: impl FnMut(StoredArticle)) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.for_each_article_after(seq, f),
        };

        let mut stmt = c.prepare(&format!("{SELECT} WHERE seq > ?1 ORDER BY seq"))?;
        let mut rows = stmt.query([seq])?;
        while let Some(r) = rows.next()? {
            f(row_to_article(r)?);
        }
        Ok(())
    }

    /// Current articles of a story, in arrival order.
    pub fn story_articles(&self, story: StoryId) -> Result<Vec<StoredArticle>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.story_articles(story, false),
        };

        let mut stmt = c.prepare_cached(&format!(
            "{SELECT} WHERE story = ?1 AND current = 1 ORDER BY seq"
        ))?;
        let rows = stmt.query_map([story as i64], row_to_article)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// [`Store::story_articles`] for listings: every field but `text`,
    /// `explanation` and `dropped`, which are left empty (reading the texts
    /// is most of the cost of listing thousands of stories).
    pub fn story_articles_brief(&self, story: StoryId) -> Result<Vec<StoredArticle>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.story_articles(story, true),
        };

        let mut stmt = c.prepare_cached(&format!(
            "{SELECT_BRIEF} WHERE story = ?1 AND current = 1 ORDER BY seq"
        ))?;
        let rows = stmt.query_map([story as i64], row_to_article)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The (id, version) of each current article of a story, in arrival
    /// order: what a story's synthesis fingerprint is made of, without the texts.
    pub fn story_versions(&self, story: StoryId) -> Result<Vec<(String, i64)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.story_versions(story),
        };

        let mut stmt = c.prepare_cached(
            "SELECT id, version FROM articles WHERE story = ?1 AND current = 1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([story as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current version of an article.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.article(id),
        };

        Ok(c.query_row(
            &format!("{SELECT} WHERE id = ?1 AND current = 1"),
            [id],
            row_to_article,
        )
        .optional()?)
    }

    /// Live stories holding at least one current article, newest activity first.
    pub fn story_ids(&self) -> Result<Vec<StoryId>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.story_ids(),
        };

        let mut stmt = c.prepare(&format!(
            "SELECT s.id FROM stories s WHERE s.merged_into IS NULL
               AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id AND a.current = 1)
             ORDER BY {ACTIVITY_ORDER}"
        ))?;
        let rows = stmt.query_map([], |r| Ok(r.get::<_, i64>(0)? as StoryId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A story's stored synthesis: (fingerprint, JSON), if any.
    pub fn synthesis(&self, story: StoryId) -> Result<Option<(String, String)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.synthesis(story),
        };

        Ok(
            c.prepare_cached("SELECT fingerprint, synthesis FROM syntheses WHERE story = ?1")?
                .query_row([story as i64], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
        )
    }

    /// Stores (or replaces) a story's synthesis.
    pub fn put_synthesis(&self, story: StoryId, fingerprint: &str, synthesis: &str) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.put_synthesis(story, fingerprint, synthesis),
        };

        c
            .prepare_cached(
                "INSERT INTO syntheses (story, fingerprint, synthesis, computed_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (story) DO UPDATE SET fingerprint = excluded.fingerprint,
                   synthesis = excluded.synthesis, computed_at = excluded.computed_at",
            )?
            .execute(params![story as i64, fingerprint, synthesis, Utc::now().timestamp()])?;
        Ok(())
    }

    /// Numbers of current articles and live stories.
    pub fn counts(&self) -> Result<(i64, i64)> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.counts(),
        };

        let articles = c
            .prepare_cached("SELECT count(*) FROM articles WHERE current = 1")?
            .query_row([], |r| r.get(0))?;
        let stories = c
            .prepare_cached("SELECT count(*) FROM stories WHERE merged_into IS NULL")?
            .query_row([], |r| r.get(0))?;
        Ok((articles, stories))
    }
}

/// Recomputes a story's latest publish time from its current articles.
fn refresh_activity(c: &Connection, story: StoryId) -> Result<()> {
    c.prepare_cached(
        "UPDATE stories SET latest_published = (SELECT max(min(a.published,
               a.ingested_at + ?2)) FROM articles a WHERE a.story = ?1 AND a.current = 1)
             WHERE id = ?1",
    )?
    .execute(params![story as i64, FUTURE_SLACK_SECS])?;
    Ok(())
}

/// Takes SQLite's write lock (an immediate transaction), waiting as long as
/// another connection holds it.
/// Puts the store in write-ahead-log mode. Switching a new file's mode
/// needs it to itself, and SQLite answers "locked" at once, without the busy
/// handler, while another connection is creating or switching the same new
/// file: so ask again for as long as the busy timeout would have waited.
fn wal_mode(c: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(BUSY_MS);
    loop {
        match c.execute_batch("PRAGMA journal_mode = WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
            other => return other,
        }
    }
}

fn begin_immediate(c: &Connection) -> Result<()> {
    loop {
        match c.execute_batch("BEGIN IMMEDIATE") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                continue
            }
            other => return Ok(other?),
        }
    }
}

const SELECT: &str = "SELECT seq, id, version, current, source, url, outlet, title, title_start,
    title_end, published, text, copy_of, story, explanation, dropped, hash FROM articles";

/// [`SELECT`] with empty text, explanation and dropped lines.
const SELECT_BRIEF: &str =
    "SELECT seq, id, version, current, source, url, outlet, title, title_start,
    title_end, published, '', copy_of, story, '', '', hash FROM articles";

fn row_to_article(r: &rusqlite::Row) -> rusqlite::Result<StoredArticle> {
    let mut a = Article::new(
        r.get::<_, String>(1)?,
        r.get::<_, String>(4)?,
        r.get::<_, String>(11)?,
    );
    a.url = r.get(5)?;
    a.outlet = r.get(6)?;
    a.title = r.get(7)?;
    let (s, e): (Option<i64>, Option<i64>) = (r.get(8)?, r.get(9)?);
    a.title_span = s.zip(e).map(|(s, e)| Span::new(s as usize, e as usize));
    a.published = r
        .get::<_, Option<i64>>(10)?
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0));
    Ok(StoredArticle {
        seq: r.get(0)?,
        article: a,
        version: r.get(2)?,
        current: r.get::<_, i64>(3)? == 1,
        copy_of: r.get(12)?,
        story: r.get::<_, i64>(13)? as StoryId,
        explanation: r.get(14)?,
        dropped: r.get(15)?,
        hash: r.get(16)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_versions_and_merges() {
        let dir = tempfile::tempdir().unwrap();
        for t in testing::test_stores(dir.path(), "t.db") {
            stores_versions_and_merges_on(&t.db);
        }
    }

    /// Processes opening a fresh store at once migrate it once: each waits
    /// for the writer lock and finds the work done.
    #[test]
    fn stores_opened_at_once_migrate_once() {
        let dir = tempfile::tempdir().unwrap();
        for t in testing::test_stores(dir.path(), "t.db") {
            let opened: Vec<_> = (0..4)
                .map(|_| {
                    let db = t.db.clone();
                    std::thread::spawn(move || Store::open(&db).map(|s| s.counts()))
                })
                .collect();
            for o in opened {
                let counts = o.join().unwrap();
                assert!(
                    matches!(counts, Ok(Ok((0, 0)))),
                    "{}: {counts:?}",
                    t.backend
                );
            }
        }
    }

    /// A checkpoint larger than a part comes back whole, in order; a new
    /// one replaces it, and an empty one still exists.
    #[test]
    fn state_checkpoints_round_trip_in_parts() {
        let dir = tempfile::tempdir().unwrap();
        for t in testing::test_stores(dir.path(), "t.db") {
            let store = Store::open(&t.db).unwrap();
            let read = |s: &Store| {
                s.read_latest_state(|seq, format, data| (seq, format.to_owned(), data.to_vec()))
                    .unwrap()
            };
            assert_eq!(read(&store), None, "{}", t.backend);
            let big: Vec<u8> = (0..STATE_PART * 5 / 2).map(|i| (i % 251) as u8).collect();
            store.save_state(7, "f/1", &big).unwrap();
            assert_eq!(read(&store), Some((7, "f/1".into(), big)), "{}", t.backend);
            store.save_state(9, "f/2", b"small").unwrap();
            let again = Store::open(&t.db).unwrap();
            assert_eq!(
                read(&again),
                Some((9, "f/2".into(), b"small".to_vec())),
                "{}",
                t.backend
            );
            store.save_state(10, "f/2", b"").unwrap();
            assert_eq!(
                read(&again),
                Some((10, "f/2".into(), Vec::new())),
                "{}",
                t.backend
            );
            // Parts written out of order, numbered apart (two halves
            // written at once), read back in number order.
            store.clear_states().unwrap();
            for (part, data) in [
                (1 << 32, &b"c"[..]),
                (1, b"b"),
                (0, b"a"),
                ((1 << 32) + 1, b"d"),
            ] {
                store.save_state_part(11, part, "f/3", data).unwrap();
            }
            assert_eq!(
                read(&again),
                Some((11, "f/3".into(), b"abcd".to_vec())),
                "{}",
                t.backend
            );
        }
    }

    /// Two workers (two connections) lease one URL: one wins, the other
    /// gets it only once it is released or has expired; a holder renews.
    #[test]
    fn one_worker_at_a_time_holds_a_lease() {
        let dir = tempfile::tempdir().unwrap();
        for t in testing::test_stores(dir.path(), "t.db") {
            let (a, b) = (Store::open(&t.db).unwrap(), Store::open(&t.db).unwrap());
            let url = "http://x.example/page";
            let lease = |s: &Store, who: &str, now: i64| s.lease(url, who, now, now + 60).unwrap();
            assert!(lease(&a, "a", 1000), "{}", t.backend);
            assert!(!lease(&b, "b", 1001), "{}", t.backend);
            assert!(lease(&a, "a", 1002), "{}: a holder renews", t.backend);
            // Released by its holder only.
            b.release(url, "b").unwrap();
            assert!(!lease(&b, "b", 1003), "{}", t.backend);
            a.release(url, "a").unwrap();
            assert!(lease(&b, "b", 1004), "{}", t.backend);
            // Expired: free for another, whoever held it.
            assert!(lease(&a, "a", 1004 + 60), "{}", t.backend);
            // Racing from many threads at once: exactly one wins.
            let winners: usize = (0..8)
                .map(|i| {
                    let db = t.db.clone();
                    std::thread::spawn(move || {
                        let s = Store::open(&db).unwrap();
                        usize::from(
                            s.lease("http://x.example/race", &format!("w{i}"), 5000, 5060)
                                .unwrap(),
                        )
                    })
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|h| h.join().unwrap())
                .sum();
            assert_eq!(winners, 1, "{}", t.backend);
        }
    }

    fn stores_versions_and_merges_on(path: &Path) {
        let store = Store::open(path).unwrap();
        let a = Article::new("a", "a.txt", "نص");
        store
            .insert(&NewArticle {
                article: &a,
                version: 1,
                hash: a.content_hash(),
                copy_of: None,
                story: 1,
                explanation: "{}",
                dropped: "[]",
            })
            .unwrap();
        let b = Article::new("a", "a.txt", "نص جديد");
        store
            .insert(&NewArticle {
                article: &b,
                version: 2,
                hash: b.content_hash(),
                copy_of: None,
                story: 2,
                explanation: "{}",
                dropped: "[]",
            })
            .unwrap();
        assert_eq!(store.known("a").unwrap().unwrap().version, 2);
        // The batch lookups answer as the single ones do.
        let many = store.known_many(&["a", "nowhere"]).unwrap();
        assert_eq!(many.get("a"), store.known("a").unwrap().as_ref());
        assert!(!many.contains_key("nowhere"));
        let hash = b.content_hash().to_hex();
        let by_hash = store.current_with_hashes(&[&hash, "00"], 64).unwrap();
        assert_eq!(
            by_hash.get(&hash),
            Some(&store.current_with_hash(&hash, 64).unwrap())
        );
        assert!(!by_hash.contains_key("00"));
        assert_eq!(store.article("a").unwrap().unwrap().article.text, "نص جديد");
        store.merge(2, 1).unwrap();
        assert_eq!(store.resolve(2).unwrap(), Some(1));
        assert_eq!(store.story_ids().unwrap(), vec![1]);
        let f = Fetch {
            url: "http://x.example/feed".into(),
            kind: "feed".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            outcome: "ok".into(),
            retry: None,
        };
        store.record_fetch(&f).unwrap();
        let page = Fetch {
            url: "http://x.example/a".into(),
            kind: "page".into(),
            etag: None,
            last_modified: None,
            outcome: "HTTP 503".into(),
            retry: Some(Retry {
                attempts: 2,
                next_try: 1_800_000_000,
            }),
        };
        store.record_fetch(&page).unwrap();
        drop(store);
        // Reopening runs no migration twice, and keeps what was fetched.
        let store = Store::open(path).unwrap();
        assert_eq!(store.counts().unwrap(), (1, 1));
        assert_eq!(store.fetch(&f.url).unwrap(), Some(f));
        assert_eq!(store.fetch(&page.url).unwrap(), Some(page));
        assert!(store.due_fetches(1_799_999_999).unwrap().is_empty());
        assert_eq!(
            store.due_fetches(1_800_000_000).unwrap(),
            ["http://x.example/a"]
        );
        assert_eq!(store.synthesis(1).unwrap(), None);
        store.put_synthesis(1, "f1", "{}").unwrap();
        store.put_synthesis(1, "f2", "{\"a\":1}").unwrap();
        assert_eq!(
            store.synthesis(1).unwrap(),
            Some(("f2".into(), "{\"a\":1}".into()))
        );
    }
}
