//! The coordinating stage: each ingested article is checked against the
//! store (unchanged, new version, exact copy), analysed, clustered, and
//! stored with the explanation of where it went.

use std::path::Path;

use anyhow::{Context, Result};
use marsad_cluster::{Clusterer, Explanation, Params, StoryId};
use marsad_core::Article;
use marsad_store::{NewArticle, Store};
use marsad_text::Analysis;
use serde::{Deserialize, Serialize};

/// How many articles go into one store transaction.
const BATCH: usize = 500;

/// What became of one ingested article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new article (or a new version of one) that went into a story.
    Added { story: StoryId, opened: bool },
    /// The same id with the same content was already stored: nothing added.
    Unchanged { story: StoryId },
}

/// The decision recorded with each stored article, shown by `--explain`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Decision {
    /// The story the article went into when it arrived.
    pub story: StoryId,
    /// True when the article opened that story.
    pub opened: bool,
    /// The id of the article it is an exact copy of, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
    /// The id of the earlier article it matched best.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_article: Option<String>,
    /// Stories merged into `story` when this article arrived.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged: Vec<StoryId>,
    #[serde(flatten)]
    pub explanation: Explanation,
}

/// A store with its clusterer, ready to take articles.
pub struct Pipeline {
    pub store: Store,
    pub clusterer: Clusterer,
    /// Article id of each clusterer arrival index.
    ids: Vec<String>,
    pending: usize,
}

impl Pipeline {
    /// Opens the store and replays its articles into a fresh clusterer, in
    /// arrival order, with the stories they already have.
    pub fn open(db: &Path, params: Params) -> Result<Pipeline> {
        let store = Store::open(db)?;
        let mut clusterer = Clusterer::new(params);
        let mut ids = Vec::new();
        store.for_each_article(|s| {
            let a = &s.article;
            let analysis = Analysis::new(&a.title, a.body());
            clusterer.restore(&analysis, a.published.map(|t| t.timestamp()), s.story);
            ids.push(s.article.id);
        })?;
        for (from, into) in store.redirects()? {
            clusterer.restore_redirect(from, into);
        }
        Ok(Pipeline {
            store,
            clusterer,
            ids,
            pending: 0,
        })
    }

    /// The article id behind a clusterer arrival index.
    pub fn article_id(&self, index: usize) -> Option<&str> {
        self.ids.get(index).map(String::as_str)
    }

    /// Takes one article through dedup, clustering and storage.
    pub fn ingest(&mut self, article: &Article) -> Result<Outcome> {
        let hash = article.content_hash();
        let known = self.store.known(&article.id)?;
        if let Some(k) = &known {
            if k.hash == hash.to_hex() {
                let stored = self.store.article(&article.id)?;
                let story = stored.map(|s| s.story).unwrap_or_default();
                return Ok(Outcome::Unchanged { story });
            }
        }
        if self.pending == 0 {
            self.store.begin()?;
        }
        let version = known.map_or(1, |k| k.version + 1);
        let analysis = Analysis::new(&article.title, article.body());
        let time = article.published.map(|t| t.timestamp());
        let copy = self.store.by_hash(hash)?.filter(|(id, _)| *id != article.id);
        let decision = match copy {
            // An exact copy goes where its original is, whatever the score.
            Some((original, story)) => {
                let story = self.clusterer.resolve(story);
                self.clusterer.restore(&analysis, time, story);
                Decision {
                    story,
                    copy_of: Some(original.clone()),
                    nearest_article: Some(original),
                    explanation: Explanation {
                        score: Some(1.0),
                        threshold: self.clusterer.params().threshold,
                        ..Default::default()
                    },
                    ..Default::default()
                }
            }
            None => {
                let a = self.clusterer.add(&analysis, time);
                for &m in &a.merged {
                    self.store.merge(m, a.story)?;
                }
                Decision {
                    story: a.story,
                    opened: a.opened,
                    nearest_article: a.explanation.nearest.and_then(|i| self.ids.get(i).cloned()),
                    merged: a.merged,
                    explanation: a.explanation,
                    copy_of: None,
                }
            }
        };
        self.ids.push(article.id.clone());
        let explanation = serde_json::to_string(&decision)?;
        self.store
            .insert(&NewArticle {
                article,
                version,
                hash,
                copy_of: decision.copy_of.as_deref(),
                story: decision.story,
                explanation: &explanation,
            })
            .with_context(|| format!("storing {}", article.id))?;
        self.pending += 1;
        if self.pending >= BATCH {
            self.flush()?;
        }
        Ok(Outcome::Added {
            story: decision.story,
            opened: decision.opened,
        })
    }

    /// Commits the open batch.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending > 0 {
            self.store.commit()?;
            self.pending = 0;
        }
        Ok(())
    }
}
