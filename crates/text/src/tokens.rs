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
        _ => is_arabic_mark(c) || c.is_alphanumeric(),
    }
}

fn is_number_joiner(c: char) -> bool {
    // Decimal and thousands separators inside a number: 3.5, 1,200, ٣٫٥, ١٬٢٠٠.
    matches!(c, '.' | ',' | '٫' | '٬')
}

fn is_digits(norm: &str) -> bool {
    !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_digit())
}

/// The digits after a point and a right-to-left mark (`rest` starts at the
/// mark), folded, with their byte length from the mark on.
fn reversed_whole(rest: &str) -> Option<(String, usize)> {
    let after = rest.strip_prefix('\u{200f}')?;
    let mut whole = String::new();
    let mut len = '\u{200f}'.len_utf8();
    for c in after.chars() {
        match fold_char(c).filter(|d| d.is_ascii_digit()) {
            Some(d) => whole.push(d),
            None => break,
        }
        len += c.len_utf8();
    }
    (!whole.is_empty()).then_some((whole, len))
}

/// Whether exactly three digits follow, then no digit: a thousands group
/// after an Arabic comma (the group before it is checked by the caller).
fn thousands_group(rest: &str) -> bool {
    let digits = rest
        .chars()
        .take_while(|&c| fold_char(c).is_some_and(|d| d.is_ascii_digit()))
        .count();
    digits == 3
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
        if let Some(f) = fold_char(c) {
            norm.push(f);
        }
        let mut prev = c;
        let mut grouped = false;
        while let Some(&(i, c)) = iter.peek() {
            if is_word_char(c) {
                if let Some(f) = fold_char(c) {
                    norm.push(f);
                }
            } else if c == '.' && is_digits(&norm) {
                // "6.\u{200f}34" is 34.6: some outlets' systems write the
                // decimal with its digits in reading order around a point and
                // a right-to-left mark (as «6ر34»).
                if let Some((whole, len)) = reversed_whole(&text[i + 1..]) {
                    norm = format!("{whole}.{norm}");
                    end = i + 1 + len;
                    for _ in 0..=text[i + 1..end].chars().count() {
                        iter.next();
                    }
                    break;
                }
                if !text[i + 1..]
                    .chars()
                    .next()
                    .and_then(fold_char)
                    .is_some_and(|n| n.is_ascii_digit())
                {
                    break;
                }
                norm.push('.');
            } else if c == '،'
                && is_digits(&norm)
                && (grouped || norm.len() <= 3)
                && thousands_group(&text[i + c.len_utf8()..])
            {
                grouped = true;
                // "164،781،745": thousands separated by the Arabic comma
                // (groups of three digits, no space); "322،8" and a list
                // "8146، 8084" are not.
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
    fn numbers_written_with_arabic_separators() {
        let norms = |text: &str| -> Vec<(String, String)> {
            tokens(text)
                .into_iter()
                .map(|t| (text[t.start..t.end].to_string(), t.norm))
                .collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // The reversed decimal: point and right-to-left mark, whole part after.
        assert_eq!(
            norms("إلى 6.\u{200f}34 ساعة"),
            vec![
                pair("إلى", "الي"),
                pair("6.\u{200f}34", "34.6"),
                pair("ساعة", "ساعه")
            ]
        );
        // A point without the mark is a decimal as written.
        assert_eq!(norms("5.1 مليار")[0], pair("5.1", "5.1"));
        // Thousands by the Arabic comma; a decimal and a list are not.
        assert_eq!(
            norms("(164،781،745 ريال)")[0],
            pair("164،781،745", "164781745")
        );
        assert_eq!(norms("٣٢٢،٨ مليار")[0].1, "322");
        assert_eq!(norms("7771،7546")[0].1, "7771");
        assert_eq!(norms("8146، 808")[0].1, "8146");
        assert_eq!(norms("2014،")[0].1, "2014");
    }

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
