use super::calendar::{civil, days, weekday_of};
use super::time::parse_time;
use super::*;
use crate::rules::Kind;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("rules load"))
}

fn run(text: &str, ref_date: Option<&str>, day_first: Option<bool>) -> Vec<DateFact> {
    let rules = rules();
    // One sentence per line, so these tests do not depend on the splitter.
    let mut sentences = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split('\n').enumerate() {
        if !line.is_empty() {
            sentences.push(Sentence {
                start: pos,
                end: pos + line.len(),
                paragraph: i,
            });
        }
        pos += line.len() + 1;
    }
    let matches = crate::engine::run(rules, text, &sentences, &[Kind::Date]);
    let ranked = crate::facts::resolve::rank(rules, matches);
    let options = Options {
        ref_date: ref_date.map(str::to_string),
        day_first,
    };
    extract(rules, text, &sentences, &ranked, &options)
}

fn spans(text: &str, ref_date: Option<&str>) -> Vec<(Option<String>, Option<String>)> {
    run(text, ref_date, None)
        .into_iter()
        .map(|f| (f.start, f.end))
        .collect()
}

fn one(s: &str) -> Vec<(Option<String>, Option<String>)> {
    vec![(Some(s.to_string()), Some(s.to_string()))]
}

fn range(a: &str, b: &str) -> Vec<(Option<String>, Option<String>)> {
    vec![(Some(a.to_string()), Some(b.to_string()))]
}

#[test]
fn calendar_forms() {
    assert_eq!(
        spans("Officers raided it on March 4.", None),
        one("XXXX-03-04")
    );
    assert_eq!(
        spans("Officers raided it on 4 March.", None),
        one("XXXX-03-04")
    );
    assert_eq!(spans("It was 4th March 2024.", None), one("2024-03-04"));
    assert_eq!(spans("It was Monday 4 March.", None), one("XXXX-03-04"));
    assert_eq!(spans("It was Tuesday (March 5).", None), one("XXXX-03-05"));
    assert_eq!(spans("It was Dec. 6 at the port.", None), one("XXXX-12-06"));
    assert_eq!(
        spans("It was Sept. 12 at the port.", None),
        one("XXXX-09-12")
    );
    assert_eq!(
        spans("It was December 6, 2023, at the port.", None),
        one("2023-12-06")
    );
    assert_eq!(spans("It was 2024-03-04.", None), one("2024-03-04"));
    assert_eq!(
        spans("on or about March 4, 2022, he", None),
        one("2022-03-04")
    );
    assert_eq!(spans("Thursday, 21st November", None), one("XXXX-11-21"));
    assert_eq!(spans("on the 13th of July, 2024", None), one("2024-07-13"));
}

#[test]
fn ranges_are_one_fact() {
    assert_eq!(
        spans("between March 4 and March 10", None),
        range("XXXX-03-04", "XXXX-03-10")
    );
    // years apart, both ends written out whole: a court's offence period
    assert_eq!(
        spans(
            "trafficking between October 13, 2017 and October 13, 2021.",
            None
        ),
        range("2017-10-13", "2021-10-13")
    );
    assert_eq!(
        spans("from 4 to 10 March", None),
        range("XXXX-03-04", "XXXX-03-10")
    );
    assert_eq!(
        spans("ran 4-10 March 2024.", None),
        range("2024-03-04", "2024-03-10")
    );
    assert_eq!(
        spans("ran March 4-10.", None),
        range("XXXX-03-04", "XXXX-03-10")
    );
    assert_eq!(
        spans("between 4 and 10 March", None),
        range("XXXX-03-04", "XXXX-03-10")
    );
    assert_eq!(
        spans("from 16 to 22 September 2024", None),
        range("2024-09-16", "2024-09-22")
    );
    assert_eq!(
        spans("between Monday 13 May and Sunday 19 May", None),
        range("XXXX-05-13", "XXXX-05-19")
    );
    assert_eq!(
        spans("from Dec. 28, 2023 to Jan. 3, 2024", None),
        range("2023-12-28", "2024-01-03")
    );
    assert_eq!(
        spans("from 28 December to 3 January 2024", None),
        range("2023-12-28", "2024-01-03")
    );
    assert_eq!(
        spans("Monday 7 October to Sunday 13 October", None),
        range("XXXX-10-07", "XXXX-10-13")
    );
}

/// A range with no second month followed by a word that cannot make its
/// number a count: "from Jan. 23 to 25 alone" lost its second day.
#[test]
fn a_range_before_alone_or_only_keeps_its_second_day() {
    for t in [
        "Deputies worked the operation from Jan. 23 to 25 alone.",
        "The checkpoints ran from Jan. 23 to 25 only.",
    ] {
        assert_eq!(spans(t, None), range("XXXX-01-23", "XXXX-01-25"), "{t}");
    }
}

#[test]
fn month_and_year_precision() {
    let f = run("The inquiry began in March 2023.", None, None);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].start.as_deref(), f[0].precision.as_str()),
        (Some("2023-03"), "month")
    );
    let f = run("He was convicted in 2022.", None, None);
    assert_eq!(
        (f[0].start.as_deref(), f[0].precision.as_str()),
        (Some("2022"), "year")
    );
}

#[test]
fn numeric_order_from_article() {
    assert_eq!(
        spans("Gardaí in Cork seized it on 04/03/2024.", None),
        one("2024-03-04")
    );
    assert_eq!(
        spans(
            "The U.S. Attorney in Ohio said on 04/03/2024 it was seized.",
            None
        ),
        one("2024-04-03")
    );
    assert_eq!(spans("It was 03/14/2024 and 04/03/2024.", None).len(), 2);
    assert_eq!(
        spans("It was 03/14/2024 and 04/03/2024.", None)[1],
        (Some("2024-04-03".into()), Some("2024-04-03".into()))
    );
    let f = run("Gardaí said 04/03/2024.", None, Some(false));
    assert_eq!(f[0].start.as_deref(), Some("2024-04-03"));
}

#[test]
fn not_dates() {
    for t in [
        "Support is available 24/7.",
        "Call 999 or 101.",
        "Version 1.2.3 is out.",
        "At 8:35am officers arrived.",
        "A 24-year-old man, aged 32.",
        "He had £4,000 and 12% of the shares.",
        "Section 2 of the Misuse of Drugs Act, 1971.",
        "The match ended 4-1.",
        "They may 12 times check.",
        "In August 12 people were arrested.",
    ] {
        let f: Vec<DateFact> = run(t, None, None)
            .into_iter()
            .filter(|f| !f.relative)
            .collect();
        assert!(f.is_empty(), "{t}: {f:?}");
    }
    assert_eq!(spans("Incident 0914 of 3 July.", None), one("XXXX-07-03"));
    // a court's number is no first day of a range
    assert_eq!(
        spans(
            "He was remanded by the Circuit Court 3, till November 12.",
            None
        ),
        one("XXXX-11-12")
    );
}

#[test]
fn reference_dates() {
    let r = Some("2024-03-15"); // a Friday
    assert_eq!(spans("It was March 4.", r), one("2024-03-04"));
    assert_eq!(spans("It was December 4.", r), one("2023-12-04"));
    assert_eq!(
        spans("It happened last week.", r),
        range("2024-03-04", "2024-03-10")
    );
    assert_eq!(spans("It happened on Tuesday.", r), one("2024-03-12"));
    assert_eq!(spans("It happened yesterday.", r), one("2024-03-14"));
    assert_eq!(
        spans("It happened over the weekend.", r),
        range("2024-03-09", "2024-03-10")
    );
    assert_eq!(
        spans("It happened earlier this month.", r),
        range("2024-03-01", "2024-03-14")
    );
    assert_eq!(
        spans("between December 28 and January 3", r),
        range("2023-12-28", "2024-01-03")
    );
    let f = run("It happened last week.", None, None);
    assert_eq!((f[0].start.clone(), f[0].relative), (None, true));
}

#[test]
fn future_dates_after_reference() {
    let r = Some("2024-10-15"); // a Tuesday
    assert_eq!(
        spans("She will appear in court on 28 October.", r),
        one("2024-10-28")
    );
    assert_eq!(
        spans("Sentencing is scheduled for Sept. 12.", r),
        one("2025-09-12")
    );
    assert_eq!(
        spans("He will appear in court on Thursday.", r),
        one("2024-10-17")
    );
    assert_eq!(
        spans("He was arrested on 28 October.", r),
        one("2023-10-28")
    );
    let f = run("It ran from 7 October to 13 October.", None, None);
    assert_eq!(f[0].provenance.text, "from 7 October to 13 October");
}

#[test]
fn reference_from_article() {
    let t =
        "Posted on: 03/14/2024\nDeputies arrested him on Tuesday, March 12. He was seen yesterday.";
    let f = run(t, None, None);
    let s: Vec<Option<&str>> = f.iter().map(|f| f.start.as_deref()).collect();
    assert_eq!(
        s,
        vec![Some("2024-03-14"), Some("2024-03-12"), Some("2024-03-13")]
    );
    let t = "Published: 15 October 2024\nOfficers arrested a man on 3 October.";
    assert_eq!(run(t, None, None)[1].start.as_deref(), Some("2024-10-03"));
    let t = "March 1, 2024 — Officers seized drugs on Feb. 20.";
    assert_eq!(run(t, None, None)[1].start.as_deref(), Some("2024-02-20"));
}

#[test]
fn times() {
    let f = run(
        "Police were called at 10.20pm on Saturday 8 June.",
        None,
        None,
    );
    assert_eq!(f[0].time.as_deref(), Some("22:20"));
    assert_eq!(parse_time("8:35am").as_deref(), Some("08:35"));
    assert_eq!(parse_time("2030hrs").as_deref(), Some("20:30"));
    assert_eq!(parse_time("12 a.m.").as_deref(), Some("00:00"));
}

/// A relative date's text is its words alone, its time of day kept apart:
/// "10:15 pm on Monday" read as a date with digits in it would pass for a
/// calendar date.
#[test]
fn relative_dates_leave_the_time_out_of_their_text() {
    let text = |t: &str| {
        run(t, Some("2024-04-05"), None)
            .into_iter()
            .map(|f| (f.provenance.text, f.time))
            .collect::<Vec<_>>()
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        text("Around 10:15 pm on Monday, officers stopped a car."),
        [("Monday".to_string(), some("22:15"))]
    );
    assert_eq!(
        text("On Tuesday night at 11pm a man was arrested."),
        [("On Tuesday night".to_string(), some("23:00"))]
    );
    assert_eq!(
        text("Yesterday at 10pm police raided a house."),
        [("Yesterday".to_string(), some("22:00"))]
    );
}

#[test]
fn calendar_arithmetic() {
    for n in [-1000i64, -1, 0, 1, 19_000, 19_797, 60_000] {
        let (y, m, d) = civil(n);
        assert_eq!(days(Ymd { y: Some(y), m, d }), Some(n));
    }
    assert_eq!(
        weekday_of(
            days(Ymd {
                y: Some(2024,),
                m: 3,
                d: 4
            })
            .unwrap()
        ),
        0
    );
}

#[test]
fn token_soup_is_linear_and_safe() {
    let toks = [
        "4",
        "March",
        "Mar.",
        "between",
        "and",
        "to",
        "-",
        "\u{2013}",
        "12/03/2024",
        "2024-03-04",
        "Tuesday",
        "(",
        "March 5",
        ")",
        "last",
        "week",
        "yesterday",
        "on",
        "Sept.",
        "12,",
        "2024",
        "1996",
        "in",
        "\u{a3}",
        "$",
        "24/7",
        "8:35am",
        "at",
        "6pm",
        "the",
        "4th",
        "of",
        "May",
        "may",
        "Dec.",
        "31",
        "29",
        "February",
        "from",
        "16",
        "22",
        "September",
        "\u{e9}",
        "\u{201c}",
        "\n",
        ".",
        ",",
        "Posted on:",
        "Published:",
        "Garda",
        "Sheriff",
        "0914",
        "\u{2014}",
    ];
    let mut seed: u64 = 7;
    let mut text = String::new();
    for _ in 0..20_000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(toks[(seed >> 33) as usize % toks.len()]);
        text.push(' ');
    }
    // Once quadratic: a hang guard, not a speed limit.
    let facts = crate::testing::finishes(move || {
        let _ = run(&text, Some("2024-03-15"), Some(false));
        run(&text, None, None)
    });
    assert!(!facts.is_empty());
}

/// Relative dates against a Friday (2024-03-15) and across a year
/// boundary (Wednesday 2024-01-03): the window of each phrase.
#[test]
fn relative_date_windows() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "2024-03-15",
            "It ran last week.",
            "2024-03-04",
            "2024-03-10",
        ),
        (
            "2024-03-15",
            "Earlier this week police acted.",
            "2024-03-11",
            "2024-03-14",
        ),
        (
            "2024-03-15",
            "This week police acted.",
            "2024-03-11",
            "2024-03-17",
        ),
        (
            "2024-03-15",
            "Yesterday police acted.",
            "2024-03-14",
            "2024-03-14",
        ),
        (
            "2024-03-15",
            "On Tuesday police acted.",
            "2024-03-12",
            "2024-03-12",
        ),
        (
            "2024-03-15",
            "Earlier this month police acted.",
            "2024-03-01",
            "2024-03-14",
        ),
        (
            "2024-03-15",
            "Last weekend police acted.",
            "2024-03-09",
            "2024-03-10",
        ),
        (
            "2024-03-15",
            "Last month police acted.",
            "2024-02",
            "2024-02",
        ),
        ("2024-03-15", "Last year police acted.", "2023", "2023"),
        (
            "2024-01-03",
            "It ran last week.",
            "2023-12-25",
            "2023-12-31",
        ),
        (
            "2024-01-03",
            "Earlier this week police acted.",
            "2024-01-01",
            "2024-01-02",
        ),
        (
            "2024-01-03",
            "Last month police acted.",
            "2023-12",
            "2023-12",
        ),
    ];
    for &(reference, text, start, end) in cases {
        let got = run(text, Some(reference), None);
        assert_eq!(got.len(), 1, "{text} ({reference}): {got:?}");
        assert!(got[0].relative, "{text}");
        assert_eq!(
            (got[0].start.as_deref(), got[0].end.as_deref()),
            (Some(start), Some(end)),
            "{text} against {reference}"
        );
    }
    // Without a reference date a relative date has no window.
    let got = run("It ran last week.", None, None);
    assert_eq!((got[0].start.clone(), got[0].relative), (None, true));
}

#[test]
fn never_panics() {
    let ex = crate::Extractor::new(rules().clone());
    for t in [
        "",
        "é 4 March",
        "4 March\u{2014}10 March",
        "between 31 and 1 February",
        "31/02/2024",
        "99/99/9999",
        "Feb 29",
        "on 29 February 2023",
        "13/13/2024",
        "on 0 March",
        "32 December 2024",
        "Monday 31 April",
        "between 10 and 4 March 2024",
        "last week",
        "earlier this month",
    ] {
        // The dates stage catches its own panics as warnings: a panic
        // must still fail this test.
        for opts in [None, Some("2024-03-15")] {
            let rec = ex.extract_with(
                "-",
                t,
                &crate::options::Options {
                    ref_date: opts.map(str::to_string),
                    day_first: None,
                },
            );
            assert!(rec.warnings.is_empty(), "{t:?}: {:?}", rec.warnings);
        }
    }
    assert!(spans("on 29 February 2023", None).is_empty());
    assert_eq!(
        spans("It was 29 February.", Some("2025-03-01")),
        one("2024-02-29")
    );
}

/// "7 and 8 May 2019" is two dates, each its own fact; "May 3 and 4
/// people" is one date and a count.
#[test]
fn two_days_of_one_month_are_two_dates() {
    assert_eq!(
        spans("Two operations were conducted on 7 and 8 May 2019.", None),
        [
            (
                Some("2019-05-07".to_string()),
                Some("2019-05-07".to_string())
            ),
            (
                Some("2019-05-08".to_string()),
                Some("2019-05-08".to_string())
            )
        ]
    );
    assert_eq!(
        spans("Raids took place on February 27 and 29 in the city.", None).len(),
        2
    );
    assert_eq!(
        spans("On May 3 and 4 people were arrested.", None),
        one("XXXX-05-03")
    );
    let texts: Vec<String> = run(
        "Raids took place on February 27 and 29 in the city.",
        None,
        None,
    )
    .into_iter()
    .map(|f| f.provenance.text)
    .collect();
    assert_eq!(texts, ["February 27", "29"]);
}
