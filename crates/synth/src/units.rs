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
    /// Position of the sentence among its article's units.
    pub pos: usize,
}

pub struct Units<'a> {
    pub docs: &'a [Doc],
    /// Each article's tokens (whole original text).
    pub tokens: Vec<Vec<Token>>,
    pub units: Vec<Unit>,
    weight: BTreeMap<String, f64>,
}

/// Two sentences of different articles are variants of one another at this
/// weighted overlap (see [`Units::similarity`]).
pub const VARIANT: f64 = 0.5;
/// Fewest shared content keys for two sentences to be variants.
const MIN_SHARED: usize = 4;
/// Summary sentences are drawn from sentences of at least this many words.
const MIN_SUMMARY_WORDS: usize = 8;
const MAX_SUMMARY_WORDS: usize = 70;

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
                let norms: Vec<&str> = toks[first..ti].iter().map(|t| t.norm.as_str()).collect();
                if norms == title_norms.iter().map(String::as_str).collect::<Vec<_>>() {
                    // The title repeated in the body.
                    continue;
                }
                let mut keys: Vec<String> = toks[first..ti].iter().filter(|t| is_content(t)).map(|t| key(&t.norm)).collect();
                keys.sort();
                keys.dedup();
                units.push(Unit { doc: d, span, toks: first..ti, keys, pos });
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
        let weight = df.into_iter().map(|(k, f)| (k.to_owned(), (1.0 + n / f as f64).ln())).collect();
        Units { docs, tokens: all_tokens, units, weight }
    }

    pub fn weight(&self, k: &str) -> f64 {
        self.weight.get(k).copied().unwrap_or(1.0)
    }

    fn mass(&self, keys: &[String]) -> f64 {
        keys.iter().map(|k| self.weight(k)).sum()
    }

    /// Weighted containment of two key sets: the weight of the shared keys
    /// over the weight of the smaller set. 0 when fewer than a few keys are
    /// shared.
    pub fn similarity(&self, a: &[String], b: &[String]) -> f64 {
        let shared: Vec<&String> = a.iter().filter(|k| b.binary_search(k).is_ok()).collect();
        if shared.len() < MIN_SHARED {
            return 0.0;
        }
        let s: f64 = shared.iter().map(|k| self.weight(k)).sum();
        let m = self.mass(a).min(self.mass(b));
        if m == 0.0 {
            0.0
        } else {
            s / m
        }
    }

    /// The sentence text of a unit.
    pub fn text(&self, u: &Unit) -> &str {
        &self.docs[u.doc].text[u.span.start..u.span.end]
    }

    /// Groups of units that are close variants across articles (single
    /// link), each sorted by unit index; singletons included.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let n = self.units.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], x: usize) -> usize {
            let mut r = x;
            while p[r] != r {
                r = p[r];
            }
            let mut y = x;
            while p[y] != r {
                let next = p[y];
                p[y] = r;
                y = next;
            }
            r
        }
        for i in 0..n {
            for j in i + 1..n {
                if self.units[i].doc == self.units[j].doc {
                    continue;
                }
                if self.similarity(&self.units[i].keys, &self.units[j].keys) >= VARIANT {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[b.max(a)] = a.min(b);
                    }
                }
            }
        }
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            by_root.entry(r).or_default().push(i);
        }
        by_root.into_values().collect()
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
                    let s: f64 = g.iter().filter(|&&v| v != u).map(|&v| self.similarity(&self.units[u].keys, &self.units[v].keys)).sum();
                    let words = self.units[u].toks.len();
                    let fit = if (MIN_SUMMARY_WORDS..=MAX_SUMMARY_WORDS).contains(&words) { 1.0 } else { 0.0 };
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
        let mut scored: Vec<(usize, f64, usize)> = Vec::new();
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
                .map(|v| self.similarity(&self.units[rep].keys, &v.keys))
                .sum();
            // Earlier sentences of an article carry its news (the inverted pyramid).
            let lead = 1.0 / (1.0 + self.units[rep].pos as f64);
            scored.push((gi, docs as f64 + centrality + 0.5 * lead, rep));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let want = if self.docs.len() <= 1 { 3 } else { (2 + self.docs.len()).clamp(3, 7) };
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        for &(gi, _, rep) in &scored {
            if chosen.len() >= want {
                break;
            }
            let redundant = chosen.iter().any(|&(_, r)| self.similarity(&self.units[r].keys, &self.units[rep].keys) >= 0.3);
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
                        let d = self.docs.iter().find(|d| d.id == c.article).expect("cited article is in the story");
                        Carrier { article: d.id.clone(), outlet: d.outlet.clone(), published: d.published, cite: c }
                    })
                    .collect();
                carriers.sort_by(|a, b| (a.published.is_none(), a.published, &a.article).cmp(&(b.published.is_none(), b.published, &b.article)));
                // First only when its time is known and earlier than every other carrier's.
                let first = match (carriers.first(), carriers.get(1)) {
                    (Some(a), Some(b)) if a.published.is_some() && (b.published.is_none() || a.published < b.published) => Some(a.article.clone()),
                    _ => None,
                };
                Shared { text: self.text(&self.units[rep]).to_owned(), carriers, first }
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
