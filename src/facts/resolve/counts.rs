//! Counts: arrests, weapons, people and other things an article counts.

use crate::engine::Match;
use crate::record::Count;
use crate::rules::contract::{Field, Lex};
use crate::rules::{Kind, RuleSet};
use crate::text::numbers::parse_number;
use crate::text::split::Sentence;

use super::breakdowns::drop_breakdowns;
use super::units::provenance;

/// The counts of an article, in text order, without those that only break
/// a stated total down.
pub(super) fn counts(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    ranked: &[Match],
) -> Vec<Count> {
    let mut counts = Vec::new();
    for m in ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Count)
    {
        if m.span(rules, Field::Veto).is_some() || acts_on_an_object(text, m) {
            continue;
        }
        // "17 vulnerable adults and 11 children safeguarded" states two counts.
        let values: Vec<f64> = [Field::Count, Field::Count2]
            .into_iter()
            .filter(|&f| {
                m.span(rules, f)
                    .is_none_or(|(_, e)| !before_article(text, e))
            })
            .filter_map(|f| m.get(rules, text, f).and_then(parse_number))
            .filter(|v| *v > 0.0 && v.fract() == 0.0)
            .collect();
        let Some(&value) = values.first() else {
            continue;
        };
        let Some(what) = what(rules, text, m, value) else {
            continue;
        };
        // "Nine people were arrested and charged" states one number for two
        // kinds: the rule names the second one in `set.also`. "Twelve
        // people were arrested and five were charged": the second number
        // counts another kind, the rule's `set.what2`.
        let set = &rules.rules[m.rule].set;
        let what2 = set.what2.as_ref();
        let also = set.also.as_ref().filter(|_| what2.is_none());
        for (i, &value) in values.iter().enumerate() {
            let kind = match what2 {
                Some(w2) if i > 0 => w2,
                _ => &what,
            };
            for what in std::iter::once(kind).chain(also) {
                counts.push(Count {
                    what: what.clone(),
                    value,
                    provenance: provenance(rules, text, m),
                });
            }
        }
    }
    drop_breakdowns(rules, text, sentences, &mut counts);
    counts
}

/// The people counted did the arresting (or charging): the match ends on
/// its verb with no auxiliary before it, and an object follows ("Two
/// officers arrested the man", "three agents detained him"). "Two men
/// arrested in raids" and "two men were arrested" count the arrested.
fn acts_on_an_object(text: &str, m: &Match) -> bool {
    const AUXILIARIES: [&str; 10] = [
        "were", "was", "been", "being", "are", "is", "have", "has", "had", "got",
    ];
    const OBJECTS: [&str; 12] = [
        "the", "a", "an", "him", "her", "them", "his", "their", "this", "that", "these", "those",
    ];
    let own = &text[m.start..m.end];
    let last = own
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let verb = last.ends_with("ed") || last.eq_ignore_ascii_case("held");
    // (the cheap tests first: most count matches end on a noun)
    let passive = || {
        own.split(|c: char| !c.is_alphabetic())
            .any(|w| AUXILIARIES.iter().any(|a| w.eq_ignore_ascii_case(a)))
    };
    verb && next_word(text, m.end)
        .is_some_and(|w| OBJECTS.iter().any(|o| w.eq_ignore_ascii_case(o)))
        && !passive()
}

/// The word after `end`, when a space comes first (not "2024-the").
fn next_word(text: &str, end: usize) -> Option<&str> {
    let rest = &text[end..];
    let word = rest.trim_start();
    (word.len() < rest.len()).then(|| {
        word.split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
    })
}

/// A number right before "the", "a" or "an" counts nothing that follows:
/// it ends something else ("On 27 February 2024 the man was arrested").
fn before_article(text: &str, end: usize) -> bool {
    next_word(text, end)
        .is_some_and(|w| ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a)))
}

/// What a count match counts: the rule's `set.what`, else its noun or verb
/// (lexicons `count_noun`, `count_verb`). `None` when it counts nothing
/// known, or `value` (more than one) goes with a singular noun: "a Glock
/// 17 pistol", "an AR-15 rifle" name a model, not a count.
fn what(rules: &RuleSet, text: &str, m: &Match, value: f64) -> Option<String> {
    let what = match &rules.rules[m.rule].set.what {
        Some(w) => w.clone(),
        None => m
            .get(rules, text, Field::What)
            .and_then(|w| {
                rules
                    .lexicon(Lex::CountNoun)
                    .and_then(|l| l.canonical(w))
                    .or_else(|| rules.lexicon(Lex::CountVerb).and_then(|l| l.canonical(w)))
            })?
            .to_string(),
    };
    if let Some(noun) = m.get(rules, text, Field::What) {
        let thing = matches!(
            what.as_str(),
            "weapons" | "firearms" | "phones" | "vehicles" | "networks"
        );
        if thing && value > 1.0 && !noun.ends_with(['s', 'S']) {
            return None;
        }
    }
    Some(what)
}
