//! Story views for the terminal and for JSON (shapes documented in README.md).

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use marsad_cluster::StoryId;
use marsad_store::{Store, StoredArticle};
use serde_json::{json, Value};

use crate::pipeline::{Decision, Pipeline};

/// A story as shown: its headline and current articles in arrival order.
pub struct StoryView {
    pub id: StoryId,
    pub headline: String,
    pub articles: Vec<StoredArticle>,
}

impl StoryView {
    pub fn outlets(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .articles
            .iter()
            .map(|a| a.article.outlet_or_source())
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
        views.push(StoryView {
            id,
            headline: headline(&articles),
            articles,
        });
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
        .map(|(id, articles)| StoryView {
            id,
            headline: headline(&articles),
            articles,
        })
        .collect())
}

/// The most central title, cleaned (see `marsad_synth::headline`): the same
/// headline in listings, story views and syntheses.
fn headline(articles: &[StoredArticle]) -> String {
    let titles: Vec<&str> = articles.iter().map(|a| a.article.title.as_str()).collect();
    let first_text = articles.first().map_or("", |a| a.article.text.as_str());
    marsad_synth::headline_of(&titles, first_text)
}

fn time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

fn article_json(a: &StoredArticle, explain: bool) -> Value {
    let x = &a.article;
    let mut v = json!({
        "id": x.id,
        "source": x.source,
        "outlet": x.outlet_or_source(),
        "title": x.title,
        "url": x.url,
        "published": time(x.published),
        "copy_of": a.copy_of,
    });
    if explain {
        v["explanation"] =
            serde_json::to_value(crate::pipeline::stored_decision(a)).unwrap_or(Value::Null);
    }
    v
}

pub fn story_json(s: &StoryView, explain: bool) -> Value {
    let span = s.span();
    json!({
        "id": s.id,
        "headline": s.headline,
        "outlets": s.outlets(),
        "first_published": time(span.map(|s| s.0)),
        "last_published": time(span.map(|s| s.1)),
        "articles": s.articles.iter().map(|a| article_json(a, explain)).collect::<Vec<_>>(),
    })
}

pub fn print_stories_json(out: &mut impl Write, views: &[StoryView]) -> Result<()> {
    let v = json!({ "stories": views.iter().map(|s| story_json(s, false)).collect::<Vec<_>>() });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}

pub fn print_story_json(
    out: &mut impl Write,
    view: &StoryView,
    asked: StoryId,
    explain: bool,
    synthesis: Option<&marsad_synth::Synthesis>,
) -> Result<()> {
    let v = story_value(view, asked, explain, synthesis)?;
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
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

fn shown_title(a: &marsad_core::Article) -> &str {
    if a.title.is_empty() {
        "(untitled)"
    } else {
        &a.title
    }
}

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "undated".into(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn story_header(out: &mut impl Write, s: &StoryView) -> Result<()> {
    let outlets = s.outlets();
    let span = match s.span() {
        Some((a, b)) if a.date_naive() == b.date_naive() => a.format("%Y-%m-%d").to_string(),
        Some((a, b)) => format!("{} – {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        None => "undated".into(),
    };
    writeln!(
        out,
        "story {} · {} article{} · {} outlet{} · {}",
        s.id,
        s.articles.len(),
        if s.articles.len() == 1 { "" } else { "s" },
        outlets.len(),
        if outlets.len() == 1 { "" } else { "s" },
        span
    )?;
    writeln!(out, "  {}", s.headline)?;
    Ok(())
}

pub fn print_stories(out: &mut impl Write, views: &[StoryView]) -> Result<()> {
    for s in views {
        story_header(out, s)?;
        writeln!(out, "  {}", s.outlets().join(" · "))?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn print_story(out: &mut impl Write, s: &StoryView, explain: bool) -> Result<()> {
    story_header(out, s)?;
    writeln!(out)?;
    for a in &s.articles {
        let x = &a.article;
        writeln!(out, "• {}", shown_title(x))?;
        writeln!(
            out,
            "  {} · {} · {}",
            x.outlet_or_source(),
            day(x.published),
            x.id
        )?;
        if explain {
            let d = crate::pipeline::stored_decision(a);
            writeln!(out, "  why: {}", describe(&d))?;
        }
    }
    Ok(())
}

fn describe(d: &Decision) -> String {
    let e = &d.explanation;
    if let Some(orig) = &d.copy_of {
        return format!("exact copy of {orig}");
    }
    if d.opened {
        let near = e
            .alternatives
            .first()
            .map(|(s, v)| format!("; nearest was story {s} at {v:.3}"))
            .unwrap_or_default();
        return format!(
            "opened the story (no story reached {:.2}{near}){}",
            e.threshold,
            conflicts(e)
        );
    }
    let mut s = format!(
        "score {:.3} ≥ {:.2} against {}",
        e.score.unwrap_or(0.0),
        e.threshold,
        d.nearest_article.as_deref().unwrap_or("?")
    );
    if let Some(p) = &e.parts {
        s.push_str(&format!(" [{}]", parts(p)));
    }
    if !e.shared_terms.is_empty() {
        s.push_str(&format!("; shared terms: {}", e.shared_terms.join("، ")));
    }
    if !e.shared_names.is_empty() {
        s.push_str(&format!("; names: {}", e.shared_names.join("، ")));
    }
    if !e.shared_anchors.is_empty() {
        s.push_str(&format!("; anchors: {}", e.shared_anchors.join(" ")));
    }
    s.push_str(&conflicts(e));
    if !d.merged.is_empty() {
        let m: Vec<String> = d.merged.iter().map(|x| x.to_string()).collect();
        s.push_str(&format!("; merged stories {}", m.join(", ")));
    }
    s
}

/// The anchors in which the two leads differ, e.g. "; conflicting anchors: الرابع ≠ الخامس".
fn conflicts(e: &marsad_cluster::Explanation) -> String {
    if e.conflicting_anchors.is_empty() {
        return String::new();
    }
    let sides: Vec<String> = e
        .conflicting_anchors
        .iter()
        .map(|(a, b)| format!("{} ≠ {}", a.join(" "), b.join(" ")))
        .collect();
    format!("; conflicting anchors: {}", sides.join("، "))
}

fn parts(p: &marsad_cluster::Similarity) -> String {
    let mut v = vec![format!("body {:.2}", p.body)];
    let opt = |name: &str, x: Option<f32>, v: &mut Vec<String>| {
        if let Some(x) = x {
            v.push(format!("{name} {x:.2}"));
        }
    };
    opt("title", p.title, &mut v);
    opt("names", p.names, &mut v);
    opt("anchors", p.anchors, &mut v);
    opt("sentences", p.sentences, &mut v);
    opt("days", p.days, &mut v);
    opt("conflict", p.conflict, &mut v);
    v.join(", ")
}

/// Why an article is in its story, and how it scores now against the
/// nearest other stories (and why that is not enough).
pub fn explain_article(out: &mut impl Write, p: &Pipeline, id: &str, json: bool) -> Result<()> {
    let stored = p
        .store
        .article(id)?
        .with_context(|| format!("no article {id:?} in the store"))?;
    let a = &stored.article;
    let decision = crate::pipeline::stored_decision(&stored);
    let terms = marsad_cluster::Terms::new(&crate::pipeline::analyze_stored(&stored));
    let time = a.published.map(|t| t.timestamp());
    let own = p.clusterer.resolve(stored.story);
    let others: Vec<_> = p
        .clusterer
        .nearest_stories(&terms, time)
        .into_iter()
        .filter(|s| s.story != own)
        .take(3)
        .collect();
    let threshold = p.clusterer.params().threshold;
    if json {
        let near: Vec<Value> = others
            .iter()
            .map(|s| {
                let mut e = p.clusterer.compare(&terms, time, s.member);
                crate::pipeline::readable(&mut e, a);
                json!({
                    "story": s.story,
                    "score": s.score,
                    "threshold": threshold,
                    "nearest_article": p.article_id(s.member),
                    "parts": s.parts,
                    "shared_terms": e.shared_terms,
                    "shared_names": e.shared_names,
                    "shared_anchors": e.shared_anchors,
                    "conflicting_anchors": e.conflicting_anchors,
                })
            })
            .collect();
        let v = json!({
            "article": a.id,
            "story": own,
            "decision": decision,
            "nearest_other_stories": near,
        });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", a.title)?;
    writeln!(out, "  {} · {}", a.outlet_or_source(), a.id)?;
    writeln!(out, "in story {own}: {}", describe(&decision))?;
    if others.is_empty() {
        writeln!(
            out,
            "no other story shares its telling terms within the time window"
        )?;
    }
    for s in &others {
        let mut e = p.clusterer.compare(&terms, time, s.member);
        crate::pipeline::readable(&mut e, a);
        // Scores move as the store grows (document frequencies change), so a
        // story may score above the threshold now that did not when the
        // article arrived; say so rather than claim it is below.
        let verdict = if s.score < threshold {
            format!("best score {:.3} < {threshold:.2}", s.score)
        } else {
            format!(
                "best score now {:.3} ≥ {threshold:.2}, but it was lower when the article arrived",
                s.score
            )
        };
        writeln!(
            out,
            "not story {}: {verdict} (against {}) [{}]",
            s.story,
            p.article_id(s.member).unwrap_or("?"),
            parts(&s.parts)
        )?;
        if !e.shared_terms.is_empty() {
            writeln!(out, "  shared terms: {}", e.shared_terms.join("، "))?;
        }
        let c = conflicts(&e);
        if let Some(c) = c.strip_prefix("; ") {
            writeln!(out, "  {c}")?;
        }
    }
    Ok(())
}

/// One article with its cleaning: the kept text and each dropped line with
/// its reason, as spans of the original text.
pub fn print_article(
    out: &mut impl Write,
    a: &StoredArticle,
    story: StoryId,
    json: bool,
) -> Result<()> {
    let x = &a.article;
    let dropped: Vec<(usize, usize, String)> = serde_json::from_str(&a.dropped).unwrap_or_default();
    let in_text = |s: usize, e: usize| x.text.get(s..e).unwrap_or("");
    if json {
        let v = article_value(a, story);
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", shown_title(x))?;
    writeln!(
        out,
        "  {} · {} · story {story}",
        x.outlet_or_source(),
        day(x.published)
    )?;
    writeln!(out, "  {}", x.source)?;
    if let Some(c) = &a.copy_of {
        writeln!(out, "  exact copy of {c}")?;
    }
    writeln!(out)?;
    let mut cut = 0;
    let mut kept = String::new();
    for (s, e, _) in &dropped {
        kept.push_str(x.text.get(cut..*s).unwrap_or(""));
        cut = *e;
    }
    kept.push_str(x.text.get(cut..).unwrap_or(""));
    for line in kept.lines().map(str::trim).filter(|l| !l.is_empty()) {
        writeln!(out, "{line}")?;
    }
    if !dropped.is_empty() {
        writeln!(out)?;
        writeln!(out, "dropped as boilerplate:")?;
        for (s, e, r) in &dropped {
            writeln!(out, "  [{r}] {}", in_text(*s, *e))?;
        }
    }
    Ok(())
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
