//! Pages (fictional, written for these tests) for each cause of lost or
//! kept text seen in HTML extraction: Chinese and Japanese paragraphs, which
//! have no spaces between words, an article inside `<aside>`, an article in
//! a template script, an article made of list items or of `div`/`span`
//! without `<p>`, and reader comments and teaser blocks after the article.
//! Each page's main text must hold every body paragraph and none of the
//! furniture.

use std::path::Path;

use marsad_ingest::{decode_html, extract_page};

struct Case {
    file: &'static str,
    /// The text starts with this (the headline and the button rows above
    /// the body are not kept).
    starts: &'static str,
    /// Each body paragraph (or a piece of it) is in the text.
    body: &'static [&'static str],
    /// None of these is.
    absent: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "zh-news.html",
        starts: "四月十八日上午",
        body: &["新馆位于县城东部", "馆长介绍说", "周末有了好去处。"],
        absent: &[
            "关闭窗口",
            "打印本页",
            "相关新闻",
            "青松县举办春季读书节",
            "版权所有",
        ],
    },
    Case {
        file: "ja-blog.html",
        starts: "架空の港町として",
        body: &["朝市は毎週日曜日", "写真展", "町の台所であり続けたい"],
        absent: &["閉じる", "こちらもおすすめ", "夏祭りの日程が決まる"],
    },
    Case {
        file: "de-aside-body.html",
        starts: "Seit Montag pendelt",
        body: &["Hybridantrieb", "zur Arbeit fahren", "Abendverbindungen"],
        absent: &["Meistgelesen", "Deichbau", "Newsletter", "Inselbote Verlag"],
    },
    Case {
        file: "en-template-body.html",
        starts: "An orchard in the fictional Larch Valley",
        body: &["start the fans", "end of the season"],
        absent: &["Archive", "January 2025", "Browse the archive"],
    },
    Case {
        file: "fr-list-body.html",
        starts: "Le marché couvert",
        body: &[
            "Douze nouveaux emplacements",
            "deux premières heures",
            "fin du mois d'août",
        ],
        absent: &["Mots-clés", "tous droits réservés", "Vie locale"],
    },
    Case {
        file: "ru-div-body.html",
        starts: "В вымышленном городе",
        body: &["бесплатные секции", "по будним дням"],
        absent: &["спорт, город", "Все права защищены", "Главная"],
    },
    Case {
        file: "de-comments.html",
        starts: "Die Stadtbibliothek im erfundenen Lindental",
        body: &["E-Books und Hörbücher", "Förderverein."],
        absent: &[
            "sagt:",
            "Antworten",
            "Endlich!",
            "Prüfungszeit",
            "Gedanken zu",
            "Das könnte Sie auch interessieren",
            "Neuer Spielplatz",
        ],
    },
    Case {
        file: "en-comments-wp.html",
        starts: "The tidal pool",
        body: &["wheelchair users", "end of April."],
        absent: &[
            "Join the conversation",
            "Great news",
            "new ramp",
            "Reply",
            "10:12",
        ],
    },
    Case {
        file: "es-span-body.html",
        starts: "Las obras de ampliación",
        body: &["ciento veinte metros", "campaña de la anchoa"],
        absent: &[],
    },
];

#[test]
fn each_cause_keeps_the_body_and_drops_the_furniture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/causes");
    let mut failures = Vec::new();
    for case in CASES {
        let bytes = std::fs::read(dir.join(case.file)).unwrap();
        let text = extract_page(&decode_html(&bytes, None), chrono_tz::UTC).text;
        if !text.starts_with(case.starts) {
            failures.push(format!("{}: starts {:?}", case.file, first_line(&text)));
        }
        for piece in case.body {
            if !text.contains(piece) {
                failures.push(format!("{}: body {piece:?} missing", case.file));
            }
        }
        for piece in case.absent {
            if text.contains(piece) {
                failures.push(format!("{}: furniture {piece:?} kept", case.file));
            }
        }
        if !failures.is_empty() && failures.last().is_some_and(|f| f.starts_with(case.file)) {
            failures.push(format!("{}: text was\n{text}\n", case.file));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
