//! Mapping JSON article objects onto [`Article`].

use marsad_core::Article;
use serde_json::Value;

use crate::{parse_time, IngestError, Options};

/// The article attributes a JSON object can fill.
/// `html` is a page to extract the text (and missing metadata) from, used
/// when there is no `text`.
pub const ATTRIBUTES: [&str; 7] = ["id", "url", "outlet", "title", "published", "text", "html"];

/// Which JSON field names fill which attribute. Each attribute is read from
/// its own name unless mapped: `content=text` reads the text from `content`.
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    /// (source field, attribute) pairs, tried before the attribute's own name.
    mapped: Vec<(String, &'static str)>,
}

impl FieldMap {
    /// Parses mappings written `FIELD=ATTRIBUTE` (e.g. `content=text`,
    /// `date_extracted=published`, `source=outlet`).
    pub fn parse<S: AsRef<str>>(specs: &[S]) -> Result<FieldMap, String> {
        let mut map = FieldMap::default();
        for spec in specs {
            let spec = spec.as_ref();
            let (field, attr) = spec
                .split_once('=')
                .ok_or_else(|| format!("field mapping {spec:?} is not FIELD=ATTRIBUTE"))?;
            let attr = ATTRIBUTES
                .iter()
                .find(|a| **a == attr.trim())
                .ok_or_else(|| {
                    format!(
                        "field mapping {spec:?}: unknown attribute {attr:?} (one of {})",
                        ATTRIBUTES.join(", ")
                    )
                })?;
            map.mapped.push((field.trim().to_owned(), attr));
        }
        Ok(map)
    }

    fn get<'v>(&self, obj: &'v serde_json::Map<String, Value>, attr: &str) -> Option<&'v Value> {
        self.mapped
            .iter()
            .filter(|(_, a)| *a == attr)
            .find_map(|(f, _)| obj.get(f))
            .or_else(|| obj.get(attr))
            .filter(|v| !v.is_null())
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Builds an article from one JSON object. `input` names the object for
/// errors and is the id of last resort; `path` is the file it came from.
pub fn article_from_json(
    input: &str,
    path: &str,
    value: Value,
    opts: &Options,
) -> Result<Article, IngestError> {
    let Value::Object(obj) = value else {
        return Err(IngestError::new(input, "not a JSON object"));
    };
    let f = &opts.fields;
    // The cap of a JSON line holds for an element of a JSON array too: one
    // huge element must not go on to analysis or extraction.
    let too_large = |len: usize| {
        (len > opts.max_line_bytes).then(|| {
            IngestError::new(
                input,
                format!(
                    "text too large ({len} bytes; the cap is {})",
                    opts.max_line_bytes
                ),
            )
        })
    };
    let text = f.get(&obj, "text").and_then(as_text);
    if let Some(e) = text.as_ref().and_then(|t| too_large(t.len())) {
        return Err(e);
    }
    let page = match text {
        Some(_) => None,
        None => {
            let html = f.get(&obj, "html").and_then(as_text).ok_or_else(|| {
                IngestError::new(
                    input,
                    "no \"text\" or \"html\" field (map one with --field NAME=text)",
                )
            })?;
            if let Some(e) = too_large(html.len()) {
                return Err(e);
            }
            let page = crate::html::read_page(&html, opts.tz)
                .map_err(|reason| IngestError::new(input, reason))?;
            if page.text.is_empty() {
                return Err(IngestError::new(input, "no article text found in its html"));
            }
            Some(page)
        }
    };
    let text = match (text, &page) {
        (Some(t), _) => t,
        (None, Some(p)) => p.text.clone(),
        (None, None) => String::new(),
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let url = f
        .get(&obj, "url")
        .and_then(as_text)
        .filter(|s| !s.is_empty());
    let id = f
        .get(&obj, "id")
        .and_then(as_text)
        .filter(|s| !s.is_empty())
        .or_else(|| url.clone())
        .unwrap_or_else(|| input.to_owned());
    let published = match f.get(&obj, "published").and_then(as_text) {
        Some(s) if !s.trim().is_empty() => Some(
            parse_time(&s, opts.tz)
                .ok_or_else(|| IngestError::new(input, format!("unreadable date {s:?}")))?,
        ),
        _ => None,
    };
    let mut a = Article::new(id, url.clone().unwrap_or_else(|| path.to_owned()), text);
    a.url = url;
    a.outlet = f
        .get(&obj, "outlet")
        .and_then(as_text)
        .filter(|s| !s.is_empty());
    a.title = f
        .get(&obj, "title")
        .and_then(as_text)
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    a.published = published;
    let from_html = page.is_some();
    // What the object leaves out, its page may say.
    if let Some(p) = page {
        a.published = a.published.or(p.published.map(|t| t.to_utc()));
        if a.title.is_empty() {
            a.title = p.title;
        }
        a.outlet = a.outlet.or(p.site_name);
        a.url = a.url.or(p.canonical_url);
    }
    // Scraped text without a title field is read as a plain-text page is:
    // its title is the first of its first lines that cleaning keeps and
    // that is not navigation, when that line reads as a headline (a body
    // alone opens with a sentence); and it may name its outlet in a
    // dateline or a closing line.
    if a.title.is_empty() && !from_html {
        if let Some(span) = crate::plain::title_where(&a.text, |line| {
            crate::plain::reads_as_headline(line, opts.tz)
        }) {
            a.title = span.slice(&a.text).to_owned();
            a.title_span = Some(span);
        }
    }
    // With a URL, its domain names the publisher better than a dateline,
    // which may name the wire the text came from («الرياض (واس)»).
    if a.outlet.is_none() && a.url.is_none() && !from_html {
        a.outlet = crate::plain::outlet_from_text(&a.text);
    }
    // A date line in the text itself («الأحد 08 آذار 2026 - 13:55»), as for
    // a plain-text page.
    if a.published.is_none() {
        a.published = crate::textdate::date_from_text(&a.text, opts.tz);
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_fields_and_falls_back_to_url_then_input() {
        let opts = Options {
            fields: FieldMap::parse(&["content=text", "date_extracted=published", "source=outlet"])
                .unwrap(),
            ..Options::default()
        };
        let v: Value = serde_json::from_str(
            r#"{"url":"http://x/1","source":"okaz","content":"نص","date_extracted":"2015-07-21 10:00:00"}"#,
        )
        .unwrap();
        let a = article_from_json("f.jsonl#3", "f.jsonl", v, &opts).unwrap();
        assert_eq!(a.id, "http://x/1");
        assert_eq!(a.outlet.as_deref(), Some("okaz"));
        assert_eq!(a.text, "نص");
        assert!(a.published.is_some());

        let v: Value = serde_json::from_str(r#"{"text":"نص"}"#).unwrap();
        let a = article_from_json("f.jsonl#4", "f.jsonl", v, &opts).unwrap();
        assert_eq!(a.id, "f.jsonl#4");
    }

    #[test]
    fn scraped_text_without_a_title_field_is_read_as_a_page() {
        let opts = Options::default();
        let read = |text: &str| {
            let v = serde_json::json!({ "id": "p", "text": text });
            article_from_json("f.jsonl#1", "f.jsonl", v, &opts).unwrap()
        };
        // A page's text: breadcrumbs, its headline, its body.
        let text = "الرئيسية / محليات\n\nافتتاح جسر المدينة الجديد أمام السيارات\n\n\
                    افتتح أمين المدينة اليوم الجسر الجديد على النهر بعد عامين من العمل.";
        let a = read(text);
        assert_eq!(a.title, "افتتاح جسر المدينة الجديد أمام السيارات");
        assert_eq!(
            a.title_span.map(|s| s.slice(&a.text)),
            Some(a.title.as_str())
        );
        // A body alone: its first line is a sentence, or a byline, not a headline.
        let a = read("افتتح أمين المدينة اليوم الجسر الجديد على النهر بعد عامين من العمل.");
        assert_eq!(a.title, "");
        let a = read("صحيفة المدينة – الريحان\nافتتح أمين المدينة اليوم الجسر الجديد.");
        assert_eq!(a.title, "");
        let a = read("آخر تحديث: منذ ساعتين\nافتتح أمين المدينة اليوم الجسر الجديد.");
        assert_eq!(a.title, "");
        // A title field wins.
        let v = serde_json::json!({ "id": "p", "text": text, "title": "عنوان" });
        let a = article_from_json("f.jsonl#2", "f.jsonl", v, &opts).unwrap();
        assert_eq!((a.title.as_str(), a.title_span), ("عنوان", None));
    }

    #[test]
    fn an_html_field_goes_through_the_extractor() {
        let page = "<html lang=ar><head><meta property='og:site_name' content='صحيفة المدينة'>\
            <meta property='article:published_time' content='2024-03-12T09:30:00+03:00'></head>\
            <body><nav><a href=/>الرئيسية</a></nav><article><h1>افتتاح جسر المدينة الجديد</h1>\
            <p>افتتحت البلدية صباح اليوم الجسر الجديد الذي يربط ضفتي النهر، بعد عامين من الأعمال.</p>\
            <p>وقال رئيس البلدية إن الجسر سيخفف الزحام في وسط المدينة خلال ساعات الذروة.</p>\
            </article></body></html>";
        let v = serde_json::json!({"id": "p1", "html": page});
        let a = article_from_json("f.jsonl#1", "f.jsonl", v, &Options::default()).unwrap();
        assert_eq!(a.title, "افتتاح جسر المدينة الجديد");
        assert!(a.text.starts_with("افتتحت البلدية"), "{}", a.text);
        assert!(!a.text.contains("الرئيسية"));
        assert_eq!(a.outlet.as_deref(), Some("صحيفة المدينة"));
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2024-03-12T06:30:00+00:00"
        );
        // What the object states wins over the page.
        let v = serde_json::json!({"id": "p1", "html": page, "title": "عنوان آخر"});
        let a = article_from_json("f.jsonl#1", "f.jsonl", v, &Options::default()).unwrap();
        assert_eq!(a.title, "عنوان آخر");
        let v = serde_json::json!({"id": "p2", "html": "<html><body></body></html>"});
        let e = article_from_json("f.jsonl#2", "f.jsonl", v, &Options::default()).unwrap_err();
        assert!(e.to_string().contains("no article text"), "{e}");
    }

    #[test]
    fn a_record_without_a_date_takes_its_text_date_line() {
        let text = "الأحد 08 آذار 2026 - 13:55\nافتتحت البلدية الجسر الجديد فوق النهر.";
        let v = serde_json::json!({"id": "t1", "text": text});
        let a = article_from_json("f.jsonl#1", "f.jsonl", v, &Options::default()).unwrap();
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2026-03-08T13:55:00+00:00"
        );
        // The record's own date wins; a text without a date line has none.
        let v = serde_json::json!({"id": "t1", "text": text, "published": "2026-03-09 10:00"});
        let a = article_from_json("f.jsonl#1", "f.jsonl", v, &Options::default()).unwrap();
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2026-03-09T10:00:00+00:00"
        );
        let v = serde_json::json!({"id": "t2", "text": "افتتحت البلدية الجسر الجديد."});
        let a = article_from_json("f.jsonl#2", "f.jsonl", v, &Options::default()).unwrap();
        assert_eq!(a.published, None);
    }

    #[test]
    fn rejects_bad_mappings() {
        assert!(FieldMap::parse(&["content"]).is_err());
        assert!(FieldMap::parse(&["content=body"]).is_err());
    }
}
