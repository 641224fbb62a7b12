//! Sentence units: the body sentences of every article of a story, with
//! spelling-tolerant content keys weighted by how rare they are in the story;
//! close variants across articles are grouped, which gives the summary (by
//! centrality, redundancy removed) and the shared sentences (copy tracing).

use std::collections::{BTreeMap, BTreeSet};

use marsad_core::Span;
use marsad_text::{sentences, tokens, Token};

use crate::words::{is_content, key};
use crate::{Carrier, Cite, Doc, Shared, SummarySentence};

/// One body sentence of one article.
pub struct Unit {
    pub doc: usize,
    pub span: Span,
    /// Index range of the sentence's tokens in its article's token list.
    pub toks: std::ops::Range<usize>,
    /// Content keys, sorted and deduplicated.
    pub keys: Vec<String>,
    /// The same keys as numbers, with their total weight, for fast comparison.
    pub keyed: Keyed,
    /// Position of the sentence among its article's units.
    pub pos: usize,
}

pub struct Units<'a> {
    pub docs: &'a [Doc],
    /// Each article's tokens (whole original text).
    pub tokens: Vec<Vec<Token>>,
    pub units: Vec<Unit>,
    /// Each content key's number, and each number's weight.
    ids: BTreeMap<String, u32>,
    weights: Vec<f64>,
    /// Units with the same keys (copies of one sentence) form a class:
    /// grouping and centrality work on classes, so a story of many near
    /// copies costs what its distinct sentences cost.
    class_of: Vec<usize>,
    /// The units of each class, in unit order.
    classes: Vec<Vec<usize>>,
}

/// A sentence's (or quote's) content keys as sorted numbers, and their weight.
#[derive(Debug, Clone, Default)]
pub struct Keyed {
    ids: Vec<u32>,
    mass: f64,
}

/// Two sentences of different articles are variants of one another at this
/// weighted overlap (see [`Units::similarity`]).
pub const VARIANT: f64 = 0.5;
/// Fewest shared content keys for two sentences to be variants, and fewest
/// content keys a sentence needs to be compared at all (captions and
/// name lines match everything).
const MIN_SHARED: usize = 4;
const MIN_KEYS: usize = 6;
/// Two groups merge when their cross-article sentence pairs average this.
const LINK_AVERAGE: f64 = 0.4;
/// Summary sentences are drawn from sentences of at least this many words.
const MIN_SUMMARY_WORDS: usize = 8;
const MAX_SUMMARY_WORDS: usize = 45;

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

impl<'a> Units<'a> {
    pub fn new(docs: &'a [Doc]) -> Units<'a> {
        let mut units = Vec::new();
        let mut all_tokens = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let toks = tokens(&doc.text);
            let mut ti = 0;
            let mut pos = 0;
            let title_norms: Vec<String> = tokens(&doc.title).into_iter().map(|t| t.norm).collect();
            for span in sentences(&doc.text) {
                while ti < toks.len() && toks[ti].start < span.start {
                    ti += 1;
                }
                let first = ti;
                while ti < toks.len() && toks[ti].end <= span.end {
                    ti += 1;
                }
                if doc.skip.iter().any(|s| overlaps(*s, span)) || ti - first < 3 {
                    continue;
                }
                // A dateline opening the body ("أربيل (وكالة)- ") is not part of the sentence.
                let mut span = span;
                let mut first = first;
                let head = &doc.text[span.start..span.end];
                if let Some(p) = head.find(")-").or_else(|| head.find(") -")) {
                    if head[..p].split_whitespace().count() <= 4 {
                        let cut = span.start + p + head[p..].find('-').map_or(1, |d| d + 1);
                        let rest = &doc.text[cut..span.end];
                        span = Span::new(span.end - rest.trim_start().len(), span.end);
                        while first < ti && toks[first].start < span.start {
                            first += 1;
                        }
                    }
                }
                if ti - first < 3 {
                    continue;
                }
                let norms: Vec<&str> = toks[first..ti].iter().map(|t| t.norm.as_str()).collect();
                if norms == title_norms.iter().map(String::as_str).collect::<Vec<_>>() {
                    // The title repeated in the body.
                    continue;
                }
                let mut keys: Vec<String> = toks[first..ti]
                    .iter()
                    .filter(|t| is_content(t))
                    .map(|t| key(&t.norm))
                    .collect();
                keys.sort();
                keys.dedup();
                units.push(Unit {
                    doc: d,
                    span,
                    toks: first..ti,
                    keys,
                    keyed: Keyed::default(),
                    pos,
                });
                pos += 1;
            }
            all_tokens.push(toks);
        }
        // Rare keys weigh more: a name every sentence repeats tells little.
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &units {
            for k in &u.keys {
                *df.entry(k).or_default() += 1;
            }
        }
        let n = units.len().max(1) as f64;
        // Keys become numbers in sorted order, so sorted key lists stay sorted.
        let mut ids = BTreeMap::new();
        let mut weights = Vec::new();
        for (i, (k, f)) in df.into_iter().enumerate() {
            ids.insert(k.to_owned(), i as u32);
            weights.push((1.0 + n / f as f64).ln());
        }
        let mut out = Units {
            docs,
            tokens: all_tokens,
            units,
            ids,
            weights,
            class_of: Vec::new(),
            classes: Vec::new(),
        };
        for i in 0..out.units.len() {
            let k = out.keyed(&out.units[i].keys);
            out.units[i].keyed = k;
        }
        let mut index: std::collections::HashMap<Vec<u32>, usize> = Default::default();
        for i in 0..out.units.len() {
            let next = out.classes.len();
            // Units too short to compare are never variants: each its own class.
            let c = if out.units[i].keyed.ids.len() < MIN_KEYS {
                next
            } else {
                *index.entry(out.units[i].keyed.ids.clone()).or_insert(next)
            };
            if c == next {
                out.classes.push(Vec::new());
            }
            out.classes[c].push(i);
            out.class_of.push(c);
        }
        out
    }

    /// Sorted keys as numbers, with their total weight (keys the story's
    /// sentences do not hold are left out).
    pub fn keyed(&self, keys: &[String]) -> Keyed {
        let mut ids: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.ids.get(k).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mass = ids.iter().map(|&i| self.weights[i as usize]).sum();
        Keyed { ids, mass }
    }

    /// Weighted containment of two key sets: the weight of the shared keys
    /// over the weight of the smaller set. 0 when a set is too small or
    /// fewer than a few keys are shared.
    pub fn similarity(&self, a: &Keyed, b: &Keyed) -> f64 {
        if a.ids.len() < MIN_KEYS || b.ids.len() < MIN_KEYS {
            return 0.0;
        }
        let (mut i, mut j, mut n, mut s) = (0, 0, 0, 0.0);
        while i < a.ids.len() && j < b.ids.len() {
            match a.ids[i].cmp(&b.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += self.weights[a.ids[i] as usize];
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let m = a.mass.min(b.mass);
        if n < MIN_SHARED || m == 0.0 {
            0.0
        } else {
            s / m
        }
    }

    /// The similarity of two units.
    pub fn unit_similarity(&self, u: usize, v: usize) -> f64 {
        self.similarity(&self.units[u].keyed, &self.units[v].keyed)
    }

    /// The sentence text of a unit.
    pub fn text(&self, u: &Unit) -> &str {
        &self.docs[u.doc].text[u.span.start..u.span.end]
    }

    /// Groups of units that are close variants across articles, each sorted
    /// by unit index; singletons included. Pairs are joined strongest first
    /// (average link): two groups merge only when their sentences of
    /// different articles are close on average, so one long sentence that
    /// contains parts of two statements does not chain them together.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        // Work on classes of identical units: a class's units are variants
        // of each other; the similarity of two units is their classes'.
        let k = self.classes.len();
        let class_sim =
            |a: usize, b: usize| self.unit_similarity(self.classes[a][0], self.classes[b][0]);
        let mut table: rustc_hash::FxHashMap<(usize, usize), f64> = Default::default();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for a in 0..k {
            for b in a..k {
                let s = class_sim(a, b);
                if s > 0.0 {
                    table.insert((a, b), s);
                    if a != b && s >= VARIANT {
                        pairs.push((s, a, b));
                    }
                }
            }
        }
        let sim = |a: usize, b: usize| table.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0);
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        // Each group: its classes, and per article the classes of its units there.
        let mut group_of: Vec<usize> = (0..k).collect();
        let mut members: Vec<Vec<usize>> = (0..k).map(|c| vec![c]).collect();
        let mut by_doc: Vec<BTreeMap<usize, Vec<usize>>> = (0..k)
            .map(|c| {
                let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for &u in &self.classes[c] {
                    m.entry(self.units[u].doc).or_default().push(c);
                }
                m
            })
            .collect();
        for (_, i, j) in pairs {
            let (a, b) = (group_of[i], group_of[j]);
            if a == b {
                continue;
            }
            // Average link over pairs of units of different articles: all
            // pairs of the two groups' units, less those within one article.
            let mut total = 0.0;
            let mut count = 0.0;
            for &x in &members[a] {
                for &y in &members[b] {
                    let m = (self.classes[x].len() * self.classes[y].len()) as f64;
                    total += m * sim(x, y);
                    count += m;
                }
            }
            let (small, large) = if by_doc[a].len() <= by_doc[b].len() {
                (a, b)
            } else {
                (b, a)
            };
            for (d, xs) in &by_doc[small] {
                if let Some(ys) = by_doc[large].get(d) {
                    for &x in xs {
                        for &y in ys {
                            total -= sim(x, y);
                            count -= 1.0;
                        }
                    }
                }
            }
            if count <= 0.0 || total / count < LINK_AVERAGE {
                continue;
            }
            let (keep, gone) = (a.min(b), a.max(b));
            let moved = std::mem::take(&mut members[gone]);
            for &c in &moved {
                group_of[c] = keep;
            }
            members[keep].extend(moved);
            for (d, xs) in std::mem::take(&mut by_doc[gone]) {
                by_doc[keep].entry(d).or_default().extend(xs);
            }
        }
        let mut out: Vec<Vec<usize>> = members
            .into_iter()
            .filter(|m| !m.is_empty())
            .map(|m| m.iter().flat_map(|&c| self.classes[c].clone()).collect())
            .collect();
        for g in &mut out {
            g.sort_unstable();
        }
        out.sort();
        out
    }

    /// The articles a group's units come from, in story order.
    fn group_docs(&self, g: &[usize]) -> Vec<usize> {
        let set: BTreeSet<usize> = g.iter().map(|&u| self.units[u].doc).collect();
        set.into_iter().collect()
    }

    /// The unit of a group that is closest to the others (its wording is
    /// shown), preferring sentences of a readable length.
    fn representative(&self, g: &[usize]) -> usize {
        // Each unit's summed similarity to the others, by class (units of
        // one class score alike).
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for &u in g {
            *counts.entry(self.class_of[u]).or_default() += 1;
        }
        let central: BTreeMap<usize, f64> = counts
            .keys()
            .map(|&c| {
                let u = self.classes[c][0];
                let s: f64 = counts
                    .iter()
                    .map(|(&d, &m)| {
                        let s = self.unit_similarity(u, self.classes[d][0]);
                        if d == c {
                            s * (m - 1) as f64
                        } else {
                            s * m as f64
                        }
                    })
                    .sum();
                (c, s)
            })
            .collect();
        *g.iter()
            .max_by(|&&a, &&b| {
                let score = |u: usize| {
                    let words = self.units[u].toks.len();
                    let fit = if (MIN_SUMMARY_WORDS..=MAX_SUMMARY_WORDS).contains(&words) {
                        1.0
                    } else {
                        0.0
                    };
                    central[&self.class_of[u]] + fit
                };
                score(a).total_cmp(&score(b)).then(b.cmp(&a))
            })
            .unwrap_or(&g[0])
    }

    /// One cite per article of the group: its first unit there.
    fn cites(&self, g: &[usize], first: usize) -> Vec<Cite> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        let u = &self.units[first];
        seen.insert(u.doc);
        out.push(Cite::new(&self.docs[u.doc], u.span));
        for &i in g {
            let u = &self.units[i];
            if seen.insert(u.doc) {
                out.push(Cite::new(&self.docs[u.doc], u.span));
            }
        }
        out
    }

    /// 3–7 sentences by centrality: groups carried by more articles first,
    /// then those most similar to the rest of the story; a candidate too
    /// close to one already chosen is skipped; shown in reading order.
    pub fn summary(&self, groups: &[Vec<usize>]) -> Vec<SummarySentence> {
        let mut scored: Vec<(usize, f64, usize, usize)> = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            let rep = self.representative(g);
            let words = self.units[rep].toks.len();
            if !(MIN_SUMMARY_WORDS..=MAX_SUMMARY_WORDS).contains(&words) {
                continue;
            }
            let docs = self.group_docs(g).len();
            let centrality: f64 = self
                .units
                .iter()
                .filter(|v| v.doc != self.units[rep].doc)
                .map(|v| self.similarity(&self.units[rep].keyed, &v.keyed))
                .sum();
            // Earlier sentences of an article carry its news (the inverted pyramid).
            let lead = 1.0 / (1.0 + self.units[rep].pos as f64);
            scored.push((
                gi,
                docs as f64 + centrality / self.docs.len().max(1) as f64 + 0.5 * lead,
                rep,
                docs,
            ));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Widely carried sentences first; single-article ones only to reach three.
        let multi = scored.iter().filter(|x| x.3 >= 2).count();
        let want = multi.clamp(3, 5);
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        for &(gi, _, rep, _) in &scored {
            if chosen.len() >= want {
                break;
            }
            let redundant = chosen
                .iter()
                .any(|&(_, r)| self.unit_similarity(r, rep) >= 0.3);
            if !redundant {
                chosen.push((gi, rep));
            }
        }
        // Reading order: by relative position in the articles, the earliest
        // any article puts the sentence at (a lead that one outlet opens
        // with and another gives after a dateline paragraph is still the
        // lead; one outlet's background remark early in its own article is
        // not).
        let sentences: Vec<usize> = {
            let mut n = vec![0usize; self.docs.len()];
            for u in &self.units {
                n[u.doc] += 1;
            }
            n
        };
        let rel = |gi: usize| {
            groups[gi]
                .iter()
                .map(|&r| {
                    let u = &self.units[r];
                    u.pos as f64 / sentences[u.doc].max(1) as f64
                })
                .fold(f64::INFINITY, f64::min)
        };
        chosen.sort_by(|a, b| rel(a.0).total_cmp(&rel(b.0)).then(a.0.cmp(&b.0)));
        chosen
            .into_iter()
            .map(|(gi, rep)| {
                let cites = self.cites(&groups[gi], rep);
                SummarySentence {
                    text: self.text(&self.units[rep]).to_owned(),
                    articles: sorted_ids(&cites),
                    cites,
                }
            })
            .collect()
    }

    /// Sentences carried by two articles or more, most widely carried first.
    pub fn shared(&self, groups: &[Vec<usize>]) -> Vec<Shared> {
        let mut out: Vec<Shared> = groups
            .iter()
            .filter(|g| self.group_docs(g).len() >= 2)
            .map(|g| {
                let rep = self.representative(g);
                let cites = self.cites(g, rep);
                let mut carriers: Vec<Carrier> = cites
                    .into_iter()
                    .map(|c| {
                        let d = self
                            .docs
                            .iter()
                            .find(|d| d.id == c.article)
                            .expect("cited article is in the story");
                        Carrier {
                            article: d.id.clone(),
                            outlet: d.outlet.clone(),
                            published: d.published,
                            cite: c,
                        }
                    })
                    .collect();
                carriers.sort_by(|a, b| {
                    (a.published.is_none(), a.published, &a.article).cmp(&(
                        b.published.is_none(),
                        b.published,
                        &b.article,
                    ))
                });
                // First only when its time is known and earlier than every other carrier's.
                let first = match (carriers.first(), carriers.get(1)) {
                    (Some(a), Some(b))
                        if a.published.is_some()
                            && (b.published.is_none() || a.published < b.published) =>
                    {
                        Some(a.article.clone())
                    }
                    _ => None,
                };
                Shared {
                    text: self.text(&self.units[rep]).to_owned(),
                    carriers,
                    first,
                }
            })
            .collect();
        out.sort_by_key(|s| std::cmp::Reverse(s.carriers.len()));
        out
    }
}

pub fn sorted_ids(cites: &[Cite]) -> Vec<String> {
    let set: BTreeSet<&str> = cites.iter().map(|c| c.article.as_str()).collect();
    set.into_iter().map(str::to_owned).collect()
}
