//! The window invariant: a run that stops and reopens its store every few
//! articles decides exactly as one uninterrupted run, also once articles
//! have left the window (by the stream's clock and by arrival count).

use std::path::Path;

use chrono::{DateTime, Utc};
use marsad_cluster::Params;
use marsad_core::Article;
use marsad_engine::pipeline::Pipeline;

/// Invented words: names, places and subjects of fictional events.
const SYLLABLES: [&str; 16] = [
    "زا", "مو", "ري", "كا", "لي", "نو", "سا", "تي", "بو", "فا", "دي", "غو", "شا", "هي", "وا", "جو",
];
const FILLER: [&str; 24] = [
    "وقال",
    "المسؤول",
    "إن",
    "العمل",
    "مستمر",
    "في",
    "المنطقة",
    "منذ",
    "صباح",
    "اليوم",
    "وأضاف",
    "أن",
    "الفرق",
    "تتابع",
    "الوضع",
    "عن",
    "كثب",
    "بينما",
    "أكد",
    "السكان",
    "ضرورة",
    "الحذر",
    "خلال",
    "الأيام",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

/// A made-up word for event `e`, slot `k`.
fn word(e: usize, k: usize) -> String {
    let n = e * 7 + k * 3 + 1;
    format!(
        "{}{}{}",
        SYLLABLES[n % 16],
        SYLLABLES[(n / 16 + k) % 16],
        SYLLABLES[(n / 3 + e) % 16]
    )
}

/// A fictional stream: 30 events two days apart, five reports each from two
/// outlets (one signs every article with the same line), some undated, some
/// exact copies under other ids, some new versions.
fn stream() -> Vec<Article> {
    let mut rng = Rng(7);
    let t0 = 1_780_000_000i64;
    let mut out: Vec<Article> = Vec::new();
    for e in 0..30 {
        for r in 0..5 {
            let words: Vec<String> = (0..8).map(|k| word(e, k)).collect();
            let filler = |rng: &mut Rng, n: usize| -> String {
                (0..n)
                    .map(|_| FILLER[rng.next() % FILLER.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = format!("{} {} في {}", words[0], words[1], words[2]);
            let outlet = if r % 2 == 0 {
                "وكالة النخلة"
            } else {
                "صحيفة الواحة"
            };
            let mut text = format!(
                "{title}\n{} {} {} {}. {} {} {} {}.\n{} {} {}.\n",
                words[0],
                words[3],
                filler(&mut rng, 6),
                words[4],
                words[1],
                filler(&mut rng, 5),
                words[5],
                words[6],
                words[2],
                filler(&mut rng, 7),
                words[7],
            );
            if r % 2 == 0 {
                text.push_str("تابعونا عبر قناة الوكالة\n");
            }
            let published = (r != 3 || e % 3 != 0)
                .then(|| t0 + e as i64 * 2 * 86_400 + r as i64 * 3_600)
                .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0));
            let mut a = Article::new(format!("e{e}-r{r}"), "fictional", text);
            a.title = title;
            a.outlet = Some(outlet.into());
            a.published = published;
            out.push(a);
        }
        if e % 4 == 1 {
            // Another outlet takes an earlier report word for word.
            let mut copy = out[out.len() - 3].clone();
            copy.id = format!("copy-of-{}", copy.id);
            out.push(copy);
        }
        if e % 5 == 2 {
            // A corrected version of an earlier report.
            let mut v2 = out[out.len() - 2].clone();
            v2.text.push_str("تصحيح: عدلت الأرقام\n");
            out.push(v2);
        }
    }
    out
}

fn params() -> Params {
    let mut p = Params::default();
    p.set("keep_days=5").unwrap();
    p.set("keep_arrivals=40").unwrap();
    p
}

/// What was decided for each stored article, in arrival order.
fn decisions(db: &Path) -> Vec<(String, i64, u64, Option<String>, String, String)> {
    let store = marsad_store::Store::open(db).unwrap();
    let mut out = Vec::new();
    store
        .for_each_article(|s| {
            let story = store.resolve(s.story).unwrap().unwrap();
            out.push((
                s.article.id,
                s.version,
                story,
                s.copy_of,
                s.explanation,
                s.dropped,
            ))
        })
        .unwrap();
    out
}

#[test]
fn reopening_every_few_articles_decides_as_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let articles = stream();
    let parts = marsad_store::testing::test_stores(dir.path(), "parts.db");
    for (store, parts) in marsad_store::testing::test_stores(dir.path(), "whole.db")
        .into_iter()
        .zip(parts)
    {
        let whole = store.db.clone();
        let mut p = Pipeline::open(&whole, params()).unwrap();
        for a in &articles {
            p.ingest(a).unwrap();
        }
        p.flush().unwrap();
        assert!(
            p.clusterer.window_start() > articles.len() / 2,
            "articles left the window: {}",
            p.clusterer.window_start()
        );
        p.finish().unwrap();

        // Checkpoints every 10 articles, runs of 7 (a batch of 3 and one
        // of 4): a run opens from a checkpoint and replays what came after.
        let mut from_checkpoint = 0;
        for chunk in articles.chunks(7) {
            let mut p = Pipeline::open(&parts.db, params()).unwrap();
            p.checkpoint_every(10);
            from_checkpoint += usize::from(p.opened_from() > 0);
            for batch in chunk.chunks(3) {
                for a in batch {
                    p.ingest(a).unwrap();
                }
                p.flush().unwrap();
            }
            p.finish().unwrap();
        }
        assert!(
            from_checkpoint > 20,
            "{from_checkpoint} runs opened from a checkpoint"
        );
        let (a, b) = (decisions(&whole), decisions(&parts.db));
        assert_eq!(a.len(), articles.len());
        assert!(a.iter().any(|d| d.3.is_some()), "exact copies were found");
        let stories: std::collections::BTreeSet<u64> = a.iter().map(|d| d.2).collect();
        assert!(
            (25..=60).contains(&stories.len()),
            "reports of one event join: {} stories",
            stories.len()
        );
        assert!(
            a.iter().any(|d| d.5.contains("repeated")),
            "the signature line was dropped as repeated: {:?}",
            a.last()
        );
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{} ({})", x.0, store.backend);
        }
    }
}

/// A checkpoint the store refuses to hold fails its turn with the store's
/// own reason (not "the writer has stopped"), and nothing of the turn is
/// stored: the articles before it stay, the next run takes the rest.
#[test]
fn a_refused_checkpoint_says_why_and_stores_nothing_of_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("refused.db");
    let articles = stream();
    let mut p = Pipeline::open(&db, params()).unwrap();
    p.checkpoint_every(10);
    for a in &articles[..5] {
        p.ingest(a).unwrap();
    }
    p.flush().unwrap();
    drop(p);
    // A full disk, as SQLite would report one, for the states table only.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON states
             BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;",
        )
        .unwrap();
    let mut p = Pipeline::open(&db, params()).unwrap();
    p.checkpoint_every(10);
    for a in &articles[5..15] {
        p.ingest(a).unwrap();
    }
    let err = format!("{:#}", p.flush().unwrap_err());
    assert!(err.contains("disk is full (test)"), "{err}");
    drop(p);
    let stored: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 5);
}
