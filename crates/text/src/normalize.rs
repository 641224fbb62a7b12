//! Lossy folding for matching. Never applied to text shown to people.

/// True for Arabic diacritics (harakat, tanween, shadda, sukun, dagger alef,
/// Quranic marks) and tatweel: characters that matching ignores.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}')
}

/// `c.is_alphabetic()`, answered at once for ASCII and the Arabic letters
/// (nearly all of the text): Unicode's table search costs hundreds of
/// instructions a character, and cleaning and sentence splitting ask it of
/// most characters of every article.
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7F}' => false,
        '\u{0621}'..='\u{064A}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`, as fast as [`is_letter`] for ASCII, the Arabic
/// letters and the Arabic-Indic digits.
pub fn is_letter_or_digit(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7F}' => false,
        '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Folds one character for matching, or drops it (`None`).
///
/// Alef forms → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian kaf/yeh → Arabic,
/// Arabic-Indic and Persian digits → ASCII, Latin → lower case; diacritics and
/// tatweel are dropped.
pub fn fold_char(c: char) -> Option<char> {
    // Most letters of a text fold to themselves: answered first.
    if matches!(c, '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | 'ا' | 'ب' | 'ي' | 'ء' | ' ')
    {
        return Some(c);
    }
    if is_arabic_mark(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ئ' | 'ی' | 'ې' => 'ي',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        'A'..='Z' => c.to_ascii_lowercase(),
        // Arabic letters and ASCII have no case: skip the slow case lookup.
        '\u{0}'..='\u{7F}' | '\u{0600}'..='\u{06FF}' => c,
        _ if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        _ => c,
    })
}

/// Folds a whole string for matching (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_letter_tests_answer_as_unicode_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn folds_arabic_forms_and_digits() {
        assert_eq!(fold("إِسْلامٌ"), "اسلام");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("٢٠٢١ و۱۴"), "2021 و14");
        assert_eq!(fold("جـــديد"), "جديد");
        assert_eq!(fold("NATO"), "nato");
    }
}
