//! Scoring a story synthesis against hand-made gold: numeric facts with
//! per-article values and an agree/differ verdict, and quotes with their
//! speakers. The matching is strict and is defined here once (the command's
//! help and `docs/eval-synthesis.md` say the same):
//!
//! - A value matches a gold value when they are equal or within 1% of each
//!   other (`|a - b| <= 0.01 * max(|a|, |b|)`); a range matches a range whose
//!   two bounds match; a number never matches a range.
//! - An *entry* is an (article, value) pair. A gold fact and a Marsad fact
//!   share a gold entry when the Marsad fact has an entry of the same article
//!   whose value matches. Facts are paired one to one, greedily, the pair
//!   sharing the most gold entries first (ties: gold order, then Marsad
//!   order); a pair shares at least one entry.
//! - A gold value is found only inside the fact paired with its gold fact.
//! - Marsad's verdict "updated" counts as "differ". Marsad facts whose
//!   values are all days without a full date (weekdays, relative days) are
//!   left out of every figure: the gold records none.

use std::collections::BTreeSet;

/// A value: one number, or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f64),
    Range(f64, f64),
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.01 * a.abs().max(b.abs())
}

impl Value {
    /// Equal, or within 1%; ranges bound by bound.
    pub fn matches(&self, other: &Value) -> bool {
        match (*self, *other) {
            (Value::Number(a), Value::Number(b)) => close(a, b),
            (Value::Range(a, b), Value::Range(c, d)) => close(a, c) && close(b, d),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoldFact {
    pub differ: bool,
    /// (article id, value), one per article.
    pub values: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct GoldQuote {
    /// The speaker as written in the gold (Arabic).
    pub speaker: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SysFact {
    /// "agree", "differ", "updated", "single", "uncompared".
    pub verdict: String,
    /// (article id, normalized value when it has one).
    pub values: Vec<(String, Option<Value>)>,
    /// True when every value is a day without a full date.
    pub only_days: bool,
}

#[derive(Debug, Clone)]
pub struct SysQuote {
    /// The speaker's name and role as shown, joined.
    pub speaker: String,
    pub articles: Vec<String>,
}

/// Counts of one event (or of all events summed).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub gold_differ: usize,
    pub differ_found: usize,
    pub sys_differ: usize,
    pub sys_differ_paired: usize,
    pub gold_facts: usize,
    pub gold_facts_paired: usize,
    pub sys_facts: usize,
    pub sys_facts_paired: usize,
    pub gold_values: usize,
    pub values_found: usize,
    pub verdicts_right: usize,
    pub gold_quotes: usize,
    pub quotes_found: usize,
    pub gold_links: usize,
    pub links_found: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold_differ += o.gold_differ;
        self.differ_found += o.differ_found;
        self.sys_differ += o.sys_differ;
        self.sys_differ_paired += o.sys_differ_paired;
        self.gold_facts += o.gold_facts;
        self.gold_facts_paired += o.gold_facts_paired;
        self.sys_facts += o.sys_facts;
        self.sys_facts_paired += o.sys_facts_paired;
        self.gold_values += o.gold_values;
        self.values_found += o.values_found;
        self.verdicts_right += o.verdicts_right;
        self.gold_quotes += o.gold_quotes;
        self.quotes_found += o.quotes_found;
        self.gold_links += o.gold_links;
        self.links_found += o.links_found;
    }

    /// The figures as (name, numerator, denominator).
    pub fn ratios(&self) -> [(&'static str, usize, usize); 8] {
        [
            ("differ_recall", self.differ_found, self.gold_differ),
            ("differ_precision", self.sys_differ_paired, self.sys_differ),
            ("fact_recall", self.gold_facts_paired, self.gold_facts),
            ("fact_precision", self.sys_facts_paired, self.sys_facts),
            ("value_recall", self.values_found, self.gold_values),
            (
                "verdict_accuracy",
                self.verdicts_right,
                self.gold_facts_paired,
            ),
            ("quote_speaker_recall", self.quotes_found, self.gold_quotes),
            ("quote_link_recall", self.links_found, self.gold_links),
        ]
    }
}

/// What went wrong in one event, for reading.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    /// Gold facts with no paired Marsad fact (index into the gold facts).
    pub missed_facts: Vec<usize>,
    /// Gold differing facts (over 1% apart) not found as such.
    pub missed_differ: Vec<usize>,
    /// Marsad facts marked differ that pair with no gold differing fact.
    pub false_differ: Vec<usize>,
    /// Marsad facts from two articles or more paired with no gold fact.
    pub unpaired: Vec<usize>,
    /// Gold quotes whose speaker Marsad did not find.
    pub missed_quotes: Vec<usize>,
}

/// The pairing of one event: for each gold fact, its Marsad fact.
pub fn pair(gold: &[GoldFact], sys: &[SysFact]) -> Vec<Option<usize>> {
    let mut shared: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (si, s) in sys.iter().enumerate() {
            if s.only_days {
                continue;
            }
            let n = g.values.iter().filter(|(a, v)| has_entry(s, a, v)).count();
            if n > 0 {
                shared.push((n, gi, si));
            }
        }
    }
    shared.sort_by_key(|&(n, gi, si)| (std::cmp::Reverse(n), gi, si));
    let mut of_gold = vec![None; gold.len()];
    let mut taken = vec![false; sys.len()];
    for (_, gi, si) in shared {
        if of_gold[gi].is_none() && !taken[si] {
            of_gold[gi] = Some(si);
            taken[si] = true;
        }
    }
    of_gold
}

fn has_entry(s: &SysFact, article: &str, v: &Value) -> bool {
    s.values
        .iter()
        .any(|(a, x)| a == article && x.is_some_and(|x| x.matches(v)))
}

fn is_differ(verdict: &str) -> bool {
    verdict == "differ" || verdict == "updated"
}

/// Whether a gold fact's values are more than 1% apart (rounding-level
/// disagreements are not asked of the engine).
pub fn differs_beyond_rounding(g: &GoldFact) -> bool {
    g.values
        .iter()
        .any(|(_, a)| g.values.iter().any(|(_, b)| !a.matches(b)))
}

/// Scores one event.
pub fn score_event(
    gold: &[GoldFact],
    quotes: &[GoldQuote],
    sys: &[SysFact],
    sys_quotes: &[SysQuote],
) -> (Counts, Errors) {
    let mut c = Counts::default();
    let mut e = Errors::default();
    let paired = pair(gold, sys);
    let mut gold_of: Vec<Option<usize>> = vec![None; sys.len()];
    for (gi, p) in paired.iter().enumerate() {
        if let Some(si) = p {
            gold_of[*si] = Some(gi);
        }
    }
    for (gi, g) in gold.iter().enumerate() {
        c.gold_facts += 1;
        c.gold_values += g.values.len();
        let Some(si) = paired[gi] else {
            e.missed_facts.push(gi);
            if g.differ && differs_beyond_rounding(g) {
                c.gold_differ += 1;
                e.missed_differ.push(gi);
            }
            continue;
        };
        let s = &sys[si];
        c.gold_facts_paired += 1;
        c.values_found += g.values.iter().filter(|(a, v)| has_entry(s, a, v)).count();
        if is_differ(&s.verdict) == g.differ && (g.differ || s.verdict == "agree") {
            c.verdicts_right += 1;
        }
        if g.differ && differs_beyond_rounding(g) {
            c.gold_differ += 1;
            // Every gold article the fact covers has only the right value;
            // at least two covered articles have distinct gold values.
            let covered: Vec<&(String, Value)> = g
                .values
                .iter()
                .filter(|(a, _)| s.values.iter().any(|(b, _)| a == b))
                .collect();
            let right = covered.iter().all(|(a, v)| {
                s.values
                    .iter()
                    .filter(|(b, _)| a == b)
                    .all(|(_, x)| x.is_some_and(|x| x.matches(v)))
            });
            let distinct = covered
                .iter()
                .any(|(_, a)| covered.iter().any(|(_, b)| !a.matches(b)));
            if is_differ(&s.verdict) && right && distinct {
                c.differ_found += 1;
            } else {
                e.missed_differ.push(gi);
            }
        }
    }
    for (si, s) in sys.iter().enumerate() {
        if s.only_days {
            continue;
        }
        let paired_gold = gold_of[si].map(|gi| &gold[gi]);
        if is_differ(&s.verdict) {
            c.sys_differ += 1;
            if paired_gold.is_some_and(|g| g.differ) {
                c.sys_differ_paired += 1;
            } else {
                e.false_differ.push(si);
            }
        }
        let articles: BTreeSet<&str> = s.values.iter().map(|(a, _)| a.as_str()).collect();
        if articles.len() >= 2 {
            c.sys_facts += 1;
            if paired_gold.is_some() {
                c.sys_facts_paired += 1;
            } else {
                e.unpaired.push(si);
            }
        }
    }
    for (qi, q) in quotes.iter().enumerate() {
        c.gold_quotes += 1;
        c.gold_links += q.articles.len();
        let wanted = speaker_names(&q.speaker);
        let mut any = false;
        for a in &q.articles {
            let here = sys_quotes.iter().any(|s| {
                s.articles.iter().any(|x| x == a) && {
                    let have: BTreeSet<String> = words(&s.speaker).into_iter().collect();
                    wanted.iter().any(|w| w.iter().all(|x| have.contains(x)))
                }
            });
            if here {
                c.links_found += 1;
                any = true;
            }
        }
        if any {
            c.quotes_found += 1;
        } else {
            e.missed_quotes.push(qi);
        }
    }
    (c, e)
}

/// The figures over all events: each overall (counts summed) and as a mean
/// over the events where it is defined (`_mean`), with the summed counts.
pub fn figures(events: &[Counts]) -> (Vec<(String, f64)>, Counts) {
    let mut all = Counts::default();
    for c in events {
        all.add(c);
    }
    let mut out = Vec::new();
    for (i, (name, num, den)) in all.ratios().into_iter().enumerate() {
        out.push((name.to_string(), ratio(num, den)));
        let per: Vec<f64> = events
            .iter()
            .map(|c| c.ratios()[i])
            .filter(|r| r.2 > 0)
            .map(|r| r.1 as f64 / r.2 as f64)
            .collect();
        let mean = if per.is_empty() {
            ratio(0, 0)
        } else {
            per.iter().sum::<f64>() / per.len() as f64
        };
        out.push((format!("{name}_mean"), mean));
    }
    (out, all)
}

/// A share; with nothing to count, 1 (nothing was asked or nothing was claimed).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// Words as compared: folded (diacritics and tatweel dropped, letter forms
/// unified) and stripped of the article and of a clitic before it
/// ("للطيران" → "طيران", "والشرطة" → "شرطه").
pub fn words(s: &str) -> Vec<String> {
    marsad_text::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut w = w;
            for p in ["وال", "فال", "بال", "كال", "لل", "ال"] {
                if let Some(r) = w.strip_prefix(p) {
                    if r.chars().count() >= 2 {
                        w = r;
                        break;
                    }
                }
            }
            w.to_string()
        })
        .filter(|w| !w.is_empty() && w != "ال")
        .collect()
}

/// Titles and ranks written before a name; they are not part of it.
const TITLES: &[&str] = &[
    "شيخ",
    "امير",
    "ملك",
    "سيد",
    "سيده",
    "دكتور",
    "د",
    "مهندس",
    "مقدم",
    "عقيد",
    "لواء",
    "عميد",
    "رايد",
    "نقيب",
    "ملازم",
    "فريق",
    "مشير",
    "عريف",
    "رقيب",
    "مدرب",
    "لاعب",
    "سمو",
    "معالي",
];

/// Role heads: after a name they open its role ("طلال الفهد رئيس الاتحاد").
const ROLE_HEADS: &[&str] = &[
    "رييس",
    "زعيم",
    "وزير",
    "محافظ",
    "مدير",
    "سكرتير",
    "امين",
    "نايب",
    "متحدث",
    "متحدثه",
    "قايد",
    "عضو",
    "مستشار",
    "سفير",
    "محلل",
];

/// The word sets any one of which a Marsad speaker (name and role) must
/// hold for a gold speaker: the gold's words less titles and ranks, and less
/// a role that follows a name; a parenthesised alternative name
/// ("الاتحاد الدولي لكرة القدم (الفيفا)") is a second set.
pub fn speaker_names(gold: &str) -> Vec<Vec<String>> {
    let (outside, inside) = match (gold.find('('), gold.rfind(')')) {
        (Some(a), Some(b)) if a < b => (
            format!("{} {}", &gold[..a], &gold[b + 1..]),
            Some(gold[a + 1..b].to_string()),
        ),
        _ => (gold.to_string(), None),
    };
    let mut names = Vec::new();
    for part in std::iter::once(outside).chain(inside) {
        let ws: Vec<String> = words(&part)
            .into_iter()
            .filter(|w| !TITLES.contains(&w.as_str()))
            .collect();
        let cut = ws
            .iter()
            .position(|w| ROLE_HEADS.contains(&w.as_str()))
            .filter(|&i| i > 0)
            .unwrap_or(ws.len());
        let ws = ws[..cut].to_vec();
        if !ws.is_empty() {
            names.push(ws);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(differ: bool, v: &[(&str, f64)]) -> GoldFact {
        GoldFact {
            differ,
            values: v
                .iter()
                .map(|(a, x)| (a.to_string(), Value::Number(*x)))
                .collect(),
        }
    }

    fn s(verdict: &str, v: &[(&str, f64)]) -> SysFact {
        SysFact {
            verdict: verdict.into(),
            values: v
                .iter()
                .map(|(a, x)| (a.to_string(), Some(Value::Number(*x))))
                .collect(),
            only_days: false,
        }
    }

    #[test]
    fn values_match_within_one_percent_and_ranges_by_bound() {
        assert!(Value::Number(135.65).matches(&Value::Number(135.0)));
        assert!(!Value::Number(1.56).matches(&Value::Number(1.6)));
        assert!(Value::Range(20.0, 25.0).matches(&Value::Range(20.0, 25.0)));
        assert!(!Value::Range(20.0, 25.0).matches(&Value::Number(20.0)));
    }

    #[test]
    fn a_differing_fact_needs_the_right_value_for_every_covered_article() {
        let gold = [g(true, &[("a", 27.0), ("b", 30.0), ("c", 27.0)])];
        let right = [s("differ", &[("a", 27.0), ("b", 30.0)])];
        let (c, _) = score_event(&gold, &[], &right, &[]);
        assert_eq!((c.differ_found, c.gold_differ), (1, 1));
        assert_eq!((c.values_found, c.gold_values), (2, 3));
        // A wrong extra value in a covered article spoils it.
        let wrong = [s("differ", &[("a", 27.0), ("b", 30.0), ("c", 4.0)])];
        let (c, e) = score_event(&gold, &[], &wrong, &[]);
        assert_eq!(c.differ_found, 0);
        assert_eq!(e.missed_differ, [0]);
        // A differ verdict on an agreeing pair is a false disagreement.
        let gold = [g(false, &[("a", 4.0), ("b", 4.0)])];
        let sys = [s("differ", &[("a", 4.0), ("b", 4.0), ("b", 5.0)])];
        let (c, e) = score_event(&gold, &[], &sys, &[]);
        assert_eq!((c.sys_differ_paired, c.sys_differ), (0, 1));
        assert_eq!(e.false_differ, [0]);
    }

    #[test]
    fn pairing_is_one_to_one_by_shared_entries() {
        let gold = [
            g(false, &[("a", 143.0), ("b", 143.0)]),
            g(false, &[("a", 14.0), ("b", 14.0)]),
        ];
        // One Marsad fact mixing both gold facts pairs with one of them only.
        let sys = [s("differ", &[("a", 143.0), ("b", 143.0), ("a", 14.0)])];
        let (c, _) = score_event(&gold, &[], &sys, &[]);
        assert_eq!((c.gold_facts_paired, c.gold_facts), (1, 2));
        assert_eq!((c.sys_facts_paired, c.sys_facts), (1, 1));
        assert_eq!(c.verdicts_right, 0);
    }

    #[test]
    fn speakers_are_matched_by_name_without_titles_or_trailing_roles() {
        assert_eq!(
            speaker_names("الشيخ طلال الفهد رئيس الاتحاد"),
            [vec!["طلال".to_string(), "فهد".into()]]
        );
        assert_eq!(speaker_names("الاتحاد الدولي لكرة القدم (الفيفا)").len(), 2);
        let gold = [GoldQuote {
            speaker: "الهيئة العامة للطيران المدني".into(),
            articles: vec!["a".into(), "b".into()],
        }];
        let sys = [
            SysQuote {
                speaker: "الهيئة العامة".into(),
                articles: vec!["a".into()],
            },
            SysQuote {
                speaker: "وقالت الهيئة العامة للطيران المدني".into(),
                articles: vec!["b".into()],
            },
        ];
        let (c, _) = score_event(&[], &gold, &[], &sys);
        assert_eq!((c.quotes_found, c.links_found, c.gold_links), (1, 1, 2));
    }
}
