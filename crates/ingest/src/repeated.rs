//! The corpus-level boilerplate rule: a short line that one outlet repeats,
//! word for word, in many articles over several days is the outlet's
//! furniture (a "contact the writer by SMS" line, an "– متابعات" attribution,
//! an agency's end marker), not news.
//!
//! Only short lines that are not full sentences qualify, and lines are
//! compared with their numbers, so a daily market report's template, whose
//! figures change every day, or an agency's full-sentence formula, stays.
//! The rule is online: a line is dropped once it has been seen often enough
//! before, and the counts are rebuilt in arrival order when a store reopens,
//! so the same input gives the same cleaning.

use marsad_core::Span;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::clean::{phrase_of, words, Cleaned, Reason};

/// A line must have been seen in this many earlier articles of the outlet.
const MIN_ARTICLES: u32 = 8;
/// Lines longer than this (in words) are never outlet furniture.
const MAX_WORDS: usize = 10;
const DAY: i64 = 86_400;
/// How many other kept lines may lie between a repeated line and the
/// article's start or end for it to count as the outlet's furniture.
const EDGE_LINES: usize = 1;

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Seen {
    articles: u32,
    first_day: i64,
    last_day: i64,
}

/// A line not seen for this many days of the stream's clock is forgotten
/// (its count starts again): furniture recurs far more often than that, and
/// the counts stay a window's, not the history's.
pub const KEEP_DAYS: i64 = 60;

/// Counts of short lines per outlet, over the articles seen so far.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RepeatedLines {
    /// outlet → line key → how often and when the line was seen.
    seen: FxHashMap<String, FxHashMap<u64, Seen>>,
    /// Lines last seen before this day count as never seen.
    cutoff: Option<i64>,
    /// The cutoff at the last pruning of forgotten lines from memory.
    pruned: Option<i64>,
}

/// The key of a line for counting, if it is short and not a full sentence.
fn key(line: &str) -> Option<u64> {
    let w = words(line);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    key_of(line, &w)
}

/// [`key`], given the line's words.
pub(crate) fn key_of(line: &str, w: &[&str]) -> Option<u64> {
    let sentence = line.trim_end().ends_with(['.', '؟', '!']) && w.len() > 5;
    if w.is_empty() || w.len() > MAX_WORDS || sentence {
        return None;
    }
    Some(xxhash_rust::xxh3::xxh3_64(phrase_of(w).as_bytes()))
}

/// The counting keys of a text's short lines, by line: computed once per
/// article, away from the counts (on any thread), and then used to apply
/// and to observe.
#[derive(Debug, Clone, Default)]
pub struct LineKeys(Vec<(Span, u64)>);

impl LineKeys {
    pub fn of(text: &str) -> LineKeys {
        LineKeys(
            crate::plain::line_spans(text)
                .map(|s| crate::clean::after_pager(text, s).unwrap_or(s))
                .filter(|s| !s.is_empty())
                .filter_map(|s| Some((s, key(s.slice(text))?)))
                .collect(),
        )
    }

    pub(crate) fn from_keys(keys: Vec<(Span, u64)>) -> LineKeys {
        LineKeys(keys)
    }

    fn get(&self, span: &Span) -> Option<u64> {
        let i = self
            .0
            .binary_search_by_key(&span.start, |k| k.0.start)
            .ok()?;
        (self.0[i].0 == *span).then_some(self.0[i].1)
    }
}

impl RepeatedLines {
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the counts' window to the stream's clock `now` (unix seconds;
    /// see `marsad_cluster::Clock`), which only goes forward. Lines last
    /// seen more than [`KEEP_DAYS`] before it are forgotten; they are freed
    /// from memory once a week of the clock, which decisions cannot tell
    /// (they treat a forgotten line as unseen from the moment it is out).
    pub fn advance(&mut self, now: Option<i64>) {
        let Some(day) = now.map(|t| t.div_euclid(DAY)) else {
            return;
        };
        let cutoff = self
            .cutoff
            .map_or(day - KEEP_DAYS, |c| c.max(day - KEEP_DAYS));
        self.cutoff = Some(cutoff);
        if self.pruned.is_none_or(|p| cutoff - p >= 7) {
            for lines in self.seen.values_mut() {
                lines.retain(|_, s| s.last_day >= cutoff);
            }
            self.seen.retain(|_, lines| !lines.is_empty());
            self.pruned = Some(cutoff);
        }
    }

    /// Whether a line's count is still in the window.
    fn live(&self, s: &Seen) -> bool {
        self.cutoff.is_none_or(|c| s.last_day >= c)
    }

    /// Moves the kept lines of `cleaned` that this outlet has repeated into
    /// the dropped ones; returns how many moved. `time` is the article's
    /// publish time (unix seconds): undated articles are left alone, as the
    /// rule needs days.
    pub fn apply(
        &self,
        outlet: &str,
        time: Option<i64>,
        keys: &LineKeys,
        cleaned: &mut Cleaned,
    ) -> usize {
        let Some(day) = time.map(|t| t.div_euclid(DAY)) else {
            return 0;
        };
        let Some(lines) = self.seen.get(outlet) else {
            return 0;
        };
        let repeated: Vec<bool> = cleaned
            .kept
            .iter()
            .map(|span| {
                keys.get(span).and_then(|k| lines.get(&k)).is_some_and(|s| {
                    self.live(s)
                        && s.articles >= MIN_ARTICLES
                        && (s.first_day != s.last_day || s.last_day != day)
                })
            })
            .collect();
        // Furniture sits at an article's edges: bylines, datelines and
        // attributions on top; end marks, contact lines and service credits
        // at the bottom, at most one other line (a title, a time stamp) away
        // from the edge. A line repeated in the middle, among body lines, is
        // a template's own heading (a daily market report's "أداء القطاعات")
        // and stays.
        let others = repeated.iter().filter(|r| !**r).count();
        let mut before = 0;
        let mut drop = Vec::new();
        let mut keep = Vec::with_capacity(cleaned.kept.len());
        for (&span, &r) in cleaned.kept.iter().zip(&repeated) {
            let after = others - before - usize::from(!r);
            if r && before.min(after) <= EDGE_LINES {
                drop.push(span);
            } else {
                keep.push(span);
            }
            before += usize::from(!r);
        }
        if drop.is_empty() {
            return 0;
        }
        cleaned.kept = keep;
        cleaned
            .dropped
            .extend(drop.iter().map(|&s| (s, Reason::Repeated)));
        cleaned.dropped.sort_by_key(|d| d.0.start);
        drop.len()
    }

    /// Counts an article's short lines (each once) for the outlet.
    pub fn observe(&mut self, outlet: &str, time: Option<i64>, keys: &LineKeys) {
        let Some(day) = time.map(|t| t.div_euclid(DAY)) else {
            return;
        };
        let mut keys: Vec<u64> = keys.0.iter().map(|k| k.1).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return;
        }
        if !self.seen.contains_key(outlet) {
            self.seen.insert(outlet.to_owned(), FxHashMap::default());
        }
        let cutoff = self.cutoff;
        let lines = self.seen.get_mut(outlet).expect("inserted above");
        let fresh = Seen {
            articles: 0,
            first_day: day,
            last_day: day,
        };
        for k in keys {
            let e = lines.entry(k).or_insert(fresh);
            if cutoff.is_some_and(|c| e.last_day < c) {
                *e = fresh;
            }
            e.articles += 1;
            e.first_day = e.first_day.min(day);
            e.last_day = e.last_day.max(day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean;

    #[test]
    fn drops_an_outlets_repeated_line_after_enough_articles_and_days() {
        let mut r = RepeatedLines::new();
        let text = |i: u32| {
            format!(
                "خبر رقم {i} عن موضوع مختلف تماماً في كل مرة يكتب هنا بتفصيل كاف.\n\
                 للتواصل مع الكاتب أرسل رسالة قصيرة\n\
                 أغلق المؤشر عند {} نقطة",
                7000 + i
            )
        };
        for i in 0..MIN_ARTICLES {
            let t = text(i);
            let mut c = clean(&t);
            assert_eq!(
                r.apply("صحيفة", Some(i as i64 * DAY / 2), &LineKeys::of(&t), &mut c),
                0
            );
            r.observe("صحيفة", Some(i as i64 * DAY / 2), &LineKeys::of(&t));
        }
        let t = text(99);
        let mut c = clean(&t);
        assert_eq!(
            r.apply("صحيفة", Some(10 * DAY), &LineKeys::of(&t), &mut c),
            1
        );
        let (span, reason) = c.dropped[0];
        assert_eq!(span.slice(&t), "للتواصل مع الكاتب أرسل رسالة قصيرة");
        assert_eq!(reason, Reason::Repeated);
        // Another outlet, or an undated article, is not affected.
        let mut c = clean(&t);
        assert_eq!(
            r.apply("موقع آخر", Some(10 * DAY), &LineKeys::of(&t), &mut c),
            0
        );
        assert_eq!(r.apply("صحيفة", None, &LineKeys::of(&t), &mut c), 0);
    }

    #[test]
    fn a_repeated_heading_among_body_lines_stays() {
        let mut r = RepeatedLines::new();
        let text = |i: u32| {
            format!(
                "افتتحت السوق جلستها رقم {i} على ارتفاع طفيف في التداولات الصباحية.\n\
                 ارتفع المؤشر العام بنسبة {i} في المئة مع نهاية التعاملات اليوم.\n\
                 أداء القطاعات\n\
                 قاد قطاع المصارف المكاسب بنسبة {i} في المئة وتبعه قطاع الطاقة.\n\
                 تراجع قطاع التجزئة بنسبة {i} في المئة وسط تداولات محدودة.\n\
                 وحدة التقارير"
            )
        };
        for i in 0..MIN_ARTICLES {
            r.observe("صحيفة", Some(i as i64 * DAY), &LineKeys::of(&text(i)));
        }
        let t = text(99);
        let mut c = clean(&t);
        assert_eq!(
            r.apply("صحيفة", Some(20 * DAY), &LineKeys::of(&t), &mut c),
            1
        );
        assert_eq!(c.dropped[0].0.slice(&t), "وحدة التقارير");
        assert!(c.kept.iter().any(|s| s.slice(&t) == "أداء القطاعات"));
    }

    #[test]
    fn lines_are_keyed_alike_on_arrival_and_on_replay() {
        // On arrival the cleaning keys the lines; a store replayed after a
        // restart keys the stored text again: a pager's labels must not
        // make the two differ.
        let t = "Next Previous عين الخبر – الرميلة\nنص الخبر هنا.\nالسابق التالي";
        let arrival = crate::clean::clean_and_key(t).1;
        assert_eq!(format!("{:?}", LineKeys::of(t)), format!("{arrival:?}"));
        assert_eq!(arrival.0.len(), 2, "{arrival:?}");
    }

    #[test]
    fn cleaning_as_stored_gives_back_the_kept_lines() {
        let t = "عنوان\nشارك على فيسبوك\nنص الخبر هنا.";
        let c = clean(t);
        assert_eq!(Cleaned::from_dropped(t, c.dropped.clone()), c);
    }
}
