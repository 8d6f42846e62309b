//! Dates written with day and month words ("4 March", "March 4, 2024"),
//! and ranges of them ("4 to 10 March", "30 December 2023 - 2 January
//! 2024"), with the first part of a range that is not one.

use crate::engine::Match;
use crate::rules::contract::Field;
use crate::rules::RuleSet;

use super::calendar::valid;
use super::words::{
    is_verb_month, leading_number, month_number, range_follow_ok, yearless_context_ok,
};
use super::{Parsed, Ymd};

/// The parts of a range as the match gives them: both days, the months
/// and years where written.
struct Ends {
    d1: u32,
    d2: u32,
    m1: Option<u32>,
    m2: Option<u32>,
    y1: Option<i32>,
    y2: Option<i32>,
}

/// Dates written with day and month (and perhaps a second day and month):
/// single dates, ranges, and the first part of a range that is not one.
pub(super) fn read_day_month(
    rules: &RuleSet,
    text: &str,
    m: &Match,
) -> Option<(Parsed, usize, usize)> {
    let get = |f: Field| m.get(rules, text, f);
    let span = |f: Field| m.span(rules, f);
    let num = |f: Field| get(f).and_then(leading_number);
    let month_of = |f: Field| -> Option<Option<u32>> {
        match get(f) {
            None => Some(None),
            Some(t) => month_number(rules, t).map(Some),
        }
    };
    let year_of = |f: Field| get(f).and_then(|y| y.parse::<i32>().ok());

    let d1 = num(Field::Day);
    let d2 = num(Field::Day2);
    // "the 24 may be charged", "officers may 12 times": a lower-case "may"
    // by a plain number and no year is a verb.
    let suffix = |f: Field| get(f).is_some_and(|t| t.ends_with(|c: char| c.is_ascii_alphabetic()));
    let no_year = get(Field::Year).is_none() && get(Field::Year2).is_none();
    let verb_may = |df: Field, mf: Field| {
        no_year && !suffix(df) && get(mf).is_some_and(|t| is_verb_month(rules, t))
    };
    if verb_may(Field::Day, Field::Month) || verb_may(Field::Day2, Field::Month2) {
        return None;
    }
    let m1 = month_of(Field::Month)?;
    let m2 = month_of(Field::Month2)?;
    let (y1, y2) = (year_of(Field::Year), year_of(Field::Year2));

    // One date: "4 March", or "Tuesday (5 March)" written into day2/month2.
    let (d1, d2) = match (d1, d2) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => {
            if year_of(Field::Year).is_none()
                && !yearless_context_ok(text, m, span(Field::Day)?, span(Field::Month)?)
            {
                return None;
            }
            return Some((single(a, m1?, y1.or(y2))?, m.start, m.end));
        }
        (None, Some(b)) => return Some((single(b, m2?, y1.or(y2))?, m.start, m.end)),
        (None, None) => return None,
    };
    let ends = Ends {
        d1,
        d2,
        m1,
        m2,
        y1,
        y2,
    };
    read_range(rules, text, m, &ends)
}

/// One day, if it is a real one.
fn single(d: u32, mo: u32, y: Option<i32>) -> Option<Parsed> {
    let ymd = Ymd { y, m: mo, d };
    valid(ymd).then_some(Parsed::Day(ymd))
}

/// A range, else its first date (up to where the first part ends), else
/// its second.
fn read_range(
    rules: &RuleSet,
    text: &str,
    m: &Match,
    ends: &Ends,
) -> Option<(Parsed, usize, usize)> {
    let span = |f: Field| m.span(rules, f);
    let &Ends {
        d1,
        d2,
        m1,
        m2,
        y1,
        y2,
    } = ends;
    // Which month each end has depends on the rule's shape:
    // "4 to 10 March" (month2 only) or "March 4-10" (month only).
    let (mo1, mo2) = match (m1, m2) {
        (Some(a), Some(b)) => (a, b),
        (None, Some(b)) => (b, b),
        (Some(a), None) => (a, a),
        (None, None) => return None,
    };
    let first_end = [Field::Day, Field::Month, Field::Year]
        .into_iter()
        .filter_map(span)
        .map(|(_, e)| e)
        .max()?;
    let fallback_first = || -> Option<(Parsed, usize, usize)> {
        let mo = m1?;
        Some((single(d1, mo, y1)?, m.start, first_end))
    };
    let fallback_second = || -> Option<(Parsed, usize, usize)> {
        let (s, _) = span(Field::Day2)?;
        Some((single(d2, mo2, y2)?, s, m.end))
    };
    // "March 1, 2024 - 10 people were arrested", "March 4 - 7 arrests".
    // The word after the second date, not after the match: a rule may take
    // the small word that shows the number is a day ("Jan 5 and 6 for").
    let second_end = [Field::Day2, Field::Month2, Field::Year2]
        .into_iter()
        .filter_map(span)
        .map(|(_, e)| e)
        .max()
        .unwrap_or(m.end);
    if m2.is_none() && (y1.is_some() || !range_follow_ok(text, second_end)) {
        return fallback_first();
    }
    let same_month_backwards = mo1 == mo2 && d2 <= d1;
    // Two whole dates, each with its month and year: "between October 13,
    // 2017 and October 13, 2021" (a court's offence period).
    let both_whole = m1.is_some() && m2.is_some() && y1.is_some() && y2.is_some();
    let (y1, y2) = range_years((mo1, d1), (mo2, d2), y1, y2);
    let a = Ymd {
        y: y1,
        m: mo1,
        d: d1,
    };
    let b = Ymd {
        y: y2,
        m: mo2,
        d: d2,
    };
    let ordered = match (y1, y2) {
        (Some(p), Some(q)) => (p, mo1, d1) < (q, mo2, d2),
        _ => !same_month_backwards && (mo1, d1) != (mo2, d2),
    };
    // Ranges of more than about a year are not what these phrases mean,
    // unless both ends are written out whole.
    let span_ok = match (y1, y2) {
        (Some(p), Some(q)) => q - p <= 1 || both_whole,
        _ => true,
    };
    if !valid(a) || !valid(b) || !ordered || !span_ok || (y1.is_none() && mo2 < mo1 && m1.is_none())
    {
        return fallback_first().or_else(fallback_second);
    }
    Some((Parsed::Range(a, b), m.start, m.end))
}

/// The years of both ends of a range when the text gives one of them: the
/// other is the same year, or the one before or after when the range
/// crosses a new year.
fn range_years(
    (mo1, d1): (u32, u32),
    (mo2, d2): (u32, u32),
    y1: Option<i32>,
    y2: Option<i32>,
) -> (Option<i32>, Option<i32>) {
    match (y1, y2) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        (None, Some(b)) => (
            Some(if (mo1, d1) <= (mo2, d2) { b } else { b - 1 }),
            Some(b),
        ),
        (Some(a), None) => (
            Some(a),
            Some(if (mo2, d2) >= (mo1, d1) { a } else { a + 1 }),
        ),
        (None, None) => (None, None),
    }
}
