//! Narrows the gate's runs with the rule families' automata
//! ([`crate::rules::families`]): each run the rules of a family share is
//! read once, and a rule that matches nowhere in it skips it.
//!
//! The families are found and their automata built once the batches'
//! articles add up to [`families::FAMILY_AFTER`] (`RuleSet::family_after`):
//! a short batch would spend more building them than they save.
//!
//! A family's automaton reads a run more slowly than one rule's search
//! (it follows every rule at once, and reports every match), so it pays
//! only where its rules share their runs: on the benchmark corpus the
//! eight date rules needing a month and a digit searched 6.2 bytes of
//! runs for each byte of the family's, and narrowing them took the match
//! stage from about 225 to 215 ms per 5 MB; the exclude and seizure
//! families (1.2 to 1.3 bytes each) took it 2 to 4 ms up. A family is
//! narrowed in a batch only when its rules' runs add up to
//! [`SHARED_MIN`] times the runs it reads (counted in sentences).

use regex_automata::PatternID;

use crate::rules::families;
use crate::rules::gate::Masks;
use crate::rules::RuleSet;
use crate::text::split::Sentence;

/// How many sentences the rules of a family must search (summed over the
/// rules), for each sentence of the runs its automaton reads, for the
/// automaton to read them.
const SHARED_MIN: usize = 2;

/// Drops from each article's masks the runs where the automaton of a
/// family (with a rule among `selected`) finds no match of a rule. An
/// article searched as written while its family folds (one that cannot be
/// folded: `lowers[d]` is `None`), or without masks, is left as it is.
pub(super) fn narrow(
    rules: &RuleSet,
    selected: &[usize],
    docs: &[(&str, &[Sentence])],
    lowers: &[Option<String>],
    masks: &mut [Masks],
) {
    if !families::meet(rules, docs.iter().map(|(text, _)| text.len()).sum()) {
        return;
    }
    for family in families::of(rules) {
        if !family.rules.iter().any(|ri| selected.contains(ri)) {
            continue;
        }
        if family.unusable() {
            continue;
        }
        // The text each article is read in (none where the family cannot
        // read it).
        let hays: Vec<Option<&str>> = docs
            .iter()
            .zip(lowers)
            .zip(masks.iter())
            .map(
                |((&(text, sentences), lower), m)| match (family.folds, lower) {
                    _ if m.len() != sentences.len() => None,
                    (false, _) => Some(text),
                    (true, Some(lower)) => Some(lower.as_str()),
                    (true, None) => None,
                },
            )
            .collect();
        // The sentences its rules would search, summed over the rules,
        // and the ones the family would read.
        let (mut own, mut once) = (0, 0);
        for (hay, m) in hays.iter().zip(masks.iter()) {
            if hay.is_some() {
                own += family
                    .rules
                    .iter()
                    .map(|&ri| m.sentences_of(ri))
                    .sum::<usize>();
                once += m.sentences_of_any(&family.rules);
            }
        }
        if once == 0 || own < SHARED_MIN * once {
            continue;
        }
        let Some(mut search) = family.searcher(rules) else {
            continue;
        };
        for ((&(_, sentences), hay), m) in docs.iter().zip(hays).zip(masks.iter_mut()) {
            let Some(hay) = hay else {
                continue;
            };
            for (i, j) in m.runs_of_any(&family.rules) {
                // The span a rule's search of this run covers (see `run_rule`).
                let from = i.checked_sub(1).map_or(0, |k| sentences[k].end);
                let Some(found) = search.which(hay, from..sentences[j].end) else {
                    continue;
                };
                for (k, &ri) in family.rules.iter().enumerate() {
                    if !found.contains(PatternID::new_unchecked(k)) {
                        m.drop_sentences(ri, i, j);
                    }
                }
            }
        }
    }
}
