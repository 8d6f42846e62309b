//! One token of a name at the start of a text: an initial ("P."), or a
//! capitalised word with letters, apostrophes and hyphens (O'Brien,
//! McDonald, Ferris-Campbell). Names are parsed at every title and
//! capitalised word the attribution looks at, so ASCII is read by hand;
//! past ASCII, the same steps read the pattern's Unicode classes.
//!
//! The pattern, which the tests hold both readings to:
//! `^(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}]*(?:['\u{2019}]\p{Lu}[\p{L}\p{M}]*)?(?:-\p{L}[\p{L}\p{M}]*)*)`.
//! Nothing follows its optional parts, so its first match is the greedy
//! reading: the longest run of letters, an apostrophe part if there is
//! one, then every hyphenated part.

use once_cell::sync::Lazy;
use regex_syntax::hir::{Class, HirKind};

/// The pattern, searched by the regex crate: the tests' reference.
#[cfg(test)]
static NAME_TOKEN: Lazy<regex::Regex> = Lazy::new(|| {
    regex::Regex::new(r"^(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}]*(?:['\u{2019}]\p{Lu}[\p{L}\p{M}]*)?(?:-\p{L}[\p{L}\p{M}]*)*)").unwrap()
});

/// The pattern's Unicode classes, from the regex parser's own tables.
/// Compiling the pattern into a regex, at the first name with a
/// character past ASCII ("O’Brien", "José"), took 11M instructions: a
/// seventh of a fresh run over one such article.
struct Classes {
    upper: Vec<(char, char)>,
    letter: Vec<(char, char)>,
    letter_or_mark: Vec<(char, char)>,
}

static CLASSES: Lazy<Classes> = Lazy::new(|| Classes {
    upper: ranges(r"\p{Lu}"),
    letter: ranges(r"\p{L}"),
    letter_or_mark: ranges(r"[\p{L}\p{M}]"),
});

/// The ranges of a class, sorted and disjoint.
fn ranges(class: &str) -> Vec<(char, char)> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(class)
        .expect("a Unicode class parses");
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => unreachable!("{class} is a Unicode class"),
    }
}

/// Whether `c` is in `ranges` ([`ranges`]).
fn has(ranges: &[(char, char)], c: char) -> bool {
    let i = ranges.partition_point(|r| r.1 < c);
    ranges.get(i).is_some_and(|r| r.0 <= c)
}

/// The length of the name token `s` starts with, if any.
pub(crate) fn name_token(s: &str) -> Option<usize> {
    ascii(s.as_bytes()).unwrap_or_else(|| unicode(s))
}

/// [`name_token`] by the regex alone.
#[cfg(test)]
pub(super) fn regex(s: &str) -> Option<usize> {
    NAME_TOKEN.find(s).map(|m| m.end())
}

/// [`name_token`] of any text, by the pattern's classes.
pub(super) fn unicode(s: &str) -> Option<usize> {
    let c = &*CLASSES;
    let first = s.chars().next().filter(|&f| has(&c.upper, f))?;
    let mut i = first.len_utf8();
    // The first branch wins: an initial.
    if s[i..].starts_with('.') {
        return Some(i + 1);
    }
    i = run(s, i, &c.letter_or_mark);
    // An apostrophe and a capital: O’Brien.
    if let Some(a) = s[i..]
        .chars()
        .next()
        .filter(|&a| a == '\'' || a == '\u{2019}')
    {
        let j = i + a.len_utf8();
        if let Some(u) = s[j..].chars().next().filter(|&u| has(&c.upper, u)) {
            i = run(s, j + u.len_utf8(), &c.letter_or_mark);
        }
    }
    // Hyphenated parts.
    while s[i..].starts_with('-') {
        match s[i + 1..].chars().next() {
            Some(l) if has(&c.letter, l) => i = run(s, i + 1 + l.len_utf8(), &c.letter_or_mark),
            _ => break,
        }
    }
    Some(i)
}

/// The end of the run of characters of `class` from `i`.
fn run(s: &str, i: usize, class: &[(char, char)]) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, ch)| !has(class, ch))
        .map_or(s.len(), |(k, _)| i + k)
}

/// [`name_token`] when ASCII decides it (inside ASCII, `\p{Lu}` is A-Z,
/// `\p{L}` a-z and A-Z, and `\p{M}` nothing); None when a character
/// outside ASCII could change the answer.
fn ascii(b: &[u8]) -> Option<Option<usize>> {
    let Some(&c0) = b.first() else {
        return Some(None);
    };
    if !c0.is_ascii() {
        return None;
    }
    if !c0.is_ascii_uppercase() {
        return Some(None);
    }
    // the first branch wins: an initial
    if b.get(1) == Some(&b'.') {
        return Some(Some(2));
    }
    let mut i = letters(b, 1)?;
    // an apostrophe and a capital: O'Brien
    if b.get(i) == Some(&b'\'') {
        match b.get(i + 1) {
            Some(c) if c.is_ascii_uppercase() => i = letters(b, i + 2)?,
            Some(c) if !c.is_ascii() => return None,
            _ => {}
        }
    }
    // hyphenated parts: Ferris-Campbell
    while b.get(i) == Some(&b'-') {
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => i = letters(b, i + 2)?,
            Some(c) if !c.is_ascii() => return None,
            _ => break,
        }
    }
    Some(Some(i))
}

/// The end of the run of letters from `i`; None at a character outside
/// ASCII (it may be a letter or a mark).
fn letters(b: &[u8], mut i: usize) -> Option<usize> {
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphabetic() {
            i += 1;
        } else if c.is_ascii() {
            break;
        } else {
            return None;
        }
    }
    Some(i)
}
