//! Families of rules: rules of one kind with the same `needs` (so the gate
//! lets them through the same sentences), searched together first.
//!
//! The gate's runs are a superset: on the benchmark corpus four runs in
//! five hold no match of their rule, and a rule's forward search costs the
//! same whether it matches or not. The sixteen date rules, for example,
//! each searched every sentence holding a month name and a digit ("may",
//! "march"), 5 MB of runs for 5 MB of text, where 0.5 MB held a date. A
//! family's automaton (all its rules' patterns, each match reported by its
//! pattern) reads each run once and tells which rules match anywhere in
//! it; the others skip the run. The matches are the same: a match inside
//! a rule's run is a match inside the family's wider run (both searches
//! see the whole text around), so a rule the automaton does not name
//! there has none.
//!
//! A family is worth it only when its rules share most of their runs and
//! its automaton stays small: it needs [`FAMILY_MIN`] rules, and one whose
//! rules' NFAs add up to more than [`FAMILY_MAX_STATES`] states is left
//! alone (the fifteen count rules needing a number make 47,000 states,
//! which read a run slower than their rules did one by one).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Input, MatchKind, PatternSet};

use super::{Kind, RuleSet};

/// The bytes of text a process's batches add up to before the families
/// are found and their automata built and used: building them and
/// learning their states cost about what they save on 2 MB (used from the
/// start, a fresh run over 0.95 MB of articles took 230 ms against 224 ms
/// without them; over 5 MB, 562 ms against 580 ms).
pub const FAMILY_AFTER: usize = 2 << 20;

/// The fewest rules a family has.
const FAMILY_MIN: usize = 3;
/// The most NFA states a family's automaton is built from.
const FAMILY_MAX_STATES: usize = 20_000;
/// The lazy DFA's cache: a family's automaton learns more states than
/// any one rule's.
const FAMILY_CACHE: usize = 8 << 20;

/// A family's rules (indexes into [`RuleSet::rules`], in rule order) and
/// their automaton.
#[derive(Debug)]
pub struct Family {
    pub rules: Vec<usize>,
    /// Whether the rules run on folded text ([`super::fold`]): the
    /// automaton is built from the folded patterns then.
    pub folds: bool,
    /// Built on first use; `None` when too large or it does not build.
    dfa: OnceLock<Option<DFA>>,
    spare: Mutex<Vec<Cache>>,
}

impl Clone for Family {
    /// The same family, its automaton too, with no spare caches.
    fn clone(&self) -> Family {
        Family {
            rules: self.rules.clone(),
            folds: self.folds,
            dfa: self.dfa.clone(),
            spare: Mutex::new(Vec::new()),
        }
    }
}

/// A rule set's families and the text its batches have met.
#[derive(Debug, Default)]
pub struct Families {
    /// Found on first use: a rule's folding is known once it is compiled
    /// (which finding them earlier would do for every rule).
    list: OnceLock<Vec<Family>>,
    /// The bytes of text met ([`FAMILY_AFTER`]).
    met: AtomicUsize,
}

impl Clone for Families {
    fn clone(&self) -> Families {
        Families {
            list: self.list.clone(),
            met: AtomicUsize::new(self.met.load(Ordering::Relaxed)),
        }
    }
}

/// The rule set's families.
pub fn of(rules: &RuleSet) -> &[Family] {
    rules.families.list.get_or_init(|| find(rules))
}

/// Counts `bytes` more of text met by the rule set's batches; whether
/// they had met `rules.family_after` bytes before.
pub fn meet(rules: &RuleSet, bytes: usize) -> bool {
    rules.families.met.fetch_add(bytes, Ordering::Relaxed) >= rules.family_after
}

/// What the rules of a family share: kind, folding, `needs`.
type FamilyKey<'r> = (Kind, bool, &'r [String]);

/// Groups the gated rules by kind, folding and `needs`.
fn find(rules: &RuleSet) -> Vec<Family> {
    let mut groups: Vec<(FamilyKey, Vec<usize>)> = Vec::new();
    for (ri, r) in rules.rules.iter().enumerate() {
        if r.kind == Kind::Line || r.needs.is_empty() || !rules.gate.gated(ri, &r.id) {
            continue;
        }
        let key = (r.kind, r.folds(), r.needs.as_slice());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(ri),
            None => groups.push((key, vec![ri])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() >= FAMILY_MIN)
        .map(|((_, folds, _), rules)| Family {
            rules,
            folds,
            dfa: OnceLock::new(),
            spare: Mutex::new(Vec::new()),
        })
        .collect()
}

impl Family {
    /// The family's automaton, built now if need be.
    fn dfa(&self, rules: &RuleSet) -> Option<&DFA> {
        self.dfa.get_or_init(|| self.build(rules)).as_ref()
    }

    fn build(&self, rules: &RuleSet) -> Option<DFA> {
        // The rules' own NFAs (built by now, in a batch) tell the size
        // before any compiling.
        let states: usize = self
            .rules
            .iter()
            .filter_map(|&ri| rules.rules[ri].engine_regex_if_built()?.nfa_states())
            .sum();
        if states > FAMILY_MAX_STATES {
            return None;
        }
        let mut trees = Vec::with_capacity(self.rules.len());
        for &ri in &self.rules {
            let (tree, folded) = super::compile::engine_tree(&rules.rules[ri]).ok()?;
            if folded != self.folds {
                return None;
            }
            trees.push(tree);
        }
        let nfa = thompson::Compiler::new()
            .configure(super::rule_engine::nfa_config().which_captures(WhichCaptures::None))
            .build_many_from_hir(&trees)
            .ok()?;
        if nfa.states().len() > FAMILY_MAX_STATES {
            return None;
        }
        DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true)
                    .cache_capacity(FAMILY_CACHE)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa)
            .ok()
    }

    /// Whether the automaton was found too large or did not build.
    pub fn unusable(&self) -> bool {
        matches!(self.dfa.get(), Some(None))
    }

    /// A searcher for one batch of articles (`None`: the family has no
    /// automaton, so its rules search every run).
    pub fn searcher<'f>(&'f self, rules: &RuleSet) -> Option<FamilySearch<'f>> {
        let dfa = self.dfa(rules)?;
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Some(FamilySearch {
            family: self,
            dfa,
            cache: Some(spare.unwrap_or_else(|| dfa.create_cache())),
            found: PatternSet::new(dfa.pattern_len()),
        })
    }
}

/// A family's automaton with a cache, for a batch; gives the cache back
/// when dropped.
pub struct FamilySearch<'f> {
    family: &'f Family,
    dfa: &'f DFA,
    cache: Option<Cache>,
    found: PatternSet,
}

impl FamilySearch<'_> {
    /// Which of the family's rules (by place in [`Family::rules`]) match
    /// anywhere in `span` of `hay` (the search seeing the text around);
    /// `None` if the automaton gave up, when any may.
    pub fn which(&mut self, hay: &str, span: std::ops::Range<usize>) -> Option<&PatternSet> {
        let cache = self.cache.as_mut()?;
        self.found.clear();
        let input = Input::new(hay).span(span);
        self.dfa
            .try_which_overlapping_matches(cache, &input, &mut self.found)
            .ok()?;
        Some(&self.found)
    }
}

impl Drop for FamilySearch<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            let mut spare = self.family.spare.lock().unwrap_or_else(|e| e.into_inner());
            spare.push(cache);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in families: rules of one kind, folding and `needs`, at
    /// least [`FAMILY_MIN`] of them; the date rules that need a month and
    /// a digit read together, and the count family whose NFAs add up to
    /// more than [`FAMILY_MAX_STATES`] states is left alone.
    #[test]
    fn the_builtin_families() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        for r in &rules.rules {
            r.engine_regex().prepare(usize::MAX);
        }
        let families = of(&rules);
        let ids = |f: &Family| -> Vec<&str> {
            f.rules
                .iter()
                .map(|&ri| rules.rules[ri].id.as_str())
                .collect()
        };
        for f in families {
            assert!(f.rules.len() >= FAMILY_MIN, "{:?}", ids(f));
            let first = &rules.rules[f.rules[0]];
            for &ri in &f.rules {
                let r = &rules.rules[ri];
                assert_eq!(
                    (r.kind, &r.needs, r.folds()),
                    (first.kind, &first.needs, f.folds)
                );
                assert!(rules.gate.gated(ri, &r.id), "{}", r.id);
            }
        }
        let of_rule = |id: &str| {
            families
                .iter()
                .find(|f| ids(f).contains(&id))
                .unwrap_or_else(|| panic!("{id} has a family"))
        };
        let dates = of_rule("date.day-month");
        assert!(ids(dates).contains(&"date.range-day-to-month-day"));
        assert!(dates.searcher(&rules).is_some(), "the date family reads");
        let counts = of_rule("count.people-arrested");
        assert!(counts.searcher(&rules).is_none(), "too large");
        assert!(counts.unusable());
    }
}
