//! The main text of a page, by a cascade of extractors.
//!
//! 1. rs-trafilatura's main extractor (a port of trafilatura's), with its
//!    own fallbacks off: they replace a good but short article with the
//!    whole page's text (link lists, teasers) whenever the article has no
//!    `<p>` or is under a few hundred characters. Its result is taken as
//!    HTML and pruned here ([`text_of`]): blocks made mostly of links
//!    (teaser lists, tag and category rows, "see more" lines) and the label
//!    heading just above each, other `<article>` elements beside the one
//!    that holds the headline, and threads of reader comments. All signals
//!    are structural (characters, linked characters, element kinds), so
//!    they work in any language. The page it reads has no JSON-LD (see
//!    [`without_json_ld`]).
//! 2. When that result is empty or too short to be an article, the same
//!    extractor with its fallbacks on (a baseline over the whole page, and
//!    the JSON-LD `articleBody`), pruned alike, is taken if it has more than
//!    twice the text. When the first result is long enough but shares
//!    (almost) none of the headline's letter pairs (a side column, a footer:
//!    see [`headline_share`]), the second is taken if it shares them.
//!
//! The page type is fixed to rs-trafilatura's "category" profile: the same
//! as its article profile but without merging every `<section>` of a page
//! whose article is under 3000 characters into the text (which brings
//! in teaser rails), and it skips the page classifier (a sixth of the
//! extractor's time).

use std::borrow::Cow;
use std::collections::HashMap;

use dom_query::{Document, NodeId, NodeRef};

/// A result sharing less than this of the headline's letter pairs is
/// not the article.
const OFF_TOPIC: f64 = 0.15;
/// A fallback result sharing at least this much is.
const ON_TOPIC: f64 = 0.5;
/// Fewer letters than this and the first extractor's result is no article.
const TOO_SHORT: usize = 150;
/// A block with at least this share of its characters in links is a list
/// of links, not text.
const LINK_DENSE: f64 = 0.6;
/// A block holding at least this share of the text outside links is kept
/// whatever its link density.
const OWN_TEXT: f64 = 0.25;
/// Below this many characters a block that opens a dropped list of links
/// is its label ("Related", "الأكثر قراءة", "相关新闻").
const LABEL_CHARS: usize = 40;
/// A heading just above a dropped block is its title up to this length.
const HEADING_LABEL_CHARS: usize = 100;
/// A post's header (poster, date) has at most this many characters.
const POST_HEADER_CHARS: usize = 100;
/// Single wrappers looked through to find a post's parts.
const POST_WRAPPERS: usize = 3;
/// Up to this many characters a block may be a labelled row of links.
const LABELLED_ROW: usize = 300;
/// A label before a colon has at most this many characters.
const LABEL_MAX: usize = 24;
/// Elements nested deeper than this are not read: the guard's cap, so
/// a page it lets through is read whole (its recursion fits a default
/// thread stack: `guard`'s test `the_depth_cap_fits_a_default_thread_stack`).
const MAX_DEPTH: usize = crate::guard::MAX_DEPTH;

/// The page's main text, paragraphs on their own lines. `headline` (may be
/// empty) is the page's headline.
pub(crate) fn main_text(html: &str, headline: &str) -> String {
    let first = extract(&without_json_ld(html), false);
    let on_topic = |text: &str| headline_share(headline, text).is_none_or(|s| s >= OFF_TOPIC);
    if letters(&first) >= TOO_SHORT && on_topic(&first) {
        return first;
    }
    let second = extract(html, true);
    if letters(&first) >= TOO_SHORT {
        // The first result shares (almost) nothing with the headline: a
        // side column or a footer, not the article. The second is taken
        // when it does share the headline's words.
        let shares = headline_share(headline, &second).is_some_and(|s| s >= ON_TOPIC);
        return if shares && letters(&second) >= TOO_SHORT {
            second
        } else {
            first
        };
    }
    // The whole-page baseline also takes the headline and furniture: it
    // must bring much more than the short article it would replace.
    if letters(&second) > 2 * letters(&first) {
        second
    } else {
        first
    }
}

/// Which share of the headline's letter pairs (within words, any script)
/// occur in `text`; none for a headline of fewer than six pairs. An
/// article repeats its headline's words (0.25 and up on every Zyte page);
/// a side column or a footer does not.
fn headline_share(headline: &str, text: &str) -> Option<f64> {
    let pairs = |s: &str| -> std::collections::HashSet<(char, char)> {
        let mut out = std::collections::HashSet::new();
        let mut prev: Option<char> = None;
        for c in s.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                if let Some(p) = prev {
                    out.insert((p, c));
                }
                prev = Some(c);
            } else {
                prev = None;
            }
        }
        out
    };
    let want = pairs(headline);
    if want.len() < 6 {
        return None;
    }
    let have = pairs(text);
    Some(want.iter().filter(|p| have.contains(p)).count() as f64 / want.len() as f64)
}

/// The page without its JSON-LD scripts. Given one, rs-trafilatura takes
/// its `articleBody` over the page's text whenever that is twice as long,
/// and on live pages and galleries it is the whole of many articles.
/// Structured data is a fallback here: the second run reads it.
fn without_json_ld(html: &str) -> Cow<'_, str> {
    // ASCII lowering keeps every byte offset.
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let (mut copied, mut from) = (0, 0);
    // The next `>` found, kept: a page of open tags that never close must
    // not be searched to its end from each of them.
    let mut gt: Option<usize> = None;
    // The next `</script` found, kept likewise (`None` inside: there is none).
    let mut script_end: Option<Option<usize>> = None;
    while let Some(i) = lower[from..].find("<script") {
        let at = from + i;
        if gt.is_none_or(|g| g < at) {
            gt = lower[at..].find('>').map(|g| at + g);
        }
        let Some(open_end) = gt.map(|g| g + 1) else {
            break;
        };
        from = open_end;
        // The type is in the first part of the open tag.
        if !lower[at..open_end.min(at + 512)].contains("ld+json") {
            continue;
        }
        if script_end.is_none_or(|e| e.is_some_and(|e| e < open_end)) {
            script_end = Some(lower[open_end..].find("</script").map(|e| open_end + e));
        }
        let end = script_end.flatten().map_or(lower.len(), |e| {
            lower[e..].find('>').map_or(lower.len(), |g| e + g + 1)
        });
        out.push_str(&html[copied..at]);
        copied = end;
        from = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// One run of rs-trafilatura; `fallbacks` turns its own fallback
/// extraction on.
fn extract(html: &str, fallbacks: bool) -> String {
    let opts = rs_trafilatura::Options {
        page_type: Some(rs_trafilatura::page_type::PageType::Category),
        use_fallback_extraction: fallbacks,
        // Links stay marked in the result's HTML, for the link density.
        include_links: true,
        // No length limit of the crate's own: its truncation can cut inside
        // a UTF-8 character and panic (found by marsad-fuzz), and the
        // guard's page caps already bound what reaches it.
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    // Third-party code on a hostile page: its panic is this page's failure
    // (an empty result, so the cascade's next step or the caller's "no
    // text" line takes over), never the run's.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rs_trafilatura::extract_with_options(html, &opts)
    }));
    match run {
        Ok(Ok(r)) => match r.content_html {
            Some(h) => text_of(&h),
            None => r.content_text.trim().to_owned(),
        },
        Ok(Err(_)) | Err(_) => String::new(),
    }
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Characters (not counting white space) of an element, those inside links,
/// and its links.
#[derive(Clone, Copy, Default)]
struct Counts {
    chars: usize,
    linked: usize,
    links: usize,
}

/// The text of extracted HTML, one line per block, without link-dense
/// blocks and their labels and without articles beside the headline's.
pub(crate) fn text_of(html: &str) -> String {
    let doc = Document::from(html);
    let Some(body) = doc.select("body").nodes().first().copied() else {
        return String::new();
    };
    let mut counts = HashMap::new();
    count(&body, false, 0, &mut counts);
    let keep_article = headline_article(&doc);
    let keep_holders = keep_article
        .and_then(|id| {
            doc.tree
                .get(&id)
                .map(|n| n.ancestors_it(None).map(|a| a.id).collect())
        })
        .unwrap_or_default();
    let own_total = counts.get(&body.id).map_or(0, |c| c.chars - c.linked);
    let mut r = Render {
        counts,
        own_total,
        keep_article,
        keep_holders,
        lines: Vec::new(),
        current: String::new(),
        label: None,
    };
    r.walk(&body, 0);
    r.flush(false);
    r.lines.join("\n")
}

/// Fills `counts` for `node` and every element under it.
fn count(
    node: &NodeRef,
    in_link: bool,
    depth: usize,
    counts: &mut HashMap<NodeId, Counts>,
) -> Counts {
    let mut c = Counts::default();
    if depth > MAX_DEPTH {
        return c;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            let n = child
                .text()
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .count();
            c.chars += n;
            if in_link {
                c.linked += n;
            }
        } else if child.is_element() {
            let link = child.node_name().is_some_and(|n| n.as_ref() == "a");
            let sub = count(&child, in_link || link, depth + 1, counts);
            c.chars += sub.chars;
            c.linked += sub.linked;
            c.links += sub.links + usize::from(link && sub.chars > 0);
        }
    }
    counts.insert(node.id, c);
    c
}

/// When the extracted HTML holds several `<article>` elements and one of
/// them holds the `<h1>`, that one (the innermost): the others are teasers
/// of other articles.
fn headline_article(doc: &Document) -> Option<NodeId> {
    let articles = doc.select("article");
    if articles.length() < 2 {
        return None;
    }
    let h1 = doc.select("h1").nodes().first().copied()?;
    h1.ancestors_it(None)
        .find(|a| a.node_name().is_some_and(|n| n.as_ref() == "article"))
        .map(|a| a.id)
}

struct Render {
    counts: HashMap<NodeId, Counts>,
    /// Characters outside links in the whole extract.
    own_total: usize,
    keep_article: Option<NodeId>,
    /// The elements that hold the kept article.
    keep_holders: std::collections::HashSet<NodeId>,
    lines: Vec<String>,
    current: String,
    /// The last line, when it came from a short block that could label a
    /// list of links that follows it.
    label: Option<usize>,
}

impl Render {
    fn walk(&mut self, node: &NodeRef, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children_it(false) {
            if child.is_text() {
                let t = child.text();
                if !self.current.is_empty() || !t.trim().is_empty() {
                    self.current.push_str(&t);
                }
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.node_name().unwrap_or_default();
            let name = name.as_ref();
            match name {
                // The headline is read from the page apart (html.rs).
                "script" | "style" | "template" | "h1" => continue,
                "br" | "hr" => {
                    self.flush(false);
                    continue;
                }
                _ => {}
            }
            if name == "article" && self.other_article(&child) {
                continue;
            }
            if name == "a" {
                // Link text is set off by spaces, as rs-trafilatura's text
                // does: scripts without spaces between words would
                // otherwise glue it to the words around it.
                self.current.push(' ');
                self.walk(&child, depth + 1);
                self.current.push(' ');
                continue;
            }
            if is_inline(name) {
                self.walk(&child, depth + 1);
                continue;
            }
            if self.link_dense(&child) || (!self.lines.is_empty() && self.is_thread(&child)) {
                self.flush(false);
                // A short line just above a dropped list names it.
                if let Some(i) = self.label.take() {
                    if i + 1 == self.lines.len() {
                        self.lines.pop();
                    }
                }
                continue;
            }
            self.flush(false);
            let before = self.lines.len();
            self.walk(&child, depth + 1);
            self.flush(true);
            // A block that gave one short line may be a label.
            let one_line = self.lines.len() == before + 1;
            if !(one_line && is_label(name, &self.lines[before])) && self.lines.len() > before {
                self.label = None;
            }
        }
    }

    fn other_article(&self, node: &NodeRef) -> bool {
        let Some(keep) = self.keep_article else {
            return false;
        };
        if node.id == keep {
            return false;
        }
        // Ancestors of the kept article stay (they hold it); others go.
        !self.keep_holders.contains(&node.id)
    }

    fn link_dense(&self, node: &NodeRef) -> bool {
        let Some(c) = self.counts.get(&node.id) else {
            return false;
        };
        // A block with much text of its own besides its links (a column
        // holding the article and a teaser rail) is not dropped whole: its
        // parts are judged one by one.
        let own = c.chars - c.linked;
        if c.links == 0 || (own as f64) >= OWN_TEXT * self.own_total as f64 {
            return false;
        }
        // A short row of links after a label ("Tags:", "وسوم:", "标签：")
        // is judged without its label.
        let label = if c.chars <= LABELLED_ROW {
            label_chars(&node.text())
        } else {
            0
        };
        c.linked as f64 >= LINK_DENSE * (c.chars - label.min(c.chars)) as f64
    }

    /// Ends the current line. `may_label`: the line ends a block, so it
    /// may become the label of a list of links that follows.
    fn flush(&mut self, may_label: bool) {
        let line = squash(&self.current);
        self.current.clear();
        if line.is_empty() {
            return;
        }
        self.lines.push(line);
        self.label = may_label.then(|| self.lines.len() - 1);
    }
}

/// The characters (not counting white space) of a label that opens `text`:
/// up to and with its first colon, when that comes early.
fn label_chars(text: &str) -> usize {
    let mut n = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        n += 1;
        if c == ':' || c == '：' {
            return n;
        }
        if n > LABEL_MAX {
            break;
        }
    }
    0
}

/// A heading, or a short block without a sentence's final mark.
fn is_label(name: &str, line: &str) -> bool {
    // Counted only up to past the longer limit: a block nested deep is
    // asked this at every level on the way up, and its line may be long.
    let limit = LABEL_CHARS.max(HEADING_LABEL_CHARS) + 1;
    let chars = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(limit)
        .count();
    let heading = matches!(name, "h2" | "h3" | "h4" | "h5" | "h6");
    (heading && chars <= HEADING_LABEL_CHARS)
        || (chars <= LABEL_CHARS && !line.ends_with(crate::clean::SENTENCE_END))
}

/// A thread of reader comments (or forum posts), told by its structure in
/// any language: at least two sibling items, most of them posts, each
/// opening with a short header block that has a link (the poster, the
/// permalink) and a digit (the date, the time) before the post's text:
/// "Name says: 1 November 2023 at 11:54", "名前 2023/11/01 11:54".
/// It is dropped only after some article text (a page of posts is read by
/// the extractor's fallback as it is).
impl Render {
    fn is_thread(&self, node: &NodeRef) -> bool {
        // Rows of a table (tickers, scores) are data, not posts.
        let name = node.node_name().unwrap_or_default();
        if matches!(name.as_ref(), "table" | "thead" | "tbody" | "tfoot" | "tr") {
            return false;
        }
        let items = node.element_children();
        if items.len() < 2 {
            return false;
        }
        let posts = items.iter().filter(|i| self.is_post(i)).count();
        posts >= 2 && 3 * posts >= 2 * items.len()
    }

    fn is_post(&self, item: &NodeRef) -> bool {
        let count = |n: &NodeRef| self.counts.get(&n.id).copied().unwrap_or_default();
        // Through wrappers (`<li><article>…`) to the post's parts.
        let mut parts = blocks(item);
        for _ in 0..POST_WRAPPERS {
            if parts.len() != 1 {
                break;
            }
            parts = blocks(&parts[0]);
        }
        // The header is the first blocks, up to the one that completes a
        // link and a digit (the poster's name and the date may be blocks of
        // their own); the post's text follows.
        let (mut chars, mut links, mut digit) = (0, 0, false);
        for (i, part) in parts.iter().enumerate() {
            let c = count(part);
            chars += c.chars;
            if chars > POST_HEADER_CHARS {
                return false;
            }
            links += c.links;
            digit = digit || (c.chars > 0 && part.text().chars().any(char::is_numeric));
            if links > 0 && digit {
                return parts[i + 1..].iter().any(|p| count(p).chars > 0);
            }
        }
        false
    }
}

/// The block elements among a node's children.
fn blocks<'a>(n: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    n.element_children()
        .into_iter()
        .filter(|c| c.node_name().is_some_and(|n| !is_inline(n.as_ref())))
        .collect()
}

fn is_inline(name: &str) -> bool {
    matches!(
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
            | "code"
            | "del"
            | "ins"
            | "s"
            | "img"
    )
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_over_a_megabyte_is_read_whole_without_a_panic() {
        // rs-trafilatura's own 1,000,000-byte limit truncated inside a
        // two-byte letter and panicked (found by marsad-fuzz). One, two and
        // three bytes of lead shift the text so one of them lands there.
        let para = "<p>قالت الهيئة في بيانها إن الأعمال تمضي وفق الجدول المقرر للمشروع.</p>";
        for lead in ["a", "ab", "abc"] {
            let body = para.repeat(1_100_000 / para.len());
            let html =
                format!("<html><body><article><h1>{lead}</h1>{body}</article></body></html>");
            let text = extract(&html, false);
            assert!(text.len() > 1_000_000, "{lead}: {}", text.len());
        }
    }

    #[test]
    fn link_lists_go_with_their_labels_and_text_with_links_stays() {
        let html = "<div><p>The council met on <a href=/a>Monday</a> and voted for the plan.</p>\
            <h3>Most read</h3><ul><li><a href=/1>One story</a></li><li><a href=/2>Another</a></li></ul>\
            <p>Tags: <a href=/t/a>roads</a> <a href=/t/b>budget</a></p>\
            <p>Work starts in spring.</p></div>";
        assert_eq!(
            text_of(html),
            "The council met on Monday and voted for the plan.\nWork starts in spring."
        );
    }

    #[test]
    fn a_column_with_the_article_and_a_teaser_rail_is_judged_by_parts() {
        let html = "<div><div>Ein langer Absatz des Artikels ohne einen einzigen Link darin.</div>\
            <div><a href=/1>Anderer Artikel mit einer langen Überschrift hier</a>\
            <a href=/2>Noch ein anderer Artikel mit langer Überschrift</a></div></div>";
        assert_eq!(
            text_of(html),
            "Ein langer Absatz des Artikels ohne einen einzigen Link darin."
        );
    }

    #[test]
    fn articles_beside_the_headlines_are_teasers() {
        let html = "<article><h1>标题</h1><p>正文第一段。</p></article>\
            <article><article><p>另一篇文章的摘要……</p></article></article>";
        assert_eq!(text_of(html), "正文第一段。");
    }

    #[test]
    fn comment_threads_after_the_article_go() {
        let html = "<p>本文的正文。</p><ol>\
            <li><div><a href=/u1>读者甲</a> 2024-05-01 10:00</div><p>写得好。</p></li>\
            <li><div><a href=/u2>读者乙</a> 2024-05-01 11:30</div><p>同意楼上。</p></li></ol>";
        assert_eq!(text_of(html), "本文的正文。");
        // Table rows with a linked first cell and figures are data.
        let table = "<p>Prices.</p><table><tr><td><a href=/x>ABC</a></td><td>1.5</td></tr>\
            <tr><td><a href=/y>DEF</a></td><td>2.5</td></tr></table>";
        assert!(text_of(table).contains("2.5"));
    }

    #[test]
    fn the_headline_share_works_without_spaces() {
        let s = headline_share(
            "青松县新建图书馆正式开放",
            "四月十八日上午，青松县新建的公共图书馆正式向市民开放。",
        );
        assert!(s.unwrap() > 0.5);
        let s = headline_share(
            "Neue Fähre verbindet die Inseln",
            "Impressum Kontakt Datenschutz AGB",
        );
        assert!(s.unwrap() < OFF_TOPIC);
        assert_eq!(headline_share("Hi", "text"), None);
    }

    #[test]
    fn deep_nesting_is_read_to_a_bound() {
        // (Deeper trees cost the HTML parser quadratic time: the page guard
        // before the extractor bounds depth.)
        let n = 2_000;
        let html = format!(
            "<p>top</p>{}<p>deep</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        assert_eq!(text_of(&html), "top");
    }

    #[test]
    fn hostile_script_tags_are_cut_in_linear_time() {
        let started = std::time::Instant::now();
        for page in [
            "<script type=ld+json ".repeat(100_000) + ">",
            "<script type=ld+json>".repeat(100_000),
            "<script ".repeat(100_000),
        ] {
            let _ = without_json_ld(&page);
        }
        // Linear work takes milliseconds here and quadratic work hours: the
        // bound tells them apart with room for a busy machine (this is no
        // speed measure; BENCHMARKS.md has those).
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }

    #[test]
    fn json_ld_scripts_are_cut_for_the_first_run() {
        let html = "<head><SCRIPT type='application/ld+json'>{\"articleBody\":\"x\"}</script>\
            <script>var a;</script></head><body><p>y</p></body>";
        assert_eq!(
            without_json_ld(html),
            "<head><script>var a;</script></head><body><p>y</p></body>"
        );
    }
}
