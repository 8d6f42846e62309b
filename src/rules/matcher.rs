//! A rule's regex: the regex crate's automata put together for the rules
//! ([`super::rule_engine`]), built from a syntax tree so that lexicons are
//! parsed once ([`super::splice`]) or read from known automata, behind the
//! few calls the engine makes; the patterns the code reads and the
//! lexicons' searches run on it too.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::rule_engine::{Engine, EngineCache};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::{Input, PatternID};
use regex_syntax::hir::{Hir, HirKind};

use super::known_nfas::{KnownEngine, KnownReverse};
use super::lexicon::AliasTrie;
use super::lexicon_walk::TrieWalk;
use super::Lexicon;

/// A compiled rule regex. It matches as `regex::Regex` does (leftmost
/// first, UTF-8, never splitting a character).
///
/// A rule compiled on first use ([`RuleRegex::lazy`]) builds its engine
/// for the text it first searches: for a short text a light one, only the
/// forward automaton run by the backtracker (half the build: no reverse
/// automaton, no lazy DFA); once the rule has searched [`LIGHT_UP_TO`]
/// bytes, or meets a longer text, the full one ([`Engine`]). Both find
/// the same matches (a test compares them on every rule).
#[derive(Debug)]
pub struct RuleRegex {
    /// The tree, until the full engine is built.
    tree: Mutex<Tree>,
    /// The reverse NFA of the full engine, when known: then the tree is
    /// never built.
    reverse: Option<KnownReverse>,
    /// The capture groups, read from the tree (or the known NFA): the same
    /// as both engines'.
    groups: GroupInfo,
    light: OnceLock<Engine>,
    full: OnceLock<Engine>,
    /// Bytes the light engine was chosen for so far.
    light_bytes: AtomicUsize,
    /// The bytes it may be chosen for: [`LIGHT_UP_TO`], less for a code
    /// pattern ([`PATTERN_LIGHT_UP_TO`]).
    light_up_to: usize,
    /// The rule's pattern as written, for the message of an engine that
    /// does not build (the expansion is long, and built only on demand).
    label: String,
    /// Search caches of the full engine lent whole to one thread at a time
    /// ([`Self::lend_cache`]), so that the threads of a batch share one
    /// warm lazy DFA instead of each building its own.
    spare: Mutex<Vec<SearchCache>>,
    /// The light engine's caches, for searches that borrow none.
    light_spare: Mutex<Vec<EngineCache>>,
    /// Whether a cache was ever lent: until then the rule is free to take.
    lent: AtomicBool,
}

/// Bytes a rule searches with its light engine before it builds the full
/// one: about where the light engine's slower search passes the full
/// build and its lazy DFA's learning. Single articles, in instructions
/// against full engines only: 3 KB -21%, 14 KB -20%, 60 KB -8%; at 120
/// KB the light engine would cost 5% more, at 250 KB half as much again.
pub const LIGHT_UP_TO: usize = 64 << 10;

/// [`LIGHT_UP_TO`] for a code pattern ([`PatternRegex`]), which searches
/// short stretches many times: its light engine costs more a byte, and
/// spares building the full one only for a short article. Measured on
/// the 2 KB article and a warm quote stage (0.97 MB): full from the first
/// search 63.9M and 37.3M instructions; light up to 2 KB 61.1M and 37.5M;
/// up to 8 KB 61.3M and 40.0M; up to 32 KB 60.8M and 44.5M.
pub const PATTERN_LIGHT_UP_TO: usize = 2 << 10;

impl Clone for RuleRegex {
    /// A clone starts with no caches of its own.
    fn clone(&self) -> RuleRegex {
        RuleRegex {
            tree: Mutex::new(self.tree.lock().unwrap_or_else(|e| e.into_inner()).clone()),
            reverse: self.reverse,
            groups: self.groups.clone(),
            light: self.light.clone(),
            full: self.full.clone(),
            light_bytes: AtomicUsize::new(self.light_bytes.load(Ordering::Relaxed)),
            light_up_to: self.light_up_to,
            label: self.label.clone(),
            spare: Mutex::new(Vec::new()),
            light_spare: Mutex::new(Vec::new()),
            lent: AtomicBool::new(false),
        }
    }
}

/// A rule regex's search cache (its lazy DFA's states and the engines'
/// scratch space), lent by [`RuleRegex::lend_cache`]: boxed, as it moves
/// in and out of the spares at each search of a code pattern.
#[derive(Debug)]
pub struct SearchCache(Box<EngineCache>);

/// The capture spans of the last search (see [`RuleRegex::captures_read_at`]).
#[derive(Debug, Clone)]
pub struct Locations(Captures);

impl Locations {
    /// The byte span of capture group `g`, if it took part.
    pub fn get(&self, g: usize) -> Option<(usize, usize)> {
        self.0.get_group(g).map(|s| (s.start, s.end))
    }

    /// The number of capture groups, the whole match included.
    pub fn len(&self) -> usize {
        self.0.group_len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The match the last search wrote here, in `hay`.
    fn found<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        let m = self.0.get_match()?;
        Some(Found {
            hay,
            start: m.start(),
            end: m.end(),
        })
    }
}

/// A match: its span in the haystack.
#[derive(Debug, Clone, Copy)]
pub struct Found<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }
}

/// A pattern the code reads (the quote stage's `quote_*` pieces): it
/// matches as `regex::Regex` of the same pattern does (a test compares
/// them on every piece over the corpus), on the rules' engine
/// ([`RuleRegex`]). The embedded pieces' automata are known
/// ([`super::known_nfas`], by the key of the expanded pattern): with
/// their lexicons inlined these patterns are large, and building them
/// through the regex crate (parse, forward and reverse NFAs, literal
/// search) cost a 2 KB article with quotes 23.5M of its 113.4M
/// instructions. A piece not in the file (a user's) is built whole at
/// once, so that its error shows at load.
///
/// The full engine (lazy DFAs) after its first [`PATTERN_LIGHT_UP_TO`]
/// bytes, or from the start for the code's patterns in a large batch
/// ([`super::RuleSet::pattern`]): the quote stage makes
/// thousands of short searches, which the light one's backtracker ran at
/// twice the cost (per 0.97 MB, the stage's first pass 111.6M against
/// 69.0M instructions). A short article's few searches spare building it.
#[derive(Debug, Clone)]
pub struct PatternRegex(RuleRegex);

impl PatternRegex {
    /// The regex of an expanded pattern; errors read as the regex crate's.
    pub fn new(source: &str, case_insensitive: bool) -> Result<PatternRegex, String> {
        let key = super::known_nfas::pattern_key(source, case_insensitive);
        let owned = source.to_string();
        PatternRegex::of_tree(key, move || parse_pattern(&owned, case_insensitive), source)
    }

    /// The regex of the tree `tree` makes, read from its known automata
    /// when `key` has them (the tree is then made only if needed).
    fn of_tree(
        key: u64,
        tree: impl Fn() -> Result<Hir, String> + Send + Sync + 'static,
        label: &str,
    ) -> Result<PatternRegex, String> {
        if let Some(known) = super::known_nfas::lookup(key) {
            let mut re = RuleRegex::known(known, tree, label)?;
            re.light_up_to = PATTERN_LIGHT_UP_TO;
            return Ok(PatternRegex(re));
        }
        RuleRegex::from_tree(&tree()?, label).map(PatternRegex)
    }

    pub fn is_match(&self, hay: &str) -> bool {
        self.0.is_match(hay)
    }

    /// Builds the engine a run over `bytes` of text would choose, now
    /// ([`RuleRegex::prepare`]).
    pub(super) fn prepare(&self, bytes: usize) {
        self.0.prepare(bytes);
    }

    /// The first match in `hay`.
    pub fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        self.0.find_at(hay, 0)
    }

    /// Every match in `hay`, left to right, not overlapping: one search
    /// cache for them all (taking and giving one back at each match was a
    /// tenth of a lexicon's search).
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        let mut steps = Steps::new(hay);
        let mut lent = Lent {
            re: &self.0,
            cache: None,
        };
        std::iter::from_fn(move || {
            let (re, cache) = (lent.re, &mut lent.cache);
            steps.next(|at| re.find_at_with(cache, hay, at))
        })
    }

    /// Group `index` of every match in `hay`, left to right (`None` for a
    /// match it took no part in).
    pub fn group_iter<'r, 'h>(
        &'r self,
        hay: &'h str,
        index: usize,
    ) -> impl Iterator<Item = Option<Found<'h>>> + 'r
    where
        'h: 'r,
    {
        let mut locs = self.0.capture_locations();
        let mut steps = Steps::new(hay);
        std::iter::from_fn(move || {
            steps.next(|at| self.0.captures_read_at(&mut locs, hay, at))?;
            Some(
                locs.get(index)
                    .map(|(start, end)| Found { hay, start, end }),
            )
        })
    }

    /// Group `index` of the first match in `hay`: `None` without a match,
    /// `Some(None)` when the group took no part in it.
    pub fn group<'h>(&self, hay: &'h str, index: usize) -> Option<Option<Found<'h>>> {
        let mut locs = self.0.capture_locations();
        self.0.captures_read(&mut locs, hay)?;
        Some(
            locs.get(index)
                .map(|(start, end)| Found { hay, start, end }),
        )
    }
}

/// A search cache a [`PatternRegex`] iteration holds until it is dropped.
struct Lent<'r> {
    re: &'r RuleRegex,
    cache: Option<SearchCache>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.cache.take() {
            self.re.give_back(c);
        }
    }
}

/// A code pattern parsed as the regex crate parses it.
fn parse_pattern(source: &str, case_insensitive: bool) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .utf8(true)
        .build()
        .parse(source)
        .map_err(|e| e.to_string())
}

/// Where the next search of an iteration over matches starts, as the regex
/// crate's iterators go on: from the end of the last match, except that an
/// empty match where the last one ended is skipped (the search goes on a
/// character later).
struct Steps<'h> {
    hay: &'h str,
    at: usize,
    last_end: Option<usize>,
}

impl<'h> Steps<'h> {
    fn new(hay: &'h str) -> Steps<'h> {
        Steps {
            hay,
            at: 0,
            last_end: None,
        }
    }

    fn next(&mut self, mut search: impl FnMut(usize) -> Option<Found<'h>>) -> Option<Found<'h>> {
        while self.at <= self.hay.len() {
            let m = search(self.at)?;
            if m.is_empty() && self.last_end == Some(m.end()) {
                self.at = if m.end() < self.hay.len() {
                    crate::text::ceil_char(self.hay, m.end() + 1)
                } else {
                    self.hay.len() + 1
                };
                continue;
            }
            self.at = m.end();
            self.last_end = Some(m.end());
            return Some(m);
        }
        None
    }
}

/// The tree a rule regex's engines are built from.
#[derive(Clone)]
enum Tree {
    Built(Arc<Hir>),
    /// To build if the full engine needs it (its reverse NFA not known):
    /// the light engine was read from a known NFA ([`super::known_nfas`]).
    Later(Arc<dyn Fn() -> Result<Hir, String> + Send + Sync>),
    /// The full engine is built: no engine needs it again.
    Gone,
}

impl std::fmt::Debug for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tree::Built(h) => f.debug_tuple("Built").field(h).finish(),
            Tree::Later(_) => f.write_str("Later"),
            Tree::Gone => f.write_str("Gone"),
        }
    }
}

impl RuleRegex {
    /// Builds the regex of a parsed pattern now (its full engine, so that
    /// an error shows); `label` names it in a panic.
    pub(super) fn from_tree(hir: &Hir, label: &str) -> Result<RuleRegex, String> {
        let full = Engine::build(hir, true, None)?;
        let re = RuleRegex::new(Tree::Gone, groups_of(hir)?, label);
        let _ = re.full.set(full);
        Ok(re)
    }

    /// The regex of a parsed pattern, its engine built on first search
    /// (see [`RuleRegex`]). An engine that does not build then panics: a
    /// rule compiled lazily is one of the embedded rules, which the test
    /// suite builds.
    pub(super) fn lazy(hir: Hir, label: &str) -> Result<RuleRegex, String> {
        let groups = groups_of(&hir)?;
        Ok(RuleRegex::new(Tree::Built(Arc::new(hir)), groups, label))
    }

    /// The regex whose NFAs were compiled before ([`super::known_nfas`]):
    /// its light engine is built on the forward one, its full engine on
    /// both; `tree` builds the tree only if the reverse one is not known.
    pub(super) fn known(
        known: KnownEngine,
        tree: impl Fn() -> Result<Hir, String> + Send + Sync + 'static,
        label: &str,
    ) -> Result<RuleRegex, String> {
        let groups = known.forward.group_info().clone();
        let mut re = RuleRegex::new(Tree::Later(Arc::new(tree)), groups, label);
        let _ = re.light.set(Engine::light(known.forward)?);
        re.reverse = known.reverse;
        Ok(re)
    }

    fn new(tree: Tree, groups: GroupInfo, label: &str) -> RuleRegex {
        RuleRegex {
            tree: Mutex::new(tree),
            reverse: None,
            groups,
            light: OnceLock::new(),
            full: OnceLock::new(),
            light_bytes: AtomicUsize::new(0),
            light_up_to: LIGHT_UP_TO,
            label: label.to_string(),
            spare: Mutex::new(Vec::new()),
            light_spare: Mutex::new(Vec::new()),
            lent: AtomicBool::new(false),
        }
    }

    /// The tree the engines are built from (built now if need be), until
    /// the full one is.
    pub(super) fn tree(&self) -> Option<Arc<Hir>> {
        self.tree_now().ok()
    }

    fn tree_now(&self) -> Result<Arc<Hir>, String> {
        let mut tree = self.tree.lock().unwrap_or_else(|e| e.into_inner());
        match &*tree {
            Tree::Built(h) => Ok(h.clone()),
            Tree::Later(make) => {
                let h = Arc::new(make()?);
                *tree = Tree::Built(h.clone());
                Ok(h)
            }
            Tree::Gone => Err("no tree to build from".into()),
        }
    }

    fn built(&self, light: bool, r: Result<Engine, String>) -> Engine {
        r.unwrap_or_else(|e| {
            let kind = if light { "light" } else { "full" };
            panic!("the {kind} engine of `{}` does not build: {e}", self.label)
        })
    }

    /// The full engine, built now if need be.
    fn full(&self) -> &Engine {
        self.full
            .get_or_init(|| self.built(false, self.full_from_tree()))
    }

    /// Builds the full engine from the tree (and the light engine's NFA,
    /// when it has one), which neither engine needs after that.
    fn full_from_tree(&self) -> Result<Engine, String> {
        let known = self.light.get().zip(self.reverse.and_then(|r| r.read()));
        let full = match known {
            Some((light, reverse)) => Engine::full_on(light, reverse)?,
            None => Engine::build(&*self.tree_now()?, true, self.light.get())?,
        };
        *self.tree.lock().unwrap_or_else(|e| e.into_inner()) = Tree::Gone;
        Ok(full)
    }

    /// The light engine, built now if need be; `None` once the tree is
    /// gone (the full engine is built).
    fn light(&self) -> Option<&Engine> {
        if let Some(light) = self.light.get() {
            return Some(light);
        }
        let tree = self.tree()?;
        Some(
            self.light
                .get_or_init(|| self.built(true, Engine::build(&tree, false, None))),
        )
    }

    /// Whether a search of `len` bytes takes the light engine (building it
    /// if need be): only while the full one is not built and the rule has
    /// not searched [`LIGHT_UP_TO`] bytes with it. Counts the bytes.
    pub fn light_for(&self, len: usize) -> bool {
        if self.full.get().is_some() {
            return false;
        }
        let searched = self.light_bytes.fetch_add(len, Ordering::Relaxed) + len;
        searched <= self.light_up_to && self.light().is_some()
    }

    /// Runs `f` on the engine for a search of `len` bytes
    /// ([`Self::light_for`]) with a cache of its own.
    fn with_engine<R>(&self, len: usize, f: impl FnOnce(&Engine, &mut EngineCache) -> R) -> R {
        if self.light_for(len) {
            if let Some(light) = self.light.get() {
                return self.with_light(light, f);
            }
        }
        self.with_full(f)
    }

    fn with_light<R>(&self, light: &Engine, f: impl FnOnce(&Engine, &mut EngineCache) -> R) -> R {
        let spare = || self.light_spare.lock().unwrap_or_else(|e| e.into_inner());
        let mut cache = spare().pop().unwrap_or_else(|| light.create_cache());
        let r = f(light, &mut cache);
        spare().push(cache);
        r
    }

    fn with_full<R>(&self, f: impl FnOnce(&Engine, &mut EngineCache) -> R) -> R {
        let mut cache = self.spare_cache();
        let r = f(self.full(), &mut cache.0);
        self.give_back(cache);
        r
    }

    /// A full engine's cache given back last (the warmest), or a new one.
    fn spare_cache(&self) -> SearchCache {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| SearchCache(Box::new(self.full().create_cache())))
    }

    /// Builds the engine a run over `bytes` of text would choose, now
    /// (for building many rules at once on all cores), without counting
    /// the bytes.
    pub fn prepare(&self, bytes: usize) {
        self.prepare_scan(bytes, usize::MAX);
    }

    /// Builds the engine for a rule a batch expects to scan `scan` bytes
    /// with: the light one while that is at most `per_state` bytes for
    /// each state of its NFA (the full one's reverse NFA and lazy DFAs
    /// cost more to build and learn the larger the NFA), else the full
    /// one. A light rule still builds the full one past [`LIGHT_UP_TO`]
    /// bytes searched.
    pub fn prepare_scan(&self, scan: usize, per_state: usize) {
        if self.full.get().is_some() {
            return;
        }
        let searched = self
            .light_bytes
            .load(Ordering::Relaxed)
            .saturating_add(scan);
        // The light engine is built only when it may be kept.
        let light = searched <= self.light_up_to
            && self
                .light()
                .is_some_and(|l| scan <= l.nfa_states().saturating_mul(per_state));
        if !light {
            self.full();
        }
    }

    /// Whether an engine is built (else the first search builds one).
    pub fn is_built(&self) -> bool {
        self.full.get().is_some() || self.light.get().is_some()
    }

    /// The states of the regex's NFA, if an engine is built.
    pub(super) fn nfa_states(&self) -> Option<usize> {
        let engine = self.full.get().or_else(|| self.light.get())?;
        Some(engine.nfa_states())
    }

    /// Whether the full engine is built.
    pub fn is_full(&self) -> bool {
        self.full.get().is_some()
    }

    /// Builds the full engine now, so that an error shows.
    pub fn build_now(&self) -> Result<(), String> {
        if self.full.get().is_none() {
            let _ = self.full.set(self.full_from_tree()?);
        }
        Ok(())
    }

    /// The name of each capture group, by index (`None` for unnamed ones).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.groups.pattern_names(PatternID::ZERO)
    }

    /// A place for [`Self::captures_read_at`] to write capture spans.
    pub fn capture_locations(&self) -> Locations {
        Locations(Captures::all(self.groups.clone()))
    }

    /// The first match in `hay` starting at or after `at` (the text
    /// before `at` still counts for `\b` and `^`), its captures in `locs`.
    pub fn captures_read_at<'h>(
        &self,
        locs: &mut Locations,
        hay: &'h str,
        at: usize,
    ) -> Option<Found<'h>> {
        self.captures_in(locs, hay, at..hay.len())
    }

    /// The first match inside `span` of `hay`, its captures in `locs`.
    /// `\b` and `^` at the span's ends see the text around it, as a
    /// search of the whole text would.
    pub fn captures_in<'h>(
        &self,
        locs: &mut Locations,
        hay: &'h str,
        span: std::ops::Range<usize>,
    ) -> Option<Found<'h>> {
        let input = Input::new(hay).span(span);
        self.with_engine(input.get_span().len(), |e, c| {
            e.search_captures(c, &input, &mut locs.0)
        });
        locs.found(hay)
    }

    /// [`Self::captures_in`] with the engine [`Self::light_for`] chose
    /// (the full one if it is built since), the bytes already counted.
    pub fn captures_in_light<'h>(
        &self,
        locs: &mut Locations,
        hay: &'h str,
        span: std::ops::Range<usize>,
    ) -> Option<Found<'h>> {
        let input = Input::new(hay).span(span);
        let search = |e: &Engine, c: &mut EngineCache| e.search_captures(c, &input, &mut locs.0);
        match (self.full.get(), self.light.get()) {
            (None, Some(light)) => self.with_light(light, search),
            _ => self.with_full(search),
        }
        locs.found(hay)
    }

    /// [`Self::captures_in`] with a cache of this regex's own
    /// ([`Self::lend_cache`]).
    pub fn captures_in_with<'h>(
        &self,
        cache: &mut SearchCache,
        locs: &mut Locations,
        hay: &'h str,
        span: std::ops::Range<usize>,
    ) -> Option<Found<'h>> {
        let input = Input::new(hay).span(span);
        self.full()
            .search_captures(&mut cache.0, &input, &mut locs.0);
        locs.found(hay)
    }

    /// A search cache to use for as long as wanted and give back
    /// ([`Self::give_back`]): the one given back last (the warmest), or a
    /// new one when all are out. The regex crate's own pool gives each
    /// thread a cache of its own, so two threads each learned every
    /// rule's automaton: on a fresh 5 MB batch, a third of the match
    /// stage on two threads.
    pub fn lend_cache(&self) -> SearchCache {
        self.lent.store(true, Ordering::Relaxed);
        self.spare_cache()
    }

    /// Takes back a cache lent by [`Self::lend_cache`].
    pub fn give_back(&self, cache: SearchCache) {
        self.spare
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(cache);
    }

    /// Whether a cache is waiting to be lent (or none was ever lent): a
    /// thread that finds none would learn the automaton afresh.
    pub fn cache_idle(&self) -> bool {
        !self.lent.load(Ordering::Relaxed)
            || !self
                .spare
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
    }

    /// [`Self::captures_read_at`] from the start.
    pub fn captures_read<'h>(&self, locs: &mut Locations, hay: &'h str) -> Option<Found<'h>> {
        self.captures_read_at(locs, hay, 0)
    }

    /// The first match in `hay`.
    pub fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        self.find_at(hay, 0)
    }

    /// The first match in `hay` starting at or after `at` (the text before
    /// it still counts for `\b` and `^`).
    pub fn find_at<'h>(&self, hay: &'h str, at: usize) -> Option<Found<'h>> {
        let input = Input::new(hay).span(at..hay.len());
        let (start, end) = self.with_engine(hay.len() - at, |e, c| e.find(c, &input))?;
        Some(Found { hay, start, end })
    }

    /// [`Self::find_at`] on the full engine with a cache taken once
    /// (into `cache`) and kept by the caller.
    fn find_at_with<'h>(
        &self,
        cache: &mut Option<SearchCache>,
        hay: &'h str,
        at: usize,
    ) -> Option<Found<'h>> {
        let cache = cache.get_or_insert_with(|| self.spare_cache());
        let input = Input::new(hay).span(at..hay.len());
        let (start, end) = self.full().find(&mut cache.0, &input)?;
        Some(Found { hay, start, end })
    }

    /// Whether the regex matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.with_engine(hay.len(), |e, c| e.is_match(c, &Input::new(hay)))
    }

    /// Every match in `hay`, left to right, not overlapping (a rule never
    /// matches the empty string: the next search starts at the end).
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at > hay.len() {
                return None;
            }
            let found = self.find_at(hay, at)?;
            let (start, end) = (found.start, found.end);
            at = if end > start {
                end
            } else if end < hay.len() {
                crate::text::ceil_char(hay, end + 1)
            } else {
                hay.len() + 1
            };
            Some(found)
        })
    }

    /// The index of the capture group called `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.capture_names().position(|n| n == Some(name))
    }
}

/// The capture groups of a tree, as the regex crate numbers them (by
/// the index the parser gave each group; group 0 the whole match).
fn groups_of(hir: &Hir) -> Result<GroupInfo, String> {
    fn walk(h: &Hir, names: &mut Vec<Option<String>>) {
        // Most of a rule's tree is its lexicons: no group inside.
        if h.properties().explicit_captures_len() == 0 {
            return;
        }
        match h.kind() {
            HirKind::Capture(c) => {
                let i = c.index as usize;
                if names.len() <= i {
                    names.resize(i + 1, None);
                }
                names[i] = c.name.as_deref().map(str::to_string);
                walk(&c.sub, names);
            }
            HirKind::Concat(hs) | HirKind::Alternation(hs) => {
                for x in hs {
                    walk(x, names);
                }
            }
            HirKind::Repetition(r) => walk(&r.sub, names),
            _ => {}
        }
    }
    let mut names = vec![None];
    walk(hir, &mut names);
    GroupInfo::new([names]).map_err(|e| e.to_string())
}

/// A lexicon's own search (its aliases, case-insensitive), for the
/// searches the facts stages make with it: matches only, no groups. It
/// matches as `regex::Regex` built from the lexicon's alternation does
/// (unit tests compare them on every lexicon). It starts by walking the
/// lexicon's trie ([`TrieWalk`]), with nothing to build: a short input
/// never pays the regex's build (the six lexicons the facts stages search
/// took 20 ms of CPU to build, a third of a one-sentence run's
/// instructions). Once it has searched [`WALK_UP_TO`] bytes it builds the regex,
/// which searches long runs of text about three times faster.
#[derive(Debug)]
pub struct LexiconRegex {
    walk: Option<TrieWalk>,
    /// What the regex is built from.
    source: Source,
    /// The regex, once built (`None` inside: it did not build, so the
    /// walk goes on).
    regex: OnceLock<Option<PatternRegex>>,
    /// Bytes searched by walking so far.
    walked: AtomicUsize,
}

/// What a lexicon's search builds its regex from.
#[derive(Debug, Clone)]
enum Source {
    /// The lexicon's aliases (with the leading boundary), whose trie and
    /// alternation are made only when the regex is built: the embedded
    /// lexicons' walks are known ([`super::known_walks`]), so a search
    /// that only walks (every search of a short input) never needs them.
    Aliases(Arc<AliasTrie>),
    /// An alternation alone (what the tests compare the walk with).
    #[cfg_attr(not(test), allow(dead_code))]
    Alternation(String),
}

/// Bytes a lexicon's search walks before it builds its regex: about
/// where the walk's extra time passes the regex's build.
pub const WALK_UP_TO: usize = 256 << 10;

impl Clone for LexiconRegex {
    fn clone(&self) -> LexiconRegex {
        LexiconRegex {
            walk: self.walk.clone(),
            source: self.source.clone(),
            regex: self.regex.clone(),
            walked: AtomicUsize::new(self.walked.load(Ordering::Relaxed)),
        }
    }
}

impl LexiconRegex {
    /// The search of a lexicon: its trie walked, or its regex when the
    /// walk cannot read the trie (built now, so that its error shows).
    pub fn of(lex: &Lexicon) -> Result<LexiconRegex, String> {
        let trie = lex.alias_trie(true);
        let walk = super::known_walks::lookup(trie.key()).or_else(|| TrieWalk::new(trie.trie()));
        let search = LexiconRegex {
            walk,
            source: Source::Aliases(trie),
            regex: OnceLock::new(),
            walked: AtomicUsize::new(0),
        };
        if search.walk.is_none() {
            let built = search.build_regex()?;
            let _ = search.regex.set(Some(built));
        }
        Ok(search)
    }

    /// The alternation the regex is built from ([`Lexicon::regex`]).
    #[cfg(test)]
    fn alternation(&self) -> &str {
        match &self.source {
            Source::Aliases(t) => t.alternation(),
            Source::Alternation(a) => a,
        }
    }

    /// The search of a lexicon's alternation by its regex alone (what
    /// the tests compare the walk and the regex crate with).
    #[cfg(test)]
    pub(crate) fn new(alternation: &str) -> Result<LexiconRegex, String> {
        let regex = PatternRegex::new(alternation, true)?;
        Ok(LexiconRegex {
            walk: None,
            source: Source::Alternation(alternation.to_string()),
            regex: OnceLock::from(Some(regex)),
            walked: AtomicUsize::new(0),
        })
    }

    /// The lexicon's regex, on the rules' engine ([`PatternRegex`]): the
    /// embedded searched lexicons' automata are known
    /// ([`super::known_nfas`], by the key of their aliases); another's are
    /// compiled from the tree its trie gives (what its alternation parses
    /// to, case-insensitive: [`super::splice`]), without parsing the
    /// alternation. Building the six regexes through the regex crate was
    /// 78M instructions of a fresh 0.97 MB batch.
    fn build_regex(&self) -> Result<PatternRegex, String> {
        match &self.source {
            Source::Aliases(t) => {
                let trie = t.clone();
                let tree = move || Ok(super::splice::lexicon_tree(trie.trie(), true, true));
                PatternRegex::of_tree(super::known_nfas::lexicon_key(t.key()), tree, "lexicon")
            }
            Source::Alternation(a) => PatternRegex::new(a, true),
        }
    }

    /// Whether searches walk the lexicon's trie (its regex not built).
    pub fn walks(&self) -> bool {
        self.walk.is_some() && self.regex.get().is_none_or(Option::is_none)
    }

    /// Builds the regex now (for a long run, on a core that is free).
    pub fn prebuild(&self) {
        self.regex.get_or_init(|| self.build_regex().ok());
    }

    /// The regex to search `len` bytes with, or `None` to walk: the walk
    /// until [`WALK_UP_TO`] bytes have been walked.
    fn regex_for(&self, len: usize) -> Option<&PatternRegex> {
        if let Some(built) = self.regex.get() {
            return built.as_ref();
        }
        let walked = self.walked.fetch_add(len, Ordering::Relaxed) + len;
        if self.walk.is_some() && walked <= WALK_UP_TO {
            return None;
        }
        self.regex.get_or_init(|| self.build_regex().ok()).as_ref()
    }

    /// The first match in `hay`.
    pub fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        let (start, end) = match (self.regex_for(hay.len()), &self.walk) {
            (Some(regex), _) => {
                let m = regex.find(hay)?;
                (m.start(), m.end())
            }
            (None, Some(walk)) => walk.find_at(hay, 0)?,
            (None, None) => return None,
        };
        Some(Found { hay, start, end })
    }

    /// Every match in `hay`, left to right, not overlapping.
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        let mut matches = self.regex_for(hay.len()).map(|r| r.find_iter(hay));
        let walk = self.walk.as_ref().filter(|_| matches.is_none());
        let mut at = 0;
        std::iter::from_fn(move || {
            let (start, end) = match (matches.as_mut(), walk) {
                (Some(it), _) => {
                    let m = it.next()?;
                    (m.start(), m.end())
                }
                (None, Some(walk)) => {
                    // A walk never matches the empty string (else there
                    // is no walk): the next search starts at the end.
                    let (s, e) = walk.find_at(hay, at)?;
                    at = e;
                    (s, e)
                }
                (None, None) => return None,
            };
            Some(Found { hay, start, end })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str) -> RuleRegex {
        let hir = regex_syntax::parse(pattern).expect("parses");
        RuleRegex::from_tree(&hir, pattern).expect("builds")
    }

    /// A code pattern searches its first [`PATTERN_LIGHT_UP_TO`] bytes
    /// with its light engine, then builds the full one; in a rule set told
    /// of a large batch it is full from the start. Both find the same.
    #[test]
    fn a_code_pattern_is_light_for_a_short_article_only() {
        use crate::rules::contract::Pat;
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let re = rules.pattern(Pat::QuoteAdding).expect("the piece");
        assert!(!re.0.is_full(), "light at first");
        let short = "He told reporters, adding that ";
        assert!(re.is_match(short));
        assert!(!re.0.is_full(), "still light after {} bytes", short.len());
        let long = format!("{}and so, adding ", "x".repeat(PATTERN_LIGHT_UP_TO));
        assert!(re.is_match(&long));
        assert!(re.0.is_full(), "full past the light budget");
        assert!(re.is_match(short));
        let batch = crate::rules::RuleSet::builtin().expect("built-in rules load");
        batch.expect_input(1 << 20);
        let re = batch.pattern(Pat::QuoteAdding).expect("the piece");
        assert!(re.0.is_full(), "a large batch builds it full");
        assert!(re.is_match(short));
    }

    /// Every span of every match of `re` in `hay`, found by `search`.
    fn all_matches(
        re: &RuleRegex,
        hay: &str,
        search: impl Fn(&RuleRegex, &mut Locations, &str, usize) -> bool,
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        let mut locs = re.capture_locations();
        let (mut out, mut at) = (Vec::new(), 0);
        while at <= hay.len() && search(re, &mut locs, hay, at) {
            let groups: Vec<_> = (0..locs.len()).map(|g| locs.get(g)).collect();
            let (s, e) = groups[0].expect("a match");
            at = if e > s {
                e
            } else {
                crate::text::ceil_char(hay, e + 1)
            };
            out.push(groups);
        }
        out
    }

    /// A rule built lazily searches a short text with its light engine,
    /// a long one with its full engine: both read the same capture groups
    /// (from the tree, before either is built) and find the same matches
    /// with the same captures, on every rule over the corpus.
    #[test]
    fn the_light_and_the_full_engine_agree() {
        let rules = super::super::RuleSet::builtin().expect("built-in rules load");
        let as_read = crate::testing::corpus_texts_as_read();
        for rule in &rules.rules {
            let (tree, folds) = super::super::compile::engine_tree(rule).expect("a tree");
            let full = RuleRegex::from_tree(&tree, &rule.pattern).expect("builds");
            let light = RuleRegex::lazy(tree, &rule.pattern).expect("builds");
            assert!(
                light.light_for(0),
                "{}: a short text takes the light engine",
                rule.id
            );
            assert!(light.light.get().is_some() && light.full.get().is_none());
            let names: Vec<_> = light.capture_names().collect();
            assert_eq!(
                names,
                full.capture_names().collect::<Vec<_>>(),
                "{}",
                rule.id
            );
            for hay in &as_read[usize::from(folds)] {
                let by_light = all_matches(&light, hay, |re, locs, hay, at| {
                    re.captures_in_light(locs, hay, at..hay.len()).is_some()
                });
                let by_full = all_matches(&full, hay, |re, locs, hay, at| {
                    re.captures_in(locs, hay, at..hay.len()).is_some()
                });
                assert_eq!(by_light, by_full, "{}", rule.id);
            }
            // Past its light budget a search builds the full engine.
            assert!(!light.light_for(LIGHT_UP_TO + 1));
            light.captures_in(&mut light.capture_locations(), "x", 0..1);
            assert!(
                light.full.get().is_some(),
                "{}: then the full engine",
                rule.id
            );
        }
    }

    /// A rule whose engine's NFA is known ([`super::super::known_nfas`])
    /// reads the same capture groups and finds the same matches as the
    /// regex built from its tree: with its light engine, then with its
    /// full one, whose tree it builds only then.
    #[test]
    fn a_known_engine_agrees_with_the_one_built_from_the_tree() {
        let rules = super::super::RuleSet::builtin().expect("built-in rules load");
        let as_read = crate::testing::corpus_texts_as_read();
        let mut known = 0;
        for rule in &rules.rules {
            let re = rule.engine_regex();
            if !matches!(*re.tree.lock().unwrap(), Tree::Later(_)) {
                continue;
            }
            known += 1;
            let (tree, folds) = super::super::compile::engine_tree(rule).expect("a tree");
            let built = RuleRegex::from_tree(&tree, &rule.pattern).expect("builds");
            let names: Vec<_> = re.capture_names().collect();
            assert_eq!(names, built.capture_names().collect::<Vec<_>>());
            let search = |re: &RuleRegex, hay: &str, light: bool| {
                all_matches(re, hay, |re, locs, hay, at| match light {
                    true => re.captures_in_light(locs, hay, at..hay.len()).is_some(),
                    false => re.captures_in(locs, hay, at..hay.len()).is_some(),
                })
            };
            let hays = &as_read[usize::from(folds)];
            let want: Vec<_> = hays.iter().map(|h| search(&built, h, false)).collect();
            for (hay, want) in hays.iter().zip(&want) {
                assert_eq!(&search(re, hay, true), want, "{}: light", rule.id);
            }
            re.build_now().expect("the full engine builds");
            assert!(matches!(*re.tree.lock().unwrap(), Tree::Gone));
            for (hay, want) in hays.iter().zip(&want) {
                assert_eq!(&search(re, hay, false), want, "{}: full", rule.id);
            }
        }
        assert!(known * 10 >= rules.rules.len() * 8, "{known} rules known");
    }

    /// A lexicon's regex built from its trie's tree (or read from its
    /// known automata) finds what the regex crate's regex of its
    /// alternation finds: every lexicon, over the corpus.
    #[test]
    fn a_lexicon_regex_from_its_tree_is_the_parsed_one() {
        let rules = super::super::RuleSet::builtin().expect("built-in rules load");
        let texts = crate::testing::corpus_texts();
        let mut found = 0;
        for lex in rules.lexicons.values() {
            let search = LexiconRegex::of(lex).expect("a search");
            let from_tree = search.build_regex().expect("builds from the tree");
            let parsed = regex::RegexBuilder::new(search.alternation())
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .expect("builds");
            for t in &texts {
                let want: Vec<_> = parsed.find_iter(t).map(|m| (m.start(), m.end())).collect();
                found += want.len();
                let got: Vec<_> = from_tree
                    .find_iter(t)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                assert_eq!(got, want, "{}", lex.name);
            }
        }
        assert!(found > 1000, "{found} matches");
    }

    /// A search renders its alternation only when it builds its regex,
    /// from the aliases it keeps: the same alternation as the lexicon's
    /// own, on every lexicon (units end without a boundary).
    #[test]
    fn a_search_renders_the_lexicons_alternation() {
        let rules = super::super::RuleSet::builtin().expect("built-in rules load");
        for lex in rules.lexicons.values() {
            let search = LexiconRegex::of(lex).expect("a search");
            let rendered = match &search.source {
                Source::Aliases(t) => t.has_alternation(),
                Source::Alternation(_) => true,
            };
            assert!(!rendered || search.walk.is_none());
            assert_eq!(search.alternation(), lex.regex(true), "{}", lex.name);
        }
    }

    #[test]
    fn a_span_sees_the_text_around_it() {
        let re = regex(r"(?-u:\b)(?P<drug>cocaine)(?-u:\b)");
        let mut locs = re.capture_locations();
        // "cocaine" ends the span but not the word: no match, as in a
        // search of the whole text; a haystack cut there would find one.
        let text = "seized cocaines";
        assert!(re.captures_in(&mut locs, text, 0..14).is_none());
        assert!(re.captures_read_at(&mut locs, &text[..14], 0).is_some());
        // Nor may a match start in the middle of a word before the span.
        assert!(re.captures_in(&mut locs, "xcocaine", 1..8).is_none());
        let m = re
            .captures_in(&mut locs, "seized cocaine.", 0..14)
            .expect("a match inside the span");
        assert_eq!((m.start(), m.end()), (7, 14));
        assert_eq!(locs.get(1), Some((7, 14)));
        // A match must end inside the span.
        assert!(re
            .captures_in(&mut locs, "seized cocaine.", 0..10)
            .is_none());
    }
}
