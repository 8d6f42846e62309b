//! Matching case-insensitive rules on ASCII-lowercased text.
//!
//! A case-insensitive regex spends much of its size and time on letter
//! case: every letter is a class (`[Cc][Oo]…`), so its automata are larger,
//! slower to build and the literal prefilters see many case variants. On
//! a copy of the text with ASCII capitals lowercased, the same rule can
//! run as a regex whose classes hold no capitals, so most letters become
//! plain bytes. The matches, spans and captures are the same:
//!
//! * a rule qualifies ([`foldable`]) when every class in its tree holds
//!   both cases of each ASCII letter it holds, and no literal holds an
//!   ASCII letter (a case-sensitive part does not qualify); such a tree
//!   cannot tell a letter from its other case, and word boundaries and
//!   line anchors do not depend on case, so it matches the lowercased text
//!   exactly as it matches the text;
//! * its folded tree ([`fold`]) drops from every class what the lowercased
//!   text cannot hold: ASCII capitals and the two non-ASCII characters a
//!   case-insensitive regex reads as ASCII letters, the Kelvin sign and the
//!   long s ([`STRANGERS`]);
//! * it also drops every character outside the [`ALPHABET`] (the Latin
//!   scripts, Greek, Cyrillic, punctuation, currency and other signs):
//!   `\w` alone is 770 ranges of Unicode, hundreds of automaton states
//!   at each use, and the rules' negated classes and `.` are all of
//!   Unicode; within the alphabet they are a few dozen ranges. Every
//!   article of `corpus/`, the real articles of the evaluation and the
//!   benchmark is written in it;
//! * so a text holding a character outside the alphabet, or one of the
//!   strangers ([`fold_text`] gives `None`), is matched with the rule's
//!   own regex instead: the same matches, more slowly.

use std::sync::LazyLock;

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};

/// The non-ASCII characters a case-insensitive regex matches for an ASCII
/// letter: K (U+212A KELVIN SIGN) for k, ſ (U+017F LATIN SMALL LETTER
/// LONG S) for s. A unit test checks the list against regex-syntax.
pub const STRANGERS: [char; 2] = ['\u{17F}', '\u{212A}'];

/// Whether `hir` matches ASCII-lowercased text exactly as it matches the
/// text (see the module doc).
pub fn foldable(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => !lit.0.iter().any(u8::is_ascii_alphabetic),
        HirKind::Class(Class::Unicode(c)) => unicode_closed(c),
        HirKind::Class(Class::Bytes(c)) => bytes_closed(c),
        HirKind::Repetition(r) => foldable(&r.sub),
        HirKind::Capture(c) => foldable(&c.sub),
        HirKind::Concat(xs) | HirKind::Alternation(xs) => xs.iter().all(foldable),
    }
}

/// Whether the class holds the other case of every ASCII letter it holds.
fn unicode_closed(c: &ClassUnicode) -> bool {
    closed(c.ranges(), |r| (u32::from(r.start()), u32::from(r.end())))
}

fn bytes_closed(c: &ClassBytes) -> bool {
    closed(c.ranges(), |r| (u32::from(r.start()), u32::from(r.end())))
}

/// [`unicode_closed`] over a class's ranges, as code points. Only the
/// letters it holds are looked at, each other case found by a binary
/// search of its ranges (canonical: sorted and apart): rule trees are
/// checked at their first use, and a case-insensitive lexicon's tree is
/// thousands of two-letter classes.
fn closed<R>(ranges: &[R], bounds: impl Fn(&R) -> (u32, u32)) -> bool {
    let has = |c: u32| {
        let i = ranges.partition_point(|r| bounds(r).1 < c);
        i < ranges.len() && bounds(&ranges[i]).0 <= c
    };
    let (a, z) = (u32::from(b'A'), u32::from(b'z'));
    ranges
        .iter()
        .map(&bounds)
        .take_while(|&(start, _)| start <= z)
        .flat_map(|(start, end)| start.max(a)..=end.min(z))
        .filter(|&c| u8::try_from(c).is_ok_and(|b| b.is_ascii_alphabetic()))
        .all(|c| has(c ^ 0x20))
}

/// The characters a folded rule reads ([`fold_text`]): ASCII, the Latin
/// scripts with their combining marks and modifier letters, Greek and
/// Cyrillic, general punctuation, currency signs, letterlike signs and
/// number forms, arrows and mathematical operators, box drawing, shapes
/// and dingbats (bullets, ticks), the Latin ligatures and the
/// replacement character. Sorted.
pub const ALPHABET: [(char, char); 8] = [
    ('\0', '\u{52F}'),
    ('\u{1E00}', '\u{1EFF}'),
    ('\u{2000}', '\u{20CF}'),
    ('\u{2100}', '\u{22FF}'),
    ('\u{2500}', '\u{27BF}'),
    ('\u{FB00}', '\u{FB06}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFFD}', '\u{FFFD}'),
];

/// Whether a folded text may hold `c`: in the [`ALPHABET`], not one of
/// the [`STRANGERS`].
fn readable(c: char) -> bool {
    ALPHABET.iter().any(|&(a, b)| a <= c && c <= b) && !STRANGERS.contains(&c)
}

/// What a folded tree keeps of a class: the [`ALPHABET`] but ASCII
/// capitals and [`STRANGERS`], as a Unicode and a byte class (bytes are
/// not characters: only capitals go). Made once, not for each class of a
/// tree (a lexicon's tree is thousands of classes).
static KEEP: LazyLock<(ClassUnicode, ClassBytes)> = LazyLock::new(|| {
    let mut unicode =
        ClassUnicode::new(ALPHABET.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)));
    let mut gone = ClassUnicode::new(
        [ClassUnicodeRange::new('A', 'Z')]
            .into_iter()
            .chain(STRANGERS.map(|s| ClassUnicodeRange::new(s, s))),
    );
    gone.negate();
    unicode.intersect(&gone);
    let mut bytes = ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]);
    bytes.negate();
    (unicode, bytes)
});

/// The tree for lowercased text: a [`foldable`] tree with ASCII capitals
/// and [`STRANGERS`] taken out of every class. Built with the smart
/// constructors, so a class left with one character becomes a literal and
/// neighbouring literals join.
pub fn fold(hir: &Hir) -> Hir {
    map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&KEEP.0);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.intersect(&KEEP.1);
            Hir::class(Class::Bytes(c))
        }
        _ => leaf.clone(),
    })
}

/// `hir` built again with each leaf (empty, literal, look, class) given
/// by `leaf`, with the smart constructors.
fn map_leaves(hir: &Hir, leaf: &impl Fn(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) | HirKind::Class(_) => leaf(hir),
        // Field by field: `..r.clone()` would copy the whole sub-tree
        // only to drop it, at every level of nesting.
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(map_leaves(&r.sub, leaf)),
            min: r.min,
            max: r.max,
            greedy: r.greedy,
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(map_leaves(&c.sub, leaf)),
            index: c.index,
            name: c.name.clone(),
        }),
        HirKind::Concat(xs) => Hir::concat(xs.iter().map(|x| map_leaves(x, leaf)).collect()),
        HirKind::Alternation(xs) => {
            Hir::alternation(xs.iter().map(|x| map_leaves(x, leaf)).collect())
        }
    }
}

/// The tree with every ASCII letter read in either case: it matches all
/// that `hir` matches, and more where `hir` tells a letter from its other
/// case (a case-sensitive part). It is [`foldable`], so a rule with a
/// case-sensitive part can search folded text with it for candidates, and
/// check each with its own regex on the text as written
/// ([`crate::engine`]).
pub fn widen(hir: &Hir) -> Hir {
    map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Literal(lit) if lit.0.iter().any(u8::is_ascii_alphabetic) => {
            let mut parts = Vec::new();
            let mut run = Vec::new();
            for &b in lit.0.iter() {
                if b.is_ascii_alphabetic() {
                    if !run.is_empty() {
                        parts.push(Hir::literal(std::mem::take(&mut run)));
                    }
                    let (lo, up) = (
                        char::from(b.to_ascii_lowercase()),
                        char::from(b.to_ascii_uppercase()),
                    );
                    parts.push(Hir::class(Class::Unicode(ClassUnicode::new([
                        ClassUnicodeRange::new(up, up),
                        ClassUnicodeRange::new(lo, lo),
                    ]))));
                } else {
                    run.push(b);
                }
            }
            if !run.is_empty() {
                parts.push(Hir::literal(run));
            }
            Hir::concat(parts)
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.union(&ClassUnicode::new(
                other_cases(c.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
                    .map(|l| ClassUnicodeRange::new(char::from(l), char::from(l))),
            ));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.union(&ClassBytes::new(
                other_cases(c.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
                    .map(|l| ClassBytesRange::new(l, l)),
            ));
            Hir::class(Class::Bytes(c))
        }
        _ => leaf.clone(),
    })
}

/// The other case of every ASCII letter in the ranges (as code points).
fn other_cases(ranges: impl Iterator<Item = (u32, u32)>) -> impl Iterator<Item = u8> {
    let (a, z) = (u32::from(b'A'), u32::from(b'z'));
    ranges
        .flat_map(move |(start, end)| start.max(a)..=end.min(z))
        .filter_map(|c| u8::try_from(c).ok())
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b ^ 0x20)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The text with ASCII capitals lowercased (same length, same offsets), or
/// `None` when it holds a character a folded rule cannot read: one of the
/// [`STRANGERS`], or one outside the [`ALPHABET`].
pub fn fold_text(text: &str) -> Option<String> {
    // Only the non-ASCII characters are decoded: most texts have a few.
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(k) = next_non_ascii(bytes, at) {
        let c = text[k..].chars().next()?;
        if !readable(c) {
            return None;
        }
        at = k + c.len_utf8();
    }
    Some(text.to_ascii_lowercase())
}

/// The first byte at or after `i` of a non-ASCII character, eight bytes at
/// a time (folding a text went from 5.8M to 2.3M instructions per
/// 0.97 MB: the byte-by-byte scan was most of it).
fn next_non_ascii(b: &[u8], mut i: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(w) = b.get(i..i + 8) {
        let high = u64::from_le_bytes(w.try_into().expect("eight bytes")) & HIGH;
        if high != 0 {
            return Some(i + (high.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&x| x >= 0x80).map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::parsed as parse;

    /// The strangers are exactly the non-ASCII characters regex-syntax
    /// puts in a case-insensitive ASCII letter.
    /// The binary search finds what a scan of every range finds, on
    /// classes large and small, Unicode and bytes, either case or both.
    #[test]
    fn closed_classes_by_binary_search() {
        let scan_unicode = |c: &ClassUnicode| {
            let has = |ch: u8| {
                c.iter()
                    .any(|r| r.start() <= char::from(ch) && char::from(ch) <= r.end())
            };
            (b'a'..=b'z').all(|l| has(l) == has(l.to_ascii_uppercase()))
        };
        let scan_bytes = |c: &ClassBytes| {
            let has = |b: u8| c.iter().any(|r| r.start() <= b && b <= r.end());
            (b'a'..=b'z').all(|l| has(l) == has(l.to_ascii_uppercase()))
        };
        let patterns = [
            r"\w",
            r"\W",
            r"\d",
            r"\s",
            r"[a-z]",
            r"[A-Z]",
            r"[^a]",
            r"[Kk]",
            r"[k\x{212A}]",
            r"[a-cX-Z]",
            r"[^$£€\w.,-]",
            r"[A-Za-z]",
            r"[z]",
            r"[Z]",
            r"[^,.;:\n]",
            r"[\x{100}-\x{10FFFF}a]",
        ];
        let (mut yes, mut no) = (0, 0);
        for p in patterns {
            for ci in [false, true] {
                let HirKind::Class(Class::Unicode(c)) = parse(&format!("[{p}]"), ci).into_kind()
                else {
                    continue; // one character: a literal
                };
                assert_eq!(unicode_closed(&c), scan_unicode(&c), "{p} {ci}");
                if scan_unicode(&c) {
                    yes += 1;
                } else {
                    no += 1;
                }
                // Its ASCII part as a class of bytes.
                let ascii = c.iter().filter(|r| r.start().is_ascii()).map(|r| {
                    let end = r.end().min('\x7f');
                    regex_syntax::hir::ClassBytesRange::new(r.start() as u8, end as u8)
                });
                let b = ClassBytes::new(ascii);
                assert_eq!(bytes_closed(&b), scan_bytes(&b), "{p} {ci} as bytes");
            }
        }
        assert!(yes > 0 && no > 0, "both answers are tried");
    }

    /// A widened tree reads each ASCII letter in either case, in
    /// literals and classes (Unicode and bytes), and nothing else more: it
    /// folds, and matches a text exactly when the pattern matches the text
    /// with some of its ASCII letters in the other case.
    #[test]
    fn widened_trees_read_either_case_and_fold() {
        let patterns = [
            r"\bPS[0-9]{3,}",
            r"[A-C]x(?i:kg)",
            r"(?-u:[A-Cz])é",
            r"^(?:R[0-9]+|N[0-9]+)$",
            r"[^A-Z]Q",
        ];
        let texts = [
            "ps123", "PS123", "Ps5555", "pt123", "bXKG", "AxKg", "dx", "zé", "Zé", "r12", "n3",
            "Q", "aq", "AQ", "1q", "qq",
        ];
        // Every way to write `t` with its ASCII letters in either case.
        let recased = |t: &str| -> Vec<String> {
            let mut out = vec![String::new()];
            for c in t.chars() {
                let forms = if c.is_ascii_alphabetic() {
                    vec![c.to_ascii_lowercase(), c.to_ascii_uppercase()]
                } else {
                    vec![c]
                };
                out = out
                    .iter()
                    .flat_map(|o| forms.iter().map(move |f| format!("{o}{f}")))
                    .collect();
            }
            out
        };
        for p in patterns {
            let wide = widen(&parse(p, false));
            assert!(foldable(&wide), "{p}");
            assert!(!foldable(&parse(p, false)), "{p} has a case-sensitive part");
            let wide = regex_automata::meta::Regex::builder()
                .build_from_hir(&wide)
                .expect("builds");
            let own = regex::Regex::new(p).expect("builds");
            let mut both = 0;
            for t in texts {
                let any_case = recased(t).iter().any(|v| own.is_match(v));
                assert_eq!(wide.is_match(t), any_case, "{p} on {t}");
                both += usize::from(any_case && !own.is_match(t));
            }
            assert!(both > 0, "{p}: some text matches only in another case");
        }
    }

    #[test]
    fn strangers_are_what_regex_syntax_folds() {
        let mut found = Vec::new();
        for l in 'a'..='z' {
            if let HirKind::Class(Class::Unicode(c)) = parse(&l.to_string(), true).kind() {
                for r in c.iter() {
                    found.extend((r.start()..=r.end()).filter(|c| !c.is_ascii()));
                }
            }
        }
        found.sort();
        assert_eq!(found, STRANGERS.to_vec());
        assert!(STRANGERS
            .iter()
            .all(|s| matches!(s.to_string().as_bytes()[0], 0xC5 | 0xE2)));
    }

    #[test]
    fn case_sensitive_parts_do_not_fold() {
        assert!(foldable(&parse(r"\bcocaine\s+[0-9]+g\b", true)));
        assert!(foldable(&parse(r"(?i)[a-z]+ (?-u:\w)", false)));
        assert!(!foldable(&parse("cocaine", false)));
        assert!(!foldable(&parse("(?-i:Ltd)", true)));
        assert!(!foldable(&parse("[A-Z]", false)));
        assert!(!foldable(&parse("(?-u:[a-z])", false)));
        // No letters: nothing for case to change.
        assert!(foldable(&parse(r"[0-9]+[.,£$]", false)));
    }

    #[test]
    fn folded_classes_become_literals() {
        // The case-insensitive parse lifts the common `[Cc]` out.
        let f = fold(&parse("cocaine|crack", true));
        assert_eq!(f, parse("c(?:ocaine|rack)", false));
        let k = fold(&parse("kg", true));
        assert_eq!(k, parse("kg", false));
        // `\s` but the two spaces outside the alphabet (Ogham, ideographic).
        let s = fold(&parse(r"\s[a-z]é", true));
        assert_eq!(s, parse(r"[\s--[\x{1680}\x{3000}]][a-z][Éé]", false));
    }

    #[test]
    fn fold_text_keeps_offsets_and_refuses_strangers() {
        assert_eq!(
            fold_text("Seized 3KG – £5").as_deref(),
            Some("seized 3kg – £5")
        );
        assert_eq!(fold_text("3 \u{212A}g"), None);
        assert_eq!(fold_text("po\u{17F}session"), None);
        assert_eq!(fold_text("Ĳ Œ É"), Some("Ĳ Œ É".to_string()));
        // At every place of the eight-byte scan.
        for pad in 0..17 {
            let p = &"Abcdefghijklmnopq"[..pad];
            assert_eq!(
                fold_text(&format!("{p}3 \u{212A}g {p}")),
                None,
                "after {pad}"
            );
            assert_eq!(
                fold_text(&format!("{p}É{p}po\u{17F}t")),
                None,
                "after {pad}"
            );
            let t = format!("{p}Œ{p}Ĳ{p}");
            assert_eq!(fold_text(&t), Some(t.to_ascii_lowercase()), "after {pad}");
        }
    }

    /// The alphabet: Latin, Greek, Cyrillic and the signs of the news
    /// fold; other scripts and emoji send the text to the rules as
    /// written; and a folded class holds nothing outside it.
    #[test]
    fn fold_text_reads_the_alphabet_only() {
        for t in [
            "Łukasz Żółć, Ñuñez, Øster, Nguyễn",
            "Αθήνα, Москва, Київ",
            "“quoted” ‘so’ – — … • ½ ✓ € ₹ ₦ ™ → ≥ \u{FFFD} ﬁ",
        ] {
            assert_eq!(
                fold_text(t).as_deref(),
                Some(t.to_ascii_lowercase().as_str())
            );
        }
        // U+2028 is punctuation (in the alphabet); U+E000 is not.
        assert_eq!(fold_text("\u{2028}x"), Some("\u{2028}x".to_string()));
        for t in [
            "in 北京",
            "police 🚔 seized",
            "الشرطة",
            "3 \u{212A}g",
            "\u{2028}x\u{E000}",
        ] {
            assert_eq!(fold_text(t), None, "{t:?}");
        }
        assert!(ALPHABET.windows(2).all(|w| w[0].1 < w[1].0));
        let word = fold(&parse(r"[\w\-]+|[^a-z0-9]|.", true));
        let mut chars = 0u32;
        let mut walk = |h: &Hir| {
            if let HirKind::Class(Class::Unicode(c)) = h.kind() {
                for r in c.iter() {
                    assert!(readable(r.start()) && readable(r.end()), "{r:?}");
                    chars += u32::from(r.end()) - u32::from(r.start()) + 1;
                }
            }
        };
        fn each(h: &Hir, f: &mut dyn FnMut(&Hir)) {
            f(h);
            match h.kind() {
                HirKind::Repetition(r) => each(&r.sub, f),
                HirKind::Capture(c) => each(&c.sub, f),
                HirKind::Concat(xs) | HirKind::Alternation(xs) => {
                    xs.iter().for_each(|x| each(x, f))
                }
                _ => {}
            }
        }
        each(&word, &mut walk);
        assert!(
            chars > 1000,
            "the classes keep the alphabet's letters: {chars}"
        );
    }

    /// The folded regex on lowercased text finds what the regex finds on
    /// the text, spans and captures alike.
    #[test]
    fn folded_matches_are_the_same() {
        let pattern = r"(?P<qty>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>kg|g|kilos?|grams?)\s+of\s+(?P<drug>cocaine|crack(?:\s+cocaine)?|MDMA)\b";
        let text = "Police seized 3KG of Cocaine, 12 grams of crack COCAINE and 4 Kilos of mdma. 5 kG of x";
        let plain = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        let hir = parse(pattern, true);
        assert!(foldable(&hir));
        let folded =
            regex::Regex::new(&fold(&hir).to_string()).expect("a folded tree prints as a regex");
        let lower = fold_text(text).unwrap();
        let a: Vec<Vec<Option<(usize, usize)>>> = plain
            .captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect();
        let b: Vec<Vec<Option<(usize, usize)>>> = folded
            .captures_iter(&lower)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect();
        assert_eq!(a.len(), 3);
        assert_eq!(a, b);
    }
}
