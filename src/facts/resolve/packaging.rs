//! Seizures that only restate another: containers of a weighed drug, and
//! unnamed drugs that echo a named quantity.

use super::remove_marked;
use crate::record::Seizure;
use crate::rules::{FxHashMap, FxHashSet};

/// Drops container counts that only package a weighed seizure of the
/// same drug ("18.72 kg of cocaine ... hidden in nine plastic bags": one
/// seizure, by its weight), and a quantity of unnamed drugs that repeats
/// a named seizure ("2,300 kg of ganja ... 2,300 kgs of narcotic
/// substances"), and containers of unnamed drugs.
///
/// Also drops bags, packages and wraps of one drug counted in the sentence
/// before (or earlier in the same one) a weight that refers back to them
/// ("45 bags of suspected cocaine ... The drugs weighed 112 pounds"): the
/// weight is stated for them, so they are its packaging. Not when that
/// stretch counts more than one drug ("53 packages of cocaine and one of
/// heroin ... combined weight 131 pounds").
pub(super) fn drop_packaging_and_echoes(
    seizures: &mut Vec<Seizure>,
    packaging: &[usize],
    weighed_by_ref: &[usize],
) {
    // Every look-up below is a set or a sorted list, not a scan of all
    // seizures per seizure: a huge article stays linear.
    let mut drop = vec![false; seizures.len()];
    for &w in weighed_by_ref {
        let ws = &seizures[w];
        // Seizures are in text order: those of this sentence and the one
        // before come right before `w`.
        let mut near: Vec<usize> = (0..w)
            .rev()
            .take_while(|&i| seizures[i].provenance.sentence + 1 >= ws.provenance.sentence)
            .filter(|&i| seizures[i].provenance.span[0] < ws.provenance.span[0])
            .collect();
        // Containers counted earlier in the weight's own sentence are what
        // it weighs, whatever the sentence before seized ("500 kg of
        // cannabis. … 64 parcels of cannabis indica (Colorado) weighing 32
        // kg": the parcels are the 32 kg's).
        let own = |&i: &usize| seizures[i].provenance.sentence == ws.provenance.sentence;
        if near.iter().any(own) {
            near.retain(own);
        }
        if !near.is_empty()
            && near
                .iter()
                .all(|&i| container(&seizures[i]) && seizures[i].drug == ws.drug)
        {
            near.into_iter().for_each(|i| drop[i] = true);
        }
    }
    let weighed: FxHashSet<&str> = seizures
        .iter()
        .filter(|s| s.grams.is_some())
        .map(|s| s.drug.as_str())
        .collect();
    for &i in packaging {
        if weighed.contains(seizures[i].drug.as_str()) {
            drop[i] = true;
        }
    }
    // Quantities of named drugs by unit, sorted, for the echoes.
    let mut named: FxHashMap<&str, Vec<f64>> = FxHashMap::default();
    for s in seizures.iter().filter(|s| s.drug != "unspecified") {
        named.entry(s.unit.as_str()).or_default().push(s.quantity);
    }
    named.values_mut().for_each(|v| v.sort_by(f64::total_cmp));
    let echoes = |s: &Seizure| {
        let Some(v) = named.get(s.unit.as_str()) else {
            return false;
        };
        // Within 3% of each other; the window is a little wider than that
        // and the test itself is exact.
        let q = s.quantity;
        v[v.partition_point(|x| *x < q * 0.96)..]
            .iter()
            .take_while(|x| **x <= q * 1.04)
            .any(|x| (q - x).abs() <= 0.03 * q.max(*x))
    };
    // Containers of no named drug ("50 jumbo bags of the illicit
    // substance") are no seizure either (gold conventions).
    for (i, s) in seizures.iter().enumerate() {
        if s.drug == "unspecified" && (echoes(s) || container(s)) {
            drop[i] = true;
        }
    }
    remove_marked(seizures, &drop);
}

/// A count of containers (bags, packages, wraps, blocks), which a weight
/// stated for them makes packaging.
fn container(s: &Seizure) -> bool {
    matches!(s.unit.as_str(), "bag" | "package" | "wrap" | "block")
}

/// Drops a weight that restates the one before it in other units, in
/// brackets right after it ("cocaine weighing 3 kilograms (6.6 pounds)",
/// "weighing 110 pounds (50 kilograms)"): one seizure, as "37 pounds (17
/// kilograms) of cocaine" is when one rule reads both. The two masses
/// agree within 5% (the bracket rounds). So does one after "or"
/// ("amounted to 66.8 kilograms (kg) or 147.2688 pounds").
pub(super) fn drop_bracketed_conversions(text: &str, seizures: &mut Vec<Seizure>) {
    let restates = |before: &Seizure, s: &Seizure| {
        let (Some(a), Some(b)) = (before.grams, s.grams) else {
            return false;
        };
        let [_, be] = before.provenance.span;
        let [ss, se] = s.provenance.span;
        before.drug == s.drug
            && be <= ss
            && (a - b).abs() <= 0.05 * a.max(b)
            && (text[be..ss].trim() == "(" && text[se..].trim_start().starts_with(')')
                || or_between(&text[be..ss]))
    };
    let drop: Vec<bool> = (0..seizures.len())
        .map(|i| i > 0 && restates(&seizures[i - 1], &seizures[i]))
        .collect();
    remove_marked(seizures, &drop);
}

/// The words between a weight and its conversion are "or", after the
/// unit's abbreviation in brackets or not: " (kg) or ", ", or ".
fn or_between(gap: &str) -> bool {
    let gap = gap.trim_start();
    let gap = match gap.strip_prefix('(').and_then(|g| g.split_once(')')) {
        Some((unit, rest)) if unit.len() <= 5 => rest,
        _ => gap,
    };
    gap.trim().trim_start_matches(',').trim() == "or"
}

/// Drops a count of containers written in brackets right after another
/// seizure, or inside its match: the containers are how it was packed
/// ("71,000 mandrax tablets (71 packets)", "14kg (14 bricks) of
/// cocaine"), not a second seizure.
pub(super) fn drop_bracketed_packaging(text: &str, seizures: &mut Vec<Seizure>) {
    // A bottle in brackets packs what is before it too ("2 litres of GBL
    // (4 bottles)").
    let container = |s: &Seizure| container(s) || s.unit == "bottle";
    // Where the bracket holding a seizure's count opens: its match ends
    // with it ("mandrax tablets (71 packets)"), or it is the match.
    let bracket = |s: &Seizure| {
        let [ss, se] = s.provenance.span;
        let own = &text[ss..se];
        if own.ends_with(')') {
            return own.rfind('(').map(|i| ss + i);
        }
        let before = text[..ss].trim_end();
        (before.ends_with('(') && text[se..].trim_start().starts_with(')'))
            .then(|| before.len() - 1)
    };
    let mut drop = vec![false; seizures.len()];
    for (i, s) in seizures.iter().enumerate() {
        let Some(open) = container(s).then(|| bracket(s)).flatten() else {
            continue;
        };
        // Seizures are in text order by start: the one packed starts
        // before the bracket and ends right before it, or holds it.
        drop[i] = seizures[..i].iter().rev().take(3).any(|t| {
            let [ts, te] = t.provenance.span;
            !container(t) && ts < open && (te > open || text[te..open].trim().is_empty())
        });
    }
    remove_marked(seizures, &drop);
}

/// Drops a count of containers that a weight of the same drug, earlier in
/// the sentence, was found in: "4.5 tons of cocaine hidden in over 4,200
/// packages of pressed cocaine" is one seizure, by its weight. The words
/// between end in "in" or "into" (a hedge such as "over" after it), with
/// no comma, semicolon or "and" among them: "10kg of cocaine in Dover and
/// 20 packages of cocaine" keeps both.
pub(super) fn drop_containers_holding_weight(text: &str, seizures: &mut Vec<Seizure>) {
    const HEDGES: [&str; 7] = [
        "over",
        "about",
        "around",
        "some",
        "approximately",
        "nearly",
        "more than",
    ];
    let holds = |gap: &str| {
        let mut g = gap.trim_end();
        // (a whole word: "handsome" ends in no hedge)
        if let Some(r) = HEDGES
            .iter()
            .find_map(|h| g.strip_suffix(h).filter(|r| r.ends_with(' ')))
        {
            g = r.trim_end();
        }
        gap.len() <= 60
            && (g.ends_with(" in") || g.ends_with(" into"))
            && !gap.contains([',', ';'])
            && !gap.contains(" and ")
    };
    let mut drop = vec![false; seizures.len()];
    for (i, c) in seizures.iter().enumerate() {
        if !container(c) {
            continue;
        }
        // Seizures are in text order by start: the weight is one of the
        // few right before.
        drop[i] = seizures[..i].iter().rev().take(3).any(|w| {
            let (we, cs) = (w.provenance.span[1], c.provenance.span[0]);
            w.grams.is_some()
                && w.drug == c.drug
                && w.provenance.sentence == c.provenance.sentence
                && we <= cs
                && holds(&text[we..cs])
        });
    }
    remove_marked(seizures, &drop);
}

/// Drops a rounded figure that restates an exact one of the same drug and
/// countable unit within 3% ("around 64 thousand yaba tablets" … "a total
/// of 63,765 yaba tablets"): one seizure, by its exact figure. Masses are
/// left alone: "almost 600 kilos" beside "598 kilos" is kept as written,
/// and within 3% they read as one fact anyway.
pub(super) fn drop_rounded_restatements(seizures: &mut Vec<Seizure>) {
    if !seizures.iter().any(|s| s.approximate && s.grams.is_none()) {
        return;
    }
    let mut exact: FxHashMap<(&str, &str), Vec<f64>> = FxHashMap::default();
    for s in seizures.iter().filter(|s| !s.approximate) {
        exact
            .entry((s.drug.as_str(), s.unit.as_str()))
            .or_default()
            .push(s.quantity);
    }
    let drop: Vec<bool> = seizures
        .iter()
        .map(|s| {
            s.approximate
                && s.grams.is_none()
                && exact
                    .get(&(s.drug.as_str(), s.unit.as_str()))
                    .is_some_and(|v| {
                        v.iter()
                            .any(|&x| x != s.quantity && (x - s.quantity).abs() <= 0.03 * x)
                    })
        })
        .collect();
    remove_marked(seizures, &drop);
}
