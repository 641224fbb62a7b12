//! The engine used as a library, without the `marsad` binary: ingest the
//! sample corpus into a fresh store, then read its stories back.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use marsad_cluster::Params;
use marsad_engine::ingest::{ingest_paths, Observer};
use marsad_engine::views::load_stories;
use marsad_ingest::Options;

#[derive(Default)]
struct Recorded {
    failed: Mutex<Vec<String>>,
    articles: Mutex<u64>,
}

impl Observer for Recorded {
    fn failed(&self, input: &str, reason: &str) {
        self.failed
            .lock()
            .unwrap()
            .push(format!("{input}: {reason}"));
    }
    fn progressed(&self, articles: u64) {
        *self.articles.lock().unwrap() += articles;
    }
}

#[test]
fn ingests_the_samples_and_reads_their_stories() {
    let dir = tempfile::tempdir().unwrap();
    for store in marsad_store::testing::test_stores(dir.path(), "store.db") {
        ingests_the_samples_into(&store.db, dir.path());
    }
}

fn ingests_the_samples_into(db: &Path, dir: &Path) {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let missing = dir.join("missing.txt");
    let seen = Recorded::default();
    let (pipeline, summary) = ingest_paths(
        db,
        &[samples, missing],
        &Options::default(),
        Params::default(),
        &seen,
    )
    .unwrap();
    assert!(summary.added >= 10, "added {}", summary.added);
    assert_eq!(
        summary.failed, 1,
        "the missing path is reported and skipped"
    );
    assert_eq!(seen.failed.lock().unwrap().len(), 1);
    assert_eq!(*seen.articles.lock().unwrap() as usize, summary.added);
    let ids: Vec<_> = summary.stories.iter().copied().collect();
    let views = load_stories(&pipeline.store, &ids).unwrap();
    assert_eq!(views.len(), ids.len());
    assert!(views.iter().all(|v| !v.headline.is_empty()));
    // Every article is in exactly one story.
    let held: usize = views.iter().map(|v| v.articles.len()).sum();
    assert_eq!(held, summary.added);
    pipeline.finish().unwrap();

    // A second ingest of the same files adds nothing.
    let (pipeline, again) = ingest_paths(
        db,
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")],
        &Options::default(),
        Params::default(),
        &Recorded::default(),
    )
    .unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(again.unchanged, summary.added);
    pipeline.finish().unwrap();
}
