//! `marsad export`: every live story and its current articles, as one JSON
//! document (each story with its synthesis), as JSON Lines (one article per
//! line, with the fields `marsad ingest` reads, so an export can be ingested
//! again; a story's first line also carries its synthesis, which ingest
//! ignores) or as CSV (one article per row, with a UTF-8 byte order mark so
//! spreadsheet programs read the Arabic as UTF-8).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use marsad_store::Store;
use serde_json::{json, Value};

use crate::views::{self as report, StoryView};

/// What `export` writes.
#[derive(Clone, Copy, Debug)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
}

/// How many stories are loaded at a time, to keep memory flat on big stores.
const CHUNK: usize = 256;

pub fn export(store: &Store, format: Format, to: Option<&Path>) -> Result<()> {
    let sink: Box<dyn Write> = match to {
        Some(p) => Box::new(File::create(p).with_context(|| format!("creating {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let ids = store.story_ids()?;
    match format {
        Format::Json => {
            // Stories first (with their article ids), then the articles.
            write!(out, "{{\"stories\":[")?;
            let mut first = true;
            for chunk in ids.chunks(CHUNK) {
                for s in report::load_stories(store, chunk)? {
                    if !first {
                        write!(out, ",")?;
                    }
                    first = false;
                    let mut v = report::story_json(&s, false);
                    v["articles"] = s.articles.iter().map(|a| json!(a.article.id)).collect();
                    v["synthesis"] = synthesis_json(store, &s)?;
                    serde_json::to_writer(&mut out, &v)?;
                }
            }
            write!(out, "],\"articles\":[")?;
            let mut first = true;
            for chunk in ids.chunks(CHUNK) {
                for s in report::load_stories(store, chunk)? {
                    for v in articles(&s) {
                        if !first {
                            write!(out, ",")?;
                        }
                        first = false;
                        serde_json::to_writer(&mut out, &v)?;
                    }
                }
            }
            writeln!(out, "]}}")?;
        }
        Format::Jsonl => {
            for chunk in ids.chunks(CHUNK) {
                for s in report::load_stories(store, chunk)? {
                    for (i, mut v) in articles(&s).into_iter().enumerate() {
                        if i == 0 {
                            v["story_synthesis"] = synthesis_json(store, &s)?;
                        }
                        serde_json::to_writer(&mut out, &v)?;
                        writeln!(out)?;
                    }
                }
            }
        }
        Format::Csv => {
            // The byte order mark: without it Excel reads UTF-8 as a legacy
            // code page and garbles the Arabic.
            write!(out, "\u{feff}")?;
            writeln!(out, "{}", csv_row(COLUMNS.iter().map(|c| c.to_string())))?;
            for chunk in ids.chunks(CHUNK) {
                for s in report::load_stories(store, chunk)? {
                    for v in articles(&s) {
                        let row = COLUMNS.iter().map(|c| match &v[*c] {
                            Value::Null => String::new(),
                            Value::String(x) => x.clone(),
                            other => other.to_string(),
                        });
                        writeln!(out, "{}", csv_row(row))?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

const COLUMNS: [&str; 10] = [
    "story",
    "story_headline",
    "id",
    "outlet",
    "title",
    "url",
    "published",
    "copy_of",
    "source",
    "text",
];

/// A story's synthesis (stored, or computed now and not stored: an export
/// only reads), as JSON.
fn synthesis_json(store: &Store, s: &StoryView) -> Result<Value> {
    let (synthesis, _) = crate::synthesis::stored_or_made(store, s.id, &s.articles)?;
    Ok(serde_json::to_value(synthesis)?)
}

/// A story's articles as export records: the input fields plus the story.
/// Exact copies are exported too (with `copy_of`): an export is the data.
fn articles(s: &StoryView) -> Vec<Value> {
    s.articles
        .iter()
        .chain(s.copies.iter().map(|(_, c)| c))
        .map(|a| {
            let x = &a.article;
            json!({
                "story": s.id,
                "story_headline": s.headline,
                "id": x.id,
                "outlet": x.outlet,
                "title": x.title,
                "url": x.url,
                "published": x.published.map(|t| t.to_rfc3339()),
                "copy_of": a.copy_of,
                "source": x.source,
                "text": x.text,
            })
        })
        .collect()
}

/// One CSV record (RFC 4180): every field quoted, quotes doubled, so commas,
/// quotes and line breaks inside a text survive. A field a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, which spreadsheets show as text: a scraped
/// title must not run as `=HYPERLINK(…)` or `=cmd|…` in the reader's sheet.
fn csv_row(fields: impl Iterator<Item = String>) -> String {
    fields
        .map(|f| {
            let lead = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                "'"
            } else {
                ""
            };
            format!("\"{lead}{}\"", f.replace('"', "\"\""))
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_every_field() {
        let row = super::csv_row(["a,b", "قال \"نعم\"", "x\ny"].iter().map(|s| s.to_string()));
        assert_eq!(row, "\"a,b\",\"قال \"\"نعم\"\"\",\"x\ny\"");
    }

    #[test]
    fn csv_neutralises_formulas() {
        let fields = [
            "=cmd|' /C calc'!A0",
            "@SUM(A1)",
            "+1+1",
            "-2",
            "\t=1",
            "نص = 1",
        ];
        let row = super::csv_row(fields.iter().map(|s| s.to_string()));
        assert_eq!(
            row,
            "\"'=cmd|' /C calc'!A0\",\"'@SUM(A1)\",\"'+1+1\",\"'-2\",\"'\t=1\",\"نص = 1\""
        );
    }
}
