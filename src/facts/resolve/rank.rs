//! Ranking of overlapping matches: the longest span, then rule priority,
//! then file order wins among matches of one kind; `exclude` matches veto
//! the facts inside them.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::engine::Match;
use crate::rules::contract::Field;
use crate::rules::{Kind, RuleSet};

/// Keeps the best of overlapping matches of each kind and drops matches
/// vetoed by an `exclude` rule. Returns the survivors in text order.
///
/// Works on indices into the matches, each moved once into the result:
/// sorting and partitioning the matches themselves moved every one of them
/// (and its captures) several times.
pub fn rank(rules: &RuleSet, mut matches: Vec<Match>) -> Vec<Match> {
    let kind = |m: &Match| rules.rules[m.rule].kind;
    drop_leads(rules, &mut matches);
    let mut excludes: Vec<usize> = Vec::new();
    // The rank order: longest span, then priority, then rule, then start;
    // the index last keeps equal keys in input order (a stable sort).
    let mut order: Vec<RankKey> = Vec::with_capacity(matches.len());
    for (i, m) in matches.iter().enumerate() {
        if kind(m) == Kind::Exclude {
            excludes.push(i);
        } else if free_of_veto(rules, m) {
            let rule = &rules.rules[m.rule];
            order.push((Reverse(m.len()), Reverse(rule.priority), m.rule, m.start, i));
        }
    }
    order.sort_unstable();
    excludes.sort_by_key(|&x| matches[x].start);
    let longest_exclude = excludes
        .iter()
        .map(|&x| matches[x].len())
        .max()
        .unwrap_or(0);
    let mut kept: Vec<usize> = Vec::with_capacity(order.len());
    // Per kind, accepted spans ordered by start, for overlap checks and
    // inserts in log time (a sorted Vec's inserts made long articles
    // quadratic). Two spans share a start only when the later is empty;
    // the one before `cs` that is checked is the one with the largest end,
    // as it was in the Vec.
    let mut taken: [BTreeSet<(usize, usize)>; KINDS] = Default::default();
    for &(.., i) in &order {
        let m = &matches[i];
        let kind = kind(m);
        // Excludes are sorted by start and short: only those starting
        // within `longest` bytes before this match can overlap it.
        // An exclude vetoes a seizure whose amount it covers (its core
        // span): "40,000 tablets of tramadol 200mg" keeps the tablets when
        // "tramadol 200mg" is excluded as a strength.
        let (cs, ce) = core_span(rules, m);
        let first = excludes.partition_point(|&x| matches[x].start + longest_exclude <= cs);
        let gap = name_to_unit(rules, m, (cs, ce));
        let vetoed = excludes[first..]
            .iter()
            .map(|&x| &matches[x])
            .take_while(|x| x.start < ce)
            .any(|x| {
                x.overlaps(cs, ce)
                    && !gap.is_some_and(|(gs, ge)| x.start >= gs && x.end <= ge)
                    && rules.rules[x.rule].set.suppresses(kind)
            });
        if vetoed {
            continue;
        }
        let spans = &mut taken[kind as usize];
        let clash_before = spans
            .range(..(cs, 0))
            .next_back()
            .is_some_and(|&(_, e)| e > cs);
        let clash_after = spans.range((cs, 0)..).next().is_some_and(|&(s, _)| s < ce);
        if clash_before || clash_after {
            continue;
        }
        spans.insert((cs, ce));
        kept.push(i);
    }
    kept.sort_by_key(|&i| (matches[i].start, matches[i].end));
    let mut slots: Vec<Option<Match>> = matches.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Starts each match after its `lead` capture, if it has one: context a
/// pattern read before the fact is not the fact's.
pub(super) fn drop_leads(rules: &RuleSet, matches: &mut [Match]) {
    for m in matches {
        if let Some((_, e)) = m.span(rules, Field::Lead) {
            m.start = e.clamp(m.start, m.end);
        }
    }
}

/// Longest span, highest priority, rule, start, then the match's index.
type RankKey = (Reverse<usize>, Reverse<i32>, usize, usize, usize);

/// How many kinds there are (`Kind as usize` indexes per-kind tables).
const KINDS: usize = Kind::Line as usize + 1;

/// A match stays unless it is vetoed and its rule has `veto_span =
/// "free"`: a vetoed match takes no span, so another rule may read the
/// text ("drugs – 20 grams of tik").
fn free_of_veto(rules: &RuleSet, m: &Match) -> bool {
    m.span(rules, Field::Veto).is_none() || !rules.rules[m.rule].set.veto_span_free
}

/// From the drug name to the unit, when a seizure's amount runs across
/// the name ("30,640 tramadol 225mg pills": the amount is the figure and
/// the unit). An exclude inside it (a strength after the name, "tramadol
/// 225mg", which `exclude.drug-strength` takes) is no amount, and the
/// figure before the name still counts the pills.
fn name_to_unit(rules: &RuleSet, m: &Match, (cs, ce): (usize, usize)) -> Option<(usize, usize)> {
    if rules.rules[m.rule].kind != Kind::Seizure {
        return None;
    }
    let (ds, de) = m.span(rules, Field::Drug)?;
    let (us, _) = m.span(rules, Field::Unit)?;
    (cs < ds && de < ce).then_some((ds, us))
}

/// The part of a match two facts of a kind may not share. For a seizure
/// it is the quantity and unit, so "24,100 fentanyl pills (weighing 2.8
/// kilograms)" gives two facts sharing the drug name; for other kinds it
/// is the whole match.
pub(super) fn core_span(rules: &RuleSet, m: &Match) -> (usize, usize) {
    let rule = &rules.rules[m.rule];
    if rule.kind != Kind::Seizure {
        return (m.start, m.end);
    }
    let core = [Field::Qty, Field::Unit, Field::Qty2, Field::Unit2]
        .into_iter()
        .filter_map(|f| m.span(rules, f))
        .fold(None, |acc: Option<(usize, usize)>, (s, e)| {
            Some(acc.map_or((s, e), |(a, b)| (a.min(s), b.max(e))))
        });
    match core {
        // A unit the rule sets is the word its match ends with ("90 Xanax
        // bars"): the amount runs to the end.
        Some((s, _)) if m.span(rules, Field::Unit).is_none() && rule.set.unit.is_some() => {
            (s, m.end)
        }
        Some(core) => core,
        None => (m.start, m.end),
    }
}
