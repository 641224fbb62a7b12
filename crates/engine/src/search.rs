//! Full-text search over normalized Arabic: what is indexed, how a query is
//! read, and the snippets shown for a hit.
//!
//! Both the index and the query go through the same normalization: word
//! tokens, folded (diacritics, alef forms, ى/ي, ة/ه, digits) and lightly
//! stemmed (the article and the clitics written with it, plural and pronoun
//! suffixes), so "الصواريخ" finds "بالصواريخ" and "صواريخ". The normalized
//! form is only ever matched against: snippets and highlights are byte
//! ranges into the original text, and what people see is that text.

use std::collections::HashSet;
use std::io::Write;

use anyhow::Result;
use marsad_cluster::StoryId;
use marsad_core::ui::{self, iso, tr};
use marsad_core::Span;
use marsad_store::{Store, StoredArticle};
use marsad_text::{is_stopword, stem, tokens, Token};
use serde_json::{json, Value};

/// How many article versions are normalized per index transaction.
const INDEX_BATCH: usize = 500;
/// Words in a snippet.
const SNIPPET_WORDS: usize = 32;
/// Words of context kept before the first match in a snippet.
const SNIPPET_LEAD: usize = 8;

/// The search key of a token: its folded form (lower case for Latin
/// letters), stemmed.
fn key(t: &Token) -> String {
    stem(&t.norm).to_owned()
}

/// The byte ranges of an article's text that are not body: the boilerplate
/// lines cleaning dropped and the title line (indexed as the title).
fn skipped(a: &StoredArticle) -> Vec<Span> {
    let rows: Vec<(usize, usize, Value)> = serde_json::from_str(&a.dropped).unwrap_or_default();
    let mut skip: Vec<Span> = rows.into_iter().map(|(s, e, _)| Span::new(s, e)).collect();
    skip.extend(a.article.title_span);
    skip
}

/// The body tokens of an article: those outside the skipped ranges.
fn body_tokens(a: &StoredArticle) -> Vec<Token> {
    let skip = skipped(a);
    tokens(&a.article.text)
        .into_iter()
        .filter(|t| !skip.iter().any(|s| t.start < s.end && s.start < t.end))
        .collect()
}

fn keys_line(toks: &[Token]) -> String {
    let mut line = String::new();
    for t in toks {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&key(t));
    }
    line
}

/// Brings the search index up to date with the store; returns how many
/// article versions were added.
pub fn sync(store: &Store) -> Result<usize> {
    let mut added = 0;
    loop {
        let pending = store.unindexed(INDEX_BATCH)?;
        let Some(last) = pending.last().map(|a| a.seq) else {
            return Ok(added);
        };
        let entries: Vec<(i64, String, String)> = pending
            .iter()
            .filter(|a| a.current)
            .map(|a| {
                let title = keys_line(&tokens(&a.article.title));
                (a.seq, title, keys_line(&body_tokens(a)))
            })
            .collect();
        store.put_index(&entries, last)?;
        added += entries.len();
    }
}

/// The search keys of a query, without repeats. Function words are left
/// out unless the query has nothing else.
pub fn query_keys(query: &str) -> Vec<String> {
    let toks = tokens(query);
    let content: Vec<&Token> = toks.iter().filter(|t| !is_stopword(&t.norm)).collect();
    let chosen: Vec<&Token> = if content.is_empty() {
        toks.iter().collect()
    } else {
        content
    };
    let mut seen = HashSet::new();
    chosen
        .into_iter()
        .map(key)
        .filter(|k| seen.insert(k.clone()))
        .collect()
}

/// An FTS5 query matching articles that have every key. Each key is quoted
/// as a string, so nothing a person types is read as query syntax.
fn fts_query(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("\"{}\"", k.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stretch of an article's original text with the matched words in it,
/// all as byte ranges into that text.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub span: Span,
    pub marks: Vec<Span>,
}

/// One article found, with where the query matched it.
pub struct Hit {
    pub article: StoredArticle,
    /// The live story the article is in (merges followed).
    pub story: StoryId,
    pub score: f64,
    /// Matched words in the title (byte ranges into the title).
    pub title_marks: Vec<Span>,
    pub snippet: Snippet,
}

/// The tokens whose key is one of `keys`. A key is what stemming leaves of
/// the folded word, so a word can only match if its folded form contains
/// the key: most words are ruled out without stemming them.
fn marks_in(toks: &[Token], keys: &HashSet<String>) -> Vec<usize> {
    (0..toks.len())
        .filter(|&i| {
            let norm = &toks[i].norm;
            keys.iter().any(|k| norm.contains(k.as_str())) && keys.contains(stem(norm))
        })
        .collect()
}

/// The snippet around the densest cluster of matched words (the most
/// distinct keys within a snippet's width), else the opening of the body.
fn snippet(a: &StoredArticle, keys: &HashSet<String>) -> Snippet {
    let toks = body_tokens(a);
    if toks.is_empty() {
        return Snippet {
            span: Span::new(0, 0),
            marks: vec![],
        };
    }
    let hits = marks_in(&toks, keys);
    let distinct = |from: usize| {
        hits.iter()
            .filter(|&&i| i >= from && i < from + SNIPPET_WORDS)
            .map(|&i| key(&toks[i]))
            .collect::<HashSet<_>>()
            .len()
    };
    let first = hits
        .iter()
        .copied()
        .max_by_key(|&i| (distinct(i), std::cmp::Reverse(i)))
        .unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_LEAD);
    let to = (from + SNIPPET_WORDS).min(toks.len());
    Snippet {
        span: Span::new(toks[from].start, toks[to - 1].end),
        marks: hits
            .iter()
            .filter(|&&i| i >= from && i < to)
            .map(|&i| Span::new(toks[i].start, toks[i].end))
            .collect(),
    }
}

/// Articles matching `query`, best first; empty when the query has no words.
pub fn search(store: &Store, query: &str, offset: u64, limit: u64) -> Result<Vec<Hit>> {
    let keys = query_keys(query);
    if keys.is_empty() {
        return Ok(vec![]);
    }
    let key_set: HashSet<String> = keys.iter().cloned().collect();
    let mut hits = Vec::new();
    for h in store.search(&fts_query(&keys), offset, limit)? {
        let title_toks = tokens(&h.article.article.title);
        let title_marks = marks_in(&title_toks, &key_set)
            .into_iter()
            .map(|i| Span::new(title_toks[i].start, title_toks[i].end))
            .collect();
        let story = store.resolve(h.article.story)?.unwrap_or(h.article.story);
        hits.push(Hit {
            snippet: snippet(&h.article, &key_set),
            title_marks,
            story,
            score: h.score,
            article: h.article,
        });
    }
    Ok(hits)
}

fn spans_json(spans: &[Span]) -> Value {
    spans.iter().map(|s| json!([s.start, s.end])).collect()
}

/// One hit as JSON: the snippet and marks are byte ranges into the
/// article's original `text` (and `title`), with the snippet's text.
pub fn hit_json(h: &Hit) -> Value {
    let a = &h.article.article;
    json!({
        "article": a.id,
        "title": a.title,
        "outlet": a.outlet_shown(),
        "published": a.published.map(|t| t.to_rfc3339()),
        "story": h.story,
        "score": h.score,
        "title_marks": spans_json(&h.title_marks),
        "snippet": {
            "start": h.snippet.span.start,
            "end": h.snippet.span.end,
            "text": h.snippet.span.slice(&a.text),
            "marks": spans_json(&h.snippet.marks),
        },
    })
}

/// `text` with each marked range between `open` and `close`.
pub fn marked(text: &str, offset: usize, marks: &[Span], open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut at = offset;
    for m in marks {
        out.push_str(&text[at - offset..m.start - offset]);
        out.push_str(open);
        out.push_str(&text[m.start - offset..m.end - offset]);
        out.push_str(close);
        at = m.end;
    }
    out.push_str(&text[at - offset..]);
    out
}

/// `marsad search`: hits as text (matches between ⟦ ⟧) or as JSON.
pub fn print(out: &mut impl Write, query: &str, hits: &[Hit], json: bool) -> Result<()> {
    if json {
        let v = json!({"query": query, "hits": hits.iter().map(hit_json).collect::<Vec<_>>()});
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    if hits.is_empty() {
        // On stderr, as the exit status 1 says it too: stdout stays empty
        // for a script, as grep's.
        eprintln!(
            "{} {}",
            tr("لا مقال يطابق", "no article matches"),
            iso(&format!("«{query}»"))
        );
    }
    // Ranked best first: the order says what a score would, without a
    // number that reads as "no relevance" when it rounds to 0.00.
    let (open, close) = ui::match_marks();
    for h in hits {
        let a = &h.article.article;
        let title = marked(&a.title, 0, &h.title_marks, open, close);
        writeln!(out, "• {}", iso(&title))?;
        let meta = format!(
            "  {} · {} {} · {}",
            iso(a.outlet_shown()),
            tr("القصة", "story"),
            h.story,
            iso(&a.id),
        );
        writeln!(out, "{}", ui::dim(&meta))?;
        let s = h.snippet.span;
        let text = marked(s.slice(&a.text), s.start, &h.snippet.marks, open, close);
        writeln!(
            out,
            "  …{}…",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_and_marks_do_not_get_in_the_way() {
        let k = |q: &str| query_keys(q);
        assert_eq!(k("الصواريخ"), k("بالصواريخ"));
        assert_eq!(k("الصواريخ"), k("صواريخ"));
        assert_eq!(k("الصَّوَارِيخ"), k("صواريخ"));
        assert_eq!(k("أمطار"), k("امطار"));
        // Function words are dropped unless nothing else is asked.
        assert_eq!(k("في الصواريخ"), k("صواريخ"));
        assert_eq!(k("في").len(), 1);
    }

    #[test]
    fn query_syntax_is_quoted() {
        let keys = query_keys("صواريخ OR \"x\" NEAR(a b) *");
        let q = fts_query(&keys);
        assert!(q.split(' ').all(|w| w.starts_with('"') && w.ends_with('"')));
    }

    #[test]
    fn marks_wrap_the_original_text() {
        let text = "سقطت الصواريخُ على المدينة";
        let toks = tokens(text);
        let m = [Span::new(toks[1].start, toks[1].end)];
        assert_eq!(marked(text, 0, &m, "[", "]"), "سقطت [الصواريخُ] على المدينة");
    }
}
