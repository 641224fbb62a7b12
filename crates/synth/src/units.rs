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
        };
        for i in 0..out.units.len() {
            let k = out.keyed(&out.units[i].keys);
            out.units[i].keyed = k;
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
        let n = self.units.len();
        let sim = |i: usize, j: usize| self.unit_similarity(i, j);
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        let mut table = vec![0.0f64; n * n];
        for i in 0..n {
            for j in i + 1..n {
                if self.units[i].doc == self.units[j].doc {
                    continue;
                }
                let s = sim(i, j);
                table[i * n + j] = s;
                table[j * n + i] = s;
                if s >= VARIANT {
                    pairs.push((s, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut group_of: Vec<usize> = (0..n).collect();
        let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        for (_, i, j) in pairs {
            let (a, b) = (group_of[i], group_of[j]);
            if a == b {
                continue;
            }
            let mut total = 0.0;
            let mut count = 0usize;
            for &u in &members[a] {
                for &v in &members[b] {
                    if self.units[u].doc != self.units[v].doc {
                        total += table[u * n + v];
                        count += 1;
                    }
                }
            }
            if count == 0 || total / (count as f64) < LINK_AVERAGE {
                continue;
            }
            let (keep, gone) = (a.min(b), a.max(b));
            let moved = std::mem::take(&mut members[gone]);
            for &u in &moved {
                group_of[u] = keep;
            }
            members[keep].extend(moved);
        }
        let mut out: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
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
        *g.iter()
            .max_by(|&&a, &&b| {
                let score = |u: usize| {
                    let s: f64 = g
                        .iter()
                        .filter(|&&v| v != u)
                        .map(|&v| self.unit_similarity(u, v))
                        .sum();
                    let words = self.units[u].toks.len();
                    let fit = if (MIN_SUMMARY_WORDS..=MAX_SUMMARY_WORDS).contains(&words) {
                        1.0
                    } else {
                        0.0
                    };
                    s + fit
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
        // Reading order: by relative position in the articles.
        chosen.sort_by(|a, b| {
            let rel = |r: usize| {
                let u = &self.units[r];
                let n = self.units.iter().filter(|v| v.doc == u.doc).count().max(1);
                u.pos as f64 / n as f64
            };
            rel(a.1).total_cmp(&rel(b.1))
        });
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
