//! Every occurrence of a set of literals in a text, overlapping ones too,
//! ASCII case-insensitively: the sentence gate's pass ([`super::gate`])
//! and the line gate's ([`crate::engine::line_gate`]).
//!
//! The automaton ([`LiteralDfa`]) is walked here byte by byte rather than
//! by an iterator over matches: the gate meets about one hit per five
//! bytes, and the aho-corasick crate's overlapping iterator's set-up for
//! each hit (a call that checks and restores its search state) cost more
//! than the walk itself. The line gate's literals ("x", "mar", dates'
//! digits) meet one hit per 75 bytes, too often for the crate's
//! prefilter to skip text: its iterator took 20.5M instructions a MB, a
//! walk through the crate's DFA 13.4M.

pub use super::literal_dfa::Edge;
use super::literal_dfa::LiteralDfa;

/// The automaton of a set of literals ([`LiteralDfa`]).
#[derive(Debug, Clone)]
pub struct LiteralSet(LiteralDfa);

impl LiteralSet {
    /// The automaton of `words` (by index), ASCII case-insensitive.
    pub fn build<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Result<LiteralSet, String> {
        Self::with_leads(words.into_iter().map(|w| (w, Edge::Any)))
    }

    /// The automaton of `words` (by index), each found only where the
    /// byte before it does not refuse it ([`Edge`]).
    pub fn with_leads<'a>(
        words: impl IntoIterator<Item = (&'a [u8], Edge)>,
    ) -> Result<LiteralSet, String> {
        LiteralDfa::new(words).map(LiteralSet)
    }

    /// Calls `hit(literal, start, end)` for every occurrence in `hay`,
    /// in order of end, as the aho-corasick crate's overlapping search
    /// reports them.
    #[inline]
    pub fn each(&self, hay: &[u8], hit: impl FnMut(usize, usize, usize)) {
        walk_two(&self.0, hay, hit)
    }
}

fn walk(aut: &LiteralDfa, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let sid = aut.start();
    // Only an empty literal makes the start a match.
    if aut.is_match(sid) {
        report(aut, sid, 0, &mut hit);
    }
    walk_on(aut, hay, 0, 0, sid, &mut hit);
}

/// The walk over `hay` from `at` in state `sid`, its hits reported with
/// `offset` added to their ends.
fn walk_on(
    aut: &LiteralDfa,
    hay: &[u8],
    mut at: usize,
    offset: usize,
    mut sid: u32,
    hit: &mut impl FnMut(usize, usize, usize),
) {
    while at < hay.len() {
        at = aut.run(hay, at, &mut sid);
        if aut.is_match(sid) {
            report(aut, sid, offset + at, hit);
        }
    }
}

/// [`walk`] over the two halves of `hay` at once ([`LiteralDfa::run_two`]):
/// the stage of the line gate took about 12% less time than one walk.
/// The second half's walk starts a longest literal early, and one byte
/// more, so that it sees whole every literal that ends in its half and
/// the byte before it (the automaton checks what comes before a
/// literal), and keeps only those; its hits are reported after the first
/// half's, so the order is [`walk`]'s.
fn walk_two(aut: &LiteralDfa, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let lead = aut.longest();
    let mid = hay.len() / 2;
    let (mut a, mut b) = (aut.start(), aut.start());
    // Short texts, and an empty literal (every state a match), walk once.
    if mid < 4 * lead.max(16) || aut.is_match(a) {
        return walk(aut, hay, hit);
    }
    let (first, second) = (&hay[..mid], &hay[mid - lead..]);
    let mut later: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = 0;
    while at < mid {
        at = aut.run_two(first, second, at, &mut a, &mut b);
        if aut.is_match(a) {
            report(aut, a, at, &mut hit);
        }
        if aut.is_match(b) {
            report(aut, b, mid - lead + at, &mut |p, s, e| {
                if e > mid {
                    later.push((p, s, e));
                }
            });
        }
    }
    for (p, s, e) in later {
        hit(p, s, e);
    }
    walk_on(aut, second, mid, mid - lead, b, &mut hit);
}

/// Every literal match state `sid` holds, as ending at `end`.
#[inline]
fn report(aut: &LiteralDfa, sid: u32, end: usize, hit: &mut impl FnMut(usize, usize, usize)) {
    for &(p, len) in aut.found(sid) {
        hit(p as usize, end - len as usize, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    /// The walk reports what the aho-corasick crate's overlapping search
    /// does, in the same order: overlapping literals, literals inside
    /// others, the same literal twice, any case, non-ASCII bytes, an
    /// empty literal.
    #[test]
    fn walk_reports_the_crates_overlapping_hits() {
        let sets: [&[&str]; 4] = [
            &["g", "kg", "kilos", "los", "lala", "a", "\u{212A}g", "é"],
            &["cocaine", "coca", "caine", "in", "n"],
            &["", "ab", "b"],
            &["ab", "AB", "b", "xab"],
        ];
        let text = "3KG of COCAINE, 2 kilos; lalala \u{212A}G, éé: abab g xAB";
        for words in sets {
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(words)
                .expect("builds");
            let want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert!(want.len() > 3, "{words:?}");
            let lits = LiteralSet::build(words.iter().map(|w| w.as_bytes())).expect("builds");
            let mut got = Vec::new();
            lits.each(text.as_bytes(), |p, s, e| got.push((p, s, e)));
            assert_eq!(got, want, "{words:?}");
        }
    }

    /// The walk of two halves at once reports what one walk does, in the
    /// same order, on texts of every length around where it starts, with
    /// a long literal and overlapping ones placed across the middle.
    #[test]
    fn the_two_halves_walk_as_one() {
        let words = [
            "cocaine",
            "coca",
            "caine",
            "kg",
            "g",
            "the drugs were seized at",
            "s",
        ];
        let lits = LiteralSet::build(words.iter().map(|w| w.as_bytes())).expect("builds");
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("builds");
        let filler = "3 KG of Cocaine; the drugs were seized at dawn, coca and caine. ";
        for len in 100..700 {
            // the long literal (24 bytes) ending at every place around the
            // middle: just past it, at it, and before it
            for back in [0, 1, 5, 12, 20, 23, 24, 30] {
                let mut text: String = filler.repeat(len / filler.len() + 1)[..len].to_string();
                let at = (len / 2).saturating_sub(back);
                text.replace_range(at..at + 24, "THE DRUGS WERE SEIZED AT");
                let want: Vec<(usize, usize, usize)> = ac
                    .find_overlapping_iter(&text)
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect();
                let mut got = Vec::new();
                lits.each(text.as_bytes(), |p, s, e| got.push((p, s, e)));
                assert_eq!(got, want, "length {len}, {back} before the middle");
            }
        }
    }

    /// With leads, the second half's walk starts where the byte before
    /// a literal may be in the first half: a literal that must follow a
    /// non-word byte, placed at every place around the middle after a
    /// letter or after a space, is reported exactly where one walk (and
    /// the crate's hits filtered by the byte before) reports it.
    #[test]
    fn the_two_halves_keep_the_byte_before() {
        let words = [
            ("the drugs were seized at", Edge::NotWord),
            ("kg", Edge::NotLetter),
            ("seized", Edge::NotWord),
            ("g", Edge::Any),
        ];
        let lits =
            LiteralSet::with_leads(words.iter().map(|(w, l)| (w.as_bytes(), *l))).expect("builds");
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words.iter().map(|(w, _)| w))
            .expect("builds");
        let filler = "3 KG of Cocaine; 5kg seized at dawn, the drugs were seized at noon. ";
        for len in 100..400 {
            for back in [0, 1, 5, 22, 23, 24, 25, 30] {
                for before in ["x", " "] {
                    let mut text: String = filler.repeat(len / filler.len() + 1)[..len].to_string();
                    let at = (len / 2).saturating_sub(back).max(1);
                    text.replace_range(
                        at - 1..at + 24,
                        &format!("{before}THE DRUGS WERE SEIZED AT"),
                    );
                    let bytes = text.as_bytes();
                    let mut want: Vec<(usize, usize, usize)> = ac
                        .find_overlapping_iter(&text)
                        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                        .filter(|&(p, s, _)| s == 0 || !words[p].1.refuses(bytes[s - 1]))
                        .collect();
                    let mut got = Vec::new();
                    lits.each(bytes, |p, s, e| got.push((p, s, e)));
                    want.sort_unstable();
                    got.sort_unstable();
                    assert_eq!(
                        got, want,
                        "length {len}, {back} before the middle, after {before:?}"
                    );
                }
            }
        }
    }
}
