//! `marsad watch`: polls RSS/Atom feeds (given as URLs or through OPML
//! lists) and fetches and ingests the article pages they point to, through
//! the same [`Pipeline`] and store as `marsad ingest`.
//!
//! Politeness and safety: only http and https; robots.txt is obeyed (and its
//! Crawl-delay, when longer than ours); one request at a time, with a delay
//! between two requests to the same host; a timeout per request; a size cap
//! per response (a longer one is cut, reported and not ingested); retries
//! with exponential backoff on timeouts, connection failures, 429 and 5xx.
//! Pages are parsed, never run. Only public addresses are connected to
//! (checked on the resolved addresses, so on numeric hosts, names and every
//! redirect alike), but for the hosts the user named; `--allow-private`
//! lifts that.
//!
//! What was fetched is kept in the store's `fetches` table, in the same
//! transaction as the articles it produced: feeds are asked for again with
//! their ETag / Last-Modified (a 304 costs nothing), and an article page is
//! fetched until it is had: a page that failed for a passing reason (the
//! retries above spent) is tried again on later polls, the first at the next
//! one, then skipping 1, 3, 7 polls, at most [`MAX_POLL_ATTEMPTS`] polls;
//! one that failed for good (404, 410, other 4xx, not HTML, no article,
//! refused address, robots.txt) is never asked for again.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use marsad_core::Article;
use marsad_store::{Fetch, Retry};

use crate::ingest::Observer;
use crate::pipeline::{Outcome, Pipeline};

/// What `watch` polls and how politely.
pub struct WatchOptions {
    /// OPML lists (files or URLs) and feed URLs.
    pub sources: Vec<String>,
    /// The store.
    pub db: PathBuf,
    pub read: marsad_ingest::Options,
    pub params: marsad_cluster::Params,
    /// Poll each feed once, ingest what is new, and return.
    pub once: bool,
    /// Seconds between two polls of the feeds.
    pub interval: f64,
    /// Seconds a request may take, from connecting to the last byte.
    pub timeout: f64,
    /// Largest response kept, in bytes; a longer one is cut and reported.
    pub max_response_bytes: u64,
    /// Seconds between two requests to the same host.
    pub host_delay: f64,
    /// Retries after a timeout, a connection failure, a 429 or a 5xx.
    pub retries: u32,
    /// Seconds before the first retry; each next one waits twice as long.
    pub backoff: f64,
    /// Fetch from loopback, private, link-local and other non-public
    /// addresses too. Without it, only the hosts named in `sources` may be
    /// such (the user asked for them); a feed's links and redirects to any
    /// other non-public address are refused before connecting.
    pub allow_private: bool,
}

/// How long a worker holds a feed while it reads it and fetches its new
/// pages, at most (a lease normally ends when the work does).
const FEED_LEASE_SECONDS: i64 = 15 * 60;

/// Leases in the store, so that `watch` workers sharing a store never
/// fetch the same page (nor read the same feed at once): a worker leases a
/// URL before asking for it and releases it once the fetch is recorded. A
/// worker that dies holds nothing past the lease's end.
struct Leases {
    /// A connection of its own: a lease is taken and ended at once, outside
    /// the writer's turns.
    store: marsad_store::Store,
    /// This worker, unique among the processes sharing the store.
    holder: String,
}

impl Leases {
    fn open(db: &std::path::Path) -> Result<Leases> {
        use std::hash::{BuildHasher, Hasher};
        let nonce = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Ok(Leases {
            store: marsad_store::Store::open(db)?,
            holder: format!("{}-{nonce:016x}", std::process::id()),
        })
    }

    /// Whether this worker now holds `url` for `seconds`.
    fn take(&self, url: &str, seconds: i64) -> Result<bool> {
        let now = chrono::Utc::now().timestamp();
        Ok(self.store.lease(url, &self.holder, now, now + seconds)?)
    }

    fn release(&self, url: &str) -> Result<()> {
        Ok(self.store.release(url, &self.holder)?)
    }
}

/// The product token robots.txt rules are matched against.
const ROBOT_NAME: &str = "marsad";

/// The most polls that try one page; past that, its failure is final.
pub const MAX_POLL_ATTEMPTS: u32 = 6;

/// When a page that `attempts` polls failed to fetch may be tried again: at
/// the next poll after the first failure, then 1, 3, 7 … poll intervals
/// later (at most a week).
fn next_try(now: i64, attempts: u32, interval: f64) -> i64 {
    let polls = (1u64 << attempts.saturating_sub(1).min(20)) - 1;
    let wait = (interval.max(1.0) * polls as f64).min(7.0 * 86_400.0);
    now + wait as i64
}

/// Polls the feeds until stopped (or once), telling `observer` of each
/// failure and, after each poll, a one-line summary.
pub fn run(args: &WatchOptions, observer: &dyn Observer) -> Result<()> {
    let mut pipeline = Pipeline::open(&args.db, args.params.clone())?;
    let mut fetcher = Fetcher::new(args);
    let leases = Leases::open(&args.db)?;
    loop {
        let started = Instant::now();
        let poll = poll(args, observer, &mut pipeline, &mut fetcher, &leases)?;
        let elsewhere = match poll.elsewhere {
            0 => String::new(),
            n => format!(", {n} read by another worker"),
        };
        observer.note(&format!(
            "{} feeds ({} unchanged{elsewhere}), {} new articles, {} failed",
            poll.feeds, poll.unchanged_feeds, poll.added, poll.failed
        ));
        if args.once {
            if poll.feeds + poll.elsewhere == 0 {
                bail!("no feed could be read");
            }
            return Ok(());
        }
        let wait = Duration::from_secs_f64(args.interval.max(1.0));
        std::thread::sleep(wait.saturating_sub(started.elapsed()));
    }
}

#[derive(Default)]
struct Poll {
    feeds: usize,
    unchanged_feeds: usize,
    /// Feeds another worker was reading (leased): not read here this time.
    elsewhere: usize,
    added: usize,
    failed: usize,
    /// The pages asked for in this poll (each at most once per poll).
    asked: std::collections::HashSet<String>,
}

fn poll(
    args: &WatchOptions,
    observer: &dyn Observer,
    pipeline: &mut Pipeline,
    fetcher: &mut Fetcher,
    leases: &Leases,
) -> Result<Poll> {
    // robots.txt is read again at each poll: a long watch follows its changes.
    fetcher.robots.clear();
    let mut run = Poller {
        args,
        observer,
        pipeline,
        fetcher,
        leases,
        p: Poll::default(),
    };
    // Feed URLs, from the sources in order, each once.
    let mut feeds: Vec<String> = Vec::new();
    for source in &args.sources {
        match feed_urls(source, run.pipeline, run.fetcher) {
            Ok(urls) => feeds.extend(urls),
            Err(reason) => run.fail(source, &reason),
        }
    }
    let mut seen = std::collections::HashSet::new();
    feeds.retain(|f| seen.insert(f.clone()));

    for feed in feeds {
        // Another worker is reading this feed now: its pages are that
        // worker's this time.
        if !leases.take(&feed, FEED_LEASE_SECONDS)? {
            run.p.elsewhere += 1;
            continue;
        }
        let read = run.read_feed(&feed);
        leases.release(&feed)?;
        read?;
    }
    // Pages that failed for a passing reason and are due, whose feed did
    // not list them this time (or answered 304).
    let now = chrono::Utc::now().timestamp();
    for url in run.pipeline.due_fetches(now)? {
        if !run.p.asked.contains(&url) {
            run.take_page(&url, None)?;
        }
    }
    run.pipeline.flush()?;
    Ok(run.p)
}

/// One poll at work: what it reads with and what it has done.
struct Poller<'a> {
    args: &'a WatchOptions,
    observer: &'a dyn Observer,
    pipeline: &'a mut Pipeline,
    fetcher: &'a mut Fetcher,
    leases: &'a Leases,
    p: Poll,
}

impl Poller<'_> {
    fn fail(&mut self, input: &str, reason: &str) {
        self.observer.failed(input, reason);
        self.p.failed += 1;
    }

    /// Reads one feed (conditionally) and takes the pages it links to.
    fn read_feed(&mut self, feed: &str) -> Result<()> {
        let items = match fetch_conditional(feed, "feed", self.pipeline, self.fetcher) {
            Ok(None) => {
                self.p.feeds += 1;
                self.p.unchanged_feeds += 1;
                return Ok(());
            }
            Ok(Some(got)) => match marsad_ingest::parse_feed(&got.body, feed) {
                Ok(items) => {
                    self.p.feeds += 1;
                    items
                }
                Err(reason) => {
                    self.fail(feed, &reason);
                    return Ok(());
                }
            },
            Err(reason) => {
                self.fail(feed, &reason);
                return Ok(());
            }
        };
        for item in items {
            self.take_page(&item.url, Some(&item))?;
        }
        Ok(())
    }

    /// Fetches and ingests one article page a feed links to (`item`; `None`
    /// for a page tried again without its feed item), unless it is had,
    /// failed for good, not yet due for another try, or being fetched by
    /// another worker; records the fetch and ends the writer's turn.
    fn take_page(&mut self, url: &str, item: Option<&marsad_ingest::FeedItem>) -> Result<()> {
        let now = chrono::Utc::now().timestamp();
        // The polls that tried it so far, when it is to be asked for now.
        let due = |pipeline: &Pipeline| -> Result<Option<u32>> {
            Ok(match pipeline.fetch(url)? {
                None => Some(0),
                Some(Fetch { retry: Some(r), .. }) if r.next_try <= now => Some(r.attempts),
                Some(_) => None,
            })
        };
        if due(self.pipeline)?.is_none() || self.p.asked.contains(url) {
            return Ok(());
        }
        // Held by another worker: it is fetching the page now.
        let args = self.args;
        let seconds = (2.0 * args.timeout * f64::from(args.retries + 1) + 60.0) as i64;
        if !self.leases.take(url, seconds)? {
            return Ok(());
        }
        // Asked again under the lease: another worker may have fetched the
        // page between the first look and the lease.
        let taken = match due(self.pipeline)? {
            Some(tried) => self.fetch_page(url, item, tried),
            None => Ok(()),
        };
        self.leases.release(url)?;
        taken
    }

    /// Fetches, ingests and records one page (`tried`: the polls that tried
    /// it before), in one writer's turn.
    fn fetch_page(
        &mut self,
        url: &str,
        item: Option<&marsad_ingest::FeedItem>,
        tried: u32,
    ) -> Result<()> {
        let now = chrono::Utc::now().timestamp();
        self.p.asked.insert(url.to_owned());
        let outcome = match self.fetcher.get(url, None) {
            Ok(Got::Body(got)) if !got.is_html() => Err(Failure::Final(format!(
                "not an HTML page ({})",
                got.content_type.as_deref().unwrap_or("no content type")
            ))),
            Ok(Got::Body(got)) => {
                let html = marsad_ingest::decode_html(&got.body, got.charset.as_deref());
                marsad_ingest::article_from_html(url, Some(url), &html, self.args.read.tz)
                    .map(|a| match item {
                        Some(item) => with_feed_metadata(a, item),
                        None => a,
                    })
                    .map_err(|e| Failure::Final(e.reason))
            }
            Ok(Got::NotModified) => Err(Failure::Final(
                "304 Not Modified without a conditional request".into(),
            )),
            Err(failure) => Err(failure),
        };
        let record = |outcome: &str, retry: Option<Retry>| Fetch {
            url: url.to_owned(),
            kind: "page".into(),
            etag: None,
            last_modified: None,
            outcome: outcome.to_owned(),
            retry,
        };
        let fetched = match outcome {
            Ok(article) => {
                if matches!(self.pipeline.ingest(&article)?, Outcome::Added { .. }) {
                    self.p.added += 1;
                }
                record("ok", None)
            }
            Err(Failure::Retry(reason)) if tried + 1 < MAX_POLL_ATTEMPTS => {
                let attempts = tried + 1;
                self.fail(
                    url,
                    &format!(
                        "{reason}; tried again at a later poll \
                         (poll {attempts} of at most {MAX_POLL_ATTEMPTS})"
                    ),
                );
                let retry = Retry {
                    attempts,
                    next_try: next_try(now, attempts, self.args.interval),
                };
                record(&reason, Some(retry))
            }
            Err(Failure::Retry(reason)) => {
                let reason = format!("{reason}; given up after {MAX_POLL_ATTEMPTS} polls");
                self.fail(url, &reason);
                record(&reason, None)
            }
            Err(Failure::Final(reason)) => {
                self.fail(url, &reason);
                record(&reason, None)
            }
        };
        self.pipeline.record_fetch(&fetched)?;
        // The page and its fetch in one turn, ended before the next request:
        // no writer lock is held over the network.
        self.pipeline.flush()?;
        Ok(())
    }
}

/// The feed's title and date stand in for what the page does not say.
fn with_feed_metadata(mut a: Article, item: &marsad_ingest::FeedItem) -> Article {
    if a.title.is_empty() {
        a.title = item.title.clone().unwrap_or_default();
    }
    a.published = a.published.or(item.published);
    a
}

/// The feeds a source names: an OPML list's outlines, or the source itself
/// when it is a feed URL.
fn feed_urls(
    source: &str,
    pipeline: &mut Pipeline,
    fetcher: &mut Fetcher,
) -> std::result::Result<Vec<String>, String> {
    if source.contains("://") {
        if marsad_ingest::absolute_http(source, None).is_none() {
            return Err("only http and https URLs are fetched".into());
        }
        if !looks_like_opml_url(source) {
            return Ok(vec![source.to_owned()]);
        }
        // An OPML list over HTTP is fetched conditionally too; when it has
        // not changed, the feeds it named last time are polled.
        return match fetch_conditional(source, "opml", pipeline, fetcher)? {
            Some(got) => {
                let urls = marsad_ingest::parse_opml(&got.body)?;
                let list = serde_json::to_string(&urls).unwrap_or_default();
                let mut f = pipeline
                    .fetch(source)
                    .map_err(|e| e.to_string())?
                    .ok_or("OPML fetch not recorded")?;
                f.outcome = list;
                pipeline.record_fetch(&f).map_err(|e| e.to_string())?;
                Ok(urls)
            }
            None => {
                let f = pipeline.fetch(source).map_err(|e| e.to_string())?;
                Ok(f.and_then(|f| serde_json::from_str(&f.outcome).ok())
                    .unwrap_or_default())
            }
        };
    }
    let bytes = std::fs::read(PathBuf::from(source)).map_err(|e| e.to_string())?;
    marsad_ingest::parse_opml(&bytes)
}

fn looks_like_opml_url(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    path.ends_with(".opml") || path.ends_with("/opml")
}

/// Fetches `url` with the validators stored from its last fetch; `None`
/// when the server answers 304 Not Modified. The new validators are stored.
fn fetch_conditional(
    url: &str,
    kind: &str,
    pipeline: &mut Pipeline,
    fetcher: &mut Fetcher,
) -> std::result::Result<Option<Body>, String> {
    let stored = pipeline.fetch(url).map_err(|e| e.to_string())?;
    match fetcher.get(url, stored.as_ref()).map_err(Failure::reason)? {
        Got::NotModified => Ok(None),
        Got::Body(body) => {
            let f = Fetch {
                url: url.to_owned(),
                kind: kind.to_owned(),
                etag: body.etag.clone(),
                last_modified: body.last_modified.clone(),
                outcome: "ok".into(),
                retry: None,
            };
            pipeline.record_fetch(&f).map_err(|e| e.to_string())?;
            Ok(Some(body))
        }
    }
}

/// A response body with what the headers said about it.
struct Body {
    body: Vec<u8>,
    content_type: Option<String>,
    charset: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
}

impl Body {
    /// HTML (or XHTML), or unlabelled: pages without a content type are
    /// usually HTML, and the extractor finds no article in anything else.
    fn is_html(&self) -> bool {
        self.content_type
            .as_deref()
            .is_none_or(|t| t.trim().is_empty() || t.to_ascii_lowercase().contains("html"))
    }
}

enum Got {
    Body(Body),
    NotModified,
}

/// One HTTP client with the politeness rules: per-host delay, robots.txt,
/// retries with backoff, a size cap.
struct Fetcher {
    agent: ureq::Agent,
    max_bytes: u64,
    host_delay: Duration,
    retries: u32,
    backoff: Duration,
    /// When each host (scheme://host:port) was last sent a request.
    last_request: HashMap<String, Instant>,
    /// Each host's robots.txt rules, read once per poll (`None`: no rules).
    robots: HashMap<String, Option<texting_robots::Robot>>,
}

impl Fetcher {
    fn new(args: &WatchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs_f64(args.timeout.max(0.001))))
            .http_status_as_error(false)
            .max_redirects(5)
            .user_agent(concat!("marsad/", env!("CARGO_PKG_VERSION")))
            .build();
        let resolver = PublicOnly {
            named: named_hosts(&args.sources),
            allow_private: args.allow_private,
        };
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            resolver,
        );
        Fetcher {
            agent,
            max_bytes: args.max_response_bytes,
            host_delay: Duration::from_secs_f64(args.host_delay.max(0.0)),
            retries: args.retries,
            backoff: Duration::from_secs_f64(args.backoff.max(0.0)),
            last_request: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    /// GETs `url` (conditionally when `validators` has an ETag or a
    /// Last-Modified), obeying robots.txt, the host delay and the retries.
    fn get(&mut self, url: &str, validators: Option<&Fetch>) -> std::result::Result<Got, Failure> {
        let parsed = url::Url::parse(url).map_err(|e| Failure::Final(format!("bad URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Failure::Final(
                "only http and https URLs are fetched".into(),
            ));
        }
        let origin = parsed.origin().ascii_serialization();
        if !self.robots.contains_key(&origin) {
            let rules = self.read_robots(&origin);
            self.robots.insert(origin.clone(), rules);
        }
        let mut delay = self.host_delay;
        if let Some(Some(robot)) = self.robots.get(&origin) {
            if !robot.allowed(url) {
                return Err(Failure::Final("disallowed by robots.txt".into()));
            }
            if let Some(d) = robot.delay {
                delay = delay.max(Duration::from_secs_f32(d.clamp(0.0, 60.0)));
            }
        }
        let mut attempt = 0;
        loop {
            match self.attempt(url, &origin, delay, validators) {
                Err(Failure::Retry(_)) if attempt < self.retries => {
                    std::thread::sleep(self.backoff * 2u32.pow(attempt));
                    attempt += 1;
                }
                Err(Failure::Retry(reason)) if attempt > 0 => {
                    return Err(Failure::Retry(format!(
                        "{reason} (after {} attempts)",
                        attempt + 1
                    )))
                }
                Err(failure) => return Err(failure),
                Ok(got) => return Ok(got),
            }
        }
    }

    /// One request, after waiting out the host delay.
    fn attempt(
        &mut self,
        url: &str,
        origin: &str,
        delay: Duration,
        validators: Option<&Fetch>,
    ) -> std::result::Result<Got, Failure> {
        if let Some(last) = self.last_request.get(origin) {
            std::thread::sleep(delay.saturating_sub(last.elapsed()));
        }
        let mut request = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header("If-Modified-Since", lm);
            }
        }
        let result = request.call();
        self.last_request.insert(origin.to_owned(), Instant::now());
        let mut response = match result {
            Ok(r) => r,
            Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(Failure::Final(e.to_string()));
            }
            Err(e) => {
                let reason = match e {
                    ureq::Error::Timeout(_) => "timed out".to_owned(),
                    other => other.to_string(),
                };
                return Err(Failure::Retry(reason));
            }
        };
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Got::NotModified);
        }
        if status == 408 || status == 429 || status >= 500 {
            return Err(Failure::Retry(format!("HTTP {status}")));
        }
        if !(200..300).contains(&status) {
            return Err(Failure::Final(format!("HTTP {status}")));
        }
        let header = |k: &str| {
            response
                .headers()
                .get(k)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type");
        let charset = content_type.as_deref().and_then(|t| {
            t.split(';').find_map(|p| {
                p.trim()
                    .strip_prefix("charset=")
                    .map(|c| c.trim_matches('"').to_owned())
            })
        });
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        let mut body = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut body);
        if let Err(e) = read {
            return Err(
                if e.kind() == std::io::ErrorKind::TimedOut || e.to_string().contains("timeout") {
                    Failure::Retry("timed out".into())
                } else {
                    Failure::Retry(format!("reading the response: {e}"))
                },
            );
        }
        if body.len() as u64 > self.max_bytes {
            return Err(Failure::Final(format!(
                "response over the cap of {} bytes, cut there and not ingested",
                self.max_bytes
            )));
        }
        Ok(Got::Body(Body {
            body,
            content_type,
            charset,
            etag,
            last_modified,
        }))
    }

    /// A host's robots.txt; `None` (no rules) when it has none or cannot be
    /// read.
    fn read_robots(&mut self, origin: &str) -> Option<texting_robots::Robot> {
        let url = format!("{origin}/robots.txt");
        let got = self.attempt(&url, origin, self.host_delay, None).ok()?;
        match got {
            Got::Body(b) => texting_robots::Robot::new(ROBOT_NAME, &b.body).ok(),
            Got::NotModified => None,
        }
    }
}

enum Failure {
    /// Worth another try later (timeouts, refused connections, 408, 429,
    /// 5xx).
    Retry(String),
    /// Not worth another try (404, 410 and other 4xx, a refused address,
    /// robots.txt, a page with no article).
    Final(String),
}

impl Failure {
    fn reason(self) -> String {
        match self {
            Failure::Retry(r) | Failure::Final(r) => r,
        }
    }
}

/// The hosts (and ports) of the sources the user gave as URLs: these may be
/// on non-public addresses, since the user asked for them.
fn named_hosts(sources: &[String]) -> Vec<(String, u16)> {
    sources
        .iter()
        .filter_map(|s| url::Url::parse(s).ok())
        .filter_map(|u| {
            Some((
                u.host_str()?.to_ascii_lowercase(),
                u.port_or_known_default()?,
            ))
        })
        .collect()
}

/// A resolver that gives only public addresses (but for the hosts the user
/// named, or everything with `--allow-private`). ureq asks it for every
/// connection, redirects included, and connects only to what it gives, so
/// a name resolving to 127.0.0.1, a numeric private host or a redirect to
/// one is refused before any packet is sent.
#[derive(Debug)]
struct PublicOnly {
    named: Vec<(String, u16)>,
    allow_private: bool,
}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> std::result::Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        use ureq::unversioned::resolver::DefaultResolver;
        let all = DefaultResolver::default().resolve(uri, config, timeout)?;
        let host = uri
            .host()
            .unwrap_or("")
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") => 443,
            _ => 80,
        });
        let named = self
            .named
            .iter()
            .any(|(h, p)| h.trim_matches(['[', ']']) == host && *p == port);
        if self.allow_private || named {
            return Ok(all);
        }
        let mut public = self.empty();
        for a in all.iter().filter(|a| is_public(a.ip())) {
            public.push(*a);
        }
        if public.is_empty() {
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "refused: {host} is a loopback, private or other non-public address \
                     (--allow-private fetches such addresses)"
                ),
            )));
        }
        Ok(public)
    }
}

/// An address on the public internet: not loopback, private, link-local,
/// shared (CGNAT), unspecified, broadcast, multicast, documentation,
/// benchmarking or reserved; IPv4 inside IPv6 judged as IPv4.
fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let v4 = std::net::Ipv4Addr::new(
                    (seg[6] >> 8) as u8,
                    seg[6] as u8,
                    (seg[7] >> 8) as u8,
                    seg[7] as u8,
                );
                return is_public(IpAddr::V4(v4));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // unique local
                || (seg[0] & 0xffc0) == 0xfe80 // link-local
                || (seg[0] == 0x2001 && seg[1] == 0xdb8) // documentation
                || seg[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible, deprecated
        }
    }
}

#[cfg(test)]
mod address_tests {
    use super::is_public;

    #[test]
    fn only_public_addresses_are_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "::127.0.0.1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }
}
