//! Dates: from `date` rule matches to ISO 8601 facts (being written).

use crate::engine::Match;
use crate::record::DateFact;
use crate::rules::RuleSet;
use crate::split::Sentence;
use crate::Options;

/// Turns ranked `date` matches into date facts. `text` is the normalised article.
pub fn extract(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    matches: &[Match],
    options: &Options,
) -> Vec<DateFact> {
    let _ = (rules, text, sentences, matches, options);
    Vec::new()
}
