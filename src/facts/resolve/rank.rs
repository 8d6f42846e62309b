//! Ranking of overlapping matches: the longest span, then rule priority,
//! then file order wins among matches of one kind; `exclude` matches veto
//! the facts inside them.

use std::collections::{BTreeSet, HashMap};

use crate::engine::Match;
use crate::rules::contract::Field;
use crate::rules::{Kind, RuleSet};

/// Keeps the best of overlapping matches of each kind and drops matches
/// vetoed by an `exclude` rule. Returns the survivors in text order.
pub fn rank(rules: &RuleSet, matches: Vec<Match>) -> Vec<Match> {
    let (mut excludes, mut rest): (Vec<Match>, Vec<Match>) = matches
        .into_iter()
        .partition(|m| rules.rules[m.rule].kind == Kind::Exclude);
    // A rule with `veto_span = "free"`: a vetoed match takes no span, so
    // another rule may read the text ("drugs – 20 grams of tik").
    rest.retain(|m| {
        m.span(rules, Field::Veto).is_none()
            || rules.rules[m.rule]
                .set
                .get("veto_span")
                .is_none_or(|v| v != "free")
    });
    rest.sort_by(|a, b| {
        let (ra, rb) = (&rules.rules[a.rule], &rules.rules[b.rule]);
        b.len()
            .cmp(&a.len())
            .then(rb.priority.cmp(&ra.priority))
            .then(a.rule.cmp(&b.rule))
            .then(a.start.cmp(&b.start))
    });
    excludes.sort_by_key(|x| x.start);
    let longest_exclude = excludes.iter().map(Match::len).max().unwrap_or(0);
    let mut kept: Vec<Match> = Vec::with_capacity(rest.len());
    // Per kind, accepted spans ordered by start, for overlap checks and
    // inserts in log time (a sorted Vec's inserts made long articles
    // quadratic). Two spans share a start only when the later is empty;
    // the one before `cs` that is checked is the one with the largest end,
    // as it was in the Vec.
    let mut taken: HashMap<Kind, BTreeSet<(usize, usize)>> = HashMap::new();
    for m in rest {
        let kind = rules.rules[m.rule].kind;
        let (cs, ce) = core_span(rules, &m);
        // Excludes are sorted by start and short: only those starting
        // within `longest` bytes before this match can overlap it.
        let first = excludes.partition_point(|x| x.start + longest_exclude <= m.start);
        let vetoed = excludes[first..]
            .iter()
            .take_while(|x| x.start < m.end)
            .any(|x| {
                x.overlaps(m.start, m.end)
                    && rules.rules[x.rule]
                        .set
                        .get("suppress")
                        .is_none_or(|s| s.split(',').any(|k| k.trim() == kind.name()))
            });
        if vetoed {
            continue;
        }
        let spans = taken.entry(kind).or_default();
        let clash_before = spans
            .range(..(cs, 0))
            .next_back()
            .is_some_and(|&(_, e)| e > cs);
        let clash_after = spans.range((cs, 0)..).next().is_some_and(|&(s, _)| s < ce);
        if clash_before || clash_after {
            continue;
        }
        spans.insert((cs, ce));
        kept.push(m);
    }
    kept.sort_by_key(|m| (m.start, m.end));
    kept
}

/// The part of a match two facts of a kind may not share. For a seizure
/// it is the quantity and unit, so "24,100 fentanyl pills (weighing 2.8
/// kilograms)" gives two facts sharing the drug name; for other kinds it
/// is the whole match.
fn core_span(rules: &RuleSet, m: &Match) -> (usize, usize) {
    if rules.rules[m.rule].kind != Kind::Seizure {
        return (m.start, m.end);
    }
    [Field::Qty, Field::Unit, Field::Qty2, Field::Unit2]
        .into_iter()
        .filter_map(|f| m.span(rules, f))
        .fold(None, |acc: Option<(usize, usize)>, (s, e)| {
            Some(acc.map_or((s, e), |(a, b)| (a.min(s), b.max(e))))
        })
        .unwrap_or((m.start, m.end))
}
