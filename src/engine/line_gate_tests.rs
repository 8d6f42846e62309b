//! The gate is exact: it never turns away a line a rule's regex matches.

use super::*;

fn rules() -> &'static RuleSet {
    static R: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    R.get_or_init(|| RuleSet::builtin().unwrap())
}

/// Every non-empty line of `text`, trimmed, as byte ranges.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if !t.is_empty() {
            out.push((pos + lead, pos + lead + t.len()));
        }
        pos += raw.len();
    }
    out
}

/// Every text to try: the corpus articles (as read and normalised), every
/// rule's examples and counter-examples, and lines written to trip it up.
fn texts() -> Vec<String> {
    let mut out = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    for r in &rules().rules {
        out.extend(r.examples.iter().map(|e| e.text.clone()));
        out.extend(r.counter.iter().cloned());
    }
    out.push(
        "SHARE\nWe use \u{212A}ookies\nCoo\u{17F}ie Settings\nshare_this\nx\n© 2024\nImage: x\n"
            .into(),
    );
    let normalised: Vec<String> = out
        .iter()
        .map(|t| crate::text::normalise::normalise(t))
        .collect();
    out.extend(normalised);
    out
}

/// Every line of every text, every line rule: a match is never turned away.
#[test]
fn never_rejects_a_match() {
    let set = rules();
    let gate = LineGate::build(set);
    let (mut lines, mut skipped) = (0usize, 0usize);
    for text in texts() {
        let spans = spans(&text);
        let hits = gate.hits(&text, &spans);
        for (li, &(s, e)) in spans.iter().enumerate() {
            let line = &text[s..e];
            lines += 1;
            for (k, &ri) in gate.rules.iter().enumerate() {
                let rule = &set.rules[ri];
                let re = rule.regex();
                let mut locs = re.capture_locations();
                let found = re.captures_read(&mut locs, line).filter(|m| !m.is_empty());
                let pass = gate.may_match(k, line, hits[li]);
                let bits = gate.candidates(line, hits[li]);
                assert_eq!(
                    k >= 64 || bits & (1 << k) != 0,
                    pass,
                    "{} on {line:?}",
                    rule.id
                );
                assert!(
                    found.is_none() || pass,
                    "`{}` matches {line:?} but the gate turns it away",
                    rule.id
                );
                skipped += usize::from(!pass);
            }
        }
    }
    // It must also be worth having: most calls on these lines are saved.
    assert!(
        skipped * 2 > lines * gate.rules.len(),
        "{skipped} of {lines}"
    );
}

#[test]
fn first_bytes_of_anchored_patterns() {
    let set = |p: &str| {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(p)
            .unwrap();
        let mut s = [0u64; 4];
        let empty = first_bytes(&hir, &mut s);
        let bytes: Vec<u8> = (0..=255u8)
            .filter(|&b| s[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
            .collect();
        (bytes, empty)
    };
    assert_eq!(set(r"^(?:ab|c)"), (b"ACac".to_vec(), false));
    assert_eq!(set(r"^(?:x)?\s*y"), {
        let mut v = vec![
            b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', b'X', b'Y', b'x', b'y',
        ];
        v.extend([0xc2, 0xe1, 0xe2, 0xe3]);
        (v, false)
    });
    assert_eq!(set(r"^a?"), (b"Aa".to_vec(), true));
    // Kelvin sign and long s.
    assert!(set(r"^k").0.contains(&0xe2));
    assert!(set(r"^s").0.contains(&0xc5));
}

/// The affixes of a case-insensitive pattern at `edge`, as the gate
/// reads them.
fn affixes_of_pattern(pattern: &str, edge: Edge) -> Affixes {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .unwrap();
    affixes_of(&hir, edge).expect("anchored at its edge")
}

#[test]
fn affixes_read_both_ends() {
    let start = affixes_of_pattern(r"^(?:read|see)\s+(?:more|also)\b.*", Edge::Start);
    for line in ["Read more", "SEE ALSO: drugs", "read\tmore"] {
        assert!(start.admit(line.as_bytes()), "{line:?}");
    }
    for line in ["Rex", "sea", "Se", "Ran the statement"] {
        assert!(!start.admit(line.as_bytes()), "{line:?}");
    }
    let end = affixes_of_pattern(r"[0-9]\s*[ap]\.?m\.?\s*$", Edge::End);
    for line in ["at 10 a.m.", "9pm", "at 7 AM"] {
        assert!(end.admit(line.as_bytes()), "{line:?}");
    }
    for line in ["the man.", "10 am today", "pm"] {
        assert!(!end.admit(line.as_bytes()), "{line:?}");
    }
}

/// A letter a case-insensitive regex also reads as a character of two or
/// three bytes (the Kelvin sign, the long s) ends the run there.
#[test]
fn affixes_let_strangers_through() {
    let start = affixes_of_pattern(r"^kg\b", Edge::Start);
    assert!(start.admit("\u{212A}g".as_bytes()));
    let end = affixes_of_pattern(r"\bhours$", Edge::End);
    assert!(end.admit("3 hour\u{17F}".as_bytes()));
    assert!(!end.admit("3 hourly".as_bytes()));
}

/// More ways than the gate keeps are merged: it still turns away what
/// begins with none of them.
#[test]
fn many_affixes_merge() {
    let alts: Vec<String> = (0..200).map(|n| format!("a{n}")).collect();
    let start = affixes_of_pattern(&format!("^(?:{})x", alts.join("|")), Edge::Start);
    assert!(start.runs.len() <= MAX_AFFIXES);
    assert!(start.admit(b"a5x"));
    assert!(start.admit(b"a199x"));
    assert!(!start.admit(b"b5x"));
}

/// Prose lines the line rules used to run on, which their affixes now turn
/// away: a match of them would begin or end otherwise.
#[test]
fn prose_lines_turned_away() {
    let set = rules();
    let gate = LineGate::build(set);
    let k = |id: &str| {
        gate.rules
            .iter()
            .position(|&ri| set.rules[ri].id == id)
            .unwrap()
    };
    for (id, line) in [
        (
            "line.related-block",
            "Forty officers took part in the raids.",
        ),
        (
            "line.stamp-repost",
            "Saturday's raid was the third this month.",
        ),
        (
            "line.stamp-cue",
            "Police said the men were released on bail.",
        ),
        // A date that begins a sentence: a time stamp's line ends in its
        // date or clock, and ways of ending that are too many to list are
        // merged, not given up.
        (
            "line.stamp-alone",
            "12 February 2020 was the day the flat was raided.",
        ),
        (
            "line.stamp-byline",
            "By 9 March 2021 six men had been charged.",
        ),
    ] {
        let hits = gate.hits(line, &[(0, line.len())]);
        assert!(!gate.may_match(k(id), line, hits[0]), "{id} on {line:?}");
        assert_eq!(gate.candidates(line, hits[0]) & (1 << k(id)), 0, "{id}");
    }
}
