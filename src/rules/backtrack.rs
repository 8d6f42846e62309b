//! A bounded backtracker over a rule's NFA, for its capture groups: the
//! same search as `regex_automata`'s `BoundedBacktracker` (depth first, in
//! the NFA's priority order, so the first match reached is the leftmost-
//! first one; each (state, position) tried at most once), with two
//! differences that matter for rules:
//!
//! - The set of (state, position) pairs tried is not cleared for each
//!   search. Each word of it carries the number of the search that wrote
//!   it, and a word from an older search reads as empty. The regex crate's backtracker
//!   zeroes states × (span + 1) bits before every search: a rule holding
//!   a lexicon has 4,000 to 13,000 states, so each capture search of a
//!   40-byte match cleared tens of kilobytes, and that memset was a tenth
//!   of the warm batch's instructions.
//! - At a fork, an alternative whose first step reads a byte that is not
//!   there is not stacked. A lexicon's trie forks into dozens of words at
//!   each letter, and all but one fail on the next byte; skipping them
//!   changes nothing, since such a state fails at once and has no effect.
//!   A full engine's wide forks look these alternates up by the byte
//!   ([`Forks`]) instead of testing each.

use regex_automata::nfa::thompson::{State, NFA};
use regex_automata::util::primitives::{NonMaxUsize, SmallIndex, StateID};
use regex_automata::{Anchored, Input, PatternID};

/// Bits of the (state, position) set a search may use, as the regex
/// crate's backtracker allows by default (256 KB); a longer search goes to
/// the PikeVM.
const VISITED_BITS: usize = 256 * 1024 * 8;

/// Whether a search of `len` bytes fits the backtracker.
pub(super) fn fits(nfa: &NFA, len: usize) -> bool {
    nfa.states()
        .len()
        .checked_mul(len + 1)
        .is_some_and(|bits| bits <= VISITED_BITS)
}

/// A fork of at least this many alternates gets a table ([`Forks`]).
const WIDE_FORK: usize = 6;

/// Offsets per wide fork: one list per byte value, one for the end of
/// the input, and the end of the last list.
const LISTS: usize = 258;

/// For each wide fork of an NFA (a `Union` of at least [`WIDE_FORK`]
/// alternates), the alternates that are not [`dead`] at each byte and at
/// the end of the input, in the fork's order: the same alternates the
/// search would keep by testing each one, found with one lookup. Testing
/// them was most of the backtracker's work: a lexicon's trie forks into
/// dozens of words at each letter.
#[derive(Debug, Clone, Default)]
pub(super) struct Forks {
    /// One bit per state: whether it is a wide fork.
    wide: Vec<u64>,
    /// Per word of `wide`, the wide forks before it: a fork's number is
    /// that and the bits below its own (a binary search of the forks was
    /// a tenth of the backtracker's steps at forks).
    ranks: Vec<u32>,
    /// [`LISTS`] offsets into `live` per wide fork: byte `b`'s alternates
    /// are `live[o[b]..o[b + 1]]`, and `o[256]..o[257]` are the ones that
    /// do not read a byte (live at the end of the input too).
    offsets: Vec<u32>,
    live: Vec<StateID>,
}

impl Forks {
    /// No tables: every fork tests its alternates.
    pub(super) const NONE: Forks = Forks {
        wide: Vec::new(),
        ranks: Vec::new(),
        offsets: Vec::new(),
        live: Vec::new(),
    };

    /// The tables of `nfa`'s wide forks.
    pub(super) fn of(nfa: &NFA) -> Forks {
        let states = nfa.states();
        let mut forks = Forks::default();
        for (i, state) in states.iter().enumerate() {
            let State::Union { alternates } = state else {
                continue;
            };
            if alternates.len() < WIDE_FORK {
                continue;
            }
            if forks.wide.is_empty() {
                forks.wide = vec![0; states.len().div_ceil(64)];
            }
            forks.wide[i / 64] |= 1 << (i % 64);
            // Counted, then filled in the fork's order: a list per byte.
            let mut count = [0u32; LISTS];
            for &alt in alternates.iter() {
                steps_on(&states[alt.as_usize()], |b| count[b] += 1);
            }
            let base = u32::try_from(forks.live.len()).expect("fork tables under 4 GB");
            let mut at = [0u32; LISTS];
            let mut sum = base;
            for b in 0..LISTS {
                at[b] = sum;
                forks.offsets.push(sum);
                sum += count[b];
            }
            forks.live.resize(sum as usize, StateID::new_unchecked(0));
            for &alt in alternates.iter() {
                steps_on(&states[alt.as_usize()], |b| {
                    forks.live[at[b] as usize] = alt;
                    at[b] += 1;
                });
            }
        }
        let mut before = 0;
        forks.ranks = forks
            .wide
            .iter()
            .map(|w| {
                let r = before;
                before += w.count_ones();
                r
            })
            .collect();
        forks
    }

    /// The live alternates of fork `sid` at `at` (`None`: not a wide fork).
    #[inline(always)]
    fn live(&self, sid: StateID, hay: &[u8], at: usize, end: usize) -> Option<&[StateID]> {
        let i = sid.as_usize();
        let (w, bit) = (*self.wide.get(i / 64)?, 1u64 << (i % 64));
        if w & bit == 0 {
            return None;
        }
        let k = self.ranks[i / 64] as usize + (w & (bit - 1)).count_ones() as usize;
        let list = if at < end { usize::from(hay[at]) } else { 256 };
        let o = &self.offsets[k * LISTS + list..k * LISTS + list + 2];
        Some(&self.live[o[0] as usize..o[1] as usize])
    }
}

/// Calls `f` with each list (byte value, or 256 for "no byte") on which
/// `state`, an alternate of a fork, is not [`dead`]: the bytes its first
/// step reads, or every list for a state that reads none (a `Dense` one
/// is kept everywhere, as [`dead`] keeps it).
fn steps_on(state: &State, mut f: impl FnMut(usize)) {
    match state {
        State::ByteRange { trans } => (trans.start..=trans.end).for_each(|b| f(usize::from(b))),
        State::Sparse(sparse) => sparse
            .transitions
            .iter()
            .for_each(|t| (t.start..=t.end).for_each(|b| f(usize::from(b)))),
        State::Fail => {}
        _ => (0..=256).for_each(f),
    }
}

/// The bytes a match can begin with, 256 bits: an unanchored search tries
/// a start only at those. A light engine searches whole runs of sentences
/// unanchored, trying every position, and each try walks the start's
/// forks (a drug list, the number words, the hedges) before its first
/// byte fails; most positions (spaces, punctuation, the letters no word
/// of the pattern begins with) cannot begin a match.
#[derive(Debug, Clone, Copy)]
pub(super) struct FirstBytes([u64; 4]);

impl FirstBytes {
    /// The first bytes of `nfa`'s matches, read from the states its
    /// anchored start reaches without a byte (a look-around taken as
    /// passed: a superset); `None` when a match can be empty, or a state
    /// reads a byte table (every start is tried then).
    pub(super) fn of(nfa: &NFA) -> Option<FirstBytes> {
        let states = nfa.states();
        let mut set = [0u64; 4];
        let mut add = |lo: u8, hi: u8| {
            for b in lo..=hi {
                set[usize::from(b / 64)] |= 1 << (b % 64);
            }
        };
        let mut seen = vec![false; states.len()];
        let mut stack = vec![nfa.start_anchored()];
        while let Some(sid) = stack.pop() {
            if std::mem::replace(&mut seen[sid.as_usize()], true) {
                continue;
            }
            match &states[sid.as_usize()] {
                State::ByteRange { trans } => add(trans.start, trans.end),
                State::Sparse(sparse) => {
                    sparse.transitions.iter().for_each(|t| add(t.start, t.end))
                }
                State::Look { next, .. } | State::Capture { next, .. } => stack.push(*next),
                State::Union { alternates } => stack.extend(alternates.iter().copied()),
                State::BinaryUnion { alt1, alt2 } => stack.extend([*alt1, *alt2]),
                State::Fail => {}
                State::Dense(_) | State::Match { .. } => return None,
            }
        }
        Some(FirstBytes(set))
    }

    #[inline(always)]
    fn has(&self, b: u8) -> bool {
        self.0[usize::from(b / 64)] & (1 << (b % 64)) != 0
    }
}

/// The backtracker's scratch space, reused from search to search.
#[derive(Debug, Clone, Default)]
struct Scratch {
    stack: Vec<Frame>,
    visited: Visited,
}

thread_local! {
    /// Each thread's scratch space, shared by every rule's searches: the
    /// visited set is up to 288 KB, and each rule zeroing one of its own
    /// (a run over a long text searches with many rules' light engines)
    /// was 3% of a fresh run over one article, its pages faulted in too.
    /// The stamps already keep one search's marks from the next.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    Step {
        sid: StateID,
        at: usize,
    },
    Restore {
        slot: SmallIndex,
        offset: Option<NonMaxUsize>,
    },
}

/// The (state, position) pairs tried in this search: a bit each, in
/// 64-bit words, each word valid only when its stamp is this search's
/// (modulo 255: every 255th search clears the stamps, an eighth of a
/// byte per word, where the regex crate cleared every bit each search).
#[derive(Debug, Clone, Default)]
struct Visited {
    words: Vec<u64>,
    stamps: Vec<u8>,
    search: u8,
    stride: usize,
}

impl Visited {
    fn start(&mut self, states: usize, len: usize) {
        self.stride = len + 1;
        let need = (states * self.stride).div_ceil(64);
        if self.words.len() < need {
            self.words.resize(need, 0);
            self.stamps.resize(need, 0);
        }
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            // No stamp may look current after the count wraps.
            self.stamps.fill(0);
            self.search = 1;
        }
    }

    /// Marks (state, offset), false if it was marked already.
    #[inline(always)]
    fn insert(&mut self, sid: StateID, offset: usize) -> bool {
        let i = sid.as_usize() * self.stride + offset;
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        if self.stamps[w] != self.search {
            self.stamps[w] = self.search;
            self.words[w] = bit;
            return true;
        }
        if self.words[w] & bit != 0 {
            return false;
        }
        self.words[w] |= bit;
        true
    }
}

/// The first match in `input` (anchored or not, as it says), its spans
/// written to `slots`; the caller checks [`fits`] first. An unanchored
/// search tries only the starts `first` allows.
pub(super) fn search(
    nfa: &NFA,
    forks: &Forks,
    first: Option<&FirstBytes>,
    input: &Input<'_>,
    slots: &mut [Option<NonMaxUsize>],
) -> Option<PatternID> {
    slots.fill(None);
    if input.is_done() {
        return None;
    }
    SCRATCH.with(|s| search_in(nfa, forks, first, &mut s.borrow_mut(), input, slots))
}

fn search_in(
    nfa: &NFA,
    forks: &Forks,
    first: Option<&FirstBytes>,
    scratch: &mut Scratch,
    input: &Input<'_>,
    slots: &mut [Option<NonMaxUsize>],
) -> Option<PatternID> {
    scratch
        .visited
        .start(nfa.states().len(), input.get_span().len());
    let (anchored, start) = match input.get_anchored() {
        Anchored::No => (nfa.is_always_start_anchored(), nfa.start_anchored()),
        Anchored::Yes => (true, nfa.start_anchored()),
        Anchored::Pattern(pid) => (true, nfa.start_pattern(pid)?),
    };
    if anchored {
        return backtrack(nfa, forks, scratch, input, input.start(), start, slots);
    }
    let Some(first) = first else {
        return (input.start()..=input.end())
            .find_map(|at| backtrack(nfa, forks, scratch, input, at, start, slots));
    };
    // No match is empty: none starts at the end, or at a byte it cannot
    // begin with.
    let (hay, end) = (input.haystack(), input.end());
    let mut at = input.start();
    loop {
        while at < end && !first.has(hay[at]) {
            at += 1;
        }
        if at >= end {
            return None;
        }
        if let Some(pid) = backtrack(nfa, forks, scratch, input, at, start, slots) {
            return Some(pid);
        }
        at += 1;
    }
}

fn backtrack(
    nfa: &NFA,
    forks: &Forks,
    scratch: &mut Scratch,
    input: &Input<'_>,
    at: usize,
    start: StateID,
    slots: &mut [Option<NonMaxUsize>],
) -> Option<PatternID> {
    scratch.stack.clear();
    scratch.stack.push(Frame::Step { sid: start, at });
    while let Some(frame) = scratch.stack.pop() {
        match frame {
            Frame::Step { sid, at } => {
                if let Some(pid) = step(nfa, forks, scratch, input, sid, at, slots) {
                    return Some(pid);
                }
            }
            Frame::Restore { slot, offset } => slots[slot] = offset,
        }
    }
    None
}

/// Whether state `sid` fails at `at` without a step: it reads a byte that
/// is not there.
#[inline(always)]
fn dead(states: &[State], sid: StateID, hay: &[u8], at: usize, end: usize) -> bool {
    match &states[sid.as_usize()] {
        State::ByteRange { trans } => at >= end || !(trans.start..=trans.end).contains(&hay[at]),
        State::Sparse(sparse) => at >= end || sparse.matches(hay, at).is_none(),
        State::Fail => true,
        _ => false,
    }
}

/// Follows one path from (`sid`, `at`) depth first, stacking the other
/// branches of each fork, until it matches or fails. States that read a
/// byte are not marked: they fork nothing, and every cycle of the NFA goes
/// through a fork, which is.
fn step(
    nfa: &NFA,
    forks: &Forks,
    scratch: &mut Scratch,
    input: &Input<'_>,
    mut sid: StateID,
    mut at: usize,
    slots: &mut [Option<NonMaxUsize>],
) -> Option<PatternID> {
    let (hay, end, states) = (input.haystack(), input.end(), nfa.states());
    loop {
        let state = &states[sid.as_usize()];
        match state {
            State::ByteRange { trans } => {
                if at >= end || !(trans.start..=trans.end).contains(&hay[at]) {
                    return None;
                }
                sid = trans.next;
                at += 1;
                continue;
            }
            State::Sparse(sparse) => {
                if at >= end {
                    return None;
                }
                sid = sparse.matches(hay, at)?;
                at += 1;
                continue;
            }
            State::Dense(dense) => {
                if at >= end {
                    return None;
                }
                sid = dense.matches(hay, at)?;
                at += 1;
                continue;
            }
            _ => {}
        }
        if !scratch.visited.insert(sid, at - input.start()) {
            return None;
        }
        match state {
            State::Look { look, next } => {
                if !nfa.look_matcher().matches(*look, hay, at) {
                    return None;
                }
                sid = *next;
            }
            State::Union { alternates } => {
                if let Some(live) = forks.live(sid, hay, at, end) {
                    let (&first, rest) = live.split_first()?;
                    scratch
                        .stack
                        .extend(rest.iter().rev().map(|&sid| Frame::Step { sid, at }));
                    sid = first;
                    continue;
                }
                let mut live = alternates
                    .iter()
                    .copied()
                    .filter(|&alt| !dead(states, alt, hay, at, end));
                sid = live.next()?;
                let from = scratch.stack.len();
                scratch
                    .stack
                    .extend(live.map(|sid| Frame::Step { sid, at }));
                scratch.stack[from..].reverse();
            }
            State::BinaryUnion { alt1, alt2 } => {
                let two = !dead(states, *alt2, hay, at, end);
                if dead(states, *alt1, hay, at, end) {
                    if !two {
                        return None;
                    }
                    sid = *alt2;
                } else {
                    if two {
                        scratch.stack.push(Frame::Step { sid: *alt2, at });
                    }
                    sid = *alt1;
                }
            }
            State::Capture { next, slot, .. } => {
                if slot.as_usize() < slots.len() {
                    scratch.stack.push(Frame::Restore {
                        slot: *slot,
                        offset: slots[*slot],
                    });
                    slots[*slot] = NonMaxUsize::new(at);
                }
                sid = *next;
            }
            State::Match { pattern_id } => return Some(*pattern_id),
            // Fail, and the byte-reading states handled above.
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::nfa::thompson;

    /// Each wide fork's table gives, for every byte and for the end of
    /// the input, exactly the alternates that testing each one keeps, in
    /// the fork's order: for every embedded rule's NFA.
    #[test]
    fn fork_tables_keep_the_alternates_testing_keeps() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let mut checked = 0;
        for rule in &rules.rules {
            let (tree, _) = super::super::compile::engine_tree(rule).expect("a tree");
            let nfa = thompson::Compiler::new()
                .configure(thompson::Config::new().shrink(false))
                .build_from_hir(&tree)
                .expect("builds");
            let forks = Forks::of(&nfa);
            let states = nfa.states();
            for (i, state) in states.iter().enumerate() {
                let sid = StateID::new_unchecked(i);
                let State::Union { alternates } = state else {
                    for at in [0, 1] {
                        assert!(forks.live(sid, b"a", at, 1).is_none(), "not a fork");
                    }
                    continue;
                };
                for byte in 0..=256usize {
                    // Byte 256 stands for the end of the input.
                    let (hay, end) = match u8::try_from(byte) {
                        Ok(b) => (vec![b], 1),
                        Err(_) => (vec![], 0),
                    };
                    let want: Vec<StateID> = alternates
                        .iter()
                        .copied()
                        .filter(|&alt| !dead(states, alt, &hay, 0, end))
                        .collect();
                    match forks.live(sid, &hay, 0, end) {
                        Some(live) => {
                            assert_eq!(
                                live,
                                want.as_slice(),
                                "{}: state {i}, byte {byte}",
                                rule.id
                            );
                            checked += 1;
                        }
                        None => assert!(alternates.len() < WIDE_FORK, "{}: state {i}", rule.id),
                    }
                }
            }
        }
        assert!(
            checked > 10_000,
            "wide forks were checked ({checked} lists)"
        );
    }

    /// The first bytes of a match: through groups, forks and look-arounds,
    /// any case, the first byte of a non-ASCII letter; none to keep when a
    /// match may be empty.
    #[test]
    fn first_bytes_are_where_a_match_can_begin() {
        let cases: [(&str, Option<&str>); 7] = [
            // The Kelvin sign (U+212A) is a "k" too.
            (r"(?i)kg", Some("Kk\u{e2}")),
            (r"(?P<a>a|[0-9])x", Some("0123456789a")),
            (r"\b(?:coca|crack)\b", Some("c")),
            (r"(?m)^foo|$bar", Some("bf")),
            (r"(?:é|z)+", Some("z\u{c3}")),
            (r"x*", None),
            (r"(?:a|)b?", None),
        ];
        for (p, want) in cases {
            let nfa = thompson::Compiler::new()
                .build_from_hir(&regex_syntax::parse(p).expect("parses"))
                .expect("builds");
            let got = FirstBytes::of(&nfa).map(|f| {
                (0..=255u8)
                    .filter(|&b| f.has(b))
                    .map(char::from)
                    .collect::<String>()
            });
            assert_eq!(got.as_deref(), want, "{p}");
        }
    }

    /// A pair marked in one search is unmarked in every later one, also
    /// once the search count has wrapped around to the same stamp.
    #[test]
    fn a_mark_lasts_one_search() {
        let mut v = Visited::default();
        let sid = StateID::must(3);
        v.start(10, 20);
        assert!(v.insert(sid, 5));
        assert!(!v.insert(sid, 5), "marked in this search");
        // 255 searches later the count is back where it was.
        for _ in 0..255 {
            v.start(10, 20);
            assert!(v.insert(StateID::must(9), 0));
        }
        assert!(v.insert(sid, 5), "an old mark reads as unmarked");
        assert!(!v.insert(sid, 5));
    }
}
