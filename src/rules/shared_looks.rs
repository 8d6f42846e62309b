//! Look-arounds shared by the alternatives they end, before a tree is
//! compiled into an automaton: `(?:a\b|b\b|c)` as `(?:(?:a|b)\b|c)`.
//!
//! A look-around reads no text, so `(?:x|y)\b` matches as `x\b|y\b` does,
//! in the same order of preference. The unit lexicons keep a word boundary
//! per alias in their text (the gate's anchors need the one after "g"),
//! so every seizure rule's tree held a hundred of them; each is a state of
//! the NFA, which the regex crate's builder reads at about 2,000
//! instructions apiece (it marks the byte classes a boundary splits), and
//! which every lazy DFA state through the units carries.
//!
//! Done when the file of embedded engines is written
//! ([`super::rule_engine::compile_kept`]), not at run time: rebuilding a
//! tree copies its unchanged parts, which doubled the time to compile a
//! user's edited rules.

use std::borrow::Cow;

use regex_syntax::hir::{Hir, HirKind, Look};

use super::rule_engine::rewrap;

/// `hir` with each run of two or more alternatives that end in the same
/// look-around rewritten as their alternation followed by it once; `hir`
/// itself when there is none (nothing is copied).
pub(super) fn share_looks(hir: &Hir) -> Cow<'_, Hir> {
    shared(hir).map_or(Cow::Borrowed(hir), Cow::Owned)
}

/// [`share_looks`], `None` when nothing changes.
fn shared(hir: &Hir) -> Option<Hir> {
    match hir.kind() {
        HirKind::Alternation(alts) => {
            let subs: Vec<Option<Hir>> = alts.iter().map(shared).collect();
            let below = subs.iter().any(Option::is_some);
            let alts: Vec<Hir> = alts
                .iter()
                .zip(subs)
                .map(|(a, s)| s.unwrap_or_else(|| a.clone()))
                .collect();
            let (out, grouped) = group_runs(alts);
            (below || grouped).then(|| Hir::alternation(out))
        }
        HirKind::Concat(xs) => {
            let subs: Vec<Option<Hir>> = xs.iter().map(shared).collect();
            subs.iter().any(Option::is_some).then(|| {
                Hir::concat(
                    xs.iter()
                        .zip(subs)
                        .map(|(x, s)| s.unwrap_or_else(|| x.clone()))
                        .collect(),
                )
            })
        }
        HirKind::Repetition(_) | HirKind::Capture(_) => rewrap(hir, shared),
        _ => None,
    }
}

/// The alternatives with each run (two or more in a row) that ends in one
/// look-around made one alternative; whether any run was.
fn group_runs(alts: Vec<Hir>) -> (Vec<Hir>, bool) {
    let mut out = Vec::with_capacity(alts.len());
    let mut grouped = false;
    let mut rest = alts.into_iter().peekable();
    while let Some(first) = rest.next() {
        let Some(look) = trailing_look(&first) else {
            out.push(first);
            continue;
        };
        let mut run = vec![first];
        while let Some(next) = rest.next_if(|h| trailing_look(h) == Some(look)) {
            run.push(next);
        }
        if run.len() == 1 {
            out.extend(run);
            continue;
        }
        grouped = true;
        let heads = run.iter().map(without_last).collect();
        out.push(Hir::concat(vec![Hir::alternation(heads), Hir::look(look)]));
    }
    (out, grouped)
}

/// The look-around an alternative ends with: itself, or the last part of
/// its concatenation.
fn trailing_look(h: &Hir) -> Option<Look> {
    let last = match h.kind() {
        HirKind::Concat(xs) => xs.last()?,
        _ => h,
    };
    match last.kind() {
        HirKind::Look(look) => Some(*look),
        _ => None,
    }
}

/// An alternative that [`trailing_look`] without its look-around.
fn without_last(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Concat(xs) => Hir::concat(xs[..xs.len() - 1].to_vec()),
        _ => Hir::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta;

    fn tree(p: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(p)
            .expect("parses")
    }

    /// Every match (start, end, groups) of the tree, at every start.
    fn matches(hir: &Hir, texts: &[&str]) -> Vec<Vec<Option<(usize, usize)>>> {
        let re = meta::Builder::new().build_from_hir(hir).expect("builds");
        let mut caps = re.create_captures();
        let mut out = Vec::new();
        for t in texts {
            for at in 0..=t.len() {
                re.search_captures(&regex_automata::Input::new(t).range(at..), &mut caps);
                out.push(
                    (0..caps.group_len())
                        .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                        .collect(),
                );
            }
        }
        out
    }

    #[test]
    fn a_run_of_alternatives_shares_its_boundary() {
        let h = tree(r"(?-u:x(?:a\b|bc\b|\b)|y(?:d\b|e|f\b|g\b))");
        let s = share_looks(&h);
        assert_eq!(
            *s,
            tree(r"(?-u:x(?:(?:a|bc|)\b)|y(?:d\b|e|(?:f|g)\b))"),
            "{s:?}"
        );
        // Nothing to share: the same tree, not a copy.
        let plain = tree(r"(?:a|b\b)c");
        assert!(matches!(share_looks(&plain), Cow::Borrowed(_)));
    }

    /// Shared, a tree matches as it did: the same spans, the same groups,
    /// from every start, for boundaries, anchors and groups inside the
    /// alternatives.
    #[test]
    fn shared_trees_match_as_before() {
        let texts = [
            "x xa xab xbc xbcd x- gram grams gramme grammes grams' kilo-grams",
            "ya yd ye yf yg ygf y.d ab a b ba",
            "line one\nline two\n\nthree",
        ];
        for p in [
            r"(?-u:x(?:a\b|bc\b|\b)|y(?:d\b|e|f\b|g\b))",
            r"(?-u:\b(?:gram(?:me(?:s\b|\b)|s(?:'|\b)|\b)|kilo-?grams?\b))",
            r"(?P<u>a\b|(?P<v>b)\b|ab\b)\s*(?P<w>\w+\b|\b)",
            r"(?m:(?:one$|two$|three$)|^(?:line|three)\b)",
            r"(?:a\B|b\B|\B)+",
        ] {
            let h = tree(p);
            let s = share_looks(&h);
            assert!(matches!(s, Cow::Owned(_)), "{p} shares something");
            assert_eq!(matches(&h, &texts), matches(&s, &texts), "{p}");
        }
    }
}
