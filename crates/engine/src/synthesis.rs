//! Story synthesis as the CLI serves it: made from the stored articles,
//! stored with the fingerprint of the article set (ids and versions), and
//! recomputed only when that fingerprint changes.

use anyhow::{Context, Result};
use marsad_cluster::StoryId;
use marsad_core::ui::{self, iso, tr};
use marsad_core::Span;
use marsad_store::{Store, StoredArticle};
use marsad_synth::{fingerprint, synthesize, Doc, Synthesis};

/// What synthesis reads of a stored article: its original text, minus the
/// lines cleaning dropped and the title line.
pub fn doc_of(a: &StoredArticle) -> Doc {
    let x = &a.article;
    let rows: Vec<(usize, usize, serde_json::Value)> =
        serde_json::from_str(&a.dropped).unwrap_or_default();
    let mut skip: Vec<Span> = rows.into_iter().map(|(s, e, _)| Span::new(s, e)).collect();
    skip.extend(x.title_span);
    Doc {
        id: x.id.clone(),
        outlet: x.outlet_shown().to_owned(),
        title: x.title.clone(),
        published: x.published,
        text: x.text.clone(),
        skip,
    }
}

/// The documents a synthesis is made of: one per content, so an exact copy
/// (the same file under another path, a re-post) does not count twice.
fn docs_of(articles: &[StoredArticle]) -> Vec<Doc> {
    let mut seen = std::collections::HashSet::new();
    articles
        .iter()
        .filter(|a| seen.insert(a.hash.as_str()))
        .map(doc_of)
        .collect()
}

/// The synthesis of a set of stored articles, computed now (not stored).
pub fn synthesize_articles(articles: &[StoredArticle]) -> Synthesis {
    synthesize(&docs_of(articles))
}

fn fingerprint_of(versions: &[(String, i64)]) -> String {
    let versions: Vec<(&str, String)> = versions
        .iter()
        .map(|(id, v)| (id.as_str(), v.to_string()))
        .collect();
    fingerprint(versions.iter().map(|(a, b)| (*a, b.as_str())))
}

/// A story's synthesis, from the store when its fingerprint is current,
/// else computed and stored. The flag says whether it was computed now.
pub fn synthesis(
    store: &Store,
    story: StoryId,
    articles: &[StoredArticle],
) -> Result<(Synthesis, bool)> {
    let (s, made) = stored_or_made(store, story, articles)?;
    if let Some(m) = &made {
        m.store(store)?;
    }
    Ok((s, made.is_some()))
}

/// A synthesis computed because the stored one was missing or stale, with
/// what storing it takes.
pub struct Made {
    pub story: StoryId,
    fingerprint: String,
    json: String,
}

impl Made {
    pub fn store(&self, store: &Store) -> Result<()> {
        store
            .put_synthesis(self.story, &self.fingerprint, &self.json)
            .with_context(|| format!("storing the synthesis of story {}", self.story))
    }
}

/// A story's synthesis, from the store when its fingerprint is current,
/// else computed; storing it is left to the caller (the server stores on one
/// thread, so that its readers never wait for the store's write lock).
pub fn stored_or_made(
    store: &Store,
    story: StoryId,
    articles: &[StoredArticle],
) -> Result<(Synthesis, Option<Made>)> {
    // The fingerprint of every current version, as `is_current` and
    // `synthesize_all` make it, whichever articles the caller holds.
    let fp = fingerprint_of(&store.story_versions(story)?);
    if let Some((stored_fp, json)) = store.synthesis(story)? {
        if stored_fp == fp {
            if let Ok(s) = serde_json::from_str::<Synthesis>(&json) {
                return Ok((s, None));
            }
        }
    }
    let s = synthesize(&docs_of(articles));
    let json = serde_json::to_string(&s)?;
    Ok((
        s,
        Some(Made {
            story,
            fingerprint: fp,
            json,
        }),
    ))
}

/// Whether a story's stored synthesis is current, from ids and versions
/// only (the texts are not read).
pub fn is_current(store: &Store, story: StoryId) -> Result<bool> {
    let versions = store.story_versions(story)?;
    Ok(match store.synthesis(story)? {
        Some((stored, _)) => stored == fingerprint_of(&versions),
        None => versions.is_empty(),
    })
}

/// Every story's synthesis brought up to date: (computed now, already current).
pub fn synthesize_all(store: &Store) -> Result<(Vec<StoryId>, usize)> {
    use rayon::prelude::*;
    /// Stories read, synthesized (in parallel) and stored (in one transaction) at a time.
    const CHUNK: usize = 256;
    let mut computed = Vec::new();
    let mut current = 0;
    let ids = store.story_ids()?;
    for chunk in ids.chunks(CHUNK) {
        // The stories whose stored synthesis is missing or stale.
        let mut stale: Vec<(StoryId, String, Vec<StoredArticle>)> = Vec::new();
        for &id in chunk {
            // Fingerprints from ids and versions only: current stories' texts are not read.
            let versions = store.story_versions(id)?;
            if versions.is_empty() {
                continue;
            }
            let fp = fingerprint_of(&versions);
            match store.synthesis(id)? {
                Some((stored, _)) if stored == fp => current += 1,
                _ => stale.push((id, fp, store.story_articles(id)?)),
            }
        }
        let made: Vec<(StoryId, String, String)> = stale
            .par_iter()
            .map(|(id, fp, articles)| {
                let json = serde_json::to_string(&synthesize(&docs_of(articles)))?;
                Ok((*id, fp.clone(), json))
            })
            .collect::<Result<_>>()?;
        store.begin()?;
        for (id, fp, json) in &made {
            store.put_synthesis(*id, fp, json)?;
            computed.push(*id);
        }
        store.commit()?;
    }
    Ok((computed, current))
}

/// The outlet of an article id, for showing (the id itself when the
/// article is not among `articles`).
pub fn outlet<'a>(articles: &'a [StoredArticle], id: &'a str) -> &'a str {
    articles
        .iter()
        .find(|a| a.article.id == id)
        .map_or(id, |a| a.article.outlet_shown())
}

pub fn outlets(articles: &[StoredArticle], ids: &[String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        let o = outlet(articles, id);
        if !seen.contains(&o) {
            seen.push(o);
        }
    }
    seen.iter()
        .map(|o| iso(o).into_owned())
        .collect::<Vec<_>>()
        .join(tr("، ", ", "))
}

/// One line of text as shown: white space (line breaks too) made single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The synthesis as text for the terminal, section by section.
pub fn print(
    out: &mut impl std::io::Write,
    s: &Synthesis,
    articles: &[StoredArticle],
) -> Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", ui::bold(tr("الملخص", "Summary")))?;
    for (i, x) in s.summary.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, one_line(&x.text))?;
        writeln!(out, "     ← {}", outlets(articles, &x.articles))?;
    }
    if !s.shared.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui::bold(tr("جمل مشتركة", "Shared sentences")))?;
        for x in s.shared.iter().take(8) {
            writeln!(out, "  • {}", one_line(&x.text))?;
            let who: Vec<String> = x.carriers.iter().map(|c| c.outlet.clone()).collect();
            let first = match &x.first {
                Some(f) => format!(
                    "{}{}",
                    tr("؛ الأسبق: ", "; first: "),
                    iso(outlet(articles, f))
                ),
                None => tr(
                    "؛ الأسبق: غير معروف (لا أوقات نشر تحسم)",
                    "; first: unknown (no publish times decide)",
                )
                .into(),
            };
            writeln!(out, "     ← {}{first}", who.join("، "))?;
        }
    }
    if !s.quotes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui::bold(tr("الأقوال", "Quotes")))?;
        for q in &s.quotes {
            let role = q
                .role
                .as_deref()
                .map(|r| format!(" ({})", one_line(r)))
                .unwrap_or_default();
            let kind = match q.kind.as_str() {
                "direct" => tr("نص مباشر", "direct"),
                "reported" => tr("كلام منقول", "reported"),
                _ => tr("مباشر ومنقول", "direct and reported"),
            };
            writeln!(out, "  • {}{role} — {kind}", q.speaker)?;
            writeln!(out, "    «{}»", one_line(&q.text))?;
            let mut via: Vec<String> = Vec::new();
            for v in &q.variants {
                if !v.via.is_empty() {
                    via.push(format!("{} عبر {}", v.outlet, v.via.join(" ← ")));
                }
            }
            writeln!(out, "     ← {}", outlets(articles, &q.articles))?;
            if !via.is_empty() {
                writeln!(
                    out,
                    "     {}: {}",
                    tr("سلسلة النقل", "relayed"),
                    via.join("؛ ")
                )?;
            }
        }
    }
    if !s.entities.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui::bold(tr("الكيانات", "Entities")))?;
        for (kind, label) in [
            (marsad_synth::EntityKind::Person, tr("أشخاص", "People")),
            (
                marsad_synth::EntityKind::Organization,
                tr("جهات", "Organizations"),
            ),
            (marsad_synth::EntityKind::Place, tr("أماكن", "Places")),
        ] {
            let list: Vec<&marsad_synth::Entity> = s
                .entities
                .iter()
                .filter(|e| e.kind == kind)
                .take(12)
                .collect();
            if list.is_empty() {
                continue;
            }
            writeln!(out, "  {label}:")?;
            for e in list {
                let mut line = format!("    • {}", e.name);
                if !e.roles.is_empty() {
                    line.push_str(&format!(
                        " — {}",
                        e.roles
                            .iter()
                            .map(|r| one_line(r))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ));
                }
                if !e.variants.is_empty() {
                    line.push_str(&format!(
                        " [{}: {}]",
                        tr("يُكتب أيضًا", "also written"),
                        e.variants.join("، ")
                    ));
                }
                line.push_str(&format!(" ← {}", outlets(articles, &e.articles)));
                writeln!(out, "{line}")?;
            }
        }
    }
    if !s.facts.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            ui::bold(tr("الأرقام والتواريخ مقارنةً", "Figures and dates compared"))
        )?;
        for f in &s.facts {
            let verdict = match f.verdict.as_str() {
                "differ" => tr("≠ تختلف", "≠ differ"),
                "updated" => tr("↗ تحدّث الرقم", "↗ updated"),
                "agree" => tr("= تتفق", "= agree"),
                "uncompared" => tr("؟ لا تقارن", "? not compared"),
                _ => tr("· مصدر واحد", "· one source"),
            };
            let happening = if f.happening.is_empty() {
                String::new()
            } else {
                format!(" — {}", f.happening)
            };
            writeln!(out, "  {verdict}: {}{happening}", f.what)?;
            // Value → the outlets giving it (with the source each names and,
            // where times tell the story, when it was published), then the
            // words each wrote it in.
            for group in f.by_value() {
                let who: Vec<String> = group
                    .iter()
                    .map(|v| {
                        let source = v
                            .source
                            .as_deref()
                            .map(|x| format!(" {} {x}", tr("بحسب", "according to")))
                            .unwrap_or_default();
                        let when = match (f.verdict.as_str(), v.published) {
                            ("updated" | "differ", Some(p)) => {
                                format!(" ({})", p.format("%Y-%m-%d %H:%M"))
                            }
                            _ => String::new(),
                        };
                        format!("{}{source}{when}", v.outlet)
                    })
                    .collect();
                let mut said: Vec<String> = Vec::new();
                for v in &group {
                    let x = one_line(&v.cite.text);
                    if !said.contains(&x) {
                        said.push(x);
                    }
                }
                writeln!(
                    out,
                    "      {} ← {}: {}",
                    group[0].value,
                    who.join("، "),
                    said.iter()
                        .map(|x| format!("«{x}»"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )?;
            }
        }
    }
    if !s.timeline.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui::bold(tr("التسلسل الزمني", "Timeline")))?;
        for t in &s.timeline {
            let when = match (t.from, t.to, t.relative) {
                (_, _, true) => format!("{} ({})", t.when, tr("نسبي", "relative")),
                (Some(a), Some(b), _) if a == b => format!("{a} ({})", t.when),
                (Some(a), Some(b), _) => format!("{a}..{b} ({})", t.when),
                _ => t.when.clone(),
            };
            let disputed = if t.disputed {
                tr(" — مختلف عليه", " — disputed")
            } else {
                ""
            };
            writeln!(
                out,
                "  • {when}: {}{disputed} ← {}",
                one_line(&t.happening),
                outlets(articles, &t.articles)
            )?;
        }
    }
    Ok(())
}
