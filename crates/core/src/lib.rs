//! The one article type that flows through Marsad's pipeline, and the small
//! value types around it (spans, content hashes).
//!
//! **Invariant:** this crate does no I/O. Everything here is plain data that the
//! stage crates (`marsad-text`, `marsad-ingest`, `marsad-cluster`,
//! `marsad-store`) pass to each other.
//!
//! ```
//! use marsad_core::{Article, Span};
//! let a = Article::new("a1", "samples/a1.txt", "نص الخبر");
//! let s = Span::new(0, "نص".len());
//! assert_eq!(s.slice(&a.text), "نص");
//! ```

pub mod packed;
pub mod ui;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A news article as ingested: metadata plus the original text.
///
/// `text` is the article text exactly as decoded from the input, before any
/// cleaning. Every span Marsad shows to a person is a byte range into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identity: the input's `id`, else its `url`, else its path
    /// (with `#LINE` for a JSON line, `#INDEX` for a JSON array element).
    pub id: String,
    /// Where the article was read from: the path as given, or a URL.
    pub source: String,
    pub url: Option<String>,
    /// The outlet's name (from metadata, from the text, or from the file name).
    pub outlet: Option<String>,
    /// The title as shown to people (may be empty when unknown).
    pub title: String,
    /// Where the title sits in `text` when the title was read from the text.
    pub title_span: Option<Span>,
    /// Publication time in UTC, when known.
    pub published: Option<DateTime<Utc>>,
    /// The original text, as decoded.
    pub text: String,
}

impl Article {
    /// An article with only an id, a source and a text; metadata empty.
    pub fn new(id: impl Into<String>, source: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            source: source.into(),
            url: None,
            outlet: None,
            title: String::new(),
            title_span: None,
            published: None,
            text: text.into(),
        }
    }

    /// The content hash that decides whether a re-ingested article is new:
    /// the same id with the same hash is a no-op, with another hash a new version.
    /// It is the XXH3-128 of the title, a NUL byte and the text, hashed as
    /// they lie (the streaming digest equals the digest of the joined
    /// bytes, without copying a long text first).
    pub fn content_hash(&self) -> ContentHash {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(self.title.as_bytes());
        h.update(&[0]);
        h.update(self.text.as_bytes());
        ContentHash(h.digest128())
    }

    /// The outlet, else the source: a key that keeps apart articles whose
    /// outlet is unknown (the corpus-level cleaning counts lines per key).
    pub fn outlet_or_source(&self) -> &str {
        self.outlet.as_deref().unwrap_or(&self.source)
    }

    /// The outlet name to show: the outlet when known, else
    /// [`UNKNOWN_OUTLET`] (never a file name).
    pub fn outlet_shown(&self) -> &str {
        self.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)
    }
}

/// What an article with no known outlet shows as its outlet ("unknown").
pub const UNKNOWN_OUTLET: &str = "غير معروف";

/// A 128-bit hash of an article's title and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(pub u128);

impl ContentHash {
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// A byte range `[start, end)` into an article's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Panics if the span is not on char
    /// boundaries of `text`, which would be a bug in the stage that made it.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// How many elements two sorted, deduplicated slices share (a merge walk):
/// shared sentences, shingles and anchors are all counted this way.
pub fn sorted_overlap<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_separates_title_from_text() {
        let mut a = Article::new("x", "x", "بc");
        a.title = "a".into();
        let mut b = Article::new("x", "x", "c");
        b.title = "aب".into();
        assert_ne!(a.content_hash(), b.content_hash());
    }

    /// Stores hold these hashes: the value is the one-shot XXH3-128 of the
    /// joined bytes, whichever way it is computed.
    #[test]
    fn content_hash_is_the_hash_of_title_nul_text() {
        let long = "نص طويل يتكرر، ".repeat(700);
        for (title, text) in [("", ""), ("عنوان", "نص"), ("عنوان", long.as_str())] {
            let mut a = Article::new("x", "x", text);
            a.title = title.into();
            let joined = [title.as_bytes(), &[0], text.as_bytes()].concat();
            assert_eq!(
                a.content_hash(),
                ContentHash(xxhash_rust::xxh3::xxh3_128(&joined))
            );
        }
    }
}
