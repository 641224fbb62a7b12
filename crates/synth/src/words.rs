//! Word-level helpers over folded tokens: clitics, the article, and the
//! spelling-tolerant keys that let "أمريكي" meet "أميركي" and "صاروخاً" meet
//! "صواريخ".

use marsad_text::{is_stopword, stem, Token};

/// The word without a leading conjunction (و ف) and preposition (ب ل ك),
/// when what remains starts with the article or is still a word: used only
/// to look words up in closed lists.
pub fn bare(norm: &str) -> &str {
    let long = |w: &&str| w.chars().count() >= 3;
    let one = norm.strip_prefix(['و', 'ف']).filter(long).unwrap_or(norm);
    one.strip_prefix(['ب', 'ل', 'ك'])
        .filter(long)
        .unwrap_or(one)
}

/// The word without clitics and without the article (لل counts as ل + ال).
pub fn bare_noun(norm: &str) -> &str {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    for p in ["بال", "كال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(p) {
            if rest.chars().count() >= 2 {
                return rest;
            }
        }
    }
    w
}

/// True when the word carries the article (الـ, والـ, بالـ, للـ …).
pub fn has_article(norm: &str) -> bool {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    w.starts_with("ال") || w.starts_with("بال") || w.starts_with("كال") || w.starts_with("لل")
}

/// A spelling-tolerant key: the stem with its long vowels (ا و ي) dropped
/// after the first letter. Broken plurals and spelling variants often share
/// it (صاروخ/صواريخ → صرخ, أمريكي/أميركي → امرك), at the price of some
/// collisions that the callers check with context.
pub fn key(norm: &str) -> String {
    let s = stem(bare_noun(norm));
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if i > 0 && matches!(c, 'ا' | 'و' | 'ي') {
            continue;
        }
        out.push(c);
    }
    if out.chars().count() < 2 {
        return s.to_owned();
    }
    out
}

/// The key of a name word: as [`key`], and the letters Arabic uses for a
/// foreign g (غ ج ق ك) made one, so ستولتنبرغ and ستولتنبرج meet.
pub fn name_key(norm: &str) -> String {
    let w = norm.strip_prefix("ال").unwrap_or(norm);
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if i > 0 && matches!(c, 'ا' | 'و' | 'ي' | 'ه') {
            continue;
        }
        out.push(match c {
            'غ' | 'ج' | 'ق' => 'ك',
            c => c,
        });
    }
    out
}

/// True for words that carry content (not function words, not numbers).
pub fn is_content(t: &Token) -> bool {
    // "و25" is a number with a conjunction glued to it, no word.
    let glued_number = t
        .norm
        .trim_start_matches(['و', 'ف', 'ب', 'ل'])
        .starts_with(|c: char| c.is_ascii_digit());
    !is_stopword(&t.norm) && !t.is_number() && !glued_number && t.norm.chars().count() >= 2
}

/// Levenshtein distance over chars, for short name keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A shown name's words, folded ("مكتب محافظ دياربكر" → its three words).
pub fn folded_words(name: &str) -> Vec<String> {
    name.split_whitespace().map(marsad_text::fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_text::fold;

    #[test]
    fn keys_meet_across_spellings_and_plurals() {
        assert_eq!(key(&fold("أمريكي")), key(&fold("الأميركية")));
        assert_eq!(key(&fold("صاروخاً")), key(&fold("الصواريخ")));
        assert_eq!(key(&fold("صاروخين")), key(&fold("صواريخ")));
        assert_eq!(key(&fold("إصابة")), key(&fold("الإصابات")));
        assert_eq!(name_key(&fold("ستولتنبرغ")), name_key(&fold("ستولتنبرج")));
        assert_eq!(edit_distance("بايدن", "بايدين"), 1);
    }
}
