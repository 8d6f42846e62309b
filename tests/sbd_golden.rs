//! Sentence-boundary suites from pragmatic_segmenter / pySBD (data in `../shared/suites`).

use std::path::PathBuf;

use serde_json::Value;

/// Golden Rules that pass today (of 52), exactly: a regression fails, an
/// improvement is recorded by raising it.
const MIN_PASS: usize = 50;
/// Cases of `sbd_more_en.json` (verbatim, not PDF) that pass today.
const MIN_PASS_MORE: usize = 122;

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

fn got_sentences(input: &str) -> Vec<String> {
    blotter::text::split::split(input)
        .iter()
        .map(|s| input[s.start..s.end].trim().to_string())
        .collect()
}

fn expected_sentences(case: &Value) -> Vec<String> {
    case["expected"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs the cases and returns (passed, total), printing every failure.
fn run(cases: &[&Value]) -> (usize, usize) {
    let mut passed = 0;
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let input = case["input"].as_str().unwrap_or("");
        let expected = expected_sentences(case);
        let got = got_sentences(input);
        if got == expected {
            passed += 1;
        } else {
            println!(
                "FAIL {id}\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            );
        }
    }
    (passed, cases.len())
}

#[test]
fn golden_rules() {
    let Some(cases) = load("sbd_golden_en.json") else {
        absent();
        return;
    };
    let cases: Vec<&Value> = cases.iter().collect();
    let (passed, total) = run(&cases);
    println!("golden: {passed}/{total}");
    assert!(
        passed >= MIN_PASS,
        "golden: {passed}/{total}, want at least {MIN_PASS}"
    );
}

#[test]
fn more_cases() {
    let Some(cases) = load("sbd_more_en.json") else {
        absent();
        return;
    };
    let cases: Vec<&Value> = cases
        .iter()
        .filter(|c| c["expected_verbatim_in_input"].as_bool() == Some(true))
        .filter(|c| c["options"]["doc_type"].as_str() != Some("pdf"))
        .collect();
    let (passed, total) = run(&cases);
    println!("more: {passed}/{total}");
    assert!(
        passed >= MIN_PASS_MORE,
        "more: {passed}/{total}, want at least {MIN_PASS_MORE}"
    );
}
