//! The rule engine: runs every rule's regex over the text and keeps the
//! matches that lie inside one sentence.

mod families;
mod known_line_checks;
mod lease;
pub mod line_gate;
pub mod lines;

use crate::rules::contract::Field;
use crate::rules::fold;
use crate::rules::gate::Masks;
use crate::rules::matcher::{Locations, RuleRegex, SearchCache, LIGHT_UP_TO};
use crate::rules::{Kind, RuleSet};
use crate::text::split::Sentence;
use lease::Lease;

/// One match of one rule.
#[derive(Debug, Clone)]
pub struct Match {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// Byte span of each capture group, by group index.
    pub groups: Vec<Option<(usize, usize)>>,
}

impl Match {
    /// The span of the capture filling `field`, if it took part.
    pub fn span(&self, rules: &RuleSet, field: Field) -> Option<(usize, usize)> {
        rules.rules[self.rule]
            .field_groups()
            .of(field)
            .find_map(|g| self.groups.get(g).copied().flatten())
    }

    /// The text of the capture filling `field`.
    pub fn get<'t>(&self, rules: &RuleSet, text: &'t str, field: Field) -> Option<&'t str> {
        self.span(rules, field).map(|(s, e)| &text[s..e])
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// The index of the sentence holding byte `pos`, if any.
pub fn sentence_at(sentences: &[Sentence], pos: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= pos);
    (i < sentences.len() && sentences[i].start <= pos).then_some(i)
}

/// Texts at least this long run their rules on all cores: each rule is
/// still one scan of the whole text, and the matches are joined in rule
/// order, so the result is the same as on one thread.
pub const PARALLEL_FROM: usize = 1 << 20;

/// Runs every rule of the given kinds over `text`. A match that crosses a
/// sentence boundary is searched again inside its sentence (its `\b` at
/// the sentence's end seeing the text after, as everywhere); one outside
/// every sentence is dropped: facts never span two sentences. Matches come
/// rule by rule (rule order), each rule's in text order.
///
/// A rule with `needs` (see [`crate::rules::gate`]) runs only over the runs of
/// consecutive sentences that hold what it needs; the matches are the same.
pub fn run(rules: &RuleSet, text: &str, sentences: &[Sentence], kinds: &[Kind]) -> Vec<Match> {
    run_rules(rules, text, sentences, &of_kinds(rules, kinds))
}

/// The indexes of the rules of these kinds, in rule order.
fn of_kinds(rules: &RuleSet, kinds: &[Kind]) -> Vec<usize> {
    (0..rules.rules.len())
        .filter(|&ri| kinds.contains(&rules.rules[ri].kind))
        .collect()
}

/// Whether each rule (by index) runs only over the sentences the gate
/// lets through, asked once per call: the gate checks the rule's id (a
/// string comparison) each time, and a batch asks for every rule and
/// article, which was a tenth of a short article's match stage.
#[doc(hidden)]
pub fn gated_rules(rules: &RuleSet) -> Vec<bool> {
    (0..rules.rules.len())
        .map(|ri| rules.gate.gated(ri, &rules.rules[ri].id))
        .collect()
}

/// Whether any of these rules needs the gate's masks.
fn any_gated(gated: &[bool], selected: &[usize]) -> bool {
    selected.iter().any(|&ri| gated[ri])
}

/// [`run`] for the rules with these indexes (in this order).
pub fn run_rules(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    selected: &[usize],
) -> Vec<Match> {
    let gated = gated_rules(rules);
    let masks = if any_gated(&gated, selected) {
        rules.gate.masks(text, sentences)
    } else {
        Default::default()
    };
    let lower = folded(rules, text);
    let doc = Doc {
        text,
        lower: lower.as_deref(),
        sentences,
        gated: &gated,
    };
    let bytes = rules.engine_bytes(text.len());
    prebuild(
        rules,
        selected,
        |_| Expect::Text(bytes),
        |ri| needed(&gated, ri, &masks, sentences),
    );
    if text.len() >= PARALLEL_FROM && selected.len() > 1 && rayon::current_num_threads() > 1 {
        use rayon::prelude::*;
        let parts: Vec<Vec<Match>> = selected
            .par_iter()
            .map(|&ri| {
                let mut out = Vec::new();
                run_rule(rules, ri, &doc, &masks, &mut out, &mut Lease::new());
                out
            })
            .collect();
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for p in parts {
            out.extend(p);
        }
        return out;
    }
    let mut out = Vec::with_capacity(text.len() / 256 + 8);
    for &ri in selected {
        run_rule(rules, ri, &doc, &masks, &mut out, &mut Lease::new());
    }
    out
}

/// An article as the rules search it.
struct Doc<'t> {
    text: &'t str,
    /// The text folded ([`fold::fold_text`]), if it can be.
    lower: Option<&'t str>,
    sentences: &'t [Sentence],
    /// [`gated_rules`].
    gated: &'t [bool],
}

/// The folded text the rules that fold run on, when the set folds and the
/// text can be folded.
pub fn folded(rules: &RuleSet, text: &str) -> Option<String> {
    rules.folding.then(|| fold::fold_text(text)).flatten()
}

/// [`run`] over several articles at once, rule by rule: each rule runs
/// over every article before the next rule starts, so its lazy DFA stays
/// in the CPU's cache (about twice as fast as article by article on the
/// benchmark corpus). The matches of each article are the same as from
/// [`run`], in the same order.
pub fn run_many(rules: &RuleSet, docs: &[(&str, &[Sentence])], kinds: &[Kind]) -> Vec<Vec<Match>> {
    let selected = of_kinds(rules, kinds);
    let gated_by_rule = gated_rules(rules);
    let gated = any_gated(&gated_by_rule, &selected);
    if gated && docs.len() > 1 {
        rules.gate.build_scan();
    }
    let mut outs: Vec<Vec<Match>> = Vec::with_capacity(docs.len());
    let mut masks: Vec<Masks> = Vec::with_capacity(docs.len());
    let mut lowers: Vec<Option<String>> = Vec::with_capacity(docs.len());
    for &(text, sentences) in docs {
        outs.push(Vec::with_capacity(text.len() / 256 + 8));
        let short = text.len() < PARALLEL_FROM;
        masks.push(if gated && short {
            rules.gate.masks(text, sentences)
        } else {
            Masks::default()
        });
        lowers.push(if short { folded(rules, text) } else { None });
    }
    // The engines for the batch as a whole: a small one's light engines
    // are cheaper than building and learning the full ones; in a larger
    // one, a rule that would outgrow its light engine in later chunks
    // builds its full one now, not both (below). A batch that gave no
    // size ([`RuleSet::expect_input`]) is taken as a large one, all full.
    let bytes = match docs {
        [(text, _)] => rules.engine_bytes(text.len()),
        _ if rules.engine_bytes(0) > 0 => {
            rules.engine_bytes(docs.iter().map(|(text, _)| text.len()).sum())
        }
        _ => usize::MAX,
    };
    // Past a small batch, each rule by the text it will scan (its runs in
    // this chunk, in proportion to the batch) and the size of its NFA
    // ([`LIGHT_BYTES_PER_STATE`]).
    let chunk: usize = docs.iter().map(|(text, _)| text.len()).sum();
    let expect = |ri: usize| {
        if bytes <= LIGHT_UP_TO || bytes == usize::MAX {
            return Expect::Text(bytes);
        }
        let scans: usize = docs
            .iter()
            .zip(&masks)
            .map(|(&(text, sentences), m)| scan_bytes(&gated_by_rule, ri, m, text, sentences))
            .sum();
        Expect::Scan((scans as f64 * bytes as f64 / chunk.max(1) as f64) as usize)
    };
    prebuild(rules, &selected, expect, |ri| {
        docs.iter().zip(&masks).any(|(&(text, sentences), m)| {
            text.len() >= PARALLEL_FROM || needed(&gated_by_rule, ri, m, sentences)
        })
    });
    // A batch's rules of one family read their shared runs once first.
    if gated && docs.len() > 1 && rules.family_after < usize::MAX {
        families::narrow(rules, &selected, docs, &lowers, &mut masks);
    }
    let searched = Searched::new(&selected, docs, &masks, &gated_by_rule);
    // Rule by rule, each over every article; a rule whose cache another
    // thread holds waits while the next free one runs (its matches kept
    // aside until their turn, so each article's come in rule order).
    let mut order = RuleOrder::new(&selected);
    while let Some(at) = order.next(|ri| lease::idle(&rules.rules[ri])) {
        let ri = selected[at];
        let mut lease = Lease::new();
        let mut run_over = |outs: &mut [Vec<Match>]| {
            for d in searched.docs(at) {
                let (text, sentences) = docs[d];
                let doc = Doc {
                    text,
                    lower: lowers[d].as_deref(),
                    sentences,
                    gated: &gated_by_rule,
                };
                run_rule(rules, ri, &doc, &masks[d], &mut outs[d], &mut lease);
            }
        };
        if order.in_turn(at) {
            run_over(&mut outs);
        } else {
            let mut aside: Vec<Vec<Match>> = vec![Vec::new(); docs.len()];
            run_over(&mut aside);
            order.set_aside(at, aside);
        }
        order.done(at, &mut outs);
    }
    // A long article runs its rules on all cores, as `run` does.
    for (d, &(text, sentences)) in docs.iter().enumerate() {
        if text.len() >= PARALLEL_FROM {
            outs[d] = run_rules(rules, text, sentences, &selected);
        }
    }
    outs
}

/// The articles of a batch each selected rule searches, as a bitset per
/// rule: the short ones, less those where the gate left a gated rule no
/// run. Found article by article, whose masks are together in memory; the
/// rule-by-rule loop then skips the rest at no cost (a call for each rule
/// and article, most of which found no run, was a tenth of the match
/// stage of short articles, much of it waiting on the memory of masks
/// each rule read across the batch).
struct Searched {
    bits: Vec<u64>,
    words: usize,
}

impl Searched {
    fn new(
        selected: &[usize],
        docs: &[(&str, &[Sentence])],
        masks: &[Masks],
        gated: &[bool],
    ) -> Searched {
        let words = docs.len().div_ceil(64);
        let mut bits = vec![0u64; selected.len() * words];
        for (d, (&(text, sentences), m)) in docs.iter().zip(masks).enumerate() {
            if text.len() >= PARALLEL_FROM {
                continue;
            }
            for (at, &ri) in selected.iter().enumerate() {
                if needed(gated, ri, m, sentences) {
                    bits[at * words + d / 64] |= 1 << (d % 64);
                }
            }
        }
        Searched { bits, words }
    }

    /// The articles the rule at `at` (its place in the selection) searches,
    /// in order.
    fn docs(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        self.bits[at * self.words..(at + 1) * self.words]
            .iter()
            .enumerate()
            .flat_map(|(k, &w)| {
                let mut w = w;
                std::iter::from_fn(move || {
                    (w != 0).then(|| {
                        let bit = w.trailing_zeros() as usize;
                        w &= w - 1;
                        k * 64 + bit
                    })
                })
            })
    }
}

/// The bytes of a batch a rule may scan with its light engine for each
/// state of its NFA ([`RuleRegex::prepare_scan`]); past that it builds its
/// full engine at once. Its reverse NFA and lazy DFAs cost more to build
/// and learn the larger the NFA, and a rule the gate lets into a few
/// sentences only never earns them back. Fresh `-j1` batches of 96 KB,
/// 138 KB, 189 KB, 380 KB, 585 KB, 0.97 MB and 5 MB, instructions against
/// full engines for all: at 1 byte a state −7.7%, −6.5%, −5.6%, −2.7%,
/// −1.3%, −0.7%, −0.2%; at 2, −17%, −6.5%, −5.9%, −3.8%, −2.3%, +0.5%,
/// −0.2%; at 3 and 4 the small batches gained less (96 KB: −16%, −16%;
/// 189 KB: −3.1%, −4.6%) and the 0.97 MB one lost +0.5% and +1.5%.
const LIGHT_BYTES_PER_STATE: usize = 2;

/// What a rule's engine is built for ([`prebuild`]).
enum Expect {
    /// A run over this many bytes of text ([`RuleRegex::prepare`]).
    Text(usize),
    /// A batch in which the rule scans about this many bytes
    /// ([`RuleRegex::prepare_scan`]).
    Scan(usize),
}

/// The bytes rule `ri` scans in this text: the runs of sentences the gate
/// lets it into (each from the end of the sentence before, as
/// [`run_rule`] scans them), or the whole text.
fn scan_bytes(
    gated: &[bool],
    ri: usize,
    masks: &Masks,
    text: &str,
    sentences: &[Sentence],
) -> usize {
    if text.len() >= PARALLEL_FROM || !uses_gate(gated, ri, masks, sentences) {
        return text.len();
    }
    masks
        .runs(ri)
        .map(|(i, j)| sentences[j].end - run_start(sentences, i))
        .sum()
}

/// Where the scan of a run of sentences from sentence `i` starts: the end
/// of the sentence before it (a pattern may consume the space between).
fn run_start(sentences: &[Sentence], i: usize) -> usize {
    i.checked_sub(1).map_or(0, |k| sentences[k].end)
}

/// Whether rule `ri` will scan some of this text (so needs its regex).
fn needed(gated: &[bool], ri: usize, masks: &Masks, sentences: &[Sentence]) -> bool {
    !uses_gate(gated, ri, masks, sentences) || masks.has_runs(ri)
}

/// Whether rule `ri` runs only over the sentences the gate lets through
/// (else over the whole text).
fn uses_gate(gated: &[bool], ri: usize, masks: &Masks, sentences: &[Sentence]) -> bool {
    gated[ri] && masks.len() == sentences.len()
}

/// Builds the regexes (not built yet) of the rules this input needs, on
/// all cores: the embedded rules build on first use, and a short input
/// would otherwise build its twenty or thirty one after another. Each
/// gets the engine its [`Expect`] calls for, on one core too (a batch
/// builds its full engines at once, not a light one per rule first).
fn prebuild(
    rules: &RuleSet,
    selected: &[usize],
    expect: impl Fn(usize) -> Expect + Sync,
    needed: impl Fn(usize) -> bool,
) {
    let built = |ri: usize| {
        rules.rules[ri]
            .engine_regex_if_built()
            .is_some_and(RuleRegex::is_built)
    };
    let todo: Vec<usize> = selected
        .iter()
        .copied()
        .filter(|&ri| !built(ri) && needed(ri))
        .collect();
    // The regex the engine runs: folded where the rule folds.
    let prepare = |&ri: &usize| {
        let re = rules.rules[ri].engine_regex();
        match expect(ri) {
            Expect::Text(bytes) => re.prepare(bytes),
            Expect::Scan(scan) => re.prepare_scan(scan, LIGHT_BYTES_PER_STATE),
        }
    };
    if todo.len() < 2 || rayon::current_num_threads() < 2 {
        todo.iter().for_each(prepare);
        return;
    }
    use rayon::prelude::*;
    todo.par_iter().for_each(prepare);
}

/// One rule over the text, with the masks and [`gated_rules`] already
/// made, for the profiling examples (`examples/rule_cost.rs`). The
/// caller makes `gated` once: made per call, it cost each rule about
/// 1.3 ms per 5 MB of articles, more than most rules' own search.
#[doc(hidden)]
pub fn run_one(
    rules: &RuleSet,
    ri: usize,
    (text, lower): (&str, Option<&str>),
    sentences: &[Sentence],
    (masks, gated): (&Masks, &[bool]),
) -> Vec<Match> {
    let doc = Doc {
        text,
        lower,
        sentences,
        gated,
    };
    let mut out = Vec::new();
    run_rule(rules, ri, &doc, masks, &mut out, &mut Lease::new());
    out
}

/// The order a thread runs a chunk's rules in: the first not run yet whose
/// cache is free ([`lease::idle`]), else the first not run yet. Matches of
/// a rule run ahead of its turn wait, per article, until every rule
/// before it has run, so each article's matches come in rule order.
struct RuleOrder<'s> {
    /// Whether each rule (by its place in the selection) has run.
    run: Vec<bool>,
    /// The place of the first rule whose matches are not yet appended.
    turn: usize,
    /// Matches of rules run ahead of their turn, by place, per article.
    aside: Vec<Option<Vec<Vec<Match>>>>,
    selected: &'s [usize],
}

impl<'s> RuleOrder<'s> {
    fn new(selected: &'s [usize]) -> RuleOrder<'s> {
        RuleOrder {
            run: vec![false; selected.len()],
            turn: 0,
            aside: vec![None; selected.len()],
            selected,
        }
    }

    /// The place of the next rule to run, if any is left.
    fn next(&self, idle: impl Fn(usize) -> bool) -> Option<usize> {
        let mut left = (self.turn..self.run.len()).filter(|&at| !self.run[at]);
        let first = left.next()?;
        if idle(self.selected[first]) {
            return Some(first);
        }
        Some(left.find(|&at| idle(self.selected[at])).unwrap_or(first))
    }

    /// Whether the rule at `at` is the one whose matches come next.
    fn in_turn(&self, at: usize) -> bool {
        at == self.turn
    }

    fn set_aside(&mut self, at: usize, per_article: Vec<Vec<Match>>) {
        self.aside[at] = Some(per_article);
    }

    /// Marks the rule at `at` run, and appends to `outs` the matches set
    /// aside that are now in turn.
    fn done(&mut self, at: usize, outs: &mut [Vec<Match>]) {
        self.run[at] = true;
        while self.turn < self.run.len() && self.run[self.turn] {
            if let Some(per_article) = self.aside[self.turn].take() {
                for (out, ms) in outs.iter_mut().zip(per_article) {
                    out.extend(ms);
                }
            }
            self.turn += 1;
        }
    }
}

/// One rule over the text (or the sentences its `needs` allow), its
/// matches appended to `out`.
fn run_rule<'a>(
    rules: &'a RuleSet,
    ri: usize,
    doc: &Doc<'a>,
    masks: &Masks,
    out: &mut Vec<Match>,
    lease: &mut Lease<'a>,
) {
    let (text, sentences) = (doc.text, doc.sentences);
    if !uses_gate(doc.gated, ri, masks, sentences) {
        Search::new(rules, ri, doc, lease).scan(0, text.len(), out);
        return;
    }
    // Built on the first sentence the rule can match in: an input where
    // it cannot match never compiles it.
    let mut lease = Some(lease);
    let mut search: Option<Search> = None;
    let mut at = 0;
    for (i, j) in masks.runs(ri) {
        // From the end of the sentence before the run (a pattern may
        // consume the space before a sentence); to the end of the run. A
        // match that would start in a sentence outside the run crosses
        // into the next one (none lies inside one: the gate), so it is
        // searched again inside its own sentence, finds nothing, and the
        // search goes on from that sentence's end, where this one starts;
        // one that would cross out of the run is searched again inside its
        // sentence, and that search sees the text after the sentence as
        // this one does.
        let from = run_start(sentences, i);
        let search = match search {
            Some(ref mut s) => s,
            None => search.insert(Search::new(
                rules,
                ri,
                doc,
                lease.take().expect("one search"),
            )),
        };
        at = search.scan(at.max(from), sentences[j].end, out);
    }
}

/// One rule's search over one article: its regex, and the text it runs
/// on (folded, [`fold`], when the rule and the text allow; same offsets).
struct Search<'a, 'l> {
    ri: usize,
    re: &'a RuleRegex,
    /// The rule's own cache, borrowed for the run ([`lease`]); `None`
    /// searches with the regex crate's pool.
    cache: Option<&'l mut SearchCache>,
    /// Whether the search takes the regex's light engine (a short text:
    /// [`RuleRegex::light_for`]).
    light: bool,
    /// What the regex searches.
    hay: &'a str,
    /// For a rule with a case-sensitive part searching folded text
    /// ([`crate::rules::Rule::checks_case`]): the rule, whose own regex
    /// (built at the first candidate it must check) finds the match from
    /// where `re` finds a candidate, in `text`.
    check: Option<&'a crate::rules::Rule>,
    /// The text as written.
    text: &'a str,
    sentences: &'a [Sentence],
    /// Where each search writes its capture spans (the lease's).
    locs: &'l mut Locations,
}

impl<'a, 'l> Search<'a, 'l> {
    fn new(
        rules: &'a RuleSet,
        ri: usize,
        doc: &Doc<'a>,
        lease: &'l mut Lease<'a>,
    ) -> Search<'a, 'l> {
        let rule = &rules.rules[ri];
        let (re, hay, check) = match (doc.lower, rule.folded_regex()) {
            (Some(lower), Some(re)) => (re, lower, rule.checks_case().then_some(rule)),
            _ => (rule.regex(), doc.text, None),
        };
        let light = re.light_for(doc.text.len());
        let (cache, locs) = lease.parts(rule, re, !light);
        Search {
            ri,
            re,
            cache,
            light,
            hay,
            check,
            text: doc.text,
            sentences: doc.sentences,
            locs,
        }
    }

    /// The matching loop from `at`: the matches that end by `bound`,
    /// found as a search of the whole text finds them (`\b` and `^` see
    /// the text around). Returns where the next search would start.
    fn scan(&mut self, mut at: usize, bound: usize, out: &mut Vec<Match>) -> usize {
        let (re, text, sentences) = (self.re, self.hay, self.sentences);
        let locs = &mut *self.locs;
        let mut cache = self.cache.as_deref_mut();
        let (light, check, written) = (self.light, self.check, self.text);
        let mut captures_in = |locs: &mut Locations, span: std::ops::Range<usize>| {
            let found = match cache {
                Some(ref mut c) => re.captures_in_with(c, locs, text, span.clone()),
                None if light => re.captures_in_light(locs, text, span.clone()),
                None => re.captures_in(locs, text, span.clone()),
            };
            match check {
                // No match of the rule starts before the first candidate
                // (each of its matches is one): its own search from there
                // finds the match a search of the whole span finds. Same
                // groups, so the same locations.
                Some(own) => {
                    let f = found?;
                    // Without an ASCII letter, the candidate reads alike in
                    // either case: it is the rule's own match, groups and
                    // all (a path of the widened regex through no letter is
                    // one of the rule's own, first among them as among its
                    // widened ones). "£30,000" builds no second regex.
                    let bytes = &written.as_bytes()[f.start()..f.end()];
                    if !bytes.iter().any(u8::is_ascii_alphabetic) {
                        return Some(f);
                    }
                    own.regex().captures_in(locs, written, f.start()..span.end)
                }
                None => found,
            }
        };
        let groups = |locs: &Locations| -> Vec<Option<(usize, usize)>> {
            (0..locs.len()).map(|g| locs.get(g)).collect()
        };
        while at <= bound {
            let Some(m) = captures_in(locs, at..bound) else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            at = if end > start {
                end
            } else if end >= text.len() {
                text.len() + 1
            } else {
                crate::text::ceil_char(text, end + 1)
            };
            // Leading context a pattern consumed ("(?:^|[^$£])64 arrests") is not part of the fact.
            let start = end - text[start..end].trim_start().len();
            let Some(si) = sentence_at(sentences, start) else {
                continue;
            };
            let s = &sentences[si];
            if end > s.end {
                // Crosses into the next sentence: look again inside this one,
                // then go on from there, so the crossing match cannot hide a
                // match in the next sentence ("Tuesday. 4 March 2024").
                at = s.end;
                if let Some(m2) = captures_in(locs, start..s.end) {
                    if m2.end() > m2.start() {
                        at = m2.end();
                        out.push(Match {
                            rule: self.ri,
                            start: m2.end() - m2.as_str().trim_start().len(),
                            end: m2.end(),
                            sentence: si,
                            groups: groups(locs),
                        });
                    }
                }
                continue;
            }
            out.push(Match {
                rule: self.ri,
                start,
                end,
                sentence: si,
                groups: groups(locs),
            });
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    const ALL: [Kind; 5] = [
        Kind::Seizure,
        Kind::Money,
        Kind::Count,
        Kind::Date,
        Kind::Exclude,
    ];

    type Key = (usize, usize, usize, usize, Vec<Option<(usize, usize)>>);

    fn keys(ms: Vec<Match>) -> Vec<Key> {
        ms.into_iter()
            .map(|m| (m.rule, m.start, m.end, m.sentence, m.groups))
            .collect()
    }

    /// Texts normalised as the pipeline does, and their sentences.
    fn prepared(texts: impl IntoIterator<Item = String>) -> (Vec<String>, Vec<Vec<Sentence>>) {
        let texts: Vec<String> = texts
            .into_iter()
            .map(|t| crate::text::normalise::normalise(&t))
            .collect();
        let sentences = texts.iter().map(|t| crate::text::split::split(t)).collect();
        (texts, sentences)
    }

    /// The articles of a batch, as [`run_many`] takes them.
    fn docs_of<'a>(
        texts: &'a [String],
        sentences: &'a [Vec<Sentence>],
    ) -> Vec<(&'a str, &'a [Sentence])> {
        texts
            .iter()
            .zip(sentences)
            .map(|(t, s)| (t.as_str(), s.as_slice()))
            .collect()
    }

    /// The matches with and without the gate, on normalised `text`.
    fn both(gated: &RuleSet, open: &RuleSet, text: &str) -> (Vec<Key>, Vec<Key>) {
        let norm = crate::text::normalise::normalise(text);
        let sentences = crate::text::split::split(&norm);
        (
            keys(run(gated, &norm, &sentences, &ALL)),
            keys(run(open, &norm, &sentences, &ALL)),
        )
    }

    fn rule_sets() -> (RuleSet, RuleSet) {
        let gated = RuleSet::builtin().expect("built-in rules load");
        let mut open = gated.clone();
        open.gate.enabled = false;
        (gated, open)
    }

    fn assert_same(gated: &RuleSet, open: &RuleSet, text: &str, what: &str) {
        let (a, b) = both(gated, open, text);
        if a != b {
            let ids = |v: &[Key]| -> Vec<String> {
                v.iter()
                    .map(|k| format!("{}@{}..{}", gated.rules[k.0].id, k.1, k.2))
                    .collect()
            };
            let only_gated: Vec<_> = a.iter().filter(|k| !b.contains(k)).cloned().collect();
            let only_open: Vec<_> = b.iter().filter(|k| !a.contains(k)).cloned().collect();
            panic!(
                "{what}: the matches differ: only in the first set {:?}, only in the second {:?}",
                ids(&only_gated),
                ids(&only_open)
            );
        }
    }

    /// Every rule's `needs` hold on its own examples: some sentence of
    /// each example passes the rule's gate.
    #[test]
    fn needs_hold_on_examples() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        for (ri, rule) in rs.rules.iter().enumerate() {
            if !rs.gate.gated(ri, &rule.id) {
                continue;
            }
            for ex in &rule.examples {
                let norm = crate::text::normalise::normalise(&ex.text);
                let sentences = crate::text::split::split(&norm);
                let masks = rs.gate.masks(&norm, &sentences);
                assert!(
                    (0..sentences.len()).any(|si| rs.gate.rule(ri, &rule.id).pass(&masks, si)),
                    "rule `{}`: its `needs` fail on its example {:?}",
                    rule.id,
                    ex.text
                );
            }
        }
    }

    #[test]
    fn gate_keeps_matches_on_examples() {
        let (gated, open) = rule_sets();
        for rule in &gated.rules {
            for t in rule.examples.iter().map(|e| &e.text).chain(&rule.counter) {
                assert_same(
                    &gated,
                    &open,
                    t,
                    &format!("rule `{}` example {t:?}", rule.id),
                );
            }
        }
    }

    #[test]
    fn gate_keeps_matches_on_corpus() {
        let (gated, open) = rule_sets();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                assert_same(&gated, &open, &text, &p.display().to_string());
            }
        }
    }

    /// Random text from the rules' own words, numbers, punctuation and
    /// line breaks, with and without the gate.
    #[test]
    fn many_at_once_is_one_by_one() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut texts: Vec<String> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| {
                crate::text::normalise::normalise(&std::fs::read_to_string(p).unwrap_or_default())
            })
            .collect();
        texts.push(String::new());
        let sentences: Vec<Vec<Sentence>> =
            texts.iter().map(|t| crate::text::split::split(t)).collect();
        let docs: Vec<(&str, &[Sentence])> = texts
            .iter()
            .zip(&sentences)
            .map(|(t, s)| (t.as_str(), s.as_slice()))
            .collect();
        let many = run_many(&rules, &docs, &ALL);
        assert_eq!(many.len(), docs.len());
        for (m, (t, s)) in many.into_iter().zip(&docs) {
            assert_eq!(keys(m), keys(run(&rules, t, s, &ALL)));
        }
    }

    /// A batch that says it is small searches with the rules' light
    /// engines (no full one is built), one that says it is large, or says
    /// nothing, with the full ones; all find the same matches.
    #[test]
    fn a_batch_picks_its_engines_by_its_size() {
        let (texts, sentences) = prepared(
            [
                "Police seized 3kg of cocaine and £2,000 in cash on 4 March.",
                "Two men, aged 23 and 31, were arrested on Tuesday.",
                "Officers found 12 cannabis plants and 40 pills of MDMA.",
            ]
            .map(String::from),
        );
        let docs = docs_of(&texts, &sentences);
        let total: usize = texts.iter().map(String::len).sum();
        let mut want = None;
        for (said, full) in [(None, true), (Some(total), false), (Some(1 << 20), true)] {
            let rules = RuleSet::builtin().expect("built-in rules load");
            if let Some(bytes) = said {
                rules.expect_input(bytes);
            }
            let got: Vec<Vec<Key>> = run_many(&rules, &docs, &ALL)
                .into_iter()
                .map(keys)
                .collect();
            assert!(got.iter().all(|ms| !ms.is_empty()), "each article matches");
            assert_eq!(got, *want.get_or_insert_with(|| got.clone()), "{said:?}");
            let built: Vec<bool> = rules
                .rules
                .iter()
                .filter_map(|r| r.engine_regex_if_built().filter(|re| re.is_built()))
                .map(|re| re.is_full())
                .collect();
            assert!(!built.is_empty());
            assert!(
                built.iter().all(|&f| f == full),
                "{said:?}: full engines {full}"
            );
        }
    }

    /// Past a small batch, a rule the gate lets into little of the text
    /// keeps its light engine: in a batch told of 1 MB, the seizure rules
    /// scan one sentence of a chunk of 90 KB (about 500 bytes over the
    /// batch, against NFAs of thousands of states), so their full engines
    /// are not built; the date rules, let into every sentence with a
    /// weekday, are. The matches are those of full engines.
    #[test]
    fn a_batch_keeps_light_the_rules_that_scan_little() {
        let filler = "The council met on Monday to discuss the new park and the library plans. ";
        let mut articles: Vec<String> = (0..30).map(|_| filler.repeat(40)).collect();
        articles.push("Police seized 3kg of cocaine at the port.".into());
        let (texts, sentences) = prepared(articles);
        let docs = docs_of(&texts, &sentences);
        let full = RuleSet::builtin().expect("built-in rules load");
        let want: Vec<Vec<Key>> = run_many(&full, &docs, &ALL).into_iter().map(keys).collect();
        let rules = RuleSet::builtin().expect("built-in rules load");
        rules.expect_input(1 << 20);
        let got: Vec<Vec<Key>> = run_many(&rules, &docs, &ALL)
            .into_iter()
            .map(keys)
            .collect();
        assert_eq!(got, want);
        assert!(!got[30].is_empty(), "the seizure matches");
        let engine = |id: &str| {
            let r = rules.rules.iter().find(|r| r.id == id).expect("the rule");
            r.engine_regex_if_built()
                .filter(|re| re.is_built())
                .map(|re| re.is_full())
        };
        assert_eq!(engine("seizure.qty-unit-of-drug"), Some(false), "light");
        assert_eq!(engine("date.weekday"), Some(true), "full");
    }

    /// Words and marks the random texts mix with the rules' own words.
    const COMMON_WORDS: &[&str] = &[
        "the",
        "a",
        "an",
        "of",
        "and",
        "were",
        "was",
        "arrested",
        "charged",
        "men",
        "people",
        "weighing",
        "worth",
        "between",
        "from",
        "to",
        "in",
        "on",
        "more",
        "than",
        "about",
        "safeguarded",
        "searched",
        "addresses",
        "plants",
        "packed",
        "containing",
        "or",
        "twenty-one",
        "two hundred",
        "a dozen",
        "half a",
        "1,200",
        "460.5",
        "2024",
        "04/03/2024",
        "2024-03-04",
        "10.20pm",
        "4th",
        "£30,000",
        "$3m",
        "(",
        ")",
        ",",
        ".",
        ":",
        "-",
        "–",
        "\n",
        "\n\n",
        "\n• ",
        "\"",
        "K\u{212A}g",
        "ſ",
        "64",
        "5",
        "12",
        "3",
    ];

    /// Random texts from the rules' own words, numbers, punctuation and
    /// line breaks.
    fn random_texts(rules: &RuleSet, n: usize) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        let mut names: Vec<&String> = rules.lexicons.keys().collect();
        names.sort();
        for name in names {
            for (_, aliases) in &rules.lexicons[name].entries {
                words.extend(aliases.iter().cloned());
            }
        }
        // The rules' required literals (crate::rules::anchors), so that the
        // literal gate is tried on the words it looks for.
        for rule in &rules.rules {
            for a in rule.anchors.iter().flatten() {
                words.push(a.replace(crate::rules::anchors::BOUNDARY, ""));
            }
        }
        words.sort();
        words.dedup();
        words.extend(COMMON_WORDS.iter().map(|w| w.to_string()));
        // Capitals, so that folding has letters to fold.
        let upper: Vec<String> = words.iter().step_by(3).map(|w| w.to_uppercase()).collect();
        words.extend(upper);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|_| {
                let len = 20 + (next() % 120) as usize;
                let mut text = String::new();
                for _ in 0..len {
                    let w = &words[(next() % words.len() as u64) as usize];
                    let sep = match next() % 10 {
                        0 => "",
                        1 => ". ",
                        2 => "\n",
                        _ => " ",
                    };
                    text.push_str(w);
                    text.push_str(sep);
                }
                text
            })
            .collect()
    }

    #[test]
    fn gate_keeps_matches_on_random_text() {
        let (gated, open) = rule_sets();
        for (round, text) in random_texts(&gated, 400).iter().enumerate() {
            assert_same(
                &gated,
                &open,
                text,
                &format!("random text {round}: {text:?}"),
            );
        }
    }

    /// A batch with families ([`crate::rules::families`]) finds what it
    /// finds without them: random texts (the rules' words, "may" and
    /// "march" among them), every rule's examples and counter-examples,
    /// in capitals too, and an uppercase text no date rule matches in.
    #[test]
    fn families_keep_matches() {
        let mut with = RuleSet::builtin().expect("built-in rules load");
        with.family_after = 0;
        let mut without = with.clone();
        without.family_after = usize::MAX;
        let mut texts = random_texts(&with, 400);
        for rule in &with.rules {
            for t in rule.examples.iter().map(|e| &e.text).chain(&rule.counter) {
                texts.push(t.clone());
                texts.push(t.to_uppercase());
            }
        }
        texts.push("You MAY call 101. On 4 MAY 2024, 3 men were ARRESTED.".into());
        let (texts, sentences) = prepared(texts);
        let docs = docs_of(&texts, &sentences);
        let a = run_many(&with, &docs, &ALL);
        let b = run_many(&without, &docs, &ALL);
        for ((a, b), text) in a.into_iter().zip(b).zip(&texts) {
            assert_eq!(keys(a), keys(b), "{text:?}");
        }
    }

    /// A family's automaton takes from its rules the runs none of them
    /// matches in ("may" is a month name to the gate), and keeps the rest.
    #[test]
    fn a_family_drops_the_runs_its_rules_match_nowhere_in() {
        let mut rules = RuleSet::builtin().expect("built-in rules load");
        let texts = [
            "You may call 101 at any time.",
            "Officers searched 12 homes on 4 May 2024.",
        ]
        .map(String::from);
        let sentences: Vec<Vec<Sentence>> =
            texts.iter().map(|t| crate::text::split::split(t)).collect();
        let docs = docs_of(&texts, &sentences);
        let lowers: Vec<Option<String>> = texts.iter().map(|t| folded(&rules, t)).collect();
        let mut masks: Vec<Masks> = docs.iter().map(|(t, s)| rules.gate.masks(t, s)).collect();
        let ri = rules
            .rules
            .iter()
            .position(|r| r.id == "date.day-month")
            .expect("the rule");
        let runs = |m: &Masks| m.runs(ri).count();
        assert_eq!(
            (runs(&masks[0]), runs(&masks[1])),
            (1, 1),
            "the gate lets both through"
        );
        let all: Vec<usize> = (0..rules.rules.len()).collect();
        // Not before the family has met 2 MB of text.
        families::narrow(&rules, &all, &docs, &lowers, &mut masks);
        assert_eq!((runs(&masks[0]), runs(&masks[1])), (1, 1), "too early");
        rules.family_after = 0;
        families::narrow(&rules, &all, &docs, &lowers, &mut masks);
        assert_eq!((runs(&masks[0]), runs(&masks[1])), (0, 1));
    }

    /// A rule with a case-sensitive part searches folded text for
    /// candidates in either case, and keeps only what its own regex finds
    /// on the text as written: "ps90,000" and "rm26.1 million" are
    /// candidates (the folded search alone finds them first), the capitals
    /// after them in the same sentence are the matches.
    #[test]
    fn case_sensitive_rules_check_their_candidates_as_written() {
        let (folding, plain) = fold_sets();
        let cases = [
            (
                "money.archive-pound-sign",
                "The ps90,000 bid lost; heroin worth PS90,000 was seized.",
                "PS90,000",
            ),
            (
                "money.letter-sign",
                "Its rm26.1 million label aside, RM26.1 million in syabu was seized.",
                "RM26.1 million",
            ),
            (
                "money.letter-sign",
                "Cebu police said p680,000 was wrong: shabu worth P680,000 was seized.",
                "P680,000",
            ),
        ];
        for (id, text, want) in cases {
            let ri = folding
                .rules
                .iter()
                .position(|r| r.id == id)
                .expect("the rule");
            let rule = &folding.rules[ri];
            assert!(rule.checks_case(), "{id} searches folded text");
            let lower = crate::rules::fold::fold_text(text).expect("folds");
            let first = rule
                .folded_regex()
                .expect("folded")
                .find(&lower)
                .expect("a candidate");
            assert!(
                first.start() < text.find(want).expect("in the text"),
                "{id}: {text}"
            );
            let (a, b) = both(&folding, &plain, text);
            assert_eq!(a, b, "{id}: {text}");
            let found: Vec<&str> = a
                .iter()
                .filter(|k| k.0 == ri)
                .map(|k| &text[k.1..k.2])
                .collect();
            assert_eq!(found, [want], "{id}: {text}");
        }
    }

    /// The built-in rules, folding and not ([`crate::rules::fold`]).
    fn fold_sets() -> (RuleSet, RuleSet) {
        let folding = RuleSet::builtin().expect("built-in rules load");
        let mut plain = folding.clone();
        plain.folding = false;
        (folding, plain)
    }

    #[test]
    fn folding_keeps_matches_on_examples_and_corpus() {
        let (folding, plain) = fold_sets();
        for rule in &folding.rules {
            for t in rule.examples.iter().map(|e| &e.text).chain(&rule.counter) {
                for t in [t.clone(), t.to_uppercase()] {
                    let what = format!("rule `{}` example {t:?}", rule.id);
                    assert_same(&folding, &plain, &t, &what);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                assert_same(&folding, &plain, &text, &p.display().to_string());
            }
        }
    }

    #[test]
    fn folding_keeps_matches_on_random_text() {
        let (folding, plain) = fold_sets();
        let texts = random_texts(&folding, 400);
        let folded = texts
            .iter()
            .filter(|t| crate::rules::fold::fold_text(t).is_some())
            .count();
        assert!(folded > 100, "only {folded} texts fold");
        for (round, text) in texts.iter().enumerate() {
            let what = format!("random text {round}: {text:?}");
            assert_same(&folding, &plain, text, &what);
        }
    }

    /// Texts in the fold's alphabet (accents, Greek, Cyrillic, signs next
    /// to words and numbers) are searched folded, with classes narrowed to
    /// the alphabet; texts outside it as written. Both find what the rules
    /// find unfolded; and random texts with such letters put anywhere too.
    #[test]
    fn the_fold_alphabet_keeps_matches() {
        let (folding, plain) = fold_sets();
        let inside = [
            "Officers seized 3kg of cocaine from Łukasz Żółć’s flat and £30,000 in cash.",
            "Police in Αθήνα and Москва seized 12 kg of heroin; 5 men (Ñuñez, Øster) were arrested.",
            "Two arrested, ½ kg of cannabis • 3 phones ✓ — €1.2 million seized on 4 March 2024.",
            "Détectives saisissent 4kg d’héroïne; l’enquête a mené à 3 arrestations.",
        ];
        let outside = [
            "Officers seized 3 kg of cocaine in 北京 and 2 kg of heroin; 4 people were arrested.",
            "Police 🚔 seized 500g of cannabis and £5,000 in cash; two men were charged.",
            // Words of another script where a rule reads `\w` or a
            // negated class: a fold that let them through would lose these
            // matches (checked by breaking `fold_text`).
            "Police arrested 5 北京 men and seized 3 kg of cocaine.",
            "Five people from 北京 were arrested and 3 were charged.",
            "3 kg of ultra北京 cocaine were seized.",
        ];
        let fold = |t: &str| {
            crate::rules::fold::fold_text(&crate::text::normalise::normalise(t)).is_some()
        };
        for t in inside {
            assert!(fold(t), "{t}");
            let (a, _) = both(&folding, &plain, t);
            assert!(!a.is_empty(), "{t}: no match");
            assert_same(&folding, &plain, t, t);
        }
        for t in outside {
            assert!(!fold(t), "{t}");
            assert_same(&folding, &plain, t, t);
        }
        let letters = ['é', 'Ж', 'ω', '’', '“', '€', '•', 'ł', 'Ñ', '\u{301}'];
        let texts = random_texts(&folding, 200);
        for (round, text) in texts.iter().enumerate() {
            let mut t = String::new();
            for (i, c) in text.chars().enumerate() {
                t.push(c);
                if (i * 7 + round) % 11 == 0 {
                    t.push(letters[(i + round) % letters.len()]);
                }
            }
            assert_same(
                &folding,
                &plain,
                &t,
                &format!("random text {round} with letters: {t:?}"),
            );
        }
    }

    /// A Kelvin sign reads as a k to a case-insensitive rule: such a text
    /// is searched as written, and the weight is still found.
    #[test]
    fn a_text_the_fold_cannot_keep_is_searched_as_written() {
        let (folding, plain) = fold_sets();
        let text = "Officers seized 3 \u{212A}G of cocaine and 2 kg of heroin.";
        assert!(crate::rules::fold::fold_text(text).is_none());
        let (a, b) = both(&folding, &plain, text);
        assert_eq!(a, b);
        let spans: Vec<&str> = a.iter().map(|k| &text[k.1..k.2]).collect();
        assert!(
            spans.iter().any(|s| s.contains('\u{212A}')),
            "the weight with a Kelvin sign is found: {spans:?}"
        );
    }

    /// A user's rule that puts a letter right before a unit ("wtkg 5 x"):
    /// its `needs` of `mass_unit` must not take the strict class that
    /// counts units only after a non-letter.
    #[test]
    fn a_letter_before_a_unit_keeps_the_loose_class() {
        let file = r#"[[rules]]
id = "seizure.lettered-unit"
kind = "seizure"
needs = ["mass_unit"]
pattern = '''\bwt(?P<unit>%{mass_unit})\s+(?P<qty>[0-9]+)\s+(?P<drug>x)\b'''
examples = [{ text = "wtkg 5 x", expect = { quantity = 5, unit = "kg" } }]
"#;
        let user = vec![("rules/mine.toml".to_string(), file.to_string())];
        let gated =
            RuleSet::from_layers(&[crate::rules::builtin_files(), user]).expect("rules load");
        let ri = gated
            .rules
            .iter()
            .position(|r| r.id == "seizure.lettered-unit")
            .unwrap();
        assert!(!gated.rules[ri]
            .letter_free
            .contains(&"mass_unit".to_string()));
        let mut open = gated.clone();
        open.gate.enabled = false;
        for text in ["Police found wtkg 5 x there.", "wtg 2 x"] {
            let (a, _) = both(&gated, &open, text);
            assert!(a.iter().any(|k| k.0 == ri), "{text}");
            assert_same(&gated, &open, text, text);
        }
    }

    /// Found by the property test: a date pattern matching across
    /// "Tuesday. 4 March 2024" hid the date in the second sentence.
    #[test]
    fn a_match_crossing_sentences_does_not_hide_the_next_one() {
        let rules = RuleSet::builtin().unwrap();
        let text = "Tuesday. 4 March 2024";
        let sentences = crate::text::split::split(text);
        assert_eq!(sentences.len(), 2);
        let found = run(&rules, text, &sentences, &[Kind::Date]);
        assert!(
            found
                .iter()
                .any(|m| &text[m.start..m.end] == "4 March 2024"),
            "{:?}",
            found
                .iter()
                .map(|m| &text[m.start..m.end])
                .collect::<Vec<_>>()
        );
    }

    fn matched(rule: usize) -> Match {
        Match {
            rule,
            start: 0,
            end: 1,
            sentence: 0,
            groups: Vec::new(),
        }
    }

    /// A rule run ahead of its turn (the one before it busy on another
    /// thread) has its matches kept aside until the rule before it has
    /// run: each article's matches still come in rule order.
    #[test]
    fn rules_run_out_of_turn_keep_rule_order() {
        let mut order = RuleOrder::new(&[10, 11, 12]);
        let mut outs = vec![Vec::new(), Vec::new()];
        let at = order.next(|ri| ri != 10).unwrap();
        assert_eq!(at, 1, "rule 10 is busy: rule 11 runs first");
        assert!(!order.in_turn(at));
        order.set_aside(at, vec![vec![matched(11)], vec![]]);
        order.done(at, &mut outs);
        assert!(outs.iter().all(Vec::is_empty), "11 waits for 10");
        let at = order.next(|_| true).unwrap();
        assert_eq!(at, 0);
        assert!(order.in_turn(at));
        outs[0].push(matched(10));
        outs[1].push(matched(10));
        order.done(at, &mut outs);
        assert_eq!(order.next(|_| false), Some(2), "all busy: the first left");
        order.done(2, &mut outs);
        assert_eq!(order.next(|_| true), None);
        let rules_of = |ms: &[Match]| ms.iter().map(|m| m.rule).collect::<Vec<_>>();
        assert_eq!(rules_of(&outs[0]), [10, 11]);
        assert_eq!(rules_of(&outs[1]), [10]);
    }

    /// With one rule's cache lent out (as to another thread), a batch runs
    /// that rule after the others and its matches are the same, in the
    /// same order; the cache given back is lent again.
    #[test]
    fn a_busy_rule_runs_later_with_the_same_matches() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        let (texts, splits) = prepared(crate::testing::corpus_texts());
        let docs = docs_of(&texts, &splits);
        let before = run_many(&rs, &docs, &ALL);
        let first = of_kinds(&rs, &ALL)[0];
        let re = rs.rules[first].engine_regex();
        let held = re.lend_cache();
        assert!(!re.cache_idle(), "its only cache is out");
        let during = run_many(&rs, &docs, &ALL);
        re.give_back(held);
        assert!(re.cache_idle());
        let as_keys = |v: Vec<Vec<Match>>| v.into_iter().map(keys).collect::<Vec<_>>();
        assert!(before.iter().flatten().any(|m| m.rule == first));
        assert_eq!(as_keys(before), as_keys(during));
    }

    /// The articles a rule searches come out in order across the words
    /// of its bitset (batches of more than 64 articles), and a rule's
    /// bits do not leak into the next rule's.
    #[test]
    fn searched_articles_cross_words() {
        let want: [Vec<usize>; 3] = [vec![0, 63, 64, 65, 129], vec![], vec![1, 127, 128]];
        let words = 3;
        let mut bits = vec![0u64; want.len() * words];
        for (at, ds) in want.iter().enumerate() {
            for &d in ds {
                bits[at * words + d / 64] |= 1 << (d % 64);
            }
        }
        let searched = Searched { bits, words };
        for (at, ds) in want.iter().enumerate() {
            assert_eq!(&searched.docs(at).collect::<Vec<_>>(), ds, "rule {at}");
        }
    }

    #[test]
    fn sentence_lookup() {
        let s = [
            Sentence {
                start: 0,
                end: 5,
                paragraph: 0,
            },
            Sentence {
                start: 7,
                end: 10,
                paragraph: 0,
            },
        ];
        assert_eq!(sentence_at(&s, 0), Some(0));
        assert_eq!(sentence_at(&s, 4), Some(0));
        assert_eq!(sentence_at(&s, 5), None);
        assert_eq!(sentence_at(&s, 7), Some(1));
        assert_eq!(sentence_at(&s, 10), None);
    }
}
