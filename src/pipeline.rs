//! The coordinating stage: each ingested article is cleaned (line rules,
//! then the corpus-level repeated-line rule), checked against the store
//! (unchanged, new version, exact or near copy), analysed, clustered, and
//! stored with its cleaning and the explanation of where it went.

use std::path::Path;

use anyhow::{Context, Result};
use marsad_cluster::{Clusterer, Explanation, Params, StoryId};
use marsad_core::Article;
use marsad_dedup::{NearCopies, Signature};
use marsad_ingest::{clean, Cleaned, RepeatedLines};
use marsad_store::{NewArticle, Store};
use marsad_text::numbers::label_in_arabic;
use marsad_text::{surface_forms, Analysis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// How many articles go into one store transaction.
const BATCH: usize = 500;

/// A text needs this many words to count as an exact copy.
const MIN_EXACT_COPY_WORDS: usize = 5;

/// The word 5-shingle Jaccard similarity from which a text is a near copy.
const NEAR_COPY_JACCARD: f32 = 0.8;

/// How many stored articles are analysed together when a store is reopened.
const REPLAY_CHUNK: usize = 2048;

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

/// The decision recorded with each stored article, shown by `--explain`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Decision {
    /// The story the article went into when it arrived.
    pub story: StoryId,
    /// True when the article opened that story.
    pub opened: bool,
    /// The id of the article it is an exact or near copy of, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
    /// For a near copy, the Jaccard similarity of the two texts' word
    /// 5-shingles (an exact copy has none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub near_copy: Option<f32>,
    /// Every earlier article this one nearly copies (word 5-shingle Jaccard
    /// ≥ 0.8), with the Jaccard similarity, earliest first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub near_copies: Vec<(String, f32)>,
    /// The id of the earlier article it matched best.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_article: Option<String>,
    /// Stories merged into `story` when this article arrived.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged: Vec<StoryId>,
    #[serde(flatten)]
    pub explanation: Explanation,
}

/// Shows an explanation's shared terms and names as the article writes
/// them, and its anchors in words, instead of matching keys.
pub fn readable(e: &mut Explanation, article: &Article) {
    let text = format!("{}\n{}", article.title, article.text);
    e.shared_terms = surface_forms(&text, &e.shared_terms);
    e.shared_names = surface_forms(&text, &e.shared_names);
    e.shared_anchors = e
        .shared_anchors
        .iter()
        .map(|l| label_in_arabic(l))
        .collect();
}

/// What the matcher needs of a stored article, from the cleaning stored
/// with it.
pub fn analyze_stored(s: &marsad_store::StoredArticle) -> Analysis {
    analyze_cleaned(&s.article, &stored_cleaning(s))
}

/// An article's cleaning as stored with it.
fn stored_cleaning(s: &marsad_store::StoredArticle) -> Cleaned {
    let rows: Vec<(usize, usize, marsad_ingest::Reason)> =
        serde_json::from_str(&s.dropped).unwrap_or_default();
    let dropped = rows
        .into_iter()
        .map(|(a, b, r)| (marsad_core::Span::new(a, b), r))
        .collect();
    Cleaned::from_dropped(&s.article.text, dropped)
}

/// The dropped lines as stored: `[[start, end, "reason"], …]`.
fn dropped_json(cleaned: &Cleaned) -> String {
    let rows: Vec<(usize, usize, marsad_ingest::Reason)> = cleaned
        .dropped
        .iter()
        .map(|(s, r)| (s.start, s.end, *r))
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

/// A store with its clusterer, ready to take articles.
pub struct Pipeline {
    pub store: Store,
    pub clusterer: Clusterer,
    /// Near-copy index, aligned with the clusterer's arrival indices.
    copies: NearCopies,
    /// Per-outlet counts of short lines, for the corpus-level boilerplate rule.
    repeated: RepeatedLines,
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
        let mut copies = NearCopies::new(NEAR_COPY_JACCARD);
        let mut repeated = RepeatedLines::new();
        let mut ids = Vec::new();
        // Analysis is the costly part of a replay: run it on all cores in
        // chunks, then restore in arrival order.
        let mut chunk: Vec<marsad_store::StoredArticle> = Vec::with_capacity(REPLAY_CHUNK);
        let mut replay = |chunk: &mut Vec<marsad_store::StoredArticle>, c: &mut Clusterer| {
            // The cleaning as it was stored (the corpus-level rule depended on
            // the articles before), not recomputed.
            let analyses: Vec<Analysis> = chunk.par_iter().map(analyze_stored).collect();
            for (s, analysis) in chunk.drain(..).zip(analyses) {
                let time = s.article.published.map(|t| t.timestamp());
                repeated.observe(s.article.outlet_or_source(), time, &s.article.text);
                c.restore(
                    &analysis,
                    s.article.published.map(|t| t.timestamp()),
                    s.story,
                );
                copies.insert(&analysis.shingles);
                ids.push(s.article.id);
            }
        };
        store.for_each_article(|s| {
            chunk.push(s);
            if chunk.len() == REPLAY_CHUNK {
                replay(&mut chunk, &mut clusterer);
            }
        })?;
        replay(&mut chunk, &mut clusterer);
        for (from, into) in store.redirects()? {
            clusterer.restore_redirect(from, into);
        }
        Ok(Pipeline {
            store,
            clusterer,
            copies,
            repeated,
            ids,
            pending: 0,
        })
    }

    /// The article id behind a clusterer arrival index.
    pub fn article_id(&self, index: usize) -> Option<&str> {
        self.ids.get(index).map(String::as_str)
    }

    /// Takes a batch of articles through dedup, clustering and storage, in
    /// order; their analysis runs in parallel first.
    pub fn ingest_batch(&mut self, articles: &[Article]) -> Result<Vec<Outcome>> {
        // Articles already stored as they are need no analysis. An id seen
        // earlier in the batch is checked again when its turn comes, since
        // the earlier one will be stored by then.
        let mut checks = Vec::with_capacity(articles.len());
        let mut seen = std::collections::HashSet::new();
        for a in articles {
            checks.push((self.check(a)?, !seen.insert(a.id.as_str())));
        }
        let copies = &self.copies;
        let analyses: Vec<Option<(Analysis, Cleaned, Signature)>> = articles
            .par_iter()
            .zip(&checks)
            .map(|(a, (check, again))| {
                (*again || matches!(check, Check::New { .. })).then(|| {
                    let cleaned = clean(&a.text);
                    let analysis = analyze_cleaned(a, &cleaned);
                    let signature = copies.signature(&analysis.shingles);
                    (analysis, cleaned, signature)
                })
            })
            .collect();
        let mut outcomes = Vec::with_capacity(articles.len());
        for ((a, (check, again)), analysis) in articles.iter().zip(checks).zip(analyses) {
            let check = if again { self.check(a)? } else { check };
            outcomes.push(match (check, analysis) {
                (Check::Unchanged(outcome), _) => outcome,
                (Check::New { version }, Some((analysis, cleaned, signature))) => {
                    self.ingest_analyzed(a, version, analysis, cleaned, signature)?
                }
                (Check::New { .. }, None) => unreachable!("every new article is analysed"),
            });
        }
        Ok(outcomes)
    }

    /// Takes one article through dedup, clustering and storage.
    pub fn ingest(&mut self, article: &Article) -> Result<Outcome> {
        match self.check(article)? {
            Check::Unchanged(outcome) => Ok(outcome),
            Check::New { version } => {
                let cleaned = clean(&article.text);
                let analysis = analyze_cleaned(article, &cleaned);
                let signature = self.copies.signature(&analysis.shingles);
                self.ingest_analyzed(article, version, analysis, cleaned, signature)
            }
        }
    }

    /// What the store already has of this article: the same content (nothing
    /// to do), or the version number the article would be stored as.
    fn check(&self, article: &Article) -> Result<Check> {
        Ok(match self.store.known(&article.id)? {
            Some(k) if k.hash == article.content_hash().to_hex() => {
                Check::Unchanged(Outcome::Unchanged {
                    story: self.clusterer.resolve(k.story),
                })
            }
            Some(k) => Check::New {
                version: k.version + 1,
            },
            None => Check::New { version: 1 },
        })
    }

    fn ingest_analyzed(
        &mut self,
        article: &Article,
        version: i64,
        mut analysis: Analysis,
        mut cleaned: Cleaned,
        mut signature: Signature,
    ) -> Result<Outcome> {
        let (outlet, time) = (
            article.outlet_or_source(),
            article.published.map(|t| t.timestamp()),
        );
        // Lines this outlet keeps repeating go too; the text is analysed
        // again only when that changed it.
        if self
            .repeated
            .apply(outlet, time, &article.text, &mut cleaned)
            > 0
        {
            analysis = analyze_cleaned(article, &cleaned);
            signature = self.copies.signature(&analysis.shingles);
        }
        self.repeated.observe(outlet, time, &article.text);
        let analysis = &analysis;
        let hash = article.content_hash();
        if self.pending == 0 {
            self.store.begin()?;
        }
        // Empty and near-empty texts are not copies of each other, whatever
        // their titles: they all hash alike (a daily "caricature" post is an
        // image with a title and no text).
        let telling = analysis.words >= MIN_EXACT_COPY_WORDS;
        let exact = match telling {
            true => self
                .store
                .by_hash(hash)?
                .filter(|(id, _)| *id != article.id),
            false => None,
        };
        let matches = self.copies.find_all_signed(&signature, &analysis.shingles);
        let near = match exact {
            Some(_) => None,
            None => matches.first().copied(),
        };
        let near_all: Vec<(String, f32)> = matches
            .into_iter()
            .filter_map(|m| Some((self.ids.get(m.index)?.clone(), m.jaccard)))
            .filter(|(id, _)| *id != article.id)
            .collect();
        let original = match (exact, near) {
            (Some((id, story)), _) => Some((id, story, None)),
            (None, Some(m)) => self.ids.get(m.index).map(|id| {
                (
                    id.clone(),
                    self.clusterer.story_of(m.index),
                    Some(m.jaccard),
                )
            }),
            (None, None) => None,
        };
        let decision = match original {
            // A copy goes where its original is, whatever the score.
            Some((original, story, jaccard)) => {
                let story = self.clusterer.resolve(story);
                self.clusterer.restore(analysis, time, story);
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
                let mut a = self.clusterer.add(analysis, time);
                readable(&mut a.explanation, article);
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
                    near_copy: None,
                    near_copies: near_all,
                }
            }
        };
        self.copies.insert_signed(&signature, &analysis.shingles);
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
                dropped: &dropped_json(&cleaned),
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
