//! The relative-date reader and resolver: "مساء الثلاثاء", "أمس", "الأسبوع
//! الماضي", "قبل نحو شهر", "في وقت مبكر من صباح الأربعاء", "28 يناير",
//! resolved against an article's publish date when it is known, and kept
//! relative (and said to be so) when it is not.

use chrono::{Datelike, Days, Months, NaiveDate};
use marsad_core::Span;
use marsad_text::Token;

/// The word without a leading conjunction (و ف) when a word remains: the
/// lists below hold bare words.
fn bare(norm: &str) -> &str {
    match norm.strip_prefix(['و', 'ف']) {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => norm,
    }
}

/// The part of a day an expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Dawn,
    EarlyMorning,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
    LateNight,
}

impl Part {
    pub fn arabic(self) -> &'static str {
        match self {
            Part::Dawn => "فجر",
            Part::EarlyMorning => "في وقت مبكر من صباح",
            Part::Morning => "صباح",
            Part::Noon => "ظهر",
            Part::Afternoon => "عصر",
            Part::Evening => "مساء",
            Part::Night => "ليلة",
            Part::LateNight => "في وقت متأخر من ليل",
        }
    }
}

/// A unit of time for "قبل N …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// What day (or days) an expression names, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum When {
    /// 0 = Sunday … 6 = Saturday; `shift` is -1 for "الماضي", +1 for "المقبل", 0 plain.
    Weekday { day: u8, shift: i8 },
    /// Days from the publish date: أمس = -1, أول أمس = -2, اليوم = 0, غدا = +1.
    DayOffset { days: i32 },
    /// "قبل N وحدات" / "منذ N …".
    Ago { n: u32, unit: Unit, approx: bool },
    /// "قبل أيام": a few days back.
    FewDaysAgo,
    /// The previous (-1), current (0) or next (+1) week, month or year.
    Period { unit: Unit, shift: i8 },
    /// A calendar date; year when written; `ahead` when said to come
    /// ("26 فبراير المقبل").
    Date {
        day: u32,
        month: u32,
        year: Option<i32>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        ahead: bool,
    },
    /// A month, with "الماضي" (shift -1) or alone.
    Month { month: u32, year: Option<i32> },
}

/// One date expression read from a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub span: Span,
    pub when: When,
    pub part: Option<Part>,
    pub tokens: (usize, usize),
}

/// A resolved date: one day or a range of days, or nothing known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Resolved {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// True when the expression could not be anchored (no publish date).
    pub relative: bool,
    /// True for "قبل نحو شهر"-style approximations.
    pub approx: bool,
}

const WEEKDAYS: &[(&str, u8)] = &[
    ("الاحد", 0),
    ("الاثنين", 1),
    ("الثلاثاء", 2),
    ("الاربعاء", 3),
    ("الخميس", 4),
    ("الجمعه", 5),
    ("السبت", 6),
];

fn weekday(norm: &str) -> Option<u8> {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    let w = w
        .strip_prefix('ب')
        .filter(|r| r.starts_with("ال"))
        .unwrap_or(w);
    let w = if let Some(r) = w.strip_prefix("لل") {
        format!("ال{r}")
    } else {
        w.to_owned()
    };
    WEEKDAYS.iter().find(|(x, _)| *x == w).map(|x| x.1)
}

/// True for a word that names a day on its own: a weekday, أمس, اليوم, غدا.
pub fn is_day_word(norm: &str) -> bool {
    weekday(norm).is_some()
        || matches!(
            norm,
            "امس"
                | "بالامس"
                | "وامس"
                | "الامس"
                | "اليوم"
                | "واليوم"
                | "غدا"
                | "وغدا"
                | "الليله"
        )
}

fn part(norm: &str) -> Option<Part> {
    Some(match bare(norm) {
        "فجر" => Part::Dawn,
        "صباح" | "صبيحه" => Part::Morning,
        "ظهر" | "ظهيره" => Part::Noon,
        "عصر" => Part::Afternoon,
        "مساء" => Part::Evening,
        "ليله" | "ليل" => Part::Night,
        _ => return None,
    })
}

fn shift_word(norm: &str) -> i8 {
    match norm {
        "الماضي" | "الماضيه" | "المنصرم" | "المنصرمه" | "السابق" | "الفايت" => {
            -1
        }
        "المقبل" | "المقبله" | "القادم" | "القادمه" => 1,
        "الجاري" | "الحالي" | "الجاريه" | "الحاليه" => 0,
        _ => i8::MIN,
    }
}

fn unit(norm: &str) -> Option<(Unit, Option<u32>)> {
    Some(match bare(norm) {
        "يوم" | "ايام" => (Unit::Day, None),
        "يومين" | "يومان" => (Unit::Day, Some(2)),
        "اسبوع" | "اسابيع" => (Unit::Week, None),
        "اسبوعين" | "اسبوعان" => (Unit::Week, Some(2)),
        "شهر" | "اشهر" | "شهور" => (Unit::Month, None),
        "شهرين" | "شهران" => (Unit::Month, Some(2)),
        "عام" | "سنه" | "اعوام" | "سنوات" | "سنين" => (Unit::Year, None),
        "عامين" | "سنتين" | "عامان" => (Unit::Year, Some(2)),
        _ => return None,
    })
}

fn small_number(norm: &str) -> Option<u32> {
    if let Ok(n) = bare(norm).parse::<u32>() {
        return Some(n);
    }
    const WORDS: &[(&str, u32)] = &[
        ("ثلاثه", 3),
        ("ثلاث", 3),
        ("اربعه", 4),
        ("اربع", 4),
        ("خمسه", 5),
        ("خمس", 5),
        ("سته", 6),
        ("ست", 6),
        ("سبعه", 7),
        ("سبع", 7),
        ("ثمانيه", 8),
        ("ثماني", 8),
        ("تسعه", 9),
        ("تسع", 9),
        ("عشره", 10),
        ("عشر", 10),
    ];
    WORDS.iter().find(|(w, _)| *w == bare(norm)).map(|x| x.1)
}

fn month_at(toks: &[Token], j: usize) -> Option<(u32, usize)> {
    let w = toks.get(j)?.norm.as_str();
    let next = toks.get(j + 1).map_or("", |t| t.norm.as_str());
    let (m, used) = marsad_text::numbers::month(w, next)?;
    Some((m as u32, used))
}

fn year_at(toks: &[Token], j: usize) -> Option<i32> {
    let y: i32 = toks.get(j)?.norm.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// Reads every date expression in `text` (whose tokens are `toks`).
pub fn read(toks: &[Token]) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match read_at(toks, i) {
            // "صلاة الجمعة", "خطبة الجمعة", "لصلاة الجمعة": the prayer of
            // Fridays, no day.
            Some((When::Weekday { day: 5, .. }, _, first, last))
                if first > 0 && friday_prayer(&toks[first - 1].norm) =>
            {
                i = last + 1;
            }
            // «قد غدا», «وقد غدت»: the verb (it has become), no tomorrow.
            Some((When::DayOffset { days: 1 }, _, first, last))
                if first > 0
                    && matches!(toks[first - 1].norm.as_str(), "قد" | "وقد" | "فقد" | "لقد") =>
            {
                i = last + 1;
            }
            Some((when, part, first, last)) => {
                out.push(DateMention {
                    span: Span::new(toks[first].start, toks[last].end),
                    when,
                    part,
                    tokens: (first, last),
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// A word of the Friday prayer («صلاة», «خطبة», «خطيب», «إمام»), also with
/// a preposition on it («لصلاة», «بخطبة»).
fn friday_prayer(norm: &str) -> bool {
    const WORDS: &[&str] = &["صلاه", "خطبه", "خطيب", "امام", "جامع", "صلوات"];
    let b = crate::words::bare_noun(norm);
    WORDS.contains(&b)
        || b.strip_prefix(['ل', 'ب', 'ك'])
            .is_some_and(|r| WORDS.contains(&r))
}

/// The day expression at `i` (after any part-of-day words): (when, last token).
fn day_at(toks: &[Token], i: usize) -> Option<(When, usize)> {
    let w = toks.get(i)?.norm.as_str();
    let next = toks.get(i + 1).map_or("", |t| t.norm.as_str());
    let b = bare(w);
    // "يوم الاثنين"
    if b == "يوم" && weekday(next).is_some() {
        return day_at(toks, i + 1);
    }
    if let Some(day) = weekday(w) {
        let mut last = i;
        let mut shift = 0;
        let s = shift_word(next);
        if s != i8::MIN && s != 0 {
            shift = s;
            last += 1;
        }
        // "الثلاثاء 23 فبراير": the date wins, the weekday confirms it.
        if let Some((when, l)) = date_at(toks, last + 1) {
            return Some((when, l));
        }
        return Some((When::Weekday { day, shift }, last));
    }
    match w {
        "امس" | "بالامس" | "وامس" | "الامس" => {
            // "أمس الخميس": the weekday names the day (the one before the
            // publish date, which may be days after the writing).
            if let Some(day) = weekday(next) {
                return Some((When::Weekday { day, shift: 0 }, i + 1));
            }
            return Some((When::DayOffset { days: -1 }, i));
        }
        "اليوم" | "واليوم" => {
            // "اليوم الاثنين": the weekday names today.
            if let Some(day) = weekday(next) {
                return Some((When::Weekday { day, shift: 0 }, i + 1));
            }
            return Some((When::DayOffset { days: 0 }, i));
        }
        "غدا" | "وغدا" => {
            // "غدا الاثنين": the weekday names the day, the next one.
            if let Some(day) = weekday(next) {
                return Some((When::Weekday { day, shift: 1 }, i + 1));
            }
            return Some((When::DayOffset { days: 1 }, i));
        }
        "الليله" => return Some((When::DayOffset { days: 0 }, i)),
        _ => {}
    }
    if b == "اول" && next == "امس" {
        return Some((When::DayOffset { days: -2 }, i + 1));
    }
    if b == "اول" && next == "من" && toks.get(i + 2).is_some_and(|t| t.norm == "امس") {
        return Some((When::DayOffset { days: -2 }, i + 2));
    }
    date_at(toks, i)
}

/// The day of the month an ordinal says before «من» and a month
/// («السادس والعشرين من فبراير», «الأول من مارس», «الحادي عشر من»): the day
/// and the index of «من». Only with the article, where the ordinal cannot
/// be a plain adjective of something else.
fn ordinal_day(toks: &[Token], i: usize) -> Option<(u32, usize)> {
    let w = toks.get(i)?.norm.as_str();
    let at = |k: usize| toks.get(k).map_or("", |t| t.norm.as_str());
    if !w.starts_with("ال") {
        return None;
    }
    let (day, last) = match marsad_text::numbers::ordinal(w) {
        // «الحادي» says one only before «عشر» or a tens word.
        Some(n @ 1..=11) => {
            let units = if n == 11 { 1 } else { n };
            match bare(at(i + 1)) {
                "عشر" | "عشره" => (units + 10, i + 1),
                t if crate::numbers::is_tens(t) => {
                    let tens = if t.contains("عشر") { 20 } else { 30 };
                    (units + tens, i + 1)
                }
                _ if n == 11 => return None,
                _ => (n, i),
            }
        }
        _ => match w {
            "العشرين" => (20, i),
            "الثلاثين" => (30, i),
            _ => return None,
        },
    };
    ((1..=31).contains(&day) && at(last + 1) == "من").then_some((day, last + 1))
}

/// "23 فبراير [2021]", "يناير الماضي", "كانون الثاني 2021", "السادس
/// والعشرين من فبراير 2016".
fn date_at(toks: &[Token], i: usize) -> Option<(When, usize)> {
    let t = toks.get(i)?;
    let numeric = bare(&t.norm).parse::<u32>().ok();
    // The day, and the token after which its month comes.
    let day = ordinal_day(toks, i).or(numeric.filter(|d| (1..=31).contains(d)).map(|d| (d, i)));
    if day.is_some() || numeric.is_some() {
        if let Some((day, i)) = day {
            if let Some((month, used)) = month_at(toks, i + 1) {
                let mut last = i + used;
                // "23 شباط/فبراير": a second name of the same month.
                if let Some((m2, u2)) = month_at(toks, last + 1) {
                    if m2 == month {
                        last += u2;
                    }
                }
                let year = year_at(toks, last + 1);
                if year.is_some() {
                    last += 1;
                }
                let ahead =
                    year.is_none() && toks.get(last + 1).is_some_and(|t| shift_word(&t.norm) == 1);
                if ahead {
                    last += 1;
                }
                return Some((
                    When::Date {
                        day,
                        month,
                        year,
                        ahead,
                    },
                    last,
                ));
            }
        }
        return None;
    }
    let (month, used) = month_at(toks, i)?;
    let mut last = i + used - 1;
    if let Some((m2, u2)) = month_at(toks, last + 1) {
        if m2 == month {
            last += u2;
        }
    }
    let year = year_at(toks, last + 1);
    if year.is_some() {
        last += 1;
    }
    let s = toks.get(last + 1).map_or(i8::MIN, |t| shift_word(&t.norm));
    if year.is_none() && s != -1 {
        // A month name alone is too often something else (مارس "he practised",
        // مايو, أيار in names); ask for a year or "الماضي".
        return None;
    }
    if s == -1 {
        last += 1;
    }
    Some((When::Month { month, year }, last))
}

fn read_at(toks: &[Token], i: usize) -> Option<(When, Option<Part>, usize, usize)> {
    let w = toks[i].norm.as_str();
    let at = |k: usize| toks.get(i + k).map_or("", |t| t.norm.as_str());
    // "في وقت مبكر من صباح X", "في وقت متأخر من ليل X"
    if w == "وقت" && matches!(at(1), "مبكر" | "متاخر") && at(2) == "من" {
        let first = if i > 0 && toks[i - 1].norm == "في" {
            i - 1
        } else {
            i
        };
        let p = part(at(3))?;
        let p = match (at(1), p) {
            ("مبكر", _) => Part::EarlyMorning,
            (_, Part::Evening | Part::Night) => Part::LateNight,
            (_, p) => p,
        };
        let (when, last) = day_at(toks, i + 4)?;
        return Some((when, Some(p), first, last));
    }
    if let Some(p) = part(w) {
        if let Some((when, last)) = day_at(toks, i + 1) {
            return Some((when, Some(p), i, last));
        }
        // "مساء أمس", "ليلة أمس" are read above; a bare "مساء" is no date.
        return None;
    }
    // "قبل [نحو] N أيام", "منذ شهرين", "قبل أيام"
    // ("منذ ثلاث سنوات" is a duration, "since", not a date.)
    if bare(w) == "قبل" {
        let mut j = i + 1;
        let mut approx = false;
        if matches!(bare(at(1)), "نحو" | "حوالي" | "قرابه" | "زهاء") {
            approx = true;
            j += 1;
        }
        let n = toks.get(j).and_then(|t| small_number(&t.norm));
        let u_at = if n.is_some() { j + 1 } else { j };
        let (unit, dual) = unit(toks.get(u_at).map(|t| t.norm.as_str()).unwrap_or(""))?;
        let plural_days = matches!(bare(&toks[u_at].norm), "ايام");
        let n = n.or(dual);
        if n.is_none() && plural_days {
            return Some((When::FewDaysAgo, None, i, u_at));
        }
        if n.is_none()
            && matches!(
                bare(&toks[u_at].norm),
                "اسابيع" | "اشهر" | "شهور" | "سنوات" | "اعوام"
            )
        {
            return None;
        }
        return Some((
            When::Ago {
                n: n.unwrap_or(1),
                unit,
                approx,
            },
            None,
            i,
            u_at,
        ));
    }
    // "الأسبوع الماضي", "الشهر المقبل", "العام الماضي", "هذا الأسبوع"
    let period = match w {
        "الاسبوع" => Some(Unit::Week),
        "الشهر" => Some(Unit::Month),
        "العام" | "السنه" => Some(Unit::Year),
        _ => None,
    };
    if let Some(unit) = period {
        let s = shift_word(at(1));
        if s != i8::MIN {
            return Some((When::Period { unit, shift: s }, None, i, i + 1));
        }
        if i > 0 && matches!(toks[i - 1].norm.as_str(), "هذا" | "هذه") {
            return Some((When::Period { unit, shift: 0 }, None, i - 1, i));
        }
        return None;
    }
    let (when, last) = day_at(toks, i)?;
    Some((when, None, i, last))
}

fn days_from_sunday(d: NaiveDate) -> u32 {
    d.weekday().num_days_from_sunday()
}

fn back(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(n))
}

fn fwd(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(n))
}

fn month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

/// Resolves an expression against the publish date `published`, when known.
pub fn resolve(when: &When, published: Option<NaiveDate>) -> Resolved {
    let unknown = Resolved {
        from: None,
        to: None,
        relative: true,
        approx: false,
    };
    let day = |d: Option<NaiveDate>| Resolved {
        from: d,
        to: d,
        relative: d.is_none(),
        approx: false,
    };
    let range = |r: Option<(NaiveDate, NaiveDate)>| match r {
        Some((a, b)) => Resolved {
            from: Some(a),
            to: Some(b),
            relative: false,
            approx: false,
        },
        None => unknown,
    };
    // A date with its year needs no publish date.
    if let When::Date {
        day: d,
        month,
        year: Some(y),
        ..
    } = *when
    {
        return day(NaiveDate::from_ymd_opt(y, month, d));
    }
    if let When::Month {
        month,
        year: Some(y),
    } = *when
    {
        return range(month_range(y, month));
    }
    let Some(p) = published else { return unknown };
    match *when {
        When::Weekday { day: d, shift } => {
            let today = days_from_sunday(p) as i64;
            let mut delta = (today - d as i64).rem_euclid(7);
            match shift {
                -1 if delta == 0 => delta = 7,
                1 => {
                    let ahead = (d as i64 - today).rem_euclid(7);
                    return day(fwd(p, if ahead == 0 { 7 } else { ahead as u64 }));
                }
                _ => {}
            }
            day(back(p, delta as u64))
        }
        When::DayOffset { days } => {
            if days < 0 {
                day(back(p, (-days) as u64))
            } else {
                day(fwd(p, days as u64))
            }
        }
        When::Ago { n, unit, approx } => {
            let d = match unit {
                Unit::Day => back(p, n as u64),
                Unit::Week => back(p, 7 * n as u64),
                Unit::Month => p.checked_sub_months(Months::new(n)),
                Unit::Year => p.checked_sub_months(Months::new(12 * n)),
            };
            Resolved { approx, ..day(d) }
        }
        When::FewDaysAgo => Resolved {
            approx: true,
            ..range(back(p, 7).zip(back(p, 2)))
        },
        When::Period { unit, shift } => match unit {
            Unit::Week => {
                let start = back(p, days_from_sunday(p) as u64);
                let start = start.and_then(|s| match shift {
                    -1 => back(s, 7),
                    1 => fwd(s, 7),
                    _ => Some(s),
                });
                range(start.and_then(|s| Some((s, fwd(s, 6)?))))
            }
            Unit::Month => {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1);
                let m = first.and_then(|f| match shift {
                    -1 => f.checked_sub_months(Months::new(1)),
                    1 => f.checked_add_months(Months::new(1)),
                    _ => Some(f),
                });
                range(m.and_then(|m| month_range(m.year(), m.month())))
            }
            Unit::Year | Unit::Day => {
                let y = p.year() + shift as i32;
                range(NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31)))
            }
        },
        When::Date {
            day: d,
            month,
            year: None,
            ahead,
        } => {
            // The latest such date on or before publication (news looks back),
            // unless it is within a week ahead (an announced date); the
            // first one after publication when said to come.
            let this = NaiveDate::from_ymd_opt(p.year(), month, d);
            if ahead {
                return match this {
                    Some(t) if t > p => day(Some(t)),
                    _ => day(NaiveDate::from_ymd_opt(p.year() + 1, month, d)),
                };
            }
            match this {
                Some(t) if t > p && (t - p).num_days() > 7 => {
                    day(NaiveDate::from_ymd_opt(p.year() - 1, month, d))
                }
                t => day(t),
            }
        }
        When::Month { month, year: None } => {
            let y = if month > p.month() {
                p.year() - 1
            } else {
                p.year()
            };
            let y = if month == p.month() { p.year() - 1 } else { y };
            range(month_range(y, month))
        }
        When::Date { .. } | When::Month { .. } => unknown,
    }
}

/// An expression said plainly in Arabic ("مساء الثلاثاء", "أمس", "قبل نحو شهر").
pub fn describe(when: &When, part: Option<Part>) -> String {
    use marsad_text::numbers::{MONTHS_AR as MONTHS, WEEKDAYS_AR as DAYS};
    let unit_ar = |u: Unit, n: u32| -> String {
        let (one, two, many) = match u {
            Unit::Day => ("يوم", "يومين", "أيام"),
            Unit::Week => ("أسبوع", "أسبوعين", "أسابيع"),
            Unit::Month => ("شهر", "شهرين", "أشهر"),
            Unit::Year => ("عام", "عامين", "أعوام"),
        };
        match n {
            1 => one.into(),
            2 => two.into(),
            n => format!("{n} {many}"),
        }
    };
    let base = match *when {
        When::Weekday { day, shift } => {
            let d = DAYS[day as usize % 7];
            match shift {
                -1 => format!("{d} الماضي"),
                1 => format!("{d} المقبل"),
                _ => d.to_string(),
            }
        }
        When::DayOffset { days } => match days {
            -2 => "أول أمس".into(),
            -1 => "أمس".into(),
            0 => "اليوم".into(),
            1 => "غدًا".into(),
            n => format!("{n} يوم"),
        },
        When::Ago { n, unit, approx } => {
            format!(
                "قبل {}{}",
                if approx { "نحو " } else { "" },
                unit_ar(unit, n)
            )
        }
        When::FewDaysAgo => "قبل أيام".into(),
        When::Period { unit, shift } => {
            let u = match unit {
                Unit::Week => "الأسبوع",
                Unit::Month => "الشهر",
                Unit::Year | Unit::Day => "العام",
            };
            match shift {
                -1 => format!("{u} الماضي"),
                1 => format!("{u} المقبل"),
                _ => format!("{u} الجاري"),
            }
        }
        When::Date {
            day, month, year, ..
        } => {
            let m = MONTHS[(month as usize + 11) % 12];
            match year {
                Some(y) => format!("{day} {m} {y}"),
                None => format!("{day} {m}"),
            }
        }
        When::Month { month, year } => {
            let m = MONTHS[(month as usize + 11) % 12];
            match year {
                Some(y) => format!("{m} {y}"),
                None => format!("{m} الماضي"),
            }
        }
    };
    match part {
        Some(p) => format!("{} {base}", p.arabic()),
        None => base,
    }
}

/// The weekday of a date, 0 = Sunday.
pub fn weekday_index(d: NaiveDate) -> u8 {
    d.weekday().num_days_from_sunday() as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_text::tokens;

    /// Reads the one expression in `text` and resolves it against `published`
    /// ("" when unknown): "FROM[..TO][ ~] | ARABIC", or "relative | ARABIC".
    fn check(text: &str, published: &str) -> String {
        let toks = tokens(text);
        let found = read(&toks);
        let Some(m) = found.first() else {
            return "none".into();
        };
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let r = resolve(&m.when, p);
        let said = describe(&m.when, m.part);
        let when = match (r.from, r.to) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}..{b}"),
            _ => "relative".into(),
        };
        format!("{when}{} | {said}", if r.approx { " ~" } else { "" })
    }

    #[test]
    fn resolves_the_table() {
        // 2021-02-24 is a Wednesday.
        let w = "2021-02-24";
        let cases: &[(&str, &str, &str)] = &[
            ("قال مساء الثلاثاء إنه", w, "2021-02-23 | مساء الثلاثاء"),
            ("مساء الثلاثاء", "", "relative | مساء الثلاثاء"),
            ("الأربعاء", w, "2021-02-24 | الأربعاء"),
            (
                "في وقت مبكر من صباح الأربعاء",
                w,
                "2021-02-24 | في وقت مبكر من صباح الأربعاء",
            ),
            (
                "في وقت مبكر من صباح الأربعاء",
                "",
                "relative | في وقت مبكر من صباح الأربعاء",
            ),
            (
                "في وقت متأخر من مساء الاثنين",
                w,
                "2021-02-22 | في وقت متأخر من ليل الاثنين",
            ),
            ("يوم الاثنين", w, "2021-02-22 | الاثنين"),
            ("الإثنين", w, "2021-02-22 | الاثنين"),
            ("السبت الماضي", w, "2021-02-20 | السبت الماضي"),
            ("الأربعاء الماضي", w, "2021-02-17 | الأربعاء الماضي"),
            ("الأحد الماضي", w, "2021-02-21 | الأحد الماضي"),
            ("الخميس المقبل", w, "2021-02-25 | الخميس المقبل"),
            ("في 10 يناير المقبل", w, "2022-01-10 | 10 يناير"),
            ("في 10 مارس المقبل", w, "2021-03-10 | 10 مارس"),
            (
                "يوم السادس والعشرين من فبراير 2016",
                w,
                "2016-02-26 | 26 فبراير 2016",
            ),
            ("في الأول من مارس المقبل", w, "2021-03-01 | 1 مارس"),
            ("الحادي عشر من يناير 2020", w, "2020-01-11 | 11 يناير 2020"),
            (
                "الحادي والثلاثين من ديسمبر 2020",
                w,
                "2020-12-31 | 31 ديسمبر 2020",
            ),
            ("العشرين من فبراير", w, "2021-02-20 | 20 فبراير"),
            ("الفصل الثالث من الكتاب", w, "none"),
            ("الحادي من", w, "none"),
            ("الأربعاء المقبل", w, "2021-03-03 | الأربعاء المقبل"),
            ("والجمعة", w, "2021-02-19 | الجمعة"),
            ("أمس", w, "2021-02-23 | أمس"),
            ("بالأمس", w, "2021-02-23 | أمس"),
            ("مساء أمس", w, "2021-02-23 | مساء أمس"),
            ("أمس", "", "relative | أمس"),
            ("أول أمس", w, "2021-02-22 | أول أمس"),
            ("أول من أمس", w, "2021-02-22 | أول أمس"),
            ("اليوم", w, "2021-02-24 | اليوم"),
            ("مساء اليوم", w, "2021-02-24 | مساء اليوم"),
            ("غداً", w, "2021-02-25 | غدًا"),
            // «قد غدا»: the verb, it has become.
            ("إن ما أنجزه البلدان قد غدا واقعا", w, "none"),
            ("فجر اليوم", w, "2021-02-24 | فجر اليوم"),
            ("ليلة الجمعة", w, "2021-02-19 | ليلة الجمعة"),
            ("الأسبوع الماضي", w, "2021-02-14..2021-02-20 | الأسبوع الماضي"),
            ("الأسبوع المقبل", w, "2021-02-28..2021-03-06 | الأسبوع المقبل"),
            ("هذا الأسبوع", w, "2021-02-21..2021-02-27 | الأسبوع الجاري"),
            ("الأسبوع الماضي", "", "relative | الأسبوع الماضي"),
            ("الشهر الماضي", w, "2021-01-01..2021-01-31 | الشهر الماضي"),
            ("الشهر الجاري", w, "2021-02-01..2021-02-28 | الشهر الجاري"),
            ("العام الماضي", w, "2020-01-01..2020-12-31 | العام الماضي"),
            ("قبل نحو شهر", w, "2021-01-24 ~ | قبل نحو شهر"),
            ("قبل شهر", w, "2021-01-24 | قبل شهر"),
            ("قبل شهرين", w, "2020-12-24 | قبل شهرين"),
            ("قبل ثلاثة أيام", w, "2021-02-21 | قبل 3 أيام"),
            ("قبل 5 أيام", w, "2021-02-19 | قبل 5 أيام"),
            ("قبل يومين", w, "2021-02-22 | قبل يومين"),
            ("قبل أسبوع", w, "2021-02-17 | قبل أسبوع"),
            ("قبل عامين", w, "2019-02-24 | قبل عامين"),
            ("الأعنف منذ ثلاث سنوات", w, "none"),
            ("إطلاق صواريخ اليوم الاثنين", w, "2021-02-22 | الاثنين"),
            // A print edition dated days after its writing: the weekday
            // after «أمس» or «غدا» names the day, not the offset.
            ("وقع الهجوم أمس الأحد", w, "2021-02-21 | الأحد"),
            ("يعقد الاجتماع غدا السبت", w, "2021-02-27 | السبت المقبل"),
            ("وقع الهجوم أمس", w, "2021-02-23 | أمس"),
            ("قبل أيام", w, "2021-02-17..2021-02-22 ~ | قبل أيام"),
            ("قبل أيام", "", "relative | قبل أيام"),
            ("في 28 يناير", w, "2021-01-28 | 28 يناير"),
            ("في 28 يناير", "", "relative | 28 يناير"),
            ("23 فبراير 2021", "", "2021-02-23 | 23 فبراير 2021"),
            ("الثلاثاء 23 فبراير 2021", "", "2021-02-23 | 23 فبراير 2021"),
            ("في 5 ديسمبر", w, "2020-12-05 | 5 ديسمبر"),
            ("في 2 مارس", w, "2021-03-02 | 2 مارس"),
            (
                "منذ تسلم منصبه في يناير كانون الثاني الماضي",
                w,
                "2021-01-01..2021-01-31 | يناير الماضي",
            ),
            (
                "في يناير الماضي",
                "2021-01-20",
                "2020-01-01..2020-01-31 | يناير الماضي",
            ),
            ("في أبريل 2020", "", "2020-04-01..2020-04-30 | أبريل 2020"),
            ("قبل المباراة", w, "none"),
            ("مساء الخير", w, "none"),
            ("الأسبوع", w, "none"),
            ("خلال صلاة الجمعة في المسجد", w, "none"),
            ("ألقى خطبة الجمعة", w, "none"),
            ("خلال أداء المصلين لصلاة الجمعة", w, "none"),
            ("توجهوا بعد ذلك لصلاة الجمعة", w, "none"),
        ];
        let mut failed = Vec::new();
        for (text, published, want) in cases {
            let got = check(text, published);
            if got != *want {
                failed.push(format!(
                    "{text} @ {published:?}: got {got:?}, want {want:?}"
                ));
            }
        }
        assert!(cases.len() >= 40);
        assert!(
            failed.is_empty(),
            "{} of {} failed:\n{}",
            failed.len(),
            cases.len(),
            failed.join("\n")
        );
    }
}
