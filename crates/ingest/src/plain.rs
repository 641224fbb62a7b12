//! Plain-text articles as scraped: the title on the first line that is not
//! navigation, the outlet named in a dateline or a closing signature.

use marsad_core::{Article, Span};

use crate::IngestError;

/// Reads one plain-text article. The id and source are `name` (the path as
/// given); the outlet is read from the text when it names one (a file's name
/// is not an outlet: see `outlets` for the other ways).
pub fn parse_plain(name: &str, bytes: &[u8]) -> Result<Article, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::new(name, "empty file"));
    }
    let decoded = crate::decode(bytes).map_err(|reason| IngestError::new(name, reason))?;
    let text = decoded.text.as_str();
    if text.trim().is_empty() {
        return Err(IngestError::new(name, "empty file"));
    }
    let mut a = Article::new(name, name, text);
    if let Some(span) = title_line(text) {
        a.title = span.slice(text).to_owned();
        a.title_span = Some(span);
    }
    a.outlet = outlet_from_text(text);
    Ok(a)
}

/// Lines with their byte spans, trimmed, empty ones left out.
pub(crate) fn line_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let start = offset;
        offset += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        (!t.is_empty()).then(|| Span::new(start + lead, start + lead + t.len()))
    })
}

/// True for navigation lines that precede a title: breadcrumbs
/// ("الرئيسية / غير مصنف / …"), share widgets, lines without a letter.
fn is_navigation(line: &str) -> bool {
    is_breadcrumb(line)
        || line.to_lowercase().starts_with("share")
        || !line.chars().any(marsad_text::is_letter)
}

/// What comes before the first `sep` in `s` (all of `s` without one), as
/// `s.split(sep).next()` gives it.
fn before<'a>(s: &'a str, sep: &str) -> &'a str {
    memchr::memmem::find(s.as_bytes(), sep.as_bytes()).map_or(s, |i| &s[..i])
}

/// "الرئيسية / أخبار / عاجل", or a short section path such as "أسواق / بنوك":
/// short sections (a few words each, with letters) before an optional title,
/// and no sentence after. "28 / 7 / 1433" or "(104 / 47)" in a sentence is not one.
pub(crate) fn is_breadcrumb(line: &str) -> bool {
    // Most lines have no separator at all: "/", ">" or the last byte of "»".
    if memchr::memchr3(b'/', b'>', 0xBB, line.as_bytes()).is_none() {
        return false;
    }
    // The first section decides most lines (a paragraph with a date «8 /
    // 7 / 1436» in it) without splitting the whole line: it is the first
    // of the segments below, and a section has one to four words.
    let first = before(before(before(line, " / "), " » "), " > ");
    if first.len() == line.len() {
        return false;
    }
    if !(1..=4).contains(&first.split_whitespace().count()) {
        return line.starts_with("الرئيسية") && line.split_whitespace().count() <= 25;
    }
    let segments: Vec<&str> = line
        .split(" / ")
        .flat_map(|s| s.split(" » "))
        .flat_map(|s| s.split(" > "))
        .collect();
    let words = line.split_whitespace().count();
    let separators = segments.len() - 1;
    let shape = separators >= 2 || (separators == 1 && words <= 5);
    let (last, sections) = segments.split_last().unwrap_or((&"", &[]));
    let sections_short = sections.iter().all(|s| {
        let n = s.split_whitespace().count();
        (1..=4).contains(&n) && s.chars().any(marsad_text::is_letter)
    });
    let ends_sentence = last.trim_end().ends_with(['.', '،', ':']);
    let home = line.starts_with("الرئيسية") && words <= 25 && separators >= 1;
    (shape && sections_short && last.chars().any(marsad_text::is_letter) && !ends_sentence) || home
}

#[cfg(test)]
mod breadcrumb_tests {
    use super::is_breadcrumb;

    #[test]
    fn breadcrumbs_but_not_dates_or_references() {
        assert!(is_breadcrumb(
            "الرئيسية / غير مصنف / الكاظمي يبحث مع بايدن استمرار التعاون"
        ));
        assert!(is_breadcrumb("أسواق / بنوك"));
        assert!(is_breadcrumb("أخبار » محليات » عنوان الخبر"));
        assert!(!is_breadcrumb(
            "بعد النظر في قرار مجلس الشورى رقم ( 60 / 33 ) وتاريخ 8 / 7 / 1436هـ ، قرر"
        ));
        assert!(!is_breadcrumb(
            "قرر المجلس تعيين الأستاذ / أحمد بن صالح عضواً"
        ));
    }
}

/// The span of the title: among the first five lines, the first that
/// cleaning keeps (see `clean`: a social widget or a breadcrumb above the
/// headline goes) and that is not navigation.
pub fn title_line(text: &str) -> Option<Span> {
    title_where(text, |_| true)
}

/// The first of the first five lines that cleaning keeps, is not
/// navigation and passes `fits`.
pub(crate) fn title_where(text: &str, fits: impl Fn(&str) -> bool) -> Option<Span> {
    let end = line_spans(text).take(5).last()?.end;
    crate::clean::clean(text)
        .kept
        .into_iter()
        .take_while(|s| s.start < end)
        .find(|s| !is_navigation(s.slice(text)) && fits(s.slice(text)))
}

/// Whether a text's first line reads as a headline, for text that may be a
/// body alone (a JSON record's `text` without a `title`): a few words (a
/// headline has at most a couple of dozen) not closed like a sentence or a
/// label, and neither a dateline («جدة 25 شوال 1436هـ الموافق 10 أغسطس
/// 2015م واس») nor a byline («عين اليوم – الرياض», a name and a place
/// across a dash).
pub fn reads_as_headline(line: &str, tz: chrono_tz::Tz) -> bool {
    let words = line.split_whitespace().count();
    let dash = ['–', '-', '—'];
    let byline = (words <= 5
        && line
            .split([' ', '\u{a0}'])
            .any(|w| matches!(w, "–" | "-" | "—")))
        || line.starts_with(dash)
        || line.ends_with(dash);
    // «آخر تحديث: منذ ساعتين», «بقلم: …»: a page's metadata under a label.
    let metadata = line.split_once([':', '：']).is_some_and(|(label, _)| {
        let label = label.trim().trim_start_matches('\u{200f}');
        METADATA_LABELS.contains(&label)
    });
    (2..=25).contains(&words)
        && !line.trim_end().ends_with(['.', '،', '؛', ':', ','])
        && !byline
        && !metadata
        && crate::textdate::date_from_text(line, tz).is_none()
}

/// Labels of a page's metadata lines (a line «label: value» under one of
/// them is no headline).
const METADATA_LABELS: &[&str] = &[
    "آخر تحديث",
    "اخر تحديث",
    "تاريخ النشر",
    "تاريخ الإضافة",
    "تاريخ الاضافة",
    "نشر في",
    "نُشر في",
    "تم النشر",
    "المصدر",
    "كتب",
    "كتبت",
    "بقلم",
    "الكاتب",
    "المحرر",
    "تحرير",
    "التاريخ",
    "الوقت",
    "القسم",
    "التصنيف",
    "الكلمات الدلالية",
    "كلمات دلالية",
    "وسوم",
];

/// The outlet an article names itself by: a dateline "مدينة (المنفذ)-" opening
/// one of the first paragraphs, or a short closing line "موقع المنفذ".
pub fn outlet_from_text(text: &str) -> Option<String> {
    let all: Vec<Span> = line_spans(text).collect();
    for span in all.iter().take(8) {
        if let Some(o) = dateline_outlet(span.slice(text)) {
            return Some(o);
        }
    }
    for span in all.iter().rev().take(12) {
        let line = span.slice(text);
        if let Some(name) = copyright_holder(line) {
            return Some(name);
        }
        if let Some(rest) = line.strip_prefix("موقع ") {
            let words = rest.split_whitespace().count();
            if (1..=3).contains(&words) && !rest.contains(['.', '،', ':']) {
                return Some(rest.trim().to_owned());
            }
        }
    }
    None
}

/// "© بوابة الفجر 2026" or "جميع الحقوق محفوظة لـ بوابة الفجر © 2026" →
/// "بوابة الفجر": a short copyright line, years and formula removed.
fn copyright_holder(line: &str) -> Option<String> {
    let has_mark = line.contains('©') || line.contains("حقوق");
    if !has_mark || line.split_whitespace().count() > 10 {
        return None;
    }
    let mut name = line.replace('©', " ");
    for formula in [
        "جميع الحقوق محفوظة",
        "الحقوق محفوظة",
        "حقوق النشر",
        "محفوظة",
        "Copyright",
    ] {
        name = name.replace(formula, " ");
    }
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_numeric() || "-–|.,".contains(c)))
        .collect();
    let mut words = words.as_slice();
    // "لـ بوابة الفجر" / "ل بوابة الفجر": the preposition goes.
    if let Some((first, rest)) = words.split_first() {
        if matches!(*first, "لـ" | "ل" | "لموقع") {
            words = rest;
        }
    }
    (!words.is_empty() && words.len() <= 5).then(|| words.join(" "))
}

/// "أربيل (كوردستان 24)- …" → "كوردستان 24": a place of one or two words, a
/// parenthesised name of at most four words, then a dash.
fn dateline_outlet(line: &str) -> Option<String> {
    let open = line.find('(')?;
    let place = &line[..open];
    if place.trim().is_empty() || place.split_whitespace().count() > 2 {
        return None;
    }
    let close = open + line[open..].find(')')?;
    let inside = line[open + 1..close].trim();
    let after = line[close + 1..].trim_start();
    let dash = after.starts_with(['-', '–', '—', ':']);
    let words = inside.split_whitespace().count();
    (dash && (1..=4).contains(&words)).then(|| inside.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_skips_breadcrumbs() {
        let text = "\nالرئيسية / أخبار / عاجل\n\nعنوان الخبر هنا\n\nنص";
        let span = title_line(text).unwrap();
        assert_eq!(span.slice(text), "عنوان الخبر هنا");
        // A line cleaning drops (a social widget) is no title either.
        let text = "تابعونا على تويتر\n\nعنوان الخبر هنا\n\nنص";
        assert_eq!(title_line(text).unwrap().slice(text), "عنوان الخبر هنا");
    }

    #[test]
    fn outlet_from_dateline_or_signature() {
        assert_eq!(
            outlet_from_text("عنوان\n\nأربيل (كوردستان 24)- ناقش الرئيس").as_deref(),
            Some("كوردستان 24")
        );
        assert_eq!(
            outlet_from_text("عنوان\n\nنص الخبر.\n\nموقع العربية\n\nشاهد أيضاً").as_deref(),
            Some("العربية")
        );
        assert_eq!(outlet_from_text("عنوان\n\nقال (في بيان) إن"), None);
        assert_eq!(
            outlet_from_text("عنوان\n\nنص.\n\n© بوابة الفجر الجديد 2026").as_deref(),
            Some("بوابة الفجر الجديد")
        );
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert!(parse_plain("x.txt", b"  \n").is_err());
        assert!(parse_plain("x.txt", b"ab\0cd").is_err());
        let a = parse_plain("x.txt", "عنوان\n\nنص".as_bytes()).unwrap();
        assert_eq!(a.outlet, None);
        assert_eq!(a.title, "عنوان");
    }
}
