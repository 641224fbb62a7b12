//! Ingest: readers that turn inputs into [`Article`]s.
//!
//! Inputs are plain-text files (`.txt`), JSON Lines (`.jsonl`, `.ndjson`),
//! JSON arrays (`.json`), web pages (`.html`, `.htm`: the article is
//! extracted, see [`extract_page`]), web archives (`.warc`, `.warc.gz`) and
//! directories of those, read recursively. Readers
//! stream: each article is handed to a sink as soon as it is read, and an input
//! that fails on its own (an unreadable file, a broken JSON line) is handed to
//! the sink as an [`IngestError`] naming it, while the rest goes on.
//!
//! Identity follows DESIGN.md: the input's `id`, else its `url`, else the path
//! as given (with `#LINE` for a JSON line, `#INDEX` for an array element).
//!
//! ```no_run
//! use marsad_ingest::{read_path, Options};
//! let mut n = 0;
//! let stats = read_path("samples".as_ref(), &Options::default(), &mut |item| {
//!     if item.is_ok() { n += 1 }
//! });
//! println!("{n} articles, {} files skipped", stats.skipped);
//! ```

mod cascade;
pub mod clean;
mod decode;
mod feeds;
mod fields;
pub mod guard;
mod html;
mod outlets;
mod plain;
mod repeated;
mod strip;
mod textdate;
mod time;
pub mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use marsad_core::Article;

pub use clean::{clean, clean_and_key, Cleaned, LineTokens, Reason};
pub use decode::{decode, decode_html, Decoded};
pub use feeds::{absolute_http, parse_feed, parse_opml, FeedItem};
pub use fields::{article_from_json, FieldMap};
pub use html::{article_from_html, extract_page, read_page, Page};
pub use outlets::{url_domain, Aliases, OutletRules};
pub use plain::{outlet_from_text, parse_plain, title_line};
pub use repeated::{LineKeys, RepeatedLines};
pub use strip::strip_inert;
pub use textdate::date_from_text;
pub use time::{parse_time, parse_time_offset};
pub use warc::{read_warc, WarcStats};

/// One input that could not be read, with the reason. `input` names it as the
/// user would: a path, `path#LINE` or `path#INDEX`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{input}: {reason}")]
pub struct IngestError {
    pub input: String,
    pub reason: String,
}

impl IngestError {
    pub fn new(input: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        IngestError {
            input: input.into(),
            reason: reason.to_string(),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which JSON field holds which article attribute.
    pub fields: FieldMap,
    /// The zone naive timestamps are read in.
    pub tz: chrono_tz::Tz,
    /// A plain-text file larger than this is refused (it is read whole).
    pub max_file_bytes: u64,
    /// A JSON line longer than this is skipped (without being held in memory).
    pub max_line_bytes: usize,
    /// How outlets are decided when the input does not state one.
    pub outlets: OutletRules,
    /// Counts the bytes read from input files, for a progress line.
    pub bytes_read: Option<Arc<AtomicU64>>,
    /// The format of standard input, read when an input is `-`.
    pub stdin_format: Option<Format>,
}

/// 32 MiB: far above any article, far below what would strain memory.
pub const DEFAULT_CAP: usize = 32 << 20;

impl Default for Options {
    fn default() -> Self {
        Options {
            fields: FieldMap::default(),
            tz: chrono_tz::UTC,
            max_file_bytes: DEFAULT_CAP as u64,
            max_line_bytes: DEFAULT_CAP,
            outlets: OutletRules::default(),
            bytes_read: None,
            stdin_format: None,
        }
    }
}

/// What a walk over inputs saw besides articles.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Files read (whatever they held).
    pub files: usize,
    /// Files skipped in directories because their extension is not known.
    pub skipped: usize,
    /// WARC records skipped because they hold no HTML page (requests,
    /// metadata, images, errors).
    pub skipped_records: usize,
}

/// The kinds of file Marsad reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    JsonLines,
    JsonArray,
    /// A saved web page: its article is extracted.
    Html,
    /// A web archive (`.warc`), gzipped when `.warc.gz`.
    Warc {
        gzip: bool,
    },
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".warc.gz") {
            return Some(Format::Warc { gzip: true });
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::JsonArray),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "warc" => Some(Format::Warc { gzip: false }),
            _ => None,
        }
    }
}

/// Reads a file or a directory (recursively, in path order so runs are
/// repeatable) and hands each article or per-input error to `sink`.
///
/// A file named directly is read by its extension, and as plain text when it
/// has none that is known; in directories, unknown extensions are skipped and
/// counted.
pub fn read_path(
    path: &Path,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) -> Stats {
    let mut stats = Stats::default();
    if path.is_dir() {
        // Links are followed (walkdir reports a loop or a broken link as an
        // error, one line each), so a linked file is read like any other.
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Err(e) => {
                    let at = e.path().unwrap_or(path).display().to_string();
                    sink(Err(IngestError::new(at, e)));
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => match Format::of(e.path()) {
                    Some(_) if !e.file_type().is_file() => sink(Err(IngestError::new(
                        e.path().display().to_string(),
                        "not a regular file (a device, pipe or socket), skipped",
                    ))),
                    Some(f) if !is_documentation(e.path()) => {
                        stats.files += 1;
                        stats.skipped_records += read_file(e.path(), f, opts, sink);
                    }
                    _ => stats.skipped += 1,
                },
            }
        }
    } else {
        stats.files += 1;
        stats.skipped_records +=
            read_file(path, Format::of(path).unwrap_or(Format::Text), opts, sink);
    }
    stats
}

/// The bytes of the files [`read_path`] would read under `path`: what a
/// progress line counts toward.
pub fn input_bytes(path: &Path) -> u64 {
    if !path.is_dir() {
        return path.metadata().map_or(0, |m| m.len());
    }
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| Format::of(e.path()).is_some() && !is_documentation(e.path()))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// The id of an article read from standard input that names neither an
/// `id` nor a `url`: a line number there identifies nothing, so the id is
/// its content's hash (the same record sent twice is the same article).
pub fn content_id(a: &Article) -> String {
    format!("content:{}", a.content_hash().to_hex())
}

/// Reads articles from standard input (or any reader), named `-`, in
/// `format`; returns the number of WARC records skipped. Records without an
/// `id` or `url` get a [`content_id`].
pub fn read_stdin(
    reader: impl Read,
    format: Format,
    opts: &Options,
    outer: &mut dyn FnMut(Result<Article, IngestError>),
) -> usize {
    const NAME: &str = "-";
    let anonymous = |a: &Article| a.id == NAME || a.id.starts_with("-#");
    let sink = &mut |item: Result<Article, IngestError>| {
        outer(item.map(|mut a| {
            if anonymous(&a) {
                a.id = a.url.clone().unwrap_or_else(|| content_id(&a));
            }
            opts.outlets
                .apply(&mut a, Path::new(NAME), format == Format::Text);
            a
        }))
    };
    let reader = Counted {
        inner: reader,
        count: opts.bytes_read.clone(),
    };
    match format {
        Format::JsonLines => read_json_lines(NAME, BufReader::new(reader), opts, sink),
        Format::JsonArray => read_json_array(NAME, BufReader::new(reader), opts, sink),
        Format::Warc { gzip: true } => {
            let gz = flate2::read::MultiGzDecoder::new(BufReader::new(reader));
            return read_warc(NAME, BufReader::new(gz), opts, sink).skipped;
        }
        Format::Warc { gzip: false } => {
            return read_warc(NAME, BufReader::new(reader), opts, sink).skipped
        }
        Format::Text | Format::Html => {
            let mut bytes = Vec::new();
            let cap = opts.max_file_bytes;
            if let Err(e) = reader.take(cap.saturating_add(1)).read_to_end(&mut bytes) {
                sink(Err(IngestError::new(NAME, e)));
                return 0;
            }
            if bytes.len() as u64 > cap {
                sink(Err(IngestError::new(
                    NAME,
                    format!("input larger than the cap of {cap} bytes"),
                )));
                return 0;
            }
            if format == Format::Text {
                sink(parse_plain(NAME, &bytes).map(|mut a| {
                    a.published = date_from_text(&a.text, opts.tz);
                    a
                }));
            } else {
                sink(article_from_html(
                    NAME,
                    None,
                    &decode_html(&bytes, None),
                    opts.tz,
                ));
            }
        }
    }
    0
}

/// A reader that adds what it reads to a shared count.
struct Counted<R> {
    inner: R,
    count: Option<Arc<AtomicU64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(c) = &self.count {
            c.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Files in a corpus folder that describe it rather than hold articles.
fn is_documentation(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    lower.starts_with("readme") || lower.ends_with("-gold.json") || lower.starts_with("license")
}

/// [`read_one_file`], with a panic in it (a bug, most likely third-party
/// code meeting a hostile input) told as this file's failure: the articles
/// already read stay, and the run goes on with the next input.
fn read_file(
    path: &Path,
    format: Format,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) -> usize {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_one_file(path, format, opts, &mut *sink)
    }));
    read.unwrap_or_else(|_| {
        sink(Err(IngestError::new(
            path.display().to_string(),
            "reading it failed on an internal error (please report it), skipped",
        )));
        0
    })
}

/// Reads one file; returns the number of WARC records skipped.
fn read_one_file(
    path: &Path,
    format: Format,
    opts: &Options,
    outer: &mut dyn FnMut(Result<Article, IngestError>),
) -> usize {
    let name = path.display().to_string();
    let plain = format == Format::Text;
    let sink = &mut |item: Result<Article, IngestError>| {
        outer(item.map(|mut a| {
            opts.outlets.apply(&mut a, path, plain);
            a
        }))
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink(Err(IngestError::new(name, e)));
            return 0;
        }
    };
    // A device (such as /dev/zero) never ends; a pipe named on the command
    // line is a stream and is read, within the caps.
    {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(t) = file.metadata().map(|m| m.file_type()) {
            if t.is_char_device() || t.is_block_device() || t.is_socket() {
                sink(Err(IngestError::new(
                    name,
                    "a device or socket, not a file: skipped",
                )));
                return 0;
            }
        }
    }
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let file = Counted {
        inner: file,
        count: opts.bytes_read.clone(),
    };
    if let Format::Warc { gzip } = format {
        let stats = if gzip {
            let gz = warc::GzipBounded::new(BufReader::new(file));
            read_warc(&name, BufReader::new(gz), opts, sink)
        } else {
            read_warc(&name, BufReader::new(file), opts, sink)
        };
        return stats.skipped;
    }
    match format {
        Format::Text => {
            let bytes = match read_capped(file, size, opts.max_file_bytes) {
                Ok(b) => b,
                Err(reason) => {
                    sink(Err(IngestError::new(name, reason)));
                    return 0;
                }
            };
            sink(parse_plain(&name, &bytes).map(|mut a| {
                a.published = date_from_text(&a.text, opts.tz);
                a
            }))
        }
        Format::Html => {
            let bytes = match read_capped(file, size, opts.max_file_bytes) {
                Ok(b) => b,
                Err(reason) => {
                    sink(Err(IngestError::new(name, reason)));
                    return 0;
                }
            };
            let html = decode_html(&bytes, None);
            sink(article_from_html(&name, None, &html, opts.tz))
        }
        Format::JsonLines => read_json_lines(&name, BufReader::new(file), opts, sink),
        Format::JsonArray => read_json_array(&name, file, opts, sink),
        Format::Warc { .. } => unreachable!("read above"),
    }
    0
}

/// A whole file, or why not: unreadable, or larger than `cap`. The size
/// the file system states (`size`) is checked first, and the reading stops
/// past the cap whatever it stated (a pipe or a special file states 0).
fn read_capped(file: impl Read, size: u64, cap: u64) -> Result<Vec<u8>, String> {
    let too_large = |size: u64| format!("file too large ({size} bytes; the cap is {cap})");
    if size > cap {
        return Err(too_large(size));
    }
    let mut bytes = Vec::new();
    BufReader::new(file)
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Err(format!("file larger than the cap of {cap} bytes, skipped"));
    }
    Ok(bytes)
}

/// Streams the elements of a JSON array (or one object) to the sink as they
/// are read, so a file of any size never sits whole in memory. Elements are
/// found by a byte scan (strings and nesting tracked, no recursion) before
/// any is parsed: one over the cap is read past without being held, and a
/// broken one is reported while the elements after it are still read. A
/// UTF-8 byte order mark at the start is allowed.
pub fn read_json_array(
    name: &str,
    reader: impl Read,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let mut reader = BufReader::new(reader);
    let cap = opts.max_line_bytes;
    let mut element = Vec::new();
    let mut index = 0usize;
    let mut scan = JsonScan::default();
    let mut started = false; // past the BOM and the opening bracket
    let mut single = false; // the file is one object, not an array
    let mut finished = false; // the array's `]` was read
    let mut over_cap = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok([]) => break,
            Ok(b) => b,
            Err(e) => return sink(Err(IngestError::new(format!("{name}#{index}"), e))),
        };
        let mut used = 0;
        let mut i = 0;
        if !started {
            let buf_trim = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
            let skipped = buf.len() - buf_trim.len();
            let Some(first) = buf_trim.iter().position(|b| !b.is_ascii_whitespace()) else {
                let n = buf.len();
                reader.consume(n);
                continue;
            };
            match buf_trim[first] {
                b'[' => i = skipped + first + 1,
                b'{' => {
                    single = true;
                    i = skipped + first;
                }
                _ => {
                    return sink(Err(IngestError::new(
                        name,
                        "not a JSON array of article objects, nor one article object",
                    )))
                }
            }
            started = true;
            used = i;
        }
        while i < buf.len() {
            if finished {
                if !buf[i].is_ascii_whitespace() {
                    return sink(Err(IngestError::new(
                        name,
                        "invalid JSON: trailing characters after the array",
                    )));
                }
                i += 1;
                continue;
            }
            let c = buf[i];
            let ends = scan.step(c) && !single;
            if !ends {
                i += 1;
                continue;
            }
            // A `,` or `]` outside strings and nesting: the element so far is whole.
            take_part(&mut element, &buf[used..i], cap, &mut over_cap);
            let blank = element.iter().all(u8::is_ascii_whitespace) && !over_cap;
            if over_cap {
                sink(Err(IngestError::new(
                    format!("{name}#{index}"),
                    format!("element longer than the cap of {cap} bytes, skipped"),
                )));
            } else if !(blank && c == b']' && index == 0) {
                hand_over(format!("{name}#{index}"), name, &element, opts, sink);
            }
            if !(blank && c == b']' && index == 0) {
                index += 1;
            }
            element.clear();
            over_cap = false;
            finished = c == b']';
            i += 1;
            used = i;
        }
        if !finished {
            take_part(&mut element, &buf[used..], cap, &mut over_cap);
        }
        let n = buf.len();
        reader.consume(n);
    }
    if single {
        if over_cap {
            sink(Err(IngestError::new(
                name,
                format!("object longer than the cap of {cap} bytes, skipped"),
            )));
        } else {
            hand_over(name.to_owned(), name, &element, opts, sink);
        }
    } else if !started {
        sink(Err(IngestError::new(name, "empty file, not a JSON array")));
    } else if !finished {
        sink(Err(IngestError::new(
            format!("{name}#{index}"),
            "invalid JSON: the file ends inside the array",
        )));
    }
}

/// Parses one element and hands the article (or why not) to the sink.
fn hand_over(
    input: String,
    name: &str,
    element: &[u8],
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    match serde_json::from_slice::<serde_json::Value>(element) {
        Ok(v) => sink(fields::article_from_json(&input, name, v, opts)),
        Err(e) => sink(Err(IngestError::new(input, format!("invalid JSON: {e}")))),
    }
}

/// Appends `part` to an element being gathered, unless that would take it
/// over `cap`: then the element is dropped and only marked.
fn take_part(element: &mut Vec<u8>, part: &[u8], cap: usize, over: &mut bool) {
    if *over {
        return;
    }
    if element.len() + part.len() > cap {
        *over = true;
        element.clear();
        element.shrink_to(64 << 10);
    } else {
        element.extend_from_slice(part);
    }
}

/// Where a byte stands in JSON text: inside a string, after a backslash,
/// how deep in brackets. Enough to find where an array element ends.
#[derive(Default)]
struct JsonScan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl JsonScan {
    /// Takes the next byte; true when it is a `,` or `]` that ends an
    /// element of the outermost array.
    fn step(&mut self, c: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == b'\\' {
                self.escaped = true;
            } else if c == b'"' {
                self.in_string = false;
            }
            return false;
        }
        match c {
            b'"' => self.in_string = true,
            b'[' | b'{' => self.depth += 1,
            b']' | b'}' if self.depth > 0 => self.depth -= 1,
            b',' | b']' if self.depth == 0 => return true,
            _ => {}
        }
        false
    }
}

/// Reads one line into `buf`, keeping at most `cap` bytes of it; the rest of
/// a longer line is read past without being kept. `None` at the end of the
/// input; `Some(true)` when the line was longer than the cap.
pub(crate) fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let (mut any, mut too_long) = (false, false);
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = cap.saturating_sub(buf.len());
        if chunk.len() > room {
            too_long = true;
        }
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// Reads JSON Lines: one article object per line, each line capped.
pub fn read_json_lines(
    name: &str,
    mut reader: impl BufRead,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        number += 1;
        let too_long = match read_line_capped(&mut reader, &mut line, opts.max_line_bytes) {
            Ok(None) => break,
            Ok(Some(too_long)) => too_long,
            Err(e) => return sink(Err(IngestError::new(format!("{name}#{number}"), e))),
        };
        let input = format!("{name}#{number}");
        if too_long {
            sink(Err(IngestError::new(
                input,
                format!(
                    "line longer than the cap of {} bytes, skipped",
                    opts.max_line_bytes
                ),
            )));
            continue;
        }
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
        match serde_json::from_slice::<serde_json::Value>(trimmed) {
            Ok(v) => sink(fields::article_from_json(&input, name, v, opts)),
            Err(e) => sink(Err(IngestError::new(
                input,
                format!("invalid JSON line: {e}"),
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(
        f: impl FnOnce(&mut dyn FnMut(Result<Article, IngestError>)),
    ) -> (Vec<String>, Vec<String>) {
        let (mut ok, mut err) = (Vec::new(), Vec::new());
        f(&mut |r| match r {
            Ok(a) => ok.push(a.id),
            Err(e) => err.push(e.to_string()),
        });
        (ok, err)
    }

    #[test]
    fn json_array_streams_and_keeps_what_came_before_an_error() {
        let data = r#"[{"id":"a","text":"نص"}, {"text":"نص آخر"}, {"id":"c","text": ]"#;
        let (ok, err) =
            collect(|sink| read_json_array("f.json", data.as_bytes(), &Options::default(), sink));
        assert_eq!(ok, ["a", "f.json#1"]);
        assert_eq!(err.len(), 1);
        assert!(err[0].starts_with("f.json#2: invalid JSON"), "{err:?}");
    }

    #[test]
    fn json_array_elements_over_the_cap_are_skipped_unparsed_and_a_bom_is_allowed() {
        let big = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "ب".repeat(5000));
        let data = format!("\u{feff}[{big}, {{\"id\":\"s\",\"text\":\"[,]\\\"\"}}, 7 ]");
        let opts = Options {
            max_line_bytes: 1000,
            ..Options::default()
        };
        let (ok, err) = collect(|sink| read_json_array("f.json", data.as_bytes(), &opts, sink));
        assert_eq!(ok, ["s"]);
        assert_eq!(err.len(), 2, "{err:?}");
        assert!(
            err[0].starts_with("f.json#0: element longer than the cap"),
            "{err:?}"
        );
        assert!(err[1].starts_with("f.json#2: not a JSON object"), "{err:?}");
        let (ok, err) = collect(|sink| {
            read_json_array("o.json", &br#"{"id":"one","text":"x"}"#[..], &opts, sink)
        });
        assert_eq!((ok, err.len()), (vec!["one".to_owned()], 0));
        let (ok, err) = collect(|sink| read_json_array("e.json", &b" [ ] "[..], &opts, sink));
        assert_eq!((ok.len(), err.len()), (0, 0));
    }

    #[test]
    fn a_line_over_the_cap_is_skipped_and_the_next_read() {
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "ب".repeat(5000));
        let data = format!("{long}\n{{\"id\":\"small\",\"text\":\"نص\"}}\n");
        let opts = Options {
            max_line_bytes: 1000,
            ..Options::default()
        };
        let (ok, err) = collect(|sink| read_json_lines("f.jsonl", data.as_bytes(), &opts, sink));
        assert_eq!(ok, ["small"]);
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("f.jsonl#1: line longer than the cap"),
            "{err:?}"
        );
    }
}
