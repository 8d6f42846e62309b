//! The trees of the texts the embedded rules parse, worked out once and
//! kept in `builtin_trees.bin` beside this file.
//!
//! Building a rule's engine parses its pattern with holes and each piece
//! it names ([`super::splice`]): regex-syntax reads the text into an AST,
//! then translates it, folding the case of every class. For a one-sentence
//! input that was 15M of its 103M instructions, paid again by every run.
//! The tree follows from the text and how it is read ([`Reading`])
//! alone, so each entry holds both and the tree, encoded ([`encode`]);
//! the trees of texts the engine folds are kept folded ([`super::fold`]:
//! folding was another 4.6M). A text that is not in
//! the file word for word (an edited rule file, a user's rule) is parsed
//! as before. A test checks the file against fresh parses;
//! `BLOTTER_BLESS=1 cargo test --lib known_trees` rewrites it.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::codec::Reader;
#[cfg(test)]
use super::codec::{put, put_bytes};

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
    Repetition,
};

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_trees.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter trees 1\n";

/// How a text is read into its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Reading {
    /// Parsed as it is ([`super::splice::parse_as_is`]), case-sensitive.
    CaseSensitive = 0,
    /// Parsed as it is, case-insensitive.
    CaseInsensitive = 1,
    /// Parsed case-insensitively ([`super::splice::parse`]) and folded;
    /// only texts that fold are kept so.
    Folded = 2,
    /// A lexicon's folded tree, built from its trie: the text is the
    /// lexicon's key ([`super::splice`]'s `lexicon_key`, the hash of its
    /// aliases), not a pattern.
    Lexicon = 3,
}

impl Reading {
    pub(super) fn parsed(case_insensitive: bool) -> Reading {
        if case_insensitive {
            Reading::CaseInsensitive
        } else {
            Reading::CaseSensitive
        }
    }

    fn of(byte: u8) -> Option<Reading> {
        [
            Reading::CaseSensitive,
            Reading::CaseInsensitive,
            Reading::Folded,
            Reading::Lexicon,
        ]
        .get(usize::from(byte))
        .copied()
    }
}

/// A file read: its Unicode classes, and the encoded tree of each text
/// by text and reading.
#[derive(Default)]
struct Known {
    /// Each distinct class once: a Unicode word class is hundreds of
    /// ranges, and most trees hold it.
    classes: Vec<ClassUnicode>,
    trees: HashMap<(&'static str, Reading), &'static [u8]>,
}

/// The tree of `pattern` read this way, when the file holds it.
pub(super) fn lookup(pattern: &str, reading: Reading) -> Option<Hir> {
    // A thread that records reads every text afresh: what it records
    // must not depend on the file it is making.
    #[cfg(test)]
    if RECORDED.with(|r| r.borrow().is_some()) {
        return None;
    }
    static KNOWN: OnceLock<Known> = OnceLock::new();
    let known = KNOWN.get_or_init(|| index(FILE).unwrap_or_default());
    let bytes = known.trees.get(&(pattern, reading))?;
    decode_all(bytes, &known.classes)
}

/// A file read: its classes, then its entries (reading, text, encoded
/// tree) until the end.
fn index(file: &'static [u8]) -> Option<Known> {
    let mut r = Reader::new(file.strip_prefix(MAGIC)?);
    let n = r.number()?;
    let mut classes = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let m = r.number()?;
        let mut ranges = Vec::with_capacity(m as usize);
        for _ in 0..m {
            let start = r.number()?;
            let end = start.checked_add(r.number()?)?;
            ranges.push(ClassUnicodeRange::new(
                char::from_u32(start)?,
                char::from_u32(end)?,
            ));
        }
        classes.push(ClassUnicode::new(ranges));
    }
    let mut trees = HashMap::new();
    while !r.is_empty() {
        let reading = Reading::of(r.byte()?)?;
        let text = r.text()?;
        trees.insert((text, reading), r.take()?);
    }
    Some(Known { classes, trees })
}

/// Reads the encoded tree `bytes` whole; `None` if it is not one tree.
fn decode_all(bytes: &[u8], classes: &[ClassUnicode]) -> Option<Hir> {
    let mut r = Reader::new(bytes);
    let hir = decode(&mut r, classes)?;
    r.is_empty().then_some(hir)
}

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
const UNICODE: u8 = 2;
const BYTES: u8 = 3;
const LOOK: u8 = 4;
const REPETITION: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATION: u8 = 8;

/// Writes `hir` to `out`: a tag per node, then its fields, numbers as
/// LEB128; a Unicode class by its index in `classes`, added there when
/// new. Decoding builds each node with the constructor the parser used,
/// so a tree decodes to itself (the test of the file checks it).
#[cfg(test)]
fn encode(hir: &Hir, classes: &mut Vec<ClassUnicode>, out: &mut Vec<u8>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(lit) => {
            out.push(LITERAL);
            put_bytes(out, &lit.0);
        }
        HirKind::Class(Class::Unicode(c)) => {
            out.push(UNICODE);
            let i = classes.iter().position(|k| k == c).unwrap_or_else(|| {
                classes.push(c.clone());
                classes.len() - 1
            });
            put(out, i as u32);
        }
        HirKind::Class(Class::Bytes(c)) => {
            out.push(BYTES);
            put(out, c.ranges().len() as u32);
            for r in c.ranges() {
                out.extend([r.start(), r.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            put(out, look.as_repr());
        }
        HirKind::Repetition(r) => {
            out.push(REPETITION);
            put(out, r.min);
            put(out, r.max.map_or(0, |m| m + 1));
            out.push(u8::from(r.greedy));
            encode(&r.sub, classes, out);
        }
        HirKind::Capture(c) => {
            out.push(CAPTURE);
            put(out, c.index);
            match &c.name {
                Some(name) => {
                    out.push(1);
                    put_bytes(out, name.as_bytes());
                }
                None => out.push(0),
            }
            encode(&c.sub, classes, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let tag = if matches!(hir.kind(), HirKind::Concat(_)) {
                CONCAT
            } else {
                ALTERNATION
            };
            out.push(tag);
            put(out, subs.len() as u32);
            for s in subs {
                encode(s, classes, out);
            }
        }
    }
}

fn decode(r: &mut Reader, classes: &[ClassUnicode]) -> Option<Hir> {
    Some(match r.byte()? {
        EMPTY => Hir::empty(),
        LITERAL => Hir::literal(r.take()?),
        UNICODE => {
            let c = classes.get(r.number()? as usize)?;
            Hir::class(Class::Unicode(c.clone()))
        }
        BYTES => {
            let n = r.number()?;
            let mut ranges = Vec::with_capacity(n as usize);
            for _ in 0..n {
                let (start, end) = (r.byte()?, r.byte()?);
                ranges.push(ClassBytesRange::new(start, end));
            }
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        LOOK => Hir::look(Look::from_repr(r.number()?)?),
        REPETITION => {
            let min = r.number()?;
            let max = r.number()?.checked_sub(1);
            let greedy = r.byte()? == 1;
            let sub = Box::new(decode(r, classes)?);
            Hir::repetition(Repetition {
                min,
                max,
                greedy,
                sub,
            })
        }
        CAPTURE => {
            let index = r.number()?;
            let name = match r.byte()? {
                0 => None,
                _ => Some(Box::from(r.text()?)),
            };
            let sub = Box::new(decode(r, classes)?);
            Hir::capture(Capture { index, name, sub })
        }
        tag @ (CONCAT | ALTERNATION) => {
            let n = r.number()?;
            let mut subs = Vec::with_capacity(n as usize);
            for _ in 0..n {
                subs.push(decode(r, classes)?);
            }
            if tag == CONCAT {
                Hir::concat(subs)
            } else {
                Hir::alternation(subs)
            }
        }
        _ => return None,
    })
}

// The texts parsed on this thread while recording: the test of the file
// records what building every embedded rule's tree parses.
#[cfg(test)]
type Recorded = Vec<(String, Reading, Option<Hir>)>;

#[cfg(test)]
thread_local! {
    static RECORDED: std::cell::RefCell<Option<Recorded>> =
        const { std::cell::RefCell::new(None) };
}

/// Notes a text about to be read, when this thread records.
#[cfg(test)]
pub(super) fn record(pattern: &str, reading: Reading) {
    RECORDED.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push((pattern.to_string(), reading, None));
        }
    });
}

/// Notes a tree made on this thread while it records, with the text it
/// is known by: a tree the test cannot make again from its text.
#[cfg(test)]
pub(super) fn record_tree(text: &str, reading: Reading, hir: &Hir) {
    RECORDED.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push((text.to_string(), reading, Some(hir.clone())));
        }
    });
}

/// The file for these texts and their trees: sorted, each text once,
/// only the trees that decode to themselves.
#[cfg(test)]
fn render(entries: &[(String, Reading, Hir)]) -> Vec<u8> {
    let mut sorted: Vec<&(String, Reading, Hir)> = entries.iter().collect();
    sorted.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    sorted.dedup_by(|a, b| (&a.0, a.1) == (&b.0, b.1));
    let mut classes = Vec::new();
    let mut body = Vec::new();
    for (text, reading, hir) in sorted {
        let mut tree = Vec::new();
        let mut with = classes.clone();
        encode(hir, &mut with, &mut tree);
        if decode_all(&tree, &with).as_ref() != Some(hir) {
            continue;
        }
        classes = with;
        body.push(*reading as u8);
        put_bytes(&mut body, text.as_bytes());
        put_bytes(&mut body, &tree);
    }
    let mut out = MAGIC.to_vec();
    put(&mut out, classes.len() as u32);
    for c in &classes {
        put(&mut out, c.ranges().len() as u32);
        for r in c.ranges() {
            put(&mut out, u32::from(r.start()));
            put(&mut out, u32::from(r.end()) - u32::from(r.start()));
        }
    }
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{fold, RuleSet};
    use crate::testing::parsed;

    /// The tree of a text read this way, afresh: through the parser,
    /// then folded for [`Reading::Folded`] (`None` when it does not fold);
    /// a lexicon's is the one recorded as it was built.
    fn fresh(text: &str, reading: Reading, made: Option<Hir>) -> Option<Hir> {
        match reading {
            Reading::Folded => {
                let h = crate::rules::splice::parse(text, true).ok()?;
                fold::foldable(&h).then(|| fold::fold(&h))
            }
            Reading::Lexicon => made,
            _ => Some(parsed(text, reading == Reading::CaseInsensitive)),
        }
    }

    /// The file holds the tree of every text that building each embedded
    /// rule's engine tree reads, read afresh; with `BLOTTER_BLESS=1` it
    /// is rewritten instead.
    #[test]
    fn the_file_is_current() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
        for r in &rules.rules {
            let _ = crate::rules::compile::engine_tree(r);
        }
        let texts = RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default();
        assert!(
            !texts.is_empty(),
            "building the rules' trees parsed nothing"
        );
        let entries: Vec<(String, Reading, Hir)> = texts
            .into_iter()
            .filter_map(|(t, reading, made)| {
                let h = fresh(&t, reading, made)?;
                Some((t, reading, h))
            })
            .collect();
        let file = render(&entries);
        if !crate::testing::kept_is_current("builtin_trees.bin", FILE, &file, "known_trees") {
            return;
        }
        // Every tree the file gives is the parser's.
        let known = index(FILE).expect("the file reads");
        assert!(known.trees.len() * 2 >= entries.len(), "most trees decode");
        for &(text, reading) in known.trees.keys() {
            let made = entries
                .iter()
                .find(|e| (e.0.as_str(), e.1) == (text, reading))
                .map(|e| e.2.clone());
            assert_eq!(
                lookup(text, reading),
                fresh(text, reading, made),
                "{text:?}"
            );
        }
        let folded = known.trees.keys().filter(|k| k.1 == Reading::Folded);
        assert!(folded.count() > 10, "folded trees are kept");
        let lexicons = known.trees.keys().filter(|k| k.1 == Reading::Lexicon);
        assert!(lexicons.count() > 5, "lexicons' folded trees are kept");
    }

    #[test]
    fn trees_decode_to_themselves() {
        for (p, ci) in [
            (r"(?P<qty>\d{1,3}(?:,\d{3})*)\s*(kg|g)\b", true),
            (r"(?-u:\b)x+?y{2,}z{0,3}?|(?m:^)$", false),
            (r"(?-u:[\x00-\x7F])[^\w.,-]\W(?s:.)", true),
            (r"(?:)|a*|[a&&b]", false),
            (r"(?i)ſtraße\p{Greek}", false),
        ] {
            let h = parsed(p, ci);
            let (mut classes, mut out) = (Vec::new(), Vec::new());
            encode(&h, &mut classes, &mut out);
            assert_eq!(decode_all(&out, &classes), Some(h), "{p}");
        }
    }

    #[test]
    fn a_text_not_in_the_file_or_a_broken_file_knows_nothing() {
        for reading in [Reading::CaseInsensitive, Reading::Folded] {
            assert!(lookup("no rule says \u{1F600} this", reading).is_none());
        }
        assert!(index(b"not a tree file").is_none());
        let mut cut = MAGIC.to_vec();
        cut.extend([0, 1, 3, b'a', b'b', b'c', 9, LITERAL]);
        assert!(index(Box::leak(cut.into_boxed_slice())).is_none());
        let mut unknown_reading = MAGIC.to_vec();
        unknown_reading.extend([0, 7, 1, b'a', 2, LITERAL, 0]);
        assert!(index(Box::leak(unknown_reading.into_boxed_slice())).is_none());
        assert!(decode_all(&[LITERAL, 5, b'a'], &[]).is_none());
        assert!(decode_all(&[LITERAL, 1, b'a', b'b'], &[]).is_none());
        assert!(decode_all(&[UNICODE, 0], &[]).is_none());
        assert!(decode_all(&[42], &[]).is_none());
    }
}
