//! The embedded line rules' gate checks, read off their trees once and
//! kept in `builtin_line_checks.bin` beside this file.
//!
//! The line gate ([`super::line_gate`]) checks a line's ends and first and
//! last bytes against what each line rule's tree allows. Reading those off
//! the trees (decoding the trees, then walking them) was 17M of the 20M
//! instructions of building the gate: a sixth of a 2 KB article's whole
//! run, since any article of more than one line builds it. They follow
//! from the rule's tree alone, so the file keeps them under the rule's
//! engine key ([`crate::rules::Rule::engine_key`]); a rule whose text differs
//! (a user's) has its checks read off its tree as before. A test checks
//! the file against a fresh reading; `BLOTTER_BLESS=1 cargo test --lib
//! known_line_checks` rewrites it.

use std::collections::HashMap;
use std::sync::OnceLock;

#[cfg(test)]
use crate::rules::codec::put;
use crate::rules::codec::Reader;

use super::line_gate::{Affixes, Edge, Ends, TreeChecks, MAX_AFFIXES};

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_line_checks.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter line checks 1\n";

/// The checks of the rule whose tree has this key, when the file holds them.
pub(super) fn lookup(key: u64) -> Option<TreeChecks> {
    static KNOWN: OnceLock<HashMap<u64, TreeChecks>> = OnceLock::new();
    KNOWN
        .get_or_init(|| read(FILE).unwrap_or_default())
        .get(&key)
        .cloned()
}

/// Every rule's checks in a file, by key; `None` for a file cut short or
/// malformed.
fn read(file: &[u8]) -> Option<HashMap<u64, TreeChecks>> {
    let mut r = Reader::new(file.strip_prefix(MAGIC)?);
    let n = r.number()?;
    let mut known = HashMap::new();
    for _ in 0..n {
        let key = r.word()?;
        known.insert(key, decode(&mut r)?);
    }
    r.is_empty().then_some(known)
}

fn set(r: &mut Reader) -> Option<[u64; 4]> {
    Some([r.word()?, r.word()?, r.word()?, r.word()?])
}

fn maybe_set(r: &mut Reader) -> Option<Option<[u64; 4]>> {
    match r.byte()? {
        0 => Some(None),
        1 => set(r).map(Some),
        _ => None,
    }
}

fn affixes(r: &mut Reader, edge: Edge) -> Option<Option<Affixes>> {
    match r.byte()? {
        0 => return Some(None),
        1 => {}
        _ => return None,
    }
    let n = r.number()? as usize;
    if n > MAX_AFFIXES {
        return None;
    }
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.number()? as usize;
        // A run is never empty, and no longer than a line's few bytes.
        if len == 0 || len > 64 {
            return None;
        }
        runs.push((0..len).map(|_| set(r)).collect::<Option<Vec<_>>>()?);
    }
    Some(Some(Affixes::new(edge, runs)))
}

fn decode(r: &mut Reader) -> Option<TreeChecks> {
    let n = r.number()? as usize;
    let mut ends = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let (first, last) = (maybe_set(r)?, maybe_set(r)?);
        ends.push(Ends { first, last });
    }
    Some(TreeChecks {
        ends,
        prefixes: affixes(r, Edge::Start)?,
        suffixes: affixes(r, Edge::End)?,
    })
}

/// The file for these rules' checks, by key, in order.
#[cfg(test)]
fn render(checks: &[(u64, TreeChecks)]) -> Vec<u8> {
    fn put_set(out: &mut Vec<u8>, set: &[u64; 4]) {
        for w in set {
            out.extend(w.to_le_bytes());
        }
    }
    fn put_maybe(out: &mut Vec<u8>, set: &Option<[u64; 4]>) {
        out.push(u8::from(set.is_some()));
        if let Some(s) = set {
            put_set(out, s);
        }
    }
    fn put_affixes(out: &mut Vec<u8>, a: &Option<Affixes>) {
        out.push(u8::from(a.is_some()));
        if let Some(a) = a {
            put(out, a.runs.len() as u32);
            for run in &a.runs {
                put(out, run.len() as u32);
                run.iter().for_each(|s| put_set(out, s));
            }
        }
    }
    let mut out = MAGIC.to_vec();
    put(&mut out, checks.len() as u32);
    for (key, c) in checks {
        out.extend(key.to_le_bytes());
        put(&mut out, c.ends.len() as u32);
        for e in &c.ends {
            put_maybe(&mut out, &e.first);
            put_maybe(&mut out, &e.last);
        }
        put_affixes(&mut out, &c.prefixes);
        put_affixes(&mut out, &c.suffixes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::line_gate::tree_checks;
    use crate::rules::{Kind, RuleSet};

    /// Every embedded line rule's checks, read off its tree now.
    fn fresh(rules: &RuleSet) -> Vec<(u64, TreeChecks)> {
        rules
            .rules
            .iter()
            .filter(|r| r.kind == Kind::Line)
            .map(|r| (r.engine_key(), tree_checks(r)))
            .collect()
    }

    /// The file holds every embedded line rule's checks as its tree gives
    /// them, and they read back; with `BLOTTER_BLESS=1` it is rewritten.
    #[test]
    fn the_file_is_current() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        let fresh = fresh(&rules);
        let file = render(&fresh);
        if !crate::testing::kept_is_current_in(
            "src/engine",
            "builtin_line_checks.bin",
            FILE,
            &file,
            "known_line_checks",
        ) {
            return;
        }
        assert!(fresh.len() >= 10, "the furniture rules are line rules");
        assert!(
            fresh.iter().any(|(_, c)| c.prefixes.is_some()),
            "some line rule is anchored with known first bytes"
        );
        for (key, checks) in fresh {
            assert_eq!(lookup(key), Some(checks));
        }
    }

    /// A line rule of a user's has its own key: its checks are read off
    /// its own tree, not the file.
    #[test]
    fn a_users_line_rule_is_not_known() {
        let user = (
            "user.toml".to_string(),
            "[[rules]]\nid = \"line.zz-footer\"\nkind = \"line\"\npattern = '''^(?:Zzz footer|Qqq)$'''\n"
                .to_string(),
        );
        let rules = RuleSet::from_layers(&[crate::rules::builtin_files(), vec![user]])
            .expect("a layer loads");
        let rule = rules
            .rules
            .iter()
            .find(|r| r.id == "line.zz-footer")
            .expect("the user's rule");
        assert!(lookup(rule.engine_key()).is_none());
        let checks = tree_checks(rule);
        assert!(checks.prefixes.is_some(), "{checks:?}");
    }

    #[test]
    fn checks_read_back_and_a_cut_file_knows_nothing() {
        let runs = vec![vec![[1, 0, 0, 0], [0, 2, 0, 0]], vec![[0, 0, 0, 1 << 63]]];
        let checks = TreeChecks {
            ends: vec![
                Ends {
                    first: Some([5, 0, 0, 0]),
                    last: None,
                },
                Ends {
                    first: None,
                    last: Some([0, 0, 9, 0]),
                },
            ],
            prefixes: Some(Affixes::new(Edge::Start, runs.clone())),
            suffixes: Some(Affixes::new(Edge::End, runs)),
        };
        let file = render(&[(42, checks.clone()), (7, TreeChecks::default())]);
        let known = read(&file).expect("the file reads");
        assert_eq!(known.get(&42), Some(&checks));
        assert_eq!(known.get(&7), Some(&TreeChecks::default()));
        for cut in [0, 1, MAGIC.len() + 3, file.len() / 2, file.len() - 1] {
            assert!(read(&file[..cut]).is_none(), "cut at {cut}");
        }
        assert!(lookup(0x1234_5678).is_none());
    }
}
