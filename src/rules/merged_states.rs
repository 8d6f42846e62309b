//! The states of an NFA that behave alike, merged: what the file of
//! embedded engines keeps ([`super::known_nfas`]).
//!
//! A rule's NFA copies each lexicon's trie into it, and a trie shares
//! prefixes, not endings: "…amine", "…caine", "…grams" and every alias
//! that ends the lexicon and goes on to the same next part are chains of
//! the same states. Two states are merged when they read the same (the
//! same bytes, look-around or match) and lead, in the same order, to
//! states merged in turn; from either, every search goes the same way, so
//! every engine finds the same matches, with the same groups, in the same
//! order of preference. Capture states are never merged (each has its
//! own slot). Over the embedded rules' forward NFAs this leaves 108,229
//! states of 159,497: each is fewer to read back at start, and a lazy DFA
//! state holds fewer NFA states to follow.
//!
//! Done when the file is written (the tests, `BLOTTER_BLESS=1`): finding
//! the classes takes a few passes over every state.

use std::collections::HashMap;

use regex_automata::nfa::thompson::{State, NFA};

/// For each state of `nfa`, the number of its class of alike states:
/// classes numbered in the order of their first state, so that an NFA
/// with nothing to merge keeps its numbering.
pub(super) fn classes(nfa: &NFA) -> Vec<usize> {
    let states = nfa.states();
    // First by what each state reads, then again by the classes of the
    // states it leads to, until no class splits (the coarsest partition
    // in which alike states lead to alike states).
    let mut class = number(states.iter().enumerate().map(|(i, s)| label(i, s)));
    let mut count = class.iter().max().map_or(0, |&c| c + 1);
    loop {
        let next = number(states.iter().enumerate().map(|(i, s)| {
            (
                class[i],
                successors(s)
                    .into_iter()
                    .map(|t| class[t])
                    .collect::<Vec<_>>(),
            )
        }));
        let n = next.iter().max().map_or(0, |&c| c + 1);
        class = next;
        if n == count {
            return class;
        }
        count = n;
    }
}

/// Numbers the keys in order of first appearance: equal keys, equal numbers.
fn number<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    keys.map(|k| {
        let n = seen.len();
        *seen.entry(k).or_insert(n)
    })
    .collect()
}

/// What a state reads or is, without where it leads: states of one label
/// may merge. A capture (and a dense state, which rules do not make)
/// gets a label of its own.
#[derive(Hash, PartialEq, Eq)]
enum Label {
    Bytes(Vec<(u8, u8)>),
    Look(u32),
    Union(usize),
    BinaryUnion,
    Alone(usize),
    Fail,
    Match(usize),
}

fn label(i: usize, state: &State) -> Label {
    match state {
        State::ByteRange { trans } => Label::Bytes(vec![(trans.start, trans.end)]),
        State::Sparse(s) => Label::Bytes(s.transitions.iter().map(|t| (t.start, t.end)).collect()),
        State::Look { look, .. } => Label::Look(look.as_repr()),
        State::Union { alternates } => Label::Union(alternates.len()),
        State::BinaryUnion { .. } => Label::BinaryUnion,
        State::Capture { .. } | State::Dense(_) => Label::Alone(i),
        State::Fail => Label::Fail,
        State::Match { pattern_id } => Label::Match(pattern_id.as_usize()),
    }
}

/// The states a state leads to, in order.
pub(super) fn successors(state: &State) -> Vec<usize> {
    match state {
        State::ByteRange { trans } => vec![trans.next.as_usize()],
        State::Sparse(s) => s.transitions.iter().map(|t| t.next.as_usize()).collect(),
        State::Look { next, .. } | State::Capture { next, .. } => vec![next.as_usize()],
        State::Union { alternates } => alternates.iter().map(|s| s.as_usize()).collect(),
        State::BinaryUnion { alt1, alt2 } => vec![alt1.as_usize(), alt2.as_usize()],
        State::Dense(_) | State::Fail | State::Match { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::compiled_nfa as nfa;

    #[test]
    fn alike_endings_merge_and_groups_do_not() {
        let plain = nfa(r"(?:cocaine|ketamine|heroine)\b");
        let c = classes(&plain);
        let n = c.iter().max().unwrap() + 1;
        assert!(n < plain.states().len(), "{n} of {}", plain.states().len());
        // Nothing alike: every state its own class, in order.
        let lone = nfa(r"abc");
        assert_eq!(classes(&lone), (0..lone.states().len()).collect::<Vec<_>>());
        let groups = nfa(r"(?P<a>x)|(?P<b>x)");
        let c = classes(&groups);
        let captures: Vec<usize> = groups
            .states()
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, State::Capture { .. }))
            .map(|(i, _)| c[i])
            .collect();
        let mut distinct = captures.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), captures.len());
    }

    /// The merged NFA read back from the file's format matches as the
    /// compiled one: the same spans and groups from every start.
    #[test]
    fn merged_nfas_match_as_compiled() {
        let texts = [
            "3kg of cocaine, 2 grams of ketamine and heroine; kilos kilogrammes",
            "x xa xab ya yb (ab) a-b ab ba",
        ];
        for p in [
            r"(?P<q>\d+)\s*(?P<u>kg|g|grams?|kilo(?:gram(?:me)?s?|s)?)\b\s+of\s+(?P<d>cocaine|ketamine|heroine)",
            r"(?:(?P<a>a)b|(?P<b>x)a?b?|ya|yb)\b",
            r"(?m:^(?:xab|yab)[ab]*$)|\((?:ab|cb)\)",
        ] {
            let compiled = nfa(p);
            let merged = crate::rules::known_nfas::merged(&compiled).expect("merges");
            assert!(merged.states().len() < compiled.states().len(), "{p}");
            crate::testing::assert_same_spans(compiled, merged, &texts, p);
        }
    }
}
