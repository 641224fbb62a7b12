//! End-to-end tests of the `marsad` binary: each runs the built binary in a
//! temporary directory with its own store, on the fictional sample corpus
//! (`samples/`), the fictional fixtures (`tests/fixtures/`), or small
//! fictional articles written here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use marsad_store::testing::{test_stores, TestStore};
use serde_json::Value;
use tempfile::TempDir;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------- helpers

/// Runs `marsad ARGS` from the repository root.
fn marsad(args: &[&str]) -> Output {
    marsad_in(Path::new(REPO), args)
}

/// Runs `marsad ARGS` from `dir`, its screens in English (the tests of the
/// Arabic screens pass `--lang ar`).
fn marsad_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .env("MARSAD_LANG", "en")
        .current_dir(dir)
        .output()
        .expect("cannot run the marsad binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the command succeeded and returns its stdout.
#[track_caller]
fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "marsad failed ({}):\nstdout:\n{}\nstderr:\n{}",
        o.status,
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Asserts the command failed and returns its stderr.
#[track_caller]
fn fails(o: Output) -> String {
    assert!(
        !o.status.success(),
        "marsad should have failed:\nstdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    stderr(&o)
}

#[track_caller]
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// A temporary directory holding a store (and any input files a test writes).
struct Scratch {
    dir: TempDir,
    store: TestStore,
}

impl Scratch {
    /// A SQLite store in a fresh directory.
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = test_stores(dir.path(), "marsad.db").swap_remove(0);
        Scratch { dir, store }
    }

    /// One scratch per store backend to test (SQLite, and PostgreSQL when
    /// `MARSAD_TEST_PG` names a server), each saying which it is as it
    /// starts (shown when a test fails).
    fn each() -> impl Iterator<Item = Scratch> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut stores = test_stores(dir.path(), "marsad.db").into_iter();
        let first = stores.next().map(|store| Scratch { dir, store });
        let rest = stores.map(|store| Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
            store,
        });
        first.into_iter().chain(rest).inspect(|s| {
            eprintln!("-- on the {} store {}", s.store.backend, s.db());
        })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The store (a path or a URL), as a string for the command line.
    fn db(&self) -> String {
        self.store.arg()
    }

    /// Writes the fire and the drug shipment, two unrelated events, as
    /// JSON Lines published at the times given; returns the file's path.
    fn fire_and_drugs(&self, name: &str, fire: &str, drugs: &str) -> String {
        let record = |id: &str, title: &str, text: &str, published: &str| {
            line(&[
                ("id", id),
                ("title", title),
                ("text", text),
                ("published", published),
            ])
        };
        let lines = [
            record("fire", FIRE_TITLE, FIRE_TEXT, fire),
            record("drugs", DRUGS_TITLE, DRUGS_TEXT, drugs),
        ];
        self.write(name, &lines.join("\n"))
    }

    /// Writes a file under the scratch dir and returns its full path.
    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap();
        path.display().to_string()
    }

    /// `marsad stories --json` on this store.
    fn stories(&self) -> Value {
        json(&ok(marsad(&["stories", "--db", &self.db(), "--json"])))
    }

    /// `marsad story ID --json` on this store.
    fn story(&self, id: u64) -> Value {
        json(&ok(marsad(&[
            "story",
            &id.to_string(),
            "--db",
            &self.db(),
            "--json",
        ])))
    }
}

fn stories_of(v: &Value) -> &Vec<Value> {
    v["stories"].as_array().expect("a \"stories\" array")
}

fn articles_of(story: &Value) -> &Vec<Value> {
    story["articles"].as_array().expect("an \"articles\" array")
}

fn story_id(story: &Value) -> u64 {
    story["id"].as_u64().expect("a numeric story id")
}

/// Article id → story id, over a `stories` listing.
fn membership(v: &Value) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for s in stories_of(v) {
        for a in articles_of(s) {
            let id = a["id"].as_str().expect("article id").to_owned();
            assert!(
                m.insert(id.clone(), story_id(s)).is_none(),
                "{id} listed twice"
            );
        }
    }
    m
}

/// The article with this id in a story's JSON.
#[track_caller]
fn article<'a>(story: &'a Value, id: &str) -> &'a Value {
    articles_of(story)
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no article {id} in {story:#}"))
}

/// One JSON line for an article.
fn line(fields: &[(&str, &str)]) -> String {
    let map: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect();
    Value::Object(map).to_string()
}

/// `marsad run samples --json` from the repository root, on a fresh store.
fn run_samples(s: &Scratch) -> Value {
    json(&ok(marsad(&["run", "samples", "--db", &s.db(), "--json"])))
}

// Small fictional articles on three unrelated events.

const BRIDGE_TITLE: &str = "افتتاح جسر الواحة الجديد فوق نهر السلسبيل";
const BRIDGE_TEXT: &str = "افتتح وزير الأشغال العامة صباح اليوم الاثنين جسر الواحة الجديد فوق نهر السلسبيل \
    بطول 850 متراً، بعد ثلاث سنوات من الأعمال. وقال الوزير إن الجسر سيختصر زمن الرحلة بين ضفتي المدينة \
    إلى عشر دقائق، وإنه صمم ليتحمل مرور الشاحنات الثقيلة.";
const FAIR_TITLE: &str = "انطلاق معرض الزهراء الدولي للكتاب بمشاركة 300 دار نشر";
const FAIR_TEXT: &str = "انطلقت مساء الخميس فعاليات الدورة العاشرة من معرض الزهراء الدولي للكتاب بمشاركة \
    300 دار نشر من 24 بلداً. ويضم برنامج المعرض ندوات شعرية وورشاً لكتابة القصة للأطفال، ويستمر عشرة أيام.";
const TRAIN_TITLE: &str = "تدشين خط القطار السريع بين الزهراء ومرفأ الريحان";
const TRAIN_TEXT: &str = "دشنت هيئة السكك الحديدية خط القطار السريع بين الزهراء ومرفأ الريحان، لتنخفض مدة \
    الرحلة من خمس ساعات إلى ساعتين. وأعلنت الهيئة أن القطار سيسير ست رحلات يومياً في كل اتجاه ابتداءً من \
    الأسبوع المقبل.";

// Two unrelated events, and a second report of the latter.

const FIRE_TITLE: &str = "حريق يلتهم مستودعات مصنع النسيج في مرفأ الريحان";
const FIRE_TEXT: &str = "اندلع حريق كبير فجر اليوم الأربعاء في مستودعات مصنع النسيج الرئيسي بمدينة مرفأ الريحان، \
    وهرعت ست فرق من الدفاع المدني إلى الموقع. وتمكن رجال الإطفاء من إخماد النيران بعد أربع ساعات من العمل \
    المتواصل. وقال مدير الدفاع المدني العقيد نادر السمّاك إن الحريق لم يسفر عن إصابات بين العمال، مرجحاً أن \
    يكون تماس كهربائي وراء اندلاعه في مخزن الأقمشة القطنية.";
const DRUGS_TITLE: &str = "وصول شحنة أدوية السرطان إلى مستشفى الواحة الجامعي";
const DRUGS_TEXT: &str = "تسلم مستشفى الواحة الجامعي صباح اليوم شحنة من أدوية علاج الأورام تكفي ثمانية أشهر، \
    بعد انقطاع دام ثلاثة أسابيع أربك مواعيد جلسات العلاج الكيميائي. وقالت مديرة الصيدلية المركزية الدكتورة \
    سلمى القرنفلي إن الشحنة وزعت على أقسام الأطفال والبالغين، وإن المرضى الذين تأجلت جلساتهم سيتلقون مواعيد \
    جديدة خلال أيام.";
const DRUGS_2_TITLE: &str =
    "مستشفى الواحة الجامعي يستأنف جلسات العلاج الكيميائي بعد وصول شحنة الأدوية";
const DRUGS_2_TEXT: &str = "استأنف مستشفى الواحة الجامعي جلسات العلاج الكيميائي بعد وصول شحنة من أدوية الأورام \
    تكفي ثمانية أشهر، إثر انقطاع استمر ثلاثة أسابيع. وأكدت الدكتورة سلمى القرنفلي مديرة الصيدلية المركزية أن \
    المرضى الذين تأجلت جلساتهم سيتلقون مواعيد جديدة خلال أيام، وأن الشحنة وزعت على أقسام الأطفال والبالغين.";

// ------------------------------------------------------------- run samples

#[test]
fn run_samples_json_gives_five_stories_with_article_fields() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        let stories = stories_of(&v);
        assert_eq!(stories.len(), 5, "{v:#}");
        for story in stories {
            assert!(story["id"].is_u64(), "{story:#}");
            let headline = story["headline"].as_str().expect("headline");
            assert!(!headline.trim().is_empty(), "empty headline: {story:#}");
            let articles = articles_of(story);
            assert!(
                articles.len() >= 3,
                "story {} has {} articles",
                story["id"],
                articles.len()
            );
            for a in articles {
                for field in ["id", "source", "outlet"] {
                    let x = a[field]
                        .as_str()
                        .unwrap_or_else(|| panic!("{field} missing: {a:#}"));
                    assert!(!x.is_empty(), "{field} empty: {a:#}");
                }
                assert!(a["title"].is_string(), "title missing: {a:#}");
            }
        }
        let m = membership(&v);
        assert_eq!(m.len(), 17, "{m:?}");
        assert_ne!(
            m["samples/nakheel-1.txt"], m["samples/nakheel-4.txt"],
            "the two cabinet sessions must stay apart"
        );
    }
}

/// The grouping samples/README.md gives for the corpus.
#[test]
fn run_samples_groups_articles_as_the_samples_readme_says() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        let m = membership(&v);
        let by_path = |p: &str| {
            m.get(p)
                .copied()
                .unwrap_or_else(|| panic!("{p} not in a story: {m:?}"))
        };
        // feed.jsonl lines, by their ids.
        let feed: Vec<String> = fs::read_to_string(Path::new(REPO).join("samples/feed.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| json(l)["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(feed.len(), 4);
        let expected: [Vec<String>; 5] = [
            vec![
                "samples/nakheel-1.txt".into(),
                "samples/raseef-1.txt".into(),
                "samples/ufuq-1.txt".into(),
            ],
            vec![
                "samples/nakheel-4.txt".into(),
                "samples/fajr-1.txt".into(),
                feed[1].clone(),
            ],
            vec![
                "samples/nakheel-2.txt".into(),
                "samples/iqtisadi-1.txt".into(),
                "samples/daffa-1.txt".into(),
                feed[0].clone(),
            ],
            vec![
                "samples/nakheel-3.txt".into(),
                "samples/raseef-2.txt".into(),
                "samples/sawt-qartala-1.txt".into(),
                feed[2].clone(),
            ],
            vec![
                "samples/malaeb-1.txt".into(),
                "samples/daffa-2.txt".into(),
                feed[3].clone(),
            ],
        ];
        let mut seen = BTreeSet::new();
        for group in &expected {
            let ids: BTreeSet<u64> = group.iter().map(|p| by_path(p)).collect();
            assert_eq!(ids.len(), 1, "{group:?} split over stories {ids:?}");
            assert!(
                seen.insert(ids.into_iter().next().unwrap()),
                "{group:?} shares a story with another group"
            );
        }
    }
}

// ------------------------------------------------------------------ ingest

#[test]
fn reingesting_the_same_files_adds_nothing() {
    for s in Scratch::each() {
        let first = json(&ok(marsad(&[
            "ingest",
            "samples",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(first["added"], 17, "{first}");
        let before = ok(marsad(&["stories", "--db", &s.db(), "--json"]));

        let second = json(&ok(marsad(&[
            "ingest",
            "samples",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(second["added"], 0, "{second}");
        assert_eq!(second["unchanged"], 17, "{second}");
        assert_eq!(second["new_stories"], 0, "{second}");
        let after = ok(marsad(&["stories", "--db", &s.db(), "--json"]));
        assert_eq!(before, after, "stories changed on a no-op ingest");
    }
}

/// Input any backend must take: a NUL character (PostgreSQL text holds
/// none) and an id and URL far longer than an index entry may be.
#[test]
fn nul_characters_and_huge_ids_store_on_every_backend() {
    // Varied letters, so that no compression shrinks the id under a page.
    let long: String = (0..12_000u32)
        .map(|i| char::from(b'a' + ((i * 7919 + i / 26) % 26) as u8))
        .collect();
    for s in Scratch::each() {
        let lines = [
            serde_json::json!({"id": "nul\u{0}id", "title": "عنوان\u{0}", "text": "نص فيه\u{0} حرف فارغ عن مدينة الزهراء"}),
            serde_json::json!({"id": long, "url": format!("https://x.example/{long}"), "title": "خبر", "text": "نص آخر عن سوق الخضار في المدينة القديمة"}),
        ];
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let file = s.write("hostile.jsonl", &body);
        for (added, unchanged) in [(2, 0), (0, 2)] {
            let run = json(&ok(marsad(&["ingest", &file, "--db", &s.db(), "--json"])));
            assert_eq!(run["added"], added, "{run}");
            assert_eq!(run["unchanged"], unchanged, "{run}");
        }
        let a = json(&ok(marsad(&[
            "article",
            "nul id",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(a["title"], "عنوان ", "{a}");
    }
}

#[test]
fn later_ingest_joins_an_existing_story() {
    for s in Scratch::each() {
        let corpus = s.path().join("samples");
        fs::create_dir(&corpus).unwrap();
        for entry in fs::read_dir(Path::new(REPO).join("samples")).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "raseef-2.txt" {
                fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
            }
        }
        let later = s.path().join("later");
        fs::create_dir(&later).unwrap();
        fs::copy(
            Path::new(REPO).join("samples/raseef-2.txt"),
            later.join("raseef-2.txt"),
        )
        .unwrap();

        ok(marsad_in(s.path(), &["ingest", "samples", "--db", &s.db()]));
        let before = s.stories();
        assert_eq!(stories_of(&before).len(), 5, "{before:#}");

        let summary = ok(marsad_in(
            s.path(),
            &["ingest", "later/raseef-2.txt", "--db", &s.db()],
        ));
        assert!(summary.contains("1 added"), "{summary}");
        assert!(summary.trim_end().ends_with("; 0 new stories"), "{summary}");

        let after = s.stories();
        assert_eq!(stories_of(&after).len(), 5, "{after:#}");
        let m = membership(&after);
        assert_eq!(
            m["later/raseef-2.txt"], m["samples/nakheel-3.txt"],
            "the late flood report should join the flood story"
        );
        assert!(
            membership(&before)
                .iter()
                .all(|(id, story)| m[id] == *story),
            "earlier articles moved"
        );
    }
}

/// Every listing of article `id` across the stories of `all`.
fn listed_as<'a>(all: &'a Value, id: &str) -> Vec<&'a Value> {
    stories_of(all)
        .iter()
        .flat_map(articles_of)
        .filter(|a| a["id"] == id)
        .collect()
}

/// A stored id that comes twice in one later input (two edits of one
/// article in one file) is stored as two new versions, in order.
#[test]
fn one_stored_id_twice_in_one_batch_gives_two_new_versions() {
    for s in Scratch::each() {
        let v1 = s.write(
            "v1.jsonl",
            &line(&[("id", "x1"), ("title", BRIDGE_TITLE), ("text", BRIDGE_TEXT)]),
        );
        let edits = s.write(
            "edits.jsonl",
            &[
                line(&[
                    ("id", "x1"),
                    ("title", BRIDGE_TITLE),
                    (
                        "text",
                        &format!("{BRIDGE_TEXT} وحضر الافتتاح حشد من السكان."),
                    ),
                ]),
                line(&[
                    ("id", "x1"),
                    ("title", BRIDGE_TITLE),
                    (
                        "text",
                        &format!("{BRIDGE_TEXT} وحضر الافتتاح حشد كبير من السكان."),
                    ),
                ]),
            ]
            .join("\n"),
        );
        ok(marsad(&["ingest", &v1, "--db", &s.db()]));
        let second = json(&ok(marsad(&["ingest", &edits, "--db", &s.db(), "--json"])));
        assert_eq!(second["added"], 2, "{second}");
        let all = s.stories();
        let listed = listed_as(&all, "x1");
        assert_eq!(listed.len(), 1, "x1 listed more than once: {all:#}");
    }
}

#[test]
fn new_version_of_an_article_replaces_the_old_one() {
    for s in Scratch::each() {
        let old_title = "تأجيل افتتاح جسر الواحة إلى الأسبوع المقبل";
        let v1 = s.write(
            "v1.jsonl",
            &[
                line(&[("id", "x1"), ("title", old_title), ("text", BRIDGE_TEXT)]),
                line(&[("id", "x2"), ("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
            ]
            .join("\n"),
        );
        let v2 = s.write(
            "v2.jsonl",
            &line(&[
                ("id", "x1"),
                ("title", BRIDGE_TITLE),
                (
                    "text",
                    &format!("{BRIDGE_TEXT} وحضر الافتتاح حشد من السكان."),
                ),
            ]),
        );
        ok(marsad(&["ingest", &v1, "--db", &s.db()]));
        let second = json(&ok(marsad(&["ingest", &v2, "--db", &s.db(), "--json"])));
        assert_eq!(
            second["added"], 1,
            "a changed text is a new version: {second}"
        );

        let all = s.stories();
        let listed = listed_as(&all, "x1");
        assert_eq!(listed.len(), 1, "x1 listed more than once: {all:#}");
        assert_eq!(listed[0]["title"], BRIDGE_TITLE);

        let story = membership(&all)["x1"];
        let view = s.story(story);
        assert_eq!(article(&view, "x1")["title"], BRIDGE_TITLE);
        let text = ok(marsad(&["story", &story.to_string(), "--db", &s.db()]));
        assert!(text.contains(BRIDGE_TITLE), "{text}");
        assert!(
            !text.contains(old_title),
            "the old version is still shown:\n{text}"
        );
    }
}

#[test]
fn exact_copy_under_another_id_joins_the_original_story() {
    for s in Scratch::each() {
        let first = s.write(
            "first.jsonl",
            &[
                line(&[
                    ("id", "orig-1"),
                    ("outlet", "وكالة السنبلة"),
                    ("title", TRAIN_TITLE),
                    ("text", TRAIN_TEXT),
                ]),
                line(&[("id", "fair-1"), ("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
            ]
            .join("\n"),
        );
        let copies = s.write(
            "copies.jsonl",
            &line(&[
                ("id", "copy-9"),
                ("outlet", "صحيفة المرفأ"),
                ("title", TRAIN_TITLE),
                ("text", TRAIN_TEXT),
            ]),
        );
        ok(marsad(&["ingest", &first, "--db", &s.db()]));
        ok(marsad(&["ingest", &copies, "--db", &s.db()]));

        // Shown once, with where else it is.
        let m = membership(&s.stories());
        assert!(!m.contains_key("copy-9"), "{m:?}");
        let view = s.story(m["orig-1"]);
        assert!(article(&view, "orig-1")["copy_of"].is_null());
        assert_eq!(article(&view, "orig-1")["also_at"][0]["id"], "copy-9");
        let copy = json(&ok(marsad(&[
            "article",
            "copy-9",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(copy["copy_of"], "orig-1");
        assert_eq!(copy["story"], m["orig-1"]);
    }
}

#[test]
fn ingest_dir_skips_and_counts_unknown_extensions() {
    for s in Scratch::each() {
        s.write(
            "in/bridge.txt",
            &format!("{BRIDGE_TITLE}\n\n{BRIDGE_TEXT}\n"),
        );
        s.write(
            "in/feed.jsonl",
            &[
                line(&[("id", "fair-1"), ("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
                line(&[
                    ("id", "train-1"),
                    ("title", TRAIN_TITLE),
                    ("text", TRAIN_TEXT),
                ]),
            ]
            .join("\n"),
        );
        s.write("in/notes.md", &format!("# {FAIR_TITLE}\n\n{FAIR_TEXT}\n"));
        s.write("in/table.csv", "id,title\n1,جسر\n");
        s.write("in/sub/photo.png", "not really a picture");
        let out = ok(marsad(&[
            "ingest",
            &s.path().join("in").display().to_string(),
            "--db",
            &s.db(),
        ]));
        assert!(out.contains("3 added"), "{out}");
        assert!(out.contains("3 files skipped"), "{out}");
        assert_eq!(membership(&s.stories()).len(), 3);
    }
}

#[test]
fn ingest_dir_does_not_ingest_readme_files() {
    for s in Scratch::each() {
        let bridge = s.write(
            "in/bridge.txt",
            &format!("{BRIDGE_TITLE}\n\n{BRIDGE_TEXT}\n"),
        );
        let readme_txt = s.write("in/README.txt", &format!("{TRAIN_TITLE}\n\n{TRAIN_TEXT}\n"));
        let readme_md = s.write("in/README.md", &format!("{FAIR_TITLE}\n\n{FAIR_TEXT}\n"));
        let out = json(&ok(marsad(&[
            "ingest",
            &s.path().join("in").display().to_string(),
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(out["added"], 1, "{out}");
        let m = membership(&s.stories());
        assert!(m.contains_key(&bridge), "{m:?}");
        assert!(
            !m.contains_key(&readme_txt) && !m.contains_key(&readme_md),
            "{m:?}"
        );
    }
}

#[test]
fn ingesting_file_by_file_gives_the_same_stories_as_one_run() {
    let whole = Scratch::new();
    ok(marsad(&["ingest", "samples", "--db", &whole.db()]));

    // The same files in the same (path) order, one process each, on each
    // backend: every run reopens the store and replays it into the
    // clusterer, and a PostgreSQL store ends as the SQLite one.
    for parts in Scratch::each() {
        let mut files: Vec<String> = fs::read_dir(Path::new(REPO).join("samples"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("README"))
            .collect();
        files.sort();
        for f in &files {
            ok(marsad(&[
                "ingest",
                &format!("samples/{f}"),
                "--db",
                &parts.db(),
            ]));
        }

        let listing = whole.stories();
        assert_eq!(listing, parts.stories());
        for story in stories_of(&listing) {
            let id = story_id(story).to_string();
            let explain = |s: &Scratch| {
                ok(marsad(&[
                    "story",
                    &id,
                    "--db",
                    &s.db(),
                    "--json",
                    "--explain",
                ]))
            };
            assert_eq!(
                explain(&whole),
                explain(&parts),
                "story {id} explained differently"
            );
        }
    }
}

#[test]
fn merged_story_id_answers_as_the_surviving_story() {
    for s in Scratch::each() {
        let first = s.fire_and_drugs("first.jsonl", "2026-05-06 06:00:00", "2026-05-06 07:00:00");
        // Merges are judged story against story (`merge_fit`): a round-up
        // of two unrelated events no longer joins them up by itself. This
        // test is about what a merge leaves behind (the older id, the
        // redirect), so it turns that check off, in every process.
        let fit = ["--param", "merge_fit=0"];
        ok(marsad(
            &[&["ingest", &first, "--db", &s.db()][..], &fit].concat(),
        ));
        let before = membership(&s.stories());
        let (fire, drugs) = (before["fire"], before["drugs"]);
        assert_ne!(fire, drugs, "two unrelated events should open two stories");
        let (older, newer) = (fire.min(drugs), fire.max(drugs));

        // A round-up telling both events in their own words joins them up.
        let roundup = s.write(
            "roundup.jsonl",
            &line(&[
                ("id", "roundup"),
                (
                    "title",
                    "حريق مستودعات النسيج في مرفأ الريحان ووصول شحنة الأدوية إلى مستشفى الواحة",
                ),
                ("text", &format!("{FIRE_TEXT} {DRUGS_TEXT}")),
                ("published", "2026-05-06 08:00:00"),
            ]),
        );
        let summary = json(&ok(marsad(
            &[&["ingest", &roundup, "--db", &s.db(), "--json"][..], &fit].concat(),
        )));
        assert_eq!(summary["new_stories"], 0, "{summary}");
        let after = s.stories();
        assert_eq!(
            stories_of(&after).len(),
            1,
            "the stories should have merged: {after:#}"
        );
        assert_eq!(
            story_id(&stories_of(&after)[0]),
            older,
            "the older id survives"
        );

        let view = s.story(newer);
        assert_eq!(view["id"], older);
        assert_eq!(view["redirected_from"], newer);
        let text = ok(marsad(&[
            "story",
            &newer.to_string(),
            "--db",
            &s.db(),
            "--explain",
        ]));
        assert!(
            text.contains(&format!("story {newer} was merged into story {older}")),
            "{text}"
        );
        assert!(text.contains(&format!("merged stories {newer}")), "{text}");

        // Later articles on either event, in a new process, go to the survivor.
        let later = s.write(
            "later.jsonl",
            &line(&[
                ("id", "drugs-2"),
                ("title", DRUGS_2_TITLE),
                ("text", DRUGS_2_TEXT),
                ("published", "2026-05-06 10:00:00"),
            ]),
        );
        ok(marsad(
            &[&["ingest", &later, "--db", &s.db()][..], &fit].concat(),
        ));
        let m = membership(&s.stories());
        assert_eq!(m["drugs-2"], older, "{m:?}");
    }
}

#[test]
fn article_ids_fall_back_to_url_then_path_and_position() {
    for s in Scratch::each() {
        let lines = s.write(
            "feed.jsonl",
            &[
                line(&[
                    ("id", "given-id"),
                    ("url", "https://zahra.example/1"),
                    ("title", BRIDGE_TITLE),
                    ("text", BRIDGE_TEXT),
                ]),
                String::new(),
                line(&[
                    ("url", "https://zahra.example/2"),
                    ("title", FAIR_TITLE),
                    ("text", FAIR_TEXT),
                ]),
                line(&[("title", TRAIN_TITLE), ("text", TRAIN_TEXT)]),
            ]
            .join("\n"),
        );
        let array = s.write(
            "batch.json",
            &Value::Array(vec![
                json(&line(&[("title", FIRE_TITLE), ("text", FIRE_TEXT)])),
                json(&line(&[("title", DRUGS_TITLE), ("text", DRUGS_TEXT)])),
            ])
            .to_string(),
        );
        ok(marsad(&["ingest", &lines, &array, "--db", &s.db()]));
        let m = membership(&s.stories());
        let ids: BTreeSet<&str> = m.keys().map(String::as_str).collect();
        let by_line = format!("{lines}#4");
        for id in ["given-id", "https://zahra.example/2", by_line.as_str()] {
            assert!(ids.contains(id), "no article {id}: {ids:?}");
        }
        let from_array: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| i.starts_with(&format!("{array}#")))
            .collect();
        assert_eq!(from_array.len(), 2, "{ids:?}");
        assert_eq!(ids.len(), 5, "{ids:?}");
    }
}

// --------------------------------------------------------------- bad input

#[test]
fn broken_jsonl_line_is_reported_and_the_rest_stored() {
    for s in Scratch::each() {
        let file = s.write(
            "mixed.jsonl",
            &[
                line(&[
                    ("id", "good-1"),
                    ("title", BRIDGE_TITLE),
                    ("text", BRIDGE_TEXT),
                ]),
                r#"{"id": "bad-2", "title": "عنوان مقطوع", "text": "#.to_owned(),
                line(&[("id", "good-3"), ("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
            ]
            .join("\n"),
        );
        let o = marsad(&["ingest", &file, "--db", &s.db()]);
        let err = stderr(&o);
        let out = ok(o);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line per failed input:\n{err}");
        assert!(
            lines[0].contains(&format!("{file}#2")),
            "the line should name {file}#2: {err}"
        );
        assert!(out.contains("2 added") && out.contains("1 failed"), "{out}");
        let m = membership(&s.stories());
        assert!(
            m.contains_key("good-1") && m.contains_key("good-3"),
            "{m:?}"
        );
        assert!(!m.contains_key("bad-2"));
    }
}

#[test]
fn oversized_json_array_element_is_reported_and_the_rest_stored() {
    for s in Scratch::each() {
        let huge = "كلمة ".repeat(400);
        let file = s.write(
            "array.json",
            &format!(
                "[{}, {}, {}]",
                line(&[
                    ("id", "good-1"),
                    ("title", BRIDGE_TITLE),
                    ("text", BRIDGE_TEXT)
                ]),
                line(&[("id", "huge-2"), ("title", "ضخم"), ("text", &huge)]),
                line(&[("id", "good-3"), ("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
            ),
        );
        let o = marsad(&["ingest", &file, "--db", &s.db(), "--max-line-bytes", "2000"]);
        let err = stderr(&o);
        let out = ok(o);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line for the oversized element:\n{err}");
        assert!(
            lines[0].contains(&format!("{file}#1")) && lines[0].contains("longer than the cap"),
            "{err}"
        );
        assert!(out.contains("2 added") && out.contains("1 failed"), "{out}");
    }
}

#[test]
fn missing_path_is_reported_and_the_others_go_on() {
    for s in Scratch::each() {
        let missing = s.path().join("no-such-feed.jsonl").display().to_string();
        let good = s.write(
            "good.jsonl",
            &line(&[
                ("id", "train-1"),
                ("title", TRAIN_TITLE),
                ("text", TRAIN_TEXT),
            ]),
        );
        let o = marsad(&["ingest", &missing, &good, "--db", &s.db()]);
        let err = stderr(&o);
        ok(o);
        assert!(
            err.contains(&missing),
            "the missing path should be named: {err}"
        );
        assert!(membership(&s.stories()).contains_key("train-1"));
    }
}

#[test]
fn nothing_ingestible_exits_nonzero_with_a_one_line_reason() {
    let s = Scratch::new();
    let missing = s.path().join("nowhere").display().to_string();
    let broken = s.write("broken.jsonl", "{\"id\": \n[1, 2\n");
    let db = s.db();
    for mut args in [
        vec!["ingest", missing.as_str()],
        vec!["run", broken.as_str()],
    ] {
        args.extend(["--db", &db]);
        let err = fails(marsad(&args));
        let reasons: Vec<&str> = err.lines().filter(|l| l.starts_with("marsad:")).collect();
        assert_eq!(reasons.len(), 1, "one reason line expected:\n{err}");
        assert!(reasons[0].len() > "marsad: ".len(), "{err}");
        assert_eq!(
            err.lines().last(),
            Some(reasons[0]),
            "the reason comes last:\n{err}"
        );
    }
}

// ---------------------------------------------------- fields and time zone

#[test]
fn field_mapping_and_time_zone_are_applied() {
    let s = Scratch::new();
    let url = "https://sunbula-news.example/2026/03/05/781";
    let file = s.write(
        "scraped.jsonl",
        &line(&[
            ("url", url),
            ("source", "وكالة السنبلة"),
            ("title", TRAIN_TITLE),
            ("content", TRAIN_TEXT),
            ("date_extracted", "2026-03-05 18:10:00"),
        ]),
    );
    let read = |db: &str, tz: &str| {
        ok(marsad(&[
            "ingest",
            &file,
            "--db",
            db,
            "--field",
            "content=text",
            "--field",
            "date_extracted=published",
            "--field",
            "source=outlet",
            "--tz",
            tz,
        ]))
    };
    read(&s.db(), "Asia/Riyadh");
    let story = membership(&s.stories())[url];
    let view = s.story(story);
    let a = article(&view, url);
    assert_eq!(a["outlet"], "وكالة السنبلة", "{a:#}");
    assert_eq!(a["source"], url, "{a:#}");
    assert_eq!(
        a["published"], "2026-03-05T15:10:00+00:00",
        "18:10 in Riyadh is 15:10 UTC: {a:#}"
    );

    // The same naive time read as UTC is three hours later.
    let utc = Scratch::new();
    read(&utc.db(), "UTC");
    let view = utc.story(membership(&utc.stories())[url]);
    assert_eq!(
        article(&view, url)["published"],
        "2026-03-05T18:10:00+00:00"
    );
}

/// A naive time that falls in a daylight-saving gap (02:30 on the night
/// Berlin moves to summer time) is still a time: the article should be stored.
#[test]
fn naive_time_in_a_dst_gap_is_still_read() {
    for s in Scratch::each() {
        let file = s.write(
            "gap.jsonl",
            &line(&[
                ("id", "gap-1"),
                ("title", TRAIN_TITLE),
                ("text", TRAIN_TEXT),
                ("published", "2026-03-29 02:30:00"),
            ]),
        );
        let o = marsad(&["ingest", &file, "--db", &s.db(), "--tz", "Europe/Berlin"]);
        let err = stderr(&o);
        let out = ok(o);
        assert!(out.contains("1 added"), "{out}\n{err}");
        let view = s.story(membership(&s.stories())["gap-1"]);
        assert!(article(&view, "gap-1")["published"].is_string(), "{view:#}");
    }
}

#[test]
fn unknown_time_zone_fails_clearly() {
    let s = Scratch::new();
    let file = s.write(
        "a.jsonl",
        &line(&[("id", "t1"), ("title", TRAIN_TITLE), ("text", TRAIN_TEXT)]),
    );
    let err = fails(marsad(&[
        "ingest",
        &file,
        "--db",
        &s.db(),
        "--tz",
        "Mars/Olympus",
    ]));
    assert!(err.contains("Mars/Olympus"), "{err}");
}

#[test]
fn plain_text_outlet_from_dateline_and_title_after_breadcrumbs() {
    for s in Scratch::each() {
        let text = format!(
            "الرئيسية / أخبار محلية / مدن\n\n{BRIDGE_TITLE}\n\nالاثنين 02 آذار 2026 - 09:30\n\n\
         الزهراء (شبكة القمر)- {BRIDGE_TEXT}\n\nاقرأ أيضاً: أسعار الخضار اليوم\n"
        );
        s.write("qamar-7.txt", &text);
        ok(marsad_in(
            s.path(),
            &["ingest", "qamar-7.txt", "--db", &s.db()],
        ));
        let all = s.stories();
        let view = s.story(membership(&all)["qamar-7.txt"]);
        let a = article(&view, "qamar-7.txt");
        assert_eq!(a["outlet"], "شبكة القمر", "{a:#}");
        assert_eq!(a["title"], BRIDGE_TITLE, "{a:#}");
        assert_eq!(a["source"], "qamar-7.txt", "{a:#}");
        assert_eq!(a["published"], "2026-03-02T09:30:00+00:00", "{a:#}");
    }
}

/// samples/iqtisadi-1.txt opens with the section breadcrumb "أسواق / بنوك"
/// (one separator) before its real title line.
#[test]
fn plain_text_short_section_breadcrumb_is_not_the_title() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        let a = stories_of(&v)
            .iter()
            .flat_map(articles_of)
            .find(|a| a["id"] == "samples/iqtisadi-1.txt")
            .expect("samples/iqtisadi-1.txt in a story");
        assert_eq!(
        a["title"],
        "المركزي يرفع الفائدة للمرة الثالثة على التوالي.. ومحللون: الاقتراض سيصبح أصعب على الشركات الصغيرة",
        "{a:#}"
    );
    }
}

// ----------------------------------------------------------------- explain

#[test]
fn story_explain_prints_a_why_line_per_article() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        for story in stories_of(&v) {
            let id = story_id(story).to_string();
            let text = ok(marsad(&["story", &id, "--db", &s.db(), "--explain"]));
            let whys = text
                .lines()
                .filter(|l| l.trim_start().starts_with("why:"))
                .count();
            assert_eq!(whys, articles_of(story).len(), "story {id}:\n{text}");
        }
    }
}

#[test]
fn story_json_explain_has_an_explanation_object_per_article() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        for story in stories_of(&v) {
            let id = story_id(story).to_string();
            let view = json(&ok(marsad(&[
                "story",
                &id,
                "--db",
                &s.db(),
                "--json",
                "--explain",
            ])));
            assert_eq!(view["id"], story["id"]);
            let articles = articles_of(&view);
            assert_eq!(articles.len(), articles_of(story).len());
            for a in articles {
                assert!(a["explanation"].is_object(), "no explanation object: {a:#}");
            }
            // Without --explain there is none.
            let plain = s.story(story_id(story));
            assert!(articles_of(&plain)
                .iter()
                .all(|a| a.get("explanation").is_none()));
        }
    }
}

#[test]
fn explain_article_names_its_story() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        let story = membership(&v)["samples/raseef-2.txt"];
        let text = ok(marsad(&[
            "explain",
            "samples/raseef-2.txt",
            "--db",
            &s.db(),
        ]));
        assert!(text.contains(&format!("in story {story}")), "{text}");
        let j = json(&ok(marsad(&[
            "explain",
            "samples/raseef-2.txt",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(j["article"], "samples/raseef-2.txt");
        assert_eq!(j["story"], story);
    }
}

#[test]
fn explain_says_when_an_article_has_left_the_matching_window() {
    for s in Scratch::each() {
        let file = s.fire_and_drugs("month.jsonl", "2026-05-06 06:00:00", "2026-06-06 07:00:00");
        ok(marsad(&["ingest", &file, "--db", &s.db()]));
        let old = ok(marsad(&["explain", "fire", "--db", &s.db()]));
        assert!(old.contains("left the matching window"), "{old}");
        let j = json(&ok(marsad(&["explain", "fire", "--db", &s.db(), "--json"])));
        assert_eq!(j["left_window"], true);
        let j = json(&ok(marsad(&[
            "explain",
            "drugs",
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(j["left_window"], false);
    }
}

#[test]
fn explain_names_the_actors_that_tell_twin_statements_apart() {
    // One remark condemned by two bodies, in the same hours and words.
    let statement = |id: &str, body: &str, own: &str, published: &str| {
        line(&[
            ("id", id),
            ("title", &format!("{body} تستنكر تصريحات وزير الموانئ")),
            (
                "text",
                &format!(
                    "استنكرت {body} تصريحات وزير الموانئ في جمهورية السهول ضد جزر المرجان، \
                     ووصفتها بأنها إساءة مرفوضة. {own} وأكدت {body} في بيانها أن علاقات \
                     البلدين أكبر من تصريحات عابرة لوزير الموانئ."
                ),
            ),
            ("published", published),
        ])
    };
    for s in Scratch::each() {
        let lines = [
            statement(
                "fishers",
                "نقابة الصيادين",
                "وقال رئيس النقابة إن القوارب ستخرج إلى البحر كل فجر.",
                "2026-03-01 10:00:00",
            ),
            statement(
                "traders",
                "غرفة التجارة",
                "وأوضح رئيس الغرفة أن الأسواق لن تتأثر بما قيل.",
                "2026-03-01 11:00:00",
            ),
        ];
        let file = s.write("twins.jsonl", &lines.join("\n"));
        ok(marsad(&["ingest", &file, "--db", &s.db()]));
        let j = json(&ok(marsad(&[
            "explain",
            "traders",
            "--db",
            &s.db(),
            "--json",
        ])));
        let fishers = json(&ok(marsad(&[
            "explain",
            "fishers",
            "--db",
            &s.db(),
            "--json",
        ])))["story"]
            .clone();
        assert_ne!(j["story"], fishers);
        let text = ok(marsad(&["explain", "traders", "--db", &s.db()]));
        assert!(text.contains("actors: غرفة التجارة ≠"), "{text}");
        // Asked about one story, it says why not that one, and only that one.
        let asked = fishers.to_string();
        let j = json(&ok(marsad(&[
            "explain",
            "traders",
            "--db",
            &s.db(),
            "--json",
            "--story",
            &asked,
        ])));
        let near = j["nearest_other_stories"].as_array().unwrap();
        assert_eq!(near.len(), 1, "{j:#}");
        assert_eq!(near[0]["story"], fishers);
        assert!(near[0]["conflicting_actors"].is_array(), "{j:#}");
    }
}

#[test]
fn explain_unknown_article_fails_clearly() {
    for s in Scratch::each() {
        run_samples(&s);
        let err = fails(marsad(&[
            "explain",
            "samples/no-such-article.txt",
            "--db",
            &s.db(),
        ]));
        assert!(err.contains("samples/no-such-article.txt"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

// -------------------------------------------------------------- story ids

#[test]
fn story_ids_from_the_listing_answer() {
    for s in Scratch::each() {
        run_samples(&s);
        let all = s.stories();
        for story in stories_of(&all) {
            let view = s.story(story_id(story));
            assert_eq!(view["id"], story["id"]);
            assert_eq!(view["headline"], story["headline"]);
            let ids = |v: &Value| {
                articles_of(v)
                    .iter()
                    .map(|a| a["id"].clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(&view), ids(story));
            assert!(view.get("redirected_from").is_none());
        }
    }
}

#[test]
fn unknown_story_id_fails_clearly() {
    for s in Scratch::each() {
        run_samples(&s);
        let err = fails(marsad(&["story", "9999", "--db", &s.db()]));
        assert!(err.contains("9999"), "{err}");
        assert!(err.contains("no story"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn commands_on_a_missing_store_fail_clearly() {
    let s = Scratch::new();
    let db = s.db();
    for mut args in [vec!["stories"], vec!["story", "1"], vec!["explain", "x"]] {
        args.extend(["--db", &db]);
        let err = fails(marsad(&args));
        assert!(err.contains("no store"), "{args:?}: {err}");
    }
    assert!(
        !Path::new(&s.db()).exists(),
        "a read-only command created the store"
    );
}

// -------------------------------------------------------------------- eval

const CLUSTER_FIGURES: [&str; 8] = [
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "stories",
    "articles",
];

/// Parses `name value` lines.
#[track_caller]
fn figures(out: &str) -> Vec<(String, f64)> {
    out.lines()
        .map(|l| {
            let (name, value) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("not `name value`: {l:?}"));
            let value: f64 = value
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {l:?}"));
            (name.to_owned(), value)
        })
        .collect()
}

/// A deterministic permutation of `items` (Fisher–Yates over a small LCG).
fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut v = items.to_vec();
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in (1..v.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

#[test]
fn eval_clusters_prints_its_figures() {
    let out = ok(marsad(&[
        "eval",
        "clusters",
        "tests/fixtures/labeled.jsonl",
    ]));
    let f = figures(&out);
    let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, CLUSTER_FIGURES, "{out}");
    for (name, value) in &f[..6] {
        assert!((0.0..=1.0).contains(value), "{name} {value}");
    }
    let lines = fs::read_to_string(Path::new(REPO).join("tests/fixtures/labeled.jsonl")).unwrap();
    let n = lines.lines().filter(|l| !l.trim().is_empty()).count() as f64;
    assert_eq!(f[7].1, n, "{out}");
    assert!(f[6].1 >= 1.0 && f[6].1 <= n, "{out}");
}

#[test]
fn eval_clusters_does_not_depend_on_line_order() {
    let original = ok(marsad(&[
        "eval",
        "clusters",
        "tests/fixtures/labeled.jsonl",
    ]));
    let text = fs::read_to_string(Path::new(REPO).join("tests/fixtures/labeled.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let s = Scratch::new();
    let mut reversed = lines.clone();
    reversed.reverse();
    let mut orders = vec![reversed];
    orders.extend((1..=5).map(|seed| shuffled(&lines, seed)));
    for (k, order) in orders.iter().enumerate() {
        assert_ne!(order, &lines, "permutation {k} is the identity");
        let path = s.write(&format!("shuffled-{k}.jsonl"), &(order.join("\n") + "\n"));
        let out = ok(marsad(&["eval", "clusters", &path]));
        assert_eq!(out, original, "permutation {k} changed the figures");
    }
}

#[test]
fn eval_clusters_min_sets_the_exit_status() {
    let o = marsad(&[
        "eval",
        "clusters",
        "tests/fixtures/labeled.jsonl",
        "--min",
        "1.01",
    ]);
    let err = fails(o);
    assert!(err.contains("bcubed_f1"), "{err}");
    ok(marsad(&[
        "eval",
        "clusters",
        "tests/fixtures/labeled.jsonl",
        "--min",
        "0",
    ]));
}

#[test]
fn eval_similarity_correlates_with_the_fixture_scores() {
    let out = ok(marsad(&[
        "eval",
        "similarity",
        "tests/fixtures/pairs.jsonl",
    ]));
    let f = figures(&out);
    let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["pearson", "pairs"], "{out}");
    assert!(out.lines().any(|l| l == "pairs 10"), "{out}");
    assert!(f[0].1 > 0.5, "pearson {} too low", f[0].1);
    fails(marsad(&[
        "eval",
        "similarity",
        "tests/fixtures/pairs.jsonl",
        "--min",
        "1.01",
    ]));
}

#[test]
fn eval_on_a_missing_file_fails_clearly() {
    let err = fails(marsad(&[
        "eval",
        "clusters",
        "tests/fixtures/no-such-file.jsonl",
    ]));
    assert!(err.contains("no-such-file.jsonl"), "{err}");
}

/// Writes raw bytes under the scratch dir.
fn write_bytes(s: &Scratch, name: &str, bytes: &[u8]) {
    fs::write(s.path().join(name), bytes).unwrap();
}

fn encoded(label: &str, text: &str) -> Vec<u8> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{label} cannot hold the text");
    bytes.into_owned()
}

#[test]
fn mixed_directory_of_good_bad_and_legacy_encoded_inputs() {
    for s in Scratch::each() {
        let dir = s.path().join("in");
        fs::create_dir_all(&dir).unwrap();
        let file = |name: &str| format!("in/{name}");
        let body = |title: &str, text: &str| format!("{title}\n\n{text}\n");
        s.write(&file("good.txt"), &body(BRIDGE_TITLE, BRIDGE_TEXT));
        write_bytes(
            &s,
            &file("cp1256.txt"),
            &encoded("windows-1256", &body(FAIR_TITLE, FAIR_TEXT)),
        );
        write_bytes(
            &s,
            &file("iso.txt"),
            &encoded("ISO-8859-6", &body(TRAIN_TITLE, TRAIN_TEXT)),
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            body(FIRE_TITLE, FIRE_TEXT)
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        write_bytes(&s, &file("utf16.txt"), &utf16);
        write_bytes(
            &s,
            &file("binary.txt"),
            b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00",
        );
        write_bytes(&s, &file("empty.txt"), b"");
        let jsonl = format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            line(&[("id", "j1"), ("title", DRUGS_TITLE), ("text", DRUGS_TEXT)]),
            line(&[
                ("id", "j2"),
                ("title", DRUGS_2_TITLE),
                ("text", DRUGS_2_TEXT)
            ]),
        );
        s.write(&file("feed.jsonl"), &jsonl);

        let dir_arg = dir.display().to_string();
        let o = marsad(&["ingest", &dir_arg, "--db", &s.db(), "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "one line per bad input:\n{err}");
        assert!(
            err.contains("binary.txt") && err.contains("binary"),
            "{err}"
        );
        assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
        assert!(err.contains("feed.jsonl#2"), "{err}");
        let summary = json(&stdout(&o));
        assert_eq!(summary["added"], 6, "{summary}");
        assert_eq!(summary["failed"], 3, "{summary}");

        // Every good article is stored with its text decoded correctly.
        for (name, title, text) in [
            ("cp1256.txt", FAIR_TITLE, FAIR_TEXT),
            ("iso.txt", TRAIN_TITLE, TRAIN_TEXT),
            ("utf16.txt", FIRE_TITLE, FIRE_TEXT),
            ("good.txt", BRIDGE_TITLE, BRIDGE_TEXT),
        ] {
            let id = dir.join(name).display().to_string();
            let a = json(&ok(marsad(&["article", &id, "--db", &s.db(), "--json"])));
            assert_eq!(a["title"], title, "{name}");
            assert!(a["text"].as_str().unwrap().contains(text), "{name}: {a:#}");
        }

        // The same ingest again adds nothing.
        let again = json(&ok(marsad(&[
            "ingest",
            &dir_arg,
            "--db",
            &s.db(),
            "--json",
        ])));
        assert_eq!(again["added"], 0, "{again}");
        assert_eq!(again["unchanged"], 6, "{again}");
    }
}

#[test]
fn article_shows_dropped_boilerplate_with_reasons() {
    for s in Scratch::each() {
        let text = format!(
        "الرئيسية / محليات / {BRIDGE_TITLE}\n\n{BRIDGE_TITLE}\n\n{BRIDGE_TEXT}\n\nاقرأ أيضاً:\n\n\
         عنوان خبر آخر عن الطقس\n\nشارك على فيسبوك\n\nأضف تعليقاً\n"
    );
        let path = s.write("bridge.txt", &text);
        ok(marsad(&["ingest", &path, "--db", &s.db()]));
        let a = json(&ok(marsad(&["article", &path, "--db", &s.db(), "--json"])));
        assert_eq!(a["title"], BRIDGE_TITLE);
        let reasons: Vec<&str> = a["dropped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["reason"].as_str().unwrap())
            .collect();
        assert_eq!(
            reasons,
            [
                "breadcrumb",
                "related_heading",
                "related_teaser",
                "share",
                "comments"
            ]
        );
        for d in a["dropped"].as_array().unwrap() {
            let (start, end) = (
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[start..end],
                d["text"].as_str().unwrap(),
                "spans slice the original"
            );
        }
        let human = ok(marsad(&["article", &path, "--db", &s.db()]));
        assert!(human.contains("dropped as boilerplate:"), "{human}");
        assert!(human.contains("[share] شارك على فيسبوك"), "{human}");
    }
}

#[test]
fn near_copy_is_linked_and_joins_its_original_story() {
    for s in Scratch::each() {
        // A wire text and a reprint that changes its last sentence; an unrelated
        // article between them.
        let wire = format!("{TRAIN_TEXT} {BRIDGE_TEXT}");
        let reprint = format!("{TRAIN_TEXT} {}", BRIDGE_TEXT.replace("الاثنين", "الثلاثاء"));
        let jsonl = [
            line(&[
                ("id", "wire"),
                ("outlet", "وكالة الأنباء"),
                ("title", TRAIN_TITLE),
                ("text", &wire),
            ]),
            line(&[
                ("id", "other"),
                ("outlet", "صحيفة"),
                ("title", FIRE_TITLE),
                ("text", FIRE_TEXT),
            ]),
            line(&[
                ("id", "reprint"),
                ("outlet", "موقع"),
                ("title", "عنوان آخر للخبر نفسه"),
                ("text", &reprint),
            ]),
        ]
        .join("\n");
        let path = s.write("feed.jsonl", &jsonl);
        ok(marsad(&["ingest", &path, "--db", &s.db()]));
        let stories = s.stories();
        let m = membership(&stories);
        assert_eq!(m["wire"], m["reprint"], "{stories:#}");
        assert_ne!(m["wire"], m["other"], "{stories:#}");
        let story = json(&ok(marsad(&[
            "story",
            &m["reprint"].to_string(),
            "--db",
            &s.db(),
            "--json",
            "--explain",
        ])));
        let reprint = article(&story, "reprint");
        assert_eq!(reprint["copy_of"], "wire", "{reprint:#}");
        let j = reprint["explanation"]["near_copy"].as_f64().unwrap();
        assert!((0.8..1.0).contains(&j), "{reprint:#}");
    }
}

// ------------------------------------------------------------- synthesis

/// Every span object ({article, start, end, text}) anywhere in a JSON value.
fn spans_in(v: &Value, out: &mut Vec<(String, usize, usize, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(a), Some(s), Some(e), Some(t)) = (
                m.get("article").and_then(Value::as_str),
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
                m.get("text").and_then(Value::as_str),
            ) {
                out.push((a.to_owned(), s as usize, e as usize, t.to_owned()));
            }
            m.values().for_each(|x| spans_in(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| spans_in(x, out)),
        _ => {}
    }
}

#[test]
fn story_json_synthesis_spans_slice_each_articles_original_text() {
    for s in Scratch::each() {
        run_samples(&s);
        let mut checked = 0;
        for story in stories_of(&s.stories()) {
            let v = s.story(story_id(story));
            // The listing fields stay, with the synthesis beside them.
            assert!(v["id"].is_u64() && v["headline"].is_string(), "{v:#}");
            for a in articles_of(&v) {
                for f in ["id", "source", "outlet", "title"] {
                    assert!(a[f].is_string(), "{f} in {a:#}");
                }
            }
            let syn = &v["synthesis"];
            for key in [
                "summary", "shared", "quotes", "entities", "facts", "timeline",
            ] {
                assert!(syn[key].is_array(), "{key} in {syn:#}");
            }
            assert!(!syn["summary"].as_array().unwrap().is_empty());
            let mut spans = Vec::new();
            spans_in(syn, &mut spans);
            for (article, start, end, text) in spans {
                let a = json(&ok(marsad(&[
                    "article",
                    &article,
                    "--db",
                    &s.db(),
                    "--json",
                ])));
                let original = a["text"].as_str().expect("article text");
                assert_eq!(
                    original.get(start..end),
                    Some(text.as_str()),
                    "{article} {start}..{end}"
                );
                checked += 1;
            }
        }
        assert!(checked > 30, "only {checked} spans");
    }
}

#[test]
fn story_text_shows_the_synthesis_and_the_flood_toll_that_rose() {
    for s in Scratch::each() {
        let v = run_samples(&s);
        let m = membership(&v);
        let flood = m["samples/nakheel-3.txt"];
        let out = ok(marsad(&[
            "story",
            &flood.to_string(),
            "--db",
            &s.db(),
            "--lang",
            "ar",
        ]));
        for section in [
            "الملخص",
            "الأقوال",
            "الكيانات",
            "الأرقام والتواريخ",
            "التسلسل الزمني",
        ] {
            assert!(out.contains(section), "{section} missing:\n{out}");
        }
        // The later article says the toll rose («ارتفاع حصيلة … إلى 9»): one
        // fact, updated, not a disagreement, its figures in time order.
        assert!(
            out.contains("↗ تحدّث الرقم: القتلى"),
            "the toll is updated (7 → 9):\n{out}"
        );
        assert!(!out.contains("≠ تختلف: القتلى"), "no disagreement:\n{out}");
        let (seven, nine) = (out.find("«سبعة أشخاص»"), out.find("«تسعة قتلى»"));
        assert!(
            seven.is_some() && nine.is_some() && seven < nine,
            "7, then 9:\n{out}"
        );
    }
}

#[test]
fn adding_one_article_recomputes_only_that_articles_story() {
    for s in Scratch::each() {
        let corpus = s.path().join("samples");
        fs::create_dir(&corpus).unwrap();
        for entry in fs::read_dir(Path::new(REPO).join("samples")).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "raseef-2.txt" {
                fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
            }
        }
        fs::create_dir(s.path().join("later")).unwrap();
        fs::copy(
            Path::new(REPO).join("samples/raseef-2.txt"),
            s.path().join("later/raseef-2.txt"),
        )
        .unwrap();
        ok(marsad_in(s.path(), &["ingest", "samples", "--db", &s.db()]));
        let first = json(&ok(marsad_in(
            s.path(),
            &["synth", "--db", &s.db(), "--json"],
        )));
        assert_eq!(first["computed"].as_array().unwrap().len(), 5, "{first}");
        let again = json(&ok(marsad_in(
            s.path(),
            &["synth", "--db", &s.db(), "--json"],
        )));
        assert_eq!(again["computed"].as_array().unwrap().len(), 0, "{again}");
        assert_eq!(again["current"], 5);

        ok(marsad_in(
            s.path(),
            &["ingest", "later/raseef-2.txt", "--db", &s.db()],
        ));
        let flood = membership(&s.stories())["later/raseef-2.txt"];
        let after = json(&ok(marsad_in(
            s.path(),
            &["synth", "--db", &s.db(), "--json"],
        )));
        assert_eq!(after["computed"], serde_json::json!([flood]), "{after}");
        assert_eq!(after["current"], 4);
        // Showing a story whose synthesis is current does not recompute it.
        let shown = s.story(flood);
        assert!(shown["synthesis"]["summary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "later/raseef-2.txt")));
    }
}

// ------------------------------------------------- conventions (issue 15)

/// Runs `marsad ARGS` with `input` on standard input.
fn marsad_stdin(args: &[&str], input: &str, lang: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .env("MARSAD_LANG", lang)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cannot run the marsad binary");
    // A run that refuses its input (no format given) may exit before
    // reading it: the pipe is then closed, which is not the test's failure.
    match child.stdin.take().unwrap().write_all(input.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn dated(id: &str, outlet: &str, title: &str, text: &str, published: &str) -> String {
    line(&[
        ("id", id),
        ("outlet", outlet),
        ("title", title),
        ("text", text),
        ("published", published),
    ])
}

#[test]
fn stories_are_listed_newest_activity_first_undated_last() {
    for s in Scratch::each() {
        // Ingested oldest news last, and one undated story in between.
        let file = s.write(
            "mixed.jsonl",
            &[
                dated("fair", "ص1", FAIR_TITLE, FAIR_TEXT, "2026-03-20T09:00:00Z"),
                line(&[
                    ("id", "bridge"),
                    ("title", BRIDGE_TITLE),
                    ("text", BRIDGE_TEXT),
                ]),
                dated(
                    "train",
                    "ص2",
                    TRAIN_TITLE,
                    TRAIN_TEXT,
                    "2026-03-02T09:00:00Z",
                ),
                dated("fire", "ص2", FIRE_TITLE, FIRE_TEXT, "2026-03-25T09:00:00Z"),
            ]
            .join("\n"),
        );
        ok(marsad(&["ingest", &file, "--db", &s.db()]));
        let order: Vec<String> = stories_of(&s.stories())
            .iter()
            .map(|st| articles_of(st)[0]["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(order, ["fire", "fair", "train", "bridge"]);

        // Filters: publish-time range, outlet, limit.
        let db = s.db();
        let ids = |args: &[&str]| -> Vec<String> {
            let mut all = vec!["stories", "--db", &db, "--json"];
            all.extend_from_slice(args);
            stories_of(&json(&ok(marsad(&all))))
                .iter()
                .map(|st| articles_of(st)[0]["id"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(ids(&["--since", "2026-03-10"]), ["fire", "fair"]);
        assert_eq!(ids(&["--until", "2026-03-20"]), ["fair", "train"]);
        assert_eq!(ids(&["--outlet", "ص2"]), ["fire", "train"]);
        assert_eq!(ids(&["--outlet", "غير معروف"]), ["bridge"]);
        assert_eq!(ids(&["--limit", "2"]), ["fire", "fair"]);
        let err = fails(marsad(&["stories", "--db", &s.db(), "--since", "soon"]));
        assert!(err.contains("soon") && err.lines().count() == 1, "{err}");
    }
}

#[test]
fn search_exit_status_empty_query_and_no_score() {
    for s in Scratch::each() {
        let file = s.write(
            "a.jsonl",
            &dated("fire", "ص", FIRE_TITLE, FIRE_TEXT, "2026-03-25T09:00:00Z"),
        );
        ok(marsad(&["ingest", &file, "--db", &s.db()]));
        let hit = marsad(&["search", "السمّاك", "--db", &s.db()]);
        assert_eq!(hit.status.code(), Some(0));
        assert!(!stdout(&hit).contains("score"), "{}", stdout(&hit));
        // A name as written finds it whatever its letters: a clitic with the
        // article, no article, a shadda, a tatweel stretching the word.
        for written in ["والسماك", "سماك", "السمـاك", "للسمّاك"] {
            let found = marsad(&["search", written, "--db", &s.db()]);
            assert!(
                stdout(&found).contains("fire"),
                "{written}: {}",
                stdout(&found)
            );
        }

        let none = marsad(&["search", "زلزال", "--db", &s.db()]);
        assert_eq!(none.status.code(), Some(1), "no match is 1, as grep");
        assert!(stdout(&none).is_empty());
        let empty = marsad(&["search", "  ", "--db", &s.db()]);
        assert_eq!(empty.status.code(), Some(2));
        assert!(stderr(&empty).contains("empty query"), "{}", stderr(&empty));
    }
}

#[test]
fn standard_input_needs_a_format_and_gets_content_ids() {
    for s in Scratch::each() {
        let records = [
            line(&[("title", FAIR_TITLE), ("text", FAIR_TEXT)]),
            line(&[
                ("url", "https://www.news.example/a"),
                ("title", TRAIN_TITLE),
                ("text", TRAIN_TEXT),
            ]),
        ]
        .join("\n");
        let refused = marsad_stdin(&["ingest", "-", "--db", &s.db()], &records, "en");
        assert!(!refused.status.success());
        assert!(
            stderr(&refused).contains("--format"),
            "{}",
            stderr(&refused)
        );
        assert!(
            !Path::new(&s.db()).exists(),
            "a failed first run leaves no store"
        );

        let args = ["ingest", "-", "--format", "jsonl", "--db", &s.db()];
        let out = marsad_stdin(&args, &records, "en");
        assert!(out.status.success(), "{}", stderr(&out));
        let v = s.stories();
        let m = membership(&v);
        assert!(m.contains_key("https://www.news.example/a"), "{m:?}");
        let content: Vec<&String> = m.keys().filter(|k| k.starts_with("content:")).collect();
        assert_eq!(content.len(), 1, "{m:?}");
        // The same record again is the same article.
        let again = marsad_stdin(&args, &records, "en");
        assert!(stdout(&again).contains("0 added"), "{}", stdout(&again));
        // An outlet from the URL's domain when none is given; «غير معروف» otherwise.
        let outlets: Vec<&str> = stories_of(&v)
            .iter()
            .flat_map(|st| articles_of(st).iter())
            .map(|a| a["outlet"].as_str().unwrap())
            .collect();
        assert!(outlets.contains(&"news.example"), "{outlets:?}");
        assert!(outlets.contains(&"غير معروف"), "{outlets:?}");
    }
}

#[test]
fn screens_speak_one_language_and_isolate_latin_ids() {
    for s in Scratch::each() {
        let file = s.write(
            "a.jsonl",
            &dated("fire-1", "ص", FIRE_TITLE, FIRE_TEXT, "2026-03-25T09:00:00Z"),
        );
        let ar = marsad_stdin(&["ingest", &file, "--db", &s.db()], "", "ar");
        let line = stdout(&ar);
        assert!(line.contains("أُضيف: 1"), "{line}");
        assert!(!line.contains("added"), "{line}");
        let story = ok(marsad(&["story", "1", "--db", &s.db(), "--lang", "ar"]));
        assert!(
            story.starts_with("القصة 1 · مقال واحد") || story.starts_with("القصة 1 · 1 مقال"),
            "{story}"
        );
        assert!(story.contains("\u{2068}fire-1\u{2069}"), "{story}");
        for english in ["story", "article", "undated", "why:", "summary"] {
            assert!(!story.contains(english), "{english} in:\n{story}");
        }
        let en = ok(marsad(&["story", "1", "--db", &s.db(), "--lang", "en"]));
        assert!(en.starts_with("story 1 · 1 article · 1 outlet"), "{en}");
        assert!(en.contains("Summary"), "{en}");
        // Grammar of the failure line, in both languages.
        let missing = s.path().join("none.txt").display().to_string();
        let err = fails(marsad(&["ingest", &missing, "--db", &s.db()]));
        assert!(err.contains("(1 input failed)"), "{err}");
        let err_ar = stderr(&marsad_stdin(
            &["ingest", &missing, "--db", &s.db()],
            "",
            "ar",
        ));
        assert!(err_ar.contains("1 مدخل فشل"), "{err_ar}");
    }
}

#[test]
fn outlet_options_name_the_outlet_never_the_file() {
    for s in Scratch::each() {
        let text = format!("{FIRE_TITLE}\n\n{FIRE_TEXT}\n");
        s.write("corpus/قناة المنارة/report-1.txt", &text);
        let other = s.write("loose/x9f3a.txt", &format!("{FAIR_TITLE}\n\n{FAIR_TEXT}\n"));
        let aliases = s.write("aliases.txt", "صحيفة الفجر = فجر اليوم, fajr.example\n");
        let dir = s.path().join("corpus").display().to_string();
        ok(marsad(&[
            "ingest",
            &dir,
            "--outlet-from-dir",
            "--db",
            &s.db(),
        ]));
        ok(marsad(&["ingest", &other, "--db", &s.db()]));
        let feed = s.write(
            "feed.jsonl",
            &[
                line(&[
                    ("id", "t1"),
                    ("outlet", "فجر اليوم"),
                    ("title", TRAIN_TITLE),
                    ("text", TRAIN_TEXT),
                ]),
                line(&[
                    ("id", "d1"),
                    ("url", "http://fajr.example/d1"),
                    ("title", DRUGS_TITLE),
                    ("text", DRUGS_TEXT),
                ]),
            ]
            .join("\n"),
        );
        ok(marsad(&[
            "ingest",
            &feed,
            "--aliases",
            &aliases,
            "--db",
            &s.db(),
        ]));
        let bridge = s.write(
            "b.jsonl",
            &line(&[("id", "b1"), ("title", BRIDGE_TITLE), ("text", BRIDGE_TEXT)]),
        );
        ok(marsad(&[
            "ingest",
            &bridge,
            "--outlet",
            "وكالة الجسر",
            "--db",
            &s.db(),
        ]));

        let v = s.stories();
        let outlet_of = |id: &str| -> String {
            stories_of(&v)
                .iter()
                .flat_map(|st| articles_of(st).iter())
                .find(|a| a["id"].as_str().unwrap().ends_with(id))
                .map(|a| a["outlet"].as_str().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{id} missing: {v:#}"))
        };
        assert_eq!(outlet_of("report-1.txt"), "قناة المنارة");
        assert_eq!(outlet_of("x9f3a.txt"), "غير معروف");
        assert_eq!(outlet_of("t1"), "صحيفة الفجر");
        assert_eq!(outlet_of("d1"), "صحيفة الفجر");
        assert_eq!(outlet_of("b1"), "وكالة الجسر");
    }
}

#[test]
fn the_same_file_under_other_paths_is_shown_once() {
    for s in Scratch::each() {
        let file = s.write("in/fire.txt", &format!("{FIRE_TITLE}\n\n{FIRE_TEXT}\n"));
        let relative = "in/fire.txt";
        ok(marsad_in(s.path(), &["ingest", &file, "--db", &s.db()]));
        ok(marsad_in(s.path(), &["ingest", relative, "--db", &s.db()]));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(s.path().join("in"), s.path().join("link")).unwrap();
            ok(marsad_in(
                s.path(),
                &["ingest", "link/fire.txt", "--db", &s.db()],
            ));
        }
        let v = s.stories();
        assert_eq!(stories_of(&v).len(), 1, "{v:#}");
        let arts = articles_of(&stories_of(&v)[0]);
        assert_eq!(arts.len(), 1, "{v:#}");
        let also = arts[0]["also_at"].as_array().unwrap();
        assert!(
            !also.is_empty() && also.iter().any(|c| c["id"] == relative),
            "{v:#}"
        );
        let text = ok(marsad(&["story", "1", "--db", &s.db()]));
        assert!(text.contains("also at"), "{text}");
    }
}
