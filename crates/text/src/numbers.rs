//! Numbers, ordinals, weekdays and months: the small words that tell twin
//! events apart (the 3rd relief flight from the 4th, Monday's session from
//! Wednesday's). Everything here works on folded tokens (see [`crate::fold`]).

/// A time or count marker found in a text, for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anchor {
    /// A cardinal number, from digits or words, in tenths (3.5 → 35, 3 → 30)
    /// so that 3.5 and 35 stay apart.
    Number(u64),
    /// An ordinal: الثالث, الرابعة, الحادي عشر.
    Ordinal(u32),
    /// A weekday, 0 = Sunday (الأحد) … 6 = Saturday (السبت).
    Weekday(u8),
    /// A Gregorian month 1–12 (يناير / كانون الثاني …).
    Month(u8),
    /// A Hijri month 1–12 (محرم … ذو الحجة).
    HijriMonth(u8),
    /// A day of the month written before a month name (23 فبراير → 23): a
    /// date in the text, which tells events apart when metadata has none.
    Day(u8),
    /// An item of a series: an ordinal and the noun it qualifies («الطائرة
    /// الإغاثية الثالثة», «ثاني طائرة», «الجلسة الأولى»), the noun as a
    /// stable hash of its bare form. First and second count here: the
    /// noun says which series, so «الطائرة الثانية» against «الطائرة
    /// الثالثة» is another flight, while «النائب الثاني» says nothing
    /// against either.
    Item { noun: u32, n: u32 },
    /// A sport («كرة السلة», «أخضر الطائرة»; see [`crate::sports`]): one
    /// team's games in two sports are two events.
    Sport(u8),
    /// A game's final score, the winner's side first («بهدفين مقابل هدف»
    /// is 2–1; see [`crate::sports::scores`]).
    Score { hi: u8, lo: u8 },
}

/// What an anchor counts or dates. Two reports of one event may give
/// different counts (a toll that rises), but rarely a different ordinal,
/// weekday, day, month or year for the event itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A small or round number (27 killed, 5 billion), or the ordinal first or
    /// second: reports of one event differ in these.
    Count,
    /// A precise figure (2.38%, 221.64 points, 157 companies): reports of one
    /// event repeat it, another day's report has its own.
    Figure,
    Year,
    Ordinal,
    Weekday,
    Day,
    Month,
    HijriMonth,
    /// A series item ([`Anchor::Item`]): compared only with items of the
    /// same noun.
    Item,
    Sport,
    Score,
}

impl AnchorKind {
    /// Every kind, in order (`kind as usize` indexes this).
    pub const ALL: [AnchorKind; 11] = [
        AnchorKind::Count,
        AnchorKind::Figure,
        AnchorKind::Year,
        AnchorKind::Ordinal,
        AnchorKind::Weekday,
        AnchorKind::Day,
        AnchorKind::Month,
        AnchorKind::HijriMonth,
        AnchorKind::Item,
        AnchorKind::Sport,
        AnchorKind::Score,
    ];
}

impl Anchor {
    /// The anchor as another report would still be said to mention it: a
    /// number from 10 up by its whole part (136.12 points is "136 points"),
    /// anything else as it is (1.6% is not 1%).
    pub fn coarse(&self) -> Anchor {
        match *self {
            Anchor::Number(n) if n >= 100 => Anchor::Number(n / 10 * 10),
            other => other,
        }
    }

    /// The anchors a report may write for the same event as this one: a
    /// weekday or day of the month and the ones either side (an evening
    /// event is the next day's news, and outlets keep other time zones); a
    /// whole figure of five digits or more, not round, and the same digits
    /// with one or two decimals (a decimal sign lost in a page's markup or
    /// typing: «883482 نقطة» for 8834.82); anything else is itself.
    pub fn neighbours(&self) -> [Anchor; 3] {
        match *self {
            Anchor::Number(n) if n % 10 == 0 && n >= 100_000 && n % 1000 != 0 => [
                Anchor::Number(n),
                Anchor::Number(n / 10),
                Anchor::Number(n / 100),
            ],
            Anchor::Weekday(d) => [
                Anchor::Weekday(d),
                Anchor::Weekday((d + 6) % 7),
                Anchor::Weekday((d + 1) % 7),
            ],
            Anchor::Day(d) => [
                Anchor::Day(d),
                Anchor::Day(d.saturating_sub(1).max(1)),
                Anchor::Day((d + 1).min(31)),
            ],
            other => [other; 3],
        }
    }

    /// The anchor's kind; a whole number from 1900 to 2100, or from 1300 to
    /// 1500 (Hijri), reads as a year.
    pub fn kind(&self) -> AnchorKind {
        match *self {
            Anchor::Number(n)
                if n % 10 == 0
                    && ((19_000..=21_000).contains(&n) || (13_000..=15_000).contains(&n)) =>
            {
                AnchorKind::Year
            }
            // Tenths: a fraction, or a whole number of three digits or more
            // that is not a multiple of ten.
            Anchor::Number(n) if n % 10 != 0 || (n >= 1000 && n % 100 != 0) => AnchorKind::Figure,
            Anchor::Number(_) => AnchorKind::Count,
            // First and second are everyday words (the first report, its
            // second paragraph), too loose to tell events apart.
            Anchor::Ordinal(n) if n <= 2 => AnchorKind::Count,
            Anchor::Ordinal(_) => AnchorKind::Ordinal,
            Anchor::Weekday(_) => AnchorKind::Weekday,
            Anchor::Day(_) => AnchorKind::Day,
            Anchor::Month(_) => AnchorKind::Month,
            Anchor::HijriMonth(_) => AnchorKind::HijriMonth,
            Anchor::Item { .. } => AnchorKind::Item,
            Anchor::Sport(_) => AnchorKind::Sport,
            Anchor::Score { .. } => AnchorKind::Score,
        }
    }

    /// Whether sharing this anchor says something of the event beyond its
    /// day: a count of ten or more, a precise figure, a later ordinal, a
    /// series item, a final score. Calendar anchors (a year, a weekday, a date, a month)
    /// are shared by every item of one day; small counts by chance (three
    /// dead in one town, four injured in another, five years of a plan).
    pub fn tells_the_event(&self) -> bool {
        match self {
            Anchor::Number(n) => match self.kind() {
                AnchorKind::Figure => true,
                AnchorKind::Year => false,
                _ => *n >= 100,
            },
            Anchor::Ordinal(n) => *n >= 3,
            Anchor::Item { .. } | Anchor::Score { .. } => true,
            _ => false,
        }
    }

    /// What anchors of one kind are compared within: the noun of a series
    /// item, 0 for every other anchor.
    pub fn group(&self) -> u32 {
        match *self {
            Anchor::Item { noun, .. } => noun,
            _ => 0,
        }
    }

    /// A short stable label, e.g. `n:3`, `ord:4`, `wd:1`, `m:7`, `hm:10`.
    pub fn label(&self) -> String {
        match self {
            Anchor::Day(n) => format!("d:{n}"),
            Anchor::Number(n) if n % 10 == 0 => format!("n:{}", n / 10),
            Anchor::Number(n) => format!("n:{}.{}", n / 10, n % 10),
            Anchor::Ordinal(n) => format!("ord:{n}"),
            Anchor::Weekday(n) => format!("wd:{n}"),
            Anchor::Month(n) => format!("m:{n}"),
            Anchor::HijriMonth(n) => format!("hm:{n}"),
            Anchor::Item { noun, n } => format!("item:{noun:08x}:{n}"),
            Anchor::Sport(n) => format!("sp:{n}"),
            Anchor::Score { hi, lo } => format!("score:{hi}-{lo}"),
        }
    }
}

/// Weekday names as written, Sunday first (the order of `Anchor::Weekday`).
pub const WEEKDAYS_AR: [&str; 7] = [
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
];

/// Gregorian month names as written in the Gulf and Egypt, January first.
pub const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// An anchor label (`n:3`, `ord:4`, `wd:1`, `m:7`, `hm:10`) as an Arabic
/// reader would say it: "3", "الرابع", "الاثنين", "يوليو", "شوال".
pub fn label_in_arabic(label: &str) -> String {
    const HIJRI_AR: [&str; 12] = [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ];
    const ORDINALS_AR: [&str; 10] = [
        "الأول",
        "الثاني",
        "الثالث",
        "الرابع",
        "الخامس",
        "السادس",
        "السابع",
        "الثامن",
        "التاسع",
        "العاشر",
    ];
    let (kind, value) = label.split_once(':').unwrap_or(("", label));
    let index = |n: &str| n.parse::<usize>().ok();
    let pick =
        |table: &[&str], i: Option<usize>| i.and_then(|i| table.get(i)).map(|s| s.to_string());
    match kind {
        "wd" => pick(&WEEKDAYS_AR, index(value)),
        "m" => pick(&MONTHS_AR, index(value).and_then(|i| i.checked_sub(1))),
        "hm" => pick(&HIJRI_AR, index(value).and_then(|i| i.checked_sub(1))),
        "d" => Some(format!("يوم {value}")),
        "sp" => pick(&crate::sports::SPORTS_AR, index(value)),
        "ord" => pick(&ORDINALS_AR, index(value).and_then(|i| i.checked_sub(1)))
            .or_else(|| Some(format!("الـ{value}"))),
        "item" => {
            let n = value.rsplit(':').next().unwrap_or(value);
            return label_in_arabic(&format!("ord:{n}"));
        }
        _ => Some(value.to_owned()),
    }
    .unwrap_or_else(|| label.to_owned())
}

/// Strips a leading clitic (و ف ب ل ك) and article (ال), for looking up closed
/// word lists. Safe here because the lists are closed: the remainder must be
/// found in them.
fn bare(norm: &str) -> [&str; 3] {
    let one = norm.strip_prefix(['و', 'ف', 'ب', 'ل', 'ك']).unwrap_or(norm);
    let art = one.strip_prefix("ال").unwrap_or(one);
    [norm, one, art]
}

/// True when some bare form of the word is in one of the closed lists: a
/// quick test that spares most words the table scans.
fn listed(norm: &str) -> bool {
    // Keyed by the most stripped form (`bare(w)[2]`) of every way a listed
    // word can be written (with a clitic, the article, both): one lookup
    // answers for all three forms.
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let listed = CARDINALS
            .iter()
            .map(|w| w.0)
            .chain(ORDINALS.iter().map(|w| w.0))
            .chain(WEEKDAYS.iter().map(|w| w.0))
            .chain(MONTHS.iter().map(|w| w.0))
            .chain(HIJRI_MONTHS.iter().map(|w| w.0))
            .chain(["كانون", "تشرين"]);
        let mut set = rustc_hash::FxHashSet::default();
        for w in listed {
            for clitic in ["", "و", "ف", "ب", "ل", "ك"] {
                for article in ["", "ال"] {
                    set.insert(bare(&format!("{clitic}{article}{w}"))[2].to_owned());
                }
            }
        }
        set
    });
    words.contains(bare(norm)[2])
}

fn lookup<T: Copy>(norm: &str, table: &[(&str, T)]) -> Option<T> {
    for form in bare(norm) {
        if let Some(&(_, v)) = table.iter().find(|(w, _)| *w == form) {
            return Some(v);
        }
    }
    None
}

const CARDINALS: &[(&str, u64)] = &[
    ("ثلاث", 3),
    ("ثلاثه", 3),
    ("اربع", 4),
    ("اربعه", 4),
    ("خمس", 5),
    ("خمسه", 5),
    ("ست", 6),
    ("سته", 6),
    ("سبع", 7),
    ("سبعه", 7),
    ("ثماني", 8),
    ("ثمانيه", 8),
    ("ثمان", 8),
    ("تسع", 9),
    ("تسعه", 9),
    ("عشر", 10),
    ("عشره", 10),
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("ثلاثين", 30),
    ("اربعون", 40),
    ("اربعين", 40),
    ("خمسون", 50),
    ("خمسين", 50),
    ("ستون", 60),
    ("ستين", 60),
    ("سبعون", 70),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("ثمانين", 80),
    ("تسعون", 90),
    ("تسعين", 90),
    ("مييه", 100),
    ("مايه", 100),
    ("ميتين", 200),
    ("مايتين", 200),
    ("الف", 1000),
    ("الفين", 2000),
    ("الفان", 2000),
    ("مليون", 1_000_000),
    ("مليار", 1_000_000_000),
];

const ORDINALS: &[(&str, u32)] = &[
    ("اول", 1),
    ("اولي", 1),
    ("ثاني", 2),
    ("ثانيه", 2),
    ("ثالث", 3),
    ("ثالثه", 3),
    ("رابع", 4),
    ("رابعه", 4),
    ("خامس", 5),
    ("خامسه", 5),
    ("سادس", 6),
    ("سادسه", 6),
    ("سابع", 7),
    ("سابعه", 7),
    ("ثامن", 8),
    ("ثامنه", 8),
    ("تاسع", 9),
    ("تاسعه", 9),
    ("عاشر", 10),
    ("عاشره", 10),
    ("حادي", 11),
    ("حاديه", 11),
];

const WEEKDAYS: &[(&str, u8)] = &[
    ("احد", 0),
    ("اثنين", 1),
    ("ثلاثاء", 2),
    ("اربعاء", 3),
    ("خميس", 4),
    ("جمعه", 5),
    ("سبت", 6),
];

const MONTHS: &[(&str, u8)] = &[
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("ايلول", 9),
];

const HIJRI_MONTHS: &[(&str, u8)] = &[
    // Only month names that are rarely ordinary words (صفر is "zero", محرم "forbidden").
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
];

/// The Gregorian month a folded word (or, for "كانون الثاني"-style names,
/// two words) names, and how many words it took.
pub fn month(w: &str, next: &str) -> Option<(u8, usize)> {
    if let Some(m) = two_word_month(w, next) {
        return Some((m, 2));
    }
    lookup(w, MONTHS).map(|m| (m, 1))
}

/// The value of a number written in digits (`1200`, `3.5`).
pub fn digits_value(norm: &str) -> Option<f64> {
    if !norm.bytes().next()?.is_ascii_digit() {
        return None;
    }
    // A date's era glued to it: «1436هـ» (folded «1436ه»), «2015م»,
    // «1436/10/14هـ»; or a unit's letter («30م», thirty metres).
    let norm = norm.strip_suffix(['ه', 'م']).unwrap_or(norm);
    norm.parse().ok()
}

/// A date written in figures, «14-10-1436هـ», «30/07/2015», «2015/7/30»
/// (the separators are not tokens): three figures in a row, a day, a month
/// and a year, either way round. The day, the month (Hijri for a year from
/// 1300 to 1500) and the year (in tenths, as numbers are).
fn figures_date(words: &[&str]) -> Option<[Anchor; 3]> {
    let v = |i: usize| {
        words
            .get(i)
            .and_then(|w| digits_value(w))
            .filter(|v| v.fract() == 0.0)
            .map(|v| v as u32)
    };
    let (a, b, c) = (v(0)?, v(1)?, v(2)?);
    let (day, month, year) = if (1300..=2100).contains(&c) {
        (a, b, c)
    } else {
        (c, b, a)
    };
    let hijri = (1300..=1500).contains(&year);
    if !(hijri || (1900..=2100).contains(&year))
        || !(1..=31).contains(&day)
        || !(1..=12).contains(&month)
    {
        return None;
    }
    let month = if hijri {
        Anchor::HijriMonth(month as u8)
    } else {
        Anchor::Month(month as u8)
    };
    Some([
        Anchor::Day(day as u8),
        month,
        Anchor::Number(year as u64 * 10),
    ])
}

/// Finds the anchors in a sequence of folded tokens. Weekdays, and the
/// ordinals first and second, are recognised only with the article (الثانية,
/// يوم الاثنين), where they cannot be plain nouns; "الحادي عشر"-style ordinals and "كانون الثاني"-style months
/// read two words.
pub fn anchors<'a>(norms: impl IntoIterator<Item = &'a str>) -> Vec<Anchor> {
    let words: Vec<&str> = norms.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied().unwrap_or("");
        let has_article = bare(w)[1].starts_with("ال");
        if let Some(date) = figures_date(&words[i..]) {
            out.extend(date);
            i += 3;
            continue;
        }
        if let Some(v) = digits_value(w) {
            let day = v.fract() == 0.0 && (1.0..=31.0).contains(&v);
            if day && (month(next, words.get(i + 2).copied().unwrap_or("")).is_some()) {
                // "23 فبراير": a date, not a count.
                out.push(Anchor::Day(v as u8));
            } else {
                // One decimal is kept; finer fractions are noise for matching.
                out.push(Anchor::Number((v * 10.0).round() as u64));
            }
        } else if !listed(w) {
            // Not a number, ordinal, weekday or month word.
        } else if let Some(m) = two_word_month(w, next) {
            out.push(Anchor::Month(m));
            i += 1;
        } else if let Some(m) = lookup(w, MONTHS) {
            out.push(Anchor::Month(m));
        } else if let Some(m) = lookup(w, HIJRI_MONTHS) {
            out.push(Anchor::HijriMonth(m));
        } else if has_article && lookup(w, WEEKDAYS).is_some() {
            out.push(Anchor::Weekday(lookup(w, WEEKDAYS).unwrap_or(0)));
        } else if i > 0
            && matches!(words[i - 1], "مره" | "المره" | "للمره" | "بالمره")
            && lookup(w, ORDINALS).is_some()
        {
            // "للمرة الرابعة", for the fourth time: a count of repeats, not
            // which event this is.
        } else if lookup(w, ORDINALS).is_some_and(|n| has_article || n >= 3) {
            // Without the article only from the third on ("رابع طائرة",
            // "طائرة ثالثة"): أول and ثاني are everyday words.
            let mut n = lookup(w, ORDINALS).unwrap_or(0);
            if matches!(next, "عشر" | "عشره") {
                n = if n == 1 { 11 } else { n % 10 + 10 };
                i += 1;
            }
            out.push(Anchor::Ordinal(n));
        } else if let Some(n) = lookup(w, CARDINALS) {
            out.push(Anchor::Number(n * 10));
        }
        i += 1;
    }
    out
}

/// Ranks an indefinite ordinal completes: «فريق أول», «ملازم أول», «رقيب
/// أول», «عريف أول», «مساعد أول», «جندي أول».
const RANKS: &[&str] = &["فريق", "ملازم", "رقيب", "عريف", "مساعد", "جندي"];

/// Nouns an ordinal qualifies without naming an item of a series: a repeat
/// («المرة الثانية»), a time («الساعة الثالثة», «اليوم الأول»), a part of a
/// text («المادة الرابعة», «الفقرة الثانية»), a part of one game («الشوط
/// الثاني»), a deputy's rank («النائب الثاني»), a general's («الفريق أول»,
/// which is also a club's senior side, «الفريق الأول»), or «أول أمس».
const NOT_SERIES: &[&str] = &[
    "مره",
    "ساعه",
    "دقيقه",
    "يوم",
    "ايام",
    "عام",
    "سنه",
    "فصل",
    "ماده",
    "بند",
    "فقره",
    "نايب",
    "وكيل",
    "مساعد",
    "امس",
    "من",
    "درجه",
    "مرتبه",
    "مركز",
    "طبعه",
    "شوط",
    "فريق",
];

/// The series items of a sequence of folded tokens (see [`Anchor::Item`]):
/// an ordinal after its noun, both definite or both not («الطائرة الإغاثية
/// السعودية الثالثة», the head noun found back over the definite
/// adjectives), or an ordinal before an indefinite noun («ثالث طائرة», «أول
/// طائرة»). Not a number's part («الحادي عشر», «الخامس والعشرين»), nor a
/// day of a month («الخامس من يوليو»).
pub fn series_items<'a>(norms: impl IntoIterator<Item = &'a str>) -> Vec<Anchor> {
    let words: Vec<&str> = norms.into_iter().collect();
    let definite = |w: &str| {
        let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        w.starts_with("ال") || w.starts_with("بال") || w.starts_with("كال") || w.starts_with("لل")
    };
    let noun_like = |w: &str| {
        w.chars().count() >= 3
            && !w.starts_with(|c: char| c.is_ascii_digit())
            && !crate::stopwords::is_stopword(w)
            && !listed(w)
    };
    let item = |noun: &str, n: u32| {
        let bare = bare(noun)[2];
        let bare = if bare.starts_with('ل') && noun.starts_with("لل") {
            &noun["لل".len()..]
        } else {
            bare
        };
        (!NOT_SERIES.contains(&bare)).then(|| Anchor::Item {
            noun: stable_hash(bare),
            n,
        })
    };
    // An indefinite ordinal right after a rank is part of it («الفريق أول
    // حمد», «الملازم أول»), not the first of the next word; after other
    // nouns it may be («وصلت هذا اليوم أول طائرة»).
    let after_rank = |i: usize| i > 0 && RANKS.contains(&bare(words[i - 1])[2]);
    let mut out = Vec::new();
    for (i, &w) in words.iter().enumerate() {
        let Some(n) = ordinal(w) else { continue };
        let next = words.get(i + 1).copied().unwrap_or("");
        let after = |k: usize| words.get(i + k).copied().unwrap_or("");
        let number_part = matches!(next, "عشر" | "عشره")
            || (next.starts_with('و') && lookup(next, CARDINALS).is_some())
            || (next == "من" && month(after(2), after(3)).is_some());
        if number_part || (i > 0 && ordinal(words[i - 1]).is_some()) {
            continue;
        }
        if definite(w) {
            // Back over the definite adjectives (ending in ي or ه) to the noun.
            let mut head = None;
            for back in 1..=3 {
                let Some(&prev) = i.checked_sub(back).and_then(|k| words.get(k)) else {
                    break;
                };
                if !definite(prev) || !noun_like(prev) {
                    break;
                }
                head = Some(prev);
                let adjective = back < 3 && (prev.ends_with('ي') || prev.ends_with('ه'));
                let before = i.checked_sub(back + 1).map(|k| words[k]);
                if !adjective || !before.is_some_and(|b| definite(b) && noun_like(b)) {
                    break;
                }
            }
            out.extend(head.and_then(|h| item(h, n)));
        } else if !definite(next) && noun_like(next) && !w.ends_with('ه') && !after_rank(i) {
            // «ثالث طائرة»; a feminine ordinal («ثانية») follows its noun;
            // one after a rank qualifies the rank («الفريق أول حمد»).
            out.extend(item(next, n));
        } else if i > 0 && !definite(words[i - 1]) && noun_like(words[i - 1]) {
            // «طائرة ثالثة», and back over indefinite nisba adjectives to
            // the noun: «طائرة عسكرية سعودية ثانية» is the second plane.
            // Only nisbas: an indefinite noun looks like a verb («وصلت
            // طائرة ثانية»), a nisba does not.
            let mut head = i - 1;
            let nisba = |w: &str| w.ends_with("يه") || w.ends_with('ي');
            while i - head < 3
                && nisba(words[head])
                && head > 0
                && !definite(words[head - 1])
                && noun_like(words[head - 1])
            {
                head -= 1;
            }
            out.extend(item(words[head], n));
        }
    }
    out
}

/// A hash of a word that is the same in every run (the series item's noun
/// is stored with the clusterer's state).
fn stable_hash(word: &str) -> u32 {
    // FNV-1a.
    word.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// The day a report's lead puts its event on, relative to its publish date:
/// a weekday (the latest such day at or before it), a count of days back
/// («أمس» 1, «أول أمس» 2, «اليوم» 0), or the next day («غداً»: a preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LeadDay {
    Weekday(u8),
    /// Today's weekday («اليوم الاثنين»): the day the report was written,
    /// whatever its publish time says (an archive's or a late crawl's).
    Today(u8),
    DaysBack(u8),
    Tomorrow,
}

impl LeadDay {
    /// The event's day (days since 1970-01-01) for a report published on
    /// `published` (a day number of the same count).
    pub fn resolve(self, published: i64) -> i64 {
        match self {
            // 1970-01-01 was a Thursday (4, Sunday being 0).
            LeadDay::Weekday(w) => published - (published + 4 - w as i64).rem_euclid(7),
            // Today is never six days back: a report stamped late on the
            // eve (in UTC) of the day its writers already call today.
            LeadDay::Today(w) => match (published + 4 - w as i64).rem_euclid(7) {
                6 => published + 1,
                back => published - back,
            },
            LeadDay::DaysBack(n) => published - n as i64,
            LeadDay::Tomorrow => published + 1,
        }
    }
}

/// The first day a lead names for its event, in folded tokens: a weekday
/// with the article not said to come or to be past («الأحد المقبل», «الأحد
/// الماضي»: a development's or background's day), «أمس» / «اليوم» (a weekday
/// right after either wins: «أمس الأحد»), or «غداً» (a preview). «اليوم» is
/// no day as a name (a paper's, a dateline's: «عين اليوم», «صحيفة اليوم») or
/// before an adjective («اليوم الوطني»).
pub fn lead_day<'a>(norms: impl IntoIterator<Item = &'a str>) -> Option<LeadDay> {
    let words: Vec<&str> = norms.into_iter().collect();
    let weekday = |i: usize| -> Option<u8> {
        let w = *words.get(i)?;
        let ahead = words.get(i + 1).copied().unwrap_or("");
        (bare(w)[1].starts_with("ال")
            && !matches!(
                ahead,
                "المقبل" | "القادم" | "المقبله" | "القادمه" | "الماضي" | "الماضيه"
            ))
        .then(|| lookup(w, WEEKDAYS))
        .flatten()
    };
    // «أمس (الأحد)»: the weekday may follow a bracket, which is no token.
    let weekday_after = |i: usize| {
        weekday(i + 1).or_else(|| {
            matches!(words.get(i + 1).copied(), Some("يوم" | "اليوم"))
                .then(|| weekday(i + 2))
                .flatten()
        })
    };
    for (i, &w) in words.iter().enumerate() {
        let before = i.checked_sub(1).map_or("", |p| words[p]);
        let back = match w {
            "امس" | "وامس" | "بالامس" => Some(if before == "اول" { 2 } else { 1 }),
            "اليوم" | "واليوم" => {
                let ahead = words.get(i + 1).copied().unwrap_or("");
                let named = matches!(before, "عين" | "صحيفه" | "جريده" | "موقع" | "قناه");
                let adjective = ahead.starts_with("ال") && lookup(ahead, WEEKDAYS).is_none();
                (!named && !adjective).then_some(0)
            }
            _ => None,
        };
        if let Some(n) = back {
            let named = weekday_after(i).map(|d| match n {
                0 => LeadDay::Today(d),
                _ => LeadDay::Weekday(d),
            });
            return Some(named.unwrap_or(LeadDay::DaysBack(n)));
        }
        // «غداً», «يوم غد»: a preview's event is the next day (a weekday
        // after it is that day, which `Weekday` would put in the past).
        if matches!(w, "غدا" | "وغدا") || (w == "غد" && before == "يوم") {
            return Some(LeadDay::Tomorrow);
        }
        if let Some(d) = weekday(i) {
            return Some(LeadDay::Weekday(d));
        }
    }
    None
}

/// The value of a cardinal word («ثلاثة», «بخمسة», «عشرين»), folded.
pub(crate) fn cardinal(norm: &str) -> Option<u64> {
    listed(norm).then(|| lookup(norm, CARDINALS)).flatten()
}

/// The value of an ordinal word ("السادسة" = 6, "خامسة" = 5), behind a
/// clitic or the article.
pub fn ordinal(norm: &str) -> Option<u32> {
    // One hashed test spares nearly every word the table's scan.
    listed(norm).then(|| lookup(norm, ORDINALS)).flatten()
}

fn two_word_month(w: &str, next: &str) -> Option<u8> {
    let [plain, one, _] = bare(w);
    let first = if matches!(plain, "كانون" | "تشرين") {
        plain
    } else {
        one
    };
    match (first, next) {
        ("كانون", "الثاني") => Some(1),
        ("كانون", "الاول") => Some(12),
        ("تشرين", "الاول") => Some(10),
        ("تشرين", "الثاني") => Some(11),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fold, tokens};

    #[test]
    fn the_day_a_lead_names() {
        let day = |text: &str| {
            let toks = tokens(text);
            lead_day(toks.iter().map(|t| t.norm.as_str()))
        };
        use LeadDay::*;
        let cases: &[(&str, Option<LeadDay>)] = &[
            ("قتل ثلاثة جنود أمس الأحد في هجوم", Some(Weekday(0))),
            ("أعلنت الوزارة اليوم (الاثنين) أن", Some(Today(1))),
            ("ارتفعت الأسعار اليوم الخميس في", Some(Today(4))),
            ("وقع الانفجار مساء أمس في البلدة", Some(DaysBack(1))),
            ("وكان الاجتماع أول أمس في الفندق", Some(DaysBack(2))),
            ("غداً.. بدء محاكمة المتهمين", Some(Tomorrow)),
            ("تبدأ يوم غد الخميس المحاكمة", Some(Tomorrow)),
            ("تبدأ اليوم أعمال المؤتمر", Some(DaysBack(0))),
            // «الجمعة الماضي», last Friday, is written days after: a
            // development's or background's day more often than a report's.
            ("وقع الهجوم يوم الجمعة الماضي", None),
            // Said to come: the day of another happening.
            ("يعقد المجلس جلسته الأحد المقبل وقال أمس", Some(DaysBack(1))),
            ("وجه بتسمية الطرقات بأسماء شهداء تفجير الخميس الماضي", None),
            // A paper's name, a dateline's, a named day.
            ("نقلت صحيفة اليوم عن مصادر", None),
            ("عين اليوم – الرياض: افتتح المعرض", None),
            ("احتفلت المدارس باليوم الوطني", None),
            ("اليوم العالمي للمياه", None),
            ("أحد المواطنين أصيب بجروح", None),
        ];
        for (text, want) in cases {
            assert_eq!(day(text), *want, "{text}");
        }
        // 2015-08-03 was a Monday: day 16650 since 1970-01-01.
        let monday = 16_650;
        assert_eq!(Weekday(1).resolve(monday), monday);
        assert_eq!(Weekday(0).resolve(monday), monday - 1);
        assert_eq!(Weekday(2).resolve(monday), monday - 6);
        assert_eq!(Today(5).resolve(monday), monday - 3);
        assert_eq!(Today(2).resolve(monday), monday + 1);
        assert_eq!(DaysBack(1).resolve(monday), monday - 1);
        assert_eq!(Tomorrow.resolve(monday), monday + 1);
    }

    fn labels(text: &str) -> Vec<String> {
        let toks = tokens(&fold(text));
        anchors(toks.iter().map(|t| t.norm.as_str()))
            .iter()
            .map(Anchor::label)
            .collect()
    }

    /// The series items of a text, as (bare noun, ordinal).
    fn items(text: &str) -> Vec<(String, u32)> {
        let toks = tokens(&fold(text));
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        let nouns: Vec<String> = ["طائرة", "جلسة", "قافلة", "ولاية"].map(fold).into();
        series_items(norms.iter().copied())
            .into_iter()
            .map(|x| match x {
                Anchor::Item { noun, n } => {
                    let word = nouns.iter().find(|w| stable_hash(w) == noun);
                    (word.map_or_else(|| format!("{noun:x}"), |w| w.clone()), n)
                }
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn reads_the_items_of_a_series() {
        let item = |w: &str, n| vec![(fold(w), n)];
        let cases: &[(&str, Vec<(String, u32)>)] = &[
            ("وصول الطائرة الإغاثية السعودية الثالثة", item("طائرة", 3)),
            ("وصول ثاني طائرة إغاثة", item("طائرة", 2)),
            ("أول طائرة تهبط في المطار", item("طائرة", 1)),
            ("هبوط طائرة ثالثة", item("طائرة", 3)),
            ("هبوط طائرة عسكرية سعودية ثانية بمطار عدن", item("طائرة", 2)),
            ("وصلت طائرة ثانية", item("طائرة", 2)),
            ("بدأت الجلسة الأولى للمحاكمة", item("جلسة", 1)),
            ("في الجلسة الثانية من المحاكمة", item("جلسة", 2)),
            ("للقافلة الخامسة", item("قافلة", 5)),
            ("بولاية خامسة", item("ولاية", 5)),
            // Not items: a deputy's rank, a repeat, a time, a day of a
            // month, a number's part, a month's name, «أول أمس».
            ("النائب الثاني لرئيس مجلس الوزراء", vec![]),
            ("للمرة الثانية", vec![]),
            ("في الساعة الثالثة", vec![]),
            ("في الثاني من يونيو", vec![]),
            ("الطائرة الحادية عشرة", vec![]),
            ("في كانون الثاني", vec![]),
            ("أول أمس", vec![]),
            ("في الشوط الثاني", vec![]),
            ("رئيس الحرس الفريق أول حمد", vec![]),
            ("وصلت هذا اليوم أول طائرة إلى المطار", item("طائرة", 1)),
            ("لاعب الفريق الأول بالنادي", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(&items(text), want, "{text}");
        }
        // The noun is the same however it is written around.
        assert_eq!(items("بالطائرة الثالثة"), items("الطائرة الثالثة"));
        assert_eq!(items("للطائرة الثالثة"), items("الطائرة الثالثة"));
        assert_eq!(
            label_in_arabic(&series_items(["الطائره", "الثالثه"])[0].label()),
            "الثالث"
        );
    }

    #[test]
    fn reads_digits_words_ordinals_weekdays_months() {
        assert_eq!(labels("سقط ٣ صواريخ"), ["n:3"]);
        assert_eq!(labels("بثلاثة صواريخ"), ["n:3"]);
        assert_eq!(labels("الرحلة الرابعة عشرة"), ["ord:14"]);
        assert_eq!(labels("الطائرة الحادية عشرة"), ["ord:11"]);
        assert_eq!(labels("طائرة ثالثة ورابع طائرة"), ["ord:3", "ord:4"]);
        assert!(labels("لأول مرة منذ ثاني أيام").is_empty());
        assert!(labels("للمرة الرابعة").is_empty());
        assert_eq!(labels("مساء الثلاثاء 23 فبراير"), ["wd:2", "d:23", "m:2"]);
        assert_eq!(labels("في 23 لاعبا"), ["n:23"]);
        assert_eq!(labels("في كانون الثاني"), ["m:1"]);
        assert_eq!(labels("نما 3.5% لا 35"), ["n:3.5", "n:35"]);
    }

    #[test]
    fn reads_a_date_written_in_figures() {
        // Day, month and year either way round; the year's era glued on or
        // apart; a Hijri year gives a Hijri month.
        let cases: &[(&str, &[&str])] = &[
            (
                "الخميس 14 – 10 – 1436 هـ",
                &["wd:4", "d:14", "hm:10", "n:1436"],
            ),
            ("الموافق ٨/ ١٠ /١٤٣٦هـ", &["d:8", "hm:10", "n:1436"]),
            ("بتاريخ 1436/10/14هـ", &["d:14", "hm:10", "n:1436"]),
            ("يوم 30-07-2015 في", &["d:30", "m:7", "n:2015"]),
            ("بتاريخ 2015/7/30م", &["d:30", "m:7", "n:2015"]),
            ("في عام 2015م", &["n:2015"]),
            // Not dates: a thirteenth month, a day past 31, no year.
            ("النتائج 14 13 2015", &["n:14", "n:13", "n:2015"]),
            ("بين 40 10 2015", &["n:40", "n:10", "n:2015"]),
            ("الأرقام 3 4 5", &["n:3", "n:4", "n:5"]),
        ];
        for (text, want) in cases {
            assert_eq!(&labels(text), want, "{text}");
        }
    }

    #[test]
    fn labels_read_in_arabic() {
        assert_eq!(label_in_arabic("wd:2"), "الثلاثاء");
        assert_eq!(label_in_arabic("m:2"), "فبراير");
        assert_eq!(label_in_arabic("ord:4"), "الرابع");
        assert_eq!(label_in_arabic("n:3.5"), "3.5");
    }

    #[test]
    fn neighbours_are_a_day_either_side() {
        assert_eq!(
            Anchor::Weekday(6).neighbours(),
            [Anchor::Weekday(6), Anchor::Weekday(5), Anchor::Weekday(0)]
        );
        assert_eq!(Anchor::Ordinal(4).neighbours(), [Anchor::Ordinal(4); 3]);
    }

    #[test]
    fn a_long_figure_neighbours_its_digits_with_decimals() {
        // «883482 نقطة» is 8834.82 with its decimal sign lost.
        let [_, one, two] = Anchor::Number(8_834_820).neighbours();
        assert_eq!(
            (one.coarse(), two.coarse()),
            (Anchor::Number(883_480), Anchor::Number(88_340))
        );
        // Round figures and short ones are themselves.
        assert_eq!(
            Anchor::Number(500_000).neighbours(),
            [Anchor::Number(500_000); 3]
        );
        assert_eq!(
            Anchor::Number(88_340).neighbours(),
            [Anchor::Number(88_340); 3]
        );
    }

    #[test]
    fn kinds() {
        let kind = |t: &str| anchors([t]).first().map(Anchor::kind);
        assert_eq!(kind("2015"), Some(AnchorKind::Year));
        assert_eq!(kind("1436"), Some(AnchorKind::Year));
        assert_eq!(kind("2015.5"), Some(AnchorKind::Figure));
        assert_eq!(kind("221.64"), Some(AnchorKind::Figure));
        assert_eq!(kind("157"), Some(AnchorKind::Figure));
        assert_eq!(kind("27"), Some(AnchorKind::Count));
        let tells = |t: &str| anchors([t]).first().is_some_and(Anchor::tells_the_event);
        assert!(tells("27") && tells("221.64") && !tells("2015") && !tells("2"));
        // A count under ten is shared by chance; a precise figure is not.
        assert!(!tells("4") && tells("7.25") && tells("2.5"));
        assert_eq!(kind("150"), Some(AnchorKind::Count));
        assert_eq!(kind("الف"), Some(AnchorKind::Count));
        assert_eq!(kind("الرابعه"), Some(AnchorKind::Ordinal));
        assert_eq!(kind("الجمعه"), Some(AnchorKind::Weekday));
        assert_eq!(kind("اغسطس"), Some(AnchorKind::Month));
    }

    #[test]
    fn weekday_and_ordinal_need_the_article() {
        assert!(labels("اثنين من الجرحى").is_empty());
    }
}
