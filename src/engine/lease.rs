//! A rule's search cache, borrowed from its regex for as long as one
//! thread runs the rule (over a chunk of articles, or one long article),
//! and given back when it is done: the next thread to run the rule finds
//! the automaton its predecessor learned ([`RuleRegex::lend_cache`]).

use crate::rules::matcher::{RuleRegex, SearchCache};
use crate::rules::Rule;

/// The cache of one rule's engine regex ([`Rule::engine_regex`]), taken on
/// the first search (a rule that never searches never compiles).
pub(super) struct Lease<'a> {
    taken: Option<(&'a RuleRegex, SearchCache)>,
}

impl<'a> Lease<'a> {
    pub(super) fn new() -> Lease<'a> {
        Lease { taken: None }
    }

    /// The cache for searches with `re`, when `re` is the rule's engine
    /// regex; `None` for its other regex (a text that cannot be folded),
    /// which searches with the regex crate's own pool.
    pub(super) fn cache_for(
        &mut self,
        rule: &'a Rule,
        re: &'a RuleRegex,
    ) -> Option<&mut SearchCache> {
        if !std::ptr::eq(re, rule.engine_regex()) {
            return None;
        }
        let (_, cache) = self.taken.get_or_insert_with(|| (re, re.lend_cache()));
        Some(cache)
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some((re, cache)) = self.taken.take() {
            re.give_back(cache);
        }
    }
}

/// Whether rule `rule`'s cache is free to borrow (no thread would learn
/// its automaton afresh): not built yet, or a cache waiting.
pub(super) fn idle(rule: &Rule) -> bool {
    rule.engine_regex_if_built()
        .is_none_or(RuleRegex::cache_idle)
}
