//! Documents as interned sparse vectors, and the similarity between two.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use marsad_text::numbers::{Anchor, AnchorKind, LeadDay};
use marsad_text::{Analysis, TermCounts};

use crate::Params;

/// A sparse vector: (term id, weight), sorted by term id.
type Vector = Vec<(u32, f32)>;

/// An article's vector as a checkpoint stores it: each id as its distance
/// from the one before (the ids are sorted: small numbers, one or two
/// bytes), and each weight that is a whole count as that count (one byte),
/// any other by its bits. Lossless; under half the bytes of (id, f32)
/// pairs, and a checkpoint is mostly these.
mod compact_vector {
    use marsad_core::packed::{get_varint, put_varint};
    use serde::de::Error;
    use serde::{Deserializer, Serializer};

    /// Packed into one byte string by a tight loop (see `marsad_core::packed`).
    pub fn serialize<S: Serializer>(v: &super::Vector, s: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(v.len() * 3);
        let mut before = 0u32;
        for &(t, w) in v {
            let count = w as u32;
            let code = if (count as f32).to_bits() == w.to_bits() {
                u64::from(count) << 1
            } else {
                (u64::from(w.to_bits()) << 1) | 1
            };
            put_varint(&mut out, u64::from(t.wrapping_sub(before)));
            put_varint(&mut out, code);
            before = t;
        }
        s.serialize_bytes(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<super::Vector, D::Error> {
        let bytes: Vec<u8> = marsad_core::packed::byte_string(d)?;
        let malformed = || D::Error::custom("a malformed article vector");
        let (mut out, mut at, mut id) = (Vec::new(), 0, 0u32);
        while at < bytes.len() {
            let delta = get_varint(&bytes, &mut at).ok_or_else(malformed)?;
            let code = get_varint(&bytes, &mut at).ok_or_else(malformed)?;
            id = id.wrapping_add(u32::try_from(delta).map_err(|_| malformed())?);
            let bits = u32::try_from(code >> 1).map_err(|_| malformed())?;
            let w = match code & 1 {
                0 => bits as f32,
                _ => f32::from_bits(bits),
            };
            out.push((id, w));
        }
        Ok(out)
    }
}

/// An article's terms, hashed, with their weights: all that interning needs.
/// Made from an analysis on any thread, so that the clustering thread only
/// looks numbers up.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// Per part (body, title, names, anchors): (key, weight, term as shown,
    /// a range of `labels`). Body and title stems share one key space; names
    /// and anchors each have their own, so each part has its own IDF.
    parts: [Vec<(u64, f32, Label)>; 4],
    /// Every term's text, one after the other: one allocation per article
    /// rather than one per term.
    labels: String,
    sentences: Vec<u64>,
    /// The lead's anchors (key in the anchors' space, kind, group (see
    /// `Anchor::group`), coarse keys of it and its neighbours, label).
    lead: Vec<(u64, u8, u32, [u64; 3], Label)>,
    /// The coarse keys of all the anchors (see `Anchor::coarse`), sorted.
    mentions: Vec<u64>,
    /// The keys of the anchors that tell the event (see
    /// `Anchor::tells_the_event`), sorted.
    telling: Vec<u64>,
    lead_day: Option<LeadDay>,
    /// The title's actor (see `Analysis::actor`): keys in the body and
    /// title space, with labels.
    actor: Vec<(u64, Label)>,
    /// Other names of the actor (`Analysis::actor_names`), likewise.
    actor_names: Vec<(u64, Label)>,
    /// The places the title names, and those named anywhere
    /// (`Analysis::title_places`, `Analysis::places`): keys in their
    /// own space, with labels.
    title_places: Vec<(u64, Label)>,
    places: Vec<(u64, Label)>,
    /// The outlet, hashed (0 when unknown; see [`Terms::from_outlet`]).
    outlet: u64,
    harm: marsad_text::Harm,
}

/// A term's text in [`Terms::labels`], as a byte range.
type Label = (u32, u32);

impl Terms {
    pub fn new(a: &Analysis) -> Terms {
        let key =
            |space: u8, t: &str| xxhash_rust::xxh3::xxh3_64_with_seed(t.as_bytes(), space as u64);
        // Raw term frequency: on the labeled data it correlates better with
        // human judgements than 1 + ln(tf) (Pearson 0.74 against 0.70 on
        // SemEval-2022) at equal clustering quality; see BENCHMARKS.md.
        let mut labels = String::new();
        let mut label = |t: &str| {
            let start = labels.len() as u32;
            labels.push_str(t);
            (start, labels.len() as u32)
        };
        let mut counts = |c: &TermCounts| -> Vec<(u64, f32, Label)> {
            c.iter()
                .map(|(t, &n)| (key(0, t), n as f32, label(t)))
                .collect()
        };
        let (body, title) = (counts(&a.body), counts(&a.title));
        // Names, and the places named anywhere under one name each (a town
        // under two spellings is one name here).
        let mut names: Vec<(u64, f32, Label)> =
            a.names.iter().map(|n| (key(1, n), 1.0, label(n))).collect();
        names.extend(a.places.iter().map(|p| (key(1, p), 1.0, label(p))));
        // The ordinals first and second are everyday words («النائب
        // الثاني», «للمرة الأولى»): sharing them alone says nothing, and a
        // cosine over one shared anchor would read as full agreement.
        let anchors = a
            .anchors
            .iter()
            .filter(|x| !matches!(x, Anchor::Ordinal(n) if *n <= 2))
            .map(|x: &Anchor| {
                let text = x.label();
                (key(2, &text), 1.0, label(&text))
            })
            .collect();
        let coarse = |x: &Anchor| key(3, &x.coarse().label());
        let lead = a
            .lead_anchors
            .iter()
            .map(|x: &Anchor| {
                let text = x.label();
                let near = x.neighbours().map(|n| coarse(&n));
                (key(2, &text), x.kind() as u8, x.group(), near, label(&text))
            })
            .collect();
        let actor = a.actor.iter().map(|t| (key(0, t), label(t))).collect();
        let actor_names = a
            .actor_names
            .iter()
            .map(|t| (key(0, t), label(t)))
            .collect();
        let mut place = |v: &[String]| -> Vec<(u64, Label)> {
            v.iter().map(|t| (key(4, t), label(t))).collect()
        };
        let title_places = place(&a.title_places);
        let places = place(&a.places);
        let mut mentions: Vec<u64> = a.anchors.iter().map(coarse).collect();
        mentions.sort_unstable();
        mentions.dedup();
        let mut telling: Vec<u64> = a
            .anchors
            .iter()
            .filter(|x| x.tells_the_event())
            .map(|x| key(2, &x.label()))
            .collect();
        telling.sort_unstable();
        telling.dedup();
        Terms {
            parts: [body, title, names, anchors],
            labels,
            sentences: a.sentences.clone(),
            lead,
            mentions,
            telling,
            lead_day: a.lead_day,
            actor,
            actor_names,
            title_places,
            places,
            outlet: 0,
            harm: a.harm,
        }
    }

    /// The same terms, from a named outlet: one outlet's two articles of
    /// the same hours are seldom one event told twice (see
    /// `Params::w_outlet`).
    pub fn from_outlet(mut self, outlet: Option<&str>) -> Terms {
        self.outlet = outlet.map_or(0, |o| {
            xxhash_rust::xxh3::xxh3_64_with_seed(o.trim().to_lowercase().as_bytes(), 5).max(1)
        });
        self
    }
}

/// The vocabulary of terms seen so far with their document frequencies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vocab {
    /// Term key (see [`Terms`]) → term id. Keys are 64-bit hashes: two terms
    /// would share an id only if they collided, about once in 10^7 runs of a
    /// million distinct terms.
    ids: FxHashMap<u64, u32>,
    terms: Vec<String>,
    df: Vec<u32>,
    /// ln(df + 1) per term and ln(docs + 1), kept up to date so that a
    /// refresh never calls `ln`.
    ln_df: Vec<f32>,
    ln_docs: f32,
    docs: u32,
    /// IDF per term as of the last refresh. Scoring reads this snapshot, not
    /// the live counts, so that weighted norms (of articles and of story
    /// centroids) can be cached until the next refresh instead of being
    /// recomputed for every comparison.
    idf_snapshot: Vec<f32>,
    /// IDF of a term unseen at the last refresh (the highest there is).
    idf_unseen: f32,
    /// Counts the refreshes; cached norms carry the epoch they were made in.
    epoch: u32,
    /// The document count at which the next refresh happens. Refreshes
    /// follow the count alone, so a store replayed in arrival order goes
    /// through the same snapshots as the run that filled it.
    next_refresh: u32,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            ids: FxHashMap::default(),
            terms: Vec::new(),
            df: Vec::new(),
            ln_df: Vec::new(),
            ln_docs: 0.0,
            docs: 0,
            idf_snapshot: Vec::new(),
            // ln(0 + 1) - ln(0 + 1) + 1: what every term weighs in an empty
            // collection.
            idf_unseen: 1.0,
            epoch: 0,
            next_refresh: 0,
        }
    }
}

impl Vocab {
    fn id(&mut self, key: u64, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(key, id);
        self.terms.push(term.to_owned());
        self.df.push(0);
        self.ln_df.push(0.0);
        id
    }

    /// Inverse document frequency as of the last refresh, smoothed: unseen
    /// terms weigh the most.
    #[inline]
    pub fn idf(&self, id: u32) -> f32 {
        self.idf_snapshot
            .get(id as usize)
            .copied()
            .unwrap_or(self.idf_unseen)
    }

    /// Takes a new IDF snapshot from the current counts. The clusterer's
    /// counting does this by itself, every time the collection grows by a
    /// sixteenth (the IDF of a term barely moves in between); call it after
    /// counting a fixed collection by hand.
    pub fn refresh(&mut self) {
        let ln_docs = self.ln_docs;
        self.idf_snapshot.clear();
        self.idf_snapshot
            .extend(self.ln_df.iter().map(|l| ln_docs - l + 1.0));
        self.idf_unseen = ln_docs + 1.0;
        self.epoch += 1;
        self.next_refresh = self.docs + (self.docs / 16).max(1);
    }

    /// The refresh count: a value cached under another epoch is stale.
    pub(crate) fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The term behind an id.
    pub fn term(&self, id: u32) -> &str {
        self.terms
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Number of documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Turns an article's terms into a document, adding new terms to the
    /// vocabulary (their frequencies are counted by [`Vocab::count`]).
    pub fn intern(&mut self, terms: &Terms, time: Option<i64>) -> Doc {
        let mut id = |key: u64, t: &str| self.id(key, t);
        build_doc(terms, time, &mut id)
    }

    /// Like [`Vocab::intern`] but read-only: unknown terms get ids past the
    /// vocabulary, which match nothing and weigh as unseen terms.
    pub fn lookup(&self, terms: &Terms, time: Option<i64>) -> Doc {
        let mut next = self.terms.len() as u32;
        let mut unknown: FxHashMap<u64, u32> = FxHashMap::default();
        let mut id = |key: u64, _: &str| match self.ids.get(&key) {
            Some(&id) => id,
            None => *unknown.entry(key).or_insert_with(|| {
                next += 1;
                next
            }),
        };
        build_doc(terms, time, &mut id)
    }

    /// Counts a document's terms into the document frequencies.
    pub fn count(&mut self, doc: &Doc) {
        self.docs += 1;
        self.ln_docs = (self.docs as f32 + 1.0).ln();
        let mut ids: Vec<u32> = doc
            .body
            .iter()
            .chain(&doc.title)
            .chain(&doc.names)
            .chain(&doc.anchors)
            .map(|t| t.0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if let Some(df) = self.df.get_mut(id as usize) {
                *df += 1;
                self.ln_df[id as usize] = (*df as f32 + 1.0).ln();
            }
        }
        if self.docs >= self.next_refresh {
            self.refresh();
        }
    }
}

fn build_doc(terms: &Terms, time: Option<i64>, id: &mut dyn FnMut(u64, &str) -> u32) -> Doc {
    let day = time
        .zip(terms.lead_day)
        .map(|(t, d)| d.resolve(t.div_euclid(86_400)));
    let time = written(time, terms.lead_day, day);
    let mut vector = |part: &[(u64, f32, Label)]| -> Vector {
        let mut v: Vector = part
            .iter()
            .map(|&(k, w, (s, e))| (id(k, &terms.labels[s as usize..e as usize]), w))
            .collect();
        v.sort_unstable_by_key(|t| t.0);
        v.dedup_by_key(|t| t.0);
        v
    };
    let [body, title, names, anchors] = &terms.parts;
    let (body, title, names, anchors) =
        (vector(body), vector(title), vector(names), vector(anchors));
    let mut lead: Vec<LeadAnchor> = terms
        .lead
        .iter()
        .map(|&(k, kind, group, coarse, (s, e))| LeadAnchor {
            kind,
            group,
            id: id(k, &terms.labels[s as usize..e as usize]),
            coarse,
        })
        .collect();
    lead.sort_unstable();
    lead.dedup();
    let mut ids = |v: &[(u64, Label)]| -> Vec<u32> {
        let mut out: Vec<u32> = v
            .iter()
            .map(|&(k, (s, e))| id(k, &terms.labels[s as usize..e as usize]))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    let (actor, actor_names) = (ids(&terms.actor), ids(&terms.actor_names));
    let (title_places, places) = (ids(&terms.title_places), ids(&terms.places));
    Doc {
        body,
        title,
        names,
        anchors,
        lead,
        mentions: terms.mentions.clone(),
        telling: terms.telling.clone(),
        sentences: terms.sentences.clone(),
        actor,
        actor_names,
        title_places,
        places,
        outlet: terms.outlet,
        harm: terms.harm,
        time,
        day,
        named: terms.lead_day,
    }
}

/// When a report was written: its publish time, or the day its lead says is
/// today («اليوم الاثنين») when that is two or more days earlier. A publish
/// time days after the day the text calls today is an archive's or a batch
/// crawl's (one site's reports of a week's market days, all stamped within
/// minutes); the writing day is what tells each day's report apart. A day
/// back is left alone: a next-morning edition copies «اليوم» unchanged.
fn written(time: Option<i64>, lead: Option<LeadDay>, day: Option<i64>) -> Option<i64> {
    match (time, lead, day) {
        (Some(t), Some(LeadDay::Today(_)), Some(d)) => {
            let late = t.div_euclid(86_400) - d;
            Some(if late >= 2 { t - late * 86_400 } else { t })
        }
        _ => time,
    }
}

/// An anchor of an article's lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LeadAnchor {
    /// Its `AnchorKind`, as a number.
    pub kind: u8,
    /// What it is compared within, beside its kind (`Anchor::group`: the
    /// noun of a series item), so that the third flight conflicts with the
    /// second flight, not with the second deputy.
    pub group: u32,
    /// Its id among the anchors (for showing it).
    pub id: u32,
    /// The coarse keys (see `Anchor::coarse`) of it and its neighbours
    /// (`Anchor::neighbours`): another report that mentions one of them
    /// does not conflict.
    pub coarse: [u64; 3],
}

/// An article prepared for matching.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    /// Body stems with their term frequencies.
    #[serde(with = "compact_vector")]
    pub body: Vector,
    #[serde(with = "compact_vector")]
    pub title: Vector,
    #[serde(with = "compact_vector")]
    pub names: Vector,
    #[serde(with = "compact_vector")]
    pub anchors: Vector,
    /// The lead's anchors, sorted by kind: what the report says its event
    /// is (see [`conflict`]).
    pub lead: Vec<LeadAnchor>,
    /// The coarse keys of all its anchors, sorted: what it mentions.
    #[serde(with = "marsad_core::packed::words")]
    pub mentions: Vec<u64>,
    /// The keys of its anchors that tell the event beyond its day, sorted
    /// (`Anchor::tells_the_event`).
    #[serde(with = "marsad_core::packed::words")]
    pub telling: Vec<u64>,
    /// Sentence fingerprints, sorted.
    #[serde(with = "marsad_core::packed::words")]
    pub sentences: Vec<u64>,
    /// Publish time in unix seconds.
    pub time: Option<i64>,
    /// The event's day as the lead names it (days since 1970-01-01), when
    /// the article is dated.
    pub day: Option<i64>,
    /// How the lead names that day: by its weekday («أمس الثلاثاء»), as
    /// today's weekday («اليوم الأربعاء»: the day it was written), or as
    /// «اليوم» or «أمس» alone.
    #[serde(default)]
    pub named: Option<LeadDay>,
    /// The title's actor, as term ids, sorted (see `Analysis::actor`).
    #[serde(default)]
    pub actor: Vec<u32>,
    /// Other names of the actor, as term ids, sorted (`Analysis::actor_names`).
    #[serde(default)]
    pub actor_names: Vec<u32>,
    /// The places the title names, as ids, sorted
    /// (`Analysis::title_places`).
    #[serde(default)]
    pub title_places: Vec<u32>,
    /// The places named anywhere, as ids, sorted (`Analysis::places`).
    #[serde(default)]
    pub places: Vec<u32>,
    /// The outlet, hashed; 0 when unknown.
    #[serde(default)]
    pub outlet: u64,
    /// The harm it tells of (`Analysis::harm`).
    #[serde(default)]
    pub harm: marsad_text::Harm,
}

/// What harm the headline of an article whose harm differs from
/// another's tells of (see [`harm_differs`]), for explanations: «وفاة» or
/// «إصابات فقط», with the toll when the headline gives one («وفاة (27)»).
pub(crate) fn harm_label(d: &Doc) -> String {
    let kind = if d.harm.title_killed {
        "وفاة"
    } else {
        "إصابات فقط"
    };
    match d.harm.title_toll {
        Some(n) => format!("{kind} ({n})"),
        None => kind.to_owned(),
    }
}

/// Whether two articles tell of different harm (see [`marsad_text::Harm::differs`]).
pub(crate) fn harm_differs(a: &Doc, b: &Doc) -> bool {
    a.harm.differs(b.harm)
}

impl Doc {
    /// How late the article's event is, for closing stories: its publish
    /// time, or the end of the day its lead names when that is earlier, by
    /// a day at most (a next-morning paper, or one crawled a day late, that
    /// says «أمس الثلاثاء» tells Tuesday's event; a lead's weekday further
    /// back is an earlier event's, told as background).
    pub fn event_time(&self) -> Option<i64> {
        let t = self.time?;
        Some(
            self.day
                .map_or(t, |d| t.min((d + 1) * 86_400).max(t - 86_400)),
        )
    }

    /// When the article's event starts, for a story's clock: its publish
    /// time, or the start of the day its lead names when that is later (a
    /// preview, «غداً.. بدء المحاكمة», opens the story of an event that
    /// starts the next day, and the story's days count from then).
    pub fn event_start(&self) -> Option<i64> {
        let t = self.time?;
        Some(self.day.map_or(t, |d| t.max(d * 86_400)))
    }

    /// When the article's happening is, for judging whether two stories tell
    /// one: the day its lead names, whether earlier (`event_time`: «أمس») or
    /// later (`event_start`: a preview's «غداً»), else its publish time.
    pub fn happening_time(&self) -> Option<i64> {
        let start = self.event_start()?;
        if start > self.time? {
            Some(start)
        } else {
            self.event_time()
        }
    }

    /// The norm of each sub-vector once weighted by IDF (body, title, names,
    /// anchors): what a cosine with this document divides by.
    pub(crate) fn norms(&self, vocab: &Vocab) -> Norms {
        let norm = |v: &Vector| {
            v.iter()
                .map(|&(t, w)| {
                    let x = w * vocab.idf(t);
                    x * x
                })
                .sum::<f32>()
                .sqrt()
        };
        Norms {
            epoch: vocab.epoch(),
            parts: [
                norm(&self.body),
                norm(&self.title),
                norm(&self.names),
                norm(&self.anchors),
            ],
        }
    }
}

/// A document's weighted norms, valid for one IDF epoch.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Norms {
    pub(crate) epoch: u32,
    parts: [f32; 4],
}

/// An article ready to be compared with many others: each sub-vector holds
/// tf·idf² / norm, so that its dot product with another document's raw term
/// frequencies, divided by that document's norm, is the cosine of the two
/// IDF-weighted vectors. The other side then needs no reweighting at all.
pub(crate) struct Query {
    pub(crate) body: Vector,
    title: Vector,
    names: Vector,
    anchors: Vector,
}

impl Query {
    pub(crate) fn new(doc: &Doc, vocab: &Vocab) -> Query {
        let norms = doc.norms(vocab);
        let scale = |v: &Vector, norm: f32| -> Vector {
            if norm == 0.0 {
                return Vec::new();
            }
            v.iter()
                .map(|&(t, w)| {
                    let idf = vocab.idf(t);
                    (t, w * idf * idf / norm)
                })
                .collect()
        };
        Query {
            body: scale(&doc.body, norms.parts[0]),
            title: scale(&doc.title, norms.parts[1]),
            names: scale(&doc.names, norms.parts[2]),
            anchors: scale(&doc.anchors, norms.parts[3]),
        }
    }
}

/// A story's centroid: the sum of its members' body vectors, each scaled to
/// unit length before IDF (IDF changes as articles arrive, so it is applied
/// when scoring).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Centroid {
    /// The summed weights, sorted by term id (as every [`Vector`]), so that
    /// sums over it run in term order whichever way it is read.
    #[serde(with = "compact_vector")]
    sum: Vector,
    /// How many members hold each term of `sum`, in the same order.
    held: Vec<u32>,
    /// Members added.
    members: u32,
}

impl Centroid {
    pub fn add(&mut self, doc: &Doc) {
        let norm = doc.body.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        if norm == 0.0 {
            return;
        }
        self.members += 1;
        let (a, b) = (&self.sum, &doc.body);
        let mut sum = Vec::with_capacity(a.len() + b.len());
        let mut held = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let ((ta, wa), (tb, wb)) = (a[i], b[j]);
            match ta.cmp(&tb) {
                std::cmp::Ordering::Less => {
                    sum.push((ta, wa));
                    held.push(self.held[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    sum.push((tb, wb / norm));
                    held.push(1);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    sum.push((ta, wa + wb / norm));
                    held.push(self.held[i] + 1);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum.extend_from_slice(&a[i..]);
        held.extend_from_slice(&self.held[i..]);
        sum.extend(b[j..].iter().map(|&(t, w)| (t, w / norm)));
        held.extend(std::iter::repeat_n(1, b.len() - j));
        self.sum = sum;
        self.held = held;
    }

    /// Adds another centroid's members (a merged story whose members are
    /// no longer all at hand to add one by one).
    pub(crate) fn absorb(&mut self, other: &Centroid) {
        self.members += other.members;
        let (a, b) = (&self.sum, &other.sum);
        let mut sum = Vec::with_capacity(a.len() + b.len());
        let mut held = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    sum.push(a[i]);
                    held.push(self.held[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    sum.push(b[j]);
                    held.push(other.held[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    sum.push((a[i].0, a[i].1 + b[j].1));
                    held.push(self.held[i] + other.held[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
        self.sum = sum;
        self.held = held;
    }

    /// How many members hold a term.
    fn holders(&self, t: u32) -> u32 {
        match self.sum.binary_search_by_key(&t, |e| e.0) {
            Ok(i) => self.held[i],
            Err(_) => 0,
        }
    }

    /// The story's core: the `k` most telling body terms that more than
    /// half its members hold (what its reports agree the event is), with
    /// their IDF. A one-member story has its member's key terms instead.
    pub(crate) fn core(&self, vocab: &Vocab, k: usize) -> Vec<(u32, f32)> {
        let n = self.members;
        let mut core: Vec<(u32, f32)> = self
            .sum
            .iter()
            .zip(&self.held)
            .filter(|&(_, &h)| h * 2 > n)
            .map(|(&(t, w), _)| (t, vocab.idf(t) * w / n as f32))
            .collect();
        top(&mut core, k);
        core
    }

    /// Cosine between two centroids under the vocabulary's IDF: how well
    /// two stories fit each other as wholes.
    pub(crate) fn cosine_with(&self, other: &Centroid, vocab: &Vocab) -> f32 {
        let (na, nb) = (self.norm(vocab), other.norm(vocab));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let s = weighted_dot(&self.sum, &other.sum, |t, x, y| {
            let idf = vocab.idf(t);
            x * y * idf * idf
        });
        s / (na * nb)
    }

    /// The centroid's norm once weighted by the vocabulary's IDF.
    pub(crate) fn norm(&self, vocab: &Vocab) -> f32 {
        let mut norm = 0.0;
        for &(t, w) in &self.sum {
            let x = w * vocab.idf(t);
            norm += x * x;
        }
        norm.sqrt()
    }

    /// Cosine between a query's body and this centroid, given the
    /// centroid's weighted norm under the same IDF. `dense` and `in_query`
    /// hold the query's body weights by term id and a bit per term in it.
    /// Either way the products are summed in term order: the same result.
    pub(crate) fn cosine(&self, q: &Query, norm: f32, dense: &[f32], in_query: &[u64]) -> f32 {
        if norm == 0.0 {
            return 0.0;
        }
        let dot: f32 = if self.sum.len() <= 8 * q.body.len() {
            // A small centroid: one pass over it against the dense query.
            self.sum
                .iter()
                .filter(|&&(t, _)| {
                    let t = t as usize;
                    in_query
                        .get(t / 64)
                        .is_some_and(|b| b & (1 << (t % 64)) != 0)
                })
                .map(|&(t, c)| dense[t as usize] * c)
                .sum()
        } else {
            // A large one: look each query term up, moving forward.
            let mut rest: &[(u32, f32)] = &self.sum;
            q.body
                .iter()
                .filter_map(|&(t, w)| {
                    rest = &rest[rest.partition_point(|e| e.0 < t)..];
                    rest.first().filter(|e| e.0 == t).map(|&(_, c)| w * c)
                })
                .sum()
        };
        dot / norm
    }
}

fn dot(a: &Vector, b: &Vector) -> f32 {
    weighted_dot(a, b, |_, x, y| x * y)
}

/// The sum, over the terms two sparse vectors (sorted by term) share, of
/// `product(term, weight in a, weight in b)`.
fn weighted_dot(a: &[(u32, f32)], b: &[(u32, f32)], product: impl Fn(u32, f32, f32) -> f32) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += product(a[i].0, a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The terms (without prefix) two sub-vectors share.
pub(crate) fn shared_labels(a: &Vector, b: &Vector, vocab: &Vocab) -> Vec<String> {
    let bs: Vec<u32> = b.iter().map(|t| t.0).collect();
    a.iter()
        .filter(|t| bs.binary_search(&t.0).is_ok())
        .map(|t| vocab.term(t.0).to_owned())
        .collect()
}

/// How much a conflict in anchors of each kind ([`AnchorKind`] order) counts:
/// counts differ between reports of one event (a toll rises, outlets round)
/// more often than ordinals, dates, years and series items («الطائرة الثانية»
/// against «الطائرة الثالثة»), sports and final scores do.
const KIND_WEIGHT: [f32; AnchorKind::ALL.len()] =
    [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];

/// One side of an anchor comparison: the anchors its lead names, sorted by
/// kind, and whether it mentions an anchor (by coarse key) anywhere.
pub(crate) trait AnchorSide {
    fn lead(&self) -> &[LeadAnchor];
    fn mentions(&self, coarse: u64) -> bool;
    /// Whether it mentions the lead anchor `x` or one of its neighbours.
    fn mentions_any(&self, x: &LeadAnchor) -> bool {
        x.coarse.iter().any(|&k| self.mentions(k))
    }
}

impl AnchorSide for Doc {
    fn lead(&self) -> &[LeadAnchor] {
        &self.lead
    }
    fn mentions(&self, coarse: u64) -> bool {
        self.mentions.binary_search(&coarse).is_ok()
    }
}

/// A story's anchors, counted over its members: what the story as a whole
/// says its event is, so that an article is judged against the story and
/// not only against its closest member.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct AnchorProfile {
    members: u32,
    /// (coarse key, members mentioning it), sorted.
    mentioned: Vec<(u64, u32)>,
    /// Lead anchors with the number of members whose lead names them, sorted.
    leads: Vec<(LeadAnchor, u32)>,
    /// The lead anchors at least half the members name, sorted.
    identity: Vec<LeadAnchor>,
}

impl AnchorProfile {
    pub(crate) fn add(&mut self, doc: &Doc) {
        self.members += 1;
        for &k in &doc.mentions {
            match self.mentioned.binary_search_by_key(&k, |e| e.0) {
                Ok(i) => self.mentioned[i].1 += 1,
                Err(i) => self.mentioned.insert(i, (k, 1)),
            }
        }
        for &x in &doc.lead {
            match self.leads.binary_search_by_key(&x, |e| e.0) {
                Ok(i) => self.leads[i].1 += 1,
                Err(i) => self.leads.insert(i, (x, 1)),
            }
        }
        let n = self.members;
        self.identity.clear();
        self.identity
            .extend(self.leads.iter().filter(|e| e.1 * 2 >= n).map(|e| e.0));
    }
}

impl AnchorProfile {
    /// Adds another story's counts (see [`Centroid::absorb`]).
    pub(crate) fn absorb(&mut self, other: &AnchorProfile) {
        self.members += other.members;
        for &(k, n) in &other.mentioned {
            match self.mentioned.binary_search_by_key(&k, |e| e.0) {
                Ok(i) => self.mentioned[i].1 += n,
                Err(i) => self.mentioned.insert(i, (k, n)),
            }
        }
        for &(x, n) in &other.leads {
            match self.leads.binary_search_by_key(&x, |e| e.0) {
                Ok(i) => self.leads[i].1 += n,
                Err(i) => self.leads.insert(i, (x, n)),
            }
        }
        let n = self.members;
        self.identity.clear();
        self.identity
            .extend(self.leads.iter().filter(|e| e.1 * 2 >= n).map(|e| e.0));
    }
}

impl AnchorProfile {
    /// The story as a merge judges it: its identity, and the series items
    /// a quarter of its members' leads name (the third flight is what a
    /// story's first reports are, when its later ones, a relief centre's
    /// other news, do not repeat it). Other anchors stay at half: figures
    /// and years a few leads give differ as details.
    pub(crate) fn broadly(&self) -> BroadProfile<'_> {
        let item = AnchorKind::Item as u8;
        let mut leads: Vec<LeadAnchor> = self
            .leads
            .iter()
            .filter(|e| e.1 * 2 >= self.members || (e.0.kind == item && e.1 * 4 >= self.members))
            .map(|e| e.0)
            .collect();
        leads.sort_unstable();
        BroadProfile {
            profile: self,
            leads,
        }
    }
}

/// A story's anchors with its lead anchors taken broadly (see
/// [`AnchorProfile::broadly`]).
pub(crate) struct BroadProfile<'a> {
    profile: &'a AnchorProfile,
    leads: Vec<LeadAnchor>,
}

impl AnchorSide for BroadProfile<'_> {
    fn lead(&self) -> &[LeadAnchor] {
        &self.leads
    }
    fn mentions(&self, coarse: u64) -> bool {
        self.profile.mentions(coarse)
    }
}

impl AnchorSide for AnchorProfile {
    fn lead(&self) -> &[LeadAnchor] {
        &self.identity
    }
    /// Mentioned by at least a quarter of the members: one stray member
    /// does not make a story's figure its own.
    fn mentions(&self, coarse: u64) -> bool {
        match self.mentioned.binary_search_by_key(&coarse, |e| e.0) {
            Ok(i) => self.mentioned[i].1 * 4 >= self.members,
            Err(_) => false,
        }
    }
}

/// A story's headlines, counted: how many members' titles hold each title
/// term, so that an article is judged against what the story's headlines
/// say its event is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct TitleProfile {
    /// Members with a title.
    members: u32,
    /// (term id, members whose title holds it), sorted.
    held: Vec<(u32, u32)>,
}

impl TitleProfile {
    pub(crate) fn add(&mut self, doc: &Doc) {
        self.add_terms(doc.title.iter().map(|e| e.0));
    }

    /// Counts one member's terms (none: the member does not count).
    pub(crate) fn add_terms(&mut self, terms: impl ExactSizeIterator<Item = u32>) {
        if terms.len() == 0 {
            return;
        }
        self.members += 1;
        for t in terms {
            match self.held.binary_search_by_key(&t, |e| e.0) {
                Ok(i) => self.held[i].1 += 1,
                Err(i) => self.held.insert(i, (t, 1)),
            }
        }
    }

    /// Adds another story's counts (see [`Centroid::absorb`]).
    pub(crate) fn absorb(&mut self, other: &TitleProfile) {
        self.members += other.members;
        for &(t, n) in &other.held {
            match self.held.binary_search_by_key(&t, |e| e.0) {
                Ok(i) => self.held[i].1 += n,
                Err(i) => self.held.insert(i, (t, n)),
            }
        }
    }

    fn holders(&self, t: u32) -> u32 {
        match self.held.binary_search_by_key(&t, |e| e.0) {
            Ok(i) => self.held[i].1,
            Err(_) => 0,
        }
    }

    /// The headline core: the terms at least half the titles hold, with
    /// their IDF.
    fn core(&self, vocab: &Vocab) -> Vec<(u32, f32)> {
        self.held
            .iter()
            .filter(|&&(_, h)| h * 2 >= self.members)
            .map(|&(t, _)| (t, vocab.idf(t)))
            .collect()
    }
}

/// How much an article and a story are about different subjects: who acts,
/// who is hit, where. Twin events share their wording, the story's core
/// terms included (one statement condemned by two bodies, one city shelled
/// twice), so [`differ`] lets them in; what differs is the subject, which an
/// article names most (its heaviest key terms) and a story's headlines
/// share. The IDF-weighted share of the article's `k` heaviest key terms
/// that under a quarter of the story's members hold, and of the story's
/// headline core (title terms at least half its titles hold) the article
/// holds nowhere, the lower of the two: a report of the event names the
/// story's subject somewhere even when its own heaviest words are details.
/// Returns the share and the differing terms of each side.
pub(crate) fn differ_subject(
    doc: &Doc,
    vocab: &Vocab,
    k: usize,
    centroid: &Centroid,
    titles: &TitleProfile,
) -> (f32, Vec<u32>, Vec<u32>) {
    if titles.members == 0 {
        return (0.0, Vec::new(), Vec::new());
    }
    let keys = key_terms(doc, vocab, k);
    let core = titles.core(vocab);
    if keys.is_empty() || core.is_empty() {
        return (0.0, Vec::new(), Vec::new());
    }
    let n = centroid.members.max(titles.members).max(1);
    let (a, ours) = missing_share(&keys, |t| {
        centroid.holders(t).max(titles.holders(t)) * 4 >= n
    });
    let (b, theirs) = missing_share(&core, |t| holds(doc, t));
    (a.min(b), ours, theirs)
}

/// Whether two articles' titles name different actors, neither of which
/// the other article names anywhere («البحرين تستنكر …» against «الزياني:
/// …»): one remark condemned by two bodies is two events told in the same
/// words. A report of one event names its actor somewhere, whatever its
/// headline opens with.
pub(crate) fn actors_differ(a: &Doc, b: &Doc, vocab: &Vocab) -> bool {
    !a.actor.is_empty()
        && !b.actor.is_empty()
        && !names_actor(b, a, vocab)
        && !names_actor(a, b, vocab)
}

/// Whether `side` names `doc`'s title actor: by another of its names, or by
/// the words carrying at least half of the actor's IDF weight. One common
/// word of an actor is not its name: «ديوان» of «ديوان المظالم» is also a
/// ministry's head office, «العالم الإسلامي» is named in passing without
/// «رابطة». (Against a story, any word its members widely hold still names
/// the actor, see [`actor_differs_from_story`]: the story's many reports
/// name a subject under all its words; this measured better there.)
fn names_actor(side: &Doc, doc: &Doc, vocab: &Vocab) -> bool {
    if doc.actor_names.iter().any(|&t| holds(side, t)) {
        return true;
    }
    let (mut named, mut all) = (0.0, 0.0);
    for &t in &doc.actor {
        let w = vocab.idf(t);
        all += w;
        if holds(side, t) {
            named += w;
        }
    }
    named * 2.0 >= all
}

/// Whether each of two articles' titles names a place the other article
/// names nowhere: one king receiving two countries' ministers, one attack
/// condemned by two governments, one election prepared in two cities, one
/// team against two opponents, in the same hours and words («… وزير الخارجية
/// المصري» against «… رئيس وزراء لبنان»; «السعودية تتغلب على الكويت»
/// against «السعودية تتغلب على الإمارات»). A report of one event names its
/// places somewhere; a place both name (the host, the home side) does not
/// make two events one.
pub(crate) fn places_differ(a: &Doc, b: &Doc) -> bool {
    let named = |d: &Doc, t: &u32| d.places.binary_search(t).is_ok();
    !a.title_places.is_empty()
        && !b.title_places.is_empty()
        && a.title_places.iter().any(|t| !named(b, t))
        && b.title_places.iter().any(|t| !named(a, t))
}

/// Whether an article's title names other places than its story's
/// headlines do, once one of them names one (a place in one title is as
/// telling as in two, unlike an actor's words): the places at least half of
/// those titles name (there may be none: a story whose titles each name
/// another place has none of its own to welcome one more) are named
/// nowhere in the article, and no place of its title is named by a
/// quarter of the story's members.
pub(crate) fn places_differ_from_story(
    doc: &Doc,
    titled: &TitleProfile,
    named: &TitleProfile,
    centroid: &Centroid,
) -> bool {
    if doc.title_places.is_empty() || titled.members == 0 {
        return false;
    }
    let core = title_core(titled);
    let n = centroid.members.max(1);
    !core.iter().any(|t| doc.places.binary_search(t).is_ok())
        && !doc.title_places.iter().any(|&t| named.holders(t) * 4 >= n)
}

/// What a merge reads of a story's titles: its actors' and places'
/// profiles, and its members (`Centroid`) for who names what.
pub(crate) struct StoryTitles<'a> {
    pub actors: &'a TitleProfile,
    pub places_titled: &'a TitleProfile,
    pub places_named: &'a TitleProfile,
    pub centroid: &'a Centroid,
}

/// Whether two stories' titles say different events as wholes, as a join
/// is judged (see [`actors_differ`], [`places_differ`]): the actors or
/// the places at least half of each story's titles name are, on neither
/// side, named by a quarter of the other's members. A round-up that reads
/// like two audiences does not merge them.
pub(crate) fn stories_differ(x: &StoryTitles, y: &StoryTitles) -> bool {
    // Both cores, neither held by a quarter of the other side's members.
    let apart = |cx: Vec<u32>, cy: Vec<u32>, held: fn(&StoryTitles, u32) -> u32| {
        let widely = |side: &StoryTitles, t: u32| held(side, t) * 4 >= side.centroid.members.max(1);
        !cx.is_empty()
            && !cy.is_empty()
            && !cx.iter().any(|&t| widely(y, t))
            && !cy.iter().any(|&t| widely(x, t))
    };
    apart(title_core(x.actors), title_core(y.actors), |s, t| {
        s.centroid.holders(t)
    }) || apart(
        title_core(x.places_titled),
        title_core(y.places_titled),
        |s, t| s.places_named.holders(t),
    )
}

/// The places a story's titles name most (each held by the most titles),
/// for showing what an article's places are against.
pub(crate) fn places_titled_most(titled: &TitleProfile) -> Vec<u32> {
    let most = titled.held.iter().map(|e| e.1).max().unwrap_or(0);
    titled
        .held
        .iter()
        .filter(|e| e.1 == most)
        .map(|e| e.0)
        .collect()
}

/// What a story's titles agree on in one profile (its actor, its places):
/// the terms at least half of the titles counted there hold.
pub(crate) fn title_core(titles: &TitleProfile) -> Vec<u32> {
    titles
        .held
        .iter()
        .filter(|&&(_, h)| h * 2 >= titles.members)
        .map(|&(t, _)| t)
        .collect()
}

/// Whether an article's title names another actor than its story's
/// headlines do: the story's actor (terms at least half of its titles with
/// an actor hold, two titles at least) is not all in the article's title,
/// and no word of the article's actor is held by a quarter of the story's
/// members. The title, not the body: a body names the other actor's common
/// words in passing («الدول العربية والإسلامية» against «التعاون
/// الإسلامي»).
pub(crate) fn actor_differs_from_story(
    doc: &Doc,
    actors: &TitleProfile,
    centroid: &Centroid,
) -> bool {
    if doc.actor.is_empty() || actors.members < 2 {
        return false;
    }
    let core = title_core(actors);
    let n = centroid.members.max(1);
    !core.is_empty()
        && !core.iter().all(|&t| {
            doc.title.binary_search_by_key(&t, |e| e.0).is_ok() || doc.actor_names.contains(&t)
        })
        && !doc
            .actor
            .iter()
            .chain(&doc.actor_names)
            .any(|&t| centroid.holders(t) * 4 >= n)
}

/// How strongly two sides name different events: for each kind of anchor
/// both leads name (the fourth flight against the fifth, Friday against
/// Sunday, a 2.4% fall against a 3.2% one), the share of each lead's anchors
/// of that kind the other side never mentions, the lower of the two (a
/// report that mentions the other's figure anywhere does not conflict),
/// counted from one half up, weighted by kind; summed and capped at 1. With `out`, the conflicting
/// anchors of each kind are pushed as (this side's ids, the other's ids).
pub(crate) fn conflict<A: AnchorSide, B: AnchorSide>(
    a: &A,
    b: &B,
    mut out: Option<&mut Vec<(Vec<u32>, Vec<u32>)>>,
) -> f32 {
    let (la, lb) = (a.lead(), b.lead());
    if la.is_empty() || lb.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    let (mut i, mut j) = (0, 0);
    while i < la.len() && j < lb.len() {
        let (ka, kb) = ((la[i].kind, la[i].group), (lb[j].kind, lb[j].group));
        if ka != kb {
            if ka < kb {
                i += 1;
            } else {
                j += 1;
            }
            continue;
        }
        let ea = i + la[i..]
            .iter()
            .take_while(|x| (x.kind, x.group) == ka)
            .count();
        let eb = j + lb[j..]
            .iter()
            .take_while(|x| (x.kind, x.group) == kb)
            .count();
        let (xa, xb) = (&la[i..ea], &lb[j..eb]);
        let miss_a = xa.iter().filter(|x| !b.mentions_any(x)).count();
        let miss_b = xb.iter().filter(|x| !a.mentions_any(x)).count();
        let c = (miss_a as f32 / xa.len() as f32).min(miss_b as f32 / xb.len() as f32);
        // A minority of figures missing is a typo or an extra detail; twin
        // events differ in most of them.
        let weight = KIND_WEIGHT.get(ka.0 as usize).copied().unwrap_or(1.0);
        if c >= 0.5 && weight > 0.0 {
            total += c * weight;
            if let Some(out) = out.as_deref_mut() {
                out.push((missing(xa, b), missing(xb, a)));
            }
        }
        (i, j) = (ea, eb);
    }
    total.min(1.0)
}

/// The ids of the lead anchors `other` does not mention.
fn missing(lead: &[LeadAnchor], other: &impl AnchorSide) -> Vec<u32> {
    lead.iter()
        .filter(|x| !other.mentions_any(x))
        .map(|x| x.id)
        .collect()
}

/// Keeps the `k` heaviest (term, weight) pairs, heaviest first (ties by
/// term id, so the choice does not depend on the input order).
fn top(v: &mut Vec<(u32, f32)>, k: usize) {
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
}

/// An article's key terms: the `k` most telling of the body terms it repeats
/// or puts in its title (tf·idf, the title counting twice), with their IDF.
/// A word written once and nowhere else is as often a typo as a subject.
pub(crate) fn key_terms(doc: &Doc, vocab: &Vocab, k: usize) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = doc
        .body
        .iter()
        .filter_map(|&(t, tf)| {
            let title = doc.title.binary_search_by_key(&t, |e| e.0).is_ok();
            let weight = tf + if title { 2.0 } else { 0.0 };
            (weight >= 2.0).then(|| (t, weight * vocab.idf(t)))
        })
        .collect();
    top(&mut v, k);
    v
}

/// How much an article and a story are about different things, by the
/// terms that differ rather than those shared (twin events share their
/// template: the same spokesman, the same wording; they differ in the
/// country, the victims, the place): the IDF-weighted share of the
/// article's key terms held by under a quarter of the story's members, and
/// of the story's core terms the article lacks, the lower of the two (an
/// update adds terms of its own but still holds the story's core). Returns
/// the share and the differing terms of each side.
pub(crate) fn differ(
    doc: &Doc,
    keys: &[(u32, f32)],
    centroid: &Centroid,
    core: &[(u32, f32)],
) -> (f32, Vec<u32>, Vec<u32>) {
    if keys.is_empty() || core.is_empty() {
        return (0.0, Vec::new(), Vec::new());
    }
    let n = centroid.members.max(1);
    let (a, ours) = missing_share(keys, |t| {
        let h = centroid.holders(t);
        h > 0 && h * 4 >= n
    });
    let (b, theirs) = missing_share(core, |t| holds(doc, t));
    (a.min(b), ours, theirs)
}

/// Whether an article's body or title holds a term.
fn holds(doc: &Doc, t: u32) -> bool {
    doc.body.binary_search_by_key(&t, |e| e.0).is_ok()
        || doc.title.binary_search_by_key(&t, |e| e.0).is_ok()
}

/// The weighted share of `terms` not `present`, and those terms.
fn missing_share(terms: &[(u32, f32)], present: impl Fn(u32) -> bool) -> (f32, Vec<u32>) {
    let (mut miss, mut all, mut ids) = (0.0, 0.0, Vec::new());
    for &(t, w) in terms {
        all += w;
        if !present(t) {
            miss += w;
            ids.push(t);
        }
    }
    (if all > 0.0 { miss / all } else { 0.0 }, ids)
}

/// How alike two articles are, part by part, and the weighted score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    /// Cosine of the IDF-weighted body stems.
    pub body: f32,
    /// Cosine of the body with the centroid of the story the other article is
    /// in (only when scoring against a story).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_body: Option<f32>,
    /// Cosine of the title stems (`None` when either title is empty).
    pub title: Option<f32>,
    /// Cosine of the names (`None` when either has none).
    pub names: Option<f32>,
    /// Cosine of the anchors: numbers, ordinals, weekdays, months.
    pub anchors: Option<f32>,
    /// Share of the shorter article's long sentences found in the other.
    pub sentences: Option<f32>,
    /// Days between the publish times, when both are known; fewer when
    /// both leads name the event's day (see [`Doc::day`]).
    pub days: Option<f32>,
    /// The days between the publish times, when the named days made
    /// `days` fewer: for explanations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_days: Option<f32>,
    /// How strongly the leads' anchors say the article and the story are
    /// different events (0 to 1; see [`conflict`]), when they conflict at
    /// all: a story-level part like `story_body`, so the pairwise
    /// [`similarity`] (graded against human judgements) does not include it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<f32>,
    /// How much the article's key terms and the story's core differ (0 to
    /// 1; see [`differ`]), when scoring against a story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differ: Option<f32>,
    /// How much the article's subject and the story's headlines differ (0
    /// to 1; see [`differ_subject`]), when scoring against a story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<f32>,
    /// Members of the story scored against (only when scoring against a
    /// story): a larger story asks for more agreement (`Params::w_size`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_size: Option<u32>,
    /// Set when scoring against a story none of whose members scored
    /// shares with the article title words (`Params::bare_title`), an
    /// anchor that tells the event (`Doc::telling`) or a sentence: all they
    /// share is vocabulary and names, which reports on one topic share too
    /// (`Params::w_bare`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bare: Option<bool>,
    /// Set when the article and the member scored are from one outlet and
    /// share few title words (`Params::w_outlet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_outlet: Option<bool>,
    /// Set when the member scored is the outlet's own report in the same
    /// words but no sentence of it: one edition of a recurring report (a
    /// day's markets, told on a template) against another
    /// (`Params::w_template`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<bool>,
    /// The weighted sum: parts that are unknown for this pair leave the
    /// average rather than count as zero.
    pub score: f32,
}

/// The similarity the clusterer uses between two articles, under the
/// vocabulary's IDF snapshot.
pub fn similarity(a: &Doc, b: &Doc, vocab: &Vocab, params: &Params) -> Similarity {
    let q = Query::new(a, vocab);
    let body_dot = dot(&q.body, &b.body);
    similarity_query(&q, a, b, body_dot, &b.norms(vocab), params)
}

/// [`similarity`] with the first article prepared as a query, the dot
/// product of the bodies computed (the clusterer reads it off a dense copy
/// of the query), and the second's norms given (cached by the clusterer).
pub(crate) fn similarity_query(
    q: &Query,
    a: &Doc,
    b: &Doc,
    body_dot: f32,
    norms: &Norms,
    p: &Params,
) -> Similarity {
    let cosine = |q: &Vector, b: &Vector, norm: f32| {
        (!q.is_empty() && !b.is_empty() && norm > 0.0).then(|| dot(q, b) / norm)
    };
    let n = &norms.parts;
    let mut s = Similarity {
        body: match n[0] > 0.0 && !q.body.is_empty() {
            true => body_dot / n[0],
            false => 0.0,
        },
        title: cosine(&q.title, &b.title, n[1]),
        names: cosine(&q.names, &b.names, n[2]),
        anchors: cosine(&q.anchors, &b.anchors, n[3]),
        ..Default::default()
    };
    if !a.sentences.is_empty() && !b.sentences.is_empty() {
        let shared = marsad_core::sorted_overlap(&a.sentences, &b.sentences) as f32;
        s.sentences = Some(shared / a.sentences.len().min(b.sentences.len()) as f32);
    }
    if let (Some(x), Some(y)) = (a.time, b.time) {
        let apart = (x - y).abs() as f32 / 86_400.0;
        // Reports that name one day for their event are that close, however
        // far apart they were published (a web report and the next
        // morning's paper: «اليوم» and «أمس»). Named days never widen the
        // gap: «اليوم» is often copied into a later edition unchanged.
        // One outlet's two reports that each name their weekday, though, are
        // of those two days however close their publish times (Tuesday's and
        // Wednesday's markets put online within the hour). Across outlets
        // the first weekday a lead names may be the eve's («ليل الخميس
        // الجمعة») where another names the morning's.
        use LeadDay::{Today, Weekday};
        let today = |d: &Doc| matches!(d.named, Some(Today(_)));
        let weekday = |d: &Doc| matches!(d.named, Some(Today(_) | Weekday(_)));
        let own_days = (today(a) && today(b))
            || (weekday(a) && weekday(b) && a.outlet != 0 && a.outlet == b.outlet);
        let named = match (a.day, b.day) {
            (Some(d), Some(e)) => {
                Some((d - e).abs() as f32).filter(|&n| n < apart || (own_days && n != apart))
            }
            _ => None,
        };
        s.days = Some(named.unwrap_or(apart));
        s.published_days = named.map(|_| apart);
    }
    s.score = s.combine(p);
    s
}

impl Similarity {
    /// The weighted score of the parts. Against a story, the body part is the
    /// mean of the best member's body cosine and the story centroid's, so a
    /// story that has drifted (chained through loosely related articles)
    /// attracts less than its closest member alone would.
    /// What a join to a large story costs beyond `w_size` when either side
    /// is undated (`Params::w_size_undated`).
    pub fn undated_size_cost(&self, p: &Params) -> f32 {
        match (self.story_size, self.days) {
            (Some(n), None) => p.w_size_undated * (n as f32 / p.undated_size).ln().max(0.0),
            _ => 0.0,
        }
    }

    pub fn combine(&self, p: &Params) -> f32 {
        let s = self;
        let body = match s.story_body {
            Some(c) => (1.0 - p.w_centroid) * s.body + p.w_centroid * c,
            None => s.body,
        };
        let parts = [
            (Some(body), p.w_body),
            (s.title, p.w_title),
            (s.names, p.w_names),
            (s.anchors, p.w_anchors),
            (s.sentences, p.w_sentences),
        ];
        let (mut sum, mut weight) = (0.0, 0.0);
        for (v, w) in parts {
            if let Some(v) = v {
                sum += v * w;
                weight += w;
            }
        }
        let mut score = if weight > 0.0 { sum / weight } else { 0.0 };
        if let Some(d) = s.days {
            score -= p.w_day * (d - p.grace_days).max(0.0);
        }
        if let Some(n) = s.story_size {
            score -= p.w_size * (n.max(1) as f32).ln();
        }
        score -= self.undated_size_cost(p);
        let differ = (s.differ.unwrap_or(0.0) - p.differ_from).max(0.0);
        let subject = (s.subject.unwrap_or(0.0) - p.subject_from).max(0.0);
        if s.bare == Some(true) {
            score -= p.w_bare;
        }
        if s.same_outlet == Some(true) {
            score -= p.w_outlet;
        }
        if s.template == Some(true) {
            score -= p.w_template;
        }
        score
            - p.w_conflict * s.conflict.unwrap_or(0.0)
            - p.w_differ * differ
            - p.w_subject * subject
    }
}
