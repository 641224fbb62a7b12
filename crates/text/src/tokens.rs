//! Word tokens with byte offsets into the original text.

use crate::normalize::{fold_char, is_arabic_mark};

/// One word of the original text: `text[start..end]` is the word as written,
/// `norm` its folded form for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

impl Token {
    /// True when the token is a number written in digits.
    pub fn is_number(&self) -> bool {
        self.norm.bytes().next().is_some_and(|b| b.is_ascii_digit())
    }
}

fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Arabic block, which are nearly all of the
    // text; `is_alphanumeric` is slow outside ASCII.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7F}' => false,
        '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => true,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => false,
        _ => c.is_alphanumeric() || is_arabic_mark(c),
    }
}

fn is_number_joiner(c: char) -> bool {
    // Decimal and thousands separators inside a number: 3.5, 1,200, ٣٫٥, ١٬٢٠٠.
    matches!(c, '.' | ',' | '٫' | '٬')
}

/// Splits `text` into word tokens. A word is a run of letters, digits and
/// Arabic marks; a separator between two digits (`3.5`, `1,200`) stays inside
/// the number. Tokens that fold to nothing (a lone tatweel) are dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        // Room for a typical word, so that pushing its letters one by one
        // does not grow the string twice.
        let mut norm = String::with_capacity(24);
        norm.extend(fold_char(c));
        let mut prev = c;
        while let Some(&(i, c)) = iter.peek() {
            if is_word_char(c) {
                norm.extend(fold_char(c));
            } else if is_number_joiner(c) && fold_char(prev).is_some_and(|p| p.is_ascii_digit()) {
                // Keep the joiner only if a digit follows it.
                let next_digit = text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .and_then(fold_char)
                    .is_some_and(|n| n.is_ascii_digit());
                if !next_digit {
                    break;
                }
                if matches!(c, '.' | '٫') {
                    norm.push('.');
                }
            } else {
                break;
            }
            prev = c;
            end = i + c.len_utf8();
            iter.next();
        }
        if !norm.is_empty() {
            out.push(Token { start, end, norm });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_slice_the_original() {
        let text = "قالَ: «سقط ٣ صواريخ» في 2021، وأصيب 1,200.";
        for t in tokens(text) {
            let original = &text[t.start..t.end];
            assert!(!original.is_empty());
        }
        let norms: Vec<_> = tokens(text).into_iter().map(|t| t.norm).collect();
        assert_eq!(
            norms,
            ["قال", "سقط", "3", "صواريخ", "في", "2021", "واصيب", "1200"]
        );
    }

    #[test]
    fn decimals_keep_their_point() {
        let norms: Vec<_> = tokens("نما 3.5% و٢٫٥")
            .into_iter()
            .map(|t| t.norm)
            .collect();
        assert_eq!(norms, ["نما", "3.5", "و2.5"]);
    }
}
