//! Turning a file's bytes into text: UTF-8 (with or without a BOM), UTF-16
//! with a BOM, and legacy Arabic encodings (windows-1256, ISO-8859-6)
//! detected when undeclared.
//!
//! Detection is chardetng's (the detector Firefox uses for unlabeled pages),
//! decoding is encoding_rs's: both maintained, both fast, and right about the
//! corner cases (BOMs, invalid sequences) that a hand-written decoder misses.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes, and the encoding it was read as.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes a whole file's bytes, or says why it is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors && encoding != UTF_8 {
            return Err(format!("invalid {} text", encoding.name()));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
        });
    }
    if looks_binary(bytes) {
        return Err("binary file, not text".into());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    // No top-level domain to hint with; allow UTF-8 so that mostly-UTF-8
    // text with a few broken bytes stays UTF-8.
    let encoding = detector.guess(None, true);
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors && encoding == UTF_8 {
        return Err("invalid UTF-8 and no other encoding fits".into());
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// Decodes an HTML page: by its byte-order mark, else the charset the HTTP
/// `Content-Type` header gave (`header`), else the one its `<meta>` tags
/// declare in the first 4 KiB, else as UTF-8 when it is valid UTF-8, else by
/// detection. Invalid sequences become U+FFFD: a page is never refused for a
/// few broken bytes.
pub fn decode_html(bytes: &[u8], header: Option<&str>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let declared = header
        .and_then(|h| Encoding::for_label(h.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(encoding) = declared {
        // A page that says UTF-16 in ASCII bytes is not UTF-16 (the HTML
        // standard reads it as UTF-8).
        let encoding = if encoding.is_single_byte() || encoding == UTF_8 {
            encoding
        } else if encoding.name().starts_with("UTF-16") {
            UTF_8
        } else {
            encoding
        };
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true).decode(bytes).0.into_owned()
}

/// The encoding a page's `<meta charset=…>` or `<meta http-equiv=
/// "Content-Type" content="…; charset=…">` names.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let at = from + i + b"charset".len();
        from = at;
        // Only inside a <meta …> tag.
        let tag_start = lower[..at].iter().rposition(|&b| b == b'<');
        let in_meta = tag_start.is_some_and(|s| lower[s..].starts_with(b"<meta"))
            && !lower[tag_start.unwrap_or(0)..at].contains(&b'>');
        if !in_meta {
            continue;
        }
        let rest = &lower[at..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or(rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/'))
            .unwrap_or(rest.len());
        if let Some(e) = Encoding::for_label(&rest[..end]) {
            return Some(e);
        }
    }
    None
}

fn find(hay: &[u8], pat: &[u8]) -> Option<usize> {
    hay.windows(pat.len()).position(|w| w == pat)
}

/// True for bytes that are not text in any encoding Marsad reads: NUL bytes
/// (outside UTF-16, which has a BOM here) or many control characters.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 20 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "سقطت ثلاثة صواريخ على المنطقة الخضراء مساء الاثنين، وقالت وزارة الداخلية إن الهجوم لم يسفر عن إصابات.";

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let d = decode(ARABIC.as_bytes()).unwrap();
        assert_eq!(d.text, ARABIC);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(ARABIC.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, ARABIC);
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(ARABIC.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().text, ARABIC);
        let mut be = vec![0xFE, 0xFF];
        be.extend(ARABIC.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, ARABIC);
    }

    #[test]
    fn detects_windows_1256_and_iso_8859_6() {
        for name in ["windows-1256", "ISO-8859-6"] {
            let enc = Encoding::for_label(name.as_bytes()).unwrap();
            let (bytes, _, unmappable) = enc.encode(ARABIC);
            assert!(!unmappable, "{name}");
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, ARABIC, "{name}");
            assert_eq!(d.encoding, name);
        }
    }

    #[test]
    fn html_charset_from_header_then_meta_then_detection() {
        let enc = Encoding::for_label(b"windows-1256").unwrap();
        let page = format!(
            "<html><head><meta charset=\"windows-1256\"></head><body><p>{ARABIC}</p></body></html>"
        );
        let (bytes, _, _) = enc.encode(&page);
        assert_eq!(decode_html(&bytes, None), page);
        let http_equiv = format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\"><p>{ARABIC}</p>");
        let (bytes, _, _) = Encoding::for_label(b"iso-8859-6")
            .unwrap()
            .encode(&http_equiv);
        assert_eq!(decode_html(&bytes, None), http_equiv);
        // The header wins over the page, and detection reads what is undeclared.
        let bare = format!("<p>{ARABIC}</p>");
        let (bytes, _, _) = enc.encode(&bare);
        assert_eq!(decode_html(&bytes, Some("windows-1256")), bare);
        assert_eq!(decode_html(&bytes, None), bare);
    }

    #[test]
    fn rejects_binary() {
        assert!(decode(b"\x7FELF\x02\x01\x01\x00\x00\x00").is_err());
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 256) as u8).collect();
        assert!(decode(&junk).is_err());
    }
}
