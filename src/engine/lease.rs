//! A rule's search cache, borrowed from its regex for as long as one
//! thread runs the rule (over a chunk of articles, or one long article),
//! and given back when it is done: the next thread to run the rule finds
//! the automaton its predecessor learned ([`RuleRegex::lend_cache`]).

use crate::rules::matcher::{Locations, RuleRegex, SearchCache};
use crate::rules::Rule;

/// The cache of one rule's engine regex ([`Rule::engine_regex`]), taken on
/// the first search (a rule that never searches never compiles).
pub(super) struct Lease<'a> {
    taken: Option<(&'a RuleRegex, SearchCache)>,
    /// Capture spans for searches with a regex, kept from article to
    /// article of the run rather than allocated for each.
    locs: Option<(&'a RuleRegex, Locations)>,
}

impl<'a> Lease<'a> {
    pub(super) fn new() -> Lease<'a> {
        Lease {
            taken: None,
            locs: None,
        }
    }

    /// Capture spans for searches with `re`, and, when `cached`, the
    /// cache for them if `re` is the rule's engine regex (`None` for its
    /// other regex, a text that cannot be folded: that one searches with
    /// the regex crate's own pool).
    pub(super) fn parts(
        &mut self,
        rule: &'a Rule,
        re: &'a RuleRegex,
        cached: bool,
    ) -> (Option<&mut SearchCache>, &mut Locations) {
        if !self
            .locs
            .as_ref()
            .is_some_and(|(r, _)| std::ptr::eq(*r, re))
        {
            self.locs = Some((re, re.capture_locations()));
        }
        let locs = &mut self.locs.as_mut().expect("just set").1;
        let cache = if cached && std::ptr::eq(re, rule.engine_regex()) {
            let (_, cache) = self.taken.get_or_insert_with(|| (re, re.lend_cache()));
            Some(cache)
        } else {
            None
        };
        (cache, locs)
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
