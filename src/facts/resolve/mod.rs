//! Document-level resolution: from rule matches to facts, one resolver
//! per kind.
//!
//! Overlapping matches of one kind are ranked (longest span, then rule
//! priority, then file order); `exclude` matches veto facts inside them
//! ([`rank`]). A quantity is linked to the drug named before it ("the
//! drugs, weighing 13.8 kg": `seizures`, `drugs`); `$`, `Rs`, `P` take the
//! currency of the place the article is about ([`Context`]); a money
//! amount gets its role from the words around it (`money_role`); a street
//! value is attached to the seizure it prices (`money`); counts that only
//! break a total down go (`counts`, `breakdowns`).

mod breakdowns;
mod context;
mod counts;
mod drugs;
mod money;
mod money_role;
mod packaging;
mod rank;
mod seizures;
mod units;

#[cfg(test)]
mod rank_tests;
#[cfg(test)]
mod tests;

pub use context::Context;
pub use rank::rank;

use crate::engine::Match;
use crate::record::{Count, Money, Seizure};
use crate::rules::RuleSet;
use crate::text::split::Sentence;

/// The seizures, money and counts of an article.
pub struct Facts {
    pub seizures: Vec<Seizure>,
    pub cash: Vec<Money>,
    pub counts: Vec<Count>,
}

/// Builds seizures, money and counts from ranked matches.
pub fn facts(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    ranked: &[Match],
    ctx: &Context,
) -> Facts {
    let (mut seizures, weight_spans) = seizures::seizures(rules, text, sentences, ranked);
    let cash = money::money(rules, text, sentences, ranked, ctx, weight_spans);
    money::price_seizures(&mut seizures, &cash);
    let counts = counts::counts(rules, text, sentences, ranked);
    Facts {
        seizures,
        cash,
        counts,
    }
}
