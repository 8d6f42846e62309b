//! Date suites from Recognizers-Text and Duckling (data in `../shared/suites`).
//!
//! Only the cases that apply to news text are run: dates with a day
//! ("march 3rd 2015", "4 March", "10/1/2018"), day ranges ("July 13 to 15"),
//! and the relative dates blotter resolves ("yesterday", "last week",
//! "last tuesday") against the case's reference time. Holidays, times of
//! day, durations, months, seasons, ordinals in words and the like are left
//! out. A case passes when every applicable expected date is found (a date
//! fact overlapping its span) with the expected start and end; the year is
//! compared only where the expected text writes it or the date is relative,
//! as in the gold conventions (a yearless date may be given any year).
//! Negative cases (nothing expected) pass when no calendar date is found.

use std::path::PathBuf;
use std::sync::OnceLock;

use blotter::record::DateFact;
use blotter::rules::RuleSet;
use blotter::{Extractor, Options};
use regex::Regex;
use serde_json::Value;

/// Cases that pass today, exactly: any regression fails the test, and an
/// improvement is recorded by raising the number. Duckling reads a bare
/// weekday as the next one (blotter, reading news, takes the last one),
/// which is most of its misses.
const MIN_RECOGNIZERS_DATE: usize = 42;
const MIN_RECOGNIZERS_DATETIME: usize = 65;
const MIN_DUCKLING_TIME: usize = 40;

/// The suites live beside the checkout (`../shared`), not in it: a user's
/// clone skips them, CI (which sets `CI`) must not.
fn absent() {
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/suites not found, and CI is set: the outside suites must run in CI"
    );
    println!("skipping: ../shared/suites not found");
}

fn suites_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/suites")
}

fn load(name: &str) -> Option<Vec<Value>> {
    let text = std::fs::read_to_string(suites_dir().join(name)).ok()?;
    match serde_json::from_str::<Value>(&text).expect("suite is valid JSON") {
        Value::Array(cases) => Some(cases),
        _ => panic!("{name}: expected a JSON array"),
    }
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

/// The forms blotter reads, as they appear in an expected text.
fn news_form() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
        let wd = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)";
        let day = r"\d{1,2}(?:st|nd|rd|th)?";
        // One end: "March 4", "4th of March", "4" (when the other end has the month), with a year.
        let part = format!(r"{wd}?(?:{month}\.?\s+(?:the\s+)?{day}|(?:the\s+)?{day}(?:\s+(?:of\s+)?{month}\.?)?)(?:,?\s+\d{{4}})?");
        let numeric = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})";
        Regex::new(&format!(
            r"(?i)^(?:(?:on|between|from)\s+)?(?:{part}(?:\s*(?:-|to|and|through|till|until)\s*{part})?|{numeric}(?:\s*(?:-|to|and)\s*{numeric})?|\d{{4}}-\d{{2}}-\d{{2}})$"
        ))
        .unwrap()
    })
}

/// A news form that names its month (words or digits).
fn is_news_date(text: &str) -> bool {
    static MONTH: OnceLock<Regex> = OnceLock::new();
    let month = MONTH.get_or_init(|| {
        Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|/|\d{4}-\d{2}-\d{2}").unwrap()
    });
    news_form().is_match(text) && month.is_match(text)
}

fn relative_form() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:yesterday|today|tomorrow|(?:last|this|next)\s+week|(?:(?:on|last)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))$").unwrap()
    })
}

fn has_year(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b\d{4}\b|/\d{2}$").unwrap())
        .is_match(text)
}

/// One date a case expects.
struct Want {
    /// Byte span in the input, when the suite gives one.
    span: Option<(usize, usize)>,
    /// Acceptable (start, end) pairs, as YYYY-MM-DD.
    values: Vec<(String, String)>,
    /// Compare the year too.
    year: bool,
}

enum Verdict {
    NotApplicable,
    Pass,
    Fail(String),
}

fn run(input: &str, ref_date: Option<&str>) -> Vec<DateFact> {
    let options = Options {
        ref_date: ref_date.map(str::to_string),
        day_first: None,
    };
    // Extractor owns its rules; cloning a compiled set is cheap next to compiling it.
    let ex = Extractor::with_options(rules().clone(), options);
    ex.extract("-", input).dates
}

fn day_of(s: &str) -> String {
    s.get(..10).unwrap_or(s).to_string()
}

/// The day before an ISO date (for exclusive interval ends).
fn day_before(s: &str) -> Option<String> {
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if d > 1 {
        return Some(format!("{y:04}-{m:02}-{:02}", d - 1));
    }
    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let last = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{y:04}-{m:02}-{last:02}"))
}

fn judge(input: &str, ref_date: Option<&str>, wants: &[Want], negative: bool) -> Verdict {
    if wants.is_empty() && !negative {
        return Verdict::NotApplicable;
    }
    let facts = run(input, ref_date);
    if negative {
        let found: Vec<&DateFact> = facts
            .iter()
            .filter(|f| !f.relative && f.precision == "day")
            .collect();
        return if found.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail(format!(
                "expected no date, got {:?}",
                found.iter().map(|f| &f.provenance.text).collect::<Vec<_>>()
            ))
        };
    }
    for w in wants {
        let candidates: Vec<&DateFact> = facts
            .iter()
            .filter(|f| {
                w.span
                    .is_none_or(|(s, e)| f.provenance.span[0] < e && s < f.provenance.span[1])
            })
            .collect();
        let same = |a: &str, b: &str| {
            if w.year {
                a == b
            } else {
                a.get(4..) == b.get(4..)
            }
        };
        let ok = candidates.iter().any(|f| {
            let (Some(s), Some(e)) = (&f.start, &f.end) else {
                return false;
            };
            w.values.iter().any(|(ws, we)| same(s, ws) && same(e, we))
        });
        if !ok {
            let got: Vec<String> = facts
                .iter()
                .map(|f| format!("{:?}={:?}..{:?}", f.provenance.text, f.start, f.end))
                .collect();
            let want: Vec<String> = w.values.iter().map(|(s, e)| format!("{s}..{e}")).collect();
            return Verdict::Fail(format!("want {} got [{}]", want.join("|"), got.join(", ")));
        }
    }
    Verdict::Pass
}

/// Recognizers-Text: DateExtractor/DateParser and DateTimeModel cases.
fn recognizers_case(case: &Value) -> Verdict {
    let input = case["input"].as_str().unwrap_or("");
    let ref_date = case["reference_datetime"].as_str().map(day_of);
    let results = case["results"].as_array().cloned().unwrap_or_default();
    let mut wants = Vec::new();
    for r in &results {
        let text = r["text"].as_str().unwrap_or("").trim();
        let ty = r["type"].as_str().unwrap_or("");
        let relative = relative_form().is_match(text);
        if !(is_news_date(text) || relative) {
            continue;
        }
        if !matches!(
            ty,
            "date" | "datetimeV2.date" | "datetimeV2.daterange" | "datetimeV2.datetime"
        ) {
            continue;
        }
        let start = r["start"].as_u64().unwrap_or(0) as usize;
        let end = match (r["end_inclusive"].as_u64(), r["length"].as_u64()) {
            (Some(e), _) => e as usize + 1,
            (None, Some(l)) => start + l as usize,
            _ => input.len(),
        };
        let unresolved = r["values"].as_array().is_some_and(|vs| {
            vs.iter()
                .any(|v| v["value"].as_str() == Some("not resolved"))
        }) || r["timex"].as_str().is_some_and(|t| t.contains("0001"))
            || r["past_resolution"]["date"].as_str() == Some("0001-01-01");
        if unresolved {
            // An impossible date ("Feb 30"): blotter drops it on purpose.
            continue;
        }
        let mut values = Vec::new();
        if let Some(vs) = r["values"].as_array() {
            for v in vs {
                if let (Some(s), Some(e)) = (v["start"].as_str(), v["end"].as_str()) {
                    // Ranges: the end may be exclusive.
                    values.push((day_of(s), day_of(e)));
                    if let Some(b) = day_before(e) {
                        values.push((day_of(s), b));
                    }
                } else if let Some(x) = v["value"].as_str() {
                    if x.len() >= 10 && x.as_bytes()[4] == b'-' {
                        values.push((day_of(x), day_of(x)));
                    }
                }
            }
        }
        for key in ["past_resolution", "future_resolution"] {
            if let Some(d) = r[key]["date"].as_str() {
                values.push((day_of(d), day_of(d)));
            }
        }
        if values.is_empty() {
            // Extraction only (no reference time): any calendar date there will do,
            // except for relative ones that need a reference.
            if relative {
                continue;
            }
            wants.push(Want {
                span: Some((start, end)),
                values: Vec::new(),
                year: false,
            });
            continue;
        }
        wants.push(Want {
            span: Some((start, end)),
            values,
            year: relative || has_year(text),
        });
    }
    let negative = results.is_empty();
    // Extraction-only wants: a date fact overlapping the span passes.
    if wants.iter().any(|w| w.values.is_empty()) {
        let facts = run(input, ref_date.as_deref());
        for w in wants.iter().filter(|w| w.values.is_empty()) {
            let (s, e) = w.span.unwrap_or((0, input.len()));
            if !facts
                .iter()
                .any(|f| f.start.is_some() && f.provenance.span[0] < e && s < f.provenance.span[1])
            {
                return Verdict::Fail(format!("nothing found at {s}..{e}: {:?}", input.get(s..e)));
            }
        }
        wants.retain(|w| !w.values.is_empty());
        if wants.is_empty() {
            return Verdict::Pass;
        }
    }
    judge(input, ref_date.as_deref(), &wants, negative)
}

/// Duckling: the whole input is one time expression.
fn duckling_case(case: &Value) -> Verdict {
    if case["latent"].as_bool() == Some(true) {
        return Verdict::NotApplicable;
    }
    let input = case["input"].as_str().unwrap_or("").trim();
    let ref_date = case["reference_time"].as_str().map(day_of);
    let exp = &case["expected"];
    if exp.is_null() {
        return judge(
            input,
            ref_date.as_deref(),
            &[],
            case["negative"].as_bool() == Some(true),
        );
    }
    if exp["holiday"].is_string() {
        return Verdict::NotApplicable;
    }
    let relative = relative_form().is_match(input);
    if !(is_news_date(input) || relative) {
        return Verdict::NotApplicable;
    }
    let grain = exp["grain"].as_str().unwrap_or("");
    let value = match exp["kind"].as_str() {
        Some("value") if matches!(grain, "day" | "hour" | "minute") => {
            exp["value"].as_str().map(|v| (day_of(v), day_of(v)))
        }
        Some("interval") if grain == "day" => match (exp["from"].as_str(), exp["to"].as_str()) {
            (Some(f), Some(t)) => day_before(t).map(|t| (day_of(f), t)),
            _ => None,
        },
        _ => None,
    };
    let Some(value) = value else {
        return Verdict::NotApplicable;
    };
    let want = Want {
        span: None,
        values: vec![value],
        year: relative || has_year(input),
    };
    judge(input, ref_date.as_deref(), &[want], false)
}

/// The number of applicable cases that pass.
fn rate(name: &str, cases: &[Value], f: fn(&Value) -> Verdict) -> usize {
    let (mut applicable, mut passed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for case in cases {
        match f(case) {
            Verdict::NotApplicable => {}
            Verdict::Pass => {
                applicable += 1;
                passed += 1;
            }
            Verdict::Fail(why) => {
                applicable += 1;
                failures.push(format!(
                    "  {} {:?}: {why}",
                    case["id"].as_str().unwrap_or("?"),
                    case["input"].as_str().unwrap_or("")
                ));
            }
        }
    }
    println!("{name}: {passed}/{applicable} applicable cases pass");
    if std::env::var_os("DATE_SUITES_VERBOSE").is_some() {
        for f in &failures {
            println!("{f}");
        }
    }
    passed
}

#[test]
fn date_suites() {
    let files = [
        "recognizers_date_en.json",
        "recognizers_datetime_en.json",
        "duckling_time_en.json",
    ];
    let loaded: Vec<Option<Vec<Value>>> = files.iter().map(|f| load(f)).collect();
    if loaded.iter().any(Option::is_none) {
        absent();
        return;
    }
    if let Some(cases) = &loaded[0] {
        let n = rate(files[0], cases, recognizers_case);
        assert!(
            n >= MIN_RECOGNIZERS_DATE,
            "{}: {n} cases pass, {MIN_RECOGNIZERS_DATE} did before",
            files[0]
        );
    }
    if let Some(cases) = &loaded[1] {
        let n = rate(files[1], cases, recognizers_case);
        assert!(
            n >= MIN_RECOGNIZERS_DATETIME,
            "{}: {n} cases pass, {MIN_RECOGNIZERS_DATETIME} did before",
            files[1]
        );
    }
    if let Some(cases) = &loaded[2] {
        let n = rate(files[2], cases, duckling_case);
        assert!(
            n >= MIN_DUCKLING_TIME,
            "{}: {n} cases pass, {MIN_DUCKLING_TIME} did before",
            files[2]
        );
    }
}
