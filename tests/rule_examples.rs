//! Every built-in rule's examples and counter-examples hold.

use blotter::rules::RuleSet;
use blotter::Extractor;

#[test]
fn builtin_rule_examples_pass() {
    let ex = Extractor::new(RuleSet::builtin().expect("built-in rules load"));
    let outcomes = blotter::examples::check_all(&ex, None);
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.failure
                .as_ref()
                .map(|f| format!("{} ({}): {:?}\n    {f}", o.rule, o.origin, o.text))
        })
        .collect();
    assert!(outcomes.len() > 20, "too few examples: {}", outcomes.len());
    assert!(
        failed.is_empty(),
        "{} of {} rule examples failed:\n{}",
        failed.len(),
        outcomes.len(),
        failed.join("\n")
    );
}

#[test]
fn every_fact_rule_has_examples() {
    let rs = RuleSet::builtin().unwrap();
    for r in &rs.rules {
        if r.kind != blotter::rules::Kind::Exclude {
            assert!(
                !r.examples.is_empty() || !r.counter.is_empty(),
                "rule {} ({}) has no examples",
                r.id,
                r.origin
            );
        }
    }
}
