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

/// Longest WARC header line read; most header lines a record may have.
const MAX_HEADER_LINE: usize = 64 << 10;
const MAX_HEADER_LINES: usize = 1_000;

/// Reads WARC records from `reader` (already decompressed) and hands each
/// article or per-record error to `sink`. A broken record header ends the
/// file there: without a length there is no finding the next record. A
/// `Content-Length` that does not end where the record does (past the end
/// of the file, into the next record, or short of the record's end) is
/// reported, and reading goes on from the next record.
pub fn read_warc(
    name: &str,
    reader: impl BufRead,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) -> WarcStats {
    let mut reader = Pushback {
        front: Vec::new(),
        at: 0,
        inner: reader,
    };
    let mut stats = WarcStats::default();
    let mut line = Vec::new();
    let mut resync = false;
    loop {
        let input = format!("{name}#{}", stats.records + 1);
        let headers = match read_record_headers(&mut reader, &mut line, resync) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(reason) => {
                sink(Err(IngestError::new(input, reason)));
                break;
            }
        };
        resync = false;
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
            match std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()) {
                Err(e) => {
                    sink(Err(IngestError::new(input, e)));
                    break;
                }
                Ok(n) if n < length => {
                    sink(Err(IngestError::new(input, cut_short(length, n))));
                    break;
                }
                Ok(_) => {}
            }
            if !at_record_end(&mut reader) {
                if is_response {
                    // Reported above already.
                } else {
                    sink(Err(IngestError::new(input, LENGTH_LIES)));
                }
                resync = true;
            }
            continue;
        }
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        if let Err(e) = (&mut reader).take(length).read_to_end(&mut block) {
            sink(Err(IngestError::new(input, e)));
            break;
        }
        let short = (block.len() as u64) < length;
        if short || !at_record_end(&mut reader) {
            // The length lies. A record header inside the block is where
            // the next record starts: it is read next, this one skipped.
            match find_record_start(&block) {
                Some(p) => {
                    sink(Err(IngestError::new(
                        input,
                        format!(
                            "Content-Length {length} runs past the record into the next one \
                             (at byte {p}), skipped"
                        ),
                    )));
                    reader.push_back(&block[p..]);
                }
                None if short => {
                    sink(Err(IngestError::new(
                        input,
                        cut_short(length, block.len() as u64),
                    )));
                    break;
                }
                None => {
                    sink(Err(IngestError::new(input, LENGTH_LIES)));
                    resync = true;
                }
            }
            continue;
        }
        let url = get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_owned());
        match http_html(&block, opts.max_file_bytes) {
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

const LENGTH_LIES: &str =
    "Content-Length does not end the record (no blank line after it), skipped to the next record";

fn cut_short(length: u64, got: u64) -> String {
    format!("record cut short: Content-Length {length}, but the file ends after {got} bytes")
}

/// After a record's block: the blank line that ends a record, or the end
/// of the file. Only looked at, not consumed.
fn at_record_end(reader: &mut impl BufRead) -> bool {
    match reader.fill_buf() {
        Ok(b) => b.is_empty() || b.starts_with(b"\r\n") || b.starts_with(b"\n"),
        Err(_) => false,
    }
}

/// Where a WARC record header starts inside `block` (after the blank line
/// that ends the record before it), if one does.
fn find_record_start(block: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(off) = block[from..].windows(5).position(|w| w == b"WARC/") {
        let at = from + off;
        let after_blank = block[..at].ends_with(b"\r\n\r\n") || block[..at].ends_with(b"\n\n");
        let version = &block[at..block.len().min(at + 9)];
        if after_blank
            && matches!(
                version,
                b"WARC/1.0\r" | b"WARC/1.1\r" | b"WARC/1.0\n" | b"WARC/1.1\n"
            )
        {
            return Some(at);
        }
        from = at + 5;
    }
    None
}

/// A reader with bytes put back in front of it.
struct Pushback<R> {
    front: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R> Pushback<R> {
    fn push_back(&mut self, bytes: &[u8]) {
        let mut front = bytes.to_vec();
        front.extend_from_slice(&self.front[self.at..]);
        self.front = front;
        self.at = 0;
    }
}

impl<R: BufRead> Read for Pushback<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at < self.front.len() {
            let n = out.len().min(self.front.len() - self.at);
            out[..n].copy_from_slice(&self.front[self.at..self.at + n]);
            self.at += n;
            return Ok(n);
        }
        self.inner.read(out)
    }
}

impl<R: BufRead> BufRead for Pushback<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at < self.front.len() {
            return Ok(&self.front[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.at < self.front.len() {
            self.at += n;
        } else {
            self.inner.consume(n);
        }
    }
}

/// A gzip stream (of any number of members) decompressed with a bound:
/// past 64 MiB, the output may be at most 100 times the input read so far.
/// Web archives compress 5 to 20 times; a file of zeros compresses 1,000
/// times and would otherwise be decompressed whole, gigabytes of it.
pub struct GzipBounded<R: BufRead> {
    inner: flate2::bufread::MultiGzDecoder<Counted<R>>,
    out: u64,
}

const GZIP_FREE: u64 = 64 << 20;
const GZIP_RATIO: u64 = 100;

impl<R: BufRead> GzipBounded<R> {
    pub fn new(reader: R) -> Self {
        GzipBounded {
            inner: flate2::bufread::MultiGzDecoder::new(Counted {
                inner: reader,
                n: 0,
            }),
            out: 0,
        }
    }
}

impl<R: BufRead> Read for GzipBounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        let read = self.inner.get_ref().n;
        if self.out > GZIP_FREE + GZIP_RATIO * read {
            return Err(std::io::Error::other(format!(
                "decompresses to over {GZIP_RATIO} times its size ({} bytes from {read}): \
                 a decompression bomb? Stopped",
                self.out
            )));
        }
        Ok(n)
    }
}

/// A reader that counts the bytes taken from it.
struct Counted<R> {
    inner: R,
    n: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.n += n as u64;
        self.inner.consume(n);
    }
}

/// One header line, at most [`MAX_HEADER_LINE`] bytes; `None` at the end.
fn header_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> Result<Option<String>, String> {
    match crate::read_line_capped(reader, line, MAX_HEADER_LINE) {
        Ok(None) => Ok(None),
        Ok(Some(true)) => Err(format!(
            "WARC header line longer than {MAX_HEADER_LINE} bytes: not a WARC file?"
        )),
        Ok(Some(false)) => Ok(Some(String::from_utf8_lossy(line).into_owned())),
        Err(e) => Err(e.to_string()),
    }
}

/// The header lines of the next record, or `None` at the end of the file.
/// With `resync`, lines before the next `WARC/` version line are passed over.
fn read_record_headers(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    resync: bool,
) -> Result<Option<Vec<(String, String)>>, String> {
    // Records are separated by blank lines; skip them.
    let version = loop {
        let Some(l) = header_line(reader, line)? else {
            return Ok(None);
        };
        let l = l.trim();
        if l.is_empty() || (resync && !l.starts_with("WARC/")) {
            continue;
        }
        break l.to_owned();
    };
    if !matches!(version.as_str(), "WARC/1.0" | "WARC/1.1" | "WARC/0.18") {
        let shown: String = version.chars().take(40).collect();
        return Err(format!("not a WARC record (starts {shown:?})"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        if headers.len() > MAX_HEADER_LINES {
            return Err(format!(
                "WARC record with over {MAX_HEADER_LINES} header lines"
            ));
        }
        let Some(l) = header_line(reader, line)? else {
            return Err("WARC file ends inside a record header".into());
        };
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return Ok(Some(headers));
        }
        if l.starts_with([' ', '\t']) {
            // A folded continuation line belongs to the previous header.
            if let Some(last) = headers.last_mut() {
                if last.1.len() < MAX_HEADER_LINE {
                    last.1.push(' ');
                    last.1.push_str(l.trim());
                }
            }
            continue;
        }
        let (k, v) = l.split_once(':').ok_or_else(|| {
            let shown: String = l.chars().take(40).collect();
            format!("bad WARC header line {shown:?}")
        })?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
}

/// An HTML body and the charset the HTTP headers named for it.
type HtmlBody = (Vec<u8>, Option<String>);

/// The HTML body of an HTTP response and the charset its headers name;
/// `None` for a response that is not a 200 with an HTML body.
fn http_html(block: &[u8], cap: u64) -> Result<Option<HtmlBody>, String> {
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
    // The cap holds for the page as decompressed, read no further.
    let inflate = |decoder: &mut dyn Read, kind: &str| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        decoder
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("bad {kind} body: {e}"))?;
        if out.len() as u64 > cap {
            return Err(format!(
                "{kind} body decompresses to over the cap of {cap} bytes, skipped"
            ));
        }
        Ok(out)
    };
    match header("Content-Encoding").map(|e| e.to_ascii_lowercase()) {
        Some(e) if e.contains("gzip") => {
            body = inflate(&mut flate2::read::MultiGzDecoder::new(&body[..]), "gzip")?;
        }
        Some(e) if e.contains("deflate") => {
            body = inflate(&mut flate2::read::ZlibDecoder::new(&body[..]), "deflate")?;
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

    fn run(warc: &[u8], opts: &Options) -> (Vec<String>, Vec<String>) {
        let (mut ok, mut err) = (Vec::new(), Vec::new());
        read_warc("f.warc", warc, opts, &mut |r| match r {
            Ok(a) => ok.push(a.id),
            Err(e) => err.push(e.to_string()),
        });
        (ok, err)
    }

    fn page_response(uri: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        record("response", uri, http.as_bytes())
    }

    #[test]
    fn a_length_past_the_record_is_reported_and_the_next_record_read() {
        let mut first = page_response("http://x.example/1");
        // Claim 500 bytes more than the block has: into the next record.
        let text = String::from_utf8(first.clone()).unwrap();
        let len: usize = text
            .split("Content-Length: ")
            .nth(1)
            .unwrap()
            .split('\r')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        first = text
            .replacen(
                &format!("Content-Length: {len}"),
                &format!("Content-Length: {}", len + 500),
                1,
            )
            .into_bytes();
        let mut warc = first;
        warc.extend(page_response("http://x.example/2"));
        let (ok, err) = run(&warc, &Options::default());
        assert_eq!(ok, ["http://x.example/2"]);
        assert_eq!(err.len(), 1);
        assert!(err[0].contains("runs past the record"), "{err:?}");
        // Past the end of the file.
        let mut cut = page_response("http://x.example/3");
        cut.truncate(cut.len() - 40);
        let (ok, err) = run(&cut, &Options::default());
        assert!(ok.is_empty());
        assert!(err[0].contains("cut short"), "{err:?}");
        // Short of the record's end: reported, the next record still read.
        let text = String::from_utf8(page_response("http://x.example/4")).unwrap();
        let mut warc = text
            .replacen("Content-Length: ", "Content-Length: 1", 0)
            .into_bytes();
        let len: usize = text
            .split("Content-Length: ")
            .nth(1)
            .unwrap()
            .split('\r')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        warc = String::from_utf8(warc)
            .unwrap()
            .replacen(
                &format!("Content-Length: {len}"),
                &format!("Content-Length: {}", len - 30),
                1,
            )
            .into_bytes();
        warc.extend(page_response("http://x.example/5"));
        let (ok, err) = run(&warc, &Options::default());
        assert_eq!(ok, ["http://x.example/5"]);
        assert_eq!(err.len(), 1, "{err:?}");
    }

    #[test]
    fn decompression_is_bounded() {
        use std::io::Write;
        // A gzip body that inflates past the cap.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 3 << 20]).unwrap();
        let body = gz.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend(body);
        let warc = record("response", "http://x.example/z", &http);
        let opts = Options {
            max_file_bytes: 1 << 20,
            ..Options::default()
        };
        let (ok, err) = run(&warc, &opts);
        assert!(ok.is_empty());
        assert!(err[0].contains("decompresses to over the cap"), "{err:?}");
        // A gzip file of zeros: stopped long before it is inflated whole.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..256 {
            gz.write_all(&[0u8; 1 << 20]).unwrap();
        }
        let bomb = gz.finish().unwrap();
        let mut reader = GzipBounded::new(&bomb[..]);
        let mut n = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        let error = loop {
            match reader.read(&mut buf) {
                Ok(0) => break None,
                Ok(k) => n += k as u64,
                Err(e) => break Some(e),
            }
        };
        assert!(error.unwrap().to_string().contains("bomb"));
        assert!(n < 100 << 20, "{n}");
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
