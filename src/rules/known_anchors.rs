//! The embedded rules' anchors, worked out once and kept in
//! `builtin_anchors.json` beside this file.
//!
//! Finding a rule's anchors ([`super::anchors`]) parses its pattern and
//! walks the tree: a third of the time to load the embedded rules, paid by
//! every run, however short its input. The anchors follow from the rule's
//! expanded pattern alone, so each entry is keyed by the rule's id and a
//! hash of that text ([`key`]); a rule whose text differs (an edited rule
//! file, a user's aliases added to a lexicon it names) is worked out again
//! at load, as before. A test checks the file against fresh results;
//! `BLOTTER_BLESS=1 cargo test --lib known_anchors` rewrites it.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// A rule's required literals, its further sets and the lexicons it never
/// puts a letter before, and after (see [`super::Rule`]).
pub(super) type Anchors = (Option<Vec<String>>, Vec<Vec<String>>, LetterFree);

/// The lexicons a rule never puts a letter before, and after.
pub(super) type LetterFree = (Vec<String>, Vec<String>);

/// One rule's entry in the file.
#[derive(Deserialize)]
struct Entry {
    key: String,
    anchors: Option<Vec<String>>,
    more: Vec<Vec<String>>,
    letter_free: Vec<String>,
    /// Written only when there are some.
    #[serde(default)]
    letter_free_after: Vec<String>,
}

/// The file, embedded.
const FILE: &str = include_str!("builtin_anchors.json");

/// The anchors of the file, by rule id, each with its key.
#[derive(Default)]
pub(super) struct KnownAnchors {
    by_id: HashMap<String, (u64, Anchors)>,
}

impl KnownAnchors {
    /// The embedded file, read once per process (an unreadable file knows
    /// nothing: every rule is worked out).
    pub(super) fn builtin() -> &'static KnownAnchors {
        static BUILTIN: OnceLock<KnownAnchors> = OnceLock::new();
        BUILTIN.get_or_init(|| KnownAnchors::parse(FILE).unwrap_or_default())
    }

    fn parse(text: &str) -> Option<KnownAnchors> {
        // Read straight into these types: through `serde_json::Value` it
        // was 4% of a one-sentence run.
        let entries: HashMap<String, Entry> = serde_json::from_str(text).ok()?;
        let mut by_id = HashMap::with_capacity(entries.len());
        for (id, e) in entries {
            let key = u64::from_str_radix(&e.key, 16).ok()?;
            let free = (e.letter_free, e.letter_free_after);
            by_id.insert(id, (key, (e.anchors, e.more, free)));
        }
        Some(KnownAnchors { by_id })
    }

    /// The anchors of rule `id` when its text still has this key.
    pub(super) fn get(&self, id: &str, key: u64) -> Option<&Anchors> {
        self.by_id
            .get(id)
            .filter(|(k, _)| *k == key)
            .map(|(_, a)| a)
    }
}

/// The key of a rule's text: its expanded pattern and its pattern with
/// holes hashed ([`hash`], stable across builds and machines).
pub(super) fn key(source: &str, holes: Option<&str>) -> u64 {
    mix(
        hash(source.as_bytes()),
        hash(holes.unwrap_or("").as_bytes()),
    )
}

/// The key of a rule whose expanded pattern is written out only when
/// asked for ([`super::Rule::source`]): its pattern with holes hashed
/// and, for each hole, the hash of what the lexicon's alternation put
/// there is written from (its aliases, and whether they start and end at
/// a word boundary). That is everything the expanded pattern is made of,
/// without writing it out (which, for every rule at load, was a tenth of
/// a one-sentence run), nor the alternations (another twelfth).
pub(super) fn key_by_holes(holes: &str, lexicons: impl Iterator<Item = u64>) -> u64 {
    lexicons.fold(hash(holes.as_bytes()), mix)
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// A hash of `bytes` eight at a time (little-endian, so the same on every
/// machine): the known anchors' keys hash every rule's pattern with holes
/// at each start, and a byte at a time that was 4M instructions.
pub(super) fn hash(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut h = SEED;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    mix(mix(h, u64::from_le_bytes(last)), bytes.len() as u64)
}

fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The file's text for these rules: (id, key, anchors), sorted by id, a
/// line per rule so that a change to a rule shows as a change to its line.
#[cfg(test)]
fn render(entries: &[(&str, u64, &Anchors)]) -> String {
    let mut sorted: Vec<&(&str, u64, &Anchors)> = entries.iter().collect();
    sorted.sort_by_key(|e| e.0);
    let lines: Vec<String> = sorted
        .iter()
        .map(|(id, key, (anchors, more, (before, after)))| {
            let mut entry = serde_json::json!({ "key": format!("{key:016x}"), "anchors": anchors, "more": more, "letter_free": before });
            if !after.is_empty() {
                entry["letter_free_after"] = serde_json::json!(after);
            }
            format!("  {}: {entry}", serde_json::Value::from(*id))
        })
        .collect();
    format!("{{\n{}\n}}\n", lines.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The file holds the anchors the embedded rules have now, worked out
    /// afresh; with `BLOTTER_BLESS=1` it is rewritten instead.
    #[test]
    fn the_file_is_current() {
        let fresh = RuleSet::builtin_fresh().expect("built-in rules load");
        let sets: Vec<Anchors> = fresh
            .rules
            .iter()
            .map(|r| {
                let a = r.anchors.clone();
                let free = (r.letter_free.clone(), r.letter_free_after.clone());
                (a, r.more_anchors.clone(), free)
            })
            .collect();
        let entries: Vec<(&str, u64, &Anchors)> = fresh
            .rules
            .iter()
            .zip(&sets)
            .map(|(r, a)| (r.id.as_str(), r.anchor_key(), a))
            .collect();
        let text = render(&entries);
        let current = crate::testing::kept_is_current(
            "builtin_anchors.json",
            FILE.as_bytes(),
            text.as_bytes(),
            "known_anchors",
        );
        if !current {
            return;
        }
        // Loaded with the file, every rule takes its anchors from it, and
        // they are the fresh ones.
        let known = RuleSet::builtin().expect("built-in rules load");
        for (a, b) in known.rules.iter().zip(&fresh.rules) {
            assert_eq!(a.anchors, b.anchors, "rule `{}`", a.id);
            assert_eq!(a.more_anchors, b.more_anchors, "rule `{}`", a.id);
            assert_eq!(a.letter_free, b.letter_free, "rule `{}`", a.id);
            assert_eq!(a.letter_free_after, b.letter_free_after, "rule `{}`", a.id);
            assert!(
                KnownAnchors::builtin().get(&a.id, a.anchor_key()).is_some(),
                "rule `{}` is not in the file",
                a.id
            );
        }
    }

    #[test]
    fn a_changed_text_is_not_known() {
        let text = render(&[(
            "r",
            key("abc", None),
            &(
                Some(vec!["x".into()]),
                vec![],
                (vec!["mass_unit".into()], vec!["currency_sign".into()]),
            ),
        )]);
        let k = KnownAnchors::parse(&text).expect("parses");
        let read = k.get("r", key("abc", None)).expect("known");
        assert_eq!(
            read.2 .1,
            ["currency_sign"],
            "the lexicons free after read back"
        );
        assert!(k.get("r", key("abd", None)).is_none());
        assert!(k.get("s", key("abc", None)).is_none());
        assert!(KnownAnchors::parse("not json").is_none());
    }
}
