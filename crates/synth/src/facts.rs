//! Facts compared across outlets, and the timeline.
//!
//! Every amount (see [`crate::numbers`]) and every date (see
//! [`crate::dates`]) is attached to what it counts or dates and to the
//! happening it belongs to: the most precise place named near it and the
//! event word nearest to it. Mentions that count the same thing at the same
//! happening are one fact, with a value per article and per source the
//! article quotes, and a verdict: agree or differ. Numbers about different
//! happenings stay different facts even when they count the same kind of
//! thing.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::{DateTime, NaiveDate, Utc};
use marsad_core::Span;
use marsad_text::Token;
use serde::{Deserialize, Serialize};

use crate::dates::{self, Part, Resolved, When};
use crate::entities::{strip_clitic, Entities};
use crate::numbers::{self, Amount, Approx};
use crate::quotes;
use crate::units::{sorted_ids, Units};
use crate::words::{bare, bare_noun, key};
use crate::{Cite, Doc};

/// A fact: one thing counted or dated at one happening, as each article
/// (and each source it quotes) gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    /// What is counted or dated, as written ("صواريخ", "يوم الاتصال").
    pub what: String,
    /// Where and what happened, as far as the text says ("هجوم · المنطقة الخضراء").
    pub happening: String,
    /// "agree", "differ", "updated" (a toll that rose: the later values
    /// are said to be what it rose to, and no later article still gives an
    /// earlier one), "single" (one article only) or "uncompared" (several
    /// articles, values that cannot be compared).
    pub verdict: String,
    pub values: Vec<FactValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactValue {
    /// The value as a reader would say it ("2", "نحو 14", "مساء الثلاثاء").
    pub value: String,
    pub article: String,
    pub outlet: String,
    /// The source the article quotes for it; none when in its own voice.
    pub source: Option<String>,
    pub cite: Cite,
    /// For dates: the day(s) it resolves to, or relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolved>,
    /// The value in comparable form: a number in full units (dates
    /// YYYYMMDD, clock times HHMM) or a `[min, max]` range; none for what
    /// has no one number ("عدد من", "مساء الثلاثاء").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized: Option<Normalized>,
    /// When the article carrying the value was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
}

impl Fact {
    /// The values grouped by what they say (value → the outlets giving it),
    /// as a reader compares them: for a figure that rose, in the order of
    /// publication; otherwise the value most articles give first.
    pub fn by_value(&self) -> Vec<Vec<&FactValue>> {
        let key = |v: &FactValue| match v.normalized {
            Some(Normalized::Number(x)) => format!("{x}"),
            Some(Normalized::Range([a, b])) => format!("{a}-{b}"),
            None => v.value.clone(),
        };
        let mut groups: Vec<(String, Vec<&FactValue>)> = Vec::new();
        for v in &self.values {
            let k = key(v);
            match groups.iter_mut().find(|g| g.0 == k) {
                Some(g) => g.1.push(v),
                None => groups.push((k, vec![v])),
            }
        }
        let mut groups: Vec<Vec<&FactValue>> = groups.into_iter().map(|g| g.1).collect();
        if self.verdict == "updated" {
            let first = |g: &Vec<&FactValue>| g.iter().filter_map(|v| v.published).min();
            let number = |g: &Vec<&FactValue>| match g[0].normalized {
                Some(Normalized::Number(x)) => x,
                _ => 0.0,
            };
            groups.sort_by(|a, b| {
                first(a)
                    .cmp(&first(b))
                    .then(number(a).total_cmp(&number(b)))
            });
        } else {
            // Stable: ties keep the order the values came in.
            groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        }
        groups
    }
}

/// A value in comparable form: one number, or a range `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Normalized {
    Number(f64),
    Range([f64; 2]),
}

impl Normalized {
    fn of_amount(a: &Amount) -> Option<Normalized> {
        match *a {
            Amount::Exact { value } | Amount::Percent { value } => Some(Normalized::Number(value)),
            Amount::Range { low, high } => Some(Normalized::Range([low, high])),
            Amount::Change { to, .. } => Some(Normalized::Number(to)),
            Amount::Clock { hhmm } => Some(Normalized::Number(hhmm)),
            Amount::Times { .. } | Amount::Vague { .. } | Amount::Score { .. } => None,
        }
    }

    /// A calendar date in full: as written with its year, or said to come
    /// («26 فبراير المقبل»: the first such day after the publish date).
    fn of_day(w: &When, r: &Resolved) -> Option<Normalized> {
        use chrono::Datelike;
        let number = |y: i32, m: u32, d: u32| {
            Some(Normalized::Number(
                (y as f64) * 10000.0 + (m as f64) * 100.0 + d as f64,
            ))
        };
        match *w {
            When::Date {
                day,
                month,
                year: Some(y),
                ..
            } => number(y, month, day),
            When::Date {
                year: None,
                ahead: true,
                ..
            } => match (r.from, r.to) {
                (Some(f), Some(t)) if f == t && !r.relative => number(f.year(), f.month(), f.day()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A dated happening.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The date as the articles say it, and as resolved.
    pub when: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// True when no publish date anchors it: "الثلاثاء" of an unknown week.
    pub relative: bool,
    pub happening: String,
    /// True when the articles give different dates for it.
    pub disputed: bool,
    pub articles: Vec<String>,
    pub cites: Vec<Cite>,
}

pub struct Found {
    pub facts: Vec<Fact>,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Amount(Amount, Approx),
    Day(When, Option<Part>, Resolved),
}

/// Places (key, as shown, how precise: see `PLACE_WORDS`) and an event
/// family (family, word as written).
type Places = Option<Vec<(String, String, u8)>>;
type Family = Option<(&'static str, String)>;

struct Mention {
    doc: usize,
    unit: usize,
    span: Span,
    val: Val,
    /// What it counts (keys); "day" for dates.
    kind: String,
    /// Other keys it may be matched on ("عدد القوات").
    also: Option<String>,
    what: String,
    /// The most precise places named near it (key, as shown).
    place: Places,
    family: Family,
    source: Option<String>,
    /// An ordinal near it ("السفينة الثانية"): the second of a series is
    /// another thing than the third.
    ordinal: Option<u32>,
    /// A toll said to have risen to this value ("ارتفعت حصيلة … إلى تسعة
    /// قتلى"): a later figure of the same count, not another count.
    rise: bool,
    /// A harm count in its article's lead sentence: the toll of the
    /// story's own happening, however the outlets spell its place.
    lead: bool,
    /// For a match minute, the player it belongs to (an entity): the same
    /// scorer's minute is one quantity, whatever the words around it.
    scorer: Option<Vec<String>>,
    /// For a harm count, which people it counts when the words say
    /// (`person_group`): civilians, fighters or security forces. Counts of
    /// two such groups are two quantities («24 مدنيا», «22 مسلحا»).
    group: Option<&'static str>,
    /// The content words around it (keys, sorted): what tells two
    /// quantities counted by the same noun apart ("ارتفعت أسهم 143 شركة"
    /// against "تراجعت أسهم 14 شركة").
    ctx: Vec<String>,
    /// Which way the figure moved, when a word of its clause says
    /// (`direction`): up (`true`) or down.
    direction: Option<bool>,
}

/// Whether a figure is a level a market moved to, reached «إلى» or «عند»
/// and written to two decimals or more («إلى 50.76 دولار», «ليغلق عند
/// 9098.27 نقطة») or after a move in percent («هبط 0.7 في المئة إلى 4068
/// نقطة»), or the move to one («نزل 13 سنتا إلى 50.76»). Levels
/// and moves change through a trading day, and two outlets' different
/// ones are two moments, unless they are one figure told apart
/// (`one_figure_told_apart`).
fn market_level(docs: &[Doc], m: &Mention) -> bool {
    let Val::Amount(Amount::Exact { value } | Amount::Percent { value }, _) = m.val else {
        return false;
    };
    let two_decimals = numbers::num(value)
        .split_once('.')
        .is_some_and(|(_, decimals)| decimals.len() >= 2);
    let text = &docs[m.doc].text;
    let reached = |word: &str| {
        matches!(
            marsad_text::fold(word).trim_start_matches(['و', 'ل']),
            "الي" | "عند" | "مستوي"
        )
    };
    let level = |word: &str| {
        word.trim_matches(|c: char| !c.is_ascii_digit())
            .split_once('.')
            .is_some_and(|(w, d)| !w.is_empty() && d.len() >= 2)
    };
    let before: Vec<&str> = text[..m.span.start]
        .split_whitespace()
        .rev()
        .take(4)
        .collect();
    // A level reached after a move in percent, to two decimals or not:
    // «هبط المؤشر 0.7 في المئة إلى 4068 نقطة».
    let after_percent = before.iter().skip(1).any(|w| {
        w.contains(['%', '٪'])
            || matches!(
                marsad_text::fold(w).as_str(),
                "الميه" | "المايه" | "بالميه" | "بالمايه"
            )
    });
    if before.first().is_some_and(|w| reached(w)) && (two_decimals || after_percent) {
        return true;
    }
    // The move to such a level: «13 سنتا إلى 50.76», «17 سنتا أو 0.5 في
    // المائة إلى 44.96», within the clause.
    // (Eight words at most are read: a bounded window, so a text of many
    // figures and no punctuation is not scanned to its end for each.)
    let mut end = (m.span.end + 400).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let after: Vec<&str> = text[m.span.end..end]
        .split(['،', '؛', '\n'])
        .next()
        .and_then(|clause| clause.split(". ").next())
        .unwrap_or("")
        .split_whitespace()
        .take(8)
        .collect();
    // A move in percent to any level: «هبط المؤشر 0.6 في المئة إلى 4098».
    let percent = matches!(m.val, Val::Amount(Amount::Percent { .. }, _));
    let figure = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
    };
    after
        .windows(2)
        .any(|w| reached(w[0]) && (level(w[1]) || (percent && figure(w[1]))))
}

/// Content words before and after an amount that make its context.
const CTX_BEFORE: usize = 4;
const CTX_AFTER: usize = 3;

/// The context keys of tokens `a..=b` within the sentence `range`: the
/// nearest content words before and after, numbers and the counted noun left out.
fn context(
    toks: &[Token],
    range: std::ops::Range<usize>,
    a: usize,
    b: usize,
    counted: Option<usize>,
) -> Vec<String> {
    let usable = |i: &usize| Some(*i) != counted && crate::words::is_content(&toks[*i]);
    let mut out: Vec<String> = (range.start..a)
        .rev()
        .filter(usable)
        .take(CTX_BEFORE)
        .chain((b + 1..range.end).filter(usable).take(CTX_AFTER))
        .map(|i| key(&toks[i].norm))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Event words by family: what kind of happening a word names.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "attack",
        &[
            "هجوم",
            "هجم",
            "استهدا",
            "استهدف",
            "قصف",
            "اطلاق",
            "سقوط",
            "سقط",
            "انفجار",
            "تفجير",
            "اشتباك",
            "غاره",
            "غارات",
            "صاروخ",
            "صواريخ",
            "قذاي",
            "اعتداء",
            "هجمات",
        ],
    ),
    (
        "disaster",
        &[
            "عاصف",
            "سيول",
            "سيل",
            "فيضان",
            "زلزال",
            "حريق",
            "اعصار",
            "انهيار",
            "حادث",
            "تحطم",
            "اصطدام",
            "غرق",
        ],
    ),
    (
        "talk",
        &[
            "اتصال",
            "مكالم",
            "بحث",
            "ناقش",
            "محادث",
            "اجتماع",
            "لقاء",
            "قمه",
            "زياره",
            "مباحث",
            "اجتمع",
            "التقي",
        ],
    ),
    // A trial is dated apart from the crime it tries ("بدأت المحكمة اليوم
    // محاكمة المتهمين في تفجير المسجد").
    ("trial", &["محاكم", "محكمه", "قضاء", "قضيه"]),
    // A session is a court's, a cabinet's or a market's: its own family,
    // so a market's trading session is no trial.
    ("session", &["جلسه", "جلسات"]),
];

/// Demonstratives, folded: a noun after one points back to what the text
/// already told.
const DEMONSTRATIVES: &[&str] = &["هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"];

/// A family as a reader would name it.
fn family_label(f: &str) -> &'static str {
    match f {
        "attack" => "الهجوم",
        "talk" => "المباحثات",
        "disaster" => "الحادث",
        "trial" => "المحاكمة",
        "session" => "الجلسة",
        _ => "الحدث",
    }
}

/// The family of the event word at `i`, if it is one: «القضاء على»
/// (doing away with) is no judiciary, «القضية الكردية» (a people's cause)
/// no court case.
fn family_at(toks: &[Token], i: usize) -> Option<&'static str> {
    let f = family(&toks[i].norm)?;
    let next = toks.get(i + 1).map(|t| t.norm.as_str());
    let eliminate = bare_noun(&toks[i].norm) == "قضاء" && next.is_some_and(|n| bare(n) == "علي");
    let cause = bare_noun(&toks[i].norm) == "قضيه"
        && next.is_some_and(|n| n.starts_with("ال") && n.ends_with("يه"));
    (!eliminate && !cause).then_some(f)
}

fn family(norm: &str) -> Option<&'static str> {
    let b = bare_noun(norm);
    let b2 = bare(norm);
    FAMILIES
        .iter()
        .find(|(_, ws)| ws.iter().any(|w| b.starts_with(w) || b2.starts_with(w)))
        .map(|f| f.0)
}

const INJURED: &[&str] = &[
    "اصابه",
    "اصابات",
    "جرحي",
    "جريح",
    "مصاب",
    "مصابين",
    "جرح",
    "اصيب",
    "اصيبوا",
    "جرحوا",
];
const KILLED: &[&str] = &[
    "قتلي",
    "قتيل",
    "مقتل",
    "مصرع",
    "وفاه",
    "وفيات",
    "ضحايا",
    "حياه",
    "قتل",
    "استشهاد",
    "شهيد",
    "شهدا",
    "شهداء",
];

/// Harm words are one kind however they are said: injured or killed.
fn harm(norm: &str) -> Option<(&'static str, &'static str)> {
    if matches!(
        norm,
        "حتفهم" | "حتفه" | "حتفهما" | "مصرعهم" | "مصرعه" | "مصرعهما"
    ) {
        return Some(("harm:killed", "القتلى"));
    }
    let b = bare_noun(norm);
    let b = b
        .strip_suffix('ا')
        .filter(|x| x.chars().count() >= 3)
        .unwrap_or(b);
    let b2 = bare(norm);
    if INJURED.contains(&b) || INJURED.contains(&b2) {
        Some(("harm:injured", "الإصابات"))
    } else if KILLED.contains(&b) || KILLED.contains(&b2) {
        Some(("harm:killed", "القتلى"))
    } else {
        None
    }
}

/// Counted nouns that measure time: durations, not facts to compare.
const DURATIONS: &[&str] = &[
    "يوم",
    "ايام",
    "يومين",
    "ساعه",
    "ساعات",
    "ساعتين",
    "اسبوع",
    "اسابيع",
    "اسبوعين",
    "شهر",
    "اشهر",
    "شهور",
    "شهرين",
    "سنه",
    "سنوات",
    "سنتين",
    "عام",
    "اعوام",
    "عامين",
    "دقيقه",
    "دقايق",
];

/// The clause around tokens `first..=last`: between commas (or semicolons
/// and dashes), widened clause by clause, forward first, until it holds a
/// few words, within the sentence `range`.
fn clause(
    text: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    first: usize,
    last: usize,
) -> (usize, usize) {
    let cut = |i: usize| text[toks[i - 1].end..toks[i].start].contains(['،', ',', '؛', ';']);
    let mut a = first;
    while a > range.start && !cut(a) {
        a -= 1;
    }
    let mut b = last;
    while b + 1 < range.end && !cut(b + 1) {
        b += 1;
    }
    while b + 1 - a < 8 && (a > range.start || b + 1 < range.end) {
        if b + 1 < range.end {
            b += 1;
            while b + 1 < range.end && !cut(b + 1) {
                b += 1;
            }
        } else {
            a -= 1;
            while a > range.start && !cut(a) {
                a -= 1;
            }
        }
    }
    (a, b)
}

pub fn find(docs: &[Doc], units: &Units, ents: &Entities, quotes: &quotes::Found) -> Found {
    let players = Players::new(ents);
    let mut mentions: Vec<Mention> = Vec::new();
    for (ui, u) in units.units.iter().enumerate() {
        let doc = &docs[u.doc];
        let toks = &units.tokens[u.doc];
        let slice = &toks[u.toks.clone()];
        let base = u.toks.start;
        let places = happening_places(toks, ents.places_in(toks, u.toks.clone()));
        // (Also the token of the event word the family was read from.)
        let near = |first: usize, last: usize, dated: bool| -> (Places, Family, Option<usize>) {
            // Places of the clause (widened to a few words), else, for
            // amounts, of the sentence when it names one precise place only.
            let (ca, cb) = clause(&doc.text, toks, u.toks.clone(), first, last);
            let top = |lo: usize, hi: usize| -> Vec<(String, String, u8)> {
                let here: Vec<&(String, u8, usize)> = places
                    .iter()
                    .filter(|(_, rank, i)| *rank > 0 && *i >= lo && *i <= hi)
                    .collect();
                let best = here.iter().map(|p| p.1).max().unwrap_or(0);
                let mut v: Vec<(String, String, u8)> = here
                    .iter()
                    .filter(|p| p.1 == best)
                    .map(|p| (p.0.clone(), ents.places[&p.0].0.clone(), p.1))
                    .collect();
                v.dedup();
                v
            };
            let mut place = top(ca, cb);
            // A sentence's opening clause continues the previous sentence's
            // topic: "وأضاف أن الهجوم وقع الاثنين" after a sentence on the attack.
            if place.is_empty() && ca == u.toks.start && ui > 0 && units.units[ui - 1].doc == u.doc
            {
                let prev = &units.units[ui - 1];
                let ps = happening_places(toks, ents.places_in(toks, prev.toks.clone()));
                let best = ps.iter().map(|p| p.1).max().unwrap_or(0);
                if best > 0 {
                    place = ps
                        .iter()
                        .filter(|p| p.1 == best)
                        .map(|p| (p.0.clone(), ents.places[&p.0].0.clone(), p.1))
                        .collect();
                    place.dedup();
                }
            }
            if place.is_empty() && !dated {
                let all = top(u.toks.start, u.toks.end);
                if all.len() == 1 {
                    place = all;
                }
            }
            let place = (!place.is_empty()).then_some(place);
            // The event word nearest before (within six words), else after.
            // One pointed back to («في هذا الاعتداء») is the known event a
            // clause refers to, not what it dates («بدأت محاكمة المتهمين في
            // هذا الاعتداء اليوم»): another event word before it comes
            // first.
            let window = first.saturating_sub(6).max(u.toks.start)..first;
            let pointed =
                |i: usize| i > u.toks.start && DEMONSTRATIVES.contains(&toks[i - 1].norm.as_str());
            let before = window
                .clone()
                .rev()
                .find_map(|i| family_at(toks, i).filter(|_| !pointed(i)).map(|f| (f, i)))
                .or_else(|| {
                    window
                        .rev()
                        .find_map(|i| family_at(toks, i).map(|f| (f, i)))
                });
            // A date something is moved to («تأجيل البطولة إلى ديسمبر 2016،
            // وذلك خلال اجتماعهم») dates that thing: the event word after
            // it counts only within its clause.
            let target = first > u.toks.start
                && matches!(bare(&toks[first - 1].norm), "الي" | "حتي" | "لغايه");
            let after = || {
                (last + 1..(last + 7).min(u.toks.end))
                    .take_while(|&i| {
                        !target
                            || !doc.text[toks[i - 1].end..toks[i].start]
                                .contains(['،', ',', '؛', ';'])
                    })
                    .find_map(|i| family_at(toks, i).map(|f| (f, i)))
            };
            let found = before.or_else(after);
            let fam = found.map(|(f, i)| {
                (
                    f,
                    strip_clitic(&doc.text[toks[i].start..toks[i].end]).to_owned(),
                )
            });
            (place, fam, found.map(|(_, i)| i))
        };
        let qs = numbers::read(&doc.text, slice);
        // Figures listed with و ("في الدقائق 21 و25 و44"): each one's place
        // in its list and the list's length.
        let mut chain = vec![0usize; qs.len()];
        for j in 1..qs.len() {
            let next = qs[j].tokens.0 == qs[j - 1].tokens.1 + 1;
            if next && toks[qs[j].tokens.0 + base].norm.starts_with('و') {
                chain[j] = chain[j - 1];
            } else {
                chain[j] = j;
            }
        }
        for (j, q) in qs.into_iter().enumerate() {
            let (a, b) = (q.tokens.0 + base, q.tokens.1 + base);
            // A result is two tallies: the higher (the winner's) and the
            // lower, each compared with the same tally elsewhere.
            if let Amount::Score { high, low } = q.amount {
                let (place, fam, _) = near(a, b, false);
                for (value, kind, what) in [
                    (high, "score:high", "النتيجة (الأعلى)"),
                    (low, "score:low", "النتيجة (الأدنى)"),
                ] {
                    mentions.push(Mention {
                        scorer: None,
                        group: None,
                        lead: false,
                        ctx: context(toks, u.toks.clone(), a, b, None),
                        direction: None,
                        ordinal: None,
                        rise: false,
                        doc: u.doc,
                        unit: ui,
                        span: q.span,
                        val: Val::Amount(Amount::Exact { value }, Approx::Exact),
                        kind: kind.into(),
                        also: None,
                        what: what.into(),
                        place: place.clone(),
                        family: fam.clone(),
                        source: quotes.source_at(u.doc, q.span.start),
                    });
                }
                continue;
            }
            let prev = a
                .checked_sub(1)
                .filter(|&p| p >= u.toks.start)
                .map(|p| toks[p].norm.as_str());
            let counted = q.counted.map(|c| c + base);
            // "عشر بنيتز" (a slip for "شعر"): a number word counts no one's
            // family name.
            let in_words = !toks[a].norm.chars().any(|c| c.is_ascii_digit());
            if in_words && counted.is_some_and(|c| players.family.contains(&toks[c].norm)) {
                continue;
            }
            // A name ending like a dual ("جيرمين") is no two of anything.
            if a == b && counted == Some(a) && players.word(&toks[a].norm).is_some() {
                continue;
            }
            // "لقي 7 أشخاص حتفهم": the harm may follow the counted noun.
            let after = counted
                .map(|c| c + 1)
                .filter(|&n| n < u.toks.end)
                .and_then(|n| {
                    let w = toks[n].norm.as_str();
                    // "27 شخصا قتلوا": the verb's plural ending off.
                    let h = harm(w).or_else(|| {
                        w.strip_suffix("وا")
                            .filter(|v| v.chars().count() >= 3)
                            .and_then(harm)
                    })?;
                    // "20 شخصا أصيبوا", "25 شخصا لإصابات": a verb or a
                    // preposition tells the injured after their count.
                    (h.0 == "harm:killed" || w.ends_with("وا") || w.starts_with('ل')).then_some(h)
                });
            // Before the amount, only a harm event or verb ("مقتل", "إصابة",
            // "أصيب") tells the harm; "قتلى و23 مصاباً" counts two things.
            let event = |n: &str| {
                // («قتيلاً و25 جريحا»: the accusative's alif off.)
                let b = bare_noun(n);
                let b = b
                    .strip_suffix('ا')
                    .filter(|x| x.chars().count() >= 3)
                    .unwrap_or(b);
                harm(n).filter(|_| {
                    !matches!(
                        b,
                        "قتلي"
                            | "جرحي"
                            | "ضحايا"
                            | "اصابات"
                            | "مصابين"
                            | "وفيات"
                            | "قتيل"
                            | "جريح"
                    )
                })
            };
            // "مقتل عسكريين تركيين اثنين": the event word before the noun
            // and its adjective that the numeral follows.
            let noun_phrase_event = || {
                (a.saturating_sub(3).max(u.toks.start)..a.saturating_sub(1))
                    .rev()
                    .take_while(|&k| k + 1 >= a || toks[k + 1].norm.ends_with("ين"))
                    .find_map(|k| event(&toks[k].norm))
                    .filter(|_| toks[a].norm.ends_with("ين"))
            };
            // "البالغ من العمر 18 عاما لقي حتفه": years counted are an age or
            // a duration, never a toll, whatever verb of harm stands by.
            let counts_time = counted.is_some_and(|c| {
                let n = bare_noun(&toks[c].norm);
                // «عاما», «يوما»: the accusative's alif off.
                DURATIONS.contains(&n)
                    || n.strip_suffix('ا').is_some_and(|n| DURATIONS.contains(&n))
            });
            let (kind, what) = match (
                prev.and_then(event)
                    .or_else(noun_phrase_event)
                    .filter(|_| !counts_time),
                counted
                    .and_then(|c| harm(&toks[c].norm))
                    .or(after)
                    .filter(|_| !counts_time),
            ) {
                (Some(h), _) | (None, Some(h)) => (h.0.to_owned(), h.1.to_owned()),
                _ => match counted {
                    Some(c) => (
                        key(&toks[c].norm),
                        strip_clitic(&doc.text[toks[c].start..toks[c].end]).to_owned(),
                    ),
                    None => (String::new(), String::new()),
                },
            };
            // "عدد القوات … إلى 4000": the noun after عدد/تعداد before the amount.
            let also = (a.saturating_sub(8).max(u.toks.start)..a)
                .find(|&i| {
                    // "لعدد من المتهمين": «من» names nothing.
                    matches!(bare(&toks[i].norm), "عدد" | "تعداد")
                        && i + 1 < a
                        && !marsad_text::is_stopword(&toks[i + 1].norm)
                })
                .map(|i| {
                    (
                        key(&toks[i + 1].norm),
                        strip_clitic(&doc.text[toks[i + 1].start..toks[i + 1].end]).to_owned(),
                    )
                });
            // A duration after قبل/منذ/بعد dates a happening (the date
            // reader has it); other durations are quantities ("لمدة عام",
            // an age "18 عاما"), kept apart from counts.
            let duration = DURATIONS.contains(&bare_noun(&kind))
                || counted.is_some_and(|c| DURATIONS.contains(&bare_noun(&toks[c].norm)));
            // "بعدها بأربع دقائق" in a match report: the minutes from one
            // goal to the next, a figure outlets give differently.
            // The goal may be told in the sentence before ("… في الدقيقة 21.
            // وبعد ثلاث دقائق انطلق رونالدو …").
            let report = || {
                let from = match ui.checked_sub(1).map(|p| &units.units[p]) {
                    Some(p) if p.doc == u.doc => p.toks.start,
                    _ => u.toks.start,
                };
                toks[from..u.toks.end].iter().any(|t| goal_word(&t.norm))
            };
            let after_goal = duration
                && prev.is_some_and(|p| matches!(p.trim_start_matches('و'), "بعد" | "بعدها"))
                && counted.is_some_and(|c| is_minutes(&toks[c].norm))
                && report();
            if duration
                && !after_goal
                && prev.is_some_and(|p| matches!(bare(p), "قبل" | "منذ" | "بعد"))
            {
                continue;
            }
            let (kind, what) = if after_goal {
                (
                    "minute:after".to_owned(),
                    "الدقائق بعد الهدف السابق".to_owned(),
                )
            } else if duration && !kind.is_empty() {
                (format!("duration:{kind}"), what)
            } else {
                (kind, what)
            };
            if matches!(
                q.amount,
                Amount::Vague {
                    vague: numbers::Vague::Some
                }
            ) && !kind.starts_with("harm:")
            {
                continue;
            }
            // «… إلى 49.24 دولار للبرميل بحلول الساعة 13:19 بتوقيت غرينتش»:
            // the time a price was read, not a happening's; outlets read
            // at their own hours.
            let reading_time = matches!(q.amount, Amount::Clock { .. })
                && (a.saturating_sub(2).max(u.toks.start)..a)
                    .any(|k| matches!(toks[k].norm.as_str(), "بحلول" | "وبحلول"));
            if reading_time {
                continue;
            }
            // "عدد القوات من 500 فرد إلى 4000": the noun after عدد names the thing.
            let mut minute_noun = None;
            let (kind, what, also) = match (kind.is_empty(), also) {
                (false, Some((k, w))) if !kind.starts_with("harm:") => (k, w, Some(kind)),
                (true, Some((k, w))) => (k, w, None),
                // No counted noun: the noun just before names the measure
                // ("الدقيقة 43", "بنسبة 1.5%", "مستوى 8834"); the context tells
                // quantities of one measure apart.
                (true, None) if matches!(q.amount, Amount::Clock { .. }) => {
                    ("clock".to_owned(), "الساعة".to_owned(), None)
                }
                // A share is one kind however it is introduced ("بنسبة",
                // "بارتفاع", "أي"): its context tells shares apart.
                (true, None)
                    if matches!(q.amount, Amount::Percent { .. })
                        || (matches!(q.amount, Amount::Range { .. })
                            && doc.text[q.span.start..q.span.end].contains(['%', '٪'])) =>
                {
                    ("%".to_owned(), "النسبة".to_owned(), None)
                }
                // "(43)" after a goal is scored: the match minute.
                (true, None) if match_minute_in_brackets(&doc.text, toks, u.toks.clone(), &q) => {
                    ("minute".to_owned(), "الدقيقة".to_owned(), None)
                }
                (true, None) => match (a.saturating_sub(3).max(u.toks.start)..a)
                    .rev()
                    .find(|&i| {
                        crate::words::is_content(&toks[i])
                            && !toks[i].norm.chars().any(|c| c.is_ascii_digit())
                    })
                    // A measure noun carries the article ("الدقيقة 43") or
                    // is one ("بنسبة"); a bare name before a number is a
                    // name with a number in it ("طراز 300", a tournament's "23").
                    .filter(|&i| {
                        crate::words::has_article(&toks[i].norm)
                            || matches!(bare(&toks[i].norm), "نسبه" | "مستوي" | "قيمه" | "معدل")
                    }) {
                    Some(i) if is_minutes(&toks[i].norm) => {
                        minute_noun = Some(i);
                        ("minute".to_owned(), "الدقيقة".to_owned(), None)
                    }
                    // Digits right after a defined noun that is no measure
                    // label it ("النسخة 24", "المادة 120", "القائمة 23"),
                    // unless a part is taken of a plural ("التصفيات 207 منها").
                    Some(i)
                        if i + 1 == a
                            && toks[a].norm.chars().any(|c| c.is_ascii_digit())
                            && doc.text[toks[i].end..toks[a].start]
                                .chars()
                                .all(|c| c.is_whitespace() || "\"'«»()-–".contains(c))
                            && ![bare(&toks[i].norm), bare_noun(&toks[i].norm)]
                                .iter()
                                .any(|w| matches!(*w, "نسبه" | "مستوي" | "قيمه" | "معدل"))
                            && !toks.get(b + 1).is_some_and(|t| {
                                b + 1 < u.toks.end
                                    && !toks[i].norm.ends_with('ه')
                                    && matches!(t.norm.as_str(), "منها" | "منهم" | "منهما")
                            }) =>
                    {
                        continue
                    }
                    Some(i) => (
                        format!("of:{}", key(&toks[i].norm)),
                        strip_clitic(&doc.text[toks[i].start..toks[i].end]).to_owned(),
                        None,
                    ),
                    None if matches!(q.amount, Amount::Percent { .. }) => {
                        ("%".to_owned(), "النسبة".to_owned(), None)
                    }
                    None => continue,
                },
                (false, also) => (kind, what, also.map(|x| x.0)),
            };
            let (place, fam, _) = near(a, b, false);
            let ordinal = ordinal_near(&doc.text, toks, u.toks.clone(), a, b);
            let rise = kind.starts_with("harm:") && rises_to(toks, u.toks.start, a);
            let mut listed_form = false;
            let scorer = if kind.starts_with("minute") {
                // Minutes listed after their scorers ("سجلها بنزيمة ورونالدو
                // وبيبي في الدقائق 21 و25 و44") go to them in order; a
                // minute alone to the clause's first player (its subject).
                let listed = (
                    j - chain[j],
                    chain.iter().filter(|&&c| c == chain[j]).count(),
                );
                listed_form = minute_noun.is_some() && listed.1 >= 2;
                match minute_noun.filter(|_| listed.1 >= 2) {
                    Some(n) => {
                        // The names after the last scoring word ("سجلها").
                        let from = (u.toks.start..n)
                            .rev()
                            .find(|&i| scoring(&toks[i].norm))
                            .unwrap_or(u.toks.start);
                        let mut named = players.in_order(toks, from..n);
                        (named.len() == listed.1).then(|| named.swap_remove(listed.0))
                    }
                    None => {
                        let (ca, cb) = clause(&doc.text, toks, u.toks.clone(), a, b);
                        let (ca, cb) = if kind == "minute" && minute_noun.is_none() {
                            // "(43)" follows its scorer: the names since the
                            // last bracket ("فاردي (11) ومحرز (18)").
                            let since = (ca + 1..a)
                                .rev()
                                .find(|&k| doc.text[toks[k - 1].end..toks[k].start].contains(')'));
                            (since.unwrap_or(ca), a)
                        } else if kind == "minute" {
                            // "بهدف سجله ديفو في الدقيقة 60": the names after
                            // the last scoring word, none else (a maker of
                            // the goal, a keeper, the next scorer are near).
                            let last = (ca..a).rev().find(|&k| scoring(&toks[k].norm));
                            last.map_or((a, a), |k| (k + 1, a))
                        } else {
                            (ca, cb + 1)
                        };
                        players.in_order(toks, ca..cb).into_iter().next()
                    }
                }
            } else if is_years(&kind) {
                // «زيكو (62 عاما)», «بلاتيني – 60 عاما»: an age is the age of
                // the name just before it (within five words, brackets and
                // dashes aside).
                players
                    .in_order(toks, a.saturating_sub(5).max(u.toks.start)..a)
                    .into_iter()
                    .last()
            } else {
                None
            };
            // "الدقيقة (بيبي)": a minute is told by its scorer, where the
            // text pairs them (a bracket after the scorer's clause, a list
            // of minutes after the list of scorers); "في الدقيقة 72" at a
            // sentence's end may follow the maker of the goal, not the scorer.
            let paired = minute_noun.is_none() || listed_form;
            let what = match &scorer {
                Some(n) if kind == "minute" && paired => {
                    format!("{what} ({})", n.shown(&doc.text, toks))
                }
                _ => what,
            };
            // Compared by their consonants: outlets spell foreign names
            // their own way (ريدموند، ردموند).
            let scorer = scorer.map(|n| {
                n.keys
                    .iter()
                    .map(|w| crate::words::name_key(w))
                    .collect::<Vec<_>>()
            });
            let group = if kind.starts_with("harm:") {
                person_group(toks, b, counted)
            } else {
                None
            };
            mentions.push(Mention {
                scorer,
                group,
                lead: u.pos == 0 && kind.starts_with("harm:"),
                ctx: context(toks, u.toks.clone(), a, b, counted),
                direction: direction(&doc.text, toks, u.toks.start, a),
                ordinal,
                rise,
                doc: u.doc,
                unit: ui,
                span: q.span,
                val: Val::Amount(q.amount, q.approx),
                kind,
                also,
                what,
                place,
                family: fam,
                source: quotes.source_at(u.doc, q.span.start),
            });
        }
        // A year written alone ("في 2003", "عام 2013") is a fact of its own
        // kind, one per year: no count of the word after it.
        for k in u.toks.clone() {
            let Some(y) = numbers::lone_year(&doc.text, toks, u.toks.start, k) else {
                continue;
            };
            let (place, fam, _) = near(k, k, false);
            mentions.push(Mention {
                scorer: None,
                group: None,
                lead: false,
                ctx: context(toks, u.toks.clone(), k, k, None),
                direction: None,
                ordinal: None,
                rise: false,
                doc: u.doc,
                unit: ui,
                span: Span::new(toks[k].start, toks[k].end),
                val: Val::Amount(Amount::Exact { value: y }, Approx::Exact),
                kind: format!("year:{y}"),
                also: None,
                what: "السنة".into(),
                place,
                family: fam,
                source: quotes.source_at(u.doc, toks[k].start),
            });
        }
        // An ordinal after its noun ("الطائرة السادسة", "ولاية خامسة") says
        // which of a series this is: a number outlets can disagree on.
        for k in u.toks.start + 1..u.toks.end {
            if let Some((n, head, span)) = ordinal_after_noun(&doc.text, toks, u.toks.clone(), k) {
                let noun = &toks[head];
                let (place, fam, _) = near(k - 1, k, false);
                mentions.push(Mention {
                    scorer: None,
                    group: None,
                    lead: false,
                    ctx: context(toks, u.toks.clone(), k - 1, k, None),
                    direction: None,
                    ordinal: None,
                    rise: false,
                    doc: u.doc,
                    unit: ui,
                    span: Span::new(noun.start, span.end),
                    val: Val::Amount(Amount::Exact { value: n as f64 }, Approx::Exact),
                    // "لولاية", "بولاية" and "ولاية" alike: a leading و/ل/ب
                    // may be the word's own letter, so both readings are kept.
                    kind: format!("ordinal:{}", key(bare(&noun.norm))),
                    also: Some(format!("ordinal:{}", key(&noun.norm)))
                        .filter(|a| *a != format!("ordinal:{}", key(bare(&noun.norm)))),
                    what: format!("ترتيب {}", {
                        // "بالهدف الرابع" is the fourth goal: ب is no part of it.
                        let w = strip_clitic(&doc.text[noun.start..noun.end]);
                        let folded = marsad_text::fold(w);
                        match folded.strip_prefix(['ب', 'ل', 'ك']) {
                            Some(r) if r.starts_with("ال") => {
                                &w[w.chars().next().map_or(0, char::len_utf8)..]
                            }
                            _ => w,
                        }
                    }),
                    place,
                    family: fam,
                    source: quotes.source_at(u.doc, span.start),
                });
            }
        }
        let published = doc.published.map(|p| p.date_naive());
        let days = dates::read(slice);
        for m in days.iter().cloned() {
            let (a, b) = (m.tokens.0 + base, m.tokens.1 + base);
            // A dateline ("عين اليوم – زوريخ", "اليوم - الرياض") names the
            // outlet and the city at a line's head: no day is said.
            let line_start = doc.text[..m.span.start].rfind('\n').map_or(0, |p| p + 1);
            let head = doc.text[line_start..m.span.start]
                .split_whitespace()
                .count()
                <= 2;
            let dash = doc.text[m.span.end..]
                .trim_start()
                .starts_with(['–', '-', '—']);
            if head && dash && matches!(m.when, When::DayOffset { .. }) {
                continue;
            }
            let (place, fam, fam_at) = near(a, b, true);
            // «أدانت …، اليوم (الجمعة)، الهجوم الذي وقع يوم الأربعاء»: an
            // event word after the day with a day of its own a few words on
            // is dated by that one; this day is the verb's before it.
            let fam = match fam_at {
                Some(k)
                    if k > b
                        && days
                            .iter()
                            .any(|o| (k + 1..=k + 8).contains(&(o.tokens.0 + base))) =>
                {
                    None
                }
                _ => fam,
            };
            let ordinal = ordinal_near(&doc.text, toks, u.toks.clone(), a, b);
            let resolved = dates::resolve(&m.when, published);
            mentions.push(Mention {
                scorer: None,
                group: None,
                lead: false,
                ctx: Vec::new(),
                direction: None,
                ordinal,
                rise: false,
                doc: u.doc,
                unit: ui,
                span: m.span,
                val: Val::Day(m.when, m.part, resolved),
                // Days compare with days, periods ("الأسبوع الماضي") with
                // periods. A day still to come when written ("الاثنين
                // المقبل", "غدا", a date after the publish day) is another
                // happening's than a day past: the next session, not this one.
                kind: match m.when {
                    When::Weekday { .. } | When::DayOffset { .. } | When::Date { .. } => {
                        let said_ahead = matches!(
                            m.when,
                            When::Weekday { shift: 1.., .. }
                                | When::DayOffset { days: 1.. }
                                | When::Date { ahead: true, .. }
                        );
                        let ahead = match (resolved.from, published) {
                            (Some(f), Some(p)) => f > p,
                            _ => said_ahead,
                        };
                        // A weekday said past («الثلاثاء الماضي») is an
                        // earlier happening's, told as background (the
                        // first hearing in a report of the second), not the
                        // day the report's event is on.
                        let past = matches!(m.when, When::Weekday { shift: ..=-1, .. });
                        if ahead {
                            "day:ahead"
                        } else if past {
                            "day:past"
                        } else {
                            "day"
                        }
                        .into()
                    }
                    _ => "period".into(),
                },
                also: None,
                what: String::new(),
                place,
                family: fam,
                source: quotes.source_at(u.doc, m.span.start),
            });
        }
    }
    year_from_story(docs, &mut mentions);
    weekday_from_article(&mut mentions);
    let groups = group(units, &mentions);
    let listed = listed(&mentions);
    let levels: Vec<bool> = mentions.iter().map(|m| market_level(docs, m)).collect();
    let mut facts = Vec::new();
    let mut timeline = Vec::new();
    for g in &groups {
        let ms: Vec<&Mention> = g.iter().map(|&i| &mentions[i]).collect();
        let first = ms[0];
        let docs_in: BTreeSet<usize> = ms.iter().map(|m| m.doc).collect();
        let mut differ = false;
        let mut agree = false;
        let lasts_days =
            happening_word(&ms).is_some_and(|w| SPANS.contains(&marsad_text::fold(&w).as_str()));
        let claims = std::cell::OnceCell::new();
        'pairs: for (i, a) in ms.iter().enumerate() {
            for (j, b) in ms.iter().enumerate().skip(i + 1) {
                match same_value(&a.val, &b.val) {
                    // A disagreement is between outlets, each giving a value
                    // the other never does: one outlet giving two values
                    // (in one article or two) tells two things (a market's
                    // prices) apart, and an outlet that also gives the
                    // other's value does not contradict it, unless it says
                    // the figure rose (an update, told by the verdict).
                    Some(false) if !differ => {
                        let c = claims.get_or_init(|| Claims::of(docs, &ms));
                        let level = levels[g[i]] || levels[g[j]];
                        if !c.several
                            && a.doc != b.doc
                            && (!(listed[g[i]] || listed[g[j]] || level)
                                || one_figure_told_apart(&a.val, &b.val, !level))
                            && !c.same_claimant(i, j)
                            && (a.rise || b.rise || !(c.states(i, j) || c.states(j, i)))
                            && !about_the_time(&a.val, &b.val)
                            && !half_a_day_apart(docs, a, b)
                            && !loose_figure(docs, a)
                            && !loose_figure(docs, b)
                            && !thousands_read_two_ways(docs, a, b)
                            && !next_day_later(docs, a, b)
                            && !(lasts_days && days_close(a, b))
                            && !days_told_unalike(units, a, b)
                        {
                            differ = true;
                        }
                    }
                    Some(true) if a.doc != b.doc => agree = true,
                    _ => {}
                }
                if differ && agree {
                    break 'pairs;
                }
            }
        }
        // Agreement needs two articles whose values compare ("اليوم" and
        // "السبت الماضي" without a publish date do not).
        let verdict = if differ && updated(docs, &ms) {
            "updated"
        } else if differ {
            "differ"
        } else if agree {
            "agree"
        } else if docs_in.len() >= 2 {
            "uncompared"
        } else {
            "single"
        };
        let word = happening_word(&ms);
        let happening = happening_of(&ms, word.clone());
        let values: Vec<FactValue> = ms
            .iter()
            .map(|m| {
                let d = &docs[m.doc];
                let (value, resolved, normalized) = match &m.val {
                    Val::Amount(a, x) => (a.show(*x), None, Normalized::of_amount(a)),
                    Val::Day(w, p, r) => {
                        (dates::describe(w, *p), Some(*r), Normalized::of_day(w, r))
                    }
                };
                FactValue {
                    value,
                    article: d.id.clone(),
                    outlet: d.outlet.clone(),
                    source: m.source.clone(),
                    cite: Cite::new(d, m.span),
                    resolved,
                    normalized,
                    published: d.published,
                }
            })
            .collect();
        let dated = is_dated(&first.kind);
        if dated {
            let cites: Vec<Cite> = values.iter().map(|v| v.cite.clone()).collect();
            let r = values
                .iter()
                .find_map(|v| v.resolved.filter(|r| !r.relative));
            let when = majority(&values);
            timeline.push(TimelineEntry {
                when,
                from: r.and_then(|r| r.from),
                to: r.and_then(|r| r.to),
                relative: r.is_none(),
                happening: if happening.is_empty() {
                    snippet(docs, units, first)
                } else {
                    happening.clone()
                },
                disputed: differ,
                articles: sorted_ids(&cites),
                cites,
            });
            // A date without a kind of happening is the timeline's only,
            // unless articles write it in full (day, month and year): a
            // date several outlets give in full is one to check.
            let full = values
                .iter()
                .filter(|v| v.normalized.is_some())
                .map(|v| &v.article)
                .collect::<BTreeSet<_>>()
                .len()
                >= 2;
            if ms.iter().all(|m| m.family.is_none()) && !full {
                continue;
            }
        }
        let what = if dated {
            let f = word.unwrap_or_else(|| "الحدث".into());
            format!(
                "{} {f}",
                if matches!(first.kind.as_str(), "day" | "day:past") {
                    "يوم"
                } else {
                    "موعد"
                }
            )
        } else {
            first.what.clone()
        };
        facts.push(Fact {
            what,
            happening,
            verdict: verdict.into(),
            values,
        });
    }
    facts.sort_by_key(|f| (rank(&f.verdict), std::cmp::Reverse(f.values.len())));
    timeline.sort_by_key(|t| (t.relative, t.from));
    Found {
        facts,
        timeline: one_line_a_day(timeline),
    }
}

/// One timeline line per dated day (or span): outlets date one happening in
/// their own sentences and words («أمس», «الاثنين», «اليوم»), each of which
/// would otherwise be a line of its own. The line says what the most
/// articles say of that day and cites them all. Undated entries («الثلاثاء»
/// of an unknown week) cannot be told to be one day and stay apart, unless
/// they are the same day word for the same happening.
fn one_line_a_day(timeline: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
    let mut out: Vec<(TimelineEntry, usize)> = Vec::new();
    for t in timeline {
        let same = |o: &TimelineEntry| match t.relative {
            false => !o.relative && o.from.is_some() && (o.from, o.to) == (t.from, t.to),
            true => o.relative && o.when == t.when && o.happening == t.happening,
        };
        let weight = t.articles.len();
        match out.iter_mut().find(|(o, _)| same(o)) {
            Some((o, best)) => {
                if weight > *best {
                    (o.when, o.happening, *best) = (t.when, t.happening, weight);
                }
                o.disputed |= t.disputed;
                o.cites.extend(t.cites);
                o.articles = sorted_ids(&o.cites);
            }
            None => out.push((t, weight)),
        }
    }
    out.into_iter().map(|(t, _)| t).collect()
}

fn rank(verdict: &str) -> u8 {
    match verdict {
        "differ" => 0,
        "updated" => 1,
        "agree" => 2,
        "uncompared" => 3,
        _ => 4,
    }
}

/// Whether two days one day apart come from reports published in that
/// order, half a day or more apart: a visit's or a battle's next day told
/// the next day («الخميس» on Thursday, «الجمعة» in Saturday's paper), or a
/// night's event dated by its morning, not outlets that disagree.
fn next_day_later(docs: &[Doc], a: &Mention, b: &Mention) -> bool {
    let day = |m: &Mention| day_range(&m.val).filter(|(f, t)| f == t).map(|(f, _)| f);
    let (Some(da), Some(db)) = (day(a), day(b)) else {
        return false;
    };
    let (Some(pa), Some(pb)) = (docs[a.doc].published, docs[b.doc].published) else {
        return false;
    };
    let (early, late, p_early, p_late) = if da < db {
        (da, db, pa, pb)
    } else {
        (db, da, pb, pa)
    };
    (late - early).num_days() == 1 && (p_late - p_early).num_hours() >= 12
}

/// Happenings that last days: a visit, a tour, talks over days.
const SPANS: &[&str] = &[
    "الزياره",
    "زياره",
    "الجوله",
    "جوله",
    "المباحثات",
    "المحادثات",
];

/// Whether two days are at most three apart: for a happening that lasts
/// days («يوم الزيارة»: the arrival on Tuesday, the talks on Wednesday),
/// two of its days, not a disagreement.
fn days_close(a: &Mention, b: &Mention) -> bool {
    days_between(&a.val, &b.val).is_some_and(|d| d <= 3)
}

/// Whether a toll's differing values are one count as it rose: every value
/// above the lowest is said somewhere to be what the toll rose to, and no
/// article published after a rise still gives a lower figure in its own
/// right (an article telling the earlier figure beside the rise is the
/// rise's own history). Without publish times the rise words decide.
fn updated(docs: &[Doc], ms: &[&Mention]) -> bool {
    let number = |m: &Mention| match m.val {
        Val::Amount(Amount::Exact { value }, _) => Some(value),
        _ => None,
    };
    if !ms
        .iter()
        .all(|m| m.kind.starts_with("harm:") && number(m).is_some())
    {
        return false;
    }
    let low = ms
        .iter()
        .filter_map(|m| number(m))
        .fold(f64::INFINITY, f64::min);
    let explained = ms.iter().all(|m| {
        let v = number(m).unwrap_or(low);
        v == low || ms.iter().any(|r| r.rise && number(r) == Some(v))
    });
    let risen_in = |d: usize| ms.iter().any(|r| r.rise && r.doc == d);
    let stale = ms.iter().any(|r| {
        r.rise
            && ms.iter().any(|m| {
                !m.rise
                    && !risen_in(m.doc)
                    && number(m) < number(r)
                    && matches!(
                        (docs[m.doc].published, docs[r.doc].published),
                        (Some(pm), Some(pr)) if pm > pr
                    )
            })
    });
    explained && !stale
}

/// The value most articles give, as said.
fn majority(values: &[FactValue]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|c| c.0 == v.value) {
            Some(c) => c.1 += 1,
            None => counts.push((v.value.clone(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|c| c.1)
        .map(|c| c.0)
        .unwrap_or_default()
}

/// Event nouns by family, folded, that name a happening as the articles
/// wrote it («الاجتماع», «التفجير»): a truer label than the family's.
const EVENT_NOUNS: &[(&str, &[&str])] = &[
    (
        "attack",
        &[
            "الهجوم",
            "التفجير",
            "الانفجار",
            "القصف",
            "الاعتداء",
            "الاشتباك",
            "الغاره",
            "الهجمات",
            "الاشتباكات",
            "الغارات",
        ],
    ),
    (
        "disaster",
        &[
            "الحادث",
            "الحريق",
            "الزلزال",
            "الفيضان",
            "العاصفه",
            "الانهيار",
            "التحطم",
            "الاصطدام",
            "الغرق",
            "السيول",
            "الاعصار",
        ],
    ),
    (
        "talk",
        &[
            "الاجتماع",
            "الاتصال",
            "اللقاء",
            "القمه",
            "الزياره",
            "المكالمه",
            "المحادثات",
            "المباحثات",
        ],
    ),
    ("trial", &["المحاكمه"]),
    ("session", &["الجلسه"]),
];

/// What the mentions' happening is called: the event noun their articles
/// write most (with the article, as written), else the family's name.
fn happening_word(ms: &[&Mention]) -> Option<String> {
    let fam = ms.iter().find_map(|m| m.family.as_ref().map(|f| f.0))?;
    let nouns = EVENT_NOUNS
        .iter()
        .find(|(f, _)| *f == fam)
        .map_or(&[][..], |(_, n)| *n);
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for (_, written) in ms
        .iter()
        .filter_map(|m| m.family.as_ref())
        .filter(|f| f.0 == fam)
    {
        let folded = marsad_text::fold(written);
        if !nouns.contains(&folded.as_str()) {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == folded) {
            Some(c) => c.2 += 1,
            None => counts.push((folded, written.clone(), 1)),
        }
    }
    // The most written; on a tie, the first met.
    let best = counts.into_iter().rev().max_by_key(|c| c.2).map(|c| c.1);
    Some(best.unwrap_or_else(|| family_label(fam).to_owned()))
}

/// The happening's name (`happening_word`) with the place most of its
/// mentions name.
fn happening_of(ms: &[&Mention], fam: Option<String>) -> String {
    // The place most mentions name.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in ms {
        for p in m.place.iter().flatten() {
            match counts.iter_mut().find(|c| c.0 == p.1) {
                Some(c) => c.1 += 1,
                None => counts.push((p.1.clone(), 1)),
            }
        }
    }
    let place = counts.into_iter().max_by_key(|c| c.1).map(|c| c.0);
    match (fam, place) {
        (Some(f), Some(p)) => format!("{f} · {p}"),
        (Some(f), None) => f,
        (None, Some(p)) => p,
        (None, None) => String::new(),
    }
}

fn snippet(docs: &[Doc], units: &Units, m: &Mention) -> String {
    let u = &units.units[m.unit];
    let words: Vec<&str> = docs[m.doc].text[u.span.start..u.span.end]
        .split_whitespace()
        .collect();
    let mut s = words.iter().take(12).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 12 {
        s.push_str(" …");
    }
    s
}

/// Mentions of one thing at one happening, as groups of indices: dates by
/// their happening, amounts by what they count and their context.
fn group(units: &Units, ms: &[Mention]) -> Vec<Vec<usize>> {
    let (dated, amounts): (Vec<usize>, Vec<usize>) =
        (0..ms.len()).partition(|&i| is_dated(&ms[i].kind));
    let mut groups = group_dates(units, ms, &dated);
    groups.extend(group_amounts(units, ms, &amounts));
    groups
}

/// Per mention: whether it is one of a list, an amount of a kind its
/// article gives three or more different figures of in one voice (a
/// market report's percentages for each index, metal or stock; the
/// injured of each of a front's clashes). Which item of the list a figure
/// belongs to is what its neighbours' words hardly tell, so a figure of a
/// list is claimed to contradict another outlet's only when the two are
/// one figure told apart (`one_figure_told_apart`). A harm count is judged
/// by its happening and lead instead, a match minute by its scorer.
fn listed(ms: &[Mention]) -> Vec<bool> {
    let mut figures: FxHashMap<(usize, &str, Option<&str>), Vec<&Val>> = FxHashMap::default();
    for m in ms.iter().filter(|m| matches!(m.val, Val::Amount(..))) {
        let seen = figures
            .entry((m.doc, m.kind.as_str(), m.source.as_deref()))
            .or_default();
        if seen.iter().all(|v| same_value(v, &m.val) == Some(false)) {
            seen.push(&m.val);
        }
    }
    ms.iter()
        .map(|m| {
            matches!(m.val, Val::Amount(..))
                && !m.kind.starts_with("harm:")
                && !m.kind.starts_with("minute")
                && figures
                    .get(&(m.doc, m.kind.as_str(), m.source.as_deref()))
                    .is_some_and(|v| v.len() >= 3)
        })
        .collect()
}

/// "26 فبراير" where other articles of the story write "26 فبراير 2016":
/// the day is that year's, not the last 26 February before the publish
/// date (the one year the story gives that day and month, if one).
fn year_from_story(docs: &[Doc], mentions: &mut [Mention]) {
    let mut years: std::collections::HashMap<(u32, u32), BTreeSet<i32>> = Default::default();
    for m in mentions.iter() {
        if let Val::Day(
            When::Date {
                day,
                month,
                year: Some(y),
                ..
            },
            _,
            _,
        ) = m.val
        {
            years.entry((day, month)).or_default().insert(y);
        }
    }
    for m in mentions.iter_mut() {
        let Val::Day(
            When::Date {
                day,
                month,
                year: None,
                ahead,
            },
            part,
            _,
        ) = m.val
        else {
            continue;
        };
        let Some(ys) = years.get(&(day, month)).filter(|ys| ys.len() == 1) else {
            continue;
        };
        let year = ys.iter().next().copied();
        let r = dates::resolve(
            &When::Date {
                day,
                month,
                year,
                ahead,
            },
            None,
        );
        // The year the story gives is the date's: shown and normalized in
        // full, as the other articles write it (the cite keeps the words).
        let w = When::Date {
            day,
            month,
            year,
            ahead,
        };
        m.val = Val::Day(w, part, r);
        let published = docs[m.doc].published.map(|p| p.date_naive());
        if let (Some(f), Some(p)) = (r.from, published) {
            m.kind = if f > p { "day:ahead" } else { "day" }.into();
        }
    }
}

/// A weekday is the date its article gives the same happening on that
/// weekday: a trial's report that dates the bombing «في 26 يونيو» and
/// later says «فجر يوم التفجير الجمعة» means that Friday, not the Friday
/// before publishing (which a bare weekday resolves to). Within one article
/// only, of the same happening or of none named, and only when one such
/// date fits.
fn weekday_from_article(mentions: &mut [Mention]) {
    use chrono::Datelike;
    // (article, the date's happening if it names one, the date)
    let dates: Vec<(usize, Option<&'static str>, chrono::NaiveDate)> = mentions
        .iter()
        .filter_map(|m| match &m.val {
            Val::Day(When::Date { .. }, _, r) if r.from == r.to => {
                Some((m.doc, m.family.as_ref().map(|f| f.0), r.from?))
            }
            _ => None,
        })
        .collect();
    for m in mentions.iter_mut() {
        let Mention {
            val: Val::Day(When::Weekday { day, shift }, _, r),
            family: Some((f, _)),
            doc,
            ..
        } = m
        else {
            continue;
        };
        if *shift > 0 {
            continue;
        }
        // A date of the same happening, or one the clause names none for.
        let mut fits = dates.iter().filter(|(d_doc, g, d)| {
            d_doc == doc
                && g.is_none_or(|g| g == *f)
                && d.weekday().num_days_from_sunday() == *day as u32
        });
        if let (Some(&(_, _, date)), None) = (fits.next(), fits.next()) {
            *r = Resolved {
                from: Some(date),
                to: Some(date),
                relative: false,
                approx: false,
            };
        }
    }
}

/// Dates' kinds: a day, a day said to come, a weekday said past, a period.
fn is_dated(kind: &str) -> bool {
    matches!(kind, "day" | "day:ahead" | "day:past" | "period")
}

fn kind_match(a: &Mention, b: &Mention) -> bool {
    a.kind == b.kind
        || a.also.as_ref() == Some(&b.kind)
        || b.also.as_ref() == Some(&a.kind)
        || (a.also.is_some() && a.also == b.also)
}

/// Whether a count is of persons under a generic noun («أشخاص»، «أفراد»).
fn generic_persons(m: &Mention) -> bool {
    ["شخص", "اشخاص", "فرد", "افراد"]
        .iter()
        .any(|g| key(g) == m.kind)
}

/// Whether one of two counts is of persons under a generic noun («41
/// شخصا») and the other of the same happening under a noun that says who
/// they are («41 متهمًا»): the same people when they are said alike and
/// give one figure. Only ever the same figure: a generic count against
/// another figure of a specific one is no disagreement to claim.
fn persons_counted(a: &Mention, b: &Mention) -> bool {
    let counted = |m: &Mention| !m.kind.is_empty() && !m.kind.contains(':');
    (generic_persons(a) != generic_persons(b))
        && counted(a)
        && counted(b)
        && fam_ok(a, b)
        && same_series_item(a, b)
        && match (&a.place, &b.place) {
            (Some(_), Some(_)) => share_place(a, b),
            _ => true,
        }
}

/// Whether two days are told in sentences nothing alike: a day is said of
/// whatever its sentence tells (a raid, a statement, a visit's next leg),
/// and two days of one event word in unlike sentences are as often two
/// happenings as one told apart; no disagreement is claimed between them.
fn days_told_unalike(units: &Units, a: &Mention, b: &Mention) -> bool {
    matches!(a.val, Val::Day(..))
        && matches!(b.val, Val::Day(..))
        && units.unit_similarity(a.unit, b.unit) < NEAR_SENTENCES
}

/// Whether a kind counts years (an age, a term).
fn is_years(kind: &str) -> bool {
    matches!(
        bare_noun(kind),
        "عام" | "اعوام" | "سنه" | "سنوات" | "عم" | "سن"
    )
}

/// Whether two amounts may be one quantity: the same thing counted, the
/// same item of a series, no two different places or kinds of happening,
/// no two persons' ages («زيكو (62 عاما)», «بلاتيني – 60 عاما»).
fn compatible(a: &Mention, b: &Mention) -> bool {
    if is_years(&a.kind) && a.scorer.is_some() && b.scorer.is_some() && !same_scorer(a, b) {
        return false;
    }
    let place_ok = match (&a.place, &b.place) {
        (Some(_), Some(_)) => share_place(a, b) || (a.lead && b.lead),
        _ => true,
    };
    let group_ok = match (a.group, b.group) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    // A figure that rose and one that fell are two quantities (a stock's
    // fall and the share of stocks that rose, both in percent).
    let direction_ok = match (a.direction, b.direction) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    kind_match(a, b)
        && place_ok
        && group_ok
        && direction_ok
        && fam_ok(a, b)
        && same_series_item(a, b)
}

/// Which way a figure moved, as the nearest word of a rise or a fall
/// before it in its clause says («ارتفع 7 في المائة», «نسبة تراجع بواقع
/// 6.66»): up (`true`), down, or unsaid.
fn direction(text: &str, toks: &[Token], start: usize, a: usize) -> Option<bool> {
    const UP: &[&str] = &[
        "ارتفع",
        "ارتفاع",
        "يرتفع",
        "ترتفع",
        "صعد",
        "صعود",
        "يصعد",
        "قفز",
        "زياد",
        "نمو",
    ];
    const DOWN: &[&str] = &[
        "تراجع",
        "يتراجع",
        "انخفض",
        "انخفاض",
        "ينخفض",
        "تنخفض",
        "هبط",
        "هبوط",
        "يهبط",
        "تهبط",
        "نزل",
        "نزول",
        "تقلص",
        "انكماش",
        "انكمش",
    ];
    for i in (start.max(a.saturating_sub(6))..a).rev() {
        if text[toks[i].end..toks[i + 1].start].contains(['،', ',', '؛', ';', '.', ':']) {
            break;
        }
        let w = bare(&toks[i].norm);
        let w = w.strip_prefix("ال").unwrap_or(w);
        if UP.iter().any(|x| w.starts_with(x)) {
            return Some(true);
        }
        if DOWN.iter().any(|x| w.starts_with(x)) {
            return Some(false);
        }
    }
    None
}

/// Which people a harm count counts, when the noun after the figure says
/// («24 مدنيا», «عشرة من رجال الأمن», «22 مسلحا»): civilians, fighters or
/// security forces. A count of persons («13 شخصا») says none.
fn person_group(toks: &[Token], last: usize, counted: Option<usize>) -> Option<&'static str> {
    const GROUPS: &[(&str, &[&str])] = &[
        (
            "civilians",
            &[
                "مدني",
                "مدنيين",
                "مدنيون",
                "مواطن",
                "مواطنين",
                "مواطنون",
                "طفل",
                "اطفال",
                "نساء",
                "امراه",
                "مصلين",
                "مصلي",
            ],
        ),
        (
            "fighters",
            &[
                "مسلح",
                "مسلحين",
                "مسلحون",
                "عنصر",
                "عناصر",
                "متمرد",
                "متمردين",
                "متمردون",
                "ارهابي",
                "ارهابيين",
                "ارهابيون",
                "مقاتل",
                "مقاتلين",
                "مقاتلون",
                "انتحاري",
                "ميليشيات",
                "مليشيات",
                "ميليشيا",
                "مليشيا",
            ],
        ),
        (
            "security",
            &[
                "جندي",
                "جنود",
                "جنديين",
                "عسكري",
                "عسكريين",
                "عسكريون",
                "شرطي",
                "شرطيين",
                "شرطيون",
                "ضابط",
                "ضباط",
                "امن",
            ],
        ),
    ];
    let word = |i: usize| -> Option<String> {
        let n = bare_noun(&toks.get(i)?.norm);
        Some(
            n.strip_suffix('ا')
                .filter(|x| x.chars().count() >= 3)
                .unwrap_or(n)
                .to_owned(),
        )
    };
    let mut at = counted.unwrap_or(last + 1);
    // «عشرة من رجال الأمن»: the people after «من»; «رجال الأمن» by the second word.
    if word(at).as_deref() == Some("من") {
        at += 1;
    }
    if matches!(word(at).as_deref(), Some("رجال" | "رجل" | "افراد")) {
        at += 1;
    }
    let w = word(at)?;
    GROUPS
        .iter()
        .find(|(_, words)| words.contains(&w.as_str()))
        .map(|g| g.0)
}

/// A group of amount mentions with what they say around them: how many of
/// its members have each context key.
struct AmountGroup {
    members: Vec<usize>,
    ctx: std::collections::BTreeMap<String, usize>,
}

impl AmountGroup {
    fn new(i: usize, m: &Mention) -> AmountGroup {
        let mut g = AmountGroup {
            members: Vec::new(),
            ctx: Default::default(),
        };
        g.add(i, m);
        g
    }

    /// The member a group is compared by: its first figure said as itself,
    /// not as a bound («أكثر من 27» neither agrees nor differs with 30,
    /// the 27 beside it does).
    fn rep(&self, ms: &[Mention]) -> usize {
        let bound = |i: &usize| {
            matches!(
                ms[*i].val,
                Val::Amount(_, numbers::Approx::MoreThan | numbers::Approx::LessThan)
            )
        };
        self.members
            .iter()
            .copied()
            .find(|i| !bound(i))
            .unwrap_or(self.members[0])
    }

    fn add(&mut self, i: usize, m: &Mention) {
        self.members.push(i);
        for k in &m.ctx {
            *self.ctx.entry(k.clone()).or_default() += 1;
        }
    }

    /// Weighted Jaccard of the two groups' context profiles (each key's
    /// share of the group's members).
    fn similarity(&self, other: &AmountGroup) -> f64 {
        let (na, nb) = (self.members.len() as f64, other.members.len() as f64);
        let (mut min, mut max) = (0.0, 0.0);
        for (k, &x) in &self.ctx {
            let p = x as f64 / na;
            let q = other.ctx.get(k).map_or(0.0, |&y| y as f64 / nb);
            min += p.min(q);
            max += p.max(q);
        }
        for (k, &y) in &other.ctx {
            if !self.ctx.contains_key(k) {
                max += y as f64 / nb;
            }
        }
        if max == 0.0 {
            0.0
        } else {
            min / max
        }
    }
}

/// Context similarity an amount needs to join a group giving the same
/// value, and a group needs to be compared with one giving another value
/// (a disagreement is claimed only between mentions said alike). Harm
/// counts at one happening need less: the kind says most.
const JOIN_SAME: f64 = 0.25;
const JOIN_DIFFER: f64 = 0.5;
const JOIN_DIFFER_HARM: f64 = 0.3;
const JOIN_NEAR: f64 = 0.15;
/// Sentences this alike are one statement told by several articles.
const ALIKE_SENTENCES: f64 = 0.5;
/// Or their sentences this alike (the words around a figure may differ
/// where the sentence names the same scorer, place or body).
const NEAR_SENTENCES: f64 = 0.25;
/// Groups of one kind compared for disagreements, at most (the largest):
/// the pairwise pass stays bounded on hostile inputs.
const MAX_COMPARED: usize = 200;

/// Amounts: first, mentions giving the same value with a like context
/// (or at one named place, or the same harm) join; then groups with
/// different values merge into one disagreeing fact when they are the same
/// quantity, said alike or at one named place, and no article (with one
/// source) would give two values: an article giving both is telling two
/// quantities apart (a part and a whole), unless one is what the toll rose
/// to (the earlier and the later figure of one count).
fn group_amounts(units: &Units, ms: &[Mention], idx: &[usize]) -> Vec<Vec<usize>> {
    let harm = |m: &Mention| m.kind.starts_with("harm:");
    // An article that counts a thing once says it once: the only mention
    // of its kind in each of two articles is the same quantity as surely as
    // a like context says it (the age of the one man killed, the one clock
    // time of a report), whatever words the outlets put around it.
    let mut per_doc: std::collections::HashMap<(usize, &str), usize> = Default::default();
    for &i in idx {
        *per_doc.entry((ms[i].doc, ms[i].kind.as_str())).or_default() += 1;
        if let Some(k) = &ms[i].also {
            *per_doc.entry((ms[i].doc, k.as_str())).or_default() += 1;
        }
    }
    let mut only = vec![false; ms.len()];
    for &i in idx {
        let n = |k: &str| per_doc.get(&(ms[i].doc, k)).copied().unwrap_or(0);
        only[i] = n(&ms[i].kind) == 1 && ms[i].also.as_deref().is_none_or(|k| n(k) == 1);
    }
    let all_only = |g: &AmountGroup| g.members.iter().all(|&j| only[j]);
    let mut groups: Vec<AmountGroup> = Vec::new();
    for &i in idx {
        let m = &ms[i];
        let single = AmountGroup::new(i, m);
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                let rep = &ms[g.members[0]];
                compatible(rep, m) && same_value(&rep.val, &m.val) == Some(true)
            })
            .map(|(gi, g)| (gi, g.similarity(&single)))
            .filter(|&(gi, s)| {
                harm(m)
                    || s >= JOIN_SAME
                    || distinctive(&m.val)
                    || share_place(&ms[groups[gi].members[0]], m)
                    || same_scorer(&ms[groups[gi].members[0]], m)
                    || (only[i] && all_only(&groups[gi]))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((gi, _)) => groups[gi].add(i, m),
            None => groups.push(single),
        }
    }
    // Persons counted under a generic noun and under one that says who they
    // are («41 شخصا», «41 متهمًا»), one figure said somewhat alike (as
    // figures a rounding apart): one count.
    let groups = {
        let mut groups = groups;
        let mut i = 0;
        while i < groups.len() {
            let mut j = i + 1;
            while j < groups.len() {
                let (ri, rj) = (&ms[groups[i].members[0]], &ms[groups[j].members[0]]);
                if persons_counted(ri, rj)
                    && same_value(&ri.val, &rj.val) == Some(true)
                    && groups[i].similarity(&groups[j]) >= JOIN_NEAR
                {
                    // The specific noun names the fact: its group leads.
                    let generic_first = generic_persons(ri);
                    let mut other = groups.remove(j);
                    if generic_first {
                        std::mem::swap(&mut groups[i], &mut other);
                    }
                    for &x in &other.members {
                        groups[i].add(x, &ms[x]);
                    }
                    continue;
                }
                j += 1;
            }
            i += 1;
        }
        groups
    };
    // One article giving the same figure of the same kind twice (its lead
    // and its body, under two spellings of a place) tells one quantity:
    // groups of one value that share an article and source are one.
    let groups = {
        let mut buckets: std::collections::HashMap<(String, String), Vec<usize>> =
            Default::default();
        for (gi, g) in groups.iter().enumerate() {
            let rep = &ms[g.members[0]];
            buckets
                .entry((rep.kind.clone(), format!("{:?}", rep.val)))
                .or_default()
                .push(gi);
        }
        let voices = |g: &AmountGroup| -> BTreeSet<(usize, Option<&str>)> {
            g.members
                .iter()
                .map(|&i| (ms[i].doc, ms[i].source.as_deref()))
                .collect()
        };
        let mut into: Vec<usize> = (0..groups.len()).collect();
        for list in buckets.values() {
            for (x, &a) in list.iter().enumerate() {
                for &b in &list[x + 1..] {
                    let (ra, rb) = (&ms[groups[a].members[0]], &ms[groups[b].members[0]]);
                    if into[b] == b
                        && into[a] == a
                        && fam_ok(ra, rb)
                        && same_series_item(ra, rb)
                        && !voices(&groups[a]).is_disjoint(&voices(&groups[b]))
                    {
                        into[b] = a;
                    }
                }
            }
        }
        let mut merged: Vec<AmountGroup> = Vec::new();
        let mut at: Vec<Option<usize>> = vec![None; groups.len()];
        for (gi, g) in groups.into_iter().enumerate() {
            let home = into[gi];
            match at[home] {
                Some(h) => {
                    for &i in &g.members {
                        merged[h].add(i, &ms[i]);
                    }
                }
                None => {
                    at[home] = Some(merged.len());
                    merged.push(g);
                }
            }
        }
        merged
    };
    // Candidate merges, by kind, most alike first.
    let mut by_kind: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (gi, g) in groups.iter().enumerate() {
        by_kind
            .entry(ms[g.members[0]].kind.as_str())
            .or_default()
            .push(gi);
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for list in by_kind.values_mut() {
        list.sort_by_key(|&gi| std::cmp::Reverse(groups[gi].members.len()));
        list.truncate(MAX_COMPARED);
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                let (ra, rb) = (&ms[groups[a].rep(ms)], &ms[groups[b].rep(ms)]);
                if !compatible(ra, rb) || same_value(&ra.val, &rb.val) != Some(false) {
                    continue;
                }
                let s = groups[a].similarity(&groups[b]);
                // A toll of the story's own happening (in both leads, or at
                // one town) needs less alike a context than one of a war's
                // many fights told deep in a round-up.
                let own = (ra.lead && rb.lead) || share_precise_place(ra, rb).is_some();
                let need = if harm(ra) && own {
                    JOIN_DIFFER_HARM
                } else {
                    JOIN_DIFFER
                };
                // One place and kind of happening says "the same quantity"
                // as well as a like context does.
                // Figures a rounding or a slip apart (135 against 135.65,
                // 883482 against 8834.82, one bound of a range) are one
                // quantity told differently as soon as anything around
                // them is alike.
                // A minute apart is another goal unless both tell which
                // goal ("الهدف الرابع … في الدقيقة 73").
                let one_goal = !ra.kind.starts_with("minute")
                    || (ra.ordinal.is_some() && ra.ordinal == rb.ordinal);
                // (Two tolls at two named towns are two, however near.)
                let near = one_goal
                    && near_values(&ra.val, &rb.val)
                    && (s >= JOIN_NEAR
                        || (harm(ra) && !places_apart(ra, rb))
                        || units.unit_similarity(ra.unit, rb.unit) >= NEAR_SENTENCES);
                // Place, lead or being the only figure of its kind say "the
                // same quantity" only of figures of one magnitude: one soldier
                // killed at a border town and the 32 of last week's bombing
                // near it are two counts. The place must be one town or
                // more precise (a province is where a war's many happenings
                // are), and a town something else around the figures alike;
                // a site (a base, a zone, a district) says enough alone.
                let alike_else = one_magnitude(&ra.val, &rb.val)
                    && (share_precise_place(ra, rb).is_some_and(|rank| rank >= 3 || s > 0.0)
                        || (same_scorer(ra, rb) && !is_years(&ra.kind))
                        || (ra.lead && rb.lead && !places_apart(ra, rb))
                        || (s >= JOIN_SAME
                            && (!harm(ra) || own)
                            && all_only(&groups[a])
                            && all_only(&groups[b])));
                if s >= need || near || alike_else {
                    pairs.push((s, a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // Union of pass-one groups; a merge must keep every pair of its parts
    // compatible and each (article, source) to one value.
    let mut owner: Vec<usize> = (0..groups.len()).collect();
    let mut parts: Vec<Vec<usize>> = (0..groups.len()).map(|g| vec![g]).collect();
    // A voice telling a toll's earlier figure and what it rose to is one
    // count told twice: the rise is its own voice.
    let mut voices: Vec<BTreeSet<(usize, Option<&str>, bool)>> = groups
        .iter()
        .map(|g| {
            g.members
                .iter()
                .map(|&i| (ms[i].doc, ms[i].source.as_deref(), ms[i].rise))
                .collect()
        })
        .collect();
    for (_, a, b) in pairs {
        let (oa, ob) = (owner[a], owner[b]);
        if oa == ob {
            continue;
        }
        let ok = voices[oa].is_disjoint(&voices[ob])
            && parts[oa].iter().all(|&x| {
                parts[ob].iter().all(|&y| {
                    let (rx, ry) = (&ms[groups[x].rep(ms)], &ms[groups[y].rep(ms)]);
                    compatible(rx, ry) && same_value(&rx.val, &ry.val) == Some(false)
                })
            });
        if ok {
            let moved = std::mem::take(&mut parts[ob]);
            for &g in &moved {
                owner[g] = oa;
            }
            parts[oa].extend(moved);
            let v = std::mem::take(&mut voices[ob]);
            voices[oa].extend(v);
        }
    }
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut v: Vec<usize> = p.iter().flat_map(|&g| groups[g].members.clone()).collect();
            v.sort_unstable();
            v
        })
        .collect()
}

/// Dates: one group per kind, happening family and place; a placeless date
/// joins the group whose sentences are most like its own.
fn group_dates(units: &Units, ms: &[Mention], idx: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // One voice (article and source) giving two different values is
    // counting two things, not disagreeing with itself.
    let consistent = |g: &[usize], m: &Mention| {
        g.iter().all(|&j| {
            let o = &ms[j];
            same_series_item(o, m)
                && !dates_apart(&o.val, &m.val)
                && (o.doc != m.doc
                    || o.source != m.source
                    || same_value(&o.val, &m.val) != Some(false))
        })
    };
    // Another day than a group's joins it only from a like sentence (or at
    // one site): the days of a war's many happenings under one event word
    // are no disagreement.
    let differs_alike = |g: &[usize], m: &Mention, site: bool| {
        !g.iter()
            .any(|&j| same_value(&ms[j].val, &m.val) == Some(false))
            || site
            || g.iter()
                .any(|&j| units.unit_similarity(ms[j].unit, m.unit) >= NEAR_SENTENCES)
    };
    // With a place: one group per (kind, place).
    for &i in idx.iter().filter(|&&i| ms[i].place.is_some()) {
        let m = &ms[i];
        let home = groups.iter().position(|g| {
            let o = &ms[g[0]];
            kind_match(o, m)
                && share_place(o, m)
                && consistent(g, m)
                && differs_alike(g, m, share_precise_place(o, m).is_some_and(|r| r >= 3))
                && (fam_ok(o, m)
                    || (o.family.is_none()
                        && m.family.is_none()
                        && same_value(&o.val, &m.val) == Some(true)
                        && g.iter().any(|&j| {
                            ms[j].doc != m.doc
                                && units.unit_similarity(ms[j].unit, m.unit) >= ALIKE_SENTENCES
                        })))
        });
        match home {
            Some(h) => groups[h].push(i),
            None => groups.push(vec![i]),
        }
    }
    // Without a place: the group of the same kind and event family whose
    // sentences are most like this one's; dates need a family to be joined.
    for &i in idx.iter().filter(|&&i| ms[i].place.is_none()) {
        let m = &ms[i];
        if m.family.is_none() {
            // A date written out ("26 فبراير 2016", "29 مايو") names one day
            // whatever sentence gives it: articles giving the same one are
            // one entry, not one per article.
            let explicit = |x: &Mention| {
                matches!(
                    x.val,
                    Val::Day(When::Date { .. } | When::Month { year: Some(_), .. }, _, _)
                )
            };
            // A relative one ("يونيو الماضي", "قبل يومين") joins the same
            // day said in a like sentence of another article: one happening,
            // one timeline entry.
            // Such a group holds one value: its first member speaks for all.
            let home = groups.iter().position(|g| {
                let o = &ms[g[0]];
                o.place.is_none()
                    && o.family.is_none()
                    && o.kind == m.kind
                    && same_value(&o.val, &m.val) == Some(true)
                    && ((explicit(o) && explicit(m))
                        || g.iter().any(|&j| {
                            ms[j].doc != m.doc
                                && units.unit_similarity(ms[j].unit, m.unit) >= ALIKE_SENTENCES
                        }))
            });
            match home {
                Some(h) => groups[h].push(i),
                None => groups.push(vec![i]),
            }
            continue;
        }
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| consistent(g, m) && differs_alike(g, m, false))
            .filter(|(_, g)| {
                let o = &ms[g[0]];
                kind_match(o, m)
                    && g.iter().all(|&j| fam_ok(&ms[j], m))
                    && g.iter().any(|&j| {
                        ms[j].family.as_ref().map(|f| f.0) == m.family.as_ref().map(|f| f.0)
                    })
            })
            .map(|(gi, g)| {
                let s: f64 = g
                    .iter()
                    .map(|&j| units.unit_similarity(ms[j].unit, m.unit))
                    .fold(0.0, f64::max);
                let placeless = g.iter().all(|&j| ms[j].place.is_none());
                (gi, s + if placeless { 0.3 } else { 0.0 })
            })
            // A group with a place takes a placeless mention only when
            // their sentences are alike.
            .filter(|&(_, s)| s >= 0.3)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((gi, _)) => groups[gi].push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Words saying a count rose ("ارتفعت", "ارتفاع", "تصاعد", "قفز").
const RISE: &[&str] = &[
    "ارتفع",
    "ارتفاع",
    "يرتفع",
    "ترتفع",
    "تصاعد",
    "يتصاعد",
    "تتصاعد",
    "قفز",
    "يقفز",
    "تقفز",
];

/// Whether the amount at token `a` is what a count rose to: "إلى" just
/// before it (or before an approximation word), and a rise word earlier in
/// the sentence (from `start`), within twelve words.
fn rises_to(toks: &[Token], start: usize, a: usize) -> bool {
    let to = (a.saturating_sub(2).max(start)..a)
        .rev()
        .find(|&i| bare(&toks[i].norm) == "الي");
    to.is_some_and(|t| {
        (t.saturating_sub(12).max(start)..t).any(|i| {
            let w = bare(&toks[i].norm);
            RISE.iter().any(|r| w.starts_with(r))
        })
    })
}

/// The ordinal with the article in the clause of tokens `first..=last`
/// ("الثانية", "الرابعة عشرة"), if one.
fn ordinal_near(
    text: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    first: usize,
    last: usize,
) -> Option<u32> {
    let (a, b) = clause(text, toks, range, first, last);
    let norms: Vec<&str> = toks[a..=b].iter().map(|t| t.norm.as_str()).collect();
    marsad_text::numbers::anchors(norms)
        .into_iter()
        .find_map(|x| match x {
            marsad_text::numbers::Anchor::Ordinal(n) => Some(n),
            _ => None,
        })
}

/// The ordinal at token `k` when it qualifies the noun just before it,
/// both definite or both not ("الطائرة السادسة", "ولاية خامسة"), from the
/// second on (أول is an everyday word), with its span over both words.
/// Not a repeat ("للمرة الرابعة"), an hour ("الساعة الرابعة"), a day of a
/// month ("الخامس من يوليو"), a number's part ("السادس والعشرين") or a
/// title ("النائب الثاني"). Also the head noun of a definite phrase
/// ("الطائرة" of "الطائرة الإغاثية السعودية السادسة").
fn ordinal_after_noun(
    text: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    k: usize,
) -> Option<(u32, usize, Span)> {
    let (w, noun) = (&toks[k], &toks[k - 1]);
    let n = marsad_text::numbers::ordinal(&w.norm).filter(|&n| n >= 2)?;
    // «الملك عبد الله الثاني»: a king's number, no series.
    let regnal = noun.norm == "الله" && k >= 2 && toks[k - 2].norm.ends_with("عبد");
    if regnal
        || !text[noun.end..w.start].trim().is_empty()
        || crate::words::has_article(&w.norm) != crate::words::has_article(&noun.norm)
        || !crate::words::is_content(noun)
        || marsad_text::numbers::ordinal(&noun.norm).is_some()
        || matches!(
            bare_noun(&noun.norm),
            "مره"
                | "ساعه"
                | "دقيقه"
                | "يوم"
                | "عام"
                | "سنه"
                | "فصل"
                | "ماده"
                | "بند"
                | "فقره"
                | "نايب"
                | "وكيل"
                | "مساعد"
        )
    {
        return None;
    }
    let next = toks.get(k + 1).filter(|_| k + 1 < range.end);
    if next.is_some_and(|t| {
        matches!(t.norm.as_str(), "من" | "عشر" | "عشره")
            || t.norm.starts_with('و')
                && marsad_text::numbers::ordinal(&t.norm).is_none()
                && crate::numbers::is_tens(&t.norm)
    }) {
        return None;
    }
    // Back over the definite adjectives to the noun they qualify.
    let mut head = k - 1;
    if crate::words::has_article(&noun.norm) {
        while head > range.start
            && k - head < 4
            && crate::words::has_article(&toks[head - 1].norm)
            && crate::words::is_content(&toks[head - 1])
            && text[toks[head - 1].end..toks[head].start].trim().is_empty()
            && (toks[head].norm.ends_with('ه') || toks[head].norm.ends_with('ي'))
        {
            head -= 1;
        }
    }
    Some((n, head, Span::new(noun.start, w.end)))
}

/// The places where something happens: not a distance's reference point
/// ("تقع على بعد عشرة كيلومترات من بلدة عين العرب" places nothing there).
fn happening_places(toks: &[Token], places: Vec<(String, u8, usize)>) -> Vec<(String, u8, usize)> {
    places
        .into_iter()
        .filter(|&(_, _, i)| {
            let back = i.saturating_sub(8)..i;
            let from = back.clone().rev().find(|&k| toks[k].norm == "من");
            let away = back.clone().find(|&k| {
                toks[k].norm == "بعد"
                    && k > 0
                    && matches!(toks[k - 1].norm.as_str(), "علي" | "وعلي")
            });
            !matches!((away, from), (Some(x), Some(y)) if x < y)
        })
        .collect()
}

/// Words of a goal being scored: a bracketed figure after them is the
/// minute of that goal ("وسجل بيبي الهدف الثالث (43)").
const SCORING: &[&str] = &[
    "هدف",
    "اهداف",
    "سجل",
    "احرز",
    "تسجيل",
    "ركل",
    "تسديد",
    "راسي",
    "مقصي",
];

fn scoring(norm: &str) -> bool {
    begins_with_any(norm, SCORING)
}

/// Whether the word, without clitics (and without the article), begins
/// with one of `stems`.
fn begins_with_any(norm: &str, stems: &[&str]) -> bool {
    let (b, b2) = (bare_noun(norm), bare(norm));
    stems.iter().any(|w| b.starts_with(w) || b2.starts_with(w))
}

/// Words only a match report uses ("سجل", "تسجيل" record and register
/// anywhere): the goal, the net, a shot, a kick.
fn goal_word(norm: &str) -> bool {
    begins_with_any(
        norm,
        &[
            "هدف",
            "اهداف",
            "شباك",
            "مرمي",
            "تسديد",
            "ركل",
            "راسي",
            "مقصي",
        ],
    )
}

fn is_minutes(norm: &str) -> bool {
    matches!(bare_noun(norm), "دقيقه" | "دقايق" | "دقيقتين")
}

/// "(43)": a whole figure of a match's length alone in brackets, in a
/// clause that scores a goal before it.
fn match_minute_in_brackets(
    text: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    q: &numbers::Quantity,
) -> bool {
    let Amount::Exact { value } = q.amount else {
        return false;
    };
    let bracketed = text[..q.span.start].trim_end().ends_with('(')
        && text[q.span.end..].trim_start().starts_with(')');
    if !bracketed || value.fract() != 0.0 || !(1.0..=130.0).contains(&value) {
        return false;
    }
    let a = q.tokens.0 + range.start;
    let (ca, _) = clause(text, toks, range, a, a);
    toks[ca..a].iter().any(|t| scoring(&t.norm))
}

/// The words of the names of a story's people, for finding which player
/// a match minute belongs to.
struct Players {
    words: std::collections::HashSet<String>,
    /// The last words of names of two words or more: family names.
    family: std::collections::HashSet<String>,
}

impl Players {
    fn new(ents: &Entities) -> Players {
        let mut words = std::collections::HashSet::new();
        let mut family = std::collections::HashSet::new();
        let people = ents
            .list
            .iter()
            .filter(|e| e.kind == crate::entities::Kind::Person);
        for name in people.flat_map(|e| e.names.iter()) {
            let toks = marsad_text::tokens(&name.1);
            if toks.len() >= 2 {
                family.insert(toks[toks.len() - 1].norm.clone());
            }
            words.extend(
                toks.into_iter()
                    .filter(|t| !crate::words::has_article(&t.norm))
                    .map(|t| t.norm)
                    .filter(|w| w.chars().count() >= 3),
            );
        }
        Players { words, family }
    }

    /// The name word a token is, as its story writes it ("وبيبي", "لجاريث"
    /// are "بيبي", "جاريث").
    fn word(&self, norm: &str) -> Option<String> {
        let plain = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
        [
            norm,
            plain,
            plain.strip_prefix(['ب', 'ل', 'ك']).unwrap_or(plain),
        ]
        .into_iter()
        .find(|w| self.words.contains(*w))
        .map(str::to_owned)
    }

    /// The names in tokens `range`, in order, each as its words' keys: a
    /// run of name words, a new one after و ("كريم بنزيمة وكريستيانو
    /// رونالدو وبيبي" is three). A word with the article is a common noun
    /// or a family name the given name before it already tells.
    fn in_order(&self, toks: &[Token], range: std::ops::Range<usize>) -> Vec<Named> {
        let mut out: Vec<Named> = Vec::new();
        let mut open = false;
        for (i, t) in toks.iter().enumerate().take(range.end).skip(range.start) {
            let Some(k) = self
                .word(&t.norm)
                .filter(|_| !crate::words::has_article(&t.norm))
            else {
                open = false;
                continue;
            };
            let conj = t.norm.starts_with('و') && k != t.norm;
            match out.last_mut() {
                Some(run) if open && !conj => {
                    run.keys.push(k);
                    run.last = i;
                }
                _ => out.push(Named {
                    keys: vec![k],
                    first: i,
                    last: i,
                }),
            }
            open = true;
        }
        out
    }
}

/// A name found by [`Players::in_order`]: its words' keys and its tokens.
struct Named {
    keys: Vec<String>,
    first: usize,
    last: usize,
}

impl Named {
    /// The name as written, without a letter glued to its first word
    /// ("وبيبي" is shown "بيبي").
    fn shown<'a>(&self, text: &'a str, toks: &[Token]) -> &'a str {
        let mut s = &text[toks[self.first].start..toks[self.last].end];
        for _ in 0..2 {
            if marsad_text::fold(s.split_whitespace().next().unwrap_or("")) == self.keys[0] {
                break;
            }
            let mut cs = s.chars();
            cs.next();
            s = cs.as_str();
        }
        s
    }
}

fn same_scorer(a: &Mention, b: &Mention) -> bool {
    match (&a.scorer, &b.scorer) {
        (Some(x), Some(y)) => x.iter().any(|w| y.contains(w)),
        _ => false,
    }
}

fn same_series_item(a: &Mention, b: &Mention) -> bool {
    match (a.ordinal, b.ordinal) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn share_place(a: &Mention, b: &Mention) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) => x.iter().any(|p| y.iter().any(|q| q.0 == p.0)),
        _ => false,
    }
}

/// How precisely two mentions name one place they share (the less precise
/// side's rank, see `PLACE_WORDS`), when it is a town or more precise: a
/// district, a base; not a province.
fn share_precise_place(a: &Mention, b: &Mention) -> Option<u8> {
    let (x, y) = (a.place.as_ref()?, b.place.as_ref()?);
    x.iter()
        .flat_map(|p| {
            y.iter()
                .filter(move |q| q.0 == p.0)
                .map(move |q| p.2.min(q.2))
        })
        .filter(|&rank| rank >= 2)
        .max()
}

/// Whether two mentions each name precise places, none the same: two
/// happenings.
fn places_apart(a: &Mention, b: &Mention) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) => {
            x.iter().all(|p| p.2 >= 2) && y.iter().all(|q| q.2 >= 2) && !share_place(a, b)
        }
        _ => false,
    }
}

fn fam_ok(a: &Mention, b: &Mention) -> bool {
    match (&a.family, &b.family) {
        (Some(x), Some(y)) => x.0 == y.0,
        // Dates date a kind of happening: without one they are not compared.
        _ => !is_dated(&a.kind),
    }
}

/// A figure too particular to be given twice by chance (99382, 135.65,
/// 12:41): two mentions of one kind giving it are one quantity. Round
/// and small figures (3, 20, 4 مليارات) are not.
fn distinctive(v: &Val) -> bool {
    let x = match v {
        Val::Amount(Amount::Exact { value } | Amount::Percent { value }, _) => *value,
        Val::Amount(Amount::Clock { hhmm }, _) => *hhmm,
        Val::Amount(Amount::Range { low, high }, _) => {
            return distinctive_number(*low) || distinctive_number(*high)
        }
        _ => return false,
    };
    distinctive_number(x)
}

/// A figure's digits as written, without its point («8834.82» → «883482»).
fn digits(x: f64) -> String {
    numbers::num(x)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Whether one figure is the other rounded to the digits it is written
/// with, within 1% («13.2 مليار» and «13.23 مليار» for 13,226 million): one
/// figure told at two precisions, not two figures.
fn rounded_alike(p: f64, q: f64) -> bool {
    if p == q {
        return true;
    }
    if p <= 0.0 || q <= 0.0 || (p - q).abs() > 0.01 * p.max(q) {
        return false;
    }
    by_precision(p, q).gives(f64::round)
}

/// Two positive figures as the coarser and the finer by the significant
/// digits they are written with («1.6», «1.56»).
struct Precisions {
    coarse: f64,
    fine: f64,
    /// The value of the coarser figure's last significant digit, at the
    /// finer one's magnitude.
    scale: f64,
    /// Whether the coarser has fewer significant digits (not as many).
    fewer: bool,
}

fn by_precision(p: f64, q: f64) -> Precisions {
    let significant = |x: f64| digits(x).trim_end_matches('0').len().max(1) as i32;
    let (coarse, fine) = if significant(p) <= significant(q) {
        (p, q)
    } else {
        (q, p)
    };
    Precisions {
        coarse,
        fine,
        scale: 10f64.powi(fine.log10().floor() as i32 - significant(coarse) + 1),
        fewer: significant(coarse) < significant(fine),
    }
}

impl Precisions {
    /// Whether the finer figure cut to the coarser's digits by `cut` (round
    /// or truncate) is the coarser.
    fn gives(&self, cut: fn(f64) -> f64) -> bool {
        (cut(self.fine / self.scale) * self.scale - self.coarse).abs() <= 1e-9 * self.coarse
    }
}

/// Whether two different figures are one figure told apart by a slip or a
/// rounding: whole counts within 1% of each other (when `counts`), the same
/// digits with the point moved («8834.82», «883482»), one the other rounded
/// or cut short («1.6» or «1.5» for «1.56»), ranges sharing a bound. What is
/// left of a disagreement between figures of a list or market levels (see
/// `listed`, `market_level`).
fn one_figure_told_apart(a: &Val, b: &Val, counts: bool) -> bool {
    let number = |v: &Val| match v {
        Val::Amount(Amount::Exact { value } | Amount::Percent { value }, _) => Some(*value),
        _ => None,
    };
    match (a, b) {
        (Val::Amount(Amount::Range { .. }, _), _) | (_, Val::Amount(Amount::Range { .. }, _)) => {
            near_values(a, b)
        }
        _ => {
            let (Some(p), Some(q)) = (number(a), number(b)) else {
                return false;
            };
            // The same digits, or whole counts within 1%: no two items of a
            // list by chance (1063 cases against 1064). Prices, rates and
            // market levels (`counts` false) that close are the same item at
            // two moments of a trading day.
            let whole = counts && p.fract() == 0.0 && q.fract() == 0.0;
            if digits(p) == digits(q) || (whole && (p - q).abs() <= 0.01 * p.abs().max(q.abs())) {
                return true;
            }
            if p <= 0.0 || q <= 0.0 || (p - q).abs() > 0.1 * p.max(q) {
                return false;
            }
            // A share cut short («21%» beside «21.63%») is as often another
            // item's share of a list: shares count only rounded.
            let share = matches!(a, Val::Amount(Amount::Percent { .. }, _));
            let x = by_precision(p, q);
            // A round figure of one significant digit («مستوى 1000 دولار», «200
            // مليون»: a threshold, a round sum) is no rounding of one 4% away
            // («959.49»); «8 نقاط» for «8.28», «1%» for «0.99%» are.
            let coarse_digits = digits(x.coarse).trim_end_matches('0').len();
            let close = (p - q).abs() <= 0.02 * p.max(q);
            x.fewer
                && (coarse_digits >= 2 || x.coarse < 10.0 || close)
                && (x.gives(f64::round) || (!share && x.gives(f64::trunc)))
        }
    }
}

fn distinctive_number(x: f64) -> bool {
    digits(x).trim_end_matches('0').len() >= 3
}

/// Whether two different figures look like one told differently: within
/// 10% of each other, the same digits with the decimal point moved, ranges
/// sharing a bound, or a figure at a bound of a range («20» against «بين 20
/// و25»: two early reports of one count).
fn near_values(a: &Val, b: &Val) -> bool {
    let number = |v: &Val| match v {
        Val::Amount(Amount::Exact { value } | Amount::Percent { value }, _) => Some(*value),
        _ => None,
    };
    let range = |v: &Val| match v {
        Val::Amount(Amount::Range { low, high }, _) => Some((*low, *high)),
        _ => None,
    };
    match (range(a), range(b)) {
        (Some((l1, h1)), Some((l2, h2))) => return l1 == l2 || h1 == h2,
        (Some((l, h)), None) => return number(b).is_some_and(|x| x == l || x == h),
        (None, Some((l, h))) => return number(a).is_some_and(|x| x == l || x == h),
        (None, None) => {}
    }
    let (Some(x), Some(y)) = (number(a), number(b)) else {
        return false;
    };
    (x - y).abs() <= 0.1 * x.abs().max(y.abs()) || (x != y && digits(x) == digits(y))
}

/// Whether two figures are of one magnitude (the larger at most three
/// times the smaller), as two reports of one count are, or the same digits
/// a slip of a unit apart («95 طنا» against «95 ألف طن»); other values are.
pub(crate) fn one_magnitude(a: &Val, b: &Val) -> bool {
    let number = |v: &Val| match v {
        Val::Amount(Amount::Exact { value }, _) => Some(value.abs()),
        _ => None,
    };
    let significant = |x: f64| digits(x).trim_end_matches('0').to_owned();
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.max(y) <= 3.0 * x.min(y) || significant(x) == significant(y),
        _ => true,
    }
}

/// Days between two dates of one happening past which they are taken for
/// two happenings (see `dates_apart`).
const APART_DAYS: i64 = 45;

/// Whether two days are too far apart to date one happening: outlets that
/// disagree on a date do so by a day or a few, and dates months apart
/// under one event word («مارس 2013» for a truce's start, «الأسبوع
/// الماضي» for a week of raids, both «الهجوم» in their sentences) are two
/// happenings, to be shown apart rather than as agreeing or differing.
fn dates_apart(a: &Val, b: &Val) -> bool {
    days_between(a, b).is_some_and(|d| d > APART_DAYS)
}

/// The resolved days of a day value, first and last.
fn day_range(v: &Val) -> Option<(NaiveDate, NaiveDate)> {
    match v {
        Val::Day(_, _, r) => r.from.zip(r.to),
        _ => None,
    }
}

/// Days from the end of the earlier of two resolved day values to the
/// start of the later (zero or less when they overlap).
fn days_between(a: &Val, b: &Val) -> Option<i64> {
    let ((a1, a2), (b1, b2)) = (day_range(a)?, day_range(b)?);
    Some((b1 - a2).num_days().max((a1 - b2).num_days()))
}

/// A figure that is a scale word alone («مليون ريال», «ألف متدرب», «مليار
/// سهم»): one million in reading, but as often a ceiling or a manner of
/// speaking («قروض تصل إلى مليون ريال») as a count; it agrees with a
/// million and is held against nothing.
/// Whether one clock time is said as "about" («نحو الساعة الثانية والنصف»)
/// and the other is within a quarter of an hour of it: "about" does not
/// contradict the minute it rounds. (Amounts said as "about" or as a bound
/// are compared by their figure, as the gold records them.)
fn about_the_time(a: &Val, b: &Val) -> bool {
    let minutes = |v: &Val| match v {
        Val::Amount(Amount::Clock { hhmm }, _) => {
            Some((hhmm / 100.0).floor() * 60.0 + hhmm % 100.0)
        }
        _ => None,
    };
    let about = |v: &Val| matches!(v, Val::Amount(_, numbers::Approx::About));
    match (minutes(a), minutes(b)) {
        (Some(x), Some(y)) => (about(a) || about(b)) && (x - y).abs() <= 15.0,
        _ => false,
    }
}

/// Whether two clock times are twelve hours apart and one is written on
/// the twelve-hour dial without its part of the day («الساعة 4:00» or
/// «الساعة الرابعة» against «الساعة 16:00»): one time read two ways.
fn half_a_day_apart(docs: &[Doc], a: &Mention, b: &Mention) -> bool {
    let (Val::Amount(Amount::Clock { hhmm: x }, _), Val::Amount(Amount::Clock { hhmm: y }, _)) =
        (&a.val, &b.val)
    else {
        return false;
    };
    // Written without a part of the day: «الساعة 4:00», «الساعة الخامسة».
    let bare_dial = |m: &Mention, hhmm: f64| {
        let text = marsad_text::fold(&docs[m.doc].text[m.span.start..m.span.end]);
        hhmm < 1300.0
            && ![
                "فجر", "صباح", "ضحي", "ظهر", "عصر", "مساء", "ليل", "مغرب", "عشاء",
            ]
            .iter()
            .any(|part| text.contains(part))
    };
    (x - y).abs() == 1200.0 && (bare_dial(a, *x) || bare_dial(b, *y))
}

fn loose_figure(docs: &[Doc], m: &Mention) -> bool {
    if !matches!(m.val, Val::Amount(Amount::Exact { value }, _) if [1e3, 1e6, 1e9, 1e12].contains(&value))
    {
        return false;
    }
    let text = &docs[m.doc].text[m.span.start..m.span.end];
    let first = marsad_text::fold(text.split_whitespace().next().unwrap_or(""));
    let word = first
        .strip_prefix(['و', 'ب', 'ل'])
        .filter(|w| w.chars().count() >= 3)
        .unwrap_or(&first);
    matches!(word, "الف" | "مليون" | "مليار" | "تريليون")
}

/// Whether two figures are one written with a single separator before
/// three digits and one without it, the digits the same («614.196 طناً»
/// and «614196 طنا»): a thousands separator read as a decimal point, not a
/// disagreement. (Two digits after the point are decimals: «8834.82»
/// against «883482» is a point lost, and differs.) So is one read as
/// thousands that rounds to the other («363.378 شخصا», «363 ألف شخص»).
fn thousands_read_two_ways(docs: &[Doc], a: &Mention, b: &Mention) -> bool {
    // The first run of figures and separators, as (digits, separators,
    // digits after the last separator).
    let figures = |m: &Mention| -> Option<(String, usize, usize)> {
        let text = &docs[m.doc].text[m.span.start..m.span.end];
        let t = text.trim_start_matches(|c: char| !c.is_numeric());
        let run: String = t
            .chars()
            .take_while(|c| c.is_numeric() || matches!(c, '.' | ',' | '٫' | '٬'))
            .collect();
        let run = run.trim_end_matches(['.', ',', '٫', '٬']);
        if run.is_empty() {
            return None;
        }
        // Arabic-Indic and Persian digits as ASCII ones (`fold_char`).
        let digits: String = run
            .chars()
            .filter(|c| c.is_numeric())
            .filter_map(marsad_text::fold_char)
            .collect();
        let seps = run.chars().filter(|c| !c.is_numeric()).count();
        let tail = run
            .rsplit(['.', ',', '٫', '٬'])
            .next()
            .map_or(0, |x| x.chars().count());
        Some((digits, seps, tail))
    };
    // Read as thousands, the figure is the other's value («614196») or
    // rounds to it («363 ألف»).
    let exact = |m: &Mention| match m.val {
        Val::Amount(Amount::Exact { value }, _) => Some(value),
        _ => None,
    };
    let as_thousands = |(x, s, t): &(String, usize, usize), other: &Mention| {
        *s == 1
            && *t == 3
            && x.parse::<f64>()
                .ok()
                .zip(exact(other))
                .is_some_and(|(whole, v)| rounded_alike(whole, v))
    };
    match (figures(a), figures(b)) {
        // (The same digits unseparated are the figure itself, rounded alike.)
        (Some(fa), Some(fb)) => as_thousands(&fa, b) || as_thousands(&fb, a),
        _ => false,
    }
}

/// Who gives each figure of a group, and which claimants give each amount
/// too, so that judging a group costs its pairs' comparisons, whatever
/// repeats it holds.
struct Claims<'a> {
    /// Per mention: its outlet (its article when the outlet is unknown),
    /// as an index, and the source it names.
    who: Vec<(usize, Option<&'a str>)>,
    /// (mention, outlet) when that outlet gives the mention's amount.
    by_outlet: FxHashSet<(usize, usize)>,
    /// (mention, outlet, source) when that outlet, citing that source (or
    /// none), gives the mention's amount.
    by_source: FxHashSet<(usize, usize, Option<&'a str>)>,
    /// Whether one article gives three amounts or more that differ from one
    /// another in one voice (its own, or one source's): the group holds
    /// several quantities under one noun (a market's prices of several
    /// hours or metals, several candidates' shares), not one quantity
    /// outlets disagree on. (Three sources' three counts in one article
    /// are three claims.)
    several: bool,
}

impl<'a> Claims<'a> {
    fn of(docs: &'a [Doc], ms: &[&'a Mention]) -> Self {
        let mut outlets: FxHashMap<&str, usize> = FxHashMap::default();
        let who: Vec<(usize, Option<&str>)> = ms
            .iter()
            .map(|m| {
                let d = &docs[m.doc];
                let key = if d.outlet.is_empty() || d.outlet == marsad_core::UNKNOWN_OUTLET {
                    d.id.as_str()
                } else {
                    d.outlet.as_str()
                };
                let n = outlets.len();
                (*outlets.entry(key).or_insert(n), m.source.as_deref())
            })
            .collect();
        let (mut by_outlet, mut by_source) = (FxHashSet::default(), FxHashSet::default());
        // Days are left out: their sameness is loose (Tuesday evening is
        // early Wednesday elsewhere) and would make Tuesday and Wednesday
        // alike.
        for (i, m) in ms.iter().enumerate() {
            if !matches!(m.val, Val::Amount(..)) {
                continue;
            }
            for (j, other) in ms.iter().enumerate() {
                if same_value(&other.val, &m.val) == Some(true) {
                    by_outlet.insert((i, who[j].0));
                    by_source.insert((i, who[j].0, who[j].1));
                }
            }
        }
        let mut distinct: FxHashMap<(usize, Option<&str>), Vec<&Val>> = FxHashMap::default();
        for m in ms.iter().filter(|m| matches!(m.val, Val::Amount(..))) {
            let seen = distinct.entry((m.doc, m.source.as_deref())).or_default();
            if seen.iter().all(|v| same_value(v, &m.val) == Some(false)) {
                seen.push(&m.val);
            }
        }
        let several = distinct.values().any(|v| v.len() >= 3);
        Claims {
            who,
            by_outlet,
            by_source,
            several,
        }
    }

    /// Whether two figures are given by one claimant: one outlet, unless
    /// each names a source of its own (the media cell's two rockets and
    /// RT's four, in one article, are two claims; a figure in the outlet's
    /// voice beside a source's is the outlet's too).
    fn same_claimant(&self, i: usize, j: usize) -> bool {
        let ((a, x), (b, y)) = (self.who[i], self.who[j]);
        a == b && (x.is_none() || y.is_none() || x == y)
    }

    /// Whether mention `by`'s claimant also gives mention `of`'s amount.
    fn states(&self, by: usize, of: usize) -> bool {
        let (outlet, source) = self.who[by];
        match source {
            None => self.by_outlet.contains(&(of, outlet)),
            Some(_) => {
                self.by_source.contains(&(of, outlet, source))
                    || self.by_source.contains(&(of, outlet, None))
            }
        }
    }
}

/// Whether two values agree (`Some(true)`), differ (`Some(false)`), or
/// cannot be compared (`None`: "8 أضعاف" against "4000").
fn same_value(a: &Val, b: &Val) -> Option<bool> {
    match (a, b) {
        (Val::Amount(x, ax), Val::Amount(y, ay)) => same_amount(x, *ax, y, *ay),
        (Val::Day(wa, _, ra), Val::Day(wb, _, rb)) => {
            if let (Some(a1), Some(a2), Some(b1), Some(b2)) = (ra.from, ra.to, rb.from, rb.to) {
                if ra.approx || rb.approx {
                    return None;
                }
                let overlap = a1 <= b2 && b1 <= a2;
                // A weekday is resolved to the week around the publish time;
                // two a week apart are one weekday in two guessed weeks: the
                // same weekday said agrees, another way of saying that day
                // («غدا» against «الاثنين المقبل») cannot be compared.
                // The same relative words («قبل أربعة أيام», «الخميس») in
                // two articles published a day or two apart are one text
                // copied, dated by two publish times: they agree.
                let gap = (a1 - b2).num_days().abs().min((b1 - a2).num_days().abs());
                if !overlap && wa == wb && gap <= 2 {
                    return Some(true);
                }
                let weekday = |w: &When| matches!(w, When::Weekday { .. });
                let week_apart = a1 == a2 && b1 == b2 && (a1 - b1).num_days().abs() == 7;
                if !overlap && week_apart && (weekday(wa) || weekday(wb)) {
                    return match (wa, wb) {
                        (When::Weekday { day: x, .. }, When::Weekday { day: y, .. }) if x == y => {
                            Some(true)
                        }
                        _ => None,
                    };
                }
                // "اليوم" and "أمس" count from when the text was written, which
                // the publish (or scrape) time only approximates: a one-day gap
                // involving them is not a disagreement.
                let soft =
                    matches!(wa, When::DayOffset { .. }) || matches!(wb, When::DayOffset { .. });
                if !overlap && soft && gap <= 1 {
                    return None;
                }
                // A wire copy published days late still says "اليوم": a
                // relative day later than the other's says nothing against it.
                let later_relative = (matches!(wa, When::DayOffset { .. }) && a1 > b2)
                    || (matches!(wb, When::DayOffset { .. }) && b1 > a2);
                if !overlap && later_relative {
                    return None;
                }
                return Some(overlap);
            }
            match (wa, wb) {
                (When::Weekday { day: x, shift: sx }, When::Weekday { day: y, shift: sy }) => {
                    (sx == sy).then_some(x == y).or(Some(x == y))
                }
                (
                    When::Date {
                        day: d1, month: m1, ..
                    },
                    When::Date {
                        day: d2, month: m2, ..
                    },
                ) => Some(d1 == d2 && m1 == m2),
                (When::DayOffset { days: x }, When::DayOffset { days: y }) => Some(x == y),
                // The same relative expression, unresolved, says the same.
                (When::Period { .. }, When::Period { .. })
                | (When::Ago { .. }, When::Ago { .. })
                | (When::Month { .. }, When::Month { .. }) => (wa == wb).then_some(true),
                _ => None,
            }
        }
        _ => None,
    }
}

fn same_amount(x: &Amount, ax: Approx, y: &Amount, ay: Approx) -> Option<bool> {
    let close = |p: f64, q: f64| {
        if ax == Approx::About || ay == Approx::About {
            (p - q).abs() <= 0.15 * p.abs().max(q.abs())
        } else {
            p == q
        }
    };
    use Amount::*;
    match (x, y) {
        (Exact { value: p }, Exact { value: q }) => {
            // "أكثر من 27" names 27 as a bound: the same bound, or the
            // bound beside the figure itself, says the same; a bound beside
            // another figure neither agrees nor differs.
            let bound = |a: Approx| matches!(a, Approx::MoreThan | Approx::LessThan);
            if bound(ax) || bound(ay) {
                return (p == q && (ax == ay || !bound(ax) || !bound(ay))).then_some(true);
            }
            Some(close(*p, *q) || rounded_alike(*p, *q))
        }
        // "بين 20 و25" and "20" are two different reports of the count.
        (Range { .. }, Exact { .. }) | (Exact { .. }, Range { .. }) => Some(false),
        (Change { from, to }, Times { factor }) | (Times { factor }, Change { from, to }) => {
            Some(*from > 0.0 && (to / from - factor).abs() < 1e-9)
        }
        (Change { to, .. }, Exact { value }) | (Exact { value }, Change { to, .. }) => {
            Some(close(*to, *value))
        }
        (Change { from: f1, to: t1 }, Change { from: f2, to: t2 }) => Some(f1 == f2 && t1 == t2),
        (Range { low: l1, high: h1 }, Range { low: l2, high: h2 }) => Some(l1 == l2 && h1 == h2),
        // An hour told without its minutes («الساعة الثانية عشرة») is no
        // claim about them: against a time in that hour («12:08») it
        // neither agrees nor differs.
        (Clock { hhmm: p }, Clock { hhmm: q })
            if p != q
                && (p % 100.0 == 0.0 || q % 100.0 == 0.0)
                && (p / 100.0).floor() == (q / 100.0).floor() =>
        {
            None
        }
        (Times { factor: p }, Times { factor: q })
        | (Percent { value: p }, Percent { value: q })
        | (Clock { hhmm: p }, Clock { hhmm: q }) => Some(p == q),
        (Vague { .. }, Exact { value }) | (Exact { value }, Vague { .. }) => {
            (*value == 0.0).then_some(false)
        }
        (Vague { vague: p }, Vague { vague: q }) => Some(p == q),
        _ => None,
    }
}
