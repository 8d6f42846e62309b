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
        Kind::Exclude => Vec::new(),
    }
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
        let facts = facts_of(&record, rule.kind);
        let mine: Vec<&Value> = facts
            .iter()
            .filter(|f| f["rule"] == rule.id.as_str())
            .collect();
        let ok = mine
            .iter()
            .any(|f| e.expect.iter().all(|(k, want)| same(want, &f[k.as_str()])));
        let failure = (!ok).then(|| {
            let want: Vec<String> = e.expect.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!(
                "expected a {} fact from `{}` with {{{}}}, got {}",
                rule.kind,
                rule.id,
                want.join(", "),
                show(&facts)
            )
        });
        out.push(Outcome {
            rule: rule.id.clone(),
            origin: rule.origin.to_string(),
            text: e.text.clone(),
            counter: false,
            failure,
        });
    }
    for c in &rule.counter {
        let record = ex.extract("example", c);
        let facts = facts_of(&record, rule.kind);
        let failure = (!facts.is_empty())
            .then(|| format!("expected no {} fact, got {}", rule.kind, show(&facts)));
        out.push(Outcome {
            rule: rule.id.clone(),
            origin: rule.origin.to_string(),
            text: c.clone(),
            counter: true,
            failure,
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
