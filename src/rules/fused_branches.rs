//! Alternations whose branches each read a byte first, and never the same
//! byte, made one state that reads it: what the file of embedded engines
//! keeps ([`super::known_nfas`]), before alike states are merged
//! ([`super::merged_states`]).
//!
//! A lexicon's trie becomes, at each node with several children, a union
//! of branches, one per next letter (`[cC]ocaine | [hH]eroin | …`). Every
//! engine takes a union branch by branch: the backtracker tries each in
//! turn, and a lazy DFA state holds the union and all its branches. When
//! no two branches read a byte in common, at most one can go on after the
//! next byte, whatever the order of preference, so one state with all
//! their transitions (a sparse state) matches the same, with the same
//! groups: the branches it replaces have nothing between the union and
//! their first byte (no group, no look-around). Where only some branches,
//! next to each other, read disjoint bytes first (a trie node where an
//! alias also ends: `gram(?:s|me|)`), those become one sparse branch of
//! the union, in their place. The branches no other state leads to are
//! dropped.
//!
//! Done when the file is written (the tests, `BLOTTER_BLESS=1`).

use regex_automata::nfa::thompson::{Builder, State, Transition, NFA};
use regex_automata::util::primitives::{PatternID, StateID};

/// `nfa` with every union whose branches read disjoint bytes first made
/// one sparse state, and the states nothing leads to any more dropped;
/// `None` for an NFA of more than one pattern (which rules do not make).
pub(super) fn fused(nfa: &NFA) -> Option<NFA> {
    if nfa.pattern_len() != 1 {
        return None;
    }
    let states = nfa.states();
    // What each union becomes, and the sparse states added for runs of
    // its branches (numbered after the NFA's own states).
    let mut extra: Vec<Vec<Transition>> = Vec::new();
    let fused: Vec<Option<Fused>> = states.iter().map(|s| fuse(states, s, &mut extra)).collect();
    let total = states.len() + extra.len();
    let leads = |i: usize| -> Vec<StateID> {
        if i >= states.len() {
            return extra[i - states.len()].iter().map(|t| t.next).collect();
        }
        match &fused[i] {
            Some(Fused::Sparse(ts)) => ts.iter().map(|t| t.next).collect(),
            Some(Fused::Union(alts)) => alts.clone(),
            None => super::merged_states::successors(&states[i])
                .into_iter()
                .map(|s| StateID::new(s).expect("a state of the NFA"))
                .collect(),
        }
    };
    let pid = PatternID::ZERO;
    let starts = [
        nfa.start_anchored(),
        nfa.start_unanchored(),
        nfa.start_pattern(pid)?,
    ];
    let mut reached = vec![false; total];
    let mut todo: Vec<usize> = starts.iter().map(|s| s.as_usize()).collect();
    while let Some(i) = todo.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        todo.extend(leads(i).into_iter().map(|s| s.as_usize()));
    }
    // The states kept, numbered in their old order.
    let mut new_id = vec![None; total];
    let mut n = 0;
    for (i, &r) in reached.iter().enumerate() {
        if r {
            new_id[i] = Some(StateID::new(n).ok()?);
            n += 1;
        }
    }
    let to = |s: StateID| new_id[s.as_usize()];
    let mut b = Builder::new();
    b.set_utf8(nfa.is_utf8());
    b.set_reverse(nfa.is_reverse());
    b.set_look_matcher(nfa.look_matcher().clone());
    b.start_pattern().ok()?;
    let groups = nfa.group_info();
    let moved = |ts: &[Transition]| -> Option<Vec<Transition>> {
        ts.iter()
            .map(|t| {
                Some(Transition {
                    start: t.start,
                    end: t.end,
                    next: to(t.next)?,
                })
            })
            .collect()
    };
    for i in (0..total).filter(|&i| reached[i]) {
        let Some(state) = states.get(i) else {
            let added = b.add_sparse(moved(&extra[i - states.len()])?);
            if added.ok()? != new_id[i]? {
                return None;
            }
            continue;
        };
        let added = match (&fused[i], state) {
            (Some(Fused::Sparse(ts)), _) => b.add_sparse(moved(ts)?),
            (Some(Fused::Union(alts)), _) => {
                b.add_union(alts.iter().map(|&a| to(a)).collect::<Option<_>>()?)
            }
            (None, State::ByteRange { trans }) => b.add_range(moved(&[*trans])?[0]),
            (None, State::Sparse(s)) => b.add_sparse(moved(&s.transitions)?),
            (None, State::Look { look, next }) => b.add_look(to(*next)?, *look),
            (None, State::Union { alternates }) => {
                b.add_union(alternates.iter().map(|&a| to(a)).collect::<Option<_>>()?)
            }
            (None, State::BinaryUnion { alt1, alt2 }) => b.add_union(vec![to(*alt1)?, to(*alt2)?]),
            (
                None,
                State::Capture {
                    next,
                    pattern_id,
                    group_index,
                    slot,
                },
            ) => {
                let g = group_index.as_usize();
                if *pattern_id != pid {
                    return None;
                }
                if groups.slot(pid, g)? == slot.as_usize() {
                    let name = groups.to_name(pid, g).map(std::sync::Arc::from);
                    b.add_capture_start(to(*next)?, group_index.as_u32(), name)
                } else {
                    b.add_capture_end(to(*next)?, group_index.as_u32())
                }
            }
            (None, State::Fail) => b.add_fail(),
            (None, State::Match { .. }) => b.add_match(),
            (None, State::Dense(_)) => return None,
        };
        // Each state takes the number given it above.
        if added.ok()? != new_id[i]? {
            return None;
        }
    }
    b.finish_pattern(to(starts[2])?).ok()?;
    b.build(to(starts[0])?, to(starts[1])?).ok()
}

/// What a union becomes.
enum Fused {
    /// One sparse state: every branch reads a byte first, no two the same.
    Sparse(Vec<Transition>),
    /// A union still, each run of its branches that fuses made one sparse
    /// state (added to `extra`, numbered after the NFA's states).
    Union(Vec<StateID>),
}

/// What union `state` becomes, if anything: all its branches one sparse
/// state, or each run of two or more branches next to each other that
/// read a byte first, none the same, one sparse branch.
fn fuse(states: &[State], state: &State, extra: &mut Vec<Vec<Transition>>) -> Option<Fused> {
    let branches: Vec<StateID> = match state {
        State::Union { alternates } => alternates.to_vec(),
        State::BinaryUnion { alt1, alt2 } => vec![*alt1, *alt2],
        _ => return None,
    };
    let reads = |b: StateID| -> Option<Vec<Transition>> {
        match &states[b.as_usize()] {
            State::ByteRange { trans } => Some(vec![*trans]),
            State::Sparse(s) => Some(s.transitions.to_vec()),
            _ => None,
        }
    };
    // Runs of branches, each either one branch that reads no byte first,
    // or branches that each do, cut where one shares a byte with the run.
    let mut runs: Vec<(Vec<StateID>, Option<Vec<Transition>>)> = Vec::new();
    for b in branches {
        match (reads(b), runs.last_mut()) {
            (Some(ts), Some((ids, Some(held)))) if disjoint(held, &ts) => {
                ids.push(b);
                held.extend(ts);
            }
            (ts, _) => runs.push((vec![b], ts)),
        }
    }
    if let [(_, Some(ts))] = runs.as_mut_slice() {
        let mut ts = std::mem::take(ts);
        ts.sort_by_key(|t| t.start);
        return Some(Fused::Sparse(ts));
    }
    if runs.iter().all(|(ids, _)| ids.len() < 2) {
        return None;
    }
    let mut alts = Vec::new();
    for (ids, ts) in runs {
        match ts {
            Some(mut ts) if ids.len() >= 2 => {
                ts.sort_by_key(|t| t.start);
                alts.push(StateID::new(states.len() + extra.len()).ok()?);
                extra.push(ts);
            }
            _ => alts.extend(ids),
        }
    }
    Some(Fused::Union(alts))
}

/// Whether two sets of transitions read no byte in common.
fn disjoint(a: &[Transition], b: &[Transition]) -> bool {
    a.iter()
        .all(|x| b.iter().all(|y| x.end < y.start || y.end < x.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::compiled_nfa as nfa;

    fn unions(nfa: &NFA) -> usize {
        nfa.states()
            .iter()
            .filter(|s| matches!(s, State::Union { .. } | State::BinaryUnion { .. }))
            .count()
    }

    /// A lexicon-like alternation loses its unions of distinct letters;
    /// branches that may read the same byte, or open with a group, stay.
    #[test]
    fn distinct_first_bytes_fuse_and_others_stay() {
        let lexicon = nfa(r"\b(?:cocaine|heroin|k(?:etamine|hat))\b");
        let f = fused(&lexicon).expect("fuses");
        assert!(unions(&f) < unions(&lexicon), "{f:?}");
        assert!(f.states().len() < lexicon.states().len());
        let same_byte = nfa(r"ab|ac");
        let f = fused(&same_byte).expect("fuses");
        assert_eq!(unions(&f), unions(&same_byte), "{f:?}");
        // An alias that ends where others go on: the letters fuse, the
        // union keeps its way out.
        let ends = nfa(r"gram(?:s|me|)\b");
        let f = fused(&ends).expect("fuses");
        let widest = |n: &NFA| {
            n.states()
                .iter()
                .map(|s| match s {
                    State::Union { alternates } => alternates.len(),
                    State::BinaryUnion { .. } => 2,
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        };
        assert!(widest(&f) < widest(&ends), "{f:?}");
        assert!(unions(&f) >= 1, "{f:?}");
        let groups = nfa(r"(?P<a>x)|(?P<b>y)");
        let f = fused(&groups).expect("fuses");
        assert_eq!(unions(&f), unions(&groups), "{f:?}");
    }

    /// The fused NFA, written and read back as the file keeps it, finds
    /// the same spans and groups as the compiled one from every start.
    #[test]
    fn fused_nfas_match_as_compiled() {
        let texts = [
            "3kg of cocaine, 2 grams of Ketamine and heroine; kilos kilogrammes KHAT",
            "x xa xab ya yb (ab) a-b ab ba abab aab",
            "José O’Brien — 4 lb of crack-cocaine (freebase)",
            "gram grams gramme grammes kilo kilos kilogram gramz",
        ];
        let mut fewer = 0;
        for p in [
            r"(?P<q>\d+)\s*(?P<u>kg|g|grams?|kilo(?:gram(?:me)?s?|s)?)\b\s+of\s+(?P<d>cocaine|ketamine|heroine?|khat)",
            r"(?:(?P<a>a)b|(?P<b>x)a?b?|ya|yb)\b",
            r"(?P<u>gram(?:s|me|mes|)|kilo(?:s|gram|))\b",
            r"(?m:^(?:xab|yab)[ab]*$)|\((?:ab|cb)\)|a*b+|(?:ab)*?a",
            r"(?P<n>[A-Z][a-z]+|O’[A-Z]\w+|José)\s+(?:—|-)?\s*(?P<w>c(?:rack|ocaine)|freebase|heroin)",
        ] {
            let compiled = nfa(p);
            let kept = fused(&compiled).expect("fuses");
            fewer += usize::from(unions(&kept) < unions(&compiled));
            let kept = crate::rules::known_nfas::merged(&kept).expect("reads back");
            crate::testing::assert_same_spans(compiled, kept, &texts, p);
        }
        assert!(fewer >= 3, "most of the patterns fuse a union");
    }
}
