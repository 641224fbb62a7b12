//! `marsad watch` against a real HTTP server on 127.0.0.1, started here and
//! logging every request: feeds (OPML, RSS, Atom) and the Arabic fixture
//! pages, plus a page that never answers, one that fails with 500, one over
//! the size cap and one that robots.txt forbids. Then the same pages through
//! a WARC written by wget.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/ingest/tests/fixtures/arabic")
}

/// The good pages: (path on the server, fixture file).
const PAGES: &[(&str, &str)] = &[
    ("/news/01.html", "01-wp-twentytwenty.html"),
    ("/news/05.html", "05-date-in-text-only.html"),
    ("/news/06.html", "06-windows-1256-levant.html"),
    ("/news/07.html", "07-hijri-gregorian.html"),
    ("/news/08.html", "08-opinion-byqalam.html"),
];

const CAP: usize = 200_000;

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Hit {
    at: Instant,
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    status: u16,
}

struct Server {
    base: String,
    log: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    fn start() -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let log: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let (s, l, b) = (server.clone(), log.clone(), base.clone());
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let (l, b) = (l.clone(), b.clone());
                // One thread per request, so the page that never answers
                // holds up nothing else.
                std::thread::spawn(move || respond(request, &b, &l));
            }
        });
        Server { base, log }
    }

    fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }

    fn clear(&self) {
        self.log.lock().unwrap().clear();
    }
}

const ETAG: &str = "\"feed-v1\"";
const LAST_MODIFIED: &str = "Tue, 12 Mar 2024 09:00:00 GMT";

fn respond(request: tiny_http::Request, base: &str, log: &Mutex<Vec<Hit>>) {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.to_string())
    };
    let mut hit = Hit {
        at: Instant::now(),
        path: request.url().to_owned(),
        if_none_match: header("If-None-Match"),
        if_modified_since: header("If-Modified-Since"),
        status: 200,
    };
    let path = hit.path.clone();
    let xml = |body: String, kind: &str| (body.into_bytes(), kind.to_owned(), true);
    let (body, content_type, validators) = match path.as_str() {
        "/robots.txt" => (
            b"User-agent: *\nDisallow: /private/\n".to_vec(),
            "text/plain".into(),
            false,
        ),
        "/feeds.opml" => xml(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>صحف</title></head>
                <body><outline text="محلي"><outline text="أخبار" type="rss" xmlUrl="{base}/rss.xml"/></outline>
                <outline text="آراء" type="rss" xmlUrl="{base}/atom.xml"/></body></opml>"#
            ),
            "text/x-opml",
        ),
        "/rss.xml" => {
            let items: String = ["/news/01.html", "/news/05.html", "/news/06.html"]
                .iter()
                .chain(&[
                    "/slow.html",
                    "/error.html",
                    "/big.html",
                    "/private/secret.html",
                ])
                .map(|p| format!("<item><title>خبر</title><link>{base}{p}</link></item>"))
                .collect();
            xml(
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار</title><link>{base}/</link>{items}</channel></rss>"#
                ),
                "application/rss+xml",
            )
        }
        "/atom.xml" => xml(
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>آراء</title><id>urn:x</id><updated>2024-06-03T08:00:00Z</updated>
                <entry><title>أ</title><id>urn:7</id><updated>2024-03-15T00:00:00Z</updated><link rel="alternate" href="{base}/news/07.html"/></entry>
                <entry><title>ب</title><id>urn:8</id><updated>2024-06-03T08:00:00Z</updated><link href="/news/08.html"/></entry></feed>"#
            ),
            "application/atom+xml",
        ),
        "/slow.html" => {
            // Never answers within any test timeout.
            hit.status = 0;
            log.lock().unwrap().push(hit);
            std::thread::sleep(Duration::from_secs(20));
            return;
        }
        "/error.html" => (b"server error".to_vec(), "text/plain".into(), false),
        "/big.html" => {
            let p = "<p>فقرة طويلة تتكرر لتجعل الصفحة أكبر من الحد المسموح به.</p>".repeat(3000);
            (
                format!("<html><body><h1>صفحة كبيرة جدا</h1>{p}</body></html>").into_bytes(),
                "text/html; charset=utf-8".into(),
                false,
            )
        }
        p => match PAGES.iter().find(|(path, _)| *path == p) {
            Some((_, file)) => {
                let bytes = std::fs::read(fixtures().join(file)).unwrap();
                // The windows-1256 page is labelled only in the HTTP header
                // here, like servers that set it there.
                let ct = if file.contains("1256") {
                    "text/html; charset=windows-1256"
                } else {
                    "text/html"
                };
                (bytes, ct.into(), false)
            }
            None => (b"not found".to_vec(), "text/plain".into(), false),
        },
    };
    let status = match path.as_str() {
        "/error.html" => 500,
        "/private/secret.html" => 200,
        p if content_type == "text/plain" && p != "/robots.txt" => 404,
        _ => 200,
    };
    let not_modified = validators
        && (hit.if_none_match.as_deref() == Some(ETAG)
            || hit.if_modified_since.as_deref() == Some(LAST_MODIFIED));
    hit.status = if not_modified { 304 } else { status };
    log.lock().unwrap().push(hit.clone());
    let ct = tiny_http::Header::from_bytes("Content-Type", content_type).unwrap();
    let response = if not_modified {
        tiny_http::Response::from_data(Vec::new()).with_status_code(304)
    } else {
        let mut r = tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_header(ct);
        if validators {
            r.add_header(tiny_http::Header::from_bytes("ETag", ETAG).unwrap());
            r.add_header(tiny_http::Header::from_bytes("Last-Modified", LAST_MODIFIED).unwrap());
        }
        r
    };
    let _ = request.respond(response);
}

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .env("MARSAD_LANG", "en")
        .output()
        .expect("run marsad")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn watch_once(server: &Server, db: &Path) -> Output {
    let opml = format!("{}/feeds.opml", server.base);
    marsad(&[
        "watch",
        &opml,
        "--once",
        "--db",
        db.to_str().unwrap(),
        "--timeout",
        "1",
        "--host-delay",
        "0.2",
        "--retries",
        "2",
        "--backoff",
        "0.3",
        "--max-response-bytes",
        &CAP.to_string(),
        "--tz",
        "Asia/Riyadh",
    ])
}

/// id → (title, published, outlet, text) of every article in a store.
fn articles(db: &Path, ids: &[String]) -> BTreeMap<String, (Value, Value, Value, Value)> {
    ids.iter()
        .map(|id| {
            let o = marsad(&["article", id, "--db", db.to_str().unwrap(), "--json"]);
            assert!(o.status.success(), "article {id}: {}", text(&o.stderr));
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            let get = |k: &str| v[k].clone();
            (
                id.clone(),
                (get("title"), get("published"), get("outlet"), get("text")),
            )
        })
        .collect()
}

#[test]
fn watch_ingests_feeds_politely_and_remembers_what_it_fetched() {
    let dir = tempfile::tempdir().unwrap();
    for store in marsad_store::testing::test_stores(dir.path(), "m.db") {
        eprintln!("-- on the {} store {}", store.backend, store.arg());
        let server = Server::start();
        let db = store.db.clone();

        let first = watch_once(&server, &db);
        let (out, err) = (text(&first.stdout), text(&first.stderr));
        assert!(first.status.success(), "stdout {out}\nstderr {err}");
        assert!(
            out.contains("2 feeds (0 unchanged), 5 new articles, 4 failed"),
            "{out}\n{err}"
        );
        // One clear line per bad page.
        let line = |p: &str| {
            err.lines()
                .find(|l| l.starts_with(&format!("{}{p}: ", server.base)))
                .unwrap_or_else(|| panic!("no line for {p} in:\n{err}"))
                .to_owned()
        };
        assert!(line("/slow.html").contains("timed out"), "{err}");
        assert!(
            line("/error.html").contains("HTTP 500 (after 3 attempts)"),
            "{err}"
        );
        assert!(
            line("/big.html").contains("over the cap of 200000 bytes"),
            "{err}"
        );
        assert!(line("/private/secret.html").contains("robots.txt"), "{err}");
        assert_eq!(err.lines().count(), 4, "{err}");

        // The right metadata, as the page states it (fields-gold.json).
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join("fields-gold.json")).unwrap(),
        )
        .unwrap();
        let ids: Vec<String> = PAGES
            .iter()
            .map(|(p, _)| format!("{}{p}", server.base))
            .collect();
        let stored = articles(&db, &ids);
        for ((_, file), id) in PAGES.iter().zip(&ids) {
            let want = &gold[file];
            let (title, published, _, body) = &stored[id];
            assert_eq!(title, &want["title"], "{file}");
            // A date the page gives without a zone is read in --tz; the gold
            // has it in the page's own zone.
            if want["tz"].as_str().is_none_or(|tz| tz == "Asia/Riyadh") {
                let date =
                    chrono::DateTime::parse_from_rfc3339(want["date"].as_str().unwrap()).unwrap();
                assert_eq!(
                    published.as_str().unwrap(),
                    date.to_utc().to_rfc3339(),
                    "{file}"
                );
            }
            assert!(
                body.as_str()
                    .unwrap()
                    .starts_with(want["body_starts"].as_str().unwrap()),
                "{file}"
            );
        }

        let hits = server.hits();
        let count = |p: &str| hits.iter().filter(|h| h.path == p).count();
        // robots.txt read, and what it forbids never asked for.
        assert_eq!(count("/robots.txt"), 1);
        assert_eq!(count("/private/secret.html"), 0);
        // The 500 and the silent page were tried three times, the waits growing
        // (backoff 0.3 s, then 0.6 s).
        assert_eq!(count("/error.html"), 3);
        assert_eq!(count("/slow.html"), 3);
        let times: Vec<Instant> = hits
            .iter()
            .filter(|h| h.path == "/error.html")
            .map(|h| h.at)
            .collect();
        let (gap1, gap2) = (times[1] - times[0], times[2] - times[1]);
        assert!(gap1 >= Duration::from_millis(290), "{gap1:?}");
        assert!(gap2 >= Duration::from_millis(590), "{gap2:?}");
        // The over-cap page was asked once: a cut response is not retried.
        assert_eq!(count("/big.html"), 1);
        // Never two requests to the host closer than the 0.2 s delay.
        let mut starts: Vec<Instant> = hits.iter().map(|h| h.at).collect();
        starts.sort();
        for w in starts.windows(2) {
            assert!(
                w[1] - w[0] >= Duration::from_millis(190),
                "{:?}",
                w[1] - w[0]
            );
        }

        // A restart: feeds asked for conditionally and answered 304; no page
        // had or failed for good (over the cap, robots.txt) fetched again,
        // nothing stored again; the 500 and the silent page, failures that may
        // pass, are tried again.
        server.clear();
        let second = watch_once(&server, &db);
        let (out, err) = (text(&second.stdout), text(&second.stderr));
        assert!(second.status.success(), "{out}\n{err}");
        assert!(
            out.contains("2 feeds (2 unchanged), 0 new articles, 2 failed"),
            "{out}\n{err}"
        );
        assert!(
            line("/error.html").contains("tried again at a later poll"),
            "{err}"
        );
        let hits = server.hits();
        let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(
            paths[..4],
            ["/robots.txt", "/feeds.opml", "/rss.xml", "/atom.xml"]
        );
        let mut again = paths[4..].to_vec();
        again.sort();
        assert_eq!(
            again,
            [
                "/error.html",
                "/error.html",
                "/error.html",
                "/slow.html",
                "/slow.html",
                "/slow.html"
            ]
        );
        for h in hits[1..]
            .iter()
            .filter(|h| h.path.ends_with(".xml") || h.path.ends_with(".opml"))
        {
            assert_eq!(h.if_none_match.as_deref(), Some(ETAG), "{}", h.path);
            assert_eq!(
                h.if_modified_since.as_deref(),
                Some(LAST_MODIFIED),
                "{}",
                h.path
            );
            assert_eq!(h.status, 304, "{}", h.path);
        }
        let stories = marsad(&["stories", "--db", db.to_str().unwrap(), "--json"]);
        let v: Value = serde_json::from_slice(&stories.stdout).unwrap();
        let n: usize = v["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["articles"].as_array().unwrap().len())
            .sum();
        assert_eq!(n, 5, "each page stored once");

        // The same pages through a WARC written by wget.
        if Command::new("wget").arg("--version").output().is_err() {
            println!("wget is not installed: the WARC check is skipped");
            return;
        }
        let warc = dir.path().join("crawl");
        let mut wget = Command::new("wget");
        wget.current_dir(dir.path())
            .arg("--quiet")
            .arg(format!("--warc-file={}", warc.display()))
            .args(["--output-document", "/dev/null"]);
        for id in &ids {
            wget.arg(id);
        }
        let status = wget.status().unwrap();
        assert!(status.success(), "wget failed");
        let warc_db = dir.path().join("warc.db");
        let warc_file = dir.path().join("crawl.warc.gz");
        let o = marsad(&[
            "ingest",
            warc_file.to_str().unwrap(),
            "--db",
            warc_db.to_str().unwrap(),
            "--tz",
            "Asia/Riyadh",
        ]);
        let summary = text(&o.stdout);
        assert!(o.status.success(), "{summary}\n{}", text(&o.stderr));
        assert!(
            summary.starts_with("5 added, 0 unchanged, 0 failed"),
            "{summary}"
        );
        assert!(summary.contains("WARC records"), "{summary}");
        let from_warc = articles(&warc_db, &ids);
        for id in &ids {
            let (a, b) = (&stored[id], &from_warc[id]);
            assert_eq!((&a.0, &a.1, &a.3), (&b.0, &b.1, &b.3), "{id}");
        }
    }
}

#[test]
fn saved_pages_ingest_with_their_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let o = marsad(&[
        "ingest",
        fixtures().to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", text(&o.stderr));
    // The gold file is documentation, not an article.
    assert!(
        out.starts_with("12 added, 0 unchanged, 0 failed, 1 file skipped"),
        "{out}"
    );
    // A page that gives a canonical URL is known by it; one that does not, by its path.
    let id = "https://wadi-akhdar.example/2024/03/desalination-plant/";
    let (title, published, outlet, body) = articles(&db, &[id.to_owned()]).remove(id).unwrap();
    assert_eq!(title, "افتتاح محطة تحلية جديدة في ساحل الريم");
    assert_eq!(published, "2024-03-12T06:30:00+00:00");
    assert_eq!(outlet, "صحيفة الوادي الأخضر");
    assert!(body
        .as_str()
        .unwrap()
        .starts_with("افتتحت بلدية ساحل الريم"));
    let path = fixtures().join("05-date-in-text-only.html");
    let path = path.to_str().unwrap().to_owned();
    let (title, ..) = articles(&db, std::slice::from_ref(&path))
        .remove(&path)
        .unwrap();
    assert_eq!(title, "إغلاق الطريق الدولي بسبب الضباب الكثيف");
}

/// A server on 127.0.0.1 that counts what it is asked and answers `answer`.
fn counting_server(
    answer: impl Fn(&str) -> tiny_http::ResponseBox + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let l = log.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().to_owned();
            l.lock().unwrap().push(path.clone());
            let _ = request.respond(answer(&path));
        }
    });
    (base, log)
}

/// An RSS feed whose items link `links`.
fn rss<S: std::fmt::Display>(links: impl IntoIterator<Item = S>) -> String {
    let items: String = links
        .into_iter()
        .map(|l| format!("<item><title>خبر</title><link>{l}</link></item>"))
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>")
}

/// `marsad watch FEED --once` into `db`, with no delay between requests to
/// a host and no retries inside the poll, and `extra` arguments.
fn watch_feed_once(feed: &str, db: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "watch",
        feed,
        "--once",
        "--db",
        db.to_str().unwrap(),
        "--host-delay",
        "0",
        "--retries",
        "0",
    ];
    args.extend_from_slice(extra);
    marsad(&args)
}

#[test]
fn watch_refuses_non_public_addresses_but_the_named_feed() {
    // The "inside" server stands for an admin page on the machine: nothing
    // may reach it through a feed's links or redirects.
    let (inside, inside_log) = counting_server(|_| {
        tiny_http::Response::from_string("<html><body><p>secret admin page</p></body></html>")
            .boxed()
    });
    let inside_port = inside.rsplit(':').next().unwrap().to_owned();
    let target = format!("{inside}/admin");
    let (feed_base, feed_log) = counting_server(move |path| {
        if path == "/redirect" {
            let location = tiny_http::Header::from_bytes("Location", target.as_bytes()).unwrap();
            return tiny_http::Response::empty(302)
                .with_header(location)
                .boxed();
        }
        if path == "/robots.txt" {
            return tiny_http::Response::empty(404).boxed();
        }
        tiny_http::Response::from_string("unused").boxed()
    });
    // Links to the inside server by every road, and to private and
    // link-local addresses (refused before connecting: nothing is sent).
    let links = [
        format!("{inside}/admin"),
        format!("http://localhost:{inside_port}/admin"),
        format!("http://[::1]:{inside_port}/admin"),
        "http://10.0.0.1/x".to_owned(),
        "http://192.168.1.1/x".to_owned(),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        format!("{feed_base}/redirect"),
    ];
    let rss = rss(&links);
    let dir = tempfile::tempdir().unwrap();
    // The feed itself is served by a third server the user names.
    let (named, _) = counting_server(move |_| {
        tiny_http::Response::from_string(rss.clone())
            .with_header(
                tiny_http::Header::from_bytes("Content-Type", "application/rss+xml").unwrap(),
            )
            .boxed()
    });
    let db = dir.path().join("p.db");
    let run = watch_feed_once(&format!("{named}/rss.xml"), &db, &["--timeout", "2"]);
    let err = text(&run.stderr);
    assert!(run.status.success(), "{}\n{err}", text(&run.stdout));
    assert_eq!(inside_log.lock().unwrap().len(), 0, "{err}");
    // The redirect's first hop is on a public-looking path of the feed
    // server, which is not named either: refused too.
    assert!(feed_log.lock().unwrap().is_empty(), "{err}");
    for l in &links {
        let line = err
            .lines()
            .find(|x| x.starts_with(&format!("{l}: ")))
            .unwrap_or_else(|| panic!("no line for {l} in:\n{err}"));
        assert!(line.contains("refused"), "{line}");
    }
}

#[test]
fn a_redirect_from_the_named_host_to_another_loopback_port_is_refused() {
    let (inside, inside_log) = counting_server(|_| {
        tiny_http::Response::from_string("<html><body><p>secret</p></body></html>").boxed()
    });
    let target = format!("{inside}/admin");
    let base = Arc::new(Mutex::new(String::new()));
    let b = base.clone();
    let (named, named_log) = counting_server(move |path| match path {
        "/rss.xml" => {
            let base = b.lock().unwrap().clone();
            tiny_http::Response::from_string(format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
                 <item><title>خبر</title><link>{base}/redirect</link></item></channel></rss>"
            ))
            .boxed()
        }
        "/redirect" => {
            let location = tiny_http::Header::from_bytes("Location", target.as_bytes()).unwrap();
            tiny_http::Response::empty(302)
                .with_header(location)
                .boxed()
        }
        _ => tiny_http::Response::empty(404).boxed(),
    });
    *base.lock().unwrap() = named.clone();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let run = watch_feed_once(&format!("{named}/rss.xml"), &db, &[]);
    let err = text(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        named_log.lock().unwrap().contains(&"/redirect".to_owned()),
        "{err}"
    );
    assert_eq!(inside_log.lock().unwrap().len(), 0, "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("{named}/redirect: ")))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("refused"), "{line}");
}

#[test]
fn watch_tries_a_failed_page_again_on_the_next_poll_but_not_a_gone_one() {
    // /flaky.html answers 503 the first time, then the page; /gone.html
    // answers 404 and /removed.html 410, always.
    let flaky_asked = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let asked = flaky_asked.clone();
    let base = Arc::new(Mutex::new(String::new()));
    let b = base.clone();
    let (feed, log) = counting_server(move |path| match path {
        "/rss.xml" => {
            let base = b.lock().unwrap().clone();
            let pages = ["/flaky.html", "/gone.html", "/removed.html"];
            tiny_http::Response::from_string(rss(pages.iter().map(|p| format!("{base}{p}"))))
                .boxed()
        }
        "/flaky.html" => {
            if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                return tiny_http::Response::from_string("busy")
                    .with_status_code(503)
                    .boxed();
            }
            let page = std::fs::read(fixtures().join("01-wp-twentytwenty.html")).unwrap();
            tiny_http::Response::from_data(page)
                .with_header(
                    tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8")
                        .unwrap(),
                )
                .boxed()
        }
        "/removed.html" => tiny_http::Response::empty(410).boxed(),
        _ => tiny_http::Response::empty(404).boxed(),
    });
    *base.lock().unwrap() = feed.clone();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // No retries inside a poll: the page's second chance is the next poll.
    // Each poll answers its summary, its error lines and the pages it asked.
    let poll = || {
        let o = watch_feed_once(&format!("{feed}/rss.xml"), &db, &[]);
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert!(o.status.success(), "{out}\n{err}");
        let pages: Vec<String> = std::mem::take(&mut *log.lock().unwrap())
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .collect();
        (out, err, pages)
    };
    let line = |err: &str, p: &str| {
        err.lines()
            .find(|l| l.starts_with(&format!("{feed}{p}: ")))
            .unwrap_or_else(|| panic!("no line for {p} in:\n{err}"))
            .to_owned()
    };

    let (out, err, pages) = poll();
    assert_eq!(pages, ["/flaky.html", "/gone.html", "/removed.html"]);
    assert!(out.contains("0 new articles, 3 failed"), "{out}\n{err}");
    assert!(
        line(&err, "/flaky.html").contains("HTTP 503; tried again at a later poll"),
        "{err}"
    );
    assert!(line(&err, "/gone.html").ends_with("HTTP 404"), "{err}");
    assert!(line(&err, "/removed.html").ends_with("HTTP 410"), "{err}");

    // The next poll asks for the page that failed once, and ingests it; the
    // gone pages are not asked for again.
    let (out, err, pages) = poll();
    assert_eq!(pages, ["/flaky.html"], "{err}");
    assert!(out.contains("1 new articles, 0 failed"), "{out}\n{err}");
    assert_eq!(articles(&db, &[format!("{feed}/flaky.html")]).len(), 1);

    // And the one after asks for no page at all.
    let (out, err, pages) = poll();
    assert!(pages.is_empty(), "{pages:?}");
    assert!(out.contains("0 new articles, 0 failed"), "{out}\n{err}");
    assert_eq!(flaky_asked.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// `marsad serve --watch FEED`: the poller runs inside the server, and the
/// pages it ingests show in the server's own API (the first pages of the
/// feed are each stored as soon as they are fetched, before the slow one).
#[test]
fn serve_polls_feeds_inside_the_server() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    for store in marsad_store::testing::test_stores(dir.path(), "served.db") {
        eprintln!("-- on the {} store {}", store.backend, store.arg());
        let server = Server::start();
        let db = store.db.clone();
        let feed = format!("{}/rss.xml", server.base);
        let (mut child, addr) = common::start_serve(&[
            "--db",
            db.to_str().unwrap(),
            "--warm",
            "0",
            "--watch",
            &feed,
        ]);
        let articles = || -> usize {
            let Ok(mut s) = std::net::TcpStream::connect(&addr) else {
                return 0;
            };
            let _ = write!(
                s,
                "GET /api/stories?limit=100 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            );
            let mut reply = String::new();
            let _ = s.read_to_string(&mut reply);
            let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b);
            serde_json::from_str::<Value>(body)
                .ok()
                .and_then(|v| {
                    v["stories"].as_array().map(|s| {
                        s.iter()
                            .map(|s| s["articles"].as_array().map_or(0, Vec::len))
                            .sum()
                    })
                })
                .unwrap_or(0)
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = 0;
        while Instant::now() < deadline && seen < 3 {
            std::thread::sleep(Duration::from_millis(300));
            seen = articles();
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            seen >= 3,
            "the server shows {seen} articles from its own poller"
        );
        assert!(server.hits().iter().any(|h| h.path == "/news/01.html"));
    }
}

/// Two `watch` workers on one store, started together on the same feed:
/// every page is fetched once, by one of them (pages are leased in the
/// store), and every article is stored once.
#[test]
fn two_workers_never_fetch_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    for store in marsad_store::testing::test_stores(dir.path(), "two.db") {
        eprintln!("-- on the {} store {}", store.backend, store.arg());
        let base = Arc::new(Mutex::new(String::new()));
        let b = base.clone();
        let (feed, log) = counting_server(move |path| {
            if path == "/rss.xml" {
                let base = b.lock().unwrap().clone();
                let links = PAGES.iter().map(|(p, _)| format!("{base}{p}"));
                return tiny_http::Response::from_string(rss(links)).boxed();
            }
            match PAGES.iter().find(|(p, _)| *p == path) {
                Some((_, file)) => {
                    // Slow enough that both workers are at work at once.
                    std::thread::sleep(Duration::from_millis(150));
                    tiny_http::Response::from_data(std::fs::read(fixtures().join(file)).unwrap())
                        .with_header(
                            tiny_http::Header::from_bytes(
                                "Content-Type",
                                "text/html; charset=utf-8",
                            )
                            .unwrap(),
                        )
                        .boxed()
                }
                None => tiny_http::Response::empty(404).boxed(),
            }
        });
        *base.lock().unwrap() = feed.clone();
        let workers: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_marsad"))
                    .args(["watch", &format!("{feed}/rss.xml"), "--once", "--db"])
                    .arg(&store.db)
                    .args(["--host-delay", "0", "--retries", "0", "--timeout", "5"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for w in workers {
            let o = w.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "{}\n{}",
                text(&o.stdout),
                text(&o.stderr)
            );
        }
        let mut pages: Vec<String> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.ends_with(".html"))
            .cloned()
            .collect();
        pages.sort();
        let mut expected: Vec<String> = PAGES.iter().map(|(p, _)| p.to_string()).collect();
        expected.sort();
        assert_eq!(pages, expected, "each page asked for once, by one worker");
        let ids: Vec<String> = PAGES.iter().map(|(p, _)| format!("{feed}{p}")).collect();
        assert_eq!(articles(&store.db, &ids).len(), PAGES.len());
    }
}
