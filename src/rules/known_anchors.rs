//! The embedded rules' anchors, worked out once and kept in
//! `builtin_anchors.bin` beside this file.
//!
//! Finding a rule's anchors ([`super::anchors`]) parses its pattern and
//! walks the tree: a third of the time to load the embedded rules, paid by
//! every run, however short its input. The anchors follow from the rule's
//! expanded pattern alone, so each entry is keyed by the rule's id and a
//! hash of that text ([`key`]); a rule whose text differs (an edited rule
//! file, a user's aliases added to a lexicon it names) is worked out again
//! at load, as before. A test checks the file against fresh results;
//! `BLOTTER_BLESS=1 cargo test --lib known_anchors` rewrites it.
//!
//! The file is in the binary form of the other known files
//! ([`super::codec`]): as JSON, reading it was 3.6M instructions, a twelfth
//! of a one-sentence run.

use std::sync::OnceLock;

use super::codec::Reader;

/// A rule's required literals, its further sets and the lexicons it never
/// puts a letter before, and after (see [`super::Rule`]).
pub(super) type Anchors = (Option<Vec<String>>, Vec<Vec<String>>, LetterFree);

/// The lexicons a rule never puts a letter before, and after.
pub(super) type LetterFree = (Vec<String>, Vec<String>);

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_anchors.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter anchors 1\n";

/// The file's entries, by rule id (sorted, as written), each with its key
/// and its anchors still in their bytes: a rule's are read when it asks
/// ([`KnownAnchors::get`]), once, into the strings it keeps. Reading every
/// entry at the start made each string twice.
#[derive(Default)]
pub(super) struct KnownAnchors {
    by_id: Vec<(&'static str, u64, &'static [u8])>,
}

impl KnownAnchors {
    /// The embedded file, read once per process (an unreadable file knows
    /// nothing: every rule is worked out).
    pub(super) fn builtin() -> &'static KnownAnchors {
        static BUILTIN: OnceLock<KnownAnchors> = OnceLock::new();
        BUILTIN.get_or_init(|| KnownAnchors::parse(FILE).unwrap_or_default())
    }

    /// The entries of a file: a count, then per rule its id, key and
    /// anchors ([`render`]), ids in order.
    fn parse(file: &'static [u8]) -> Option<KnownAnchors> {
        let mut r = Reader::new(file.strip_prefix(MAGIC)?);
        let n = r.number()? as usize;
        let mut by_id = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            by_id.push((r.text()?, r.word()?, r.take()?));
        }
        let sorted = by_id.windows(2).all(|w| w[0].0 < w[1].0);
        (r.is_empty() && sorted).then_some(KnownAnchors { by_id })
    }

    /// The anchors of rule `id` when its text still has this key (and its
    /// entry reads whole).
    pub(super) fn get(&self, id: &str, key: u64) -> Option<Anchors> {
        let i = self.by_id.binary_search_by(|e| e.0.cmp(id)).ok()?;
        let (_, k, bytes) = self.by_id[i];
        if k != key {
            return None;
        }
        let mut r = Reader::new(bytes);
        let anchors = match r.byte()? {
            0 => None,
            1 => Some(strings(&mut r)?),
            _ => return None,
        };
        let more = (0..r.number()?)
            .map(|_| strings(&mut r))
            .collect::<Option<Vec<_>>>()?;
        let free = (strings(&mut r)?, strings(&mut r)?);
        r.is_empty().then_some((anchors, more, free))
    }
}

/// A list of strings: a count, then each.
fn strings(r: &mut Reader) -> Option<Vec<String>> {
    (0..r.number()?)
        .map(|_| r.text().map(str::to_string))
        .collect()
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

/// The file for these rules: (id, key, anchors), sorted by id.
#[cfg(test)]
fn render(entries: &[(&str, u64, &Anchors)]) -> Vec<u8> {
    use super::codec::{put, put_bytes};
    let list = |out: &mut Vec<u8>, words: &[String]| {
        put(out, words.len() as u32);
        for w in words {
            put_bytes(out, w.as_bytes());
        }
    };
    let mut sorted: Vec<&(&str, u64, &Anchors)> = entries.iter().collect();
    sorted.sort_by_key(|e| e.0);
    let mut out = MAGIC.to_vec();
    put(&mut out, sorted.len() as u32);
    for (id, key, (anchors, more, (before, after))) in sorted {
        put_bytes(&mut out, id.as_bytes());
        out.extend(key.to_le_bytes());
        let mut entry = Vec::new();
        match anchors {
            None => entry.push(0),
            Some(words) => {
                entry.push(1);
                list(&mut entry, words);
            }
        }
        put(&mut entry, more.len() as u32);
        for set in more {
            list(&mut entry, set);
        }
        list(&mut entry, before);
        list(&mut entry, after);
        put_bytes(&mut out, &entry);
    }
    out
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
        let file = render(&entries);
        let current =
            crate::testing::kept_is_current("builtin_anchors.bin", FILE, &file, "known_anchors");
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
        let text: &'static [u8] = text.leak();
        let k = KnownAnchors::parse(text).expect("parses");
        assert_eq!(k.by_id.len(), 1);
        let read = k.get("r", key("abc", None)).expect("known");
        assert_eq!(
            read.2 .1,
            ["currency_sign"],
            "the lexicons free after read back"
        );
        assert!(k.get("r", key("abd", None)).is_none());
        assert!(k.get("s", key("abc", None)).is_none());
        assert!(KnownAnchors::parse(b"not the file").is_none());
        let cut = &text[..text.len() - 1];
        assert!(
            KnownAnchors::parse(cut).is_none(),
            "a cut file reads as unknown"
        );
    }
}
