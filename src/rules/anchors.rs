//! Required literals of a pattern: a set of strings such that every match
//! of the pattern contains at least one of them (ASCII case-insensitively).
//! The gate looks for them in one pass, so that a rule runs only over the
//! sentences that hold one ("arrested|held|detained|…" for a rule that ends
//! in an arrest verb), instead of scanning every sentence.
//!
//! Derived from the pattern itself, so a user's rule gets it for free and
//! it can never be wrong about what the pattern needs: the walk only ever
//! keeps what every path through the pattern must spell.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Stands for an ASCII word boundary inside a literal while it is built:
/// kept at a literal's ends (the gate checks it), dropped inside.
pub const BOUNDARY: char = '\u{1}';

/// A set of strings larger than this is given up on (as "anything").
const MAX_SET: usize = 256;
/// A class of more than this many characters is not spelled out.
const MAX_CLASS: usize = 10;
/// Literals are cut at this many bytes (a prefix of a required literal is required too).
const MAX_LEN: usize = 24;

/// What the walk knows about a piece of pattern.
struct Info {
    /// Every string the piece can match, when there are few (lowercased).
    exact: Option<Vec<String>>,
    /// Strings one of which every match of the piece contains.
    req: Option<Vec<String>>,
}

impl Info {
    /// Nothing known: any string, nothing required.
    const NOTHING: Info = Info {
        exact: None,
        req: None,
    };
}

/// The required literals of `pattern` (lowercase ASCII letters; other
/// characters as they are), or None when no useful set exists.
pub fn required(pattern: &str) -> Option<Vec<String>> {
    // Parsed case-sensitively (twice as fast): letters are folded here,
    // and the gate looks for them ASCII case-insensitively anyway.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    required_hir(&hir)
}

/// [`required`] of a parsed pattern (parsed case-sensitively is enough).
pub fn required_hir(hir: &Hir) -> Option<Vec<String>> {
    required_sets(hir, 0).0
}

/// [`required_hir`] and up to `max` further sets ([`more_required`]),
/// from one walk of the pattern.
pub fn required_sets(hir: &Hir, max: usize) -> (Option<Vec<String>>, Vec<Vec<String>>) {
    let mut top = hir;
    while let HirKind::Capture(c) = top.kind() {
        top = &c.sub;
    }
    let (info, parts) = match top.kind() {
        HirKind::Concat(subs) if max > 0 => {
            let infos: Vec<Info> = subs.iter().map(walk).collect();
            let parts: Vec<Vec<String>> = infos.iter().filter_map(|i| i.req.clone()).collect();
            (concat_infos(infos), parts)
        }
        _ => (walk(hir), Vec::new()),
    };
    let primary = primary_set(info);
    let more = more_required(parts, primary.as_deref(), max);
    (primary, more)
}

fn primary_set(info: Info) -> Option<Vec<String>> {
    let mut set: Vec<String> = info.req?.iter().map(|s| tidy(s)).collect();
    set.sort();
    set.dedup();
    // A set with a one-character punctuation mark, a space or a common
    // word finds nearly every sentence: not worth looking for. (Digits
    // are: the gate finds them with a plain byte scan.)
    let weak = |s: &String| {
        let t = s.trim_matches(BOUNDARY);
        (t.len() == 1 && t.as_bytes()[0].is_ascii_punctuation())
            || t.trim().is_empty()
            || COMMON.contains(&t.trim())
    };
    if set.iter().any(weak) {
        return None;
    }
    Some(set)
}

/// Words too frequent to be worth looking for even as a further
/// requirement (see [`more_required`]).
const VERY_COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "in",
    "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

/// Further sets of required literals, beside [`required_hir`]'s: each
/// part of a top-level concatenation requires its own set (`parts`), so a
/// match holds one literal of every set. The gate lets a rule into a
/// sentence only when the sentence holds one of each ("(" as well as a
/// unit, for `cannabis (2kg)`). At most `max` sets, the most selective
/// first; sets of the very commonest words, single spaces or common
/// punctuation, and digits (the gate finds those by a byte scan) are left
/// out.
fn more_required(
    parts: Vec<Vec<String>>,
    primary: Option<&[String]>,
    max: usize,
) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = Vec::new();
    for req in parts {
        let mut set: Vec<String> = req.iter().map(|s| tidy(s)).collect();
        set.sort();
        set.dedup();
        let weak = |s: &String| {
            let t = s.trim_matches(BOUNDARY).trim();
            t.is_empty()
                || VERY_COMMON.contains(&t)
                || (t.chars().count() == 1 && ",.;:-'\"’‘“”/&".contains(t))
                || t.bytes().all(|b| b.is_ascii_digit())
        };
        if set.iter().any(weak) || Some(set.as_slice()) == primary || sets.contains(&set) {
            continue;
        }
        sets.push(set);
    }
    sets.sort_by_key(|s| std::cmp::Reverse(score(s)));
    sets.truncate(max);
    sets
}

/// Drops boundary marks inside a literal, and at an end where the
/// character next to it is not a word character (the mark then says nothing).
fn tidy(s: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let core: String = s.chars().filter(|&c| c != BOUNDARY).collect();
    let mut out = String::with_capacity(core.len() + 2);
    if s.starts_with(BOUNDARY) && word(core.chars().next()) {
        out.push(BOUNDARY);
    }
    out.push_str(&core);
    if s.ends_with(BOUNDARY) && word(core.chars().last()) {
        out.push(BOUNDARY);
    }
    out
}

/// Words in nearly every sentence of a press release: worth no more than
/// one character when choosing what to look for.
const COMMON: &[&str] = &[
    "a", "after", "against", "an", "and", "are", "as", "at", "be", "been", "before", "by", "for",
    "from", "had", "has", "have", "in", "into", "is", "more", "of", "on", "or", "over", "than",
    "that", "the", "this", "to", "was", "were", "which", "who", "with",
];

/// How selective a requirement is: its shortest string first (common
/// words count as one character), then fewer strings.
fn score(set: &[String]) -> (usize, usize, std::cmp::Reverse<usize>) {
    let count = |s: &String| s.chars().filter(|&c| c != BOUNDARY).count();
    let len = |s: &String| {
        let t = s.trim_matches(BOUNDARY);
        if COMMON.contains(&t.trim()) {
            1
        } else if t.len() == 1 && t.as_bytes()[0].is_ascii_punctuation() {
            0
        } else {
            // A word boundary at an end makes a short word rarer ("ice" in "police").
            count(s) + usize::from(s.starts_with(BOUNDARY)) + usize::from(s.ends_with(BOUNDARY))
        }
    };
    let shortest = set.iter().map(len).min().unwrap_or(0);
    let real = set.iter().map(count).min().unwrap_or(0);
    (shortest, real, std::cmp::Reverse(set.len()))
}

fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// A set usable as a requirement: no string in it that is empty (but for boundary marks).
fn as_req(set: &[String]) -> Option<Vec<String>> {
    let empty = |s: &String| s.chars().all(|c| c == BOUNDARY);
    (!set.is_empty() && !set.iter().any(empty)).then(|| set.to_vec())
}

/// The character a case-insensitive class stands for, folded: ASCII
/// letters lowercase, the Kelvin sign and the long s as their ASCII
/// letters (the gate puts such characters in every sentence's mask).
fn fold(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        c => c.to_ascii_lowercase(),
    }
}

fn class_chars(cls: &Class) -> Option<Vec<String>> {
    let mut out: Vec<char> = Vec::new();
    match cls {
        Class::Unicode(u) => {
            for r in u.iter() {
                if (r.end() as u32 - r.start() as u32) as usize >= 4 * MAX_CLASS {
                    return None;
                }
                for c in r.start()..=r.end() {
                    let f = fold(c);
                    if !out.contains(&f) {
                        out.push(f);
                        if out.len() > MAX_CLASS {
                            return None;
                        }
                    }
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.iter() {
                for x in r.start()..=r.end() {
                    if !x.is_ascii() {
                        return None;
                    }
                    let f = fold(x as char);
                    if !out.contains(&f) {
                        out.push(f);
                        if out.len() > MAX_CLASS {
                            return None;
                        }
                    }
                }
            }
        }
    }
    Some(out.into_iter().map(String::from).collect())
}

/// Every concatenation of a string of `a` with one of `b`, cut at
/// [`MAX_LEN`] bytes; None when there would be too many.
fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            if s.len() > MAX_LEN {
                let cut = (0..=MAX_LEN)
                    .rev()
                    .find(|&i| s.is_char_boundary(i))
                    .unwrap_or(0);
                s.truncate(cut);
            }
            out.push(s);
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// All the strings of all the sets (None if any set is None or there are too many).
fn union(sets: impl IntoIterator<Item = Option<Vec<String>>>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in sets {
        out.extend(s?);
        if out.len() > 4 * MAX_SET {
            out.sort_unstable();
            out.dedup();
            if out.len() > MAX_SET {
                return None;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out.len() <= MAX_SET).then_some(out)
}

fn walk(h: &Hir) -> Info {
    match h.kind() {
        HirKind::Look(
            regex_syntax::hir::Look::WordAscii | regex_syntax::hir::Look::WordUnicode,
        ) => exact(vec![BOUNDARY.to_string()]),
        HirKind::Empty | HirKind::Look(_) => exact(vec![String::new()]),
        HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
            Ok(s) if !s.contains(BOUNDARY) => exact(vec![s.chars().map(fold).collect()]),
            _ => Info::NOTHING,
        },
        HirKind::Class(c) => class_chars(c).map_or(Info::NOTHING, exact),
        HirKind::Capture(c) => walk(&c.sub),
        HirKind::Repetition(r) => repetition(walk(&r.sub), r.min, r.max),
        HirKind::Alternation(subs) => alternation(subs.iter().map(walk).collect()),
        HirKind::Concat(subs) => concat(subs),
    }
}

/// What a set of strings, one of which is the whole match, tells.
fn exact(set: Vec<String>) -> Info {
    Info {
        req: as_req(&set),
        exact: Some(set),
    }
}

/// `sub{min,max}`: once is the sub itself; optional may be empty; at
/// least once keeps what the sub requires.
fn repetition(sub: Info, min: u32, max: Option<u32>) -> Info {
    match (min, max) {
        (1, Some(1)) => sub,
        (0, Some(1)) => Info {
            exact: sub
                .exact
                .and_then(|e| union([Some(e), Some(vec![String::new()])])),
            req: None,
        },
        (0, _) => Info::NOTHING,
        _ => Info {
            exact: None,
            req: sub.req,
        },
    }
}

/// `a|b|...`: exact when every branch is; required, the union of the
/// branches' requirements (or the exact set, when better).
fn alternation(mut infos: Vec<Info>) -> Info {
    let ex = if infos.iter().all(|i| i.exact.is_some()) {
        union(infos.iter_mut().map(|i| i.exact.take()))
    } else {
        None
    };
    let req = union(infos.into_iter().map(|i| i.req));
    match ex {
        Some(e) => Info {
            req: better(as_req(&e), req),
            exact: Some(e),
        },
        None => Info { exact: None, req },
    }
}

/// `ab...`: runs of exact parts cross into longer literals; the best of
/// those runs and of the parts' own requirements is required.
fn concat(subs: &[Hir]) -> Info {
    concat_infos(subs.iter().map(walk).collect())
}

fn concat_infos(infos: Vec<Info>) -> Info {
    let mut best: Option<Vec<String>> = None;
    let mut run: Vec<String> = vec![String::new()];
    let mut all_exact = true;
    for info in infos {
        match info.exact {
            Some(e) => match cross(&run, &e) {
                Some(next) => run = next,
                None => {
                    best = better(best, as_req(&run));
                    all_exact = false;
                    run = e;
                }
            },
            None => {
                best = better(best, as_req(&run));
                all_exact = false;
                run = vec![String::new()];
            }
        }
        best = better(best, info.req);
    }
    best = better(best, as_req(&run));
    Info {
        exact: all_exact.then_some(run),
        req: best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The required literals, a word boundary shown as `|`.
    fn req(p: &str) -> Option<Vec<String>> {
        required(p).map(|v| v.into_iter().map(|s| s.replace(BOUNDARY, "|")).collect())
    }

    fn v(xs: &[&str]) -> Option<Vec<String>> {
        let mut v: Vec<String> = xs.iter().map(|s| s.to_string()).collect();
        v.sort();
        Some(v)
    }

    #[test]
    fn literals_fold_case() {
        assert_eq!(req(r"\bKG\b"), v(&["|kg|"]));
        assert_eq!(req(r"\bice\b|\bcoke"), v(&["|coke", "|ice|"]));
        assert_eq!(req(r"cocaine|heroin"), v(&["cocaine", "heroin"]));
    }

    #[test]
    fn the_longest_part_of_a_concatenation_wins() {
        assert_eq!(
            req(r"[0-9]+\s+(?:people|men)\s+were\s+(?:arrested|held)"),
            v(&["arrested", "held"])
        );
    }

    #[test]
    fn optional_parts_are_not_required() {
        assert_eq!(req(r"(?:seized\s+)?[0-9]+kg"), v(&["kg"]));
        assert_eq!(req(r"a*b?"), None);
    }

    #[test]
    fn an_alternation_needs_every_branch() {
        assert_eq!(req(r"[0-9]+\s+arrests|\w+"), None);
        assert_eq!(req(r"x\s+arrests|y\s+charged"), v(&["arrests", "charged"]));
    }

    #[test]
    fn punctuation_and_common_words_are_not_worth_it() {
        assert_eq!(
            req(r"[0-9]+,[0-9]{3}"),
            v(&["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        );
        assert_eq!(req(r"\w+\s+(?:-|to)\s+\w+"), None);
    }

    #[test]
    fn further_sets_come_from_each_part() {
        let more = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new().build().parse(p).unwrap();
            required_sets(&hir, 2)
                .1
                .into_iter()
                .map(|set| set.into_iter().map(|s| s.replace(BOUNDARY, "|")).collect())
                .collect::<Vec<Vec<String>>>()
        };
        assert_eq!(
            more(r"\w+\s*\(\s*[0-9]+\s*(?:kg|g)\s*\)"),
            vec![vec!["(".to_string()], vec![")".to_string()]]
        );
        assert_eq!(
            more(r"[0-9]+\s*(?:kilos?|grams?)\s+(?:or|and)\s+more\b"),
            vec![vec!["more".to_string()]]
        );
        // The commonest words and punctuation are not worth a set.
        assert!(more(r"[0-9]+\s+of\s+heroin").is_empty());
        assert!(more(r"(?:x|y)").is_empty());
    }

    #[test]
    fn classes_spell_out_when_small() {
        assert_eq!(req(r"[£€]\s*[0-9]"), v(&["£", "€"]));
        // "$" is in too many sentences to be worth it: the digits are looked for.
        assert_eq!(
            req(r"[£$€]\s*[0-9]"),
            v(&["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        );
        assert_eq!(req(r"\w+"), None);
    }
}
