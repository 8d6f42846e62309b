//! The index-based [`rank`] against the ranking it replaced (kept here as
//! the reference), on the matches of every corpus article.

use std::collections::{BTreeSet, HashMap};

use super::rank::{core_span, drop_leads, rank};
use crate::engine::{self, Match};
use crate::rules::contract::Field;
use crate::rules::{Kind, RuleSet};
use crate::text::split;

/// The ranking as it was: partition, stable sorts of the matches
/// themselves, accepted spans per kind in a map.
fn rank_before(rules: &RuleSet, mut matches: Vec<Match>) -> Vec<Match> {
    // (since: a `lead` capture is context, not part of the match)
    drop_leads(rules, &mut matches);
    let (mut excludes, mut rest): (Vec<Match>, Vec<Match>) = matches
        .into_iter()
        .partition(|m| rules.rules[m.rule].kind == Kind::Exclude);
    rest.retain(|m| {
        m.span(rules, Field::Veto).is_none() || !rules.rules[m.rule].set.veto_span_free
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
    let mut kept: Vec<Match> = Vec::new();
    let mut taken: HashMap<Kind, BTreeSet<(usize, usize)>> = HashMap::new();
    for m in rest {
        let kind = rules.rules[m.rule].kind;
        let (cs, ce) = core_span(rules, &m);
        let vetoed = excludes
            .iter()
            .any(|x| x.overlaps(m.start, m.end) && rules.rules[x.rule].set.suppresses(kind));
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

type Key = (usize, usize, usize, usize, Vec<Option<(usize, usize)>>);

fn keys(ms: &[Match]) -> Vec<Key> {
    ms.iter()
        .map(|m| (m.rule, m.start, m.end, m.sentence, m.groups.clone()))
        .collect()
}

#[test]
fn rank_keeps_what_the_old_ranking_kept_on_the_corpus() {
    let ex = crate::Extractor::new(RuleSet::builtin().expect("built-in rules load"));
    let kinds = [
        Kind::Seizure,
        Kind::Money,
        Kind::Count,
        Kind::Date,
        Kind::Exclude,
    ];
    let mut articles = 0;
    for entry in std::fs::read_dir("corpus").expect("corpus folder") {
        let path = entry.expect("corpus entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("article reads");
        let (norm, _) = ex.prepare(&text);
        let sentences = split::split(&norm);
        let matches = engine::run(&ex.rules, &norm, &sentences, &kinds);
        let want = keys(&rank_before(&ex.rules, matches.clone()));
        assert_eq!(keys(&rank(&ex.rules, matches)), want, "{}", path.display());
        articles += 1;
    }
    assert!(articles > 50, "only {articles} corpus articles");
}
