//! Stories and articles as shown: loaded from the store, and as JSON (the
//! shapes of `--json` and the API, documented in README.md and docs/).

use std::collections::BTreeSet;

use anyhow::Result;
use chrono::{DateTime, Utc};
use marsad_cluster::StoryId;
use marsad_store::{Store, StoredArticle};
use serde_json::{json, Value};

/// A story as shown: its headline and current articles in arrival order.
/// Exact copies (the same title and text under another id: the same file
/// under another path, a re-post) are shown once, with where else they are.
pub struct StoryView {
    pub id: StoryId,
    pub headline: String,
    /// One article per content, the first to arrive.
    pub articles: Vec<StoredArticle>,
    /// The exact copies left out of `articles`: (the id shown, the copy).
    pub copies: Vec<(String, StoredArticle)>,
}

/// Splits a story's articles into the first of each content and the
/// later exact copies, each with the id of the article it repeats.
fn split_copies(all: Vec<StoredArticle>) -> (Vec<StoredArticle>, Vec<(String, StoredArticle)>) {
    let mut first: std::collections::HashMap<String, String> = Default::default();
    let (mut articles, mut copies) = (Vec::new(), Vec::new());
    for a in all {
        match first.get(&a.hash) {
            Some(id) => copies.push((id.clone(), a)),
            None => {
                first.insert(a.hash.clone(), a.article.id.clone());
                articles.push(a);
            }
        }
    }
    (articles, copies)
}

impl StoryView {
    fn new(id: StoryId, all: Vec<StoredArticle>) -> StoryView {
        let (articles, copies) = split_copies(all);
        StoryView {
            id,
            headline: headline(&articles),
            articles,
            copies,
        }
    }

    /// The exact copies of article `id` in this story.
    pub fn also_at<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a StoredArticle> + 'a {
        self.copies
            .iter()
            .filter(move |(of, _)| of == id)
            .map(|(_, c)| c)
    }

    pub fn outlets(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .articles
            .iter()
            .map(|a| a.article.outlet_shown())
            .collect();
        set.into_iter().collect()
    }

    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let times = self.articles.iter().filter_map(|a| a.article.published);
        let first = times.clone().min()?;
        Some((first, times.max()?))
    }
}

pub fn load_stories(store: &Store, ids: &[StoryId]) -> Result<Vec<StoryView>> {
    let mut views = Vec::new();
    for &id in ids {
        let articles = store.story_articles(id)?;
        if articles.is_empty() {
            continue;
        }
        views.push(StoryView::new(id, articles));
    }
    Ok(views)
}

/// [`load_stories`] for listings, which show headlines, outlets and times:
/// the articles come without their texts (see `Store::story_articles_brief`).
pub fn load_story_list(store: &Store, ids: &[StoryId]) -> Result<Vec<StoryView>> {
    use rayon::prelude::*;
    let mut stories = Vec::new();
    for &id in ids {
        let mut articles = store.story_articles_brief(id)?;
        if articles.iter().all(|a| a.article.title.trim().is_empty()) {
            // Untitled: the headline comes from the text.
            articles = store.story_articles(id)?;
        }
        if !articles.is_empty() {
            stories.push((id, articles));
        }
    }
    // Headlines compare titles word by word: on all cores for long lists.
    Ok(stories
        .into_par_iter()
        .map(|(id, articles)| StoryView::new(id, articles))
        .collect())
}

/// The most central title, cleaned (see `marsad_synth::headline`): the same
/// headline in listings, story views and syntheses.
fn headline(articles: &[StoredArticle]) -> String {
    let titles: Vec<&str> = articles.iter().map(|a| a.article.title.as_str()).collect();
    let first_text = articles.first().map_or("", |a| a.article.text.as_str());
    marsad_synth::headline_of(&titles, first_text)
}

pub fn time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

pub fn article_json(a: &StoredArticle, explain: bool) -> Value {
    let x = &a.article;
    let mut v = json!({
        "id": x.id,
        "source": x.source,
        "outlet": x.outlet_shown(),
        "title": x.title,
        "url": x.url,
        "published": time(x.published),
        "copy_of": a.copy_of,
    });
    if explain {
        v["explanation"] =
            serde_json::to_value(crate::decision::stored_decision(a)).unwrap_or(Value::Null);
    }
    v
}

/// Where else an article's exact copies are: id, source and URL of each.
fn also_at_json(s: &StoryView, id: &str) -> Value {
    s.also_at(id)
        .map(|c| json!({"id": c.article.id, "source": c.article.source, "url": c.article.url}))
        .collect()
}

pub fn story_json(s: &StoryView, explain: bool) -> Value {
    let span = s.span();
    let articles: Vec<Value> = s
        .articles
        .iter()
        .map(|a| {
            let mut v = article_json(a, explain);
            v["also_at"] = also_at_json(s, &a.article.id);
            v
        })
        .collect();
    json!({
        "id": s.id,
        "headline": s.headline,
        "outlets": s.outlets(),
        "first_published": time(span.map(|s| s.0)),
        "last_published": time(span.map(|s| s.1)),
        "articles": articles,
    })
}

/// The JSON of `marsad story ID --json` (also served by the API).
pub fn story_value(
    view: &StoryView,
    asked: StoryId,
    explain: bool,
    synthesis: Option<&marsad_synth::Synthesis>,
) -> Result<Value> {
    let mut v = story_json(view, explain);
    if let Some(s) = synthesis {
        v["synthesis"] = serde_json::to_value(s)?;
    }
    if asked != view.id {
        v["redirected_from"] = json!(asked);
    }
    Ok(v)
}

/// The JSON of `marsad article ID --json` (also served by the API): the
/// original `text`, the `cleaned` text (without the dropped lines) and each
/// dropped line with its reason, as a byte range into `text`.
pub fn article_value(a: &StoredArticle, story: StoryId) -> Value {
    let x = &a.article;
    let dropped: Vec<(usize, usize, String)> = serde_json::from_str(&a.dropped).unwrap_or_default();
    let in_text = |s: usize, e: usize| x.text.get(s..e).unwrap_or("");
    let mut cleaned = String::new();
    let mut cut = 0;
    for (s, e, _) in &dropped {
        cleaned.push_str(x.text.get(cut..*s).unwrap_or(""));
        cut = *e;
    }
    cleaned.push_str(x.text.get(cut..).unwrap_or(""));
    let mut v = article_json(a, false);
    v["story"] = json!(story);
    v["version"] = json!(a.version);
    v["text"] = json!(x.text);
    v["cleaned"] = json!(cleaned);
    v["title_span"] = json!(x.title_span.map(|s| [s.start, s.end]));
    v["dropped"] = dropped
        .iter()
        .map(|(s, e, r)| json!({"start": s, "end": e, "reason": r, "text": in_text(*s, *e)}))
        .collect();
    v
}
