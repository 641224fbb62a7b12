//! Tests over a small fictional story written for these tests: three
//! invented outlets report a storm in the invented port city of Rumaila.
//! Every person, place and outlet here is made up.

use crate::{synthesize, Cite, Doc, Synthesis};

/// The quote of a table test's case `n` that holds `words`.
fn quote_with<'a>(s: &'a Synthesis, words: &str, n: usize) -> &'a crate::Quote {
    s.quotes
        .iter()
        .find(|q| q.text.contains(words))
        .unwrap_or_else(|| panic!("case {n}: no quote with «{words}»: {:?}", s.quotes))
}

fn doc(id: &str, outlet: &str, text: &str) -> Doc {
    Doc::new(id, outlet, text)
}

/// A report published at (year, month, day, hour) UTC.
fn dated((y, m, d, h): (i32, u32, u32, u32), id: &str, outlet: &str, text: &str) -> Doc {
    use chrono::TimeZone;
    let mut doc = doc(id, outlet, text);
    doc.published = chrono::Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single();
    doc
}

/// The synthesis of one text told by two outlets word for word.
fn told_twice(text: &str) -> Synthesis {
    synthesize(&[doc("a", "وكالة الساحل", text), doc("b", "صحيفة الأفق", text)])
}

fn story() -> Vec<Doc> {
    let mut a = doc(
        "a",
        "وكالة الساحل",
        "عاصفة تضرب ميناء الرميلة\n\
         ضربت عاصفة قوية مدينة الرميلة مساء الخميس، ما أدى إلى مقتل ثلاثة أشخاص وإصابة 12 آخرين.\n\
         وقال وزير الداخلية سالم العتيبي في مؤتمر صحافي: “فرق الإنقاذ تعمل منذ ساعات لإجلاء السكان من الأحياء المنخفضة في المدينة”.\n\
         وأضاف العتيبي أن الأمطار أغرقت نحو 200 منزل في حي الصيادين.\n\
         وأعلنت هيئة الأرصاد الجوية أن سرعة الرياح بلغت 90 كيلومترا في الساعة.",
    );
    a.title = "عاصفة تضرب ميناء الرميلة".into();
    a.skip = vec![marsad_core::Span::new(0, a.text.find('\n').unwrap())];
    let b = doc(
        "b",
        "صحيفة الأفق",
        "ضربت عاصفة قوية مدينة الرميلة مساء الخميس، ما أدى إلى مقتل أربعة أشخاص وإصابة 12 آخرين.\n\
         وقال وزير الداخلية سالم العتيبى: \"فرق الإنقاذ تعمل منذ ساعات لإجلاء السكان من الأحياء المنخفضة في المدينة\".\n\
         وبحسب مصدر طبي، فإن المستشفى استقبل 15 مصابا خلال الليل.",
    );
    let c = doc(
        "c",
        "موقع النخلة",
        "أفادت مصادر محلية بمقتل 3 أشخاص في العاصفة التي ضربت مدينة الرميلة مساء الخميس.\n\
         ونقل موقع النخلة عن الوزير العتيبي قوله إن فرق الإنقاذ تعمل منذ ساعات لإجلاء السكان من الأحياء المنخفضة في المدينة.\n\
         وغرقت قرابة مئتي منزل في حي الصيادين بحسب الدفاع المدني.",
    );
    vec![a, b, c]
}

/// Every cite in the synthesis, wherever it sits in the JSON.
fn cites(s: &Synthesis) -> Vec<Cite> {
    fn walk(v: &serde_json::Value, out: &mut Vec<Cite>) {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(a), Some(s), Some(e), Some(t)) = (
                    m.get("article"),
                    m.get("start"),
                    m.get("end"),
                    m.get("text"),
                ) {
                    out.push(Cite {
                        article: a.as_str().unwrap_or_default().into(),
                        start: s.as_u64().unwrap_or(0) as usize,
                        end: e.as_u64().unwrap_or(0) as usize,
                        text: t.as_str().unwrap_or_default().into(),
                    });
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(s).unwrap(), &mut out);
    out
}

#[test]
fn every_span_slices_its_article_exactly() {
    let docs = story();
    let s = synthesize(&docs);
    let all = cites(&s);
    assert!(all.len() > 10, "{all:?}");
    for c in all {
        let d = docs
            .iter()
            .find(|d| d.id == c.article)
            .expect("cited article");
        assert_eq!(d.text.get(c.start..c.end), Some(c.text.as_str()), "{c:?}");
    }
}

#[test]
fn summary_cites_every_article_carrying_a_sentence() {
    let s = synthesize(&story());
    assert!(
        (3..=7).contains(&s.summary.len()) || s.summary.len() <= 5,
        "{:?}",
        s.summary
    );
    let storm = s
        .summary
        .iter()
        .find(|x| x.text.contains("ضربت عاصفة"))
        .expect("the storm sentence");
    // c words it differently ("أفادت مصادر محلية بمقتل 3 أشخاص …") but carries it.
    assert_eq!(storm.articles, ["a", "b", "c"]);
    let rescue = s
        .summary
        .iter()
        .find(|x| x.text.contains("فرق الإنقاذ"))
        .expect("the minister's sentence");
    assert_eq!(rescue.articles, ["a", "b", "c"]);
    let shared = s
        .shared
        .iter()
        .find(|x| x.text.contains("فرق الإنقاذ"))
        .expect("shared");
    assert_eq!(shared.carriers.len(), 3);
    assert_eq!(shared.first, None, "no publish times: no first");
}

#[test]
fn one_quote_with_its_speaker_role_and_variants() {
    let s = synthesize(&story());
    let q = s
        .quotes
        .iter()
        .find(|q| q.text.contains("فرق الإنقاذ"))
        .expect("quote");
    assert_eq!(q.speaker, "سالم العتيبي");
    assert_eq!(q.role.as_deref(), Some("وزير الداخلية"));
    assert_eq!(q.articles, ["a", "b", "c"]);
    assert_eq!(q.kind, "mixed", "direct in a and b, reported in c");
    let c = q.variants.iter().find(|v| v.article == "c").unwrap();
    assert_eq!(c.via, ["موقع النخلة"]);
    // "وأضاف العتيبي" is the same speaker.
    assert!(s
        .quotes
        .iter()
        .any(|q| q.speaker == "سالم العتيبي" && q.text.contains("200 منزل")));
    let person = s
        .entities
        .iter()
        .find(|e| e.name == "سالم العتيبي")
        .expect("entity");
    assert!(person.variants.iter().any(|v| v.contains("العتيبى")) || person.variants.is_empty());
    assert_eq!(person.articles, ["a", "b", "c"]);
}

#[test]
fn a_later_clause_with_its_own_speaker_speaks_the_quote() {
    // The first verb's subject did something; the second clause's named
    // speaker said it. «وأضاف البيان» refers back: its sentence stays the
    // first speaker's.
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "وأعلنت بلدية الرميلة فتح مدرستين للعائلات، وقال رئيس البلدية كامل الصافي إن \"نحو 80 عائلة وصلت إلى المدرستين\".\n\
             وقالت هيئة الموانئ في بيان إن الرصيف الشمالي تضرر، وأضاف البيان أن الملاحة ستتوقف يومين.\n\
             وغرق قاربان في الميناء، بحسب ما أعلنته هيئة الموانئ.",
        ),
    ];
    let s = synthesize(&docs);
    let quote_with = |words: &str| {
        s.quotes
            .iter()
            .find(|q| q.text.contains(words))
            .unwrap_or_else(|| panic!("no quote with «{words}»"))
    };
    let families = quote_with("80 عائلة");
    assert_eq!(families.speaker, "كامل الصافي", "{families:?}");
    let port = quote_with("الرصيف");
    assert_eq!(port.speaker, "هيئة الموانئ", "{port:?}");
    // "بحسب ما أعلنته X": X is the source of what came before, not a
    // speaker «أعلنته …» saying the rest of its own name.
    let boats = quote_with("قاربان");
    assert_eq!(boats.speaker, "هيئة الموانئ", "{boats:?}");
    assert!(s.quotes.iter().all(|q| !q.speaker.contains("أعلنته")));
}

#[test]
fn facts_agree_and_differ_per_outlet_and_source() {
    let s = synthesize(&story());
    let killed = s.facts.iter().find(|f| f.what == "القتلى").expect("killed");
    assert_eq!(killed.verdict, "differ", "{killed:?}");
    let values: Vec<(&str, &str)> = killed
        .values
        .iter()
        .map(|v| (v.article.as_str(), v.value.as_str()))
        .collect();
    assert!(
        values.contains(&("a", "3"))
            && values.contains(&("b", "4"))
            && values.contains(&("c", "3")),
        "{values:?}"
    );
    let injured: Vec<_> = s.facts.iter().filter(|f| f.what == "الإصابات").collect();
    assert!(
        injured
            .iter()
            .any(|f| f.verdict == "agree" || f.verdict == "differ"),
        "{injured:?}"
    );
    let houses = s
        .facts
        .iter()
        .find(|f| f.values.iter().any(|v| v.cite.text.contains("منزل")))
        .expect("houses");
    assert_eq!(
        houses.verdict, "agree",
        "نحو 200 and قرابة مئتي agree: {houses:?}"
    );
    let c = houses.values.iter().find(|v| v.article == "c").unwrap();
    assert_eq!(c.source.as_deref(), Some("الدفاع المدني"));
    let day = s
        .facts
        .iter()
        .find(|f| f.what.starts_with("يوم"))
        .expect("day fact");
    assert_eq!(day.verdict, "agree");
    assert!(s
        .timeline
        .iter()
        .any(|t| t.relative && t.when == "مساء الخميس"));
}

#[test]
fn never_panics_on_odd_input() {
    let texts = [
        "",
        " ",
        "\n\n",
        "“",
        "قال",
        "قال:",
        "بحسب",
        "1",
        "٣ صواريخ",
        "مساء",
        "في وقت مبكر من",
        "(",
        "الرئيس (",
        "a\u{0}b",
    ];
    for t in texts {
        let docs = vec![doc("x", "o", t), doc("y", "p", t)];
        let s = synthesize(&docs);
        for c in cites(&s) {
            assert_eq!(
                docs[0]
                    .text
                    .get(c.start..c.end)
                    .or(docs[1].text.get(c.start..c.end)),
                Some(c.text.as_str())
            );
        }
    }
}

/// Where names and speakers end (issue 11): one fictional article per row,
/// the speaker the quote holding some words must have, and names no
/// entity may show. Every person, body and place is made up.
#[test]
fn names_and_speakers_end_where_the_phrase_ends() {
    struct Case {
        text: &'static str,
        /// (words of a quote, its speaker)
        speakers: &'static [(&'static str, &'static str)],
        /// Words no entity name or speaker may contain.
        never: &'static [&'static str],
        /// Names an entity or a speaker must show whole.
        shown: &'static [&'static str],
    }
    let cases = [
        // The outlet a speaker spoke to is no part of him; after a role
        // and its adjectives alone, a medium is whose the role is.
        Case {
            text: "وقال مصدر في وزارة الموانئ لوكالة الأنباء الساحلية إن السفينة رست فجرا. \
                   وقال المدرب ماريو فلتان لشبكة نجمة إن فريقه جاهز للقاء. \
                   وقال متحدث باسم الدفاع المدني لوكالة الشرق إن الحريق أخمد بسرعة كبيرة. \
                   وقال المدير التنفيذي للموقع سامي قرطال إن الطلب يتزايد كل يوم.",
            speakers: &[
                ("السفينة رست", "مصدر في وزارة الموانئ"),
                ("فريقه جاهز", "ماريو فلتان"),
                ("الحريق أخمد", "متحدث باسم الدفاع المدني"),
                ("الطلب يتزايد", "سامي قرطال"),
            ],
            never: &["لوكالة", "لشبكة"],
            shown: &[],
        },
        // A body word and a nisba made from a noun the story writes with
        // the article describe a thing; they name no body.
        Case {
            text: "وحذرت الحكومة من خطر الإرهاب في المنطقة، وقالت إن تنظيم إرهابي \
                   يقف وراء الهجوم، فيما افتتح مركز تدريبي جديد لتأهيل الشباب على \
                   التدريب الميداني.",
            speakers: &[],
            never: &["إرهابي", "تدريبي"],
            shown: &[],
        },
        // «ـنا» on a plural is ours, a noun of quantity opens what follows:
        // neither is a word of a place's or a body's name.
        Case {
            text: "وأكد مدير الشركة أن مصلحة أبنائنا تأتي أولا، وأن قاعدة عملائنا تتسع \
                   في مدن مثل وادي الريم. وتضم مدينة مثل وادي الريم أسواقا كثيرة.",
            speakers: &[],
            never: &["أبنائنا", "عملائنا", "مثل"],
            shown: &[],
        },
        // The words closing a foreign paper's or channel's name are part
        // of it.
        Case {
            text: "وذكرت صحيفة ريفرتون تايمز في تقرير لها إن السفينة رست فجرا. \
                   وقالت قناة ماونتن نيوز إن الطريق أغلق بسبب الثلوج.",
            speakers: &[
                ("السفينة رست", "صحيفة ريفرتون تايمز"),
                ("الطريق أغلق", "قناة ماونتن نيوز"),
            ],
            never: &[],
            shown: &[],
        },
        // What a body belongs to and a person's rank after a place are no
        // part of their names.
        Case {
            text: "وأقر مجلس الأمن التابع للأمم المتحدة القرار بالإجماع. وقال مدير شرطة \
                   منطقة الواحة العقيد سالم الحكيم إن الدوريات انتشرت في الأحياء.",
            speakers: &[],
            never: &["التابع", "العقيد"],
            shown: &["مجلس الأمن"],
        },
        // A defined noun after a body's genitive is the verb's object.
        Case {
            text: "وقرر مجلس الشورى الموافقة على مشروع قانون المياه الجديد.",
            speakers: &[],
            never: &["الموافقة"],
            shown: &[],
        },
        Case {
            text: "أدانت منظمة الأطباء العربية التصريحات الأخيرة لوزير الصحة.",
            speakers: &[],
            never: &["التصريحات"],
            shown: &[],
        },
        // A relative pronoun opens a clause, a possessive says whose; «في
        // حال» (in case) beside «الحالي» is no country; a device is no body.
        Case {
            text: "وعقد الاجتماع في مدينة قرطالة التي تستضيف المؤتمر للمرة الأولى. \
                   وفي حال تأخر الوفد يبقى الوضع الحالي على حاله، واجتمع مجلس إدارته \
                   أمس، فيما عرض الوفد جهاز كومبيوتر حديثا.",
            speakers: &[],
            never: &["التي", "حال", "إدارته", "كومبيوتر"],
            shown: &["مدينة قرطالة"],
        },
        // Nouns of quantity and sameness, a common noun the story also
        // writes with the article, a month: no countries, though «إحدى»,
        // «أخرى», «النفسية», «الأمنية» look like their nisbas.
        Case {
            text: "ونقل الجرحى في أحد المستشفيات في نفس الوقت، وألغيت في آخر لحظة \
                   رحلة أخرى إلى إحدى المدن. وقال إن الحالة النفسية للركاب جيدة وإن \
                   التعاون الأمني مستمر في رمضان، فالأمن أولوية وفي أمن المطار ثقة.",
            speakers: &[],
            never: &["أحد", "نفس", "آخر", "أمن", "رمضان"],
            shown: &[],
        },
        // How something was said, what a study found, a prayer: no
        // speaker of two words; a family name may carry the article.
        Case {
            text: "وأكد الوزير سالم الحكيم أن الخطة جاهزة للتنفيذ. وقال عبر حسابه على تويتر \
                   إن القرار صائب ونهائي. وذكرت دراسة أجرتها جامعة السهول أن المدينة نظيفة. وقال سهو السهو إن موعد التسجيل \
                   سينتهي في نهاية الشهر المقبل دون تمديد.",
            speakers: &[("موعد التسجيل سينتهي", "سهو السهو")],
            never: &["عبر حسابه", "دراسة أجرتها"],
            shown: &[],
        },
        // What a body does is no part of its name; whom an office serves is.
        Case {
            text: "وعين مكتب التحقيقات الجوية الوطني للتحقيق في الحادث فريقا من خبرائه. \
                   وقال المكتب الإعلامي للعتيبي في بيان إن الوزير سيزور الموقع.",
            speakers: &[],
            never: &["للتحقيق"],
            shown: &["مكتب التحقيقات الجوية الوطني", "المكتب الإعلامي للعتيبي"],
        },
        // A role after a body's name begins another phrase.
        Case {
            text: "ووجهت المحكمة الدستورية للرئيس السابق تهما جديدة أمس.",
            speakers: &[],
            never: &["للرئيس", "المحكمة الدستورية الرئيس"],
            shown: &[],
        },
        // An ordinal that does not agree with the adjective before it is
        // another noun's («… الجديدة الأول»); one that agrees stays.
        Case {
            text: "وقالت هيئة الميناء الجديدة الأول من نوعه في المنطقة إن السفن وصلت.\n\
                   وأعلنت هيئة الموانئ الثانية أن الطريق مفتوح.",
            speakers: &[],
            never: &["الجديدة الأول"],
            shown: &["هيئة الميناء الجديدة", "هيئة الموانئ الثانية"],
        },
        // The doctor's title («د.») before a name ends neither the speaker
        // nor the sentence.
        Case {
            text: "وأوضح الأمين العام لاتحاد المزارعين د. سامر الحكيم أن الموسم سيكون جيدا هذا العام.",
            speakers: &[("الموسم سيكون جيدا", "سامر الحكيم")],
            never: &[],
            shown: &["سامر الحكيم"],
        },
        // Two clauses of one sentence quote two speakers.
        Case {
            text: "وقال شهود في بلدة الرميلة إن أكثر من عشرين شخصا قتلوا في الانفجار، في حين أكد مسؤول أمني طلب عدم نشر اسمه أن ما بين 20 و25 شخصا أصيبوا.\n\
                   وذكر مصدر طبي أن المستشفى استقبل الجرحى، فيما أكد مسؤولان محليان أن الطرق المؤدية إلى المدينة أغلقت.\n\
                   وقال الوزير سالم العتيبي إن الفرق تعمل، وأضاف أن الإجلاء مستمر.",
            speakers: &[
                ("أكثر من عشرين", "شهود في بلدة الرميلة"),
                ("ما بين 20 و25", "مسؤول أمني"),
                ("إلى المدينة أغلقت", "مسؤولان محليان"),
                // No speaker of its own: the same quote goes on.
                ("الإجلاء مستمر", "سالم العتيبي"),
            ],
            never: &[],
            shown: &[],
        },
        // An abbreviation's dots join its letters, in the name and in the
        // sentence.
        Case {
            text: "وقالت قناة إس.بي.سي إن العاصفة ضربت المدينة بقوة كبيرة.",
            speakers: &[],
            never: &[],
            shown: &["قناة إس.بي.سي"],
        },
        // A family name already given in full ends the name.
        Case {
            text: "وقال وزير المالية سامر حداد إن العجز تراجع هذا العام.\n\
                   وأكد حداد أهمية خفض الإنفاق في الموازنة المقبلة.",
            speakers: &[("خفض الإنفاق", "سامر حداد")],
            never: &["حداد أهمية"],
            shown: &[],
        },
        // A noun and its ordinal make no family name.
        Case {
            text: "وسجل المهاجم نزار الهدف الثالث للفريق في الدقيقة الأخيرة.",
            speakers: &[],
            never: &["نزار الهدف"],
            shown: &[],
        },
        // The subject before the verb speaks; after كان the subject, not
        // the object after the verb.
        Case {
            text: "وقال وزير المالية سامر حداد إن العجز تراجع.\n\
                   إلا أن حداد أكد أن الخطة ستنفذ كاملة هذا العام.",
            speakers: &[("الخطة ستنفذ", "سامر حداد")],
            never: &[],
            shown: &[],
        },
        Case {
            text: "وكانت جمعية الصيادين دانت في بيان القرار الجديد للبلدية.\n\
                   وقالت إن الصيادين سيواصلون الاحتجاج أمام الميناء.",
            speakers: &[("سيواصلون الاحتجاج", "جمعية الصيادين")],
            never: &[],
            shown: &[],
        },
        // An anonymous source keeps where he serves.
        Case {
            text: "وقال مسؤول في وزارة النقل إن الطريق سيفتح غدا أمام السيارات.",
            speakers: &[("الطريق سيفتح", "مسؤول في وزارة النقل")],
            never: &[],
            shown: &[],
        },
        // Results are no source; a statement speaks for its author.
        Case {
            text: "وبحسب النتائج الرسمية للانتخابات البلدية فإن الحزب فاز بأغلبية المقاعد.\n\
                   وقال بيان للشرطة المحلية إن ثلاثة لصوص اعتقلوا قرب السوق.",
            speakers: &[("ثلاثة لصوص", "الشرطة المحلية")],
            never: &["النتائج", "بيان"],
            shown: &[],
        },
        // A lone family name is the person the article named in full.
        Case {
            text: "وقال المتهم الرئيس كريم سالم العوادي إنه نادم على ما فعله.\n\
                   وقال العوادي إن أحدا لم يساعده في التخطيط للسرقة.",
            speakers: &[("أحدا لم يساعده", "كريم سالم العوادي")],
            never: &[],
            shown: &[],
        },
        // The same person under a shorter form of his name.
        Case {
            text: "وقال رئيس الحكومة سليم كارا أوغلو إن التحقيق مستمر في الحادث.\n\
                   وتابع كارا أوغلو أن المسؤولين سيحاسبون قريبا على الإهمال.",
            speakers: &[("سيحاسبون", "سليم كارا أوغلو")],
            never: &[],
            shown: &[],
        },
        // An unnamed spokesman of a president named with his role.
        Case {
            text: "وقال متحدث باسم الرئيس الموريتاني سالم ولد أحمد إن الزيارة كانت ناجحة.",
            speakers: &[("الزيارة كانت", "متحدث باسم الرئيس الموريتاني سالم ولد أحمد")],
            never: &[],
            shown: &[],
        },
        // Directions, nationalities and indefinite adjectives name no place.
        Case {
            text: "ووقع الانفجار في منطقة الشمال الغربي من البلاد.\n\
                   وطلب القضاء الفرنسي تسليم المتهمين إلى فرنسا.\n\
                   وسقطت القذيفة على قرية قريبة من الحدود.\n\
                   وشارك في القتال مئات المسلحين وتواصلت الأعمال القتالية في العراق.\n\
                   واستمر القتال أياما وقتل في القتال عشرات.",
            speakers: &[],
            never: &["منطقة الشمال", "القضاء الفرنسي", "قرية قريبة", "القتال"],
            shown: &[],
        },
        // A head after a quantifier or a count is any one of its kind; a
        // glued preposition opens what a body does; a word that opens place
        // names takes the name after it.
        Case {
            text: "وتضم البطولة ست مجموعات، وكل مجموعة يلعب فيها أربعة فرق.\n\
                   وأسست منظمة للنهوض بالتعليم في القرى النائية.\n\
                   ومن بين 120 شركة نشطة في السوق ارتفعت أسهم عشر.\n\
                   وتقام القرعة في مدينة سان لورينزو الشهر المقبل.",
            speakers: &[],
            never: &["مجموعة يلعب", "منظمة للنهوض", "شركة نشطة"],
            shown: &["مدينة سان لورينزو"],
        },
        // A quoted name runs to its closing mark; an opened quotation after
        // a body word is no name.
        Case {
            text: "وعرضت قناة \"تي في نور\" صورا للحريق في المصنع.\n\
                   وقال المصدر إن هذه خلية «جديدة وتم رصدها بعد أشهر من المتابعة الدقيقة».",
            speakers: &[],
            never: &["خلية جديدة"],
            shown: &["قناة تي في نور"],
        },
        // A place word before a person's given name, and a place word that
        // is also a rule or the judiciary.
        Case {
            text: "وحضر اللقاء محافظ العاصمة ماهر سلوم ورئيس البلدية.\n\
                   وأشاد ماهر سلوم بالتنظيم.\n\
                   وقال إن المشروع يقوم على قاعدة متينة من التعاون.\n\
                   وأحال القضاء الأمريكي الملف إلى المحكمة.",
            speakers: &[],
            never: &["العاصمة ماهر", "قاعدة متينة", "القضاء الأمريكي"],
            shown: &["ماهر سلوم"],
        },
        // A verb before a family name the story gives in full, a dual of a
        // word the story uses, a body word as a family name, a body of "the
        // region" are no names.
        Case {
            text: "وقال رئيس الاتحاد سمير قندوز إن الموسم سيبدأ في موعده.\n\
                   وجاء ذلك بعدما أبدى قندوز رغبته في البقاء.\n\
                   وسدد مهاجم الفريق كرتين في القائم خلال مباراة الكرة أمس.\n\
                   ونقل حساب الاتحاد على موقع تويتر عن قندوز قوله إن الفريق جاهز.\n\
                   وقالت شرطة المنطقة إن الطريق أغلق.\n\
                   وسجل فارس حمدان مدافع نادي الوحدة، هدفا.\n\
                   وتوقفت حركة المرور في الشارع، وتجمع الناس في موقع الحادث.",
            speakers: &[],
            never: &[
                "أبدى قندوز",
                "كرتين",
                "حساب الاتحاد",
                "شرطة المنطقة",
                "نادي الوحدة",
                "حركة المرور",
                "موقع الحادث",
            ],
            shown: &["سمير قندوز"],
        },
        // A general kind as an indefinite adjective makes no body; a noun
        // that ends like a nisba is no adjective of a party's name.
        Case {
            text: "وافتتح مركز تجاري في الحي الجنوبي أمس.\n\
                   وقال حزب النهضة والبناء إن الانتخابات نزيهة.\n\
                   وخسر حزب النهضة والبناء الغالبية في البرلمان.",
            speakers: &[],
            never: &["مركز تجاري", "البناء الغالبية"],
            shown: &[],
        },
        // A given name before عبد is a name even when the story writes it
        // with the article as a family name; a title set off by commas
        // does not hide what was said after it.
        Case {
            text: "وحضر الحفل الشيخ ناصر الأحمد.\n\
                   فيما قال أحمد عبد الغفور، أستاذ الاقتصاد البحري بجامعة المحيط الهادئ في ولاية كاليفورنيا الأمريكية، إن المشروع سيغير حركة التجارة.",
            speakers: &[("المشروع سيغير", "أحمد عبد الغفور")],
            never: &[],
            shown: &[],
        },
        // A role after a name is that name's, not the next conjunct's.
        Case {
            text: "وحضر الافتتاح سامر حداد وزير المالية وكريم العوادي رئيس الغرفة التجارية.",
            speakers: &[],
            never: &["وكريم"],
            shown: &[],
        },
        // A broken plural is no speaker's name ("كشف" is a verbal noun here).
        Case {
            text: "وفيما رفض مصدر مسؤول، كشف أسباب الحريق، أعلنت شركة الكهرباء أن التيار سيعود إلى الحي مساء اليوم.",
            speakers: &[],
            never: &["أسباب الحريق"],
            shown: &[],
        },
        // A plain family name closes a lineage before a comma; a place the
        // story names closes a body's genitive chain.
        Case {
            text: "وحضر الحفل المستشار نادر بن صالح قرموط، وعدد من المسؤولين.\n\
                   وقال المستشار نادر بن صالح قرموط إن الحفل ناجح.\n\
                   ووقع الحادث في مدينة سلوان أمس.\n\
                   وقالت شرطة منطقة سلوان إن التحقيق في أسباب الحادث ما زال جاريا حتى الآن.",
            speakers: &[("أسباب الحادث", "شرطة منطقة سلوان")],
            never: &[],
            shown: &["نادر بن صالح قرموط"],
        },
        // «X الX»: a given name and the same word with the article is a
        // family name, after a role and its body too.
        Case {
            text: "وقال سكرتير الاتحاد البحري لكرة السلة نمر النمر إن المباراة ستقام في موعدها.",
            speakers: &[("المباراة ستقام", "نمر النمر")],
            never: &["سكرتير الاتحاد البحري لكرة السلة نمر"],
            shown: &[],
        },
        // «المهندس» is a title like «الدكتور»: in a run of titled names each
        // keeps his own («رميح الرميح» reads as a name too).
        Case {
            text: "وحضر الاجتماع الدكتور نمر النمر والمهندس كريم العوادي ممثلين عن القطاع الخاص.\n\
                   وقدم النمر والعوادي عرضا عن المشروع.",
            speakers: &[],
            never: &["الدكتور نمر النمر والمهندس"],
            shown: &["نمر النمر", "كريم العوادي"],
        },
        // A defined body word and «العالمية» name no body: the world is no
        // nation; a nation's nisba names one; «بحسب ما تراه …» is no source.
        Case {
            text: "وشاركت الهيئة العالمية لأطباء عبر البحار في حملة، والوضع في العالم صعب.\n\
                   وأكد الجيش الساحلي في الساحل أن الوضع مستقر، بحسب ما تراه الجهات الأمنية.",
            speakers: &[],
            never: &["الهيئة العالمية", "تراه"],
            shown: &["الجيش الساحلي"],
        },
        // A city the story writes only glued («بسلوان») after a role is the
        // role's, not the man's given name.
        Case {
            text: "واستقبله أمين سلوان كريم حداد في مقر الأمانة.\n\
                   وقال حداد إن الزيارة ناجحة، وغادر الوفد المقر بسلوان مساء.",
            speakers: &[("الزيارة ناجحة", "كريم حداد")],
            never: &["سلوان كريم"],
            shown: &[],
        },
        // A doctor's or an officer's title without the article is no
        // construct: the two words after it before a comma are his name.
        Case {
            text: "وقال المستشار بأكاديمية سلوان العسكرية العليا اللواء دكتور كريم العوادي، إن \"المشروع كبير ويغير حركة التجارة\".",
            speakers: &[("المشروع كبير", "كريم العوادي")],
            never: &[],
            shown: &[],
        },
        // A plural of forces or services and one common noun is no body's
        // name; with a name or a qualifier it is.
        Case {
            text: "ووصلت قوات الشرطة إلى مكان الحادث، فيما انتشرت قوات الأمن حول الميناء.\n\
                   وقالت قوات المجاهدين إن قوات التحالف الساحلي أرسلت تعزيزات إلى الكويت.\n\
                   وأعلنت سلطات الكويت إغلاق الميناء.",
            speakers: &[],
            never: &["قوات الشرطة", "قوات الأمن"],
            shown: &["قوات المجاهدين", "قوات التحالف الساحلي", "سلطات الكويت"],
        },
        // A body word before another body word without the article is the
        // verbal noun «managing a group», not a body's name.
        Case {
            text: "ونسبت النيابة إلى المتهمين تأسيس وإدارة جماعة إرهابية داخل البلاد.\n\
                   وقال مجلس إدارة هيئة الموانئ إن العمل مستمر.",
            speakers: &[],
            never: &["إدارة جماعة"],
            shown: &["مجلس إدارة هيئة الموانئ"],
        },
        // A place word after a company or a share, or in quotation marks, names
        // the company; a place word after a body is still a place.
        Case {
            text: "وتصدر سهم \"مدينة المعرفة\" الأسهم المتراجعة، وارتفعت أسهم شركات مدينة المعرفة وموبايلي.\n\
                   وقالت أمانة منطقة سلوان إن الأمطار أغرقت مدينة الرميلة.",
            speakers: &[],
            never: &["مدينة المعرفة"],
            shown: &["منطقة سلوان", "مدينة الرميلة"],
        },
    ];
    for (n, case) in cases.iter().enumerate() {
        let docs = vec![doc("a", "وكالة الساحل", case.text)];
        let s = synthesize(&docs);
        for (words, speaker) in case.speakers {
            let q = quote_with(&s, words, n);
            assert_eq!(q.speaker, *speaker, "case {n}: {q:?}");
        }
        for name in case.shown {
            assert!(
                s.entities.iter().any(|e| e.name == *name)
                    || s.quotes.iter().any(|q| q.speaker == *name),
                "case {n}: «{name}» not shown: {:?} {:?}",
                s.entities.iter().map(|e| &e.name).collect::<Vec<_>>(),
                s.quotes.iter().map(|q| &q.speaker).collect::<Vec<_>>()
            );
        }
        for bad in case.never {
            assert!(
                s.entities.iter().all(|e| !e.name.contains(bad))
                    && s.quotes.iter().all(|q| !q.speaker.contains(bad)),
                "case {n}: «{bad}» shown: {:?} {:?}",
                s.entities.iter().map(|e| &e.name).collect::<Vec<_>>(),
                s.quotes.iter().map(|q| &q.speaker).collect::<Vec<_>>()
            );
        }
    }
}

/// A speaker shown cut takes the whole name the story gives elsewhere, when
/// one name fits; a father's name («بن …») is never taken for the son's.
#[test]
fn a_cut_speaker_takes_the_whole_name() {
    use crate::quotes::{complete_speakers, Quote};
    use crate::{Entity, EntityKind};
    let quote = |speaker: &str| Quote {
        speaker: speaker.into(),
        role: None,
        kind: "direct".into(),
        text: "نص".into(),
        articles: vec![],
        variants: vec![],
    };
    let person = |name: &str| Entity {
        name: name.into(),
        kind: EntityKind::Person,
        roles: vec![],
        variants: vec![],
        articles: vec![],
    };
    let mut secretary = quote("أمين سر نادي الرميلة");
    secretary.role = Some(secretary.speaker.clone());
    let mut quotes = vec![
        secretary,
        quote("مكتب والي كفر"),
        quote("مكتب والي كفرشيما"),
        quote("عبد الصمد"),
        quote("نادر صالح"),
    ];
    let entities = [person("سليم عبد الصمد"), person("كريم بن نادر صالح")];
    complete_speakers(&mut quotes, &entities);
    let shown: Vec<&str> = quotes.iter().map(|q| q.speaker.as_str()).collect();
    assert_eq!(
        shown,
        [
            "أمين سر نادي الرميلة",
            "مكتب والي كفرشيما",
            "مكتب والي كفرشيما",
            "سليم عبد الصمد",
            "نادر صالح"
        ]
    );
    assert_eq!(quotes[0].role, None, "a role that is the whole speaker");
}

#[test]
fn a_dated_day_is_one_line_of_the_timeline() {
    // A web report on the day and the next morning's paper date one
    // happening in their own words: one line, citing both.
    let web = dated(
        (2026, 5, 10, 9),
        "web",
        "وكالة الساحل",
        "افتتحت بلدية الرميلة اليوم الأحد الجسر الجديد فوق وادي السدر.\n\
         وشهدت الرميلة اليوم حركة كثيفة على الطريق الساحلي.",
    );
    let paper = dated(
        (2026, 5, 11, 5),
        "paper",
        "صحيفة الأفق",
        "افتتحت بلدية الرميلة أمس الجسر الجديد فوق وادي السدر بحضور رئيس البلدية.",
    );
    let s = synthesize(&[web, paper]);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 10);
    let lines: Vec<_> = s.timeline.iter().filter(|t| t.from == day).collect();
    assert_eq!(lines.len(), 1, "{:#?}", s.timeline);
    assert_eq!(lines[0].articles, ["paper", "web"]);
    assert!(lines[0].cites.iter().all(|c| !c.text.is_empty()));
}

#[test]
fn an_earlier_hearings_day_is_no_disagreement_on_this_ones() {
    // Reports of a trial's second hearing, on Thursday; the next morning's
    // paper recalls the first, «الثلاثاء الماضي»: a past weekday is an
    // earlier happening's day, not another date for this one.
    let a = dated(
        (2026, 5, 7, 12),
        "a",
        "وكالة الساحل",
        "عقدت محكمة الرميلة اليوم الخميس الجلسة الثانية لمحاكمة المتهمين بتفجير سوق السمك.",
    );
    let b = dated(
        (2026, 5, 8, 5),
        "b",
        "صحيفة الأفق",
        "واصلت محكمة الرميلة محاكمة المتهمين بتفجير سوق السمك، وكانت أولى جلسات المحاكمة \
         الثلاثاء الماضي.",
    );
    let s = synthesize(&[a, b]);
    let days: Vec<_> = s
        .facts
        .iter()
        .filter(|f| f.what.starts_with("يوم"))
        .collect();
    assert!(
        days.iter().all(|f| f.verdict != "differ"),
        "a false disagreement: {days:#?}"
    );
    // A clause that points back to the known attack («في هذا الاعتداء»)
    // dates the trial it tells of, not the attack.
    let s = told_twice("بدأت محاكمة 12 متهما في هذا الاعتداء اليوم الأحد.");
    assert!(
        s.facts.iter().any(|f| f.what == "يوم المحاكمة"),
        "{:#?}",
        s.facts
    );
}

#[test]
fn a_weekday_is_the_date_its_article_gives_that_happening() {
    // A trial's report, a week and a half after the bombing it tells of:
    // the Friday of the bombing is the 1st of May its text gives, not the
    // Friday before publishing.
    let a = dated(
        (2026, 5, 12, 9),
        "a",
        "وكالة الساحل",
        "بدأت محكمة الرميلة اليوم محاكمة المتهمين بالتفجير الذي استهدف سوق السمك في 1 مايو. \
         وأقر المتهم الأول بأنه أوصل الانتحاري إلى السوق ظهر يوم التفجير الجمعة.",
    );
    let s = synthesize(&[a]);
    let may_1 = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
    let may_8 = chrono::NaiveDate::from_ymd_opt(2026, 5, 8);
    assert!(
        !s.timeline.iter().any(|t| t.from == may_8),
        "{:#?}",
        s.timeline
    );
    assert!(
        s.timeline.iter().any(|t| t.from == may_1),
        "{:#?}",
        s.timeline
    );
}

#[test]
fn a_happening_is_called_what_its_articles_call_it() {
    // The facts of two outlets' one-sentence reports.
    let facts = |a: &str, b: &str| {
        synthesize(&[doc("a", "وكالة الساحل", a), doc("b", "صحيفة الأفق", b)]).facts
    };
    let facts_met = facts(
        "عقد مجلس بلدية الرميلة الاجتماع مساء الأحد لبحث خطة الصيف.",
        "وجاء الاجتماع مساء الأحد بعد أسبوع من العاصفة التي ضربت الرميلة.",
    );
    let day = facts_met
        .iter()
        .find(|f| f.what.starts_with("يوم"))
        .unwrap_or_else(|| panic!("a day fact: {facts_met:#?}"));
    assert_eq!(day.what, "يوم الاجتماع", "{day:?}");
    // Articles that write only a verb of talking: the talks.
    let facts_talked = facts(
        "بحث رئيس البلدية مساء الأحد مع الوفد خطة الصيف.",
        "وناقش رئيس البلدية مساء الأحد مع الوفد خطة الصيف.",
    );
    assert!(
        facts_talked.iter().any(|f| f.what == "يوم المباحثات"),
        "{facts_talked:#?}"
    );
}

/// In a run of titles and names joined by و, a title after the
/// conjunction is the next man's: the titles before it are the first's.
#[test]
fn a_coordinated_title_belongs_to_the_name_after_it() {
    let text = "ورفع رئيس البلدية الشكر لأمير الرميلة الأمير سعد بن فهد الساحلي حاكم الإقليم \
                وزير المياه، وللأمير خالد بن سعد الساحلي نائب حاكم الإقليم على دعمهما.\n\
                وكان الأمير خالد بن سعد الساحلي قد افتتح الجسر، فيما زار الأمير سعد بن فهد الساحلي الميناء.";
    let s = synthesize(&[doc("a", "وكالة الساحل", text), doc("b", "صحيفة الأفق", text)]);
    let khalid = s
        .entities
        .iter()
        .find(|e| e.name.starts_with("خالد بن سعد"))
        .unwrap_or_else(|| panic!("{:#?}", s.entities));
    assert!(
        khalid
            .roles
            .iter()
            .all(|r| !r.contains("وزير") && !r.starts_with('و')),
        "{:?}",
        khalid.roles
    );
}

/// Facts of a figure that counts nothing: a label after its noun is no
/// fact, a year alone is a year (one fact per year, shared by outlets), and
/// «مرات» counts occasions (an invented tournament).
#[test]
fn labels_years_and_occasions() {
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "قررت اللجنة تأجيل النسخة 31 من بطولة الساحل لمدة عام.\n\
             واستضافت مدينة الرميلة البطولة ثلاث مرات آخرها في 2007 لكنها لم تفز باللقب.",
        ),
        doc(
            "b",
            "صحيفة الأفق",
            "أعلنت اللجنة تأجيل النسخة 31 من بطولة الساحل لمدة عام.\n\
             وسبق للرميلة أن استضافت البطولة 3 مرات كانت آخرها في 2007.",
        ),
    ];
    let s = synthesize(&docs);
    let whats: Vec<&str> = s.facts.iter().map(|f| f.what.as_str()).collect();
    assert!(
        !whats
            .iter()
            .any(|w| ["لكنها", "النسخة", "البطولة"].contains(w)),
        "{whats:?}"
    );
    assert!(s
        .facts
        .iter()
        .all(|f| !f.values.iter().any(|v| v.value.contains("أضعاف"))));
    let year = s.facts.iter().find(|f| f.what == "السنة").expect("year");
    assert_eq!(year.verdict, "agree", "{year:?}");
    assert!(year.values.iter().all(|v| v.value == "2007"), "{year:?}");
    let times = s.facts.iter().find(|f| f.what == "مرات").expect("times");
    assert!(times.values.iter().all(|v| v.value == "3"), "{times:?}");
}

/// Quotes a fact-checker can trust (issue 11): the speaker whole, what was
/// said without the speaker's title, and narration given no speaker. One
/// fictional article per row: (text, words of a quote, its speaker, words
/// the quote must not hold). Every person, body and place is made up.
#[test]
fn quotes_name_their_speaker_and_hold_only_what_was_said() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        // A role with its complement, then the name (with or without a comma).
        (
            "وقع الحريق أمس في المدينة.\n\
             وأوضح المتحدث الإعلامي بالدفاع المدني بمنطقة الساحل، العقيد كريم العوادي، أنه عند الرابعة فجرا باشرت الفرق بلاغا عن الحريق.",
            "باشرت الفرق",
            "كريم العوادي",
            &["العقيد", "بالدفاع"],
        ),
        (
            "وقال المتحدث الإعلامي بالدفاع المدني العقيد كريم العوادي إن الحريق أخمد بسرعة.",
            "الحريق أخمد",
            "كريم العوادي",
            &["بالدفاع"],
        ),
        // No name after the comma: the role with its complement speaks.
        (
            "وقال المتحدث الإعلامي بالشرطة في منطقة الساحل، إن الطريق سيفتح غدا.",
            "الطريق سيفتح",
            "المتحدث الإعلامي بالشرطة في منطقة الساحل",
            &["الساحل"],
        ),
        // A rank's name in apposition, «علي» written «على» (a common slip).
        (
            "من جهته، أوضح المتحدث الإعلامي بالدفاع المدني بمنطقة الساحل، المقدم على بن سالم القرنفلي، أنه باشر بلاغا عن حريق.",
            "باشر بلاغا",
            "على بن سالم القرنفلي",
            &[],
        ),
        // «على» after a rank-like participle is the preposition: no name.
        (
            "وقال مدير الدفاع المدني إن الطلب المقدم على موقع الوزارة سيدرس غدا.",
            "سيدرس غدا",
            "مدير الدفاع المدني",
            &[],
        ),
        // «طبقا لما ذكره X»: an attribution.
        (
            "وطبقا لما ذكره المتحدث باسم الشرطة المقدم نادر قرموط بأنه تم القبض على اللصوص الثلاثة.",
            "القبض على اللصوص",
            "نادر قرموط",
            &["المقدم"],
        ),
        // «وقال» after a sentence that opened with a verb and its subject,
        // and quoted no one: that subject speaks.
        (
            "ونسب رئيس الوزراء كمال سليمان الهجوم إلى جماعة مسلحة.\n\
             وقال أمام الصحافيين «إن التحقيق يتقدم بسرعة كبيرة».",
            "التحقيق يتقدم",
            "كمال سليمان",
            &[],
        ),
        // A closing quotation mark opens nothing: what was said is in the
        // next pair of marks.
        (
            "وأشار والد الضحية، سامر حداد، إلى أن القذيفة هي الأولى منذ بدء \"حملة الصيف\"، ولم يكن ذلك متوقعا، وقال \"الحمد لله على كل حال يا رب\".",
            "الحمد لله",
            "سامر حداد",
            &["متوقعا", "حملة الصيف"],
        ),
        // A title and its circumstance, past eight words and without a
        // colon, before the أن that opens what was said.
        (
            "وأكد المهندس رامي الحداد نائب المدير التنفيذي لمشروع توسعة ميناء الرميلة الجديد، في تصريحات خاصة لـ(الأفق) أنه تم تركيب 120 رافعة على الرصيف.",
            "تركيب 120 رافعة",
            "رامي الحداد",
            &["نائب المدير", "تصريحات خاصة"],
        ),
        // A title, then quotation marks the sentence does not close (the
        // statement runs past a break inside it).
        (
            "وقال سامي العتوم الباحث في معهد الدراسات البحرية والمتخصص في شؤون الموانئ \"ما يقلقنا في هذه العاصفة هو قوتها ... فإن الرياح لم تهدأ بعد\".",
            "ما يقلقنا",
            "سامي العتوم",
            &["الباحث", "المتخصص"],
        ),
    ];
    for (n, (text, words, speaker, not)) in cases.iter().enumerate() {
        let docs = vec![doc("a", "وكالة الساحل", text)];
        let s = synthesize(&docs);
        let q = quote_with(&s, words, n);
        assert_eq!(q.speaker, *speaker, "case {n}: {q:?}");
        for w in *not {
            assert!(!q.text.contains(w), "case {n}: «{w}» in {q:?}");
        }
    }
    // A sentence opened by a verb and a plain noun names no speaker for
    // the «وقال» after it (inside a quotation, «كلنا شعرنا» is no one).
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "وشهدت المباراة مشاركة عدد من النجوم الجدد في الفريق.\n\
         وقال إن الفوز كان مهما جدا للفريق.",
    )];
    let s = synthesize(&docs);
    assert!(
        s.quotes.iter().all(|q| !q.speaker.contains("مشاركة")),
        "{:?}",
        s.quotes
    );
}

#[test]
fn a_wire_section_label_is_no_part_of_the_headline() {
    assert_eq!(
        crate::headline_of(
            &["عام / رئيس البلدية يفتتح الجسر الجديد فوق وادي السدر"],
            ""
        ),
        "رئيس البلدية يفتتح الجسر الجديد فوق وادي السدر"
    );
    // A short title with a slash keeps it.
    assert_eq!(
        crate::headline_of(&["الرميلة / الساحل: تعادل"], ""),
        "الرميلة / الساحل: تعادل"
    );
}

#[test]
fn one_name_shown_is_one_entity() {
    use crate::{Entity, EntityKind};
    let person = |roles: &[&str], variants: &[&str], articles: &[&str]| Entity {
        name: "سليم عبد الصمد".into(),
        kind: EntityKind::Person,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        variants: variants.iter().map(|r| r.to_string()).collect(),
        articles: articles.iter().map(|r| r.to_string()).collect(),
    };
    let merged = crate::one_entity_a_name(vec![
        person(&["المتحدث باسم البلدية"], &["سليم الصمد"], &["a", "b"]),
        person(&["المتحدث باسم البلدية", "المهندس"], &[], &["b", "c"]),
    ]);
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].roles, ["المتحدث باسم البلدية", "المهندس"]);
    assert_eq!(merged[0].articles, ["a", "b", "c"]);
    // A space apart is one name, the other a spelling of it.
    let mut spaced = person(&[], &[], &["d"]);
    spaced.name = "سليم عبدالصمد".into();
    let merged = crate::one_entity_a_name(vec![person(&[], &[], &["a"]), spaced]);
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].variants, ["سليم عبدالصمد"]);
}

/// A defined word and an adjective of age or size («القناة الجديدة …»)
/// name no body even when two articles write them.
#[test]
fn a_thing_described_is_no_body() {
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "ودعت الحكومة المواطنين إلى الاستثمار في القناة الجديدة لجمع التمويل اللازم للمشروع.",
        ),
        doc(
            "b",
            "صحيفة الأفق",
            "ودعت الحكومة السكان إلى الاستثمار في القناة الجديدة لجمع التمويل اللازم للميناء.",
        ),
    ];
    let s = synthesize(&docs);
    let names: Vec<&str> = s.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(
        !names.iter().any(|n| n.contains("القناة الجديدة")),
        "{names:?}"
    );
}

#[test]
fn a_role_is_the_post_without_the_titles_closing_it() {
    use crate::without_trailing_titles as post;
    assert_eq!(
        post("رئيس هيئة ميناء الرميلة الفريق"),
        "رئيس هيئة ميناء الرميلة"
    );
    assert_eq!(
        post("نائب رئيس المجلس صاحب السمو الملكي الأمير"),
        "نائب رئيس المجلس"
    );
    assert_eq!(post("رئيس الأركان الفريق أول ركن"), "رئيس الأركان");
    // Titles alone, and posts without titles, stay as they are.
    assert_eq!(post("الفريق أول ركن"), "الفريق أول ركن");
    assert_eq!(post("الشيخ"), "الشيخ");
    assert_eq!(post("النائب الأول"), "النائب الأول");
}

/// A lineage cut at a «بن» is the same person without his grandfather; a
/// lineage that goes elsewhere is another.
#[test]
fn a_name_without_its_grandfather_is_the_same_person() {
    use crate::entities::same_name;
    let keys = |s: &str| -> Vec<String> {
        marsad_text::tokens(s)
            .iter()
            .map(|t| crate::words::name_key(crate::words::bare(&t.norm)))
            .collect()
    };
    assert!(same_name(
        &keys("سالم بن فهد"),
        &keys("سالم بن فهد بن ناصر")
    ));
    assert!(same_name(
        &keys("سالم بن فهد بن ناصر"),
        &keys("سالم بن فهد")
    ));
    assert!(!same_name(
        &keys("سالم بن فهد"),
        &keys("سالم بن خالد بن ناصر")
    ));
    // The father is another person.
    assert!(!same_name(
        &keys("فهد بن ناصر"),
        &keys("سالم بن فهد بن ناصر")
    ));
    // Two words are no lineage to cut.
    assert!(!same_name(&keys("سالم فهد"), &keys("سالم فهد بن ناصر")));
}

/// Tatweel is layout: roles and speakers are shown without it, and cited
/// spans keep it (they are the text as written).
#[test]
fn roles_and_speakers_are_shown_without_tatweel() {
    let mut a = doc(
        "a",
        "وكالة الساحل",
        "قال النائـب العام لجزر المرجان سامر حداد إن التحقيقات مع المتهمين انتهت هذا الأسبوع.",
    );
    a.title = String::new();
    let s = crate::synthesize(&[a]);
    let q = quote_with(&s, "التحقيقات مع المتهمين", 0);
    assert!(!q.speaker.contains('ـ'), "{q:?}");
    assert!(
        q.role
            .as_deref()
            .is_some_and(|r| r.contains("النائب العام") && !r.contains('ـ')),
        "{q:?}"
    );
    for e in &s.entities {
        assert!(e.roles.iter().all(|r| !r.contains('ـ')), "{e:?}");
    }
}

/// A body named with a preposition glued to its head («لوكالة …») is the
/// body named without it, and that article names it.
#[test]
fn a_body_after_a_glued_preposition_is_the_same_body() {
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "ونقلت وكالة الأنباء الساحلية عن وزير الداخلية سالم العتيبي أن فرق الإنقاذ أجلت السكان.",
        ),
        doc(
            "b",
            "صحيفة الأفق",
            "وقال وزير الداخلية سالم العتيبي لوكالة الانباء الساحلية إن فرق الإنقاذ أجلت السكان.",
        ),
    ];
    let s = synthesize(&docs);
    let agencies: Vec<&crate::Entity> = s
        .entities
        .iter()
        .filter(|e| e.name.contains("الساحلية"))
        .collect();
    assert_eq!(agencies.len(), 1, "{:?}", s.entities);
    assert_eq!(agencies[0].articles, ["a", "b"], "{:?}", agencies[0]);
}

/// The summary reads in the order the articles tell: a lead that one
/// outlet gives after its own preamble comes before another outlet's
/// background remark, early as that remark is in its article.
#[test]
fn the_summary_opens_with_the_lead_however_one_outlet_places_it() {
    let lead =
        "ضربت عاصفة قوية مدينة الرميلة مساء الخميس وأدت إلى مقتل ثلاثة أشخاص وإصابة عشرين آخرين.";
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            &format!(
                "تابع مراسلنا تطورات الطقس طوال الليل.\n\
                 وحذرت الأرصاد السكان من رياح شديدة.\n\
                 {lead}\n\
                 وقال وزير الداخلية سالم العتيبي إن فرق الإنقاذ أجلت مئات السكان من الأحياء المنخفضة."
            ),
        ),
        doc(
            "b",
            "صحيفة الأفق",
            &format!(
                "{lead}\n\
                 ونادرا ما تضرب العواصف هذه المدينة الساحلية الهادئة في مثل هذا الموسم من كل عام.\n\
                 وقال وزير الداخلية سالم العتيبي إن فرق الإنقاذ أجلت مئات السكان من الأحياء المنخفضة.\n\
                 وأغلقت السلطات المدارس والأسواق في المدينة حتى إشعار آخر بسبب الأضرار الكبيرة."
            ),
        ),
    ];
    let s = synthesize(&docs);
    let at = |words: &str| s.summary.iter().position(|x| x.text.contains(words));
    let (lead_at, remark_at) = (at("ضربت عاصفة"), at("ونادرا ما"));
    assert!(
        lead_at.is_some() && remark_at.is_some() && lead_at < remark_at,
        "{:?}",
        s.summary
    );
}

/// One unnamed source as two outlets cut its phrase is one speaker, shown
/// in full.
#[test]
fn an_unnamed_source_cut_short_is_the_same_source() {
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "قال مسؤول في مطار الرميلة إن رئيس الوزراء وصل إلى المدينة صباح اليوم على متن طائرة خاصة.",
        ),
        doc(
            "b",
            "صحيفة الأفق",
            "قال مسؤول في مطار إن رئيس الوزراء وصل إلى المدينة صباح اليوم على متن طائرة خاصة.",
        ),
    ];
    let s = synthesize(&docs);
    let q = quote_with(&s, "رئيس الوزراء وصل", 0);
    assert_eq!(q.speaker, "مسؤول في مطار الرميلة", "{:?}", s.quotes);
    assert_eq!(q.articles, ["a", "b"], "{:?}", s.quotes);
}

/// «أضاف» that scores a goal, with «قبل أن» later in the sentence, is
/// narration: a أن of time opens nothing said.
#[test]
fn a_goal_added_before_another_is_no_quote() {
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "وفي الشوط الثاني أضاف سامي العتوم الهدف الرابع للرميلة في الدقيقة 66 قبل أن يختتم كريم حداد التسجيل بالهدف الثاني للساحل في الدقيقة 71.",
    )];
    let s = synthesize(&docs);
    assert!(
        !s.quotes.iter().any(|q| q.speaker.contains("العتوم")),
        "{:?}",
        s.quotes
    );
}

/// «الرئيس» after a defined noun is its adjective: «المتهم الرئيس» is the
/// main defendant, not a president.
#[test]
fn the_main_one_is_no_president() {
    let said = "واعترف المتهم الرئيس سامي العتوم أمام المحكمة بالتخطيط للهجوم على الرصيف.\n\
                وقال العتوم إن الهدف كان تخريب الميناء وليس إيذاء أحد.";
    let s = told_twice(said);
    let q = quote_with(&s, "تخريب الميناء", 0);
    assert_eq!(q.speaker, "سامي العتوم", "{q:?}");
    assert_ne!(q.role.as_deref(), Some("الرئيس"), "{q:?}");
    let person = s.entities.iter().find(|e| e.name == "سامي العتوم");
    assert!(
        person.is_some_and(|e| !e.roles.iter().any(|r| r == "الرئيس")),
        "{:?}",
        s.entities
    );
}

/// «كما قالت X» inside a sentence points back ("as X said") to the
/// narration before it: what follows the speaker is the writer's, no quote.
#[test]
fn as_someone_said_is_no_quote_of_what_follows() {
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "وأسقطت التهم عن الرئيس في ديسمبر بسبب عرقلة من الحكومة، كما قالت مدعية المحكمة الدولية، مما فتح الطريق لهذه الزيارة الرئاسية.\n\
         وقالت مدعية المحكمة الدولية إن الملف سيبقى مفتوحا.",
    )];
    let s = synthesize(&docs);
    assert!(
        !s.quotes.iter().any(|q| q.text.contains("فتح الطريق")),
        "{:?}",
        s.quotes
    );
    let q = quote_with(&s, "سيبقى مفتوحا", 0);
    assert!(q.speaker.contains("مدعية"), "{q:?}");
}

/// Place, lead or being alone of its kind make two different figures one
/// count only when they are of one magnitude: 1 soldier and a bombing's 32
/// are two counts; 27 and 30 one; 95 tonnes and 95 thousand a slip.
#[test]
fn figures_of_another_magnitude_are_another_count() {
    use crate::facts::{one_magnitude, Val};
    use crate::numbers::{Amount, Approx};
    let n = |x: f64| Val::Amount(Amount::Exact { value: x }, Approx::Exact);
    assert!(!one_magnitude(&n(1.0), &n(32.0)));
    assert!(one_magnitude(&n(27.0), &n(30.0)));
    assert!(one_magnitude(&n(10.0), &n(27.0)));
    assert!(one_magnitude(&n(95.0), &n(95_000.0)));
}

/// «نقل» moves someone unless a source («نقل عن») or what was said follows:
/// a cabinet's transfers are no quotes; a relayed statement is.
#[test]
fn a_transfer_is_no_quote() {
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "وقرر المجلس نقل سامي العتوم من ( مستشار مالي ) بالمرتبة الرابعة عشرة إلى وظيفة ( مدير عام الرقابة ) بوزارة المالية.\n\
         ونقل الوزير عن رئيس الحكومة قوله إن الموازنة ستعلن الشهر المقبل.",
    )];
    let s = synthesize(&docs);
    assert!(
        !s.quotes.iter().any(|q| q.text.contains("مستشار مالي")),
        "{:?}",
        s.quotes
    );
    assert!(
        s.quotes.iter().any(|q| q.text.contains("الموازنة ستعلن")),
        "{:?}",
        s.quotes
    );
}

/// Asserts that the synthesis of `text`, told by two outlets, has no
/// entity whose name holds `word`.
fn no_entity_with(text: &str, word: &str) {
    let s = told_twice(text);
    assert!(
        !s.entities.iter().any(|e| e.name.contains(word)),
        "{:?}",
        s.entities
    );
}

/// «ناحية اليابسة» is the land side, as «ناحية البحر» is the sea side: a
/// direction, no district.
#[test]
fn the_land_side_is_no_place() {
    let text = "وتكون المواقع المخصصة للخدمات العامة في الجزء الخلفي من ناحية اليابسة، على أن تبقى الواجهة البحرية مفتوحة للعامة.";
    no_entity_with(text, "اليابسة");
}

/// «الأخير» (the latter) points back to a name, a quantifier with a pronoun
/// sums things up, a verb of what may be opens a clause: none is a word of
/// a name.
#[test]
fn the_latter_all_of_them_and_may_are_no_names() {
    no_entity_with(
        "وقالت مصادر إن وسطاء مقربين من الرئيس أكدوا عرض الأخير إغراءات ضخمة لشيوخ العشائر.",
        "الأخير",
    );
    no_entity_with(
        "وقال المدرب إن المنتخبات في بطولة شرم الشيخ جميعها قوية ونتمنى التوفيق للجميع.",
        "جميعها",
    );
    no_entity_with(
        "وطالبت لجنة يجب أن تراقب الأسعار بتشديد العقوبات على المخالفين.",
        "يجب",
    );
    // «التابعة لـ», «الواقعة في»: where a place lies, no word of its name.
    no_entity_with(
        "وقال مسؤول محلي إن الهجوم وقع في بلدة ساروك التابعة لمحافظة الوادي، وإن بلدة ساروك تشهد توترا.",
        "التابعة",
    );
    // «قائدا» beside «القائد»: as captain, a state, no word of the name.
    no_entity_with(
        "وقال المدرب إن اللاعب كارلوس بيريرا قائدا للفريق في المباراة، بعد أن أصيب القائد الأساسي.",
        "قائدا",
    );
}

/// «خالص التعازي» after a title is what was offered, not a person named
/// «خالص»: no entity.
#[test]
fn sincere_condolences_are_no_name() {
    let text = "وقدم الوفد لنائب رئيس الوزراء خالص التعازي في ضحايا الحادث، وأكد وقوف بلاده إلى جانب المرجان.";
    no_entity_with(text, "التعازي");
}

/// «وأكد سموه على …»: the honorific pronoun is who spoke; what was said
/// starts after it.
#[test]
fn his_highness_is_no_part_of_what_he_said() {
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "أمر أمير منطقة المرجان الأمير سامي بن فهد بسرعة القبض على المتورطين.\n\
         وأكد سموه على الشرطة بتكثيف الحضور الأمني في الحدائق العامة.",
    )];
    let s = synthesize(&docs);
    assert!(
        s.quotes.iter().all(|q| !q.text.starts_with("سموه")),
        "{:?}",
        s.quotes
    );
}

/// A market's trading session, doing away with a group («القضاء على») and
/// a people's cause («القضية الكردية») are no trial.
#[test]
fn sessions_and_causes_are_no_trial() {
    let docs = vec![
        doc(
            "a",
            "وكالة الساحل",
            "أغلق مؤشر سوق الواحة في جلسة اليوم الأحد مرتفعا 35 نقطة. وتعهد الجيش بالقضاء على المسلحين بعد هجوم أمس الذي أسفر عن مقتل 12 شخصا من أنصار القضية الكردية.",
        ),
        doc(
            "b",
            "صحيفة الأفق",
            "أنهى مؤشر سوق الواحة جلسة اليوم الأحد مرتفعا 35 نقطة. وقال الجيش إنه سيواصل القضاء على المسلحين بعد هجوم أمس الذي أسفر عن مقتل 12 شخصا من أنصار القضية الكردية.",
        ),
    ];
    let s = synthesize(&docs);
    assert!(
        s.facts
            .iter()
            .all(|f| !f.what.contains("المحاكمة") && !f.happening.contains("المحاكمة")),
        "{:#?}",
        s.facts
            .iter()
            .map(|f| (&f.what, &f.happening))
            .collect::<Vec<_>>()
    );
}

/// A compound given name alone («الملك عبد الله») is one word of a name, as
/// «عبدالله» is: not shown as a person; with a family name it is.
#[test]
fn a_compound_given_name_alone_is_not_shown() {
    let text = "واستقبل الملك عبد الله في قصر الضيافة الوفد الزائر. وحضر اللقاء الوزير سامي عبد الله العتوم.";
    let s = told_twice(text);
    assert!(
        !s.entities.iter().any(|e| e.name == "عبد الله"),
        "{:?}",
        s.entities
    );
    assert!(
        s.entities.iter().any(|e| e.name.contains("العتوم")),
        "{:?}",
        s.entities
    );
}

#[test]
fn a_date_said_to_come_or_given_in_words_is_normalized_in_full() {
    // One congress date in three writings: digits with the year, an
    // ordinal in words, and a day said to come («المقبل»); and a fourth
    // outlet writing the day and month alone, whose year the story gives.
    use chrono::TimeZone;
    let at = |d: &mut Doc| {
        d.published = Some(chrono::Utc.with_ymd_and_hms(2026, 7, 20, 9, 0, 0).unwrap());
    };
    let texts = [
        "حددت الهيئة العامة لاتحاد الواحة للشطرنج يوم 14 مارس 2027 موعدا لمؤتمرها الاستثنائي.",
        "حددت الهيئة العامة لاتحاد الواحة للشطرنج يوم الرابع عشر من مارس 2027 موعدا لمؤتمرها الاستثنائي.",
        "حددت الهيئة العامة لاتحاد الواحة للشطرنج يوم 14 مارس المقبل موعدا لمؤتمرها الاستثنائي.",
        "حددت الهيئة العامة لاتحاد الواحة للشطرنج يوم 14 مارس موعدا لمؤتمرها الاستثنائي.",
    ];
    let outlets = ["وكالة الساحل", "صحيفة الأفق", "موقع النخلة", "إذاعة الوادي"];
    let docs: Vec<Doc> = texts
        .iter()
        .zip(outlets)
        .enumerate()
        .map(|(i, (t, o))| {
            let mut d = doc(&i.to_string(), o, t);
            at(&mut d);
            d
        })
        .collect();
    let s = synthesize(&docs);
    let fact = s
        .facts
        .iter()
        .find(|f| f.values.len() >= 2 && f.values.iter().any(|v| v.value.contains("مارس")))
        .unwrap_or_else(|| panic!("{:#?}", s.facts));
    assert_eq!(fact.verdict, "agree", "{fact:#?}");
    let mut full: Vec<&str> = fact
        .values
        .iter()
        .filter(|v| matches!(v.normalized, Some(crate::Normalized::Number(x)) if x == 20_270_314.0))
        .map(|v| v.article.as_str())
        .collect();
    full.sort_unstable();
    assert_eq!(full, ["0", "1", "2", "3"], "{fact:#?}");
}

#[test]
fn dates_months_apart_are_two_happenings_not_one_agreed() {
    // Under one event word, one outlet dates the truce the attack broke
    // («مارس 2013») and another the raids before it («الأسبوع الماضي»):
    // neither agrees nor differs with the other about one day.
    let a = dated(
        (2026, 8, 3, 12),
        "a",
        "وكالة الساحل",
        "وقع الهجوم على مركز الحرس بعد هدنة بدأت في مارس 2013. وقال المتحدث إن الهجوم \
         جاء في مارس 2013 بعد انهيار المفاوضات.",
    );
    let b = dated(
        (2026, 8, 3, 14),
        "b",
        "صحيفة الأفق",
        "وكان الهجوم على مواقع المسلحين قد بدأ الأسبوع الماضي، وقال المتحدث إن الهجوم \
         تواصل الأسبوع الماضي.",
    );
    let s = synthesize(&[a, b]);
    let together = s.facts.iter().any(|f| {
        f.values.iter().any(|v| v.value.contains("2013"))
            && f.values.iter().any(|v| v.value.contains("الأسبوع"))
    });
    assert!(!together, "{:#?}", s.facts);
}

#[test]
fn a_visits_next_day_told_the_next_day_is_no_disagreement() {
    // A two-day visit: Thursday's report dates its arrival, Saturday's
    // paper its second day. Reports of the same hours naming two days do
    // disagree (the seeds' Tuesday evening against Wednesday).
    let a = dated(
        (2026, 5, 7, 12),
        "a",
        "وكالة الساحل",
        "بدأ رئيس الوزراء اليوم الخميس زيارة رسمية إلى الريحان تستمر يومين.",
    );
    let b = dated(
        (2026, 5, 9, 5),
        "b",
        "صحيفة الأفق",
        "اختتم رئيس الوزراء الجمعة زيارة رسمية إلى الريحان استمرت يومين.",
    );
    let s = synthesize(&[a.clone(), b.clone()]);
    let visit_days: Vec<_> = s
        .facts
        .iter()
        .filter(|f| f.what.starts_with("يوم"))
        .collect();
    assert!(!visit_days.is_empty(), "{:#?}", s.facts);
    assert!(
        visit_days.iter().all(|f| f.verdict != "differ"),
        "{visit_days:#?}"
    );
    // The same two days from reports of the same hours: a disagreement.
    let b = Doc {
        published: a.published,
        ..b
    };
    let s = synthesize(&[a, b]);
    assert!(
        s.facts
            .iter()
            .any(|f| f.what.starts_with("يوم") && f.verdict == "differ"),
        "{:#?}",
        s.facts
    );
}

#[test]
fn one_figure_told_at_two_precisions_agrees() {
    // An index closing 291.03 points down, and another outlet's «291 نقطة»;
    // a revenue of 13.226 billion and «13.2 مليار». Rounding is no
    // disagreement; 12.3 billion against 13.2 is.
    let facts = |x: &str, y: &str| {
        synthesize(&[doc("a", "وكالة الساحل", x), doc("b", "صحيفة الأفق", y)]).facts
    };
    let verdict_of = |fs: &[crate::Fact], what: &str| {
        fs.iter()
            .find(|f| f.what.contains(what))
            .map(|f| f.verdict.clone())
    };
    let fs = facts(
        "أغلق مؤشر سوق الريحان منخفضا 291.03 نقطة في ختام تعاملات الأسبوع.",
        "أغلق مؤشر سوق الريحان منخفضا 291 نقطة في ختام تعاملات الأسبوع.",
    );
    assert_eq!(verdict_of(&fs, "نقطة").as_deref(), Some("agree"), "{fs:#?}");
    let fs = facts(
        "تتوقع الهيئة أن تبلغ إيرادات الميناء 13.226 مليار دولار عام 2030.",
        "تتوقع الهيئة أن تبلغ إيرادات الميناء 13.2 مليار دولار عام 2030.",
    );
    assert_eq!(verdict_of(&fs, "دولار").as_deref(), Some("agree"), "{fs:#?}");
    let fs = facts(
        "تتوقع الهيئة أن تبلغ إيرادات الميناء 12.3 مليار دولار عام 2030.",
        "تتوقع الهيئة أن تبلغ إيرادات الميناء 13.2 مليار دولار عام 2030.",
    );
    assert_eq!(
        verdict_of(&fs, "دولار").as_deref(),
        Some("differ"),
        "{fs:#?}"
    );
}

#[test]
fn a_visits_days_are_no_disagreement() {
    use chrono::TimeZone;
    // A visit of two days told in papers of the same hours: one dates the
    // arrival, the other the talks of the next day. A call's two days are
    // a disagreement (the seeds' Tuesday evening against Wednesday).
    let told = |first: &str, second: &str| {
        let mut a = doc("a", "وكالة الساحل", first);
        a.published = Some(chrono::Utc.with_ymd_and_hms(2026, 5, 8, 3, 0, 0).unwrap());
        let mut b = doc("b", "صحيفة الأفق", second);
        b.published = a.published;
        synthesize(&[a, b]).facts
    };
    let fs = told(
        "اختتم رئيس الوزراء زيارة إلى الريحان بدأت الثلاثاء، وكانت الزيارة الثلاثاء بدعوة من الحاكم.",
        "اختتم رئيس الوزراء زيارة إلى الريحان أمس، وكانت الزيارة أمس الأربعاء حافلة بالمباحثات.",
    );
    let days: Vec<_> = fs.iter().filter(|f| f.what.starts_with("يوم")).collect();
    assert!(!days.is_empty(), "{fs:#?}");
    assert!(days.iter().all(|f| f.verdict != "differ"), "{days:#?}");
}

#[test]
fn a_kings_number_is_no_series() {
    let s = told_twice(
        "استقبل الملك عبد الله الثاني في عمان أمس ولي العهد، وبحث الملك عبد الله الثاني معه \
         العلاقات بين البلدين، فيما وصلت الطائرة الثالثة إلى المطار.",
    );
    let ordinals: Vec<&str> = s
        .facts
        .iter()
        .filter(|f| f.what.starts_with("ترتيب"))
        .map(|f| f.what.as_str())
        .collect();
    assert!(!ordinals.iter().any(|w| w.contains("الله")), "{ordinals:?}");
    // A series item beside it is still read.
    assert!(
        ordinals.iter().any(|w| w.contains("الطائرة")),
        "{ordinals:?}"
    );
}

/// What is done or found is no speaker («تشير التقديرات الأولية», «وفق
/// المواصفات الدولية»), a body's plural is («أعلنت السلطات المحلية»); and
/// «نقل … عن طريق» moves someone, relaying no one.
#[test]
fn findings_and_transport_speak_for_no_one() {
    let docs = vec![doc(
        "a",
        "وكالة الساحل",
        "وبحسب المواصفات الدولية فإن الجسر يتحمل أوزانا أكبر من المعتاد.\n\
         وأوضحت تعليمات الطبيب أن المريض يحتاج إلى راحة تامة لمدة أسبوع.\n\
         ونقل المصاب عن طريق الإسعاف الجوي إلى مستشفى الرميلة العام بعد الحادث.\n\
         وأعلنت السلطات المحلية أن الطريق الساحلي سيفتح أمام المسافرين غدا.\n\
         وتعرض اللاعب سامر الحربي للإصابة وكشفت الفحوصات الطبية التي خضع لها بأنها قطع في الرباط.\n\
         وقال اللواء المتقاعد محمود ارديسات إن الأمر يحتاج إلى دراسة.\n\
         وعن مطالب الأهالي قال ارديسات: حتى لو طلبوا ذلك فهل هم مجمعون عليه؟",
    )];
    let s = synthesize(&docs);
    for (words, who) in [
        ("الجسر يتحمل", "المواصفات"),
        ("المريض يحتاج", "تعليمات"),
        ("الإسعاف", "طريق"),
        ("قطع في الرباط", "الفحوصات"),
    ] {
        assert!(
            !s.quotes
                .iter()
                .any(|q| q.text.contains(words) && q.speaker.contains(who)),
            "{:?}",
            s.quotes
        );
    }
    // A family name ending as a plural does («قال ارديسات»).
    assert!(quote_with(&s, "فهل هم مجمعون", 0)
        .speaker
        .contains("ارديسات"));
    assert_eq!(
        quote_with(&s, "الطريق الساحلي سيفتح", 0).speaker,
        "السلطات المحلية"
    );
}
