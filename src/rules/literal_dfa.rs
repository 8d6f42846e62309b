//! A dense Aho-Corasick DFA over a set of literals, ASCII
//! case-insensitive, that reports every occurrence (overlapping ones too)
//! for the gates' one pass over the text ([`super::literal_scan`]).
//!
//! The aho-corasick crate's DFA is the same automaton, but its walk
//! through the crate's `Automaton` trait costs about 22 instructions a
//! byte in the sentence gate (a checked index into a table the compiler
//! cannot see the size of, the match test behind a second one, the
//! iterator's bounds), and each hit looks its literals up through three
//! more tables. Here a step is a class lookup in a 256-entry array and
//! one load from the premultiplied table; the match states are numbered
//! first, so one comparison tells a hit; and a match state's literals
//! sit in one slice with their lengths. Built from the literals directly
//! (a trie, its failure links breadth first, each row filled from its
//! failure's), in about the time the crate takes.

/// Where the trie has no edge yet, while it is built.
const NONE: u32 = u32::MAX;

/// The automaton. State ids are premultiplied by the stride (the number
/// of byte classes: a power of two would double the table and its cache
/// misses), so the next state is `trans[state + class]`.
#[derive(Debug, Clone)]
pub struct LiteralDfa {
    /// Each byte's class: ASCII letters of either case share one; every
    /// byte that is in no literal is class 0.
    classes: [u8; 256],
    /// `2^40 / stride`, rounded up: `(id * recip) >> 40` is the index of
    /// a state by its id (id a multiple of the stride below 2^32), with
    /// no division at each hit.
    recip: u64,
    trans: Box<[u32]>,
    start: u32,
    /// The match states are the ones below this id.
    match_below: u32,
    /// Match state `i`'s literals are `found[ends[i]..ends[i + 1]]`, as
    /// (literal, its length).
    ends: Box<[u32]>,
    found: Box<[(u32, u32)]>,
    longest: usize,
}

impl LiteralDfa {
    /// The automaton of `words` (literal `i` is the `i`th word).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Result<LiteralDfa, String> {
        let words: Vec<&[u8]> = words.into_iter().collect();
        let (classes, k) = byte_classes(&words);
        let (goto, out) = trie(&words, &classes, k)?;
        let (mut trans, out) = close(goto, out, k);
        let n = out.len();
        if n.checked_mul(k).is_none_or(|s| s > u32::MAX as usize) {
            return Err(format!(
                "{} literals make too large an automaton",
                words.len()
            ));
        }
        // Match states first, so that a hit is one comparison; the rest
        // keep their breadth-first order (the start state first of them
        // unless an empty literal makes it a match).
        let mut new_id = vec![0u32; n];
        let mut order = Vec::with_capacity(n);
        for pass_matches in [true, false] {
            for (s, o) in out.iter().enumerate() {
                if o.is_empty() != pass_matches {
                    new_id[s] = order.len() as u32;
                    order.push(s);
                }
            }
        }
        let matches = out.iter().filter(|o| !o.is_empty()).count();
        // Premultiplied ids, then each row moved to its new place.
        for t in trans.iter_mut() {
            *t = new_id[*t as usize] * k as u32;
        }
        permute_rows(&mut trans, k, &new_id);
        let mut ends = Vec::with_capacity(matches + 1);
        let mut found = Vec::new();
        ends.push(0);
        for &s in &order[..matches] {
            found.extend(out[s].iter().map(|&p| (p, words[p as usize].len() as u32)));
            ends.push(found.len() as u32);
        }
        Ok(LiteralDfa {
            classes,
            recip: (1u64 << 40) / k as u64 + 1,
            trans: trans.into_boxed_slice(),
            start: new_id[0] * k as u32,
            match_below: (matches * k) as u32,
            ends: ends.into_boxed_slice(),
            found: found.into_boxed_slice(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
        })
    }

    /// The state a walk starts in.
    pub fn start(&self) -> u32 {
        self.start
    }

    /// The length of the longest literal.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Whether literals end where the walk is in state `sid`.
    #[inline(always)]
    pub fn is_match(&self, sid: u32) -> bool {
        sid < self.match_below
    }

    /// Walks `hay` from `at` in state `*sid` up to the first byte that
    /// leads into a match state, and returns the position after it (or
    /// the end of `hay`), `*sid` the state there. The loop calls nothing,
    /// so the walk keeps its state in registers: with the hits reported
    /// inside it, it kept them on the stack (the sentence gate's walk
    /// went from 26 to about 8 instructions a byte out of it).
    #[inline]
    pub fn run(&self, hay: &[u8], at: usize, sid: &mut u32) -> usize {
        let (trans, classes, below) = (&*self.trans, &self.classes, self.match_below);
        let mut s = *sid;
        for (k, &x) in hay[at..].iter().enumerate() {
            s = trans[s as usize + usize::from(classes[usize::from(x)])];
            if s < below {
                *sid = s;
                return at + k + 1;
            }
        }
        *sid = s;
        hay.len()
    }

    /// [`Self::run`] of two walks side by side, over `x` in state `*a`
    /// and `y` in state `*b` (each step waits for the table load of the
    /// step before, so two walks take little more time than one), up to
    /// the first byte after which either is in a match state.
    #[inline]
    pub fn run_two(&self, x: &[u8], y: &[u8], at: usize, a: &mut u32, b: &mut u32) -> usize {
        let (trans, classes, below) = (&*self.trans, &self.classes, self.match_below);
        let n = x.len().min(y.len());
        let (mut sa, mut sb) = (*a, *b);
        for (k, (&p, &q)) in x[at..n].iter().zip(&y[at..n]).enumerate() {
            sa = trans[sa as usize + usize::from(classes[usize::from(p)])];
            sb = trans[sb as usize + usize::from(classes[usize::from(q)])];
            if sa.min(sb) < below {
                (*a, *b) = (sa, sb);
                return at + k + 1;
            }
        }
        (*a, *b) = (sa, sb);
        n
    }

    /// The literals that end where the walk is in match state `sid`, as
    /// (literal, length), in the order the crate reports them: the
    /// longest first, then each shorter suffix.
    #[inline]
    pub fn found(&self, sid: u32) -> &[(u32, u32)] {
        let i = ((u64::from(sid) * self.recip) >> 40) as usize;
        &self.found[self.ends[i] as usize..self.ends[i + 1] as usize]
    }
}

/// Each byte's class, and the number of classes: one per byte value in
/// the literals (ASCII letters folded to lower case), and class 0 for
/// every other byte.
fn byte_classes(words: &[&[u8]]) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for w in words {
        for &b in *w {
            used[usize::from(b.to_ascii_lowercase())] = true;
        }
    }
    let mut classes = [0u8; 256];
    let mut k = 1;
    for b in 0..=255u8 {
        if used[usize::from(b)] {
            // At most 230 classes: 256 bytes less the 26 capitals.
            classes[usize::from(b)] = k as u8;
            if b.is_ascii_lowercase() {
                classes[usize::from(b.to_ascii_uppercase())] = k as u8;
            }
            k += 1;
        }
    }
    (classes, k)
}

/// The trie of the words: `k` edges per node (by class, [`NONE`] for no
/// edge; node 0 the root), and the words ending at each node.
type Trie = (Vec<u32>, Vec<Vec<u32>>);

fn trie(words: &[&[u8]], classes: &[u8; 256], k: usize) -> Result<Trie, String> {
    // Room for every node there can be, so that the table is not copied
    // as it grows (pages not reached are never touched).
    let most = words.iter().map(|w| w.len()).sum::<usize>() + 1;
    let mut goto = Vec::with_capacity(most.saturating_mul(k));
    goto.extend(std::iter::repeat_n(NONE, k));
    let mut out: Vec<Vec<u32>> = vec![Vec::new()];
    for (p, w) in words.iter().enumerate() {
        let mut s = 0usize;
        for &b in *w {
            let at = s * k + usize::from(classes[usize::from(b)]);
            s = match goto[at] {
                NONE => {
                    let t = out.len();
                    if t >= NONE as usize {
                        return Err("too many literals".into());
                    }
                    goto[at] = t as u32;
                    goto.extend(std::iter::repeat_n(NONE, k));
                    out.push(Vec::new());
                    t
                }
                t => t as usize,
            };
        }
        out[s].push(p as u32);
    }
    Ok((goto, out))
}

/// Completes the trie into the DFA, breadth first: a node's missing edge
/// is its failure node's (a shorter node, whose row is complete by
/// then), and a node's words are its own, then its failure node's.
fn close(mut goto: Vec<u32>, mut out: Vec<Vec<u32>>, k: usize) -> Trie {
    let mut fail = vec![0u32; out.len()];
    let mut queue = Vec::with_capacity(out.len());
    for t in &mut goto[..k] {
        match *t {
            NONE => *t = 0,
            t => queue.push(t),
        }
    }
    let mut i = 0;
    while let Some(&s) = queue.get(i) {
        i += 1;
        let (s, f) = (s as usize, fail[s as usize] as usize);
        if !out[f].is_empty() {
            let more = out[f].clone();
            out[s].extend(more);
        }
        for c in 0..k {
            let via_fail = goto[f * k + c];
            match goto[s * k + c] {
                NONE => goto[s * k + c] = via_fail,
                t => {
                    fail[t as usize] = via_fail;
                    queue.push(t);
                }
            }
        }
    }
    (goto, out)
}

/// Moves row `s` of `table` (rows of `k`) to row `to[s]`, in place (the
/// table is the automaton's largest part), following each cycle of the
/// permutation with one row in hand.
fn permute_rows(table: &mut [u32], k: usize, to: &[u32]) {
    let mut done = vec![false; to.len()];
    let mut held = vec![0u32; k];
    for first in 0..to.len() {
        if done[first] {
            continue;
        }
        held.copy_from_slice(&table[first * k..(first + 1) * k]);
        let mut s = first;
        loop {
            done[s] = true;
            let t = to[s] as usize;
            // Row t's old content goes on to to[t]; row s's takes its place.
            for (a, b) in table[t * k..(t + 1) * k].iter_mut().zip(held.iter_mut()) {
                std::mem::swap(a, b);
            }
            if t == first {
                break;
            }
            s = t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hit of a walk through `dfa`, as (literal, start, end).
    fn hits(dfa: &LiteralDfa, text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let (mut sid, mut at) = (dfa.start(), 0);
        while at < text.len() {
            at = dfa.run(text, at, &mut sid);
            if dfa.is_match(sid) {
                for &(p, len) in dfa.found(sid) {
                    out.push((p as usize, at - len as usize, at));
                }
            }
        }
        out
    }

    /// Hundreds of random literals over a small alphabet (both cases, a
    /// non-ASCII letter, so many states share suffixes and the state
    /// numbering is shuffled through long cycles), on random text: the
    /// hits are the aho-corasick crate's overlapping ones, in its order.
    #[test]
    fn random_literals_hit_as_the_crates_do() {
        let alphabet: Vec<&str> = vec!["a", "b", "C", "c", "-", " ", "7", "é"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..20 {
            let count = 1 + next(400);
            let words: Vec<String> = (0..count)
                .map(|_| {
                    (0..1 + next(6))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect()
                })
                .collect();
            let text: String = (0..3000).map(|_| alphabet[next(alphabet.len())]).collect();
            let dfa = LiteralDfa::new(words.iter().map(|w| w.as_bytes())).expect("builds");
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .expect("builds");
            let want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert!(want.len() > 100, "round {round}");
            assert_eq!(hits(&dfa, text.as_bytes()), want, "round {round}");
        }
    }

    /// A row moved in place lands where the numbering says, for a
    /// permutation of one long cycle, fixed points and a swap.
    #[test]
    fn rows_move_in_place() {
        let to = [2u32, 0, 3, 1, 4, 6, 5];
        let k = 3;
        let mut table: Vec<u32> = (0..to.len() as u32 * k as u32).collect();
        let before = table.clone();
        permute_rows(&mut table, k, &to);
        for (s, &t) in to.iter().enumerate() {
            let t = t as usize;
            assert_eq!(table[t * k..(t + 1) * k], before[s * k..(s + 1) * k]);
        }
    }
}
