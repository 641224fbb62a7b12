//! Quotes: quoted and reported speech with its speaker, found after speech
//! verbs (قال، أضاف، أكد، أعلن، أوضح …) and attributions (بحسب، وفق، نقلا
//! عن). A speaker left implicit ("وأضاف:") or named by role alone ("وأضاف
//! المتحدث") is the last matching speaker of the same article. The same
//! statement in several articles is one quote with its variants; speech
//! relayed through another outlet keeps that chain.

use std::collections::BTreeSet;

use marsad_core::Span;
use marsad_text::Token;
use serde::{Deserialize, Serialize};

use crate::entities::{Entities, Np};
use crate::units::{sorted_ids, Units};
use crate::words::{bare, is_content, key};
use crate::{Cite, Doc};

const SPEECH_VERBS: &[&str] = &[
    "قال",
    "قالت",
    "قالوا",
    "اضاف",
    "اضافت",
    "اكد",
    "اكدت",
    "اعلن",
    "اعلنت",
    "اوضح",
    "اوضحت",
    "صرح",
    "صرحت",
    "ذكر",
    "ذكرت",
    "اشار",
    "اشارت",
    "لفت",
    "لفتت",
    "شدد",
    "شددت",
    "نفي",
    "نفت",
    "افاد",
    "افادت",
    "تابع",
    "تابعت",
    "كشف",
    "كشفت",
    "نشر",
    "نشرت",
    "غرد",
    "غردت",
    "حذر",
    "حذرت",
    "اعتبر",
    "اعتبرت",
    "اعرب",
    "اعربت",
    "يقول",
    "تقول",
    "نقل",
    "نقلت",
    "اكدوا",
    "اعلنوا",
];

/// Speech verbs that also narrate ("أضاف الفريق هدفين", "تابعت بأسى
/// التصريحات", "نشرت الوزارة صورا"): speech only with what was said after the
/// speaker (a quotation mark, a colon, إن/أن).
const WEAK_VERBS: &[&str] = &[
    "اضاف",
    "اضافت",
    "تابع",
    "تابعت",
    "نشر",
    "نشرت",
    "لفت",
    "لفتت",
    "كشف",
    "كشفت",
];

fn is_weak_verb(norm: &str) -> bool {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    WEAK_VERBS.contains(&w) || WEAK_VERBS.contains(&norm)
}

/// Whether speech follows token `end` (within ten words): a quotation
/// mark or colon, or إن/أن and their forms.
fn speech_follows(text: &str, toks: &[Token], end: usize, limit: usize) -> bool {
    if end >= limit {
        return false;
    }
    let upto = toks[(end + 10).min(limit) - 1].end;
    let from = toks[end - 1].end.min(upto);
    text[from..upto].contains(QUOTE_MARKS)
        || text[from..upto].contains(':')
        || (end..(end + 10).min(limit)).any(|k| opens_speech(toks, k))
}

/// Whether the word at `k` is the أن/إن that opens what was said: not
/// one of time or concession («قبل أن يختتم», «بعد أن», «إلا أن», «غير
/// أنه»), which narrates.
fn opens_speech(toks: &[Token], k: usize) -> bool {
    matches!(
        bare(&toks[k].norm),
        "ان" | "انه" | "انها" | "انهم" | "بان" | "بانه" | "بانها"
    ) && !(k > 0
        && matches!(
            toks[k - 1].norm.trim_start_matches('و'),
            "قبل"
                | "بعد"
                | "منذ"
                | "دون"
                | "الا"
                | "غير"
                | "رغم"
                | "برغم"
                | "حتي"
                | "لولا"
                | "لو"
        ))
}

/// Attributions: "بحسب X", "وفق X", "نقلا عن X".
const ACCORDING: &[&str] = &["بحسب", "حسب", "وفق", "وفقا", "طبقا", "نقلا", "حسبما"];

pub fn is_speech_verb(norm: &str) -> bool {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    SPEECH_VERBS.contains(&w) || SPEECH_VERBS.contains(&norm)
}

/// A statement or report, which speaks for its author.
fn is_document(norm: &str) -> bool {
    let w = crate::words::bare_noun(norm);
    matches!(
        w,
        "بيان" | "تقرير" | "رساله" | "وثيقه" | "تغريده" | "منشور" | "حساب" | "صفحه"
    )
}

/// Results and figures: what a source publishes, never the source
/// ("بحسب النتائج الرسمية", "وفقا للبيانات المنشورة").
fn is_data(norm: &str) -> bool {
    matches!(
        crate::words::bare_noun(norm),
        "نتايج"
            | "بيانات"
            | "ارقام"
            | "احصاءات"
            | "احصاييات"
            | "معلومات"
            | "تقارير"
            | "تقديرات"
            | "معطيات"
            // («نقل عن طريق الإسعاف»: by way of, no source.)
            | "طريق"
    ) || is_document(norm)
        || abstract_plural(norm)
}

/// A plural in ـات of what is done, found or asked, not of who does it:
/// «تكهنات», «الفحوصات الطبية», «المواصفات الدولية», «تعليمات الطبيب». The
/// plurals of bodies and of women are someone («السلطات», «الولايات»,
/// «الناشطات»).
fn abstract_plural(norm: &str) -> bool {
    let w = crate::words::bare_noun(norm);
    w.ends_with("ات")
        && w.chars().count() >= 5
        && !matches!(
            w,
            // Bodies.
            "سلطات"
                | "ولايات"
                | "امارات"
                | "حكومات"
                | "وزارات"
                | "ادارات"
                | "هييات"
                | "وكالات"
                | "جهات"
                | "قوات"
                | "قيادات"
                | "شركات"
                | "موسسات"
                | "منظمات"
                | "جمعيات"
                | "نقابات"
                | "اتحادات"
                | "جماعات"
                | "مجموعات"
                | "ميليشيات"
                | "مليشيات"
                | "وحدات"
                | "تشكيلات"
                | "دوريات"
                | "بعثات"
                | "سفارات"
                | "قنصليات"
                | "مديريات"
                | "محافظات"
                | "بلديات"
                | "امانات"
                | "مفوضيات"
                | "نيابات"
                | "جامعات"
                | "مستشفيات"
                | "شبكات"
                | "قنوات"
                | "محطات"
                | "اذاعات"
                | "استخبارات"
                | "مخابرات"
                | "اتصالات"
                | "خدمات"
                | "تنسيقيات"
                | "عايلات"
                // Women.
                | "سيدات"
                | "فتيات"
                | "امهات"
                | "زوجات"
                | "ناشطات"
                | "طالبات"
                | "لاعبات"
                | "عاملات"
                | "معلمات"
                | "موظفات"
                | "مواطنات"
                | "مقيمات"
                | "ممرضات"
                | "طبيبات"
                | "باحثات"
                | "خبيرات"
                | "متطوعات"
                | "محتجات"
                | "متظاهرات"
                | "اعلاميات"
                | "صحفيات"
                | "مذيعات"
                | "فنانات"
                | "مسوولات"
        )
}

/// Whether the word at `k` is the «عن» a source follows («نقل عن مسؤول»),
/// not «عن طريق» (by way of: «نقل المصاب عن طريق الإسعاف» moves him).
fn source_an(toks: &[Token], k: usize) -> bool {
    bare(&toks[k].norm) == "عن" && toks.get(k + 1).is_none_or(|t| bare(&t.norm) != "طريق")
}

fn is_according(norm: &str) -> bool {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    ACCORDING.contains(&w)
}

const QUOTE_MARKS: &[char] = &['"', '“', '”', '«', '»', '″'];
/// Punctuation that ends a phrase between two words.
const STOP: &[char] = &['،', ',', ':', '؛', ';', '.', '!', '?', '؟'];

/// Who spoke: an entity, or a phrase as written ("مصدر أمني").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Speaker {
    Entity(usize),
    Phrase(String),
}

/// One quote in one article.
#[derive(Debug, Clone)]
pub struct RawQuote {
    pub doc: usize,
    pub unit: usize,
    pub speaker: Speaker,
    /// The role the article gives the speaker here.
    pub role: Option<String>,
    pub content: Span,
    pub direct: bool,
    /// Outlets or sources the speech came through ("بحسب موقع RT").
    pub via: Vec<String>,
}

/// A quote as shown: one statement, its speaker, and its variants.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: String,
    pub role: Option<String>,
    /// "direct" (in quotation marks) or "reported" (indirect speech), or
    /// "mixed" when articles differ.
    pub kind: String,
    pub text: String,
    pub articles: Vec<String>,
    pub variants: Vec<QuoteVariant>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub article: String,
    pub outlet: String,
    pub direct: bool,
    pub via: Vec<String>,
    pub cite: Cite,
}

pub struct Found {
    pub raw: Vec<RawQuote>,
    pub merged: Vec<Quote>,
    labels: Vec<String>,
}

impl Found {
    /// Who the text at byte `pos` of article `doc` is attributed to, when
    /// it is inside a quote: the speaker, and the chain it came through.
    pub fn source_at(&self, doc: usize, pos: usize) -> Option<String> {
        // Quotes are in article order: only this article's are looked at.
        let from = self.raw.partition_point(|q| q.doc < doc);
        self.raw[from..]
            .iter()
            .take_while(|q| q.doc == doc)
            .find(|q| q.content.start <= pos && pos < q.content.end)
            .map(|q| {
                let mut s = self.label(&q.speaker);
                for v in &q.via {
                    s.push_str(&format!(" (عبر {v})"));
                }
                s
            })
    }

    fn label(&self, s: &Speaker) -> String {
        match s {
            Speaker::Entity(e) => self.labels[*e].clone(),
            Speaker::Phrase(p) => p.clone(),
        }
    }
}

fn shown(text: &str, toks: &[Token], a: usize, b: usize) -> String {
    crate::entities::phrase(text, toks, a, b).replace(QUOTE_MARKS, "")
}

pub fn find(docs: &[Doc], units: &Units, groups: &[Vec<usize>], ents: &Entities) -> Found {
    let mut raw: Vec<RawQuote> = Vec::new();
    for (ui, u) in units.units.iter().enumerate() {
        let doc = &docs[u.doc];
        let text = doc.text.as_str();
        let toks = &units.tokens[u.doc];
        for (range, span) in clauses(ents, text, toks, u.toks.clone(), u.span) {
            let mut speaker: Option<(Speaker, Option<String>)> = None;
            let mut via: Vec<String> = Vec::new();
            let mut after = range.start;
            let mut found_verb = false;

            // "بحسب X": the source of the sentence (or the chain it came through).
            let mut according: Option<(Speaker, Option<String>, usize, usize)> = None;
            for i in range.clone() {
                if is_according(&toks[i].norm) {
                    let mut j = i + 1;
                    while j < range.end
                    && matches!(
                        bare(&toks[j].norm),
                        "عن" | "ل"
                            | "لما"
                            | "ما"
                            | "ذكر"
                            | "ذكرت"
                            | "افاد"
                            | "افادت"
                            | "نقل"
                            | "نقلت"
                            | "اورد"
                            | "اوردت"
                    )
                    // "بحسب ما أعلنته الوزارة": the verb with its object
                    // pronoun, before the source.
                    || (matches!(bare(&toks[j - 1].norm), "ما" | "لما" | "حسبما")
                        && is_speech_verb(bare(&toks[j].norm).trim_end_matches(['ه', 'ا'])))
                    {
                        j += 1;
                    }
                    // "بحسب ما تراه الجهات": «ما» and a verb of no speech is what
                    // someone sees fit, not a source.
                    if matches!(bare(&toks[j - 1].norm), "ما" | "لما") {
                        break;
                    }
                    let np = ents.np(text, toks, j, range.end);
                    if np.end > np.first && can_speak(ents, toks, &np) && is_source(toks, &np) {
                        let s = speaker_of(ents, text, toks, &np, &raw, u.doc, ui, units);
                        according = Some((s.0, s.1, np.end, i));
                    }
                    break;
                }
            }
            for i in range.clone() {
                if !is_speech_verb(&toks[i].norm) {
                    continue;
                }
                let mut np = ents.np(text, toks, i + 1, range.end);
                if let Some(whole) = role_with_name(ents, text, toks, &np, range.end) {
                    np = whole;
                }
                // "نقل فلان من وظيفة … إلى وظيفة …": «نقل» relays speech only
                // with its source («نقل عن») or what was said after it; else it
                // moves someone (a cabinet's transfers).
                let relays = matches!(
                    toks[i]
                        .norm
                        .strip_prefix(['و', 'ف'])
                        .unwrap_or(&toks[i].norm),
                    "نقل" | "نقلت"
                );
                if relays
                    && !(i + 1..(i + 9).min(range.end)).any(|k| source_an(toks, k))
                    && !speech_follows(text, toks, i + 1, range.end)
                {
                    continue;
                }
                // "…، كما قالت مدعية المحكمة، مما فتح الطريق": «كما» inside a
                // sentence, after a comma, with nothing said after the speaker,
                // points back: "as X said" of the narration before it, whose
                // words are the writer's, not a quote.
                if i > range.start + 1
                    && toks[i - 1].norm == "كما"
                    && text[toks[i - 2].end..toks[i - 1].start].contains(['،', ','])
                    && !speech_follows(text, toks, np.end.max(i + 1), range.end)
                {
                    continue;
                }
                // "قال بيان للجيش التركي": the statement's author speaks.
                if np.end > np.first
                    && np.first + 1 < range.end
                    && is_document(&toks[np.first].norm)
                    && toks[np.first + 1].norm.starts_with('ل')
                {
                    let author = ents.np(text, toks, np.first + 1, range.end);
                    if author.end > author.first && names_someone(toks, &author) {
                        np = author;
                    }
                }
                // A verb inside the sentence with no speaker after it ("في وقت
                // حذرت فيه") is narration; only a verb opening the sentence
                // ("وأضاف:") continues the last speaker.
                let opening = i <= range.start + 1
                    || matches!(toks[i - 1].norm.as_str(), "كما" | "ثم" | "قد" | "وقد");
                // After the verb, its object rather than a speaker ("أعلن تحطم
                // طائرة"): no speaker here.
                // "وكان الوزير X أكد ضرورة …": after كان the subject speaks, not
                // the verb's object (a name-like phrase the story does not know).
                let kan = matches!(
                    toks[range.start].norm.trim_start_matches(['و', 'ف']),
                    "كان" | "كانت"
                ) && range.start + 1 < i;
                if kan
                    && (np.end == np.first
                        || (np.role.is_none() && ents.resolve(toks, &np).is_none()))
                {
                    let mut s = range.start + 1;
                    if toks[s].norm == "قد" {
                        s += 1;
                    }
                    let subject = ents.np(text, toks, s, i);
                    if subject.end > subject.first && names_someone(toks, &subject) {
                        np = subject;
                    }
                }
                let by_source = np.end > np.first && bare(&toks[np.first].norm) == "عن";
                let np = if np.end > np.first && !by_source && !can_speak(ents, toks, &np) {
                    Np {
                        first: np.first,
                        end: np.first,
                        ..Default::default()
                    }
                } else {
                    np
                };
                // "إلا أن فارس أكد أن …": the subject before the verb speaks.
                let np = if np.end == np.first && !opening {
                    match subject_before(ents, text, toks, range.start, i) {
                        Some(subject) => subject,
                        None => continue,
                    }
                } else {
                    np
                };
                // "وأضاف المدافع بيبي الهدف الثالث": a verb that also narrates,
                // with nothing said after its subject, is narration.
                if np.end > np.first
                    && !by_source
                    && is_weak_verb(&toks[i].norm)
                    && !speech_follows(text, toks, np.end, range.end)
                {
                    continue;
                }
                // "وأعلنت البلدية فتح مدارس، وقال رئيسها إن …": a later clause,
                // after a comma and before anything quoted, with a speech verb
                // and speaker of its own speaks what follows; this verb's object
                // is narration. ("وقال X إن …، وأضاف أن …" stays X's: no speaker.)
                let later_clause = (i + 1..range.end).any(|j| {
                    is_speech_verb(&toks[j].norm)
                        && text[toks[j - 1].end..toks[j].start].contains(['،', ','])
                        && !text[toks[i].end..toks[j].start].contains(QUOTE_MARKS)
                        && {
                            // «وأضاف البيان أن» refers back to the same speaker.
                            let own = ents.np(text, toks, j + 1, range.end);
                            own.end > own.first && names_someone(toks, &own)
                        }
                });
                if later_clause {
                    continue;
                }
                found_verb = true;
                after = np.end.max(i + 1);
                // "وأكد سموه على …": the honorific pronoun is who spoke, not
                // what was said.
                if after < range.end && crate::entities::is_honorific_pronoun(&toks[after].norm) {
                    after += 1;
                }
                if np.end > np.first {
                    let first_tok = bare(&toks[np.first].norm);
                    if matches!(first_tok, "عن") {
                        // "نقلت عن X": the source after عن.
                    } else {
                        speaker = Some(speaker_of(ents, text, toks, &np, &raw, u.doc, ui, units));
                    }
                    // "نقلت الصحيفة عن مسؤولين": the outlet relays the source
                    // (`relays`, above).
                    // "ونقل حساب الاتحاد على موقع تويتر عن X": عن within a few words.
                    let an = (after..(after + 5).min(range.end))
                        .take_while(|&k| {
                            k == after || !text[toks[k - 1].end..toks[k].start].contains(STOP)
                        })
                        .find(|&k| source_an(toks, k));
                    if let (true, Some(an)) = (relays, an) {
                        let np2 = ents.np(text, toks, an + 1, range.end);
                        if np2.end > np2.first {
                            if let Some((s, _)) = speaker.take() {
                                via.push(label_of(ents, &s));
                            }
                            speaker =
                                Some(speaker_of(ents, text, toks, &np2, &raw, u.doc, ui, units));
                            after = np2.end;
                        }
                    }
                    // "في بيان تلقته وكالة …": the outlet that received it relays it.
                    if let Some(k) = (after..(after + 5).min(range.end))
                        .find(|&k| matches!(bare(&toks[k].norm), "تلقته" | "تلقت" | "تلقاه"))
                    {
                        let np2 = ents.np(text, toks, k + 1, range.end);
                        if np2.end > np2.first {
                            via.push(shown(text, toks, np2.first, np2.end));
                            after = np2.end;
                        }
                    }
                    // "قال مصدر لـ RT": told to an outlet that relays it.
                    if after + 1 < range.end && toks[after].norm == "ل" {
                        let np2 = ents.np(text, toks, after + 1, range.end);
                        if np2.end > np2.first {
                            via.push(shown(text, toks, np2.first, np2.end));
                            after = np2.end;
                        }
                    }
                } else if i > range.start {
                    // "وكانت صحيفة X قالت": the subject before the verb.
                    let k = range.start;
                    // ("كانت" is no ك + "انت": only و/ف come off.)
                    if matches!(toks[k].norm.trim_start_matches(['و', 'ف']), "كان" | "كانت")
                        && k + 1 < i
                    {
                        let mut s = k + 1;
                        if toks[s].norm == "قد" {
                            s += 1;
                        }
                        let np2 = ents.np(text, toks, s, i);
                        if np2.end > np2.first {
                            speaker =
                                Some(speaker_of(ents, text, toks, &np2, &raw, u.doc, ui, units));
                        }
                    }
                }
                // "وكانت الحركة دانت في بيان … وقالت إن", "ونسب الوزير X الهجوم
                // إلى … وقال": the subject the sentence before opened with (after
                // كان or a verb), when it quoted no one.
                if speaker.is_none() && ui > 0 && units.units[ui - 1].doc == u.doc {
                    let prev = units.units[ui - 1].toks.clone();
                    let quoted = raw.last().is_some_and(|q| q.unit == ui - 1);
                    let opener = &toks[prev.start].norm;
                    let verb_first = !crate::words::has_article(opener)
                        && !marsad_text::is_stopword(opener)
                        && !crate::entities::is_role_head(opener)
                        && !crate::entities::is_org_head(opener)
                        && !crate::entities::is_anonymous_head(opener)
                        && !is_according(opener);
                    if !quoted
                        && prev.len() > 2
                        && (verb_first
                            || matches!(
                                toks[prev.start].norm.trim_start_matches(['و', 'ف']),
                                "كان" | "كانت"
                            ))
                    {
                        let mut s = prev.start + 1;
                        if toks[s].norm == "قد" {
                            s += 1;
                        }
                        // The subject heads the phrase ("كان انفجارا … كلنا" has none).
                        let subject = ents.np(text, toks, s, prev.end);
                        // (Or a name after a role: "رئيس الوزراء X".)
                        let heads = match subject.name {
                            Some((a, _)) if a == subject.first => {
                                ents.resolve(toks, &subject).is_some()
                            }
                            Some(_) => crate::entities::is_role_head(&toks[subject.first].norm),
                            None => names_someone(toks, &subject),
                        };
                        if subject.end > subject.first && heads {
                            speaker = Some(speaker_of(
                                ents, text, toks, &subject, &raw, u.doc, ui, units,
                            ));
                        }
                    }
                }
                if speaker.is_none() {
                    // "وأضاف:" — the last speaker of this article, if recent.
                    speaker = raw
                        .iter()
                        .rev()
                        .take_while(|q| q.doc == u.doc)
                        .find(|q| ui - q.unit <= 3)
                        .map(|q| (q.speaker.clone(), q.role.clone()));
                }
                break;
            }
            let mut until = span.end;
            if !found_verb {
                if let Some((s, r, end, at)) = according.take() {
                    speaker = Some((s, r));
                    if end >= range.end
                        || text[toks[end - 1].end..span.end]
                            .trim_matches(|c: char| !c.is_alphanumeric())
                            .is_empty()
                    {
                        // "…، بحسب البيت الأبيض.": what came before is attributed.
                        after = range.start;
                        until = toks[at].start;
                    } else if end + 1 < range.end
                        && matches!(bare(&toks[end].norm), "الذي" | "التي")
                        && is_speech_verb(&toks[end + 1].norm)
                    {
                        // "100 جريح بحسب الحاكم الذي أضاف إن …": the source of
                        // what came before goes on speaking: all of it is his.
                        after = range.start;
                    } else {
                        after = end;
                    }
                }
            } else if let Some((s, _, _, _)) = according.take() {
                via.push(label_of(ents, &s));
            }
            let Some((speaker, role)) = speaker else {
                continue;
            };
            let Some((content, direct)) = content_of(
                text,
                toks,
                after,
                range.clone(),
                Span::new(span.start, until),
            ) else {
                continue;
            };
            raw.push(RawQuote {
                doc: u.doc,
                unit: ui,
                speaker,
                role,
                content,
                direct,
                via,
            });
        }
    }
    // A speaker shown must be someone: a phrase of one word ("الاتحاد",
    // "سموه", "بيان") or a role left without its name ("الأمين العام") is
    // hidden rather than shown wrong.
    raw.retain(|q| match &q.speaker {
        // (A one-word "person" is no one known either.)
        Speaker::Entity(e) => {
            let ent = &ents.list[*e];
            ent.kind != crate::entities::Kind::Person || ent.names.iter().any(|(k, _)| k.len() >= 2)
        }
        Speaker::Phrase(p) => {
            let words = marsad_text::tokens(p);
            // («الإجراءات والضوابط الانتخابية», «تقديرات مصور»: what, not
            // who; a statement or a report stays, its author unnamed.)
            !words.first().is_some_and(|w| abstract_plural(&w.norm))
                && (words.len() >= 3
                    || (words.len() == 2
                        && !crate::entities::is_role_head(&words[0].norm)
                        && two_words_name_someone(ents, p, &words)))
        }
    });
    let labels: Vec<String> = ents.list.iter().map(|e| e.name().to_owned()).collect();
    let merged = merge(docs, units, groups, ents, &raw);
    Found {
        raw,
        merged,
        labels,
    }
}

/// Whether a speaker of two words not met as an entity names someone: a
/// body or an unnamed source by its head («وكالة رويترز», «مصادر أمنية»),
/// or a given name and another word — not a noun the story writes with the
/// article («معلومات حصلت», «آخر الإحصائيات»), a word with a pronoun on it
/// («بيان أصدرته», «دراسة أجرتها»: what, not who), «عبر» (how: «عبر
/// حسابه») or «الله» (a prayer,
/// or a compound given name without the family's). A family name may carry
/// the article («سهو السهو»); «علي» folds like «على», «بن» is also Ben.
fn two_words_name_someone(ents: &Entities, phrase: &str, words: &[Token]) -> bool {
    let head = words[0].norm.as_str();
    let bare_head = crate::words::bare_noun(head);
    // (A state speaks too: «دولة الكويت».)
    let heads_a_body = [head, bare_head].iter().any(|w| {
        crate::entities::is_org_head(w) || crate::entities::is_anonymous_head(w) || *w == "دوله"
    });
    let given = (ents.namey(head) && head != "عبر")
        || matches!(head, "علي" | "ابن" | "بن")
        || words[1].norm == format!("ال{head}");
    // (Not a bare ـه: «عبده», «زنغنه», «مونيه» are names.)
    let second = phrase.split_whitespace().nth(1).unwrap_or("");
    let pronoun = second.chars().count() >= 4
        && ["ته", "تها", "ها", "هم", "هما"]
            .iter()
            .any(|x| second.ends_with(x));
    heads_a_body
        || crate::words::has_article(head)
        || (given && !pronoun && words[1].norm != "الله")
}

/// Whether one unnamed speaker's phrase is another's with words more
/// («مسؤول في مطار» and «مسؤول في مطار عدن»): one source, as outlets
/// cut it. Two words at least in the shorter, so that a bare head noun
/// («مسؤول») does not join every official.
fn one_phrase_goes_on(a: &Speaker, b: &Speaker) -> bool {
    let (Speaker::Phrase(a), Speaker::Phrase(b)) = (a, b) else {
        return false;
    };
    let words =
        |s: &str| -> Vec<String> { marsad_text::tokens(s).into_iter().map(|t| t.norm).collect() };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 2 && long.len() > short.len() && long[..short.len()] == short[..]
}

fn label_of(ents: &Entities, s: &Speaker) -> String {
    match s {
        Speaker::Entity(e) => ents.list[*e].name().to_owned(),
        Speaker::Phrase(p) => p.clone(),
    }
}

/// A role cut before its complement, with the name after it ("المتحدث
/// الإعلامي بالدفاع المدني بمنطقة الشمال[،] العقيد سالم حداد"): the whole
/// phrase, role and name, when a rank or a name follows the complement
/// (after a comma, the name alone) before anything is said.
fn role_with_name(
    ents: &Entities,
    text: &str,
    toks: &[Token],
    np: &Np,
    limit: usize,
) -> Option<Np> {
    let role_only = np.name.is_none()
        && np
            .role
            .is_some_and(|(a, b)| (a..b).any(|x| crate::entities::is_role_head(&toks[x].norm)));
    if !role_only || np.end >= limit || np.end == np.first {
        return None;
    }
    let gap = |k: usize| &text[toks[k - 1].end..toks[k].start];
    // The complement opens with a preposition ("بالدفاع", "في وزارة").
    let c = &toks[np.end].norm;
    if gap(np.end).contains(STOP) || !(c.starts_with(['ب', 'ل']) || c == "في") {
        return None;
    }
    let mut commas = 0;
    for k in np.end + 1..(np.end + 9).min(limit) {
        let g = gap(k);
        if g.contains(QUOTE_MARKS)
            || g.contains(|c: char| STOP.contains(&c) && c != ',' && c != '،')
        {
            return None;
        }
        let comma = g.contains([',', '،']);
        commas += comma as usize;
        let n = bare(&toks[k].norm);
        if commas > 1 || is_speech_verb(n) {
            return None;
        }
        // "…، إن": the comma closes the role.
        if matches!(n, "ان" | "انه" | "انها" | "بان" | "بانه") {
            return comma.then_some(Np {
                first: np.first,
                end: k,
                role: Some((np.first, k)),
                name: None,
                unsure: false,
            });
        }
        let rank = crate::entities::is_role_head(&toks[k].norm);
        if !rank && !comma {
            continue;
        }
        let sub = ents.np_plain(text, toks, k, limit);
        let titled = |a: usize| {
            sub.role.is_some_and(|(ra, rb)| {
                ra == k && rb == a && (ra..rb).all(|x| crate::entities::is_role_head(&toks[x].norm))
            })
        };
        match sub.name {
            // (The rank is the name's title, not the role's.)
            Some((a, b)) if (a == k || titled(a)) && b - a >= 2 => {
                return Some(Np {
                    first: np.first,
                    end: sub.end,
                    role: Some((np.first, k)),
                    name: Some((a, b)),
                    unsure: false,
                })
            }
            // No name after the comma: the role with its complement.
            _ if comma => {
                return Some(Np {
                    first: np.first,
                    end: k,
                    role: Some((np.first, k)),
                    name: None,
                    unsure: false,
                })
            }
            _ => {}
        }
    }
    None
}

/// Whether a phrase can be a speaker: a name, a role, an organization, an
/// anonymous source ("مصدر أمني"), or a phrase of article-bearing words
/// ("البيت الأبيض", "السلطات العراقية").
fn can_speak(ents: &Entities, toks: &[Token], np: &Np) -> bool {
    // «كشفت الفحوصات الطبية أنها …»: findings speak for no one. (With the
    // article: a family name may end so, «قال ارديسات», «عرفات».)
    let head = &toks[np.first].norm;
    if crate::words::has_article(head) && abstract_plural(head) {
        return false;
    }
    names_someone(toks, np)
        || ((np.first..np.end).all(|i| crate::words::has_article(&toks[i].norm))
            && !is_data(&toks[np.first].norm))
        || ents.resolve(toks, np).is_some()
}

/// Whether the phrase after "بحسب"/"وفقا ل" is a source rather than a
/// document or measure ("وفقا للخطط الحكومية", "ووفقا لحجمه يعتقد"): its
/// first word heads it (a name, a role, a body, an anonymous source), or
/// it is defined words closed by an adjective ("البيت الأبيض") that carry
/// no preposition.
fn is_source(toks: &[Token], np: &Np) -> bool {
    let head = &toks[np.first].norm;
    let named_first = np.name.is_some_and(|(a, _)| a == np.first);
    let defined = (np.first..np.end).all(|i| crate::words::has_article(&toks[i].norm))
        && !head.starts_with("لل")
        && !head.starts_with("بال")
        && np.end - np.first >= 2
        && crate::entities::ends_with_adjective(&toks[np.end - 1].norm);
    let defined = defined && !is_data(head);
    named_first
        || crate::entities::is_role_head(head)
        || crate::entities::is_org_head(head)
        || crate::entities::is_anonymous_head(head)
        || defined
}

/// The subject between the opening particles of a sentence and its speech
/// verb at `i` ("إلا أن فارس أكد", "كما أن الوزارة أعلنت"), when it names
/// someone and runs up to the verb.
fn subject_before(
    ents: &Entities,
    text: &str,
    toks: &[Token],
    start: usize,
    i: usize,
) -> Option<Np> {
    let particle = |n: &str| {
        matches!(
            n,
            "الا" | "ان"
                | "كما"
                | "لكن"
                | "ولكن"
                | "غير"
                | "بينما"
                | "فيما"
                | "ثم"
                | "حيث"
                | "قد"
                | "وقد"
                | "فقد"
                | "اذ"
                | "كذلك"
                | "وكما"
                | "وفيما"
                | "الي"
                | "جانبه"
                | "جهته"
                | "جهتها"
                | "من"
                | "ومن"
        )
    };
    let mut s = start;
    while s < i && particle(&toks[s].norm) {
        s += 1;
    }
    if s >= i || text[toks[s].start..toks[i].start].contains(STOP) {
        return None;
    }
    let np = ents.np(text, toks, s, i);
    // A name must be one the story knows ("كلنا شعرنا" is no one).
    let someone = if np.name.is_some() {
        ents.resolve(toks, &np).is_some()
    } else {
        names_someone(toks, &np)
    };
    (np.end == i && np.end > np.first && someone).then_some(np)
}

/// A sentence's clauses that each report someone's words: «قال شهود إن
/// أكثر من 20 قتلوا، في حين أكد مسؤول أمني أن ما بين 20 و25 أصيبوا» is
/// two quotes of two speakers, not the witnesses' one. A clause starts
/// after a comma, outside quotation marks, with a contrast or addition
/// («في حين»، «فيما»، «بينما»، «كما») or «و» on a speech verb, whose speaker
/// is named and whose words follow (إن/أن, a quotation mark, a colon),
/// once the sentence before it has quoted someone the same way. Other
/// sentences are one clause.
fn clauses(
    ents: &Entities,
    text: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    span: Span,
) -> Vec<(std::ops::Range<usize>, Span)> {
    let says = |t: &Token| {
        matches!(
            bare(&t.norm),
            "ان" | "انه" | "انها" | "انهم" | "بان" | "بانه" | "بانها"
        )
    };
    let mut out = Vec::new();
    let mut from = range.start;
    // Whether the clause so far has a speech verb with its words after it.
    let mut quoting = false;
    let mut verb_seen = false;
    // Quotation marks from the clause's start to the word at hand, counted
    // as the words go by (linear in the sentence).
    let mut marks_before = 0;
    for k in range.clone() {
        let t = &toks[k];
        if k > from {
            marks_before += text[toks[k - 1].start..t.start]
                .chars()
                .filter(|c| QUOTE_MARKS.contains(c))
                .count();
        }
        if k > from + 2 && k + 2 < range.end {
            let gap = &text[toks[k - 1].end..t.start];
            // («فيما» is no ف + «يما»: the word as it is.)
            let verb_at = match t.norm.as_str() {
                "فيما" | "وفيما" | "بينما" | "وبينما" | "كما" | "وكما" => {
                    Some(k + 1)
                }
                "في" if toks[k + 1].norm == "حين" => Some(k + 2),
                _ if t.norm.starts_with('و') && is_speech_verb(&t.norm) => Some(k),
                _ => None,
            };
            let starts = quoting
                && gap.contains([',', '،'])
                && marks_before % 2 == 0
                && verb_at.is_some_and(|v| {
                    v + 1 < range.end && is_speech_verb(&toks[v].norm) && {
                        let np = ents.np(text, toks, v + 1, range.end);
                        np.end > np.first
                            && names_someone(toks, &np)
                            && speech_follows(text, toks, np.end, range.end)
                    }
                });
            if starts {
                // The first clause keeps the sentence's start (a dateline
                // before its first word).
                let start = if out.is_empty() {
                    span.start
                } else {
                    toks[from].start
                };
                out.push((from..k, Span::new(start, toks[k - 1].end)));
                from = k;
                marks_before = 0;
                quoting = false;
                verb_seen = false;
            }
        }
        if is_speech_verb(&t.norm) {
            verb_seen = true;
        }
        if verb_seen && (says(t) || text[t.start..t.end].contains(QUOTE_MARKS)) {
            quoting = true;
        }
        if verb_seen && k > range.start && text[toks[k - 1].end..t.start].contains(QUOTE_MARKS) {
            quoting = true;
        }
    }
    if out.is_empty() {
        return vec![(range, span)];
    }
    out.push((from..range.end, Span::new(toks[from].start, span.end)));
    out
}

/// Whether a phrase names its speaker by itself: a name, or a role,
/// organization or anonymous-source head (not a word of the text such as
/// «البيان», which refers back to a speaker).
fn names_someone(toks: &[Token], np: &Np) -> bool {
    let head = &toks[np.first].norm;
    np.name.is_some()
        || crate::entities::is_role_head(head)
        || crate::entities::is_org_head(head)
        || crate::entities::is_anonymous_head(head)
}

#[allow(clippy::too_many_arguments)]
fn speaker_of(
    ents: &Entities,
    text: &str,
    toks: &[Token],
    np: &Np,
    raw: &[RawQuote],
    doc: usize,
    ui: usize,
    _units: &Units,
) -> (Speaker, Option<String>) {
    let role = np
        .role
        .filter(|(a, b)| (*a..*b).any(|x| crate::entities::is_role_head(&toks[x].norm)))
        .map(|(a, b)| shown(text, toks, crate::entities::own_title(toks, a, b), b));
    // "وأكد سموه": the person this article last quoted by name.
    if np.end == np.first + 1 && crate::entities::is_honorific_pronoun(&toks[np.first].norm) {
        let named = raw
            .iter()
            .rev()
            .take_while(|q| q.doc == doc)
            .find(|q| {
                matches!(q.speaker, Speaker::Entity(e) if ents.list[e].kind == crate::entities::Kind::Person)
            });
        return match named {
            Some(q) => (q.speaker.clone(), q.role.clone()),
            None => (Speaker::Phrase(shown(text, toks, np.first, np.end)), None),
        };
    }
    if let Some(e) = ents.resolve(toks, np) {
        return (Speaker::Entity(e), role);
    }
    // A role alone ("المتحدث", "المصدر الأمني"): the last speaker of this
    // article whose role or phrase shares its head.
    // (An anonymous source, "مسؤول تركي", is not the one quoted before.)
    if np.name.is_none() && !crate::entities::is_anonymous_head(&toks[np.first].norm) {
        let mine = Entities::role_keys(toks, np);
        if let Some(head) = mine.first() {
            for q in raw
                .iter()
                .rev()
                .take_while(|q| q.doc == doc)
                .filter(|q| ui - q.unit <= 8)
            {
                let matches = match &q.speaker {
                    Speaker::Entity(e) => ents.roles_of(*e).iter().any(|r| r.contains(head)),
                    Speaker::Phrase(p) => marsad_text::tokens(p)
                        .iter()
                        .any(|t| crate::words::name_key(crate::words::bare_noun(&t.norm)) == *head),
                };
                if matches {
                    return (q.speaker.clone(), q.role.clone());
                }
            }
        }
    }
    // A name met once is not an entity yet; the speaker is still its name.
    let phrase = match np.name {
        Some((a, b)) => shown(text, toks, a, b),
        None => shown(text, toks, np.first, np.end),
    };
    (Speaker::Phrase(phrase), role)
}

/// What was said: the text in quotation marks after the speaker, else the
/// clause after إن/أن (reported speech), to the end of the sentence.
fn content_of(
    text: &str,
    toks: &[Token],
    after: usize,
    range: std::ops::Range<usize>,
    sentence: Span,
) -> Option<(Span, bool)> {
    let mut from = if after < range.end {
        toks[after].start
    } else {
        sentence.start
    };
    if from >= sentence.end {
        return None;
    }
    // A dateline opening the sentence ("أربيل (وكالة)- ") is not speech.
    if let Some(p) = text[from..sentence.end]
        .find(")-")
        .or_else(|| text[from..sentence.end].find(") -"))
    {
        if text[from..from + p].split_whitespace().count() <= 4 {
            from += p + text[from + p..].find('-').map_or(1, |d| d + 1);
        }
    }
    let rest = &text[from..sentence.end];
    // Already inside quotation marks the sentence opened before the
    // speech starts («وبحسب موقع "RT"، "سقطت …», «الكويتية " كونا" أن»).
    let inside_marks = text[sentence.start.min(from)..from]
        .matches(QUOTE_MARKS)
        .count()
        % 2
        == 1;
    // Direct speech: from the first quotation mark that opens three words
    // or more ("“واع”" names an agency) to the last one of the sentence.
    let mut marks: Vec<usize> = rest
        .char_indices()
        .filter(|(_, c)| QUOTE_MARKS.contains(c))
        .map(|(i, _)| from + i)
        .collect();
    // A first mark right before a comma or stop closes a quotation opened
    // before («…الإرهابية"، مشيرًا إلى …»): it pairs with nothing here.
    // (Which of ” and “ opens, Arabic typing does not settle.)
    if let Some(&first) = marks.first() {
        let mut after = text[first..].chars();
        let mark = after.next().unwrap_or(' ');
        let next = after.find(|c| !c.is_whitespace()).unwrap_or(' ');
        if mark != '«' && matches!(next, '،' | ',' | '.' | '؛' | ';') {
            marks.remove(0);
        }
    }
    // Marks pair in order: the mark closing a short name («"عاصفة الحزم"»)
    // opens nothing.
    for (n, &open) in marks.iter().enumerate().step_by(2) {
        let start = open + text[open..].chars().next().map_or(1, char::len_utf8);
        let Some(&next) = marks.get(n + 1) else {
            // A mark the sentence does not close: the statement runs past
            // a break inside it («… التنظيم ... فإن …»), so what was said
            // starts there, not at the speaker's title before it. (Not a
            // mark that closes one opened before the speaker's words.)
            let closing = text[open..].starts_with(['»', '”']);
            // Nor one inside reported speech already begun («قال إن
            // المتهمين شكلوا … «للإشراف …»).
            let reported = toks
                .iter()
                .enumerate()
                .any(|(k, t)| t.start >= from && t.end <= open && opens_speech(toks, k));
            if inside_marks || closing || reported {
                break;
            }
            let inner = text[start..sentence.end].trim();
            let lead =
                text[start..sentence.end].len() - text[start..sentence.end].trim_start().len();
            if inner.split_whitespace().count() >= 3 {
                let inner = inner.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
                return Some((Span::new(start + lead, start + lead + inner.len()), true));
            }
            break;
        };
        if text[start..next].split_whitespace().count() < 3 {
            continue;
        }
        let end = *marks.last().unwrap_or(&next);
        let inner = text[start..end].trim();
        let lead = text[start..end].len() - text[start..end].trim_start().len();
        if inner.split_whitespace().count() >= 3 {
            return Some((Span::new(start + lead, start + lead + inner.len()), true));
        }
    }
    // Reported speech: from إن/أن/أنه on, or right after the speaker. A
    // speaker's title set off by commas («قال أحمد سالم، أستاذ الاقتصاد
    // بجامعة …، إن …», «قال المتحدث بالوزارة في المدينة، العقيد …، إن»)
    // may be long: past eight words, the إن that closes it with a comma.
    let reach = 24;
    let mut start = from;

    for k in after.min(range.end)..(after + reach).min(range.end) {
        let t = &toks[k];
        if t.start < from {
            continue;
        }
        // Past the usual reach, only the إن that closes the title with a
        // comma («… الأمريكية، إن»), not one inside what was said.
        let closes_title = k > 0 && text[toks[k - 1].end..t.start].contains([',', '،']);
        // Nor does one after a title and its circumstance with no colon or
        // quotation mark before it («أكد المهندس … نائب المدير التنفيذي
        // لمشروع …، في تصريحات خاصة لـ(عكاظ) أنه …»): then what was said
        // opens with its أن.
        let no_colon = !inside_marks
            && !text[from..t.start].contains(':')
            && !text[from..t.start].contains(QUOTE_MARKS)
            && !said_before(&toks[after..k]);
        if k >= after + 8 && !closes_title && !no_colon {
            continue;
        }
        if opens_speech(toks, k) {
            start = t.end;
            break;
        }
    }
    let body = text[start..sentence.end].trim_start_matches(|c: char| !c.is_alphanumeric());
    let start = sentence.end - body.len();
    let body = body
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !QUOTE_MARKS.contains(&c) && c != ')');
    if body.split_whitespace().count() < 3 {
        return None;
    }
    Some((Span::new(start, start + body.len()), false))
}

/// Whether words between a speaker and a later أن already say something:
/// «أشار مسؤول إلى تعرض …، وأفاد بأن …» (the statement opened with
/// «إلى»; «وأفاد» and «مشيرا» add to it), unlike a title and its
/// circumstance («نائب المدير …، في تصريحات خاصة لـ(عكاظ) أنه»).
fn said_before(words: &[Token]) -> bool {
    words.first().is_some_and(|t| t.norm == "الي")
        || words.iter().any(|t| {
            is_speech_verb(&t.norm)
                || ["مشير", "موضح", "مؤكد", "مضيف", "لافت", "منوه"]
                    .iter()
                    .any(|p| t.norm.trim_start_matches('و').starts_with(p))
        })
}

fn content_keys(docs: &[Doc], q: &RawQuote) -> Vec<String> {
    let text = &docs[q.doc].text[q.content.start..q.content.end];
    let mut k: Vec<String> = marsad_text::tokens(text)
        .iter()
        .filter(|t| is_content(t))
        .map(|t| key(&t.norm))
        .collect();
    k.sort();
    k.dedup();
    k
}

fn merge(
    docs: &[Doc],
    units: &Units,
    groups: &[Vec<usize>],
    ents: &Entities,
    raw: &[RawQuote],
) -> Vec<Quote> {
    let keys: Vec<crate::units::Keyed> = raw
        .iter()
        .map(|q| units.keyed(&content_keys(docs, q)))
        .collect();
    // Each unit's group, looked up once.
    let mut group_index = vec![usize::MAX; units.units.len()];
    for (gi, g) in groups.iter().enumerate() {
        for &u in g {
            group_index[u] = gi;
        }
    }
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for (i, q) in raw.iter().enumerate() {
        let home = sets.iter().position(|set| {
            set.iter().any(|&j| {
                let p = &raw[j];
                (p.speaker == q.speaker || one_phrase_goes_on(&p.speaker, &q.speaker))
                    && p.doc != q.doc
                    && (group_index[p.unit] == group_index[q.unit]
                        || units.similarity(&keys[i], &keys[j]) >= crate::units::VARIANT)
            })
        });
        match home {
            Some(h) => sets[h].push(i),
            None => sets.push(vec![i]),
        }
    }
    let mut out: Vec<Quote> = sets
        .into_iter()
        .map(|set| {
            let first = &raw[set[0]];
            let variants: Vec<QuoteVariant> = set
                .iter()
                .map(|&i| {
                    let q = &raw[i];
                    let d = &docs[q.doc];
                    QuoteVariant {
                        article: d.id.clone(),
                        outlet: d.outlet.clone(),
                        direct: q.direct,
                        via: q.via.clone(),
                        cite: Cite::new(d, q.content),
                    }
                })
                .collect();
            let kinds: BTreeSet<bool> = variants.iter().map(|v| v.direct).collect();
            let kind = match (kinds.contains(&true), kinds.contains(&false)) {
                (true, true) => "mixed",
                (true, false) => "direct",
                _ => "reported",
            };
            let role =
                set.iter()
                    .find_map(|&i| raw[i].role.clone())
                    .or_else(|| match first.speaker {
                        Speaker::Entity(e) => ents.list[e].roles.first().cloned(),
                        _ => None,
                    });
            let cites: Vec<Cite> = variants.iter().map(|v| v.cite.clone()).collect();
            // The fullest of the phrases an unnamed speaker is given.
            let speaker = set
                .iter()
                .map(|&i| label_of(ents, &raw[i].speaker))
                .max_by_key(|l| l.split_whitespace().count())
                .unwrap_or_else(|| label_of(ents, &first.speaker));
            Quote {
                speaker,
                role,
                kind: kind.into(),
                text: variants
                    .iter()
                    .find(|v| v.direct)
                    .unwrap_or(&variants[0])
                    .cite
                    .text
                    .clone(),
                articles: sorted_ids(&cites),
                variants,
            }
        })
        .collect();
    out.sort_by_key(|q| std::cmp::Reverse(q.articles.len()));
    out
}

/// A speaker shown cut where the story names him whole elsewhere takes the
/// whole name: the last word cut inside a name («مكتب محافظ ديار» beside
/// «مكتب محافظ دياربكر», from «ديار بكر»), the family name alone of a person
/// named in full («عبد النور», «أحمد عبد النور»; not after «بن», which names
/// the father), or a name of three words and more that another goes on
/// from («عبد الرحمن صباح», «عبدالرحمن صباح عيدان»). Only when one name of
/// the story fits.
pub fn complete_speakers(quotes: &mut [Quote], entities: &[crate::Entity]) {
    use crate::words::folded_words as words;
    // (Each name of the story: shown, folded, a person's.)
    let mut names: Vec<(String, Vec<String>, bool)> = entities
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                words(&e.name),
                e.kind == crate::EntityKind::Person,
            )
        })
        .collect();
    names.extend(
        quotes
            .iter()
            .map(|q| (q.speaker.clone(), words(&q.speaker), false)),
    );
    for q in quotes.iter_mut() {
        let s = words(&q.speaker);
        if s.len() < 2 {
            continue;
        }
        let joined = s.concat();
        let fits = |n: &[String], person: bool| {
            let cut = n.len() == s.len()
                && n[..n.len() - 1] == s[..s.len() - 1]
                && n[n.len() - 1].len() > s[s.len() - 1].len()
                && n[n.len() - 1].starts_with(s[s.len() - 1].as_str());
            let family = person
                && n.len() > s.len()
                && n[n.len() - s.len()..] == s[..]
                && !matches!(
                    n[n.len() - s.len() - 1].as_str(),
                    "بن" | "ابن" | "بنت" | "ال" | "ابو"
                );
            let goes_on = person
                && s.len() >= 3
                && n.concat().len() > joined.len()
                && n.concat().starts_with(&joined);
            cut || family || goes_on
        };
        let mut found: Vec<(&String, &Vec<String>)> = names
            .iter()
            .filter(|(shown, n, person)| *shown != q.speaker && fits(n, *person))
            .map(|(shown, n, _)| (shown, n))
            .collect();
        found.sort();
        found.dedup_by(|a, b| a.1 == b.1);
        if let [(whole, _)] = found[..] {
            q.speaker = whole.clone();
        }
    }
    // A role that is the whole speaker (a role and a name not told apart)
    // says nothing the speaker does not: «X (X)» on screen.
    for q in quotes.iter_mut() {
        if q.role.as_deref() == Some(q.speaker.as_str()) {
            q.role = None;
        }
    }
}
