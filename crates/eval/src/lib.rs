//! Metrics for Marsad's evaluations. Pure functions; the `marsad eval`
//! commands feed them.
//!
//! ```
//! use marsad_eval::bcubed;
//! let s = bcubed(&["a", "a", "b"], &["x", "x", "y"]);
//! assert_eq!(s.f1, 1.0);
//! ```

pub mod synthesis;

use std::hash::Hash;

use rustc_hash::FxHashMap;

/// Precision, recall and F1 of a clustering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn groups<K: Hash + Eq>(labels: &[K]) -> (FxHashMap<&K, usize>, Vec<usize>) {
    let mut size: FxHashMap<&K, usize> = FxHashMap::default();
    for l in labels {
        *size.entry(l).or_default() += 1;
    }
    let per_item = labels.iter().map(|l| size[l]).collect();
    (size, per_item)
}

/// BCubed precision, recall and F1 of `predicted` clusters against `gold`
/// labels, item by item (Bagga & Baldwin; Amigó et al. 2009).
pub fn bcubed<P: Hash + Eq, G: Hash + Eq>(predicted: &[P], gold: &[G]) -> Scores {
    assert_eq!(predicted.len(), gold.len());
    let n = predicted.len();
    if n == 0 {
        return Scores {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let (_, psize) = groups(predicted);
    let (_, gsize) = groups(gold);
    let mut both: FxHashMap<(&P, &G), usize> = FxHashMap::default();
    for (p, g) in predicted.iter().zip(gold) {
        *both.entry((p, g)).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for i in 0..n {
        let shared = both[&(&predicted[i], &gold[i])] as f64;
        precision += shared / psize[i] as f64;
        recall += shared / gsize[i] as f64;
    }
    precision /= n as f64;
    recall /= n as f64;
    Scores {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// Pairwise precision, recall and F1: over all pairs of items, a pair is
/// positive when both items share a cluster.
pub fn pairwise<P: Hash + Eq, G: Hash + Eq>(predicted: &[P], gold: &[G]) -> Scores {
    let pairs =
        |m: &mut dyn Iterator<Item = usize>| m.map(|k| k * k.saturating_sub(1) / 2).sum::<usize>();
    let (psizes, _) = groups(predicted);
    let (gsizes, _) = groups(gold);
    let mut both: FxHashMap<(&P, &G), usize> = FxHashMap::default();
    for (p, g) in predicted.iter().zip(gold) {
        *both.entry((p, g)).or_default() += 1;
    }
    let tp = pairs(&mut both.values().copied()) as f64;
    let pp = pairs(&mut psizes.values().copied()) as f64;
    let gp = pairs(&mut gsizes.values().copied()) as f64;
    let precision = if pp > 0.0 { tp / pp } else { 1.0 };
    let recall = if gp > 0.0 { tp / gp } else { 1.0 };
    Scores {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// Pearson's correlation coefficient; `None` when either side is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    assert_eq!(x.len(), y.len());
    let n = x.len() as f64;
    if x.len() < 2 {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_of_a_known_case() {
        // Gold {1,2,3}{4,5}; predicted {1,2}{3,4,5}.
        let s = bcubed(&[1, 1, 2, 2, 2], &["a", "a", "a", "b", "b"]);
        // Precision: 1,1,1/3,2/3,2/3 → 11/15. Recall: 2/3,2/3,1/3,1,1 → 11/15.
        assert!((s.precision - 11.0 / 15.0).abs() < 1e-12);
        assert!((s.recall - 11.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn pairwise_of_a_known_case() {
        let s = pairwise(&[1, 1, 2, 2, 2], &["a", "a", "a", "b", "b"]);
        // tp = {1,2} + {4,5} = 2; predicted pairs 1 + 3 = 4; gold pairs 3 + 1 = 4.
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.recall, 0.5);
    }

    #[test]
    fn pearson_signs() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), None);
    }
}

/// One page's shingle overlap with its gold text, as fractions of their sum
/// (the Zyte article-extraction benchmark's per-page figures).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overlap {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// Word 4-shingles of `text` with their counts. Tokens are runs of word
/// characters (letters, digits, marks and `_`, like `\w+`); a text of fewer
/// than four tokens gives one shorter shingle, an empty one none.
fn shingle_counts(text: &str) -> FxHashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut counts = FxHashMap::default();
    if tokens.is_empty() {
        return counts;
    }
    let n = 4.min(tokens.len());
    for w in tokens.windows(n) {
        *counts.entry(w.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// The overlap of a predicted article body with the gold one.
pub fn shingle_overlap(gold: &str, predicted: &str) -> Overlap {
    let g = shingle_counts(gold);
    let p = shingle_counts(predicted);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc);
        fn_ += gc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        fp += pc.saturating_sub(g.get(k).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Overlap::default();
    }
    Overlap {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Precision, recall and F1 over pages: page precision is averaged over the
/// pages that predicted something, page recall over those with gold text.
pub fn extraction_scores(pages: &[Overlap]) -> Scores {
    let page = |a: f64, b: f64, other: f64| {
        if b == 0.0 && other == 0.0 {
            1.0
        } else if a + b == 0.0 {
            0.0
        } else {
            a / (a + b)
        }
    };
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let precision = mean(
        pages
            .iter()
            .filter(|o| o.tp + o.fp > 0.0)
            .map(|o| page(o.tp, o.fp, o.fn_))
            .collect(),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|o| o.tp + o.fn_ > 0.0)
            .map(|o| page(o.tp, o.fn_, o.fp))
            .collect(),
    );
    Scores {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

#[cfg(test)]
mod extraction_tests {
    use super::*;

    #[test]
    fn identical_texts_score_one_and_disjoint_zero() {
        let gold = "سقطت ثلاثة صواريخ على المنطقة الخضراء مساء الاثنين";
        let same = shingle_overlap(gold, gold);
        assert_eq!((same.tp, same.fp, same.fn_), (1.0, 0.0, 0.0));
        let other = shingle_overlap(gold, "one two three four five");
        assert_eq!(other.tp, 0.0);
        let s = extraction_scores(&[same, other]);
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.recall, 0.5);
    }

    #[test]
    fn half_extra_text_halves_precision_not_recall() {
        // Gold: 4 tokens, one shingle. Prediction: the gold plus a disjoint
        // run that makes one more shingle of its own... and the overlaps.
        let o = shingle_overlap("a b c d", "a b c d");
        assert_eq!(o.tp, 1.0);
        let o = shingle_overlap("a b c d", "a b c d e");
        // Shingles: gold {abcd}, pred {abcd, bcde}: tp 1, fp 1.
        assert_eq!((o.tp, o.fp, o.fn_), (0.5, 0.5, 0.0));
        let s = extraction_scores(&[o]);
        assert_eq!((s.precision, s.recall), (0.5, 1.0));
    }

    #[test]
    fn empty_prediction_counts_for_recall_only() {
        let o = shingle_overlap("a b c d", "");
        let s = extraction_scores(&[o, shingle_overlap("a b c d", "a b c d")]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
    }
}
