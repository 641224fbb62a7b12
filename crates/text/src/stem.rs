//! A light Arabic stemmer for matching, over folded tokens (see [`crate::fold`]).
//!
//! It strips the article ال and the clitics و ف ب ك ل only where they cannot be
//! the first letter of the word itself: a single-letter clitic is removed only
//! together with a following ال (والرئيس, بالصواريخ, للحكومة). A lone leading
//! و or ب is left alone, because too many words and names begin with those
//! letters (وزير, بغداد, بايدن) and stripping them would conflate unrelated
//! words. Suffixes (plural, dual, feminine, nisba, pronouns) are removed
//! while at least three letters remain.

/// Proclitic sequences, longest first. Each ends with the article.
const PREFIXES: [&str; 7] = ["وبال", "وال", "فال", "بال", "كال", "ال", "لل"];

/// Suffixes, tried in order; each is stripped at most once.
const SUFFIXES: [&str; 13] = [
    "هما", "يين", "يون", "ها", "هم", "كم", "ان", "ات", "ون", "ين", "يه", "ه", "ي",
];

/// The minimum number of letters a stem keeps.
const MIN_STEM: usize = 3;

/// Whether `s` has at least `n` characters (without counting them all).
fn at_least(s: &str, n: usize) -> bool {
    n == 0 || s.chars().nth(n - 1).is_some()
}

/// Stems one folded token. Numbers and non-Arabic words are returned as is.
pub fn stem(norm: &str) -> &str {
    if !norm.chars().next().is_some_and(is_arabic_letter) {
        return norm;
    }
    // Affixes are compared byte by byte: this runs for every word of every
    // article, and most comparisons fail at the first differing letter.
    let mut w = norm;
    for p in PREFIXES {
        if starts_with(w.as_bytes(), p.as_bytes()) {
            let rest = &w[p.len()..];
            if at_least(rest, MIN_STEM - 1) {
                w = rest;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if ends_with(w.as_bytes(), s.as_bytes()) {
            let rest = &w[..w.len() - s.len()];
            if at_least(rest, MIN_STEM) {
                w = rest;
            }
        }
    }
    w
}

fn starts_with(w: &[u8], p: &[u8]) -> bool {
    w.len() >= p.len() && same(&w[..p.len()], p)
}

fn ends_with(w: &[u8], s: &[u8]) -> bool {
    w.len() >= s.len() && same(&w[w.len() - s.len()..], s)
}

/// Equal slices of one length, without a call to `memcmp` for a few bytes.
/// Compared from the end: an Arabic letter's first byte is one of two
/// (0xD8, 0xD9) for nearly every letter, its last byte tells it.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.iter().rev().zip(b.iter().rev()).all(|(x, y)| x == y)
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    fn st(w: &str) -> String {
        stem(&fold(w)).to_string()
    }

    #[test]
    fn strips_article_and_clitics_with_it() {
        assert_eq!(st("الصواريخ"), "صواريخ");
        assert_eq!(st("بالصواريخ"), "صواريخ");
        assert_eq!(st("وبالصواريخ"), "صواريخ");
        assert_eq!(st("للحكومة"), st("الحكومة"));
        assert_eq!(st("والرئيس"), st("الرئيس"));
    }

    #[test]
    fn does_not_overstem_names_and_short_words() {
        assert_eq!(st("بغداد"), "بغداد");
        assert_eq!(st("وزير"), "وزير");
        assert_eq!(st("الوزير"), "وزير");
        assert_eq!(st("بايدن"), "بايدن");
        assert_eq!(st("بيان"), "بيان");
        assert_eq!(st("2021"), "2021");
    }

    #[test]
    fn conflates_inflections() {
        assert_eq!(st("العراقي"), st("العراقية"));
        assert_eq!(st("العراقيين"), st("العراق"));
        assert_eq!(st("المدارس"), "مدارس");
    }
}
