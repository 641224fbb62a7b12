//! Reading a news page: its main text and its metadata.
//!
//! The main text is rs-trafilatura's (a port of trafilatura's cascade, the
//! leader of the public extraction benchmarks). Its metadata is not used: on
//! Arabic pages it takes the site name for the title and makes a date out of
//! a bare year. Metadata is read here instead, from what the page states
//! (`<meta>` tags, JSON-LD, `<time>`, `<h1>`, `<link rel=canonical>`,
//! `<html lang>`), and, where a page states nothing, from its visible text:
//! bylines such as "كتب: …" or "بقلم …" and date lines such as
//! "نُشر في 12 آذار 2024 - 10:30". A date needs a day, a month and a year.

use chrono::{DateTime, FixedOffset};
use dom_query::{Document, NodeRef};
use marsad_core::Article;

use crate::guard;
use crate::strip::{separate_blocks, strip_inert};
use crate::textdate::date_in_line;
use crate::time::parse_time_offset;
use crate::IngestError;

/// What was read from one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The headline (empty when the page shows none).
    pub title: String,
    /// The main text, paragraphs on their own lines.
    pub text: String,
    /// When the article was published, in the zone the page gave (or the
    /// zone naive times are read in).
    pub published: Option<DateTime<FixedOffset>>,
    pub author: Option<String>,
    pub site_name: Option<String>,
    /// The canonical URL the page gives for itself.
    pub canonical_url: Option<String>,
    /// The language tag the page gives (`ar`, `ar-EG`, …).
    pub language: Option<String>,
}

/// Reads a page. `tz` is the zone naive times are read in. A page over the
/// limits of [`crate::guard`] reads as empty ([`read_page`] says why).
pub fn extract_page(html: &str, tz: chrono_tz::Tz) -> Page {
    read_page(html, tz).unwrap_or_default()
}

/// Reads a page, or says which limit it breaks (too deep, too many
/// elements): such a page never reaches the recursive walks.
pub fn read_page(html: &str, tz: chrono_tz::Tz) -> Result<Page, String> {
    let html = strip_inert(html);
    let html = separate_blocks(&html);
    let (doc, shape) = guard::parse(&html)?;
    let meta = Meta::read(&doc);
    let lines = visible_lines(&doc);
    let site_name = meta.site_name.clone();
    let title = choose_title(&doc, &meta);
    let text = if guard::extractor_affords(&shape, html.len()) {
        main_text(&html, &title)
    } else {
        // Too many elements, or too much text too deep, for its size to be
        // read at 2 MB/s by the extractor: its blocks' text, without link
        // lists, instead.
        crate::cascade::text_of(&html)
    };

    // Byline and date lines sit just below the headline; menus and footers
    // far from it are not searched.
    let at = lines
        .iter()
        .position(|l| !title.is_empty() && l.contains(title.as_str()));
    // Lines after the headline first, then the few just above it (a
    // header's "today" date line sits above and is not the article's).
    let window: Vec<&str> = match at {
        Some(i) => lines[i..lines.len().min(i + 16)]
            .iter()
            .chain(lines[i.saturating_sub(3)..i].iter().rev())
            .map(String::as_str)
            .collect(),
        None => lines.iter().take(40).map(String::as_str).collect(),
    };
    let published = meta
        .dates
        .iter()
        .find_map(|d| parse_time_offset(d, tz))
        .or_else(|| {
            window
                .iter()
                .filter(|l| l.split_whitespace().count() <= 16)
                .find_map(|l| date_in_line(l, tz))
                .map(|t| t.with_timezone(&tz).fixed_offset())
        });
    let author = meta
        .authors
        .iter()
        .map(|a| clean_name(a))
        .find(|a| usable_author(a, site_name.as_deref()))
        .or_else(|| window.iter().find_map(|l| byline(l)));
    let headings: Vec<String> = doc
        .select("h2, h3, h4, h5, h6")
        .iter()
        .map(|h| squash(&h.text()))
        .collect();
    let text = trim_edges(&text, &title, &headings, tz);
    Ok(Page {
        title,
        text,
        published,
        author,
        site_name,
        canonical_url: meta.canonical,
        language: meta.language,
    })
}

/// An article from a page. Its id is `url` (where the page was fetched
/// from), else the canonical URL the page gives, else `input` (its path);
/// its outlet is the site's name. A page with no article text is an error.
pub fn article_from_html(
    input: &str,
    url: Option<&str>,
    html: &str,
    tz: chrono_tz::Tz,
) -> Result<Article, IngestError> {
    let page = read_page(html, tz).map_err(|reason| IngestError::new(input, reason))?;
    if page.text.is_empty() {
        return Err(IngestError::new(input, "no article text found in the page"));
    }
    let url = url.map(str::to_owned).or(page.canonical_url);
    let id = url.clone().unwrap_or_else(|| input.to_owned());
    let mut a = Article::new(id, input, page.text);
    a.url = url;
    a.title = page.title;
    a.outlet = page.site_name;
    a.published = page.published.map(|t| t.to_utc());
    Ok(a)
}

/// The main text, by the extraction cascade (`cascade`), on the page
/// already stripped of scripts and styles; `headline` tells an article
/// from furniture.
fn main_text(html: &str, headline: &str) -> String {
    crate::cascade::main_text(html, headline)
}

/// The body without the lines extractors often keep around it: above the
/// first paragraph, the headline, a kicker ("رأي"), byline and date lines;
/// after the last, a lone heading (one of the page's `headings`) such as "مقالات أخرى للكاتبة". Lines are
/// only dropped from the two ends, so the text stays one piece.
fn trim_edges(text: &str, title: &str, headings: &[String], tz: chrono_tz::Tz) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // Words in any script: a paragraph of Chinese has no spaces.
    let words = crate::clean::word_count;
    let head_line = |l: &str| {
        let l = l.trim();
        l.is_empty()
            || l == title
            || byline(l).is_some()
            || (words(l) <= 12 && date_in_line(l, tz).is_some())
            || (words(l) <= 2
                && !l.ends_with(crate::clean::SENTENCE_END)
                && !l.ends_with([':', '：']))
    };
    let start = lines
        .iter()
        .position(|l| !head_line(l))
        .unwrap_or(lines.len());
    // A heading with nothing after it heads the next block, not this one.
    let tail_line = |l: &str| {
        let l = l.trim();
        l.is_empty() || headings.iter().any(|h| h == l)
    };
    let mut end = lines.len();
    while end > start + 1 && tail_line(lines[end - 1]) {
        end -= 1;
    }
    if start >= end {
        return text.to_owned();
    }
    lines[start..end].join("\n").trim().to_owned()
}

/// Metadata a page states about itself, each list in order of trust.
#[derive(Default, Debug)]
struct Meta {
    titles: Vec<String>,
    dates: Vec<String>,
    authors: Vec<String>,
    site_name: Option<String>,
    canonical: Option<String>,
    language: Option<String>,
}

impl Meta {
    fn read(doc: &Document) -> Meta {
        let mut m = Meta::default();
        let content = |sel: &str| -> Option<String> {
            doc.select(sel)
                .iter()
                .find_map(|n| n.attr("content").map(|c| squash(&c)))
                .filter(|c| !c.is_empty())
        };
        let mut ld = JsonLd::default();
        for script in doc.select("script[type*='ld+json']").iter() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(script.text().trim()) {
                ld.read(&v);
            }
        }
        m.titles.extend(content("meta[property='og:title']"));
        m.titles.extend(ld.headline.take());
        m.titles.extend(content("meta[name='twitter:title']"));
        let title = squash(&doc.select("head title").text());
        if !title.is_empty() {
            m.titles.push(title);
        }
        for sel in [
            "meta[property='article:published_time']",
            "meta[itemprop='datePublished']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[name='publish-date']",
            "meta[name='date']",
            "meta[name='DC.date.issued']",
            "meta[name='dc.date']",
            "meta[name='parsely-pub-date']",
        ] {
            m.dates.extend(content(sel));
        }
        m.dates.extend(ld.date.take());
        for sel in [
            "time[itemprop='datePublished']",
            "article time[datetime]",
            "time[pubdate]",
        ] {
            m.dates.extend(
                doc.select(sel)
                    .iter()
                    .find_map(|n| n.attr("datetime").map(|d| d.to_string())),
            );
        }
        m.authors.append(&mut ld.authors);
        m.authors.extend(content("meta[name='author']"));
        m.authors.extend(content("meta[property='article:author']"));
        for sel in [
            "[rel='author']",
            "[itemprop='author']",
            ".byline",
            ".author-name",
            ".author",
        ] {
            let t = squash(&doc.select(sel).first().text());
            if !t.is_empty() {
                m.authors.push(t);
            }
        }
        m.site_name = content("meta[property='og:site_name']")
            .or(ld.publisher.take())
            .or_else(|| content("meta[name='application-name']"));
        m.canonical = doc
            .select("link[rel='canonical']")
            .iter()
            .find_map(|n| n.attr("href").map(|h| h.trim().to_owned()))
            .filter(|h| h.starts_with("http"))
            .or_else(|| content("meta[property='og:url']"));
        m.language = doc
            .select("html")
            .iter()
            .find_map(|n| n.attr("lang").map(|l| l.trim().to_owned()))
            .filter(|l| !l.is_empty())
            .or_else(|| content("meta[http-equiv='content-language']"))
            .or_else(|| content("meta[property='og:locale']").map(|l| l.replace('_', "-")));
        m
    }
}

/// What JSON-LD says about the article (schema.org Article and its kinds).
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

impl JsonLd {
    fn read(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.read(i)),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    self.read(g);
                }
                let kind = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
                if !(kind.contains("Article") || kind.contains("BlogPosting")) {
                    return;
                }
                let text = |k: &str| o.get(k).and_then(Value::as_str).map(squash);
                self.headline = self.headline.take().or_else(|| text("headline"));
                self.date = self.date.take().or_else(|| text("datePublished"));
                let name = |v: &Value| match v {
                    Value::String(s) => Some(squash(s)),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(squash),
                    _ => None,
                };
                match o.get("author") {
                    Some(Value::Array(a)) => self.authors.extend(a.iter().filter_map(name)),
                    Some(a) => self.authors.extend(name(a)),
                    None => {}
                }
                if self.publisher.is_none() {
                    self.publisher = o.get("publisher").and_then(name);
                }
            }
            _ => {}
        }
    }
}

/// The headline: the page's `<h1>` when it agrees with what the page's
/// metadata calls its title (so a logo in an `<h1>` is not taken), else that
/// title without the " - Site" tail, else the first `<h1>`.
fn choose_title(doc: &Document, meta: &Meta) -> String {
    let site = meta.site_name.as_deref().unwrap_or("");
    let headings = |sel: &str| -> Vec<String> {
        doc.select(sel)
            .iter()
            .map(|h| squash(&h.text()))
            .filter(|h| !h.is_empty() && h != site && h.split_whitespace().count() >= 2)
            .collect()
    };
    let agrees = |h: &str| {
        meta.titles
            .iter()
            .any(|t| t.contains(h) || h.contains(t.as_str()))
    };
    let h1s = headings("h1");
    // Pages without an <h1> often set the headline in an <h2>; only one
    // that the metadata names as the title is taken.
    if let Some(h) = h1s.iter().chain(&headings("h2")).find(|h| agrees(h)) {
        return h.clone();
    }
    if let Some(t) = meta.titles.first() {
        return without_site_tail(t, site);
    }
    h1s.into_iter().next().unwrap_or_default()
}

/// "Headline - Site" → "Headline", when the tail is the site's name or short;
/// "Site - Headline" → "Headline", when the head is the site's name.
fn without_site_tail(title: &str, site: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « "] {
        if let Some(i) = title.find(sep) {
            let (head, tail) = (title[..i].trim(), title[i + sep.len()..].trim());
            if !site.is_empty() && head == site && !tail.is_empty() {
                return tail.to_owned();
            }
        }
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], title[i + sep.len()..].trim());
            let short = tail.split_whitespace().count() <= 4;
            if (!site.is_empty() && (tail == site || site.contains(tail)))
                || (short && head.split_whitespace().count() >= 3)
            {
                return head.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// Whitespace runs become one space; the ends are trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An author name without the "By"/"بقلم" lead and trailing punctuation.
fn clean_name(s: &str) -> String {
    let s = s.trim();
    let s = ["بقلم:", "بقلم", "كتب:", "كتبت:", "By ", "by "]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    s.trim_matches(|c: char| c.is_whitespace() || ":-–—|،,.".contains(c))
        .to_owned()
}

fn usable_author(a: &str, site: Option<&str>) -> bool {
    let words = a.split_whitespace().count();
    (1..=6).contains(&words) && !a.contains("://") && Some(a) != site && !a.contains('@')
}

/// The author named by a byline line: "كتب: فلان", "بقلم فلان الفلاني",
/// "كتبت - فلانة", "By Name". A line opening with "كتب" but without a colon
/// or dash is a byline only when short (else it is a sentence: "كتب الوزير
/// على حسابه …").
fn byline(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches(['|', '-', '–', '•', ' ']);
    let words = line.split_whitespace().count();
    let rest = ["بقلم", "كتبت", "كتب", "إعداد", "By"]
        .iter()
        .find_map(|lead| {
            let rest = line.strip_prefix(lead)?;
            let marked = rest.trim_start().starts_with([':', '-', '–', '/']);
            let word_end = rest.starts_with([' ', ':', '-', '–']);
            let ok = word_end && (marked || *lead == "بقلم" || *lead == "By" || words <= 4);
            ok.then_some(rest)
        })?;
    if words > 10 {
        return None;
    }
    // The name ends where a date, an outlet or a separator starts.
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ":-–/".contains(c));
    let end = rest
        .find(['|', '،', ',', '(', '\u{2013}', '\u{2014}'])
        .into_iter()
        .chain(rest.find(" - "))
        .chain(rest.find(|c: char| c.is_numeric()))
        .min()
        .unwrap_or(rest.len());
    let name = clean_name(&rest[..end]);
    let n = name.split_whitespace().count();
    (1..=5).contains(&n).then_some(name)
}

/// The page's visible text, one line per block element, for finding byline
/// and date lines. Navigation and forms hold neither.
fn visible_lines(doc: &Document) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    if let Some(body) = doc.select("body").nodes().first() {
        walk(body, &mut current, &mut lines);
    }
    flush(&mut current, &mut lines);
    lines
}

fn walk(node: &NodeRef, current: &mut String, lines: &mut Vec<String>) {
    for child in node.children_it(false) {
        if child.is_text() {
            current.push_str(&child.text());
        } else if child.is_element() {
            let name = child.node_name().unwrap_or_default();
            let name = name.as_ref();
            if matches!(
                name,
                "script" | "style" | "noscript" | "template" | "nav" | "form" | "select" | "svg"
            ) {
                continue;
            }
            let block = !matches!(
                name,
                "a" | "span"
                    | "b"
                    | "strong"
                    | "i"
                    | "em"
                    | "time"
                    | "small"
                    | "abbr"
                    | "bdi"
                    | "font"
                    | "u"
                    | "sup"
                    | "sub"
                    | "mark"
                    | "label"
                    | "cite"
                    | "q"
            );
            if block {
                flush(current, lines);
            }
            walk(&child, current, lines);
            if block {
                flush(current, lines);
            }
        }
    }
}

fn flush(current: &mut String, lines: &mut Vec<String>) {
    let line = squash(current);
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_too_dense_for_the_extractor_is_read_by_its_blocks() {
        // 20,000 one-line paragraphs in 0.6 MB: more than one element per
        // 64 bytes, so the extractor does not run; every paragraph is read.
        let body: String = (0..20_000)
            .map(|i| format!("<p>سطر قصير رقم {i} هنا.</p>"))
            .collect();
        let html = format!("<html><body><article><h1>تقرير</h1>{body}</article></body></html>");
        let (_, shape) = guard::parse(&html).unwrap();
        assert!(!guard::extractor_affords(&shape, html.len()));
        let page = read_page(&html, chrono_tz::UTC).unwrap();
        assert_eq!(page.text.lines().count(), 20_000, "{}", &page.text[..200]);
        assert!(page.text.starts_with("سطر قصير رقم 0 هنا."));
        assert!(page.text.ends_with("سطر قصير رقم 19999 هنا."));
    }

    #[test]
    fn bylines_in_visible_text() {
        assert_eq!(byline("كتب: سامر الخطيب").as_deref(), Some("سامر الخطيب"));
        assert_eq!(
            byline("بقلم الدكتورة ليلى حداد").as_deref(),
            Some("الدكتورة ليلى حداد")
        );
        assert_eq!(
            byline("كتبت - منى يوسف | 12 آذار 2024").as_deref(),
            Some("منى يوسف")
        );
        assert_eq!(
            byline("كتب الوزير على حسابه في تويتر أن الاجتماع كان مثمرا"),
            None
        );
        assert_eq!(byline("كتبه الرئيس"), None);
    }

    #[test]
    fn site_tail_is_dropped_from_titles() {
        assert_eq!(
            without_site_tail("افتتاح جسر جديد في المدينة - جريدة الغد", "جريدة الغد"),
            "افتتاح جسر جديد في المدينة"
        );
        assert_eq!(without_site_tail("عنوان - فرعي", ""), "عنوان - فرعي");
        assert_eq!(
            without_site_tail("جريدة الغد | افتتاح جسر جديد", "جريدة الغد"),
            "افتتاح جسر جديد"
        );
    }

    #[test]
    fn paragraphs_without_spaces_are_not_short_lines() {
        // Chinese and Japanese put no spaces between words: each paragraph
        // is one white-space "word", yet no headline or byline.
        let text = "四月十八日上午，县里新建的公共图书馆正式开放。\n新馆藏书量达到四十万册\n\
                    朝市は毎週日曜日の早朝に開かれる\n【 关闭窗口 】 【 打印本页 】";
        let got = trim_edges(text, "", &[], chrono_tz::UTC);
        assert!(got.starts_with("四月十八日上午"), "{got}");
        assert_eq!(crate::clean::word_count("新馆藏书量达到四十万册"), 6);
        assert_eq!(crate::clean::word_count("Kindle for PCの起動"), 4);
    }

    #[test]
    fn a_bare_year_in_metadata_is_no_date() {
        let html = r#"<html lang="ar"><head><meta name="date" content="2024">
            <title>خبر</title></head><body><h1>افتتاح جسر جديد</h1>
            <p>حقوق النشر 2024</p></body></html>"#;
        assert_eq!(extract_page(html, chrono_tz::UTC).published, None);
    }
}
