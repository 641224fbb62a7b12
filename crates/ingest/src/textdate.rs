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

/// A year in digits, with its era letter written on or not («2015م»,
/// «1436هـ»): the number and the letter («» when none).
fn year_of(t: &Token) -> Option<(u32, &str)> {
    let digits = t.norm.bytes().take_while(u8::is_ascii_digit).count();
    let (n, era) = t.norm.split_at(digits);
    matches!(era, "" | "م" | "ه")
        .then(|| n.parse().ok())
        .flatten()
        .map(|n| (n, era))
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
                let year = toks.get(i + 1 + used).and_then(year_of);
                if let Some(y) = year.filter(|(_, era)| *era != "ه").map(|(y, _)| y) {
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
    let date = date
        .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))
        .or_else(|| {
            hijri_in_line(&toks).map(|(d, end)| {
                after = end;
                d
            })
        })?;
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

/// Hijri month names as folded words (one or two), in month order.
const HIJRI: [&[&str]; 12] = [
    &["محرم"],
    &["صفر"],
    &["ربيع الاول", "ربيع اول"],
    &["ربيع الاخر", "ربيع الثاني", "ربيع ثاني"],
    &["جمادي الاولي", "جمادي الاول", "جمادي اولي"],
    &["جمادي الاخره", "جمادي الاخر", "جمادي الثانيه", "جمادي الثاني"],
    &["رجب"],
    &["شعبان"],
    &["رمضان"],
    &["شوال"],
    &["ذو القعده", "ذي القعده"],
    &["ذو الحجه", "ذي الحجه"],
];

/// A Hijri date "D MONTH YYYY هـ" (the era mark is required: صفر is also
/// "zero" and محرم "forbidden"), converted with the arithmetic (tabular)
/// Islamic calendar, which can differ by a day from the sighted or Umm
/// al-Qura calendars. Only used when the line has no Gregorian date.
/// Returns the date and the index of the token after it.
fn hijri_in_line(toks: &[Token]) -> Option<(NaiveDate, usize)> {
    for i in 0..toks.len() {
        let Some(day) = num(&toks[i]).filter(|d| (1..=30).contains(d)) else {
            continue;
        };
        let word = |k: usize| toks.get(k).map_or("", |t| t.norm.as_str());
        let (month, used) = HIJRI.iter().enumerate().find_map(|(m, names)| {
            names.iter().find_map(|n| {
                let parts: Vec<&str> = n.split(' ').collect();
                let matches = parts.iter().enumerate().all(|(j, p)| word(i + 1 + j) == *p);
                matches.then_some((m as u32 + 1, parts.len()))
            })
        })?;
        let (year, glued) = toks.get(i + 1 + used).and_then(year_of)?;
        let era = if glued.is_empty() {
            word(i + 2 + used)
        } else {
            glued
        };
        if !(1300..=1600).contains(&year)
            || !matches!(era, "ه" | "هـ" | "هجري" | "هجريه" | "للهجره")
        {
            continue;
        }
        let after = i + 2 + used + usize::from(glued.is_empty());
        return hijri_to_gregorian(year, month, day).map(|d| (d, after));
    }
    None
}

/// The tabular Islamic calendar's day as a Gregorian date (via the Julian
/// day number; 1 Muharram 1 AH is JDN 1948440).
fn hijri_to_gregorian(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let (y, m, d) = (year as i64, month as i64, day as i64);
    let jdn = d
        + (59 * (m - 1)).div_euclid(2)
        + (m - 1) % 2
        + (y - 1) * 354
        + (3 + 11 * y) / 30
        + 1_948_439;
    NaiveDate::from_num_days_from_ce_opt((jdn - 1_721_425) as i32)
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
    fn reads_a_dateline_with_era_marks_glued_to_the_years() {
        // A wire dateline: the Hijri date, then the Gregorian one, each
        // year with its era letter written on («هـ», «م»).
        assert_eq!(
            read("الرياض 25 شوال 1436هـ الموافق 10 أغسطس 2015م واس\nنص الخبر").as_deref(),
            Some("2015-08-10 00:00")
        );
        // The Hijri date alone, by the tabular calendar (a day after Umm
        // al-Qura's 10 August here).
        assert_eq!(
            read("الرياض 25 شوال 1436هـ واس\nنص الخبر").as_deref(),
            Some("2015-08-11 00:00")
        );
        // A year with another letter on it is no year.
        assert_eq!(read("الرياض 25 أغسطس 2015ب\nنص").as_deref(), None);
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
    fn hijri_dates_when_no_gregorian_one() {
        assert_eq!(
            read("عنوان\nالأحد 5 رمضان 1445 هـ").as_deref(),
            Some("2024-03-15 00:00")
        );
        // The arithmetic calendar; Umm al-Qura began 1446 a day earlier.
        assert_eq!(
            read("عنوان\n1 محرم 1446 هـ - 10:15").as_deref(),
            Some("2024-07-08 10:15")
        );
        // The Gregorian date beside it wins; without the era mark, no date.
        assert_eq!(
            read("عنوان\n5 رمضان 1445 هـ الموافق 16 مارس 2024").as_deref(),
            Some("2024-03-16 00:00")
        );
        assert_eq!(read("عنوان\n5 صفر 1445"), None);
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
