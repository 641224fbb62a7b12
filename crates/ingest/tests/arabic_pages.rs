//! The Arabic fixture pages (fictional outlets and events, written for these
//! tests) in the layouts of real Arabic news sites: each page's title, body,
//! date, author and site name (and, where given, canonical URL and language)
//! are checked against `fields-gold.json`.

use std::path::Path;

use marsad_ingest::{decode_html, extract_page};
use serde_json::Value;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arabic")
}

#[test]
fn every_fixture_page_reads_as_expected() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("fields-gold.json")).unwrap(),
    )
    .unwrap();
    let expected = expected.as_object().unwrap();
    let mut failures = Vec::new();
    for (file, want) in expected {
        let bytes = std::fs::read(fixtures().join(file)).unwrap();
        let tz: chrono_tz::Tz = want["tz"].as_str().unwrap_or("UTC").parse().unwrap();
        let page = extract_page(&decode_html(&bytes, None), tz);
        let mut check = |what: &str, got: String, ok: bool| {
            if !ok {
                failures.push(format!("{file}: {what}: got {got:?}"));
            }
        };
        let s = |k: &str| want[k].as_str().map(str::to_owned);
        check(
            "title",
            page.title.clone(),
            Some(page.title.clone()) == s("title"),
        );
        let date = page.published.map(|d| d.to_rfc3339());
        check("date", format!("{date:?}"), date == s("date"));
        check(
            "author",
            format!("{:?}", page.author),
            page.author == s("author"),
        );
        if want.get("site").is_some() {
            check(
                "site",
                format!("{:?}", page.site_name),
                page.site_name == s("site"),
            );
        }
        for (key, got) in [
            ("canonical", &page.canonical_url),
            ("language", &page.language),
        ] {
            if want.get(key).is_some() {
                check(key, format!("{got:?}"), *got == s(key));
            }
        }
        let text = &page.text;
        check(
            "body start",
            text.chars().take(60).collect(),
            text.starts_with(want["body_starts"].as_str().unwrap()),
        );
        check(
            "body end",
            text.chars()
                .rev()
                .take(60)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            text.ends_with(want["body_ends"].as_str().unwrap()),
        );
        for absent in want["not_in_body"].as_array().into_iter().flatten() {
            let absent = absent.as_str().unwrap();
            check(
                &format!("boilerplate {absent:?} in body"),
                String::new(),
                !text.contains(absent),
            );
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(expected.len() >= 12, "at least 12 fixture pages");
}
