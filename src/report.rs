//! Stories, articles and explanations printed for the terminal, and the
//! JSON documents of `--json`.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use marsad_cluster::StoryId;
use marsad_core::ui::{self, iso, tr};
use marsad_engine::decision::{readable, stored_decision, Decision};
use marsad_engine::pipeline::{analyze_stored, Pipeline};
use marsad_engine::views::{article_value, story_json, story_value, StoryView};
use marsad_store::StoredArticle;
use serde_json::{json, Value};

/// A writer for the terminal that drops control characters (but line
/// breaks and tabs): scraped titles and texts may carry escape sequences
/// that would move the cursor, retitle the window or hide lines. JSON output
/// does not go through it (serde_json escapes controls itself).
pub struct Printable<W>(pub W);

/// A character the terminal would act on rather than show.
fn acts_on_terminal(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` without the characters a terminal would act on.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(acts_on_terminal) {
        s.chars()
            .filter(|&c| !acts_on_terminal(c))
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(printable(s).as_bytes())?,
            Err(_) => {
                let kept: Vec<u8> = buf
                    .iter()
                    .copied()
                    .filter(|&b| (b >= 0x20 && b != 0x7f) || b == b'\n' || b == b'\t')
                    .collect();
                self.0.write_all(&kept)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

pub fn print_stories_json(out: &mut impl Write, views: &[StoryView]) -> Result<()> {
    let v = json!({ "stories": views.iter().map(|s| story_json(s, false)).collect::<Vec<_>>() });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}

pub fn print_story_json(
    out: &mut impl Write,
    view: &StoryView,
    asked: StoryId,
    explain: bool,
    synthesis: Option<&marsad_synth::Synthesis>,
) -> Result<()> {
    let v = story_value(view, asked, explain, synthesis)?;
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}

fn shown_title(a: &marsad_core::Article) -> &str {
    if a.title.is_empty() {
        tr("(بلا عنوان)", "(untitled)")
    } else {
        &a.title
    }
}

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || tr("غير مؤرخ", "undated").into(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}

/// "3 articles" in the screen's language.
pub fn articles_count(n: usize) -> String {
    ui::count(
        n,
        ["مقال", "مقالان", "مقالات", "مقالًا"],
        ["article", "articles"],
    )
}

fn outlets_count(n: usize) -> String {
    ui::count(
        n,
        ["منفذ", "منفذان", "منافذ", "منفذًا"],
        ["outlet", "outlets"],
    )
}

/// The outlets of a story, each isolated (a Latin name in an Arabic line).
fn outlet_list(s: &StoryView) -> String {
    s.outlets()
        .iter()
        .map(|o| iso(o).into_owned())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn story_header(out: &mut impl Write, s: &StoryView) -> Result<()> {
    let outlets = s.outlets();
    let span = match s.span() {
        Some((a, b)) if a.date_naive() == b.date_naive() => a.format("%Y-%m-%d").to_string(),
        Some((a, b)) => format!("{} – {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        None => tr("غير مؤرخة", "undated").into(),
    };
    let line = format!(
        "{} {} · {} · {} · {}",
        tr("القصة", "story"),
        s.id,
        articles_count(s.articles.len()),
        outlets_count(outlets.len()),
        span
    );
    writeln!(out, "{}", ui::dim(&line))?;
    writeln!(out, "  {}", ui::bold(&s.headline))?;
    Ok(())
}

pub fn print_stories(out: &mut impl Write, views: &[StoryView]) -> Result<()> {
    let out = &mut Printable(out);
    for s in views {
        story_header(out, s)?;
        writeln!(out, "  {}", outlet_list(s))?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn print_story(out: &mut impl Write, s: &StoryView, explain: bool) -> Result<()> {
    let out = &mut Printable(out);
    story_header(out, s)?;
    writeln!(out)?;
    for a in &s.articles {
        let x = &a.article;
        writeln!(out, "• {}", iso(shown_title(x)))?;
        writeln!(
            out,
            "  {} · {} · {}",
            iso(x.outlet_shown()),
            day(x.published),
            iso(&x.id)
        )?;
        let copies: Vec<String> = s
            .also_at(&x.id)
            .map(|c| iso(c.article.url.as_deref().unwrap_or(&c.article.source)).into_owned())
            .collect();
        if !copies.is_empty() {
            writeln!(
                out,
                "  {}: {}",
                tr("منشور أيضًا في", "also at"),
                copies.join(" · ")
            )?;
        }
        if explain {
            let d = stored_decision(a);
            writeln!(out, "  {}: {}", tr("السبب", "why"), describe(&d))?;
        }
    }
    Ok(())
}

fn describe(d: &Decision) -> String {
    let e = &d.explanation;
    if let Some(orig) = &d.copy_of {
        return format!("{} {}", tr("نسخة مطابقة من", "exact copy of"), iso(orig));
    }
    if ui::lang() == ui::Lang::Ar {
        return describe_ar(d);
    }
    if d.opened {
        let near = e
            .alternatives
            .first()
            .map(|(s, v)| format!("; nearest was story {s} at {v:.3}"))
            .unwrap_or_default();
        return format!(
            "opened the story (no story reached {:.2}{near}){}",
            e.threshold,
            conflicts(e, "; conflicting anchors: ")
        );
    }
    let mut s = format!(
        "score {:.3} ≥ {:.2} against {}",
        e.score.unwrap_or(0.0),
        e.threshold,
        d.nearest_article.as_deref().unwrap_or("?")
    );
    if let Some(p) = &e.parts {
        s.push_str(&format!(" [{}]", parts(p)));
    }
    if !e.shared_terms.is_empty() {
        s.push_str(&format!("; shared terms: {}", e.shared_terms.join("، ")));
    }
    if !e.shared_names.is_empty() {
        s.push_str(&format!("; names: {}", e.shared_names.join("، ")));
    }
    if !e.shared_anchors.is_empty() {
        s.push_str(&format!("; anchors: {}", e.shared_anchors.join(" ")));
    }
    s.push_str(&conflicts(e, "; conflicting anchors: "));
    if let Some((story, score)) = headline_over(e) {
        s.push_str(&format!(
            "; chosen over story {story} (score {score:.3}), whose nearest report shares no headline words with it"
        ));
    }
    if !d.merged.is_empty() {
        let m: Vec<String> = d.merged.iter().map(|x| x.to_string()).collect();
        s.push_str(&format!("; merged stories {}", m.join(", ")));
    }
    s
}

/// The story that scored higher but shared no headline words, when the
/// headline chose another (see `Clusterer::headline_choice`).
fn headline_over(e: &marsad_cluster::Explanation) -> Option<(u64, f32)> {
    let score = e.score?;
    e.alternatives
        .iter()
        .filter(|&&(_, v)| v > score)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .copied()
}

/// The anchors in which the two leads differ after `label`, e.g. "الرابع ≠ الخامس";
/// empty when none do.
fn conflicts(e: &marsad_cluster::Explanation, label: &str) -> String {
    let mut s = String::new();
    if !e.conflicting_anchors.is_empty() {
        let sides: Vec<String> = e
            .conflicting_anchors
            .iter()
            .map(|(a, b)| format!("{} ≠ {}", a.join(" "), b.join(" ")))
            .collect();
        s = format!("{label}{}", sides.join("، "));
    }
    s + &actors(e) + &places(e) + &harm(e) + &differing(e)
}

/// The harm the headlines tell of when one names a death and the other
/// injuries alone, or tolls far apart, e.g. "؛ الضرر: وفاة ≠ إصابات فقط",
/// "؛ الضرر: وفاة (1) ≠ وفاة (27)"; empty otherwise.
fn harm(e: &marsad_cluster::Explanation) -> String {
    e.conflicting_harm
        .as_ref()
        .map(|(a, b)| format!("{}{a} ≠ {b}", tr("؛ الضرر: ", "; harm: ")))
        .unwrap_or_default()
}

/// The titles' actors when they say different events, e.g. "؛ الجهة:
/// البحرين ≠ زياني"; empty otherwise.
fn actors(e: &marsad_cluster::Explanation) -> String {
    sides(tr("؛ الجهة: ", "; actors: "), &e.conflicting_actors)
}

/// The places the titles name when they say different events, e.g. "؛
/// المكان: الأردن ≠ اليمن"; empty otherwise.
fn places(e: &marsad_cluster::Explanation) -> String {
    sides(tr("؛ المكان: ", "; places: "), &e.conflicting_places)
}

/// "label ours ≠ theirs", or empty when nothing conflicts.
fn sides(label: &str, conflict: &Option<(Vec<String>, Vec<String>)>) -> String {
    match conflict {
        Some((a, b)) => format!("{label}{} ≠ {}", a.join(" "), b.join(" ")),
        None => String::new(),
    }
}

/// The key terms of the article the story lacks ≠ the story's core terms
/// the article lacks, when they differ enough to count; empty otherwise.
fn differing(e: &marsad_cluster::Explanation) -> String {
    match &e.differing_terms {
        Some((a, b)) if !a.is_empty() || !b.is_empty() => format!(
            "{}{} ≠ {}",
            tr("؛ ما يختلف: ", "; terms that differ: "),
            a.join(" "),
            b.join(" ")
        ),
        _ => String::new(),
    }
}

/// [`describe`] in Arabic: the same facts, the terms as written.
fn describe_ar(d: &Decision) -> String {
    let e = &d.explanation;
    if d.opened {
        let near = e
            .alternatives
            .first()
            .map(|(s, v)| format!("؛ الأقرب كانت القصة {s} بدرجة {v:.3}"))
            .unwrap_or_default();
        return format!(
            "فتح القصة (لم تبلغ أي قصة {:.2}{near}){}",
            e.threshold,
            conflicts(e, "؛ أرقام وتواريخ متعارضة: ")
        );
    }
    let mut s = format!(
        "الدرجة {:.3} ≥ {:.2} مقابل {}",
        e.score.unwrap_or(0.0),
        e.threshold,
        iso(d.nearest_article.as_deref().unwrap_or("?"))
    );
    if let Some(p) = &e.parts {
        s.push_str(&format!(" [{}]", parts(p)));
    }
    if !e.shared_terms.is_empty() {
        s.push_str(&format!("؛ كلمات مشتركة: {}", e.shared_terms.join("، ")));
    }
    if !e.shared_names.is_empty() {
        s.push_str(&format!("؛ أسماء: {}", e.shared_names.join("، ")));
    }
    if !e.shared_anchors.is_empty() {
        s.push_str(&format!("؛ أرقام وتواريخ: {}", e.shared_anchors.join(" ")));
    }
    s.push_str(&conflicts(e, "؛ أرقام وتواريخ متعارضة: "));
    if let Some((story, score)) = headline_over(e) {
        s.push_str(&format!(
            "؛ اختيرت بدل القصة {story} (الدرجة {score:.3}) لأن أقرب تقاريرها لا يشاركها كلمة من العنوان"
        ));
    }
    if !d.merged.is_empty() {
        let m: Vec<String> = d.merged.iter().map(|x| x.to_string()).collect();
        s.push_str(&format!("؛ دُمجت القصص {}", m.join("، ")));
    }
    s
}

/// The days between the publish times, when the days the leads name made
/// the days part fewer by more than a few hours: worth saying why.
fn named_day(p: &marsad_cluster::Similarity) -> Option<f32> {
    p.published_days
        .filter(|&x| p.days.is_some_and(|d| x - d >= 0.25))
}

fn parts(p: &marsad_cluster::Similarity) -> String {
    if ui::lang() == ui::Lang::Ar {
        let mut v = vec![format!("النص {:.2}", p.body)];
        for (name, x) in [
            ("العنوان", p.title),
            ("الأسماء", p.names),
            ("الأرقام", p.anchors),
            ("الجمل", p.sentences),
            ("الأيام", p.days),
            ("التعارض", p.conflict),
            ("الاختلاف", p.differ),
            ("الموضوع", p.subject),
        ] {
            if let Some(x) = x {
                v.push(format!("{name} {x:.2}"));
            }
            if let (true, Some(x)) = (name == "الأيام", named_day(p)) {
                v.last_mut()
                    .expect("days pushed")
                    .push_str(&format!(" (يوم واحد تسميه المقدمتان؛ بين النشرين {x:.2})"));
            }
        }
        if p.bare == Some(true) {
            v.push("لا عنوان ولا رقم ولا جملة مشتركة".to_owned());
        }
        if p.same_outlet == Some(true) {
            v.push("من المنفذ نفسه بعنوان آخر".to_owned());
        }
        if p.template == Some(true) {
            v.push("نشرة المنفذ نفسه المتكررة بكلمات أخرى".to_owned());
        }
        return v.join("، ");
    }
    let mut v = vec![format!("body {:.2}", p.body)];
    let opt = |name: &str, x: Option<f32>, v: &mut Vec<String>| {
        if let Some(x) = x {
            v.push(format!("{name} {x:.2}"));
        }
    };
    opt("title", p.title, &mut v);
    opt("names", p.names, &mut v);
    opt("anchors", p.anchors, &mut v);
    opt("sentences", p.sentences, &mut v);
    opt("days", p.days, &mut v);
    if let Some(x) = named_day(p) {
        v.last_mut().expect("days pushed").push_str(&format!(
            " (the leads name one day; published {x:.2} apart)"
        ));
    }
    opt("conflict", p.conflict, &mut v);
    opt("differ", p.differ, &mut v);
    opt("subject", p.subject, &mut v);
    if p.bare == Some(true) {
        v.push("no title words, figure or sentence shared".to_owned());
    }
    if p.same_outlet == Some(true) {
        v.push("same outlet, another headline".to_owned());
    }
    if p.template == Some(true) {
        v.push("the outlet's recurring report, no sentence shared".to_owned());
    }
    v.join(", ")
}

/// Why an article is in its story, and how it scores now against the
/// nearest other stories, or against the story asked for (and why that is
/// not enough).
pub fn explain_article(
    out: &mut impl Write,
    p: &Pipeline,
    id: &str,
    against: Option<StoryId>,
    json: bool,
) -> Result<()> {
    let stored = p
        .store
        .article(id)?
        .with_context(|| format!("no article {id:?} in the store"))?;
    let a = &stored.article;
    let decision = stored_decision(&stored);
    let terms =
        marsad_cluster::Terms::new(&analyze_stored(&stored)).from_outlet(a.outlet.as_deref());
    let time = a.published.map(|t| t.timestamp());
    let own = p.clusterer.resolve(stored.story);
    // Articles leave the matching window `keep_days` after their publish
    // time on the stream's clock: the stories of an older article's days
    // can no longer be compared with it, only its decision on arrival shown.
    let keep = p.clusterer.params().keep_days as f64 * 86_400.0;
    let left_window = time
        .zip(p.clusterer.clock().now())
        .is_some_and(|(t, now)| (now - t) as f64 > keep);
    let asked = against.map(|s| p.clusterer.resolve(s));
    let others: Vec<_> = match left_window {
        true => Vec::new(),
        false => p
            .clusterer
            .nearest_stories(&terms, time)
            .into_iter()
            .filter(|s| s.story != own && asked.is_none_or(|a| s.story == a))
            .take(3)
            .collect(),
    };
    let threshold = p.clusterer.params().threshold;
    if json {
        let near: Vec<Value> = others
            .iter()
            .map(|s| {
                let mut e = p.clusterer.compare(&terms, time, s.member);
                if s.parts.differ.is_some() || s.parts.subject.is_some() {
                    e.differing_terms = p.clusterer.differing(&terms, time, s.story, &s.parts);
                }
                readable(&mut e, a);
                json!({
                    "story": s.story,
                    "score": s.score,
                    "threshold": threshold,
                    "nearest_article": p.article_id(s.member),
                    "parts": s.parts,
                    "shared_terms": e.shared_terms,
                    "shared_names": e.shared_names,
                    "shared_anchors": e.shared_anchors,
                    "conflicting_anchors": e.conflicting_anchors,
                    "conflicting_actors": e.conflicting_actors,
                    "conflicting_places": e.conflicting_places,
                    "conflicting_harm": e.conflicting_harm,
                    "differing_terms": e.differing_terms,
                })
            })
            .collect();
        let v = json!({
            "article": a.id,
            "story": own,
            "decision": decision,
            "nearest_other_stories": near,
            "left_window": left_window,
        });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let out = &mut Printable(out);
    writeln!(out, "{}", iso(&a.title))?;
    writeln!(out, "  {} · {}", iso(a.outlet_shown()), iso(&a.id))?;
    writeln!(
        out,
        "{} {own}: {}",
        tr("في القصة", "in story"),
        describe(&decision)
    )?;
    if left_window {
        let days = p.clusterer.params().keep_days;
        writeln!(
            out,
            "{}",
            tr(
                &format!("خرجت أيامه من نافذة المطابقة (تبقى المقالات {days} يومًا من زمن التدفق): لا تُقارن به الآن قصص أيامه، والقرار أعلاه هو ما اتُّخذ عند وصوله"),
                &format!("its days have left the matching window (articles stay {days} days of the stream's time): the stories of its days are not compared with it now; the decision above is the one made on arrival")
            )
        )?;
    } else if others.is_empty() && asked != Some(own) {
        let none = match asked {
            Some(n) if p.clusterer.closed_for(&terms, time, n) => {
                let days = p.clusterer.params().story_days;
                tr(
                    &format!("القصة {n} لا تأخذ مقالاته: جاء أول تقاريرها قبله بأكثر من {days} يوم"),
                    &format!("story {n} takes no article of its time: its first report came more than {days} days before it"),
                )
                .to_owned()
            }
            Some(n) => tr(
                &format!("القصة {n} ليست بين ما يُقارن به: لا تشاركه كلماته الدالة في النافذة الزمنية"),
                &format!("story {n} is not among its candidates: it shares none of its telling terms within the time window"),
            )
            .to_owned(),
            None => tr(
                "لا قصة أخرى تشاركه كلماته الدالة في النافذة الزمنية",
                "no other story shares its telling terms within the time window",
            )
            .to_owned(),
        };
        writeln!(out, "{none}")?;
    }
    for s in &others {
        let mut e = p.clusterer.compare(&terms, time, s.member);
        if s.parts.differ.is_some() || s.parts.subject.is_some() {
            e.differing_terms = p.clusterer.differing(&terms, time, s.story, &s.parts);
        }
        readable(&mut e, a);
        // Scores move as the store grows (document frequencies change), so a
        // story may score above the threshold now that did not when the
        // article arrived; say so rather than claim it is below.
        let verdict = match (s.score < threshold, ui::lang()) {
            (true, ui::Lang::En) => format!("best score {:.3} < {threshold:.2}", s.score),
            (true, ui::Lang::Ar) => format!("أعلى درجة {:.3} < {threshold:.2}", s.score),
            (false, ui::Lang::En) => format!(
                "best score now {:.3} ≥ {threshold:.2}, but it was lower when the article arrived",
                s.score
            ),
            (false, ui::Lang::Ar) => format!(
                "أعلى درجة الآن {:.3} ≥ {threshold:.2}، وكانت أدنى حين وصل المقال",
                s.score
            ),
        };
        writeln!(
            out,
            "{} {}: {verdict} ({} {}) [{}]",
            tr("ليس في القصة", "not story"),
            s.story,
            tr("مقابل", "against"),
            iso(p.article_id(s.member).unwrap_or("?")),
            parts(&s.parts)
        )?;
        if !e.shared_terms.is_empty() {
            writeln!(
                out,
                "  {}: {}",
                tr("كلمات مشتركة", "shared terms"),
                e.shared_terms.join("، ")
            )?;
        }
        if !e.conflicting_anchors.is_empty() {
            let mut only = e.clone();
            only.differing_terms = None;
            only.conflicting_actors = None;
            only.conflicting_places = None;
            only.conflicting_harm = None;
            let c = conflicts(&only, "");
            writeln!(
                out,
                "  {}: {c}",
                tr("أرقام وتواريخ متعارضة", "conflicting anchors")
            )?;
        }
        for line in [actors(&e), places(&e), harm(&e), differing(&e)] {
            if !line.is_empty() {
                writeln!(out, "  {}", line.trim_start_matches(['؛', ';', ' ']))?;
            }
        }
    }
    Ok(())
}

/// One article with its cleaning: the kept text and each dropped line with
/// its reason, as spans of the original text.
pub fn print_article(
    out: &mut impl Write,
    a: &StoredArticle,
    story: StoryId,
    json: bool,
) -> Result<()> {
    let x = &a.article;
    let dropped: Vec<(usize, usize, String)> = serde_json::from_str(&a.dropped).unwrap_or_default();
    let in_text = |s: usize, e: usize| x.text.get(s..e).unwrap_or("");
    if json {
        let v = article_value(a, story);
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let out = &mut Printable(out);
    writeln!(out, "{}", ui::bold(&iso(shown_title(x))))?;
    writeln!(
        out,
        "  {} · {} · {} {story}",
        iso(x.outlet_shown()),
        day(x.published),
        tr("القصة", "story")
    )?;
    writeln!(out, "  {}", iso(&x.source))?;
    if let Some(c) = &a.copy_of {
        writeln!(
            out,
            "  {} {}",
            tr("نسخة مطابقة من", "exact copy of"),
            iso(c)
        )?;
    }
    writeln!(out)?;
    let mut cut = 0;
    let mut kept = String::new();
    for (s, e, _) in &dropped {
        kept.push_str(x.text.get(cut..*s).unwrap_or(""));
        cut = *e;
    }
    kept.push_str(x.text.get(cut..).unwrap_or(""));
    for line in kept.lines().map(str::trim).filter(|l| !l.is_empty()) {
        writeln!(out, "{line}")?;
    }
    if !dropped.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            tr("أسطر حُذفت بوصفها حشوًا:", "dropped as boilerplate:")
        )?;
        for (s, e, r) in &dropped {
            writeln!(out, "  [{r}] {}", in_text(*s, *e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    #[test]
    fn terminal_output_drops_control_characters() {
        let mut out = super::Printable(Vec::new());
        writeln!(out, "عنوان\x1b]0;pwned\x07 \x1b[2J\u{9b}31m نص\tx").unwrap();
        assert_eq!(
            String::from_utf8(out.0).unwrap(),
            "عنوان]0;pwned [2J31m نص\tx\n"
        );
    }
}
