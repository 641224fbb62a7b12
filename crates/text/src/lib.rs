//! Arabic-aware text analysis: the lossless and lossy stages that turn an
//! article's original text into what the matcher compares.
//!
//! Two kinds of stage are kept apart:
//! - **lossless** ones that only find spans in the original text
//!   ([`tokens`], [`sentences`]): every [`Token`] and sentence keeps a byte range
//!   into the text it came from, so what is shown to people is never altered;
//! - **lossy** ones used for matching only ([`fold`], [`stem`], [`stopwords`],
//!   [`numbers`]): they fold diacritics, alef forms, ى/ي, ة/ه, digits, and strip
//!   clitics and suffixes.
//!
//! ```
//! use marsad_text::{fold, stem, tokens};
//! let text = "وقالَ الرئيسُ بالأمسِ";
//! let toks = tokens(text);
//! assert_eq!(&text[toks[1].start..toks[1].end], "الرئيسُ");
//! assert_eq!(toks[1].norm, "الرييس");
//! assert_eq!(fold("أَحْمَد"), "احمد");
//! assert_eq!(stem("بالصواريخ"), "صواريخ");
//! ```

mod analysis;
mod normalize;
pub mod numbers;
mod sentences;
pub mod sports;
mod stem;
pub mod stopwords;
mod tokens;

pub use analysis::{surface_forms, term_of, Analysis, Harm, TermCounts};
pub use normalize::{fold, fold_char, is_arabic_mark, is_letter, is_letter_or_digit};
pub use sentences::{sentence_key, sentences};
pub use stem::stem;
pub use stopwords::is_stopword;
pub use tokens::{tokens, Token};

#[cfg(test)]
mod proptests {
    use proptest::prelude::*;

    use crate::numbers::anchors;
    use crate::{fold, sentences, stem, term_of, tokens, Analysis};

    /// Characters that exercise the analysers: the whole Arabic block
    /// (letters, marks, Arabic-Indic digits, ٫ ٬ ، ؟ ؛), marks and tatweel on
    /// their own, ASCII digits and letters, number separators, sentence ends,
    /// white space, and any Unicode scalar at all.
    fn text_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => proptest::char::range('\u{0600}', '\u{06FF}'),
            2 => proptest::char::range('\u{064B}', '\u{065F}'),
            1 => Just('\u{0670}'),
            1 => Just('\u{0640}'),
            2 => proptest::char::range('0', '9'),
            1 => proptest::char::range('A', 'z'),
            2 => prop::sample::select(vec![
                '.', ',', '٫', '٬', '!', '?', '؟', '؛', '…', '«', '»', '"', '”', ')', '(', '-', ':', '/', '%',
            ]),
            2 => prop::sample::select(vec![' ', ' ', '\n', '\t', '\r', '\u{a0}', '\u{200f}', '\u{feff}']),
            1 => any::<char>(),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(text_char(), 0..160).prop_map(String::from_iter)
    }

    /// What a token's `norm` must be given its original slice: the folded
    /// slice, with thousands separators dropped and the Arabic decimal point
    /// written as `.` (see `tokens`).
    fn expected_norm(slice: &str) -> String {
        // "6.\u{200f}34" is read as 34.6 (see `tokens`): the digits around a
        // point and a right-to-left mark trade places.
        if let Some((frac, whole)) = slice.split_once(".\u{200f}") {
            return format!("{}.{}", expected_norm(whole), expected_norm(frac));
        }
        fold(slice)
            .chars()
            .filter(|c| !matches!(c, ',' | '٬'))
            .map(|c| if c == '٫' { '.' } else { c })
            .collect()
    }

    /// Folding twice changes nothing, for every Unicode scalar: no folded
    /// character folds again or is dropped on a second pass.
    #[test]
    fn fold_char_is_idempotent_on_every_char() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            if let Some(f) = crate::fold_char(c) {
                assert_eq!(
                    crate::fold_char(f),
                    Some(f),
                    "{c:?} folds to {f:?}, which folds again"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn tokens_slice_the_input_and_fold_it(s in text()) {
            let mut last_end = 0;
            for t in tokens(&s) {
                prop_assert!(t.start < t.end, "empty token {t:?}");
                prop_assert!(t.start >= last_end, "overlapping token {t:?}");
                prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end), "{t:?}");
                let slice = s.get(t.start..t.end);
                prop_assert!(slice.is_some(), "{t:?} does not slice {s:?}");
                prop_assert!(!t.norm.is_empty(), "{t:?}");
                prop_assert_eq!(&t.norm, &expected_norm(slice.unwrap_or_default()));
                last_end = t.end;
            }
        }

        #[test]
        fn sentences_are_trimmed_ordered_slices(s in text()) {
            let mut last_end = 0;
            for span in sentences(&s) {
                prop_assert!(span.start < span.end, "empty sentence {span:?}");
                prop_assert!(span.start >= last_end, "overlapping sentence {span:?}");
                prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
                let slice = s.get(span.start..span.end);
                prop_assert!(slice.is_some(), "{span:?} does not slice {s:?}");
                let slice = slice.unwrap_or_default();
                prop_assert_eq!(slice, slice.trim());
                prop_assert_eq!(span.slice(&s), slice);
                last_end = span.end;
            }
        }

        #[test]
        fn fold_and_stem_never_panic_and_stem_is_a_part_of_its_input(s in text()) {
            let folded = fold(&s);
            prop_assert_eq!(fold(&folded), folded.clone(), "fold is not idempotent");
            for w in folded.split_whitespace().chain([folded.as_str(), s.as_str()]) {
                let st = stem(w);
                prop_assert!(w.contains(st), "stem {st:?} is not inside {w:?}");
            }
            for t in tokens(&s) {
                let st = stem(&t.norm);
                prop_assert!(t.norm.contains(st));
                let _ = term_of(&t);
            }
        }

        #[test]
        fn analysis_and_anchors_never_panic(title in text(), body in text()) {
            let a = Analysis::new(&title, &body);
            prop_assert!(a.words <= body.chars().count());
            prop_assert!(a.anchors.windows(2).all(|w| w[0] < w[1]), "anchors not sorted and unique");
            prop_assert!(a.sentences.windows(2).all(|w| w[0] < w[1]), "sentences not sorted and unique");
            for x in &a.anchors {
                prop_assert!(!x.label().is_empty());
            }
            let toks = tokens(&body);
            let _ = anchors(toks.iter().map(|t| t.norm.as_str()));
            let _ = anchors(body.split_whitespace());
            let _ = anchors(fold(&body).split_whitespace());
        }
    }
}
