//! The embedded rules' gate literals, worked out once and kept in
//! `builtin_gate.bin` beside this file.
//!
//! Building the gate ([`super::gate`]) takes the literal part of every
//! alias of the lexicons the rules' `needs` name and every rule's required
//! literals, each lowercased and merged with its equals: 3.2M of a
//! one-sentence run's 38.7M instructions, on loading's one thread, before
//! any input is read. The list follows from what it is made of alone (the
//! classes, their lexicons' aliases as written, the rules' required
//! literals), so the file keeps it under the hash of all that ([`key`]);
//! a set of rules or lexicons that differs (a user's layer) builds its
//! gate as before. A test checks the file against a fresh build;
//! `BLOTTER_BLESS=1 cargo test --lib known_gate` rewrites it.

use super::codec::Reader;
#[cfg(test)]
use super::codec::{put, put_bytes};
use super::known_anchors::hash;
use super::literal_scan::Edge;

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_gate.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter gate 1\n";

/// One literal the gate looks for, as [`super::gate`]'s `Literals` list
/// holds it: its text, what the byte before it must not be,
/// whether the byte after must not be a word character, the classes it
/// stands for and the rules (slots) whose required literal it is.
pub(super) type Literal = (String, Edge, Edge, u64, Vec<usize>);

/// The gate's literals and what the rules' required literals make of the
/// slots: the rules a digit lets through, and the ones let through
/// everywhere.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct KnownGate {
    pub(super) lits: Vec<Literal>,
    pub(super) digit: u64,
    pub(super) always: u64,
    pub(super) digit_rules: Vec<u64>,
    pub(super) open_rules: Vec<u64>,
}

/// A hash of every input of the gate's literals, as bytes are fed to it.
#[derive(Default)]
pub(super) struct Key(Vec<u8>);

impl Key {
    pub(super) fn text(&mut self, s: &str) {
        self.number(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn number(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub(super) fn finish(&self) -> u64 {
        hash(&self.0)
    }
}

/// The gate's literals for inputs of this key, when the file holds them.
pub(super) fn lookup(key: u64) -> Option<KnownGate> {
    let mut r = Reader::new(FILE.strip_prefix(MAGIC)?);
    if r.word()? != key {
        return None;
    }
    let gate = decode(&mut r)?;
    r.is_empty().then_some(gate)
}

fn words(r: &mut Reader) -> Option<Vec<u64>> {
    let n = r.number()? as usize;
    (0..n).map(|_| r.word()).collect()
}

fn decode(r: &mut Reader) -> Option<KnownGate> {
    let (digit, always) = (r.word()?, r.word()?);
    let digit_rules = words(r)?;
    let open_rules = words(r)?;
    let n = r.number()? as usize;
    let mut lits = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let text = r.text()?.to_string();
        let (lead, trail) = (Edge::of(r.byte()?), Edge::of(r.byte()?));
        let bits = r.word()?;
        let k = r.number()? as usize;
        let rules = (0..k)
            .map(|_| r.number().map(|x| x as usize))
            .collect::<Option<_>>()?;
        lits.push((text, lead, trail, bits, rules));
    }
    Some(KnownGate {
        lits,
        digit,
        always,
        digit_rules,
        open_rules,
    })
}

/// The file for a gate's literals made from inputs of this key.
#[cfg(test)]
pub(super) fn render(key: u64, gate: &KnownGate) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend(key.to_le_bytes());
    out.extend(gate.digit.to_le_bytes());
    out.extend(gate.always.to_le_bytes());
    for ws in [&gate.digit_rules, &gate.open_rules] {
        put(&mut out, ws.len() as u32);
        for w in ws {
            out.extend(w.to_le_bytes());
        }
    }
    put(&mut out, gate.lits.len() as u32);
    for (text, lead, trail, bits, rules) in &gate.lits {
        put_bytes(&mut out, text.as_bytes());
        out.extend([*lead as u8, *trail as u8]);
        out.extend(bits.to_le_bytes());
        put(&mut out, rules.len() as u32);
        for &ri in rules {
            put(&mut out, ri as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The file holds the embedded rules' gate literals as a fresh build
    /// makes them, under the key of their inputs, and they read back; with
    /// `BLOTTER_BLESS=1` it is rewritten instead.
    #[test]
    fn the_file_is_current() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        let (key, fresh) = super::super::gate::fresh_literals(&rules.rules, &rules.lexicons);
        let file = render(key, &fresh);
        if !crate::testing::kept_is_current("builtin_gate.bin", FILE, &file, "known_gate") {
            return;
        }
        assert!(
            fresh.lits.len() > 500,
            "the gate looks for the lexicons' literals"
        );
        assert_eq!(lookup(key), Some(fresh));
    }

    /// A lexicon's alias added (a user's layer) changes the key: its gate
    /// is built afresh.
    #[test]
    fn another_alias_is_another_key() {
        let mut rules = RuleSet::builtin().expect("built-in rules load");
        let (key, _) = super::super::gate::fresh_literals(&rules.rules, &rules.lexicons);
        let drug = rules.lexicons.get_mut("drug").expect("a drug lexicon");
        drug.entries[0].1.push("zzzdrug".into());
        let (other, fresh) = super::super::gate::fresh_literals(&rules.rules, &rules.lexicons);
        assert_ne!(key, other);
        assert!(lookup(other).is_none());
        assert!(fresh.lits.iter().any(|l| l.0 == "zzzdrug"));
    }

    #[test]
    fn a_gate_reads_back_and_a_cut_or_other_key_knows_nothing() {
        let gate = KnownGate {
            lits: vec![
                ("kg".into(), Edge::NotLetter, Edge::NotWord, 5, vec![1, 70]),
                ("\u{212A}".into(), Edge::Any, Edge::NotLetter, 0, vec![]),
            ],
            digit: 1,
            always: 8,
            digit_rules: vec![3, 0],
            open_rules: vec![0, 1 << 63],
        };
        let file = render(42, &gate);
        let body = file.strip_prefix(MAGIC).unwrap();
        let mut r = Reader::new(&body[8..]);
        assert_eq!(decode(&mut r), Some(gate));
        assert!(r.is_empty());
        for cut in [0, 1, body.len() / 2, body.len() - 1] {
            assert!(
                decode(&mut Reader::new(&body[8..cut.max(8)])).is_none(),
                "cut at {cut}"
            );
        }
        assert!(lookup(0x1234_5678).is_none());
    }
}
