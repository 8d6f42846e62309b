//! Dates: from `date` rule matches (rules/dates.toml) to ISO 8601 facts.
//!
//! The rules find the phrases and name their parts (`day`, `month`,
//! `year`, `day2`, `month2`, `year2`, `num`, `iso`, `rel`, `weekday`,
//! `time`); this module checks them and turns them into dates:
//!
//! * a date with a day is `YYYY-MM-DD`; the year is the one the text gives
//!   for that date (a year at the end of a range applies to both ends),
//!   else the one that puts the date nearest before (or on) the reference
//!   date, else `XXXX`;
//! * a month is `YYYY-MM` (precision `month`), a year `YYYY` (precision `year`);
//! * a relative date ("last week", "on Tuesday") is resolved against the
//!   reference date, or keeps `start`/`end` null without one;
//! * `04/03/2024` is read day first or month first for the whole article:
//!   `Options::day_first`, else a numeric date that can only be read one
//!   way, else the cue words of lexicon `date_order`, else day first.
//!
//! The reference date is `Options::ref_date`, else the article's own date:
//! a dated line ("Posted on: 03/14/2024", "Published: 15 October 2024") or a
//! dateline at the top ("March 1, 2024 —").
//!
//! Everything here is linear in the number of matches plus one scan of the
//! text for cue words; no regex is compiled per call.
//!
//! The files: `read` (one match read, by form: `numeric`, `day_month`,
//! `words` around it, `time`), `stamp` (the article's own date), `fact`
//! (years filled in, future tense) and `relative`, over `calendar`
//! (arithmetic).

mod calendar;
mod day_month;
mod fact;
mod numeric;
mod read;
mod relative;
mod stamp;
mod time;
mod words;

#[cfg(test)]
mod tests;

pub use calendar::is_iso_date;
pub use stamp::read_stamp;

use crate::engine::Match;
use crate::options::Options;
use crate::record::DateFact;
use crate::rules::contract::Field;
use crate::rules::RuleSet;
use crate::text::split::Sentence;

use calendar::{civil, days, fmt_ymd, parse_iso};
use fact::{fact, future_tense};
use numeric::article_day_first;
use read::read;
use stamp::article_date;

/// A calendar day; `y` is None when the year is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd {
    y: Option<i32>,
    m: u32,
    d: u32,
}

/// What one match says, before years are filled in.
#[derive(Debug, Clone)]
enum Parsed {
    Day(Ymd),
    Range(Ymd, Ymd),
    Month(i32, u32),
    Year(i32),
    /// A relative phrase: lexicon `relative` canonical name.
    Rel(String),
    /// A weekday (0 = Monday) with the word before it ("last", "on", "next").
    Weekday(u32, String),
}

/// One match, read.
struct Reading {
    parsed: Parsed,
    start: usize,
    end: usize,
    sentence: usize,
    rule: usize,
    time: Option<String>,
}

/// A rule with `each = "yes"` names two single days of one month ("on 7
/// and 8 May 2019"): its range is two dates, each with its own span (the
/// first day's alone; the second from its day to the match's end).
fn split_each(rules: &RuleSet, m: &Match, r: Reading) -> Result<(Reading, Reading), Reading> {
    let (Parsed::Range(a, b), Some(d1), Some(d2), true) = (
        &r.parsed,
        m.span(rules, Field::Day),
        m.span(rules, Field::Day2),
        rules.rules[m.rule].set.each,
    ) else {
        return Err(r);
    };
    let (a, b) = (*a, *b);
    let first_start = m.span(rules, Field::Month).map_or(d1.0, |s| s.0.min(d1.0));
    let first = Reading {
        parsed: Parsed::Day(a),
        start: first_start,
        end: d1.1,
        sentence: r.sentence,
        rule: r.rule,
        time: None,
    };
    // the match may run on past the date (the word that shows the second
    // number is a day): the second date ends at its day, month or year
    let end = [Field::Day2, Field::Month2, Field::Year2]
        .into_iter()
        .filter_map(|f| m.span(rules, f))
        .map(|s| s.1)
        .max()
        .unwrap_or(d2.1);
    let second = Reading {
        parsed: Parsed::Day(b),
        start: d2.0,
        end: end.min(r.end),
        ..r
    };
    Ok((first, second))
}

/// Turns ranked `date` matches into date facts. `text` is the normalised article.
pub fn extract(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    matches: &[Match],
    options: &Options,
) -> Vec<DateFact> {
    extract_dated(rules, text, sentences, matches, options, None).0
}

/// [`extract`], given the page's publication stamp (read by
/// [`read_stamp`]); also returns the article's own date, `published`: the
/// stamp, else a dated line or dateline at the top.
pub fn extract_dated(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    matches: &[Match],
    options: &Options,
    stamp: Option<String>,
) -> (Vec<DateFact>, Option<String>) {
    let mut day_first: Option<bool> = options.day_first;
    let mut readings: Vec<Reading> = Vec::with_capacity(matches.len());
    for m in matches {
        if m.start >= m.end || m.end > text.len() {
            continue;
        }
        let needs_order = m.span(rules, Field::Num).is_some();
        if needs_order && day_first.is_none() {
            day_first = Some(article_day_first(rules, text, matches));
        }
        if let Some(r) = read(rules, text, m, day_first.unwrap_or(true)) {
            match split_each(rules, m, r) {
                Ok((a, b)) => readings.extend([a, b]),
                Err(r) => readings.push(r),
            }
        }
    }

    let published = stamp
        .as_deref()
        .and_then(parse_iso)
        .and_then(days)
        .or_else(|| article_date(text, &readings));
    let reference = options
        .ref_date
        .as_deref()
        .and_then(parse_iso)
        .and_then(days)
        .or(published);

    let facts = readings
        .iter()
        .filter_map(|r| {
            let future = reference.is_some() && future_tense(text, sentences, r);
            fact(rules, text, r, reference, future)
        })
        .collect();
    (facts, published.map(|d| fmt_ymd(civil(d))))
}
