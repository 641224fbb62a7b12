//! WARC files (`.warc`, `.warc.gz`; WARC/1.0 and 1.1), read as a stream:
//! each `response` record holding an HTML page becomes an article whose id
//! is the record's `WARC-Target-URI`; every other record is skipped and
//! counted.
//!
//! A record is a block of `Name: value` header lines, a blank line, then
//! `Content-Length` bytes of content; gzip files are one gzip member per
//! record, which flate2's `MultiGzDecoder` reads as one stream. The HTTP
//! response inside is parsed by httparse.

use std::io::{BufRead, Read};

use marsad_core::Article;

use crate::{article_from_html, decode_html, IngestError, Options};

/// What a WARC walk saw besides articles.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WarcStats {
    pub records: usize,
    /// Records that are not HTML responses (requests, metadata, images, …).
    pub skipped: usize,
}

/// Reads WARC records from `reader` (already decompressed) and hands each
/// article or per-record error to `sink`. A broken record header ends the
/// file there: without a length there is no finding the next record.
pub fn read_warc(
    name: &str,
    mut reader: impl BufRead,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) -> WarcStats {
    let mut stats = WarcStats::default();
    let mut line = String::new();
    loop {
        let input = format!("{name}#{}", stats.records + 1);
        let headers = match read_record_headers(&mut reader, &mut line) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(reason) => {
                sink(Err(IngestError::new(input, reason)));
                break;
            }
        };
        stats.records += 1;
        let get = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = get("Content-Length").and_then(|l| l.parse::<u64>().ok()) else {
            sink(Err(IngestError::new(
                input,
                "WARC record without a Content-Length",
            )));
            break;
        };
        let is_response = get("WARC-Type") == Some("response")
            && get("Content-Type").is_some_and(|t| t.starts_with("application/http"));
        if !is_response || length > opts.max_file_bytes {
            if is_response {
                sink(Err(IngestError::new(
                    input.clone(),
                    format!("record of {length} bytes is over the cap, skipped"),
                )));
            }
            stats.skipped += usize::from(!is_response);
            if let Err(e) = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()) {
                sink(Err(IngestError::new(input, e)));
                break;
            }
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        if let Err(e) = (&mut reader).take(length).read_to_end(&mut block) {
            sink(Err(IngestError::new(input, e)));
            break;
        }
        let url = get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_owned());
        match http_html(&block) {
            Ok(Some((html, charset))) => {
                let html = decode_html(&html, charset.as_deref());
                let article =
                    article_from_html(&input, url.as_deref(), &html, opts.tz).map(|mut a| {
                        a.source = name.to_owned();
                        // The capture time stands in when the page gives no date.
                        if a.published.is_none() {
                            a.published =
                                get("WARC-Date").and_then(|d| crate::parse_time(d, opts.tz));
                        }
                        a
                    });
                sink(article);
            }
            Ok(None) => stats.skipped += 1,
            Err(reason) => sink(Err(IngestError::new(input, reason))),
        }
    }
    stats
}

/// The header lines of the next record, or `None` at the end of the file.
fn read_record_headers(
    reader: &mut impl BufRead,
    line: &mut String,
) -> Result<Option<Vec<(String, String)>>, String> {
    // Records are separated by blank lines; skip them.
    loop {
        line.clear();
        if reader.read_line(line).map_err(|e| e.to_string())? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let version = line.trim();
    if !matches!(version, "WARC/1.0" | "WARC/1.1" | "WARC/0.18") {
        return Err(format!("not a WARC record (starts {version:?})"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        line.clear();
        if reader.read_line(line).map_err(|e| e.to_string())? == 0 {
            return Err("WARC file ends inside a record header".into());
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return Ok(Some(headers));
        }
        if l.starts_with([' ', '\t']) {
            // A folded continuation line belongs to the previous header.
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(l.trim());
            }
            continue;
        }
        let (k, v) = l
            .split_once(':')
            .ok_or_else(|| format!("bad WARC header line {l:?}"))?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
}

/// An HTML body and the charset the HTTP headers named for it.
type HtmlBody = (Vec<u8>, Option<String>);

/// The HTML body of an HTTP response and the charset its headers name;
/// `None` for a response that is not a 200 with an HTML body.
fn http_html(block: &[u8]) -> Result<Option<HtmlBody>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("HTTP response cut short".into()),
        Err(e) => return Err(format!("bad HTTP response: {e}")),
    };
    if response.code != Some(200) {
        return Ok(None);
    }
    let header = |k: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(k))
            .map(|h| String::from_utf8_lossy(h.value).into_owned())
    };
    let content_type = header("Content-Type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(content_type.contains("html") || content_type.is_empty()) {
        return Ok(None);
    }
    let charset = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_owned());
    let mut body = block[body_start..].to_vec();
    if header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body)?;
    }
    match header("Content-Encoding").map(|e| e.to_ascii_lowercase()) {
        Some(e) if e.contains("gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("bad gzip body: {e}"))?;
            body = out;
        }
        Some(e) if e.contains("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("bad deflate body: {e}"))?;
            body = out;
        }
        _ => {}
    }
    Ok(Some((body, charset)))
}

/// A chunked HTTP body, joined.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunked body")?;
        let size_text = std::str::from_utf8(&body[..eol]).map_err(|_| "bad chunk size")?;
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| "bad chunk size")?;
        body = &body[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if body.len() < size {
            return Err("chunked body cut short".into());
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2024-03-12T10:00:00Z\r\n\
             Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    const PAGE: &str = "<html lang=ar><head><title>افتتاح جسر المدينة الجديد</title></head>\
        <body><h1>افتتاح جسر المدينة الجديد</h1><div class=post><p>افتتحت البلدية صباح اليوم \
        الجسر الجديد الذي يربط ضفتي النهر، بعد عامين من الأعمال التي شارك فيها مئات العمال.</p>\
        <p>وقال رئيس البلدية إن الجسر سيخفف الزحام في وسط المدينة خلال ساعات الذروة.</p></div></body></html>";

    #[test]
    fn reads_responses_and_counts_the_rest() {
        let mut warc =
            b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n".to_vec();
        warc.extend(record(
            "request",
            "http://x.example/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        let chunked = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{PAGE}\r\n0\r\n\r\n",
            PAGE.len()
        );
        warc.extend(record(
            "response",
            "<http://x.example/a>",
            chunked.as_bytes(),
        ));
        warc.extend(record(
            "response",
            "http://x.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let mut got = Vec::new();
        let stats = read_warc("f.warc", &warc[..], &Options::default(), &mut |r| {
            got.push(r)
        });
        assert_eq!(
            stats,
            WarcStats {
                records: 4,
                skipped: 3
            }
        );
        let a = got.pop().unwrap().unwrap();
        assert_eq!(a.id, "http://x.example/a");
        assert_eq!(a.title, "افتتاح جسر المدينة الجديد");
        assert!(a.text.starts_with("افتتحت البلدية"), "{}", a.text);
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2024-03-12T10:00:00+00:00"
        );
    }

    #[test]
    fn a_broken_header_is_reported_once() {
        let mut got = Vec::new();
        read_warc(
            "f.warc",
            &b"GARBAGE\r\n\r\n"[..],
            &Options::default(),
            &mut |r| got.push(r.map(|a| a.id).map_err(|e| e.to_string())),
        );
        assert_eq!(got.len(), 1);
        assert!(got[0]
            .as_ref()
            .unwrap_err()
            .starts_with("f.warc#1: not a WARC record"));
    }
}
