//! The PostgreSQL backend of [`crate::Store`]: the same tables (each
//! migration of `MIGRATIONS` has its PostgreSQL translation), the same
//! methods with the same behaviour, and the same contracts:
//!
//! - **The writer lock** is `pg_advisory_xact_lock`, taken inside the write
//!   transaction and released by its commit (or by the connection closing).
//!   Every article is inserted under it, so `seq` (an identity column) grows
//!   in commit order, as SQLite's rowid does: the arrival order is the log.
//! - **Migrations** run in one transaction under the same lock, so two
//!   processes opening a fresh database migrate it once.
//! - **Search** keeps a `tsvector` per article version built with the
//!   'simple' configuration (no stemming, no stop words) from the terms
//!   Marsad normalized, the title weighted A and the body D, under a GIN
//!   index; a query is every term (AND), ranked by `ts_rank` with a title
//!   match weighing twice a body match.
//!
//! Article ids and fetched URLs are input of any length: they are indexed
//! and looked up by their SHA-256 (`marsad_key`), as a btree entry must fit
//! in a page.
//!
//! The lock keys hash the schema the store lives in (the first schema of
//! the connection's `search_path`), so stores in different schemas of one
//! database never wait for each other.
//!
//! Connections are not encrypted (`NoTls`): a URL that requires TLS
//! (`sslmode=require`) is refused with a message rather than downgraded.
//! PostgreSQL text cannot hold the NUL character: a NUL in any stored string
//! is written as a space (one byte for one, so byte offsets still hold).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use marsad_core::{Span, UNKNOWN_OUTLET};
use postgres::config::SslMode;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::{
    Fetch, Known, NewArticle, Result, Retry, SearchHit, StoreError, StoredArticle, StoryFilter,
    StoryId, ACTIVITY_ORDER, FUTURE_SLACK_SECS, MIGRATIONS, SELECT, SELECT_BRIEF,
};

/// The first key of the store-wide writer lock ("MRSD"); the second is the
/// hash of the store's schema.
const WRITER_LOCK: i32 = 0x4d52_5344;
/// The lock that lets one connection at a time bring the search index up.
const INDEX_LOCK: i32 = 0x4d52_5349;
/// The second key of every lock: the schema the store's tables are in.
const SCHEMA_KEY: &str = "hashtext(coalesce(current_schema(), ''))";
/// Rows read per query when walking the log.
const CHUNK: i64 = 1000;
/// The largest normalized text indexed per article: PostgreSQL refuses a
/// tsvector whose distinct terms pass 1 MiB, and a text under this length
/// cannot reach it. The terms past it are not searchable.
const MAX_INDEXED_BYTES: usize = 1_000_000;

pub(crate) struct Pg {
    conn: RefCell<Conn>,
}

/// A connection with its prepared statements (each is prepared once: a
/// statement not prepared costs an extra round trip on every call).
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Conn {
    fn prepared(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.client.query(&s, params)?)
    }

    fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        let s = self.prepared(sql)?;
        Ok(self.client.query_one(&s, params)?)
    }

    fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let s = self.prepared(sql)?;
        Ok(self.client.execute(&s, params)?)
    }
}

/// `url` without its password, for messages: the one after the user name
/// and a `password=` parameter of the query alike.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// An error with its causes, in one line.
pub(crate) fn message(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A string PostgreSQL can store: NUL becomes a space.
fn t(s: &str) -> Cow<'_, str> {
    match s.contains('\0') {
        true => Cow::Owned(s.replace('\0', " ")),
        false => Cow::Borrowed(s),
    }
}

fn opt_t(s: Option<&str>) -> Option<Cow<'_, str>> {
    s.map(t)
}

impl Pg {
    pub(crate) fn open(url: &str) -> Result<Pg> {
        let name = redact(url);
        let refused = |reason: String| StoreError::Refused {
            store: name.clone(),
            reason,
        };
        let config: postgres::Config = url
            .parse()
            .map_err(|e| refused(format!("not a PostgreSQL URL: {e}")))?;
        if matches!(config.get_ssl_mode(), SslMode::Require) {
            return Err(refused(
                "sslmode=require: this marsad connects without TLS (use a local socket or a \
                 trusted network, or a TLS-terminating proxy)"
                    .into(),
            ));
        }
        let client = config.connect(NoTls).map_err(|e| StoreError::Postgres {
            store: name.clone(),
            message: message(&e),
        })?;
        let pg = Pg {
            conn: RefCell::new(Conn {
                client,
                statements: HashMap::new(),
            }),
        };
        let encoding: String = pg
            .conn
            .borrow_mut()
            .query_one("SELECT current_setting('server_encoding')", &[])?
            .get(0);
        if encoding != "UTF8" {
            return Err(refused(format!(
                "the database's encoding is {encoding}; Marsad needs UTF8 \
                 (CREATE DATABASE … ENCODING 'UTF8')"
            )));
        }
        pg.migrate(&name)?;
        Ok(pg)
    }

    /// The schema version: 0 before the first migration.
    fn version(c: &mut Conn) -> Result<i64> {
        let exists: bool = c
            .query_one("SELECT to_regclass('marsad_schema') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(0);
        }
        Ok(c.query_opt("SELECT version FROM marsad_schema", &[])?
            .map_or(0, |r| r.get(0)))
    }

    /// Brings the schema up to date, in one transaction under the writer
    /// lock: the version is read again once the lock is held, so a second
    /// process finds the work done.
    fn migrate(&self, name: &str) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        let check = |version: i64| match version > known {
            true => Err(StoreError::TooNew {
                path: name.to_owned(),
                found: version,
                known,
            }),
            false => Ok(version),
        };
        let mut c = self.conn.borrow_mut();
        if check(Self::version(&mut c)?)? == known {
            return Ok(());
        }
        let mut tx = c.client.transaction()?;
        tx.execute(
            &format!("SELECT pg_advisory_xact_lock($1, {SCHEMA_KEY})"),
            &[&WRITER_LOCK],
        )?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS marsad_schema (version BIGINT NOT NULL)")?;
        let version: i64 = tx
            .query_opt("SELECT version FROM marsad_schema", &[])?
            .map_or(0, |r| r.get(0));
        let version = check(version)?;
        if version == 0 {
            tx.execute("INSERT INTO marsad_schema (version) VALUES (0)", &[])?;
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(m.postgres)?;
            tx.execute("UPDATE marsad_schema SET version = $1", &[&(i as i64 + 1)])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn begin(&self) -> Result<()> {
        let mut c = self.conn.borrow_mut();
        c.client.batch_execute("BEGIN")?;
        let locked = c.execute(
            &format!("SELECT pg_advisory_xact_lock($1, {SCHEMA_KEY})"),
            &[&WRITER_LOCK],
        );
        if locked.is_err() {
            let _ = c.client.batch_execute("ROLLBACK");
        }
        locked.map(|_| ())
    }

    pub(crate) fn commit(&self) -> Result<()> {
        Ok(self.conn.borrow_mut().client.batch_execute("COMMIT")?)
    }

    pub(crate) fn fetch(&self, url: &str) -> Result<Option<Fetch>> {
        let row = self.conn.borrow_mut().query_opt(
            "SELECT kind, etag, last_modified, outcome, attempts, next_try FROM fetches
             WHERE marsad_key(url) = marsad_key($1)",
            &[&t(url)],
        )?;
        Ok(row.map(|r| Fetch {
            url: url.to_owned(),
            kind: r.get(0),
            etag: r.get(1),
            last_modified: r.get(2),
            outcome: r.get(3),
            retry: r.get::<_, Option<i64>>(5).map(|next_try| Retry {
                attempts: u32::try_from(r.get::<_, i64>(4)).unwrap_or(0),
                next_try,
            }),
        }))
    }

    pub(crate) fn due_fetches(&self, now: i64) -> Result<Vec<String>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT url FROM fetches WHERE next_try IS NOT NULL AND next_try <= $1
             ORDER BY next_try, url COLLATE \"C\"",
            &[&now],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.conn.borrow().client.is_closed()
    }

    pub(crate) fn ping(&self) -> bool {
        self.conn
            .borrow_mut()
            .client
            .simple_query("SELECT 1")
            .is_ok()
    }

    pub(crate) fn lease(&self, url: &str, holder: &str, now: i64, expires: i64) -> Result<bool> {
        let changed = self.conn.borrow_mut().execute(
            "INSERT INTO leases (url, holder, expires) VALUES ($1, $2, $4)
             ON CONFLICT (marsad_key(url)) DO UPDATE SET holder = excluded.holder,
               expires = excluded.expires
             WHERE leases.expires <= $3 OR leases.holder = excluded.holder",
            &[&t(url), &t(holder), &now, &expires],
        )?;
        Ok(changed == 1)
    }

    pub(crate) fn release(&self, url: &str, holder: &str) -> Result<()> {
        self.conn.borrow_mut().execute(
            "DELETE FROM leases WHERE marsad_key(url) = marsad_key($1) AND holder = $2",
            &[&t(url), &t(holder)],
        )?;
        Ok(())
    }

    pub(crate) fn record_fetch(&self, f: &Fetch) -> Result<()> {
        self.conn.borrow_mut().execute(
            "INSERT INTO fetches
               (url, kind, etag, last_modified, outcome, fetched_at, attempts, next_try)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (marsad_key(url)) DO UPDATE SET url = excluded.url,
               kind = excluded.kind, etag = excluded.etag,
               last_modified = excluded.last_modified, outcome = excluded.outcome,
               fetched_at = excluded.fetched_at, attempts = excluded.attempts,
               next_try = excluded.next_try",
            &[
                &t(&f.url),
                &t(&f.kind),
                &opt_t(f.etag.as_deref()),
                &opt_t(f.last_modified.as_deref()),
                &t(&f.outcome),
                &Utc::now().timestamp(),
                &f.retry.map_or(0, |r| i64::from(r.attempts)),
                &f.retry.map(|r| r.next_try),
            ],
        )?;
        Ok(())
    }

    pub(crate) fn known(&self, id: &str) -> Result<Option<Known>> {
        let row = self.conn.borrow_mut().query_opt(
            "SELECT version, hash, story FROM articles WHERE marsad_key(id) = marsad_key($1)
             ORDER BY version DESC LIMIT 1",
            &[&t(id)],
        )?;
        Ok(row.map(|r| Known {
            version: r.get(0),
            hash: r.get(1),
            story: r.get::<_, i64>(2) as StoryId,
        }))
    }

    pub(crate) fn clear_states(&self) -> Result<()> {
        self.conn.borrow_mut().execute("DELETE FROM states", &[])?;
        Ok(())
    }

    pub(crate) fn save_state_part(
        &self,
        seq: i64,
        part: i64,
        format: &str,
        data: &[u8],
    ) -> Result<()> {
        self.conn.borrow_mut().execute(
            "INSERT INTO states (seq, part, format, data) VALUES ($1, $2, $3, $4)",
            &[&seq, &part, &format, &data],
        )?;
        Ok(())
    }

    pub(crate) fn read_latest_state<T>(
        &self,
        read: impl FnOnce(i64, &str, &[u8]) -> T,
    ) -> Result<Option<T>> {
        let mut c = self.conn.borrow_mut();
        let Some(latest) = c.query_opt(
            "SELECT seq, sum(length(data))::BIGINT, min(format) FROM states
             WHERE seq = (SELECT max(seq) FROM states) GROUP BY seq",
            &[],
        )?
        else {
            return Ok(None);
        };
        let (seq, len, format): (i64, i64, String) = (latest.get(0), latest.get(1), latest.get(2));
        let parts: Vec<i64> = c
            .query(
                "SELECT part FROM states WHERE seq = $1 ORDER BY part",
                &[&seq],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        // Part by part into one buffer of the whole's size: the rows of
        // all parts are never held at once beside it.
        let mut whole = Vec::with_capacity(len as usize);
        for part in parts {
            let row = c.query_one(
                "SELECT data FROM states WHERE seq = $1 AND part = $2",
                &[&seq, &part],
            )?;
            whole.extend_from_slice(row.get::<_, &[u8]>(0));
        }
        Ok(Some(read(seq, &format, &whole)))
    }

    pub(crate) fn current_with_hash(
        &self,
        hash: &str,
        limit: usize,
    ) -> Result<Vec<(String, StoryId)>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT id, story FROM articles WHERE hash = $1 AND current = 1 ORDER BY seq LIMIT $2",
            &[&hash, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as StoryId))
            .collect())
    }

    pub(crate) fn insert(&self, n: &NewArticle) -> Result<i64> {
        let a = n.article;
        let now = Utc::now().timestamp();
        let mut c = self.conn.borrow_mut();
        let id = t(&a.id);
        if n.version > 1 {
            c.execute(
                "UPDATE articles SET current = 0 WHERE marsad_key(id) = marsad_key($1)",
                &[&id],
            )?;
        }
        let story = n.story as i64;
        let seq: i64 = c
            .query_one(
                "INSERT INTO articles (id, version, current, source, url, outlet, title,
                   title_start, title_end, published, text, hash, copy_of, story, explanation,
                   ingested_at, dropped)
                 VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                 RETURNING seq",
                &[
                    &id,
                    &n.version,
                    &t(&a.source),
                    &opt_t(a.url.as_deref()),
                    &opt_t(a.outlet.as_deref()),
                    &t(&a.title),
                    &a.title_span.map(|s| s.start as i64),
                    &a.title_span.map(|s| s.end as i64),
                    &a.published.map(|t| t.timestamp()),
                    &t(&a.text),
                    &n.hash.to_hex(),
                    &opt_t(n.copy_of),
                    &story,
                    &t(n.explanation),
                    &now,
                    &t(n.dropped),
                ],
            )?
            .get(0);
        let activity = a
            .published
            .map(|t| t.timestamp().min(now + FUTURE_SLACK_SECS));
        c.execute(
            "INSERT INTO stories (id, created_seq, updated_seq, latest_published)
             VALUES ($1, $2, $2, $3)
             ON CONFLICT (id) DO UPDATE SET updated_seq = excluded.updated_seq,
               latest_published = CASE WHEN stories.latest_published IS NULL
                 OR excluded.latest_published > stories.latest_published
                 THEN coalesce(excluded.latest_published, stories.latest_published)
                 ELSE stories.latest_published END",
            &[&story, &seq, &activity],
        )?;
        if n.version > 1 {
            // The version replaced may have held the latest date.
            refresh_activity(&mut c, n.story)?;
        }
        Ok(seq)
    }

    pub(crate) fn merge(&self, from: StoryId, into: StoryId) -> Result<()> {
        let mut c = self.conn.borrow_mut();
        let (from, into_) = (from as i64, into as i64);
        c.execute(
            "UPDATE articles SET story = $2 WHERE story = $1",
            &[&from, &into_],
        )?;
        c.execute(
            "UPDATE stories SET merged_into = $2 WHERE id = $1 OR merged_into = $1",
            &[&from, &into_],
        )?;
        refresh_activity(&mut c, into)
    }

    pub(crate) fn resolve(&self, mut id: StoryId) -> Result<Option<StoryId>> {
        let mut c = self.conn.borrow_mut();
        for _ in 0..64 {
            let row = c.query_opt(
                "SELECT merged_into FROM stories WHERE id = $1",
                &[&(id as i64)],
            )?;
            match row.map(|r| r.get::<_, Option<i64>>(0)) {
                None => return Ok(None),
                Some(None) => return Ok(Some(id)),
                Some(Some(next)) => id = next as StoryId,
            }
        }
        Ok(None)
    }

    pub(crate) fn redirects(&self) -> Result<Vec<(StoryId, StoryId)>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL ORDER BY id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, i64>(0) as StoryId, r.get::<_, i64>(1) as StoryId))
            .collect())
    }

    /// Walks the log a chunk at a time (keyset by `seq`), so memory stays
    /// bounded however long the log; `f` runs with no query open.
    pub(crate) fn for_each_article_after(
        &self,
        mut seq: i64,
        mut f: impl FnMut(StoredArticle),
    ) -> Result<()> {
        let sql = format!("{SELECT} WHERE seq > $1 ORDER BY seq LIMIT $2");
        loop {
            let rows = self.conn.borrow_mut().query(&sql, &[&seq, &CHUNK])?;
            let full = rows.len() as i64 == CHUNK;
            for r in &rows {
                let a = row_to_article(r);
                seq = a.seq;
                f(a);
            }
            if !full {
                return Ok(());
            }
        }
    }

    pub(crate) fn story_articles(&self, story: StoryId, brief: bool) -> Result<Vec<StoredArticle>> {
        let select = if brief { SELECT_BRIEF } else { SELECT };
        let rows = self.conn.borrow_mut().query(
            &format!("{select} WHERE story = $1 AND current = 1 ORDER BY seq"),
            &[&(story as i64)],
        )?;
        Ok(rows.iter().map(row_to_article).collect())
    }

    pub(crate) fn story_versions(&self, story: StoryId) -> Result<Vec<(String, i64)>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT id, version FROM articles WHERE story = $1 AND current = 1 ORDER BY seq",
            &[&(story as i64)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub(crate) fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let row = self.conn.borrow_mut().query_opt(
            &format!("{SELECT} WHERE marsad_key(id) = marsad_key($1) AND current = 1"),
            &[&t(id)],
        )?;
        Ok(row.as_ref().map(row_to_article))
    }

    pub(crate) fn story_ids(&self) -> Result<Vec<StoryId>> {
        let rows = self.conn.borrow_mut().query(
            &format!(
                "SELECT s.id FROM stories s WHERE s.merged_into IS NULL
                   AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id AND a.current = 1)
                 ORDER BY {ACTIVITY_ORDER}"
            ),
            &[],
        )?;
        Ok(rows.iter().map(|r| r.get::<_, i64>(0) as StoryId).collect())
    }

    pub(crate) fn synthesis(&self, story: StoryId) -> Result<Option<(String, String)>> {
        let row = self.conn.borrow_mut().query_opt(
            "SELECT fingerprint, synthesis FROM syntheses WHERE story = $1",
            &[&(story as i64)],
        )?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub(crate) fn put_synthesis(
        &self,
        story: StoryId,
        fingerprint: &str,
        synthesis: &str,
    ) -> Result<()> {
        self.conn.borrow_mut().execute(
            "INSERT INTO syntheses (story, fingerprint, synthesis, computed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (story) DO UPDATE SET fingerprint = excluded.fingerprint,
               synthesis = excluded.synthesis, computed_at = excluded.computed_at",
            &[
                &(story as i64),
                &t(fingerprint),
                &t(synthesis),
                &Utc::now().timestamp(),
            ],
        )?;
        Ok(())
    }

    pub(crate) fn counts(&self) -> Result<(i64, i64)> {
        let mut c = self.conn.borrow_mut();
        let articles = c
            .query_one("SELECT count(*) FROM articles WHERE current = 1", &[])?
            .get(0);
        let stories = c
            .query_one(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL",
                &[],
            )?
            .get(0);
        Ok((articles, stories))
    }

    pub(crate) fn story_page(
        &self,
        filter: &StoryFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoryId>> {
        let clamp = |n: u64| n.min(i64::MAX as u64) as i64;
        let rows = self.conn.borrow_mut().query(
            &format!(
                "SELECT s.id FROM stories s WHERE s.merged_into IS NULL
                   AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id AND a.current = 1
                       AND ($1::text IS NULL OR coalesce(a.outlet, $6::text) = $1::text)
                       AND ($2::bigint IS NULL OR a.published >= $2::bigint)
                       AND ($3::bigint IS NULL OR a.published < $3::bigint))
                 ORDER BY {ACTIVITY_ORDER} LIMIT $4 OFFSET $5"
            ),
            &[
                &opt_t(filter.outlet.as_deref()),
                &filter.from,
                &filter.until,
                &clamp(limit),
                &clamp(offset),
                &UNKNOWN_OUTLET,
            ],
        )?;
        Ok(rows.iter().map(|r| r.get::<_, i64>(0) as StoryId).collect())
    }

    pub(crate) fn max_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .borrow_mut()
            .query_one("SELECT coalesce(max(seq), 0) FROM articles", &[])?
            .get(0))
    }

    pub(crate) fn stories_changed_since(&self, seq: i64) -> Result<Vec<(StoryId, i64)>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT id, updated_seq FROM stories WHERE updated_seq > $1",
            &[&seq],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, i64>(0) as StoryId, r.get(1)))
            .collect())
    }

    pub(crate) fn merged_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .borrow_mut()
            .query_one(
                "SELECT count(*) FROM stories WHERE merged_into IS NOT NULL",
                &[],
            )?
            .get(0))
    }

    /// Ties are ordered by the outlet's bytes (the "C" collation), as in
    /// SQLite, whatever the database's collation.
    pub(crate) fn outlets(&self) -> Result<Vec<(String, i64)>> {
        let rows = self.conn.borrow_mut().query(
            "SELECT coalesce(outlet, $1::text) COLLATE \"C\", count(*) FROM articles WHERE current = 1
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 500",
            &[&UNKNOWN_OUTLET],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub(crate) fn unindexed(&self, limit: usize) -> Result<Vec<StoredArticle>> {
        let rows = self.conn.borrow_mut().query(
            &format!(
                "{SELECT} WHERE seq > (SELECT coalesce(max(indexed_seq), 0) FROM search_state)
                 ORDER BY seq LIMIT $1"
            ),
            &[&(limit as i64)],
        )?;
        Ok(rows.iter().map(row_to_article).collect())
    }

    /// One transaction under the index lock: the check of how far the index
    /// reaches and the inserts see the same state.
    pub(crate) fn put_index(&self, entries: &[(i64, String, String)], through: i64) -> Result<()> {
        let mut c = self.conn.borrow_mut();
        let insert = c.prepared(
            "INSERT INTO search_index (seq, terms) VALUES ($1,
               setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'D'))
             ON CONFLICT (seq) DO NOTHING",
        )?;
        let mut tx = c.client.transaction()?;
        tx.execute(
            &format!("SELECT pg_advisory_xact_lock($1, {SCHEMA_KEY})"),
            &[&INDEX_LOCK],
        )?;
        let done: i64 = tx
            .query_one(
                "SELECT coalesce(max(indexed_seq), 0) FROM search_state",
                &[],
            )?
            .get(0);
        for (seq, title, body) in entries.iter().filter(|e| e.0 > done) {
            let title = cap(title, MAX_INDEXED_BYTES);
            let body = cap(body, MAX_INDEXED_BYTES - title.len());
            tx.execute(&insert, &[seq, &t(title), &t(body)])?;
        }
        tx.execute(
            "INSERT INTO search_state (id, indexed_seq) VALUES (1, $1)
             ON CONFLICT (id) DO UPDATE
               SET indexed_seq = greatest(search_state.indexed_seq, excluded.indexed_seq)",
            &[&through],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// `fts_query` is the FTS5 query the engine makes: each term quoted
    /// (`"a" "b"`, a quote inside doubled), all of them required. Its terms
    /// are read back and matched all together.
    pub(crate) fn search(
        &self,
        fts_query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<SearchHit>> {
        let terms = fts5_terms(fts_query).join(" ");
        let clamp = |n: u64| n.min(i64::MAX as u64) as i64;
        let mut c = self.conn.borrow_mut();
        // ts_rank's weights are {D, C, B, A}: a title (A) match counts twice
        // a body (D) one.
        let ranked = c.query(
            "SELECT i.seq, ts_rank('{0.5, 0, 0, 1}', i.terms, q)::float8 AS rank
             FROM search_index i JOIN articles a ON a.seq = i.seq,
               plainto_tsquery('simple', $1) q
             WHERE i.terms @@ q AND a.current = 1
             ORDER BY rank DESC, i.seq LIMIT $2 OFFSET $3",
            &[&t(&terms), &clamp(limit), &clamp(offset)],
        )?;
        let load = format!("{SELECT} WHERE seq = $1");
        let mut hits = Vec::with_capacity(ranked.len());
        for r in ranked {
            let seq: i64 = r.get(0);
            hits.push(SearchHit {
                article: row_to_article(&c.query_one(&load, &[&seq])?),
                score: r.get(1),
            });
        }
        Ok(hits)
    }
}

fn refresh_activity(c: &mut Conn, story: StoryId) -> Result<()> {
    c.execute(
        "UPDATE stories SET latest_published = (SELECT max(least(a.published,
           a.ingested_at + $2)) FROM articles a WHERE a.story = $1 AND a.current = 1
             AND a.published IS NOT NULL)
         WHERE id = $1",
        &[&(story as i64), &FUTURE_SLACK_SECS],
    )?;
    Ok(())
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character.
fn cap(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The terms of an FTS5 query of quoted strings (`"a" "b""c"` → a, b"c);
/// unquoted words are taken as they are.
fn fts5_terms(q: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => {
                let mut term = String::new();
                while let Some(ch) = chars.next() {
                    if ch == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            term.push('"');
                        } else {
                            break;
                        }
                    } else {
                        term.push(ch);
                    }
                }
                terms.push(term);
            }
            c if c.is_whitespace() => {}
            c => {
                let mut term = String::from(c);
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() || ch == '"' {
                        break;
                    }
                    term.push(ch);
                    chars.next();
                }
                terms.push(term);
            }
        }
    }
    terms
}

/// A row of [`SELECT`] (or [`SELECT_BRIEF`]).
fn row_to_article(r: &Row) -> StoredArticle {
    let mut a = marsad_core::Article::new(
        r.get::<_, String>(1),
        r.get::<_, String>(4),
        r.get::<_, String>(11),
    );
    a.url = r.get(5);
    a.outlet = r.get(6);
    a.title = r.get(7);
    let (s, e): (Option<i64>, Option<i64>) = (r.get(8), r.get(9));
    a.title_span = s.zip(e).map(|(s, e)| Span::new(s as usize, e as usize));
    a.published = r
        .get::<_, Option<i64>>(10)
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0));
    StoredArticle {
        seq: r.get(0),
        article: a,
        version: r.get(2),
        current: r.get::<_, i64>(3) == 1,
        copy_of: r.get(12),
        story: r.get::<_, i64>(13) as StoryId,
        explanation: r.get(14),
        dropped: r.get(15),
        hash: r.get(16),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_the_terms_of_an_fts5_query() {
        assert_eq!(fts5_terms("\"a\" \"b\"\"c\""), vec!["a", "b\"c"]);
        assert_eq!(fts5_terms(" x  \"y z\""), vec!["x", "y z"]);
        assert!(fts5_terms("").is_empty());
    }

    #[test]
    fn hides_the_password() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db?x=1"),
            "postgres://u:***@h:5432/db?x=1"
        );
        assert_eq!(redact("postgresql://u@h/db"), "postgresql://u@h/db");
        assert_eq!(
            redact("postgres://u@h/db?sslmode=disable&password=secret&x=1"),
            "postgres://u@h/db?sslmode=disable&password=***&x=1"
        );
        assert_eq!(
            redact("postgres://u:a@h/db?Password=b"),
            "postgres://u:***@h/db?Password=***"
        );
        assert_eq!(cap("ءب", 3), "ء");
    }
}
