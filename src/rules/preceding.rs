//! What a rule's matches allow right before a lexicon, or right after
//! it: whether the character there can be an ASCII letter or `_`.
//!
//! A unit lexicon such as `mass_unit` has `after_digits` ("460.5g"), so
//! its regex has no word boundary in front and the alias `g` is found at
//! the end of "drug": as a `needs` class it holds in nearly every
//! sentence. In the rules, though, a unit follows a number, a space, a
//! hyphen or a bracket, never a letter. When a rule's pattern proves that
//! for every place it puts the lexicon, the gate may count the lexicon's
//! aliases only where no letter comes before them ([`super::gate`]).
//! Likewise after: a letter sign such as `P` (pesos, "P680,000") has
//! `before_digits`, and every rule puts a space or a digit after it, so
//! the gate need not count the "p" that starts "police".
//!
//! The analysis after a lexicon is the same one run from the end of the
//! match backwards: a concatenation read last part first, a literal last
//! character first (`\b` reads the same both ways).
//!
//! The proof is a small forward analysis over the rule's tree with a hole
//! for each lexicon ([`super::splice`]): the states are the kind of the
//! last character consumed and whether a word-boundary assertion stands
//! at the current place; a literal or class consumes a character of some
//! kinds, an assertion filters or marks, repetitions run to a fixed
//! point. It is conservative: what it does not model, it lets through.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The kinds of character the analysis tells apart (ASCII word-boundary
/// rules: a non-ASCII character is not a word character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
    Under,
    Other,
}

const KINDS: [Kind; 4] = [Kind::Letter, Kind::Digit, Kind::Under, Kind::Other];

impl Kind {
    fn of(c: u32) -> Kind {
        match char::from_u32(c) {
            Some(c) if c.is_ascii_alphabetic() => Kind::Letter,
            Some(c) if c.is_ascii_digit() => Kind::Digit,
            Some('_') => Kind::Under,
            _ => Kind::Other,
        }
    }

    fn word(self) -> bool {
        self != Kind::Other
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// What stands at the current place: a word-boundary assertion (`\b`),
/// its negation (`\B`), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    Boundary,
    NotBoundary,
}

/// A set of states: bit `last * 3 + pending`, with `last` a [`Kind`] or 4
/// for "the start of the text or anything" (not constrained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct States(u16);

const ANY_LAST: u8 = 4;

impl States {
    fn one(last: u8, p: Pending) -> States {
        States(1 << (last as u16 * 3 + p as u16))
    }

    /// Anything can come before the rule's match.
    fn start() -> States {
        (0..=ANY_LAST).fold(States(0), |s, l| s.or(States::one(l, Pending::None)))
    }

    fn or(self, o: States) -> States {
        States(self.0 | o.0)
    }

    fn iter(self) -> impl Iterator<Item = (u8, Pending)> {
        (0..=ANY_LAST).flat_map(move |l| {
            [Pending::None, Pending::Boundary, Pending::NotBoundary]
                .into_iter()
                .filter(move |&p| self.0 & (1 << (l as u16 * 3 + p as u16)) != 0)
                .map(move |p| (l, p))
        })
    }

    /// After consuming one character of any of these kinds (a bit set).
    fn consume(self, kinds: u8) -> States {
        let mut out = States(0);
        for (last, p) in self.iter() {
            for k in KINDS {
                if kinds & k.bit() == 0 {
                    continue;
                }
                let ok = match (p, last) {
                    (Pending::None, _) | (_, ANY_LAST) => true,
                    (Pending::Boundary, l) => KINDS[l as usize].word() != k.word(),
                    (Pending::NotBoundary, l) => KINDS[l as usize].word() == k.word(),
                };
                if ok {
                    out = out.or(States::one(k as u8, Pending::None));
                }
            }
        }
        out
    }

    /// With a word-boundary assertion (or its negation) at this place.
    fn mark(self, p: Pending) -> States {
        let mut out = States(0);
        for (last, q) in self.iter() {
            // Two assertions at one place: keep the stricter when they
            // agree, drop the path when they cannot both hold.
            let r = match (q, p) {
                (Pending::None, p) | (p, Pending::None) => p,
                (a, b) if a == b => a,
                _ => continue,
            };
            out = out.or(States::one(last, r));
        }
        out
    }
}

/// The kinds of the characters a class holds (a bit set).
fn class_kinds(c: &Class) -> u8 {
    let mut kinds = 0u8;
    let mut add = |lo: u32, hi: u32| {
        for (a, b, k) in [
            (u32::from(b'0'), u32::from(b'9'), Kind::Digit),
            (u32::from(b'A'), u32::from(b'Z'), Kind::Letter),
            (u32::from(b'a'), u32::from(b'z'), Kind::Letter),
            (u32::from(b'_'), u32::from(b'_'), Kind::Under),
        ] {
            if lo <= b && a <= hi {
                kinds |= k.bit();
            }
        }
        // Anything else in the range is of kind Other.
        let word_chars = |x: u32| matches!(Kind::of(x), Kind::Letter | Kind::Digit | Kind::Under);
        if (lo..=hi).any(|x| !word_chars(x)) {
            kinds |= Kind::Other.bit();
        }
    };
    match c {
        Class::Unicode(u) => u.iter().for_each(|r| add(r.start() as u32, r.end() as u32)),
        Class::Bytes(b) => b
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
    }
    kinds
}

/// Walks a tree from the start of a match (or backwards from its end),
/// noting at each lexicon hole whether a letter can come before it (after
/// it).
struct Walk<'a> {
    hole_of: &'a dyn Fn(&Hir) -> Option<usize>,
    /// Whether every alias of the hole's lexicon starts (ends, walking
    /// backwards) with a word character: a `\b` there then means a
    /// non-word one beside it.
    word_side: &'a dyn Fn(usize) -> bool,
    backwards: bool,
    /// For each hole met, whether a letter or `_` can come beside it.
    letter_beside: Vec<(usize, bool)>,
}

impl Walk<'_> {
    fn go(&mut self, h: &Hir, s: States) -> States {
        if s == States(0) {
            return s;
        }
        if let Some(i) = (self.hole_of)(h) {
            let word = (self.word_side)(i);
            let letter = s.iter().any(|(last, p)| {
                let letterish = [Kind::Letter as u8, Kind::Under as u8, ANY_LAST].contains(&last);
                // `\b` between a letter and an alias's first word character
                // cannot hold.
                letterish && !(p == Pending::Boundary && word)
            });
            self.letter_beside.push((i, letter));
            // After an alias: any character, nothing pending.
            return (0..4).fold(States(0), |a, l| a.or(States::one(l, Pending::None)));
        }
        match h.kind() {
            HirKind::Empty => s,
            HirKind::Literal(lit) => {
                let kinds: Vec<u8> = match std::str::from_utf8(&lit.0) {
                    Ok(text) => text.chars().map(|c| Kind::of(c as u32).bit()).collect(),
                    Err(_) => lit
                        .0
                        .iter()
                        .map(|&b| Kind::of(u32::from(b)).bit())
                        .collect(),
                };
                match self.backwards {
                    false => kinds.iter().fold(s, |s, &k| s.consume(k)),
                    true => kinds.iter().rev().fold(s, |s, &k| s.consume(k)),
                }
            }
            HirKind::Class(c) => s.consume(class_kinds(c)),
            HirKind::Look(look) => match look {
                Look::WordAscii => s.mark(Pending::Boundary),
                Look::WordAsciiNegate => s.mark(Pending::NotBoundary),
                // Not modelled: let everything through.
                _ => s,
            },
            HirKind::Capture(c) => self.go(&c.sub, s),
            HirKind::Concat(xs) if self.backwards => xs.iter().rev().fold(s, |s, x| self.go(x, s)),
            HirKind::Concat(xs) => xs.iter().fold(s, |s, x| self.go(x, s)),
            HirKind::Alternation(xs) => xs.iter().fold(States(0), |a, x| a.or(self.go(x, s))),
            HirKind::Repetition(r) => {
                let mut cur = s;
                for _ in 0..r.min.min(3) {
                    cur = self.go(&r.sub, cur);
                }
                // At least `min` times, then any more (a superset when
                // `min` is above 3 or `max` bounds it).
                let mut all = if r.min <= 3 { cur } else { States::start() };
                loop {
                    let next = all.or(self.go(&r.sub, all));
                    if next == all {
                        break all;
                    }
                    all = next;
                }
            }
        }
    }
}

/// For each hole index in `tree`, whether an ASCII letter or `_` can come
/// right before it in a match; holes as `hole_of` finds them.
pub(super) fn letter_before_holes(
    tree: &Hir,
    hole_of: &dyn Fn(&Hir) -> Option<usize>,
    starts_with_word: &dyn Fn(usize) -> bool,
) -> Vec<(usize, bool)> {
    walk(tree, hole_of, starts_with_word, false)
}

/// For each hole index in `tree`, whether an ASCII letter or `_` can come
/// right after it in a match.
pub(super) fn letter_after_holes(
    tree: &Hir,
    hole_of: &dyn Fn(&Hir) -> Option<usize>,
    ends_with_word: &dyn Fn(usize) -> bool,
) -> Vec<(usize, bool)> {
    walk(tree, hole_of, ends_with_word, true)
}

fn walk(
    tree: &Hir,
    hole_of: &dyn Fn(&Hir) -> Option<usize>,
    word_side: &dyn Fn(usize) -> bool,
    backwards: bool,
) -> Vec<(usize, bool)> {
    let mut w = Walk {
        hole_of,
        word_side,
        backwards,
        letter_beside: Vec::new(),
    };
    w.go(tree, States::start());
    w.letter_beside
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Holes are captures named `hole` here, of a lexicon whose aliases
    /// start and end with a letter; word boundaries are ASCII, as in the
    /// rules.
    fn letter_beside(pattern: &str, backwards: bool) -> bool {
        let tree = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(&crate::rules::ascii_word_boundaries(pattern))
            .unwrap();
        let hole_of = |h: &Hir| match h.kind() {
            HirKind::Capture(c) if c.name.as_deref() == Some("hole") => Some(0),
            _ => None,
        };
        let found = walk(&tree, &hole_of, &|_| true, backwards);
        assert!(!found.is_empty(), "no hole in {pattern}");
        found.iter().any(|&(_, l)| l)
    }

    fn letter_before(pattern: &str) -> bool {
        letter_beside(pattern, false)
    }

    fn letter_after(pattern: &str) -> bool {
        letter_beside(pattern, true)
    }

    #[test]
    fn digits_after_a_sign_are_no_letter() {
        // The letter-sign rule's shape: a space at most, then digits.
        assert!(!letter_after(
            r"(?P<hole>x)\s?[0-9][0-9,.]*(?:\s?(?:m|million))?"
        ));
        assert!(!letter_after(r"(?P<hole>x)\b\s*[0-9]+"));
        // Read backwards, a literal's last character comes first.
        assert!(!letter_after(r"(?P<hole>x)(?:7a|\(b)"));
        assert!(letter_after(r"(?P<hole>x)(?:a7|\(b)"));
    }

    #[test]
    fn a_letter_after_a_sign_is_found() {
        assert!(letter_after(r"(?P<hole>x)"));
        assert!(letter_after(r"(?P<hole>x)[a-z0-9]"));
        assert!(letter_after(r"(?P<hole>x)\s?(?:[0-9]+|bn)"));
        // In a repetition, the next round's letter follows.
        assert!(letter_after(r"(?:[a-z](?P<hole>x)[0-9]?)+"));
        // `\b` after an alias ending in a letter needs a non-word after.
        assert!(!letter_after(r"(?P<hole>x)\b(?:[a-z]|[0-9]|\s)"));
        assert!(letter_after(r"(?P<hole>x)\B[a-z]"));
    }

    #[test]
    fn a_number_before_a_unit_is_no_letter() {
        // A number, then maybe spaces: digits or a space come before.
        assert!(!letter_before(r"\b[0-9]+(?:\.[0-9]+)?\s*(?P<hole>x)"));
        // A number word ends with `\b`: with no space, the unit cannot
        // follow it ("twokilos" is no match), with spaces a space comes before.
        assert!(!letter_before(r"\b(?:two|three)\b\s*(?P<hole>x)"));
        assert!(!letter_before(r"(?:[0-9]+|\b(?:a|an)\b)[\s-]*(?P<hole>x)"));
        assert!(!letter_before(r"\((?P<hole>x)"));
    }

    #[test]
    fn a_letter_before_a_unit_is_found() {
        assert!(letter_before(r"[a-z]+(?P<hole>x)"));
        assert!(letter_before(r"(?P<hole>x)"));
        assert!(letter_before(r"\b[0-9]+\s*(?:of\s*)?(?P<hole>x)"));
        assert!(letter_before(r"(?:[0-9]|plus)\s*(?P<hole>x)"));
        assert!(letter_before(r"[0-9](?:_)?(?P<hole>x)"));
        // In a repetition, the second time round a letter comes before.
        assert!(letter_before(r"[0-9](?:(?P<hole>x)[a-z])+"));
        // A `\B` keeps the letter.
        assert!(letter_before(r"[a-z]\B(?P<hole>x)"));
    }
}
