//! One `date` match read into what it says ([`Parsed`]), or rejected when
//! it is not a date after all.

use crate::engine::Match;
use crate::rules::contract::{Field, Lex};
use crate::rules::RuleSet;

use super::calendar::parse_iso;
use super::day_month::read_day_month;
use super::numeric::{numeric_edges_ok, read_numeric};
use super::time::parse_time;
use super::words::{month_number, weekday_number, word_before, year_follow_ok};
use super::{Parsed, Reading};

/// Reads one match; None when it is not a date after all.
pub(super) fn read(rules: &RuleSet, text: &str, m: &Match, day_first: bool) -> Option<Reading> {
    let mut time = time_of(rules, text, m);
    let (parsed, start, end) = parse(rules, text, m, day_first)?;
    let relative = matches!(parsed, Parsed::Weekday(..) | Parsed::Rel(_));
    if end < m.end && !relative {
        // A fallback to the first part of a range: a time after the range
        // is not ours.
        time = None;
    }
    Some(Reading {
        parsed,
        start,
        end: trim_full_stop(rules, text, m, end),
        sentence: m.sentence,
        rule: m.rule,
        time,
    })
}

/// The time of day the match gives (`time`, or a `_time0` group).
fn time_of(rules: &RuleSet, text: &str, m: &Match) -> Option<String> {
    let time = m.get(rules, text, Field::Time).and_then(parse_time);
    if time.is_some() {
        return time;
    }
    let rule = &rules.rules[m.rule];
    if let Some(i) = rule.group_index("_time0") {
        if let Some(Some((s, e))) = m.groups.get(i) {
            return text.get(*s..*e).and_then(parse_time);
        }
    }
    None
}

/// What the match says, by the parts it captured, with the span it covers
/// (shorter than the match when only the first part of a range is a date).
fn parse(
    rules: &RuleSet,
    text: &str,
    m: &Match,
    day_first: bool,
) -> Option<(Parsed, usize, usize)> {
    let get = |f: Field| m.get(rules, text, f);
    let span = |f: Field| m.span(rules, f);
    let parsed = if let Some(iso) = get(Field::Iso) {
        let (s, e) = span(Field::Iso)?;
        if !numeric_edges_ok(text, s, e) {
            return None;
        }
        Parsed::Day(parse_iso(iso)?)
    } else if let Some(num) = get(Field::Num) {
        let (s, e) = span(Field::Num)?;
        if !numeric_edges_ok(text, s, e) {
            return None;
        }
        read_numeric(num, day_first)?
    } else if get(Field::Day).is_some() || get(Field::Day2).is_some() {
        return read_day_month(rules, text, m);
    } else if let Some(month) = get(Field::Month) {
        let mo = month_number(rules, month)?;
        let y: i32 = get(Field::Year)?.parse().ok()?;
        Parsed::Month(y, mo)
    } else if let Some(year) = get(Field::Year) {
        let (_, e) = span(Field::Year)?;
        if !year_follow_ok(text, e) {
            return None;
        }
        Parsed::Year(year.parse().ok()?)
    } else if get(Field::Weekday).is_some() {
        let (s, e) = relative_words(rules, m)?;
        return Some((read_weekday(rules, text, m)?, s, e));
    } else if let Some(rel) = get(Field::Rel) {
        let canonical = rules.lexicon(Lex::Relative)?.canonical(rel)?;
        let (s, e) = relative_words(rules, m)?;
        return Some((Parsed::Rel(canonical.to_string()), s, e));
    } else {
        return None;
    };
    Some((parsed, m.start, m.end))
}

/// The words of a relative date (its `rel` and `weekday` parts, and the
/// part of the day a `_daypart` group captures: "Tuesday night") without
/// the time of day around them: "10:15 pm on Monday" is "Monday", its time
/// kept apart. A relative date is no calendar date, and its text should
/// not read as one.
fn relative_words(rules: &RuleSet, m: &Match) -> Option<(usize, usize)> {
    let daypart = rules.rules[m.rule]
        .group_index("_daypart")
        .and_then(|i| m.groups.get(i).copied().flatten());
    let parts = [
        m.span(rules, Field::Rel),
        m.span(rules, Field::Weekday),
        daypart,
    ];
    let start = parts.iter().flatten().map(|p| p.0).min()?;
    let end = parts.iter().flatten().map(|p| p.1).max()?;
    Some((start, end))
}

/// A weekday with the word before it ("last Tuesday", "on Friday"); not an
/// abbreviation on its own, nor "Good Friday", "Black Friday".
fn read_weekday(rules: &RuleSet, text: &str, m: &Match) -> Option<Parsed> {
    let wd = m.get(rules, text, Field::Weekday)?;
    let (ws, _) = m.span(rules, Field::Weekday)?;
    let rel = m
        .get(rules, text, Field::Rel)
        .map(|r| r.to_ascii_lowercase())
        .unwrap_or_default();
    let full = wd.trim_end_matches('.');
    if full.len() < 6 && rel.is_empty() {
        return None;
    }
    if full.len() < 6
        && full.chars().all(|c| c.is_ascii_lowercase())
        && matches!(full, "sun" | "sat" | "wed" | "mon")
    {
        return None;
    }
    if matches!(
        word_before(text, ws).to_ascii_lowercase().as_str(),
        "good" | "black" | "ash" | "easter" | "holy" | "cyber" | "maundy" | "super" | "blue"
    ) {
        return None;
    }
    Some(Parsed::Weekday(weekday_number(rules, wd)?, rel))
}

/// "... to Sunday 13 October." ends the sentence: the full stop is not
/// the abbreviation dot the patterns allow ("Dec. 6").
fn trim_full_stop(rules: &RuleSet, text: &str, m: &Match, end: usize) -> usize {
    if text.as_bytes().get(end.wrapping_sub(1)) != Some(&b'.') {
        return end;
    }
    let full_month = [Field::Month, Field::Month2].into_iter().any(|f| {
        m.span(rules, f).is_some_and(|(s, e)| {
            e + 1 == end
                && text.get(s..e).is_some_and(|t| {
                    rules
                        .lexicon(Lex::Month)
                        .and_then(|l| l.canonical(t))
                        .is_some_and(|c| c.len() == t.len())
                })
        })
    });
    if full_month {
        end - 1
    } else {
        end
    }
}
