//! The decision stored with each article (where it went and why), and the
//! stored form of its cleaning: what the pipeline writes and the views read.

use marsad_cluster::{Explanation, StoryId};
use marsad_core::Article;
use marsad_ingest::Cleaned;
use marsad_text::numbers::label_in_arabic;
use marsad_text::surface_forms;
use serde::{Deserialize, Serialize};

/// The decision recorded with each stored article, shown by `--explain`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Decision {
    /// The story the article went into when it arrived.
    pub story: StoryId,
    /// True when the article opened that story.
    pub opened: bool,
    /// The id of the article it is an exact or near copy of, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
    /// For a near copy, the Jaccard similarity of the two texts' word
    /// 5-shingles (an exact copy has none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub near_copy: Option<f32>,
    /// Every earlier article this one nearly copies (word 5-shingle Jaccard
    /// ≥ 0.8), with the Jaccard similarity, earliest first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub near_copies: Vec<(String, f32)>,
    /// The id of the earlier article it matched best.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_article: Option<String>,
    /// Stories merged into `story` when this article arrived.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged: Vec<StoryId>,
    #[serde(flatten)]
    pub explanation: Explanation,
}

/// Shows an explanation's shared terms and names as the article writes
/// them, and its anchors in words, instead of matching keys.
pub fn readable(e: &mut Explanation, article: &Article) {
    let text = format!("{}\n{}", article.title, article.text);
    e.shared_terms = surface_forms(&text, &e.shared_terms);
    e.shared_names = surface_forms(&text, &e.shared_names);
    e.shared_anchors = e
        .shared_anchors
        .iter()
        .map(|l| label_in_arabic(l))
        .collect();
    let words = |v: &mut Vec<String>| v.iter_mut().for_each(|l| *l = label_in_arabic(l));
    if let Some((ours, _)) = &mut e.differing_terms {
        *ours = surface_forms(&text, ours);
    }
    for (a, b) in &mut e.conflicting_anchors {
        words(a);
        words(b);
    }
    // A title's actor is stems: the article's side in its own words.
    if let Some((ours, _)) = &mut e.conflicting_actors {
        *ours = surface_forms(&text, ours);
    }
}

/// The decision stored with an article, its shared terms in the article's
/// own words.
pub fn stored_decision(s: &marsad_store::StoredArticle) -> Decision {
    let mut d: Decision = serde_json::from_str(&s.explanation).unwrap_or_default();
    readable(&mut d.explanation, &s.article);
    d
}

/// An article's cleaning as stored with it.
pub fn stored_cleaning(s: &marsad_store::StoredArticle) -> Cleaned {
    let rows: Vec<(usize, usize, marsad_ingest::Reason)> =
        serde_json::from_str(&s.dropped).unwrap_or_default();
    let dropped = rows
        .into_iter()
        .map(|(a, b, r)| (marsad_core::Span::new(a, b), r))
        .collect();
    Cleaned::from_dropped(&s.article.text, dropped)
}

/// The dropped lines as stored: `[[start, end, "reason"], …]`.
pub fn dropped_json(cleaned: &Cleaned) -> String {
    let rows: Vec<(usize, usize, marsad_ingest::Reason)> = cleaned
        .dropped
        .iter()
        .map(|(s, r)| (s.start, s.end, *r))
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}
