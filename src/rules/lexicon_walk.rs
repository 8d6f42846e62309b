//! Matching a lexicon by walking its trie, with no automaton to build.
//!
//! A lexicon's regex (`Lexicon::regex`) is its trie of alias tokens
//! rendered as an alternation; the regex crate then spent milliseconds
//! building automata for it (the title lexicon alone: 8 ms, the six the
//! facts stages search: a third of a one-sentence run). The walk reads
//! the same trie directly and matches as that regex does, case-insensitive:
//! at each start, leftmost first, branches in the trie's order, greedy
//! gaps given back one character at a time, an alias that ends where
//! others go on tried after them. A unit test compares it with the regex
//! on every lexicon.

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::codec::Reader;
use super::expand::ASCII_BOUNDARY;
use super::lexicon::{Token, Trie};

/// A lexicon's trie, ready to walk.
#[derive(Debug, Clone, PartialEq)]
pub struct TrieWalk {
    nodes: Vec<Node>,
    /// Every node's edges, each node's together, in order: one vector,
    /// not one per node (a walk of the titles has thousands of nodes).
    edges: Vec<(Step, usize)>,
    /// The bytes a match can start with.
    first: [bool; 256],
    /// For each node whose many edges each read letters of their own
    /// ([`Self::indexed`]), the row of `rows` that gives the edge an ASCII
    /// byte takes; [`NO_ROW`] for the others.
    row: Vec<u32>,
    rows: Vec<[u16; 128]>,
    /// [`Self::rest_first`], worked out with the rows.
    rest: Option<Box<[bool; 256]>>,
}

/// A node without a row of edges by byte.
const NO_ROW: u32 = u32::MAX;

/// No edge reads this byte.
const NO_EDGE: u16 = u16::MAX;

/// Edges a node needs for a row: at the titles' first letter, the walk
/// tried dozens of edges one by one at every word, most of its time.
const ROW_FROM: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    /// The node's edges: `edges[from..to]`.
    from: usize,
    to: usize,
    /// An alias ends here (tried after the edges).
    end: bool,
}

/// What one token of an alias matches.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// One character of these (a letter and its other cases).
    Chars(Chars),
    /// `(?-u:\b)`.
    Boundary,
    /// `[\s-]+`: greedy.
    Gap,
    /// `[\s-]?`.
    MaybeGap,
    /// `['’]`.
    Apostrophe,
    /// `\.?`.
    MaybeDot,
}

/// A set of characters: ASCII as a bitmap, the rest listed.
#[derive(Debug, Clone, Default, PartialEq)]
struct Chars {
    ascii: u128,
    other: Vec<char>,
}

impl Chars {
    fn insert(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii |= 1 << (c as u32);
        } else if !self.other.contains(&c) {
            self.other.push(c);
        }
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1 << (c as u32)) != 0
        } else {
            self.other.contains(&c)
        }
    }

    /// Every character `c` matches case-insensitively, as the regex
    /// crate's simple case folding has it. An ASCII character's set is
    /// worked out once per process: a trie has an edge per letter of
    /// every alias, and folding each through the Unicode tables was most
    /// of making a walk.
    fn add_case_folded(&mut self, c: char) {
        static ASCII: std::sync::OnceLock<Vec<Chars>> = std::sync::OnceLock::new();
        let folded = if c.is_ascii() {
            let table =
                ASCII.get_or_init(|| (0..128u8).map(|b| Chars::folded(char::from(b))).collect());
            std::borrow::Cow::Borrowed(&table[c as usize])
        } else {
            std::borrow::Cow::Owned(Chars::folded(c))
        };
        self.ascii |= folded.ascii;
        for &x in &folded.other {
            self.insert(x);
        }
    }

    /// The characters `c` matches case-insensitively.
    fn folded(c: char) -> Chars {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        let mut out = Chars::default();
        for r in class.iter() {
            for x in r.start()..=r.end() {
                out.insert(x);
            }
        }
        out
    }
}

fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl TrieWalk {
    /// The walk of a trie; `None` when it holds a token the walk does not
    /// know, or can match the empty string (its regex is used instead).
    pub(super) fn new(trie: &Trie) -> Option<TrieWalk> {
        let mut walk = TrieWalk {
            nodes: Vec::new(),
            edges: Vec::new(),
            first: [false; 256],
            row: Vec::new(),
            rows: Vec::new(),
            rest: None,
        };
        walk.add(trie)?;
        if walk.can_be_empty(0) {
            return None;
        }
        let mut first = [false; 256];
        walk.first_bytes(0, &mut first)?;
        walk.first = first;
        Some(walk.indexed())
    }

    /// The walk with a row of edges by byte for each node of [`ROW_FROM`]
    /// edges or more that all read characters, no ASCII byte read by two:
    /// at most one edge can take an ASCII byte there, so trying only that
    /// one finds what trying each in order finds. (A byte past ASCII, the
    /// Kelvin sign for `k`, still tries each.)
    fn indexed(mut self) -> TrieWalk {
        self.row = vec![NO_ROW; self.nodes.len()];
        self.rows.clear();
        for n in 0..self.nodes.len() {
            let edges = self.edges(n);
            if edges.len() < ROW_FROM || edges.len() >= usize::from(NO_EDGE) {
                continue;
            }
            let mut row = [NO_EDGE; 128];
            let disjoint = edges.iter().enumerate().all(|(k, (step, _))| {
                let Step::Chars(cs) = step else {
                    return false;
                };
                // The set's bytes, lowest first.
                let mut bits = cs.ascii;
                while bits != 0 {
                    let slot = &mut row[bits.trailing_zeros() as usize];
                    if *slot != NO_EDGE {
                        return false;
                    }
                    *slot = k as u16;
                    bits &= bits - 1;
                }
                true
            });
            if disjoint {
                self.row[n] = self.rows.len() as u32;
                self.rows.push(row);
            }
        }
        self.rest = self.rest_first();
        self
    }

    fn add(&mut self, trie: &Trie) -> Option<usize> {
        let at = self.nodes.len();
        self.nodes.push(Node {
            from: 0,
            to: 0,
            end: trie.end,
        });
        // The children first, then this node's edges together.
        let mut edges = Vec::with_capacity(trie.children.len());
        for b in &trie.children {
            let step = step(&b.forms)?;
            edges.push((step, self.add(&b.sub)?));
        }
        self.nodes[at].from = self.edges.len();
        self.edges.extend(edges);
        self.nodes[at].to = self.edges.len();
        Some(at)
    }

    fn edges(&self, n: usize) -> &[(Step, usize)] {
        let node = self.nodes[n];
        &self.edges[node.from..node.to]
    }

    fn can_be_empty(&self, n: usize) -> bool {
        self.nodes[n].end
            || self.edges(n).iter().any(|(s, next)| {
                matches!(s, Step::Boundary | Step::MaybeGap | Step::MaybeDot)
                    && self.can_be_empty(*next)
            })
    }

    /// Marks the bytes a match from node `n` can start with; `None` when a
    /// step there may match nothing (then any byte may start one).
    fn first_bytes(&self, n: usize, first: &mut [bool; 256]) -> Option<()> {
        for (s, next) in self.edges(n) {
            self.first_bytes_of(s, *next, first)?;
        }
        Some(())
    }

    /// [`Self::first_bytes`] of one edge.
    fn first_bytes_of(&self, s: &Step, next: usize, first: &mut [bool; 256]) -> Option<()> {
        match s {
            Step::Boundary => self.first_bytes(next, first)?,
            Step::Chars(cs) => {
                for b in 0..128u8 {
                    if cs.ascii & (1 << b) != 0 {
                        first[usize::from(b)] = true;
                    }
                }
                for c in &cs.other {
                    first[usize::from(c.encode_utf8(&mut [0; 4]).as_bytes()[0])] = true;
                }
            }
            Step::Apostrophe => {
                first[usize::from(b'\'')] = true;
                first[usize::from("\u{2019}".as_bytes()[0])] = true;
            }
            Step::Gap => {
                for c in (0..=0x3000u32)
                    .filter_map(char::from_u32)
                    .filter(|&c| is_gap(c))
                {
                    first[usize::from(c.encode_utf8(&mut [0; 4]).as_bytes()[0])] = true;
                }
                // U+FEFF and the like are not white space; the regex
                // agrees (`\s` is Unicode White_Space, as `is_whitespace`).
            }
            Step::MaybeGap | Step::MaybeDot => return None,
        }
        Some(())
    }

    /// When the root has a boundary edge: the bytes its other edges can
    /// start with, if known. A walk from where no boundary is needs one of
    /// them ([`Self::find_at`]).
    fn rest_first(&self) -> Option<Box<[bool; 256]>> {
        let root = self.edges(0);
        if !root.iter().any(|(s, _)| matches!(s, Step::Boundary)) {
            return None;
        }
        let mut rest = Box::new([false; 256]);
        for (s, next) in root.iter().filter(|(s, _)| !matches!(s, Step::Boundary)) {
            self.first_bytes_of(s, *next, &mut rest)?;
        }
        Some(rest)
    }

    /// The first match in `hay`, as `(start, end)`. Where no word
    /// boundary is (inside a word: most letters), the walk is tried only
    /// if an alias that needs none can start there ([`Self::rest_first`]).
    pub fn find_at(&self, hay: &str, mut at: usize) -> Option<(usize, usize)> {
        let bytes = hay.as_bytes();
        while at < bytes.len() {
            let b = bytes[at];
            if self.first[usize::from(b)] && hay.is_char_boundary(at) {
                let tried = match &self.rest {
                    Some(rest) => {
                        let before = at > 0 && word_byte(bytes[at - 1]);
                        before != word_byte(b) || rest[usize::from(b)]
                    }
                    None => true,
                };
                if tried {
                    if let Some(end) = self.walk(0, hay, at) {
                        return Some((at, end));
                    }
                }
            }
            at += 1;
        }
        None
    }

    /// Where a match from node `n` at `pos` ends, if one does: the first
    /// in the trie's order, as a backtracking regex finds it.
    fn walk(&self, n: usize, hay: &str, pos: usize) -> Option<usize> {
        let bytes = hay.as_bytes();
        if let (Some(row), Some(&b)) = (self.rows.get(self.row[n] as usize), bytes.get(pos)) {
            if b.is_ascii() {
                // Only the edge that reads this byte can go on.
                let k = row[usize::from(b)];
                let found = match self.edges(n).get(usize::from(k)) {
                    Some((_, next)) => self.walk(*next, hay, pos + 1),
                    None => None,
                };
                return found.or_else(|| self.nodes[n].end.then_some(pos));
            }
        }
        let next_char = |p: usize| hay[p..].chars().next();
        for (step, next) in self.edges(n) {
            let found = match step {
                Step::Boundary => {
                    let before = pos > 0 && word_byte(bytes[pos - 1]);
                    let after = pos < bytes.len() && word_byte(bytes[pos]);
                    if before != after {
                        self.walk(*next, hay, pos)
                    } else {
                        None
                    }
                }
                Step::Chars(cs) => match next_char(pos) {
                    Some(c) if cs.contains(c) => self.walk(*next, hay, pos + c.len_utf8()),
                    _ => None,
                },
                Step::Apostrophe => match next_char(pos) {
                    Some(c @ ('\'' | '\u{2019}')) => self.walk(*next, hay, pos + c.len_utf8()),
                    _ => None,
                },
                Step::Gap => {
                    // The whole run first, then one character less at a time.
                    let run = hay[pos..]
                        .find(|c| !is_gap(c))
                        .map_or(hay.len(), |k| pos + k);
                    hay[pos..run]
                        .char_indices()
                        .rev()
                        .find_map(|(k, c)| self.walk(*next, hay, pos + k + c.len_utf8()))
                }
                Step::MaybeGap | Step::MaybeDot => {
                    let takes = |c: char| match step {
                        Step::MaybeGap => is_gap(c),
                        _ => c == '.',
                    };
                    next_char(pos)
                        .filter(|&c| takes(c))
                        .and_then(|c| self.walk(*next, hay, pos + c.len_utf8()))
                        .or_else(|| self.walk(*next, hay, pos))
                }
            };
            if found.is_some() {
                return found;
            }
        }
        self.nodes[n].end.then_some(pos)
    }

    /// Writes the walk for [`TrieWalk::decode`]: the known walks
    /// ([`super::known_walks`]) are written so.
    #[cfg(test)]
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        use super::codec::put;
        put(out, self.nodes.len() as u32);
        for n in &self.nodes {
            put(out, n.from as u32);
            put(out, (n.to - n.from) as u32);
            out.push(u8::from(n.end));
        }
        put(out, self.edges.len() as u32);
        for (step, next) in &self.edges {
            match step {
                Step::Chars(cs) => {
                    out.push(0);
                    // Listed, not the 16-byte map: a letter and its other
                    // case, mostly.
                    let ascii: Vec<u8> = (0..128u8).filter(|&b| cs.ascii >> b & 1 == 1).collect();
                    super::codec::put_bytes(out, &ascii);
                    put(out, cs.other.len() as u32);
                    for &c in &cs.other {
                        put(out, c as u32);
                    }
                }
                Step::Boundary => out.push(1),
                Step::Gap => out.push(2),
                Step::MaybeGap => out.push(3),
                Step::Apostrophe => out.push(4),
                Step::MaybeDot => out.push(5),
            }
            put(out, *next as u32);
        }
        for chunk in self.first.chunks(8) {
            out.push(chunk.iter().rev().fold(0u8, |b, &f| b << 1 | u8::from(f)));
        }
    }

    /// A walk written by [`TrieWalk::encode`]; `None` for anything else,
    /// or a walk whose edges lead nowhere.
    pub(super) fn decode(r: &mut Reader) -> Option<TrieWalk> {
        let n = r.number()? as usize;
        let mut nodes = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let from = r.number()? as usize;
            let to = from.checked_add(r.number()? as usize)?;
            let end = match r.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            };
            nodes.push(Node { from, to, end });
        }
        let m = r.number()? as usize;
        let mut edges = Vec::with_capacity(m.min(1 << 20));
        for _ in 0..m {
            let step = match r.byte()? {
                0 => {
                    let mut ascii = 0u128;
                    for &b in r.take()? {
                        ascii |= 1u128.checked_shl(u32::from(b)).filter(|_| b < 128)?;
                    }
                    let k = r.number()?;
                    let mut other = Vec::with_capacity(k.min(64) as usize);
                    for _ in 0..k {
                        other.push(char::from_u32(r.number()?)?);
                    }
                    Step::Chars(Chars { ascii, other })
                }
                1 => Step::Boundary,
                2 => Step::Gap,
                3 => Step::MaybeGap,
                4 => Step::Apostrophe,
                5 => Step::MaybeDot,
                _ => return None,
            };
            let next = r.number()? as usize;
            if next >= n {
                return None;
            }
            edges.push((step, next));
        }
        if nodes.iter().any(|n| n.from > n.to || n.to > m) || n == 0 {
            return None;
        }
        let mut first = [false; 256];
        let bits = r.fixed(32)?;
        for (i, f) in first.iter_mut().enumerate() {
            *f = bits[i / 8] >> (i % 8) & 1 == 1;
        }
        Some(
            TrieWalk {
                nodes,
                edges,
                first,
                row: Vec::new(),
                rows: Vec::new(),
                rest: None,
            }
            .indexed(),
        )
    }
}

/// The step of a branch's forms (one token, or letters in several cases).
fn step(forms: &[Token]) -> Option<Step> {
    match forms {
        [Token::Regex(r)] => match *r {
            ASCII_BOUNDARY => Some(Step::Boundary),
            r"[\s-]+" => Some(Step::Gap),
            r"[\s-]?" => Some(Step::MaybeGap),
            "['\u{2019}]" => Some(Step::Apostrophe),
            r"\.?" => Some(Step::MaybeDot),
            _ => None,
        },
        _ => {
            let mut cs = Chars::default();
            for f in forms {
                match f {
                    Token::Char(c) => cs.add_case_folded(*c),
                    Token::Regex(_) => return None,
                }
            }
            Some(Step::Chars(cs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleSet;

    /// Texts made of pieces of aliases, in odd cases, glued with the
    /// characters the walk treats specially (gaps, hyphens, dots,
    /// apostrophes, word characters, the Kelvin sign and the long s that
    /// match `k` and `s` case-insensitively, letters with accents): the
    /// walk finds what the lexicon's regex finds, on every lexicon.
    #[test]
    fn the_walk_matches_as_the_regex_on_mangled_aliases() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        let glue = [
            " ", "  ", "-", " - ", ".", ". ", "'", "\u{2019}", "_", "1", "a", "\t", "\n", "\u{A0}",
            "\u{212A}", "\u{17F}", "\u{E9}", "\u{C9}", "(", ",", "",
        ];
        let mut rng = crate::testing::Rng::new();
        let mut next = move |n: usize| rng.below(n);
        // And a lexicon where the gaps' greed and the optional tokens
        // decide where a match ends ("a -" on "a  --": the gap takes all).
        let mut odd = super::super::Lexicon::new("odd");
        let odd_aliases: Vec<String> =
            ["a -", "a - b", "b.", "b. c", "c'd", "k s", "Kelvin", "é x"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        odd.add("odd", &odd_aliases);
        let mut names: Vec<&String> = rs.lexicons.keys().collect();
        names.sort();
        let odd_name = "odd".to_string();
        for name in names.into_iter().chain([&odd_name]) {
            let lex = rs.lexicons.get(name).unwrap_or(&odd);
            let aliases = lex.aliases_longest_first();
            let walk = super::TrieWalk::new(lex.trie(true)).expect("walks");
            let re = regex::RegexBuilder::new(&lex.regex(true))
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .unwrap();
            for _ in 0..300 {
                let mut text = String::new();
                for _ in 0..1 + next(6) {
                    let a = aliases[next(aliases.len())];
                    let cut: String = match next(4) {
                        0 => a.to_uppercase(),
                        1 => a.chars().take(1 + next(a.len().max(1))).collect(),
                        2 => a.replace(' ', glue[next(glue.len())]),
                        _ => a.to_string(),
                    };
                    text.push_str(&cut);
                    text.push_str(glue[next(glue.len())]);
                }
                let mut walked = Vec::new();
                let mut at = 0;
                while let Some((s, e)) = walk.find_at(&text, at) {
                    walked.push((s, e));
                    at = e;
                }
                let want: Vec<(usize, usize)> =
                    re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                assert_eq!(walked, want, "lexicon `{name}` on {text:?}");
            }
        }
    }
}

#[cfg(test)]
mod row_tests {
    use super::{TrieWalk, NO_ROW};
    use crate::rules::contract::Lex;
    use crate::rules::RuleSet;

    /// Every match from `at` on, left to right.
    fn all(walk: &TrieWalk, text: &str) -> Vec<(usize, usize)> {
        let (mut out, mut at) = (Vec::new(), 0);
        while let Some((s, e)) = walk.find_at(text, at) {
            out.push((s, e));
            at = e;
        }
        out
    }

    /// The titles' and places' tries fork wide (their first letters), so
    /// their walks get rows of edges by byte; walking by rows finds what
    /// trying each edge in turn finds, on every corpus text. (Against the
    /// regex, the test above checks every lexicon, with both shortcuts.)
    #[test]
    fn rows_find_what_trying_each_edge_finds() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        let texts = crate::testing::corpus_texts();
        for lex in [Lex::Title, Lex::CurrencyPlace, Lex::Drug] {
            let lexicon = rs.lexicon(lex).expect("the lexicon");
            let walk = TrieWalk::new(lexicon.trie(true)).expect("walks");
            assert!(!walk.rows.is_empty(), "{lex}: no row");
            // Its aliases open with a boundary (the place "£" does not):
            // inside a word, the walk is not even tried.
            assert!(walk.rest.is_some(), "{lex}");
            let mut plain = walk.clone();
            plain.rows.clear();
            plain.row = vec![NO_ROW; plain.nodes.len()];
            for t in &texts {
                assert_eq!(all(&walk, t), all(&plain, t), "{lex}");
            }
        }
    }
}

#[cfg(test)]
mod switch_tests {
    use super::super::matcher::{LexiconRegex, WALK_UP_TO};
    use super::super::RuleSet;

    /// A lexicon's search walks until it has searched `WALK_UP_TO` bytes,
    /// then builds its regex; the matches are the same either side.
    #[test]
    fn a_search_builds_its_regex_after_walking_enough() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        let lex = &rs.lexicons["drug"];
        let search = LexiconRegex::of(lex).unwrap();
        let text = "Officers seized crack cocaine, 3kg of Cannabis and some MDMA. ";
        let spans = |s: &LexiconRegex| -> Vec<(usize, usize)> {
            s.find_iter(text).map(|m| (m.start(), m.end())).collect()
        };
        let walked = spans(&search);
        assert_eq!(walked.len(), 3, "{walked:?}");
        assert!(search.walks());
        let mut searched = text.len();
        while searched + text.len() <= WALK_UP_TO {
            assert_eq!(spans(&search), walked);
            searched += text.len();
        }
        assert!(search.walks(), "walks up to the limit");
        assert_eq!(spans(&search), walked);
        assert!(!search.walks(), "then searches with its regex");
        assert_eq!(spans(&search), walked);
    }
}
