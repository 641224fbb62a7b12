//! What the matcher needs of one article: stem counts, anchors, names and
//! sentence fingerprints, computed once from the original title and text.

use rustc_hash::FxHashMap;

use crate::numbers::{anchors, series_items, Anchor};
use crate::{is_stopword, sentence_key, sentences, stem, tokens, Token};

/// Counts of stems in a text.
pub type TermCounts = FxHashMap<String, u32>;

/// The analysed form of an article, for matching only.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Stems of the body's content words, with counts.
    pub body: TermCounts,
    /// Stems of the title's content words, with counts.
    pub title: TermCounts,
    /// Numbers, ordinals, weekdays, months, series items, sports and final
    /// scores, sorted and deduplicated.
    pub anchors: Vec<Anchor>,
    /// The anchors of the title and of the body's first [`LEAD_WORDS`]
    /// words, sorted and deduplicated: where a report says which event it
    /// is (the fourth flight, Friday's attack, a 2.4% fall).
    pub lead_anchors: Vec<Anchor>,
    /// The day the title or lead puts the event on, relative to the publish
    /// date («أمس الأحد»): reports of one event published a day apart (the
    /// next morning's paper) name one day.
    pub lead_day: Option<crate::numbers::LeadDay>,
    /// Stems of the title's *actor*: the words before its colon or its first
    /// verb («البحرين: …», «البحرين تستنكر …», «رابطة العالم الإسلامي تدين
    /// …»), up to four; empty when the title opens otherwise. Twin events
    /// (one remark condemned by two bodies) share every word but this.
    pub actor: Vec<String>,
    /// Other names of the title's actor, as stems: a capital's country and
    /// the country's adjective («أنقرة» is «تركيا», «التركية»), so that two
    /// reports naming one government by its capital and by its country are
    /// not two actors.
    pub actor_names: Vec<String>,
    /// The places the title names: countries by name, adjective or capital
    /// («وزير الخارجية المصري» names Egypt), regions and cities, each as its
    /// first name, sorted: twin audiences, condemnations and local items
    /// differ in them.
    pub title_places: Vec<String>,
    /// The places the title or body names, likewise: a report of an event
    /// names its place somewhere.
    pub places: Vec<String>,
    /// What harm the title and the body tell of (see [`Harm`]).
    pub harm: Harm,
    /// Folded name words (people, places, organisations) found next to titles
    /// and roles, and Latin capitalised words; sorted and deduplicated.
    pub names: Vec<String>,
    /// Fingerprints of the body's longer sentences, sorted and deduplicated.
    pub sentences: Vec<u64>,
    /// Number of word tokens in the body.
    pub words: usize,
    /// Hashes of the body's word 5-shingles (folded words), sorted and
    /// deduplicated: what near-copy detection compares. Empty for bodies
    /// too short to tell a copy from a coincidence.
    pub shingles: Vec<u64>,
}

/// Words that complete a role rather than name someone: "رئيس وزراء العراق",
/// "المتحدث باسم الخارجية", "أمين عام الحلف".
const ROLE_COMPLEMENTS: &[&str] = &[
    "وزراء",
    "باسم",
    "مجلس",
    "عام",
    "اول",
    "ثاني",
    "حكومه",
    "وزاره",
    "دوله",
    "جمهوريه",
    "هييه",
    "منطقه",
    "مدينه",
    "امانه",
    "سمو",
    "معالي",
    "فخامه",
    "جلاله",
    "الملكي",
    "صاحب",
];

/// Role words after which a name usually follows ("الرئيس الأمريكي جو بايدن").
const NAME_TRIGGERS: &[&str] = &[
    "رييس",
    "الرييس",
    "الملك",
    "الامير",
    "امير",
    "الشيخ",
    "وزير",
    "الوزير",
    "المتحدث",
    "السفير",
    "الامين",
    "اللواء",
    "العميد",
    "العقيد",
    "الدكتور",
    "المستشار",
    "الفريق",
    "الجنرال",
    "النايب",
    "المدرب",
    "اللاعب",
    "الفنان",
    "الكاتب",
    "مدينه",
    "محافظه",
    "منطقه",
    "قريه",
    "بلده",
];

fn is_name_trigger(norm: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| NAME_TRIGGERS.iter().copied().collect())
        .contains(norm)
}

impl Analysis {
    /// Analyses an article's title and body text.
    pub fn new(title: &str, body: &str) -> Self {
        Self::with_body_tokens(title, body, tokens(body))
    }

    /// [`Analysis::new`] with the body's tokens already found (they must be
    /// what `tokens(body)` gives).
    pub fn with_body_tokens(title: &str, body: &str, body_tokens: Vec<Token>) -> Self {
        let title_tokens = tokens(title);
        // The body's sentences, as token ranges; those that list who
        // attended are left out of the terms, names and places that match
        // an event (see `is_attendance`).
        let mut ranges = Vec::new();
        let mut ti = 0;
        for span in sentences(body) {
            while ti < body_tokens.len() && body_tokens[ti].start < span.start {
                ti += 1;
            }
            let first = ti;
            while ti < body_tokens.len() && body_tokens[ti].end <= span.end {
                ti += 1;
            }
            ranges.push(first..ti);
        }
        // The lists of who attended, each from its opening words to its
        // sentence's end (see `attendance_from`).
        let lists: Vec<std::ops::Range<usize>> = ranges
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                attendance_from(&body_tokens[r.clone()], i == 0).map(|from| r.start + from..r.end)
            })
            .collect();
        let told: std::borrow::Cow<[Token]> = if lists.is_empty() {
            std::borrow::Cow::Borrowed(&body_tokens)
        } else {
            let mut skip = lists.iter().peekable();
            let mut kept = Vec::with_capacity(body_tokens.len());
            for (i, t) in body_tokens.iter().enumerate() {
                while skip.peek().is_some_and(|r| r.end <= i) {
                    skip.next();
                }
                if !skip.peek().is_some_and(|r| r.contains(&i)) {
                    kept.push(t.clone());
                }
            }
            std::borrow::Cow::Owned(kept)
        };
        let mut a = Analysis {
            title: term_counts(&title_tokens),
            body: term_counts(&told),
            words: body_tokens.len(),
            shingles: shingles(&body_tokens),
            ..Default::default()
        };
        a.harm = Harm::of(&title_tokens, &told);
        a.actor = actor(title, &title_tokens);
        a.actor_names = other_names(&a.actor);
        a.title_places = places(title, &title_tokens);
        let mut all = places(body, &told);
        all.extend(a.title_places.iter().cloned());
        all.sort_unstable();
        all.dedup();
        a.places = all;
        // Anchors and the items of series, read from the same words.
        let read = |toks: &[Token]| -> Vec<Anchor> {
            let norms = || toks.iter().map(|t| t.norm.as_str());
            let mut v = anchors(norms());
            v.extend(series_items(norms()));
            v.extend(crate::sports::sports(norms()));
            v.extend(crate::sports::scores(norms()));
            v
        };
        let mut anchors: Vec<Anchor> = read(&title_tokens);
        let mut lead = anchors.clone();
        // A lead that opens with the directive it carries out («إنفاذاً
        // لتوجيهات خادم الحرمين …») may spend its whole first sentence on it:
        // the event's words are counted from that sentence's end.
        let lead_end = body_tokens.len().min(match ranges.first() {
            Some(first) if directive_preamble(&body_tokens[first.clone()]) => {
                first.end + LEAD_WORDS
            }
            _ => LEAD_WORDS,
        });
        lead.extend(read(&body_tokens[..lead_end]));
        lead.sort_unstable();
        lead.dedup();
        a.lead_anchors = lead;
        a.lead_day = crate::numbers::lead_day(
            title_tokens
                .iter()
                .chain(&body_tokens[..lead_end])
                .map(|t| t.norm.as_str()),
        );
        anchors.extend(read(&body_tokens));
        anchors.sort_unstable();
        anchors.dedup();
        a.anchors = anchors;

        let mut names = names(title, &title_tokens);
        names.extend(crate::analysis::names(body, &told));
        names.sort_unstable();
        names.dedup();
        a.names = names;

        let mut keys = Vec::new();
        // A list's sentence, copied word for word into every report of a
        // day's audiences, is no shared sentence of one event either.
        // Both are in text order: one walk, linear in the sentences.
        let mut list_ends = lists.iter().map(|l| l.end).peekable();
        for r in &ranges {
            while list_ends.next_if(|&e| e < r.end).is_some() {}
            if list_ends.peek() != Some(&r.end) {
                keys.extend(sentence_key(&body_tokens[r.clone()]));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        a.sentences = keys;
        a
    }
}

/// The harm a report tells of: whether its title names a death, an injury
/// with no death, and whether its body names a death anywhere. A death is
/// what a report of a deadly event puts in its headline; a report headlined
/// with injuries alone, whose text names no death, is of another event than
/// one headlined with a death (two projectiles on one town a week apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Harm {
    pub title_killed: bool,
    pub title_injured: bool,
    pub body_killed: bool,
    /// How many the headline says its harm struck («27 قتيلاً», «مقتل 3
    /// جنود», «استشهاد مواطن» one), when it says so plainly.
    #[serde(default)]
    pub title_toll: Option<u32>,
}

impl Harm {
    fn of(title: &[Token], body: &[Token]) -> Harm {
        let kinds = |toks: &[Token]| {
            let (mut killed, mut injured) = (false, false);
            for t in toks {
                match harm_word(&t.norm) {
                    Some(true) => killed = true,
                    Some(false) => injured = true,
                    None => {}
                }
            }
            (killed, injured)
        };
        let (title_killed, title_injured) = kinds(title);
        Harm {
            title_killed,
            title_injured: title_injured && !title_killed,
            body_killed: kinds(body).0,
            title_toll: (title_killed || title_injured)
                .then(|| toll(title, title_killed))
                .flatten(),
        }
    }

    /// Whether two reports tell of different harm: one headlines a death,
    /// the other only injuries and names no death anywhere; or both
    /// headline the same harm with tolls four times apart or more (one
    /// soldier killed and 27 dead; one citizen injured and four). Reports
    /// of one event differ in their tolls as counts rise (27, then 30;
    /// two soldiers, then three), not by such a factor.
    pub fn differs(self, other: Harm) -> bool {
        let apart = |a: Harm, b: Harm| a.title_killed && b.title_injured && !b.body_killed;
        apart(self, other) || apart(other, self) || self.tolls_close(other) == Some(false)
    }

    /// Whether the headline names a harm at all (a death, or injuries).
    pub fn headlined(self) -> bool {
        self.title_killed || self.title_injured
    }

    /// Whether two headlines give the same harm with tolls under four
    /// times apart: a report that counts the event's dead as another did.
    pub fn tolls_agree(self, other: Harm) -> bool {
        self.tolls_close(other) == Some(true)
    }

    /// For two headlines of the same harm that both give a toll, whether
    /// the tolls are under four times apart.
    fn tolls_close(self, other: Harm) -> Option<bool> {
        let same_kind = (self.title_killed && other.title_killed)
            || (self.title_injured && other.title_injured);
        match (self.title_toll, other.title_toll) {
            (Some(a), Some(b)) if same_kind => Some(a.max(b) < 4 * a.min(b).max(1)),
            _ => None,
        }
    }
}

/// The toll a headline gives its harm of the kind named (death or injury):
/// a number next to the harm word («27 قتيلاً», «مقتل 3 جنود», «إصابة
/// أربعة مواطنين»), or one when the word of harm names a single victim
/// («مقتل جندي تركي», «استشهاد مواطن», «سقوط قتيل»). A plural or dual
/// without a number («إصابة مقيمين») and a definite («مقتل القيادي») give
/// none: the counts they imply are not plain.
fn toll(title: &[Token], killed: bool) -> Option<u32> {
    let count = |t: &Token| -> Option<u32> {
        if t.is_number() {
            t.norm.parse::<u32>().ok()
        } else {
            crate::numbers::cardinal(&t.norm).and_then(|n| u32::try_from(n).ok())
        }
    };
    for (i, t) in title.iter().enumerate() {
        if harm_word(&t.norm) != Some(killed) {
            continue;
        }
        let next = title.get(i + 1);
        // «300 قتيل وجريح»: the dead and the injured counted together.
        if next.is_some_and(|n| n.norm.starts_with('و') && harm_word(&n.norm) == Some(!killed)) {
            return None;
        }
        let w = harm_stem(&t.norm);
        // A number stands before a noun of harm («27 قتيلاً», «13 إصابة»,
        // «21 حالة وفاة»), not before a verb («يقتل 2 ويصيب 7»).
        if HARM_NOUNS.contains(&w) {
            let before = match i.checked_sub(1).map(|p| title[p].norm.as_str()) {
                Some("حاله" | "حالات") => i.checked_sub(2),
                _ => i.checked_sub(1),
            };
            if let Some(n) = before.and_then(|p| count(&title[p])) {
                return Some(n);
            }
        }
        if matches!(w, "قتيل" | "جريح" | "مصاب" | "شهيد") {
            return Some(1);
        }
        if matches!(w, "قتيلان" | "قتيلين") {
            return Some(2);
        }
        let Some(next) = next else {
            continue;
        };
        if let Some(n) = count(next) {
            return Some(n);
        }
        // «مقتل عسكريين اثنين»: the number after its noun.
        match title.get(i + 2).map(|t| t.norm.as_str()) {
            Some("اثنين" | "اثنان" | "اثنتين" | "اثنتان") => return Some(2),
            Some(w) if crate::numbers::cardinal(w).is_some() && !w.starts_with("ال") => {
                return title.get(i + 2).and_then(count);
            }
            _ => {}
        }
        let verbal = matches!(w, "مقتل" | "مصرع" | "استشهاد" | "اصابه" | "وفاه");
        let n = &next.norm;
        // «إصابة فتاة وطفلين», «إصابة ضابطي شرطة ومواطن»: one victim (or
        // a dual in construct) and others coordinated with it.
        let joined = title
            .iter()
            .skip(i + 2)
            .take(2)
            .any(|t| t.norm.starts_with('و') && harm_word(&t.norm).is_none());
        let single = n.chars().count() >= 3
            && !joined
            && !n.starts_with("ال")
            && !n.starts_with('و')
            && !["ين", "ان", "ات", "ون", "يه", "ها", "هم"]
                .iter()
                .any(|e| n.ends_with(e))
            && !NOT_A_VICTIM.contains(&n.as_str());
        if verbal && single {
            return Some(1);
        }
    }
    None
}

/// Words of harm that are nouns, which a count stands before.
const HARM_NOUNS: &[&str] = &[
    "قتيل",
    "قتيلا",
    "قتلي",
    "جريح",
    "جريحا",
    "جرحي",
    "مصاب",
    "مصابا",
    "مصابين",
    "اصابه",
    "اصابات",
    "وفاه",
    "وفيات",
    "شهيد",
    "شهيدا",
    "شهدا",
];

/// Words that follow a word of harm without naming who was struck.
const NOT_A_VICTIM: &[&str] = &[
    "في",
    "علي",
    "من",
    "عن",
    "الي",
    "بعد",
    "قبل",
    "جراء",
    "اثر",
    "خلال",
    "بين",
    "منذ",
    "نحو",
    "اكثر",
    "اقل",
    "حوالي",
    "عدد",
    "بسبب",
    "اثناء",
    "وسط",
    "قرب",
    "داخل",
    "خارج",
    "بعض",
    "جميع",
    "كل",
    "كافه",
    "معظم",
    "اغلب",
    "عشرات",
    "مئات",
    "الاف",
];

/// A folded word of harm as listed: as written when it is listed so
/// («وفاة» is no «فاة» behind a conjunction), else with its conjunction,
/// preposition and article stripped.
fn harm_stem(norm: &str) -> &str {
    if harm_listed(norm).is_some() {
        return norm;
    }
    let w = norm
        .strip_prefix('و')
        .filter(|r| r.chars().nth(2).is_some())
        .unwrap_or(norm);
    let w = w
        .strip_prefix(['ب', 'ل', 'ف'])
        .filter(|r| r.starts_with("ال"))
        .unwrap_or(w);
    w.strip_prefix("ال")
        .filter(|r| r.chars().nth(2).is_some())
        .unwrap_or(w)
}

/// A word of death (`Some(true)`) or of injury (`Some(false)`), folded, with
/// its conjunction, preposition and article stripped.
fn harm_word(norm: &str) -> Option<bool> {
    harm_listed(harm_stem(norm))
}

/// Whether a word, as it stands, is one of death or of injury.
fn harm_listed(w: &str) -> Option<bool> {
    // A match, not a scan of two lists: it runs for every word of every
    // article, twice.
    match w {
        "قتل" | "يقتل" | "تقتل" | "قتلي" | "قتيل" | "قتيلا" | "قتيلان" | "قتيلين" | "مقتل"
        | "مصرع" | "وفاه" | "وفيات" | "توفي" | "استشهاد" | "استشهد" | "استشهدوا" | "شهيد"
        | "شهيدا" | "شهدا" | "حتفه" | "حتفهم" | "حتفها" => Some(true),
        "اصابه" | "اصابات" | "اصيب" | "اصيبوا" | "جريح" | "جريحا" | "جرحي" | "مصاب" | "مصابين"
        | "مصابا" | "تصيب" | "يصيب" | "اصاب" => Some(false),
        _ => None,
    }
}

/// How many words open a body's lead (with a dateline, about the first
/// sentence).
pub const LEAD_WORDS: usize = 40;

/// Words per shingle, and the fewest words a body needs to be compared for
/// copies at all (shorter texts collide by chance).
pub const SHINGLE: usize = 5;
pub const MIN_COPY_WORDS: usize = 30;

fn shingles(toks: &[Token]) -> Vec<u64> {
    if toks.len() < MIN_COPY_WORDS {
        return Vec::new();
    }
    // Each word is hashed once; a shingle's hash mixes its words' hashes in
    // order (so "a b" and "b a" differ) and is finished by an avalanche step.
    let words: Vec<u64> = toks
        .iter()
        .map(|t| xxhash_rust::xxh3::xxh3_64(t.norm.as_bytes()))
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            let h = w
                .iter()
                .fold(0u64, |h, &x| (h.rotate_left(23) ^ x).wrapping_mul(MIX));
            avalanche(h)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The finishing step of SplitMix64: every input bit moves every output bit.
fn avalanche(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The words as written in `text` behind matching keys (stems, name keys):
/// for each key, the first word of the text that folds and stems to it, or
/// the key itself when none does. Explanations show these, not stems.
pub fn surface_forms(text: &str, keys: &[String]) -> Vec<String> {
    let mut found: Vec<Option<String>> = vec![None; keys.len()];
    for t in tokens(text) {
        let s = stem(&t.norm);
        for (k, slot) in keys.iter().zip(found.iter_mut()) {
            if slot.is_none() && k == s {
                *slot = Some(text[t.start..t.end].to_owned());
            }
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found
        .into_iter()
        .zip(keys)
        .map(|(f, k)| f.unwrap_or_else(|| k.clone()))
        .collect()
}

/// The stems of a title's actor (see [`Analysis::actor`]): the words before
/// a colon, or before the first word that reads as a present-tense verb
/// (ي or ت and three letters more, no article), when that comes second to
/// fifth.
fn actor(title: &str, toks: &[Token]) -> Vec<String> {
    const MOST: usize = 4;
    // Headline labels, not actors: «شاهد..», «عاجل:», «بالفيديو:».
    const LABELS: &[&str] = &[
        "شاهد",
        "عاجل",
        "فيديو",
        "بالفيديو",
        "صور",
        "بالصور",
        "خاص",
        "حصري",
        "تقرير",
        "متابعات",
    ];
    let verb = |t: &Token| {
        (t.norm.starts_with('ي') || t.norm.starts_with('ت')) && t.norm.chars().count() >= 4
    };
    let mut end = None;
    for (i, t) in toks.iter().enumerate().take(MOST + 1).skip(1) {
        let between = &title[toks[i - 1].end.min(t.start)..t.start];
        // «الكويت.. بدء محاكمة»: a topic before dots or a dash, no actor.
        if between.contains("..") || between.contains('…') || between.contains(" - ") {
            return Vec::new();
        }
        if between.contains(':') || verb(t) {
            end = Some(i);
            break;
        }
    }
    match end {
        Some(end) if !(verb(&toks[0]) || end == 1 && LABELS.contains(&toks[0].norm.as_str())) => {
            toks[..end]
                .iter()
                .filter_map(term_of)
                .map(str::to_owned)
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Countries, each under its names: the name, its adjective (as titles
/// write it), and its capital as the seat of its government («أنقرة تدين»
/// is Turkey speaking). Whole words, matched with their proclitics only
/// (و، ف، ب، ل، ك; «للسعودية»): a stem would meet other words («التركي» and
/// the verb «ترك», «اللبنانية» and «لبن», «الإماراتية» and «إمارة»). Left
/// out: a form that is also a common name («تركي», «هند», «رياض»), a city
/// that is also a venue, another country's city or a club's name (Madrid,
/// Vienna, Geneva, Tripoli), a word of another everyday sense («عمان»,
/// «مالي»): a wrong place is worse than none. Two words («البيت الأبيض»)
/// are not read.
const COUNTRIES: &[&[&str]] = &[
    &[
        "أمريكا",
        "أميركا",
        "واشنطن",
        "الأمريكية",
        "الأميركية",
        "الأمريكي",
        "الأميركي",
        "أمريكية",
        "أميركية",
        "أمريكي",
        "أميركي",
        "الأمريكيين",
        "الأميركيين",
    ],
    &[
        "روسيا",
        "موسكو",
        "الكرملين",
        "الروسية",
        "الروسي",
        "روسية",
        "روسي",
    ],
    &["تركيا", "أنقرة", "التركية", "التركي", "تركية", "الأتراك"],
    &[
        "إيران",
        "طهران",
        "الإيرانية",
        "الإيراني",
        "إيرانية",
        "إيراني",
        "الإيرانيين",
    ],
    &[
        "السعودية",
        "الرياض",
        "السعودي",
        "سعودية",
        "سعودي",
        "السعوديين",
    ],
    &[
        "مصر",
        "القاهرة",
        "المصرية",
        "المصري",
        "مصرية",
        "مصري",
        "المصريين",
    ],
    &[
        "العراق",
        "بغداد",
        "العراقية",
        "العراقي",
        "عراقية",
        "عراقي",
        "العراقيين",
    ],
    &[
        "سوريا",
        "سورية",
        "دمشق",
        "السورية",
        "السوري",
        "سوري",
        "السوريين",
    ],
    &[
        "لبنان",
        "بيروت",
        "اللبنانية",
        "اللبناني",
        "لبنانية",
        "لبناني",
    ],
    &["الأردن", "الأردنية", "الأردني", "أردنية", "أردني"],
    &[
        "فلسطين",
        "الفلسطينية",
        "الفلسطيني",
        "فلسطينية",
        "فلسطيني",
        "الفلسطينيين",
    ],
    &[
        "إسرائيل",
        "الإسرائيلية",
        "الإسرائيلي",
        "إسرائيلية",
        "إسرائيلي",
    ],
    &[
        "اليمن",
        "صنعاء",
        "اليمنية",
        "اليمني",
        "يمنية",
        "يمني",
        "اليمنيين",
    ],
    &["الكويت", "الكويتية", "الكويتي", "كويتية", "كويتي"],
    &["قطر", "الدوحة", "القطرية", "القطري", "قطرية", "قطري"],
    &[
        "الإمارات",
        "أبوظبي",
        "الإماراتية",
        "الإماراتي",
        "إماراتية",
        "إماراتي",
    ],
    &[
        "البحرين",
        "المنامة",
        "البحرينية",
        "البحريني",
        "بحرينية",
        "بحريني",
    ],
    &["سلطنة", "مسقط", "العمانية", "العماني", "عمانية", "عماني"],
    &[
        "السودان",
        "الخرطوم",
        "السودانية",
        "السوداني",
        "سودانية",
        "سوداني",
    ],
    &["ليبيا", "الليبية", "الليبي", "ليبية", "ليبي"],
    &["تونس", "التونسية", "التونسي", "تونسية", "تونسي"],
    &["الجزائر", "الجزائرية", "الجزائري", "جزائرية", "جزائري"],
    &["المغرب", "الرباط", "المغربية", "المغربي", "مغربية", "مغربي"],
    &["موريتانيا", "نواكشوط", "الموريتانية", "الموريتاني"],
    &["الصومال", "مقديشو", "الصومالية", "الصومالي"],
    &["جيبوتي"],
    &[
        "أفغانستان",
        "كابل",
        "الأفغانية",
        "الأفغاني",
        "أفغانية",
        "أفغاني",
    ],
    &[
        "باكستان",
        "الباكستانية",
        "الباكستاني",
        "باكستانية",
        "باكستاني",
    ],
    &["الهند", "نيودلهي", "الهندية", "الهندي", "هندية"],
    &["الصين", "بكين", "الصينية", "الصيني", "صينية", "صيني"],
    &[
        "اليابان",
        "طوكيو",
        "اليابانية",
        "الياباني",
        "يابانية",
        "ياباني",
    ],
    &["كوريا", "سيول", "الكورية", "الكوري", "كورية", "كوري"],
    &["إندونيسيا", "جاكرتا", "الإندونيسية", "الإندونيسي"],
    &["ماليزيا", "كوالالمبور", "الماليزية", "الماليزي"],
    &["بنغلاديش", "البنغلاديشية", "البنغلاديشي"],
    &["الفلبين", "مانيلا", "الفلبينية", "الفلبيني"],
    &["فرنسا", "باريس", "الفرنسية", "الفرنسي", "فرنسية", "فرنسي"],
    &[
        "بريطانيا",
        "لندن",
        "البريطانية",
        "البريطاني",
        "بريطانية",
        "بريطاني",
    ],
    &[
        "ألمانيا",
        "برلين",
        "الألمانية",
        "الألماني",
        "ألمانية",
        "ألماني",
    ],
    &[
        "إيطاليا",
        "روما",
        "الإيطالية",
        "الإيطالي",
        "إيطالية",
        "إيطالي",
    ],
    &["إسبانيا", "الإسبانية", "الإسباني", "إسبانية", "إسباني"],
    &[
        "اليونان",
        "أثينا",
        "اليونانية",
        "اليوناني",
        "يونانية",
        "يوناني",
    ],
    &["أوكرانيا", "كييف", "الأوكرانية", "الأوكراني"],
    &["كندا", "أوتاوا", "الكندية", "الكندي", "كندية", "كندي"],
    &["أستراليا", "كانبيرا", "الأسترالية", "الأسترالي"],
    &["البرازيل", "البرازيلية", "البرازيلي"],
    &["الأرجنتين", "الأرجنتينية", "الأرجنتيني"],
    &["المكسيك", "المكسيكية", "المكسيكي"],
    &["نيجيريا", "أبوجا", "النيجيرية", "النيجيري"],
    &["إثيوبيا", "الإثيوبية", "الإثيوبي"],
    &["كينيا", "نيروبي", "الكينية", "الكيني"],
    &["السنغال", "داكار", "السنغالية", "السنغالي"],
    &["تشاد", "التشادية", "التشادي"],
    &["النيجر"],
    &["نيوزيلندا", "النيوزيلندية", "النيوزيلندي"],
    &["هولندا", "أمستردام", "الهولندية", "الهولندي"],
    &["السويد", "ستوكهولم", "السويدية", "السويدي"],
    &["بلجيكا", "البلجيكية", "البلجيكي"],
    &["بولندا", "وارسو", "البولندية", "البولندي"],
    &["كوبا", "هافانا", "الكوبية", "الكوبي"],
    &["فنزويلا", "كاراكاس", "الفنزويلية", "الفنزويلي"],
    &["الشيشان", "غروزني", "الشيشانية", "الشيشاني"],
];

/// Regions and cities frequent in the news of the region, each under its
/// spellings (one or two words; «سروج» and «سوروتش» are one town): where an
/// election is prepared, a front taken, a bomb set off. A city's country is
/// not implied: most reports of a city's event do not name the country,
/// and the capital of the country the news is from names the city («الرياض:
/// تركيب لوحات …»). Left out like the countries' forms: words of another
/// everyday sense («الخبر», «حماة», «تدمر», «البيضاء», «الخليل»), a name
/// shared by two places (Tripoli), and bare «المدينة».
const CITIES: &[&[&str]] = &[
    // Saudi Arabia: regions, then cities and governorates.
    &["الرياض"],
    &["مكة", "مكة المكرمة"],
    &["المدينة المنورة"],
    &["الشرقية", "المنطقة الشرقية"],
    &["القصيم"],
    &["عسير"],
    &["تبوك"],
    &["حائل"],
    &["الحدود الشمالية"],
    &["جازان", "جيزان"],
    &["نجران"],
    &["الباحة"],
    &["الجوف"],
    &["جدة"],
    &["الطائف"],
    &["الدمام"],
    &["الظهران"],
    &["الأحساء"],
    &["القطيف"],
    &["الجبيل"],
    &["ينبع"],
    &["بريدة"],
    &["عنيزة"],
    &["أبها"],
    &["خميس مشيط"],
    &["حفر الباطن"],
    &["الخرج"],
    &["الدوادمي"],
    &["المجمعة"],
    &["القريات"],
    &["عرعر"],
    &["سكاكا"],
    &["أملج"],
    &["القنفذة"],
    &["رابغ"],
    &["بيشة"],
    &["صبيا"],
    &["شرورة"],
    &["الزلفي"],
    &["وادي الدواسر"],
    &["العلا"],
    &["رفحاء"],
    // Yemen.
    &["عدن"],
    &["تعز"],
    &["لحج"],
    &["أبين"],
    &["زنجبار"],
    &["مأرب"],
    &["الضالع"],
    &["شبوة"],
    &["الحديدة"],
    &["حضرموت"],
    &["المكلا"],
    &["صعدة"],
    &["ذمار"],
    // Iraq.
    &["الموصل"],
    &["الفلوجة"],
    &["الرمادي"],
    &["الأنبار"],
    &["البصرة"],
    &["كركوك"],
    &["تكريت"],
    &["ديالى"],
    &["أربيل"],
    &["النجف"],
    &["كربلاء"],
    &["سامراء"],
    // Syria.
    &["حلب"],
    &["حمص"],
    &["إدلب"],
    &["درعا"],
    &["اللاذقية"],
    &["الرقة"],
    &["دير الزور"],
    &["الحسكة"],
    &["كوباني", "عين العرب"],
    &["الزبداني"],
    &["القنيطرة"],
    // Turkey.
    &["إسطنبول", "اسطنبول"],
    &["سروج", "سوروتش"],
    &["دياربكر", "ديار بكر"],
    &["شرناق"],
    &["غازي عنتاب"],
    // Egypt.
    &["الإسكندرية"],
    &["سيناء"],
    &["العريش"],
    &["الإسماعيلية"],
    &["بورسعيد"],
    &["السويس"],
    &["أسوان"],
    &["الأقصر"],
    // Libya, Lebanon, the Gulf, Palestine, Jordan.
    &["بنغازي"],
    &["سرت"],
    &["مصراتة"],
    &["درنة"],
    &["صيدا"],
    &["عرسال"],
    &["دبي"],
    &["الشارقة"],
    &["عجمان"],
    &["صلالة"],
    &["غزة"],
    &["القدس"],
    &["الضفة الغربية"],
    &["رام الله"],
    &["نابلس"],
    &["بيت لحم"],
    &["إربد"],
];

/// What a folded word names among the places: a place by itself, and
/// whether it opens a two-word name («حفر» of «حفر الباطن»).
#[derive(Default, Clone, Copy)]
struct PlaceWord {
    place: Option<&'static str>,
    opens_pair: bool,
}

/// The places' names (see [`CITIES`], [`COUNTRIES`]), folded, each as it is
/// and after one or two proclitics (و، ف، ب، ل، ك; «لل» for «ال»), so that
/// a word is one lookup: the words, and the two-word names joined by a
/// space. A form met twice keeps its first place: cities come first
/// («الرياض» is the city here, not the country), and a name as written
/// before one read under a proclitic.
struct PlaceIndex {
    words: FxHashMap<String, PlaceWord>,
    pairs: FxHashMap<String, &'static str>,
}

fn place_index() -> &'static PlaceIndex {
    static INDEX: std::sync::OnceLock<PlaceIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        const PROCLITICS: [&str; 5] = ["و", "ف", "ب", "ل", "ك"];
        // A form's spellings under proclitics, the form itself first.
        let with_proclitics = |w: &str| -> Vec<String> {
            let mut stems = vec![w.to_owned()];
            if let Some(rest) = w.strip_prefix("ال") {
                stems.push(format!("لل{rest}"));
            }
            let mut out = stems.clone();
            for s in &stems {
                for p in PROCLITICS {
                    out.push(format!("{p}{s}"));
                    for q in PROCLITICS {
                        out.push(format!("{q}{p}{s}"));
                    }
                }
            }
            out
        };
        let forms: Vec<(Vec<String>, &'static str)> = CITIES
            .iter()
            .chain(COUNTRIES)
            .flat_map(|group| {
                group.iter().map(|w| {
                    let key: Vec<String> = tokens(&crate::fold(w))
                        .into_iter()
                        .map(|t| t.norm)
                        .collect();
                    (key, group[0])
                })
            })
            .collect();
        let mut words: FxHashMap<String, PlaceWord> = FxHashMap::default();
        let mut pairs: FxHashMap<String, &'static str> = FxHashMap::default();
        // Forms as written first, then under proclitics.
        for pass in 0..2 {
            for (key, place) in &forms {
                let spellings = |w: &str| match pass {
                    0 => vec![w.to_owned()],
                    _ => with_proclitics(w),
                };
                match key.as_slice() {
                    [one] => {
                        for w in spellings(one) {
                            let e = words.entry(w).or_default();
                            e.place = e.place.or(Some(place));
                        }
                    }
                    [first, second] => {
                        for w in spellings(first) {
                            words.entry(w.clone()).or_default().opens_pair = true;
                            pairs.entry(format!("{w} {second}")).or_insert(place);
                        }
                    }
                    _ => {}
                }
            }
        }
        PlaceIndex { words, pairs }
    })
}

/// The places some tokens name, as their first names, sorted: two words
/// read together first («حفر الباطن», «عين العرب»).
fn places(text: &str, toks: &[Token]) -> Vec<String> {
    let index = place_index();
    let mut v: Vec<String> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(word) = index.words.get(&toks[i].norm) else {
            i += 1;
            continue;
        };
        if word.opens_pair
            && i + 1 < toks.len()
            && text[toks[i].end..toks[i + 1].start]
                .chars()
                .all(char::is_whitespace)
        {
            if let Some(p) = index
                .pairs
                .get(&format!("{} {}", toks[i].norm, toks[i + 1].norm))
            {
                v.push((*p).to_owned());
                i += 2;
                continue;
            }
        }
        if let Some(p) = word.place {
            v.push(p.to_owned());
        }
        i += 1;
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// The other names of an actor's words (see [`Analysis::actor_names`]), as
/// stems, without the actor's own: the stems of its country's names (an
/// actor is a stem of its title's words).
fn other_names(actor: &[String]) -> Vec<String> {
    static GROUPS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let groups = GROUPS.get_or_init(|| {
        COUNTRIES
            .iter()
            .map(|g| {
                let mut v: Vec<String> = g
                    .iter()
                    .flat_map(|w| tokens(&crate::fold(w)))
                    .filter_map(|t| term_of(&t).map(str::to_owned))
                    .collect();
                v.sort();
                v.dedup();
                v
            })
            .collect()
    });
    let mut out: Vec<String> = groups
        .iter()
        .filter(|g| actor.iter().any(|a| g.contains(a)))
        .flatten()
        .filter(|s| !actor.contains(s))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Where a sentence's list of who attended or accompanied an occasion
/// begins, if it has one: at «وكان في استقباله / وداعه / مقدمة …», at «وصل /
/// غادر في معيته», or at «حضر» opening the sentence or joined by «و» («وحضر
/// الاستقبال …», «كما حضره …»). Court and ministry reports end with such
/// lists, and a day's audiences, arrivals and departures list the same
/// officials: a list says who was there, not what happened, so it is not
/// matched as the event's words, names or places. It runs to the
/// sentence's end: outlets cut one report's sentences at different points,
/// and the list must go wherever it falls. A text's `first` sentence that
/// opens with «حضر» tells the event itself («حضر مئات …»), and a short text
/// (a sentence pair) may be nothing else.
fn attendance_from(words: &[Token], first: bool) -> Option<usize> {
    let is = |word: &str, set: &[&str]| {
        set.contains(&word) || word.strip_prefix('و').is_some_and(|s| set.contains(&s))
    };
    let opening = words
        .iter()
        .position(|t| !matches!(t.norm.as_str(), "و" | "كما" | "وقد" | "قد" | "فيما" | "ثم"))
        .unwrap_or(words.len());
    (0..words.len()).find(|&i| {
        let w = words[i].norm.as_str();
        let next = |k: usize| words.get(i + k).map_or("", |t| t.norm.as_str());
        // «حضرة صاحب السمو …» is folded to «حضره» too: an honorific.
        let attended = is(w, &["حضر", "حضرها", "حضرت"]) || (is(w, &["حضره"]) && next(1) != "صاحب");
        (attended && ((i == opening && !first) || (i > opening && w.starts_with('و'))))
            || (next(1) == "في"
                && ((is(w, &["كان", "كانت"])
                    && ["استقبال", "وداع", "مقدمه"]
                        .iter()
                        .any(|p| next(2).starts_with(p)))
                    || (is(w, &["وصل", "غادر", "قدم"]) && next(2).starts_with("معي"))))
    })
}

/// Whether a sentence opens with the directive its report carries out:
/// «إنفاذاً لتوجيهات …», «تنفيذاً لأمر …», «بناءً على توجيهات …».
fn directive_preamble(words: &[Token]) -> bool {
    let w = |i: usize| words.get(i).map_or("", |t| t.norm.as_str());
    let order = |x: &str| {
        [
            "لتوجيه",
            "لامر",
            "لتعليمات",
            "للتوجيه",
            "للامر",
            "توجيه",
            "امر",
            "تعليمات",
        ]
        .iter()
        .any(|p| x.starts_with(p))
    };
    (matches!(w(0), "انفاذا" | "تنفيذا") && order(w(1)))
        || (matches!(w(0), "بناء" | "بناءا") && w(1) == "علي" && order(w(2)))
}

/// Forms of address and blessings («صاحب السمو الملكي الأمير», «معالي»,
/// «حفظه الله») and the lineage link «بن», folded: protocol wording that
/// every court and ministry report repeats, a dozen times in a reception's
/// guest list, and that says nothing of which event it is. The names and
/// roles beside them do. («الأمير» stays: measured, it kept a bombing apart
/// from its condemnations better as a term than without.)
fn is_honorific(norm: &str) -> bool {
    const WORDS: &[&str] = &[
        "صاحب",
        "وصاحب",
        "اصحاب",
        "واصحاب",
        "السمو",
        "سمو",
        "وسمو",
        "سموه",
        "الملكي",
        "الملكيه",
        "معالي",
        "ومعالي",
        "فخامه",
        "جلاله",
        "سماحه",
        "وسماحه",
        "فضيله",
        "حفظه",
        "رحمه",
        "الله",
        "بن",
    ];
    WORDS.contains(&norm)
}

/// The matching key of a token: its stem, or `None` for function words,
/// single letters and bare numbers (numbers are matched as anchors instead).
pub fn term_of(token: &Token) -> Option<&str> {
    let n = token.norm.as_str();
    if is_stopword(n) || token.is_number() || is_honorific(n) {
        return None;
    }
    let s = stem(n);
    s.chars().nth(1).is_some().then_some(s)
}

fn term_counts(toks: &[Token]) -> TermCounts {
    let mut counts = TermCounts::default();
    for t in toks {
        if let Some(s) = term_of(t) {
            // Look up before inserting: most occurrences repeat a known stem
            // and need no new String.
            match counts.get_mut(s) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(s.to_owned(), 1);
                }
            }
        }
    }
    counts
}

/// Name words: up to three words after a role word (skipping the role's
/// article-bearing complements, as in "رئيس الوزراء العراقي مصطفى الكاظمي"),
/// and capitalised Latin words. Words must be adjacent (no punctuation between).
fn names(text: &str, toks: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    let adjacent = |a: &Token, b: &Token| text[a.end..b.start].chars().all(char::is_whitespace);
    for (i, t) in toks.iter().enumerate() {
        let first = text[t.start..t.end].chars().next().unwrap_or(' ');
        if first.is_ascii_uppercase() && t.norm.len() > 1 && !is_stopword(&t.norm) {
            out.push(t.norm.clone());
        }
        if !is_name_trigger(&t.norm) {
            continue;
        }
        let mut j = i + 1;
        let mut skipped = 0;
        while j < toks.len()
            && skipped < 3
            && adjacent(&toks[j - 1], &toks[j])
            && (toks[j].norm.starts_with("ال") || ROLE_COMPLEMENTS.contains(&toks[j].norm.as_str()))
        {
            j += 1;
            skipped += 1;
        }
        let mut taken = 0;
        while j < toks.len()
            && taken < 3
            && adjacent(&toks[j - 1], &toks[j])
            && !is_stopword(&toks[j].norm)
            && !toks[j].is_number()
            && (taken > 0 || !toks[j].norm.starts_with("ال"))
        {
            // «بن» links a name's parts and names no one.
            if !is_honorific(&toks[j].norm) {
                out.push(stem(&toks[j].norm).to_owned());
            }
            j += 1;
            taken += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn reads_the_harm_a_report_tells_of() {
        let harm = |title: &str, body: &str| Analysis::new(title, body).harm;
        let h = harm("مصرع 3 وإصابة 12 في حادث تصادم", "وقع الحادث مساء أمس.");
        assert!(h.title_killed && !h.title_injured, "{h:?}");
        let h = harm("إصابة مقيم بمقذوف في الريحان", "نقل المصاب إلى المستشفى.");
        assert!(
            !h.title_killed && h.title_injured && !h.body_killed,
            "{h:?}"
        );
        let h = harm(
            "إصابة طفلين بقذيفة",
            "وأسفرت القذيفة عن استشهاد مواطن وإصابة طفلين.",
        );
        assert!(h.title_injured && h.body_killed, "{h:?}");
        assert!(!h.differs(harm("استشهاد مواطن بقذيفة", "")));
        assert!(harm("استشهاد مواطن بقذيفة", "").differs(harm("إصابة طفلين بقذيفة", "")));
        // A title of neither says nothing against either.
        assert!(!harm("سقوط قذيفة على الريحان", "").differs(harm("استشهاد مواطن", "")));
        // «وفاة» behind no conjunction is a death, not «فاة».
        assert!(harm("وفاة 4 في حريق مستودع", "").title_killed);
    }

    #[test]
    fn reads_the_toll_a_headline_gives() {
        let toll = |title: &str| Analysis::new(title, "").harm.title_toll;
        assert_eq!(toll("12 قتيلاً بانهيار جسر في المدينة الساحلية"), Some(12));
        assert_eq!(toll("مقتل 3 حراس في هجوم على مصنع"), Some(3));
        assert_eq!(toll("مقتل ثلاثة حراس في هجوم على مصنع"), Some(3));
        assert_eq!(toll("إصابة 5 عمال في انفجار أنبوب"), Some(5));
        assert_eq!(toll("الدفاع المدني: 9 حالات وفاة بسبب السيول"), Some(9));
        assert_eq!(toll("مقتل حارس وإصابة آخر في هجوم على مصنع"), Some(1));
        assert_eq!(toll("مقتل حارسين اثنين في هجوم على مصنع"), Some(2));
        assert_eq!(toll("استشهاد مزارع بقذيفة على قرية حدودية"), Some(1));
        assert_eq!(toll("سقوط قتيل في شجار بالسوق"), Some(1));
        // The number before a verb is its own toll, not the injured's.
        assert_eq!(toll("سائق يقتل 2 ويصيب 6 في حادث دهس"), Some(2));
        // No plain count: several victims coordinated, a dual or plural
        // without a number, everyone, the dead and injured together.
        assert_eq!(toll("إصابة عامل وطفلين في انفجار"), None);
        assert_eq!(toll("إصابة حارسي أمن ومواطن في انفجار"), None);
        assert_eq!(toll("إصابة مزارعين بقذيفة"), None);
        assert_eq!(toll("مقتل جميع الخاطفين في عملية أمنية"), None);
        assert_eq!(toll("ارتفاع الضحايا إلى 120 قتيل وجريح"), None);
    }

    #[test]
    fn tolls_far_apart_tell_two_events() {
        let harm = |title: &str| Analysis::new(title, "").harm;
        let one = harm("إصابة مزارع بقذيفة على قرية حدودية");
        assert!(one.differs(harm("إصابة 4 مزارعين بقذائف على قرية حدودية")));
        assert!(harm("مقتل حارس في هجوم على الحدود").differs(harm("25 قتيلاً في تفجير على الحدود")));
        // A toll that rises, or that outlets count apart, is one event.
        assert!(!harm("25 قتيلاً في تفجير على الحدود").differs(harm("مقتل 31 في تفجير على الحدود")));
        assert!(!harm("مقتل حارسين في هجوم").differs(harm("مقتل 3 حراس في هجوم")));
    }

    #[test]
    fn a_lead_that_opens_with_a_directive_names_its_event_after_it() {
        // A fictional relief centre's report: the first sentence is the
        // directive carried out, forty words and more; the flight is named
        // in the second.
        let preamble = "إنفاذاً لتوجيهات رئيس الاتحاد بتقديم المساعدات العاجلة لسكان الجزر \
             المنكوبة أمر وزير الدفاع بتأمين طائرات شحن تابعة للقوات الجوية لنقل المساعدات \
             من مستودعات مركز الإغاثة الوطني بمحافظة الرمال إلى محافظة الساحل الشرقي في \
             الجزر المنكوبة عبر جسر جوي يعمل على مدار الساعة طوال الأسابيع المقبلة.";
        let body = format!(
            "{preamble} ووصلت هذا اليوم أول طائرة إلى مطار الساحل تحمل عشرين طنا من المواد \
             الغذائية."
        );
        let first = series_items(["اول", "طايره"])[0];
        let a = Analysis::new("وصول طائرة الإغاثة إلى مطار الساحل", &body);
        assert!(a.anchors.contains(&first), "{:?}", a.anchors);
        assert!(a.lead_anchors.contains(&first), "{:?}", a.lead_anchors);
        // Without the directive the same words past the fortieth are no lead.
        let other = Analysis::new(
            "وصول طائرة الإغاثة إلى مطار الساحل",
            &body.replacen("إنفاذاً لتوجيهات", "وفي إطار خطة", 1),
        );
        assert!(
            !other.lead_anchors.contains(&first),
            "{:?}",
            other.lead_anchors
        );
    }

    #[test]
    fn a_list_of_who_attended_is_not_the_events_words() {
        // A fictional audience: the guest and the talks are the event; the
        // officials present, wherever a sentence starts their list, are not.
        let lead = "استقبل الملك في قصر الروابي أمس وزير خارجية دولة الساحل نبيل القاسمي \
                    وبحث معه مشروع الممر التجاري.";
        for list in [
            " وحضر الاستقبال وزير المالية سامر الحربوش ورئيس المراسم خالد الدوسري.",
            " كما حضره وزير المالية سامر الحربوش ورئيس المراسم خالد الدوسري.",
            " وكان في استقباله لدى وصوله وزير المالية سامر الحربوش، ورئيس المراسم خالد الدوسري.",
        ] {
            let a = Analysis::new("الملك يستقبل وزير خارجية الساحل", &format!("{lead}{list}"));
            for gone in ["الحربوش", "الدوسري", "المراسم"] {
                assert!(!a.body.contains_key(stem(gone)), "{list}: {gone}");
                assert!(!a.names.iter().any(|n| n == stem(gone)), "{list}: {gone}");
            }
            for kept in ["القاسمي", "الممر", "الروابي"] {
                assert!(a.body.contains_key(stem(kept)), "{list}: {kept}");
            }
        }
        // Cut mid-sentence, where an outlet ran the list on after a comma.
        let a = Analysis::new(
            "وصول الملك إلى الواحة",
            "وصل الملك إلى مدينة الواحة أمس في زيارة خاصة، وكان في استقباله بمطار الواحة \
             رئيس البلدية عادل الفرحان، وقائد الشرطة مازن السديري.",
        );
        assert!(a.body.contains_key(stem("زياره")));
        assert!(!a.body.contains_key(stem("الفرحان")));
        // A page of nothing but lists (a hostile or broken one) is read in
        // one walk and leaves no fingerprint.
        let lists = " وحضر الاستقبال وزير المالية سامر الحربوش ورئيس المراسم خالد الدوسري \
                     ومستشار الديوان ماجد الشهراني وقائد الحرس فيصل الزهراني."
            .repeat(2000);
        let a = Analysis::new("الملك يستقبل", &format!("{lead}{lists}"));
        assert!(a.sentences.len() <= 1, "{}", a.sentences.len());
        assert!(!a.body.contains_key(stem("الحربوش")));
        // «حضرة صاحب السمو …» opens a sentence about the ruler: no list.
        let a = Analysis::new(
            "الأمير يفتتح المعرض",
            "حضرة صاحب السمو أمير البلاد يفتتح معرض الكتاب في قاعة الشموخ بحضور الوزراء.",
        );
        assert!(a.body.contains_key(stem("الشموخ")));
    }

    #[test]
    fn a_pages_controls_are_no_names() {
        let a = Analysis::new(
            "",
            "Next Previous سالم العتيبي – الرميلة\nأعلن Reuters أن الميناء أغلق.",
        );
        assert!(
            !a.names.iter().any(|n| n == "next" || n == "previous"),
            "{:?}",
            a.names
        );
        assert!(a.names.iter().any(|n| n == "reuters"), "{:?}", a.names);
        assert!(!a.body.contains_key("next"));
    }

    #[test]
    fn forms_of_address_are_not_matching_terms() {
        let a = Analysis::new(
            "",
            "استقبل صاحب السمو الملكي الأمير خالد بن فهد، حفظه الله، معالي وزير المياه",
        );
        for w in ["صاحب", "السمو", "الملكي", "حفظه", "الله", "معالي", "بن"]
        {
            assert!(!a.body.contains_key(crate::stem(&crate::fold(w))), "{w}");
        }
        assert!(a.body.contains_key(crate::stem(&crate::fold("المياه"))));
    }

    #[test]
    fn finds_the_actor_a_title_opens_with() {
        let actor = |title: &str| Analysis::new(title, "").actor;
        let stems = |words: &str| -> Vec<String> {
            tokens(words)
                .iter()
                .filter_map(term_of)
                .map(str::to_owned)
                .collect()
        };
        // Before a colon or the first present-tense verb.
        assert_eq!(
            actor("نقابة الصيادين: الميناء مغلق"),
            stems("نقابة الصيادين")
        );
        assert_eq!(
            actor("نقابة الصيادين تستنكر إغلاق الميناء"),
            stems("نقابة الصيادين")
        );
        assert_eq!(
            actor("اتحاد التجار يطالب بفتح الميناء"),
            stems("اتحاد التجار")
        );
        // None when the title opens with a verb, a label or a topic, or
        // reaches no verb soon.
        assert!(actor("تستنكر النقابة إغلاق الميناء").is_empty());
        assert!(actor("شاهد.. تحطم قارب في الميناء").is_empty());
        assert!(actor("عاجل: إغلاق الميناء").is_empty());
        assert!(actor("الميناء.. بدء التحقيق في الحادث").is_empty());
        assert!(actor("إغلاق الميناء الشمالي أمام قوارب الصيد في موسم الأمطار").is_empty());
        // A capital is its country: the other names come with it.
        let names = Analysis::new("أنقرة: منفذ الهجوم شاب من الجنوب", "").actor_names;
        for w in ["تركيا", "التركية"] {
            assert!(names.contains(&stems(w)[0]), "{w}: {names:?}");
        }
        assert!(Analysis::new("نقابة الصيادين تستنكر", "")
            .actor_names
            .is_empty());
    }

    use super::*;

    #[test]
    fn titles_name_places_countries_by_name_adjective_or_capital() {
        let a = Analysis::new(
            "الوزير يستقبل سفير المكسيك ونظيره الكندي في أنقرة",
            "وبحث الجانبان العلاقات مع الحكومة اليابانية. وصلى الجميع المغرب في المسجد.",
        );
        assert_eq!(
            a.title_places,
            ["المكسيك", "تركيا", "كندا"].map(String::from)
        );
        let mut all = a.title_places.clone();
        all.extend(["اليابان", "المغرب"].map(String::from));
        all.sort();
        assert_eq!(a.places, all);
        // Cities and regions, of one word or two, with their proclitics; one
        // town under two spellings.
        let c = Analysis::new("لوحات للانتخابات بحفر الباطن وبالرياض", "قرب بلدة سوروتش");
        assert_eq!(c.title_places, ["الرياض", "حفر الباطن"].map(String::from));
        assert!(Analysis::new("", "انفجار في سروج").places == ["سروج"]);
        // «لل» before a name without the article is ل + ل («للبنان»).
        assert_eq!(
            Analysis::new("", "دعم للبنان وللسعودية").places,
            ["السعودية", "لبنان"]
        );
        assert!(c.places.contains(&"سروج".to_owned()), "{:?}", c.places);
        // A venue, a club's city and a word of another sense are no country.
        let b = Analysis::new("ريال مدريد يفوز في فيينا", "وقال مسؤول مالي إن عمان هادئة.");
        assert!(b.places.is_empty(), "{:?}", b.places);
    }

    #[test]
    fn finds_names_after_roles() {
        let a = Analysis::new("", "قال رئيس الوزراء العراقي مصطفى الكاظمي إن NATO وافقت.");
        for name in ["مصطفى", "الكاظمي"] {
            let key = stem(&crate::fold(name)).to_string();
            assert!(a.names.contains(&key), "{name}: {:?}", a.names);
        }
        assert!(a.names.contains(&"nato".to_string()), "{:?}", a.names);
        // The lineage link between a name's parts is no name.
        let a = Analysis::new("", "وقال الأمير سامر بن خالد إن الخطة جاهزة");
        assert!(a.names.contains(&stem("سامر").to_string()), "{:?}", a.names);
        assert!(!a.names.iter().any(|n| n == "بن"), "{:?}", a.names);
    }

    #[test]
    fn surface_forms_give_words_as_written() {
        let text = "أعلنت إيران والعراق أن الرئيسَ الإيراني";
        let keys = vec![stem(&crate::fold("إيران")).to_owned(), "غايب".to_owned()];
        assert_eq!(surface_forms(text, &keys), ["إيران", "غايب"]);
    }

    #[test]
    fn shared_sentences_match_across_punctuation_and_diacritics() {
        let a = Analysis::new(
            "",
            "سقطت أربعة صواريخ على المنطقة الخضراء وسط بغداد مساء الاثنين دون إصابات.",
        );
        let b = Analysis::new(
            "",
            "سقطت اربعة صواريخ، على المنطقةِ الخضراء وسط بغداد مساء الاثنين دون اصابات",
        );
        assert_eq!(a.sentences, b.sentences);
        assert_eq!(a.sentences.len(), 1);
    }
}
