//! The engine a rule's regex runs on: the regex crate's parts (Thompson
//! NFA, lazy DFAs, one-pass DFA, PikeVM) put together as its `meta`
//! engine puts them for these rules (leftmost first, no prefilter), with
//! two changes:
//!
//! - the capture search is [`super::backtrack`], which does not clear its
//!   visited set for each search;
//! - the reverse automaton, which finds where a match starts, is built
//!   with large Unicode classes widened ([`widen_large_classes`]): learning
//!   it was a quarter of a fresh batch.
//!
//! Two builds: light (the forward NFA only; the backtracker or the PikeVM
//! search the text) and full (the forward and reverse lazy DFAs find each
//! match, then its captures are read inside it). A full build reuses the
//! light build's NFA.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use regex_automata::dfa::onepass;
use regex_automata::hybrid;
use regex_automata::nfa::thompson::{self, pikevm, WhichCaptures, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::look::LookMatcher;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, MatchKind, PatternID};
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

use super::backtrack::{self, FirstBytes, Forks};
#[cfg(test)]
use super::shared_looks::share_looks;

/// Limits as the rules have always been built with: rule regexes are
/// large (lexicons are alternations of hundreds of aliases).
const NFA_LIMIT: usize = 64 << 20;
const DFA_CACHE: usize = 64 << 20;
/// As the regex crate's default.
const ONEPASS_LIMIT: usize = 1 << 20;

/// A rule's compiled engine.
#[derive(Debug, Clone)]
pub(super) struct Engine {
    nfa: NFA,
    /// Full builds only: the backtracker's tables of the NFA's wide forks,
    /// made on its first search. A light engine (a short input) searches
    /// without: making them costs more than they save on a few searches.
    forks: Option<OnceLock<Forks>>,
    /// The bytes a match can begin with, when no match is empty: the
    /// backtracker's unanchored searches try no other start.
    first: Option<FirstBytes>,
    pikevm: pikevm::PikeVM,
    /// Full builds only, when the regex is one-pass.
    onepass: Option<onepass::DFA>,
    /// Whether the reverse automaton matches more than the regex (see
    /// [`widen_large_classes`]).
    reverse_widened: bool,
    /// Full builds only: whether every match ends at the end of the text
    /// (`…$`) and not every one starts at its start, so that a search
    /// reads back from the end ([`Engine::search_slots`]).
    end_anchored: bool,
    /// Full builds only: the forward and reverse lazy DFAs.
    dfa: Option<Arc<(hybrid::dfa::DFA, hybrid::dfa::DFA)>>,
}

/// An engine's search scratch: the lazy DFAs' learned states and the
/// other engines' space (the backtracker's is its thread's, shared by
/// every rule).
#[derive(Debug, Clone)]
pub struct EngineCache {
    dfa: Option<(hybrid::dfa::Cache, hybrid::dfa::Cache)>,
    onepass: Option<onepass::Cache>,
    /// Made on first need: the PikeVM runs only for long or empty-matching
    /// searches, and its cache is sized by the NFA.
    pikevm: Option<pikevm::Cache>,
}

/// How the rules' NFAs are compiled: UTF-8, every group, `\n` for `(?m)`
/// (the rule families' automata too, without groups).
pub(super) fn nfa_config() -> thompson::Config {
    let mut look = LookMatcher::new();
    look.set_line_terminator(b'\n');
    thompson::Config::new()
        .utf8(true)
        .nfa_size_limit(Some(NFA_LIMIT))
        .shrink(false)
        .which_captures(WhichCaptures::All)
        .look_matcher(look)
}

thread_local! {
    /// Each thread's two NFA compilers (forward, reverse), kept from one
    /// build to the next: a compiler allocates tables for its UTF-8 paths
    /// (10,000 entries) and freeing them was a tenth of each build.
    static COMPILERS: [thompson::Compiler; 2] = [false, true].map(|reverse| {
        let mut c = thompson::Compiler::new();
        let config = if reverse {
            reverse_config()
        } else {
            nfa_config().reverse(false)
        };
        c.configure(config);
        c
    });
}

/// How reverse NFAs are compiled: as [`nfa_config`], without groups.
fn reverse_config() -> thompson::Config {
    nfa_config()
        .which_captures(WhichCaptures::None)
        .reverse(true)
}

/// `hir`'s NFA, forward (with every group) or reverse (no groups).
pub(super) fn compile(hir: &Hir, reverse: bool) -> Result<NFA, String> {
    COMPILERS.with(|c| {
        c[usize::from(reverse)]
            .build_from_hir(hir)
            .map_err(|e| e.to_string())
    })
}

/// [`compile`] forward as the file of embedded engines keeps it
/// ([`super::known_nfas`]): its look-arounds shared where alternatives
/// end alike ([`share_looks`]), its alike states merged ([`kept`]). The
/// file pays for sharing once, when it is written; at run time (a user's
/// edited rules) it doubled the time to build every rule (58 against 110
/// ms), for the same matches.
#[cfg(test)]
pub(super) fn compile_kept(hir: &Hir) -> Result<NFA, String> {
    kept(compile(&share_looks(hir), false)?)
}

/// An NFA as the file keeps it: its unions of branches that read
/// distinct bytes made one state ([`super::fused_branches`]), then its
/// alike states merged ([`super::merged_states`]).
#[cfg(test)]
fn kept(nfa: NFA) -> Result<NFA, String> {
    super::fused_branches::fused(&nfa)
        .and_then(|f| super::known_nfas::merged(&f))
        .ok_or_else(|| "an NFA the file cannot hold".to_string())
}

impl Engine {
    /// Builds the engine of `hir`: light, or full (from `light`'s NFA
    /// when there is one).
    pub(super) fn build(hir: &Hir, full: bool, light: Option<&Engine>) -> Result<Engine, String> {
        let (nfa, first) = match light {
            Some(l) => (l.nfa.clone(), l.first),
            None => {
                let nfa = compile(hir, false)?;
                let first = FirstBytes::of(&nfa);
                (nfa, first)
            }
        };
        let reverse = if full { Some(reverse_of(hir)?) } else { None };
        Engine::on(nfa, first, reverse)
    }

    /// The light engine of a forward NFA compiled before
    /// ([`super::known_nfas`]).
    pub(super) fn light(nfa: NFA) -> Result<Engine, String> {
        let first = FirstBytes::of(&nfa);
        Engine::on(nfa, first, None)
    }

    /// The full engine on a light one's NFA and a reverse NFA compiled
    /// before ([`reverse_of`], [`super::known_nfas`]).
    pub(super) fn full_on(light: &Engine, reverse: (NFA, bool)) -> Result<Engine, String> {
        Engine::on(light.nfa.clone(), light.first, Some(reverse))
    }

    /// The engine on a forward NFA and its first bytes (read once, and
    /// kept from the light engine by the full one built on it): full when
    /// the reverse NFA is given (with whether it was built widened), else
    /// light.
    fn on(
        nfa: NFA,
        first: Option<FirstBytes>,
        full: Option<(NFA, bool)>,
    ) -> Result<Engine, String> {
        let err = |e: &dyn std::fmt::Display| e.to_string();
        let pikevm = pikevm::Builder::new()
            .configure(pikevm::Config::new().match_kind(MatchKind::LeftmostFirst))
            .build_from_nfa(nfa.clone())
            .map_err(|e| err(&e))?;
        let Some((reverse, reverse_widened)) = full else {
            return Ok(Engine {
                nfa,
                forks: None,
                first,
                pikevm,
                onepass: None,
                reverse_widened: false,
                end_anchored: false,
                dfa: None,
            });
        };
        // As the regex crate: a one-pass DFA only when there are groups to
        // read, and it may well not build.
        let onepass = (nfa.group_info().explicit_slot_len() > 0
            || nfa.look_set_any().contains_word_unicode())
        .then(|| {
            onepass::Builder::new()
                .configure(
                    onepass::Config::new()
                        .match_kind(MatchKind::LeftmostFirst)
                        .starts_for_each_pattern(true)
                        .byte_classes(true)
                        .size_limit(Some(ONEPASS_LIMIT)),
                )
                .build_from_nfa(nfa.clone())
                .ok()
        })
        .flatten();
        // The compiler leaves out the reverse NFA's unanchored prefix
        // exactly when every match of the regex ends at the end of the text
        // (and its pattern has no `(?m)`), as the regex crate decides to
        // search such a regex backwards.
        let end_anchored = reverse.is_always_start_anchored()
            && !nfa.is_always_start_anchored()
            && !nfa.has_empty();
        let config = hybrid::dfa::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .starts_for_each_pattern(true)
            .byte_classes(true)
            .unicode_word_boundary(true)
            .specialize_start_states(false)
            .cache_capacity(DFA_CACHE)
            .skip_cache_capacity_check(false)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        // A lazy DFA that does not build leaves the NFA engines to search.
        let fwd = hybrid::dfa::Builder::new()
            .configure(config.clone())
            .build_from_nfa(nfa.clone());
        let rev = hybrid::dfa::Builder::new()
            .configure(config.match_kind(MatchKind::All))
            .build_from_nfa(reverse);
        let dfa = match (fwd, rev) {
            (Ok(f), Ok(r)) => Some(Arc::new((f, r))),
            _ => None,
        };
        Ok(Engine {
            nfa,
            forks: Some(OnceLock::new()),
            first,
            pikevm,
            onepass,
            reverse_widened,
            end_anchored,
            dfa,
        })
    }

    /// The number of states of the forward NFA.
    pub(super) fn nfa_states(&self) -> usize {
        self.nfa.states().len()
    }

    pub(super) fn create_cache(&self) -> EngineCache {
        EngineCache {
            dfa: self
                .dfa
                .as_ref()
                .map(|d| (d.0.create_cache(), d.1.create_cache())),
            onepass: self.onepass.as_ref().map(onepass::Cache::new),
            pikevm: None,
        }
    }

    /// The first match in `input`, its groups in `caps`.
    pub(super) fn search_captures(
        &self,
        cache: &mut EngineCache,
        input: &Input<'_>,
        caps: &mut Captures,
    ) {
        caps.set_pattern(None);
        let pid = self.search_slots(cache, input, caps.slots_mut());
        caps.set_pattern(pid);
    }

    fn search_slots(
        &self,
        cache: &mut EngineCache,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        let needs_groups = slots.len() > self.nfa.group_info().implicit_slot_len();
        if self.onepass_for(input).is_some() && needs_groups {
            return self.slots_nofail(cache, input, slots);
        }
        let (Some(dfa), Some(dc)) = (&self.dfa, cache.dfa.as_mut()) else {
            return self.slots_nofail(cache, input, slots);
        };
        let (fwd, rev) = (&dfa.0, &dfa.1);
        if self.end_anchored && !input.get_anchored().is_anchored() {
            // Every match ends at the end: the reverse automaton, anchored
            // there, finds the leftmost start in the bytes the match spans,
            // where the forward one read the whole text (the regex crate's
            // "reverse anchored" search). The quote stage's `…$` patterns
            // run on long stretches before a quote.
            let back = input.clone().anchored(Anchored::Yes).earliest(false);
            match rev.try_search_rev(&mut dc.1, &back) {
                Ok(None) => return None,
                Ok(Some(hm)) => {
                    let span = (hm.pattern(), hm.offset(), input.end());
                    // From a start the widened automaton found too early,
                    // no match: the forward search below finds the true one.
                    if let Some(pid) = self.within(cache, input, span, needs_groups, slots) {
                        return Some(pid);
                    }
                }
                Err(_) => {}
            }
        }
        let Some(dc) = cache.dfa.as_mut() else {
            return self.slots_nofail(cache, input, slots);
        };
        let end = match fwd.try_search_fwd(&mut dc.0, input) {
            Ok(Some(end)) => end,
            Ok(None) => return None,
            // The lazy DFA gave up (or met a byte it cannot read).
            Err(_) => return self.slots_nofail(cache, input, slots),
        };
        let (pid, end) = (end.pattern(), end.offset());
        // The first match of the text up to its end is the same match.
        let upto = input.clone().span(input.start()..end);
        let anchored = input.get_anchored().is_anchored() || self.nfa.is_always_start_anchored();
        let start = if anchored || input.start() == end {
            input.start()
        } else {
            let back = upto
                .clone()
                .anchored(Anchored::Pattern(pid))
                .earliest(false);
            match rev.try_search_rev(&mut dc.1, &back) {
                Ok(Some(start)) => start.offset(),
                _ => return self.slots_nofail(cache, &upto, slots),
            }
        };
        // From a start the widened reverse automaton found too early, no
        // match: no match starts before the true start.
        self.within(cache, input, (pid, start, end), needs_groups, slots)
            .or_else(|| self.slots_nofail(cache, &upto, slots))
    }

    /// The match of pattern `pid` from `start` to `end` (found by the lazy
    /// DFAs) with its groups when asked for: read inside those bounds,
    /// anchored; `None` when none starts there (a widened reverse
    /// automaton's start may be too early).
    fn within(
        &self,
        cache: &mut EngineCache,
        input: &Input<'_>,
        (pid, start, end): (PatternID, usize, usize),
        needs_groups: bool,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        if !needs_groups && !self.reverse_widened {
            return Some(fill_match(slots, pid, start, end));
        }
        let inside = input
            .clone()
            .span(start..end)
            .anchored(Anchored::Pattern(pid));
        self.slots_nofail(cache, &inside, slots)
    }

    fn onepass_for(&self, input: &Input<'_>) -> Option<&onepass::DFA> {
        let op = self.onepass.as_ref()?;
        (input.get_anchored().is_anchored() || self.nfa.is_always_start_anchored()).then_some(op)
    }

    /// The search by the NFA engines: one-pass DFA, backtracker, else the
    /// PikeVM (for a long search, or one that can match empty: the PikeVM
    /// keeps an empty match from splitting a character).
    fn slots_nofail(
        &self,
        cache: &mut EngineCache,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        if let (Some(op), Some(oc)) = (self.onepass_for(input), cache.onepass.as_mut()) {
            return op.try_search_slots(oc, input, slots).ok().flatten();
        }
        if !self.nfa.has_empty() && backtrack::fits(&self.nfa, input.get_span().len()) {
            let forks = match &self.forks {
                Some(f) => f.get_or_init(|| Forks::of(&self.nfa)),
                None => &Forks::NONE,
            };
            return backtrack::search(&self.nfa, forks, self.first.as_ref(), input, slots);
        }
        let pc = cache
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search_slots(pc, input, slots)
    }

    /// Whether `input` holds a match: the forward automaton alone, up to
    /// the first state that shows one (no start to find, no groups), as
    /// the regex crate's `is_match` does; the NFA engines when there is no
    /// lazy DFA, it gives up, or the regex matches the empty string.
    pub(super) fn is_match(&self, cache: &mut EngineCache, input: &Input<'_>) -> bool {
        if let (Some(dfa), Some(dc), false) = (&self.dfa, cache.dfa.as_mut(), self.nfa.has_empty())
        {
            // An end-anchored regex reads back from the end (see
            // `search_slots`); the widened automaton's "yes" may be wrong.
            if self.end_anchored && !input.get_anchored().is_anchored() {
                let back = input.clone().anchored(Anchored::Yes).earliest(true);
                match dfa.1.try_search_rev(&mut dc.1, &back) {
                    Ok(None) => return false,
                    Ok(Some(_)) if !self.reverse_widened => return true,
                    _ => {}
                }
            }
            if let Ok(m) = dfa
                .0
                .try_search_fwd(&mut dc.0, &input.clone().earliest(true))
            {
                return m.is_some();
            }
        }
        self.find(cache, input).is_some()
    }

    /// The first match in `input`, without its groups.
    pub(super) fn find(
        &self,
        cache: &mut EngineCache,
        input: &Input<'_>,
    ) -> Option<(usize, usize)> {
        // The match's own two slots, on the stack: a `Captures` was an
        // allocation per search (a lexicon's search makes thousands).
        let mut slots = [None, None];
        self.search_slots(cache, input, &mut slots)?;
        Some((slots[0]?.get(), slots[1]?.get()))
    }
}

/// Writes a match's own two slots (the rest cleared), for a search that
/// needs no groups; returns its pattern.
fn fill_match(
    slots: &mut [Option<NonMaxUsize>],
    pid: PatternID,
    start: usize,
    end: usize,
) -> PatternID {
    slots.fill(None);
    if let Some(s) = slots.get_mut(0) {
        *s = NonMaxUsize::new(start);
    }
    if let Some(s) = slots.get_mut(1) {
        *s = NonMaxUsize::new(end);
    }
    pid
}

/// The reverse NFA of `hir`, which finds where a match starts: built
/// from the tree with its large classes widened ([`widen_large_classes`]),
/// and whether any was.
pub(super) fn reverse_of(hir: &Hir) -> Result<(NFA, bool), String> {
    let (widened, any) = widen_large_classes(hir);
    Ok((compile(&widened, true)?, any))
}

/// [`reverse_of`] as the file of embedded engines keeps it
/// ([`super::known_nfas`]): shrunk, its UTF-8 paths merged, its
/// look-arounds shared and its alike states merged ([`compile_kept`]).
/// Shrunk, the same language takes 23% fewer states (208,209 against
/// 159,979 over the embedded rules), so a batch's reverse lazy DFAs learn
/// each state from smaller sets: a fresh 1 MB batch's reverse searches
/// went from 108M to 76M instructions. Shrinking takes about three times
/// as long to compile (81 against 27 ms for every rule), which the file
/// pays once, when it is written; a rule compiled at run time is not
/// shrunk.
#[cfg(test)]
pub(super) fn reverse_kept(hir: &Hir) -> Result<(NFA, bool), String> {
    let (widened, any) = widen_large_classes(hir);
    let nfa = thompson::Compiler::new()
        .configure(reverse_config().shrink(true))
        .build_from_hir(&share_looks(&widened))
        .map_err(|e| e.to_string())?;
    Ok((kept(nfa)?, any))
}

/// Classes with more non-ASCII ranges than this are widened for the
/// reverse automaton ([`widen_large_classes`]).
const LARGE_CLASS: usize = 16;

/// `hir` with every large class's non-ASCII part widened to any non-ASCII
/// character, and whether any was: the tree the reverse automaton is built
/// from. Reversed, a class such as `\w` (700 ranges) is hundreds of UTF-8
/// paths that share nothing, and learning the reverse lazy DFA over them
/// was a quarter of a fresh batch. The widened tree matches a superset,
/// so the start it finds may be too early; the capture search from it then
/// fails, and the exact search runs instead ([`Engine::search_slots`]).
fn widen_large_classes(hir: &Hir) -> (Cow<'_, Hir>, bool) {
    match widen(hir) {
        Some(wide) => (Cow::Owned(wide), true),
        None => (Cow::Borrowed(hir), false),
    }
}

/// `hir` widened, or `None` when it holds no large class (most rules hold
/// none: nothing is copied).
fn widen(hir: &Hir) -> Option<Hir> {
    // Nothing is allocated until a part widens: most of a rule's tree
    // is its lexicons, thousands of nodes with no large class, and a list
    // per node of what its parts widened to was a twentieth of a fresh
    // batch.
    let all = |hs: &[Hir]| -> Option<Vec<Hir>> {
        let (i, first) = hs
            .iter()
            .enumerate()
            .find_map(|(i, h)| widen(h).map(|w| (i, w)))?;
        let mut out = Vec::with_capacity(hs.len());
        out.extend(hs[..i].iter().cloned());
        out.push(first);
        out.extend(
            hs[i + 1..]
                .iter()
                .map(|h| widen(h).unwrap_or_else(|| h.clone())),
        );
        Some(out)
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(c))
            if c.iter().filter(|r| r.end() > '\x7F').count() > LARGE_CLASS =>
        {
            let mut wide = ClassUnicode::new(
                c.iter()
                    .filter(|r| r.start() <= '\x7F')
                    .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7F'))),
            );
            wide.union(&ClassUnicode::new([ClassUnicodeRange::new(
                '\u{80}',
                '\u{10FFFF}',
            )]));
            Some(Hir::class(Class::Unicode(wide)))
        }
        HirKind::Repetition(_) | HirKind::Capture(_) => rewrap(hir, widen),
        HirKind::Concat(hs) => Some(Hir::concat(all(hs)?)),
        HirKind::Alternation(hs) => Some(Hir::alternation(all(hs)?)),
        _ => None,
    }
}

/// A repetition or group with its part rewritten by `f`; `None` when `f`
/// leaves the part as it is, or `hir` is neither.
pub(super) fn rewrap(hir: &Hir, f: impl Fn(&Hir) -> Option<Hir>) -> Option<Hir> {
    match hir.kind() {
        HirKind::Repetition(r) => Some(Hir::repetition(Repetition {
            sub: Box::new(f(&r.sub)?),
            min: r.min,
            max: r.max,
            greedy: r.greedy,
        })),
        HirKind::Capture(c) => Some(Hir::capture(Capture {
            sub: Box::new(f(&c.sub)?),
            index: c.index,
            name: c.name.clone(),
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta;

    /// The regex crate's own engine, as the rules were built with before.
    fn meta_of(hir: &Hir, light: bool) -> meta::Regex {
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(NFA_LIMIT))
            .hybrid_cache_capacity(DFA_CACHE)
            .auto_prefilter(false);
        let config = if light {
            config.hybrid(false).dfa(false).onepass(false)
        } else {
            config
        };
        meta::Builder::new()
            .configure(config)
            .build_from_hir(hir)
            .expect("builds")
    }

    type Groups = Vec<Option<(usize, usize)>>;

    /// Every match of a search in `hay`, left to right, with its groups
    /// (written to `caps`).
    fn matches(
        hay: &str,
        mut caps: Captures,
        mut search: impl FnMut(&Input, &mut Captures),
    ) -> Vec<Groups> {
        let (mut out, mut at) = (Vec::new(), 0);
        while at <= hay.len() {
            search(&Input::new(hay).span(at..hay.len()), &mut caps);
            let Some(m) = caps.get_match() else { break };
            out.push(
                (0..caps.group_len())
                    .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                    .collect(),
            );
            at = if m.end() > m.start() {
                m.end()
            } else if m.end() < hay.len() {
                crate::text::ceil_char(hay, m.end() + 1)
            } else {
                break;
            };
        }
        out
    }

    /// `hir`'s matches in each text by the regex crate's engine, and by
    /// this module's light and full engines, which must be the same.
    fn agree(what: &str, hir: &Hir, texts: &[&str]) {
        let re = meta_of(hir, false);
        let light_meta = meta_of(hir, true);
        let full = Engine::build(hir, true, None).expect("builds");
        let light = Engine::build(hir, false, None).expect("builds");
        let from_light = Engine::build(hir, true, Some(&light)).expect("builds");
        let mut caches = [
            full.create_cache(),
            light.create_cache(),
            from_light.create_cache(),
        ];
        for hay in texts {
            let by_meta = |e: &meta::Regex| {
                let mut mc = e.create_cache();
                matches(hay, e.create_captures(), |i, c| {
                    e.search_captures_with(&mut mc, i, c)
                })
            };
            let want = by_meta(&re);
            assert_eq!(want, by_meta(&light_meta), "{what}: the regex crate's two");
            for (e, (name, cache)) in [&full, &light, &from_light].into_iter().zip(
                ["full", "light", "full from light"]
                    .into_iter()
                    .zip(&mut caches),
            ) {
                let got = matches(hay, Captures::all(e.nfa.group_info().clone()), |i, c| {
                    e.search_captures(cache, i, c)
                });
                assert_eq!(got, want, "{what}: {name}, in {hay:.60?}");
            }
        }
    }

    /// A regex whose every match ends at the end of the text (and not
    /// every one starts at its start) is searched back from the end, in
    /// its captures and in `is_match`, with the regex crate's answers; a
    /// multi-line `$`, or `^…$`, is not.
    #[test]
    fn end_anchored_regexes_read_back_from_the_end() {
        let texts = ["he said ", "x£5", "a £7", "12 and 34", "she told me \n", ""];
        for (p, back) in [
            (r"\b(?:[Hh]e|[Ss]he)\s+(?:\w+\s+)?$", true),
            (r"[^\w£]?\d+$", true),
            // Widened, the reverse automaton says yes at "x£5"; no match.
            (r"[^\w£]\d+$", true),
            (r"\d+$", true),
            (r"^\d+$", false),
            (r"(?m)\d+$", false),
            (r"\d+", false),
        ] {
            let hir = regex_syntax::parse(p).expect("parses");
            let e = Engine::build(&hir, true, None).expect("builds");
            assert_eq!(e.end_anchored, back, "{p}");
            let re = meta_of(&hir, false);
            let mut cache = e.create_cache();
            for hay in texts {
                for at in 0..=hay.len() {
                    if !hay.is_char_boundary(at) {
                        continue;
                    }
                    let input = Input::new(hay).span(at..hay.len());
                    assert_eq!(
                        e.is_match(&mut cache, &input),
                        re.is_match(input.clone()),
                        "{p} in {hay:?} from {at}"
                    );
                    assert_eq!(
                        e.find(&mut cache, &input),
                        re.find(input.clone()).map(|m| (m.start(), m.end())),
                        "{p} in {hay:?} from {at}"
                    );
                }
            }
        }
    }

    /// Every embedded rule finds the matches and groups the regex crate
    /// finds, over the corpus, with both builds.
    #[test]
    fn every_rule_matches_as_the_regex_crate_does() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let as_read = crate::testing::corpus_texts_as_read();
        for rule in &rules.rules {
            let (tree, folds) = super::super::compile::engine_tree(rule).expect("a tree");
            let on: Vec<&str> = as_read[usize::from(folds)]
                .iter()
                .map(String::as_str)
                .collect();
            agree(&rule.id, &tree, &on);
        }
    }

    /// Patterns where a search could go wrong: priorities among
    /// alternatives and repetitions, groups left unset or set in a loop,
    /// look-arounds at the span's ends, non-ASCII text, a one-pass regex,
    /// and a long text that the backtracker leaves to the PikeVM.
    #[test]
    fn tricky_patterns_match_as_the_regex_crate_does() {
        let texts = [
            "seized 3kg of cocaine and 2 kg of crack cocaine, £30,000.",
            "aaa ab abab abc b ba cba",
            "Ünïcödé wörds — “quoted” café ½ 3½kg",
            "£12 é34 x£5 —7",
            "",
            "x",
            "\n\nline one\nline two\n",
            "and so he told ",
            "prices, adding that ",
            "x£5",
            "a £7",
        ];
        let patterns = [
            r"(?P<a>a|ab)(?P<b>c|bcd)?",
            r"(?P<a>a|ab|abc)(?P<b>c?)",
            r"(?P<a>z|ab|y|a)(?P<r>\w*)",
            r"(?P<a>a\d|\w\w|a\w\w)(?P<r>\w*)",
            r"(?P<a>[ac]\d|[ab]\w|a\w\w)(?P<r>\w*)",
            r"(?P<w>coca|cocaine|cocain)(?P<rest>\w*)",
            r"(a+?)(a*)",
            r"(?:(a)|b)+",
            r"(?P<x>(?:ab)*)c",
            r"(?-u:\b)(?P<w>[a-z]+)(?-u:\b)",
            r"\b(?P<w>\w+)\b",
            r"(?m)^(?P<line>line \w+)$",
            r"(?i)(?P<drug>crack cocaine|cocaine|coca)",
            r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>kg|g)\b",
            r"(?P<q>[½¼]|\d+½?)(?P<u>kg)",
            r"(?P<o>“)(?P<body>[^”]*)(?P<c>”)",
            r"ab(?P<tail> )?",
            r"(?P<any>.)",
            r"(?s)(?P<all>a.*?b)",
            r"x*",
            r"(?P<e>)b",
            // The reverse automaton, widened, takes "£" and starts early.
            r"(?P<pre>[^\w£]?)(?P<n>\d+)",
            r"[^\w£]?\d+",
            // A wide fork (the backtracker's tables): alternates that read
            // a byte, a class, nothing first, or fail, in priority order.
            r"(?P<w>a\w|ab|[abé]c|b|x?y|(?:)a|abc|[^\x00-\x{10FFFF}]|a)(?P<r>\w*)",
            r"(?P<w>(?:co|ca|c|cr|é|ü|b|ba|ab)+)(?P<r>\w?)",
            // Searched back from the end ("reverse anchored"): widened
            // (`\w`, and a start found too early at "£"), and not.
            r"\b(?P<p>[Hh]e|[Ss]he)\s+(?:\w+\s+)?$",
            r"(?:,\s*|\band\s+)(?P<v>adding|saying)(?:\s+that)?\s*$",
            r"(?P<pre>[^\w£]?)(?P<n>\d+)$",
            r"(?P<n>\d+)$",
            r"(?P<w>\w+)\s*$",
        ];
        for p in patterns {
            let hir = regex_syntax::parse(p).expect("parses");
            agree(p, &hir, &texts);
        }
        // An empty match never splits a character, even from a span that
        // starts inside one.
        let hir = regex_syntax::parse(r"x*").expect("parses");
        let re = meta_of(&hir, false);
        let want = re.find(Input::new("é").span(1..2)).map(|m| m.range());
        for full in [true, false] {
            let e = Engine::build(&hir, full, None).expect("builds");
            let mut caps = Captures::all(e.nfa.group_info().clone());
            e.search_captures(
                &mut e.create_cache(),
                &Input::new("é").span(1..2),
                &mut caps,
            );
            assert_eq!(caps.get_match().map(|m| m.range()), want, "full: {full}");
        }
        // Too long for the backtracker: the PikeVM, with a match at the end.
        let long = format!("{}abc", "ab ".repeat(40_000));
        for p in [r"(?P<x>(?:ab)*)c", r"(?P<w>\w+)c\b"] {
            let hir = regex_syntax::parse(p).expect("parses");
            agree(p, &hir, &[&long]);
        }
    }
}
