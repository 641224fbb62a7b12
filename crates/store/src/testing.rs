//! Stores for tests: a test that touches the store runs once per backend
//! there is to test, through [`test_stores`].
//!
//! SQLite is always tested. PostgreSQL is tested when `MARSAD_TEST_PG`
//! holds a URL to a database the tests may create schemas in: each store
//! gets a schema of its own (dropped afterwards), so tests run in parallel.
//! Without it the PostgreSQL runs are skipped, and one line on stderr says
//! so; with `MARSAD_REQUIRE_PG=1` (as CI sets) the skip is a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

use postgres::{Client, NoTls};

/// One store for a test: what to pass as `--db` (a file path or a URL).
pub struct TestStore {
    pub db: PathBuf,
    /// `sqlite` or `postgres`, for messages.
    pub backend: &'static str,
    /// The server and schema to drop when the test is done.
    schema: Option<(String, String)>,
}

impl TestStore {
    /// `db` as a string, for a command line.
    pub fn arg(&self) -> String {
        self.db.display().to_string()
    }

    /// The same PostgreSQL store, its sessions named `name` (their
    /// `application_name`), so that a test can find them on the server.
    pub fn named(mut self, name: &str) -> TestStore {
        if self.schema.is_some() {
            self.db = PathBuf::from(format!("{}&application_name={name}", self.arg()));
        }
        self
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.schema {
            if let Ok(mut c) = Client::connect(url, NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// A SQLite store at `dir/name`, then (when a server is named) a fresh
/// PostgreSQL store.
pub fn test_stores(dir: &Path, name: &str) -> Vec<TestStore> {
    let mut stores = vec![TestStore {
        db: dir.join(name),
        backend: "sqlite",
        schema: None,
    }];
    stores.extend(postgres_store());
    stores
}

/// A fresh PostgreSQL store (its own schema) on the server `MARSAD_TEST_PG`
/// names, if it names one.
pub fn postgres_store() -> Option<TestStore> {
    static SKIP: Once = Once::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let url = match std::env::var("MARSAD_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            if std::env::var("MARSAD_REQUIRE_PG").is_ok_and(|v| v == "1") {
                panic!("MARSAD_REQUIRE_PG=1 but MARSAD_TEST_PG names no PostgreSQL server");
            }
            // Straight to stderr: the test harness captures eprintln!.
            SKIP.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "marsad tests: PostgreSQL runs skipped (set MARSAD_TEST_PG=postgres://… to run them)"
                );
            });
            return None;
        }
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema = format!(
        "marsad_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut c = Client::connect(&url, NoTls)
        .unwrap_or_else(|e| panic!("MARSAD_TEST_PG: cannot connect: {e}"));
    c.batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap_or_else(|e| panic!("MARSAD_TEST_PG: cannot create a schema: {e}"));
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(TestStore {
        db: PathBuf::from(format!("{url}{sep}options=-csearch_path%3D{schema}")),
        backend: "postgres",
        schema: Some((url, schema)),
    })
}
