//! Entities: people (with their roles), organizations and places, found by
//! general rules of Arabic news language (a role word before a name, a
//! speech verb before its speaker, a place word before a place name, a
//! nisba adjective beside its country), and merged across spelling variants
//! by folding, token containment and edit distance on folded forms.

use std::collections::{BTreeMap, BTreeSet};

use marsad_text::{is_stopword, Token};
use serde::{Deserialize, Serialize};

use crate::units::Units;
use crate::words::{bare, bare_noun, edit_distance, folded_words, has_article, name_key};
use crate::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    Organization,
    Place,
}

/// An entity as shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    pub kind: Kind,
    pub roles: Vec<String>,
    /// Other spellings met in the story.
    pub variants: Vec<String>,
    pub articles: Vec<String>,
}

/// Words that head a person's role ("رئيس", "المتحدث باسم", "الأمين العام"),
/// as bare folded nouns.
const ROLE_HEADS: &[&str] = &[
    "رييس",
    "رييسه",
    "وزير",
    "وزيره",
    "متحدث",
    "متحدثه",
    "ناطق",
    "ناطقه",
    "امين",
    "سفير",
    "سفيره",
    "مبعوث",
    "قايد",
    "مدير",
    "مديره",
    "نايب",
    "عضو",
    "ملك",
    "امير",
    "شيخ",
    "مستشار",
    "لواء",
    "عميد",
    "عقيد",
    "جنرال",
    "دكتور",
    "زعيم",
    "محافظ",
    "قاضي",
    "مندوب",
    "منسق",
    "مفوض",
    "مرشد",
    "ولي",
    "رييسا",
    "نواب",
    // Military and police ranks.
    "مقدم",
    "رايد",
    "نقيب",
    "ملازم",
    "رقيب",
    "مشير",
    // Other roles a person speaks in: an office, a trade, a kinship.
    "سكرتير",
    "مهندس",
    "مهندسه",
    "مدعي",
    "مدعيه",
    "وكيل",
    "وكيله",
    "حاكم",
    "محلل",
    "مدرب",
    "لاعب",
    "مهاجم",
    "مدافع",
    "حارس",
    "والد",
    "والده",
    "شقيق",
    "شقيقه",
    "عم",
    "نجل",
    "زوج",
    "زوجه",
];

/// Words that complete a role and are never part of a name.
const ROLE_WORDS: &[&str] = &[
    "وزراء",
    "باسم",
    "مجلس",
    "عام",
    "العام",
    "حكومه",
    "وزاره",
    "دوله",
    "جمهوريه",
    "هييه",
    "عهد",
    "اركان",
    "الرسمي",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    // Honorifics before a title ("معالي وزير", "سمو الأمير", "خادم
    // الحرمين الشريفين", "صاحب السمو").
    "معالي",
    "خادم",
    "صاحب",
    "سمو",
    "فخامه",
    "سماحه",
];

/// Nouns that head an organization's name.
const ORG_HEADS: &[&str] = &[
    "وزاره",
    "خليه",
    "مكتب",
    "حلف",
    "وكاله",
    "صحيفه",
    "موقع",
    "قناه",
    "حزب",
    "كتايب",
    "هييه",
    "منظمه",
    "شركه",
    "جامعه",
    "مجلس",
    "جيش",
    "حركه",
    "جبهه",
    "اتحاد",
    "تنظيم",
    "بعثه",
    "محكمه",
    "برلمان",
    "شرطه",
    "مركز",
    "مصرف",
    "بنك",
    "صندوق",
    "سلطات",
    "ادراه",
    "اداره",
    "لجنه",
    "مجموعه",
    "فصايل",
    "ميليشيات",
    "مليشيات",
    "قيادة",
    "قياده",
    "مرصد",
    "رابطه",
    "نيابه",
    "رياسه",
    "ديوان",
    "امانه",
    "مديريه",
    "جمعيه",
    "مفوضيه",
    "سفاره",
    "بلديه",
    "نادي",
    "منتخب",
    "تلفزيون",
    "اذاعه",
    "قوات",
    "موسسه",
    "دايره",
    "اماره",
    "اكاديميه",
    "اجهزه",
    "جهاز",
    "مصلحه",
    "غرفه",
    "نقابه",
];

/// Heads of an anonymous source ("مصدر أمني", "مسؤولون أميركيون").
const ANONYMOUS: &[&str] = &[
    "احد",
    "وسايل",
    "اوساط",
    "مصدر",
    "مصادر",
    "مسيول",
    "مسيولون",
    "مسيولين",
    // "مسؤول" folds to و where "مسئول" folds to ي.
    "مسوول",
    "مسوولون",
    "مسوولين",
    "مسوولو",
    "مسيولو",
    // Two of them («مسؤولان تركيان»).
    "مسوولان",
    "مسيولان",
    "مصدران",
    "شهود",
    "ناشطون",
    "خبراء",
    "مراقبون",
];

/// Place words, with how precise a place they name (a base or a zone is
/// more precise than a city, a city more than a province).
const PLACE_WORDS: &[(&str, u8)] = &[
    ("قاعده", 3),
    ("مطار", 3),
    ("منطقه", 3),
    ("قضاء", 3),
    ("حي", 3),
    ("مخيم", 3),
    ("معبر", 3),
    ("سجن", 3),
    ("مجمع", 3),
    ("ميناء", 3),
    ("ساحه", 3),
    ("شارع", 3),
    ("جسر", 3),
    ("مستشفي", 3),
    ("قصر", 3),
    ("ناحيه", 3),
    ("مدينه", 2),
    ("عاصمه", 2),
    ("بلده", 2),
    ("قريه", 2),
    ("محافظه", 1),
    ("اقليم", 1),
    ("ولايه", 1),
];

/// Words after a speaker that are time or manner, not name: "مؤخرا", "أيضا".
const ADVERBS: &[&str] = &[
    "موخرا",
    "مجددا",
    "ايضا",
    "سابقا",
    "رسميا",
    "حاليا",
    "كذلك",
    "بدوره",
    "بدورها",
    "بدورهم",
    "اليوم",
    "امس",
    "صباح",
    "مساء",
    "ظهر",
    "فجر",
    "ليله",
    "ليل",
    "نهار",
    "لاحقا",
    "مجدد",
    "اخيرا",
    "عندما",
    "تعليقا",
    "ردا",
    "بدلا",
    "فضلا",
    "مباشره",
    // Then, at that time: "وقالت النيابة آنذاك", "أعلن بعدها", "قبيل".
    "قبيل",
    "عقب",
    "بعيد",
    "انذاك",
    "حينها",
    "حينذاك",
    "عندها",
    "بعدها",
    "قبلها",
    "حينيذ",
];

fn in_list(list: &[&str], norm: &str) -> bool {
    list.contains(&bare_noun(norm)) || list.contains(&norm) || list.contains(&bare(norm))
}

pub fn is_role_head(norm: &str) -> bool {
    in_list(ROLE_HEADS, norm)
}

pub fn is_org_head(norm: &str) -> bool {
    in_list(ORG_HEADS, norm)
}

pub fn is_anonymous_head(norm: &str) -> bool {
    in_list(ANONYMOUS, norm)
}

/// Honorific pronouns standing for a person ("سموه", "معاليه"): never a name.
pub fn is_honorific_pronoun(norm: &str) -> bool {
    matches!(
        bare(norm),
        "سموه" | "معاليه" | "فخامته" | "سماحته" | "دولته" | "سعادته"
    )
}

/// Adjectives that follow the noun of a name ("الأمم المتحدة", "الهيئة
/// العامة", "المجلس الأعلى", "البيت الأبيض"), as bare folded words; a
/// nisba ("الدولي", "السعودية") is told by its ending.
const ADJECTIVES: &[&str] = &[
    "عام",
    "عامه",
    "خاص",
    "خاصه",
    "حر",
    "حره",
    "جديد",
    "جديده",
    "كبير",
    "كبيره",
    "اعلي",
    "عليا",
    "كبري",
    "عظمي",
    "اوسط",
    "احمر",
    "ابيض",
    "اخضر",
    "اسود",
    "ازرق",
    "متحد",
    "متحده",
    "مسلح",
    "مسلحه",
    "موحد",
    "موحده",
    "مشترك",
    "مشتركه",
    "مستقل",
    "مستقله",
    "تابع",
    "تابعه",
    "حاكم",
    "حاكمه",
    "دايم",
    "دايمه",
    "مستقيل",
    "مختص",
    "مختصه",
    "مكلف",
    "مكلفه",
    "موقت",
    "موقته",
];

/// Nisba stems of states, regions and the world, as a body's adjective
/// ("الديوان الملكي", "الحرس الوطني", "الاتحاد الآسيوي").
const STATE_ADJECTIVES: &[&str] = &[
    "ملك",
    "وطن",
    "اتحاد",
    "جمهور",
    "ثور",
    "امير",
    "دول",
    "عالم",
    "اسلام",
    "عرب",
    "خليج",
    "اسيو",
    "افريق",
    "اوروب",
    "اقليم",
    "حكوم",
    "رياض",
    "اولمب",
];

/// Countries and regions written with the article (folded): a defined word
/// after «في» is one of them only if it is here (a common noun with its
/// adjective looks just like them: «في القتال» beside «القتالية»).
const DEFINED_COUNTRIES: &[&str] = &[
    "العراق",
    "الاردن",
    "اليمن",
    "السودان",
    "المغرب",
    "الكويت",
    "البحرين",
    "الامارات",
    "السعوديه",
    "الجزاير",
    "الصومال",
    "الهند",
    "الصين",
    "اليابان",
    "الفلبين",
    "النمسا",
    "المجر",
    "البرازيل",
    "الارجنتين",
    "المكسيك",
    "البرتغال",
    "الدنمارك",
    "السويد",
    "النرويج",
    "الكاميرون",
    "الكونغو",
    "الغابون",
    "النيجر",
    "السنغال",
    "التشيك",
    "الاكوادور",
    "البوسنه",
    "البيرو",
    "الباكستان",
    "الخليج",
    "الشام",
    "القرم",
    "الجولان",
    "الضفه",
    "المانيا",
];

/// Common nouns of geography and directions: after a place word they say
/// where, they name no place ("ناحية البحر", "منطقة الشمال").
const GEOGRAPHY: &[&str] = &[
    "بحر",
    "نهر",
    "جبل",
    "وادي",
    "صحراء",
    "يابسه",
    "بر",
    "حدود",
    "ساحل",
    "شاطي",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "داخل",
    "خارج",
    "طريق",
    "انفجار",
    "دول",
    "بلاد",
    "بلدان",
    "حادث",
    "هجوم",
    "عالم",
];

/// Indefinite adjectives of size, place and age, and of what a thing is
/// for: a place or body word with one of them is a common noun phrase
/// ("قرية قريبة", "بلدية جديدة", "مركز تجاري").
const PLAIN_ADJECTIVES: &[&str] = &[
    "قريب",
    "قريبه",
    "بعيد",
    "بعيده",
    "مجاور",
    "مجاوره",
    "جديد",
    "جديده",
    "قديم",
    "قديمه",
    "كبير",
    "كبيره",
    "صغير",
    "صغيره",
    "اخري",
    "اخر",
    "عده",
    "واحد",
    "واحده",
    "مباشره",
    "تجاري",
    "تجاريه",
    "سكني",
    "سكنيه",
    "صناعي",
    "صناعيه",
    "طبي",
    "طبيه",
    "صحي",
    "صحيه",
    "تعليمي",
    "تعليميه",
    "ثقافي",
    "ثقافيه",
    "رياضي",
    "رياضيه",
    "عسكري",
    "عسكريه",
    "امني",
    "امنيه",
    "سياحي",
    "سياحيه",
    "زراعي",
    "زراعيه",
    "اعلامي",
    "اعلاميه",
    "خيري",
    "خيريه",
    "حكومي",
    "حكوميه",
    "خاص",
    "خاصه",
    "دولي",
    "دوليه",
    "محلي",
    "محليه",
    "اقليمي",
    "اقليميه",
    "علمي",
    "علميه",
    "فني",
    "فنيه",
    "مالي",
    "ماليه",
    "اقتصادي",
    "اقتصاديه",
    "سياسي",
    "سياسيه",
    "انساني",
    "انسانيه",
    "اجتماعي",
    "اجتماعيه",
    "نشط",
    "نشطه",
];

/// Whether a folded noun or adjective has the feminine ending (ة, or the
/// ى of «الأولى»).
fn feminine(w: &str) -> bool {
    w.ends_with('ه') || w == "اولي"
}

/// Whether a defined word can be an adjective of the noun before it: a
/// nisba (not its feminine plural, "الملكيات": a noun), an ordinal, or a
/// common adjective.
fn is_adjective(norm: &str) -> bool {
    let w = bare_noun(norm);
    // Nouns that end like a nisba: the majority, a priority, membership,
    // an agreement, a budget ("فقد حزب العدالة والتنمية الغالبية").
    let noun = matches!(
        w,
        "غالبيه"
            | "اغلبيه"
            | "اكثريه"
            | "اقليه"
            | "اولويه"
            | "عضويه"
            | "اتفاقيه"
            | "ميزانيه"
            | "مسووليه"
            | "امكانيه"
    );
    if noun
        || is_stopword(norm)
        || w.ends_with("يات")
        || is_role_head(norm)
        || (is_org_head(norm) && !w.ends_with("يه"))
    {
        return false;
    }
    ADJECTIVES.contains(&w)
        || marsad_text::numbers::ordinal(norm).is_some()
        || (w.chars().count() >= 3 && ["ي", "يه", "يين", "يون"].iter().any(|x| w.ends_with(x)))
}

/// A verbal noun of the derived verb forms, with or without a glued
/// preposition: افتعال ("ارتكاب"), انفعال ("انفجار"), استفعال ("استقبال").
fn derived_masdar(norm: &str) -> bool {
    let w = norm
        .strip_prefix(['ب', 'ل', 'و', 'ف'])
        .filter(|w| w.starts_with('ا'))
        .unwrap_or(norm);
    let c: Vec<char> = w.chars().collect();
    match c.len() {
        6 => c[0] == 'ا' && c[4] == 'ا' && (c[2] == 'ت' || c[1] == 'ن'),
        7 => c[0] == 'ا' && c[1] == 'س' && c[2] == 'ت' && c[5] == 'ا',
        _ => false,
    }
}

/// Prepositions before a place: في، إلى، من، داخل and the directions.
fn place_preposition(norm: &str) -> bool {
    let w = norm.strip_prefix('و').unwrap_or(norm);
    matches!(w, "في" | "الي" | "من" | "داخل") || is_direction(w)
}

/// The directions, which place a name like a preposition ("شمال بغداد").
fn is_direction(norm: &str) -> bool {
    matches!(
        norm,
        "شمال" | "جنوب" | "شرق" | "غرب" | "شمالي" | "جنوبي" | "شرقي" | "غربي"
    )
}

/// An outlet behind «ل», what a speaker spoke to: «لوكالة», «لشبكة سكاي»,
/// «لتلفزيون فوكس». A medium as a sector takes the article in a body's
/// name («الهيئة العامة للإذاعة والتلفزيون»): only bare, it is an outlet.
fn addressed_medium(norm: &str) -> bool {
    let outlet = |w: &str| {
        matches!(
            w,
            "وكاله" | "صحيفه" | "جريده" | "مجله" | "قناه" | "شبكه" | "محطه" | "موقع"
        )
    };
    match norm.strip_prefix("لل") {
        Some(w) => outlet(w),
        None => norm
            .strip_prefix('ل')
            .is_some_and(|w| outlet(w) || matches!(w, "تلفزيون" | "تليفزيون" | "راديو" | "اذاعه")),
    }
}

/// A paper's, an agency's or a channel's head word («صحيفة», «وكالة»).
fn media_head(norm: &str) -> bool {
    let w = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    let w = w.strip_prefix("ال").unwrap_or(w);
    matches!(
        w,
        "وكاله" | "صحيفه" | "جريده" | "مجله" | "قناه" | "شبكه" | "محطه" | "موقع"
    )
}

/// A verbal noun تفعيل behind a preposition ("بتأمين", "لتنفيذ"): never a
/// name word.
fn glued_masdar(norm: &str) -> bool {
    norm.strip_prefix(['ب', 'ل']).is_some_and(tafil)
}

/// A verbal noun of the pattern تفعيل ("تنسيق", "تكفير").
fn tafil(word: &str) -> bool {
    let c: Vec<char> = word.chars().collect();
    c.len() == 5 && c[0] == 'ت' && c[3] == 'ي'
}

/// "برئاسة" (chaired by), "بقيادة" (led by) lead the one who chairs or
/// leads, not a body's name.
fn chaired_by(norm: &str) -> bool {
    matches!(
        norm.strip_prefix(['و', 'ف']).unwrap_or(norm),
        "برياسه" | "بقياده"
    )
}

/// "كل مجموعة", "أي شركة", "بعض الهيئات": a head counted or picked by a
/// quantifier is any one of its kind, never the start of a name.
fn quantified(toks: &[Token], i: usize) -> bool {
    let Some(before) = i.checked_sub(1).map(|p| &toks[p]) else {
        return false;
    };
    // "165 شركة نشطة": a counted head is any of them too (not one behind
    // a preposition: "الرابعة عشرة بمصلحة الزكاة").
    let counted =
        bare(&toks[i].norm) == toks[i].norm && (before.is_number() || number_word(&before.norm));
    let quantifier = matches!(
        before.norm.strip_prefix(['و', 'ف']).unwrap_or(&before.norm),
        "كل" | "لكل"
            | "بكل"
            | "اي"
            | "ايه"
            | "لاي"
            | "باي"
            | "بعض"
            | "عده"
            | "جميع"
            | "كافه"
            | "معظم"
            | "اغلب"
    );
    counted || quantifier
}

/// A number written as a word ("عشرة", "ثلاثة").
fn number_word(norm: &str) -> bool {
    marsad_text::numbers::anchors([norm])
        .iter()
        .any(|a| matches!(a, marsad_text::numbers::Anchor::Number(_)))
}

/// Whether a word can close a name as its adjective ("الأبيض", "العراقية").
pub fn ends_with_adjective(norm: &str) -> bool {
    has_article(norm) && is_adjective(norm)
}

/// A defined noun of time ("الشهر الماضي", "الأسبوع المقبل"; "العام" only
/// so, being also "general"): no part of a name, and after a verb no
/// speaker.
fn time_noun(norm: &str, next: &str) -> bool {
    has_article(norm)
        && match bare_noun(norm) {
            "شهر" | "اسبوع" | "سنه" | "يوم" | "ليله" | "ساعه" | "فتره" => {
                true
            }
            "عام" => matches!(bare_noun(next), "ماضي" | "مقبل" | "جاري" | "حالي" | "منصرم"),
            _ => false,
        }
}

/// Words that join the parts of a name: بن، ابن، أبو، عبد، آل (folded "ال").
fn is_connector(norm: &str) -> bool {
    matches!(
        norm,
        "بن" | "ابن" | "ابو" | "عبد" | "ابي" | "بنت" | "ام" | "ال" | "بو"
    )
}

fn is_date_word(norm: &str) -> bool {
    crate::dates::is_day_word(norm)
}

/// A speaker or mention as a noun phrase: token ranges of its role and name.
#[derive(Debug, Clone, Default)]
pub struct Np {
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    pub role: Option<(usize, usize)>,
    pub name: Option<(usize, usize)>,
    /// An organization's name whose end is not sure (a conjunction the
    /// story does not repeat): not added as an entity.
    pub unsure: bool,
}

const STOP_PUNCT: &[char] = &[
    '،', ',', ':', '؛', ';', '.', '"', '“', '”', '«', '»', '!', '?', '؟', '-', '–', '\n', '″',
];
const QUOTES: &[char] = &['"', '“', '”', '«', '»', '″'];

pub struct Entities {
    /// People and organizations by kind, with their mentions merged.
    pub list: Vec<Ent>,
    /// Place key → (shown name, precision, written with the article).
    pub places: BTreeMap<String, (String, u8, bool)>,
    /// Bare folded words that the story also writes with the article
    /// ("أمني" / "الأمني"): adjectives and common nouns, not names.
    with_article: BTreeSet<String>,
    /// Occurrences of each folded word without clitics, story-wide.
    counts: BTreeMap<String, usize>,
    /// Every folded word of the story, as written (clitics kept).
    words: BTreeSet<String>,
    /// Words the story puts after في or إلى (article kept, clitics off):
    /// places, to tell a nationality's nisba ("التركي" beside "في تركيا").
    after_in: BTreeSet<String>,
    /// Words the story puts right after في or إلى (not من: "اتصالا من
    /// محمد"): a plain one is a place, not a given name.
    after_to: BTreeSet<String>,
    /// How often each word is followed by a conjoined defined word ("العدالة
    /// والتنمية"): a name goes on past و only when the pair recurs.
    conj_pairs: rustc_hash::FxHashMap<(String, String), usize>,
    /// Words already judged by `namey` (the same words come back often).
    namey_seen: std::cell::RefCell<rustc_hash::FxHashMap<String, bool>>,
}

#[derive(Debug, Clone)]
pub struct Ent {
    pub kind: Kind,
    /// Each spelling met: its folded name keys, and how it was written.
    pub names: Vec<(Vec<String>, String)>,
    /// How often each spelling was met (same order as `names`).
    pub seen: Vec<usize>,
    pub roles: Vec<String>,
}

impl Ent {
    /// The fullest spelling (most words), the most used among those.
    pub fn name(&self) -> &str {
        self.names
            .iter()
            .zip(&self.seen)
            .max_by_key(|(n, c)| (n.0.len(), **c))
            .map_or("", |(n, _)| n.1.as_str())
    }

    fn last_keys(&self) -> BTreeSet<&str> {
        self.names
            .iter()
            .filter_map(|n| n.0.last().map(String::as_str))
            .collect()
    }
}

/// True when two folded name-key lists name the same one: the same last
/// word (or within one edit on longer words), and the other words contained
/// in one another (a word may be a prefix of its longer form: جو/جوزيف).
pub fn same_name(a: &[String], b: &[String]) -> bool {
    let (Some(la), Some(lb)) = (a.last(), b.last()) else {
        return false;
    };
    let close = |x: &str, y: &str| {
        x == y || (x.chars().count() >= 4 && y.chars().count() >= 4 && edit_distance(x, y) <= 1)
    };
    // A lineage cut at a «بن»: «محمد بن سلمان» is «محمد بن سلمان بن
    // عبدالعزيز» without his grandfather.
    let lineage = |x: &str| x == "بن" || x == "ابن";
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 3
        && long.len() > short.len()
        && short.iter().any(|w| lineage(w))
        && lineage(&long[short.len()])
        && short.iter().zip(long).all(|(x, y)| close(x, y))
    {
        return true;
    }
    if !close(la, lb) {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // "حسين دواس آل منصور" is the son of "دواس آل منصور": a name of two
    // words or more must begin as the other begins.
    let begins = |x: &str, y: &str| close(x, y) || x.starts_with(y) || y.starts_with(x);
    if short.len() >= 2 && !begins(&short[0], &long[0]) {
        return false;
    }
    short[..short.len() - 1].iter().all(|w| {
        long[..long.len() - 1]
            .iter()
            .any(|v| close(w, v) || v.starts_with(w.as_str()) || w.starts_with(v.as_str()))
    })
}

impl Entities {
    pub fn find(docs: &[Doc], units: &Units) -> Entities {
        let mut with_article = BTreeSet::new();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut words = BTreeSet::new();
        let mut conj_pairs: rustc_hash::FxHashMap<(String, String), usize> = Default::default();
        let mut after_in = BTreeSet::new();
        let mut after_to = BTreeSet::new();
        for toks in &units.tokens {
            for (i, t) in toks.iter().enumerate() {
                if i > 0 && matches!(toks[i - 1].norm.as_str(), "في" | "الي" | "وفي" | "والي")
                {
                    after_to.insert(bare(&t.norm).to_owned());
                }
                if i > 0 && place_preposition(&toks[i - 1].norm) {
                    after_in.insert(bare(&t.norm).to_owned());
                }
                if i > 0 && t.norm.starts_with("وال") {
                    *conj_pairs
                        .entry((toks[i - 1].norm.clone(), t.norm.clone()))
                        .or_default() += 1;
                }
                words.insert(t.norm.clone());
                if has_article(&t.norm) {
                    with_article.insert(bare_noun(&t.norm).to_owned());
                }
                *counts.entry(bare(&t.norm).to_owned()).or_default() += 1;
            }
        }
        let mut e = Entities {
            list: Vec::new(),
            places: BTreeMap::new(),
            with_article,
            counts,
            words,
            conj_pairs,
            after_in,
            after_to,
            namey_seen: Default::default(),
        };
        e.find_places(docs, units);
        // People and organizations: after role words, after speech verbs, and org heads.
        for (d, doc) in docs.iter().enumerate() {
            let toks = &units.tokens[d];
            for u in units.units.iter().filter(|u| u.doc == d) {
                let mut i = u.toks.start;
                while i < u.toks.end {
                    let t = &toks[i];
                    // «المتهم الرئيس عبدالرحمن …»: «الرئيس» after a defined
                    // noun is its adjective (the main one), and the role
                    // starts at that noun.
                    let main_one = matches!(t.norm.as_str(), "الرييس" | "الرييسي")
                        && i > u.toks.start
                        && has_article(&toks[i - 1].norm)
                        && !is_role_head(&toks[i - 1].norm)
                        && doc.text[toks[i - 1].end..t.start].trim().is_empty();
                    let np = if is_role_head(&t.norm) && !is_anonymous_head(&t.norm) {
                        let from = if main_one { i - 1 } else { i };
                        Some(e.np(&doc.text, toks, from, u.toks.end))
                    } else if crate::quotes::is_speech_verb(&t.norm) && i + 1 < u.toks.end {
                        Some(e.np(&doc.text, toks, i + 1, u.toks.end))
                    } else if is_org_head(&t.norm) && !chaired_by(&t.norm) && !quantified(toks, i) {
                        Some(e.np(&doc.text, toks, i, u.toks.end))
                    } else {
                        None
                    };
                    if let Some(np) = np {
                        if np.end > np.first {
                            e.add(&doc.text, toks, &np);
                            i = np.end.max(i + 1);
                            continue;
                        }
                    }
                    i += 1;
                }
            }
        }
        e
    }

    fn find_places(&mut self, docs: &[Doc], units: &Units) {
        let is_place_word = |n: &str| PLACE_WORDS.iter().any(|(w, _)| *w == bare_noun(n));
        let preposition = |n: &str| {
            matches!(
                n,
                "في" | "من"
                    | "الي"
                    | "علي"
                    | "عن"
                    | "حتي"
                    | "داخل"
                    | "وسط"
                    | "قرب"
                    | "محيط"
                    | "وفي"
                    | "ومن"
            ) || is_direction(n)
        };
        let mut plain = BTreeSet::new();
        let mut common = BTreeSet::new();
        let mut companies = BTreeSet::new();
        for toks in &units.tokens {
            for (i, t) in toks.iter().enumerate() {
                if !has_article(&t.norm) {
                    plain.insert(bare(&t.norm).to_owned());
                    continue;
                }
                let glued = !t.norm.starts_with("ال");
                let ok = i == 0
                    || glued
                    || is_place_word(&toks[i - 1].norm)
                    || preposition(&toks[i - 1].norm);
                if !ok {
                    common.insert(bare_noun(&t.norm).to_owned());
                }
            }
        }
        for (d, doc) in docs.iter().enumerate() {
            let toks = &units.tokens[d];
            for u in units.units.iter().filter(|u| u.doc == d) {
                for i in u.toks.clone() {
                    let Some(&(_, rank)) = PLACE_WORDS
                        .iter()
                        .find(|(w, _)| *w == bare_noun(&toks[i].norm))
                    else {
                        continue;
                    };
                    if quantified(toks, i) {
                        continue;
                    }
                    let mut j = i + 1;
                    if j >= u.toks.end || !spaced(&doc.text, toks, i, j) {
                        continue;
                    }
                    // "العاصمة العراقية بغداد": skip one adjective before the name.
                    // (Not a title: "مستشفى الملك خالد" is no "مستشفى خالد".)
                    if has_article(&toks[j].norm)
                        && is_adjective(&toks[j].norm)
                        && !toks[j].norm.starts_with('و')
                        && j + 1 < u.toks.end
                        && !has_article(&toks[j + 1].norm)
                        && self.namey(&toks[j + 1].norm)
                        && spaced(&doc.text, toks, j, j + 1)
                    {
                        j += 1;
                    }
                    // "مستشفى الملك خالد", "مدينة الشيخ زويد": a title and
                    // the name it carries.
                    let named_from = j;
                    if has_article(&toks[j].norm)
                        && matches!(
                            bare_noun(&toks[j].norm),
                            "ملك" | "امير" | "شيخ" | "سلطان" | "امام"
                        )
                        && j + 1 < u.toks.end
                        && self.namey(&toks[j + 1].norm)
                        && spaced(&doc.text, toks, j, j + 1)
                    {
                        j += 1;
                    }
                    let t = &toks[j];
                    let art = has_article(&t.norm);
                    let trigger_art = has_article(&toks[i].norm);
                    // "القضاء الأمريكي": a defined place word and a nationality
                    // is no named place; nor a place word and a common noun of
                    // geography or a direction ("ناحية البحر", "منطقة الشمال");
                    // nor a verb ("منطقة أرسلت إليها": a relative clause).
                    if (trigger_art && art && self.gentilic(&t.norm))
                        || (art && GEOGRAPHY.contains(&bare_noun(&t.norm)))
                        // "منطقة الظهر": a time of day; "منطقة قرب": a
                        // preposition of place.
                        || in_list(ADVERBS, &t.norm)
                        || matches!(
                            bare(&t.norm),
                            "قرب" | "حول" | "نحو" | "قرابه" | "حوالي" | "بين" | "عند" | "لدي"
                        )
                        // "الناحية الأمنية": the side or aspect, no district.
                        || (trigger_art && bare_noun(&toks[i].norm) == "ناحيه")
                        || (j == i + 1 && self.verb_of_clause(&doc.text, toks, j))
                    {
                        continue;
                    }
                    if is_stopword(&t.norm)
                        || t.is_number()
                        || is_date_word(&t.norm)
                        || t.norm.starts_with('و') && !art
                    {
                        continue;
                    }
                    // An article-bearing word names a place ("المنطقة الخضراء")
                    // only if the story never uses it as a common word: never
                    // without the article, and only after place words or
                    // prepositions ("العسكرية" after "القواعد" is an adjective).
                    if art
                        && (plain.contains(bare_noun(&t.norm))
                            || common.contains(bare_noun(&t.norm)))
                    {
                        continue;
                    }
                    if !art && !self.namey(&t.norm) {
                        continue;
                    }
                    // A bare name follows a place word without the article
                    // ("مستشفى قرطالة"); with it, only the capital's ("العاصمة
                    // بغداد"): "المستشفى استقبل" is a sentence.
                    if !art && trigger_art && bare_noun(&toks[i].norm) != "عاصمه" {
                        continue;
                    }
                    // "في المنطقة ببغداد": a name after a place word is not
                    // behind a preposition.
                    let rest: String = t.norm.chars().skip(1).collect();
                    if !art
                        && t.norm.starts_with(['ب', 'ل', 'و', 'ف', 'ك'])
                        && (self.counts.contains_key(&rest) || is_stopword(&rest))
                    {
                        continue;
                    }
                    let mut end = j;
                    // "مدينة سان بطرسبرغ", "بلدة دير البلح": a word that opens
                    // place names takes the name after it.
                    if !art
                        && matches!(
                            t.norm.as_str(),
                            "سان"
                                | "سانت"
                                | "بور"
                                | "نيو"
                                | "لوس"
                                | "لاس"
                                | "دير"
                                | "بني"
                                | "بيت"
                                | "كفر"
                                | "تل"
                                | "سيدي"
                                | "خان"
                                | "ابو"
                                | "ام"
                                | "راس"
                                | "بير"
                                | "عين"
                        )
                        && end + 1 < u.toks.end
                        && spaced(&doc.text, toks, end, end + 1)
                        && !is_stopword(&toks[end + 1].norm)
                        && !is_date_word(&toks[end + 1].norm)
                        && (has_article(&toks[end + 1].norm) || self.namey(&toks[end + 1].norm))
                    {
                        end += 1;
                    }
                    // ("مدينة نابلس بالضفة": a preposition starts another
                    // phrase; «مدينة عدن التي»: a relative pronoun a clause.)
                    if end + 1 < u.toks.end
                        && toks[end + 1].norm.starts_with("ال")
                        && !is_relative(&toks[end + 1].norm)
                        // «إلى» folds to «الي»: a preposition, no adjective.
                        && !matches!(toks[end + 1].norm.as_str(), "الي" | "الى")
                        && spaced(&doc.text, toks, end, end + 1)
                        && !time_noun(&toks[end + 1].norm, "")
                        && !is_date_word(&toks[end + 1].norm)
                        && !art
                        // «بلدة سيلوبي التابعة لمحافظة …», «مدينة تعز الواقعة
                        // في …», «بلدة مندلي القريبة من …»: where the place
                        // lies or whose it is, no word of its name.
                        && !matches!(
                            bare_noun(&toks[end + 1].norm).trim_end_matches('ه'),
                            "تابع"
                                | "واقع"
                                | "قريب"
                                | "مجاور"
                                | "متاخم"
                                | "خاضع"
                                | "محاذي"
                                | "مطل"
                                | "ممتد"
                                | "بعيد"
                                | "مستمر"
                        )
                    {
                        // "قاعدة بلد الجوية": keep one adjective in the shown name.
                        end += 1;
                    }
                    let word = &doc.text[toks[i].start..toks[i].end];
                    // "ومدينة المعرفة", "بمنطقة نجران": the place word without
                    // what is glued to it.
                    let word = match word.chars().next() {
                        Some(c @ ('و' | 'ف' | 'ب' | 'ل'))
                            if !has_article(&toks[i].norm)
                                && PLACE_WORDS
                                    .iter()
                                    .any(|(w, _)| *w == &toks[i].norm[c.len_utf8()..]) =>
                        {
                            &word[c.len_utf8()..]
                        }
                        _ => strip_clitic(word),
                    };
                    let shown = format!(
                        "{} {}",
                        word,
                        &doc.text[toks[named_from].start..toks[end].end]
                    );
                    let key = bare_noun(&t.norm).to_owned();
                    if key.chars().count() < 2 {
                        continue;
                    }
                    // "أسهم شركات مدينة …", "سهم \"مدينة …\"": a place word after a
                    // company or a share, or in quotation marks, names a company.
                    let before = &doc.text[if i > 0 { toks[i - 1].end } else { 0 }..toks[i].start];
                    let after = doc.text[toks[end].end..].trim_start();
                    let company = (i > 0
                        && matches!(
                            bare_noun(&toks[i - 1].norm),
                            "شركه" | "شركات" | "سهم" | "اسهم"
                        ))
                        || (before.trim_end().ends_with(QUOTES) && after.starts_with(QUOTES));
                    if company {
                        companies.insert(key);
                        continue;
                    }
                    // A name keeps its least precise use ("مدينة قرطالة" over
                    // "مستشفى قرطالة"): a bare mention of it means that.
                    let entry = self.places.entry(key).or_insert((shown.clone(), rank, art));
                    if rank < entry.1 && entry.1 > 0 {
                        *entry = (shown, rank, art);
                    }
                }
            }
        }
        for k in &companies {
            self.places.remove(k);
        }
        // Countries: a word the story puts after "في" and also turns into a
        // nisba adjective (في العراق / العراقي).
        // (Shown form, times after في, written with the article.)
        let mut after_in: BTreeMap<String, (String, usize, bool)> = BTreeMap::new();
        let mut words: BTreeSet<String> = BTreeSet::new();
        for (d, toks) in units.tokens.iter().enumerate() {
            for (i, t) in toks.iter().enumerate() {
                let b = bare_noun(&t.norm).to_owned();
                if i > 0 && toks[i - 1].norm == "في" && !is_stopword(&t.norm) {
                    after_in
                        .entry(b.clone())
                        .or_insert_with(|| {
                            let shown = strip_clitic(&docs[d].text[t.start..t.end]).to_owned();
                            (shown, 0, has_article(&t.norm))
                        })
                        .1 += 1;
                }
                words.insert(b);
            }
        }
        for (w, (shown, times, defined)) in &after_in {
            // A defined country ("في العراق") is named there more than once;
            // "في التطوع" once is a common noun.
            let nisba_times = |x: &str| self.counts.get(&format!("ال{x}")).copied().unwrap_or(0);
            if *defined
                && *times < 2
                && nisba_times(&format!("{w}ي")) + nisba_times(&format!("{w}يه")) < 2
            {
                continue;
            }
            let nisba = words.contains(&format!("{w}ي")) || words.contains(&format!("{w}يه"));
            // "في شهر" and "شهري" make no country; nor do «في حال» (in case)
            // beside «الحالي», «في ظل», or an ordinal («في أول أيام العيد»
            // beside «الأولى»).
            let time = is_date_word(w)
                || marsad_text::numbers::month(w, "").is_some()
                || matches!(w.as_str(), "شهر" | "يوم" | "عام" | "سنه" | "اسبوع" | "ساعه")
                || matches!(w.as_str(), "رمضان" | "شعبان" | "شوال")
                || matches!(
                    w.as_str(),
                    "حال" | "ظل" | "اطار" | "مجال" | "حين" | "سبيل" | "ضوء" | "وقت"
                )
                || marsad_text::numbers::ordinal(w).is_some();
            // "في تكفير" beside "تكفيرية": a verbal noun and its adjective.
            let masdar = derived_masdar(w) || tafil(w);
            // A defined word names a country only from the closed list of
            // those written with the article: «في القتال» beside
            // «القتالية» has the very pattern of «في العراق».
            let country_name = !*defined || DEFINED_COUNTRIES.contains(&format!("ال{w}").as_str());
            // A country written bare is never written with the article: «في
            // أمن» beside «الأمني» and «الأمن», «في آخر» beside «أخرى» and
            // «الآخر», «في دور» beside «الدوري» are common nouns.
            // Nor are the nouns of quantity and sameness that stand before
            // another noun («في أحد المستشفيات», «في نفس الوقت», «في آخر
            // لحظة», «في بعض المدن»), whose feminine or adjective («إحدى»,
            // «أخرى», «نفسي») looks like a nisba.
            let common_noun = !*defined
                && (self.with_article.contains(w) || QUANTITY_NOUNS.contains(&w.as_str()));
            if w.chars().count() >= 3
                && nisba
                && country_name
                && !common_noun
                && !time
                && !masdar
                && !w.ends_with('ي')
                && !common.contains(w)
                && !GEOGRAPHY.contains(&w.as_str())
            {
                self.places
                    .entry(w.clone())
                    .or_insert((shown.clone(), 0, true));
            }
        }
    }

    /// True when a folded word can be (part of) a name: not a function
    /// word, number, role or place word, adverb, and not a word the story
    /// also writes with the article.
    /// Whether token `k` is the name «علي», which folds like «على» (on): the
    /// written ي tells, and so does a rank or title right before it that
    /// only a name follows («المقدم على عمير الشهراني»: ى for ي is a common
    /// slip).
    fn is_ali(&self, text: &str, toks: &[Token], k: usize) -> bool {
        const TITLES: &[&str] = &[
            "مقدم",
            "عقيد",
            "عميد",
            "لواء",
            "نقيب",
            "ملازم",
            "رايد",
            "دكتور",
            "مهندس",
            "شيخ",
            "استاذ",
        ];
        let t = &toks[k];
        t.norm == "علي"
            && (text[t.start..t.end].ends_with('ي')
                || k > 0
                    && TITLES.contains(&bare_noun(&toks[k - 1].norm))
                    && toks.get(k + 1).is_some_and(|n| self.namey(&n.norm)))
    }

    pub fn namey(&self, norm: &str) -> bool {
        if let Some(&known) = self.namey_seen.borrow().get(norm) {
            return known;
        }
        let answer = self.namey_uncached(norm);
        self.namey_seen.borrow_mut().insert(norm.to_owned(), answer);
        answer
    }

    /// Whether a nisba names a nationality or a state ("الأمريكي", "التركية",
    /// "الملكي"): its stem is a place the story puts after في or إلى
    /// ("في تركيا", "إلى أمريكا"), or an adjective of states and regions.
    pub fn gentilic(&self, norm: &str) -> bool {
        let w = bare_noun(norm);
        let Some(base) = ["يين", "يون", "يه", "ي"]
            .iter()
            .find_map(|x| w.strip_suffix(x))
            .filter(|b| b.chars().count() >= 2)
        else {
            return false;
        };
        STATE_ADJECTIVES.contains(&base)
            || [
                base.to_owned(),
                format!("{base}ا"),
                format!("{base}يا"),
                format!("ال{base}"),
                format!("ال{base}يه"),
            ]
            .iter()
            .any(|x| self.after_in.contains(x))
    }

    /// Whether token `k` is a verb opening a relative clause: a perfect of
    /// the fourth form ("أرسلت"), or a word a preposition with a resumptive
    /// pronoun follows ("… أرسلت إليها").
    fn verb_of_clause(&self, text: &str, toks: &[Token], k: usize) -> bool {
        let written = &text[toks[k].start..toks[k].end];
        let form_four = written.starts_with('أ')
            && toks[k].norm.ends_with('ت')
            && toks[k].norm.chars().count() == 5;
        let resumptive = toks.get(k + 1).is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "اليها"
                    | "اليه"
                    | "فيها"
                    | "فيه"
                    | "منها"
                    | "منه"
                    | "عليها"
                    | "عليه"
                    | "بها"
                    | "به"
            )
        });
        form_four || resumptive
    }

    fn namey_uncached(&self, norm: &str) -> bool {
        // A conjunction or preposition glued to a word the story also uses
        // bare ("وكبار", "لأعمال") is not a name ("بايدن" is not ب + "ايدن").
        if let Some(rest) = norm.strip_prefix(['و', 'ف', 'ل', 'ب', 'ك']) {
            if self.words.contains(rest) {
                return false;
            }
        }
        // A function word or a quantifier with a pronoun ("خلاله", "لكنه",
        // "جميعها") is no name.
        for suffix in ["ه", "ها", "هم", "هما"] {
            if let Some(stem) = norm.strip_suffix(suffix) {
                if stem.chars().count() >= 2
                    && (is_stopword(stem) || matches!(stem, "جميع" | "معظم" | "اغلب"))
                {
                    return false;
                }
            }
        }
        // A preposition glued to a function word ("بذات") is no name.
        if let Some(rest) = norm.strip_prefix(['ب', 'ل', 'ك']) {
            if is_stopword(rest) {
                return false;
            }
        }
        // The dual of a noun in ة the story writes with the article
        // ("كرتين" beside "الكرة").
        for suffix in ["تين", "تان"] {
            if let Some(stem) = norm.strip_suffix(suffix) {
                if stem.chars().count() >= 2 && self.with_article.contains(&format!("{stem}ه")) {
                    return false;
                }
            }
        }
        // A noun the story writes with the article, with a possessive
        // pronoun ("فريقه" beside "الفريق"): a common noun.
        for suffix in ["ه", "ها", "هم"] {
            if let Some(stem) = norm.strip_suffix(suffix) {
                if stem.chars().count() >= 3 && self.with_article.contains(stem) {
                    return false;
                }
            }
        }
        // The indefinite accusative of a noun the story writes with the
        // article ("قائدا" beside "القائد": «ماسشيرانو قائدا», as captain)
        // tells a state, not a name. (Not a nisba's: «روسيا» beside
        // «الروسي» is the country.)
        if let Some(stem) = norm.strip_suffix('ا') {
            if stem.chars().count() >= 3 && !stem.ends_with('ي') && self.with_article.contains(stem)
            {
                return false;
            }
        }
        // The dual or plural of a noun the story writes with the article
        // ("هدفين" beside "الهدف") is a common noun, not a name.
        for suffix in ["ين", "ون", "ات"] {
            if let Some(stem) = norm.strip_suffix(suffix) {
                if stem.chars().count() >= 3 && self.with_article.contains(stem) {
                    return false;
                }
            }
        }
        let b = bare_noun(norm);
        // Conjunctions and relatives a stopword list may lack, and the
        // verbs of what may or must be («يمكن تلخيص …»).
        if matches!(
            norm,
            "يمكن"
                | "يجب"
                | "ينبغي"
                | "يتعين"
                | "يتوجب"
                | "مما"
                | "بما"
                | "لما"
                | "عما"
                | "فيما"
                | "بينما"
                | "حيث"
                | "حيثما"
                | "كلما"
                | "طالما"
        ) {
            return false;
        }
        !is_stopword(norm)
            && !norm.bytes().next().is_some_and(|c| c.is_ascii_digit())
            && !has_article(norm)
            && !is_role_head(norm)
            && !in_list(ROLE_WORDS, norm)
            && !is_org_head(norm)
            && !is_anonymous_head(norm)
            && !in_list(ADVERBS, norm)
            && !crate::quotes::is_speech_verb(norm)
            && !PLACE_WORDS.iter().any(|(w, _)| *w == b || *w == bare(norm))
            && !self.with_article.contains(norm)
            && !is_date_word(norm)
            && !is_honorific_pronoun(norm)
            && norm.chars().count() >= 2
    }

    /// The noun phrase starting at token `i` (up to `limit`): a role and/or
    /// a name, up to punctuation, a function word or a time word; a name in
    /// apposition after a comma ("رئيس الوزراء، مصطفى الكاظمي،") is taken.
    pub fn np(&self, text: &str, toks: &[Token], i: usize, limit: usize) -> Np {
        self.np_with(text, toks, i, limit, true)
    }

    pub fn np_plain(&self, text: &str, toks: &[Token], i: usize, limit: usize) -> Np {
        self.np_with(text, toks, i, limit, false)
    }

    fn np_with(&self, text: &str, toks: &[Token], i: usize, limit: usize, apposition: bool) -> Np {
        let limit = limit.min(toks.len());
        let mut end = i;
        // Nothing follows the verb before punctuation ("وأضاف: …"): no phrase.
        // (The name in apposition, read with `apposition` off, follows a comma.)
        if apposition
            && i > 0
            && i < limit
            && text[toks[i - 1].end..toks[i].start].contains(STOP_PUNCT)
        {
            return Np {
                first: i,
                end: i,
                ..Default::default()
            };
        }
        let mut quoted = false;
        while end < limit && end - i < 14 {
            let t = &toks[end];
            if end > i {
                let between = &text[toks[end - 1].end..t.start];
                // "سي.ان.ان": an abbreviation's dots join its letters.
                if between == "."
                    && t.norm.chars().count() <= 3
                    && toks[end - 1].norm.chars().count() <= 3
                {
                    end += 1;
                    continue;
                }
                // "د. عبدالله": the doctor's title before the name, no end.
                if between.trim_end() == "." && toks[end - 1].norm == "د" && end - 1 > i {
                    end += 1;
                    continue;
                }
                // (Not after a defined head: "بيان الجيش «قتل ثلاثة»" quotes it.)
                if between.contains(QUOTES)
                    && !quoted
                    && end - i == 1
                    && is_org_head(&toks[i].norm)
                    && !has_article(&toks[i].norm)
                {
                    // "موقع “RT”": a quoted name after an organization word.
                    quoted = true;
                } else if quoted && between.contains(QUOTES) {
                    // Its closing mark.
                    break;
                } else if between.contains(STOP_PUNCT) {
                    break;
                } else if quoted && end - i <= 5 {
                    // Inside the marks every word is the name's: «قناة "سي
                    // إن إن ترك"» (إن is a particle elsewhere).
                    end += 1;
                    continue;
                }
            }
            let n = t.norm.as_str();
            // A number ends the phrase unless it completes a name ("فرانس 24").
            let named_number = t.is_number()
                && end > i
                && !has_article(&toks[end - 1].norm)
                && self.namey(&toks[end - 1].norm);
            let ali = self.is_ali(text, toks, end);
            // "النائب عن اسطنبول مراد أوزشليك": عن after a role head is
            // part of the role.
            let role_an = n == "عن" && end > i && is_role_head(&toks[end - 1].norm);
            if (is_stopword(n) && !in_list(ROLE_WORDS, n) && !ali && !role_an)
                || (in_list(ADVERBS, n)
                    // ("عبدالرحمن صباح عيدان": صباح before a name is a name.)
                    && !(bare(n) == "صباح"
                        && end > i
                        && toks.get(end + 1).is_some_and(|t| self.namey(&t.norm))))
                || is_date_word(n)
                || time_noun(n, toks.get(end + 1).map_or("", |t| t.norm.as_str()))
                || crate::quotes::is_speech_verb(n)
                || (t.is_number() && !named_number)
            {
                break;
            }
            if matches!(n, "ل" | "لـ") || matches!(bare(n), "قوله" | "قولها" | "قولهم" | "قولهما")
            {
                break;
            }
            // The medium a speaker spoke to is no part of him: «مصدر في
            // الشرطة لوكالة الصحافة الفرنسية», «مورينيو لشبكة سكاي». After a
            // role and its adjectives alone it is whose the role is: «المدير
            // العام لصحيفة», «المدير التنفيذي للموقع».
            let bare_role = || {
                is_role_head(&toks[i].norm)
                    && (i + 1..end).all(|k| {
                        let w = &toks[k].norm;
                        is_role_head(w) || in_list(ROLE_WORDS, w) || ends_with_adjective(w)
                    })
            };
            if end > i && addressed_medium(n) && !bare_role() {
                break;
            }
            // A preposition glued to the article ends a name: "مدينة طنجة
            // بالمملكة", "هيئة المحكمة بالتنسيق" ("بالإنابة" is a role's).
            if end > i
                && n.strip_prefix(['و', 'ف']).unwrap_or(n).starts_with("بال")
                && !matches!(n, "بالانابه" | "بالنيابه")
            {
                break;
            }
            end += 1;
        }
        // An organization's name: its head, then words with the article,
        // or one name right after a head without it ("مكتب تحقيقات الطيران").
        if quoted {
            // A quoted name runs to its closing mark: "صحيفة “ديلي ميل”".
            // Without one close by, the marks open a quotation, not a name
            // («خلية «جديدة وتم الكشف عنها…»»).
            let closing = |k: usize| {
                let gap = match toks.get(k) {
                    Some(t) => &text[toks[k - 1].end..t.start],
                    None => &text[toks[k - 1].end..],
                };
                gap.trim_start().starts_with(QUOTES)
            };
            end = (i + 2..=end.min(i + 6)).find(|&k| closing(k)).unwrap_or(i);
        }
        // "مسؤول في مطار عدن", "مصدر في وزارة الداخلية": an anonymous
        // source and where he serves.
        if end > i
            && is_anonymous_head(&toks[i].norm)
            && end + 2 < limit
            && toks[end].norm == "في"
            && spaced(text, toks, end - 1, end)
        {
            let w = &toks[end + 1].norm;
            let place = PLACE_WORDS.iter().any(|(p, _)| *p == bare_noun(w));
            if is_org_head(w) || place {
                // (A place word takes its plain name as a body its name.)
                end = self.org_end(text, toks, end + 1, limit.min(end + 8)).0;
            }
        }
        let mut unsure = false;
        if !quoted && end > i && is_org_head(&toks[i].norm) {
            let (e, sure) = self.org_end(text, toks, i, end);
            end = e;
            unsure = !sure;
        }
        let mut np = Np {
            first: i,
            end,
            unsure,
            ..Default::default()
        };
        if end == i {
            return np;
        }
        self.split(text, toks, &mut np);
        // Apposition: "المتحدث باسم الخارجية، نيد برايس،".
        // Only a role heads it: after an organization's name ("مركز الملك
        // سلمان …، وصلت") the comma ends a clause.
        if apposition
            && np.name.is_none()
            && end < limit
            && !is_org_head(&toks[np.first].norm)
            && text[toks[end - 1].end..toks[end].start].contains(['،', ','])
        {
            let mut k = end;
            while k < limit
                && k - end < 3
                && self.namey(&toks[k].norm)
                && (k == end || spaced(text, toks, k - 1, k))
            {
                k += 1;
            }
            if k > end
                && k < limit
                && k - end == 1
                && has_article(&toks[k].norm)
                && spaced(text, toks, k - 1, k)
            {
                k += 1;
            }
            let closes = k == limit
                || text[toks[k - 1].end..toks.get(k).map_or(text.len(), |t| t.start)]
                    .contains(['،', ',', ':']);
            if k > end
                && closes
                && np
                    .role
                    .is_some_and(|(a, b)| (a..b).any(|x| is_role_head(&toks[x].norm)))
            {
                np.name = Some((end, k));
                np.end = k;
            } else if np
                .role
                .is_some_and(|(a, b)| (a..b).any(|x| is_role_head(&toks[x].norm)))
            {
                // "…، المقدم علي بن عمير الشهراني،": a rank and a name in apposition.
                // (The name or a rank right after the comma: "…، مما فتح
                // الطريق" is a clause.)
                let sub = self.np_plain(text, toks, end, limit);
                let right_after = sub.name.is_some_and(|(a, _)| a == end)
                    || sub.role.is_some_and(|(a, b)| {
                        (a..b).all(|x| {
                            is_role_head(&toks[x].norm) || in_list(ROLE_WORDS, &toks[x].norm)
                        })
                    });
                if sub.name.is_some() && right_after {
                    np.name = sub.name;
                    np.end = sub.end;
                }
            }
        }
        np
    }

    /// Splits a phrase into a role and a name, reading forward: role and
    /// organization words, their complements and article-bearing
    /// adjectives, then a name of one or two words ("نيد برايس"), a third
    /// after a connector ("أبو ياسر", "عبد الله"), and a family name with the
    /// article after a lone given name ("مصطفى الكاظمي").
    fn split(&self, text: &str, toks: &[Token], np: &mut Np) {
        let (first, end) = (np.first, np.end);
        if is_anonymous_head(&toks[first].norm) {
            // "مصادر رسمية", "مصدر مقرب", "أحد الشهود": the head, a defined
            // noun after أحد, and adjectives; not the verb's object after them.
            let adjective = |n: &str| {
                let n = n.strip_prefix('و').unwrap_or(n);
                // (With the dual's: «مسؤولان محليان».)
                (["ي", "يه", "يون", "يين", "يان", "يتان"]
                    .iter()
                    .any(|x| n.ends_with(x))
                    && n.chars().count() >= 3
                    && !is_stopword(n))
                    || matches!(
                        n,
                        "مقرب" | "مطلع" | "رفيع" | "عده" | "اخر" | "اخري" | "متطابقه"
                    )
            };
            let mut e = first + 1;
            if e < end && bare(&toks[first].norm) == "احد" && has_article(&toks[e].norm) {
                e += 1;
            }
            // "مسؤولو أمن": a plural in construct takes its genitive.
            if e < end && toks[first].norm.ends_with("لو") && !is_stopword(&toks[e].norm) {
                e += 1;
            }
            while e < end && e - first < 4 && adjective(bare_noun(&toks[e].norm)) {
                e += 1;
            }
            // "مسؤول في مطار عدن": where he serves (read with the phrase).
            if e < end && toks[e].norm == "في" {
                e = end;
            }
            np.end = e;
            np.role = Some((first, e));
            return;
        }
        if is_org_head(&toks[first].norm) {
            np.role = Some((first, end));
            return;
        }
        // "علي" the name folds like "على" the preposition; the text tells them apart.
        // A word with tanween ("اتصالاً هاتفيًا") is an indefinite noun or
        // adverb, never a name.
        // "صباح" is a time ("صباح اليوم") and a given name ("صباح عيدان"):
        // before a plain name word it is the name.
        let morning_name = |k: usize| {
            bare(&toks[k].norm) == "صباح"
                && k + 1 < end
                && spaced(text, toks, k, k + 1)
                && self.namey(&toks[k + 1].norm)
        };
        // "باسم" speaks for ("المتحدث باسم") after a spokesman, and is a
        // given name elsewhere ("الدكتور باسم فارس").
        let basim = |k: usize| {
            toks[k].norm == "باسم"
                && k > first
                && !matches!(
                    bare_noun(&toks[k - 1].norm),
                    "متحدث" | "متحدثه" | "ناطق" | "ناطقه"
                )
                && k + 1 < end
                && self.namey(&toks[k + 1].norm)
        };
        // "أحمد عبد النور": a plain word before عبد or بن and a name is a
        // given name, even when the story also writes it with the article
        // as a family name ("صباح الأحمد").
        let given = |k: usize| {
            let n = toks[k].norm.as_str();
            k + 2 < end
                && matches!(toks[k + 1].norm.as_str(), "عبد" | "بن" | "ابن")
                && spaced(text, toks, k, k + 1)
                && !has_article(n)
                && !n.starts_with('و')
                && n.chars().count() >= 3
                && !is_stopword(n)
                && !is_role_head(n)
                && !is_org_head(n)
                && !is_date_word(n)
                && !in_list(ADVERBS, n)
                && !crate::quotes::is_speech_verb(n)
                && PLACE_WORDS.iter().all(|(w, _)| *w != bare_noun(n))
        };
        // "سهو السهو": a plain word and the same word with the article are
        // a given name and its family name, though the story writes it defined.
        let twin = |k: usize| {
            let n = toks[k].norm.as_str();
            k + 1 < end
                && !has_article(n)
                && n.chars().count() >= 3
                && toks[k + 1].norm.strip_prefix("ال") == Some(n)
                && spaced(text, toks, k, k + 1)
                && !is_stopword(n)
                && !is_role_head(n)
                && !is_org_head(n)
                && !is_date_word(n)
                && !in_list(ADVERBS, n)
                && PLACE_WORDS.iter().all(|(w, _)| *w != bare_noun(n))
        };
        let namey = |k: usize| {
            !text[toks[k].start..toks[k].end].contains(['\u{64B}', '\u{64C}', '\u{64D}'])
                && (self.namey(&toks[k].norm)
                    || given(k)
                    || twin(k)
                    || morning_name(k)
                    || basim(k)
                    || self.is_ali(text, toks, k))
        };
        // A preposition glued to a word met once ("بجروح") is no name.
        let glued_once = |k: usize| {
            toks[k].norm.starts_with(['ب', 'ل', 'ك'])
                && toks[k].norm.chars().count() >= 5
                && self.occurrences(&toks[k].norm) < 2
        };
        // A name right after a place word is the place's ("بمنطقة نجران"),
        // unless the place word closes a role's genitive and two name words
        // follow ("قائد شرطة العاصمة سامي فارس").
        let after_place = |k: usize| {
            k > first
                && PLACE_WORDS.iter().any(|(w, _)| {
                    *w == bare_noun(&toks[k - 1].norm) || *w == bare(&toks[k - 1].norm)
                })
                && !(k >= first + 2
                    && toks[k - 1].norm.starts_with("ال")
                    && k + 1 < end
                    && self.namey(&toks[k + 1].norm)
                    && !has_article(&toks[k + 1].norm))
        };
        // A name after a title inside an institution's name is the
        // institution's ("لمركز الملك سلمان", "جامعة الأمير سلطان").
        // A plain word right after a bare body word is the body's name
        // ("بأكاديمية ناصر", "باسم حركة حماس فوزي برهوم").
        let after_org = |k: usize| {
            k > first
                && is_org_head(&toks[k - 1].norm)
                && !has_article(&toks[k - 1].norm)
                && !has_article(&toks[k].norm)
        };
        let in_institution = |k: usize| {
            k >= first + 2
                && matches!(
                    bare_noun(&toks[k - 1].norm),
                    "ملك" | "امير" | "شيخ" | "سلطان" | "امام"
                )
                && {
                    let w = bare_noun(&toks[k - 2].norm);
                    let w = w.strip_prefix(['ل', 'ب']).unwrap_or(w);
                    is_org_head(w)
                        || matches!(
                            w,
                            "مركز"
                                | "جامعه"
                                | "مستشفي"
                                | "مدينه"
                                | "مطار"
                                | "جايزه"
                                | "مؤسسه"
                                | "موسسه"
                                | "مجمع"
                                | "قاعده"
                                | "شارع"
                                | "ميناء"
                                | "برنامج"
                        )
                }
        };
        // "عن اسطنبول" in a role; "لكرة القدم", "لحقوق الإنسان": an
        // organization's complement with ل before a defined noun.
        let in_role = |k: usize| {
            (k > first && toks[k - 1].norm == "عن")
                || (toks[k].norm.starts_with('ل')
                    && toks[k].norm.chars().count() >= 4
                    && k + 1 < end
                    && has_article(&toks[k + 1].norm))
        };
        // A country or city the story names ("رئيس جمهورية مصر عبد الفتاح
        // السيسي") or a number word ("عشرة") begins no name.
        // A country, or a word the story puts after في or إلى ("إلى مصر"),
        // or after a word of state ("جمهورية مصر العربية").
        let country = |k: usize| {
            (k > 0
                && !has_article(&toks[k - 1].norm)
                && matches!(
                    bare(&toks[k - 1].norm),
                    "جمهوريه" | "مملكه" | "دوله" | "سلطنه" | "اماره"
                ))
                || self
                    .places
                    .get(bare_noun(&toks[k].norm))
                    .is_some_and(|p| p.1 == 0)
                || (self.after_to.contains(bare(&toks[k].norm)) && !has_article(&toks[k].norm))
        };
        let number = |k: usize| number_word(&toks[k].norm);
        // "أسباب", "أحداث", "أعمال": a broken plural أفعال, written with
        // its hamza above, begins no person's name ("رفض مصدر كشف أسباب
        // التفجيرات"); names إفعال have it below ("إيهاب", "إحسان").
        let plural = |k: usize| {
            let c: Vec<char> = toks[k].norm.chars().collect();
            c.len() == 5
                && c[0] == 'ا'
                && c[3] == 'ا'
                && text[toks[k].start..toks[k].end].starts_with('أ')
        };
        // "فلاديمير بوتين الرئيس الروسي وجوزيف بلاتر": a role after a
        // name is that name's; the name joined to it by و is another
        // person's, whom the role does not describe.
        let next_conjunct = |k: usize| {
            k > first
                && first > 0
                && namey(first - 1)
                && !is_role_head(&toks[first - 1].norm)
                && toks[k]
                    .norm
                    .strip_prefix('و')
                    .is_some_and(|rest| rest.chars().count() >= 3)
        };
        let Some(mut k) = (first..end).find(|&k| {
            namey(k)
                && !plural(k)
                && !next_conjunct(k)
                && !after_place(k)
                && !after_org(k)
                && !in_institution(k)
                && !in_role(k)
                && !glued_once(k)
                && !glued_masdar(&toks[k].norm)
        }) else {
            np.role = Some((first, end));
            return;
        };
        // "محافظ عدن", "محافظ ديار بكر": a place right after a role is the
        // role's (two words when the story also writes them as one).
        // ("أمين عمان عقل بلتاجي": a city the story writes only glued, "بعمان",
        // is the role's too when two name words follow.)
        let glued_place = |k: usize| {
            let n = &toks[k].norm;
            !has_article(n)
                && n.chars().count() >= 3
                && self.words.contains(&format!("ب{n}"))
                && k + 2 < end
                && namey(k + 1)
                && namey(k + 2)
                && !has_article(&toks[k + 2].norm)
        };
        if k > first
            && is_role_head(&toks[k - 1].norm)
            && (self.places.contains_key(bare_noun(&toks[k].norm)) || glued_place(k))
        {
            let glued = k + 1 < end
                && self
                    .words
                    .contains(&format!("{}{}", toks[k].norm, toks[k + 1].norm));
            k += if glued { 2 } else { 1 };
            if k >= end || !namey(k) {
                np.role = Some((first, end));
                return;
            }
        }
        // ("رئيس جمهورية مصر عبد الفتاح السيسي"; without a role,
        // "مانشستر سيتي" is a club.)
        if k > first && country(k) && k + 1 < end && namey(k + 1) {
            k += 1;
        }
        if country(k) || number(k) {
            np.role = Some((first, end));
            return;
        }
        // "متحدث باسم الرئيس الأفغاني أشرف غني": an unnamed (indefinite)
        // spokesman of someone whose role comes with his name; the name is
        // the inner role's, not the speaker's.
        let inner_role = (first..k).any(|x| {
            toks[x].norm == "باسم"
                && x > first
                && matches!(
                    toks[x - 1].norm.as_str(),
                    "متحدث" | "متحدثه" | "ناطق" | "ناطقه"
                )
                && (x + 1..k).any(|y| is_role_head(&toks[y].norm))
        });
        // Words that join the parts of a name: بن، ابن، أبو، عبد، آل (folded "ال").
        let connector = |t: &Token| {
            matches!(
                t.norm.as_str(),
                "بن" | "ابن" | "ابو" | "عبد" | "ابي" | "بنت" | "ام" | "ال" | "بو"
            )
        };
        let mut e = k + 1;
        let mut chained = connector(&toks[k]);
        // "وأكد فارس تفهمه": a family name the story gave a person in full
        // ("سامي فارس") ends the name there unless his name goes on so.
        let known_last = |k: usize| {
            let key = name_key(bare(&toks[k].norm));
            let next = toks.get(k + 1).map(|t| name_key(bare(&t.norm)));
            self.list.iter().any(|p| {
                p.kind == Kind::Person
                    && p.names
                        .iter()
                        .any(|(n, _)| n.len() >= 2 && n.last() == Some(&key))
                    && !p
                        .names
                        .iter()
                        .any(|(n, _)| next.as_ref().is_some_and(|x| n.contains(x)))
            })
        };
        // "عبد الرحيم": عبد takes the article-bearing name after it.
        if chained && e < end && (!has_article(&toks[e].norm) || toks[k].norm == "عبد") {
            e += 1;
        }
        // A later name word that may be a particle glued to a word
        // ("بانتصاره") must recur in the story to be believed.
        // A verbal noun of a derived verb ("بارتكاب", "انتقال") is no name,
        // nor a word after a second conjunction ("ووالدته").
        // "فرانك فالتر": فال that is no ف + the article (the story never
        // writes the word without it).
        let fal = |k: usize| {
            toks[k].norm.starts_with("فال")
                && !self.words.contains(&toks[k].norm['ف'.len_utf8()..])
                && toks[k].norm.chars().count() >= 5
        };
        let later = |k: usize| {
            (namey(k) || fal(k))
                && !(toks[k].norm.starts_with(['ب', 'ل', 'ك', 'و'])
                    && toks[k].norm.chars().count() >= 4
                    && self.occurrences(&toks[k].norm) < 2)
                && !derived_masdar(&toks[k].norm)
                // "كلاوديو برافو وخافيير": و before a name joins another
                // person ("واين", "ويب" are names: و and no word).
                && !toks[k]
                    .norm
                    .strip_prefix('و')
                    .is_some_and(|rest| rest.chars().count() >= 3 && !is_stopword(rest))
        };
        if e < end
            && !known_last(k)
            && !connector(&toks[e])
            && later(e)
            && (!has_article(&toks[e].norm) || fal(e))
        {
            e += 1;
            // A third plain name word: "رجب طيب أردوغان", "أحمد داود أوغلو".
            if !chained
                && e < end
                && !known_last(e - 1)
                && !connector(&toks[e])
                && later(e)
                && !has_article(&toks[e].norm)
                && !is_role_head(&toks[e].norm)
            {
                e += 1;
            }
        }
        // "علي بن عمير آل جرمان": connector and name pairs.
        while e + 1 < end
            && connector(&toks[e])
            && (!has_article(&toks[e + 1].norm) || toks[e].norm == "عبد")
            && e - k < 6
        {
            e += 2;
            chained = true;
            // "بن عبد العزيز": عبد after a connector takes its defined name.
            if toks[e - 1].norm == "عبد" && e < end && has_article(&toks[e].norm) {
                e += 1;
            }
        }
        // "حازم بن مصطفى زقزوق،": a plain family name closes a lineage when
        // the phrase ends after it (punctuation, the text's end or a role).
        let lineage_closed = chained
            && e < end
            && later(e)
            && !has_article(&toks[e].norm)
            && !connector(&toks[e])
            && !is_role_head(&toks[e].norm)
            && match toks.get(e + 1) {
                None => true,
                Some(next) => {
                    text[toks[e].end..next.start].contains(STOP_PUNCT) || is_role_head(&next.norm)
                }
            };
        if lineage_closed {
            e += 1;
        }
        // A family name with the article follows a lone given name, a
        // lineage, or two or three plain name words when it is a nisba the
        // story repeats ("علي عمير آل جرمان الشهراني").
        let given_only = e - k == 1
            || chained
            || (e < end
                && e - k <= 3
                && toks[e].norm.ends_with('ي')
                && marsad_text::numbers::ordinal(&toks[e].norm).is_none()
                && self.occurrences(&toks[e].norm) >= 2);
        if e < end
            && given_only
            && !lineage_closed
            // The family name itself, not a preposition glued to the article ("للإغاثة").
            && toks[e].norm.starts_with("ال")
            && !connector(&toks[e])
            && !is_role_head(&toks[e].norm)
            // "أسباب التفجيرات": a plural in ات the story also writes
            // without the article is a common noun, no family ("السادات").
            && !(toks[e].norm.ends_with("ات") && {
                let w = bare_noun(&toks[e].norm);
                let stem = w.strip_suffix("ات").unwrap_or(w);
                self.occurrences(w) > 0
                    || self.with_article.contains(stem)
                    || self.with_article.contains(&format!("{stem}ه"))
            })
            // "ضرورة التنسيق": a verbal noun تفعيل is no family name.
            && !tafil(bare_noun(&toks[e].norm))
            // "المدافع بيبي الهدف الثالث": a noun and its ordinal, no family name.
            && !(e + 1 < end && marsad_text::numbers::ordinal(&toks[e + 1].norm).is_some())
        {
            e += 1;
            // "صلاح الدين دمرداش", "سيف الإسلام X": a compound given name,
            // then the family name.
            if matches!(bare_noun(&toks[e - 1].norm), "دين" | "اسلام" | "له" | "رحمن")
                && e < end
                && namey(e)
                && !has_article(&toks[e].norm)
            {
                e += 1;
            }
        }
        // "عوض الله", "نصر الله": الله joins the name word before it.
        if e < end && e > k && toks[e].norm == "الله" {
            e += 1;
        }
        // "راموس مدافع ريال مدريد": a role without the article is in
        // construct with what follows it (the club, the city), so a short
        // phrase that ends the clause right after it is that, no name
        // ("المدافع بيبي" names him; "محافظ عدن نايف البكري" goes on).
        // (A doctor's or officer's title takes no construct: "اللواء دكتور
        // محمود خلف،".)
        let construct = k > first
            && is_role_head(&toks[k - 1].norm)
            && !has_article(&toks[k - 1].norm)
            && !matches!(
                toks[k - 1].norm.as_str(),
                "دكتور" | "مهندس" | "عقيد" | "مقدم" | "نقيب" | "ملازم" | "مشير"
            )
            && e - k <= 2
            && toks.get(e).is_none_or(|next| {
                e >= end || text[toks[e - 1].end..next.start].contains(STOP_PUNCT)
            });
        // "الحاكم يجر تركيا": a name ends with no country.
        if inner_role || construct || country(e - 1) {
            np.role = Some((first, e));
            np.end = e;
            return;
        }
        np.name = Some((k, e));
        np.end = e;
        if k > first {
            np.role = Some((first, k));
        }
    }

    /// How often a folded word occurs in the story (names must recur to
    /// be believed: a one-off word after a role is too often not a name).
    fn occurrences(&self, norm: &str) -> usize {
        self.counts.get(bare(norm)).copied().unwrap_or(0)
    }

    fn add(&mut self, text: &str, toks: &[Token], np: &Np) {
        if np.unsure {
            return;
        }
        let show = |a: usize, b: usize| phrase(text, toks, a, b);
        if let Some((a, b)) = np.name {
            let last = toks[b - 1].norm.as_str();
            if self.occurrences(last) < 2 && self.occurrences(bare_noun(last)) < 2 {
                return;
            }
            // Without a role, a name does not begin with a plural in ات
            // ("ملابسات التفجير" is a noun and its genitive).
            let has_role = np
                .role
                .is_some_and(|(ra, rb)| (ra..rb).any(|x| is_role_head(&toks[x].norm)));
            if (toks[a].norm.ends_with("ات") && (!has_role || b - a >= 2))
                || (!has_role && toks[b - 1].norm.ends_with("ات"))
            {
                return;
            }
            let keys: Vec<String> = toks[a..b].iter().map(|t| name_key(bare(&t.norm))).collect();
            let role = np
                .role
                .filter(|(ra, rb)| (*ra..*rb).any(|x| is_role_head(&toks[x].norm)))
                .map(|(ra, rb)| {
                    // Titles before the name run up to it.
                    let end = if a >= rb { a } else { rb };
                    match own_title(toks, ra, end) {
                        j if j > ra => show(j, end),
                        _ => show(ra, rb),
                    }
                });
            let shown = show(a, b);
            self.merge_in(Kind::Person, keys, shown, role);
        } else if let Some((a, b)) = np.role {
            let head = &toks[a].norm;
            if is_role_head(head) || is_anonymous_head(head) || b - a < 2 {
                return;
            }
            if is_org_head(head) || self.looks_like_org(toks, a, b) {
                // An organization's name: where its genitive chain ends.
                let (b2, sure) = self.org_end(text, toks, a, b);
                // "صحيفة “ديلي ميل”": the phrase already ends at the closing mark.
                let quoted = a + 1 < b && text[toks[a].end..toks[a + 1].start].contains(QUOTES);
                if is_org_head(head) && !sure && !quoted {
                    return;
                }
                let b = if is_org_head(head) && !quoted { b2 } else { b };
                if b - a < 2 {
                    return;
                }
                let keys: Vec<String> = toks[a..b]
                    .iter()
                    .map(|t| name_key(org_word(&t.norm)))
                    .collect();
                self.merge_in(Kind::Organization, keys, show(a, b), None);
            }
        }
    }

    /// Where an organization's name that starts with its head at `a` ends
    /// (tokens before `end`), and whether that end is sure. A name is a
    /// genitive chain: bare nouns closed by the first defined noun or a plain
    /// name ("وكالة أنباء الإمارات", "تنظيم داعش"); after that only adjectives
    /// agreeing with it ("… العامة", "… السعودي"), a title's name ("مركز الملك
    /// سلمان"), or a complement with ل that opens a chain of its own ("لكرة
    /// القدم", "للطيران المدني"). Anything else ends it: a second defined noun
    /// (the verb's object in "قرر مجلس الوزراء الموافقة"), a role ("…
    /// للرئيس", "… الدكتور"), a verb ("ليكسر", "ألقت"), a time ("العام
    /// الماضي"). A conjoined defined noun ("حزب العدالة والتنمية") goes on
    /// when the story repeats the pair; once only, the end is not sure.
    fn org_end(&self, text: &str, toks: &[Token], a: usize, end: usize) -> (usize, bool) {
        // ("وكالة" is و + a word, not و + ك + the article.)
        let head = toks[a]
            .norm
            .strip_prefix(['و', 'ف'])
            .unwrap_or(&toks[a].norm);
        let head_defined = ["ال", "بال", "لل"]
            .iter()
            .any(|p| head.strip_prefix(p).is_some_and(|w| w.chars().count() >= 2));
        let mut closed = head_defined;
        // A ل-complement seen ("الهيئة العامة للسياحة والتراث"): past it a
        // defined head's name may go on past و.
        let mut complement = false;
        let mut bare_run = 0;
        let mut b = a + 1;
        while b < end {
            let n = toks[b].norm.as_str();
            let art = has_article(n);
            // «مسؤول في وزارة الخارجية لوكالة …»: the outlet he spoke to.
            if addressed_medium(n) {
                break;
            }
            // An aside in parentheses is no part of the name.
            if text[toks[b - 1].end..toks[b].start].contains('(') {
                break;
            }
            // "سي.ان.ان": an abbreviation's dots join its letters.
            if &text[toks[b - 1].end..toks[b].start] == "." {
                b += 1;
                continue;
            }
            // A verb whose hamza folds to the article ("ألقت"), a time.
            if art && text[toks[b].start..].starts_with(['أ', 'إ', 'آ']) {
                break;
            }
            if b + 1 < end
                && matches!(
                    bare_noun(&toks[b + 1].norm),
                    "ماضي" | "مقبل" | "جاري" | "حالي" | "منصرم"
                )
            {
                break;
            }
            if n.starts_with('و') {
                // "… والدكتور", "… والهيئة": a new person or body.
                let rest = &n['و'.len_utf8()..];
                // ("… والمتطرفون": people beside the body, not its name.)
                let people = n.ends_with("ون") || n.ends_with("ين");
                // (After a defined head, "الأجهزة والمستلزمات" is a list.)
                if closed
                    && (!head_defined || complement)
                    && n.starts_with("وال")
                    && !is_role_head(rest)
                    && !is_org_head(rest)
                    && !people
                {
                    // A fixed pair: the word before is (nearly) always followed by it.
                    let pair = (toks[b - 1].norm.clone(), n.to_owned());
                    // (After a noun, also when the conjoined word is nearly
                    // always after it: "للإغاثة والأعمال".)
                    let together = self.conj_pairs.get(&pair).copied().unwrap_or(0);
                    let fixed = |w: &str| together * 4 >= self.occurrences(w) * 3;
                    if together >= 2
                        && (fixed(&toks[b - 1].norm)
                            || (!is_adjective(&toks[b - 1].norm) && fixed(n)))
                    {
                        b += 1;
                        continue;
                    }
                    return (b, false);
                }
                break;
            }
            // "لكرة القدم", "لحقوق الإنسان", "لهيئة الطيران": ل and a bare
            // noun before a defined one (not an imperfect verb: "ليكسر").
            // "بهيئة الطيران": an office at another body.
            if chaired_by(n) {
                break;
            }
            let at_body = n.starts_with('ب') && !art && is_org_head(&n['ب'.len_utf8()..]);
            let lam = (n.starts_with('ل') || at_body)
                && !n.starts_with("لي")
                && !art
                && n.chars().count() >= 4
                && b + 1 < end
                && (has_article(&toks[b + 1].norm) || is_org_head(&toks[b + 1].norm));
            if lam {
                closed = false;
                complement = true;
                bare_run = 0;
                b += 1;
                continue;
            }
            if is_role_head(n) && closed {
                break;
            }
            // A rank or office with the article starts a person after the
            // name («منطقة جازان المقدم …», «شرطة الرياض العقيد …»); «التابع»
            // says what the body belongs to, not its name.
            if closed
                && has_article(n)
                && (matches!(
                    bare_noun(n),
                    "مقدم"
                        | "رايد"
                        | "نقيب"
                        | "ملازم"
                        | "رقيب"
                        | "مشير"
                        | "لواء"
                        | "عميد"
                        | "عقيد"
                        | "جنرال"
                        | "متحدث"
                        | "ناطق"
                ) || matches!(bare_noun(n), "تابع" | "تابعه" | "تابعين"))
            {
                break;
            }
            // "للطيران المدني": ل and a defined noun, a chain of one word.
            // ("للمواطنين": the people it acts for, not its name; "للعام
            // المالي": a time.)
            // ("مكتب التحقيقات للتحقيق في الحادث": a verbal noun, تفعيل,
            // with its object after a preposition is what the body does, not
            // its name; «المكتب الإعلامي للكاظمي في بيان» is its name.)
            let next = toks.get(b + 1).map_or("", |t| t.norm.as_str());
            let purpose = n.starts_with("للت") && matches!(next, "في" | "علي" | "عن" | "مع" | "ضد");
            if n.starts_with("لل")
                && crate::words::is_content(&toks[b])
                && !time_noun(n, next)
                && !purpose
                && !matches!(bare_noun(n), "عام" | "مره")
                && !n.ends_with("ين")
                && !n.ends_with("ون")
                && closed
            {
                complement = true;
                b += 1;
                continue;
            }
            // «صحيفة نيويورك تايمز», «صحيفة واشنطن بوست»: the words that
            // close a foreign paper's or channel's name go on with it.
            if closed
                && !art
                && media_head(&toks[a].norm)
                && matches!(
                    n,
                    "تايمز"
                        | "تايم"
                        | "بوست"
                        | "جورنال"
                        | "نيوز"
                        | "ميل"
                        | "تلغراف"
                        | "هيرالد"
                        | "تريبيون"
                        | "اكسبريس"
                        | "ستار"
                        | "توداي"
                        | "جارديان"
                        | "غارديان"
                )
            {
                b += 1;
                continue;
            }
            if closed {
                let title = matches!(
                    bare_noun(&toks[b - 1].norm),
                    "ملك" | "امير" | "شيخ" | "سلطان" | "امام"
                ) || (b >= a + 2
                    && matches!(
                        toks[b - 1].norm.as_str(),
                        "بن" | "ابن" | "عبد" | "ال" | "ابو"
                    ));
                // A dual's adjective is a dual ("الحرمين الشريفين").
                let dual = toks[b - 1].norm.ends_with("ين") && n.ends_with("ين");
                // A participle with its complement ("البلدان المصدرة للبترول").
                let participle = n.starts_with("الم")
                    && n.chars().count() >= 6
                    && b + 1 < end
                    && toks[b + 1].norm.starts_with('ل')
                    && !is_stopword(&toks[b + 1].norm)
                    && !matches!(bare_noun(&toks[b + 1].norm), "مره" | "لمره");
                // "قوات الدفاع الشعبي الجناح العسكري لحزب العمال": a noun and
                // its adjective in apposition, relating it to another body.
                let wing = art
                    && b + 2 < end
                    && has_article(&toks[b + 1].norm)
                    && is_adjective(&toks[b + 1].norm)
                    && toks[b + 2].norm.starts_with('ل')
                    && !has_article(&toks[b + 2].norm)
                    && is_org_head(&toks[b + 2].norm['ل'.len_utf8()..]);
                // (An adjective carries the article itself: "للعام" is a
                // preposition's noun.)
                let art = n.starts_with("ال");
                // An ordinal agrees with the adjective before it, else the
                // head: "قناة السويس الجديدة الأول" is the first of
                // something else.
                let agrees = marsad_text::numbers::ordinal(n).is_none() || {
                    let prev = &toks[b - 1].norm;
                    let like = if b - 1 > a
                        && has_article(prev)
                        && ADJECTIVES.contains(&bare_noun(prev))
                    {
                        prev
                    } else {
                        &toks[a].norm
                    };
                    feminine(bare_noun(n)) == feminine(bare_noun(like))
                };
                if (art && agrees && (is_adjective(n) || dual || wing || participle))
                    || (title && !art && (self.namey(n) || is_connector(n)))
                    || (b >= a + 2 && is_connector(&toks[b - 1].norm) && !art && self.namey(n))
                {
                    b += 1;
                    continue;
                }
                break;
            }
            if art {
                closed = true;
                b += 1;
                continue;
            }
            // A bare noun of the chain ("أنباء", "أركان", "إدارة"), or a
            // plain name that closes it ("داعش", "قطر").
            // ("مجلس عمالة طنجة": a place the story names closes it too.)
            let idafa = b + 1 < end
                && (has_article(&toks[b + 1].norm)
                    || is_org_head(&toks[b + 1].norm)
                    || (self.places.contains_key(bare_noun(&toks[b + 1].norm))
                        && spaced(text, toks, b, b + 1)))
                && crate::words::is_content(&toks[b])
                && !is_date_word(n)
                && bare_run < 3;
            if idafa || is_org_head(n) {
                bare_run += 1;
                b += 1;
                continue;
            }
            // "مجموعة يبلغ": an imperfect verb (the story has its stem or
            // its ت form) is no name.
            let imperfect = n.strip_prefix('ي').is_some_and(|rest| {
                rest.chars().count() >= 2
                    && (self.words.contains(rest) || self.words.contains(&format!("ت{rest}")))
            });
            let place = self.places.contains_key(bare_noun(n));
            if (b == a + 1 || place) && self.namey(n) && !imperfect {
                closed = true;
                b += 1;
                continue;
            }
            break;
        }
        (b, true)
    }

    /// A phrase of common nouns with the article ("البيت الأبيض", "السلطات
    /// العراقية") spoken for as a whole.
    fn looks_like_org(&self, toks: &[Token], a: usize, b: usize) -> bool {
        (a..b).all(|x| has_article(&toks[x].norm)) && b - a <= 4
    }

    fn merge_in(&mut self, kind: Kind, keys: Vec<String>, shown: String, role: Option<String>) {
        // "داود أوغلو" after "أحمد داود أوغلو": a name of two words or more
        // that ends another is the same person, unless a kinship sets them
        // apart (the father "دواس آل منصور" of "حسين دواس آل منصور").
        if kind == Kind::Person && !role.as_deref().is_some_and(kinship) {
            let mut ends = self.list.iter().enumerate().filter(|(_, e)| {
                e.kind == Kind::Person
                    && !e.roles.iter().any(|r| kinship(r))
                    && !e.names.iter().any(|(k, _)| same_name(k, &keys))
                    && e.names.iter().any(|(k, _)| suffix_of(k, &keys))
            });
            if let (Some((p, _)), None) = (ends.next(), ends.next()) {
                if !self.list.iter().any(|e| {
                    e.kind == Kind::Person && e.names.iter().any(|(k, _)| same_name(k, &keys))
                }) {
                    let e = &mut self.list[p];
                    e.names.push((keys, shown));
                    e.seen.push(1);
                    return;
                }
            }
        }
        let found = self.list.iter_mut().find(|e| {
            e.kind == kind
                && e.names.iter().any(|(k, _)| {
                    if kind == Kind::Person {
                        same_name(k, &keys)
                    } else {
                        *k == keys
                            || (keys.len() >= 2
                                && k.len() >= 2
                                && k.first() == keys.first()
                                && (contains_all(k, &keys) || contains_all(&keys, k)))
                    }
                })
        });
        let e = match found {
            Some(e) => e,
            None => {
                self.list.push(Ent {
                    kind,
                    names: Vec::new(),
                    seen: Vec::new(),
                    roles: Vec::new(),
                });
                self.list.last_mut().expect("just pushed")
            }
        };
        let same = |a: &str, b: &str| {
            let words = |x: &str| {
                marsad_text::tokens(x)
                    .into_iter()
                    .map(|t| t.norm)
                    .collect::<Vec<_>>()
            };
            words(a) == words(b)
        };
        match e.names.iter().position(|(_, s)| same(s, &shown)) {
            Some(p) => e.seen[p] += 1,
            None => {
                e.names.push((keys, shown));
                e.seen.push(1);
            }
        }
        if let Some(r) = role {
            if !e
                .roles
                .iter()
                .any(|x| marsad_text::fold(x) == marsad_text::fold(&r))
            {
                e.roles.push(r);
            }
        }
    }

    /// The person or organization a speaker phrase names: by its name, or by
    /// a lone article-bearing name known as a person's family name
    /// ("الكاظمي"), or by its role as given to someone already met
    /// ("المتحدث" after "المتحدث باسم الخارجية نيد برايس").
    pub fn resolve(&self, toks: &[Token], np: &Np) -> Option<usize> {
        // An anonymous source ("مسؤول تركي") is no one named.
        if np.end > np.first && is_anonymous_head(&toks[np.first].norm) {
            return None;
        }
        if let Some((a, b)) = np.name {
            let keys: Vec<String> = toks[a..b].iter().map(|t| name_key(bare(&t.norm))).collect();
            // The person named exactly so first: "علي الشهراني" may be a
            // short form of two fuller names, and the fuller one given here
            // says which.
            let person = |e: &&Ent| e.kind == Kind::Person;
            let found = self
                .list
                .iter()
                .position(|e| person(&e) && e.names.iter().any(|(k, _)| *k == keys))
                .or_else(|| {
                    self.list.iter().position(|e| {
                        person(&e) && e.names.iter().any(|(k, _)| same_name(k, &keys))
                    })
                });
            // A lone word found only as a one-word "person" (or not at all)
            // is the short form of one person named in full.
            let lone = keys.len() == 1
                && found.is_none_or(|f| self.list[f].names.iter().all(|(k, _)| k.len() == 1));
            if lone {
                // "وقال عيدان" after "عبدالرحمن صباح عيدان": a lone family
                // name that ends the names of one person only.
                let mut ends = self.list.iter().enumerate().filter(|(_, e)| {
                    e.kind == Kind::Person
                        && e.names
                            .iter()
                            .any(|(k, _)| k.len() >= 2 && k.last() == keys.last())
                });
                if let (Some((p, _)), None) = (ends.next(), ends.next()) {
                    return Some(p);
                }
                // "الشيخ طلال" after "الشيخ طلال الفهد": a lone given name that
                // begins the names of one person only.
                let mut begins = self.list.iter().enumerate().filter(|(_, e)| {
                    e.kind == Kind::Person
                        && e.names.iter().any(|(k, _)| k.len() >= 2 && k[0] == keys[0])
                });
                if let (Some((p, _)), None) = (begins.next(), begins.next()) {
                    return Some(p);
                }
            }
            return found;
        }
        let (a, b) = np.role?;
        // "الكاظمي", "الوزير العتيبي": a family name known as a person's.
        // ("مكتب الكاظمي" is an office, not the man.)
        let last = &toks[b - 1].norm;
        if b - a == 1 || (has_article(last) && is_role_head(&toks[a].norm)) {
            let k = name_key(bare_noun(last));
            if let Some(p) = self
                .list
                .iter()
                .position(|e| e.kind == Kind::Person && e.last_keys().contains(k.as_str()))
            {
                return Some(p);
            }
        }
        let keys: Vec<String> = toks[a..b]
            .iter()
            .map(|t| name_key(org_word(&t.norm)))
            .collect();
        self.list.iter().position(|e| {
            e.kind == Kind::Organization
                && e.names.iter().any(|(k, _)| {
                    *k == keys
                        || (keys.len() >= 2
                            && k.first() == keys.first()
                            && (contains_all(k, &keys) || contains_all(&keys, k)))
                })
        })
    }

    /// The role words of a phrase, for matching a bare role to a known speaker.
    pub fn role_keys(toks: &[Token], np: &Np) -> Vec<String> {
        np.role.map_or(Vec::new(), |(a, b)| {
            toks[a..b]
                .iter()
                .filter(|t| !is_stopword(&t.norm))
                .map(|t| name_key(org_word(&t.norm)))
                .collect()
        })
    }

    /// Every role of entity `e`, as role keys.
    pub fn roles_of(&self, e: usize) -> Vec<Vec<String>> {
        self.list[e]
            .roles
            .iter()
            .map(|r| {
                marsad_text::tokens(r)
                    .iter()
                    .filter(|t| !is_stopword(&t.norm))
                    .map(|t| name_key(org_word(&t.norm)))
                    .collect()
            })
            .collect()
    }

    /// The places named in tokens `range` of an article: (key, precision,
    /// token index).
    pub fn places_in(
        &self,
        toks: &[Token],
        range: std::ops::Range<usize>,
    ) -> Vec<(String, u8, usize)> {
        let mut out = Vec::new();
        for i in range {
            let t = &toks[i];
            // Place names are matched as written (folded), a glued
            // preposition aside ("ببغداد"): looser keys let "بلاده" meet "بلد".
            let mut k = bare_noun(&t.norm).to_owned();
            if !self.places.contains_key(&k) {
                if let Some(rest) = t.norm.strip_prefix(['ب', 'ل', 'و', 'ف', 'ك']) {
                    k = bare_noun(rest).to_owned();
                }
            }
            if let Some((_, rank, art)) = self.places.get(&k) {
                if *art == has_article(&t.norm) || *rank == 0 {
                    // Right after its place word, a name is as precise as that
                    // word says ("مطار أربيل"); bare, as its least precise use.
                    let here = i
                        .checked_sub(1)
                        .and_then(|p| {
                            PLACE_WORDS
                                .iter()
                                .find(|(w, _)| *w == bare_noun(&toks[p].norm))
                        })
                        .map_or(*rank, |w| w.1.max(*rank));
                    out.push((k, here, i));
                }
            }
        }
        out
    }

    /// The entities as shown (people by how many articles name them, then
    /// organizations, then places): low-confidence ones hidden rather than
    /// shown wrong, a conjunction or preposition glued to the first word
    /// dropped.
    pub fn list(&self, docs: &[Doc]) -> Vec<Entity> {
        let mut out = self.list_all(docs);
        for e in &mut out {
            // Tatweel stretches a word for layout; it is no part of the name.
            e.name = unglued(&e.name).replace('ـ', "");
            for v in &mut e.variants {
                *v = v.replace('ـ', "");
            }
        }
        out.retain(|e| confident(e) && self.believable(e));
        let hidden = misread_names(&out);
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !hidden.contains(&(i - 1))
        });
        out
    }

    /// What the story itself tells about a shown name. A defined common noun
    /// with adjectives only ("القناة الأساسية", "المجلس العلمي") names a
    /// body when an adjective names a nation or state ("الجيش التركي",
    /// "الديوان الملكي"); a body or place word with an indefinite plural or
    /// adjective ("مجموعة ناشطين", "مركز تجاري", "قرية قريبة") is a common
    /// noun phrase; "موقع هيئة …" is a body's website.
    fn believable(&self, e: &Entity) -> bool {
        let words = folded_words(&e.name);
        if words.len() < 2 {
            return true;
        }
        let indefinite = |w: &str| {
            !has_article(w)
                && (PLAIN_ADJECTIVES.contains(&bare(w))
                    || ["ين", "ون", "ات", "يه"].iter().any(|x| w.ends_with(x))
                    // A masculine nisba the story also writes as an
                    // adjective ("تجاري" beside "التجارية"), not a foreign
                    // name ending in ي.
                    || (w.ends_with('ي')
                        && [format!("{w}ه"), format!("ال{w}"), format!("ال{w}ه")]
                            .iter()
                            .any(|x| self.words.iter().any(|y| bare(y) == x)))
                    // Or the noun it is made from, with the article
                    // ("إرهابي" beside "الإرهاب", "حضاري" beside "الحضارة").
                    || w.strip_suffix('ي').is_some_and(|base| {
                        base.chars().count() >= 3
                            && (self.with_article.contains(base)
                                || self.with_article.contains(&format!("{base}ه")))
                    }))
        };
        match e.kind {
            Kind::Organization => {
                if has_article(&words[0])
                    && words[1..].iter().all(|w| has_article(w) && is_adjective(w))
                {
                    // ("الهيئة العالمية": the world alone is no nation, though
                    // the story writes "في العالم"; "الاتحاد البريدي العالمي"
                    // says which body.)
                    return words[1..].iter().any(|w| {
                        self.gentilic(w)
                            && !(words.len() == 2 && matches!(bare_noun(w), "عالمي" | "عالميه"))
                    });
                }
                if words.len() == 2 && !has_article(&words[0]) && indefinite(&words[1]) {
                    return false;
                }
                // "القناة الجديدة لجمع التمويل": a defined word and an adjective
                // of age, size or nearness describe a thing; they name no body.
                if has_article(&words[0])
                    && has_article(&words[1])
                    && matches!(
                        bare_noun(&words[1]),
                        "جديد"
                            | "جديده"
                            | "قديم"
                            | "قديمه"
                            | "كبير"
                            | "كبيره"
                            | "صغير"
                            | "صغيره"
                            | "قريب"
                            | "قريبه"
                            | "بعيد"
                            | "بعيده"
                            | "مجاور"
                            | "مجاوره"
                    )
                {
                    return false;
                }
                // "وإدارة جماعة إرهابية": a body word before a bare body word
                // that ends the phrase is a verbal noun (managing a group) or
                // a chain cut short.
                if words.len() == 2
                    && !has_article(&words[0])
                    && !has_article(&words[1])
                    && (is_org_head(&words[1]) || matches!(words[1].as_str(), "جماعه" | "عصابه"))
                {
                    return false;
                }
                // "قوات الشرطة", "أجهزة الأمن": a plural of forces or services
                // and one singular common noun is what every state has, no
                // body's name ("قوات المجاهدين", "سلطات الكويت" name one).
                if words.len() == 2
                    && !has_article(&words[0])
                    && matches!(
                        bare_noun(&words[0]),
                        "قوات" | "اجهزه" | "سلطات" | "ميليشيات" | "مليشيات" | "فصايل"
                    )
                    && has_article(&words[1])
                    && !["ين", "ون", "ات"].iter().any(|x| words[1].ends_with(x))
                    && !DEFINED_COUNTRIES.contains(&words[1].as_str())
                    && !self.places.contains_key(bare_noun(&words[1]))
                {
                    return false;
                }
                // "شرطة المنطقة", "إمارة المنطقة": a body of the place the
                // text means, not its name.
                if words.len() == 2
                    && has_article(&words[1])
                    && PLACE_WORDS.iter().any(|(p, _)| *p == bare_noun(&words[1]))
                    && !matches!(bare_noun(&words[1]), "قاعده" | "ناحيه" | "قضاء")
                {
                    return false;
                }
                // "رئاسة الاتحاد الدولي": the office of a body, not a body.
                if bare_noun(&words[0]) == "رياسه" && is_org_head(&words[1]) {
                    return false;
                }
                // "حركة المرور", "حركة الملاحة العالمية", "موقع التواصل
                // الاجتماعي", "موقع الحادث": traffic of something and the
                // site of something, whatever adjectives follow.
                let object = bare_noun(&words[1]);
                let traffic = bare_noun(&words[0]) == "حركه"
                    && matches!(
                        object,
                        "مرور"
                            | "سير"
                            | "ملاحه"
                            | "طيران"
                            | "تجاره"
                            | "سفر"
                            | "نقل"
                            | "تداول"
                            | "بيع"
                            | "شراء"
                            | "نزوح"
                            | "اسواق"
                            | "اسهم"
                            | "سياحه"
                    );
                let site = bare_noun(&words[0]) == "موقع"
                    && matches!(
                        object,
                        "تواصل"
                            | "حادث"
                            | "حادثه"
                            | "انفجار"
                            | "هجوم"
                            | "جريمه"
                            | "تفجير"
                            | "عمل"
                            | "بناء"
                            | "سقوط"
                            | "تحطم"
                    );
                if has_article(&words[1]) && (traffic || site) {
                    return false;
                }
                // "تنظيم البطولة", "حركة المرور": a verbal noun and its
                // object, when the object is a word the story uses often.
                if words.len() == 2
                    && matches!(words[0].as_str(), "تنظيم" | "حركه" | "موقع")
                    && has_article(&words[1])
                    && self.counts.get(bare(&words[1])).copied().unwrap_or(0) >= 3
                {
                    return false;
                }
                !(bare_noun(&words[0]) == "موقع" && is_org_head(&words[1]))
            }
            Kind::Place => {
                // "قاعدة", "ناحية", "قضاء" are also a rule, a side and the
                // judiciary: with the article ("القضاء الأمريكي") or with a
                // feminine adjective ("قاعدة صلبة") they name no place.
                let ambiguous = matches!(bare_noun(&words[0]), "قاعده" | "ناحيه" | "قضاء")
                    && (has_article(&words[0])
                        || (words.len() == 2
                            && !has_article(&words[1])
                            && words[1].ends_with('ه')));
                let plain = words.len() == 2 && PLAIN_ADJECTIVES.contains(&bare(&words[1]));
                !ambiguous && !plain
            }
            Kind::Person => {
                // "مهاجم برشلونة كرتين": a dual of a word the story uses
                // ("كرة") ends no name; "حساب الاتحاد": a body word with the
                // article is no family name.
                let last = &words[words.len() - 1];
                let held = |x: &str| {
                    ["", "ال", "ل", "لل", "ب", "بال", "و", "وال"]
                        .iter()
                        .any(|p| self.words.contains(&format!("{p}{x}")))
                };
                let dual_of = |w: &str| {
                    w.strip_suffix("تين")
                        .is_some_and(|x| x.chars().count() >= 2 && held(&format!("{x}ه")))
                        || w.strip_suffix("ين")
                            .is_some_and(|x| x.chars().count() >= 4 && held(x))
                };
                let body =
                    words.len() == 2 && has_article(&words[1]) && is_org_head(bare_noun(&words[1]));
                // "خالص التعازي", "أصدق التهاني": a superlative of sincerity
                // before a defined noun is what was offered, not a name.
                let offered = words.len() == 2
                    && has_article(&words[1])
                    && matches!(
                        bare(&words[0]),
                        "خالص" | "اصدق" | "احر" | "بالغ" | "عميق" | "جزيل" | "اخلص"
                    );
                !dual_of(last) && !body && !offered
            }
        }
    }

    fn list_all(&self, docs: &[Doc]) -> Vec<Entity> {
        // Which articles name an entity: its words as written (folded, clitics
        // off), not the looser matching keys.
        let doc_keys: Vec<BTreeSet<String>> = docs
            .iter()
            .map(|d| {
                let mut s = BTreeSet::new();
                for t in marsad_text::tokens(&format!("{}\n{}", d.title, d.text)) {
                    s.insert(bare(&t.norm).to_owned());
                    s.insert(bare_noun(&t.norm).to_owned());
                    // «لوكالة» names «وكالة …» too.
                    s.insert(org_word(&t.norm).to_owned());
                }
                s
            })
            .collect();
        let words_of = |shown: &str| -> Vec<String> {
            marsad_text::tokens(shown)
                .iter()
                .map(|t| bare_noun(&t.norm).to_owned())
                .collect()
        };
        let mut out: Vec<Entity> = Vec::new();
        for e in &self.list {
            let articles: Vec<String> = docs
                .iter()
                .zip(&doc_keys)
                .filter(|(_, keys)| {
                    e.names.iter().any(|(_, shown)| {
                        let w = words_of(shown);
                        match e.kind {
                            Kind::Person => w.last().is_some_and(|l| keys.contains(l)),
                            _ => w.iter().all(|x| keys.contains(x)),
                        }
                    })
                })
                .map(|(d, _)| d.id.clone())
                .collect();
            let name = e.name().to_owned();
            let variants = e
                .names
                .iter()
                .map(|n| n.1.clone())
                .filter(|n| *n != name)
                .collect();
            out.push(Entity {
                name,
                kind: e.kind,
                roles: e.roles.clone(),
                variants,
                articles,
            });
        }
        let mut places: Vec<(&String, &(String, u8, bool))> = self.places.iter().collect();
        places.sort_by_key(|(_, v)| std::cmp::Reverse(v.1));
        for (_, (shown, _, _)) in places {
            // The place's own name: its last word without the place word.
            let w = words_of(shown);
            let name = if w.len() >= 2 { &w[1..] } else { &w[..] };
            let articles: Vec<String> = docs
                .iter()
                .zip(&doc_keys)
                .filter(|(_, keys)| name.first().is_some_and(|x| keys.contains(x)))
                .map(|(d, _)| d.id.clone())
                .collect();
            out.push(Entity {
                name: shown.clone(),
                kind: Kind::Place,
                roles: Vec::new(),
                variants: Vec::new(),
                articles,
            });
        }
        out.sort_by(|a, b| {
            (a.kind, std::cmp::Reverse(a.articles.len()))
                .cmp(&(b.kind, std::cmp::Reverse(b.articles.len())))
        });
        out
    }
}

/// Whether one name of two words or more ends the other ("داود أوغلو" of
/// "أحمد داود أوغلو").
fn suffix_of(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // ("سلمان بن عبدالعزيز" ends "محمد بن سلمان بن عبدالعزيز": the father.)
    short.len() >= 2
        && long.len() > short.len()
        && long.ends_with(short)
        && !matches!(
            long[long.len() - short.len() - 1].as_str(),
            "بن" | "ابن" | "بنت" | "ال"
        )
}

/// Whether a role says kinship ("والد الشهيد", "شقيقه").
fn kinship(role: &str) -> bool {
    marsad_text::tokens(role).iter().any(|t| {
        matches!(
            bare_noun(&t.norm).trim_end_matches('ه'),
            "والد"
                | "والدت"
                | "شقيق"
                | "شقيقت"
                | "نجل"
                | "ابن"
                | "ابنت"
                | "عم"
                | "خال"
                | "زوج"
                | "زوجت"
                | "جد"
                | "اخ"
                | "اخت"
        )
    })
}

fn contains_all(a: &[String], b: &[String]) -> bool {
    b.iter().all(|w| a.contains(w))
}

/// Only spaces between tokens `a` and `b`.
/// A name without a conjunction or preposition glued to its first word,
/// when what remains is a head word or carries the article ("ووزارة
/// الداخلية" → "وزارة الداخلية", "بالمنطقة الشرقية" → "المنطقة الشرقية").
fn unglued(name: &str) -> String {
    let Some(first) = name.split_whitespace().next() else {
        return name.to_owned();
    };
    for (i, c) in first.char_indices().take(1) {
        if matches!(c, 'و' | 'ب' | 'ف') {
            let rest = &first[i + c.len_utf8()..];
            let norm = marsad_text::fold(rest);
            if rest.chars().count() >= 3
                && (norm.starts_with("ال") || is_org_head(&norm) || is_role_head(&norm))
            {
                return name[c.len_utf8()..].to_owned();
            }
        }
    }
    name.to_owned()
}

/// Whether an entity is believable enough to show. Hidden: a person of
/// one word (a name is given with a family name; "آنذاك", "معالي" are
/// not names), and two defined words where the second is a plain adjective
/// or ordinal ("المركز الثاني", "القناة الحالية", "الخلية الجديدة"): a
/// common noun phrase, where a name's adjective is a nisba ("الاتحاد العماني").
/// Names that are a misreading of another name of the story, by index: a
/// verb before a family name (below), a place word before a person's given
/// name ("محافظ العاصمة خالد أبو زيد" gives no place «العاصمة خالد» when the
/// story names «خالد أبو زيد»), and a place or body cut inside its name
/// where the story also writes it whole («محافظة ديار» beside «محافظة
/// دياربكر», from «ديار بكر»).
fn misread_names(list: &[Entity]) -> BTreeSet<usize> {
    let words = |e: &Entity| folded_words(&e.name);
    let given_names: BTreeSet<String> = list
        .iter()
        .filter(|e| e.kind == Kind::Person)
        .map(words)
        .filter(|w| w.len() >= 2)
        .map(|w| w[0].clone())
        .collect();
    let places: Vec<(usize, Vec<String>)> = list
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Place)
        .map(|(i, e)| (i, words(e)))
        .collect();
    let mut hidden = BTreeSet::new();
    // "بعدما أبدى بلاتر …": a verb's shape (أفعى, or an imperfect's prefix)
    // before the family name of a person the story names in full is the
    // verb and its subject, not a second person of that family.
    let people: Vec<Vec<String>> = list
        .iter()
        .filter(|e| e.kind == Kind::Person)
        .map(words)
        .collect();
    for (i, e) in list.iter().enumerate() {
        let w = words(e);
        if e.kind != Kind::Person || w.len() != 2 {
            continue;
        }
        let c: Vec<char> = w[0].chars().collect();
        let verb_shape =
            c.len() == 4 && ((c[0] == 'ا' && c[3] == 'ي') || matches!(c[0], 'ي' | 'ت'));
        let family_of_another = people
            .iter()
            .any(|p| p.len() >= 2 && p[0] != w[0] && p[p.len() - 1] == w[1]);
        if verb_shape && family_of_another {
            hidden.insert(i);
        }
    }
    for (i, w) in &places {
        if w.len() == 2 && given_names.contains(&w[1]) {
            hidden.insert(*i);
        }
    }
    let bodies: Vec<(usize, Vec<String>)> = list
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind != Kind::Person)
        .map(|(i, e)| (i, words(e)))
        .collect();
    for (i, w) in &bodies {
        let cut = bodies.iter().any(|(j, v)| {
            list[*j].kind == list[*i].kind
                && v.len() == w.len()
                && v[..v.len() - 1] == w[..w.len() - 1]
                && v[v.len() - 1].len() > w[w.len() - 1].len()
                && v[v.len() - 1].starts_with(w[w.len() - 1].as_str())
        });
        if w.len() >= 2 && cut {
            hidden.insert(*i);
        }
    }
    hidden
}

/// A relative pronoun («التي», «الذي»), folded.
fn is_relative(norm: &str) -> bool {
    matches!(
        norm,
        "التي" | "الذي" | "الذين" | "اللتين" | "اللذين" | "اللواتي" | "اللاتي"
    )
}

/// Nouns of quantity and sameness that stand before another noun («أحد
/// المستشفيات», «نفس الوقت», «عدد من»), folded: no names.
const QUANTITY_NOUNS: &[&str] = &[
    "احد", "اخر", "نفس", "ذات", "بعض", "معظم", "اغلب", "اهم", "مثل", "عده", "عدد", "جانب", "غير",
    "كل", "جميع", "كافه",
];

/// Heads of bodies that, defined and alone, refer back to a body the text
/// named («الشركة», «النادي», «الإدارة»), folded. Not those that are also
/// names or adjectives: «الاتحاد» (a club, a paper), «البلدية» (municipal),
/// «الكتائب», «الشرطة», «الجيش».
const REFERRING_HEADS: &[&str] = &[
    "اداره",
    "شركه",
    "جمعيه",
    "نادي",
    "جامعه",
    "هييه",
    "وزاره",
    "لجنه",
    "موسسه",
    "مجلس",
    "حركه",
    "حزب",
    "تنظيم",
    "منظمه",
    "مركز",
    "امانه",
    "مجموعه",
    "رابطه",
    "مكتب",
    "بنك",
    "صندوق",
    "رياسه",
    "محكمه",
    "قناه",
    "منتخب",
    "ديوان",
    "مديريه",
];

/// Heads of bodies that are as often common nouns (see [`confident`]), as
/// bare folded nouns: مصلحة، جهاز، أجهزة، إدارة، مجموعة، حركة، رئاسة، دائرة، قسم.
const AMBIGUOUS_HEADS: &[&str] = &[
    "مصلحه",
    "جهاز",
    "اجهزه",
    "اداره",
    "مجموعه",
    "حركه",
    "رياسه",
    "دايره",
    "قسم",
    "قياده",
    "غرفه",
];

/// A plural with «ـنا» on it, as written («أبنائنا», «عملائنا», «قواتنا»,
/// «بلادنا»: ours): what a sentence goes on with after a body's or a
/// place's head, never a word of its name. (Foreign names in «ـاينا» are
/// written without the hamza: «تشاينا», «كارولاينا».)
fn ours(word: &str) -> bool {
    word.chars().count() >= 5
        && !word.starts_with("ال")
        && ["ائنا", "اتنا", "ادنا"].iter().any(|x| word.ends_with(x))
}

fn confident(e: &Entity) -> bool {
    let words = folded_words(&e.name);
    // A compound given name alone («عبد الله») is one name, as «عبدالله» is.
    let compound_given = words.len() == 2 && words[0] == "عبد";
    if e.kind == Kind::Person && (words.len() < 2 || compound_given) {
        return false;
    }
    // No name carries the accusative of an indefinite common noun
    // ("اتصالاً هاتفيًا"), a demonstrative or a time word ("مدى حقد هؤلاء",
    // "وصال بتاريخ").
    // Nor «الأخير», the latter: a word pointing back to a name, not one
    // («عرض الأخير», «إدارة الأخير»).
    let tanween = e.name.contains(['\u{064B}', '\u{064C}', '\u{064D}']);
    if tanween
        || words.iter().any(|w| {
            matches!(
                bare(w),
                "هولاء" | "هذا" | "هذه" | "ذلك" | "تلك" | "هولا" | "تاريخ" | "بتاريخ"
            ) || matches!(w.as_str(), "بتاريخ" | "الاخير" | "الاخيره")
        })
    {
        return false;
    }
    if e.kind == Kind::Person {
        // A function word is no part of a person's name («إننا نعاني»,
        // «تعميم مثل»); a name's connectors are.
        if words.iter().any(|w| {
            is_stopword(w)
                && !matches!(
                    w.as_str(),
                    "بن" | "ابن"
                        | "بنت"
                        | "عبد"
                        | "ابو"
                        | "ام"
                        | "ال"
                        | "ابي"
                        | "ذو"
                        | "علي"
                )
        }) {
            return false;
        }
        let first = bare_noun(&words[0]);
        // A name begins with a given name, not with "بن" (a truncated
        // lineage: "بن علي العقلا"), a rank's qualifier ("ركن", "أول ركن")
        // or a role head without a name ("وكيل الوزارة").
        if matches!(first, "بن" | "ابن" | "ركن" | "اول")
            || (words.len() == 2 && is_role_head(&words[0]) && has_article(&words[1]))
        {
            return false;
        }
    }
    if e.kind != Kind::Person && words.len() == 2 {
        let (a, b) = (&words[0], &words[1]);
        // Ordinals and adjectives of time end like a nisba ("الثاني", "الحالي").
        let plain = matches!(
            bare_noun(b),
            "ثاني"
                | "ثانيه"
                | "حالي"
                | "حاليه"
                | "ماضي"
                | "ماضيه"
                | "تالي"
                | "تاليه"
                | "اولي"
                | "نهايي"
                | "نهاييه"
        );
        let nisba = !plain && ["ي", "يه", "يين", "يون"].iter().any(|x| b.ends_with(x));
        if has_article(a) && has_article(b) && !nisba {
            return false;
        }
        // "الشركة الفرنسية", "النادي الإنجليزي", "المركز الثقافي": a kind of
        // body and its nisba name no one body; a state body does ("الجيش التركي").
        if has_article(a)
            && matches!(
                bare_noun(a),
                "شركه"
                    | "نادي"
                    | "مركز"
                    | "موسسه"
                    | "مجموعه"
                    | "جمعيه"
                    | "مصرف"
                    | "بنك"
                    | "فريق"
                    | "مستشفي"
            )
        {
            return false;
        }
    }
    // Heads as often common nouns as bodies («مصلحة الأسد», his interest;
    // «جهاز كومبيوتر», a device; «إدارة دخول الجماهير», the managing of
    // it) name a body only when more than one article says so. («تنظيم»
    // is a group far more often than the organizing of something.)
    if e.kind == Kind::Organization
        && e.articles.len() < 2
        && AMBIGUOUS_HEADS.contains(&bare_noun(&words[0]))
    {
        return false;
    }
    // Nor a noun in ة with a pronoun on it («بدأ جولته», «وصلت قيمته»;
    // a name in ـته is rare), a text or a talk that is his («فيما يلي
    // نصه», «موجها حديثه»), a prayer after a name («فهد رحمه الله») or a
    // pronoun («إنني ممتن لكم»).
    if e.kind == Kind::Person
        && e.name.split_whitespace().any(|w| {
            // As written, marks and tatweel aside: ـه is a pronoun, ـة is
            // not («فلاتة», «رحمة» are names).
            let f: String = w
                .chars()
                .filter(|c| !matches!(c, '\u{64B}'..='\u{652}' | '\u{640}'))
                .collect();
            (f.chars().count() >= 4 && (f.ends_with("ته") || f.ends_with("تها")))
                || matches!(
                    f.as_str(),
                    "نصه"
                        | "نصها"
                        | "حديثه"
                        | "حديثها"
                        | "رحمه"
                        | "يرحمه"
                        | "حفظه"
                        | "يحفظه"
                        | "لكم"
                        | "لهم"
                        | "لنا"
                        | "إنني"
                        | "أنني"
                        | "انني"
                        | "إنه"
                        | "أنه"
                        | "إنها"
                        | "أنها"
                        | "قائلا"
                        | "يلي"
                )
        })
    {
        return false;
    }
    // «الله» in a name follows a given name's first part («عبد الله»,
    // «نصر الله»), never a verb of blessing or a word with a pronoun on it:
    // «صلى الله عليه وسلم», «حفظهم الله» are prayers.
    if e.kind == Kind::Person
        && words.windows(2).any(|w| {
            w[1] == "الله"
                && (matches!(
                    w[0].as_str(),
                    "صلي"
                        | "جل"
                        | "تعالي"
                        | "عز"
                        | "شاء"
                        | "رحم"
                        | "رعاه"
                        | "ايده"
                        | "وفقه"
                        | "رضي"
                ) || (w[0].chars().count() >= 5
                    && ["هم", "هما", "ها"].iter().any(|x| w[0].ends_with(x))))
        })
    {
        return false;
    }
    // Nor does a name open with a noun that heads a department, a team or
    // a trade («قسم الهندسة», «فريق الأهلي», «رجل الأعمال»), or with a
    // conjunction on a verb («وتضم ممثلين»).
    if e.kind == Kind::Person
        && (AMBIGUOUS_HEADS.contains(&bare_noun(&words[0]))
            || [words[0].as_str(), bare_noun(&words[0])]
                .iter()
                .any(|w| matches!(*w, "فريق" | "رجل" | "رجال" | "سيده" | "سيدات"))
            || (words[0].chars().count() == 4
                && (words[0].starts_with("وت") || words[0].starts_with("وي"))))
    {
        return false;
    }
    // A person's name holds no preposition («جوا عبر»), no «آخر» or «اسم»
    // («زميل آخر», «دونيس اسم»), and opens with no body's head, place word
    // or ordinal («غرفة أبها» after «رئيس», «ثاني أكبر»).
    if e.kind == Kind::Person
        && (words.iter().any(|w| {
            matches!(
                w.as_str(),
                "عبر" | "من" | "في" | "الي" | "عن" | "مع" | "اخر" | "اسم" | "اسمه"
            )
        }) || is_org_head(&words[0])
            || PLACE_WORDS.iter().any(|(w, _)| *w == bare_noun(&words[0]))
            || marsad_text::numbers::ordinal(&words[0]).is_some())
    {
        return false;
    }
    // A defined common noun and its adjectives ("المجلس العلمي", "الحركة
    // الجوية الدولية") name a body only when more than one article says so.
    if e.kind == Kind::Organization && has_article(&words[0]) && e.articles.len() < 2 {
        return false;
    }
    // A relative pronoun opens a clause («منطقة دوفس التي»); a noun with
    // a possessive pronoun says whose («مجلس إدارته», «منتخب بلاده»; not
    // a place's «ـتة»: «مصراتة»): no body's or place's name.
    if e.kind != Kind::Person
        && (e.name.split_whitespace().skip(1).any(ours)
            || words.iter().skip(1).any(|w| {
                is_relative(w)
                    || matches!(w.as_str(), "بلاده" | "بلادها" | "بلادهم")
                    || (e.kind == Kind::Organization
                        && !has_article(w)
                        && w.chars().count() >= 5
                        && ["ته", "تها", "تهم"].iter().any(|x| w.ends_with(x)))
            }))
    {
        return false;
    }
    // A name cut short ends with a word that opens a name («جامعة الملك
    // عبد», «بنك أوف», «صحيفة لوس», «غرم الله بن»), or, for a body or a
    // place, with a title whose name is missing («مطار الملك», «منطقة عسير
    // الأمير»).
    let last = words[words.len() - 1].as_str();
    // («آبي», Abe, folds like «أبي»; «إم», the letter, like «أم».)
    let madda = e
        .name
        .split_whitespace()
        .last()
        .is_some_and(|w| w.starts_with('آ') || w == "إم");
    if !madda
        && matches!(
            last,
            "عبد"
                | "ابو"
                | "ابي"
                | "ام"
                | "بن"
                | "ابن"
                | "ذو"
                | "ذي"
                | "اوف"
                | "لوس"
                | "لاس"
                | "سان"
                | "سانت"
                | "نيو"
                | "بني"
                | "ال"
        )
        || (e.kind != Kind::Person && matches!(last, "الملك" | "الامير" | "الامام"))
    {
        return false;
    }
    // A body named by a defined head of bodies («مجلس الإدارة», «مجلس
    // إدارة الشركة», «ديوان الوزارة») is the board or office of one the
    // text named before: no name of its own. Nor is a head before a noun of
    // quantity («تنظيم عدد من الفعاليات», «تنظيم مثل داعش»): a verbal noun.
    if e.kind == Kind::Organization && words.len() >= 2 {
        let last = &words[words.len() - 1];
        let of_another = has_article(last) && REFERRING_HEADS.contains(&bare_noun(last));
        if of_another {
            return false;
        }
    }
    // Nor does a place word before one («مدينة مثل الرياض», «منطقة عدد
    // من»): a noun of quantity opens what follows, not the name.
    if e.kind != Kind::Person && words.len() >= 2 && QUANTITY_NOUNS.contains(&words[1].as_str()) {
        return false;
    }
    // «فصائل منشقة», «هيئة مفوضة»: a head and an indefinite participle.
    // (Not a district's or a centre's name: «مديرية مشرعة», «مركز معشوقة».)
    if e.kind == Kind::Organization
        && words.len() == 2
        && !matches!(bare_noun(&words[0]), "مديريه" | "مركز")
        && !has_article(&words[1])
        && words[1].starts_with('م')
        && words[1].ends_with('ه')
        && words[1].chars().count() >= 5
    {
        return false;
    }
    // «زحاما شديدا», «اتصالا هاتفيا»: an accusative noun and its
    // adjective, the indefinite ending written as alif. The adjective is a
    // nisba or of the pattern «شديدا»: a foreign name ends in alif as well
    // («إيرينا بوكوفا»).
    let accusative_adjective = |w: &str| {
        let c: Vec<char> = w.chars().collect();
        (w.ends_with("يا") && c.len() >= 4) || (c.len() == 5 && c[2] == 'ي' && c[4] == 'ا')
    };
    if e.kind == Kind::Person
        && words.len() == 2
        && words.iter().all(|w| !has_article(w) && w.ends_with('ا'))
        && accusative_adjective(&words[1])
    {
        return false;
    }
    // "مدينة صناعية", "جسر جوي": a place word and an indefinite adjective.
    // (Not a body's head: «إمارة دبي», «جامعة نيروبي», «بنك ميلي».)
    if e.kind == Kind::Place
        && words.len() == 2
        && !has_article(&words[1])
        && words[1].chars().count() >= 3
        && (words[1].ends_with("يه") || words[1].ends_with('ي'))
    {
        return false;
    }
    // "منظمة للنهوض", «مركز للدفاع المدني»: a preposition glued to a
    // defined word right after the head opens what the body does, not its
    // name (a name's purpose comes after it: «مركز الملك سلمان للإغاثة»).
    // (In a longer name only «لل»: «مجموعة والت ديزني», «صحيفة كالكاليست
    // الاقتصادية» begin with «وال», «كال».)
    if e.kind != Kind::Person
        && ((words.len() == 2
            && ["لل", "بال", "وال", "فال", "كال"]
                .iter()
                .any(|p| words[1].starts_with(p)))
            || (words.len() > 2 && words[1].starts_with("لل")))
    {
        return false;
    }
    // "للجمعية العمومية" read as "لجمعية …": a preposition on a defined noun.
    if e.kind != Kind::Person
        && words[0]
            .strip_prefix('ل')
            .is_some_and(|w| !w.starts_with('ل') && is_org_head(w))
    {
        return false;
    }
    // A person's name never starts with a conjunction glued to a word.
    !(e.kind == Kind::Person && words[0].starts_with('و') && words[0].chars().count() > 4)
}

pub fn spaced(text: &str, toks: &[Token], a: usize, b: usize) -> bool {
    text[toks[a].end..toks[b].start].trim().is_empty()
}

/// A written word or phrase without a leading conjunction و/ف glued to it
/// (shown names start with the name, not with "و").
pub fn strip_clitic(s: &str) -> &str {
    let folded_first = s.chars().next();
    match folded_first {
        Some('و') | Some('ف') => {
            let rest = &s[folded_first.map_or(0, char::len_utf8)..];
            let f = marsad_text::fold(rest);
            // "والد", "والي" are words: after و, "ال" must lead a word of
            // three letters or more to be the article.
            let first = f.split_whitespace().next().unwrap_or("");
            let defined = |p: &str| {
                first
                    .strip_prefix(p)
                    .is_some_and(|w| w.chars().count() >= 3)
            };
            if defined("ال") || defined("لل") || defined("بال") {
                rest
            } else {
                s
            }
        }
        _ => s,
    }
}

/// Tokens `a..b` of a text as written, without a leading conjunction, with a
/// parenthesis the phrase opened closed ("(الناتو").
pub fn phrase(text: &str, toks: &[Token], a: usize, b: usize) -> String {
    let mut from = toks[a].start;
    let mut n = toks[a].norm.as_str();
    // "وللأمير محمد": the conjunction before a coordinated title is not the
    // title's ("ولي العهد" is a title of its own).
    if let Some(rest) = coordinated_title(n) {
        from += 'و'.len_utf8();
        n = rest;
    }
    let start = from;
    // "بصحيفة الوئام" → "صحيفة الوئام": a preposition glued to the head
    // (not the ل of "للرئيس": that is ل + "الرئيس", restored below).
    if n.starts_with(['ب', 'ل', 'ك'])
        && !n.starts_with("لل")
        && !n.starts_with("ال")
        && (is_org_head(&n[2..]) || is_role_head(&n[2..]))
    {
        from += text[from..].chars().next().map_or(0, char::len_utf8);
    }
    // "لهيئة العامة" (a slip for "للهيئة"): a bare head before a defined
    // adjective that is no nisba (a nisba may be a genitive: "وزارة
    // الداخلية") was defined.
    let lost_article = from > start
        && !n[2..].starts_with("ال")
        && a + 1 < b
        && toks[a + 1].norm.starts_with("ال")
        && ADJECTIVES.contains(&bare_noun(&toks[a + 1].norm));
    // "قناة سي.ان.ان": an abbreviation's letters after the dot are shown.
    let mut to = toks[b - 1].end;
    if text[to..].starts_with('.') && toks[b - 1].norm.chars().count() <= 3 {
        to += text[to..]
            .find(|c: char| c.is_whitespace() || (STOP_PUNCT.contains(&c) && c != '.'))
            .unwrap_or(text.len() - to);
        to = text[..to].trim_end_matches('.').len().max(toks[b - 1].end);
    }
    let mut s = strip_clitic(&text[from..to]).replace(['"', '“', '”', '«', '»', '″'], "");
    // "للهيئة العامة" is ل + "الهيئة العامة": the article comes back.
    if let Some(rest) = n.strip_prefix("لل") {
        if from == start && (is_org_head(rest) || is_role_head(rest)) {
            let two: usize = s.chars().take(2).map(char::len_utf8).sum();
            s = format!("ال{}", &s[two..]);
        }
    }
    if lost_article {
        s = format!("ال{s}");
    }
    if s.matches('(').count() > s.matches(')').count() {
        s.push(')');
    }
    s
}

/// Where the titles of the name after them begin in a run of titles
/// `ra..rb`: at the last coordinated one ("ولي العهد وزير الداخلية
/// وللأمير محمد": "الأمير" is the second man's, the rest the first's).
pub fn own_title(toks: &[Token], ra: usize, rb: usize) -> usize {
    (ra + 1..rb)
        .rev()
        .find(|&j| coordinated_title(&toks[j].norm).is_some())
        .unwrap_or(ra)
}

/// A title after the conjunction و ("والأمير", "وللأمير", "ووزير"): the
/// title without it. A title that begins with و itself ("ولي", "والي",
/// "وزير") is none.
pub fn coordinated_title(norm: &str) -> Option<&str> {
    let rest = norm.strip_prefix('و')?;
    (rest.chars().count() >= 3 && !ROLE_HEADS.contains(&norm) && is_role_head(rest)).then_some(rest)
}

/// A word of an organization's name for matching: without the article, and
/// without a preposition glued to the head ("لهيئة" → "هيئه").
fn org_word(norm: &str) -> &str {
    // The same key as the word without its preposition gets: «لوكالة»
    // and «وكالة» are one head (`bare_noun` reads the و of «وكالة» as a
    // conjunction, on both sides alike).
    match norm.strip_prefix(['ب', 'ل', 'ك']) {
        Some(rest) if is_org_head(rest) && !rest.starts_with("ال") => bare_noun(rest),
        _ => bare_noun(norm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: Kind, name: &str, articles: usize) -> Entity {
        Entity {
            name: name.into(),
            kind,
            roles: Vec::new(),
            variants: Vec::new(),
            articles: (0..articles).map(|i| format!("a{i}")).collect(),
        }
    }

    #[test]
    fn names_and_not_phrases_are_confident() {
        use Kind::*;
        let cases: &[(Kind, &str, usize, bool)] = &[
            (Person, "سالم العتيبي", 1, true),
            (Person, "مختار فلاتة", 1, true),
            (Person, "رحمة الحويطي", 1, true),
            (Person, "عبد ربه منصور هادي", 1, true),
            // A noun with a pronoun, a text or a talk that is his, a
            // prayer after a name, a pronoun, «آخر», an ordinal.
            (Person, "بدأ جولته", 1, false),
            (Person, "يلي نصه", 1, false),
            (Person, "فهد رحمه الله", 1, false),
            (Person, "يحفظه الله", 1, false),
            (Person, "إنني أخاطب", 1, false),
            (Person, "زميل آخر", 1, false),
            (Person, "ثاني أكبر", 1, false),
            // Prayers, a department, a team, a trade, a verb.
            (Person, "صلى الله", 1, false),
            (Person, "حفظهم الله", 1, false),
            (Person, "عبد الله العلي", 1, true),
            (Person, "نصر الله الخطيب", 1, true),
            (Person, "قسم الهندسة", 1, false),
            (Person, "فريق الأهلي", 1, false),
            (Person, "رجل الأعمال", 1, false),
            (Person, "وتضم ممثلين", 1, false),
            (Person, "وليد المعلم", 1, true),
            // A head as often a common noun needs two articles.
            (Organization, "جهاز كومبيوتر", 1, false),
            (Organization, "إدارة الجوازات", 2, true),
            (Organization, "تنظيم داعش", 1, true),
            // A relative pronoun, a possessive.
            (Place, "مدينة عدن التي", 1, false),
            (Organization, "مجلس إدارته", 2, false),
            (Organization, "منتخب بلاده", 2, false),
            (Place, "مدينة مصراتة", 1, true),
            // The board or office of a body named before; a verbal noun.
            (Organization, "مجلس الإدارة", 2, false),
            (Organization, "مجلس إدارة الشركة", 2, false),
            (Organization, "مجلس إدارة شركة المياه الوطنية", 1, true),
            (Organization, "تنظيم عدد", 2, false),
            (Organization, "مجلس الأمن", 2, true),
            (Organization, "جامعة الدول العربية", 2, true),
            (Organization, "نادي الاتحاد", 2, true),
            // A participle, an accusative, a verbal noun of one article.
            (Organization, "فصائل منشقة", 2, false),
            (Organization, "جامعة مؤتة", 1, true),
            (Person, "زحاما شديدا", 1, false),
            (Person, "اتصالا هاتفيا", 1, false),
            (Person, "إيرينا بوكوفا", 1, true),
            (Organization, "مديرية مشرعة", 1, true),
            (Organization, "قيادة الطائرة", 1, false),
            (Organization, "قيادة التحالف", 2, true),
            // A purpose right after the head; a word with tanween.
            (Organization, "مركز للدفاع المدني", 2, false),
            (Organization, "مركز الملك سلمان للإغاثة", 1, true),
            (Place, "مدينة ملاهٍ", 1, false),
            (Organization, "مجموعة والت ديزني", 2, true),
            // Cut short.
            (Organization, "جامعة الملك عبد", 2, false),
            (Organization, "بنك أوف", 2, false),
            (Place, "مطار الملك", 2, false),
            (Person, "غرم الله بن", 2, false),
            (Person, "هشام عبد الملك", 1, true),
            (Person, "شينزو آبي", 1, true),
            (Organization, "شركة إم بي إم", 1, true),
            (Place, "مدينة شرم الشيخ", 1, true),
            (Organization, "وزارة الشؤون البلدية", 2, true),
        ];
        for &(kind, name, n, want) in cases {
            assert_eq!(confident(&entity(kind, name, n)), want, "{name}");
        }
    }
}
