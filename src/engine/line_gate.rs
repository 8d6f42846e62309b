//! Which line rules can match a line, known before running them.
//!
//! Every line rule's regex used to run on every line of the page; most
//! lines are prose no rule can claim, and a regex call has a fixed cost.
//! Two exact necessary conditions, derived from each rule's pattern once
//! per rule set, skip the calls that cannot match:
//!
//! * its required literals ([`crate::rules::anchors`]: every match holds
//!   one), found for all lines in one pass over the text;
//! * for a pattern anchored at the line's start (`^`), the bytes a match
//!   can begin with: the line's first byte must be one of them; likewise
//!   at its end (`$`) for the line's last byte. A pattern anchored at both
//!   ends whose body is an alternation gets both sets per branch (one
//!   branch that ends in anything does not open the others' gate);
//! * for a pattern anchored at the line's start (end), its first (last)
//!   few bytes ([`Affixes`]): "rea(d more)", "rel(ated)" or "pub(lished)"
//!   must begin the line, not merely an `r` or a `p`; "a.m." must end it,
//!   not any full stop.
//!
//! A rule with neither runs on every line, as before. Both only ever let
//! through more than the regex would match, so no claim changes.

use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::rules::anchors::BOUNDARY;
use crate::rules::literal_scan::LiteralSet;
use crate::rules::{Kind, Rule, RuleSet};

use super::known_line_checks;

/// More line rules than bits in a mask: the gate lets every line through.
const MAX_RULES: usize = 64;

/// The conditions of every line rule of a set, in the set's order.
#[derive(Debug, Clone)]
pub struct LineGate {
    /// The line rules' indices into `RuleSet::rules`.
    rules: Vec<usize>,
    checks: Vec<Check>,
    /// One automaton over every rule's required literals (ASCII
    /// case-insensitive), and for each literal its boundary checks and rules.
    ac: Option<LiteralSet>,
    pats: Vec<Pat>,
    /// The checks again, as bits for a whole line at once ([`Self::candidates`]).
    masks: Masks,
}

/// One rule's conditions.
#[derive(Debug, Clone)]
struct Check {
    /// A required literal found in the line lets it through
    /// (the rule's bit in the line's hits).
    literal: bool,
    /// Any ASCII digit in the line lets it through (a literal "7").
    digit: bool,
    /// No required literals: every line passes that condition.
    open: bool,
    /// The line's ends must fit one of these; none: no condition.
    ends: Vec<Ends>,
    /// The line must begin (end) as one of these; `None`: no condition.
    prefixes: Option<Affixes>,
    suffixes: Option<Affixes>,
}

impl Check {
    fn affixes(&self) -> impl Iterator<Item = &Affixes> {
        self.prefixes.iter().chain(&self.suffixes)
    }
}

/// The rules' checks as bit masks over the rules (bit k: line rule k), the
/// ends as branch bits: one table look-up per end of the line.
#[derive(Debug, Clone)]
struct Masks {
    /// Rules without ends to check (or with too many branches to number).
    free: u64,
    /// Per byte, the branches whose first (`first`) or last (`last`) bytes
    /// admit it; a branch without that condition admits every byte.
    first: Box<[u64; 256]>,
    last: Box<[u64; 256]>,
    /// The rule of each branch bit.
    rule_of: Vec<u8>,
    /// Rules with no required literals; with literals; with a digit.
    open: u64,
    literal: u64,
    digit: u64,
    /// Rules with [`Affixes`] to check.
    affixed: u64,
}

impl Masks {
    fn build(checks: &[Check]) -> Masks {
        let mut m = Masks {
            free: 0,
            first: Box::new([0; 256]),
            last: Box::new([0; 256]),
            rule_of: Vec::new(),
            open: 0,
            literal: 0,
            digit: 0,
            affixed: 0,
        };
        for (k, c) in checks.iter().enumerate().take(MAX_RULES) {
            let bit = 1u64 << k;
            m.affixed |= if c.affixes().next().is_some() { bit } else { 0 };
            m.open |= if c.open { bit } else { 0 };
            m.literal |= if c.literal { bit } else { 0 };
            m.digit |= if c.digit { bit } else { 0 };
            if c.ends.is_empty() || m.rule_of.len() + c.ends.len() > 64 {
                m.free |= bit;
                continue;
            }
            for e in &c.ends {
                let b = 1u64 << m.rule_of.len();
                m.rule_of.push(k as u8);
                for x in 0..=255u8 {
                    let has = |set: &Option<[u64; 4]>| {
                        set.is_none_or(|s| s[usize::from(x >> 6)] & (1 << (x & 63)) != 0)
                    };
                    m.first[usize::from(x)] |= if has(&e.first) { b } else { 0 };
                    m.last[usize::from(x)] |= if has(&e.last) { b } else { 0 };
                }
            }
        }
        m
    }
}

/// The bytes a match (of a branch) can begin and end with, by bit, when
/// it is anchored at that end of the line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ends {
    pub(super) first: Option<[u64; 4]>,
    pub(super) last: Option<[u64; 4]>,
}

impl Ends {
    /// Whether `line` (non-empty) can be a match as far as its ends go.
    fn admit(&self, line: &[u8]) -> bool {
        let has = |set: &Option<[u64; 4]>, b: Option<&u8>| match (set, b) {
            (Some(set), Some(&b)) => holds(set, b),
            _ => true,
        };
        has(&self.first, line.first()) && has(&self.last, line.last())
    }
}

#[derive(Debug, Clone)]
struct Pat {
    /// A word boundary before (`lead`) or after (`trail`) the literal.
    lead: bool,
    trail: bool,
    bits: u64,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A non-ASCII character with no other case: a case-insensitive regex
/// reads it as itself only.
fn caseless(c: char) -> bool {
    c.is_ascii() || {
        let mut l = c.to_lowercase();
        let mut u = c.to_uppercase();
        l.next() == Some(c) && l.next().is_none() && u.next() == Some(c) && u.next().is_none()
    }
}

/// Non-ASCII characters a case-insensitive regex matches for an ASCII
/// letter (the Kelvin sign, the long s): a line with one passes every rule.
const STRANGERS: [&str; 2] = ["\u{212A}", "\u{17F}"];

impl LineGate {
    /// The gate of the line rules of `set`.
    pub fn build(set: &RuleSet) -> LineGate {
        let rules: Vec<usize> = (0..set.rules.len())
            .filter(|&i| set.rules[i].kind == Kind::Line)
            .collect();
        let mut checks = Vec::with_capacity(rules.len());
        let mut lits: Vec<(String, Pat)> = Vec::new();
        for (k, &ri) in rules.iter().enumerate() {
            let rule = &set.rules[ri];
            // The embedded rules' are known: reading them off the trees
            // was most of building the gate, a sixth of a 2 KB article's run.
            let TreeChecks {
                ends,
                prefixes,
                suffixes,
            } = known_line_checks::lookup(rule.engine_key()).unwrap_or_else(|| tree_checks(rule));
            let mut check = Check {
                literal: false,
                digit: false,
                open: true,
                ends,
                prefixes,
                suffixes,
            };
            if let Some(set) = usable_anchors(rule).filter(|_| k < MAX_RULES) {
                check.open = false;
                for lit in set {
                    let core = lit.trim_matches(BOUNDARY);
                    if core.len() == 1 && core.as_bytes()[0].is_ascii_digit() {
                        check.digit = true;
                        continue;
                    }
                    check.literal = true;
                    let pat = Pat {
                        lead: lit.starts_with(BOUNDARY),
                        trail: lit.ends_with(BOUNDARY),
                        bits: 1 << k,
                    };
                    add_literal(&mut lits, core, pat);
                }
            }
            checks.push(check);
        }
        let (ac, pats) = automaton(lits, rules.len());
        let masks = Masks::build(&checks);
        LineGate {
            rules,
            checks,
            ac,
            pats,
            masks,
        }
    }

    /// Whether this gate was built for these line rules (by index).
    pub fn fits(&self, rules: &[usize]) -> bool {
        self.rules == rules
    }

    /// For each line (a trimmed byte range of `text`, in order), the rules
    /// (by bit, in the set's order of line rules) one of whose required
    /// literals it holds.
    pub fn hits(&self, text: &str, lines: &[(usize, usize)]) -> Vec<u64> {
        let mut hits = vec![0u64; lines.len()];
        let Some(ac) = &self.ac else {
            return hits;
        };
        let bytes = text.as_bytes();
        let mut li = 0;
        ac.each(bytes, |pi, p, e| {
            if li >= lines.len() || lines[li].0 > p || lines[li].1 <= p {
                li = lines.partition_point(|l| l.1 <= p);
                if li >= lines.len() {
                    return;
                }
            }
            let (s, end) = lines[li];
            // The regex runs on the trimmed line: its ends are the text's ends.
            let pat = &self.pats[pi];
            if p < s
                || e > end
                || (pat.lead && p > s && is_word(bytes[p - 1]))
                || (pat.trail && e < end && is_word(bytes[e]))
            {
                return;
            }
            hits[li] |= pat.bits;
        });
        hits
    }

    /// The line rules (by bit, the first 64 in the set's order of line
    /// rules) that can match `line`, whose [`Self::hits`] are `hits`: those
    /// [`Self::may_match`] lets through, every check at once.
    pub fn candidates(&self, line: &str, hits: u64) -> u64 {
        let m = &self.masks;
        let b = line.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return u64::MAX;
        };
        let mut ends = m.free;
        let mut branches = m.first[usize::from(f)] & m.last[usize::from(l)];
        while branches != 0 {
            ends |= 1 << m.rule_of[branches.trailing_zeros() as usize];
            branches &= branches - 1;
        }
        let mut lit = m.open | (m.literal & hits);
        if ends & m.digit & !lit != 0 && crate::text::has_figure(b) {
            lit |= m.digit;
        }
        let mut pass = ends & lit;
        let mut check = pass & m.affixed;
        while check != 0 {
            let k = check.trailing_zeros() as usize;
            if !self.checks[k].affixes().all(|a| a.admit(b)) {
                pass &= !(1 << k);
            }
            check &= check - 1;
        }
        pass
    }

    /// Whether line rule `k` (in the set's order of line rules) can match
    /// `line`, whose [`Self::hits`] are `hits`.
    pub fn may_match(&self, k: usize, line: &str, hits: u64) -> bool {
        let Some(c) = self.checks.get(k) else {
            return true;
        };
        // Ends that found no room in the branch table are not checked.
        let ends_checked = k < MAX_RULES && self.masks.free & (1 << k) == 0;
        if ends_checked && !c.ends.iter().any(|e| e.admit(line.as_bytes())) {
            return false;
        }
        if !c.affixes().all(|a| a.admit(line.as_bytes())) {
            return false;
        }
        c.open
            || (c.literal && hits & (1 << k) != 0)
            || (c.digit && line.bytes().any(|b| b.is_ascii_digit()))
    }
}

/// What a line rule's tree tells the gate: the bytes its matches can
/// begin and end with, and their first and last few bytes.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct TreeChecks {
    pub(super) ends: Vec<Ends>,
    pub(super) prefixes: Option<Affixes>,
    pub(super) suffixes: Option<Affixes>,
}

/// The [`TreeChecks`] of a line rule, read off its tree (its lexicons and
/// pieces parsed once for all rules, and the tree kept for its regex):
/// none when it has no tree.
pub(super) fn tree_checks(rule: &Rule) -> TreeChecks {
    let Ok(tree) = rule.line_tree() else {
        return TreeChecks::default();
    };
    TreeChecks {
        ends: ends_of(&tree),
        prefixes: affixes_of(&tree, Edge::Start),
        suffixes: affixes_of(&tree, Edge::End),
    }
}

/// The rule's required literals, if the gate can look for them exactly:
/// a case-insensitive rule's literal with a non-ASCII letter that has
/// other cases would need Unicode case folding, so such a rule gets none.
fn usable_anchors(rule: &Rule) -> Option<&Vec<String>> {
    let set = rule.anchors.as_ref()?;
    let exact = |s: &String| rule.case_sensitive || s.chars().all(caseless);
    (!set.is_empty() && set.iter().all(exact)).then_some(set)
}

/// Adds a literal to the list, or its rule's bit to the same literal's
/// (with the same boundaries): rules that share literals (the stamps'
/// dates) then cost one match each, not one per rule.
fn add_literal(lits: &mut Vec<(String, Pat)>, core: &str, pat: Pat) {
    let same =
        |(s, p): &&mut (String, Pat)| s == core && p.lead == pat.lead && p.trail == pat.trail;
    match lits.iter_mut().find(same) {
        Some((_, p)) => p.bits |= pat.bits,
        None => lits.push((core.to_string(), pat)),
    }
}

/// The automaton over the literals, with the strangers standing for every
/// rule; None when there are no literals.
fn automaton(mut lits: Vec<(String, Pat)>, n: usize) -> (Option<LiteralSet>, Vec<Pat>) {
    if lits.is_empty() {
        return (None, Vec::new());
    }
    let all = if n >= MAX_RULES {
        u64::MAX
    } else {
        (1 << n) - 1
    };
    for s in STRANGERS {
        let pat = Pat {
            lead: false,
            trail: false,
            bits: all,
        };
        lits.push((s.to_string(), pat));
    }
    let ac = LiteralSet::build(lits.iter().map(|x| x.0.as_bytes()));
    match ac {
        Ok(ac) => (Some(ac), lits.into_iter().map(|x| x.1).collect()),
        // No automaton: a literal condition is never met, so say none.
        Err(_) => (None, Vec::new()),
    }
}

/// For a tree anchored at the start or the end of the line, the bytes a
/// match can begin or end with, by branch (see [`branches`]); none for
/// another.
fn ends_of(hir: &Hir) -> Vec<Ends> {
    let props = hir.properties();
    let start = props.look_set_prefix().contains(Look::Start);
    let end = props.look_set_suffix().contains(Look::End);
    if !start && !end {
        return Vec::new();
    }
    let set = |h: &[&Hir], f: fn(&[&Hir], &mut [u64; 4]) -> bool| {
        let mut set = [0u64; 4];
        f(h, &mut set);
        set
    };
    let mut out: Vec<Ends> = Vec::new();
    for seq in branches(hir) {
        let ends = Ends {
            first: start.then(|| set(&seq, |h, s| h.iter().all(|h| first_bytes(h, s)))),
            last: end.then(|| set(&seq, |h, s| h.iter().rev().all(|h| last_bytes(h, s)))),
        };
        // Branches that begin alike are checked as one (their last bytes
        // together): fewer checks per line, the same lines let through or more.
        match out.iter_mut().find(|o| o.first == ends.first) {
            Some(o) => o.last = union(o.last, ends.last),
            None => out.push(ends),
        }
    }
    out
}

/// Which end of the line an [`Affixes`] reads from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Edge {
    Start,
    End,
}

/// The ways a match of a pattern anchored at one end of the line can
/// begin (at the start) or end (at the end): each a run of byte sets, one
/// per byte from that end inward, up to [`AFFIX_BYTES`]; a line can match
/// only if it begins (ends) as one of them. Case-insensitive letters are
/// sets of both cases; a character of several bytes (the Kelvin sign for
/// `k`) ends the run at its first (last) byte.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Affixes {
    edge: Edge,
    pub(super) runs: Vec<Vec<[u64; 4]>>,
    /// Per byte, the runs (by bit) whose first set admits it: a line is
    /// held up only against the runs its end byte can start.
    by_byte: Box<[u64; 256]>,
}

/// Bytes of an affix looked at, at most. Three turn away nearly all the
/// prose lines eight do (warm prepare 46.6M instructions per 2 MB against
/// 46.8M) at a third of the cost to build.
const AFFIX_BYTES: usize = 3;
/// Affixes of a pattern, at most: more are merged into one.
pub(super) const MAX_AFFIXES: usize = 64;

impl Affixes {
    /// At most [`MAX_AFFIXES`] runs, none empty.
    pub(super) fn new(edge: Edge, runs: Vec<Vec<[u64; 4]>>) -> Affixes {
        let mut by_byte = Box::new([0u64; 256]);
        for (i, run) in runs.iter().enumerate() {
            // The bytes of the first set, bit by bit (not all 256 tried:
            // that was most of reading the known checks).
            for (w, &word) in run[0].iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    by_byte[w * 64 + bits.trailing_zeros() as usize] |= 1 << i;
                    bits &= bits - 1;
                }
            }
        }
        Affixes {
            edge,
            runs,
            by_byte,
        }
    }

    fn admit(&self, line: &[u8]) -> bool {
        let edge = match self.edge {
            Edge::Start => line.first(),
            Edge::End => line.last(),
        };
        let Some(&b) = edge else {
            return false;
        };
        let mut runs = self.by_byte[usize::from(b)];
        while runs != 0 {
            let run = &self.runs[runs.trailing_zeros() as usize];
            runs &= runs - 1;
            let fit = run.len() <= line.len()
                && match self.edge {
                    Edge::Start => run.iter().zip(line).all(|(set, &b)| holds(set, b)),
                    Edge::End => run
                        .iter()
                        .zip(line.iter().rev())
                        .all(|(set, &b)| holds(set, b)),
                };
            if fit {
                return true;
            }
        }
        false
    }
}

/// The byte sets of the affixes being read, each kept once: an affix
/// refers to its sets by number, so it is a small copy, not an allocation.
/// The single bytes are numbered by their value.
struct Sets {
    all: Vec<[u64; 4]>,
    number: HashMap<[u64; 4], u16>,
}

impl Sets {
    fn new() -> Sets {
        Sets {
            all: (0..=255u8).map(|b| byte_set(b, b)).collect(),
            number: HashMap::new(),
        }
    }

    fn id(&mut self, set: [u64; 4]) -> u16 {
        let ones: u32 = set.iter().map(|w| w.count_ones()).sum();
        if ones == 1 {
            let b = set.iter().enumerate().find(|(_, w)| **w != 0);
            if let Some((i, w)) = b {
                return (i * 64) as u16 + w.trailing_zeros() as u16;
            }
        }
        let next = self.all.len() as u16;
        let id = *self.number.entry(set).or_insert(next);
        if id == next {
            self.all.push(set);
        }
        id
    }
}

/// An affix while it is read: its byte sets (by [`Sets`] number) from the
/// edge inward, and whether it is the whole of what it stands for (so
/// what comes next may add to it). Unused places stay 0, so equal affixes
/// compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    ids: [u16; AFFIX_BYTES],
    len: u8,
    whole: bool,
}

impl Partial {
    const EMPTY: Partial = Partial {
        ids: [0; AFFIX_BYTES],
        len: 0,
        whole: true,
    };

    fn of(ids: impl IntoIterator<Item = u16>, whole: bool) -> Partial {
        let mut p = Partial {
            whole,
            ..Partial::EMPTY
        };
        for id in ids.into_iter().take(AFFIX_BYTES) {
            p.ids[usize::from(p.len)] = id;
            p.len += 1;
        }
        p
    }

    fn len(&self) -> usize {
        usize::from(self.len)
    }

    fn ids(&self) -> &[u16] {
        &self.ids[..self.len()]
    }

    /// The first `len` sets, nothing more known after them.
    fn cut(mut self, len: usize) -> Partial {
        if self.len() > len {
            self.ids[len..].fill(0);
            self.len = len as u8;
            self.whole = false;
        }
        self
    }

    /// Whether more may be added to it, of `budget` bytes at most.
    fn open(&self, budget: usize) -> bool {
        self.whole && self.len() < budget
    }
}

/// Adds `x` to `out` unless it is there.
fn push_new(out: &mut Vec<Partial>, x: Partial) {
    if !out.contains(&x) {
        out.push(x);
    }
}

/// The [`Affixes`] at `edge` of a rule's tree anchored there; `None` for
/// another, or when every line could begin (end) a match.
fn affixes_of(hir: &Hir, edge: Edge) -> Option<Affixes> {
    let props = hir.properties();
    let anchored = match edge {
        Edge::Start => props.look_set_prefix().contains(Look::Start),
        Edge::End => props.look_set_suffix().contains(Look::End),
    };
    if !anchored {
        return None;
    }
    let mut sets = Sets::new();
    let mut runs: Vec<Vec<[u64; 4]>> = Vec::new();
    for p in affixes(hir, edge, AFFIX_BYTES, &mut sets) {
        if p.len == 0 {
            return None;
        }
        let run: Vec<[u64; 4]> = p.ids().iter().map(|&i| sets.all[usize::from(i)]).collect();
        if !runs.contains(&run) {
            runs.push(run);
        }
    }
    (runs.len() <= MAX_AFFIXES).then(|| Affixes::new(edge, runs))
}

/// How a match of `hir` can begin (or end, at [`Edge::End`]), as
/// [`Partial`]s of at most `budget` bytes (what the caller can still add);
/// more than [`MAX_AFFIXES`] ways [`merged`].
fn affixes(hir: &Hir, edge: Edge, budget: usize, sets: &mut Sets) -> Vec<Partial> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![Partial::EMPTY],
        HirKind::Literal(l) => {
            let whole = l.0.len() <= budget;
            let bytes = l.0.iter().map(|&b| u16::from(b));
            let p = match edge {
                Edge::Start => Partial::of(bytes.take(budget), whole),
                Edge::End => Partial::of(bytes.rev().take(budget), whole),
            };
            vec![p]
        }
        HirKind::Class(Class::Unicode(u)) => {
            // Its ASCII characters are one byte each, and what follows
            // may add to them; a longer character's run ends at the byte
            // next to the edge: its lead byte, or a continuation byte.
            let mut ascii = [0u64; 4];
            let mut other = [0u64; 4];
            let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            for r in u.iter() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                if lo < 0x80 {
                    add(&mut ascii, lo as u8, hi.min(0x7F) as u8);
                }
                if hi >= 0x80 {
                    match edge {
                        Edge::Start => {
                            add(&mut other, lead(r.start().max('\u{80}')), lead(r.end()))
                        }
                        Edge::End => add(&mut other, 0x80, 0xBF),
                    }
                }
            }
            let mut out = Vec::new();
            if ascii != [0; 4] {
                out.push(Partial::of([sets.id(ascii)], true));
            }
            if other != [0; 4] {
                out.push(Partial::of([sets.id(other)], false));
            }
            out
        }
        HirKind::Class(Class::Bytes(_)) => {
            let mut set = [0u64; 4];
            match edge {
                Edge::Start => first_bytes(hir, &mut set),
                Edge::End => last_bytes(hir, &mut set),
            };
            vec![Partial::of([sets.id(set)], true)]
        }
        HirKind::Capture(c) => affixes(&c.sub, edge, budget, sets),
        HirKind::Repetition(r) => {
            let x = affixes(&r.sub, edge, budget, sets);
            let mut out = Vec::new();
            if r.min == 0 {
                out.push(Partial::EMPTY);
            }
            if r.max == Some(0) {
                return out;
            }
            if r.min <= 1 {
                for &p in &x {
                    push_new(&mut out, p);
                }
            }
            if r.max.is_none_or(|m| m >= 2) {
                // Twice, and what more may follow is not known.
                for p in then(x.clone(), &x, budget, sets) {
                    push_new(&mut out, Partial { whole: false, ..p });
                }
            }
            capped(out, sets)
        }
        HirKind::Alternation(alts) => {
            let mut out: Vec<Partial> = Vec::new();
            for a in alts {
                for x in affixes(a, edge, budget, sets) {
                    push_new(&mut out, x);
                }
                if out.len() > 4 * MAX_AFFIXES {
                    out = merged(&out, sets);
                }
            }
            capped(out, sets)
        }
        HirKind::Concat(subs) => {
            let mut acc: Vec<Partial> = vec![Partial::EMPTY];
            let mut subs: Box<dyn Iterator<Item = &Hir>> = match edge {
                Edge::Start => Box::new(subs.iter()),
                Edge::End => Box::new(subs.iter().rev()),
            };
            while let Some(sub) = subs.next().filter(|_| acc.iter().any(|x| x.open(budget))) {
                // The most bytes an open affix can still take.
                let room = acc
                    .iter()
                    .filter(|x| x.open(budget))
                    .map(|x| budget - x.len());
                let next = affixes(sub, edge, room.max().unwrap_or(0), sets);
                acc = then(acc, &next, budget, sets);
            }
            acc
        }
    }
}

/// Each affix of `acc` followed by each of `next` (those nothing more may
/// be added to kept as they are), [`capped`].
fn then(acc: Vec<Partial>, next: &[Partial], budget: usize, sets: &mut Sets) -> Vec<Partial> {
    let (mut done, growing): (Vec<Partial>, Vec<Partial>) =
        acc.into_iter().partition(|x| !x.open(budget));
    for x in &mut done {
        x.whole = false;
    }
    // Far too many ways to go on: `next` merged into fewer, shorter ones
    // (at worst one, a set per byte).
    let fewer;
    let next = match (4 * MAX_AFFIXES / growing.len().max(1)).max(1) {
        limit if next.len() > limit => {
            fewer = merged_to(next, limit, sets);
            &fewer[..]
        }
        _ => next,
    };
    for p in &growing {
        for q in next {
            let room = budget - p.len();
            let mut r = *p;
            for &id in q.ids().iter().take(room) {
                r.ids[r.len()] = id;
                r.len += 1;
            }
            r.whole = q.whole && q.len() <= room;
            push_new(&mut done, r);
        }
    }
    capped(done, sets)
}

/// `out`, or more than [`MAX_AFFIXES`] of them [`merged`] into one.
fn capped(out: Vec<Partial>, sets: &mut Sets) -> Vec<Partial> {
    if out.len() > MAX_AFFIXES {
        merged(&out, sets)
    } else {
        out
    }
}

/// Too many affixes as few enough: each cut to its first bytes, as many
/// as leave at most [`MAX_AFFIXES`] different ones (a cut one says nothing
/// of what follows); failing that, one whose set at each byte is the
/// union of theirs, as far as the shortest reaches (and the empty ones).
/// Either admits every line one of them admits.
fn merged(parts: &[Partial], sets: &mut Sets) -> Vec<Partial> {
    merged_to(parts, MAX_AFFIXES, sets)
}

/// [`merged`] into at most `limit`.
fn merged_to(parts: &[Partial], limit: usize, sets: &mut Sets) -> Vec<Partial> {
    for len in (1..AFFIX_BYTES).rev() {
        let mut cut: Vec<Partial> = Vec::new();
        for p in parts {
            push_new(&mut cut, p.cut(len));
            if cut.len() > limit {
                break;
            }
        }
        if cut.len() <= limit {
            return cut;
        }
    }
    // The empty ones (a part that may be skipped, or one that says
    // nothing) are kept as they are: in the union they would leave no byte.
    let mut out: Vec<Partial> = Vec::new();
    for p in parts.iter().filter(|p| p.len == 0) {
        push_new(&mut out, *p);
    }
    let rest = || parts.iter().filter(|p| p.len > 0);
    let Some(len) = rest().map(Partial::len).min() else {
        return out;
    };
    let ids: Vec<u16> = (0..len)
        .map(|i| {
            let mut set = [0u64; 4];
            for p in rest() {
                for (w, x) in set.iter_mut().zip(sets.all[usize::from(p.ids[i])]) {
                    *w |= x;
                }
            }
            sets.id(set)
        })
        .collect();
    out.push(Partial::of(ids, false));
    out
}

fn byte_set(lo: u8, hi: u8) -> [u64; 4] {
    let mut set = [0u64; 4];
    add(&mut set, lo, hi);
    set
}

fn union(a: Option<[u64; 4]>, b: Option<[u64; 4]>) -> Option<[u64; 4]> {
    let (a, b) = (a?, b?);
    Some(std::array::from_fn(|i| a[i] | b[i]))
}

/// The ways a match of `hir` can be spelled, as sequences of pieces: for
/// a pattern anchored at both ends, `^(?:a|b)c$` is `a c` or `b c`, each of
/// which must then be the whole line by itself, so each gets its own ends
/// (a branch that ends in anything does not open the others' gate). The
/// leading alternations are opened up to [`MAX_BRANCHES`]; `hir` alone for
/// another shape.
fn branches(hir: &Hir) -> Vec<Vec<&Hir>> {
    let look = |h: &Hir, l: Look| matches!(h.kind(), HirKind::Look(x) if *x == l);
    let inner = match hir.kind() {
        HirKind::Concat(subs) if subs.len() > 2 => {
            let (s, e) = (&subs[0], &subs[subs.len() - 1]);
            (look(s, Look::Start) && look(e, Look::End)).then(|| &subs[1..subs.len() - 1])
        }
        _ => None,
    };
    let Some(inner) = inner else {
        return vec![vec![hir]];
    };
    let mut done: Vec<Vec<&Hir>> = Vec::new();
    let mut todo: Vec<Vec<&Hir>> = vec![inner.iter().collect()];
    while let Some(seq) = todo.pop() {
        let Some(&head) = seq.first() else {
            done.push(seq);
            continue;
        };
        let mut head = head;
        while let HirKind::Capture(c) = head.kind() {
            head = &c.sub;
        }
        fn open<'h>(first: &'h [Hir], rest: &[&'h Hir]) -> Vec<&'h Hir> {
            first.iter().chain(rest.iter().copied()).collect()
        }
        match head.kind() {
            HirKind::Concat(subs) => todo.push(open(subs, &seq[1..])),
            HirKind::Alternation(alts) if done.len() + todo.len() + alts.len() <= MAX_BRANCHES => {
                // Reversed so that the branches keep their order.
                todo.extend(
                    alts.iter()
                        .rev()
                        .map(|a| open(std::slice::from_ref(a), &seq[1..])),
                );
            }
            _ => done.push(seq),
        }
    }
    done
}

/// How many branches [`branches`] opens a pattern into, at most.
const MAX_BRANCHES: usize = 64;

/// Adds to `set` every byte a non-empty match of `hir` can begin with
/// (more is harmless); returns whether `hir` can match the empty string.
fn first_bytes(hir: &Hir, set: &mut [u64; 4]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(l) => match l.0.first() {
            Some(&b) => {
                add(set, b, b);
                false
            }
            None => true,
        },
        HirKind::Class(Class::Unicode(u)) => {
            // UTF-8 keeps the order of code points: a range's lead bytes
            // lie between its ends' lead bytes.
            let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            for r in u.iter() {
                add(set, lead(r.start()), lead(r.end()));
            }
            false
        }
        HirKind::Class(Class::Bytes(b)) => {
            for r in b.iter() {
                add(set, r.start(), r.end());
            }
            false
        }
        HirKind::Repetition(r) => first_bytes(&r.sub, set) || r.min == 0,
        HirKind::Capture(c) => first_bytes(&c.sub, set),
        HirKind::Concat(hs) => hs.iter().all(|h| first_bytes(h, set)),
        HirKind::Alternation(hs) => hs.iter().fold(false, |e, h| first_bytes(h, set) | e),
    }
}

/// Adds to `set` every byte a non-empty match of `hir` can end with (more
/// is harmless); returns whether `hir` can match the empty string.
fn last_bytes(hir: &Hir, set: &mut [u64; 4]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(l) => match l.0.last() {
            Some(&b) => {
                add(set, b, b);
                false
            }
            None => true,
        },
        HirKind::Class(Class::Unicode(u)) => {
            // A character of more than one byte ends in a continuation byte.
            for r in u.iter() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                if lo < 0x80 {
                    add(set, lo as u8, hi.min(0x7F) as u8);
                }
                if hi >= 0x80 {
                    add(set, 0x80, 0xBF);
                }
            }
            false
        }
        HirKind::Class(Class::Bytes(b)) => {
            for r in b.iter() {
                add(set, r.start(), r.end());
            }
            false
        }
        HirKind::Repetition(r) => last_bytes(&r.sub, set) || r.min == 0,
        HirKind::Capture(c) => last_bytes(&c.sub, set),
        HirKind::Concat(hs) => hs.iter().rev().all(|h| last_bytes(h, set)),
        HirKind::Alternation(hs) => hs.iter().fold(false, |e, h| last_bytes(h, set) | e),
    }
}

/// Whether byte `b` is in `set`.
fn holds(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

fn add(set: &mut [u64; 4], lo: u8, hi: u8) {
    for b in lo..=hi {
        set[usize::from(b >> 6)] |= 1 << (b & 63);
    }
}

#[cfg(test)]
#[path = "line_gate_tests.rs"]
mod tests;
