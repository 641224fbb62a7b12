//! Ingest: readers that turn inputs into [`Article`]s.
//!
//! Inputs are plain-text files (`.txt`), JSON Lines (`.jsonl`, `.ndjson`),
//! JSON arrays (`.json`) and directories of those, read recursively. Readers
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

pub mod clean;
mod decode;
mod fields;
mod plain;
mod textdate;
mod time;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use marsad_core::Article;

pub use clean::{clean, Cleaned, Reason};
pub use decode::{decode, Decoded};
pub use fields::{article_from_json, FieldMap};
pub use plain::{outlet_from_text, parse_plain, title_line};
pub use textdate::date_from_text;
pub use time::parse_time;

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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fields: FieldMap::default(),
            tz: chrono_tz::UTC,
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
}

/// The kinds of file Marsad reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    JsonLines,
    JsonArray,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::JsonArray),
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
        let walk = walkdir::WalkDir::new(path).sort_by_file_name();
        for entry in walk {
            match entry {
                Err(e) => sink(Err(IngestError::new(path.display().to_string(), e))),
                Ok(e) if e.file_type().is_file() => match Format::of(e.path()) {
                    Some(f) if !is_documentation(e.path()) => {
                        stats.files += 1;
                        read_file(e.path(), f, opts, sink);
                    }
                    _ => stats.skipped += 1,
                },
                Ok(_) => {}
            }
        }
    } else {
        stats.files += 1;
        read_file(path, Format::of(path).unwrap_or(Format::Text), opts, sink);
    }
    stats
}

/// Files in a corpus folder that describe it rather than hold articles.
fn is_documentation(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    lower.starts_with("readme") || lower.ends_with("-gold.json") || lower.starts_with("license")
}

fn read_file(
    path: &Path,
    format: Format,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Err(IngestError::new(name, e))),
    };
    match format {
        Format::Text => {
            let mut bytes = Vec::new();
            if let Err(e) = BufReader::new(file).read_to_end(&mut bytes) {
                return sink(Err(IngestError::new(name, e)));
            }
            sink(parse_plain(&name, path, &bytes).map(|mut a| {
                a.published = date_from_text(&a.text, opts.tz);
                a
            }))
        }
        Format::JsonLines => read_json_lines(&name, BufReader::new(file), opts, sink),
        Format::JsonArray => {
            let value: Result<serde_json::Value, _> = serde_json::from_reader(BufReader::new(file));
            match value {
                Ok(serde_json::Value::Array(items)) => {
                    for (i, item) in items.into_iter().enumerate() {
                        let input = format!("{name}#{i}");
                        sink(fields::article_from_json(&input, &name, item, opts));
                    }
                }
                Ok(item @ serde_json::Value::Object(_)) => {
                    sink(fields::article_from_json(&name, &name, item, opts))
                }
                Ok(_) => sink(Err(IngestError::new(
                    name,
                    "not a JSON array or object of articles",
                ))),
                Err(e) => sink(Err(IngestError::new(name, format!("invalid JSON: {e}")))),
            }
        }
    }
}

fn read_json_lines(
    name: &str,
    mut reader: impl BufRead,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        number += 1;
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return sink(Err(IngestError::new(format!("{name}#{number}"), e))),
        }
        let input = format!("{name}#{number}");
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
