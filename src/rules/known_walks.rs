//! The walks of the lexicons the facts stages search, made once and kept
//! in `builtin_walks.bin` beside this file.
//!
//! A lexicon's search walks its trie ([`super::lexicon_walk`]); making the
//! trie and then the walk for the lexicons a one-sentence input searches
//! (the titles above all) was 7M instructions of every run. A walk follows
//! from the lexicon's aliases alone, so each is kept under their key
//! ([`super::lexicon::AliasTrie::key`]); a lexicon whose aliases differ (a
//! user's aliases added) makes its walk as before. A test checks the file
//! against fresh walks; `BLOTTER_BLESS=1 cargo test --lib known_walks`
//! rewrites it.

use super::codec::Reader;
use super::lexicon_walk::TrieWalk;
#[cfg(test)]
use super::{lexicon::AliasTrie, RuleSet};

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_walks.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter walks 1\n";

/// The walk of the lexicon whose aliases have this key, when the file
/// holds it.
pub(super) fn lookup(key: u64) -> Option<TrieWalk> {
    let mut r = Reader::new(FILE.strip_prefix(MAGIC)?);
    while !r.is_empty() {
        let k = r.word()?;
        let bytes = r.take()?;
        if k == key {
            let mut w = Reader::new(bytes);
            let walk = TrieWalk::decode(&mut w)?;
            return w.is_empty().then_some(walk);
        }
    }
    None
}

/// The file for the walks of these lexicons' aliases: each key once.
#[cfg(test)]
fn render(tries: &[std::sync::Arc<super::lexicon::AliasTrie>]) -> Vec<u8> {
    let mut entries: Vec<(u64, Vec<u8>)> = Vec::new();
    for t in tries {
        if let Some(walk) = TrieWalk::new(t.trie()) {
            let mut bytes = Vec::new();
            walk.encode(&mut bytes);
            entries.push((t.key(), bytes));
        }
    }
    entries.sort();
    entries.dedup_by_key(|e| e.0);
    let mut out = MAGIC.to_vec();
    for (key, bytes) in entries {
        out.extend(key.to_le_bytes());
        super::codec::put_bytes(&mut out, &bytes);
    }
    out
}

/// The aliases of every lexicon the facts stages search, as their
/// searches read them: the named ones, and the money-role cues
/// ([`RuleSet::money_cue_search`]); the known walks' and the known
/// automata's ([`super::known_nfas`]) tests make them.
#[cfg(test)]
pub(super) fn searched(rules: &RuleSet) -> Vec<std::sync::Arc<AliasTrie>> {
    use crate::rules::contract::{Lex, MONEY_HEDGE};
    let cues = rules
        .lexicon(Lex::MoneyRole)
        .and_then(|l| l.without(MONEY_HEDGE));
    let named = Lex::SEARCHED.iter().filter_map(|&l| rules.lexicon(l));
    named
        .chain(cues.as_ref())
        .map(|lex| lex.alias_trie(true))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::contract::Lex;

    /// The file holds the walk of every lexicon the facts stages search,
    /// made afresh, and each reads back as made; with `BLOTTER_BLESS=1`
    /// it is rewritten instead.
    #[test]
    fn the_file_is_current() {
        let tries = searched(&RuleSet::builtin().expect("built-in rules load"));
        let file = render(&tries);
        if !crate::testing::kept_is_current("builtin_walks.bin", FILE, &file, "known_walks") {
            return;
        }
        assert_eq!(tries.len(), Lex::SEARCHED.len() + 1);
        for t in &tries {
            let fresh = TrieWalk::new(t.trie());
            assert!(fresh.is_some(), "every searched lexicon walks");
            assert_eq!(lookup(t.key()), fresh);
        }
    }

    #[test]
    fn an_unknown_key_or_a_broken_walk_knows_nothing() {
        assert!(lookup(0x1234_5678).is_none());
        let t = &searched(&RuleSet::builtin().expect("built-in rules load"))[0];
        let mut bytes = Vec::new();
        TrieWalk::new(t.trie()).unwrap().encode(&mut bytes);
        assert!(TrieWalk::decode(&mut Reader::new(&bytes)).is_some());
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                TrieWalk::decode(&mut Reader::new(&bytes[..cut])).is_none(),
                "cut at {cut}"
            );
        }
        // An edge to a node that is not there.
        let lone = [1, 0, 1, 0, 1, 1, 7];
        assert!(TrieWalk::decode(&mut Reader::new(&lone)).is_none());
    }
}
