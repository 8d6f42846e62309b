//! The gate: one pass over the text that tells, for every sentence, which
//! "needs" classes it holds, so that a rule runs only over the sentences
//! it can match in.
//!
//! A rule's `needs` (in its TOML) lists what a sentence must contain for
//! the rule to match inside it: any one entry will do, and an entry
//! `a+b` needs both `a` and `b`. A name is a lexicon (its aliases) or one
//! of the special classes `digit` (an ASCII digit, or a vulgar fraction
//! such as "¼", which the quantity piece reads as a number) and
//! `number_word` (a number written in words: one … ninety, hundred,
//! thousand, dozen, couple, half, quarter). A rule without `needs` runs
//! everywhere.
//!
//! The gate is a superset: for every alias it looks for one literal part
//! that any match of the alias must contain (the longest part between the
//! places where the alias allows a space, hyphen, dot or apostrophe),
//! ASCII case-insensitively, with the word boundaries the alias's regex
//! itself demands at that part's ends. Characters that match an ASCII
//! letter case-insensitively (the Kelvin sign, the long s) put every class
//! into their sentence. `needs` are checked by the test suite: with and
//! without the gate the matches are the same.

use std::borrow::Cow;

use std::hash::Hasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::rules::known_gate::{self, KnownGate};
use crate::rules::lexicon::{FxHashMap, FxHasher};
use crate::rules::literal_scan::{Edge, LiteralSet};
use crate::rules::{Lexicons, Rule};
use crate::text::split::Sentence;

/// Words that start a number in words besides the cardinals
/// ([`crate::text::numbers::CARDINALS`]): the `number_word` class looks for
/// either (the first word of every number the `number_word` piece matches,
/// and a few more).
const MORE_NUMBER_WORDS: &[&str] = &["hundred", "thousand", "dozen", "couple", "half", "quarter"];

/// Every word of the `number_word` class.
fn number_words() -> impl Iterator<Item = &'static str> {
    crate::text::numbers::CARDINALS
        .iter()
        .map(|(w, _)| *w)
        .chain(MORE_NUMBER_WORDS.iter().copied())
}

/// One literal the gate looks for.
#[derive(Debug, Clone)]
struct Pat {
    /// The classes it stands for.
    bits: u64,
    /// The rules whose required literals it is one of, as bits of the
    /// masks' words: (word, bits), one entry per word (a literal such as
    /// "g" is required by dozens of rules, set in two or three words).
    rule_words: Vec<(usize, u64)>,
    /// What the byte before it must not be.
    lead: Edge,
    /// What the byte after it must not be.
    trail: Edge,
}

/// [`Edge::NotWord`] for a literal that starts (or ends) at a word
/// boundary.
fn boundary(word_boundary: bool) -> Edge {
    if word_boundary {
        Edge::NotWord
    } else {
        Edge::Any
    }
}

/// What each sentence holds: the `needs` classes, and whether one of each
/// rule's required literals (see [`crate::rules::anchors`]) is in it.
#[derive(Debug, Clone, Default)]
pub struct Masks {
    classes: Vec<u64>,
    /// `words` u64s per sentence, bit `ri` for rule `ri`.
    rules: Vec<u64>,
    words: usize,
    /// Per rule, the sentences it can match in: `stride` u64s, bit `si`
    /// for sentence `si` (so a rule's scan skips 64 sentences a word).
    pass: Vec<u64>,
    stride: usize,
}

impl Masks {
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    fn rule(&self, si: usize, ri: usize) -> bool {
        self.rules[si * self.words + ri / 64] & (1 << (ri % 64)) != 0
    }

    /// The runs of consecutive sentences rule `ri` can match in, as
    /// (first, last) sentence indexes, in order.
    pub fn runs(&self, ri: usize) -> Runs<'_> {
        Runs {
            bits: self.row(ri),
            at: 0,
            n: self.classes.len(),
        }
    }

    fn row(&self, ri: usize) -> &[u64] {
        &self.pass[ri * self.stride..(ri + 1) * self.stride]
    }

    /// Whether rule `ri` can match in any sentence.
    pub fn has_runs(&self, ri: usize) -> bool {
        self.row(ri).iter().any(|&w| w != 0)
    }

    /// How many sentences rule `ri` can match in.
    pub fn sentences_of(&self, ri: usize) -> usize {
        self.row(ri).iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many sentences any of `rules` can match in.
    pub fn sentences_of_any(&self, rules: &[usize]) -> usize {
        (0..self.stride)
            .map(|k| {
                let any = rules.iter().fold(0, |a, &ri| a | self.row(ri)[k]);
                any.count_ones() as usize
            })
            .sum()
    }

    /// The runs of consecutive sentences any of `rules` can match in:
    /// each rule's runs lie inside them.
    pub fn runs_of_any(&self, rules: &[usize]) -> Vec<(usize, usize)> {
        let mut any = vec![0u64; self.stride];
        for &ri in rules {
            for (a, b) in any.iter_mut().zip(self.row(ri)) {
                *a |= b;
            }
        }
        Runs {
            bits: &any,
            at: 0,
            n: self.classes.len(),
        }
        .collect()
    }

    /// Takes sentences `first..=last` from those rule `ri` can match in.
    pub fn drop_sentences(&mut self, ri: usize, first: usize, last: usize) {
        for si in first..=last {
            self.pass[ri * self.stride + si / 64] &= !(1 << (si % 64));
        }
    }
}

/// The runs of set bits of a rule's sentence bitset (see [`Masks::runs`]).
pub struct Runs<'m> {
    bits: &'m [u64],
    at: usize,
    n: usize,
}

impl Runs<'_> {
    /// The first set (or, with `set` false, clear) bit at or after `from`.
    fn next_bit(&self, from: usize, set: bool) -> usize {
        let mut k = from / 64;
        if k >= self.bits.len() {
            return self.n;
        }
        let flip = if set { 0 } else { u64::MAX };
        let mut w = (self.bits[k] ^ flip) & (u64::MAX << (from % 64));
        loop {
            if w != 0 {
                return (k * 64 + w.trailing_zeros() as usize).min(self.n);
            }
            k += 1;
            if k >= self.bits.len() {
                return self.n;
            }
            w = self.bits[k] ^ flip;
        }
    }
}

impl Iterator for Runs<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let i = self.next_bit(self.at, true);
        if i >= self.n {
            return None;
        }
        let end = self.next_bit(i, false);
        self.at = end;
        Some((i, end - 1))
    }
}

/// One rule's part of the gate.
pub struct RuleGate<'g> {
    ri: usize,
    /// The slots of its further required sets: one literal of each too.
    more: &'g [usize],
    /// Its `needs` masks (empty: none).
    hand: &'g [u64],
}

impl RuleGate<'_> {
    /// Whether the rule can match inside sentence `si`.
    pub fn pass(&self, masks: &Masks, si: usize) -> bool {
        let c = masks.classes[si];
        (self.hand.is_empty() || self.hand.iter().any(|&n| n & !c == 0))
            && masks.rule(si, self.ri)
            && self.more.iter().all(|&k| masks.rule(si, k))
    }
}

/// The compiled gate of a rule set.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The automaton over every literal, quick to build ([`Scan`]).
    ac: Option<Scan>,
    pats: Vec<Pat>,
    /// The bit of `digit` (0 when no rule needs it).
    digit: u64,
    /// Classes the gate cannot look for: every sentence holds them.
    always: u64,
    /// Class names, by bit.
    classes: Vec<String>,
    /// Per rule: its id and the masks of which one must be held (empty: no gate).
    needs: Vec<(String, Vec<u64>)>,
    /// u64s per sentence in a rule mask: a bit per rule, then one per
    /// further required set of a rule.
    words: usize,
    /// Per rule, the bits of its further required sets
    /// ([`crate::rules::anchors::required_sets`]).
    more: Vec<Vec<usize>>,
    /// The rules a sentence with an ASCII digit may match (one of their
    /// required literals is a digit).
    digit_rules: Vec<u64>,
    /// The rules and further sets without required literals the gate
    /// looks for (see [`is_common_letter`]): set in every sentence.
    open_rules: Vec<u64>,
    /// Off: every rule runs over the whole text (also with `BLOTTER_NO_GATE=1`).
    pub enabled: bool,
    /// Which rules' `needs` each class mask meets, as worked out so far
    /// ([`Gate::transpose`]).
    met: MetCache,
    /// Built from the rules' literals now, not from the automata known
    /// for the built-in rules: a user's folder, or edited built-in rules.
    pub fresh: bool,
}

/// Class mask -> the rules whose `needs` it meets, kept from article to
/// article: few distinct masks occur, and working them out again for each
/// article was half of the gate's transpose. A clone starts empty.
#[derive(Debug, Default)]
struct MetCache(Mutex<FxHashMap<u64, Vec<u64>>>);

impl Clone for MetCache {
    fn clone(&self) -> MetCache {
        MetCache::default()
    }
}

/// Distinct class masks kept at most (a text made to hold every class
/// combination would otherwise grow the cache without end).
const MET_KEPT: usize = 4096;

/// A non-ASCII character the case-insensitive regex treats as itself only.
fn caseless(c: char) -> bool {
    let mut l = c.to_lowercase();
    let mut u = c.to_uppercase();
    l.next() == Some(c) && l.next().is_none() && u.next() == Some(c) && u.next().is_none()
}

/// A one-letter literal ("g" of "drug" for the unit `g`, which may follow
/// digits; "n" of a word starting with n for the naira's letter sign):
/// nearly every sentence holds one, and the scan would stop at each, so
/// what it stands for is taken as held everywhere.
fn is_common_letter(lit: &str) -> bool {
    lit.len() == 1 && lit.as_bytes()[0].is_ascii_alphabetic()
}

/// The literal part of an alias the gate looks for, with its boundary
/// checks; None when the alias has no part the gate can look for.
fn alias_token(alias: &str, lead: bool, trail: bool) -> Option<(String, bool, bool)> {
    let t = alias.trim();
    let sep = |c: char| c.is_whitespace() || matches!(c, '-' | '.' | '\'' | '\u{2019}');
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let lead_b = lead && word(t.chars().next());
    let trail_b = trail && word(t.chars().last());
    let mut best: Option<(usize, &str, bool, bool)> = None;
    let mut pos = 0;
    for part in t.split(sep) {
        let start = pos;
        pos += part.len() + 1;
        if part.is_empty() || !part.chars().all(|c| c.is_ascii() || caseless(c)) {
            continue;
        }
        let l = start == 0 && lead_b;
        let r = start + part.len() == t.len() && trail_b;
        let symbol = part.chars().any(|c| !c.is_alphanumeric());
        // A lone letter is the last choice: the gate takes it as held
        // everywhere ([`is_common_letter`]). "K-2" tied its "K" with its
        // "2" and the first won, so the whole drug lexicon was held in
        // every sentence.
        let score = if is_common_letter(part) {
            0
        } else {
            part.chars().count() * 4
                + 3 * usize::from(l)
                + 3 * usize::from(r)
                + 8 * usize::from(symbol)
        };
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, part, l, r));
        }
    }
    // Lowercased once, the best part only.
    best.map(|(_, p, l, r)| (p.to_ascii_lowercase(), l, r))
}

/// The suffix of a strict class: a lexicon that follows digits
/// (`after_digits`), its aliases counted only where no letter comes before
/// them. A rule's `needs` take it for a lexicon its pattern never puts a
/// letter before ([`Rule::letter_free`], [`super::preceding`]).
const STRICT: &str = "!";

/// The suffix of a class strict after: a lexicon that digits may follow
/// (`before_digits`, so no word boundary after it), its aliases counted
/// only where no letter follows them, for rules that never put one there
/// ([`Rule::letter_free_after`]): the pesos' `P` of "P680,000", not the
/// "p" of "police".
const STRICT_AFTER: &str = ">";

/// `name` without `suffix`, and whether it had it.
fn strip<'n>(name: &'n str, suffix: &str) -> (&'n str, bool) {
    match name.strip_suffix(suffix) {
        Some(n) => (n, true),
        None => (name, false),
    }
}

/// The classes the rules' `needs` name (by bit), and per rule its id and
/// the masks of which one a sentence must hold.
type NeedsMasks = (Vec<String>, Vec<(String, Vec<u64>)>);

fn needs_masks(rules: &[Rule], lexicons: &Lexicons) -> Result<NeedsMasks, (usize, String)> {
    let mut classes: Vec<String> = Vec::new();
    let mut needs = Vec::with_capacity(rules.len());
    for (ri, rule) in rules.iter().enumerate() {
        let mut alts = Vec::new();
        for entry in &rule.needs {
            let mut mask = 0u64;
            for name in entry.split('+').map(str::trim) {
                let lex = lexicons.get(name);
                let before = lex.is_some_and(|l| l.after_digits)
                    && rule.letter_free.iter().any(|n| n == name);
                let after = lex.is_some_and(|l| l.before_digits)
                    && rule.letter_free_after.iter().any(|n| n == name);
                let strict = before || after;
                let n = format!(
                    "{name}{}{}",
                    if before { STRICT } else { "" },
                    if after { STRICT_AFTER } else { "" }
                );
                let bit = match classes.iter().position(|c| *c == n) {
                    Some(b) if strict => b,
                    None if strict && classes.len() < 64 => {
                        classes.push(n);
                        classes.len() - 1
                    }
                    _ => class_bit(&mut classes, name, lexicons).map_err(|m| (ri, m))?,
                };
                mask |= 1 << bit;
            }
            alts.push(mask);
        }
        needs.push((rule.id.clone(), alts));
    }
    Ok((classes, needs))
}

/// The bit of a `needs` class, added if new; an error for a name that is
/// no class, or a 65th class.
fn class_bit(classes: &mut Vec<String>, name: &str, lexicons: &Lexicons) -> Result<usize, String> {
    if name != "digit" && name != "number_word" && !lexicons.contains_key(name) {
        let mut known: Vec<&str> = lexicons.keys().map(String::as_str).collect();
        known.sort();
        return Err(format!(
            "`needs` names `{name}`, which is neither a lexicon nor `digit` or `number_word` (lexicons: {})",
            known.join(", ")
        ));
    }
    if let Some(b) = classes.iter().position(|c| c == name) {
        return Ok(b);
    }
    if classes.len() == 64 {
        return Err("`needs` name more than 64 different classes across the rules".into());
    }
    classes.push(name.to_string());
    Ok(classes.len() - 1)
}

/// The slots of the rules' further required sets (a bit per rule first,
/// then one per set), and the number of slots.
fn slots(rules: &[Rule]) -> (Vec<Vec<usize>>, usize) {
    let mut next = rules.len();
    let more = rules
        .iter()
        .map(|r| {
            let slots = (next..next + r.more_anchors.len()).collect();
            next += r.more_anchors.len();
            slots
        })
        .collect();
    (more, next)
}

/// The key and the gate literals of these rules, worked out afresh (for
/// the test of [`known_gate`]'s file).
#[cfg(test)]
pub(super) fn fresh_literals(rules: &[Rule], lexicons: &Lexicons) -> (u64, KnownGate) {
    let (classes, _) = needs_masks(rules, lexicons).expect("the rules' needs compile");
    let (more, next) = slots(rules);
    let words = next.div_ceil(64).max(1);
    let key = literals_key(&classes, lexicons, rules);
    (key, literals(&classes, lexicons, rules, &more, words))
}

/// The literals the gate looks for and what the required literals make of
/// the rules' slots, worked out from the classes, their lexicons and the
/// rules (what [`known_gate`] keeps for the embedded rules).
fn literals(
    classes: &[String],
    lexicons: &Lexicons,
    rules: &[Rule],
    more: &[Vec<usize>],
    words: usize,
) -> KnownGate {
    let mut lits = Literals::default();
    let (digit, always) = lits.add_classes(classes, lexicons);
    let (digit_rules, open_rules) = lits.add_anchors(rules, more, words);
    KnownGate {
        lits: lits.lits,
        digit,
        always,
        digit_rules,
        open_rules,
    }
}

/// The key of everything [`literals`] reads: the classes, the aliases (as
/// written, in order) and boundaries of their lexicons, and the rules'
/// required literals.
fn literals_key(classes: &[String], lexicons: &Lexicons, rules: &[Rule]) -> u64 {
    let mut key = known_gate::Key::default();
    for name in classes {
        key.text(name);
        let lexicon = lexicons.get(strip(strip(name, STRICT_AFTER).0, STRICT).0);
        if let Some(lex) = lexicon.filter(|_| name != "digit" && name != "number_word") {
            key.number(u64::from(lex.after_digits) | u64::from(lex.before_digits) << 1);
            for (_, aliases) in &lex.entries {
                key.number(aliases.len() as u64);
                aliases.iter().for_each(|a| key.text(a));
            }
        }
    }
    key.number(rules.len() as u64);
    for r in rules {
        let sets = r.anchors.iter().chain(&r.more_anchors);
        key.number(u64::from(r.anchors.is_some()) | (r.more_anchors.len() as u64) << 1);
        for set in sets {
            key.number(set.len() as u64);
            set.iter().for_each(|l| key.text(l));
        }
    }
    key.finish()
}

/// The literals the gate looks for, each with its boundary checks, the
/// classes it stands for and the rules it is a required literal of.
#[derive(Default)]
struct Literals {
    lits: Vec<known_gate::Literal>,
    /// The first entry of each hash of a literal's text; a literal seen
    /// before (most of the thousands of aliases added at every start) is
    /// found there and not copied. The text is kept once, in `lits`: a
    /// map keyed by a copy of it was a copy and a vector per literal.
    index: FxHashMap<u64, usize>,
    /// The next entry of the same hash, after each entry.
    next: Vec<Option<usize>>,
}

impl Literals {
    fn add(&mut self, lit: Cow<'_, str>, l: Edge, r: Edge, bit: u64, rule: Option<usize>) {
        let h = {
            let mut f = FxHasher::default();
            f.write(lit.as_bytes());
            f.finish()
        };
        let mut at = self.index.get(&h).copied();
        while let Some(i) = at {
            let e = &self.lits[i];
            if (e.1, e.2) == (l, r) && e.0 == *lit {
                break;
            }
            at = self.next[i];
        }
        let i = at.unwrap_or_else(|| {
            let i = self.lits.len();
            self.lits.push((lit.into_owned(), l, r, 0, Vec::new()));
            self.next.push(self.index.insert(h, i));
            i
        });
        let lits = &mut self.lits;
        lits[i].3 |= bit;
        if let Some(ri) = rule {
            lits[i].4.push(ri);
        }
    }

    /// The literals of every class; returns the bit of `digit` and the
    /// classes the gate cannot look for (every sentence holds them).
    fn add_classes(&mut self, classes: &[String], lexicons: &Lexicons) -> (u64, u64) {
        let (mut digit, mut always) = (0, 0);
        for (b, name) in classes.iter().enumerate() {
            let bit = 1u64 << b;
            match name.as_str() {
                "digit" => digit = bit,
                "number_word" => {
                    for w in number_words() {
                        self.add(Cow::Borrowed(w), Edge::NotWord, Edge::Any, bit, None);
                    }
                }
                name => {
                    // A strict class ([`STRICT`], [`STRICT_AFTER`]): the
                    // lexicon's aliases with no letter before them, or
                    // after them.
                    let (name, after) = strip(name, STRICT_AFTER);
                    let (name, before) = strip(name, STRICT);
                    let lex = &lexicons[name];
                    for (_, aliases) in &lex.entries {
                        for a in aliases {
                            let lead = !lex.after_digits || before;
                            let trail = !lex.before_digits || after;
                            let Some((lit, l, r)) = alias_token(a, lead, trail) else {
                                always |= bit;
                                continue;
                            };
                            let strict_lead = before && l;
                            let strict_trail = after && r;
                            if is_common_letter(&lit) && !strict_lead && !strict_trail {
                                always |= bit;
                                continue;
                            }
                            let side = |strict: bool, word: bool| match strict {
                                true => Edge::NotLetter,
                                false => boundary(word),
                            };
                            let (l, r) = (side(strict_lead, l), side(strict_trail, r));
                            self.add(Cow::Owned(lit), l, r, bit, None);
                        }
                    }
                }
            }
        }
        (digit, always)
    }

    /// The rules' required literals ([`crate::rules::anchors`]); returns
    /// the rules a digit anywhere lets through, and the rules and further
    /// sets let through everywhere (no required literals, or a one-letter
    /// one), as bitsets of slots.
    fn add_anchors(
        &mut self,
        rules: &[Rule],
        more: &[Vec<usize>],
        words: usize,
    ) -> (Vec<u64>, Vec<u64>) {
        let b = crate::rules::anchors::BOUNDARY;
        let mut digit_rules = vec![0u64; words];
        let mut open = vec![0u64; words];
        let mut set_open = |slot: usize| open[slot / 64] |= 1 << (slot % 64);
        for (rule, slots) in rules.iter().zip(more) {
            for (set, &slot) in rule.more_anchors.iter().zip(slots) {
                if set.iter().any(|l| is_common_letter(l.trim_matches(b))) {
                    set_open(slot);
                    continue;
                }
                for lit in set {
                    let (l, r) = (lit.starts_with(b), lit.ends_with(b));
                    self.add(
                        Cow::Borrowed(lit.trim_matches(b)),
                        boundary(l),
                        boundary(r),
                        0,
                        Some(slot),
                    );
                }
            }
        }
        for (ri, rule) in rules.iter().enumerate() {
            let Some(set) = &rule.anchors else {
                set_open(ri);
                continue;
            };
            if set.iter().any(|l| is_common_letter(l.trim_matches(b))) {
                set_open(ri);
                continue;
            }
            for lit in set {
                let core = lit.trim_matches(b);
                if core.len() == 1 && core.as_bytes()[0].is_ascii_digit() {
                    digit_rules[ri / 64] |= 1 << (ri % 64);
                } else {
                    let (l, r) = (lit.starts_with(b), lit.ends_with(b));
                    self.add(Cow::Borrowed(core), boundary(l), boundary(r), 0, Some(ri));
                }
            }
        }
        (digit_rules, open)
    }

    /// One automaton over every literal (ASCII case-insensitive), and what
    /// each stands for. Characters a case-insensitive regex reads as an
    /// ASCII letter put every class and rule into their sentence.
    fn compile(mut self, all: u64, n_slots: usize) -> (Option<Scan>, Vec<Pat>) {
        if self.lits.is_empty() {
            return (None, Vec::new());
        }
        // The non-ASCII characters a case-insensitive regex matches for an
        // ASCII letter (the Kelvin sign, the long s).
        for c in crate::rules::fold::STRANGERS {
            self.lits.push((
                c.to_string(),
                Edge::Any,
                Edge::Any,
                all,
                (0..n_slots).collect(),
            ));
        }
        // The texts move to the search, the rest to the patterns.
        let (words, pats): (Vec<String>, Vec<Pat>) = self
            .lits
            .into_iter()
            .map(|(word, lead, trail, bits, rules)| {
                let mut rule_words: Vec<(usize, u64)> = Vec::new();
                for ri in rules {
                    let (k, bit) = (ri / 64, 1u64 << (ri % 64));
                    match rule_words.iter_mut().find(|(w, _)| *w == k) {
                        Some((_, bits)) => *bits |= bit,
                        None => rule_words.push((k, bit)),
                    }
                }
                let pat = Pat {
                    bits,
                    rule_words,
                    lead,
                    trail,
                };
                (word, pat)
            })
            .unzip();
        let leads: Arc<[Edge]> = pats.iter().map(|p| p.lead).collect();
        (Some(Scan::new(Arc::from(words), leads)), pats)
    }
}

/// The gate's search for its literals. A short input (a sentence on
/// stdin) looks them up by their first bytes ([`PairIndex`]), with next to
/// nothing to build: the automaton took 9.5M of a one-sentence run's 193M
/// instructions. Past [`DIRECT_UP_TO`] bytes searched that way it builds its automaton
/// ([`LiteralSet`], about 2 ms). Both find the same hits: every
/// occurrence of every literal, ASCII case-insensitively.
#[derive(Debug, Clone)]
struct Scan {
    words: Arc<[String]>,
    /// What may come before each literal: the automaton checks it.
    leads: Arc<[Edge]>,
    /// The literals with their ASCII letters lowercased, for the search
    /// without the automaton.
    lower: Arc<[Vec<u8>]>,
    automaton: Arc<OnceLock<Option<LiteralSet>>>,
    /// The literals by their first bytes, for the search without the
    /// automaton, made at its first use.
    pairs: Arc<OnceLock<PairIndex>>,
    /// Bytes searched without the automaton so far.
    direct: Arc<AtomicUsize>,
}

/// The gate's literals by their first two bytes (ASCII letters
/// lowercased): a pass over a text looks each pair of bytes up, and
/// compares only the literals that begin with it. It replaced a search of
/// the whole text for each literal in turn (over a thousand `memmem`
/// searches, each with its own set-up), which was 2M instructions of a
/// 2 KB article's run.
#[derive(Debug, Default)]
struct PairIndex {
    /// Literals of no bytes.
    empty: Vec<u32>,
    /// Literals of one byte, by that byte (256 lists).
    singles: Vec<Vec<u32>>,
    /// One bit per pair of bytes: whether a literal begins with it.
    seen: Vec<u64>,
    /// The longer literals by the pair they begin with (first byte high).
    by_pair: FxHashMap<u16, Vec<u32>>,
}

impl PairIndex {
    fn new(lower: &[Vec<u8>]) -> PairIndex {
        let mut ix = PairIndex {
            singles: vec![Vec::new(); 256],
            seen: vec![0; (1 << 16) / 64],
            ..PairIndex::default()
        };
        for (p, w) in lower.iter().enumerate() {
            let p = u32::try_from(p).expect("fewer than 4 billion literals");
            match w.as_slice() {
                [] => ix.empty.push(p),
                [b] => ix.singles[usize::from(*b)].push(p),
                [a, b, ..] => {
                    let pair = u16::from(*a) << 8 | u16::from(*b);
                    ix.seen[usize::from(pair / 64)] |= 1 << (pair % 64);
                    ix.by_pair.entry(pair).or_default().push(p);
                }
            }
        }
        ix
    }
}

/// Bytes the gate searches without its automaton before it builds it:
/// about where the direct search ([`PairIndex`]) passes the automaton's
/// build (8.6M instructions; a batch of 60 KB ran 1% faster with it, one
/// of 32 KB 1% slower).
const DIRECT_UP_TO: usize = 16 << 10;

impl Scan {
    fn new(words: Arc<[String]>, leads: Arc<[Edge]>) -> Scan {
        let lower = words
            .iter()
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect();
        Scan {
            words,
            leads,
            lower,
            automaton: Arc::default(),
            pairs: Arc::default(),
            direct: Arc::default(),
        }
    }

    /// The automaton, built at the first call; `None` if it does not
    /// build (then every search is direct).
    fn automaton(&self) -> Option<&LiteralSet> {
        self.automaton
            .get_or_init(|| {
                let words = self.words.iter().map(|w| w.as_bytes());
                LiteralSet::with_leads(words.zip(self.leads.iter().copied())).ok()
            })
            .as_ref()
    }

    /// Every hit in `text` as (literal, start, end), in any order: each
    /// occurrence of a literal, unless the byte before refuses it
    /// ([`Edge`]).
    fn hits(&self, text: &str, hit: impl FnMut(usize, usize, usize)) {
        let direct = self.automaton.get().is_none()
            && self.direct.fetch_add(text.len(), Ordering::Relaxed) + text.len() <= DIRECT_UP_TO;
        match if direct { None } else { self.automaton() } {
            Some(ac) => ac.each(text.as_bytes(), hit),
            None => self.direct_hits(text, hit),
        }
    }

    /// [`Self::hits`] without the automaton: every occurrence, overlapping
    /// ones too, that the byte before does not refuse, as the automaton
    /// reports them.
    fn direct_hits(&self, text: &str, mut hit: impl FnMut(usize, usize, usize)) {
        let lower = text.as_bytes().to_ascii_lowercase();
        let ix = self.pairs.get_or_init(|| PairIndex::new(&self.lower));
        let led =
            |p: u32, start: usize| start == 0 || !self.leads[p as usize].refuses(lower[start - 1]);
        for &p in &ix.empty {
            for at in (0..=lower.len()).filter(|&at| led(p, at)) {
                hit(p as usize, at, at);
            }
        }
        for (at, &a) in lower.iter().enumerate() {
            for &p in &ix.singles[usize::from(a)] {
                if led(p, at) {
                    hit(p as usize, at, at + 1);
                }
            }
            let Some(&b) = lower.get(at + 1) else {
                continue;
            };
            let pair = u16::from(a) << 8 | u16::from(b);
            if ix.seen[usize::from(pair / 64)] & (1 << (pair % 64)) == 0 {
                continue;
            }
            for &p in ix.by_pair.get(&pair).map_or(&[][..], Vec::as_slice) {
                let needle = &self.lower[p as usize];
                if lower[at..].starts_with(needle) && led(p, at) {
                    hit(p as usize, at, at + needle.len());
                }
            }
        }
    }
}

impl Gate {
    /// Builds the automaton now, for a batch or a long run: its
    /// literal-by-literal start would only delay the build.
    pub fn build_scan(&self) {
        if let Some(scan) = &self.ac {
            scan.automaton();
        }
    }

    /// Compiles the rules' `needs`. An error names the rule (by index).
    pub fn build(rules: &[Rule], lexicons: &Lexicons) -> Result<Gate, (usize, String)> {
        let (classes, needs) = needs_masks(rules, lexicons)?;
        let (more, next) = slots(rules);
        let words = next.div_ceil(64).max(1);
        let key = literals_key(&classes, lexicons, rules);
        let looked_up = known_gate::lookup(key);
        let fresh = looked_up.is_none();
        let known = looked_up.unwrap_or_else(|| literals(&classes, lexicons, rules, &more, words));
        let all = if classes.len() == 64 {
            u64::MAX
        } else {
            (1u64 << classes.len()) - 1
        };
        let lits = Literals {
            lits: known.lits,
            ..Literals::default()
        };
        let (ac, pats) = lits.compile(all, next);
        Ok(Gate {
            ac,
            pats,
            digit: known.digit,
            always: known.always,
            classes,
            needs,
            words,
            more,
            digit_rules: known.digit_rules,
            open_rules: known.open_rules,
            enabled: !std::env::var("BLOTTER_NO_GATE").is_ok_and(|v| !v.is_empty() && v != "0"),
            met: MetCache::default(),
            fresh,
        })
    }

    /// Aliases of the lexicons the rules' `needs` name that the gate cannot
    /// look for (no part in ASCII or in letters without a case pair:
    /// "złoty"; or only one letter, "X", in a lexicon that does not follow
    /// digits, whose rules' strict class would see it): each makes its
    /// lexicon held in every sentence, so every rule that needs it
    /// searches the whole text. As (lexicon, alias).
    pub fn blind_aliases(&self, lexicons: &Lexicons) -> Vec<(String, String)> {
        let mut blind = Vec::new();
        for name in &self.classes {
            let lexicon = strip(strip(name, STRICT_AFTER).0, STRICT).0;
            let Some(lex) = lexicons.get(lexicon) else {
                continue;
            };
            for (_, aliases) in &lex.entries {
                for a in aliases {
                    let blind_part = match alias_token(a, true, true) {
                        None => true,
                        Some((lit, ..)) => {
                            is_common_letter(&lit) && !lex.after_digits && !lex.before_digits
                        }
                    };
                    if blind_part {
                        blind.push((lexicon.to_string(), a.clone()));
                    }
                }
            }
        }
        blind.sort();
        blind.dedup();
        blind
    }

    /// The `needs` masks of rule `ri` (with this id), one of which a
    /// sentence must hold; None when it has none.
    fn hand(&self, ri: usize, id: &str) -> Option<&[u64]> {
        match self.needs.get(ri) {
            Some((i, alts)) if i == id && !alts.is_empty() => Some(alts),
            _ => None,
        }
    }

    /// Whether rule `ri` (with this id) runs only over some sentences.
    pub fn gated(&self, ri: usize, id: &str) -> bool {
        self.enabled
            && self.needs.get(ri).is_some_and(|(i, _)| i == id)
            && (self.hand(ri, id).is_some() || self.open_rules[ri / 64] & (1 << (ri % 64)) == 0)
    }

    /// What rule `ri` needs, looked up once for a scan over many sentences.
    pub fn rule(&self, ri: usize, id: &str) -> RuleGate<'_> {
        let hand = self.hand(ri, id).unwrap_or(&[]);
        RuleGate {
            ri,
            more: self.more.get(ri).map_or(&[], Vec::as_slice),
            hand,
        }
    }

    /// The class names, by bit.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The classes the gate cannot look for, so holds in every sentence.
    pub fn held_everywhere(&self) -> Vec<&str> {
        (0..self.classes.len())
            .filter(|&b| self.always & (1 << b) != 0)
            .map(|b| self.classes[b].as_str())
            .collect()
    }

    /// For every sentence, the classes and rules' required literals it holds.
    pub fn masks(&self, text: &str, sentences: &[Sentence]) -> Masks {
        let w = self.words;
        let mut masks = Masks {
            classes: vec![self.always; sentences.len()],
            rules: Vec::with_capacity(sentences.len() * w),
            words: w,
            pass: Vec::new(),
            stride: sentences.len().div_ceil(64),
        };
        for _ in sentences {
            masks.rules.extend_from_slice(&self.open_rules);
        }
        let bytes = text.as_bytes();
        for (si, s) in sentences.iter().enumerate() {
            if crate::text::has_figure(&bytes[s.start..s.end]) {
                masks.classes[si] |= self.digit;
                for (k, d) in self.digit_rules.iter().enumerate() {
                    masks.rules[si * w + k] |= d;
                }
            }
        }
        let Some(scan) = &self.ac else {
            self.transpose(&mut masks);
            return masks;
        };
        let mut si = 0;
        scan.hits(text, |pi, p, e| {
            let pat = &self.pats[pi];
            // The sentence holding the hit: hits come nearly in order.
            if si >= sentences.len() || sentences[si].start > p || sentences[si].end <= p {
                si = sentences.partition_point(|s| s.end <= p);
                if si >= sentences.len() || sentences[si].start > p {
                    return;
                }
            }
            let s = &sentences[si];
            // A sentence's end is the end of the text when a match is searched again inside it.
            if e < s.end && pat.trail.refuses(bytes[e]) {
                return;
            }
            masks.classes[si] |= pat.bits;
            for &(k, bits) in &pat.rule_words {
                masks.rules[si * w + k] |= bits;
            }
        });
        self.transpose(&mut masks);
        masks
    }

    /// Fills `masks.pass`: for each rule, the sentences where one of its
    /// `needs` is held and one of its required literals is present.
    fn transpose(&self, masks: &mut Masks) {
        let w = self.words;
        masks.pass = vec![0; self.needs.len() * masks.stride];
        let mut met = self.met.0.lock().unwrap_or_else(|e| e.into_inner());
        if met.len() > MET_KEPT {
            met.clear();
        }
        for si in 0..masks.classes.len() {
            let c = masks.classes[si];
            let ok = met.entry(c).or_insert_with(|| {
                let mut ok = vec![0u64; w];
                for (ri, (_, alts)) in self.needs.iter().enumerate() {
                    if alts.is_empty() || alts.iter().any(|&n| n & !c == 0) {
                        ok[ri / 64] |= 1 << (ri % 64);
                    }
                }
                ok
            });
            for (k, &ok) in ok.iter().enumerate() {
                let mut bits = ok & masks.rules[si * w + k];
                while bits != 0 {
                    let ri = k * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if self.more[ri].iter().all(|&b| masks.rule(si, b)) {
                        masks.pass[ri * masks.stride + si / 64] |= 1 << (si % 64);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search one literal at a time and the automaton both find the
    /// crate's hits that the byte before does not refuse: overlapping
    /// ones, any case, the non-ASCII literals (the Kelvin sign) byte for
    /// byte; and the masks come out the same.
    #[test]
    fn direct_search_finds_the_automatons_hits() {
        let rs = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let scan = rs.gate.ac.as_ref().expect("the gate looks for literals");
        // The crate's own overlapping search is the reference.
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(scan.words.iter())
            .expect("builds");
        // The rule set's gate scans with its automaton; a fresh one per
        // text searches literal by literal.
        rs.gate.build_scan();
        let mut texts = crate::testing::corpus_texts();
        let upper: Vec<String> = texts.iter().map(|t| t.to_uppercase()).collect();
        texts.extend(upper);
        texts.push(
            "SEIZED 3KG of COCAINE, £30,000; \u{212A}ILOS of ſkunk: kgkgkg arrestedarrested".into(),
        );
        texts.push("ééé\u{2019}s 40\u{a0}kilos – Hyderabad’s NCB, Rs 3 crore".into());
        // Each literal that overlaps itself ("...", "lala"), twice over.
        let overlapping: Vec<String> = scan
            .words
            .iter()
            .filter(|w| w.is_ascii())
            .flat_map(|w| {
                (1..w.len())
                    .filter(|&k| w[k..] == w[..w.len() - k])
                    .map(move |k| format!("{}{w}", &w[..k]))
            })
            .collect();
        assert!(!overlapping.is_empty());
        texts.push(overlapping.join(" "));
        let mut refused = 0;
        for text in &texts {
            let mut by_ac: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(text.as_str())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let mut direct = Vec::new();
            scan.direct_hits(text, |p, s, e| direct.push((p, s, e)));
            let mut walked = Vec::new();
            scan.hits(text, |p, s, e| walked.push((p, s, e)));
            by_ac.sort_unstable();
            direct.sort_unstable();
            walked.sort_unstable();
            // Both leave out the hits the byte before refuses.
            let bytes = text.as_bytes();
            let all = by_ac.len();
            by_ac.retain(|&(p, s, _)| s == 0 || !scan.leads[p].refuses(bytes[s - 1]));
            assert_eq!(direct, by_ac, "{}", &text[..text.len().min(60)]);
            assert_eq!(walked, by_ac, "{}", &text[..text.len().min(60)]);
            refused += all - by_ac.len();
            let sentences = crate::text::split::split(text);
            let fresh = Gate {
                ac: Some(Scan::new(scan.words.clone(), scan.leads.clone())),
                ..rs.gate.clone()
            };
            let (a, b) = (
                fresh.masks(text, &sentences),
                rs.gate.masks(text, &sentences),
            );
            assert_eq!((a.classes, a.rules, a.pass), (b.classes, b.rules, b.pass));
        }
        assert!(refused > 1000, "the leads refuse hits: {refused}");
    }

    /// One-letter literals are not looked for: what they stand for is
    /// held everywhere. Longer ones and signs are.
    #[test]
    fn one_letter_literals_and_the_strict_unit_class() {
        assert!(is_common_letter("g") && is_common_letter("N"));
        assert!(!is_common_letter("kg") && !is_common_letter("$") && !is_common_letter("7"));
        let rs = crate::rules::RuleSet::builtin().expect("built-in rules load");
        // `g` (a unit that may follow digits) is an alias of `mass_unit`;
        // the rules never put a letter before a unit, so they take the
        // strict class: the "g" of "drug" does not count, the one of
        // "5g" and "5 g" does.
        let strict = format!("mass_unit{STRICT}");
        for (text, held) in [
            ("Officers stopped a drug dealing van.", false),
            ("Officers seized 5g.", true),
            ("Officers seized 5 g.", true),
            ("Officers seized (g).", true),
        ] {
            assert_eq!(first_holds(&rs, &strict, text).0, held, "{text}");
        }
    }

    /// Whether the gate finds class `class` (which the rules must take)
    /// in the first sentence of `text`, with the masks.
    fn first_holds(rs: &crate::rules::RuleSet, class: &str, text: &str) -> (bool, Masks) {
        let bit = rs.gate.classes().iter().position(|c| c == class);
        let bit = bit.unwrap_or_else(|| panic!("the rules take the class {class}"));
        let sentences = crate::text::split::split(text);
        let masks = rs.gate.masks(text, &sentences);
        (masks.classes[0] & (1 << bit) != 0, masks)
    }

    /// The letter signs (`P` pesos, `N` naira, `R` rand) may have digits
    /// right after them, so their lexicon has no word boundary after; the
    /// rule never puts a letter there, so it takes the class strict after:
    /// the "p" of "police" and the "n" of "night" do not count, the "P"
    /// of "P680,000" and of "P 5,000" do, and the rule does not search a
    /// sentence without one.
    #[test]
    fn letter_signs_take_the_class_strict_after() {
        let rs = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let strict = format!("currency_sign{STRICT_AFTER}");
        let ri = rs.rules.iter().position(|r| r.id == "money.letter-sign");
        let ri = ri.expect("the rule is built in");
        for (text, held) in [
            ("Police raided 12 homes overnight in Pretoria.", false),
            ("Night patrols found 3 rifles near Nairobi.", false),
            ("Shabu worth P680,000 was seized.", true),
            ("Shabu worth P 5,000 was seized.", true),
            ("Drugs worth R1m were found.", true),
        ] {
            let (holds, masks) = first_holds(&rs, &strict, text);
            assert_eq!(holds, held, "{text}");
            let passes = rs.gate.rule(ri, &rs.rules[ri].id).pass(&masks, 0);
            assert_eq!(passes, held, "{text}");
        }
    }

    #[test]
    fn tokens() {
        assert_eq!(
            alias_token("kg", false, true),
            Some(("kg".into(), false, true))
        );
        assert_eq!(
            alias_token("kg", true, true),
            Some(("kg".into(), true, true))
        );
        assert_eq!(
            alias_token("U.S.$", true, true),
            Some(("$".into(), false, false))
        );
        assert_eq!(
            alias_token("Rs.", true, true),
            Some(("rs".into(), true, false))
        );
        assert_eq!(
            alias_token("metric tonnes", false, true),
            Some(("tonnes".into(), false, true))
        );
        assert_eq!(
            alias_token("£", true, true),
            Some(("£".into(), false, false))
        );
        assert_eq!(alias_token("-", true, true), None);
    }

    #[test]
    fn runs_cross_word_boundaries() {
        let n: usize = 131;
        let mut bits = vec![0u64; n.div_ceil(64)];
        for si in [0, 1, 2, 63, 64, 100, 101, 127, 128, 130] {
            bits[si / 64] |= 1 << (si % 64);
        }
        let runs: Vec<(usize, usize)> = Runs {
            bits: &bits,
            at: 0,
            n,
        }
        .collect();
        assert_eq!(
            runs,
            vec![(0, 2), (63, 64), (100, 101), (127, 128), (130, 130)]
        );
        let all = vec![u64::MAX; 2];
        let runs: Vec<_> = Runs {
            bits: &all,
            at: 0,
            n: 70,
        }
        .collect();
        assert_eq!(runs, vec![(0, 69)]);
        let none: Vec<_> = Runs {
            bits: &[0, 0],
            at: 0,
            n: 70,
        }
        .collect();
        assert!(none.is_empty());
    }

    #[test]
    fn strangers_include_kelvin_and_long_s() {
        let s = crate::rules::fold::STRANGERS;
        assert!(s.contains(&'\u{212A}') && s.contains(&'\u{17F}'), "{s:?}");
    }
}

#[cfg(test)]
mod number_word_tests {
    /// The `_unit_word` piece of the built-in rules names exactly the
    /// cardinals the code knows (plus "hundred"), so a number the rules
    /// match is one the code can read and the gate looks for.
    #[test]
    fn unit_word_piece_names_the_cardinals() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let (piece, _) = &rules.pieces["_unit_word"];
        let mut words: Vec<&str> = piece.split('|').map(str::trim).collect();
        words.sort();
        let mut want: Vec<&str> = crate::text::numbers::CARDINALS
            .iter()
            .map(|(w, _)| *w)
            .chain(["hundred"])
            .collect();
        want.sort();
        assert_eq!(words, want);
    }

    /// Every word of the `multiplier` piece of the built-in rules is one
    /// the code can value ([`crate::text::numbers::multiplier`]): the two
    /// lists are kept apart ("Mln" had to be added to both).
    #[test]
    fn multiplier_piece_words_have_values() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let (piece, _) = &rules.pieces["multiplier"];
        let inner = piece
            .trim()
            .trim_start_matches("(?:")
            .trim_end_matches("\\b")
            .trim_end_matches(')');
        for alt in inner.split('|') {
            // "crores?": the word and its plural
            let words = match alt.strip_suffix("s?") {
                Some(w) => vec![w.to_string(), format!("{w}s")],
                None => vec![alt.to_string()],
            };
            for w in words {
                assert!(
                    crate::text::numbers::multiplier(&w).is_some(),
                    "{w:?} in {piece}"
                );
            }
        }
    }
}
