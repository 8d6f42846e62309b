//! Quantities and units as the text states them, and where a fact came
//! from.

use crate::engine::Match;
use crate::record::Provenance;
use crate::rules::contract::Lex;
use crate::rules::RuleSet;
use crate::text::numbers::parse_number;

/// Grams per unit, for the mass units of the gold conventions.
pub fn grams_per(unit: &str) -> Option<f64> {
    Some(match unit {
        "mg" => 0.001,
        "g" => 1.0,
        "kg" => 1000.0,
        "t" => 1_000_000.0,
        "oz" => 28.349523125,
        "lb" => 453.59237,
        _ => return None,
    })
}

/// The canonical unit a word names (lexicons `mass_unit`, then
/// `count_unit`).
pub(super) fn unit_of(rules: &RuleSet, t: &str) -> Option<String> {
    [Lex::MassUnit, Lex::CountUnit]
        .iter()
        .find_map(|&l| rules.lexicon(l).and_then(|x| x.canonical(t)))
        .map(str::to_string)
}

/// A quantity: a number, or "a"/"an" for one.
pub(super) fn quantity(s: &str) -> Option<f64> {
    // Lowercased only when it has capitals: most quantities are digits.
    let trimmed = s.trim();
    let lower: std::borrow::Cow<str> = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        trimmed.to_ascii_lowercase().into()
    } else {
        trimmed.into()
    };
    // "20-plus", "20+": the number stated.
    let t = lower
        .trim_end_matches('+')
        .trim_end_matches("plus")
        .trim_end_matches([' ', '-']);
    match t {
        "a" | "an" | "one" => Some(1.0),
        _ => parse_number(t),
    }
}

/// The text, span, sentence and rule a fact came from.
pub(super) fn provenance(rules: &RuleSet, text: &str, m: &Match) -> Provenance {
    Provenance {
        text: text[m.start..m.end].to_string(),
        span: [m.start, m.end],
        sentence: m.sentence,
        rule: rules.rules[m.rule].id.clone(),
    }
}
