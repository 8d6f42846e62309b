//! A dense Aho-Corasick DFA over a set of literals, ASCII
//! case-insensitive, that reports every occurrence (overlapping ones too)
//! for the gates' one pass over the text ([`super::literal_scan`]), and
//! checks what may come before each literal (its lead, an [`Edge`])
//! itself.
//!
//! The aho-corasick crate's DFA is the same automaton, but its walk
//! through the crate's `Automaton` trait kept the walk's state on the
//! stack around each hit, and each hit looked its literals up through
//! three more tables. Here a step is a class lookup in a 256-entry array
//! and one load from the premultiplied table; the match states are
//! numbered first, so one comparison tells a hit; and a match state's
//! literals sit in one slice with their lengths. Built from the literals
//! directly (a trie, its failure links breadth first, each row filled from
//! its failure's), in less time than the crate takes.
//!
//! **Leads.** Half the sentence gate's hits were the one-letter units
//! ("t", "l", "g") inside words, refused by the byte before them; a
//! literal that must follow a word boundary ("rs", "ice") was refused
//! nine times in ten. The automaton reads the text as if two marks
//! followed each byte: `⊥` after a byte that is not an ASCII word
//! character, `⊤` after one that is not a letter or `_` (a digit, or
//! after `⊥`), and both before the text. A literal that must follow a
//! non-word byte is the literal after `⊥⊤`; one that must follow a
//! non-letter, after `⊤`; and inside each literal the marks stand after
//! its bytes as they would in the text. The marks cost nothing at
//! search time: each byte's row goes through them when the table is made.

/// What the byte beside a literal (before it: its lead; after it: its
/// trail, which the gate checks) must not be, for the literal to count
/// there. The ends of the text refuse nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// Anything may come there.
    Any = 0,
    /// Not an ASCII word character.
    NotWord = 1,
    /// Not an ASCII letter or `_` (a digit may: "460.5g").
    NotLetter = 2,
}

impl Edge {
    /// The edge numbered `n` (as the known gate data keeps it).
    pub fn of(n: u8) -> Edge {
        match n {
            1 => Edge::NotWord,
            2 => Edge::NotLetter,
            _ => Edge::Any,
        }
    }

    /// Whether byte `b` beside a literal (on this edge's side) refuses it.
    pub fn refuses(self, b: u8) -> bool {
        match self {
            Edge::Any => false,
            Edge::NotWord => Kind::of(b) != Kind::Other,
            Edge::NotLetter => Kind::of(b) == Kind::Letter,
        }
    }
}

/// The kinds of byte the leads tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ASCII letter or `_`.
    Letter,
    Digit,
    Other,
}

impl Kind {
    fn of(b: u8) -> Kind {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => Kind::Letter,
            b'0'..=b'9' => Kind::Digit,
            _ => Kind::Other,
        }
    }

    /// The marks that follow a byte of this kind.
    fn marks(self) -> &'static [Mark] {
        match self {
            Kind::Letter => &[],
            Kind::Digit => &[Mark::NotLetter],
            Kind::Other => &[Mark::NotWord, Mark::NotLetter],
        }
    }
}

/// The two marks, as classes after the byte classes.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// `⊥`: the byte before was not a word character.
    NotWord = 0,
    /// `⊤`: the byte before was not a letter or `_`.
    NotLetter = 1,
}

/// The automaton. State ids are premultiplied by the stride (the number
/// of byte classes: a power of two would double the table and its cache
/// misses), so the next state is `trans[state + class]`.
#[derive(Debug, Clone)]
pub struct LiteralDfa {
    /// Each byte's class: ASCII letters of either case share one; the
    /// bytes that are in no literal share class 0 (with leads, every
    /// letter, digit and `_` has a class of its own, so a class is of one
    /// [`Kind`]).
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
    /// The automaton of `words` (literal `i` is the `i`th word), each
    /// with what may come before it.
    pub fn new<'a>(
        words: impl IntoIterator<Item = (&'a [u8], Edge)>,
    ) -> Result<LiteralDfa, String> {
        let words: Vec<(&[u8], Edge)> = words.into_iter().collect();
        let leads = words.iter().any(|&(_, l)| l != Edge::Any);
        let (classes, k) = byte_classes(&words, leads);
        let mut kinds = vec![Kind::Other; k];
        for b in 0..=255u8 {
            kinds[usize::from(classes[usize::from(b)])] = Kind::of(b);
        }
        // The marks are symbols k and k + 1 of the spelled literals.
        let mark = |m: Mark| (k + m as usize) as Sym;
        // The marks after a byte of a kind (none without leads), after
        // each class's bytes, and after a non-word byte (a `NotWord`
        // literal's start, and the text's).
        let marks_of = |kind: Kind| -> Vec<Sym> {
            match leads {
                true => kind.marks().iter().map(|&m| mark(m)).collect(),
                false => Vec::new(),
            }
        };
        let after: Vec<Vec<Sym>> = kinds.iter().map(|&kind| marks_of(kind)).collect();
        let marks = |c: usize| after[c].as_slice();
        let non_word = marks_of(Kind::Other);
        let spelled: Vec<Vec<Sym>> = words
            .iter()
            .map(|&(w, lead)| {
                let mut out = match lead {
                    Edge::Any => Vec::new(),
                    Edge::NotWord => non_word.clone(),
                    Edge::NotLetter => vec![mark(Mark::NotLetter)],
                };
                for &b in w {
                    let c = usize::from(classes[usize::from(b)]);
                    out.push(c as Sym);
                    out.extend_from_slice(marks(c));
                }
                out
            })
            .collect();
        let t = Trie::new(&spelled)?;
        // The nodes a walk rests in (the others are inside a byte's
        // marks): the root, and those entered by a letter, or by `⊤`.
        let rests = |u: u32| {
            let x = t.last[u as usize];
            u == 0
                || !leads
                || x == mark(Mark::NotLetter)
                || (usize::from(x) < k && kinds[usize::from(x)] == Kind::Letter)
        };
        let rest: Vec<u32> = t.order.iter().copied().filter(|&u| rests(u)).collect();
        if rest
            .len()
            .checked_mul(k)
            .is_none_or(|n| n > u32::MAX as usize)
        {
            return Err(format!(
                "{} literals make too large an automaton",
                words.len()
            ));
        }
        // Match states first, so that a hit is one comparison; ids
        // premultiplied.
        let is_match = |u: u32| !t.out[u as usize].is_empty();
        let matches = rest.iter().filter(|&&u| is_match(u)).count();
        let mut id = vec![0u32; t.out.len()];
        let (mut m, mut r) = (0, matches);
        for &u in &rest {
            let place = if is_match(u) { &mut m } else { &mut r };
            id[u as usize] = (*place * k) as u32;
            *place += 1;
        }
        // Each row breadth first: a node's step on a byte is the node its
        // edges spell with the marks after the byte, else its failure
        // node's step (a resting node's failure rests too, and comes
        // first). From the root, it is the longest end of what the byte
        // and its marks spell that is a node.
        let mut trans = vec![0u32; rest.len() * k];
        for &u in &rest {
            let at = id[u as usize] as usize;
            if u == 0 {
                for (c, cell) in trans[at..at + k].iter_mut().enumerate() {
                    let y: Vec<Sym> = [c as Sym].iter().chain(marks(c)).copied().collect();
                    let node = (0..=y.len()).find_map(|j| t.follow(0, &y[j..]));
                    *cell = id[node.unwrap_or(0) as usize];
                }
                continue;
            }
            let f = id[t.fail[u as usize] as usize] as usize;
            trans.copy_within(f..f + k, at);
            for &(x, v) in &t.kids[u as usize] {
                let c = usize::from(x);
                if c < k {
                    if let Some(w) = t.follow(v, marks(c)) {
                        trans[at + c] = id[w as usize];
                    }
                }
            }
        }
        // The start reads as after a non-word byte.
        let start = (0..=non_word.len())
            .find_map(|j| t.follow(0, &non_word[j..]))
            .unwrap_or(0);
        let mut ends = Vec::with_capacity(matches + 1);
        let mut found = Vec::new();
        ends.push(0);
        for &u in rest.iter().filter(|&&u| is_match(u)) {
            found.extend(
                t.out[u as usize]
                    .iter()
                    .map(|&p| (p, words[p as usize].0.len() as u32)),
            );
            ends.push(found.len() as u32);
        }
        Ok(LiteralDfa {
            classes,
            recip: (1u64 << 40) / k as u64 + 1,
            trans: trans.into_boxed_slice(),
            start: id[start as usize],
            match_below: (matches * k) as u32,
            ends: ends.into_boxed_slice(),
            found: found.into_boxed_slice(),
            longest: words.iter().map(|(w, _)| w.len()).max().unwrap_or(0),
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
/// every other byte; with `leads`, every letter, digit and `_` gets one
/// too, so that class 0 holds only bytes of [`Kind::Other`].
fn byte_classes(words: &[(&[u8], Edge)], leads: bool) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for (w, _) in words {
        for &b in *w {
            used[usize::from(b.to_ascii_lowercase())] = true;
        }
    }
    if leads {
        for b in (b'a'..=b'z').chain(b'0'..=b'9').chain([b'_']) {
            used[usize::from(b)] = true;
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

/// A symbol of a spelled literal: a byte class, or a mark.
type Sym = u16;

/// The trie of the spelled literals, with its failure links and what
/// each node outputs. The trie is sparse: only the automaton's resting
/// states get a full row.
struct Trie {
    /// Per node, its edges (symbol, child).
    kids: Vec<Vec<(Sym, u32)>>,
    /// Per node, the symbol of the edge into it (the root: none).
    last: Vec<Sym>,
    fail: Vec<u32>,
    /// Per node, the literals ending there: its own, then its failure
    /// node's.
    out: Vec<Vec<u32>>,
    /// The nodes breadth first, the root first.
    order: Vec<u32>,
}

impl Trie {
    fn new(words: &[Vec<Sym>]) -> Result<Trie, String> {
        let mut t = Trie {
            kids: vec![Vec::new()],
            last: vec![Sym::MAX],
            fail: Vec::new(),
            out: vec![Vec::new()],
            order: Vec::new(),
        };
        for (p, w) in words.iter().enumerate() {
            let mut s = 0u32;
            for &x in w {
                s = match t.child(s, x) {
                    Some(u) => u,
                    None => {
                        let u = u32::try_from(t.out.len()).map_err(|_| "too many literals")?;
                        t.kids[s as usize].push((x, u));
                        t.kids.push(Vec::new());
                        t.last.push(x);
                        t.out.push(Vec::new());
                        u
                    }
                };
            }
            t.out[s as usize].push(p as u32);
        }
        // Failure links breadth first: a node's failure is where its
        // parent's failure goes on its symbol, and is shallower, so its
        // outputs are complete when the node takes them.
        t.fail = vec![0; t.out.len()];
        t.order = Vec::with_capacity(t.out.len());
        t.order.push(0);
        let mut i = 0;
        while let Some(&s) = t.order.get(i) {
            i += 1;
            for e in 0..t.kids[s as usize].len() {
                let (x, u) = t.kids[s as usize][e];
                let f = if s == 0 {
                    0
                } else {
                    t.next(t.fail[s as usize], x)
                };
                t.fail[u as usize] = f;
                if !t.out[f as usize].is_empty() {
                    let more = t.out[f as usize].clone();
                    t.out[u as usize].extend(more);
                }
                t.order.push(u);
            }
        }
        Ok(t)
    }

    fn child(&self, s: u32, x: Sym) -> Option<u32> {
        self.kids[s as usize].iter().find(|e| e.0 == x).map(|e| e.1)
    }

    /// The node the automaton goes to from `s` on `x`, following failure
    /// links (set for `s` and every shallower node).
    fn next(&self, mut s: u32, x: Sym) -> u32 {
        loop {
            if let Some(v) = self.child(s, x) {
                return v;
            }
            if s == 0 {
                return 0;
            }
            s = self.fail[s as usize];
        }
    }

    /// The node `path` spells from `s` along edges, if there is one.
    fn follow(&self, s: u32, path: &[Sym]) -> Option<u32> {
        path.iter().try_fold(s, |s, &x| self.child(s, x))
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

    /// Hundreds of random literals over a small alphabet (both cases,
    /// a digit, `_`, a non-ASCII letter, so many states share suffixes),
    /// on random text: the hits are the aho-corasick crate's overlapping
    /// ones, in its order; with leads, those of them the byte before
    /// does not refuse.
    #[test]
    fn random_literals_hit_as_the_crates_do() {
        let alphabet = ["a", "b", "C", "c", "-", " ", "7", "_", "é"];
        let leads = [Edge::Any, Edge::NotWord, Edge::NotLetter];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..40 {
            let with_leads = round % 2 == 1;
            let count = 1 + next(400);
            let words: Vec<(String, Edge)> = (0..count)
                .map(|_| {
                    let w = (0..1 + next(6))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect();
                    (
                        w,
                        if with_leads {
                            leads[next(3)]
                        } else {
                            Edge::Any
                        },
                    )
                })
                .collect();
            let text: String = (0..3000).map(|_| alphabet[next(alphabet.len())]).collect();
            let bytes = text.as_bytes();
            let dfa =
                LiteralDfa::new(words.iter().map(|(w, l)| (w.as_bytes(), *l))).expect("builds");
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(words.iter().map(|(w, _)| w))
                .expect("builds");
            let mut want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .filter(|&(p, s, _)| s == 0 || !words[p].1.refuses(bytes[s - 1]))
                .collect();
            let mut got = hits(&dfa, bytes);
            assert!(want.len() > 100, "round {round}");
            if with_leads {
                // Literals ending at one place come in another order.
                want.sort_unstable();
                got.sort_unstable();
            }
            assert_eq!(got, want, "round {round}");
        }
    }
}
