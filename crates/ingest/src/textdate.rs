//! Publish dates written in the visible text of scraped pages: a short line
//! near the top such as "الأحد 08 آذار 2026 - 13:55", "05/03/2026 - 19:05" or
//! "2026-03-01". A date needs a day, a month and a year: a bare year is never
//! taken for a date.

use chrono::{DateTime, NaiveDate, Utc};
use marsad_text::{numbers, tokens, Token};

/// Lines longer than this (in words) are body text, not a date line.
const MAX_WORDS: usize = 12;

/// The first date line among the text's opening lines, read in `tz`.
pub fn date_from_text(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .filter(|l| l.split_whitespace().count() <= MAX_WORDS)
        .find_map(|l| date_in_line(l, tz))
}

fn num(t: &Token) -> Option<u32> {
    t.is_number().then(|| t.norm.parse().ok()).flatten()
}

/// True when only `sep` characters (and spaces) stand between two tokens.
fn joined(line: &str, a: &Token, b: &Token, sep: &[char]) -> bool {
    let between = line[a.end..b.start].trim();
    between.chars().count() == 1 && between.chars().all(|c| sep.contains(&c))
}

/// The first date (with its time, when one follows) written in one line.
pub(crate) fn date_in_line(line: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let toks = tokens(line);
    let mut date = None;
    let mut after = 0;
    for i in 0..toks.len() {
        let Some(a) = num(&toks[i]) else { continue };
        // D MONTH YYYY, with Arabic, Levantine or "كانون الثاني" month names.
        if let Some(next) = toks.get(i + 1) {
            let next2 = toks.get(i + 2).map_or("", |t| t.norm.as_str());
            if let Some((m, used)) = numbers::month(&next.norm, next2) {
                if let Some(y) = toks.get(i + 1 + used).and_then(num) {
                    date = NaiveDate::from_ymd_opt(y as i32, m as u32, a);
                    after = i + 2 + used;
                }
            }
        }
        // DD/MM/YYYY, DD-MM-YYYY, YYYY-MM-DD, YYYY/MM/DD.
        if date.is_none() && i + 2 < toks.len() {
            let (b, c) = (num(&toks[i + 1]), num(&toks[i + 2]));
            let seps = ['/', '-', '.'];
            if let (Some(b), Some(c)) = (b, c) {
                if joined(line, &toks[i], &toks[i + 1], &seps)
                    && joined(line, &toks[i + 1], &toks[i + 2], &seps)
                {
                    date = if a > 1900 {
                        NaiveDate::from_ymd_opt(a as i32, b, c)
                    } else {
                        NaiveDate::from_ymd_opt(c as i32, b, a)
                    };
                    after = i + 3;
                }
            }
        }
        if date.is_some() {
            break;
        }
    }
    let date = date.filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))?;
    // An HH:MM after the date, when there is one.
    let mut time = date.and_hms_opt(0, 0, 0)?;
    for j in after..toks.len().saturating_sub(1) {
        if let (Some(h), Some(m)) = (num(&toks[j]), num(&toks[j + 1])) {
            if joined(line, &toks[j], &toks[j + 1], &[':']) {
                // "06:30 م" / "مساء" is 18:30; "ص" / "صباحا" stays.
                let pm = toks
                    .get(j + 2)
                    .is_some_and(|t| matches!(t.norm.as_str(), "م" | "مساء" | "مساءا" | "pm"));
                let h = if pm && h < 12 { h + 12 } else { h };
                if let Some(t) = date.and_hms_opt(h, m, 0) {
                    time = t;
                }
                break;
            }
        }
    }
    crate::time::local_to_utc(time, tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<String> {
        date_from_text(text, chrono_tz::UTC).map(|t| t.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn reads_date_lines_in_several_forms() {
        assert_eq!(
            read("عنوان\n\nالأحد 08 آذار 2026 - 13:55\n\nنص").as_deref(),
            Some("2026-03-08 13:55")
        );
        assert_eq!(
            read("عنوان\nآخر تحديث: 05/03/2026 - 19:05").as_deref(),
            Some("2026-03-05 19:05")
        );
        assert_eq!(
            read("عنوان\n٢٠٢٦-٠٣-٠١").as_deref(),
            Some("2026-03-01 00:00")
        );
        assert_eq!(
            read("عنوان\nالثلاثاء 23 فبراير 2021").as_deref(),
            Some("2021-02-23 00:00")
        );
        assert_eq!(
            read("عنوان\n10 كانون الثاني 2026").as_deref(),
            Some("2026-01-10 00:00")
        );
    }

    #[test]
    fn afternoon_marks_move_the_hour() {
        assert_eq!(
            read("عنوان\nالإثنين، 02 سبتمبر 2024 06:30 م").as_deref(),
            Some("2024-09-02 18:30")
        );
        assert_eq!(
            read("عنوان\n02 سبتمبر 2024 06:30 ص").as_deref(),
            Some("2024-09-02 06:30")
        );
    }

    #[test]
    fn never_takes_a_bare_year_or_body_text() {
        assert_eq!(read("عنوان\nموسم 2026"), None);
        assert_eq!(
            read("عنوان\nوقال الوزير إن المشروع الذي بدأ في 8 آذار 2026 سيكتمل خلال عامين كما هو مخطط له منذ البداية"),
            None
        );
    }
}
