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

use context::Context;
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

/// An article as resolving reads it: its text, sentences and ranked
/// matches.
pub struct Article<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub ranked: &'a [Match],
}

/// The seizures, money and counts of each article, from its ranked
/// matches; a kind at a time over all the articles: each kind searches
/// with lexicon regexes of its own (drugs named earlier, places of a
/// currency, money roles, count cues), whose tables then stay in the CPU
/// cache from one article to the next.
pub fn facts(rules: &RuleSet, articles: &[Article]) -> Vec<Facts> {
    let (seized, weights): (Vec<_>, Vec<_>) = articles
        .iter()
        .map(|a| seizures::seizures(rules, a.text, a.sentences, a.ranked))
        .unzip();
    // The places of the articles that may need them, tallied first, in
    // one pass ([`Context::tallied`]).
    let contexts: Vec<Context> = articles
        .iter()
        .map(|a| {
            if money::may_need_places(rules, a.text, a.ranked) {
                Context::tallied(rules, a.text)
            } else {
                Context::new(rules, a.text)
            }
        })
        .collect();
    let cash: Vec<Vec<Money>> = articles
        .iter()
        .zip(weights)
        .zip(&contexts)
        .map(|((a, weights), ctx)| money::money(rules, a.text, a.sentences, a.ranked, ctx, weights))
        .collect();
    articles
        .iter()
        .zip(seized.into_iter().zip(cash))
        .map(|(a, (mut seizures, cash))| {
            money::price_seizures(&mut seizures, &cash);
            let counts = counts::counts(rules, a.text, a.sentences, a.ranked);
            Facts {
                seizures,
                cash,
                counts,
            }
        })
        .collect()
}

/// Removes the items marked in `drop` (one flag per item, in order): the
/// passes that drop facts decide over the whole list first, then remove.
fn remove_marked<T>(items: &mut Vec<T>, drop: &[bool]) {
    let mut keep = drop.iter().map(|d| !d);
    items.retain(|_| keep.next().unwrap_or(true));
}
