//! Arabic-aware text analysis: the lossless and lossy stages that turn an
//! article's original text into what the matcher compares.
//!
//! Two kinds of stage are kept apart:
//! - **lossless** ones that only find spans in the original text
//!   ([`tokens`], [`sentences`]): every [`Token`] and sentence keeps a byte range
//!   into the text it came from, so what is shown to people is never altered;
//! - **lossy** ones used for matching only ([`fold`], [`stem`], [`stopwords`],
//!   [`numbers`]): they fold diacritics, alef forms, ى/ي, ة/ه, digits, and strip
//!   clitics and suffixes.
//!
//! ```
//! use marsad_text::{fold, stem, tokens};
//! let text = "وقالَ الرئيسُ بالأمسِ";
//! let toks = tokens(text);
//! assert_eq!(&text[toks[1].start..toks[1].end], "الرئيسُ");
//! assert_eq!(toks[1].norm, "الرييس");
//! assert_eq!(fold("أَحْمَد"), "احمد");
//! assert_eq!(stem("بالصواريخ"), "صواريخ");
//! ```

mod analysis;
mod normalize;
pub mod numbers;
mod sentences;
mod stem;
pub mod stopwords;
mod tokens;

pub use analysis::{term_of, Analysis, TermCounts};
pub use normalize::{fold, fold_char, is_arabic_mark};
pub use sentences::{sentence_key, sentences};
pub use stem::stem;
pub use stopwords::is_stopword;
pub use tokens::{tokens, Token};
