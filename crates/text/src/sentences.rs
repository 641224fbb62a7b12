//! Sentence spans in the original text.

use marsad_core::Span;

use crate::tokens::Token;

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '…' | '\n')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | '›' | '“')
}

/// Splits `text` into sentences: spans ending at `. ! ? ؟ ؛ …` or a line
/// break, with closing quotes kept on the sentence they close. A point between
/// digits (3.5, .71) does not end a sentence. Spans are trimmed of white space
/// and never empty.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if is_terminator(c) {
            // A point before digits (3.5, "و .71%") is a decimal point, also
            // with a direction mark after it, as some outlets' systems write
            // a decimal in reversed digits ("8.\u{200f}1" for 1.8).
            let digit_after = |k: usize| {
                text[k..]
                    .chars()
                    .find(|&d| !matches!(d, '\u{200e}' | '\u{200f}' | '\u{61c}'))
                    .is_some_and(char::is_numeric)
            };
            let between_digits = c == '.' && digit_after(pos + 1);
            let abbreviation = c == '.' && in_abbreviation(text, pos);
            if !between_digits && !abbreviation {
                let mut end = pos + c.len_utf8();
                // Absorb runs of terminators and closing quotes: `?!`, `.”`.
                while let Some(&(p, n)) = chars.peek() {
                    if (is_terminator(n) && n != '\n') || is_closing(n) {
                        end = p + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push_trimmed(text, start, end, &mut out);
                start = end;
            }
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether the point at `pos` joins the letters of an abbreviation
/// ("سي.ان.ان", "U.S.A"): short runs of letters on both sides of it, with
/// no space between. A longer word glued to the next sentence ("الاجتماع.وقال",
/// which scraped text often has) still ends one.
fn in_abbreviation(text: &str, pos: usize) -> bool {
    const SHORT: usize = 3;
    let before = text[..pos]
        .chars()
        .rev()
        .take_while(|&c| crate::is_letter(c))
        .count();
    let after = text[pos + 1..]
        .chars()
        .take_while(|&c| crate::is_letter(c))
        .count();
    // "د. عبدالله": the doctor's title, a lone د, before a name.
    let title = before == 1
        && text[..pos].ends_with('د')
        && text[pos + 1..].starts_with(' ')
        && text[pos + 1..]
            .trim_start_matches(' ')
            .starts_with(crate::is_letter);
    title || ((1..=SHORT).contains(&before) && (1..=SHORT).contains(&after))
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(crate::is_letter_or_digit) {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

/// A fingerprint of a sentence for finding the same sentence in other
/// articles: a hash of its folded words, so punctuation, diacritics and letter
/// variants do not matter. `None` for sentences too short to be telling:
/// under ten words a sentence is as often a formula every report of a kind
/// repeats (a blessing closing each royal journey, «حفظ الله خادم الحرمين
/// الشريفين في سفره وإقامته»; a dateline; a closing line) as a line copied
/// from one report; two reports of one event share longer ones. Measured
/// over all of SaudiNewsNet (BENCHMARKS.md, fourteenth session): from six
/// words the blessing joined the king's departure on leave to his arrival
/// in Mecca the day before; from ten the dev figures are the same.
pub fn sentence_key(words: &[Token]) -> Option<u64> {
    const MIN_WORDS: usize = 10;
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut buf = String::new();
    for w in words {
        buf.push_str(&w.norm);
        buf.push(' ');
    }
    Some(xxhash_rust::xxh3::xxh3_64(buf.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn splits_on_arabic_punctuation_and_lines() {
        assert_eq!(
            split("سقط صاروخان. هل أصيب أحد؟ قال: «لا».\nنما 3.5 بالمئة؛ ثم توقف"),
            [
                "سقط صاروخان.",
                "هل أصيب أحد؟",
                "قال: «لا».",
                "نما 3.5 بالمئة؛",
                "ثم توقف"
            ]
        );
    }

    #[test]
    fn a_decimal_point_before_a_direction_mark_ends_no_sentence() {
        assert_eq!(
            split("وانتقل 8.\u{200f}1 مليونا إلى المدن. ثم توقف"),
            ["وانتقل 8.\u{200f}1 مليونا إلى المدن.", "ثم توقف"]
        );
    }

    #[test]
    fn a_short_formula_has_no_fingerprint_a_copied_line_has_one() {
        let key = |text: &str| sentence_key(&crate::tokens(text));
        assert_eq!(key("حفظ الله الملك في سفره وإقامته وعودته سالما"), None);
        let line =
            "وأوضح المتحدث أن فرق الدفاع المدني أخلت سكان المبنى المجاور قبل وصول النيران إليه";
        assert!(key(line).is_some());
        // The same words, punctuated and spelled otherwise, are the same line.
        assert_eq!(
            key(line),
            key("وأوضح المتحدث، أن فرق الدفاع المدنى أخلت سكان المبنى المجاور قبل وصول النيران اليه.")
        );
    }

    #[test]
    fn an_abbreviation_keeps_its_sentence_whole() {
        assert_eq!(
            split("قالت قناة سي.ان.ان ترك إن جنديا قتل. انتهى الاجتماع.وقال الوزير"),
            [
                "قالت قناة سي.ان.ان ترك إن جنديا قتل.",
                "انتهى الاجتماع.",
                "وقال الوزير"
            ]
        );
        assert_eq!(
            split("وقال الأمين العام د. سليم الساحلي إن الخطة جاهزة. وأضاف د.\nثم"),
            [
                "وقال الأمين العام د. سليم الساحلي إن الخطة جاهزة.",
                "وأضاف د.",
                "ثم"
            ]
        );
    }
}
