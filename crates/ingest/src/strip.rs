//! Dropping the parts of a page that never hold article text before it is
//! parsed: scripts, styles, inline SVG, comments, and the furniture
//! elements (`nav`, `aside`, `footer`, form controls, frames). On news pages they are
//! most of the bytes (about 60% on the Zyte benchmark pages), and every byte
//! of them would otherwise be tokenized, put in the tree and walked by each
//! selector. JSON-LD scripts are kept: they carry dates and authors.

use std::borrow::Cow;

/// The page without its inert elements. Removal is by byte scanning, case
/// insensitive on tag names, and stops at the end of the page for an element
/// that is never closed (as a browser would treat the rest as its content).
pub fn strip_inert(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let marks = Marks::of(bytes);
    let mut out = String::new();
    let mut copied = 0; // bytes of `html` before this are in `out` or dropped
    let mut i = 0;
    // End tags to rewrite: (start of the tag, its end, what replaces it).
    let mut rewrites: Vec<(usize, usize, &str)> = Vec::new();
    let mut gt = NextGt::default();
    // Template scripts searched for their end (each search may run to the
    // end of the page, so they are few).
    let mut template_tries = 0;
    // Where each furniture element's end tag is, found in one pass the first
    // time one is met (searching for each one's end from its start would be
    // quadratic on a page of unclosed ones).
    let mut ends: Option<rustc_hash::FxHashMap<usize, (usize, usize)>> = None;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if let Some(k) = rewrites.iter().position(|r| r.0 == at) {
            let (_, end, with) = rewrites.swap_remove(k);
            out.push_str(&html[copied..at]);
            out.push_str(with);
            copied = end;
            i = end;
            continue;
        }
        // A template holding paragraphs is markup a script would render:
        // its content is kept, its script tags dropped.
        let template = (template_tries < MAX_REWRITES)
            .then(|| template_with_text(bytes, at, &marks, &mut gt, &mut template_tries))
            .flatten();
        if let Some((open_end, close, end)) = template {
            out.push_str(&html[copied..at]);
            copied = open_end;
            i = open_end;
            rewrites.push((close, end, ""));
            continue;
        }
        // An `<aside>` that holds the article (most of the page's
        // paragraphs, or the schema.org article body) is the main column of
        // the page: it becomes a `<div>`, which extractors read.
        if starts_with_tag(rest, "aside") && rewrites.len() < MAX_REWRITES {
            let closed = gt.after(bytes, at).and_then(|_| {
                ends.get_or_insert_with(|| container_ends(bytes))
                    .get(&at)
                    .copied()
            });
            if let Some((close, end)) = closed {
                if marks.holds_article(at, end) {
                    out.push_str(&html[copied..at]);
                    out.push_str("<div");
                    copied = at + 1 + "aside".len();
                    i = copied;
                    rewrites.push((close, end, "</div>"));
                    continue;
                }
            }
        }
        let end = if rest.starts_with(b"!--") {
            Some(find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3))
        } else {
            ["script", "style", "svg"]
                .iter()
                .find_map(|&name| {
                    if !starts_with_tag(rest, name) {
                        return None;
                    }
                    let open_end = gt.after(bytes, at).map_or(bytes.len(), |e| e + 1);
                    if name == "script" && is_json_ld(&bytes[at..open_end]) {
                        return None;
                    }
                    Some(find_close(bytes, open_end, name).unwrap_or(bytes.len()))
                })
                .or_else(|| {
                    // Containers are dropped only when properly closed: a
                    // stray open tag must not take the article with it.
                    if !CONTAINERS.iter().any(|&name| starts_with_tag(rest, name)) {
                        return None;
                    }
                    ends.get_or_insert_with(|| container_ends(bytes))
                        .get(&at)
                        .map(|&(_, end)| end)
                })
        };
        match end {
            Some(end) => {
                out.push_str(&html[copied..at]);
                copied = end;
                i = end;
            }
            None => i = at + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied.min(html.len())..]);
    Cow::Owned(out)
}

/// A newline after each block element's end tag (and `<br>`) that is
/// directly followed by markup. Browsers show those blocks on lines of their
/// own, but minified pages put nothing between them, and text extractors
/// then glue the last word of one paragraph to the first of the next.
pub fn separate_blocks(html: &str) -> Cow<'_, str> {
    const BLOCKS: &[&str] = &[
        "/p",
        "/div",
        "/h1",
        "/h2",
        "/h3",
        "/h4",
        "/h5",
        "/h6",
        "/li",
        "/td",
        "/th",
        "/tr",
        "/blockquote",
        "/section",
        "/article",
        "/header",
        "/footer",
        "/figcaption",
        "/dd",
        "/dt",
        "/ul",
        "/ol",
        "/table",
        "/pre",
        "br",
    ];
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        let rest = &bytes[at + 1..];
        if !BLOCKS.iter().any(|b| starts_with_tag(rest, b)) {
            continue;
        }
        let Some(close) = memchr(b'>', rest) else {
            break;
        };
        let end = at + 1 + close + 1;
        if bytes.get(end) == Some(&b'<') {
            out.push_str(&html[copied..end]);
            out.push('\n');
            copied = end;
        }
        i = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Elements that hold page furniture, never the article: site navigation,
/// side columns, the page footer, form controls and embedded frames. (Not
/// `<form>`: some sites wrap the whole page in one.)
const CONTAINERS: &[&str] = &[
    "nav", "aside", "footer", "select", "iframe", "button", "textarea",
];

/// The next `>` at or after a position, remembered: positions asked about
/// only grow, so a page of tags that never close is scanned once, not once
/// per tag.
#[derive(Default)]
struct NextGt {
    /// The last answer (`None`: there is no `>` after `from`).
    found: Option<Option<usize>>,
    from: usize,
}

impl NextGt {
    fn after(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        if let Some(found) = self.found {
            if at >= self.from && found.is_none_or(|f| f >= at) {
                return found;
            }
        }
        let found = memchr(b'>', bytes.get(at..).unwrap_or(&[])).map(|e| at + e);
        self.found = Some(found);
        self.from = at;
        found
    }
}

/// For each furniture element's open tag (by the position of its `<`), the
/// start of the end tag that closes it and that end tag's end (past the
/// `>`), nested elements of the same name counted: one pass, a stack per name.
fn container_ends(bytes: &[u8]) -> rustc_hash::FxHashMap<usize, (usize, usize)> {
    let mut ends = rustc_hash::FxHashMap::default();
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); CONTAINERS.len()];
    let mut gt = NextGt::default();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        for (k, &name) in CONTAINERS.iter().enumerate() {
            if rest.first() == Some(&b'/') && starts_with_tag(&rest[1..], name) {
                if let Some(start) = open[k].pop() {
                    if let Some(close) = gt.after(bytes, at) {
                        ends.insert(start, (at, close + 1));
                    }
                }
                break;
            }
            if starts_with_tag(rest, name) {
                open[k].push(at);
                break;
            }
        }
        i = at + 1;
    }
    ends
}

/// At most this many elements are rewritten on one page (each is checked
/// at every tag after it).
const MAX_REWRITES: usize = 16;

/// Where a page's paragraphs open and where it marks its article body, to
/// tell in constant time whether a range of it holds the article.
struct Marks {
    paragraphs: Vec<usize>,
    article_body: Vec<usize>,
}

impl Marks {
    fn of(bytes: &[u8]) -> Marks {
        let mut m = Marks {
            paragraphs: Vec::new(),
            article_body: Vec::new(),
        };
        let mut i = 0;
        while let Some(off) = memchr(b'<', &bytes[i..]) {
            let at = i + off;
            if starts_with_tag(&bytes[at + 1..], "p") {
                m.paragraphs.push(at);
            }
            i = at + 1;
        }
        let mut from = 0;
        while let Some(at) = find_ascii_ci(bytes, from, b"articlebody") {
            m.article_body.push(at);
            from = at + 1;
        }
        m
    }

    fn paragraphs_in(&self, start: usize, end: usize) -> usize {
        self.paragraphs.partition_point(|&p| p < end)
            - self.paragraphs.partition_point(|&p| p < start)
    }

    /// The range holds the schema.org article body, or at least three
    /// paragraphs and more than half of the page's.
    fn holds_article(&self, start: usize, end: usize) -> bool {
        let body = self.article_body.partition_point(|&p| p < start)
            < self.article_body.partition_point(|&p| p < end);
        let n = self.paragraphs_in(start, end);
        body || (n >= 3 && 2 * n > self.paragraphs.len())
    }
}

/// A `<script>` at `at` whose type marks a template (`text/template`,
/// `text/x-template`, `text/html`, …) and whose content is markup holding
/// at least two paragraphs: the end of its open tag, and the start and end of its close
/// tag.
fn template_with_text(
    bytes: &[u8],
    at: usize,
    marks: &Marks,
    gt: &mut NextGt,
    tries: &mut usize,
) -> Option<(usize, usize, usize)> {
    let rest = &bytes[at + 1..];
    if !starts_with_tag(rest, "script") {
        return None;
    }
    let open_end = gt.after(bytes, at)? + 1;
    let open = bytes[at..open_end.min(at + 1024)].to_ascii_lowercase();
    let template = find(&open, 0, b"template").is_some() || find(&open, 0, b"text/html").is_some();
    if !template {
        return None;
    }
    *tries += 1;
    let close = open_end + find_ascii_ci(&bytes[open_end..], 0, b"</script")?;
    let end = close + memchr(b'>', &bytes[close..]).map_or(bytes.len() - close, |e| e + 1);
    // Markup, not data (JSON with escaped HTML in it) nor code.
    let markup = bytes[open_end..close]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<');
    (markup && marks.paragraphs_in(open_end, close) >= 2).then_some((open_end, close, end))
}

/// The index of `pat` (lower-case ASCII) in `bytes` at or after `from`,
/// ignoring ASCII case.
fn find_ascii_ci(bytes: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= bytes.len() || pat.is_empty() {
        return None;
    }
    bytes[from..]
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|p| from + p)
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// The index of `pat` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// `rest` (what follows a `<`) opens element `name`: the name, then a
/// space, `>` or `/`.
fn starts_with_tag(rest: &[u8], name: &str) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(rest[name.len()], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')
}

/// The end (past the `>`) of the first `</name>` at or after `from`.
fn find_close(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', bytes.get(i..)?) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/') && starts_with_tag(&rest[1..], name) {
            return Some(memchr(b'>', rest).map_or(bytes.len(), |e| at + 1 + e + 1));
        }
        i = at + 1;
    }
    None
}

/// A JSON-LD script's open tag. Only its first KiB is looked at: a real
/// one is short, and a tag that never closes must not be read whole for
/// each `<script` in it.
fn is_json_ld(open_tag: &[u8]) -> bool {
    open_tag[..open_tag.len().min(1024)]
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_svg_and_comments_keeps_json_ld() {
        let html = "<p>أ</p><SCRIPT src=x>var a='<p>';</script><style>p{}</style>\
                    <!-- note --><svg viewBox='0'><path/></svg><p>ب</p>\
                    <script type=\"application/ld+json\">{}</script><scripts>";
        assert_eq!(
            strip_inert(html),
            "<p>أ</p><p>ب</p><script type=\"application/ld+json\">{}</script><scripts>"
        );
    }

    #[test]
    fn blocks_end_on_their_own_lines() {
        assert_eq!(
            separate_blocks("<h1>أ</h1><p>ب<br>ج</p><p>د</p>\n<span>هـ</span><b>و</b>"),
            "<h1>أ</h1>\n<p>ب<br>ج</p>\n<p>د</p>\n<span>هـ</span><b>و</b>"
        );
        assert_eq!(separate_blocks("<p>x</p>"), "<p>x</p>");
    }

    #[test]
    fn furniture_goes_when_closed_and_nested_ones_with_it() {
        assert_eq!(
            strip_inert("<nav><nav>a</nav>b</nav><p>ن</p><aside>x"),
            "<p>ن</p><aside>x"
        );
    }

    #[test]
    fn an_aside_holding_the_article_becomes_a_div() {
        let html = "<aside><p>رابط</p></aside><aside class=main><p>أ</p><p>ب</p><p>ج</p>\
                    <script>x</script></aside><p>د</p>";
        assert_eq!(
            strip_inert(html),
            "<div class=main><p>أ</p><p>ب</p><p>ج</p></div><p>د</p>"
        );
        let marked = "<aside><div itemprop=\"articleBody\">نص</div></aside><p>أ</p>";
        assert_eq!(
            strip_inert(marked),
            "<div><div itemprop=\"articleBody\">نص</div></div><p>أ</p>"
        );
    }

    #[test]
    fn a_template_holding_paragraphs_is_kept_as_markup() {
        let html = "<div><script type=\"text/template\"><p>一</p><p>二</p></script></div>\
                    <script type=\"text/template\"><span>{{x}}</span></script>\
                    <script type=\"text/template\">{\"a\":\"<p>x</p><p>y</p>\"}</script>";
        assert_eq!(strip_inert(html), "<div><p>一</p><p>二</p></div>");
    }

    #[test]
    fn hostile_pages_are_stripped_in_linear_time() {
        let n = 100_000;
        let started = std::time::Instant::now();
        for page in [
            "<nav>".repeat(n),
            "<aside><p>".repeat(n),
            "<aside ".repeat(n),
            "<nav ".repeat(n),
            "<script type=ld+json ".repeat(n) + ">",
            "<script type=text/template ".repeat(n) + ">",
            "<script type=text/template>".repeat(n),
            format!("<p{}>", " a=1".repeat(200_000)),
            "</nav ".repeat(n) + ">",
        ] {
            let _ = strip_inert(&page);
            let _ = separate_blocks(&page);
        }
        // Linear work takes milliseconds here and quadratic work hours: the
        // bound tells them apart with room for a busy machine (this is no
        // speed measure; BENCHMARKS.md has those).
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        assert_eq!(strip_inert("<nav><p>x"), "<nav><p>x");
    }

    #[test]
    fn an_unclosed_script_drops_the_rest() {
        assert_eq!(strip_inert("<p>نص</p><script>x"), "<p>نص</p>");
        assert_eq!(strip_inert("<p>نص</p><!-- x"), "<p>نص</p>");
        assert_eq!(strip_inert("plain"), "plain");
    }
}
