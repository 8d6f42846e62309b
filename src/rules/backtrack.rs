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

/// The backtracker's scratch space, reused from search to search.
#[derive(Debug, Clone, Default)]
pub(super) struct Scratch {
    stack: Vec<Frame>,
    visited: Visited,
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
/// written to `slots`; the caller checks [`fits`] first.
pub(super) fn search(
    nfa: &NFA,
    scratch: &mut Scratch,
    input: &Input<'_>,
    slots: &mut [Option<NonMaxUsize>],
) -> Option<PatternID> {
    slots.fill(None);
    if input.is_done() {
        return None;
    }
    scratch
        .visited
        .start(nfa.states().len(), input.get_span().len());
    let (anchored, start) = match input.get_anchored() {
        Anchored::No => (nfa.is_always_start_anchored(), nfa.start_anchored()),
        Anchored::Yes => (true, nfa.start_anchored()),
        Anchored::Pattern(pid) => (true, nfa.start_pattern(pid)?),
    };
    if anchored {
        return backtrack(nfa, scratch, input, input.start(), start, slots);
    }
    (input.start()..=input.end()).find_map(|at| backtrack(nfa, scratch, input, at, start, slots))
}

fn backtrack(
    nfa: &NFA,
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
                if let Some(pid) = step(nfa, scratch, input, sid, at, slots) {
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
