//! Golden test over `corpus/`: each `NAME.txt` is read by the extractor and
//! compared with its hand-made record `NAME.json`, fact by fact, the way the
//! evaluation scorer compares them (same drug and mass within 3%, same
//! currency and amount within 0.5%, same count, same day, a quote holding
//! the first six words of the expected one, the same speaker surname).
//!
//! Beyond the scorer it checks what a user reads: the money `role` and the
//! `approximate` flag where the expected record states them, `grams` against
//! the mass written in the expected record (never recomputed by the code
//! under test), and a fact emitted twice at the same place (`duplicate`).
//! Every other field (spans, officials, titles, relative dates) is pinned by
//! the snapshot test, `tests/snapshots.rs`.
//!
//! Differences the project has reviewed and accepted for now are listed in
//! `corpus/known-gaps.tsv`, one per line with the reason after `  # `. The
//! test fails on any difference not listed there, on a listed gap that no
//! longer happens (so the list stays honest), and on a gap without a reason.
//! `BLOTTER_BLESS=1 cargo test --test golden` rewrites the list from the
//! output, keeping the reasons already written and marking new lines
//! UNREVIEWED (which fails until a reason replaces it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use blotter::rules::RuleSet;
use blotter::Extractor;
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn f(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

fn close(a: Option<f64>, b: Option<f64>, rel: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= rel * a.abs().max(b.abs()),
        _ => false,
    }
}

const DRUG_ALIASES: &[(&str, &str)] = &[
    ("marijuana", "cannabis"),
    ("weed", "cannabis"),
    ("skunk", "cannabis"),
    ("ganja", "cannabis"),
    ("herbal cannabis", "cannabis"),
    ("hashish", "cannabis resin"),
    ("ecstasy", "mdma"),
    ("meth", "methamphetamine"),
    ("ice", "methamphetamine"),
    ("crack", "crack cocaine"),
];

fn drug(v: &Value) -> String {
    let d = s(v, "drug").to_lowercase();
    DRUG_ALIASES
        .iter()
        .find(|(a, _)| *a == d)
        .map(|(_, c)| c.to_string())
        .unwrap_or(d)
}

/// Units whose expected record must state `grams` (written by hand in
/// `corpus/*.json`, not computed by the code under test).
const MASS_UNITS: &[&str] = &["mg", "g", "kg", "t", "oz", "lb"];

fn grams(v: &Value) -> Option<f64> {
    f(v, "grams")
}

fn seizure_match(g: &Value, p: &Value) -> bool {
    if drug(g) != drug(p) {
        return false;
    }
    let (gg, pg) = (grams(g), grams(p));
    if gg.is_some() || pg.is_some() {
        return close(gg, pg, 0.03);
    }
    s(g, "unit") == s(p, "unit") && close(f(g, "quantity"), f(p, "quantity"), 0.001)
}

fn cash_match(g: &Value, p: &Value) -> bool {
    s(g, "currency").eq_ignore_ascii_case(&s(p, "currency"))
        && close(f(g, "amount"), f(p, "amount"), 0.005)
}

fn count_match(g: &Value, p: &Value) -> bool {
    s(g, "what") == s(p, "what") && close(f(g, "value"), f(p, "value"), 0.0)
}

fn same_day(a: &str, b: &str) -> bool {
    let parts = |x: &str| -> Option<(String, String)> {
        let t: Vec<&str> = x.split('-').collect();
        (t.len() == 3 && t[0].len() == 4 && t[1].len() == 2 && t[2].len() == 2)
            .then(|| (t[0].to_string(), format!("{}-{}", t[1], t[2])))
    };
    match (parts(a), parts(b)) {
        (Some((ya, da)), Some((yb, db))) => da == db && (ya == yb || ya == "XXXX" || yb == "XXXX"),
        _ => false,
    }
}

fn date_match(g: &Value, p: &Value) -> bool {
    same_day(&s(g, "start"), &s(p, "start")) && same_day(&s(g, "end"), &s(p, "end"))
}

fn words(t: &str) -> Vec<String> {
    t.to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn contains_start(gold: &str, pred: &str) -> bool {
    let start: Vec<String> = words(gold).into_iter().take(6).collect();
    let hay = words(pred);
    !start.is_empty() && hay.windows(start.len()).any(|w| w == start.as_slice())
}

fn surname(name: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "jr", "sr", "ii", "iii", "iv", "qc", "kc", "mp", "msp", "obe", "mbe", "qpm",
    ];
    words(name)
        .into_iter()
        .rev()
        .find(|w| !SUFFIXES.contains(&w.as_str()))
        .unwrap_or_default()
}

fn quote_match(g: &Value, p: &Value) -> bool {
    contains_start(&s(g, "text"), &s(p, "text"))
}

fn attributed_match(g: &Value, p: &Value) -> bool {
    let sg = surname(&s(g, "speaker"));
    !sg.is_empty() && sg == surname(&s(p, "speaker")) && quote_match(g, p)
}

/// A short, stable description of a fact for the known-gaps list.
fn describe(cat: &str, v: &Value) -> String {
    match cat {
        "seizures" => format!(
            "{} {} {}",
            drug(v),
            f(v, "quantity").unwrap_or(0.0),
            s(v, "unit")
        ),
        "cash" => format!("{} {}", s(v, "currency"), f(v, "amount").unwrap_or(0.0)),
        "counts" => format!("{} {}", s(v, "what"), f(v, "value").unwrap_or(0.0)),
        "dates" => format!("{}..{}", s(v, "start"), s(v, "end")),
        _ => {
            let w: Vec<String> = words(&s(v, "text")).into_iter().take(6).collect();
            let speaker = v.get("speaker").and_then(Value::as_str).unwrap_or("-");
            format!("{speaker}: {}", w.join(" "))
        }
    }
}

fn dedupe(items: Vec<Value>, same: fn(&Value, &Value) -> bool) -> Vec<Value> {
    let mut kept: Vec<Value> = Vec::new();
    for it in items {
        if !kept.iter().any(|k| same(k, &it)) {
            kept.push(it);
        }
    }
    kept
}

/// Facts the extractor emitted twice: the same fact with the same span.
/// (The same amount written twice in an article is two mentions, one fact,
/// as the scorer counts it; the same span twice is a bug.)
fn duplicates(stem: &str, cat: &str, pred: &[Value], out: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for p in pred {
        let span = p.get("span").map(Value::to_string).unwrap_or_default();
        // One match may state two amounts ("between 30,000 and 40,000
        // euros"): a duplicate is the same fact at the same place.
        if !seen.insert((span.clone(), describe(cat, p))) {
            out.push(format!(
                "{stem}\t{cat}\tduplicate\t{} at {span}",
                describe(cat, p)
            ));
        }
    }
}

/// Fields compared once a fact is matched: where the expected record states
/// them, the output must agree.
const CHECKED_FIELDS: &[(&str, &[&str])] = &[
    ("seizures", &["approximate"]),
    ("cash", &["role", "approximate"]),
];

/// The differences between expected and extracted facts of one category,
/// as lines `stem<TAB>category<TAB>missed|extra|duplicate|FIELD<TAB>fact`.
fn diff(
    stem: &str,
    cat: &str,
    gold: &[Value],
    pred: Vec<Value>,
    same: fn(&Value, &Value) -> bool,
    out: &mut Vec<String>,
) {
    duplicates(stem, cat, &pred, out);
    let pred = dedupe(pred, same);
    let fields = CHECKED_FIELDS
        .iter()
        .find(|(c, _)| *c == cat)
        .map_or(&[][..], |(_, f)| *f);
    let agrees = |g: &Value, p: &Value, k: &str| g.get(k).is_none_or(|v| p.get(k) == Some(v));
    let mut used = vec![false; pred.len()];
    for g in gold {
        // Prefer a fact that agrees on every checked field; else report
        // the first field it gets wrong.
        let candidates: Vec<usize> = (0..pred.len())
            .filter(|&i| !used[i] && same(g, &pred[i]))
            .collect();
        let best = candidates
            .iter()
            .copied()
            .find(|&i| fields.iter().all(|k| agrees(g, &pred[i], k)))
            .or(candidates.first().copied());
        match best {
            Some(i) => {
                used[i] = true;
                for k in fields {
                    if !agrees(g, &pred[i], k) {
                        out.push(format!(
                            "{stem}\t{cat}\t{k}\t{} expected {} got {}",
                            describe(cat, g),
                            g[*k],
                            pred[i].get(*k).cloned().unwrap_or(Value::Null)
                        ));
                    }
                }
            }
            None => out.push(format!("{stem}\t{cat}\tmissed\t{}", describe(cat, g))),
        }
    }
    for (i, p) in pred.iter().enumerate() {
        if !used[i] {
            out.push(format!("{stem}\t{cat}\textra\t{}", describe(cat, p)));
        }
    }
}

fn list(v: &Value, k: &str) -> Vec<Value> {
    v.get(k)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn differences() -> (usize, Vec<String>) {
    let ex = Extractor::new(RuleSet::builtin().expect("built-in rules load"));
    let mut stems: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    stems.sort();
    let mut out = Vec::new();
    for txt in &stems {
        let stem = txt.file_stem().unwrap().to_string_lossy().to_string();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(txt.with_extension("json"))
                .unwrap_or_else(|_| panic!("{stem}.json is missing")),
        )
        .unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        for g in list(&gold, "seizures") {
            let stated = g.get("grams").is_some_and(|x| !x.is_null());
            assert_eq!(
                stated,
                MASS_UNITS.contains(&s(&g, "unit").as_str()),
                "{stem}.json: a seizure states `grams` exactly when its unit is a mass: {g}"
            );
        }
        let text = std::fs::read_to_string(txt).unwrap();
        let record = ex.extract(&stem, &text);
        assert!(
            record.warnings.is_empty(),
            "{stem}: a stage failed: {:?}",
            record.warnings
        );
        let rec = serde_json::to_value(record).unwrap();
        diff(
            &stem,
            "seizures",
            &list(&gold, "seizures"),
            list(&rec, "seizures"),
            seizure_match,
            &mut out,
        );
        diff(
            &stem,
            "cash",
            &list(&gold, "cash"),
            list(&rec, "cash"),
            cash_match,
            &mut out,
        );
        diff(
            &stem,
            "counts",
            &list(&gold, "counts"),
            list(&rec, "counts"),
            count_match,
            &mut out,
        );
        // As the scorer: only day-precision dates written with a digit.
        let day = |x: &str| same_day(x, x);
        let dates: Vec<Value> = list(&rec, "dates")
            .into_iter()
            .filter(|d| {
                day(&s(d, "start"))
                    && day(&s(d, "end"))
                    && s(d, "text").chars().any(|c| c.is_ascii_digit())
            })
            .collect();
        diff(
            &stem,
            "dates",
            &list(&gold, "dates"),
            dates,
            date_match,
            &mut out,
        );
        // Quotes: a gold quote is found when some output quote holds its
        // first words (merging paragraphs costs nothing).
        let gq = list(&gold, "quotes");
        let pq = list(&rec, "quotes");
        duplicates(&stem, "quotes", &pq, &mut out);
        duplicates(&stem, "officials", &list(&rec, "officials"), &mut out);
        for g in &gq {
            if !pq.iter().any(|p| quote_match(g, p)) {
                out.push(format!("{stem}\tquotes\tmissed\t{}", describe("quotes", g)));
            } else if g.get("speaker").is_some_and(|x| !x.is_null())
                && !pq.iter().any(|p| attributed_match(g, p))
            {
                out.push(format!(
                    "{stem}\tattribution\tmissed\t{}",
                    describe("quotes", g)
                ));
            }
        }
        for p in &pq {
            if !gq.iter().any(|g| quote_match(g, p)) {
                out.push(format!("{stem}\tquotes\textra\t{}", describe("quotes", p)));
            }
        }
    }
    (stems.len(), out)
}

#[test]
fn corpus_matches_expected_records() {
    let (articles, found) = differences();
    assert!(
        articles >= 30,
        "the corpus should hold at least 30 articles, has {articles}"
    );
    let gaps_path = corpus().join("known-gaps.tsv");
    let listed = std::fs::read_to_string(&gaps_path).unwrap_or_default();
    // Each listed gap: the difference, and the reviewed reason after `  # `.
    let reasons: std::collections::BTreeMap<String, String> = listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| match l.split_once("  # ") {
            Some((d, why)) => (d.trim_end().to_string(), why.trim().to_string()),
            None => (l.trim_end().to_string(), String::new()),
        })
        .collect();
    if std::env::var_os("BLOTTER_BLESS").is_some() {
        // Keep the comments at the top and every reason already written; a
        // new difference is written as UNREVIEWED, which fails until a
        // person replaces it with the reason.
        let mut body: String = listed
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        if body.is_empty() {
            body.push_str("# Reviewed differences between blotter's output and corpus/*.json.\n# stem<TAB>category<TAB>kind<TAB>fact  # why\n");
        }
        for d in &found {
            let why = reasons.get(d).map_or("UNREVIEWED", String::as_str);
            body.push_str(&format!("{d}  # {why}\n"));
        }
        std::fs::write(&gaps_path, body).unwrap();
        return;
    }
    let unexplained: Vec<&String> = reasons
        .iter()
        .filter(|(_, why)| why.is_empty() || why.as_str() == "UNREVIEWED")
        .map(|(d, _)| d)
        .collect();
    let known: BTreeSet<String> = reasons.keys().cloned().collect();
    let found_set: BTreeSet<String> = found.iter().cloned().collect();
    let new: Vec<&String> = found_set.difference(&known).collect();
    let fixed: Vec<&String> = known.difference(&found_set).collect();
    let mut msg = String::new();
    if !new.is_empty() {
        msg.push_str(&format!(
            "{} new difference(s) from the expected records:\n",
            new.len()
        ));
        for d in &new {
            msg.push_str(&format!("  {d}\n"));
        }
    }
    if !fixed.is_empty() {
        msg.push_str(&format!(
            "{} known gap(s) no longer happen: remove them from corpus/known-gaps.tsv:\n",
            fixed.len()
        ));
        for d in &fixed {
            msg.push_str(&format!("  {d}\n"));
        }
    }
    if !unexplained.is_empty() {
        msg.push_str(&format!(
            "{} known gap(s) without a reviewed reason (`  # why` at the end of the line):\n",
            unexplained.len()
        ));
        for d in &unexplained {
            msg.push_str(&format!("  {d}\n"));
        }
    }
    assert!(msg.is_empty(), "{msg}");
}
