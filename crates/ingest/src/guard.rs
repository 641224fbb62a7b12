//! Limits a page must keep before the parsers' recursive walks see it.
//!
//! The extractor (rs-trafilatura) and the metadata reader walk the page's
//! tree recursively, so a page nested thousands of elements deep overflows
//! the thread's stack and aborts the whole process: one hostile file would
//! stop a directory, one feed item crash-loop `watch`, one POST kill
//! `serve`. The extractor's code is not ours to change, so the page is
//! checked first, in two linear passes with no recursion:
//!
//! 1. [`scan`] reads the bytes as an HTML tokenizer would (comments and raw
//!    text skipped, attributes counted) and refuses a page with more elements
//!    or more attributes on one tag than any real page has. Both bound the
//!    work of the parse that follows: html5ever checks each new attribute
//!    against the tag's others (quadratic in a tag's attributes), and every
//!    element costs a node in each of the trees built from the page.
//! 2. [`depth`] measures the tree as the parser built it (html5ever's
//!    implicit closing, adoption agency and all), walking it with sibling and
//!    parent links: the exact depth the recursive walks would reach.
//!
//! A page over a limit is reported and skipped, never half-read.

use dom_query::{Document, NodeData, NodeRef};

/// Deepest element nesting read. News pages nest 20 to 60 deep; the
/// recursive walks downstream were measured to run within a 2 MiB thread
/// stack (Rust's default for spawned threads and tokio's workers) far past
/// this (see the test `the_depth_cap_fits_a_default_thread_stack`).
pub const MAX_DEPTH: usize = 512;

/// Most elements read in a page. Real news pages have 1,000 to 10,000
/// (after scripts and styles are cut out). The extractor's time grows with
/// the elements and their depth together: 50,000 elements took it 4 to 27 s
/// depending on depth, on a loaded machine.
pub const MAX_ELEMENTS: usize = 25_000;

/// Most total depth over the page's nodes (the sum of each node's depth):
/// the extractor's work per page. 40,000 nodes 50 deep on average.
pub const MAX_DEPTH_SUM: usize = 2_000_000;

/// Most attributes on one tag. Real tags have a handful.
pub const MAX_ATTRIBUTES: usize = 1_000;

/// The extractor costs about 20 µs an element (measured on pages of
/// thousands of short paragraphs, on the shared 2-core machine), the rest of
/// reading a page a small part of that. To read every page at 2 MB/s or
/// more, a page has the extractor run only while it has at most one element
/// per [`EXTRACTOR_BYTES_PER_ELEMENT`] bytes, or at most
/// [`EXTRACTOR_ELEMENTS`] elements whatever its size (a tenth of a second);
/// denser pages are read by the linear fallback ([`extractor_affords`]).
/// Real pages have 45 bytes an element and up, 100 at the median, and
/// rarely more elements than that floor.
pub const EXTRACTOR_BYTES_PER_ELEMENT: usize = 64;
pub const EXTRACTOR_ELEMENTS: usize = 8_000;

/// The extractor also reads each element's whole text (it serializes and
/// lower-cases every candidate block), so its time grows with the text
/// times the depth it sits at ([`Shape::text_depth`]): about 50 million
/// byte-levels a second, measured on pages of one long paragraph under 10
/// to 300 nested tables or divisions. A page nested 100 tables deep around
/// 400 KB of text took it 3.4 s (0.1 MB/s). The 181 real pages of the Zyte
/// set have at most 9.5 byte-levels per byte of page (2.7 at the median)
/// and 1.6 million in all; the extractor runs while a page has at most
/// [`EXTRACTOR_LEVELS_PER_BYTE`] per byte, or [`EXTRACTOR_LEVELS`] in all
/// (a tenth of a second) whatever its size.
pub const EXTRACTOR_LEVELS_PER_BYTE: usize = 16;
pub const EXTRACTOR_LEVELS: usize = 5_000_000;

/// Whether the extractor may read a page of this shape in `bytes` bytes
/// within the budget of 2 MB/s (see [`EXTRACTOR_BYTES_PER_ELEMENT`] and
/// [`EXTRACTOR_LEVELS_PER_BYTE`]).
pub fn extractor_affords(shape: &Shape, bytes: usize) -> bool {
    shape.elements <= EXTRACTOR_ELEMENTS.max(bytes / EXTRACTOR_BYTES_PER_ELEMENT)
        && shape.text_depth <= EXTRACTOR_LEVELS.max(bytes.saturating_mul(EXTRACTOR_LEVELS_PER_BYTE))
}

/// Deepest nesting the byte scan lets through to the parser. html5ever
/// looks down its stack of open elements for each new one (is a `<p>` open
/// in scope?), so a page nested 30,000 deep costs it seconds before the
/// exact check after parsing could refuse it. The scan's estimate follows
/// end tags and the commonest implicit closings, and may count a little
/// deeper than the parser; hence the slack over [`MAX_DEPTH`].
pub const MAX_SCAN_DEPTH: usize = 4 * MAX_DEPTH;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Start tags that close an open element of the same group on top of the
/// stack (`<li>` after an unclosed `<li>`, and so on).
const SIBLINGS: &[&[&str]] = &[
    &["p"],
    &["li"],
    &["dt", "dd"],
    &["tr"],
    &["td", "th"],
    &["option"],
    &["h1", "h2", "h3", "h4", "h5", "h6"],
];

/// Start tags that close an open `<p>` on top of the stack.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Checks the page's bytes: at most [`MAX_ELEMENTS`] tags and
/// [`MAX_ATTRIBUTES`] attributes on any one. Linear in the page.
pub fn scan(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let mut elements = 0usize;
    // The open elements as the scan estimates them, lower-cased names.
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        let rest = &b[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, at + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        match rest.first() {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'/') => {
                let name: Vec<u8> = rest[1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(u8::to_ascii_lowercase)
                    .collect();
                if let Some(k) = open.iter().rposition(|o| *o == name) {
                    open.truncate(k);
                }
                i = b[at..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |e| at + e + 1);
                continue;
            }
            Some(b'!' | b'?') => {
                i = b[at..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |e| at + e + 1);
                continue;
            }
            _ => {
                i = at + 1;
                continue;
            }
        }
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(format!(
                "page has over {MAX_ELEMENTS} elements (the cap), skipped"
            ));
        }
        let name_len = rest
            .iter()
            .position(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        let (end, attributes) = tag_end(b, at + 1 + name_len);
        if attributes > MAX_ATTRIBUTES {
            return Err(format!(
                "a tag has {attributes} attributes (the cap is {MAX_ATTRIBUTES}), skipped"
            ));
        }
        i = end;
        let lower = name.to_ascii_lowercase();
        let is = |list: &[&str]| list.iter().any(|n| n.as_bytes() == lower.as_slice());
        if !is(VOID) {
            let top = open.last().map(Vec::as_slice);
            let sibling = SIBLINGS.iter().any(|group| {
                let has = |n: &[u8]| group.iter().any(|g| g.as_bytes() == n);
                has(&lower) && top.is_some_and(has)
            });
            if sibling || (top == Some(b"p".as_slice()) && is(CLOSES_P)) {
                open.pop();
            }
            open.push(lower);
            if open.len() > MAX_SCAN_DEPTH {
                return Err(format!(
                    "page nested over {MAX_SCAN_DEPTH} elements deep (the cap is {MAX_DEPTH}), skipped"
                ));
            }
        }
        if let Some(raw) = RAW_TEXT
            .iter()
            .find(|r| name.eq_ignore_ascii_case(r.as_bytes()))
        {
            i = find_end_tag(b, i, raw).unwrap_or(b.len());
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            break;
        }
        if i >= b.len() {
            break;
        }
    }
    Ok(())
}

/// The end (past `>`) of a tag whose name ends at `from`, and how many
/// attributes it has, read as html5ever's tokenizer reads them: names
/// separated by whitespace or `/`, values after `=`, quoted or not.
fn tag_end(b: &[u8], from: usize) -> (usize, usize) {
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = from;
    let mut attributes = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'>' {
            return (i + 1, attributes);
        }
        if space(c) || c == b'/' {
            i += 1;
            continue;
        }
        // An attribute name (its first character may be anything but those).
        attributes += 1;
        i += 1;
        while i < b.len() && !space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                i = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |e| i + 1 + e + 1);
            }
            _ => {
                while i < b.len() && !space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
    (b.len(), attributes)
}

/// The index of `pat` in `b` at or after `from`.
fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// The start of the `</name` that ends a raw-text element's content.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(off) = b.get(i..)?.windows(2).position(|w| w == b"</") {
        let at = i + off;
        let rest = &b[at + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// The shape of a parsed page: how deep its deepest node is, and the sum
/// of all its nodes' depths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub deepest: usize,
    pub depth_sum: usize,
    /// Element nodes (text and comments not counted).
    pub elements: usize,
    /// Each text node's bytes times its depth, added up: the bytes of
    /// every element's text, over all elements (see [`extractor_affords`]).
    pub text_depth: usize,
}

/// The depth of the deepest node of the parsed page.
pub fn depth(doc: &Document) -> usize {
    shape(doc).deepest
}

/// Measures the parsed page without recursion (down by first children,
/// across by siblings, up by parents).
pub fn shape(doc: &Document) -> Shape {
    let root = doc.root();
    let mut node: NodeRef = root;
    let (mut depth, mut deepest, mut depth_sum) = (0usize, 0usize, 0usize);
    let (mut elements, mut text_depth) = (0usize, 0usize);
    let text_len = |node: &NodeRef| {
        node.query_or(0, |n| match &n.data {
            NodeData::Text { contents } => contents.len(),
            _ => 0,
        })
    };
    let done = |deepest, depth_sum, elements, text_depth| Shape {
        deepest,
        depth_sum,
        elements,
        text_depth,
    };
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            deepest = deepest.max(depth);
            depth_sum += depth;
            elements += usize::from(node.is_element());
            text_depth = text_depth.saturating_add(text_len(&node).saturating_mul(depth));
            continue;
        }
        loop {
            if node.id == root.id {
                return done(deepest, depth_sum, elements, text_depth);
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                depth_sum += depth;
                elements += usize::from(node.is_element());
                text_depth = text_depth.saturating_add(text_len(&node).saturating_mul(depth));
                break;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    depth -= 1;
                }
                None => return done(deepest, depth_sum, elements, text_depth),
            }
        }
    }
}

/// Both checks, for a page about to be read: the bytes, then the tree.
/// Returns the parsed page for reading, and its shape, when it passes.
pub fn parse(html: &str) -> Result<(Document, Shape), String> {
    scan(html)?;
    let doc = Document::from(html);
    let measured = shape(&doc);
    let Shape {
        deepest, depth_sum, ..
    } = measured;
    if deepest > MAX_DEPTH {
        return Err(format!(
            "page nested {deepest} elements deep (the cap is {MAX_DEPTH}), skipped"
        ));
    }
    if depth_sum > MAX_DEPTH_SUM {
        return Err(format!(
            "page too large to read: its nodes' depths add up to {depth_sum} (the cap is {MAX_DEPTH_SUM}), skipped"
        ));
    }
    Ok((doc, measured))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extractor_runs_on_pages_of_real_density() {
        // Up to 8,000 elements whatever the size; past that, a 64-byte
        // share of the page each.
        let of = |elements| Shape {
            elements,
            ..Shape::default()
        };
        assert!(extractor_affords(&of(8_000), 10));
        assert!(!extractor_affords(&of(8_001), 64 * 8_000));
        assert!(extractor_affords(&of(20_000), 64 * 20_000));
        assert!(!extractor_affords(&of(20_000), 64 * 20_000 - 64));
        let (_, shape) = parse("<html><head></head><body><p>a</p><p>b</p></body></html>").unwrap();
        assert_eq!(shape.elements, 5);
        // html > body > p > text: 3 levels of elements above each letter.
        assert_eq!(shape.text_depth, 2 * 4);
    }

    #[test]
    fn the_extractor_runs_while_text_is_shallow_enough() {
        let nested = |levels: usize, text_bytes: usize| {
            let text = "نص طويل ".repeat(text_bytes / "نص طويل ".len());
            format!(
                "<html><body>{}<p>{text}</p>{}</body></html>",
                "<div>".repeat(levels),
                "</div>".repeat(levels)
            )
        };
        // A long article a dozen levels down: the extractor's.
        let page = nested(10, 400_000);
        let (_, shape) = parse(&page).unwrap();
        assert!(extractor_affords(&shape, page.len()), "{shape:?}");
        // The same text under a hundred levels: the linear fallback's.
        let page = nested(100, 400_000);
        let (_, shape) = parse(&page).unwrap();
        assert!(!extractor_affords(&shape, page.len()), "{shape:?}");
        // A short page reads whatever its depth, within the floor.
        let page = nested(200, 5_000);
        let (_, shape) = parse(&page).unwrap();
        assert!(extractor_affords(&shape, page.len()), "{shape:?}");
    }

    #[test]
    fn depth_is_the_parsers_not_the_tags() {
        // html, body, then the nesting; a <p> closes the open <p>.
        let doc = Document::from("<p>a<p>b<p>c");
        assert_eq!(depth(&doc), 4); // html > body > p > text
        let deep = "<div>".repeat(100);
        assert_eq!(depth(&Document::from(deep.as_str())), 102);
    }

    #[test]
    fn deep_pages_are_refused_shallow_ones_read() {
        let deep = format!("{}<p>نص</p>", "<b><i>".repeat(5000));
        assert!(scan(&deep).err().unwrap().contains("deep"));
        // Deeper than the cap, shallower than the scan's slack: the exact check.
        let deep = format!("{}<p>نص</p>", "<span>".repeat(MAX_DEPTH + 50));
        assert!(scan(&deep).is_ok());
        assert!(parse(&deep).err().unwrap().contains("deep"));
        // Implicit closings and end tags keep the estimate near the parser's.
        let shallow = format!("<ul>{}</ul>{}", "<li>x".repeat(2000), "<p>y".repeat(2000))
            + &"<div><span>z</span></div>".repeat(1000)
            + &"<table><tr><td>a<td>b<tr><td>c</table>".repeat(500)
            + &"<img src=x><br><hr>".repeat(500);
        assert!(scan(&shallow).is_ok());
        let ok = format!("{}<p>نص</p>", "<div>".repeat(100));
        assert!(parse(&ok).is_ok());
        // Many deep branches: few elements, but too much work.
        let branch = format!("{}<p>نص</p>{}", "<div>".repeat(400), "</div>".repeat(400));
        assert!(parse(&branch.repeat(30)).err().unwrap().contains("add up"));
    }

    #[test]
    fn wide_tags_and_many_elements_are_refused_by_the_scan() {
        let attrs: String = (0..2000).map(|i| format!(" a{i}='x y'")).collect();
        let wide = format!("<p{attrs}>نص</p>");
        assert!(scan(&wide).unwrap_err().contains("attributes"));
        let many = "<br>".repeat(MAX_ELEMENTS + 1);
        assert!(scan(&many).unwrap_err().contains("elements"));
        // Tags inside comments and scripts are not elements.
        let hidden = format!(
            "<!--{}--><script>{}</script><p>x",
            "<br>".repeat(MAX_ELEMENTS + 1),
            "<a>".repeat(MAX_ELEMENTS + 1)
        );
        assert!(scan(&hidden).is_ok());
    }

    /// The cap must leave room on the smallest stack the readers run on.
    #[test]
    fn the_depth_cap_fits_a_default_thread_stack() {
        // (unit, elements per unit level as parsed: tables get a tbody)
        for (unit, per) in [
            ("<div>", 1),
            ("<b><i>", 2),
            ("<table><tr><td>", 4),
            ("<ul><li>", 2),
        ] {
            let levels = (MAX_DEPTH - 8) / per;
            // One paragraph for the extractor; many, past its budget of
            // text times depth, for the linear fallback: both read it all.
            for paragraphs in [1, 300] {
                let html = format!(
                    "{}{}",
                    unit.repeat(levels),
                    "<p>نص عربي طويل بما يكفي ليكون فقرة من مقال.</p>".repeat(paragraphs)
                );
                let (_, shape) = parse(&html).expect(unit);
                assert_eq!(extractor_affords(&shape, html.len()), paragraphs == 1);
                let page = std::thread::Builder::new()
                    .stack_size(2 << 20)
                    .spawn(move || crate::read_page(&html, chrono_tz::UTC).unwrap())
                    .unwrap()
                    .join()
                    .unwrap();
                assert_eq!(page.text.matches("فقرة").count(), paragraphs, "{unit}");
            }
        }
    }
}
