//! The automata (Thompson NFAs) of the embedded rules' engines, compiled
//! once and kept in `builtin_nfas.bin` beside this file.
//!
//! Before a rule first searches, its engine tree is built (the pattern
//! with holes filled with its lexicons' trees, [`super::splice`]) and
//! compiled into an NFA: for a one-sentence input, whose sixteen rules
//! build their light engines ([`super::matcher`]), that was 29M of its
//! 58M instructions. The NFA follows from the rule's text alone, so each
//! rule's is kept under the key of its text ([`key`]), state by state,
//! and read back through the regex crate's own NFA builder, which gives
//! the same automaton (the file's test checks each one). The reverse NFA
//! the full engine (a long input, a batch) finds match starts with is
//! kept too, and read only then: building every rule's tree and reverse
//! NFA was a tenth of a fresh 2 MB batch. A rule not in the file (an
//! edited rule file, a user's rule) is compiled as before. The patterns
//! the code reads ([`pattern_key`]) and the searches of the lexicons the
//! facts stages read ([`lexicon_key`]) are kept the same way. The file
//! opens with a table of keys, searched by binary search ([`entry`]).
//! `BLOTTER_BLESS=1 cargo test --lib known_nfas` rewrites the file.

use std::sync::Arc;

#[cfg(test)]
use regex_automata::nfa::thompson::State;
use regex_automata::nfa::thompson::{Builder, Transition, NFA};
#[cfg(test)]
use regex_automata::util::captures::GroupInfo;
use regex_automata::util::look::{Look, LookMatcher};
#[cfg(test)]
use regex_automata::util::primitives::PatternID;
use regex_automata::util::primitives::StateID;

use super::codec::Reader;
#[cfg(test)]
use super::codec::{put, put_bytes};

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_nfas.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter nfas 2\n";

/// A row of the file's table: key, offset of the entry after the table,
/// its length (little-endian words), sorted by key.
const ROW: usize = 24;

/// The key of a rule's engine: its text's key (the one its anchors are
/// kept by, which covers its expansion and its lexicons), its pattern as
/// written (its tree is built from its pieces first), and how it is read.
pub(super) fn key(text_key: u64, pattern: &str, case_sensitive: bool, line: bool) -> u64 {
    use super::known_anchors::hash;
    let flags = u64::from(case_sensitive) | u64::from(line) << 1;
    hash(
        &[
            text_key.to_le_bytes(),
            hash(pattern.as_bytes()).to_le_bytes(),
            flags.to_le_bytes(),
        ]
        .concat(),
    )
}

/// The key of a pattern the code reads ([`super::matcher::PatternRegex`]):
/// its expanded text and case.
pub(super) fn pattern_key(source: &str, case_insensitive: bool) -> u64 {
    use super::known_anchors::hash;
    let mut bytes = b"code pattern\0".to_vec();
    bytes.push(u8::from(case_insensitive));
    bytes.extend_from_slice(source.as_bytes());
    hash(&bytes)
}

/// The key of a lexicon's search ([`super::matcher::LexiconRegex`]), from
/// the key of its aliases.
pub(super) fn lexicon_key(aliases_key: u64) -> u64 {
    use super::known_anchors::hash;
    let mut bytes = b"lexicon search\0".to_vec();
    bytes.extend_from_slice(&aliases_key.to_le_bytes());
    hash(&bytes)
}

/// The key of the regex a rule that checks its case
/// ([`super::Rule::checks_case`]) finds its matches with on the text as
/// written, from the key of its engine.
pub(super) fn own_key(engine_key: u64) -> u64 {
    use super::known_anchors::hash;
    hash(&[engine_key.to_le_bytes().as_slice(), b"as written"].concat())
}

/// A rule's engine as the file holds it.
pub(super) struct KnownEngine {
    /// The forward NFA, which the light engine runs.
    pub(super) forward: NFA,
    /// Whether the engine runs on folded text ([`super::fold`]).
    pub(super) folded: bool,
    /// The reverse NFA, read only for the full engine.
    pub(super) reverse: Option<KnownReverse>,
}

/// A rule's reverse NFA as the file holds it ([`super::rule_engine::reverse_of`],
/// made smaller when the file is written: `reverse_kept`).
#[derive(Debug, Clone, Copy)]
pub(super) struct KnownReverse {
    bytes: &'static [u8],
    widened: bool,
}

impl KnownReverse {
    /// The reverse NFA and whether it was built widened; `None` if it
    /// does not read.
    pub(super) fn read(&self) -> Option<(NFA, bool)> {
        let mut r = Reader::new(self.bytes);
        let nfa = decode(&mut r)?;
        r.is_empty().then_some((nfa, self.widened))
    }
}

const NO_REVERSE: u8 = 0;
const REVERSE: u8 = 1;
const REVERSE_WIDENED: u8 = 2;

/// The engine of the rule with this key, when the file holds it: whether
/// it folds, its forward NFA, then its reverse NFA, if kept.
pub(super) fn lookup(key: u64) -> Option<KnownEngine> {
    let mut r = Reader::new(entry(FILE, key)?);
    let folded = r.byte()? == 1;
    let mut f = Reader::new(r.take()?);
    let forward = decode(&mut f)?;
    let reverse = match r.byte()? {
        NO_REVERSE => None,
        tag @ (REVERSE | REVERSE_WIDENED) => Some(KnownReverse {
            bytes: std::mem::take(&mut r.bytes),
            widened: tag == REVERSE_WIDENED,
        }),
        _ => return None,
    };
    (f.is_empty() && r.is_empty()).then_some(KnownEngine {
        forward,
        folded,
        reverse,
    })
}

/// The encoded engine kept under `key`, by binary search in the file's
/// table: a look-up reads the table and its own entry only. (A map of
/// every entry made at the first look-up read a header in each of the
/// file's pages: 0.7 MB of a one-sentence run's memory.)
fn entry(file: &[u8], key: u64) -> Option<&[u8]> {
    let mut r = Reader::new(file.strip_prefix(MAGIC)?);
    let n = usize::try_from(r.word()?).ok()?;
    let table = r.fixed(n.checked_mul(ROW)?)?;
    let word = |row: usize, k: usize| {
        let at = row * ROW + k * 8;
        u64::from_le_bytes(table[at..at + 8].try_into().expect("eight bytes"))
    };
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match word(mid, 0).cmp(&key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let at = usize::try_from(word(mid, 1)).ok()?;
                let len = usize::try_from(word(mid, 2)).ok()?;
                return r.bytes.get(at..at.checked_add(len)?);
            }
        }
    }
    None
}

const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const BINARY_UNION: u8 = 4;
const CAPTURE_START: u8 = 5;
const CAPTURE_END: u8 = 6;
const FAIL: u8 = 7;
const MATCH: u8 = 8;

/// Writes `nfa` (one pattern): its flags and starts, its groups' names,
/// then a tag per state and its fields, a state it leads to as the
/// distance from itself (most lead to the next state: one byte). `None`
/// for an NFA this format does not hold, or that would not read back
/// as itself (then the rule compiles as before).
#[cfg(test)]
pub(super) fn encode(nfa: &NFA) -> Option<Vec<u8>> {
    let out = raw(nfa)?;
    let back = decode(&mut Reader::new(&out));
    back.is_some_and(|b| same(&b, nfa)).then_some(out)
}

#[cfg(test)]
fn raw(nfa: &NFA) -> Option<Vec<u8>> {
    raw_with(nfa, &(0..nfa.states().len()).collect::<Vec<_>>())
}

/// `nfa` with its alike states merged ([`super::merged_states`]), as the
/// file keeps it: written with one state per class, then read back.
#[cfg(test)]
pub(super) fn merged(nfa: &NFA) -> Option<NFA> {
    let out = raw_with(nfa, &super::merged_states::classes(nfa))?;
    decode(&mut Reader::new(&out))
}

/// [`raw`] with state `i` written as state `class[i]`: the first state
/// of each class stands for it (classes are numbered in the order of
/// their first states).
#[cfg(test)]
fn raw_with(nfa: &NFA, class: &[usize]) -> Option<Vec<u8>> {
    if nfa.pattern_len() != 1 {
        return None;
    }
    let pid = PatternID::ZERO;
    let mut out = Vec::new();
    out.push(u8::from(nfa.is_utf8()) | u8::from(nfa.is_reverse()) << 1);
    out.push(nfa.look_matcher().get_line_terminator());
    let ids: Vec<StateID> = class
        .iter()
        .map(|&c| StateID::new(c).ok())
        .collect::<Option<_>>()?;
    let to_class = |s: StateID| ids[s.as_usize()];
    let starts = [
        to_class(nfa.start_anchored()),
        to_class(nfa.start_unanchored()),
        to_class(nfa.start_pattern(pid)?),
    ];
    for s in starts {
        put(&mut out, s.as_u32());
    }
    let groups = nfa.group_info();
    put(&mut out, groups.group_len(pid) as u32);
    for name in groups.pattern_names(pid) {
        match name {
            Some(n) => put_bytes(&mut out, format!("={n}").as_bytes()),
            None => put(&mut out, 0),
        }
    }
    let count = class.iter().max().map_or(0, |&c| c + 1);
    put(&mut out, count as u32);
    let mut written = 0;
    for (old, state) in nfa.states().iter().enumerate() {
        let i = class[old];
        if i < written {
            continue;
        }
        written += 1;
        let to = |out: &mut Vec<u8>, sid: StateID| put_delta(out, i, to_class(sid));
        match state {
            State::ByteRange { trans } => {
                out.extend([BYTE_RANGE, trans.start, trans.end]);
                to(&mut out, trans.next);
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                put(&mut out, sparse.transitions.len() as u32);
                for t in sparse.transitions.iter() {
                    out.extend([t.start, t.end]);
                    to(&mut out, t.next);
                }
            }
            State::Look { look, next } => {
                out.push(LOOK);
                put(&mut out, look.as_repr());
                to(&mut out, *next);
            }
            State::Union { alternates } => {
                out.push(UNION);
                put(&mut out, alternates.len() as u32);
                for &a in alternates.iter() {
                    to(&mut out, a);
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(BINARY_UNION);
                to(&mut out, *alt1);
                to(&mut out, *alt2);
            }
            State::Capture {
                next,
                pattern_id,
                group_index,
                slot,
            } => {
                if *pattern_id != pid {
                    return None;
                }
                let start = groups.slot(pid, group_index.as_usize())? == slot.as_usize();
                out.push(if start { CAPTURE_START } else { CAPTURE_END });
                put(&mut out, group_index.as_u32());
                to(&mut out, *next);
            }
            State::Fail => out.push(FAIL),
            State::Match { pattern_id } if *pattern_id == pid => out.push(MATCH),
            State::Match { .. } | State::Dense(_) => return None,
        }
    }
    Some(out)
}

/// Writes the state `sid` that state `from` leads to, zigzag-encoded.
#[cfg(test)]
fn put_delta(out: &mut Vec<u8>, from: usize, sid: StateID) {
    let d = sid.as_usize() as i64 - from as i64;
    put(out, ((d << 1) ^ (d >> 63)) as u32);
}

/// Whether two NFAs are the same automaton: states, starts, groups,
/// and what is worked out from them.
#[cfg(test)]
pub(super) fn same(a: &NFA, b: &NFA) -> bool {
    format!("{a:?}") == format!("{b:?}")
        && same_groups(a.group_info(), b.group_info())
        && format!("{:?}", a.byte_classes()) == format!("{:?}", b.byte_classes())
        && a.look_set_any() == b.look_set_any()
        && a.look_set_prefix_any() == b.look_set_prefix_any()
        && (a.has_empty(), a.is_utf8(), a.is_reverse(), a.has_capture())
            == (b.has_empty(), b.is_utf8(), b.is_reverse(), b.has_capture())
        && a.is_always_start_anchored() == b.is_always_start_anchored()
        && a.look_matcher().get_line_terminator() == b.look_matcher().get_line_terminator()
}

/// Whether two NFAs number and name their groups alike (compared by
/// what they say: `GroupInfo`'s `Debug` shows a hash map, in any order).
#[cfg(test)]
fn same_groups(a: &GroupInfo, b: &GroupInfo) -> bool {
    let groups = |g: &GroupInfo| {
        let named = g
            .all_names()
            .map(|(pid, i, name)| (name.map(str::to_string), g.slots(pid, i)));
        named.collect::<Vec<_>>()
    };
    (a.pattern_len(), a.slot_len(), a.all_group_len())
        == (b.pattern_len(), b.slot_len(), b.all_group_len())
        && groups(a) == groups(b)
}

thread_local! {
    /// Each thread's builder, kept from one NFA to the next: growing its
    /// table of states again for each rule was a tenth of reading them.
    static BUILDER: std::cell::RefCell<Builder> = std::cell::RefCell::new(Builder::new());
}

/// Reads an NFA written by [`encode`]: each state added to the regex
/// crate's builder in order, so each keeps its number (the builder drops
/// only empty states, which the file has none of).
fn decode(r: &mut Reader) -> Option<NFA> {
    BUILDER.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        decode_with(&mut b, r)
    })
}

fn decode_with(b: &mut Builder, r: &mut Reader) -> Option<NFA> {
    let flags = r.byte()?;
    let mut look = LookMatcher::new();
    look.set_line_terminator(r.byte()?);
    let [anchored, unanchored, pattern] = [r.number()?, r.number()?, r.number()?];
    let mut names: Vec<Option<Arc<str>>> = Vec::new();
    for _ in 0..r.number()? {
        names.push(match r.take()? {
            [] => None,
            [b'=', name @ ..] => Some(Arc::from(std::str::from_utf8(name).ok()?)),
            _ => return None,
        });
    }
    let n = r.number()? as usize;
    let id = |d: u32, from: usize| -> Option<StateID> {
        let d = i64::from(d >> 1) ^ -i64::from(d & 1);
        let to = usize::try_from(from as i64 + d).ok().filter(|&s| s < n)?;
        StateID::new(to).ok()
    };
    b.set_utf8(flags & 1 != 0);
    b.set_reverse(flags & 2 != 0);
    b.set_look_matcher(look);
    b.start_pattern().ok()?;
    for i in 0..n {
        let added = match r.byte()? {
            BYTE_RANGE => {
                let (start, end) = (r.byte()?, r.byte()?);
                let next = id(r.number()?, i)?;
                b.add_range(Transition { start, end, next })
            }
            SPARSE => {
                let k = r.number()? as usize;
                let mut ts = Vec::with_capacity(k.min(256));
                for _ in 0..k {
                    let (start, end) = (r.byte()?, r.byte()?);
                    let next = id(r.number()?, i)?;
                    ts.push(Transition { start, end, next });
                }
                b.add_sparse(ts)
            }
            LOOK => {
                let look = Look::from_repr(r.number()?)?;
                b.add_look(id(r.number()?, i)?, look)
            }
            UNION => {
                let k = r.number()? as usize;
                let mut alts = Vec::with_capacity(k.min(n));
                for _ in 0..k {
                    alts.push(id(r.number()?, i)?);
                }
                b.add_union(alts)
            }
            BINARY_UNION => {
                let alts = vec![id(r.number()?, i)?, id(r.number()?, i)?];
                b.add_union(alts)
            }
            tag @ (CAPTURE_START | CAPTURE_END) => {
                let g = r.number()?;
                let next = id(r.number()?, i)?;
                if tag == CAPTURE_START {
                    let name = names.get(g as usize)?.clone();
                    b.add_capture_start(next, g, name)
                } else {
                    b.add_capture_end(next, g)
                }
            }
            FAIL => b.add_fail(),
            MATCH => b.add_match(),
            _ => return None,
        };
        // Each state keeps its number, or the NFA is not the one written.
        if added.ok()?.as_usize() != i {
            return None;
        }
    }
    let start = |s: u32| StateID::new(s as usize).ok().filter(|s| s.as_usize() < n);
    b.finish_pattern(start(pattern)?).ok()?;
    b.build(start(anchored)?, start(unanchored)?).ok()
}

/// A rule's engine as compiled afresh: what the file is made from.
#[cfg(test)]
struct Fresh {
    key: u64,
    forward: NFA,
    reverse: (NFA, bool),
    folded: bool,
}

/// The file for these engines, by key: each key once, sorted, only the
/// engines that read back as themselves.
#[cfg(test)]
fn render(engines: &[Fresh]) -> Vec<u8> {
    let mut entries: Vec<(u64, Vec<u8>)> = engines
        .iter()
        .filter_map(|e| {
            let mut bytes = vec![u8::from(e.folded)];
            put_bytes(&mut bytes, &encode(&e.forward)?);
            // The reverse NFA only when it reads back, the forward always.
            match encode(&e.reverse.0) {
                Some(rev) => {
                    bytes.push(if e.reverse.1 {
                        REVERSE_WIDENED
                    } else {
                        REVERSE
                    });
                    bytes.extend(rev);
                }
                None => bytes.push(NO_REVERSE),
            }
            Some((e.key, bytes))
        })
        .collect();
    entries.sort();
    entries.dedup_by_key(|e| e.0);
    let mut out = MAGIC.to_vec();
    out.extend((entries.len() as u64).to_le_bytes());
    let mut at = 0u64;
    for (key, bytes) in &entries {
        let len = bytes.len() as u64;
        for w in [*key, at, len] {
            out.extend(w.to_le_bytes());
        }
        at += len;
    }
    for (_, bytes) in entries {
        out.extend(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule_engine::{compile, compile_kept, reverse_kept};
    use crate::rules::RuleSet;
    use crate::testing::parsed;

    /// Every embedded rule's engine, compiled afresh from its tree: key,
    /// forward NFA, whether folded.
    fn engines() -> Vec<Fresh> {
        let rules = RuleSet::builtin().expect("built-in rules load");
        rules
            .rules
            .iter()
            .flat_map(|r| {
                let fresh = |key, tree: &regex_syntax::hir::Hir, folded| Fresh {
                    key,
                    forward: compile_kept(tree).expect("every rule compiles"),
                    reverse: reverse_kept(tree).expect("every rule compiles"),
                    folded,
                };
                let (tree, folded) = r.engine_tree().expect("every rule builds");
                let mut out = vec![fresh(r.engine_key(), &tree, folded)];
                // A rule that checks its case: its own regex too.
                if r.checks_case() {
                    let own = r.tree().expect("every rule builds");
                    out.push(fresh(own_key(r.engine_key()), &own, false));
                }
                out
            })
            .chain(code_patterns(&rules))
            .chain(lexicon_searches(&rules))
            .collect()
    }

    /// The search of every lexicon the facts stages search, as
    /// [`super::super::matcher::LexiconRegex`] builds it.
    fn lexicon_searches(rules: &RuleSet) -> Vec<Fresh> {
        super::super::known_walks::searched(rules)
            .iter()
            .map(|t| {
                let tree = crate::rules::splice::lexicon_tree(t.trie(), true, true);
                Fresh {
                    key: lexicon_key(t.key()),
                    forward: compile_kept(&tree).expect("every lexicon compiles"),
                    reverse: reverse_kept(&tree).expect("every lexicon compiles"),
                    folded: false,
                }
            })
            .collect()
    }

    /// Every pattern the code reads ([`super::super::contract::Pat`]), as
    /// [`super::super::matcher::PatternRegex`] builds it: case-sensitive.
    fn code_patterns(rules: &RuleSet) -> Vec<Fresh> {
        crate::rules::contract::Pat::ALL
            .into_iter()
            .map(|p| {
                let source = rules
                    .pattern_source(&format!("%{{{}}}", p.name()))
                    .expect("every piece expands");
                let tree = parsed(&source, false);
                Fresh {
                    key: pattern_key(&source, false),
                    forward: compile_kept(&tree).expect("every piece compiles"),
                    reverse: reverse_kept(&tree).expect("every piece compiles"),
                    folded: false,
                }
            })
            .collect()
    }

    /// The file holds every embedded rule's engine as compiled afresh,
    /// and each reads back as compiled; with `BLOTTER_BLESS=1` it is
    /// rewritten instead.
    #[test]
    fn the_file_is_current() {
        let engines = engines();
        let file = render(&engines);
        if !crate::testing::kept_is_current("builtin_nfas.bin", FILE, &file, "known_nfas") {
            return;
        }
        let (mut known, mut reversed) = (0, 0);
        for e in &engines {
            let Some(back) = lookup(e.key) else {
                continue;
            };
            known += 1;
            assert!(same(&back.forward, &e.forward) && back.folded == e.folded);
            if let Some(rev) = back.reverse {
                let (nfa, widened) = rev.read().expect("a kept reverse NFA reads");
                assert!(same(&nfa, &e.reverse.0) && widened == e.reverse.1);
                reversed += 1;
            }
        }
        assert!(reversed * 10 >= known * 9, "most reverse NFAs are kept");
        assert!(
            known * 10 >= engines.len() * 9,
            "most engines are kept ({known} of {})",
            engines.len()
        );
    }

    /// Forward and reverse NFAs with named and repeated groups, looks
    /// and large classes read back as themselves.
    #[test]
    fn nfas_read_back_as_themselves() {
        for p in [
            r"(?P<qty>\d{1,3}(?:,\d{3})*)\s*(?P<unit>kg|g)\b",
            r"(?-u:\b)x+?y{2,}z{0,3}?|(?m:^)$",
            r"([a-z]){3}(?P<w>\w+)\W(?s:.)",
            r"(?:)|a*|(?P<e>)",
        ] {
            let h = parsed(p, true);
            for reverse in [false, true] {
                let nfa = compile(&h, reverse).expect("compiles");
                let bytes = encode(&nfa).expect("encodes");
                let back = decode(&mut Reader::new(&bytes)).expect("decodes");
                assert!(same(&back, &nfa), "{p} reverse {reverse}");
            }
        }
    }

    #[test]
    fn an_unknown_key_or_a_broken_file_knows_nothing() {
        assert!(lookup(0x1234_5678).is_none());
        assert!(entry(b"not an nfa file", 1).is_none());
        // A table and entries: each key finds its own bytes, others none,
        // and a table cut short or pointing past the end finds nothing.
        let mut file = MAGIC.to_vec();
        file.extend(2u64.to_le_bytes());
        for w in [3u64, 0, 2, 9, 2, 1] {
            file.extend(w.to_le_bytes());
        }
        file.extend(b"abc");
        assert_eq!(entry(&file, 3), Some(&b"ab"[..]));
        assert_eq!(entry(&file, 9), Some(&b"c"[..]));
        assert!(entry(&file, 4).is_none() && entry(&file, 0).is_none());
        assert!(entry(&file[..file.len() - 1], 9).is_none());
        assert!(entry(&file[..MAGIC.len() + 20], 3).is_none());
        let nfa = compile(&parsed(r"(?P<n>\d+) (kg|g)", true), false).expect("compiles");
        let bytes = encode(&nfa).expect("encodes");
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                decode(&mut Reader::new(&bytes[..cut])).is_none(),
                "cut at {cut}"
            );
        }
        // A state leading past the last one.
        let lone = [0, b'\n', 0, 0, 0, 1, 0, 1, BYTE_RANGE, b'a', b'a', 10];
        assert!(decode(&mut Reader::new(&lone)).is_none());
    }
}
