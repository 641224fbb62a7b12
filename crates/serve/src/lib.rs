//! `marsad serve`: the JSON API and the web UI over one store.
//!
//! Threads: axum on a small tokio runtime accepts and parses requests and
//! never touches SQLite; each read runs on tokio's bounded blocking pool,
//! whose every thread keeps its own store connection (WAL lets readers run
//! side by side with the writer). All writes of ingest go through one thread
//! that owns the [`Pipeline`] (the clusterer state lives in memory), fed by a
//! channel. Read endpoints are open; `POST /api/articles` needs the bearer
//! token given at start, compared in constant time.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{NaiveDate, TimeZone, Utc};
use marsad_cluster::{Params, StoryId};
use marsad_core::{Article, Span};
use marsad_store::{Store, StoryFilter};
use serde_json::{json, Value};

use marsad_engine::pipeline::{Outcome, Pipeline};
use marsad_engine::priority::set_thread_nice;
use marsad_engine::views::{self as report, StoryView};
use marsad_engine::{search, synthesis};

mod web;

/// How to serve (the binary's `marsad serve` options).
#[derive(Clone)]
pub struct ServeOptions {
    /// The address to listen on (port 0: any free port, printed at start).
    pub addr: String,
    /// A file holding the bearer token that `POST /api/articles` requires;
    /// without it the token is read from MARSAD_TOKEN; with neither, ingest
    /// through the API is off.
    pub token_file: Option<PathBuf>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Threads (each with its own store connection) that render answers not
    /// in the cache.
    pub readers: usize,
    /// Stories whose pages are rendered into the cache at start.
    pub warm: u64,
    /// The most bytes the answer cache holds (bodies, headers and keys).
    pub cache_bytes: usize,
    /// How long a client may take to send a request's headers (from the
    /// connection's start, or the end of its previous answer); then the
    /// connection is closed.
    pub header_timeout: Duration,
    /// The most connections served at once; further ones wait to be
    /// accepted (lowered to fit the process's open-file limit).
    pub max_connections: usize,
}

/// The default number of render threads: the number of cores (rendering is
/// CPU work: more threads than cores would only make each answer wait).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The most articles one listing or search page returns.
const MAX_PAGE: u64 = 100;
const DEFAULT_PAGE: u64 = 20;
/// The most articles one ingest request may carry.
const MAX_INGEST_ARTICLES: usize = 1000;
/// How long an ingest request's body may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a reader waits for the writer's lock before failing.
const BUSY_MS: u64 = 5000;
/// How long the background writers (API ingest, search index, syntheses)
/// wait for the writer's lock: other processes may hold it in turns for
/// long on a busy machine, and a write given up is an ingest refused.
const WRITER_BUSY_MS: u64 = 120_000;

/// The OpenAPI description of the JSON API, kept in the repository.
const OPENAPI: &str = include_str!("../../../docs/openapi.json");

type IngestReply = tokio::sync::oneshot::Sender<Result<Vec<(String, Outcome)>, String>>;

struct App {
    db: PathBuf,
    token: Option<Vec<u8>>,
    ingest: Option<mpsc::Sender<(Vec<Article>, IngestReply)>>,
    max_body: usize,
    /// The store's generation: its highest article `seq`, and the number of
    /// answers a page cached at another generation may still be given for.
    generation: Arc<AtomicU64>,
    /// Which stories changed when, so a story's page stays cached while
    /// other stories change.
    changes: Arc<RwLock<StoryChanges>>,
    cache: Mutex<AnswerCache>,
    /// The routes without the cache, to render a stale answer again in the
    /// background (set once the router is built).
    render: OnceLock<Router>,
    /// The answers being rendered again in the background.
    refreshing: Mutex<HashSet<String>>,
    /// The answers not cached being rendered, each with the requests
    /// waiting for it.
    pending: Mutex<HashMap<String, Arc<tokio::sync::Notify>>>,
    /// Syntheses computed by readers, for the keeper thread to store.
    keeper: mpsc::Sender<synthesis::Made>,
}

/// What the follower has seen of the store: up to which `seq`, the `seq` of
/// each story's latest article since the server started, and how many
/// stories had merged.
#[derive(Default)]
struct StoryChanges {
    through: u64,
    changed: HashMap<StoryId, u64>,
    merged: i64,
}

impl StoryChanges {
    /// True when the page of `story`, rendered at `generation` while `merged`
    /// stories had merged, still shows the store at `now`.
    fn story_unchanged(&self, story: StoryId, generation: u64, merged: i64, now: u64) -> bool {
        self.through >= now
            && self.merged == merged
            && self.changed.get(&story).is_none_or(|&s| s <= generation)
    }
}

/// The story a cached path shows, if it is a story's page or JSON.
fn story_of_path(path: &str) -> Option<StoryId> {
    path.strip_prefix("/story/")
        .or_else(|| path.strip_prefix("/api/stories/"))?
        .parse()
        .ok()
}

/// A rendered answer to a GET, kept while the store has not changed, or for
/// [`MAX_STALE`] after it did (so a busy ingest does not make every reader
/// render every page again).
struct Cached {
    generation: u64,
    /// The story shown (story pages) and the merges known when rendered.
    story: Option<(StoryId, i64)>,
    made: Instant,
    headers: HeaderMap,
    body: axum::body::Bytes,
}

/// How long an answer is given, once the store changed, before it is
/// rendered again; it is still given while that runs in the background.
const MAX_STALE: Duration = Duration::from_secs(5);
/// The most answers rendered again in the background at once (readers
/// waiting for a page come first).
const MAX_REFRESHES: usize = 2;
/// Answers kept at most; their bytes (bodies, headers and keys) are capped
/// by `--cache-bytes` (default [`CACHE_BYTES`]); the cache starts over when
/// either is reached. Counting entries alone let 600 GETs of one large
/// article (with different query strings) take the server to 2.8 GB.
const CACHE_ENTRIES: usize = 4096;
pub const CACHE_BYTES: usize = 256 << 20;

/// The cached answers by request URI, with their size.
struct AnswerCache {
    answers: HashMap<String, Cached>,
    bytes: usize,
    /// The most bytes held; an answer over a sixteenth of it is given but
    /// not kept.
    cap: usize,
}

impl AnswerCache {
    fn new(cap: usize) -> AnswerCache {
        AnswerCache {
            answers: HashMap::new(),
            bytes: 0,
            cap,
        }
    }

    fn size(key: &str, c: &Cached) -> usize {
        let headers: usize = c
            .headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len() + 32)
            .sum();
        key.len() + c.body.len() + headers + std::mem::size_of::<Cached>()
    }

    fn get(&self, key: &str) -> Option<&Cached> {
        self.answers.get(key)
    }

    fn insert(&mut self, key: String, c: Cached) {
        let size = Self::size(&key, &c);
        if size > self.cap / 16 {
            self.remove(&key);
            return;
        }
        self.remove(&key);
        if self.answers.len() >= CACHE_ENTRIES || self.bytes + size > self.cap {
            self.answers.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.answers.insert(key, c);
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.answers.remove(key) {
            self.bytes -= Self::size(key, &old);
        }
    }
}

pub fn serve(db: &Path, args: &ServeOptions) -> Result<()> {
    let token = read_token(args)?;
    {
        let store = Store::open(db)?;
        let added = search::sync(&store)?;
        if added > 0 {
            eprintln!("marsad: indexed {added} articles for search");
        }
    }
    // Rayon's threads serve ingest and synthesis only: background work.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| background())
        .build_global();
    let generation = Arc::new(AtomicU64::new(0));
    let changes = Arc::new(RwLock::new(StoryChanges::default()));
    let ingest = token
        .as_ref()
        .map(|_| start_ingest_thread(db.to_owned(), generation.clone()));
    start_follower(db.to_owned(), generation.clone(), changes.clone());
    let keeper = start_keeper(db.to_owned())?;
    let app = Arc::new(App {
        db: db.to_owned(),
        token,
        ingest,
        max_body: args.max_body_bytes,
        generation,
        changes,
        cache: Mutex::new(AnswerCache::new(args.cache_bytes)),
        render: OnceLock::new(),
        refreshing: Mutex::new(HashSet::new()),
        pending: Mutex::new(HashMap::new()),
        keeper,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(args.readers.max(1))
        .enable_io()
        .enable_time()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        // The first line of stdout says where (tests start on port 0).
        println!(
            "marsad: serving {} on http://{}",
            marsad_store::display_name(db),
            listener.local_addr()?
        );
        let routes = router(app.clone());
        tokio::spawn(warm(app, args.warm));
        accept(listener, routes, args).await;
        Ok(())
    })
}

/// Open files kept for the store's connections, the token file and the
/// like, below the open-file limit, when capping connections.
const SPARE_FILES: usize = 256;

/// Accepts connections and serves each on a task of its own, at most
/// `max_connections` at once: past that, new connections wait in the
/// kernel's backlog until one closes, so the process never runs out of open
/// files (which would refuse every connection). A connection that does not
/// send a request's headers within `header_timeout` (a slow client holding
/// a slot: slowloris) is closed, which bounds how long a slot is held idle.
async fn accept(listener: tokio::net::TcpListener, routes: Router, args: &ServeOptions) {
    // The soft limit on open files is often 1,024, below the connection cap:
    // it is raised as far as the hard limit allows, and the cap lowered to
    // fit what it is.
    let wanted = args.max_connections.saturating_add(SPARE_FILES) as u64;
    let max = match rlimit::increase_nofile_limit(wanted) {
        Ok(limit) => args.max_connections.min(
            usize::try_from(limit)
                .unwrap_or(usize::MAX)
                .saturating_sub(SPARE_FILES)
                .max(16),
        ),
        Err(_) => args.max_connections,
    }
    .max(1);
    let slots = Arc::new(tokio::sync::Semaphore::new(max));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(args.header_timeout);
    let http = Arc::new(http);
    loop {
        let slot = slots
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // A connection reset before it was accepted, or a shortage
                // of file descriptors elsewhere: wait a little, go on.
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                ) {
                    eprintln!("marsad serve: accepting a connection: {e}");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(routes.clone());
        let http = http.clone();
        tokio::spawn(async move {
            // An error here is the client's (closed early, too slow, bad
            // request line): the connection ends, nothing else to do.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

fn read_token(args: &ServeOptions) -> Result<Option<Vec<u8>>> {
    let raw = match &args.token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("reading the token file {}", f.display()))?,
        ),
        None => std::env::var("MARSAD_TOKEN").ok(),
    };
    match raw.map(|t| t.trim().to_owned()) {
        Some(t) if t.len() < 16 => {
            anyhow::bail!("the ingest token must be at least 16 characters long")
        }
        Some(t) => Ok(Some(t.into_bytes())),
        None => Ok(None),
    }
}

fn router(app: Arc<App>) -> Router {
    let routes = Router::new()
        .route("/", get(list_page))
        .route("/story/{id}", get(story_page))
        .route("/article/{id}", get(article_page))
        .route("/search", get(search_page))
        .route("/static/{name}", get(static_file))
        .route("/openapi.json", get(openapi))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/articles", axum::routing::post(api_ingest))
        .route("/api/articles/{id}", get(api_article))
        .route("/api/search", get(api_search))
        .route("/api/events", get(api_events))
        .fallback(|uri: axum::http::Uri| async move {
            let fail = Fail::not_found("no such page");
            if uri.path().starts_with("/api/") {
                fail.json()
            } else {
                fail.html()
            }
        })
        .with_state(app.clone());
    let _ = app.render.set(routes.clone());
    routes
        .layer(axum::middleware::from_fn_with_state(app, cached))
        // Outermost, so axum's own answers (400 for a bad path or query, 405
        // for a wrong method) carry the headers too.
        .layer(axum::middleware::map_response(with_security_headers))
}

async fn with_security_headers(mut r: Response) -> Response {
    security_headers(r.headers_mut());
    r
}

/// Answers a GET from the cache when it may, else renders it and keeps a
/// successful answer. Cached answers are byte for byte what was rendered.
/// An answer the store has moved past is still given for [`MAX_STALE`];
/// after that it is given once more while it is rendered again in the
/// background (stale-while-revalidate), so a busy ingest never makes a
/// reader wait for a page to be rendered.
async fn cached(
    State(app): State<Arc<App>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // Only GET answers are cached; the event stream never ends, so it is not.
    if req.method() != axum::http::Method::GET || req.uri().path() == "/api/events" {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    loop {
        let seen = app.seen();
        match app.lookup(&key, seen) {
            Some((answer, true)) => return answer,
            Some((answer, false)) => {
                app.refresh(key, req.uri().clone());
                return answer;
            }
            None => {}
        }
        // Not cached: render it, unless another request is rendering it
        // already; then wait for that one and look again.
        let waiting = {
            let mut pending = app.pending.lock().expect("pending lock");
            match pending.get(&key) {
                // Made under the lock, before the renderer can finish: it
                // is woken however soon that comes.
                Some(rendering) => Some(rendering.clone().notified_owned()),
                None => {
                    pending.insert(key.clone(), Arc::new(tokio::sync::Notify::new()));
                    None
                }
            }
        };
        match waiting {
            Some(done) => done.await,
            None => {
                // Whatever ends the render (an answer, a dropped connection),
                // the waiters are woken.
                let _rendering = Rendering {
                    app: &app,
                    key: &key,
                };
                let story = story_of_path(req.uri().path());
                return app
                    .keep(key.clone(), seen, story, next.run(req).await)
                    .await;
            }
        }
    }
}

/// A render in progress, announced in [`App::pending`] until dropped.
struct Rendering<'a> {
    app: &'a App,
    key: &'a str,
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        let mut pending = self.app.pending.lock().expect("pending lock");
        if let Some(waiters) = pending.remove(self.key) {
            waiters.notify_waiters();
        }
    }
}

/// Renders the story list and the pages of the `stories` most recently
/// active stories into the cache, one at a time (readers arriving meanwhile
/// are served beside it).
async fn warm(app: Arc<App>, stories: u64) {
    if stories == 0 {
        return;
    }
    let ids = read(&app, move |store| {
        Ok(store.story_page(&StoryFilter::default(), 0, stories)?)
    })
    .await;
    let paths = std::iter::once("/".to_owned())
        .chain(ids.unwrap_or_default().into_iter().map(web::story_href));
    for path in paths {
        let seen = app.seen();
        let Ok(uri) = path.parse() else { continue };
        if app.lookup(&path, seen).is_some() {
            continue;
        }
        if let Some(r) = app.render_uncached(uri).await {
            app.keep(path.clone(), seen, story_of_path(&path), r).await;
        }
    }
}

/// What the server had seen of the store when it began an answer.
#[derive(Clone, Copy)]
struct Seen {
    generation: u64,
    merged: i64,
}

impl App {
    /// The cached answer to `key`, and whether it may be given as it is
    /// (else it is given while rendered again).
    fn lookup(&self, key: &str, seen: Seen) -> Option<(Response, bool)> {
        let cache = self.cache.lock().expect("cache lock");
        let c = cache.get(key)?;
        let current = c.generation == seen.generation
            || c.story.is_some_and(|(id, merged)| {
                let changes = self.changes.read().expect("changes lock");
                changes.story_unchanged(id, c.generation, merged, seen.generation)
            });
        Some((c.answer(), current || c.made.elapsed() < MAX_STALE))
    }

    /// Read before rendering: a change during it makes the answer stale.
    fn seen(&self) -> Seen {
        Seen {
            merged: self.changes.read().expect("changes lock").merged,
            generation: self.generation.load(Ordering::Acquire),
        }
    }

    /// Keeps a successful answer in the cache, and gives it.
    async fn keep(&self, key: String, seen: Seen, story: Option<StoryId>, r: Response) -> Response {
        if !cacheable(r.status()) {
            return r;
        }
        let (parts, body) = r.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return Fail::from(anyhow::anyhow!("an answer could not be read back")).html();
        };
        let mut cache = self.cache.lock().expect("cache lock");
        cache.insert(
            key,
            Cached {
                generation: seen.generation,
                story: story.map(|id| (id, seen.merged)),
                made: Instant::now(),
                headers: parts.headers.clone(),
                body: bytes.clone(),
            },
        );
        Response::from_parts(parts, Body::from(bytes))
    }

    /// Renders a GET through the routes without the cache (`None` before
    /// the router is built).
    async fn render_uncached(&self, uri: axum::http::Uri) -> Option<Response> {
        use tower::ServiceExt;
        let routes = self.render.get().cloned()?;
        let mut req = axum::extract::Request::new(Body::empty());
        *req.uri_mut() = uri;
        let Ok(r) = routes.oneshot(req).await;
        Some(r)
    }

    /// Renders a cached answer again in the background, unless it is being
    /// rendered already or [`MAX_REFRESHES`] are.
    fn refresh(self: &Arc<Self>, key: String, uri: axum::http::Uri) {
        {
            let mut running = self.refreshing.lock().expect("refresh lock");
            if running.len() >= MAX_REFRESHES || !running.insert(key.clone()) {
                return;
            }
        }
        let app = self.clone();
        tokio::spawn(async move {
            let seen = app.seen();
            let story = story_of_path(uri.path());
            if let Some(r) = app.render_uncached(uri).await {
                if cacheable(r.status()) {
                    app.keep(key.clone(), seen, story, r).await;
                } else {
                    // Gone (a page that no longer exists): not given from the cache again.
                    app.cache.lock().expect("cache lock").remove(&key);
                }
            }
            app.refreshing.lock().expect("refresh lock").remove(&key);
        });
    }
}

/// Answers kept: pages, and the redirects of merged stories (a merge is
/// never undone).
fn cacheable(status: StatusCode) -> bool {
    matches!(status, StatusCode::OK | StatusCode::PERMANENT_REDIRECT)
}

impl Cached {
    fn answer(&self) -> Response {
        let mut r = Response::new(Body::from(self.body.clone()));
        *r.headers_mut() = self.headers.clone();
        r
    }
}

// ------------------------------------------------------------ responses

/// A request that could not be answered: the status and a reason for people.
struct Fail {
    status: StatusCode,
    message: String,
}

impl Fail {
    fn new(status: StatusCode, message: impl Into<String>) -> Fail {
        Fail {
            status,
            message: message.into(),
        }
    }
    fn bad(message: impl Into<String>) -> Fail {
        Fail::new(StatusCode::BAD_REQUEST, message)
    }
    fn not_found(message: impl Into<String>) -> Fail {
        Fail::new(StatusCode::NOT_FOUND, message)
    }
    fn json(self) -> Response {
        respond(
            self.status,
            "application/json",
            json!({"error": self.message}).to_string(),
        )
    }
    fn html(self) -> Response {
        respond(
            self.status,
            "text/html; charset=utf-8",
            web::error_page(&self.message),
        )
    }
}

impl From<anyhow::Error> for Fail {
    fn from(e: anyhow::Error) -> Fail {
        eprintln!("marsad serve: {e:#}");
        Fail::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

impl From<marsad_store::StoreError> for Fail {
    fn from(e: marsad_store::StoreError) -> Fail {
        anyhow::Error::from(e).into()
    }
}

/// Every response carries these: no script may run and nothing is loaded
/// from elsewhere, even if some text were ever left unescaped.
fn respond(status: StatusCode, kind: &'static str, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    security_headers(h);
    r
}

fn security_headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

fn json_ok(v: &Value) -> Response {
    respond(StatusCode::OK, "application/json", v.to_string())
}

fn html_ok(page: String) -> Response {
    respond(StatusCode::OK, "text/html; charset=utf-8", page)
}

fn api(r: Result<Value, Fail>) -> Response {
    r.map_or_else(Fail::json, |v| json_ok(&v))
}

fn page(r: Result<Response, Fail>) -> Response {
    r.unwrap_or_else(Fail::html)
}

// ------------------------------------------------------------ store access

thread_local! {
    /// This blocking-pool thread's own connection to the store.
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's store connection, opening it the first time
/// and again when it was lost (a PostgreSQL server restarted): a read that
/// failed on a lost connection is run once more on a new one.
fn with_store<T>(db: &Path, f: impl FnOnce(&Store) -> Result<T, Fail> + Clone) -> Result<T, Fail> {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        match f.clone()(connection(&mut slot, db)?) {
            Err(_) if slot.as_ref().is_some_and(|s| !s.answers()) => {
                *slot = None;
                f(connection(&mut slot, db)?)
            }
            r => r,
        }
    })
}

/// The connection in `slot`, opened when there is none or it was lost.
fn connection<'a>(slot: &'a mut Option<Store>, db: &Path) -> Result<&'a Store, Fail> {
    if slot.as_ref().is_none_or(Store::is_broken) {
        let store = Store::open(db)?;
        store.set_busy_timeout(BUSY_MS)?;
        *slot = Some(store);
    }
    Ok(slot.as_ref().expect("opened above"))
}

/// Runs store work on the blocking pool, never on the async threads.
async fn read<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&Store) -> Result<T, Fail> + Clone + Send + 'static,
) -> Result<T, Fail> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || with_store(&db, f))
        .await
        .map_err(|e| Fail::from(anyhow::anyhow!("reader thread: {e}")))?
}

// ------------------------------------------------------------ parameters

type QueryMap = HashMap<String, String>;

fn param<'a>(q: &'a QueryMap, name: &str) -> Option<&'a str> {
    q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn paging(q: &QueryMap) -> Result<(u64, u64), Fail> {
    let num = |name: &str, default: u64| -> Result<u64, Fail> {
        param(q, name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| Fail::bad(format!("{name} must be a whole number")))
        })
    };
    let offset = num("offset", 0)?;
    let limit = num("limit", DEFAULT_PAGE)?;
    if limit == 0 || limit > MAX_PAGE {
        return Err(Fail::bad(format!("limit must be between 1 and {MAX_PAGE}")));
    }
    Ok((offset, limit))
}

/// `from` and `to` (YYYY-MM-DD, both days included) and `outlet`.
fn story_filter(q: &QueryMap) -> Result<StoryFilter, Fail> {
    let day = |name: &str| -> Result<Option<i64>, Fail> {
        param(q, name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map(|d| {
                        Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
                            .timestamp()
                    })
                    .map_err(|_| Fail::bad(format!("{name} must be a date, YYYY-MM-DD")))
            })
            .transpose()
    };
    Ok(StoryFilter {
        outlet: param(q, "outlet").map(str::to_owned),
        from: day("from")?,
        until: day("to")?.map(|t| t + 86_400),
    })
}

fn story_id(raw: &str) -> Result<StoryId, Fail> {
    raw.parse()
        .map_err(|_| Fail::not_found(format!("no story {raw:?}")))
}

// ------------------------------------------------------------ shared reads

/// A page of stories and whether more follow.
fn load_page(store: &Store, q: &QueryMap) -> Result<(Vec<StoryView>, bool), Fail> {
    let (offset, limit) = paging(q)?;
    let filter = story_filter(q)?;
    let mut ids = store.story_page(&filter, offset, limit + 1)?;
    let more = ids.len() as u64 > limit;
    ids.truncate(limit as usize);
    Ok((report::load_story_list(store, &ids)?, more))
}

/// A story (merges followed) with its synthesis, and the live id. A
/// synthesis computed here goes to the keeper to be stored.
fn load_story(
    store: &Store,
    asked: StoryId,
    keeper: &mpsc::Sender<synthesis::Made>,
) -> Result<(StoryView, marsad_synth::Synthesis), Fail> {
    let live = store
        .resolve(asked)?
        .ok_or_else(|| Fail::not_found(format!("no story {asked}")))?;
    let mut view = report::load_stories(store, &[live])?
        .pop()
        .ok_or_else(|| Fail::not_found(format!("story {asked} holds no current article")))?;
    let (s, made) = synthesis::stored_or_made(store, live, &view.articles)?;
    if let Some(made) = made {
        // The keeper gone (it only stops with the server): not stored, still shown.
        let _ = keeper.send(made);
    }
    if !s.headline.is_empty() {
        view.headline = s.headline.clone();
    }
    Ok((view, s))
}

fn load_article(store: &Store, id: &str) -> Result<(marsad_store::StoredArticle, StoryId), Fail> {
    let a = store
        .article(id)?
        .ok_or_else(|| Fail::not_found(format!("no article {id:?}")))?;
    let story = store.resolve(a.story)?.unwrap_or(a.story);
    Ok((a, story))
}

// ------------------------------------------------------------ JSON API

async fn api_stories(State(app): State<Arc<App>>, Query(q): Query<QueryMap>) -> Response {
    api(read(&app, move |store| {
        let (offset, limit) = paging(&q)?;
        let (views, more) = load_page(store, &q)?;
        Ok(json!({
            "stories": views.iter().map(|s| report::story_json(s, false)).collect::<Vec<_>>(),
            "offset": offset,
            "limit": limit,
            "next_offset": more.then_some(offset + limit),
        }))
    })
    .await)
}

async fn api_story(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let keeper = app.keeper.clone();
    api(read(&app, move |store| {
        let asked = story_id(&id)?;
        let (view, s) = load_story(store, asked, &keeper)?;
        Ok(report::story_value(&view, asked, false, Some(&s))?)
    })
    .await)
}

async fn api_article(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    api(read(&app, move |store| {
        let (a, story) = load_article(store, &id)?;
        Ok(report::article_value(&a, story))
    })
    .await)
}

async fn api_search(State(app): State<Arc<App>>, Query(q): Query<QueryMap>) -> Response {
    api(read(&app, move |store| {
        let query = param(&q, "q").ok_or_else(|| Fail::bad("q (the words to find) is required"))?;
        let (offset, limit) = paging(&q)?;
        let hits = search::search(store, query, offset, limit)?;
        Ok(json!({
            "query": query,
            "offset": offset,
            "limit": limit,
            "hits": hits.iter().map(search::hit_json).collect::<Vec<_>>(),
        }))
    })
    .await)
}

/// Server-sent events: `event: store` with the store's generation (its
/// highest article `seq`) at once, then each time it changes, checked every
/// second; a comment line every 15 s keeps idle connections open.
async fn api_events(State(app): State<Arc<App>>) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let events = futures_util::stream::unfold(None, move |last: Option<u64>| {
        let app = app.clone();
        async move {
            loop {
                let now = app.generation.load(Ordering::Acquire);
                if last != Some(now) {
                    let event = Event::default().event("store").data(now.to_string());
                    return Some((Ok::<_, std::convert::Infallible>(event), Some(now)));
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn openapi() -> Response {
    respond(StatusCode::OK, "application/json", OPENAPI.to_owned())
}

// ------------------------------------------------------------ ingest

/// Compares a presented token with the expected one in time that depends
/// only on the expected token's length, never on where they differ.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = (given.len() != expected.len()) as u8;
    for (i, e) in expected.iter().enumerate() {
        diff |= e ^ given.get(i).copied().unwrap_or(0);
    }
    std::hint::black_box(diff) == 0
}

async fn api_ingest(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    api(ingest(&app, &headers, body).await)
}

/// The token of an `Authorization: Bearer TOKEN` header; the scheme's name
/// is case-insensitive (RFC 9110 §11.1), so `bearer` and `BEARER` do too.
fn bearer_token(value: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = value.split_at_checked(7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| rest.trim_ascii_start())
}

async fn ingest(app: &Arc<App>, headers: &HeaderMap, body: Body) -> Result<Value, Fail> {
    let (Some(expected), Some(jobs)) = (&app.token, &app.ingest) else {
        return Err(Fail::new(
            StatusCode::FORBIDDEN,
            "ingest is off: start marsad serve with --token-file or MARSAD_TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
        .and_then(bearer_token)
        .unwrap_or(b"");
    if !same_token(given, expected) {
        return Err(Fail::new(
            StatusCode::UNAUTHORIZED,
            "a valid bearer token is required",
        ));
    }
    // A body trickled in byte by byte must not hold the request for ever.
    let bytes = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, app.max_body))
        .await
        .map_err(|_| {
            Fail::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("the body took over {} s to arrive", BODY_TIMEOUT.as_secs()),
            )
        })?
        .map_err(|_| {
            Fail::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is over {} bytes", app.max_body),
            )
        })?;
    // Parsing and HTML extraction are CPU work: on the blocking pool, so a
    // large POST never holds an async worker that readers' requests need.
    let (articles, failed) = tokio::task::spawn_blocking(move || articles_of_body(&bytes))
        .await
        .map_err(|e| Fail::from(anyhow::anyhow!("reading the articles failed: {e}")))??;
    let outcomes = if articles.is_empty() {
        vec![]
    } else {
        let (tx, rx) = tokio::sync::oneshot::channel();
        jobs.send((articles, tx))
            .map_err(|_| Fail::from(anyhow::anyhow!("the ingest thread has stopped")))?;
        rx.await
            .map_err(|_| Fail::from(anyhow::anyhow!("the ingest thread has stopped")))?
            .map_err(|e| Fail::from(anyhow::anyhow!(e)))?
    };
    let added = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Added { .. }))
        .count();
    Ok(json!({
        "added": added,
        "unchanged": outcomes.len() - added,
        "failed": failed,
        "articles": outcomes.iter().map(|(id, o)| {
            let story = match o { Outcome::Added { story, .. } | Outcome::Unchanged { story } => *story };
            json!({"id": id, "story": story})
        }).collect::<Vec<_>>(),
    }))
}

/// The articles of an ingest request's body, and the items that are none.
fn articles_of_body(bytes: &[u8]) -> Result<(Vec<Article>, Vec<Value>), Fail> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Fail::bad(format!("the body is not JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    if items.len() > MAX_INGEST_ARTICLES {
        return Err(Fail::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_INGEST_ARTICLES} articles per request"),
        ));
    }
    let opts = marsad_ingest::Options::default();
    let mut articles = Vec::new();
    let mut failed = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let input = format!("request#{i}");
        match marsad_ingest::article_from_json(&input, "api", item, &opts) {
            // An article needs its own id (or url): a position in one request
            // would name different articles in the next.
            Ok(a) if a.id == input => {
                failed.push(json!({"input": input, "reason": "no \"id\" or \"url\""}))
            }
            Ok(a) => articles.push(a),
            Err(e) => failed.push(json!({"input": e.input, "reason": e.reason})),
        }
    }
    Ok((articles, failed))
}

/// Takes articles into the store through the pipeline, as `marsad ingest`
/// does, and brings the search index along; answers each article's id and
/// story (merges followed). The one place the server calls the pipeline.
pub fn ingest_articles(p: &mut Pipeline, articles: &[Article]) -> Result<Vec<(String, Outcome)>> {
    let batch = p.prepare(articles.to_vec())?;
    let outcomes = p.ingest_batch(batch)?;
    p.flush()?;
    search::sync(&p.store)?;
    Ok(articles
        .iter()
        .zip(outcomes)
        .map(|(a, o)| {
            let o = match o {
                Outcome::Added { story, opened } => Outcome::Added {
                    story: p.clusterer.resolve(story),
                    opened,
                },
                Outcome::Unchanged { story } => Outcome::Unchanged {
                    story: p.clusterer.resolve(story),
                },
            };
            (a.id.clone(), o)
        })
        .collect())
}

/// The writer: one thread owning the pipeline, taking batches in turn.
fn start_ingest_thread(
    db: PathBuf,
    generation: Arc<AtomicU64>,
) -> mpsc::Sender<(Vec<Article>, IngestReply)> {
    let (tx, rx) = mpsc::channel::<(Vec<Article>, IngestReply)>();
    std::thread::spawn(move || {
        // The pipeline's store writer, started from here, inherits this.
        background();
        let open = || {
            let pipeline = Pipeline::open(&db, Params::default()).map_err(|e| format!("{e:#}"));
            if let Ok(p) = &pipeline {
                if let Err(e) = p.store.set_busy_timeout(WRITER_BUSY_MS) {
                    eprintln!("marsad serve: {e}");
                }
            }
            pipeline
        };
        let ingest = |pipeline: &mut Result<Pipeline, String>, articles: &[Article]| match pipeline
        {
            Ok(p) => ingest_articles(p, articles)
                .and_then(|o| {
                    generation.store(p.store.max_seq()? as u64, Ordering::Release);
                    Ok(o)
                })
                .map_err(|e| {
                    eprintln!("marsad serve: ingest: {e:#}");
                    format!("{e:#}")
                }),
            Err(e) => Err(e.clone()),
        };
        let mut pipeline = open();
        for (articles, reply) in rx {
            let mut result = ingest(&mut pipeline, &articles);
            if result.is_err() {
                // A failed turn leaves this process's state ahead of the
                // store (what it took was not stored), or its connection
                // lost (a PostgreSQL server restarted): the pipeline is
                // opened again from the store's checkpoint and log. When the
                // connection was what failed, the batch is tried once more.
                let lost = match &pipeline {
                    Ok(p) => !p.store.answers(),
                    Err(_) => true,
                };
                // The old pipeline goes first: its writer's open turn (an
                // SQLite write transaction) must end before a new one opens.
                drop(std::mem::replace(&mut pipeline, Err(String::new())));
                pipeline = open();
                if lost {
                    result = ingest(&mut pipeline, &articles);
                }
            }
            let _ = reply.send(result);
        }
    });
    tx
}

/// Follows the store, whoever writes to it (this server's ingest, `marsad
/// ingest`, `watch`): every second, brings the search index up to date, the
/// stories that changed, and the store's generation.
fn start_follower(db: PathBuf, generation: Arc<AtomicU64>, changes: Arc<RwLock<StoryChanges>>) {
    let follow = move |store: &Store| -> Result<()> {
        search::sync(store)?;
        let now = store.max_seq()? as u64;
        let since = changes.read().expect("changes lock").through;
        let changed = store.stories_changed_since(since as i64)?;
        let merged = store.merged_count()?;
        {
            let mut c = changes.write().expect("changes lock");
            for (story, seq) in changed {
                c.changed.insert(story, seq as u64);
            }
            c.merged = merged;
            c.through = now;
        }
        generation.fetch_max(now, Ordering::AcqRel);
        Ok(())
    };
    let Ok(store) = Store::open(&db) else { return };
    let _ = store.set_busy_timeout(WRITER_BUSY_MS);
    if let Err(e) = follow(&store) {
        eprintln!("marsad serve: {e:#}");
    }
    std::thread::spawn(move || {
        background();
        let mut store = store;
        loop {
            std::thread::sleep(Duration::from_secs(1));
            reopen_if_lost(&mut store, &db);
            if let Err(e) = follow(&store) {
                eprintln!("marsad serve: search index: {e:#}");
            }
        }
    });
}

/// The keeper: the one thread that stores syntheses. It stores those the
/// readers computed, and every second brings up to date the syntheses of
/// the stories that changed, so that most pages find theirs current.
fn start_keeper(db: PathBuf) -> Result<mpsc::Sender<synthesis::Made>> {
    let store = Store::open(&db)?;
    store.set_busy_timeout(WRITER_BUSY_MS)?;
    let mut since = store.max_seq()?;
    let (tx, rx) = mpsc::channel::<synthesis::Made>();
    std::thread::spawn(move || {
        background();
        let mut store = store;
        let mut last_pass = Instant::now();
        loop {
            reopen_if_lost(&mut store, &db);
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(made) => {
                    if let Err(e) = made.store(&store) {
                        eprintln!("marsad serve: {e:#}");
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if last_pass.elapsed() >= Duration::from_secs(1) {
                last_pass = Instant::now();
                match keep_up(&store, since) {
                    Ok(through) => since = through,
                    Err(e) => eprintln!("marsad serve: synthesis: {e:#}"),
                }
            }
        }
    });
    Ok(tx)
}

/// Opens `store` again when its connection was lost (a PostgreSQL server
/// restarted); while it cannot be, the old one stays and its work fails
/// with a line each second, until the server is back.
fn reopen_if_lost(store: &mut Store, db: &Path) {
    if store.is_broken() {
        if let Ok(s) = Store::open(db) {
            let _ = s.set_busy_timeout(WRITER_BUSY_MS);
            *store = s;
        }
    }
}

/// Synthesizes the stories changed after `since` (an article `seq`) whose
/// stored synthesis is not current; returns the `seq` seen through.
fn keep_up(store: &Store, since: i64) -> Result<i64> {
    let through = store.max_seq()?;
    for (story, _) in store.stories_changed_since(since)? {
        if synthesis::is_current(store, story)? {
            continue;
        }
        let articles = store.story_articles(story)?;
        if articles.is_empty() {
            continue; // merged into another story, which changed too
        }
        if let (_, Some(made)) = synthesis::stored_or_made(store, story, &articles)? {
            made.store(store)?;
        }
    }
    Ok(through)
}

/// Lowers the calling thread's CPU priority for background work (to nice
/// 9 on Linux): ingest, indexing and synthesis run beside the readers, and a
/// reader kept waiting behind them is what a person notices. Threads it
/// starts inherit it.
fn background() {
    if let Err(e) = set_thread_nice(BACKGROUND_NICE) {
        eprintln!("marsad serve: cannot lower a thread's priority: {e}");
    }
}

/// Readers keep the default (nice 0).
const BACKGROUND_NICE: i32 = 9;

// ------------------------------------------------------------ web UI

async fn list_page(State(app): State<Arc<App>>, Query(q): Query<QueryMap>) -> Response {
    page(
        read(&app, move |store| {
            let mut q = q;
            // The UI shows a page size of its own; a bad one is not an error there.
            q.remove("limit");
            let (offset, limit) = paging(&q)?;
            let (views, more) = load_page(store, &q)?;
            let lq = web::ListQuery {
                from: param(&q, "from").unwrap_or("").to_owned(),
                to: param(&q, "to").unwrap_or("").to_owned(),
                outlet: param(&q, "outlet").unwrap_or("").to_owned(),
                offset,
                limit,
            };
            Ok(html_ok(web::story_list(
                &views,
                more,
                &lq,
                &store.outlets()?,
            )))
        })
        .await,
    )
}

async fn story_page(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let keeper = app.keeper.clone();
    page(
        read(&app, move |store| {
            let asked = story_id(&id)?;
            let live = store
                .resolve(asked)?
                .ok_or_else(|| Fail::not_found(format!("no story {asked}")))?;
            if live != asked {
                // A merged story answers as the story it went into.
                let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
                r.headers_mut().insert(
                    header::LOCATION,
                    HeaderValue::from_str(&web::story_href(live)).expect("digits"),
                );
                return Ok(r);
            }
            let (view, s) = load_story(store, live, &keeper)?;
            Ok(html_ok(web::story_page(&view, &s)))
        })
        .await,
    )
}

async fn article_page(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<QueryMap>,
) -> Response {
    page(
        read(&app, move |store| {
            let (a, story) = load_article(store, &id)?;
            // `cite=START-END`: a byte range of the text to mark, ignored unless
            // it falls on character boundaries inside the text.
            let cite = param(&q, "cite")
                .and_then(|c| c.split_once('-'))
                .and_then(|(s, e)| Some(Span::new(s.parse().ok()?, e.parse().ok()?)))
                .filter(|s| s.start < s.end && a.article.text.get(s.start..s.end).is_some());
            Ok(html_ok(web::article_page(&a, story, cite)))
        })
        .await,
    )
}

async fn search_page(State(app): State<Arc<App>>, Query(q): Query<QueryMap>) -> Response {
    page(
        read(&app, move |store| {
            let query = param(&q, "q").unwrap_or("").to_owned();
            let hits = search::search(store, &query, 0, DEFAULT_PAGE)?;
            Ok(html_ok(web::search_page(&query, &hits)))
        })
        .await,
    )
}

/// Static files come from a fixed table compiled into the binary: a name is
/// looked up, never joined to a path, so no request can reach the disk.
async fn static_file(UrlPath(name): UrlPath<String>) -> Response {
    let (kind, body) = match name.as_str() {
        "style.css" => ("text/css; charset=utf-8", web::STYLE),
        "live.js" => ("text/javascript; charset=utf-8", web::LIVE_JS),
        _ => return Fail::not_found("no such file").html(),
    };
    let mut r = respond(StatusCode::OK, kind, body.to_owned());
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::{bearer_token, same_token, AnswerCache, Cached, CACHE_BYTES};

    #[test]
    fn the_answer_cache_is_bounded_in_bytes() {
        let mut cache = AnswerCache::new(CACHE_BYTES);
        let body = axum::body::Bytes::from(vec![b'x'; 3 << 20]);
        for i in 0..1000 {
            let answer = Cached {
                generation: 0,
                story: None,
                made: std::time::Instant::now(),
                headers: axum::http::HeaderMap::new(),
                body: body.clone(),
            };
            cache.insert(format!("/article/a?x={i}"), answer);
            let held: usize = cache.answers.values().map(|c| c.body.len()).sum();
            assert!(
                cache.bytes <= CACHE_BYTES && held <= CACHE_BYTES,
                "{i}: {}",
                cache.bytes
            );
        }
        assert!(!cache.answers.is_empty());
        let key = cache.answers.keys().next().unwrap().clone();
        cache.remove(&key);
        let sizes: usize = cache
            .answers
            .iter()
            .map(|(k, c)| AnswerCache::size(k, c))
            .sum();
        assert_eq!(sizes, cache.bytes);
    }

    #[test]
    fn the_auth_scheme_is_case_insensitive() {
        for v in ["Bearer t0k", "bearer t0k", "BEARER  t0k"] {
            assert_eq!(bearer_token(v.as_bytes()), Some(&b"t0k"[..]), "{v}");
        }
        assert_eq!(bearer_token(b"Basic t0k"), None);
        assert_eq!(bearer_token(b"Bear"), None);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"0123456789abcdef", b"0123456789abcdef"));
        assert!(!same_token(b"0123456789abcdeX", b"0123456789abcdef"));
        assert!(!same_token(b"0123456789abcdef0", b"0123456789abcdef"));
        assert!(!same_token(b"", b"0123456789abcdef"));
    }
}
