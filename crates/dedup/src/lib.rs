//! Near copies: articles whose word 5-shingle sets overlap with a Jaccard
//! similarity of at least 0.8 (the same wire story with a changed line or
//! two, a trimmed reprint).
//!
//! Candidates come from MinHash-LSH (Broder 1997; the banding of Leskovec et
//! al., *Mining of Massive Datasets*, ch. 3): 120 hash functions in 30 bands
//! of 4 rows, so that a pair at Jaccard 0.8 shares a band with probability
//! 1 − (1 − 0.8⁴)³⁰ > 0.9999, while cost stays proportional to the number
//! of candidates. Each candidate is then verified with the exact Jaccard of
//! the two shingle sets, so what is reported is a near copy by definition,
//! not by estimate.
//!
//! ```
//! use marsad_dedup::NearCopies;
//! let mut index = NearCopies::new(0.8);
//! let a: Vec<u64> = (0..100).collect();
//! let b: Vec<u64> = (5..100).collect();
//! assert_eq!(index.add(&a), None);
//! assert_eq!(index.add(&b).map(|m| m.index), Some(0));
//! ```

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

const BANDS: usize = 30;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;

/// A MinHash signature: the minimum of each of the hash functions. 32-bit
/// values are plenty for comparing sets of a few thousand shingles, and let
/// the signature loop run four or eight functions per instruction.
pub type Signature = [u32; HASHES];

/// A document signed for the index (see [`NearCopies::sign`]).
pub struct Signed {
    signature: Signature,
    folded: Vec<u32>,
}

/// A near copy found for an arriving document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Arrival index of the earliest earlier document it copies.
    pub index: usize,
    /// Exact Jaccard similarity of the two shingle sets.
    pub jaccard: f32,
}

/// Forgotten documents are dropped from memory once there are this many
/// and at least as many as those kept.
const COMPACT_AFTER: usize = 1024;

/// The index of documents seen so far, by arrival order. The caller may
/// [`NearCopies::forget_before`] an arrival index: older documents are then
/// never found again (a look-back window).
pub struct NearCopies {
    threshold: f32,
    /// Arrival index of `shingles[0]`.
    base: usize,
    /// Arrival index of the oldest document still found.
    live_from: usize,
    /// Per band: band hash → documents with that band.
    bands: Vec<FxHashMap<u64, Vec<u32>>>,
    /// Each document's shingle set, folded to 32 bits as the signatures
    /// fold them (sorted, deduplicated), for exact verification: half the
    /// memory, and two shingles of texts of a few thousand words meet by
    /// folding about once in a thousand pairs, which can only raise a
    /// Jaccard a hair.
    shingles: Vec<Vec<u32>>,
    /// Hash function k maps a shingle x to `mults[k] * x + adds[k]` (mod
    /// 2³²), a bijection of the 32-bit values since every multiplier is odd.
    mults: [u32; HASHES],
    adds: [u32; HASHES],
}

impl NearCopies {
    /// An empty index reporting pairs at or above `threshold` Jaccard.
    pub fn new(threshold: f32) -> Self {
        // Fixed odd multipliers and offsets from a simple generator, so that
        // signatures are the same on every run and every machine.
        let (mut mults, mut adds) = ([0u32; HASHES], [0u32; HASHES]);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for (m, a) in mults.iter_mut().zip(adds.iter_mut()) {
            x = splitmix(x);
            *m = (x >> 32) as u32 | 1;
            *a = x as u32;
        }
        NearCopies {
            threshold,
            base: 0,
            live_from: 0,
            bands: vec![FxHashMap::default(); BANDS],
            shingles: Vec::new(),
            mults,
            adds,
        }
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.base + self.shingles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Documents that arrived before `index` are no longer found.
    pub fn forget_before(&mut self, index: usize) {
        self.live_from = self.live_from.max(index.min(self.len()));
        let gone = self.live_from - self.base;
        if gone >= COMPACT_AFTER.max(self.shingles.len() - gone) {
            self.shingles.drain(..gone);
            let live = self.live_from as u32;
            for table in &mut self.bands {
                table.retain(|_, docs| {
                    let cut = docs.partition_point(|&d| d < live);
                    docs.drain(..cut);
                    !docs.is_empty()
                });
            }
            self.base = self.live_from;
        }
    }

    /// Every earlier document this one nearly copies, earliest first, without
    /// adding it.
    pub fn find_all(&self, shingles: &[u64]) -> Vec<Match> {
        self.find_all_signed(&self.sign(shingles))
    }

    /// A document as the index takes it, made once for both the lookup and
    /// the insertion, and on any thread: its signature (the costly part)
    /// and its folded shingle set.
    pub fn sign(&self, shingles: &[u64]) -> Signed {
        Signed {
            signature: self.signature(shingles),
            folded: fold(shingles),
        }
    }

    /// [`NearCopies::find_all`] of a document already signed.
    pub fn find_all_signed(&self, doc: &Signed) -> Vec<Match> {
        if doc.folded.is_empty() {
            return Vec::new();
        }
        let (sig, query) = (&doc.signature, &doc.folded);
        let mut candidates: Vec<u32> = Vec::new();
        for (b, table) in self.bands.iter().enumerate() {
            if let Some(docs) = table.get(&band_key(&sig[b * ROWS..(b + 1) * ROWS])) {
                candidates.extend(docs);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&d| d as usize >= self.live_from)
            .filter_map(|d| {
                let j = jaccard(query, &self.shingles[d as usize - self.base]);
                (j >= self.threshold).then_some(Match {
                    index: d as usize,
                    jaccard: j,
                })
            })
            .collect()
    }

    /// The earliest earlier document this one nearly copies, if any, without
    /// adding it.
    pub fn find(&self, shingles: &[u64]) -> Option<Match> {
        self.find_all(shingles).into_iter().next()
    }

    /// Finds the near copy of a document, then adds the document under the
    /// next arrival index. Documents without shingles (too short) are added
    /// empty, so indices stay aligned with the caller's arrival order.
    pub fn add(&mut self, shingles: &[u64]) -> Option<Match> {
        let found = self.find(shingles);
        self.insert(shingles);
        found
    }

    /// Adds a document without looking for its copies (when reopening).
    pub fn insert(&mut self, shingles: &[u64]) {
        self.insert_signed(self.sign(shingles));
    }

    /// [`NearCopies::insert`] with the document's signature already made.
    pub fn insert_signed(&mut self, doc: Signed) {
        let index = self.len() as u32;
        if !doc.folded.is_empty() {
            for (b, table) in self.bands.iter_mut().enumerate() {
                table
                    .entry(band_key(&doc.signature[b * ROWS..(b + 1) * ROWS]))
                    .or_default()
                    .push(index);
            }
        }
        self.shingles.push(doc.folded);
    }

    /// The index as saved in a checkpoint: the kept documents' shingles and
    /// band keys (the signatures are not saved: they cost the most to make).
    pub fn saved(&self) -> SavedRef<'_> {
        let gone = self.live_from - self.base;
        let mut keys: Vec<Vec<u64>> = self.shingles[gone..]
            .iter()
            .map(|s| match s.is_empty() {
                true => Vec::new(),
                false => vec![0; BANDS],
            })
            .collect();
        for (b, table) in self.bands.iter().enumerate() {
            for (&key, docs) in table {
                for &d in docs {
                    if let Some(k) = (d as usize)
                        .checked_sub(self.live_from)
                        .and_then(|i| keys.get_mut(i))
                    {
                        k[b] = key;
                    }
                }
            }
        }
        SavedRef {
            threshold: self.threshold,
            from: self.live_from,
            shingles: self.shingles[gone..].iter().map(|s| Deltas(s)).collect(),
            keys: keys.into_iter().map(Words).collect(),
        }
    }

    /// The index a checkpoint saved, as it was.
    pub fn load(saved: Saved) -> NearCopies {
        let mut index = NearCopies::new(saved.threshold);
        index.base = saved.from;
        index.live_from = saved.from;
        for (i, keys) in saved.keys.iter().enumerate() {
            for (table, &key) in index.bands.iter_mut().zip(&keys.0) {
                table.entry(key).or_default().push((saved.from + i) as u32);
            }
        }
        index.shingles = saved.shingles.into_iter().map(|s| s.0).collect();
        index
    }

    /// A document's MinHash signature.
    pub fn signature(&self, shingles: &[u64]) -> Signature {
        let mut sig = [u32::MAX; HASHES];
        for &x in shingles {
            // Shingle hashes are well mixed already: fold them to 32 bits.
            let x = (x ^ (x >> 32)) as u32;
            for ((m, &a), &b) in sig.iter_mut().zip(&self.mults).zip(&self.adds) {
                *m = (*m).min(a.wrapping_mul(x).wrapping_add(b));
            }
        }
        sig
    }
}

/// A [`NearCopies`] as a checkpoint holds it (see [`NearCopies::saved`]).
#[derive(Serialize)]
pub struct SavedRef<'a> {
    threshold: f32,
    /// Arrival index of the first document.
    from: usize,
    /// Each document's folded shingles (sorted: packed as differences).
    shingles: Vec<Deltas<'a>>,
    /// Each document's band keys (none for one without shingles).
    keys: Vec<Words>,
}

/// What [`SavedRef`] reads back as.
#[derive(Deserialize)]
pub struct Saved {
    threshold: f32,
    from: usize,
    shingles: Vec<Shingles>,
    keys: Vec<Words>,
}

/// A folded shingle set, packed for a checkpoint (`marsad_core::packed`).
#[derive(Serialize)]
struct Deltas<'a>(#[serde(with = "marsad_core::packed::deltas")] &'a [u32]);

/// A folded shingle set as a checkpoint gives it back.
#[derive(Deserialize)]
struct Shingles(#[serde(with = "marsad_core::packed::deltas")] Vec<u32>);

/// Band keys, packed for a checkpoint.
#[derive(Serialize, Deserialize)]
struct Words(#[serde(with = "marsad_core::packed::words")] Vec<u64>);

/// A shingle set as the index holds it: each hash folded to 32 bits (as
/// the signatures fold them), sorted, deduplicated.
fn fold(shingles: &[u64]) -> Vec<u32> {
    let mut folded: Vec<u32> = shingles.iter().map(|&x| (x ^ (x >> 32)) as u32).collect();
    folded.sort_unstable();
    folded.dedup();
    folded
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn band_key(rows: &[u32]) -> u64 {
    rows.iter()
        .fold(0xCBF2_9CE4_8422_2325, |h, &r| splitmix(h ^ u64::from(r)))
}

/// Exact Jaccard similarity of two sorted, deduplicated sets.
pub fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let shared = marsad_core::sorted_overlap(a, b);
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// Every pair of sets with Jaccard similarity ≥ `threshold`, exactly: the
/// reference that LSH's recall is measured against (`marsad eval copies`).
///
/// All-pairs similarity join with prefix filtering (Chaudhuri et al. 2006;
/// Bayardo et al. 2007): with elements ordered rarest first, two sets at
/// Jaccard ≥ t must share an element among the first |x| − ⌈t·|x|⌉ + 1 of
/// each, so only sets meeting in those prefixes are compared, and every such
/// pair is verified exactly. Pairs are (earlier, later, jaccard), sorted.
pub fn all_pairs(sets: &[Vec<u64>], threshold: f32) -> Vec<(u32, u32, f32)> {
    let mut freq: FxHashMap<u64, u32> = FxHashMap::default();
    for set in sets {
        for &x in set {
            *freq.entry(x).or_default() += 1;
        }
    }
    let ordered: Vec<Vec<u64>> = sets
        .iter()
        .map(|set| {
            let mut v = set.clone();
            v.sort_unstable_by_key(|x| (freq[x], *x));
            v
        })
        .collect();
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut out = Vec::new();
    let mut seen: Vec<u32> = vec![u32::MAX; sets.len()];
    for (i, set) in ordered.iter().enumerate() {
        if set.is_empty() {
            continue;
        }
        let n = set.len();
        let prefix = n - ((threshold * n as f32).ceil() as usize).min(n) + 1;
        for x in &set[..prefix.min(n)] {
            if let Some(docs) = index.get(x) {
                for &j in docs {
                    if seen[j as usize] == i as u32 {
                        continue;
                    }
                    seen[j as usize] = i as u32;
                    let m = sets[j as usize].len();
                    // Size filter: |small| ≥ t·|large| is needed for J ≥ t.
                    if (n.min(m) as f32) < threshold * n.max(m) as f32 {
                        continue;
                    }
                    let jac = jaccard(&sets[i], &sets[j as usize]);
                    if jac >= threshold {
                        out.push((j, i as u32, jac));
                    }
                }
            }
        }
        for &x in &set[..prefix.min(n)] {
            index.entry(x).or_default().push(i as u32);
        }
    }
    out.sort_by_key(|p| (p.0, p.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_pairs_matches_brute_force() {
        // Sets drawn from a small universe so that many pairs are close.
        let mut x: u64 = 1;
        let sets: Vec<Vec<u64>> = (0..60)
            .map(|i| {
                let mut v: Vec<u64> = (0..40)
                    .map(|_| {
                        x = splitmix(x);
                        if i % 3 == 0 {
                            x % 50
                        } else {
                            x % 45
                        }
                    })
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        for t in [0.3f32, 0.5, 0.8] {
            let mut brute = Vec::new();
            for j in 0..sets.len() {
                for i in j + 1..sets.len() {
                    let jac = jaccard(&sets[j], &sets[i]);
                    if jac >= t {
                        brute.push((j as u32, i as u32, jac));
                    }
                }
            }
            assert_eq!(all_pairs(&sets, t), brute, "threshold {t}");
        }
    }

    #[test]
    fn forgotten_documents_are_not_found_and_indices_stay_global() {
        let mut idx = NearCopies::new(0.8);
        let set = |k: u64| -> Vec<u64> { (0..100).map(|i| i * 13 + k * 100_000).collect() };
        for k in 0..3000 {
            idx.add(&set(k));
        }
        idx.forget_before(2000);
        assert_eq!(idx.len(), 3000);
        assert_eq!(idx.find(&set(1999)), None);
        assert_eq!(idx.find(&set(2500)).map(|m| m.index), Some(2500));
        assert_eq!(idx.add(&set(2999)).map(|m| m.index), Some(2999));
        assert_eq!(idx.len(), 3001);
    }

    #[test]
    fn jaccard_of_known_sets() {
        assert_eq!(jaccard(&[1, 2, 3, 4], &[3, 4, 5, 6]), 2.0 / 6.0);
        assert_eq!(jaccard(&[1, 2], &[1, 2]), 1.0);
    }

    #[test]
    fn finds_near_copies_and_not_distant_texts() {
        let mut idx = NearCopies::new(0.8);
        let base: Vec<u64> = (0..200).map(|i| i * 7 + 1).collect();
        let mut near = base.clone();
        near.truncate(180); // Jaccard 0.9
        let far: Vec<u64> = (0..200).map(|i| i * 7 + 1 + 100 * 7).collect(); // half shared
        assert_eq!(idx.add(&base), None);
        assert_eq!(idx.add(&[]), None);
        let m = idx.add(&near).unwrap();
        assert_eq!(m.index, 0);
        assert!((m.jaccard - 0.9).abs() < 1e-6);
        assert_eq!(idx.add(&far), None);
        assert_eq!(idx.len(), 4);
    }
}
