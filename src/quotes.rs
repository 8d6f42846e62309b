//! Quotes and the officials who said them (being written).

use crate::record::{Official, Quote};
use crate::rules::RuleSet;
use crate::split::Sentence;

/// Finds direct speech with its speakers, and the officials an article names.
/// `text` is the normalised article.
pub fn extract(rules: &RuleSet, text: &str, sentences: &[Sentence]) -> (Vec<Quote>, Vec<Official>) {
    let _ = (rules, text, sentences);
    (Vec::new(), Vec::new())
}
