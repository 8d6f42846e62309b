//! Checking the examples that rules carry: each example text must give a
//! fact made by its rule with the expected fields; each counter-example
//! must give no fact of the rule's kind.

use serde_json::Value;

use crate::record::Record;
use crate::rules::{Kind, Rule};
use crate::Extractor;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: String,
    pub origin: String,
    pub text: String,
    /// True for a counter-example (text that must not give a fact).
    pub counter: bool,
    /// None when it passed; otherwise what was expected and what came out.
    pub failure: Option<String>,
    /// What the example asks for, in words.
    pub expected: String,
    /// What the extractor gave for the rule's kind.
    pub got: String,
}

fn facts_of(record: &Record, kind: Kind) -> Vec<Value> {
    let v = |x: serde_json::Result<Value>| x.unwrap_or(Value::Null);
    match kind {
        Kind::Seizure => record
            .seizures
            .iter()
            .map(|f| v(serde_json::to_value(f)))
            .collect(),
        Kind::Money => record
            .cash
            .iter()
            .map(|f| v(serde_json::to_value(f)))
            .collect(),
        Kind::Count => record
            .counts
            .iter()
            .map(|f| v(serde_json::to_value(f)))
            .collect(),
        Kind::Date => record
            .dates
            .iter()
            .map(|f| v(serde_json::to_value(f)))
            .collect(),
        Kind::Exclude | Kind::Line => Vec::new(),
    }
}

/// The lines a `line` rule decided in `text`, as facts: `class`, `rule`,
/// `text` (what was set aside, or the line) and the record's `published`.
fn lines_of(ex: &Extractor, text: &str, record: &Record) -> Vec<Value> {
    let (norm, lines) = ex.lines(text);
    lines
        .iter()
        .filter_map(|l| {
            let ri = l.rule?;
            let (s, e) = l.aside.unwrap_or((l.start, l.end));
            Some(serde_json::json!({
                "class": l.class.name(),
                "rule": ex.rules.rules[ri].id,
                "text": norm.get(s..e).unwrap_or(""),
                "published": record.published,
            }))
        })
        .collect()
}

fn same(expected: &toml::Value, got: &Value) -> bool {
    match (expected, got) {
        (toml::Value::Integer(i), Value::Number(n)) => {
            n.as_f64().is_some_and(|f| (f - *i as f64).abs() < 1e-6)
        }
        (toml::Value::Float(x), Value::Number(n)) => n
            .as_f64()
            .is_some_and(|f| (f - x).abs() <= 1e-6 * x.abs().max(1.0)),
        (toml::Value::String(s), Value::String(g)) => s == g,
        (toml::Value::Boolean(b), Value::Bool(g)) => b == g,
        _ => false,
    }
}

fn show(v: &[Value]) -> String {
    if v.is_empty() {
        return "nothing".into();
    }
    v.iter()
        .map(|f| {
            let mut f = f.clone();
            if let Some(o) = f.as_object_mut() {
                o.remove("span");
                o.remove("sentence");
            }
            f.to_string()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs one rule's examples with the extractor (which holds the rule).
pub fn check_rule(ex: &Extractor, rule: &Rule) -> Vec<Outcome> {
    let mut out = Vec::new();
    for e in &rule.examples {
        let record = ex.extract("example", &e.text);
        let facts = if rule.kind == Kind::Line {
            lines_of(ex, &e.text, &record)
        } else {
            facts_of(&record, rule.kind)
        };
        let mine: Vec<&Value> = facts
            .iter()
            .filter(|f| f["rule"] == rule.id.as_str())
            .collect();
        let ok = mine
            .iter()
            .any(|f| e.expect.iter().all(|(k, want)| same(want, &f[k.as_str()])));
        let want: Vec<String> = e.expect.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let expected = if want.is_empty() {
            format!("a {} fact from `{}`", rule.kind, rule.id)
        } else {
            format!(
                "a {} fact from `{}` with {{{}}}",
                rule.kind,
                rule.id,
                want.join(", ")
            )
        };
        let got = show(&facts);
        let failure = (!ok).then(|| format!("expected {expected}, got {got}"));
        out.push(Outcome {
            rule: rule.id.clone(),
            origin: rule.origin.to_string(),
            text: e.text.clone(),
            counter: false,
            failure,
            expected,
            got,
        });
    }
    // An exclude rule's counter-examples must give no fact of the kinds it suppresses.
    let kinds: Vec<Kind> = if rule.kind == Kind::Exclude {
        [Kind::Seizure, Kind::Money, Kind::Count, Kind::Date]
            .into_iter()
            .filter(|&k| rule.set.suppresses(k))
            .collect()
    } else {
        vec![rule.kind]
    };
    let kind_names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    for c in &rule.counter {
        let record = ex.extract("example", c);
        let facts: Vec<Value> = if rule.kind == Kind::Line {
            // A line counter-example: no line set aside by this rule.
            lines_of(ex, c, &record)
                .into_iter()
                .filter(|f| f["rule"] == rule.id.as_str())
                .collect()
        } else {
            kinds.iter().flat_map(|k| facts_of(&record, *k)).collect()
        };
        let expected = format!("no {} fact", kind_names.join("/"));
        let got = show(&facts);
        let failure = (!facts.is_empty()).then(|| format!("expected {expected}, got {got}"));
        out.push(Outcome {
            rule: rule.id.clone(),
            origin: rule.origin.to_string(),
            text: c.clone(),
            counter: true,
            failure,
            expected,
            got,
        });
    }
    out
}

/// Runs the examples of every rule whose id contains `filter`.
pub fn check_all(ex: &Extractor, filter: Option<&str>) -> Vec<Outcome> {
    ex.rules
        .rules
        .iter()
        .filter(|r| filter.is_none_or(|f| r.id.contains(f)))
        .flat_map(|r| check_rule(ex, r))
        .collect()
}

/// A test-runner style report of outcomes: a line per example, then each
/// failure with what was expected and what came out, then a summary line
/// (`test result: ok. N passed; 0 failed`).
pub fn report(outcomes: &[Outcome]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let rules: std::collections::BTreeSet<&str> =
        outcomes.iter().map(|o| o.rule.as_str()).collect();
    let _ = writeln!(
        out,
        "running {} examples of {} rules",
        outcomes.len(),
        rules.len()
    );
    let what = |o: &Outcome| if o.counter { "counter" } else { "example" };
    for o in outcomes {
        let _ = writeln!(
            out,
            "test {} {} {:?} ... {}",
            o.rule,
            what(o),
            o.text,
            if o.failure.is_some() { "FAILED" } else { "ok" }
        );
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nfailures:\n");
        for o in &failed {
            let _ = writeln!(out, "---- {} ({}) {} ----", o.rule, o.origin, what(o));
            let _ = writeln!(out, "    text: {:?}", o.text);
            let _ = writeln!(out, "expected: {}", o.expected);
            let _ = writeln!(out, "     got: {}\n", o.got);
        }
        let _ = writeln!(out, "failures:");
        for o in &failed {
            let _ = writeln!(out, "    {} ({}) {:?}", o.rule, o.origin, o.text);
        }
    }
    let _ = writeln!(
        out,
        "\ntest result: {}. {} passed; {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        outcomes.len() - failed.len(),
        failed.len()
    );
    out
}
