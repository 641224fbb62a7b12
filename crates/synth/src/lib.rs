//! Story synthesis: from a story's articles (original text and metadata) to
//! one consolidated, cited view: a headline, a summary whose every sentence
//! cites all the articles that carry it, the sentences outlets share (and who
//! had them first), quotes with their speakers, entities, numbers and dates
//! aligned across outlets into facts that agree or differ, and a timeline.
//!
//! **Invariant:** every span this crate returns ([`Cite`]) is an article id
//! and a byte range into that article's original text; slicing the text with
//! it gives the span exactly. Nothing here does I/O.
//!
//! ```
//! use marsad_synth::{synthesize, Doc};
//! let doc = |id: &str, outlet: &str, text: &str| Doc {
//!     id: id.into(), outlet: outlet.into(), title: String::new(),
//!     published: None, text: text.into(), skip: vec![],
//! };
//! let docs = vec![
//!     doc("a", "وكالة أ", "قال وزير الصحة سامي فارس إن الحريق أسفر عن سقوط صاروخين على المدينة."),
//!     doc("b", "صحيفة ب", "وقال وزير الصحة سامي فارس إن الحريق أسفر عن سقوط ثلاثة صواريخ على المدينة."),
//! ];
//! let s = synthesize(&docs);
//! assert_eq!(s.summary[0].articles, ["a", "b"]);
//! for c in s.summary.iter().flat_map(|x| &x.cites) {
//!     let d = docs.iter().find(|d| d.id == c.article).unwrap();
//!     assert_eq!(&d.text[c.start..c.end], c.text);
//! }
//! ```

pub mod dates;
mod entities;
mod facts;
pub mod numbers;
mod quotes;
mod units;
pub mod words;

use chrono::{DateTime, Utc};
use marsad_core::Span;
use serde::{Deserialize, Serialize};

pub use entities::{Entity, Kind as EntityKind};
pub use facts::{Fact, FactValue, Normalized, TimelineEntry};
pub use quotes::{Quote, QuoteVariant};

/// One article of a story, as synthesis reads it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
    /// The original text, as stored.
    pub text: String,
    /// Byte ranges of `text` that are not article body: boilerplate dropped
    /// by cleaning and the title line.
    pub skip: Vec<Span>,
}

impl Doc {
    /// A report with its text only: no title, no publish time, nothing
    /// skipped (fields can be set after).
    pub fn new(id: &str, outlet: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            outlet: outlet.into(),
            title: String::new(),
            published: None,
            text: text.into(),
            skip: Vec::new(),
        }
    }
}

/// A span of one article's original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cite {
    pub article: String,
    pub start: usize,
    pub end: usize,
    /// The text the span covers, for reading (always `text[start..end]`).
    pub text: String,
}

impl Cite {
    fn new(doc: &Doc, span: Span) -> Cite {
        Cite {
            article: doc.id.clone(),
            start: span.start,
            end: span.end,
            text: doc.text[span.start..span.end].to_owned(),
        }
    }
}

/// A summary sentence: one article's wording, and every article that
/// carries it or a close variant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    /// Ids of the articles that carry the sentence or a close variant.
    pub articles: Vec<String>,
    /// Where each carrying article has it (the first cite is the wording shown).
    pub cites: Vec<Cite>,
}

/// A sentence (or close variants of it) carried by several articles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shared {
    pub text: String,
    pub carriers: Vec<Carrier>,
    /// The article that published it first, when publish times tell.
    pub first: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Carrier {
    pub article: String,
    pub outlet: String,
    pub published: Option<DateTime<Utc>>,
    pub cite: Cite,
}

/// The synthesis of one story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Synthesis {
    pub headline: String,
    pub summary: Vec<SummarySentence>,
    pub shared: Vec<Shared>,
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
    pub facts: Vec<Fact>,
    pub timeline: Vec<TimelineEntry>,
}

/// The synthesis rules' fingerprint: a hash of this crate's and the text
/// crate's sources, made by `build.rs`. Stored syntheses made by other rules
/// are recomputed.
pub const RULES: &str = env!("MARSAD_SYNTH_RULES");

/// A fingerprint of a story's article set (ids and content hashes, in any
/// order) and of the rules: a stored synthesis is current while it matches.
pub fn fingerprint<'a>(articles: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut parts: Vec<String> = articles
        .into_iter()
        .map(|(id, hash)| format!("{id}\u{0}{hash}"))
        .collect();
    parts.sort();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(RULES.as_bytes());
    for p in &parts {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    format!("{:032x}", h.digest128())
}

/// Synthesizes one story from its articles (in arrival order).
pub fn synthesize(docs: &[Doc]) -> Synthesis {
    let units = units::Units::new(docs);
    let groups = units.groups();
    let headline = headline(docs);
    let summary = units.summary(&groups);
    let shared = units.shared(&groups);
    let ents = entities::Entities::find(docs, &units);
    let quotes = quotes::find(docs, &units, &groups, &ents);
    let facts::Found { facts, timeline } = facts::find(docs, &units, &ents, &quotes);
    let mut entities = one_entity_a_name(ents.list(docs));
    let mut quotes = quotes.merged;
    quotes::complete_speakers(&mut quotes, &entities);
    // Tatweel stretches a word for layout: no part of a role or a name
    // shown («النائـب العام» is «النائب العام»).
    let untatweeled = |s: &str| s.replace('ـ', "");
    for e in &mut entities {
        let mut roles: Vec<String> = Vec::with_capacity(e.roles.len());
        for r in e.roles.drain(..) {
            let r = without_trailing_titles(&untatweeled(&r));
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        e.roles = roles;
    }
    for q in &mut quotes {
        q.speaker = untatweeled(&q.speaker);
        if let Some(r) = &mut q.role {
            *r = without_trailing_titles(&untatweeled(r));
        }
    }
    Synthesis {
        headline,
        summary,
        shared,
        quotes,
        entities,
        facts,
        timeline,
    }
}

/// A role without the ranks and honorifics that close it before the name
/// («رئيس هيئة قناة السويس الفريق» → «رئيس هيئة قناة السويس»): they are
/// the man's title, not his post. A role of titles alone («الشيخ») stays.
fn without_trailing_titles(role: &str) -> String {
    const TITLES: &[&str] = &[
        "الفريق",
        "المقدم",
        "اللواء",
        "العقيد",
        "الرائد",
        "النقيب",
        "العميد",
        "الملازم",
        "الدكتور",
        "المهندس",
        "الأستاذ",
        "الاستاذ",
        "الشيخ",
        "الأمير",
        "الامير",
        "صاحب",
        "السمو",
        "الملكي",
        "معالي",
        "سعادة",
        "فضيلة",
        "ركن",
        "أول",
        "اول",
        "د",
    ];
    let words: Vec<&str> = role.split_whitespace().collect();
    let mut end = words.len();
    while end > 1 && TITLES.contains(&words[end - 1]) {
        end -= 1;
    }
    if end == 0 || end == words.len() || TITLES.contains(&words[end - 1]) {
        return role.to_owned();
    }
    words[..end].join(" ")
}

/// Entities of one kind shown under one name, or under names that differ
/// only by a space («دياربكر», «ديار بكر»; «عبدالله», «عبد الله»), are one
/// entity to a reader: their roles, spellings and articles are joined (the
/// first keeps its place and name, the other's name is a spelling).
fn one_entity_a_name(list: Vec<Entity>) -> Vec<Entity> {
    let key = |name: &str| marsad_text::fold(name).replace(' ', "");
    let mut out: Vec<Entity> = Vec::with_capacity(list.len());
    for mut e in list {
        let k = key(&e.name);
        match out
            .iter_mut()
            .find(|o| o.kind == e.kind && key(&o.name) == k)
        {
            Some(o) => {
                if e.name != o.name {
                    e.variants.push(e.name.clone());
                }
                for (from, to) in [(e.roles, &mut o.roles), (e.variants, &mut o.variants)] {
                    for x in from {
                        if !to.contains(&x) && x != o.name {
                            to.push(x);
                        }
                    }
                }
                for a in e.articles {
                    if !o.articles.contains(&a) {
                        o.articles.push(a);
                    }
                }
            }
            None => out.push(e),
        }
    }
    out
}

/// The most central title (sharing the most content words with the other
/// titles; ties to the earliest), cleaned of a trailing tag in parentheses
/// ("(فيديو)") and of an outlet suffix after " - " or " | ".
pub fn headline(docs: &[Doc]) -> String {
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    headline_of(&titles, docs.first().map_or("", |d| d.text.as_str()))
}

/// [`headline`] from the titles alone (listings need no more), with the
/// first line of `first_text` when no title has any text.
pub fn headline_of(titles: &[&str], first_text: &str) -> String {
    use std::collections::BTreeSet;
    let keys: Vec<BTreeSet<String>> = titles
        .iter()
        .map(|title| {
            marsad_text::tokens(title)
                .iter()
                .filter(|t| words::is_content(t))
                .map(|t| words::key(&t.norm))
                .collect()
        })
        .collect();
    let best = (0..titles.len())
        .filter(|&i| !titles[i].trim().is_empty())
        .max_by_key(|&i| {
            let shared: usize = (0..titles.len())
                .filter(|&j| j != i)
                .map(|j| keys[i].intersection(&keys[j]).count())
                .sum();
            (shared, std::cmp::Reverse(i))
        });
    let Some(i) = best else {
        return first_text
            .trim()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(90)
            .collect();
    };
    clean_title(titles[i])
}

fn clean_title(title: &str) -> String {
    let mut t = title.trim();
    // A wire's section label before a slash ("عام / …", "اقتصادي / …").
    if let Some((label, rest)) = t.split_once('/') {
        let rest = rest.trim_start_matches('/');
        if label.split_whitespace().count() == 1 && rest.split_whitespace().count() >= 4 {
            t = rest.trim();
        }
    }
    for sep in [" | ", " - ", " – "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            if tail.split_whitespace().count() <= 3 && head.split_whitespace().count() >= 4 {
                t = head.trim();
            }
        }
    }
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let tag = &t[open..];
            if tag.split_whitespace().count() <= 2 && t[..open].split_whitespace().count() >= 4 {
                t = t[..open].trim_end();
            }
        }
    }
    t.to_owned()
}

#[cfg(test)]
mod tests;
