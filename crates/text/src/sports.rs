//! The sport a text names: one national team plays volleyball and
//! basketball in the same week, against the same opponents, under the same
//! headline words («أخضر الطائرة يتجاوز الكويت», «أخضر السلة يتجاوز
//! الكويت»). The sport is what tells those twin events apart, as a weekday
//! or an ordinal tells others, so it is read as an anchor
//! ([`Anchor::Sport`]).
//!
//! Read from folded tokens. A sport is named in full («كرة السلة», «الكرة
//! الطائرة», «ألعاب القوى», «التنس»), or by its short form right after a
//! team or competition noun («أخضر السلة», «ناشئ الطائرة», «منتخب اليد»,
//! «المنتخب السعودي للسلة»). A short form alone is an everyday noun (a
//! plane, a basket, a hand) and names nothing.
//!
//! A game's final score tells one game of a team from its next the same
//! way ([`scores`], [`Anchor::Score`]).

use crate::numbers::Anchor;

/// Sports by the word after «كرة» (folded, without the article).
const BALL_GAMES: &[(&str, u8)] = &[
    ("قدم", 0),
    ("سله", 1),
    ("طايره", 2),
    ("يد", 3),
    ("ماء", 4),
    ("طاوله", 5),
];

/// The short forms that name a ball game after a team noun.
const SHORT_FORMS: &[(&str, u8)] = &[("سله", 1), ("طايره", 2), ("يد", 3)];

/// Sports named by one word (folded, without the article).
const ONE_WORD: &[(&str, u8)] = &[
    ("تنس", 6),
    ("سباحه", 8),
    ("فروسيه", 9),
    ("جولف", 10),
    ("غولف", 10),
    ("رمايه", 11),
    ("كاراتيه", 12),
    ("جودو", 13),
    ("تايكوندو", 14),
    ("ملاكمه", 15),
    ("مصارعه", 16),
    ("جمباز", 17),
    ("مبارزه", 18),
    ("بولينج", 19),
    ("بولنغ", 19),
    ("اسكواش", 20),
    ("شطرنج", 21),
    ("هوكي", 22),
];

/// Sports named by two words: (first, second, sport).
const TWO_WORDS: &[(&str, &str, u8)] = &[
    ("العاب", "القوي", 7),
    // «ألعاب» folds to «العاب», whose «ال» is no article.
    ("عاب", "القوي", 7),
    ("تنس", "الطاوله", 5),
    ("رفع", "الاثقال", 23),
];

/// Nouns after which a short form names the game: a team, its players, its
/// federation, its league or championship («أخضر السلة», «دوري اليد»,
/// «عربية الطائرة»).
const TEAM_NOUNS: &[&str] = &[
    "اخضر",
    "منتخب",
    "منتخبنا",
    "ناشي",
    "ناشيي",
    "ناشيو",
    "شباب",
    "فريق",
    "اتحاد",
    "دوري",
    "كاس",
    "بطوله",
    "عربيه",
    "لاعب",
    "لاعبي",
    "لاعبو",
    "مدرب",
];

/// Sport names in Arabic, by `Anchor::Sport` number, for explanations.
pub const SPORTS_AR: [&str; 24] = [
    "كرة القدم",
    "كرة السلة",
    "الكرة الطائرة",
    "كرة اليد",
    "كرة الماء",
    "تنس الطاولة",
    "التنس",
    "ألعاب القوى",
    "السباحة",
    "الفروسية",
    "الغولف",
    "الرماية",
    "الكاراتيه",
    "الجودو",
    "التايكوندو",
    "الملاكمة",
    "المصارعة",
    "الجمباز",
    "المبارزة",
    "البولينغ",
    "الاسكواش",
    "الشطرنج",
    "الهوكي",
    "رفع الأثقال",
];

/// The forms a folded word may be looked up under: itself, without a
/// leading conjunction (و ف), then without a preposition (ب ل ك, or «لل»
/// for «ل» + article), then without its article. The tables are closed, so
/// a stripped root letter («كاراتيه» → «اراتيه») finds nothing.
fn forms(w: &str) -> [&str; 4] {
    let one = w.strip_prefix(['و', 'ف']).unwrap_or(w);
    let (two, article_gone) = match one.strip_prefix("لل") {
        Some(rest) => (rest, true),
        None => (one.strip_prefix(['ب', 'ل', 'ك']).unwrap_or(one), false),
    };
    let three = if article_gone {
        two
    } else {
        two.strip_prefix("ال").unwrap_or(two)
    };
    [w, one, two, three]
}

fn find<T: Copy>(table: &[(&str, T)], w: &str) -> Option<T> {
    forms(w)
        .iter()
        .find_map(|f| table.iter().find(|(k, _)| k == f).map(|&(_, v)| v))
}

/// Whether a word may be a sport's word: its most stripped form
/// (`forms(w)[3]`) is that of some written form of a table word. Nearly
/// every word of a text fails this one lookup, which spares it the scans.
fn may_be_sport(w: &str) -> bool {
    static KEYS: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let words = BALL_GAMES
            .iter()
            .chain(SHORT_FORMS)
            .chain(ONE_WORD)
            .map(|&(k, _)| k)
            .chain(TWO_WORDS.iter().map(|&(k, _, _)| k))
            .chain(["كره"]);
        let mut set = rustc_hash::FxHashSet::default();
        for k in words {
            for clitic in ["", "و", "ف"] {
                for prep in ["", "ب", "ل", "ك", "لل"] {
                    for article in ["", "ال"] {
                        let written = format!("{clitic}{prep}{article}{k}");
                        set.insert(forms(&written)[3].to_owned());
                    }
                }
            }
        }
        set
    });
    keys.contains(forms(w)[3])
}

/// The sports a sequence of folded tokens names, in order, as anchors.
pub fn sports<'a>(norms: impl IntoIterator<Item = &'a str>) -> Vec<Anchor> {
    let words: Vec<&str> = norms.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if !may_be_sport(w) {
            i += 1;
            continue;
        }
        let next = words.get(i + 1).copied().unwrap_or("");
        let two_words = TWO_WORDS.iter().find(|(a, b, _)| {
            forms(w).contains(a) && next.strip_prefix(['و', 'ف']).unwrap_or(next) == *b
        });
        if forms(w).contains(&"كره") {
            if let Some(s) = find(BALL_GAMES, next) {
                out.push(Anchor::Sport(s));
                i += 2;
                continue;
            }
        } else if let Some(&(_, _, s)) = two_words {
            out.push(Anchor::Sport(s));
            i += 2;
            continue;
        } else if let Some(s) = find(ONE_WORD, w) {
            out.push(Anchor::Sport(s));
        } else if let Some(s) = find(SHORT_FORMS, w) {
            let raw = w.strip_prefix(['و', 'ف']).unwrap_or(w);
            let after_team = i > 0 && TEAM_NOUNS.iter().any(|t| forms(words[i - 1]).contains(t));
            // «المنتخب السعودي للسلة»; but «للطائرة الإغاثية» is a plane.
            let dedicated = raw.starts_with("لل") && s != 3 && !next.starts_with("ال");
            if raw.starts_with("ال") && after_team || dedicated {
                out.push(Anchor::Sport(s));
            }
        }
        i += 1;
    }
    out
}

/// Goals (or sets) counted by a word: «هدف» one, «هدفين» two.
fn goals_word(w: &str) -> Option<u8> {
    match w {
        "هدف" | "شوط" => Some(1),
        "هدفين" | "هدفان" | "شوطين" | "شوطان" => Some(2),
        _ => None,
    }
}

/// A small cardinal, in digits or a word (folded, without clitics).
fn small_number(w: &str) -> Option<u8> {
    let n = w
        .parse::<u64>()
        .ok()
        .or_else(|| crate::numbers::cardinal(w))?;
    u8::try_from(n).ok()
}

/// «ثلاثية», «رباعية», «خماسية»: a win by that many goals.
fn goals_noun(w: &str) -> Option<u8> {
    const WORDS: &[(&str, u8)] = &[
        ("ثناييه", 2),
        ("ثلاثيه", 3),
        ("رباعيه", 4),
        ("خماسيه", 5),
        ("سداسيه", 6),
        ("سباعيه", 7),
    ];
    find(WORDS, w)
}

/// One side's goals at `words[i..]`, in words: «بهدفين», «بثلاثة أهداف»,
/// «برباعية», «بثلاثة أشواط»; the goals and the number of words read.
fn side(words: &[&str], i: usize) -> Option<(u8, usize)> {
    let w = *words.get(i)?;
    // Nearly every word fails here, before any lookup: a goal or set word,
    // a «-ية» noun («برباعية»), or a number before goals, sets or points.
    let unit_next = words
        .get(i + 1)
        .is_some_and(|u| ["اهداف", "اشواط", "نقاط"].iter().any(|x| u.ends_with(x)));
    let goals = ["هدف", "هدفين", "هدفان", "شوط", "شوطين", "شوطان", "يه"];
    if !unit_next && !goals.iter().any(|x| w.ends_with(x)) {
        return None;
    }
    if let Some(n) = forms(w).iter().find_map(|f| goals_word(f)) {
        return Some((n, 1));
    }
    if let Some(n) = goals_noun(w) {
        return Some((n, 1));
    }
    let unit = words.get(i + 1).map(|u| forms(u)[3])?;
    let n = small_number(forms(w)[2]).or_else(|| small_number(forms(w)[3]))?;
    matches!(unit, "اهداف" | "اشواط" | "نقاط").then_some((n, 2))
}

/// The final scores a sequence of folded tokens gives, as anchors
/// ([`Anchor::Score`], winner's side first): «بهدفين مقابل هدف», «بثلاثة
/// أهداف لهدفين», «بهدف نظيف», «برباعية نظيفة», «بالتعادل السلبي»,
/// «بنتيجة 2-1». Two reports of one game give its score; a team's two
/// games rarely share one. A bare «2 - 1» is not read: dates and ranges
/// look the same.
pub fn scores<'a>(norms: impl IntoIterator<Item = &'a str>) -> Vec<Anchor> {
    let words: Vec<&str> = norms.into_iter().collect();
    let mut out = Vec::new();
    let score = |a: u8, b: u8| Anchor::Score {
        hi: a.max(b),
        lo: a.min(b),
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        // «بنتيجة 2-1», «النتيجة 3 - 0».
        if w.ends_with("نتيجه") && forms(w)[3] == "نتيجه" {
            if let (Some(a), Some(b)) = (small_number(next(1)), small_number(next(2))) {
                out.push(score(a, b));
                i += 3;
                continue;
            }
        }
        // «بالتعادل السلبي», «تعادل سلبي».
        if w.ends_with("تعادل") && forms(w)[3] == "تعادل" && forms(next(1))[3] == "سلبي"
        {
            out.push(score(0, 0));
            i += 2;
            continue;
        }
        // A winner's goals, then the loser's: «مقابل هدف», «لهدف», «دون رد»,
        // «نظيف», «لمثله».
        if !w.starts_with('ب') && !w.starts_with("وب") {
            i += 1;
            continue;
        }
        let Some((a, read)) = side(&words, i) else {
            i += 1;
            continue;
        };
        let j = i + read;
        let after = words.get(j).copied().unwrap_or("");
        let b = if matches!(forms(after)[3], "نظيف" | "نظيفه" | "نظيفين") {
            Some((0, 1))
        } else if after == "دون" && matches!(words.get(j + 1).copied(), Some("رد" | "مقابل"))
        {
            Some((0, 2))
        } else if matches!(after, "لمثله" | "لمثلها" | "لمثلهما") {
            Some((a, 1))
        } else if after == "مقابل" {
            side(&words, j + 1).map(|(b, r)| (b, r + 1))
        } else if after.starts_with('ل') {
            side(&words, j)
        } else {
            None
        };
        match b {
            Some((b, r)) => {
                out.push(score(a, b));
                i = j + r;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens;

    fn named(text: &str) -> Vec<&'static str> {
        let toks = tokens(text);
        sports(toks.iter().map(|t| t.norm.as_str()))
            .into_iter()
            .map(|a| match a {
                Anchor::Sport(s) => SPORTS_AR[s as usize],
                _ => "",
            })
            .collect()
    }

    #[test]
    fn names_sports_in_full_and_by_short_form_after_a_team() {
        let cases: &[(&str, &[&str])] = &[
            (
                "منتخبنا يواجه الكويت في خليجي 15 لكرة السلة",
                &["كرة السلة"],
            ),
            ("«أخضر الطائرة» يبدأ مشواره بقطر", &["الكرة الطائرة"]),
            ("ناشئ الطائرة يواجه قطر عربيا", &["الكرة الطائرة"]),
            ("أخضر السلة يتجاوز الكويت", &["كرة السلة"]),
            ("المنتخب السعودي للسلة يقص شريط البطولة", &["كرة السلة"]),
            ("منتخب اليد في المجموعة الثانية", &["كرة اليد"]),
            ("بطولة العالم لألعاب القوى في بكين", &["ألعاب القوى"]),
            (
                "اتحاد الكرة الطائرة وكرة القدم",
                &["الكرة الطائرة", "كرة القدم"],
            ),
            ("بطولة تنس الطاولة", &["تنس الطاولة"]),
            ("لاعب التنس الإسباني", &["التنس"]),
        ];
        for (text, want) in cases {
            assert_eq!(named(text), *want, "{text}");
        }
    }

    fn scored(text: &str) -> Vec<(u8, u8)> {
        let toks = tokens(text);
        scores(toks.iter().map(|t| t.norm.as_str()))
            .into_iter()
            .filter_map(|a| match a {
                Anchor::Score { hi, lo } => Some((hi, lo)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_final_scores_as_news_writes_them() {
        let cases: &[(&str, &[(u8, u8)])] = &[
            ("فاز الهلال على النصر بهدفين مقابل هدف", &[(2, 1)]),
            ("تغلب المنتخب على ضيفه بثلاثة أهداف لهدفين", &[(3, 2)]),
            ("خسر الفريق بهدف نظيف", &[(1, 0)]),
            ("فاز بهدفين دون رد", &[(2, 0)]),
            ("اكتسح منافسه برباعية نظيفة", &[(4, 0)]),
            ("انتهت المباراة بالتعادل السلبي", &[(0, 0)]),
            ("تعادل الفريقان بهدف لمثله", &[(1, 1)]),
            ("فاز بنتيجة 2-1 على ملعبه", &[(2, 1)]),
            ("خسر بنتيجة (1 - 3)", &[(3, 1)]),
            ("تغلب على قطر بثلاثة أشواط مقابل شوط", &[(3, 1)]),
            ("فاز بثلاثة أشواط نظيفة", &[(3, 0)]),
        ];
        for (text, want) in cases {
            assert_eq!(scored(text), *want, "{text}");
        }
        // Not scores: a count of goals alone, a date, a range.
        for text in [
            "سجل بهدفين في المباراة",
            "في 17-5-1436 هـ",
            "بين 20 و25 شخصا",
            "بهدف تعزيز التعاون",
        ] {
            assert!(scored(text).is_empty(), "{text}: {:?}", scored(text));
        }
    }

    #[test]
    fn a_short_form_alone_is_an_everyday_noun() {
        for text in [
            "وصلت الطائرة الإغاثية السادسة إلى مطار عدن",
            "تسليم السلة الغذائية للأسر",
            "على متن الطائرة المنكوبة",
            "التابعة للطائرة الإغاثية",
            "صافحه باليد",
            "يد الإرهاب",
        ] {
            assert!(named(text).is_empty(), "{text}: {:?}", named(text));
        }
    }
}
