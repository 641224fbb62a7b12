//! The web UI: server-rendered, right-to-left HTML pages that work without
//! JavaScript (none is sent).
//!
//! **Invariant:** every piece of text that comes from the store (titles,
//! article text, outlet names, ids, URLs) reaches the page through [`esc`]
//! (text and attribute values) or [`path_part`] (inside links); pages are
//! built from literal markup plus escaped text only. Article URLs become
//! links only when they are http(s).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Timelike, Utc};
use marsad_cluster::StoryId;
use marsad_core::Span;
use marsad_store::StoredArticle;
use marsad_synth::{Cite, Synthesis};

use marsad_engine::search::Hit;
use marsad_engine::views::StoryView;

/// The style sheet, embedded in the binary (served at /static/style.css).
pub const STYLE: &str = include_str!("web/style.css");
/// The one script: it shows a notice when the store changes while a page
/// is open (pages work the same without it).
pub const LIVE_JS: &str = include_str!("web/live.js");

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a value for one path segment or query value: everything
/// but ASCII letters, digits and `-_.~`, so `/`, `?`, `#` and quotes in an
/// article id cannot change where a link goes.
pub fn path_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A date as an Arabic reader writes it: "5 مارس 2026".
fn day_ar(t: DateTime<Utc>) -> String {
    format!(
        "{} {} {}",
        t.day(),
        marsad_text::numbers::MONTHS_AR[t.month0() as usize],
        t.year()
    )
}

/// A time element: "5 مارس 2026، 18:10" (UTC), machine-readable too.
fn time_ar(t: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\">{}، {:02}:{:02}</time>",
        t.to_rfc3339(),
        day_ar(t),
        t.hour(),
        t.minute()
    )
}

/// "n thing" with Arabic number agreement: one, two, 3–10, 11 and more.
fn count_ar(n: usize, forms: [&str; 4]) -> String {
    match n {
        1 => forms[0].to_owned(),
        2 => forms[1].to_owned(),
        3..=10 => format!("{n} {}", forms[2]),
        _ => format!("{n} {}", forms[3]),
    }
}

fn articles_ar(n: usize) -> String {
    count_ar(n, ["مقال واحد", "مقالان", "مقالات", "مقالًا"])
}

fn outlets_ar(n: usize) -> String {
    count_ar(n, ["مصدر واحد", "مصدران", "مصادر", "مصدرًا"])
}

/// Text that may run left to right (an outlet that is a file name, an id),
/// isolated so it does not reorder the Arabic around it.
fn bdi(s: &str) -> String {
    format!("<bdi>{}</bdi>", esc(s))
}

pub fn story_href(id: StoryId) -> String {
    format!("/story/{id}")
}

pub fn article_href(id: &str) -> String {
    format!("/article/{}", path_part(id))
}

/// A link to the sentence a citation points at: the article page marks
/// `cite=START-END` and the fragment scrolls to it.
fn cite_href(c: &Cite) -> String {
    format!(
        "{}?cite={}-{}#s-{}-{}",
        article_href(&c.article),
        c.start,
        c.end,
        c.start,
        c.end
    )
}

/// The page around a body: RTL, Arabic, the site header with search.
pub fn layout(title: &str, query: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · مرصد</title>
<link rel="stylesheet" href="/static/style.css">
<script src="/static/live.js" defer></script>
</head>
<body>
<header class="site">
<a class="brand" href="/">مرصد</a>
<nav><a href="/">القصص</a></nav>
<form class="search" action="/search" method="get" role="search">
<input type="search" name="q" value="{query}" placeholder="ابحث في المقالات" aria-label="ابحث في المقالات">
<button type="submit">بحث</button>
</form>
</header>
<main>
<p id="live" class="live" hidden>وصلت مقالات جديدة منذ فتح هذه الصفحة. <a href="">اعرضها</a></p>
{body}
</main>
</body>
</html>
"#,
        title = esc(title),
        query = esc(query),
    )
}

pub fn error_page(message: &str) -> String {
    layout(
        "خطأ",
        "",
        &format!(
            "<h1>تعذّر عرض الصفحة</h1>\n<p class=\"error\">{}</p>",
            esc(message)
        ),
    )
}

/// The meta line of a story: articles, outlets, time span.
fn story_meta(s: &StoryView) -> String {
    let outlets = s.outlets();
    let span = match s.span() {
        Some((a, b)) if a.date_naive() == b.date_naive() => time_ar(a),
        Some((a, b)) => format!("من {} إلى {}", time_ar(a), time_ar(b)),
        None => "بلا تاريخ".into(),
    };
    format!(
        "<p class=\"meta\">{} · {}: {} · {span}</p>",
        articles_ar(s.articles.len()),
        outlets_ar(outlets.len()),
        outlets
            .iter()
            .map(|o| bdi(o))
            .collect::<Vec<_>>()
            .join("، "),
    )
}

/// The filters of the story list, as given (to refill the form and links).
#[derive(Default, Clone)]
pub struct ListQuery {
    pub from: String,
    pub to: String,
    pub outlet: String,
    pub offset: u64,
    pub limit: u64,
}

impl ListQuery {
    fn href(&self, offset: u64) -> String {
        let mut parts = vec![];
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("outlet", &self.outlet),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", path_part(v)));
            }
        }
        if offset > 0 {
            parts.push(format!("offset={offset}"));
        }
        if parts.is_empty() {
            "/".into()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }
}

pub fn story_list(
    stories: &[StoryView],
    more: bool,
    q: &ListQuery,
    outlets: &[(String, i64)],
) -> String {
    let mut b = String::new();
    b.push_str("<h1>القصص</h1>\n");
    // The filter form: a date range and an outlet.
    let _ = write!(
        b,
        "<form class=\"filters\" action=\"/\" method=\"get\">\n\
         <label>من <input type=\"date\" name=\"from\" value=\"{}\"></label>\n\
         <label>إلى <input type=\"date\" name=\"to\" value=\"{}\"></label>\n\
         <label>المصدر <select name=\"outlet\"><option value=\"\">كل المصادر</option>",
        esc(&q.from),
        esc(&q.to)
    );
    for (o, n) in outlets {
        let selected = if *o == q.outlet { " selected" } else { "" };
        let _ = write!(
            b,
            "<option value=\"{}\"{selected}>{} ({n})</option>",
            esc(o),
            esc(o)
        );
    }
    b.push_str("</select></label>\n<button type=\"submit\">تصفية</button>\n</form>\n");
    if stories.is_empty() {
        b.push_str("<p class=\"empty\">لا قصص تطابق هذا الاختيار.</p>\n");
    }
    b.push_str("<ol class=\"stories\">\n");
    for s in stories {
        let _ = write!(
            b,
            "<li class=\"story\"><h2><a href=\"{}\">{}</a></h2>\n{}</li>\n",
            story_href(s.id),
            esc(&s.headline),
            story_meta(s)
        );
    }
    b.push_str("</ol>\n<nav class=\"pages\">");
    if q.offset > 0 {
        let _ = write!(
            b,
            "<a rel=\"prev\" href=\"{}\">→ الأحدث</a>",
            esc(&q.href(q.offset.saturating_sub(q.limit)))
        );
    }
    if more {
        let _ = write!(
            b,
            "<a rel=\"next\" href=\"{}\">الأقدم ←</a>",
            esc(&q.href(q.offset + q.limit))
        );
    }
    b.push_str("</nav>\n");
    layout("القصص", "", &b)
}

/// Citation links, one per cite, labelled with the outlet.
fn cite_links(cites: &[Cite], articles: &[StoredArticle]) -> String {
    let links: Vec<String> = cites
        .iter()
        .map(|c| {
            format!(
                "<a class=\"cite\" href=\"{}\">{}</a>",
                esc(&cite_href(c)),
                bdi(marsad_engine::synthesis::outlet(articles, &c.article))
            )
        })
        .collect();
    format!("<span class=\"cites\">{}</span>", links.join(" "))
}

/// One fact's values as a table: outlet, value, whom it is quoted from and
/// the sentence it is read in; with `published`, each article's publish
/// time first.
/// A compared fact as a table: one row per value, with the outlets that
/// give it (the source each names and, where times matter, when each was
/// published) and the words each wrote it in.
fn fact_table(b: &mut String, f: &marsad_synth::Fact, published: bool) {
    let _ = write!(
        b,
        "<table><caption>{} <span class=\"happening\">{}</span></caption>\n\
         <thead><tr><th scope=\"col\">القيمة</th><th scope=\"col\">المصادر</th><th scope=\"col\">الموضع</th></tr></thead><tbody>\n",
        esc(&f.what),
        esc(&f.happening)
    );
    for group in f.by_value() {
        let who: Vec<String> = group
            .iter()
            .map(|v| {
                let source = v.source.as_deref().map_or(String::new(), |x| {
                    format!(" <span class=\"meta\">نقلًا عن {}</span>", esc(x))
                });
                let time = if published {
                    format!(
                        " <span class=\"meta\">{}</span>",
                        v.published.map_or("بلا تاريخ".into(), time_ar)
                    )
                } else {
                    String::new()
                };
                format!("{}{source}{time}", bdi(&v.outlet))
            })
            .collect();
        let cites: Vec<String> = group
            .iter()
            .map(|v| {
                format!(
                    "<a class=\"cite\" href=\"{}\">«{}»</a>",
                    esc(&cite_href(&v.cite)),
                    esc(&one_line(&v.cite.text))
                )
            })
            .collect();
        let _ = writeln!(
            b,
            "<tr><td class=\"value\">{}</td><td>{}</td><td>{}</td></tr>",
            bdi(&group[0].value),
            who.join("، "),
            cites.join(" ")
        );
    }
    b.push_str("</tbody></table>\n");
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Per-outlet coverage: how many articles each outlet ran, as a bar (SVG,
/// so no inline style is needed under the CSP), and who had it first.
fn coverage(view: &StoryView) -> String {
    let mut by_outlet: BTreeMap<&str, (usize, Option<DateTime<Utc>>)> = BTreeMap::new();
    for a in &view.articles {
        let e = by_outlet.entry(a.article.outlet_shown()).or_default();
        e.0 += 1;
        if let Some(t) = a.article.published {
            e.1 = Some(e.1.map_or(t, |u| u.min(t)));
        }
    }
    let first = by_outlet
        .iter()
        .filter_map(|(o, (_, t))| t.map(|t| (t, *o)))
        .min()
        .map(|(_, o)| o);
    let most = by_outlet.values().map(|v| v.0).max().unwrap_or(1).max(1);
    let mut rows: Vec<(&str, usize, Option<DateTime<Utc>>)> =
        by_outlet.iter().map(|(o, (n, t))| (*o, *n, *t)).collect();
    // Earliest first; undated outlets after.
    rows.sort_by_key(|(o, _, t)| (t.is_none(), *t, *o));
    let mut b = String::from(
        "<section class=\"coverage\"><h2>التغطية حسب المصدر</h2>\n<ul class=\"bars\">\n",
    );
    for (o, n, t) in rows {
        let width = 100 * n / most;
        let badge = if Some(o) == first {
            " <span class=\"first-badge\">الأسبق</span>"
        } else {
            ""
        };
        let _ = writeln!(
            b,
            "<li><span class=\"outlet\">{}{badge}</span> \
             <svg class=\"bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">\
             <rect x=\"{}\" y=\"0\" width=\"{width}\" height=\"8\" rx=\"2\"/></svg> \
             <span class=\"meta\">{} · {}</span></li>",
            bdi(o),
            esc(&articles_ar(n)),
            100 - width,
            articles_ar(n),
            t.map_or("بلا تاريخ".into(), time_ar)
        );
    }
    b.push_str("</ul></section>\n");
    b
}

/// The articles over time, one row per outlet and a dot per article, as
/// server-rendered SVG (right to left: the earliest on the right).
fn timeline_chart(view: &StoryView) -> String {
    let dated: Vec<(&str, DateTime<Utc>)> = view
        .articles
        .iter()
        .filter_map(|a| a.article.published.map(|t| (a.article.outlet_shown(), t)))
        .collect();
    let (Some(lo), Some(hi)) = (
        dated.iter().map(|d| d.1).min(),
        dated.iter().map(|d| d.1).max(),
    ) else {
        return String::new();
    };
    let mut outlets: Vec<&str> = dated.iter().map(|d| d.0).collect();
    outlets.sort();
    outlets.dedup();
    let (w, row, left, right) = (600.0, 22.0, 20.0, 190.0);
    let height = row * outlets.len() as f64 + 34.0;
    let span = (hi - lo).num_seconds().max(1) as f64;
    // x for a time: the earliest at the right end of the plot, by RTL reading.
    let x =
        |t: DateTime<Utc>| w - right - (t - lo).num_seconds() as f64 / span * (w - right - left);
    let mut b = format!(
        "<figure class=\"timeline-chart\"><svg class=\"chart\" viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"نشر المقالات عبر الزمن\">\n"
    );
    for (i, o) in outlets.iter().enumerate() {
        let y = row * i as f64 + row;
        let _ = writeln!(
            b,
            "<line class=\"row\" x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"start\" direction=\"rtl\">{}</text>",
            w - right,
            w - 4.0,
            y + 5.0,
            esc(o)
        );
        for (_, t) in dated.iter().filter(|d| d.0 == *o) {
            let _ = writeln!(
                b,
                "<circle cx=\"{:.1}\" cy=\"{y}\" r=\"5\"><title>{} · {}</title></circle>",
                x(*t),
                esc(o),
                esc(&day_ar(*t))
            );
        }
    }
    let base = height - 8.0;
    let _ = writeln!(
        b,
        "<text class=\"axis\" x=\"{}\" y=\"{base}\" text-anchor=\"start\" direction=\"rtl\">{}</text><text class=\"axis\" x=\"{left}\" y=\"{base}\" text-anchor=\"end\" direction=\"rtl\">{}</text>",
        w - right,
        esc(&day_ar(lo)),
        esc(&day_ar(hi))
    );
    b.push_str("</svg><figcaption>نشر المقالات عبر الزمن، صفًّا لكل مصدر</figcaption></figure>\n");
    b
}

/// The people, organizations and places the story names.
fn entities_section(s: &Synthesis, arts: &[StoredArticle]) -> String {
    if s.entities.is_empty() {
        return String::new();
    }
    let mut b = String::from("<section class=\"entities\"><h2>الأسماء في القصة</h2>\n");
    for (kind, label) in [
        (marsad_synth::EntityKind::Person, "أشخاص"),
        (marsad_synth::EntityKind::Organization, "جهات"),
        (marsad_synth::EntityKind::Place, "أماكن"),
    ] {
        let list: Vec<_> = s
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .take(16)
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = write!(b, "<h3>{label}</h3>\n<ul class=\"entity-list\">\n");
        for e in list {
            let roles = if e.roles.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"meta\">{}</span>",
                    esc(&e
                        .roles
                        .iter()
                        .map(|r| one_line(r))
                        .collect::<Vec<_>>()
                        .join(" / "))
                )
            };
            let _ = writeln!(
                b,
                "<li><strong>{}</strong>{roles} <span class=\"meta\">{}</span></li>",
                esc(&e.name),
                esc(&marsad_engine::synthesis::outlets(arts, &e.articles))
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str("</section>\n");
    b
}

/// Links to the story's data: the JSON of the API (with its synthesis).
fn export_links(view: &StoryView) -> String {
    format!(
        "<p class=\"export\">تصدير: <a href=\"/api/stories/{}\" download>JSON</a></p>\n",
        view.id
    )
}

pub fn story_page(view: &StoryView, s: &Synthesis) -> String {
    let arts = &view.articles;
    let mut b = String::new();
    let headline = if s.headline.is_empty() {
        &view.headline
    } else {
        &s.headline
    };
    let _ = writeln!(b, "<h1>{}</h1>\n{}", esc(headline), story_meta(view));
    b.push_str(&export_links(view));
    b.push_str(&coverage(view));
    b.push_str(&timeline_chart(view));

    if !s.summary.is_empty() {
        b.push_str("<section class=\"summary\"><h2>الملخص</h2>\n<ol>\n");
        for x in &s.summary {
            let _ = writeln!(
                b,
                "<li><span class=\"sentence\">{}</span> {}</li>",
                esc(&one_line(&x.text)),
                cite_links(&x.cites, arts)
            );
        }
        b.push_str("</ol></section>\n");
    }

    let differ: Vec<_> = s.facts.iter().filter(|f| f.verdict == "differ").collect();
    if !differ.is_empty() {
        b.push_str("<section class=\"facts\"><h2>حيث تختلف المصادر</h2>\n");
        for f in differ {
            fact_table(&mut b, f, true);
        }
        b.push_str("</section>\n");
    }
    // A toll that rose: its figures in time order, each with its article's
    // publish time, apart from the disagreements.
    let updated: Vec<_> = s.facts.iter().filter(|f| f.verdict == "updated").collect();
    if !updated.is_empty() {
        b.push_str("<section class=\"updated\"><h2>أرقام تحدّثت مع الوقت</h2>\n");
        for f in updated {
            fact_table(&mut b, f, true);
        }
        b.push_str("</section>\n");
    }
    let agree: Vec<_> = s.facts.iter().filter(|f| f.verdict == "agree").collect();
    if !agree.is_empty() {
        b.push_str("<section class=\"agree\"><h2>ما تتفق عليه المصادر</h2>\n<ul>\n");
        for f in agree {
            let value = f.values.first().map_or("", |v| v.value.as_str());
            let cites: Vec<Cite> = f.values.iter().map(|v| v.cite.clone()).collect();
            let _ = writeln!(
                b,
                "<li>{} <span class=\"happening\">{}</span>: <strong>{}</strong> {}</li>",
                esc(&f.what),
                esc(&f.happening),
                bdi(value),
                cite_links(&cites, arts)
            );
        }
        b.push_str("</ul></section>\n");
    }

    if !s.quotes.is_empty() {
        b.push_str("<section class=\"quotes\"><h2>الاقتباسات</h2>\n");
        for q in &s.quotes {
            let role = q
                .role
                .as_deref()
                .map(|r| format!("، {}", esc(r)))
                .unwrap_or_default();
            let cites: Vec<Cite> = q.variants.iter().map(|v| v.cite.clone()).collect();
            let via: Vec<String> = q
                .variants
                .iter()
                .flat_map(|v| v.via.iter())
                .map(|v| esc(v))
                .collect();
            let via = if via.is_empty() {
                String::new()
            } else {
                format!("<p class=\"via\">عبر: {}</p>", via.join("؛ "))
            };
            let _ = writeln!(
                b,
                "<figure class=\"quote\"><blockquote>{}</blockquote>\n<figcaption><span class=\"speaker\">{}</span>{role} {}</figcaption>{via}</figure>",
                esc(&one_line(&q.text)),
                esc(&q.speaker),
                cite_links(&cites, arts)
            );
        }
        b.push_str("</section>\n");
    }

    b.push_str(&entities_section(s, arts));

    if !s.timeline.is_empty() {
        b.push_str("<section class=\"timeline\"><h2>الخط الزمني</h2>\n<ol>\n");
        for t in &s.timeline {
            let when = match (t.from, t.to) {
                (Some(f), Some(to)) if f != to => format!("{f} – {to}"),
                (Some(f), _) => f.to_string(),
                _ => String::new(),
            };
            let disputed = if t.disputed {
                " <span class=\"disputed\">(تاريخ مختلف عليه)</span>"
            } else {
                ""
            };
            let _ = writeln!(
                b,
                "<li><span class=\"when\">{}</span> <bdi class=\"date\">{}</bdi>{disputed}: {} {}</li>",
                esc(&t.when),
                esc(&when),
                esc(&one_line(&t.happening)),
                cite_links(&t.cites, arts)
            );
        }
        b.push_str("</ol></section>\n");
    }

    let copies: Vec<&StoredArticle> = arts.iter().filter(|a| a.copy_of.is_some()).collect();
    if !s.shared.is_empty() || !copies.is_empty() {
        b.push_str("<section class=\"copies\"><h2>تتبّع النسخ</h2>\n");
        for a in copies {
            let orig = a.copy_of.as_deref().unwrap_or("");
            let _ = writeln!(
                b,
                "<p>مقال <a href=\"{}\">{}</a> نسخة مطابقة من <a href=\"{}\">{}</a>.</p>",
                esc(&article_href(&a.article.id)),
                bdi(a.article.outlet_shown()),
                esc(&article_href(orig)),
                bdi(marsad_engine::synthesis::outlet(arts, orig))
            );
        }
        if !s.shared.is_empty() {
            b.push_str("<p>جمل تتكرر في أكثر من مصدر، ومن نشرها أولًا:</p>\n<ul>\n");
            for x in s.shared.iter().take(12) {
                let first = x
                    .first
                    .as_deref()
                    .map(|f| {
                        format!(
                            " <span class=\"first\">أولًا: {}</span>",
                            bdi(marsad_engine::synthesis::outlet(arts, f))
                        )
                    })
                    .unwrap_or_default();
                let cites: Vec<Cite> = x.carriers.iter().map(|c| c.cite.clone()).collect();
                let _ = writeln!(
                    b,
                    "<li><span class=\"sentence\">{}</span>{first} {}</li>",
                    esc(&one_line(&x.text)),
                    cite_links(&cites, arts)
                );
            }
            b.push_str("</ul>\n");
        }
        b.push_str("</section>\n");
    }

    b.push_str("<section class=\"sources\"><h2>المصادر</h2>\n<ol>\n");
    for a in arts {
        let x = &a.article;
        let _ = writeln!(
            b,
            "<li><a href=\"{}\">{}</a> <span class=\"meta\">{} · {}</span>{}</li>",
            esc(&article_href(&x.id)),
            esc(shown_title(&x.title)),
            bdi(x.outlet_shown()),
            x.published.map_or("بلا تاريخ".into(), time_ar),
            also_at(view, &x.id)
        );
    }
    b.push_str("</ol></section>\n");
    layout(headline, "", &b)
}

/// "Also at": where else an article's exact copies are.
fn also_at(view: &StoryView, id: &str) -> String {
    let copies: Vec<String> = view
        .also_at(id)
        .map(|c| {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&article_href(&c.article.id)),
                bdi(c.article.url.as_deref().unwrap_or(&c.article.source))
            )
        })
        .collect();
    if copies.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"also\">منشور أيضًا في: {}</span>",
            copies.join("، ")
        )
    }
}

fn shown_title(t: &str) -> &str {
    if t.trim().is_empty() {
        "(بلا عنوان)"
    } else {
        t
    }
}

fn reason_ar(r: &str) -> &str {
    match r {
        "breadcrumb" => "مسار التصفح",
        "share" => "أزرار المشاركة",
        "comments" => "التعليقات",
        "related_heading" => "عنوان «اقرأ أيضًا»",
        "related_teaser" => "عنوان مقال آخر",
        "widget" => "عنصر من الموقع",
        "footer" => "تذييل الحقوق",
        "no_text" => "سطر بلا حروف",
        "repeated" => "سطر يكرره المصدر",
        other => other,
    }
}

/// `text[range]` escaped, with the part inside `cite` marked; the first mark
/// carries the anchor `s-START-END` the citation links jump to.
fn text_with_cite(text: &str, range: Span, cite: Option<Span>, anchored: &mut bool) -> String {
    let Some(c) = cite.filter(|c| c.start < range.end && range.start < c.end) else {
        return esc(range.slice(text));
    };
    let s = c.start.max(range.start);
    let e = c.end.min(range.end);
    let id = if *anchored {
        String::new()
    } else {
        *anchored = true;
        format!(" id=\"s-{}-{}\"", c.start, c.end)
    };
    format!(
        "{}<mark{id}>{}</mark>{}",
        esc(&text[range.start..s]),
        esc(&text[s..e]),
        esc(&text[e..range.end])
    )
}

pub fn article_page(a: &StoredArticle, story: StoryId, cite: Option<Span>) -> String {
    let x = &a.article;
    let dropped: Vec<(usize, usize, String)> = serde_json::from_str(&a.dropped).unwrap_or_default();
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<article class=\"article\">\n<h1>{}</h1>",
        esc(shown_title(&x.title))
    );
    let link = x
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(|u| {
            format!(
                " · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">الرابط الأصلي</a>",
                esc(u)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        b,
        "<p class=\"meta\">{} · {} · <a href=\"{}\">القصة</a>{link}</p>",
        bdi(x.outlet_shown()),
        x.published.map_or("بلا تاريخ".into(), time_ar),
        story_href(story)
    );
    if let Some(orig) = &a.copy_of {
        let _ = writeln!(
            b,
            "<p class=\"note\">نسخة مطابقة من <a href=\"{}\">{}</a>.</p>",
            esc(&article_href(orig)),
            bdi(orig)
        );
    }
    // The original text, line by line, without the dropped lines and the
    // title line (both shown elsewhere).
    let mut skip: Vec<Span> = dropped.iter().map(|(s, e, _)| Span::new(*s, *e)).collect();
    skip.extend(x.title_span);
    b.push_str("<div class=\"body\">\n");
    let mut anchored = false;
    let mut at = 0;
    for line in x.text.split_inclusive('\n') {
        let range = Span::new(at, at + line.trim_end().len());
        at += line.len();
        if range.slice(&x.text).trim().is_empty()
            || skip
                .iter()
                .any(|s| s.start < range.end && range.start < s.end)
        {
            continue;
        }
        let _ = writeln!(
            b,
            "<p>{}</p>",
            text_with_cite(&x.text, range, cite, &mut anchored)
        );
    }
    b.push_str("</div>\n");
    if !dropped.is_empty() {
        b.push_str("<section class=\"dropped\"><h2>أسطر أسقطها التنظيف</h2>\n<ul>\n");
        for (s, e, r) in &dropped {
            let _ = writeln!(
                b,
                "<li><span class=\"reason\">{}</span> {}</li>",
                esc(reason_ar(r)),
                esc(x.text.get(*s..*e).unwrap_or(""))
            );
        }
        b.push_str("</ul></section>\n");
    }
    b.push_str("</article>\n");
    layout(shown_title(&x.title), "", &b)
}

/// The search page: the query's hits with the matched words marked in the
/// original text.
pub fn search_page(query: &str, hits: &[Hit]) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>البحث</h1>");
    if query.trim().is_empty() {
        b.push_str("<p class=\"empty\">اكتب كلمة أو أكثر في خانة البحث.</p>\n");
        return layout("البحث", query, &b);
    }
    if hits.is_empty() {
        let _ = writeln!(b, "<p class=\"empty\">لا نتائج لـ «{}».</p>", esc(query));
    }
    if !hits.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"export\">تصدير النتائج: <a href=\"/api/search?q={}\" download>JSON</a></p>",
            path_part(query)
        );
    }
    // Hits of the same story sit together under it, in rank order.
    let mut order: Vec<StoryId> = vec![];
    let mut by_story: BTreeMap<StoryId, Vec<&Hit>> = BTreeMap::new();
    for h in hits {
        if !by_story.contains_key(&h.story) {
            order.push(h.story);
        }
        by_story.entry(h.story).or_default().push(h);
    }
    b.push_str("<ol class=\"hits\">\n");
    for h in order.iter().flat_map(|s| &by_story[s]) {
        let a = &h.article.article;
        let title = marked_html(&a.title, 0, &h.title_marks);
        let s = h.snippet.span;
        let snippet = marked_html(s.slice(&a.text), s.start, &h.snippet.marks);
        let _ = writeln!(
            b,
            "<li class=\"hit\"><h2><a href=\"{}\">{}</a></h2>\n<p class=\"meta\">{} · {} · <a href=\"{}\">القصة</a></p>\n<p class=\"snippet\">…{}…</p></li>",
            esc(&article_href(&a.id)),
            if a.title.is_empty() { esc(shown_title("")) } else { title },
            bdi(a.outlet_shown()),
            a.published.map_or("بلا تاريخ".into(), time_ar),
            story_href(h.story),
            snippet
        );
    }
    b.push_str("</ol>\n");
    layout(&format!("بحث: {query}"), query, &b)
}

/// `text` (which starts at byte `offset` of its article) escaped, with the
/// marked byte ranges in `<mark>`.
fn marked_html(text: &str, offset: usize, marks: &[Span]) -> String {
    let mut out = String::new();
    let mut at = offset;
    for m in marks {
        out.push_str(&esc(&text[at - offset..m.start - offset]));
        out.push_str("<mark>");
        out.push_str(&esc(&text[m.start - offset..m.end - offset]));
        out.push_str("</mark>");
        at = m.end;
    }
    out.push_str(&esc(&text[at - offset..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn path_parts_keep_links_in_place() {
        assert_eq!(path_part("feed.jsonl#3"), "feed.jsonl%233");
        assert_eq!(path_part("a/../b?c"), "a%2F..%2Fb%3Fc");
        assert_eq!(path_part("\"><x"), "%22%3E%3Cx");
    }

    #[test]
    fn arabic_counts_agree_with_the_number() {
        assert_eq!(articles_ar(1), "مقال واحد");
        assert_eq!(articles_ar(2), "مقالان");
        assert_eq!(articles_ar(3), "3 مقالات");
        assert_eq!(articles_ar(11), "11 مقالًا");
    }

    #[test]
    fn cite_marks_its_range_once_with_the_anchor() {
        let text = "الأولى. الثانية هنا.";
        let c = Span::new(text.find("الثانية").unwrap(), text.len());
        let mut anchored = false;
        let html = text_with_cite(text, Span::new(0, text.len()), Some(c), &mut anchored);
        assert!(html.contains(&format!(
            "<mark id=\"s-{}-{}\">الثانية هنا.</mark>",
            c.start, c.end
        )));
    }
}
