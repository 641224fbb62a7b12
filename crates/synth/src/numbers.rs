//! The Arabic number reader: amounts written in digits (both kinds) or in
//! words, with what they count.
//!
//! It reads cardinals (ثلاثة، خمسة وعشرين، أربعة آلاف، 2.5 مليون), duals of
//! the counted noun itself (صاروخين = 2), approximators (نحو، حوالي، أكثر من،
//! أقل من), ranges (بين 5 و7) and changes (من 500 إلى 4000), multiples
//! (8 أضعاف), percentages, vague amounts (عدد من، عشرات، مئات) and counts
//! denied by the text (من دون وقوع إصابات = 0 injuries). Everything works on
//! folded tokens and keeps byte offsets into the original text.

use marsad_core::Span;
use marsad_text::{is_stopword, Token};

use crate::words::{bare, bare_noun, has_article};

/// How sure the text is of an amount.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    Exact,
    About,
    MoreThan,
    LessThan,
}

/// A vague amount: "عدد من" (some), "عشرات" (tens), "مئات", "آلاف",
/// "ملايين", "مليارات".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vague {
    Some,
    Tens,
    Hundreds,
    Thousands,
    Millions,
    Billions,
}

/// What an amount is.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Amount {
    Exact {
        value: f64,
    },
    Range {
        low: f64,
        high: f64,
    },
    /// "من 500 إلى 4000": a count that changed.
    Change {
        from: f64,
        to: f64,
    },
    /// "8 أضعاف".
    Times {
        factor: f64,
    },
    Percent {
        value: f64,
    },
    Vague {
        vague: Vague,
    },
    /// A clock time, as HHMM on the 24-hour clock ("14:08", "الرابعة عصرا" = 1600).
    Clock {
        hhmm: f64,
    },
    /// A match result ("4-1", "1-4" as written right to left): the higher
    /// and the lower tally, whichever order the text gives them in.
    Score {
        high: f64,
        low: f64,
    },
}

/// One amount read from a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The whole expression as written, approximator and counted noun included.
    pub span: Span,
    pub amount: Amount,
    pub approx: Approx,
    /// Index (into the tokens given) of the noun counted, when there is one.
    pub counted: Option<usize>,
    /// The first and last token of the expression.
    pub tokens: (usize, usize),
}

impl Amount {
    /// The amount as a reader would write it: "2", "نحو 14", "5–7",
    /// "500 → 4000", "8 أضعاف", "3.5%", "عدد من".
    pub fn show(&self, approx: Approx) -> String {
        self.show_with(approx, readable)
    }

    /// As [`Amount::show`], with each figure in full units ("4000000000").
    pub fn show_full(&self, approx: Approx) -> String {
        self.show_with(approx, num)
    }

    fn show_with(&self, approx: Approx, figure: fn(f64) -> String) -> String {
        let pre = match approx {
            Approx::Exact => "",
            Approx::About => "نحو ",
            Approx::MoreThan => "أكثر من ",
            Approx::LessThan => "أقل من ",
        };
        let body = match *self {
            Amount::Exact { value } => figure(value),
            Amount::Range { low, high } => format!("{}–{}", num(low), num(high)),
            Amount::Score { high, low } => format!("{}-{}", num(high), num(low)),
            Amount::Change { from, to } => format!("{} → {}", num(from), num(to)),
            Amount::Times { factor } => format!("{} أضعاف", num(factor)),
            Amount::Percent { value } => format!("{}%", num(value)),
            Amount::Clock { hhmm } => {
                let h = (hhmm / 100.0).floor();
                format!("{:02}:{:02}", h as i64, (hhmm - h * 100.0) as i64)
            }
            Amount::Vague { vague } => match vague {
                Vague::Some => "عدد من".into(),
                Vague::Tens => "عشرات".into(),
                Vague::Hundreds => "مئات".into(),
                Vague::Thousands => "آلاف".into(),
                Vague::Millions => "ملايين".into(),
                Vague::Billions => "مليارات".into(),
            },
        };
        format!("{pre}{body}")
    }
}

/// A figure as a reader writes it: millions and billions in words ("4
/// مليارات" is read at a glance, 4000000000 is not), others in digits.
pub fn readable(v: f64) -> String {
    for (scale, one, few, many) in [
        (1e9, "مليار", "مليارات", "مليار"),
        (1e6, "مليون", "ملايين", "مليون"),
    ] {
        let x = v / scale;
        if v.abs() >= scale && ((x * 100.0).round() - x * 100.0).abs() < 1e-6 {
            let n = (x * 100.0).round() / 100.0;
            let word = if n.fract() != 0.0 || n > 10.0 {
                many
            } else if n >= 3.0 {
                few
            } else {
                one
            };
            return format!("{} {word}", num(n));
        }
    }
    num(v)
}

/// A number without a useless ".0".
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

enum Word {
    /// 1–10 and the like: multiplied by a following hundred or thousand.
    Unit(f64),
    /// 20, 30 … 90, and whole hundreds (ثلاثمئة).
    Whole(f64),
    /// ألف، مليون، مليار (and their plurals and duals as multipliers).
    Scale(f64),
}

const UNITS: &[(&str, f64)] = &[
    ("واحد", 1.0),
    // The accusative, «وواحداً وثلاثين».
    ("واحدا", 1.0),
    ("واحده", 1.0),
    ("اثنان", 2.0),
    ("اثنين", 2.0),
    ("اثنتان", 2.0),
    ("اثنتين", 2.0),
    ("ثلاث", 3.0),
    ("ثلاثه", 3.0),
    ("اربع", 4.0),
    ("اربعه", 4.0),
    ("خمس", 5.0),
    ("خمسه", 5.0),
    ("ست", 6.0),
    ("سته", 6.0),
    ("سبع", 7.0),
    ("سبعه", 7.0),
    ("ثماني", 8.0),
    ("ثمانيه", 8.0),
    ("ثمان", 8.0),
    ("تسع", 9.0),
    ("تسعه", 9.0),
    ("عشر", 10.0),
    ("عشره", 10.0),
];

const TENS: &[(&str, f64)] = &[
    ("عشرون", 20.0),
    ("عشرين", 20.0),
    ("ثلاثون", 30.0),
    ("ثلاثين", 30.0),
    ("اربعون", 40.0),
    ("اربعين", 40.0),
    ("خمسون", 50.0),
    ("خمسين", 50.0),
    ("ستون", 60.0),
    ("ستين", 60.0),
    ("سبعون", 70.0),
    ("سبعين", 70.0),
    ("ثمانون", 80.0),
    ("ثمانين", 80.0),
    ("تسعون", 90.0),
    ("تسعين", 90.0),
    ("ميه", 100.0),
    ("مايه", 100.0),
    ("ميتان", 200.0),
    ("ميتين", 200.0),
    ("مايتان", 200.0),
    ("مايتين", 200.0),
    ("ميتي", 200.0),
    ("مايتي", 200.0),
];

const SCALES: &[(&str, f64)] = &[
    ("الف", 1e3),
    ("الاف", 1e3),
    ("الفا", 1e3),
    ("مليون", 1e6),
    ("ملايين", 1e6),
    ("مليونا", 1e6),
    ("مليار", 1e9),
    ("مليارات", 1e9),
    ("مليارا", 1e9),
];

/// Whole words worth a fixed amount on their own (duals of the scales).
const DUAL_SCALES: &[(&str, f64)] = &[
    ("الفين", 2e3),
    ("الفان", 2e3),
    ("مليونين", 2e6),
    ("مليونان", 2e6),
    ("مليارين", 2e9),
    ("ملياران", 2e9),
];

/// Nouns a denial is about: "من دون وقوع إصابات", "لم يسفر عن أي قتلى".
const HARM: &[&str] = &[
    "اصابات",
    "اصابه",
    "جرحي",
    "قتلي",
    "ضحايا",
    "وفيات",
    "خساير",
    "اضرار",
    "مصابين",
    "جريح",
    "قتيل",
];

/// Event nouns after which an indefinite noun counts one: "مقتل جندي".
/// «حياة» only after a verb taking it («أودى بحياة شاب»): «حياة كريمة» is
/// no death (see [`takes_one`]).
const ONE_AFTER: &[&str] = &[
    "مقتل",
    "مصرع",
    "حياه",
    "اصابه",
    "اعتقال",
    "اختطاف",
    "وفاه",
    "اصابه",
    "اسر",
    "استشهاد",
];

/// Adjectives that describe a harm rather than count its victims: «إصابة
/// خطيرة», «إصابة بالغة»; nisbas («وفاة طبيعية», «إصابة عضلية») are
/// adjectives too.
const HARM_ADJECTIVES: &[&str] = &[
    "خطيره",
    "بالغه",
    "بليغه",
    "طفيفه",
    "متوسطه",
    "قويه",
    "مباشره",
    "حرجه",
    "خفيفه",
    "متفاوته",
];

/// Words after an event noun that name no single victim: quantifiers
/// («مقتل جميع الركاب», «إصابة عدد من»), relatives in general («ذوي»), a
/// time («أثناء»), and the broken plurals of the usual victims («استشهاد
/// رجال الأمن», «مقتل عناصر»).
const NOT_ONE_VICTIM: &[&str] = &[
    "جميع",
    "كل",
    "عدد",
    "بعض",
    "ذوي",
    "اثناء",
    "شهداء",
    "رجال",
    "عناصر",
    "ضحايا",
    "جنود",
    "اطفال",
    "افراد",
    "مدنيين",
];

/// Whether the event noun at `e` counts one of the indefinite noun after it
/// (`norm`): «مقتل جندي», «أودى بحياة شاب»; not an adjective of the harm
/// («إصابة خطيرة», «وفاة طبيعية»), another event coordinated with it
/// («مقتل وإصابة العشرات»), or a life that is no death («حياة كريمة»).
fn takes_one(text: &str, toks: &[Token], e: usize, i: usize) -> bool {
    let norm = toks[i].norm.as_str();
    let event = bare(&toks[e].norm);
    if !ONE_AFTER.contains(&event) {
        return false;
    }
    // «أودى الحادث بحياة شاب»: the verb a few words before.
    let took_life = || {
        toks[e.saturating_sub(3)..e].iter().any(|t| {
            matches!(
                t.norm.trim_start_matches('و'),
                "اودي" | "اودت" | "يودي" | "تودي"
            )
        })
    };
    if event == "حياه" && !took_life() {
        return false;
    }
    let coordinated = norm
        .strip_prefix('و')
        .is_some_and(|rest| ONE_AFTER.contains(&bare(rest)) || matches!(rest, "جرح" | "ذوي"));
    // A nisba in ة («طبيعية»), not a pronoun's ه («أبيه», «أخيه»).
    let nisba = text[toks[i].start..toks[i].end].ends_with("ية");
    // «أبنائنا», «أبنائهم»: sons, with their pronoun.
    let plural = NOT_ONE_VICTIM.contains(&bare(norm)) || bare(norm).starts_with("ابناي");
    !coordinated && !HARM_ADJECTIVES.contains(&norm) && !nisba && !plural
}

/// Whether a word folded to end in ه was written as a noun in ة ("إصابة",
/// "وفاة"), not a verb with its pronoun ("أصابه").
fn written_noun(text: &str, t: &Token) -> bool {
    !t.norm.ends_with('ه') || text[t.start..t.end].ends_with('ة')
}

/// Plural words in -ين that are not duals.
const NOT_DUAL: &[&str] = &["اخرين", "اخرين", "عاملين"];

/// Nouns in ي whose plural is broken (جندي → جنود, شرطي → شرطة, قاضي →
/// قضاة): for them a word in -يين, which for a nisba is as often its plural
/// (سعوديين), can only be the dual («مقتل جنديين»).
const BROKEN_PLURAL_IN_YA: &[&str] = &["جندي", "شرطي", "قاضي", "صبي", "كرسي"];

/// A tens word ("والعشرين", "ثلاثين"): the second half of "السادس والعشرين".
pub fn is_tens(norm: &str) -> bool {
    forms(norm)
        .iter()
        .any(|f| lookup(TENS, f.strip_prefix("ال").unwrap_or(f)).is_some())
}

fn lookup(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(x, _)| *x == w).map(|x| x.1)
}

/// The forms of a word to try against the closed lists: as is, without a
/// conjunction, without a preposition too.
fn forms(norm: &str) -> [&str; 3] {
    let one = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    [norm, one, bare(norm)]
}

fn word_value(norm: &str) -> Option<Word> {
    for (n, f) in forms(norm).into_iter().enumerate() {
        // Behind a preposition only the longer number words: "كمية" is not
        // ك + "مية" (a hundred), "لست" is no ل + "ست"; behind ب the
        // shorter ones too ("بأربع دقائق").
        let behind_b = forms(norm)[1].starts_with('ب');
        if n == 2 && f != forms(norm)[1] && f.chars().count() < if behind_b { 3 } else { 5 } {
            continue;
        }
        if let Some(v) = lookup(UNITS, f) {
            return Some(Word::Unit(v));
        }
        if let Some(v) = lookup(TENS, f) {
            return Some(Word::Whole(v));
        }
        if let Some(v) = lookup(SCALES, f) {
            return Some(Word::Scale(v));
        }
        if let Some(v) = lookup(DUAL_SCALES, f) {
            return Some(Word::Whole(v));
        }
        // ثلاثمئة، خمسمائة: a unit glued to a hundred.
        for h in ["ميه", "مايه"] {
            if let Some(u) = f.strip_suffix(h).and_then(|u| lookup(UNITS, u)) {
                return Some(Word::Whole(u * 100.0));
            }
        }
    }
    None
}

/// The value of a token written in digits, possibly behind a clitic (و7، ب3).
fn digits(norm: &str) -> Option<f64> {
    let mut w = norm;
    for _ in 0..2 {
        if w.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
            break;
        }
        w = w.strip_prefix(['و', 'ب', 'ل', 'ك', 'ف'])?;
    }
    // "3ر1 مليار" is 1.3 billion: the decimal sign written as ر, the
    // digits around it in reading order (the whole part after it).
    if let Some((frac, whole)) = w.split_once('ر') {
        let ok = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if ok(frac) && ok(whole) && !frac.starts_with(|c: char| !c.is_ascii_digit()) {
            return format!("{whole}.{frac}").parse().ok();
        }
        return None;
    }
    if !w.bytes().next()?.is_ascii_digit() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    w.parse().ok()
}

fn is_month_word(norm: &str) -> bool {
    marsad_text::numbers::month(bare(norm), "").is_some()
        || marsad_text::numbers::month(norm, "").is_some()
}

/// Reads the number that starts at token `i`: (value, last token used, was
/// it a lone scale word like "آلاف").
fn read_number(toks: &[Token], text: &str, i: usize) -> Option<(f64, usize, bool)> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut any = false;
    let mut last = i;
    let mut lone_scale = false;
    // The last scale word and the token after it: a part after a scale
    // adds to the number only when smaller («تسعة آلاف و500»); one with a
    // scale as large is another number («5 آلاف و8 آلاف», a range's bounds).
    let mut scaled: Option<(f64, usize)> = None;
    while j < toks.len() {
        let norm = toks[j].norm.as_str();
        // Words of one number follow each other with nothing but spaces between.
        if j > i && !text[toks[j - 1].end..toks[j].start].trim().is_empty() {
            break;
        }
        if let Some(v) = digits(norm) {
            // Digits join a number only after a scale word: "تسعة آلاف و500".
            if any && !(norm.starts_with('و') && current == 0.0 && total > v) {
                break;
            }
            current += v;
        } else {
            match word_value(norm) {
                Some(Word::Unit(v)) => {
                    // "احد عشر"-style teens: a unit then عشر/عشرة.
                    if any && matches!(norm, "عشر" | "عشره") && current < 10.0 {
                        current += 10.0;
                    } else if any && !norm.starts_with('و') {
                        break;
                    } else if any && current % 10.0 != 0.0 {
                        // «خمسة وستة»: two counts, no units' place left.
                        break;
                    } else {
                        current += v;
                    }
                }
                Some(Word::Whole(v)) => {
                    if any && !norm.starts_with('و') && current >= 100.0 {
                        break;
                    }
                    // «ثلاثين وستين»: tens after tens (or hundreds after
                    // hundreds) are two figures, not one sum.
                    let taken = if v < 100.0 {
                        current % 100.0 >= 10.0
                    } else {
                        current % 1000.0 >= 100.0
                    };
                    if any && norm.starts_with('و') && taken {
                        break;
                    }
                    if any
                        && !norm.starts_with('و')
                        && current > 0.0
                        && current < 10.0
                        && v == 100.0
                    {
                        // "ثلاث مئة": a unit times a hundred.
                        current *= 100.0;
                    } else {
                        current += v;
                    }
                }
                Some(Word::Scale(s)) => {
                    if let Some((_, from)) = scaled.filter(|&(p, _)| s >= p && current > 0.0) {
                        return Some((total, from - 1, lone_scale));
                    }
                    scaled = Some((s, j + 1));
                    if !any {
                        // A bare "آلاف" or "مليون" is a vague or single amount.
                        lone_scale = true;
                        current = 1.0;
                    }
                    total += current.max(1.0) * s;
                    current = 0.0;
                }
                None => {
                    // "الخمسة عشر": a teen behind the article.
                    if let Some(u) = definite_unit(norm).filter(|_| j == i) {
                        if next_is(toks, j + 1, &["عشر", "عشره"]) {
                            current = u + 10.0;
                            j += 2;
                            last = j - 1;
                            any = true;
                            continue;
                        }
                    }
                    if j == i && forms(norm).contains(&"احد") {
                        // احد عشر
                        if toks
                            .get(j + 1)
                            .is_some_and(|n| matches!(n.norm.as_str(), "عشر" | "عشره"))
                        {
                            current = 11.0;
                            j += 2;
                            last = j - 1;
                            any = true;
                            continue;
                        }
                    }
                    break;
                }
            }
        }
        any = true;
        last = j;
        j += 1;
    }
    any.then_some((total + current, last, lone_scale))
}

/// The unit a word names behind the article (الخمسة، الأحد), which with
/// عشر after it is a teen: "القطاعات الخمسة عشر" are fifteen.
fn definite_unit(norm: &str) -> Option<f64> {
    forms(norm)
        .iter()
        .filter_map(|f| f.strip_prefix("ال"))
        .find_map(|u| lookup(UNITS, u).or((u == "احد").then_some(1.0)))
        .filter(|&u| u < 10.0)
}

fn next_is(toks: &[Token], j: usize, words: &[&str]) -> bool {
    toks.get(j)
        .is_some_and(|t| words.contains(&t.norm.as_str()))
}

/// Only spaces between tokens `a` and `b` (no punctuation).
fn joined(text: &str, toks: &[Token], a: usize, b: usize) -> bool {
    text[toks[a].end..toks[b].start].trim().is_empty()
}

/// Conjunctions, particles, prepositions and adverbs the stopword list
/// leaves out: a figure's next word when it counts nothing ("24 بينما",
/// "2023 مقابل", "25 عبر").
const NOT_COUNTED: &[&str] = &[
    "بينما",
    "فيما",
    "بما",
    "مما",
    "عما",
    "انما",
    "لاسيما",
    "حينما",
    "بعدما",
    "كلما",
    "طالما",
    "ريثما",
    "بل",
    "ام",
    "اما",
    "اذ",
    "لو",
    "لكي",
    "حين",
    "عقب",
    "اثر",
    "جراء",
    "رغم",
    "برغم",
    "بسبب",
    "بفضل",
    "بواسطه",
    "عبر",
    "مثل",
    "ضمن",
    "قرب",
    "لدي",
    "عدا",
    "سوي",
    "مقابل",
    "باستثناء",
    "اضافه",
    "علاوه",
    "فضلا",
    "بدلا",
    "ابتداء",
    "اعتبارا",
    "بدءا",
    "انطلاقا",
    "وصولا",
    "مرورا",
    "طبقا",
    "نظرا",
    "تقريبا",
    "فقط",
    "فحسب",
    "معا",
    "جميعا",
];

/// Prepositions and particles that take a pronoun ("بينهم", "لكنها",
/// "برفقته"), quantifiers too ("كلهم").
const TAKES_PRONOUN: &[&str] = &[
    "بين",
    "لكن",
    "مع",
    "عند",
    "لدي",
    "لدي",
    "من",
    "عن",
    "علي",
    "الي",
    "في",
    "حول",
    "دون",
    "بعد",
    "قبل",
    "امام",
    "خلف",
    "ضمن",
    "برفقه",
    "رفقه",
    "كل",
    "بعض",
    "جميع",
    "معظم",
    "ان",
    "لان",
    "ل",
    "ب",
];

/// A word of a closed class that counts nothing: a function word, or one
/// with a pronoun glued to it (a counted noun is indefinite).
fn function_word(norm: &str) -> bool {
    let w = norm
        .strip_prefix(['و', 'ف'])
        .filter(|w| w.chars().count() >= 2)
        .unwrap_or(norm);
    if is_stopword(norm) || is_stopword(w) || NOT_COUNTED.contains(&w) {
        return true;
    }
    ["هما", "هم", "هن", "ها", "كم", "نا", "ه"].iter().any(|s| {
        w.strip_suffix(s).is_some_and(|r| {
            // ة before a pronoun is written ت: "برفقته".
            let r_ta = r.strip_suffix('ت').map(|x| format!("{x}ه"));
            TAKES_PRONOUN.contains(&r) || r_ta.is_some_and(|x| TAKES_PRONOUN.contains(&x.as_str()))
        })
    })
}

/// A verb by its shape behind a conjunction: the future ("وسيتعين") or an
/// object pronoun ("وتصدرها"); a counted noun takes neither.
fn conjoined_verb(norm: &str) -> bool {
    let Some(w) = norm.strip_prefix(['و', 'ف']) else {
        return false;
    };
    let future = ["سي", "ست", "سن"].iter().any(|p| w.starts_with(p)) && w.chars().count() >= 5;
    let object = ["هما", "هم", "ها"]
        .iter()
        .any(|s| w.strip_suffix(s).is_some_and(|r| r.chars().count() >= 3));
    future || object
}

/// The article as written (a plain alef: "آليات", "ألغام" fold to it too).
fn article_written(text: &str, t: &Token) -> bool {
    let w = text[t.start..t.end].trim_start_matches(['و', 'ف']);
    has_article(&t.norm) && ["ال", "بال", "كال", "لل"].iter().any(|p| w.starts_with(p))
}

/// The noun counted by an amount ending at token `last`, when one follows it.
fn counted_after(text: &str, toks: &[Token], last: usize) -> Option<usize> {
    let j = last + 1;
    let t = toks.get(j)?;
    let between = &text[toks[last].end..t.start];
    // "(١٨) عاما": a figure set in parentheses counts the noun after them.
    let opened = text[..toks[last].start].trim_end().ends_with('(');
    if !between
        .chars()
        .all(|c| c.is_whitespace() || c == '-' || c == 'ـ' || (opened && c == ')'))
    {
        return None;
    }
    if t.norm == "من" {
        let k = j + 1;
        let n = toks.get(k)?;
        return (has_article(&n.norm) && !is_stopword(&n.norm)).then_some(k);
    }
    if function_word(&t.norm)
        || t.is_number()
        || digits(&t.norm).is_some()
        || word_value(&t.norm).is_some()
    {
        return None;
    }
    if is_month_word(&t.norm) || t.norm.chars().count() < 2 {
        return None;
    }
    // A conjunction begins another phrase: "23 والقرار", "عشرة ووظيفة";
    // a counted noun is indefinite ("2019 بالإضافة", "6 المتأهلة").
    if t.norm.starts_with("وو") || article_written(text, t) || conjoined_verb(&t.norm) {
        return None;
    }
    // A part of the day says when, it is not counted ("1-4 مساء أمس").
    if matches!(
        bare(&t.norm),
        "مساء"
            | "مساءا"
            | "صباح"
            | "صباحا"
            | "ظهرا"
            | "عصرا"
            | "فجرا"
            | "ليلا"
            | "امس"
    ) {
        return None;
    }
    // After the parentheses only a noun in the accusative of a count
    // ("(١٨) عاما") is counted: a verb may follow a figure
    // set after a name ("عبدالله (20) لقي حتفه").
    if opened && between.contains(')') && !t.norm.ends_with('ا') {
        return None;
    }
    Some(j)
}

/// Words after which a year written alone dates something ("عام 2013",
/// "في 2003", "منذ 1990").
const BEFORE_YEAR: &[&str] = &[
    "عام",
    "سنه",
    "في",
    "منذ",
    "حتي",
    "بحلول",
    "مطلع",
    "نهايه",
    "بدايه",
    "منتصف",
    "اواخر",
    "اوايل",
    "خلال",
    "قبل",
    "بعد",
];

fn before_year(norm: &str) -> bool {
    [
        norm,
        forms(norm)[1],
        bare(norm),
        bare_noun(norm),
        bare_noun(bare(norm)),
    ]
    .iter()
    .any(|w| BEFORE_YEAR.contains(w))
}

/// The year token `k` writes alone after a year word or a preposition of
/// time, no bound (the sentence starts at `from`): not part of a date ("ديسمبر 2016",
/// "1/1/2015", "2015/2016"), and counting no noun (see [`read`]).
pub fn lone_year(text: &str, toks: &[Token], from: usize, k: usize) -> Option<f64> {
    let t = &toks[k];
    if !t.is_number() || k <= from {
        return None;
    }
    let y = digits(&t.norm).filter(|y| (1900.0..=2100.0).contains(y) && y.fract() == 0.0)?;
    let prev = &toks[k - 1];
    if !before_year(&prev.norm) || !joined(text, toks, k - 1, k) {
        return None;
    }
    // "منذ (العام) 2013", "قبل 2015": a bound of a period, as a duration
    // after منذ/قبل/بعد is, dates no happening.
    let bound = |w: &str| matches!(forms(w)[1], "منذ" | "قبل" | "بعد" | "حتي");
    let year_word = |w: &str| matches!(bare_noun(w), "عام" | "سنه");
    if bound(&prev.norm) || (year_word(&prev.norm) && k >= from + 2 && bound(&toks[k - 2].norm)) {
        return None;
    }
    let around = |s: &str| s.contains(['/', '-', '–', '.', ',', '٫']) && s.trim().len() == 1;
    let after = toks.get(k + 1).map_or("", |n| &text[t.end..n.start]);
    if text[t.start..t.end].contains(['.', ',', '٫', '٬'])
        || around(&text[prev.end..t.start])
        || (around(after) && toks.get(k + 1).is_some_and(|n| n.is_number()))
    {
        return None;
    }
    // Counted after all: read gives it its noun ("بعد 2000 شخص" is no year).
    let q = read(text, &toks[k..(k + 3).min(toks.len())]);
    q.is_empty().then_some(y)
}

/// Whether "مرات" after an amount starting at token `start` multiplies: after a comparative ("أكبر بثلاث مرات") or a word of
/// multiplying or increasing ("تضاعف", "زيادة"); else it counts occasions
/// ("استضافت البطولة ثلاث مرات").
fn multiplied(toks: &[Token], start: usize) -> bool {
    let comparative = |w: &str| {
        let n = w.chars().count();
        (n == 4 && w.starts_with('ا') && !is_stopword(w) && word_value(w).is_none())
            || matches!(w, "اقل" | "اشد")
    };
    let increase = |w: &str| {
        let w = forms(w)[1];
        [
            "ضاعف",
            "تضاعف",
            "مضاعف",
            "زاد",
            "يزيد",
            "تزيد",
            "زياده",
            "بزياده",
            "ارتفع",
            "ارتفاع",
        ]
        .iter()
        .any(|s| w.starts_with(s))
    };
    (start.saturating_sub(4)..start).any(|k| {
        let w = toks[k].norm.as_str();
        increase(w) || (k + 1 == start && comparative(forms(w)[1]))
    })
}

/// The approximator just before token `i`, and the token it starts at.
fn approx_before(toks: &[Token], i: usize) -> (Approx, usize) {
    let w = |k: usize| -> &str { i.checked_sub(k).map_or("", |x| toks[x].norm.as_str()) };
    let b1 = bare(w(1));
    if matches!(
        w(1),
        "نحو" | "حوالي" | "بحوالي" | "قرابه" | "زهاء" | "بنحو" | "يقارب" | "لنحو"
    ) || b1 == "حوالي"
    {
        let start = if w(2) == "ما" && w(1) == "يقارب" {
            i - 2
        } else {
            i - 1
        };
        return (Approx::About, start);
    }
    if w(1) == "من" && matches!(bare(w(2)), "اكثر" | "ازيد") {
        return (Approx::MoreThan, i - 2);
    }
    // «بقيمة تفوق 80 مليار», «تجاوز عددهم 300»: more than.
    if matches!(
        w(1),
        "تفوق"
            | "يفوق"
            | "تتجاوز"
            | "يتجاوز"
            | "تجاوز"
            | "تجاوزت"
            | "يتخطي"
            | "تتخطي"
    ) {
        return (Approx::MoreThan, i - 1);
    }
    if w(1) == "من" && bare(w(2)) == "اقل" {
        return (Approx::LessThan, i - 2);
    }
    if matches!(w(1), "عن" | "علي") && matches!(w(2), "يزيد" | "تزيد") {
        let start = if w(3) == "ما" { i - 3 } else { i - 2 };
        return (Approx::MoreThan, start);
    }
    if matches!(w(1), "عن") && matches!(w(2), "يقل" | "تقل") && w(3) == "لا" {
        let start = if w(4) == "ما" { i - 4 } else { i - 3 };
        return (Approx::MoreThan, start);
    }
    (Approx::Exact, i)
}

fn is_dual(text: &str, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    if has_article(&t.norm) || is_stopword(&t.norm) || word_value(&t.norm).is_some() {
        return false;
    }
    let w = bare(&t.norm);
    // "مقيمين أحدهما …": the pronoun of two says dual.
    if (w.ends_with("ين") || w.ends_with("ان"))
        && toks.get(i + 1).is_some_and(|n| {
            matches!(
                n.norm.as_str(),
                "احدهما" | "احداهما" | "كلاهما" | "كليهما" | "وكلاهما"
            )
        })
    {
        return true;
    }
    // "ثلاثة مدافعين بارزين": after a plural in ين, a word in ين agrees
    // with it (an adjective), it counts nothing.
    let after_plural = i > 0
        && toks[i - 1].norm.ends_with("ين")
        && !toks[i - 1].is_number()
        && text[toks[i - 1].end..t.start].trim().is_empty();
    if after_plural && w.ends_with("ين") {
        return false;
    }
    if w.strip_suffix("ين")
        .is_some_and(|one| BROKEN_PLURAL_IN_YA.contains(&one))
    {
        return true;
    }
    let written = text.get(t.start..t.end).unwrap_or("");
    // A shadda before the ending marks a verb (سيعيِّن), not a dual.
    // Verbs of the form استفعل (تستعين، يستعين) end like duals too.
    let verb = ["ست", "تست", "يست", "نست"].iter().any(|p| w.starts_with(p));
    // The verbal noun تفعيل (تأمين، تعيين، تحسين) ends like a dual too.
    let masdar = w.starts_with('ت') && w.chars().count() == 5 && w.chars().nth(3) == Some('ي');
    if NOT_DUAL.contains(&w)
        || verb
        || conjoined_verb(&t.norm)
        || masdar
        || w.ends_with("يين")
        || written.contains('\u{0651}')
        || w.starts_with("سي") && w.chars().count() <= 5
    {
        return false;
    }
    // Participles (مقيمين، مسلحين) are plurals as often as duals: only a
    // fatha written before the ending (مقيمَين) says dual.
    if w.starts_with('م') {
        return text
            .get(t.start..t.end)
            .is_some_and(|s| s.contains("\u{064E}ين") || s.contains("\u{064E}ان"));
    }
    let (base, strict) = if let Some(b) = w.strip_suffix("ين") {
        (b, false)
    } else if let Some(b) = w.strip_suffix("ان") {
        (b, true)
    } else {
        return false;
    };
    let chars: Vec<char> = base.chars().collect();
    if chars.len() < 3 || (chars.len() == 4 && (chars[1] == 'ا' || chars[2] == 'ا')) {
        return false;
    }
    if strict {
        // -ان ends too many words and names (بيان، إيران): ask for the
        // singular elsewhere in the text (صاروخان … صاروخاً).
        return toks.iter().enumerate().any(|(j, o)| {
            let b = bare_noun(&o.norm);
            j != i && (b == base || b.strip_suffix(['ا', 'ه']) == Some(base))
        });
    }
    true
}

/// Reads every amount in `text` (whose tokens are `toks`).
pub fn read(text: &str, toks: &[Token]) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((q, next)) = read_at(text, toks, i) {
            if !not_an_amount(text, toks, &q) {
                out.push(q);
            }
            i = next;
        } else {
            i += 1;
        }
    }
    joined_forms(text, toks, out)
}

/// Numbers that are no amount of anything that happened: list numbering
/// ("1 - العريف" at a line's start), phone numbers (a leading 0, or nine
/// digits and more without separators), and amounts of a hypothetical
/// ("إذا قتل أميركي واحد", "لو سقط 100").
fn not_an_amount(text: &str, toks: &[Token], q: &Quantity) -> bool {
    let (a, _) = q.tokens;
    let first = &toks[a];
    let written = &text[first.start..first.end];
    if first.is_number() {
        let line_start = text[..first.start]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
        let after = text[first.end..].trim_start_matches([' ', '\u{a0}']);
        if line_start && after.starts_with(['-', '–', ')', '.', '/']) {
            return true;
        }
        // A part of a date written with spaced slashes ("١٠ /١٠ /١٤٣٦هـ"),
        // or of a minute of added time ("(45+3)"): joined to another figure.
        let is_digit = |c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c);
        let space = [' ', '\u{a0}'];
        let before = text
            .get(..q.span.start)
            .unwrap_or("")
            .trim_end_matches(space);
        let after_q = text
            .get(q.span.end..)
            .unwrap_or("")
            .trim_start_matches(space);
        let slash_after = after_q
            .strip_prefix(['/', '+'])
            .is_some_and(|r| r.trim_start_matches(space).starts_with(is_digit));
        let slash_before = before
            .strip_suffix(['/', '+'])
            .is_some_and(|r| r.trim_end_matches(space).ends_with(is_digit));
        if slash_after || slash_before {
            return true;
        }
        // A date written with dashes: "14 – 10 – 1436 هـ", a part on each side
        // or two parts after (a range "5-7" has one dash only).
        let dash = ['-', '–'];
        fn part_after(
            r: &str,
            dash: [char; 2],
            space: [char; 2],
            is_digit: impl Fn(char) -> bool + Copy,
        ) -> Option<&str> {
            r.strip_prefix(dash)
                .map(|r| r.trim_start_matches(space))
                .filter(|r| r.starts_with(is_digit))
                .map(|r| r.trim_start_matches(is_digit).trim_start_matches(space))
        }
        fn part_before(
            r: &str,
            dash: [char; 2],
            space: [char; 2],
            is_digit: impl Fn(char) -> bool + Copy,
        ) -> Option<&str> {
            r.strip_suffix(dash)
                .map(|r| r.trim_end_matches(space))
                .filter(|r| r.ends_with(is_digit))
                .map(|r| r.trim_end_matches(is_digit).trim_end_matches(space))
        }
        let after_one = part_after(after_q, dash, space, is_digit);
        let before_one = part_before(before, dash, space, is_digit);
        if (after_one.is_some() && before_one.is_some())
            || after_one
                .and_then(|r| part_after(r, dash, space, is_digit))
                .is_some()
            || before_one
                .and_then(|r| part_before(r, dash, space, is_digit))
                .is_some()
        {
            return true;
        }
        let digits = written.chars().filter(char::is_ascii_digit).count()
            + written.chars().filter(|c| ('٠'..='٩').contains(c)).count();
        let plain = !written.contains(['.', ',', '٫', '٬', '،']);
        if plain && ((first.norm.starts_with('0') && digits >= 6) || digits >= 9) {
            return true;
        }
    }
    (a.saturating_sub(4)..a).any(|k| {
        let w = toks[k]
            .norm
            .strip_prefix(['و', 'ف'])
            .unwrap_or(&toks[k].norm);
        matches!(w, "اذا" | "لو" | "لولا" | "لين")
            || (w == "حال" && k > 0 && toks[k - 1].norm.ends_with("في"))
    })
}

/// Quantities that one expression writes in two parts: a figure written
/// twice ("(15) خمسة عشر"), a decimal in words ("ثلاثة وأربعين فاصلة
/// ثمانية" = 43.8), and bounds ("لا تقل عن 5 ولا تزيد على 7" = 5–7).
fn joined_forms(text: &str, toks: &[Token], qs: Vec<Quantity>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::with_capacity(qs.len());
    for q in qs {
        let Some(p) = out.last_mut() else {
            out.push(q);
            continue;
        };
        let Some(between) = text.get(p.span.end..q.span.start) else {
            // The two overlap: a dual noun and the numeral confirming it
            // ("كيلومترين اثنين") are one quantity when they agree.
            if p.amount != q.amount {
                out.push(q);
            }
            continue;
        };
        let (pa, qa) = (p.amount, q.amount);
        // "إصابة فتاة وطفلين": nouns that are their own count, joined by
        // و, are one count of the harmed (1 + 2).
        let own_count = |x: &Quantity| x.tokens.0 == x.tokens.1 && x.counted == Some(x.tokens.0);
        if let (Amount::Exact { value: x }, Amount::Exact { value: y }) = (pa, qa) {
            if own_count(p)
                && own_count(&q)
                && q.tokens.0 == p.tokens.1 + 1
                && toks[q.tokens.0].norm.starts_with('و')
                && between.trim().is_empty()
                && p.approx == Approx::Exact
            {
                p.amount = Amount::Exact { value: x + y };
                p.span = Span::new(p.span.start, q.span.end);
                p.tokens.1 = q.tokens.1;
                continue;
            }
        }
        // Written twice: only spaces and parentheses between equal values.
        if let (Amount::Exact { value: x }, Amount::Exact { value: y }) = (pa, qa) {
            if x == y
                && !between.is_empty()
                && between
                    .chars()
                    .all(|c| c.is_whitespace() || "()[]".contains(c))
                && between.contains(['(', ')'])
            {
                p.span = Span::new(p.span.start, q.span.end);
                p.tokens.1 = q.tokens.1;
                // "عشرين (20) شاحنة": the noun after the closing mark.
                let next = q.tokens.1 + 1;
                let after_mark = toks.get(next).filter(|t| {
                    // `get`: a quantity's span may reach past its last token.
                    let gap = text.get(q.span.end..t.start).unwrap_or("x");
                    gap.trim().chars().all(|c| ")]".contains(c))
                        && !is_stopword(&t.norm)
                        && digits(&t.norm).is_none()
                });
                p.counted = p.counted.or(q.counted).or(after_mark.map(|_| next));
                if let Some(c) = p.counted {
                    p.span = Span::new(p.span.start, p.span.end.max(toks[c].end));
                    p.tokens.1 = p.tokens.1.max(c);
                }
                continue;
            }
        }
        // A decimal in words: "… فاصلة ثمانية" (read first as what the
        // whole part counts).
        let mid: Vec<&str> = toks
            .iter()
            .filter(|t| t.start >= p.span.end && t.end <= q.span.start)
            .map(|t| t.norm.as_str())
            .collect();
        let point = mid.as_slice() == ["فاصله"]
            || (mid.is_empty() && p.counted.is_some_and(|c| toks[c].norm == "فاصله"));
        let whole = match pa {
            Amount::Exact { value } => Some(value),
            _ => None,
        };
        let part = match qa {
            Amount::Exact { value } | Amount::Percent { value } => Some(value),
            _ => None,
        };
        if let (true, Some(x), Some(y)) = (point, whole, part) {
            if y.fract() == 0.0 && y >= 0.0 {
                let digits = num(y).len() as i32;
                let value = x + y / 10f64.powi(digits);
                p.amount = if matches!(qa, Amount::Percent { .. }) {
                    Amount::Percent { value }
                } else {
                    Amount::Exact { value }
                };
                p.span = Span::new(p.span.start, q.span.end);
                p.tokens.1 = q.tokens.1;
                p.counted = q.counted.or(p.counted.filter(|&c| toks[c].norm != "فاصله"));
                continue;
            }
        }
        // Bounds: "لا تقل عن X ولا تزيد على Y".
        let before = |k: usize, n: usize| -> Vec<&str> {
            toks[k.saturating_sub(n)..k]
                .iter()
                .map(|t| bare(&t.norm))
                .collect()
        };
        // The bound words may be inside the spans (read as "أكثر من").
        let lower = before(p.tokens.1 + 1, p.tokens.1 + 1 - p.tokens.0 + 3)
            .iter()
            .any(|w| matches!(*w, "تقل" | "يقل" | "تنقص" | "ينقص"));
        let upper = toks[p.tokens.1 + 1..=q.tokens.1]
            .iter()
            .any(|t| matches!(bare(&t.norm), "تزيد" | "يزيد" | "تتجاوز" | "يتجاوز"));
        if let (true, true, Amount::Exact { value: x }, Amount::Exact { value: y }) =
            (lower, upper, pa, qa)
        {
            if x < y && q.tokens.1 - p.tokens.1 <= 6 {
                p.amount = Amount::Range { low: x, high: y };
                p.approx = Approx::Exact;
                p.span = Span::new(p.span.start, q.span.end);
                p.tokens.1 = q.tokens.1;
                p.counted = q.counted.or(p.counted);
                continue;
            }
        }
        out.push(q);
    }
    out
}

fn span_of(toks: &[Token], a: usize, b: usize) -> Span {
    Span::new(toks[a].start, toks[b].end)
}

fn quantity(
    toks: &[Token],
    first: usize,
    last: usize,
    amount: Amount,
    approx: Approx,
    counted: Option<usize>,
) -> Quantity {
    let end = counted.map_or(last, |c| c.max(last));
    Quantity {
        span: span_of(toks, first, end),
        amount,
        approx,
        counted,
        tokens: (first, end),
    }
}

/// Ordinal hours: "الساعة الرابعة" = 4.
const HOURS: &[(&str, f64)] = &[
    ("الواحده", 1.0),
    ("الثانيه", 2.0),
    ("الثالثه", 3.0),
    ("الرابعه", 4.0),
    ("الخامسه", 5.0),
    ("السادسه", 6.0),
    ("السابعه", 7.0),
    ("الثامنه", 8.0),
    ("التاسعه", 9.0),
    ("العاشره", 10.0),
    ("الحاديه", 11.0),
];

/// The part of the day after a clock time, as hours to add to a 12-hour
/// reading: "عصرا" and "مساء" are afternoon, "فجرا" and "صباحا" morning.
fn day_part_shift(norm: &str, hour: f64) -> Option<f64> {
    let w = norm.strip_prefix(['و', 'ب']).unwrap_or(norm);
    let w = w.strip_prefix("ال").unwrap_or(w);
    match w.trim_end_matches('ا') {
        "فجر" | "صباح" | "ضحي" => Some(0.0),
        "عصر" | "مساء" | "مساءا" | "ليل" | "ليله" if hour < 12.0 => Some(12.0),
        // Noon is 12; "الثانية ظهرا" is 14, "الحادية عشرة ظهرا" 11.
        "ظهر" if (1.0..=5.0).contains(&hour) => Some(12.0),
        "عصر" | "مساء" | "مساءا" | "ليل" | "ليله" | "ظهر" => Some(0.0),
        _ => None,
    }
}

/// A clock time at token `i`: digits "14:08" (or "١٢:٤١"), or an ordinal
/// hour after "الساعة" or before a part of the day ("الرابعة فجرا",
/// "الرابعة من فجر", "العاشرة والثلث صباحا"), with the part of the day read.
fn clock_at(text: &str, toks: &[Token], i: usize) -> Option<(Quantity, usize)> {
    let norm = toks[i].norm.as_str();
    let hour_word = |n: &str| {
        let w = n.strip_prefix(['و', 'ب']).unwrap_or(n);
        HOURS.iter().find(|h| h.0 == w).map(|h| h.1)
    };
    let (mut hour, mut minute, mut last, by_words);
    if let (Some(h), Some(next)) = (digits(norm), toks.get(i + 1)) {
        let sep = &text[toks[i].end..next.start];
        let m = digits(&next.norm)?;
        if sep != ":" || next.norm.len() != 2 || h.fract() != 0.0 || h > 24.0 || m >= 60.0 {
            return None;
        }
        (hour, minute, last, by_words) = (h, m, i + 1, false);
    } else {
        hour = hour_word(norm)?;
        last = i;
        if hour == 11.0 || (hour == 2.0 && next_is(toks, i + 1, &["عشره"])) {
            if next_is(toks, i + 1, &["عشره"]) {
                hour += 10.0 * f64::from(u8::from(hour == 2.0));
                last += 1;
            } else {
                return None;
            }
        }
        minute = 0.0;
        by_words = true;
    }
    // "والنصف", "والربع", "والثلث", "إلا ربعا".
    if let Some(t) = toks.get(last + 1) {
        let add = match t.norm.as_str() {
            "والنصف" => Some(30.0),
            "والربع" => Some(15.0),
            "والثلث" => Some(20.0),
            _ => None,
        };
        if let Some(a) = add {
            minute += a;
            last += 1;
        }
    }
    let after_hour = i > 0 && bare_noun(&toks[i - 1].norm) == "ساعه";
    // The part of the day: next, or after "من", "في" or "بعد" («بعد ظهر»).
    let mut shift = None;
    for k in 1..=2 {
        let Some(t) = toks.get(last + k) else { break };
        if k == 2 && !matches!(toks[last + 1].norm.as_str(), "من" | "في" | "بعد") {
            break;
        }
        if let Some(sh) = day_part_shift(&t.norm, hour) {
            shift = Some(sh);
            last += k;
            break;
        }
    }
    if by_words && !after_hour && shift.is_none() {
        return None;
    }
    if !by_words && !after_hour && shift.is_none() && !(13.0..=24.0).contains(&hour) {
        return None;
    }
    let hhmm = (hour + shift.unwrap_or(0.0)) * 100.0 + minute;
    let start = if after_hour { i - 1 } else { i };
    // «نحو الساعة الثانية»: about that time.
    let (approx, start) = approx_before(toks, start);
    Some((
        quantity(toks, start, last, Amount::Clock { hhmm }, approx, None),
        last + 1,
    ))
}

fn read_at(text: &str, toks: &[Token], i: usize) -> Option<(Quantity, usize)> {
    let norm = toks[i].norm.as_str();
    let b = bare_noun(norm);
    if let Some(found) = clock_at(text, toks, i) {
        return Some(found);
    }

    // Vague amounts: "عدد من X", "عدة X", "عشرات X", "مئات الـX".
    let vague = match forms(norm)[2] {
        "عدد" if next_is(toks, i + 1, &["من"]) => Some(Vague::Some),
        "عده" | "بضعه" | "بضع" => Some(Vague::Some),
        "عشرات" => Some(Vague::Tens),
        "ميات" | "مييات" => Some(Vague::Hundreds),
        _ => None,
    };
    if let Some(v) = vague {
        let last = if forms(norm)[2] == "عدد" { i + 1 } else { i };
        let counted = if forms(norm)[2] == "عدد" {
            toks.get(i + 2)
                .filter(|t| !is_stopword(&t.norm))
                .map(|_| i + 2)
        } else {
            counted_after(text, toks, last).or_else(|| {
                // "عشرات الجرحى": the counted noun carries the article.
                toks.get(i + 1)
                    .filter(|t| has_article(&t.norm) && !is_stopword(&t.norm))
                    .map(|_| i + 1)
            })
        };
        counted?;
        return Some((
            quantity(
                toks,
                i,
                last,
                Amount::Vague { vague: v },
                Approx::Exact,
                counted,
            ),
            last + 1,
        ));
    }

    // Denied harm: "من دون وقوع إصابات", "لم يسفر عن أي جرحى", "نفت وقوع جرحى".
    if HARM.contains(&b) && !has_article(norm) {
        let before = |k: usize| i.checked_sub(k).map_or("", |x| toks[x].norm.as_str());
        let mut start = None;
        for k in 1..=2 {
            if matches!(bare(before(k)), "دون" | "بدون" | "عدم") {
                start = Some(i - k);
            }
        }
        if start.is_none() && before(1) == "اي" {
            for k in 2..=5 {
                if matches!(before(k), "لم" | "لا" | "ولم" | "ولا" | "دون" | "بدون")
                {
                    start = Some(i - k);
                    break;
                }
            }
        }
        if start.is_none() && matches!(before(1), "وقوع" | "سقوط") {
            for k in 2..=8 {
                let w = forms(before(k))[1];
                if w.starts_with("نف") || w.starts_with("ينف") || w.starts_with("تنف") {
                    start = Some(i - 1);
                    break;
                }
            }
        }
        if let Some(s) = start {
            return Some((
                quantity(
                    toks,
                    s,
                    i,
                    Amount::Exact { value: 0.0 },
                    Approx::Exact,
                    Some(i),
                ),
                i + 1,
            ));
        }
    }

    // A dual noun counts two of itself: صاروخين، شخصين.
    if is_dual(text, toks, i) && (i == 0 || digits(&toks[i - 1].norm).is_none()) {
        if matches!(bare(norm), "ضعفين" | "ضعفان") {
            return Some((
                quantity(
                    toks,
                    i,
                    i,
                    Amount::Times { factor: 2.0 },
                    Approx::Exact,
                    None,
                ),
                i + 1,
            ));
        }
        return Some(counts_itself(toks, i, 2.0));
    }

    // "لمدة عام": one of a unit of time, after مدة.
    if i > 0
        && matches!(bare(&toks[i - 1].norm), "مده" | "لمده")
        && matches!(norm, "عام" | "سنه" | "شهر" | "اسبوع" | "يوم")
        && joined(text, toks, i - 1, i)
        && !toks
            .get(i + 1)
            .is_some_and(|t| digits(&t.norm).is_some() || word_value(&t.norm).is_some())
    {
        return Some(counts_itself(toks, i, 1.0));
    }

    // "أن إرهابيا قتل": after أن, a noun in the accusative that a harm
    // verb follows is one of it.
    if i > 0
        && matches!(toks[i - 1].norm.as_str(), "ان" | "بان" | "وان")
        && norm.ends_with('ا')
        && norm.chars().count() >= 4
        && !has_article(norm)
        && !is_stopword(norm)
        && word_value(norm).is_none()
        && toks
            .get(i + 1)
            .is_some_and(|t| matches!(t.norm.as_str(), "قتل" | "اصيب" | "جرح" | "لقي"))
    {
        return Some(counts_itself(toks, i, 1.0));
    }

    // "استشهاد أحد المواطنين": one of them, after an event noun.
    if i > 0
        && ONE_AFTER.contains(&bare(&toks[i - 1].norm))
        && forms(norm)[1] == "احد"
        && joined(text, toks, i - 1, i)
        && toks.get(i + 1).is_some_and(|t| {
            has_article(&t.norm) && !is_stopword(&t.norm) && joined(text, toks, i, i + 1)
        })
    {
        return Some((
            quantity(
                toks,
                i,
                i + 1,
                Amount::Exact { value: 1.0 },
                Approx::Exact,
                Some(i + 1),
            ),
            i + 2,
        ));
    }

    // One of an indefinite noun after an event noun: "مقتل جندي" (the
    // noun as written: "أصابه مقذوف" is a verb and its subject).
    if i > 0
        && takes_one(text, toks, i - 1, i)
        && written_noun(text, &toks[i - 1])
        && !has_article(norm)
        && !is_stopword(norm)
        && digits(norm).is_none()
        && word_value(norm).is_none()
        && joined(text, toks, i - 1, i)
        && norm.chars().count() >= 3
        && !norm.starts_with('ب')
        // Plural and dual endings count more than one.
        && !["ين", "ان", "ون", "ات"].iter().any(|e| norm.ends_with(e))
        && !toks.get(i + 1).is_some_and(|t| digits(&t.norm).is_some() || word_value(&t.norm).is_some())
    {
        return Some(counts_itself(toks, i, 1.0));
    }

    // "الخامسة عشرة", "بالمرتبة الـ14": ranks, not amounts.
    let after_ordinal = i > 0 && marsad_text::numbers::ordinal(&toks[i - 1].norm).is_some();
    if after_ordinal && matches!(bare(norm), "عشر" | "عشره") {
        return None;
    }
    // "الـ 29" (the article set apart), "الـ14 و15", "رقم 40": labels.
    let prev_norm = i.checked_sub(1).map_or("", |p| toks[p].norm.as_str());
    let written_ordinal = text[..toks[i].start].ends_with("الـ")
        || text[..toks[i].start].ends_with("ال")
        || prev_norm == "ال"
        || bare(prev_norm) == "رقم"
        || (norm.starts_with('و')
            && prev_norm
                .strip_prefix("ال")
                .is_some_and(|d| digits(d).is_some()));
    // («قرابة الـ 15 شهيدا»: after an approximation, the article is the
    // count's, «about the fifteen».)
    let approx_label = prev_norm == "ال" && approx_before(toks, i - 1).0 != Approx::Exact;
    if written_ordinal && digits(norm).is_some() && !approx_label {
        return None;
    }
    // A number in digits or words.
    let is_digits = digits(norm).is_some();
    let teen = (forms(norm).contains(&"احد") || definite_unit(norm).is_some())
        && next_is(toks, i + 1, &["عشر", "عشره"]);
    if !is_digits && word_value(norm).is_none() && !teen {
        return None;
    }
    // "احد" alone is "anyone"; "واحد" alone after a noun is "one X".
    let (value, mut last, lone_scale) = read_number(toks, text, i)?;
    let mut value = decimal_comma(text, &toks[i], value);
    // «(375,526,840) مليون ريال», «(15) ألف»: a scale word after a figure in
    // parentheses is that figure's (written out in full already when it is
    // as large as the scale).
    if let Some(Word::Scale(scale)) = toks.get(last + 1).and_then(|t| word_value(&t.norm)) {
        if text[toks[last].end..toks[last + 1].start].trim() == ")" && !lone_scale {
            if value < scale {
                value *= scale;
            }
            last += 1;
        }
    }
    // Dates and years are the timeline's: 28 يناير، 2021, "14 من يونيو".
    let next_month = toks.get(last + 1).is_some_and(|t| is_month_word(&t.norm))
        || (value <= 31.0
            && next_is(toks, last + 1, &["من"])
            && toks.get(last + 2).is_some_and(|t| is_month_word(&t.norm)));
    let prev_month = i > 0 && is_month_word(&toks[i - 1].norm);
    let slash = text[toks[last].end..].starts_with('/') || text[..toks[i].start].ends_with('/');
    if is_digits && (next_month || slash || (prev_month && value >= 1900.0)) {
        return None;
    }
    let (approx, start) = approx_before(toks, if approx_label { i - 1 } else { i });
    // A year written alone is a date: "في 2003 لكنها", "وفي 1992 منع",
    // "كأس آسيا 2019". It counts a noun only after an approximator or
    // before a counted noun's form: a singular accusative ("2070 شخصا"),
    // or anything after a round thousand ("2000 زائر").
    if is_digits && (1900.0..=2100.0).contains(&value) && value.fract() == 0.0 {
        let dated = i > 0 && before_year(&toks[i - 1].norm);
        let counted = counted_after(text, toks, last);
        let count_form = counted.is_some_and(|c| {
            !toks[c].norm.starts_with('و') && (toks[c].norm.ends_with('ا') || value % 100.0 == 0.0)
        });
        if dated || counted.is_none() || (approx == Approx::Exact && !count_form) {
            return None;
        }
    }
    // A lone plural scale word ("آلاف الأشخاص", "بمليارات الدولارات") is
    // vague; "مليون" alone is one million.
    let plural = match bare(norm) {
        "الاف" => Some(Vague::Thousands),
        "ملايين" => Some(Vague::Millions),
        "مليارات" => Some(Vague::Billions),
        _ => None,
    };
    if let Some(vague) = plural.filter(|_| lone_scale) {
        let counted = counted_after(text, toks, last).or_else(|| {
            toks.get(last + 1)
                .filter(|t| has_article(&t.norm))
                .map(|_| last + 1)
        });
        counted?;
        return Some((
            quantity(
                toks,
                start,
                last,
                Amount::Vague { vague },
                Approx::Exact,
                counted,
            ),
            last + 1,
        ));
    }
    // The single-word units "واحد", "اثنين" after a noun are adjectives: "يوم واحد".
    let after_noun = !is_digits
        && (value == 1.0 || value == 2.0)
        && i > 0
        && joined(text, toks, i - 1, i)
        && (!function_word(&toks[i - 1].norm)
            || matches!(
                bare_noun(&toks[i - 1].norm),
                "عام" | "سنه" | "شهر" | "يوم" | "اسبوع"
            ))
        // "من جانب واحد", "من طرف واحد": unilaterally, a manner.
        && !(matches!(bare(&toks[i - 1].norm), "جانب" | "طرف")
            && i > 1
            && toks[i - 2].norm == "من")
        && !has_article(&toks[i - 1].norm)
        && word_value(&toks[i - 1].norm).is_none();
    if !is_digits && value <= 2.0 && !after_noun {
        return None;
    }
    let after = &text[toks[last].end..];
    let after_trim = after.trim_start();
    let mut amount = Amount::Exact { value };
    if after_trim.starts_with('%') || after_trim.starts_with('٪') {
        amount = Amount::Percent { value };
    } else if next_is(toks, last + 1, &["بالميه", "بالمايه"]) {
        amount = Amount::Percent { value };
        last += 1;
    } else if next_is(toks, last + 1, &["في"]) && next_is(toks, last + 2, &["الميه", "المايه"])
    {
        amount = Amount::Percent { value };
        last += 2;
    } else if toks.get(last + 1).is_some_and(|t| {
        matches!(bare(&t.norm), "اضعاف" | "ضعف")
            || (bare(&t.norm) == "مرات" && multiplied(toks, start))
    }) && joined(text, toks, last, last + 1)
    {
        amount = Amount::Times { factor: value };
        last += 1;
        return Some((quantity(toks, start, last, amount, approx, None), last + 1));
    }
    if after_noun {
        return Some((
            quantity(toks, i, last, amount, approx, Some(i - 1)).with_start(toks, i - 1),
            last + 1,
        ));
    }
    // A share counts no noun: "1.56 في المائة ليغلق".
    let mut counted = if matches!(amount, Amount::Percent { .. }) {
        None
    } else {
        counted_after(text, toks, last)
    };
    // "بالمرتبة 14 بوزارة المالية", "الدقيقة 34 بواسطة": figures after a
    // defined noun label it, and a word behind a preposition is not counted.
    let labels = is_digits
        && i > 0
        && has_article(prev_norm)
        && !is_stopword(prev_norm)
        && joined(text, toks, i - 1, i);
    if labels
        && counted.is_some_and(|c| {
            let w = toks[c].norm.as_str();
            // Not ك: units start with it ("البالغة 900 كيلومتر").
            w.starts_with(['ب', 'ل']) && bare(w) != w
        })
    {
        counted = None;
    }
    // Ranges and changes: "بين 5 و7", "من 500 فرد إلى أربعة آلاف", "5-7".
    let mut end_tok = last;
    let prev = i
        .checked_sub(1)
        .map(|x| toks[x].norm.as_str())
        .unwrap_or("");
    let second_from = |j: usize| -> Option<(f64, usize)> {
        let t = toks.get(j)?;
        if digits(&t.norm).is_none() && word_value(&t.norm).is_none() {
            return None;
        }
        read_number(toks, text, j)
            .map(|(v, l, _)| (v, l, j))
            .map(|(v, l, j)| {
                (
                    leading_point(text, &toks[j], decimal_comma(text, &toks[j], v)),
                    l,
                )
            })
    };
    // "فاز 4-1", "تغلب عليه 1-4": two small tallies joined by a dash with
    // nothing counted after them are a result, not a range.
    // A conjunction on a three-letter verb after them («0 - 4 وفاز على …»)
    // begins the next clause; it counts nothing.
    let counts_after_result = |l: usize| {
        counted_after(text, toks, l)
            .is_some_and(|c| !(toks[c].norm.starts_with('و') && toks[c].norm.chars().count() == 4))
    };
    if let (Amount::Exact { value: x }, Approx::Exact) = (amount, approx) {
        // «صفر - 4»: a nil tally in words before the dash.
        let nil_before = i > 0
            && toks[i - 1].norm == "صفر"
            && matches!(text[toks[i - 1].end..toks[i].start].trim(), "-" | "–" | "/");
        if nil_before && is_digits && x.fract() == 0.0 && x <= 30.0 && !counts_after_result(last) {
            let q = quantity(
                toks,
                i - 1,
                last,
                Amount::Score { high: x, low: 0.0 },
                Approx::Exact,
                None,
            );
            return Some((q, last + 1));
        }
        let dash = after.starts_with(['-', '–']) || after.starts_with(" - ");
        let bounds = matches!(bare(prev), "بين" | "من");
        if dash && !bounds && is_digits && x.fract() == 0.0 && x <= 30.0 {
            if let Some((y, l)) = second_from(last + 1) {
                if y.fract() == 0.0 && y <= 30.0 && !counts_after_result(l) {
                    let q = quantity(
                        toks,
                        i,
                        l,
                        Amount::Score {
                            high: x.max(y),
                            low: x.min(y),
                        },
                        Approx::Exact,
                        None,
                    );
                    return Some((q, l + 1));
                }
            }
        }
    }
    // "ما بين 3.35% و7.35%", "بين 7.80% إلى 1.71%": a range of percentages.
    if let Amount::Percent { value: low } = amount {
        if bare(prev) == "بين" {
            let second = if next_is(toks, last + 1, &["الي", "و"]) {
                second_from(last + 2)
            } else if toks.get(last + 1).is_some_and(|t| t.norm.starts_with('و')) {
                second_from(last + 1)
            } else {
                None
            };
            if let Some((high, l)) = second {
                amount = Amount::Range {
                    low: low.min(high),
                    high: low.max(high),
                };
                end_tok = l;
            }
        }
    }
    // «بين 30 و60 مليون», «50-55 ألف»: the scale written once after the
    // second bound is both bounds' (the first read without it is the
    // smaller by about that scale). Returns the first bound scaled, or
    // `None` when no scale word is there.
    let scale_once = |low: f64, high: f64, l: usize| -> Option<f64> {
        let scaled = toks[last + 1..=l]
            .iter()
            .any(|t| matches!(word_value(&t.norm), Some(Word::Scale(_))));
        [1e12, 1e9, 1e6, 1e3]
            .into_iter()
            .find(|&s| scaled && low > 0.0 && low * s <= 2.0 * high && high < 10.0 * low * s)
            .map(|s| low * s)
    };
    if let Amount::Exact { value: low } = amount {
        // The second bound of a range after «بين»: after «و» or «إلى», a
        // dash (a tatweel dash too: «150 ــ 300»), the first bound's noun
        // perhaps written again before it («بين 100 ريال إلى 900 ريال»).
        let between = matches!(bare(prev), "بين" | "مابين");
        let k = counted
            .filter(|&c| between && c == last + 1)
            .map_or(last + 1, |c| c + 1);
        let dashed = toks.get(k).is_some_and(|t| {
            let gap = text[toks[k - 1].end..t.start].trim();
            !gap.is_empty() && gap.chars().all(|c| matches!(c, '-' | '–' | 'ـ'))
        });
        // («بين 38 و 50 عاما»: the conjunction set apart.)
        let to = if next_is(toks, k, &["و"]) {
            Some(k + 1)
        } else if toks.get(k).is_some_and(|t| t.norm.starts_with('و')) {
            Some(k)
        } else if next_is(toks, k, &["الي"]) {
            Some(k + 1)
        } else if dashed {
            Some(k)
        } else {
            None
        };
        // «في غضون 2 إلى 5 ساعات»: «إلى» between two figures counting one
        // noun, the second larger, is a range without «بين» too (not
        // after «من»: a change).
        let bare_range = !between
            && prev != "من"
            && counted.is_none()
            && next_is(toks, last + 1, &["الي"])
            && second_from(last + 2)
                .is_some_and(|(high, l)| high > low && counted_after(text, toks, l).is_some());
        let second_at = if between {
            to
        } else {
            bare_range.then_some(last + 2)
        };
        if let Some(to) = second_at {
            // «ما بين 200 إلى 250»: a range, as «بين 200 و250» is.
            if let Some((high, l)) = second_from(to) {
                let low = scale_once(low, high, l).unwrap_or(low);
                amount = Amount::Range {
                    low: low.min(high),
                    high: low.max(high),
                };
                end_tok = l;
                counted = counted_after(text, toks, l).or(counted);
            }
        } else if after.starts_with(['-', '–'])
            || after.starts_with(" - ")
            || after.starts_with(" – ")
        {
            // Not a part of a date written with dashes («14 – 10 – 1436»).
            let dashed =
                |s: &str| s.trim().starts_with(['-', '–']) || s.trim().ends_with(['-', '–']);
            let chained = dashed(&text[..toks[i].start])
                || second_from(last + 1).is_some_and(|(_, l)| {
                    dashed(
                        text[toks[l].end..]
                            .split(char::is_alphabetic)
                            .next()
                            .unwrap_or(""),
                    )
                });
            if let Some((high, l)) = second_from(last + 1).filter(|_| !chained) {
                // With its scale after it, a range may be written from its
                // upper bound («55-50 ألف»): no date is written so.
                let scaled = scale_once(low, high, l);
                let low = scaled.unwrap_or(low);
                if high > low || (scaled.is_some() && high < low) {
                    let (low, high) = (low.min(high), low.max(high));
                    amount = Amount::Range { low, high };
                    end_tok = l;
                    counted = counted_after(text, toks, l).or(counted);
                }
            }
        } else if next_is(toks, last + 1, &["او"]) {
            // «25 أو 26 من الشهر», «ثلاثة أو أربعة أشخاص»: one or the
            // other, a range.
            if let Some((high, l)) = second_from(last + 2) {
                if high > low && high <= 2.0 * low {
                    amount = Amount::Range { low, high };
                    end_tok = l;
                    counted = counted_after(text, toks, l).or(counted);
                }
            }
        } else {
            let to_at = counted.map_or(last + 1, |c| c + 1);
            if prev == "من" && next_is(toks, to_at, &["الي", "حتي"]) {
                if let Some((to, l)) = second_from(to_at + 1) {
                    amount = Amount::Change { from: low, to };
                    end_tok = l;
                    counted = counted.or_else(|| counted_after(text, toks, l));
                }
            }
        }
    }
    let first = if matches!(amount, Amount::Change { .. }) {
        i - 1
    } else {
        start
    };
    let q = quantity(toks, first, end_tok, amount, approx, counted);
    let next = q.tokens.1 + 1;
    Some((q, next))
}

/// "و .71%": digits after a lone decimal point are a fraction (0.71).
/// "8,5 مليار", «1,1075 دولار»: a comma before other than three digits is
/// a decimal comma (the tokens drop commas as thousands separators:
/// "12,500"); «0,272%»: no thousands after a zero.
fn decimal_comma(text: &str, t: &Token, value: f64) -> f64 {
    match text[t.start..t.end].rsplit_once([',', '٬']) {
        Some((whole, frac))
            if !frac.is_empty()
                && (frac.chars().count() != 3 || whole == "0")
                && frac.chars().all(|c| c.is_ascii_digit())
                && !whole.contains([',', '٬', '.'])
                && whole.chars().all(|c| c.is_ascii_digit()) =>
        {
            value / 10f64.powi(frac.chars().count() as i32)
        }
        _ => value,
    }
}

fn leading_point(text: &str, t: &Token, v: f64) -> f64 {
    let before = text[..t.start].trim_end_matches(['و', 'ب']);
    let lone = before
        .strip_suffix('.')
        .is_some_and(|r| r.is_empty() || r.ends_with(char::is_whitespace));
    let written = &text[t.start..t.end];
    if lone && v.fract() == 0.0 && written.chars().all(|c| c.is_ascii_digit()) {
        v / 10f64.powi(written.len() as i32)
    } else {
        v
    }
}

/// A noun that is its own count ("صاروخين" 2, "مقتل جندي" 1, "لمدة عام"
/// 1): the quantity of token `i` alone, and where reading goes on.
fn counts_itself(toks: &[Token], i: usize, value: f64) -> (Quantity, usize) {
    (
        quantity(toks, i, i, Amount::Exact { value }, Approx::Exact, Some(i)),
        i + 1,
    )
}

impl Quantity {
    fn with_start(mut self, toks: &[Token], first: usize) -> Self {
        self.span.start = toks[first].start;
        self.tokens.0 = first;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_text::tokens;

    /// Each amount read, as "AMOUNT | COUNTED": the amount shown as a reader
    /// would write it and the counted noun as written.
    fn read_all(text: &str) -> Vec<String> {
        let toks = tokens(text);
        read(text, &toks)
            .iter()
            .map(|q| {
                let counted = q.counted.map_or(String::new(), |c| {
                    text[toks[c].start..toks[c].end].to_string()
                });
                assert_eq!(&text[q.span.start..q.span.end], q.span.slice(text));
                format!("{} | {counted}", q.amount.show_full(q.approx))
            })
            .collect()
    }

    /// Asserts that every case of a table reads as wanted, listing those
    /// that do not with what was read.
    fn assert_table(cases: &[(&str, &[&str])]) {
        let failed: Vec<String> = cases
            .iter()
            .filter_map(|(input, want)| {
                let got = read_all(input);
                (got != *want).then(|| format!("{input}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{} of {} failed:\n{}",
            failed.len(),
            cases.len(),
            failed.join("\n")
        );
    }

    /// A figure's "what" is a noun: the next word is no counted noun when
    /// it is a particle, a conjunction, a preposition phrase, a verb or
    /// defined; a year alone is a date; «مرات» multiplies only after a
    /// comparative or an increase (fictional sentences).
    #[test]
    fn counts_only_nouns() {
        let cases: &[(&str, &[&str])] = &[
            ("نظمت المدينة الدورة في 2009 لكنها خسرت النهائي", &[]),
            ("وفي 1998 منع الفريق من المشاركة", &[]),
            ("يشارك في كأس القارات 2021 بالإضافة إلى الدوري", &[]),
            ("طلب استضافة النسخة 31 بينما انسحب منافسه", &["31 | "]),
            ("ومثل أمام المحكمة 5 بينهم امرأتان", &["5 | "]),
            ("عين بالمرتبة 13 بوزارة الصحة", &["13 | "]),
            ("سجل الهدف في الدقيقة 52 بواسطة المهاجم", &["52 | "]),
            ("تأهلت 8 المتأهلة إلى الدور الثاني", &["8 | "]),
            ("بلغ العدد 40 وسيتعين على اللجنة الحسم", &["40 | "]),
            ("تضم القائمة الـ 17 اسما", &[]),
            ("سافر مع 12 وبرفقته ابنه", &["12 | "]),
            ("وقع الاتفاق بالقرار رقم 77 لسنة 2012", &[]),
            ("تنطلق البطولة في 9 من مايو المقبل", &[]),
            ("انتهت الحرب عام 1975 وعاد اللاجئون", &[]),
            ("اتخذت القرار من جانب واحد", &[]),
            ("فاز باللقب ثلاث مرات", &["3 | مرات"]),
            ("استضافت المدينة البطولة 4 مرات", &["4 | مرات"]),
            ("أحرز اللقب عشر مرات", &["10 | مرات"]),
            // What stays.
            ("قتل 3 أشخاص في الهجوم", &["3 | أشخاص"]),
            ("ارتفع المؤشر بنسبة 3%", &["3% | "]),
            ("المبنى أكبر بثلاث مرات من القديم", &["3 أضعاف | "]),
            ("تضاعف عدد الزوار ثلاث مرات", &["3 أضعاف | "]),
            ("زيادة الإنتاج 5 مرات", &["5 أضعاف | "]),
            ("ارتفعت الأسعار 8 أضعاف", &["8 أضعاف | "]),
            ("أسفرت المعارك عن مقتل 2070 شخصا", &["2070 | شخصا"]),
            ("حضر نحو 2000 زائر", &["نحو 2000 | زائر"]),
            ("دمرت الغارة ثلاث آليات", &["3 | آليات"]),
            ("تشارك 5 بلدان في المؤتمر", &["5 | بلدان"]),
            ("يقع على بعد 150 كيلومترا شمال العاصمة", &["150 | كيلومترا"]),
            ("ضبطت الشرطة 4 وسائل نقل", &["4 | وسائل"]),
            ("يمتد الطريق البالغ 900 كيلومتر", &["900 | كيلومتر"]),
            ("وسيتعين على الفريق الفوز", &[]),
            ("احتفالات القناة الأم عام 1969 وبرفقته الوزير", &[]),
        ];
        assert_table(cases);
    }

    #[test]
    fn a_year_alone_is_a_year() {
        let year = |text: &str| {
            let toks = tokens(text);
            (0..toks.len())
                .filter_map(|k| lone_year(text, &toks, 0, k))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            year("استضافت الكويت البطولة آخر مرة في 2003 لكنها"),
            [2003.0]
        );
        assert_eq!(year("كان الرقم القياسي عام 2011."), [2011.0]);
        // A bound of a period, a date, a label, a count.
        assert!(year("هدنة قائمة منذ العام 2013").is_empty());
        assert!(year("في 12/5/2014 وصل").is_empty());
        assert!(year("تصفيات كأس العالم 2026 بدأت").is_empty());
        assert!(year("ديسمبر 2016").is_empty());
        assert!(year("أسفرت عن 2070 شخصا").is_empty());
    }

    /// Issue 11: numbers as news Arabic writes them (fictional sentences).
    #[test]
    fn reads_news_forms() {
        let cases: &[(&str, &[&str])] = &[
            // Decimals: the Arabic decimal sign, its reversed-digit ر form, words.
            ("بلغت الصادرات 3ر1 مليار ريال", &["1300000000 | ريال"]),
            ("ارتفع المؤشر 5ر12 نقطة", &["12.5 | نقطة"]),
            // The same reversed form with a point and a right-to-left mark
            // between the digits, as some outlets' systems write it.
            (
                "زاد متوسط ساعات العمل إلى 6.\u{200f}34 ساعة",
                &["34.6 | ساعة"],
            ),
            (
                "بيعت الحقوق مقابل 1.\u{200f}5 مليار جنيه",
                &["5100000000 | جنيه"],
            ),
            // Thousands separated by the Arabic comma.
            (
                "بإجمالي تعويض وقدره (164،781،745 ريال)",
                &["164781745 | ريال"],
            ),
            ("أنفقت 12،500 ريال", &["12500 | ريال"]),
            // A list separated by the Arabic comma is no number.
            ("بلغت الأسعار 8146، 8084 ريالا", &["8146 | ", "8084 | ريالا"]),
            ("بلغت الأسعار 7771،7546 ريالا", &["7771 | ", "7546 | ريالا"]),
            ("بلغت الخسائر ٢٫٥ مليون دينار", &["2500000 | دينار"]),
            (
                "سجلت درجة الحرارة ثلاثة وأربعين فاصلة ثمانية درجة",
                &["43.8 | درجة"],
            ),
            ("بلغ النمو ثلاثة فاصلة خمسة في المئة", &["3.5% | "]),
            // A lone plural scale is vague.
            ("خسائر بمليارات الدولارات", &["مليارات | الدولارات"]),
            ("شارك آلاف المتظاهرين", &["آلاف | المتظاهرين"]),
            // An adjective agreeing with a plural is no dual.
            ("افتقد الفريق جهود ثلاثة مدافعين بارزين", &["3 | مدافعين"]),
            // A short number word behind ب; "لست" is a verb.
            ("أضاف الثاني بعدها بأربع دقائق", &["4 | دقائق"]),
            ("لست أدري متى يعود", &[]),
            // A figure written twice.
            ("وصل (15) خمسة عشر مسافرا", &["15 | مسافرا"]),
            ("تضم القافلة عشرين (20) شاحنة", &["20 | شاحنة"]),
            // Bounds and ranges.
            (
                "بغرامة لا تقل عن 500 ولا تزيد على 1000 دينار",
                &["500–1000 | دينار"],
            ),
            (
                "بالسجن مدة لا تقل عن ثلاث ولا تزيد عن سبع سنوات",
                &["3–7 | سنوات"],
            ),
            ("تراوحت الخسائر ما بين 1.5% و3.25%", &["1.5–3.25 | "]),
            (
                "تراجعت الأسهم بنسب تراوحت بين 7.80% إلى 1.71%",
                &["1.71–7.8 | "],
            ),
            ("أصيب ما بين 20 و25 شخصا", &["20–25 | شخصا"]),
            // Clock times, digits and words, with the part of the day.
            ("وقع الانفجار الساعة 14:08 بالتوقيت المحلي", &["14:08 | "]),
            ("تلقى البلاغ في تمام الساعة ٥:٢٠ عصرا", &["17:20 | "]),
            ("في الساعة 9:15 مساء", &["21:15 | "]),
            ("عند الرابعة فجرا سقطت القذيفة", &["04:00 | "]),
            ("عند الرابعة من عصر أمس", &["16:00 | "]),
            ("في الثانية من ظهر اليوم", &["14:00 | "]),
            (
                "في نحو الساعة الثانية والنصف بعد ظهر أمس",
                &["نحو 14:30 | "],
            ),
            ("عند الخامسة بعد العصر", &["17:00 | "]),
            ("لقاء عائدات بنسبة 0,272%", &["0.272% | "]),
            (
                "هبط بأكثر من 45 دولارا إلى 1088,05 دولار للأوقية",
                &["أكثر من 45 → 1088.05 | دولارا"],
            ),
            ("رياح بسرعة 10 – 30 كم/ساعة", &["10–30 | كم"]),
            ("رياح بسرعة 10 - 30 كم/ساعة", &["10–30 | كم"]),
            ("رياح بسرعة 10–30 كم/ساعة", &["10–30 | كم"]),
            ("تقام لقاءات الإياب في 25 أو 26 من الشهر", &["25–26 | الشهر"]),
            (
                "خطة مساعدة بقيمة تفوق 80 مليار يورو",
                &["أكثر من 80000000000 | يورو"],
            ),
            ("وعدد المسجلين تجاوز 300 ناخب", &["أكثر من 300 | ناخب"]),
            // Units in the accusative with tanween («وواحداً وثلاثين»).
            (
                "بلغ عدد الموقوفين أربعمائة وواحداً وثلاثين موقوفاً",
                &["431 | موقوفاً"],
            ),
            ("أوقف أربعمائة وواحدا وثلاثين شخصا", &["431 | شخصا"]),
            ("العاشرة والثلث صباحا", &["10:20 | "]),
            ("الحادية عشرة ليلا", &["23:00 | "]),
            ("الساعة الثالثة", &["03:00 | "]),
            ("الساعة 12:41", &["12:41 | "]),
            // Ordinals and words are not amounts by accident.
            ("وصلت الطائرة الرابعة إلى المطار", &[]),
            ("المرة الثانية التي يحدث فيها ذلك", &[]),
            ("قال حسين إن الاجتماع انتهى", &[]),
            ("التقى الوزير بنظيره بين الجانبين", &[]),
            ("ستين مقاتلا", &["60 | مقاتلا"]),
            ("خمسين ألف زائر", &["50000 | زائر"]),
            // List numbering, phone numbers, dates with slashes.
            ("1 - العريف سالم", &[]),
            ("2) الجندي فهد", &[]),
            ("للتواصل 0501234567", &[]),
            ("الرقم الموحد 920001234", &[]),
            ("بتاريخ ١٠/١٠/١٤٣٦هـ", &[]),
            ("الموافق 26/7/2015", &[]),
            ("الأحد الموافق ١٠ /١٠ /١٤٣٦هـ عن سقوط مقذوف", &[]),
            ("في 26 / 7 / 2015 سقط 3 جرحى", &["3 | جرحى"]),
            (
                "لمس الكرة داخل المنطقة (45+3). وسجل 4 أهداف",
                &["4 | أهداف"],
            ),
            // A teen behind the article.
            (
                "وأغلقت كافة قطاعات السوق الخمسة عشر على ارتفاعات متباينة",
                &["15 | "],
            ),
            ("وكان اللاعبون الأحد عشر في الملعب", &["11 | "]),
            // Hypotheticals.
            ("إذا قتل أميركي واحد فسنرد", &[]),
            ("وإذا سقط 100 صاروخ", &[]),
            ("لو وصل 50 ألف لاجئ", &[]),
            ("في حال تجاوز العدد 300 حالة", &[]),
            // Approximations and scales.
            ("قاربت 4 مليارات ريال", &["4000000000 | ريال"]),
            ("أكثر من 27 قتيلا", &["أكثر من 27 | قتيلا"]),
            ("نحو 148.6 مليون سهم", &["نحو 148600000 | سهم"]),
            // A comma before other than three digits is a decimal comma.
            ("عند 1,1075 دولار لليورو", &["1.1075 | دولار"]),
            ("بلغت 12,500 طن", &["12500 | طن"]),
            ("84.7 ألف صفقة", &["84700 | صفقة"]),
            ("على الأقل 30 شخصا", &["30 | شخصا"]),
            ("ثلاثة أشهر", &["3 | أشهر"]),
            // Session 9: forms read from wire-copied market and harm reports.
            ("والانخفاضات ما بين 7.80% إلى 1.71 %.", &["1.71–7.8 | "]),
            ("ارتفع بنسبة 1.56 في المائة ليغلق", &["1.56% | "]),
            ("والتراجعات بين 6.5% و .75%.", &["0.75–6.5 | "]),
            ("استشهد الشاب سالم (١٩) عاما صباح اليوم", &["19 | عاما"]),
            ("نجيب (30) قال إنه رأى", &["30 | "]),
            ("نتج عنه استشهاد أحد المواطنين", &["1 | المواطنين"]),
            ("سقطت قذيفة على أحد المنازل", &[]),
            // A verb and its subject, not an event noun and its victim.
            ("توفي بعد أن أصابه مقذوف أطلق مساء", &[]),
            ("أسفر عن إصابة مواطن بجروح", &["1 | مواطن"]),
            ("نتج عنه إصابة فتاة وطفلين", &["3 | فتاة"]),
            (
                "نتج عنه إصابة مقيمين أحدهما من الجنسية الهندية",
                &["2 | مقيمين"],
            ),
            ("أصيب مسلحين كلاهما من البلدة", &["2 | مسلحين"]),
            ("تأجيل البطولة لمدة عام واحد", &["1 | عام"]),
            ("تأجيل البطولة لمدة عام حتى ديسمبر", &["1 | عام"]),
            ("بالسجن مدة شهر", &["1 | شهر"]),
            ("مشيرا إلى أن \"مسلحا\" قتل في الاشتباكات", &["1 | مسلحا"]),
            ("وأضاف أن جنديا أصيب بجروح", &["1 | جنديا"]),
            ("وقال إن حديثا جرى بين الطرفين", &[]),
            ("بالمرتبة الخامسة عشرة بوزارة الزراعة", &[]),
            ("بالمرتبة الـ14 بوزارة النقل", &[]),
            ("خليجي 23 والقرار نهائي", &["23 | "]),
            ("بجمع 8,5 مليار دولار", &["8500000000 | دولار"]),
            // Tens after tens, units after units: two figures, no sum.
            (
                "ما بين ثلاثين وستين مليون ريال",
                &["30000000–60000000 | ريال"],
            ),
            ("بين 30 و60 مليون ريال", &["30000000–60000000 | ريال"]),
            ("بين 20 و25 شخصا", &["20–25 | شخصا"]),
            ("خمسة وعشرين جنديا", &["25 | جنديا"]),
            ("مائة وعشرين جنديا", &["120 | جنديا"]),
            ("ثلاثمائة وخمسة وأربعين طنا", &["345 | طنا"]),
            ("بلغ عدد الزوار 12,500 زائر", &["12500 | زائر"]),
            ("هذا اليوم الخميس 14 – 10 – 1436 هـ سقوط مقذوف", &[]),
            ("وأصيب 5-7 أشخاص", &["5–7 | أشخاص"]),
            // Match results, either order.
            ("فاز النادي على ضيفه 4-1 في المباراة", &["4-1 | "]),
            ("وتغلب عليه 1-4 مساء أمس", &["4-1 | "]),
            ("انتهت المباراة بالتعادل 2 - 2", &["2-2 | "]),
            (
                "بتداولات بلغت أكثر من 12.5 مليون سهم",
                &["أكثر من 12500000 | سهم"],
            ),
        ];
        assert!(cases.len() >= 40);
        assert_table(cases);
    }

    /// Ranges and results as outlets write them (fictional sentences): a
    /// range's scale written once after its second bound is both bounds'
    /// («50-55 ألف»), whichever way the bounds are written; «بين … إلى …»
    /// is a range as «بين … و…» is; a result may open with «صفر».
    #[test]
    fn reads_ranges_and_results_as_written() {
        let cases: &[(&str, &[&str])] = &[
            (
                "تخطط الشركة لبيع 50-55 ألف جهاز سنويا",
                &["50000–55000 | جهاز"],
            ),
            (
                "تخطط الشركة لبيع 55-50 ألف جهاز سنويا",
                &["50000–55000 | جهاز"],
            ),
            (
                "تخطط الشركة لبيع 50 - 55 ألف جهاز سنويا",
                &["50000–55000 | جهاز"],
            ),
            (
                "تراوح عدد الزوار ما بين 200 إلى 250 زائرا يوميا",
                &["200–250 | زائرا"],
            ),
            ("بلغ عدد الزوار بين 40 إلى 60 زائرا", &["40–60 | زائرا"]),
            (
                "خسر الفريق من منافسه صفر - 3 وفاز على الآخر 2 - 1",
                &["3-0 | ", "2-1 | "],
            ),
            (
                "خسر الفريق من منافسه 0 - 3 وفاز على الآخر 2 - 1",
                &["3-0 | ", "2-1 | "],
            ),
            ("وانتقل 8.\u{200f}1 مليونا إلى المدن", &["1800000 | "]),
            (
                "راح ضحيتها قرابة الـ 15 شهيدا و40 مصابا",
                &["نحو 15 | شهيدا", "40 | مصابا"],
            ),
            (
                "بلغ إجمالي التعويضات (375,526,840) مليون ريال",
                &["375526840 | ريال"],
            ),
            ("بلغ عدد الركاب ( 180.028 ) ألف راكب", &["180028 | راكب"]),
            ("تتراوح أعمارهم بين 38 و 50 عاما", &["38–50 | عاما"]),
            ("خسر الفريق أمام منافسه صفر / 1 وفاز على الآخر", &["1-0 | "]),
            (
                "يتقدم للبرنامج ما بين 5 آلاف و8 آلاف طالب سنويا",
                &["5000–8000 | طالب"],
            ),
            (
                "يتقدم للبرنامج ما بين 5 آلاف إلى 8 آلاف طالب سنويا",
                &["5000–8000 | طالب"],
            ),
            (
                "وتتراوح أسعارها ما بين 100 ريال إلى 900 ريال للقطعة",
                &["100–900 | ريال"],
            ),
            (
                "بارتفاعات تتراوح ما بين 4 أمتار إلى 30 مترا",
                &["4–30 | مترا"],
            ),
            (
                "بأسعار تتراوح بين 120 ــ 250 ريالا للكيلو",
                &["120–250 | ريالا"],
            ),
            (
                "درجات الحرارة مابين 17 إلى 24 درجة مئوية",
                &["17–24 | درجة"],
            ),
            (
                "درجات الحرارة ما بين 17  إلى 24 درجة مئوية",
                &["17–24 | درجة"],
            ),
            ("تحديد النتيجة في غضون 2 إلى 5 ساعات", &["2–5 | ساعات"]),
            ("تسعة آلاف و500 نازح", &["9500 | نازح"]),
        ];
        assert_table(cases);
    }

    #[test]
    fn a_dual_noun_with_its_numeral_after_it_is_read_without_a_panic() {
        // The dual noun is a quantity whose span takes in the numeral after
        // it, which is a quantity too: the two overlap.
        let got = read_all("يبعد السوق كيلومترين اثنين عن المحطة، ويضم 40 متجرا");
        assert!(got.iter().any(|g| g.starts_with("40 |")), "{got:?}");
    }

    #[test]
    fn reads_the_table() {
        let cases: &[(&str, &[&str])] = &[
            ("سقط صاروخين على المدينة", &["2 | صاروخين"]),
            (
                "سقط صاروخان على المدينة وكان صاروخ ثالث قد سقط",
                &["2 | صاروخان"],
            ),
            ("أصيب شخصين", &["2 | شخصين"]),
            ("إصابة مقيمَين", &["2 | مقيمَين"]),
            ("إصابة مقيمين", &[]),
            ("مقتل جنديين تركيين", &["2 | جنديين"]),
            ("أودى الحادث بحياة شاب", &["1 | شاب"]),
            ("من أجل حياة كريمة للمواطنين", &[]),
            ("تعرض لإصابة خطيرة في الركبة", &[]),
            ("توفي وفاة طبيعية", &[]),
            ("علم بوفاة أبيه", &["1 | أبيه"]),
            ("ضحى بحياته وأدى إلى استشهاد رجال الأمن", &[]),
            ("تسبب الحادث في مقتل جميع الركاب", &[]),
            ("الدعاء بالرحمة لشهداء الواجب ومواساة ذوي الشهداء", &[]),
            ("أسفر عن مقتل وإصابة العشرات", &[]),
            ("اعتقال سعوديين في المطار", &[]),
            ("سيعيِّن ممثلا", &[]),
            ("وهي كمية تعادل الثلث", &[]),
            ("الدولة تستعين بالجيش", &[]),
            ("بتأمين جسر جوي", &[]),
            ("بلغت بثلاثمئة", &["300 | "]),
            ("استهدف بثلاثة صواريخ", &["3 | صواريخ"]),
            ("لهجوم بـ 3 صواريخ", &["3 | صواريخ"]),
            ("سقطت ٤ قذائف", &["4 | قذائف"]),
            ("أطلق ۱۴ صاروخا", &["14 | صاروخا"]),
            ("قتل خمسة عناصر", &["5 | عناصر"]),
            ("بحوالي 14 صاروخاً", &["نحو 14 | صاروخاً"]),
            ("نحو 200 شخص", &["نحو 200 | شخص"]),
            ("أكثر من ثلاثة آلاف شخص", &["أكثر من 3000 | شخص"]),
            ("أقل من 10 حالات", &["أقل من 10 | حالات"]),
            ("ما يزيد عن 50 قتيلا", &["أكثر من 50 | قتيلا"]),
            ("ما لا يقل عن 12 جريحا", &["أكثر من 12 | جريحا"]),
            (
                "رفع عدد القوات من 500 فرد إلى أربعة آلاف",
                &["500 → 4000 | فرد"],
            ),
            ("زيادة القوات إلى 8 أضعاف", &["8 أضعاف | "]),
            ("بين 5 و7 قتلى", &["5–7 | قتلى"]),
            ("أصيب 20-25 شخصا", &["20–25 | شخصا"]),
            ("خمسة وعشرين جنديا", &["25 | جنديا"]),
            ("ثلاثمئة عامل", &["300 | عامل"]),
            ("غرقت قرابة مئتي منزل", &["نحو 200 | منزل"]),
            ("خمسمائة طالب", &["500 | طالب"]),
            ("ثلاث مئة منزل", &["300 | منزل"]),
            ("أحد عشر لاعبا", &["11 | لاعبا"]),
            ("مليون دولار", &["1000000 | دولار"]),
            ("2.5 مليون نسمة", &["2500000 | نسمة"]),
            ("٣٫٥ مليار ريال", &["3500000000 | ريال"]),
            ("1,200 فصل", &["1200 | فصل"]),
            ("ألفين مقاتل", &["2000 | مقاتل"]),
            ("نما الاقتصاد 3.5% هذا العام", &["3.5% | "]),
            ("ارتفع 12 في المئة", &["12% | "]),
            ("تراجع 7 بالمئة", &["7% | "]),
            ("سقوط عدد من الإصابات", &["عدد من | الإصابات"]),
            ("أصيب عشرات المدنيين", &["عشرات | المدنيين"]),
            ("نزح آلاف السكان", &["آلاف | السكان"]),
            ("من دون وقوع إصابات", &["0 | إصابات"]),
            ("ولم يسفرا عن أي إصابات", &["0 | إصابات"]),
            ("نفت وقوع جرحى", &["0 | جرحى"]),
            ("أسفر عن مصرع متعاقد مدني", &["1 | متعاقد"]),
            ("أودى بحياة متعاقد كان يعمل", &["1 | متعاقد"]),
            ("بعد يوم واحد من الهجوم", &["1 | يوم"]),
            ("إصابة 9 آخرين", &["9 | آخرين"]),
            ("وقع في 28 يناير الماضي", &[]),
            ("في عام 2021 وقع الهجوم", &[]),
            ("قال أحد المسؤولين", &[]),
            ("البلدين الجارين", &[]),
            ("مع الجانبين", &[]),
            ("بيان إيران", &[]),
            ("المسلحين والمواطنين والعراقيين", &[]),
            ("ثلاث هجمات صاروخية", &["3 | هجمات"]),
            ("سبعة قتلى و23 جريحا", &["7 | قتلى", "23 | جريحا"]),
            ("تسعة آلاف و500 نازح", &["9500 | نازح"]),
        ];
        assert!(cases.len() >= 40);
        assert_table(cases);
    }
}
