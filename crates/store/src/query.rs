//! Queries for serving: story pages with filters, the outlets known, and the
//! full-text search index.
//!
//! The search index is contentless FTS5 over terms the caller has already
//! normalized (this crate knows no Arabic): a row per article version, keyed
//! by `seq`. It is brought up to date lazily ([`Store::unindexed`] /
//! [`Store::put_index`]) by whoever searches or ingests, so the ingest path
//! pays nothing for it. Versions that were superseded stay in the index and
//! are filtered out at query time (only `current = 1` rows answer).

use rusqlite::params;

use crate::{row_to_article, Result, Store, StoredArticle, StoryId, ACTIVITY_ORDER, SELECT};
use marsad_core::UNKNOWN_OUTLET;

/// Which stories a listing shows; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Only stories with an article from this outlet (as shown: the outlet,
    /// else [`UNKNOWN_OUTLET`]).
    pub outlet: Option<String>,
    /// Only stories with an article published at or after this Unix time…
    pub from: Option<i64>,
    /// …and before this one.
    pub until: Option<i64>,
}

/// One article that matches a search, best first.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub article: StoredArticle,
    /// BM25 relevance, larger is better.
    pub score: f64,
}

impl Store {
    /// Waits up to `ms` milliseconds for another connection's write lock
    /// instead of failing at once (a server has several connections).
    pub fn set_busy_timeout(&self, ms: u64) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(_) => return Ok(()),
        };

        c.busy_timeout(std::time::Duration::from_millis(ms))?;
        Ok(())
    }

    /// Whether this connection is known to be lost for good (a PostgreSQL
    /// server that restarted or ended the session): the holder should open
    /// another. Costs nothing; an SQLite connection never is.
    pub fn is_broken(&self) -> bool {
        match self.backend() {
            Ok(_) => false,
            Err(pg) => pg.is_closed(),
        }
    }

    /// Whether this connection still answers: asks a PostgreSQL server
    /// (after a failure: the client may not yet have noticed the server
    /// ended the session when the failing query returns).
    pub fn answers(&self) -> bool {
        match self.backend() {
            Ok(_) => true,
            Err(pg) => !pg.is_closed() && pg.ping(),
        }
    }

    /// Live stories passing `filter`, newest activity first (see
    /// [`ACTIVITY_ORDER`]), `limit` of them after skipping `offset`.
    pub fn story_page(
        &self,
        filter: &StoryFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoryId>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.story_page(filter, offset, limit),
        };

        let mut stmt = c.prepare_cached(&format!(
            "SELECT s.id FROM stories s WHERE s.merged_into IS NULL
               AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id AND a.current = 1
                   AND (?1 IS NULL OR coalesce(a.outlet, ?6) = ?1)
                   AND (?2 IS NULL OR a.published >= ?2)
                   AND (?3 IS NULL OR a.published < ?3))
             ORDER BY {ACTIVITY_ORDER} LIMIT ?4 OFFSET ?5"
        ))?;
        let clamp = |n: u64| n.min(i64::MAX as u64) as i64;
        let rows = stmt.query_map(
            params![
                filter.outlet,
                filter.from,
                filter.until,
                clamp(limit),
                clamp(offset),
                UNKNOWN_OUTLET
            ],
            |r| Ok(r.get::<_, i64>(0)? as StoryId),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest article `seq`: it grows with every stored article, so
    /// it tells a reader whether the store changed.
    pub fn max_seq(&self) -> Result<i64> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.max_seq(),
        };

        Ok(
            c.prepare_cached("SELECT coalesce(max(seq), 0) FROM articles")?
                .query_row([], |r| r.get(0))?,
        )
    }

    /// Stories that received an article after `seq`, with the `seq` of
    /// their latest one (so a server can tell which story pages changed).
    pub fn stories_changed_since(&self, seq: i64) -> Result<Vec<(StoryId, i64)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.stories_changed_since(seq),
        };

        let mut stmt =
            c.prepare_cached("SELECT id, updated_seq FROM stories WHERE updated_seq > ?1")?;
        let rows = stmt.query_map([seq], |r| Ok((r.get::<_, i64>(0)? as StoryId, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many stories have been merged into others.
    pub fn merged_count(&self) -> Result<i64> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.merged_count(),
        };

        Ok(
            c.prepare_cached("SELECT count(*) FROM stories WHERE merged_into IS NOT NULL")?
                .query_row([], |r| r.get(0))?,
        )
    }

    /// Outlets with their numbers of current articles, most articles first.
    pub fn outlets(&self) -> Result<Vec<(String, i64)>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.outlets(),
        };

        let mut stmt = c.prepare_cached(
            "SELECT coalesce(outlet, ?1), count(*) FROM articles WHERE current = 1
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 500",
        )?;
        let rows = stmt.query_map([UNKNOWN_OUTLET], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` stored article versions not yet in the search index, in
    /// arrival order.
    pub fn unindexed(&self, limit: usize) -> Result<Vec<StoredArticle>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.unindexed(limit),
        };

        let mut stmt = c.prepare_cached(&format!(
            "{SELECT} WHERE seq > (SELECT coalesce(max(indexed_seq), 0) FROM search_state)
             ORDER BY seq LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], row_to_article)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds normalized (title, body) terms for article versions (by `seq`) to
    /// the search index and records that everything up to `through` is in it,
    /// in one transaction.
    /// Entries another connection indexed meanwhile are skipped, so two
    /// processes (or threads) bringing the index up at once do not collide.
    pub fn put_index(&self, entries: &[(i64, String, String)], through: i64) -> Result<()> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.put_index(entries, through),
        };

        // IMMEDIATE: take the write lock before reading how far the index
        // reaches, so the check and the inserts see the same state.
        let tx = rusqlite::Transaction::new_unchecked(c, rusqlite::TransactionBehavior::Immediate)?;
        {
            let done: i64 = tx
                .prepare_cached("SELECT coalesce(max(indexed_seq), 0) FROM search_state")?
                .query_row([], |r| r.get(0))?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO search_index (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            for (seq, title, body) in entries.iter().filter(|e| e.0 > done) {
                insert.execute(params![seq, title, body])?;
            }
            tx.prepare_cached(
                "INSERT INTO search_state (id, indexed_seq) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET indexed_seq = max(indexed_seq, excluded.indexed_seq)",
            )?
            .execute([through])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Current articles matching an FTS5 query over normalized terms, best
    /// first (BM25, a title match weighing twice a body match).
    pub fn search(&self, fts_query: &str, offset: u64, limit: u64) -> Result<Vec<SearchHit>> {
        let c = match self.backend() {
            Ok(c) => c,
            Err(pg) => return pg.search(fts_query, offset, limit),
        };

        // Rank first, reading only `current` of each matching article (it
        // sits before the text in the row, so long texts are not read), then
        // load the page's articles whole.
        let mut stmt = c.prepare_cached(
            "SELECT s.rowid, bm25(search_index, 2.0, 1.0) AS rank
             FROM search_index s JOIN articles a ON a.seq = s.rowid
             WHERE search_index MATCH ?1 AND a.current = 1
             ORDER BY rank, s.rowid LIMIT ?2 OFFSET ?3",
        )?;
        let ranked = stmt
            .query_map(params![fts_query, limit as i64, offset as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut load = c.prepare_cached(&format!("{SELECT} WHERE seq = ?1"))?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (seq, rank) in ranked {
            hits.push(SearchHit {
                article: load.query_row([seq], row_to_article)?,
                score: -rank,
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewArticle;
    use marsad_core::Article;

    fn add(store: &Store, id: &str, outlet: &str, story: StoryId, text: &str) -> i64 {
        let mut a = Article::new(id, format!("{id}.txt"), text);
        a.outlet = Some(outlet.into());
        let version = store.known(id).unwrap().map_or(1, |k| k.version + 1);
        store
            .insert(&NewArticle {
                article: &a,
                version,
                hash: a.content_hash(),
                copy_of: None,
                story,
                explanation: "{}",
                dropped: "[]",
            })
            .unwrap()
    }

    #[test]
    fn index_answers_current_versions_only_and_pages_filter_by_outlet() {
        let dir = tempfile::tempdir().unwrap();
        for t in crate::testing::test_stores(dir.path(), "t.db") {
            index_on(&Store::open(&t.db).unwrap());
        }
    }

    fn index_on(store: &Store) {
        add(store, "a", "ص1", 1, "one");
        add(store, "b", "ص2", 2, "two");
        let pending = store.unindexed(10).unwrap();
        assert_eq!(pending.len(), 2);
        let entries: Vec<_> = pending
            .iter()
            .map(|s| (s.seq, String::new(), s.article.text.clone()))
            .collect();
        store.put_index(&entries, pending[1].seq).unwrap();
        // A second indexer with the same entries adds nothing twice.
        store.put_index(&entries, pending[1].seq).unwrap();
        assert!(store.unindexed(10).unwrap().is_empty());
        assert_eq!(store.search("\"one\"", 0, 10).unwrap().len(), 1);
        assert_eq!(store.search("\"two\"", 0, 10).unwrap().len(), 1);
        // A new version of "a" supersedes the indexed one.
        let seq = add(store, "a", "ص1", 1, "three");
        assert_eq!(store.unindexed(10).unwrap()[0].seq, seq);
        assert!(store.search("\"one\"", 0, 10).unwrap().is_empty());

        let only = |outlet: &str| StoryFilter {
            outlet: Some(outlet.into()),
            ..StoryFilter::default()
        };
        assert_eq!(store.story_page(&only("ص2"), 0, 10).unwrap(), vec![2]);
        assert_eq!(
            store.story_page(&StoryFilter::default(), 0, 10).unwrap(),
            vec![1, 2]
        );
        assert_eq!(
            store.story_page(&StoryFilter::default(), 1, 10).unwrap(),
            vec![2]
        );
        assert_eq!(store.outlets().unwrap().len(), 2);
    }
}
