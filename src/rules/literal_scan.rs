//! Every occurrence of a set of literals in a text, overlapping ones too,
//! ASCII case-insensitively: the sentence gate's pass ([`super::gate`])
//! and the line gate's ([`crate::engine::line_gate`]).
//!
//! The automaton is the aho-corasick crate's, walked here byte by byte
//! through its [`Automaton`] trait rather than by its overlapping
//! iterator: the gate meets about one hit per five bytes, and the
//! iterator's set-up for each hit (a call that checks and restores its
//! search state) cost more than the walk itself. The line gate's literals
//! ("x", "mar", dates' digits) meet one hit per 75 bytes, too often for
//! the crate's prefilter to skip text: its iterator took 20.5M
//! instructions a MB, the walk 13.4M (15.2M walking two halves side by
//! side, in less time).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{dfa, Anchored, MatchKind};

/// A literal automaton: the contiguous NFA builds fast (for a few
/// kilobytes of text), the DFA searches fast (for a batch).
#[derive(Debug, Clone)]
pub enum LiteralSet {
    Nfa(contiguous::NFA),
    Dfa(dfa::DFA),
}

impl LiteralSet {
    /// The automaton of `words` (by index), ASCII case-insensitive; with
    /// `dfa`, the fast-searching one.
    pub fn build<'a>(
        words: impl IntoIterator<Item = &'a [u8]>,
        dfa: bool,
    ) -> Result<LiteralSet, String> {
        // Both automata are made from this NFA, which takes the settings
        // (each crate builder would build it the same way on its own).
        let nnfa = noncontiguous::NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(words)
            .map_err(|e| e.to_string())?;
        let built = if dfa {
            dfa::DFA::builder()
                .build_from_noncontiguous(&nnfa)
                .map(LiteralSet::Dfa)
        } else {
            contiguous::NFA::builder()
                .build_from_noncontiguous(&nnfa)
                .map(LiteralSet::Nfa)
        };
        built.map_err(|e| e.to_string())
    }

    /// Calls `hit(literal, start, end)` for every occurrence in `hay`,
    /// in order of end, as the crate's overlapping search reports them.
    #[inline]
    pub fn each(&self, hay: &[u8], hit: impl FnMut(usize, usize, usize)) {
        match self {
            LiteralSet::Nfa(a) => walk(a, hay, hit),
            LiteralSet::Dfa(a) => walk_two(a, hay, hit),
        }
    }
}

fn walk<A: Automaton>(aut: &A, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    // Only an empty literal makes the start a match.
    if aut.is_match(sid) {
        report(aut, sid, 0, &mut hit);
    }
    for (i, &b) in hay.iter().enumerate() {
        step(aut, &mut sid, b, i + 1, &mut hit);
    }
}

/// [`walk`] over the two halves of `hay` at once. Each step of a walk
/// waits for the table load of the step before (most of its time, not
/// its instructions), so two walks side by side take little more time
/// than one: the stage of the line gate took about 12% less time (the
/// sentence gate's share of the match stage is within its noise). The
/// second half's walk starts a longest literal early, so that it sees
/// whole every literal that ends in its half, and keeps only those; its
/// hits are reported after the first half's, so the order is [`walk`]'s.
fn walk_two<A: Automaton>(aut: &A, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let lead = aut.max_pattern_len().saturating_sub(1);
    let mid = hay.len() / 2;
    let (Ok(mut a), Ok(mut b)) = (aut.start_state(Anchored::No), aut.start_state(Anchored::No))
    else {
        return;
    };
    // Short texts, and an empty literal (every state a match), walk once.
    if mid < 4 * lead.max(16) || aut.is_match(a) {
        return walk(aut, hay, hit);
    }
    let (first, second) = (&hay[..mid], &hay[mid - lead..]);
    let at = |i: usize| mid - lead + i;
    let mut later: Vec<(usize, usize, usize)> = Vec::new();
    let mut keep = |p, s, e| {
        if e > mid {
            later.push((p, s, e));
        }
    };
    for (i, (&x, &y)) in first.iter().zip(second).enumerate() {
        step(aut, &mut a, x, i + 1, &mut hit);
        step(aut, &mut b, y, at(i + 1), &mut keep);
    }
    for (p, s, e) in later {
        hit(p, s, e);
    }
    for (i, &y) in second.iter().enumerate().skip(mid) {
        step(aut, &mut b, y, at(i + 1), &mut hit);
    }
}

/// One byte of a walk: the next state, and its literals reported as
/// ending at `end`.
#[inline(always)]
fn step<A: Automaton>(
    aut: &A,
    sid: &mut StateID,
    byte: u8,
    end: usize,
    hit: &mut impl FnMut(usize, usize, usize),
) {
    *sid = aut.next_state(Anchored::No, *sid, byte);
    // One test per byte: only a special state (a match, or the dead or
    // fail state, which an unanchored walk never meets) is looked at
    // further. Written as one condition, the two tests were compiled
    // branch-free and both ran at every byte (the line gate's walk: 19.2M
    // to 13.4M instructions a MB; the sentence gate's masks: 41.8M to
    // 37.5M).
    if aut.is_special(*sid) {
        if aut.is_match(*sid) {
            report(aut, *sid, end, hit);
        } else {
            // Opaque to the compiler: the two tests stay two branches.
            std::hint::black_box(());
        }
    }
}

/// Every literal match state `sid` holds, as ending at `end`.
fn report<A: Automaton>(
    aut: &A,
    sid: StateID,
    end: usize,
    hit: &mut impl FnMut(usize, usize, usize),
) {
    for k in 0..aut.match_len(sid) {
        let pid = aut.match_pattern(sid, k);
        hit(pid.as_usize(), end - aut.pattern_len(pid), end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    /// The walk reports what the crate's own overlapping search does, in
    /// the same order, for both automata: overlapping literals, literals
    /// inside others, any case, non-ASCII bytes, an empty literal.
    #[test]
    fn walk_reports_the_crates_overlapping_hits() {
        let sets: [&[&str]; 3] = [
            &["g", "kg", "kilos", "los", "lala", "a", "\u{212A}g", "é"],
            &["cocaine", "coca", "caine", "in", "n"],
            &["", "ab", "b"],
        ];
        let text = "3KG of COCAINE, 2 kilos; lalala \u{212A}G, éé: abab g";
        for words in sets {
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(words)
                .expect("builds");
            let want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert!(want.len() > 3, "{words:?}");
            for dfa in [false, true] {
                let lits =
                    LiteralSet::build(words.iter().map(|w| w.as_bytes()), dfa).expect("builds");
                let mut got = Vec::new();
                lits.each(text.as_bytes(), |p, s, e| got.push((p, s, e)));
                assert_eq!(got, want, "{words:?}, dfa {dfa}");
            }
        }
    }

    /// The walk of two halves at once reports what one walk does, in the
    /// same order, on texts of every length around where it starts, with
    /// a long literal and overlapping ones placed across the middle.
    #[test]
    fn the_two_halves_walk_as_one() {
        let words = [
            "cocaine",
            "coca",
            "caine",
            "kg",
            "g",
            "the drugs were seized at",
            "s",
        ];
        let lits = LiteralSet::build(words.iter().map(|w| w.as_bytes()), true).expect("builds");
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("builds");
        let filler = "3 KG of Cocaine; the drugs were seized at dawn, coca and caine. ";
        for len in 100..700 {
            // the long literal (24 bytes) ending at every place around the
            // middle: just past it, at it, and before it
            for back in [0, 1, 5, 12, 20, 23, 24, 30] {
                let mut text: String = filler.repeat(len / filler.len() + 1)[..len].to_string();
                let at = (len / 2).saturating_sub(back);
                text.replace_range(at..at + 24, "THE DRUGS WERE SEIZED AT");
                let want: Vec<(usize, usize, usize)> = ac
                    .find_overlapping_iter(&text)
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect();
                let mut got = Vec::new();
                lits.each(text.as_bytes(), |p, s, e| got.push((p, s, e)));
                assert_eq!(got, want, "length {len}, {back} before the middle");
            }
        }
    }
}
