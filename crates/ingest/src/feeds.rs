//! Feeds and feed lists: RSS 2.0 and Atom feeds (read by feed-rs, which also
//! takes RSS 1.0 and JSON Feed), and OPML subscription lists (read with
//! quick-xml). No I/O here: `marsad watch` fetches, these functions read.

use chrono::{DateTime, Utc};

/// One entry of a feed: the article page it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The page URL, absolute.
    pub url: String,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// The entries of an RSS or Atom feed fetched from `base` (relative links
/// are resolved against it), in the feed's order. Entries without an
/// http(s) link are left out.
pub fn parse_feed(bytes: &[u8], base: &str) -> Result<Vec<FeedItem>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a feed: {e}"))?;
    let base = url::Url::parse(base).ok();
    let mut items = Vec::new();
    for entry in feed.entries {
        // Atom marks the article with rel="alternate" (or no rel at all).
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone())
            .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()));
        let Some(link) = link else { continue };
        let Some(url) = absolute_http(&link, base.as_ref()) else {
            continue;
        };
        items.push(FeedItem {
            url,
            title: entry.title.map(|t| t.content.trim().to_owned()),
            published: entry.published.or(entry.updated),
        });
    }
    Ok(items)
}

/// `link` made absolute against `base`, when it is http or https.
pub fn absolute_http(link: &str, base: Option<&url::Url>) -> Option<String> {
    let url = match base {
        Some(b) => b.join(link.trim()).ok()?,
        None => url::Url::parse(link.trim()).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// The feed URLs an OPML list subscribes to (`xmlUrl` of its `<outline>`
/// elements, at any depth), in document order.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<String>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut urls = Vec::new();
    let mut saw_opml = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if name.eq_ignore_ascii_case("opml") {
                    saw_opml = true;
                }
                if name.eq_ignore_ascii_case("outline") {
                    for attr in e.attributes().flatten() {
                        let key = attr.key.local_name();
                        let key: &str = key.as_ref();
                        if key.eq_ignore_ascii_case("xmlUrl") {
                            let value = attr
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|e| format!("bad OPML attribute: {e}"))?;
                            if let Some(u) = absolute_http(&value, None) {
                                urls.push(u);
                            }
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("bad OPML: {e}")),
            Ok(_) => {}
        }
        buf.clear();
    }
    if !saw_opml {
        return Err("not an OPML document".into());
    }
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_atom_links() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
            <title>أخبار</title><link>http://a.example/</link>
            <item><title>خبر أول</title><link>/news/1.html</link>
            <pubDate>Tue, 12 Mar 2024 09:30:00 +0300</pubDate></item>
            <item><title>بلا رابط</title></item>
            <item><title>بريد</title><link>mailto:x@a.example</link></item>
            </channel></rss>"#;
        let items = parse_feed(rss.as_bytes(), "http://a.example/feed.xml").unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url, "http://a.example/news/1.html");
        assert_eq!(items[0].title.as_deref(), Some("خبر أول"));
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2024-03-12T06:30:00+00:00"
        );
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title><id>urn:x</id>
            <updated>2024-03-12T10:00:00Z</updated>
            <entry><title>خبر</title><id>urn:1</id><updated>2024-03-12T10:00:00Z</updated>
            <link rel="alternate" href="http://b.example/2"/></entry></feed>"#;
        let items = parse_feed(atom.as_bytes(), "http://b.example/atom").unwrap();
        assert_eq!(items[0].url, "http://b.example/2");
        assert!(parse_feed(b"<html></html>", "http://b.example/").is_err());
    }

    #[test]
    fn reads_opml_outlines_at_any_depth() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>صحف</title></head>
            <body><outline text="محلي"><outline text="أ" type="rss" xmlUrl="http://a.example/rss"/>
            </outline><outline text="ب" xmlUrl="https://b.example/atom.xml"/>
            <outline text="ج" xmlUrl="ftp://c.example/feed"/></body></opml>"#;
        assert_eq!(
            parse_opml(opml.as_bytes()).unwrap(),
            ["http://a.example/rss", "https://b.example/atom.xml"]
        );
        assert!(parse_opml(b"<rss></rss>").is_err());
    }
}
