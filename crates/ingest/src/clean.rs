//! Boilerplate cleaning of scraped text, line by line.
//!
//! A scraped page keeps the site's furniture around the article: share
//! buttons, comment forms, "read also" blocks with their teaser headlines,
//! breadcrumbs, widget lines ("زوارنا يتصفحون الآن"), counters and footers.
//! Each line is kept or dropped with a [`Reason`]; nothing is rewritten, so
//! the kept text is a set of spans of the original and every dropped line can
//! be shown with why it went.
//!
//! The rules look at a line's shape and at a small vocabulary of site
//! furniture (matched on folded text, so spelling variants such as أقرا/اقرأ
//! and أيضاً/ايضا agree); a long sentence is never dropped for a word it
//! contains.

use marsad_core::Span;
use serde::{Deserialize, Serialize};

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Site navigation: "الرئيسية / أخبار / …".
    Breadcrumb,
    /// Share buttons and social links.
    Share,
    /// A comment form or comment counter.
    Comments,
    /// A "read also" / "see also" heading.
    RelatedHeading,
    /// A teaser headline or excerpt under a "read also" heading.
    RelatedTeaser,
    /// A site widget: most read, follow us, newsletter, visitors now.
    Widget,
    /// A copyright or rights footer.
    Footer,
    /// A line without a single letter (a counter, a separator).
    NoText,
    /// A short line the same outlet repeats in many articles over several
    /// days: a signature, an attribution formula, a contact line.
    Repeated,
}

/// The outcome of cleaning one text: the kept lines, and the dropped ones
/// with their reasons, all as spans of the original text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub kept: Vec<Span>,
    pub dropped: Vec<(Span, Reason)>,
}

impl Cleaned {
    /// The cleaning as stored: every line of `text` is kept unless one of
    /// `dropped` starts where it starts.
    /// A dropped span that ends before its line does (a pager's words
    /// before a dateline) drops only that much of the line.
    pub fn from_dropped(text: &str, mut dropped: Vec<(Span, Reason)>) -> Cleaned {
        dropped.sort_by_key(|d| d.0.start);
        let kept = crate::plain::line_spans(text)
            .filter_map(|s| {
                let mut start = s.start;
                while let Ok(i) = dropped.binary_search_by_key(&start, |d| d.0.start) {
                    // An empty span (never written, but stored data is read
                    // back as it is) must not stop the walk.
                    if dropped[i].0.end <= start {
                        break;
                    }
                    start = dropped[i].0.end;
                    if start >= s.end {
                        return None;
                    }
                }
                Some(Span::new(start, s.end))
            })
            .collect();
        Cleaned { kept, dropped }
    }

    /// The kept lines joined by line breaks: the text that analysis reads.
    pub fn text(&self, original: &str) -> String {
        let mut out = String::with_capacity(original.len());
        for (i, s) in self.kept.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(s.slice(original));
        }
        out
    }
}

/// A line longer than this many words is body text whatever it contains.
const SHORT: usize = 12;
/// A "read also" block holds at most this many teaser lines.
const MAX_TEASERS: usize = 6;

/// Folded phrases that make a short line site furniture, with the reason.
const PHRASES: &[(&str, Reason)] = &[
    ("اترك تعليق", Reason::Comments),
    ("اترك رد", Reason::Comments),
    ("اضف تعليق", Reason::Comments),
    ("اكتب تعليق", Reason::Comments),
    ("لن يتم نشر عنوان بريدك", Reason::Comments),
    ("الحقول الالزاميه", Reason::Comments),
    ("التعليقات مغلقه", Reason::Comments),
    ("معجبون بهذه", Reason::Comments),
    ("تعليقات الفيسبوك", Reason::Comments),
    ("share on", Reason::Share),
    ("شارك علي", Reason::Share),
    ("شارك عبر", Reason::Share),
    ("شارك هذا", Reason::Share),
    ("شارك الخبر", Reason::Share),
    ("مشاركه الخبر", Reason::Share),
    ("زوارنا يتصفحون", Reason::Widget),
    ("تابعونا علي", Reason::Widget),
    ("تابعنا علي", Reason::Widget),
    ("اشترك في النشره", Reason::Widget),
    ("اشترك في قناتنا", Reason::Widget),
    ("حمل تطبيق", Reason::Widget),
    ("جميع الحقوق محفوظه", Reason::Footer),
    ("حقوق النشر", Reason::Footer),
    ("all rights reserved", Reason::Footer),
];

/// Folded headings of "read also" blocks and other lists of links to other
/// articles (most read, picked for you).
/// Labels of a line that gives the article's own link ("رابط الخبر: …",
/// "الرابط المختصر: …"), folded.
const LINK_LABELS: &[&str] = &[
    "رابط الخبر",
    "رابط المقال",
    "رابط الموضوع",
    "رابط مختصر",
    "الرابط المختصر",
    "رابط دايم",
    "الرابط الدايم",
];

const RELATED: &[&str] = &[
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "الاكثر تداولا",
    "الاكثر تعليقا",
    "اقرا ايضا",
    "اقرا كذلك",
    "اقرا المزيد",
    "شاهد ايضا",
    "شاهد كذلك",
    "طالع ايضا",
    "ذات صله",
    "مواضيع ذات صله",
    "اخبار ذات صله",
    "مقالات ذات صله",
    "اخترنا لك",
    "قد يهمك ايضا",
    "قد يعجبك ايضا",
    "المزيد من الاخبار",
    "read also",
    "see also",
    "related",
];

/// Words of share widgets: networks and the verbs around them.
const SHARE_WORDS: &[&str] = &[
    "share",
    "on",
    "facebook",
    "twitter",
    "x",
    "telegram",
    "vk",
    "whatsapp",
    "skype",
    "email",
    "tumblr",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
    "print",
    "copy",
    "link",
    "شارك",
    "مشاركه",
    "فيسبوك",
    "فيس",
    "بوك",
    "تويتر",
    "واتساب",
    "واتس",
    "اب",
    "تيليجرام",
    "تلغرام",
    "تيليغرام",
    "تليجرام",
    "لينكدان",
    "لينكد",
    "ان",
    "انستغرام",
    "انستجرام",
    "يوتيوب",
    "طباعه",
    "ارسال",
    "بريد",
    "البريد",
    "الالكتروني",
    "عبر",
    "علي",
    "نسخ",
    "الرابط",
];

/// Network names: a share line names at least one.
const NETWORKS: &[&str] = &[
    "facebook",
    "twitter",
    "telegram",
    "vk",
    "whatsapp",
    "skype",
    "tumblr",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "تيليجرام",
    "تلغرام",
    "تيليغرام",
    "تليجرام",
    "لينكدان",
    "انستغرام",
    "انستجرام",
    "يوتيوب",
];

/// How many words a line holds, in any script: white-space separated
/// words, where a run of a script written without spaces (Chinese,
/// Japanese kana, Thai, Lao, Khmer, Myanmar) counts one word per two
/// characters. A line of Chinese has no spaces but is no single word.
pub(crate) fn word_count(line: &str) -> usize {
    line.split_whitespace()
        .map(|w| {
            let spaceless = w.chars().filter(|&c| spaceless_script(c)).count();
            spaceless.div_ceil(2).max(1)
        })
        .sum()
}

/// Characters of scripts that do not put spaces between words.
fn spaceless_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions B and on
}

/// Marks that end a sentence, in the scripts Marsad meets.
pub(crate) const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '。', '！', '？', '।', '…'];

/// The folded words of a line, punctuation and symbols left out.
pub(crate) fn words(line: &str) -> Vec<String> {
    marsad_text::tokens(line)
        .into_iter()
        .map(|t| t.norm)
        .collect()
}

pub(crate) fn phrase_of<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w.as_ref());
    }
    out
}

/// The word tokens of each kept line, with offsets into the whole text:
/// what analysis would otherwise find again.
pub type LineTokens = Vec<(Span, Vec<marsad_text::Token>)>;

/// Cleans a scraped text; the spans are lines of `text`, trimmed.
pub fn clean(text: &str) -> Cleaned {
    clean_and_key(text).0
}

/// Cleans a scraped text and keys its short lines for the corpus-level
/// rule ([`crate::RepeatedLines`]), reading each line's words once for both.
pub fn clean_and_key(text: &str) -> (Cleaned, crate::LineKeys, LineTokens) {
    let lines = crate::plain::line_spans(text);
    let mut out = Cleaned::default();
    let mut keys = Vec::new();
    let mut line_tokens = Vec::new();
    let mut teasers_left = 0usize;
    for mut span in lines {
        // "Next Previous عين الخبر – الرميلة": a pager's words before the
        // line's own go, the rest of the line stays.
        if let Some(rest) = after_pager(text, span) {
            out.dropped
                .push((Span::new(span.start, rest.start), Reason::Breadcrumb));
            if rest.is_empty() {
                continue;
            }
            span = rest;
        }
        let line = span.slice(text);
        let mut tokens = marsad_text::tokens(line);
        let w: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        let w = &w[..];
        if let Some(k) = crate::repeated::key_of(line, w) {
            keys.push((span, k));
        }
        let reason = line_reason(line, w);
        if reason == Some(Reason::RelatedHeading) {
            teasers_left = MAX_TEASERS;
            out.dropped.push((span, Reason::RelatedHeading));
            continue;
        }
        if let Some(r) = reason {
            out.dropped.push((span, r));
            continue;
        }
        if teasers_left > 0 {
            if is_teaser(line, w) {
                teasers_left -= 1;
                out.dropped.push((span, Reason::RelatedTeaser));
                continue;
            }
            // The body resumes after the block.
            teasers_left = 0;
        }
        out.kept.push(span);
        for t in &mut tokens {
            t.start += span.start;
            t.end += span.start;
        }
        line_tokens.push((span, tokens));
    }
    (out, crate::LineKeys::from_keys(keys), line_tokens)
}

/// The part of a line after a pager's labels at its start (empty when the
/// line is only labels), or `None` when it has none. The corpus-level rule
/// keys lines by this too ([`crate::LineKeys::of`]): a store's articles
/// replayed after a restart must key their lines as they were keyed on
/// arrival.
pub(crate) fn after_pager(text: &str, line: Span) -> Option<Span> {
    pager_prefix(line.slice(text)).map(|cut| Span::new(line.start + cut, line.end))
}

/// A pager's labels at the start of a line.
const PAGER: &[&str] = &[
    "next",
    "previous",
    "prev",
    "older",
    "newer",
    "السابق",
    "التالي",
];

/// Where a line's own words start after a pager's labels at its start
/// ("Next Previous", "السابق التالي"; two labels at least, or the whole line
/// when it is only labels), or `None`.
fn pager_prefix(line: &str) -> Option<usize> {
    // Most lines open with another word: looked at before any tokenizing.
    let first = line
        .split(|c: char| !marsad_text::is_letter(c))
        .find(|w| !w.is_empty())?;
    if !PAGER.iter().any(|p| first.eq_ignore_ascii_case(p)) {
        return None;
    }
    let mut end = 0;
    let mut labels = 0;
    for t in marsad_text::tokens(line) {
        if !PAGER.contains(&t.norm.as_str())
            || line[end..t.start].chars().any(marsad_text::is_letter)
        {
            break;
        }
        labels += 1;
        end = t.end;
    }
    let rest = line[end..].trim_start();
    let cut = line.len() - rest.len();
    (labels >= 2 || labels == 1 && rest.is_empty()).then_some(cut)
}

/// Why a line is furniture on its own, if it is.
fn line_reason(line: &str, w: &[&str]) -> Option<Reason> {
    if !line.chars().any(marsad_text::is_letter) {
        return Some(Reason::NoText);
    }
    if crate::plain::is_breadcrumb(line) {
        return Some(Reason::Breadcrumb);
    }
    // A bare link on its own line, or the article's link under a label
    // (which may repeat the headline, so it can run long).
    let trimmed = line.trim();
    let bare_link = !trimmed.contains(char::is_whitespace)
        && (trimmed.starts_with("http://")
            || trimmed.starts_with("https://")
            || trimmed.starts_with("www."));
    let labelled_link = w.len() <= 2 * SHORT && {
        let folded = phrase_of(w);
        LINK_LABELS.iter().any(|l| {
            folded
                .strip_prefix(l)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    if bare_link || labelled_link {
        return Some(Reason::Share);
    }
    // Chinese or Japanese comes as few tokens however long the line.
    if w.len() > SHORT || word_count(line) > SHORT {
        return None;
    }
    let folded = phrase_of(w);
    // A heading alone on its line, perhaps with a word or two more
    // ("الأكثر مشاهدة اليوم", "اقرأ أيضاً في السياسة").
    let heading = |h: &&str| folded.starts_with(*h) && w.len() <= h.split(' ').count() + 2;
    if RELATED.iter().any(heading) {
        return Some(Reason::RelatedHeading);
    }
    if w.len() <= 8
        && w.iter().any(|x| NETWORKS.contains(x))
        && w.iter().all(|x| SHARE_WORDS.contains(x))
    {
        return Some(Reason::Share);
    }
    if line.contains('©') && w.len() <= 8 {
        return Some(Reason::Footer);
    }
    // A comment counter: "12 تعليق", "تعليقات (3)".
    if w.len() <= 3 && w.iter().any(|x| x.starts_with("تعليق")) {
        return Some(Reason::Comments);
    }
    PHRASES
        .iter()
        .find(|(p, _)| contains_phrase(&folded, p))
        .map(|&(_, r)| r)
}

/// True when `phrase` occurs in `folded` starting on a word boundary (it may
/// end inside a word: "اترك تعليق" matches "اترك تعليقا").
fn contains_phrase(folded: &str, phrase: &str) -> bool {
    folded
        .match_indices(phrase)
        .any(|(i, _)| folded[..i].chars().next_back().is_none_or(|c| c == ' '))
}

/// A teaser under a "read also" heading: a headline (no sentence-final
/// point) or a cut excerpt (ending in an ellipsis).
fn is_teaser(line: &str, w: &[&str]) -> bool {
    let end = line.trim_end_matches(['"', '”', '»', '\'', ')']).trim_end();
    let excerpt = end.ends_with('…') || end.ends_with("...");
    let sentence = end.ends_with(SENTENCE_END) || end.ends_with([':', '،']);
    excerpt || (!sentence && w.len() <= 20 && word_count(line) <= 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_own_link_lines_are_dropped_and_body_links_kept() {
        let text = "افتتحت البلدية حديقة جديدة في الحي الشمالي صباح اليوم.\n\
                    للتسجيل في الدورات يمكن زيارة موقع البلدية www.baladiya.example قبل نهاية الشهر.\n\
                    الرابط المختصر: https://x.example/a1\n\
                    رابط الخبر في جريدة المدينة الجديدة: افتتاح حديقة جديدة في الحي الشمالي\n\
                    https://news.example/2026/05/park";
        let c = clean(text);
        let dropped: Vec<&str> = c.dropped.iter().map(|(s, _)| s.slice(text)).collect();
        assert_eq!(dropped.len(), 3, "{dropped:?}");
        assert!(c.dropped.iter().all(|(_, r)| *r == Reason::Share));
        assert_eq!(c.kept.len(), 2);
    }

    #[test]
    fn a_pagers_labels_before_a_dateline_go_and_the_dateline_stays() {
        let text = "Next Previous عين الخبر – الرميلة\n\
                    افتتحت البلدية حديقة جديدة في الحي الشمالي صباح اليوم.\n\
                    السابق | التالي\n\
                    التالي من الأخبار في الصفحة الثانية.";
        let c = clean(text);
        let kept: Vec<&str> = c.kept.iter().map(|s| s.slice(text)).collect();
        assert_eq!(
            kept,
            [
                "عين الخبر – الرميلة",
                "افتتحت البلدية حديقة جديدة في الحي الشمالي صباح اليوم.",
                "التالي من الأخبار في الصفحة الثانية.",
            ]
        );
        let dropped: Vec<&str> = c.dropped.iter().map(|(s, _)| s.slice(text)).collect();
        assert_eq!(dropped, ["Next Previous ", "السابق | التالي"]);
        // The cleaning as stored gives the same lines back, also when the
        // rest of the line went too.
        assert_eq!(Cleaned::from_dropped(text, c.dropped.clone()), c);
        let mut dropped = c.dropped.clone();
        dropped.push((c.kept[0], Reason::Repeated));
        assert_eq!(Cleaned::from_dropped(text, dropped).kept, c.kept[1..]);
    }

    #[test]
    fn line_tokens_are_the_tokens_of_the_text() {
        let text =
            "عنوان الخبر\nشارك على فيسبوك\nسقط ٣ صواريخ، وأصيب 1,200 شخص.\n  الجملة الأخيرة هنا  ";
        let (cleaned, _, lines) = clean_and_key(text);
        assert_eq!(lines.len(), cleaned.kept.len());
        for (span, toks) in &lines {
            let mut expected = marsad_text::tokens(span.slice(text));
            for t in &mut expected {
                t.start += span.start;
                t.end += span.start;
            }
            assert_eq!(toks, &expected);
            for t in toks {
                assert!(!text[t.start..t.end].is_empty());
            }
        }
    }

    fn dropped(text: &str) -> Vec<(&str, Reason)> {
        clean(text)
            .dropped
            .iter()
            .map(|(s, r)| (s.slice(text), *r))
            .collect()
    }

    #[test]
    fn drops_furniture_and_keeps_the_body() {
        let text = "عنوان الخبر\n\nالرئيسية / محليات / عنوان الخبر\n\n\
            قال الوزير إن المشروع سيكتمل العام المقبل.\n\n\
            شارك على فيسبوك\nشارك على واتساب\n\n\
            إقرأ ايضاً\n\nسقوط أمطار غزيرة في الشمال\n\nمقتطف من خبر آخر طويل يقطع هنا …\n\n\
            وأضاف أن الأعمال تسير وفق الجدول الزمني المحدد.\n\n\
            أضف تعليقاً\n\n٣ تعليقات\n\n© صحيفة المثال 2026";
        let got = dropped(text);
        let reasons: Vec<Reason> = got.iter().map(|g| g.1).collect();
        assert_eq!(
            reasons,
            [
                Reason::Breadcrumb,
                Reason::Share,
                Reason::Share,
                Reason::RelatedHeading,
                Reason::RelatedTeaser,
                Reason::RelatedTeaser,
                Reason::Comments,
                Reason::Comments,
                Reason::Footer,
            ],
            "{got:?}"
        );
        let kept = clean(text).text(text);
        assert!(kept.contains("قال الوزير إن المشروع سيكتمل العام المقبل."));
        assert!(kept.contains("وأضاف أن الأعمال تسير وفق الجدول الزمني المحدد."));
    }

    #[test]
    fn long_sentences_are_never_furniture() {
        let text = "ودعا المتحدث المواطنين إلى متابعة الحساب الرسمي للوزارة على تويتر وفيسبوك للاطلاع على آخر المستجدات أولاً بأول.";
        assert!(dropped(text).is_empty());
    }

    #[test]
    fn sentences_without_spaces_are_not_teasers() {
        let text = "related\n县文化馆推出周末公益课堂\n新馆位于县城东部的文化广场旁，建筑面积约一万二千平方米。\n\
                    馆长介绍说新馆藏书量达到四十万册并计划在年底前与周边乡镇的农家书屋实现通借通还";
        let c = clean(text);
        assert_eq!(c.kept.len(), 2, "{:?}", c.dropped);
        assert!(c.text(text).starts_with("新馆位于"));
    }

    #[test]
    fn the_body_resumes_after_a_related_block() {
        let text = "شاهد أيضاً:\nعنوان خبر آخر\nوتابع الوزير حديثه قائلاً إن الخطة ستعلن قريباً.";
        let c = clean(text);
        assert_eq!(c.kept.len(), 1);
        assert!(c.text(text).starts_with("وتابع"));
    }
}
