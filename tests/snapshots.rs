//! Snapshot test: the whole record of every `corpus/NAME.txt`, every field a
//! user reads (spans, sentences, rule ids, roles, approximate flags, grams,
//! relative dates, quote speakers and titles, officials), is pinned in
//! `corpus/snapshots/NAME.json`, one fact per line so that a change shows as
//! a readable diff in review.
//!
//! The hand-made records (`corpus/NAME.json`, `tests/golden.rs`) say what is
//! right; this test says what changed. After a reviewed change, rewrite the
//! snapshots with `BLOTTER_BLESS=1 cargo test --test snapshots` and read the
//! diff before committing it.

use std::path::{Path, PathBuf};

use blotter::rules::RuleSet;
use blotter::Extractor;
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The record as JSON with one fact per line.
fn render(rec: &Value) -> String {
    let obj = rec.as_object().expect("a record is an object");
    let mut out = String::from("{\n");
    let n = obj.len();
    for (i, (k, v)) in obj.iter().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        match v.as_array() {
            Some(items) if !items.is_empty() => {
                out.push_str(&format!("{}: [\n", Value::from(k.as_str())));
                for (j, it) in items.iter().enumerate() {
                    let isep = if j + 1 < items.len() { "," } else { "" };
                    out.push_str(&format!("  {it}{isep}\n"));
                }
                out.push_str(&format!("]{sep}\n"));
            }
            _ => out.push_str(&format!("{}: {v}{sep}\n", Value::from(k.as_str()))),
        }
    }
    out.push_str("}\n");
    out
}

/// Lines of `a` missing from `b`, for the failure message.
fn only_in<'a>(a: &'a str, b: &str) -> Vec<&'a str> {
    let theirs: std::collections::HashSet<&str> = b.lines().collect();
    a.lines().filter(|l| !theirs.contains(l)).collect()
}

#[test]
fn corpus_records_match_their_snapshots() {
    let ex = Extractor::new(RuleSet::builtin().expect("built-in rules load"));
    let dir = corpus().join("snapshots");
    let bless = std::env::var_os("BLOTTER_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stems: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert!(
        stems.len() >= 30,
        "the corpus holds {} articles",
        stems.len()
    );
    let mut msg = String::new();
    for stem in &stems {
        let text = std::fs::read_to_string(corpus().join(format!("{stem}.txt"))).unwrap();
        let rec = serde_json::to_value(ex.extract(&format!("{stem}.txt"), &text)).unwrap();
        let got = render(&rec);
        let path = dir.join(format!("{stem}.json"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            msg.push_str(&format!("{stem}: output differs from its snapshot\n"));
            for l in only_in(&want, &got).iter().take(8) {
                msg.push_str(&format!("  - {l}\n"));
            }
            for l in only_in(&got, &want).iter().take(8) {
                msg.push_str(&format!("  + {l}\n"));
            }
        }
    }
    // A snapshot whose article is gone is stale.
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let stem = e.path().file_stem().unwrap().to_string_lossy().into_owned();
        if !stems.contains(&stem) {
            if bless {
                std::fs::remove_file(e.path()).unwrap();
            } else {
                msg.push_str(&format!("{stem}: snapshot without an article\n"));
            }
        }
    }
    assert!(
        msg.is_empty(),
        "{msg}\nIf the change is intended: BLOTTER_BLESS=1 cargo test --test snapshots, then review the diff of corpus/snapshots/."
    );
}

#[test]
fn render_puts_one_fact_per_line_and_stays_json() {
    let v: Value =
        serde_json::json!({"source": "a", "seizures": [{"drug": "x"}, {"drug": "y"}], "cash": []});
    let r = render(&v);
    assert_eq!(
        r,
        "{\n\"cash\": [],\n\"seizures\": [\n  {\"drug\":\"x\"},\n  {\"drug\":\"y\"}\n],\n\"source\": \"a\"\n}\n"
    );
    assert_eq!(serde_json::from_str::<Value>(&r).unwrap(), v);
}

/// The snapshots pin records read one at a time; the batch reads articles
/// a chunk at a time through the same pipeline. Both give the same records
/// (the stage times a caller asks for change nothing).
#[test]
fn a_chunk_reads_as_its_articles_one_by_one() {
    let ex = Extractor::new(RuleSet::builtin().expect("built-in rules load"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let docs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let mut times = blotter::StageTimes::default();
    let many = ex.extract_many_timed(&docs, &mut times);
    assert!(times.matching > std::time::Duration::ZERO);
    assert_eq!(many.len(), docs.len());
    for (rec, (source, text)) in many.iter().zip(&docs) {
        assert!(*rec == ex.extract(source, text), "{source}");
    }
}
