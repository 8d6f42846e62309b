//! Counts that only break a stated total down ("including 12 rifles",
//! "two men were arrested" after "45 people arrested") are dropped.

use std::collections::HashMap;

use super::remove_marked;
use crate::record::Count;
use crate::rules::contract::Lex;
use crate::rules::matcher::LexiconRegex;
use crate::rules::{FxHashMap, Lexicon, RuleSet};
use crate::text::floor_char;
use crate::text::split::Sentence;

/// The lexicon `count_cue` and its search, looked up once per article.
type Cues<'a> = (&'a LexiconRegex, &'a Lexicon);

/// Cue words of the lexicon `count_cue` in `text[from..to]`, as their
/// canonical names (`part_of`, `added_to`, `approximately`).
fn count_cues<'a, 'r>(
    (re, lex): Cues<'a>,
    text: &'r str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = &'a str> + 'r
where
    'a: 'r,
{
    let (from, to) = (floor_char(text, from), floor_char(text, to));
    re.find_iter(&text[from..to.max(from)])
        .filter_map(move |m| lex.canonical(m.as_str()))
}

/// Maps keyed by a count's kind: FxHash, as the rule set's lexicons (SipHash
/// was a tenth of this step).
type ByKind<'c, V> = FxHashMap<&'c str, V>;

/// Bytes either side of a count of drug lines or networks searched for
/// the word that closed them.
const CLOSED_REACH: usize = 150;

/// A sentence of at most this many words is a list item ("• 10 vehicles",
/// "Two cars"), under a heading that says what was taken; one that opens on
/// a bullet may have twice as many ("- 17 firearms and 9 luxury vehicles").
const LIST_ITEM_WORDS: usize = 6;

/// A figure of at most this is an incident-level part of any larger total.
const SMALL: f64 = 5.0;

/// A larger figure that is more than this share of an earlier total is a
/// part of it (13 of 49 arrests); a far smaller one is a total of a
/// narrower scope (the day's 99 arrests after the campaign's 23,647).
const PART_OF: f64 = 20.0;

/// Counts are the totals an article states: a figure that only breaks a
/// stated total down is dropped (gold conventions). A count goes when
/// - an approximate figure ("more than 200 arrests") is restated exactly
///   nearby ("206 arrests"): the exact one is kept;
/// - it is announced as a part ("including 12 rifles", "Among the arrestees
///   are 638 ...") of a larger count of its kind stated before it;
/// - it is a smaller figure in a later sentence than a total of its kind:
///   one of at most [`SMALL`] after any larger figure ("45 people
///   arrested" ... "two men were arrested at an address in Dover"), or one
///   of more than a [`PART_OF`]th of a total the body (not a headline)
///   states ("49 suspects had been arrested" ... "the Spanish Civil Guard
///   arrested 13 suspects") unless it is stated as a total itself
///   (`stated_total`: "a total of 187 persons ... were arrested", the
///   total of another scope);
///
/// unless words of addition ("a further", "another", "other") go with it,
/// or the smaller figures add up to more than the small figure they were
/// taken to break down ([`keep_parts_beyond_their_total`]: incidents of a
/// round-up).
pub(super) fn drop_breakdowns(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    counts: &mut Vec<Count>,
) {
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| counts[i].provenance.span[0]);
    let lexicon = rules
        .lexicon_regex(Lex::CountCue)
        .zip(rules.lexicon(Lex::CountCue));
    let mut cues: Vec<CueSet> = counts
        .iter()
        .map(|c| lexicon.map_or(CueSet::default(), |l| cues_of(l, text, sentences, c)))
        .collect();
    mark_dash_parts(text, counts, &order, &mut cues);
    mark_parts_of_a_later_total(counts, &order, &mut cues);
    let mut exact: ByKind<Vec<f64>> = HashMap::default();
    for (c, cue) in counts.iter().zip(&cues) {
        if !cue.approximately {
            exact.entry(c.what.as_str()).or_default().push(c.value);
        }
    }
    for v in exact.values_mut() {
        v.sort_by(f64::total_cmp);
    }
    let mut drop = vec![false; counts.len()];
    // The largest earlier figure of each kind, over all earlier counts and
    // over those of earlier sentences only.
    let mut before: ByKind<Seen> = HashMap::default();
    // The counts dropped only as parts by their size, with the small total
    // they were taken to break down.
    let mut parts: Vec<(usize, f64)> = Vec::new();
    // Drug lines or networks count only where they were closed: "five
    // county lines supplying drugs" or the headline "County lines: 1,500
    // arrested" close none (when the lexicon names closing words at all).
    let closing_known = lexicon.is_some_and(|(_, l)| l.canonical("closed") == Some("closed"));
    // Vehicles count only where words in their sentence say they were
    // taken, or alone in a list item ("• 10 vehicles"): "Four vehicles
    // tried to avoid a checkpoint", "two cars driven by the arrestees"
    // took none.
    let taking_known = lexicon.is_some_and(|(_, l)| l.canonical("taken") == Some("taken"));
    for &i in &order {
        let c = &counts[i];
        let cue = &cues[i];
        if closing_known && c.what == "networks" && !cue.closed
            || taking_known && c.what == "vehicles" && !cue.taken
        {
            drop[i] = true;
            continue;
        }
        if cue.approximately {
            let restated = exact.get(c.what.as_str()).is_some_and(|v| {
                // "more than 30" may be restated as 34, but a rounded figure
                // is never far above the precise one: "almost 600" is not
                // restated by a part of it ("500 men and 86 women")
                let lo = v.partition_point(|x| *x < c.value * 0.9);
                v[lo..]
                    .iter()
                    .take_while(|x| **x <= c.value * 1.25)
                    .any(|x| *x != c.value)
            });
            drop[i] = restated;
        }
        let entry = before.entry(c.what.as_str()).or_insert(Seen {
            sentence: usize::MAX,
            ..Seen::default()
        });
        // Every figure seen so far is of an earlier sentence once a later
        // sentence is reached.
        if entry.sentence != c.provenance.sentence {
            entry.earlier = entry.any;
            entry.earlier_body = entry.body;
            entry.sentence = c.provenance.sentence;
        }
        let Seen {
            any,
            earlier,
            earlier_body,
            ..
        } = *entry;
        let (any_max, earlier_sentence_max) = (any.value, earlier.value);
        // "Nearly 1,500 … were arrested" … "Some 1,468 people were
        // arrested": the precise figure of a rounded total, not a part.
        let precise_restatement = earlier_body.approx && c.value >= earlier_body.value * 0.9;
        let small_part = c.value <= SMALL && earlier_sentence_max > c.value;
        let part = !cue.stated_total
            && !precise_restatement
            && earlier_body.value > c.value
            && c.value * PART_OF > earlier_body.value;
        let largest = if part { earlier_body } else { earlier };
        let total = largest.value;
        // An item of a list after a larger figure of another item is its
        // sibling, not its part: a round-up's "- Seven men were arrested
        // …" then "- Two men were arrested …".
        let sibling = cue.bullet && largest.bullet;
        let (small_part, part) = (small_part && !sibling, part && !sibling);
        if cue.added_to && (small_part || part) && total <= SMALL {
            // A figure said to be another incident ("A day earlier, …
            // three") still weighs in the sum that shows the others are
            // no parts either ("arrested two" besides it, after "four").
            parts.push((i, total));
        }
        if !cue.added_to {
            if cue.part_of_later {
                drop[i] = true;
            }
            if cue.part_of && any_max > c.value {
                drop[i] = true;
            }
            if small_part || part {
                // (A larger total is broken down in overlapping ways:
                // "arresting eight men" … "Seven of the eight" … "five
                // other men".)
                if !drop[i] && total <= SMALL {
                    parts.push((i, total));
                }
                drop[i] = true;
            }
        }
        if drop[i] {
            continue;
        }
        let figure = Largest {
            value: c.value,
            approx: cue.approximately,
            bullet: cue.bullet,
        };
        if c.value > entry.any.value {
            entry.any = figure;
        }
        if !in_headline(text, sentences, c) && c.value > entry.body.value {
            entry.body = figure;
        }
    }
    keep_parts_beyond_their_total(counts, &parts, &mut drop);
    drop_group_parts(counts, &cues, &mut drop);
    remove_marked(counts, &drop);
}

/// Smaller figures that add up to more than the small total they were
/// taken to break down are no parts of it: they are the separate incidents
/// of a round-up ("Four suspects were arrested" in one town, then "arrested two
/// suspects" and "arrested three men" in others). Each distinct figure is
/// added once, as a repeated one ("the two men") is likely the same.
fn keep_parts_beyond_their_total(counts: &[Count], parts: &[(usize, f64)], drop: &mut [bool]) {
    let mut by_total: FxHashMap<(&str, u64), Vec<usize>> = FxHashMap::default();
    for &(i, total) in parts {
        by_total
            .entry((counts[i].what.as_str(), total.to_bits()))
            .or_default()
            .push(i);
    }
    for ((_, total), members) in by_total {
        let mut values: Vec<f64> = members.iter().map(|&i| counts[i].value).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        if values.iter().sum::<f64>() > f64::from_bits(total) {
            for i in members {
                drop[i] = false;
            }
        }
    }
}

/// The largest figures of a kind seen so far: of every count (`any`), of
/// those in sentences before the current one (`earlier`), and the same of
/// the counts outside headlines (`body`, `earlier_body`).
#[derive(Default, Clone, Copy)]
struct Seen {
    any: Largest,
    earlier: Largest,
    body: Largest,
    earlier_body: Largest,
    sentence: usize,
}

/// One of the largest figures [`Seen`] keeps, with what its count said.
#[derive(Default, Clone, Copy)]
struct Largest {
    value: f64,
    /// Stated as approximate ("more than 200").
    approx: bool,
    /// Stands in an item of a list.
    bullet: bool,
}

/// Whether a count stands in a headline (a sentence with no closing
/// punctuation): a headline's round figure ("85 arrested") is no total
/// that the body's own figures break down.
fn in_headline(text: &str, sentences: &[Sentence], c: &Count) -> bool {
    sentences
        .get(c.provenance.sentence)
        .and_then(|s| text.get(s.start..s.end))
        .is_some_and(crate::text::ends_open)
}

/// Drops the groups of one phrase ("500 men and 86 women were arrested",
/// two counts of one match) that add up to a total of their kind the
/// article states elsewhere: exactly, or within a tenth of a rounded one
/// ("Almost 600 ... arrested"). Totals are looked up in sorted figures,
/// so a long article stays linear-logarithmic.
fn drop_group_parts(counts: &[Count], cues: &[CueSet], drop: &mut [bool]) {
    // By match span and kind: the groups' sum and the counts in it.
    type Groups<'c> = FxHashMap<([usize; 2], &'c str), (f64, Vec<usize>)>;
    let mut groups: Groups = FxHashMap::default();
    for (i, c) in counts.iter().enumerate() {
        let g = groups
            .entry((c.provenance.span, c.what.as_str()))
            .or_default();
        g.0 += c.value;
        g.1.push(i);
    }
    if groups.values().all(|(_, members)| members.len() < 2) {
        return;
    }
    // Every figure of a kind, with whether it is approximate, sorted.
    let mut figures: ByKind<Vec<(f64, bool, [usize; 2])>> = HashMap::default();
    for (c, cue) in counts.iter().zip(cues) {
        figures.entry(c.what.as_str()).or_default().push((
            c.value,
            cue.approximately,
            c.provenance.span,
        ));
    }
    for v in figures.values_mut() {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    for ((span, what), (sum, members)) in &groups {
        if members.len() < 2 {
            continue;
        }
        let Some(v) = figures.get(what) else { continue };
        // Candidates lie between sum / 1.1 and sum / 0.9.
        let lo = v.partition_point(|f| f.0 < sum / 1.1);
        let total = v[lo..]
            .iter()
            .take_while(|f| f.0 <= sum / 0.9)
            .any(|&(value, approx, s)| {
                s != *span
                    && (value == *sum || approx && *sum <= value * 1.1 && *sum >= value * 0.9)
            });
        if total {
            for &i in members {
                drop[i] = true;
            }
        }
    }
}

/// How far after a total its parts may run.
const REACH: usize = 120;

/// The counts before the `k`th of `order` in its sentence, nearest first,
/// no further back than `back` bytes: a long article stays linear.
fn just_before<'o>(
    counts: &'o [Count],
    order: &'o [usize],
    k: usize,
    back: usize,
) -> impl Iterator<Item = usize> + 'o {
    let c = &counts[order[k]].provenance;
    let start = c.span[0];
    order[..k].iter().rev().copied().take_while(move |&t| {
        let p = &counts[t].provenance;
        p.sentence == c.sentence && start - p.span[0].min(start) <= back
    })
}

/// Marks as parts the counts a dash or colon opens after a count of their
/// kind in the same sentence: "five firearms – three rifles ... and two
/// shotguns", "12 firearms: five handguns and seven rifles". Only a dash
/// right after the total: the dash of a dateline ("(WLCS) — A sweep led to
/// 75 arrests") follows no count.
fn mark_dash_parts(text: &str, counts: &[Count], order: &[usize], cues: &mut [CueSet]) {
    for (k, &i) in order.iter().enumerate() {
        let c = &counts[i];
        let start = c.provenance.span[0];
        let opened = just_before(counts, order, k, 4 * REACH).any(|t| {
            let total = &counts[t];
            let end = total.provenance.span[1];
            total.what == c.what
                && end <= start
                && start - end <= REACH
                && text.get(end..start).is_some_and(|between| {
                    between
                        .trim_start()
                        .starts_with(['\u{2013}', '\u{2014}', ':'])
                        && !between.contains(['.', ';'])
                })
        });
        if opened {
            cues[i].part_of = true;
        }
    }
}

/// Marks as parts the smaller counts of a kind before a total that says
/// so (cue `total_follows`) in their sentence ("two key members were
/// arrested in Croatia, out of a total of 16 arrests").
fn mark_parts_of_a_later_total(counts: &[Count], order: &[usize], cues: &mut [CueSet]) {
    for (k, &i) in order.iter().enumerate() {
        let c = &counts[i];
        if !cues[i].total_follows {
            continue;
        }
        for p in just_before(counts, order, k, 2 * REACH) {
            if counts[p].what == c.what && counts[p].value < c.value {
                cues[p].part_of_later = true;
            }
        }
    }
}

/// The cues that go with a count (the canonical names of `count_cue`
/// the rules act on): flags, not a list of names per count.
#[derive(Debug, Default, Clone, Copy)]
struct CueSet {
    part_of: bool,
    /// A part of a total stated after it in its sentence ("two were
    /// arrested in Croatia, out of a total of 16 arrests").
    part_of_later: bool,
    /// Words right before it say it is a total of the counts before it
    /// (`total_follows`: "out of a total of").
    total_follows: bool,
    added_to: bool,
    approximately: bool,
    /// Words right before it state it as a total (`stated_total`: "a
    /// total of").
    stated_total: bool,
    /// Words near it in its sentence say something was closed (`closed`:
    /// "dismantled", "shut down"): drug lines or networks count only then
    /// (looked for only in counts of networks).
    closed: bool,
    /// Words in its sentence say something was taken (`taken`: "seized",
    /// "impounded"), or the sentence is a short list item: vehicles
    /// count only then (looked for only in counts of vehicles).
    taken: bool,
    /// Its sentence opens on a bullet: an item of a list.
    bullet: bool,
}

/// The cues that go with a count: `part_of` and `added_to` in the words
/// before it in its sentence, `added_to` inside it, `part_of` at its start,
/// `approximately` right before it.
fn cues_of(cues: Cues, text: &str, sentences: &[Sentence], c: &Count) -> CueSet {
    let [s, e] = c.provenance.span;
    let from = sentences
        .get(c.provenance.sentence)
        .map_or(0, |x| x.start)
        .max(s.saturating_sub(80));
    let mut found = CueSet::default();
    for cue in count_cues(cues, text, from, s) {
        match cue {
            // the cue nearer the figure wins: "Further, a total of 19
            // traffickers including 11 Indian and 8 Foreigners were
            // arrested" lists parts of the 19, not figures beyond it
            "part_of" => {
                found.part_of = true;
                found.added_to = false;
            }
            "added_to" => found.added_to = true,
            _ => {}
        }
    }
    found.added_to |= count_cues(cues, text, s, e).any(|c| c == "added_to");
    // A match that opens on its group ("Of these, 14 suspects were
    // arrested") is a part of it.
    found.part_of |= count_cues(cues, text, s, e.min(s + 10)).any(|c| c == "part_of");
    // Only counts of networks need it: the search is skipped for the rest.
    if c.what == "networks" {
        let sentence = sentences.get(c.provenance.sentence);
        let to = sentence.map_or(text.len(), |x| x.end).min(e + CLOSED_REACH);
        let near = sentence
            .map_or(0, |x| x.start)
            .max(s.saturating_sub(CLOSED_REACH));
        found.closed = count_cues(cues, text, near, to).any(|c| c == "closed");
    }
    let (from, to) = sentences
        .get(c.provenance.sentence)
        .map_or((0, text.len()), |x| (x.start, x.end));
    let sentence = text.get(from..to).unwrap_or("").trim_start();
    found.bullet = sentence.starts_with(['-', '•', '*', '–', '·', '▪']);
    if c.what == "vehicles" {
        let words = sentence.split_whitespace().count();
        found.taken = words <= LIST_ITEM_WORDS
            || found.bullet && words <= 2 * LIST_ITEM_WORDS
            || count_cues(cues, text, from, to).any(|c| c == "taken");
    }
    // Only the words right before a figure make it approximate, or a
    // total of the figures before it.
    for cue in count_cues(cues, text, s.saturating_sub(24).max(from), e) {
        match cue {
            "approximately" => found.approximately = true,
            "total_follows" => found.total_follows = true,
            "stated_total" => found.stated_total = true,
            _ => {}
        }
    }
    found
}
