//! How the terminal views speak: one language per screen (Arabic by
//! default, English when asked), colour or not, and bidirectional
//! isolation of the runs that would otherwise turn a line around.
//!
//! The choice is made once per process by the binary (`--lang`, `--color`)
//! and read by every view, so no view mixes the two languages.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

/// The language of a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ar,
    En,
}

static ENGLISH: AtomicBool = AtomicBool::new(false);
static COLOR: AtomicBool = AtomicBool::new(false);

/// Sets the language of every view for this process.
pub fn set_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Ar
    }
}

/// The label in the screen's language.
pub fn tr<'a>(ar: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Ar => ar,
        Lang::En => en,
    }
}

/// Turns terminal colours on or off for this process.
pub fn set_color(on: bool) {
    COLOR.store(on, Ordering::Relaxed);
}

pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// `s` in bold when colours are on.
pub fn bold(s: &str) -> Cow<'_, str> {
    if color() {
        Cow::Owned(format!("\x1b[1m{s}\x1b[0m"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` dimmed when colours are on (metadata lines).
pub fn dim(s: &str) -> Cow<'_, str> {
    if color() {
        Cow::Owned(format!("\x1b[2m{s}\x1b[0m"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The marks around a matched word: reverse video when colours are on,
/// ⟦ ⟧ otherwise.
pub fn match_marks() -> (&'static str, &'static str) {
    if color() {
        ("\x1b[7m", "\x1b[27m")
    } else {
        ("⟦", "⟧")
    }
}

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A value placed in a line of the other direction, isolated (FSI … PDI)
/// when it holds a letter of the direction opposite to the screen's, so a
/// Latin id at the start of an Arabic line (or an Arabic title in an English
/// one) does not reorder the line around it. Values of the screen's own
/// direction are left as they are.
pub fn iso(s: &str) -> Cow<'_, str> {
    let foreign = match lang() {
        Lang::Ar => s.chars().any(|c| c.is_alphabetic() && !is_rtl(c)),
        Lang::En => s.chars().any(is_rtl),
    };
    if foreign {
        Cow::Owned(format!("{FSI}{s}{PDI}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// "1 input" / "3 inputs" in English; in Arabic the noun follows the
/// number's grammar (one, two, three to ten, eleven and more).
pub fn count(n: usize, ar: [&str; 4], en: [&str; 2]) -> String {
    match lang() {
        Lang::En => format!("{n} {}", if n == 1 { en[0] } else { en[1] }),
        Lang::Ar => {
            // ar: [singular, dual, plural (3–10), accusative singular (11–99)];
            // 0, 100, 101, 102… take the singular.
            if n == 2 {
                // The dual says the number by itself: "مقالان".
                return ar[1].to_owned();
            }
            let word = match (n, n % 100) {
                (_, 3..=10) => ar[2],
                (_, 11..=99) => ar[3],
                _ => ar[0],
            };
            format!("{n} {word}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolation_wraps_only_the_other_direction() {
        set_lang(Lang::Ar);
        assert_eq!(iso("خبر"), "خبر");
        assert_eq!(iso("samples/a.txt"), "\u{2068}samples/a.txt\u{2069}");
        assert_eq!(iso("2026-03-06"), "2026-03-06");
        assert_eq!(
            count(1, ["مدخل", "مدخلان", "مدخلات", "مدخلًا"], ["input", "inputs"]),
            "1 مدخل"
        );
        assert_eq!(
            count(5, ["مدخل", "مدخلان", "مدخلات", "مدخلًا"], ["input", "inputs"]),
            "5 مدخلات"
        );
        set_lang(Lang::En);
        assert_eq!(iso("خبر"), "\u{2068}خبر\u{2069}");
        assert_eq!(count(1, ["", "", "", ""], ["input", "inputs"]), "1 input");
        set_lang(Lang::Ar);
    }
}
