//! Arabic function words, in folded form (see [`crate::fold`]).
//!
//! The list holds particles, pronouns, auxiliaries and the reporting verbs that
//! every news article uses ("قال", "وأضاف", "أكد"): words that say nothing about
//! which event an article reports; and the English of a page's controls left in
//! scraped text ("Next Previous", "Share", "Print"), which every page of an
//! outlet carries. It is matched against the folded token before stemming.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

const WORDS: &str = "
في من الي علي عن مع ان او ثم حتي اذا اذ لكن بل لا لم لن ما ماذا متي كيف اين
هل قد لقد كان كانت يكون تكون كانوا يكونوا ليس ليست هو هي هم هن هما انا نحن انت
انتم هذا هذه ذلك تلك هؤلاء اولئك الذي التي الذين اللذان اللتان اللواتي اللاتي
التي وهو وهي وهم كما لما عند عندما بين بعد قبل حول خلال ضد دون غير سوي كل بعض
اي ايضا جدا فقط حيث حين منذ الا اما امام وراء تحت فوق لدي لدى له لها لهم به بها
بهم منه منها منهم فيه فيها فيهم عليه عليها عليهم اليه اليها اليهم عنه عنها عنهم
وفي ومن والي وعلي وعن ومع وان او وقد ولا ولم ولن وما وكان وكانت وهذا وهذه وذلك
والذي والتي وكل وبعد وقبل وبين وحول وخلال وعند فان فقد فلا فما بان بانه بانها
انه انها انهم لانه لان كي لكي سوف سيتم يتم تم تمت وتم اكثر اقل نحو حوالي
قال قالت يقول تقول وقال وقالت واضاف واضافت اضاف اضافت اكد اكدت واكد واكدت
اوضح اوضحت واوضح واوضحت اشار اشارت واشار واشارت ذكر ذكرت وذكر وذكرت اعلن اعلنت
واعلن واعلنت بحسب وبحسب وفق وفقا حسب يذكر ويذكر يشار ويشار جاء وجاء
ذات الذي لدي عام العام اليوم امس غدا الان ايضا كذلك وكذلك حاليا
the a an of to in on for and or is are was were be by with at from as that this it
next previous prev share tweet print email facebook twitter whatsapp telegram comments
home more related tags menu search login
";

fn set() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| WORDS.split_whitespace().collect())
}

/// True when the folded token `norm` is a function word.
pub fn is_stopword(norm: &str) -> bool {
    set().contains(norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    #[test]
    fn knows_particles_and_reporting_verbs() {
        for w in ["في", "إلى", "على", "وقال", "وأضاف", "الذي"] {
            assert!(is_stopword(&fold(w)), "{w}");
        }
        assert!(!is_stopword(&fold("صواريخ")));
    }
}
