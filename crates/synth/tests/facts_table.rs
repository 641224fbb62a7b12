//! Data-driven fact test over fictional multi-outlet stories (issue 11):
//! quantities counted by the same noun stay apart (level and change,
//! rising and falling, two shipments, half-year and quarter), and real
//! disagreements are found with each outlet's value.

use marsad_synth::{synthesize, Doc, Fact, Normalized};

fn doc(id: &str, outlet: &str, text: &str) -> Doc {
    Doc::new(id, outlet, text)
}

fn numbers(f: &Fact) -> Vec<(String, f64)> {
    f.values
        .iter()
        .filter_map(|v| match v.normalized {
            Some(Normalized::Number(x)) => Some((v.article.clone(), x)),
            _ => None,
        })
        .collect()
}

/// The synthesis of two papers' reports, undated.
fn two_papers(a: &str, b: &str) -> marsad_synth::Synthesis {
    synthesize(&[doc("a", "صحيفة أ", a), doc("b", "صحيفة ب", b)])
}

/// Asserts that no fact of `s` is marked differ.
fn assert_no_disagreement(s: &marsad_synth::Synthesis) {
    assert!(
        !s.facts.iter().any(|f| f.verdict == "differ"),
        "{:#?}",
        s.facts
    );
}

/// The facts holding a value equal to `x`.
fn holding(facts: &[Fact], x: f64) -> Vec<&Fact> {
    facts
        .iter()
        .filter(|f| numbers(f).iter().any(|(_, y)| *y == x))
        .collect()
}

struct Case {
    name: &'static str,
    docs: Vec<(&'static str, &'static str)>,
    /// Pairs of values that must never share a fact.
    apart: Vec<(f64, f64)>,
    /// Pairs of values that must be in one fact marked differ.
    differ: Vec<(f64, f64)>,
}

#[test]
fn quantities_stay_apart_and_disagreements_are_found() {
    let cases = vec![
        Case {
            name: "index level and change",
            docs: vec![
                ("صحيفة أ", "أغلق مؤشر سوق الواحة للأسهم جلسة اليوم عند مستوى 7520.40 نقطة، مرتفعا 35.10 نقطة، بتداولات بلغت قيمتها 2 مليار دينار."),
                ("صحيفة ب", "أغلق مؤشر سوق الواحة للأسهم تعاملات اليوم عند مستوى 7520.40 نقطة مرتفعا 35.10 نقطة، وبلغت قيمة التداولات 2 مليار دينار."),
            ],
            apart: vec![(7520.40, 35.10)],
            differ: vec![],
        },
        Case {
            name: "rising and falling companies",
            docs: vec![
                ("وكالة أ", "وفي ختام التعاملات ارتفعت أسهم 120 شركة وتراجعت أسهم 30 شركة واستقرت أسهم 6 شركات."),
                ("صحيفة ب", "وارتفعت أسهم 120 شركة، في حين تراجعت أسهم 30 شركة، واستقرت أسهم 6 شركات عند مستوياتها."),
            ],
            apart: vec![(120.0, 30.0), (30.0, 6.0), (120.0, 6.0)],
            differ: vec![],
        },
        Case {
            name: "two shipments",
            docs: vec![
                ("صحيفة أ", "وصلت إلى ميناء الريان الشحنة الأولى من المساعدات وتحمل 40 طنا من الأدوية. وتبعتها الشحنة الثانية وتحمل 25 طنا من الأغذية."),
                ("صحيفة ب", "أفرغت في ميناء الريان الشحنة الأولى وفيها 40 طنا من الأدوية، ثم الشحنة الثانية وفيها 25 طنا من الأغذية."),
            ],
            apart: vec![(40.0, 25.0)],
            differ: vec![],
        },
        Case {
            name: "half-year and quarter",
            docs: vec![
                ("صحيفة أ", "أعلنت شركة النخلة للإسمنت أن خسائرها في النصف الأول بلغت 80 مليون ريال، فيما بلغت خسائر الربع الثاني 30 مليون ريال."),
                ("صحيفة ب", "سجلت شركة النخلة للإسمنت خسائر بلغت 80 مليون ريال في النصف الأول، وبلغت خسائرها في الربع الثاني 30 مليون ريال."),
            ],
            apart: vec![(80_000_000.0, 30_000_000.0)],
            differ: vec![],
        },
        Case {
            name: "a real disagreement on a toll",
            docs: vec![
                ("صحيفة أ", "قتل 12 شخصا في انفجار سيارة مفخخة في بلدة الغدير شمال البلاد."),
                ("صحيفة ب", "قتل 15 شخصا في انفجار سيارة مفخخة في بلدة الغدير شمال البلاد، بحسب الشرطة."),
                ("صحيفة ج", "أسفر انفجار سيارة مفخخة في بلدة الغدير عن مقتل 12 شخصا."),
            ],
            apart: vec![],
            differ: vec![(12.0, 15.0)],
        },
        Case {
            name: "a disagreement on a clock time",
            docs: vec![
                ("صحيفة أ", "تلقت غرفة العمليات في مدينة الوادي البلاغ عن سقوط القذيفة عند الساعة الرابعة فجرا."),
                ("صحيفة ب", "تلقت غرفة العمليات في مدينة الوادي البلاغ عن سقوط القذيفة عند الساعة الرابعة عصرا."),
            ],
            apart: vec![],
            differ: vec![(400.0, 1600.0)],
        },
        // Session 9: the evidence besides a like context.
        Case {
            name: "a typo'd level (the point lost) and a rounded change",
            docs: vec![
                ("وكالة أ", "أغلق مؤشر سوق الواحة للأسهم جلسة اليوم مرتفعا 42.35 نقطة بنسبة 0.61 في المائة، ليغلق عند مستوى 6932.18 نقطة."),
                ("صحيفة ب", "أنهى مؤشر سوق الواحة للأسهم جلسة أمس مرتفعا بـ42 نقطة، ليغلق عند مستوى 693218 نقطة، أي بارتفاع 0.6%."),
            ],
            apart: vec![],
            differ: vec![(6932.18, 693218.0), (0.61, 0.6)],
        },
        Case {
            name: "the age of the one man killed, said in other words",
            docs: vec![
                ("صحيفة أ", "استشهد الشاب ماجد السالم (19) عاما صباح اليوم إثر سقوط قذيفة على منزل في بلدة الرمال."),
                ("صحيفة ب", "وكان الشهيد ماجد السالم يبلغ من العمر 21 عاما ويعمل في ورشة للنجارة."),
            ],
            apart: vec![],
            differ: vec![(19.0, 21.0)],
        },
        Case {
            name: "one result written either way, a goal minute told apart",
            docs: vec![
                ("صحيفة أ", "فاز نادي الساحل على ضيفه نادي الجبل 3-1 في المباراة الودية. وسجل المهاجم سالم الهدف الثالث في الدقيقة 81."),
                ("صحيفة ب", "تغلب نادي الساحل على نادي الجبل 1-3 أمس. وأضاف سالم الهدف الثالث للساحل في الدقيقة 82 من عمر اللقاء."),
            ],
            apart: vec![(3.0, 1.0)],
            differ: vec![(81.0, 82.0)],
        },
        Case {
            name: "goal minutes by their scorers, in brackets, in a list, and the minutes between goals",
            docs: vec![
                ("صحيفة أ", "افتتح المهاجم نادر فالوني التسجيل لنادي الساحل بتسديدة قوية (12)، ثم أضاف زميله توماس بريكو الهدف الثاني بعدها بخمس دقائق، وسجل المدافع لوكا ديمير الهدف الثالث (38)، قبل أن يقلص نادي الجبل الفارق."),
                ("صحيفة ب", "سجل أهداف الساحل نادر فالوني وتوماس بريكو ولوكا ديمير في الدقائق 12 و18 و39."),
                ("صحيفة ج", "افتتح نادر فالوني التسجيل في الدقيقة 12. وبعد ست دقائق انطلق بريكو نحو المرمى ليضاعف تقدم الساحل."),
            ],
            apart: vec![(12.0, 38.0)],
            differ: vec![(38.0, 39.0), (5.0, 6.0)],
        },
        Case {
            name: "the lead's toll, the town spelled two ways",
            docs: vec![
                ("صحيفة أ", "قتل 31 شخصا في تفجير انتحاري استهدف تجمعا في بلدة سوروتش الحدودية. وقالت السلطات إن التحقيق جار."),
                ("صحيفة ب", "أسفر تفجير انتحاري في بلدة سروج الحدودية عن مقتل 28 شخصا. وأضافت أن 14 جريحا نقلوا إلى المستشفى في مدينة أخرى."),
            ],
            apart: vec![],
            differ: vec![(31.0, 28.0)],
        },
        Case {
            name: "which flight of a series",
            docs: vec![
                ("صحيفة أ", "وصلت الطائرة الإغاثية الخامسة إلى مطار الريان محملة بالأدوية."),
                ("صحيفة ب", "حطت الطائرة الإغاثية السادسة في مطار الريان وعلى متنها أدوية."),
            ],
            apart: vec![],
            differ: vec![(5.0, 6.0)],
        },
        Case {
            name: "one soldier killed at a town, and an earlier bombing's toll near it",
            docs: vec![
                ("صحيفة أ", "أعلن الجيش مقتل جندي وإصابة آخر في هجوم قرب بلدة الريان الحدودية اليوم."),
                ("صحيفة ب", "أعلن الجيش مقتل جندي وإصابة آخر قرب بلدة الريان الحدودية. ويأتي ذلك بعد أيام من هجوم انتحاري في بلدة الريان أسفر عن مقتل 32 شخصا."),
                ("صحيفة ج", "أعلن الجيش مقتل جندي وإصابة آخر في اشتباك قرب بلدة الريان. وكان هجوم انتحاري في بلدة الريان أسفر عن مقتل 32 شخصا."),
            ],
            apart: vec![(1.0, 32.0)],
            differ: vec![],
        },
        Case {
            name: "a share and a count of companies stay apart; bounds agree with their figure",
            docs: vec![
                ("وكالة أ", "بلغت كمية الأسهم المتداولة أكثر من 148.6 مليون سهم، وارتفعت أسهم 120 شركة بنسبة 2.5%."),
                ("صحيفة ب", "تجاوزت الأسهم المتداولة 148.6 مليون سهم، فيما ارتفعت أسهم 120 شركة."),
            ],
            apart: vec![(148_600_000.0, 120.0)],
            differ: vec![],
        },
        Case {
            name: "a thousands separator read as a point is one figure",
            docs: vec![
                ("صحيفة أ", "وبلغت كمية التمور الواردة إلى مهرجان الواحة 614.196 طناً منذ انطلاقه."),
                ("صحيفة ب", "وبلغت كمية التمور الواردة إلى مهرجان الواحة 614196 طنا منذ انطلاقه."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "one paper's two round-ups price one share twice",
            docs: vec![
                ("صحيفة أ", "وفي سوق الواحة أغلق سهم شركة النخيل للأسمنت عند 15.35 دينار، وارتفع سهم بنك الساحل إلى 4.20 دينار."),
                ("صحيفة أ", "وتراجع سهم شركة النخيل للأسمنت إلى 15.10 دينار في ختام تعاملات الأسبوع، فيما استقر سهم بنك الساحل."),
                ("صحيفة ب", "أغلق سهم شركة النخيل للأسمنت عند 15.35 دينار وسط تداولات هادئة."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "a paper giving both prices of the day does not contradict one giving the close",
            docs: vec![
                ("وكالة أ", "ارتفع سعر أوقية الذهب في التعاملات الآسيوية إلى 1093 دولارا، ثم تراجع في ختام التعاملات إلى 1086 دولارا."),
                ("صحيفة ب", "تراجع سعر أوقية الذهب في ختام التعاملات إلى 1086 دولارا بعد أن لامس 1093 دولارا صباحا."),
                ("صحيفة ج", "أغلق سعر أوقية الذهب على تراجع عند 1086 دولارا للأوقية."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "a count in thousands rounds the full figure; an hour without minutes claims none",
            docs: vec![
                ("صحيفة أ", "وبلغ عدد الذين صححوا أوضاعهم 363.378 شخصا حتى الساعة الثانية عشرة ظهرا."),
                ("صحيفة ب", "وبلغ عدد الذين صححوا أوضاعهم 363 ألف شخص حتى الساعة 12:08 ظهرا."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "each paper's list of metals: other items, not other figures",
            docs: vec![
                ("وكالة أ", "وصعد سعر الذهب في السوق الفورية 0.3 بالمئة، وزاد البلاتين 0.4 بالمئة، وارتفعت الفضة 0.9 بالمئة، ونزل النحاس 0.2 بالمئة."),
                ("صحيفة ب", "ومن بين المعادن النفيسة الأخرى صعد البلاديوم في السوق الفورية 1.7 بالمئة، وزاد البلاتين 0.4 بالمئة، وتراجع الرصاص 1.1 بالمئة."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "a count one apart is told apart, even in a list",
            docs: vec![
                ("صحيفة أ", "وبذلك يصل عدد حالات الإصابة بالحمى منذ عامين إلى 1063 حالة، تماثلت منها للشفاء 583 حالة، فيما بلغت حالات الوفاة 471 حالة."),
                ("صحيفة ب", "وبلغ عدد حالات الإصابة بالحمى منذ عامين 1064 حالة، تماثلت للشفاء منها 583 حالة، وتوفيت 471 حالة."),
            ],
            apart: vec![],
            differ: vec![(1063.0, 1064.0)],
        },
        Case {
            name: "a time on the twelve-hour dial is the afternoon's too",
            docs: vec![
                ("صحيفة أ", "ونقل الركاب إلى قطار الطوارئ الذي تحرك عند الساعة 4:00 متأخرا ثلاث ساعات."),
                ("صحيفة ب", "ونقل الركاب إلى قطار الطوارئ الذي تحرك عند الساعة 16:00 متأخرا ثلاث ساعات."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "one article's figures of other things are no disagreement",
            docs: vec![
                ("صحيفة أ", "ويضع الدائنون خطة مساعدة جديدة لجزر الواحة بقيمة 86 مليار دينار على ثلاث سنوات. وبلغت نسبة البطالة 19.6 في المائة بين الشباب، فيما قال الوزير إن 31.6 في المائة من الخريجين بلا عمل."),
                ("صحيفة ب", "وتبدأ المحادثات على حزمة إنقاذ لجزر الواحة بقيمة 86 مليار دينار تستمر ثلاث سنوات."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "civilians and fighters killed are two counts",
            docs: vec![
                ("صحيفة أ", "أفادت مصادر أمنية أمس بمقتل 24 مدنيا وإصابة 37 آخرين في قصف على بلدة الريان."),
                ("صحيفة ب", "وأسفرت الاشتباكات قرب بلدة الريان عن مقتل 22 مسلحا وفق مصادر أمنية."),
                ("صحيفة ج", "قتل 24 مدنيا في قصف على بلدة الريان أمس، فيما قتل 22 مسلحا في اشتباكات قربها."),
            ],
            apart: vec![(24.0, 22.0)],
            differ: vec![],
        },
        Case {
            name: "a market's level at two moments of the day",
            docs: vec![
                ("وكالة أ", "ونزل سعر خام الواحة في العقود الآجلة 13 سنتا إلى 50.76 دولار للبرميل بحلول الساعة العاشرة."),
                ("صحيفة ب", "وهبط خام الواحة في العقود الآجلة 22 سنتا إلى 50.67 دولار للبرميل في ختام التعاملات."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "an index level after a move in percent, on two days' reports",
            docs: vec![
                ("وكالة أ", "سوق الواحة.. هبط المؤشر 0.6 في المئة إلى 4098 نقطة."),
                ("صحيفة ب", "سوق الواحة.. هبط المؤشر 0.7 في المئة إلى 4068 نقطة."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "a close told with its point slipped differs",
            docs: vec![
                ("وكالة أ", "وأغلق مؤشر سوق الواحة للأسهم جلسة اليوم عند مستوى 8834.82 نقطة."),
                ("صحيفة ب", "وأغلق مؤشر سوق الواحة للأسهم جلسة أمس عند مستوى 883482 نقطة."),
            ],
            apart: vec![],
            differ: vec![(8834.82, 883482.0)],
        },
        Case {
            name: "the injured after the killed are injured",
            docs: vec![
                ("صحيفة أ", "وتكبدت الميليشيات في معارك بلدة الريان 33 قتيلاً و25 جريحا و50 أسيرا."),
                ("صحيفة ب", "وخسرت الميليشيات في معارك بلدة الريان 33 قتيلا و25 جريحا."),
            ],
            apart: vec![(33.0, 25.0)],
            differ: vec![],
        },
        Case {
            name: "about a time covers the minute",
            docs: vec![
                ("صحيفة أ", "وتلقى مركز الدفاع المدني البلاغ في نحو الساعة الثانية والنصف بعد ظهر أمس عن سقوط شاب من مطل الجبل."),
                ("صحيفة ب", "وتلقى مركز الدفاع المدني في تمام الساعة 14:27 من مساء أمس بلاغا عن سقوط شاب من مطل الجبل."),
            ],
            apart: vec![],
            differ: vec![],
        },
        Case {
            name: "a million riyals as a loan's ceiling is not a total",
            docs: vec![
                ("صحيفة أ", "قدم صندوق التنمية قروضا للمشاريع الصغيرة بلغت 174 مليون ريال خلال النصف الأول من العام."),
                ("صحيفة ب", "قدم صندوق التنمية قروضا للمشاريع الصغيرة يصل كل منها إلى مليون ريال خلال النصف الأول من العام."),
            ],
            apart: vec![],
            differ: vec![],
        },
        // A site (a zone, a port) is a happening's place by itself.
        Case {
            name: "rockets on one zone, counted apart",
            docs: vec![
                ("صحيفة أ", "أعلنت خلية الإعلام سقوط صاروخين على المنطقة الخضراء وسط العاصمة مساء الاثنين."),
                ("صحيفة ب", "أعلنت السلطات أن 3 صواريخ سقطت في المنطقة الخضراء مساء الاثنين دون وقوع إصابات."),
            ],
            apart: vec![],
            differ: vec![(2.0, 3.0)],
        },
    ];
    let mut failed = Vec::new();
    for case in &cases {
        let docs: Vec<Doc> = case
            .docs
            .iter()
            .enumerate()
            .map(|(i, (outlet, text))| doc(&format!("{}-{i}", case.name), outlet, text))
            .collect();
        let s = synthesize(&docs);
        for &(x, y) in &case.apart {
            for v in [x, y] {
                // Each quantity is read, as one fact that outlets give alike
                // or differently.
                if !holding(&s.facts, v)
                    .iter()
                    .any(|f| f.verdict == "agree" || f.verdict == "differ")
                {
                    failed.push(format!("{}: no agreeing fact with {v}", case.name));
                }
            }
            if holding(&s.facts, x)
                .iter()
                .any(|f| numbers(f).iter().any(|(_, v)| *v == y))
            {
                failed.push(format!("{}: {x} and {y} share a fact", case.name));
            }
        }
        for &(x, y) in &case.differ {
            let found = holding(&s.facts, x)
                .iter()
                .any(|f| f.verdict == "differ" && numbers(f).iter().any(|(_, v)| *v == y));
            if !found {
                failed.push(format!(
                    "{}: no differing fact with {x} and {y}: {:?}",
                    case.name,
                    s.facts
                        .iter()
                        .map(|f| (f.what.clone(), f.verdict.clone(), numbers(f)))
                        .collect::<Vec<_>>()
                ));
            }
        }
        // No disagreement is claimed where none was written.
        if case.differ.is_empty() {
            for f in s.facts.iter().filter(|f| f.verdict == "differ") {
                failed.push(format!(
                    "{}: false disagreement {:?}",
                    case.name,
                    numbers(f)
                ));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A toll that rose through the day: the later article says what it rose
/// to. One fact, "updated"; an article published after the rise that still
/// gives the lower figure (no rise said) is a disagreement; a count said
/// to rise ("ارتفع المؤشر إلى") that is not a toll is not an update.
#[test]
fn a_rising_toll_is_updated_and_a_stale_one_differs() {
    use chrono::{TimeZone, Utc};
    let at = |h: u32| Some(Utc.with_ymd_and_hms(2026, 5, 4, h, 0, 0).unwrap());
    let dated = |id: &str, outlet: &str, h: u32, text: &str| Doc {
        published: at(h),
        ..doc(id, outlet, text)
    };
    let first = dated(
        "a",
        "صحيفة أ",
        8,
        "لقي 5 أشخاص حتفهم في انهيار مبنى سكني في بلدة السهوة صباح اليوم.",
    );
    let second = dated(
        "b",
        "صحيفة ب",
        9,
        "قتل 5 أشخاص في انهيار مبنى سكني في بلدة السهوة، بحسب الدفاع المدني.",
    );
    let rose = dated(
        "c",
        "صحيفة ج",
        14,
        "ارتفعت حصيلة ضحايا انهيار المبنى السكني في بلدة السهوة إلى 8 قتلى بعد انتشال ثلاث جثث من تحت الأنقاض.",
    );
    let toll = |s: &marsad_synth::Synthesis| -> Option<Fact> {
        holding(&s.facts, 8.0)
            .into_iter()
            .find(|f| numbers(f).iter().any(|(_, v)| *v == 5.0))
            .cloned()
    };
    let s = synthesize(&[first.clone(), second.clone(), rose.clone()]);
    let f = toll(&s).unwrap_or_else(|| panic!("5 and 8 in one fact: {:#?}", s.facts));
    assert_eq!(f.verdict, "updated", "{f:#?}");

    // Published after the rise, still 5, no rise said: not explained by time.
    let stale = dated(
        "d",
        "صحيفة د",
        18,
        "قتل 5 أشخاص في انهيار مبنى سكني في بلدة السهوة مساء اليوم.",
    );
    let s = synthesize(&[first.clone(), second, rose.clone(), stale]);
    let f = toll(&s).unwrap_or_else(|| panic!("5 and 8 in one fact: {:#?}", s.facts));
    assert_eq!(f.verdict, "differ", "{f:#?}");

    // Two outlets with different tolls and no rise said: a disagreement.
    let other = dated(
        "e",
        "صحيفة هـ",
        15,
        "قتل 8 أشخاص في انهيار مبنى سكني في بلدة السهوة صباح اليوم.",
    );
    let s = synthesize(&[first, other]);
    let f = toll(&s).unwrap_or_else(|| panic!("5 and 8 in one fact: {:#?}", s.facts));
    assert_eq!(f.verdict, "differ", "{f:#?}");

    // An index that rose to a level is not a toll brought up to date.
    let a = dated("f", "صحيفة أ", 15, "أغلق مؤشر سوق الواحة عند 7500 نقطة.");
    let b = dated(
        "g",
        "صحيفة ب",
        16,
        "ارتفع مؤشر سوق الواحة إلى 7600 نقطة عند الإغلاق.",
    );
    let s = synthesize(&[a, b]);
    assert!(
        s.facts.iter().all(|f| f.verdict != "updated"),
        "{:#?}",
        s.facts
    );
}

/// Days as the story gives them: a date without its year takes the year
/// other articles write with it; a day still to come (the next session) is
/// not the day of the session reported; a wire copy's "اليوم" published
/// days late, and the Friday prayer, say nothing against a named day.
#[test]
fn days_are_read_as_the_story_gives_them() {
    use chrono::{TimeZone, Utc};
    let on = |d: u32| Some(Utc.with_ymd_and_hms(2026, 7, d, 9, 0, 0).unwrap());
    let dated = |id: &str, outlet: &str, d: u32, text: &str| Doc {
        published: on(d),
        ..doc(id, outlet, text)
    };
    let days = |s: &marsad_synth::Synthesis| -> Vec<(String, String, Vec<String>)> {
        s.facts
            .iter()
            .filter(|f| f.what.starts_with("يوم") || f.what.starts_with("موعد"))
            .map(|f| {
                (
                    f.what.clone(),
                    f.verdict.clone(),
                    f.values.iter().map(|v| v.value.clone()).collect(),
                )
            })
            .collect()
    };
    let no_day_differs = |d: &[(String, String, Vec<String>)]| {
        assert!(
            d.iter().all(|(_, verdict, _)| verdict != "differ"),
            "no day differs: {d:#?}"
        )
    };
    // 2026-07-06 is a Monday.
    let a = dated("a", "صحيفة أ", 6, "أعلن اتحاد الواحة لكرة القدم اليوم الاثنين أن اجتماع الجمعية العمومية سيعقد في 26 فبراير 2027.");
    let b = dated(
        "b",
        "صحيفة ب",
        6,
        "قرر اتحاد الواحة لكرة القدم الاثنين عقد اجتماع الجمعية العمومية في 26 فبراير.",
    );
    let c = dated(
        "c",
        "صحيفة ج",
        8,
        "أعلن اتحاد الواحة لكرة القدم اليوم عقد اجتماع الجمعية العمومية في 26 فبراير المقبل.",
    );
    let s = synthesize(&[a, b, c]);
    let d = days(&s);
    no_day_differs(&d);
    assert!(
        d.iter()
            .any(|(_, _, v)| v.iter().filter(|x| x.starts_with("26 فبراير")).count() == 3),
        "26 February is one day in all three: {d:#?}"
    );

    // The session reported and the next one are two days, not a dispute;
    // "صلاة الجمعة" dates nothing.
    let a = dated("d", "صحيفة أ", 6, "بدأت المحكمة الكلية اليوم الاثنين محاكمة المتهمين في تفجير المسجد خلال صلاة الجمعة، وأجلت الجلسة إلى الخميس المقبل.");
    let b = dated("e", "صحيفة ب", 6, "عقدت المحكمة الكلية اليوم أولى جلسات محاكمة المتهمين في تفجير المسجد، وقررت تأجيلها إلى الخميس المقبل.");
    let s = synthesize(&[a, b]);
    let d = days(&s);
    no_day_differs(&d);
    assert!(
        d.iter()
            .all(|(_, _, v)| !v.iter().any(|x| x.contains("الجمعة"))),
        "the Friday prayer is no day: {d:#?}"
    );

    // Two raids under one event word, told in unlike sentences, on two
    // days: two happenings, no disputed day; a print edition's «أمس
    // الخميس» and a wire's «الخميس» two days apart are one day.
    let a = dated(
        "f",
        "صحيفة أ",
        9,
        "شنت طائرات التحالف غارات على مواقع المسلحين شمالي المدينة يوم الثلاثاء.",
    );
    let b = dated(
        "g",
        "صحيفة ب",
        10,
        "وكان هجوم بقذائف الهاون استهدف سوقا شعبيا صباح الأربعاء الماضي وأوقع جرحى.",
    );
    let c = dated(
        "h",
        "صحيفة ج",
        10,
        "وقالت المصادر إن الغارات استمرت أمس الخميس على مواقع المسلحين.",
    );
    let e = dated(
        "i",
        "صحيفة د",
        12,
        "وقالت المصادر إن الغارات استمرت الخميس على مواقع المسلحين.",
    );
    let s = synthesize(&[a, b, c, e]);
    no_day_differs(&days(&s));

    // «اليوم (الجمعة)» before «الهجوم الذي وقع يوم الأربعاء» dates the
    // condemnation, not the attack.
    let a = dated(
        "j",
        "صحيفة أ",
        10,
        "أدانت رابطة المدن، اليوم (الجمعة)، الهجوم الإرهابي الذي وقع يوم الأربعاء في بلدة الصفصاف.",
    );
    let b = dated(
        "k",
        "صحيفة ب",
        10,
        "أدانت رابطة المدن الهجوم الإرهابي الذي وقع يوم الأربعاء في بلدة الصفصاف وأوقع قتلى.",
    );
    let s = synthesize(&[a, b]);
    no_day_differs(&days(&s));
}

/// Persons counted under a generic noun («41 شخصا») in one outlet and under
/// the noun that says who they are («41 متهما») in another are one count;
/// another figure of persons is never claimed as a disagreement with it.
#[test]
fn persons_under_a_generic_noun_are_the_people_counted() {
    let docs = vec![
        doc(
            "a",
            "وكالة أ",
            "أحالت النيابة العامة في جمهورية الواحة 41 متهما إلى المحكمة العليا بتهمة تأسيس جماعة مسلحة.",
        ),
        doc(
            "b",
            "صحيفة ب",
            "أحالت النيابة العامة في الواحة إلى المحكمة العليا 41 شخصا بتهمة تأسيس جماعة مسلحة، \
             كما أوقفت الشرطة 5 أشخاص آخرين في قضية منفصلة.",
        ),
    ];
    let s = synthesize(&docs);
    let both = holding(&s.facts, 41.0).into_iter().any(|f| {
        f.verdict == "agree"
            && ["a", "b"]
                .iter()
                .all(|d| numbers(f).contains(&(d.to_string(), 41.0)))
    });
    assert!(both, "{:?}", s.facts);
    assert!(
        !holding(&s.facts, 41.0)
            .iter()
            .any(|f| numbers(f).iter().any(|(_, v)| *v == 5.0)),
        "{:?}",
        s.facts
    );
    assert_no_disagreement(&s);
}

/// Early reports of one harm count, one a figure and one a range with that
/// figure as a bound («أصيب 20» against «بين 20 و25 شخصا أصيبوا»), told by
/// different voices in different words: one fact, and a disagreement.
#[test]
fn a_figure_at_a_bound_of_a_range_is_the_same_count_told_differently() {
    let s = two_papers(
        "قال النائب سامر الحلو إن خمسة أشخاص قتلوا كما أصيب 20 في انفجار هز سوقا شعبيا. وأعلنت وزارة الصحة مساء اليوم أن عدد المصابين بلغ 64 مصابا.",
        "هز انفجار عنيف مركزا ثقافيا ظهر اليوم وأغلقت الشرطة الطرق المؤدية إليه. وأشار مسؤول أمني طلب عدم ذكر اسمه إلى تعرض ما بين 20 و25 شخصا لإصابات جراء الانفجار، ونقلتهم سيارات الإسعاف إلى مستشفيين.",
    );
    let f = s
        .facts
        .iter()
        .find(|f| {
            f.values
                .iter()
                .any(|v| matches!(v.normalized, Some(Normalized::Range(r)) if r == [20.0, 25.0]))
        })
        .unwrap_or_else(|| panic!("no fact with the range: {:#?}", s.facts));
    assert!(
        numbers(f).iter().any(|(_, x)| *x == 20.0),
        "20 and 20–25 in one fact: {:#?}",
        s.facts
    );
    assert_eq!(f.verdict, "differ", "{f:#?}");
}

/// A count of people the verb after it says were killed («27 شخصا قتلوا»)
/// is the toll, and a bound beside the figure («أكثر من 27») does not keep
/// the toll's group from being compared with another outlet's figure.
#[test]
fn a_toll_told_by_the_verb_after_its_count_and_as_a_bound_is_compared() {
    let a = doc(
        "a",
        "صحيفة أ",
        "قال ثلاثة شهود إن أكثر من 27 شخصا قتلوا في انفجار هز مركزا ثقافيا في بلدة المرجان اليوم.",
    );
    let b = doc(
        "b",
        "صحيفة ب",
        "أسفر انفجار في مركز ثقافي ببلدة المرجان اليوم عن مقتل 27 شخصا وإصابة العشرات.",
    );
    let c = doc(
        "c",
        "صحيفة ج",
        "ارتفع عدد ضحايا الانفجار إلى مقتل 31 شخصا في بلدة المرجان.",
    );
    let s = synthesize(&[a, b, c]);
    let f = holding(&s.facts, 27.0)
        .into_iter()
        .find(|f| f.values.iter().any(|v| v.article == "a"))
        .unwrap_or_else(|| panic!("no toll fact with the witnesses' 27: {:#?}", s.facts));
    assert_eq!(f.what, "القتلى", "{f:#?}");
    assert!(
        numbers(f).iter().any(|(_, x)| *x == 31.0),
        "27 and 31 in one fact: {:#?}",
        s.facts
    );
}

/// An age beside a verb of harm is an age: «البالغ من العمر 18 عاما لقي
/// حتفه» kills one, not eighteen.
#[test]
fn an_age_is_no_toll() {
    let s = two_papers(
        "لقي الشاب سالم الراشد البالغ من العمر 18 عاما حتفه إثر سقوط قذيفة على منزل عائلته في بلدة المرجان.",
        "قتل الشاب سالم الراشد (18 عاما) بسقوط قذيفة على منزل عائلته في بلدة المرجان مساء أمس.",
    );
    for f in holding(&s.facts, 18.0) {
        assert_ne!(f.what, "القتلى", "an age read as a toll: {f:#?}");
    }
}

/// A date something is moved to dates that thing, not the meeting named
/// after the comma: a tournament moved to December 2016 and a meeting in
/// December 2015 do not disagree.
#[test]
fn a_date_moved_to_is_not_the_meetings_date() {
    let s = two_papers(
        "وافق أمناء الاتحادات على طلب تأجيل بطولة الساحل لكرة القدم إلى ديسمبر 2016، وذلك خلال اجتماعهم أمس في المرجان.",
        "وأعلن الاتحاد تأجيل بطولة الساحل عاما كاملا. وفي ديسمبر 2015 اجتماع لتحديد مكان البطولة.",
    );
    assert_no_disagreement(&s);
}

/// A sector's fall and another's rise, both in percent, each told by one
/// paper: two quantities, not a disagreement.
#[test]
fn a_fall_and_a_rise_are_two_quantities() {
    let s = two_papers(
        "وعلى الصعيد القطاعي، تراجع قطاع التأمين بنسبة 19.8 في المائة خلال الأسبوع.",
        "وخلال الأسبوع ارتفع قطاع الرعاية الصحية بنسبة 21.2 في المائة بدعم من أسهم المستشفيات.",
    );
    assert_no_disagreement(&s);
}

/// Two outlets' figures of one kind at two happenings are no disagreement
/// (session 27): a province is no happening's place (a war's many fights
/// are there); near tolls at two named towns are two tolls; one town with
/// nothing else alike around the figures is not enough.
#[test]
fn figures_of_two_happenings_are_not_one_disagreement() {
    let cases: &[(&str, &str, &str, (f64, f64))] = &[
        (
            "two fights in one province",
            "وتتواصل المعارك في محافظة الواحة. وقالت مصادر محلية إن 22 مسلحا سقطوا في مواجهات مع الجيش.",
            "وتتواصل المعارك في محافظة الواحة. وأوضحت المصادر أن غارة جوية استهدفت تجمعا أوقعت 15 مسلحا.",
            (22.0, 15.0),
        ),
        (
            "near tolls at two towns",
            "قتل 20 شخصا على الأقل في انفجار سيارة مفخخة في سوق بلدة الزهور.",
            "وفي هجوم آخر قتل 21 شخصا بنيران مسلحين في بلدة السلام.",
            (20.0, 21.0),
        ),
        (
            "two raids on one town, said in nothing alike",
            "نفذت مقاتلات التحالف أربع غارات على فندق يتجمع فيه المسلحون في مدينة الرمال.",
            "دمرت الطائرات أرتالا وتعزيزات بسبع غارات قبيل وصولها إلى مدينة الرمال.",
            (4.0, 7.0),
        ),
        (
            "two tolls told deep in two round-ups",
            "وتواصلت المواجهات في عدة جبهات خلال اليومين الماضيين. ونفذ طيران التحالف 14 طلعة جوية أسفرت بمجملها عن قتل 29 من عناصر التنظيم وتدمير موقعين.",
            "واستمرت المعارك في المحافظة منذ الصباح. وهاجمت القوات وكرا للتنظيم وتمكنت من قتل 15 من عناصر التنظيم فيما صدت قوات أخرى هجوما.",
            (29.0, 15.0),
        ),
        (
            "two candidates' ages",
            "وقال المدرب سامر الحربي (62 عاما) إنه سيعلن ترشحه رسميا لرئاسة الاتحاد القاري أمام المدرب نادر الخطيب.",
            "وقال المدرب نادر الخطيب – 60 عاما – إنه سيعلن ترشحه رسميا لرئاسة الاتحاد القاري أمام المدرب سامر الحربي.",
            (62.0, 60.0),
        ),
        (
            "two hours a price was read at",
            "وارتفع سعر خام القياس 35 سنتا إلى 49.24 دولار للبرميل بحلول الساعة 13:19 بتوقيت غرينتش.",
            "وارتفع سعر خام القياس 40 سنتا إلى 49.12 دولار للبرميل بحلول الساعة 12:49 بتوقيت غرينتش.",
            (1319.0, 1249.0),
        ),
    ];
    for (name, a, b, (x, y)) in cases {
        let s = two_papers(a, b);
        let both = holding(&s.facts, *x)
            .iter()
            .any(|f| numbers(f).iter().any(|(_, v)| v == y));
        assert!(!both, "{name}: {x} and {y} share a fact: {:#?}", s.facts);
    }
}

/// A share cut short beside another outlet's share of a round-up («21%»
/// against «21.63%») is as often another stock's: shares of a list
/// disagree only rounded, never cut.
#[test]
fn a_round_ups_share_cut_short_is_no_disagreement() {
    let s = two_papers(
        "وتصدر سهم شركة الواحة الأسهم المرتفعة بنسبة 21.63 في المائة، تلاه سهم النخلة بنسبة 4.2 في المائة، ثم سهم الرمال بنسبة 1.5 في المائة.",
        "وتصدر سهم شركة السهل الأسهم المرتفعة بنسبة 21 في المائة، يليه سهم الجبل بنسبة 3.9 في المائة، ثم سهم البحر بنسبة 0.8 في المائة.",
    );
    assert_no_differ_between(&s, 21.63, 21.0);
}

/// A round threshold of one significant digit («مستوى 1000 دولار») is no
/// rounding of a price 4% below it («959.49»), where «8 نقاط» for «8.28
/// نقطة» is.
#[test]
fn a_round_threshold_is_no_rounding_of_a_price() {
    let s = two_papers(
        "ونزل المعدن في السوق الفورية 1.8 في المئة إلى 959.49 دولار للأوقية، ثم 0.5 في المئة إلى 957.20 دولار.",
        "واقترب المعدن من مستوى 1000 دولار للأوقية لأول مرة منذ سنوات، بعد أن نزل 0.4 في المئة إلى 968.30 دولار.",
    );
    assert_no_differ_between(&s, 959.49, 1000.0);
}

/// Asserts that no fact of `s` marked differ holds both `x` and `y`.
fn assert_no_differ_between(s: &marsad_synth::Synthesis, x: f64, y: f64) {
    let both = holding(&s.facts, x)
        .iter()
        .any(|f| f.verdict == "differ" && numbers(f).iter().any(|(_, v)| *v == y));
    assert!(!both, "{:#?}", s.facts);
}
