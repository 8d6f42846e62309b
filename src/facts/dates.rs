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

use crate::engine::Match;
use crate::options::Options;
use crate::record::{DateFact, Provenance};
use crate::rules::contract::Field;
use crate::rules::contract::Lex;
use crate::rules::RuleSet;
use crate::text::split::Sentence;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

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

/// Reads the date of a publication stamp (the text [`crate::engine::lines`] set
/// aside as one): its first full calendar day, `YYYY-MM-DD`.
pub fn read_stamp(rules: &RuleSet, stamp: &str, options: &Options) -> Option<String> {
    let sentences = crate::text::split::split(stamp);
    let matches = crate::engine::run(rules, stamp, &sentences, &[crate::rules::Kind::Date]);
    let ranked = crate::facts::resolve::rank(rules, matches);
    let only = Options {
        ref_date: None,
        day_first: options.day_first,
    };
    extract(rules, stamp, &sentences, &ranked, &only)
        .into_iter()
        .filter(|f| f.precision == "day")
        .find_map(|f| f.start.filter(|s| !s.starts_with('X')))
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
            readings.push(r);
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

/// Reads one match; None when it is not a date after all.
fn read(rules: &RuleSet, text: &str, m: &Match, day_first: bool) -> Option<Reading> {
    let rule = &rules.rules[m.rule];
    let get = |f: Field| m.get(rules, text, f);
    let span = |f: Field| m.span(rules, f);
    let mut start = m.start;
    let mut end = m.end;
    let mut time = get(Field::Time).and_then(parse_time);
    if time.is_none() {
        if let Some(i) = rule
            .regex()
            .capture_names()
            .position(|n| n == Some("_time0"))
        {
            if let Some(Some((s, e))) = m.groups.get(i) {
                time = text.get(*s..*e).and_then(parse_time);
            }
        }
    }

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
        let (parsed, s, e) = read_calendar(rules, text, m)?;
        start = s;
        end = e;
        if e < m.end {
            // A fallback to the first part: a time after the range is not ours.
            time = None;
        }
        parsed
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
    } else if let Some(wd) = get(Field::Weekday) {
        let (ws, _) = span(Field::Weekday)?;
        let rel = get(Field::Rel)
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
        Parsed::Weekday(weekday_number(rules, wd)?, rel)
    } else if let Some(rel) = get(Field::Rel) {
        let canonical = rules.lexicon(Lex::Relative)?.canonical(rel)?;
        Parsed::Rel(canonical.to_string())
    } else {
        return None;
    };
    // "... to Sunday 13 October." ends the sentence: the full stop is not
    // the abbreviation dot the patterns allow ("Dec. 6").
    if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'.') {
        let full_month = [Field::Month, Field::Month2].into_iter().any(|f| {
            span(f).is_some_and(|(s, e)| {
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
            end -= 1;
        }
    }
    Some(Reading {
        parsed,
        start,
        end,
        sentence: m.sentence,
        rule: m.rule,
        time,
    })
}

/// Dates written with day and month (and perhaps a second day and month):
/// single dates, ranges, and the first part of a range that is not one.
fn read_calendar(rules: &RuleSet, text: &str, m: &Match) -> Option<(Parsed, usize, usize)> {
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
    let single = |d: u32, mo: u32, y: Option<i32>| -> Option<Parsed> {
        let ymd = Ymd { y, m: mo, d };
        valid(ymd).then_some(Parsed::Day(ymd))
    };
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

    // A range. Which month each end has depends on the rule's shape:
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
    if m2.is_none() && (y1.is_some() || !range_follow_ok(text, m.end)) {
        return fallback_first();
    }
    let same_month_backwards = mo1 == mo2 && d2 <= d1;
    let (y1, y2) = match (y1, y2) {
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
    };
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
    // Ranges of more than about a year are not what these phrases mean.
    let span_ok = match (y1, y2) {
        (Some(p), Some(q)) => q - p <= 1,
        _ => true,
    };
    if !valid(a) || !valid(b) || !ordered || !span_ok || (y1.is_none() && mo2 < mo1 && m1.is_none())
    {
        return fallback_first().or_else(fallback_second);
    }
    Some((Parsed::Range(a, b), m.start, m.end))
}

/// A yearless day-month date must not be a count after "in":
/// "In August 12 people were arrested".
fn yearless_context_ok(text: &str, m: &Match, day: (usize, usize), month: (usize, usize)) -> bool {
    let _ = m;
    if day.0 > month.0 {
        // Day after month: "August 12".
        let before = word_before(text, month.0).to_ascii_lowercase();
        if before == "in" || before == "during" || before == "by" {
            let rest = text.get(day.1..).unwrap_or("");
            let has_suffix = rest.starts_with(|c: char| c.is_ascii_alphabetic());
            if !has_suffix {
                let next = next_word(text, day.1);
                if next.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && !CONTINUATIONS.contains(&next.as_str())
                {
                    return false;
                }
            }
        }
    }
    true
}

const CONTINUATIONS: [&str; 28] = [
    "and",
    "in",
    "at",
    "when",
    "the",
    "with",
    "for",
    "by",
    "as",
    "after",
    "before",
    "while",
    "during",
    "this",
    "last",
    "police",
    "officers",
    "across",
    "inclusive",
    "which",
    "where",
    "to",
    "until",
    "through",
    "on",
    "from",
    "but",
    "or",
];

/// After a range with no second month ("March 4-10"), the next word must
/// not make the second number a count ("March 4 - 10 people").
fn range_follow_ok(text: &str, end: usize) -> bool {
    let next = next_word(text, end);
    !next.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        || CONTINUATIONS.contains(&next.as_str())
}

/// After "in 2022": not a count ("in 2000 small bags") or part of a number.
fn year_follow_ok(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some('%'), _) | (Some('/'), _) => return false,
        (Some('-' | ',' | '.'), Some(c)) if c.is_ascii_digit() => return false,
        _ => {}
    }
    let next = next_word(text, end);
    if next.is_empty() {
        return true;
    }
    let first = next.chars().next().unwrap_or(' ');
    !first.is_ascii_lowercase()
        || CONTINUATIONS.contains(&next.as_str())
        || matches!(
            next.as_str(),
            "he" | "she" | "they" | "we" | "was" | "were" | "had" | "has" | "that" | "a" | "an"
        )
}

/// The word right after byte `end`, skipping spaces (empty at punctuation).
fn next_word(text: &str, end: usize) -> String {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.trim_start_matches(' ');
    rest.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .take(40)
        .collect()
}

/// The word right before byte `start`, skipping spaces.
fn word_before(text: &str, start: usize) -> String {
    let head = text.get(..start).unwrap_or("");
    let head = head.trim_end_matches(' ');
    let w: Vec<char> = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .take(40)
        .collect();
    w.into_iter().rev().collect()
}

/// A month word written in lower case that is more likely a verb ("may").
fn is_verb_month(rules: &RuleSet, t: &str) -> bool {
    let t = t.trim_end_matches('.');
    t.chars().all(|c| c.is_ascii_lowercase())
        && rules.lexicon(Lex::Month).and_then(|l| l.canonical(t)) == Some("may")
}

fn month_number(rules: &RuleSet, t: &str) -> Option<u32> {
    let c = rules
        .lexicon(Lex::Month)?
        .canonical(t.trim_end_matches('.'))?;
    MONTHS.iter().position(|m| *m == c).map(|i| i as u32 + 1)
}

fn weekday_number(rules: &RuleSet, t: &str) -> Option<u32> {
    let c = rules
        .lexicon(Lex::Weekday)?
        .canonical(t.trim_end_matches('.'))?;
    WEEKDAYS.iter().position(|m| *m == c).map(|i| i as u32)
}

/// The number at the start of "4th", "21st", "04".
fn leading_number(t: &str) -> Option<u32> {
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(4)
        .collect();
    digits.parse().ok()
}

/// Rejects a numeric date that is part of something longer: "1.2.3.2024",
/// "12/3/4/2024", "2024-03-04-01".
fn numeric_edges_ok(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    if s > 0 && matches!(b[s - 1], b'/' | b'.' | b'-') && s >= 2 && b[s - 2].is_ascii_digit() {
        return false;
    }
    if s > 0 && b[s - 1].is_ascii_digit() {
        return false;
    }
    if e < b.len() {
        if b[e] == b'/' || b[e].is_ascii_digit() {
            return false;
        }
        if matches!(b[e], b'.' | b'-') && e + 1 < b.len() && b[e + 1].is_ascii_digit() {
            return false;
        }
    }
    true
}

/// A numeric date ("04/03/2024") or two of them ("04/03/2024 - 10/03/2024").
fn read_numeric(t: &str, day_first: bool) -> Option<Parsed> {
    let mut groups: Vec<(u32, usize, char)> = Vec::with_capacity(6);
    let mut cur = String::new();
    let mut sep = ' ';
    for c in t.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                if cur.len() > 4 || groups.len() >= 6 {
                    return None;
                }
                groups.push((cur.parse().ok()?, cur.len(), sep));
                cur.clear();
            }
            if matches!(c, '/' | '.' | '-') && sep == ' ' {
                sep = c;
            }
        }
    }
    let one = |g: &[(u32, usize, char)]| -> Option<Ymd> {
        let (a, b, (y, ylen, _)) = (g[0].0, g[1].0, g[2]);
        let y = match ylen {
            4 => y as i32,
            2 => {
                if y < 70 {
                    2000 + y as i32
                } else {
                    1900 + y as i32
                }
            }
            _ => return None,
        };
        // Dotted dates are European, day first.
        let df = day_first || g[0].2 == '.';
        let (d, m) = if df { (a, b) } else { (b, a) };
        let ymd = Ymd { y: Some(y), m, d };
        if valid(ymd) {
            return Some(ymd);
        }
        let swapped = Ymd {
            y: Some(y),
            m: d,
            d: m,
        };
        valid(swapped).then_some(swapped)
    };
    match groups.len() {
        3 => one(&groups).map(Parsed::Day),
        6 => {
            let a = one(&groups[..3])?;
            let b = one(&groups[3..])?;
            (days(a)? < days(b)?).then_some(Parsed::Range(a, b))
        }
        _ => None,
    }
}

/// Whether the article writes 04/03/2024 day first.
fn article_day_first(rules: &RuleSet, text: &str, matches: &[Match]) -> bool {
    // A numeric date that can only be read one way decides.
    let (mut df, mut mf) = (0usize, 0usize);
    for m in matches {
        let Some(num) = m.get(rules, text, Field::Num) else {
            continue;
        };
        let parts: Vec<u32> = num
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        for pair in parts.chunks(3) {
            if pair.len() == 3 {
                if pair[0] > 12 && pair[1] <= 12 {
                    df += 1;
                } else if pair[1] > 12 && pair[0] <= 12 {
                    mf += 1;
                }
            }
        }
    }
    if df != mf {
        return df > mf;
    }
    // Else the words of the article.
    let (Some(re), Some(lex)) = (
        rules.lexicon_regex(Lex::DateOrder),
        rules.lexicon(Lex::DateOrder),
    ) else {
        return true;
    };
    let (mut d, mut mo) = (0usize, 0usize);
    for hit in re.find_iter(text) {
        match lex.canonical(hit.as_str()) {
            Some("day_first") => d += 1,
            Some("month_first") => mo += 1,
            _ => {}
        }
    }
    d >= mo
}

/// The article's own date: a dated line ("Posted on: 03/14/2024",
/// "Published: 15 October 2024") anywhere, or a date opening one of the
/// first lines ("March 1, 2024 —", "LAKE CITY, March 1, 2024 —").
fn article_date(text: &str, readings: &[Reading]) -> Option<i64> {
    for r in readings {
        let Parsed::Day(ymd) = r.parsed else { continue };
        if ymd.y.is_none() {
            continue;
        }
        // Only a short line head can date an article; looking back a bounded
        // distance keeps this linear.
        let lo = crate::text::floor_char(text, r.start.saturating_sub(120));
        let head = text.get(lo..r.start)?;
        let line_start = match head.rfind('\n') {
            Some(i) => lo + i + 1,
            None if lo == 0 => 0,
            None => continue,
        };
        let prefix = text.get(line_start..r.start)?.trim();
        let lower: String = prefix
            .to_ascii_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == ' ' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let dated = words.iter().any(|w| {
            matches!(
                *w,
                "posted"
                    | "published"
                    | "updated"
                    | "released"
                    | "issued"
                    | "date"
                    | "dated"
                    | "modified"
            )
        }) && words.len() <= 5;
        let top = r.start < 600
            && !prefix.chars().any(|c| c.is_lowercase())
            && prefix.chars().count() <= 40;
        if dated || top {
            return days(ymd);
        }
    }
    None
}

/// Builds the fact for one reading, resolving years and relative dates.
/// Words before a date in its sentence that put it after the reference
/// date: "will appear in court on 28 October", "sentencing is set for Sept. 12".
fn future_tense(text: &str, sentences: &[Sentence], r: &Reading) -> bool {
    let Some(s) = sentences.get(r.sentence) else {
        return false;
    };
    let from = crate::text::ceil_char(text, s.start.max(r.start.saturating_sub(160))).min(r.start);
    let Some(before) = text.get(from..r.start) else {
        return false;
    };
    let before = before.to_ascii_lowercase();
    FUTURE_CUES.iter().any(|c| before.contains(c))
}

const FUTURE_CUES: [&str; 13] = [
    "will ",
    "'ll ",
    "\u{2019}ll ",
    "is due",
    "are due",
    "due to",
    "scheduled",
    "set for",
    "to appear",
    "next court",
    "adjourned",
    "remanded",
    "upcoming",
];

/// Builds the fact for one reading, resolving years and relative dates;
/// `future`: a yearless or relative date is the nearest on or after the
/// reference date rather than on or before it.
fn fact(
    rules: &RuleSet,
    text: &str,
    r: &Reading,
    reference: Option<i64>,
    future: bool,
) -> Option<DateFact> {
    let reference_ymd = reference.map(civil);
    let fill = |ymd: Ymd| -> Ymd {
        match (ymd.y, reference_ymd) {
            (Some(_), _) | (None, None) => ymd,
            (None, Some((ry, rm, rd))) => {
                let (mut y, step) = if future {
                    (
                        if (ymd.m, ymd.d) >= (rm, rd) {
                            ry
                        } else {
                            ry + 1
                        },
                        1,
                    )
                } else {
                    (
                        if (ymd.m, ymd.d) <= (rm, rd) {
                            ry
                        } else {
                            ry - 1
                        },
                        -1,
                    )
                };
                // 29 February: the nearest leap year.
                for _ in 0..8 {
                    if valid(Ymd { y: Some(y), ..ymd }) {
                        break;
                    }
                    y += step;
                }
                Ymd { y: Some(y), ..ymd }
            }
        }
    };
    let day = |n: i64| Some(fmt_ymd(civil(n)));
    let (start, end, precision, relative): (Option<String>, Option<String>, &str, bool) =
        match &r.parsed {
            Parsed::Day(ymd) => {
                let s = fmt(fill(*ymd));
                (Some(s.clone()), Some(s), "day", false)
            }
            Parsed::Range(a, b) => {
                let (a, b) = match (a.y, b.y, reference_ymd) {
                    (None, None, Some(_)) if future => {
                        let a2 = fill(*a);
                        let y = a2.y.unwrap_or(0);
                        let b2 = Ymd {
                            y: Some(if (b.m, b.d) >= (a.m, a.d) { y } else { y + 1 }),
                            ..*b
                        };
                        (a2, b2)
                    }
                    (None, None, Some(_)) => {
                        let b2 = fill(*b);
                        let y = b2.y.unwrap_or(0);
                        let a2 = Ymd {
                            y: Some(if (a.m, a.d) <= (b.m, b.d) { y } else { y - 1 }),
                            ..*a
                        };
                        (a2, b2)
                    }
                    _ => (*a, *b),
                };
                (Some(fmt(a)), Some(fmt(b)), "day", false)
            }
            Parsed::Month(y, m) => {
                let s = format!("{y:04}-{m:02}");
                (Some(s.clone()), Some(s), "month", false)
            }
            Parsed::Year(y) => {
                let s = format!("{y:04}");
                (Some(s.clone()), Some(s), "year", false)
            }
            Parsed::Weekday(wd, rel) => match reference {
                None => (None, None, "day", true),
                Some(n) => {
                    let today = weekday_of(n) as i64;
                    let target = *wd as i64;
                    let back = (today - target).rem_euclid(7);
                    let d = match rel.split_whitespace().next().unwrap_or("") {
                        "last" => n - if back == 0 { 7 } else { back },
                        "next" => {
                            let fwd = (target - today).rem_euclid(7);
                            n + if fwd == 0 { 7 } else { fwd }
                        }
                        _ if rel.contains("past") => n - if back == 0 { 7 } else { back },
                        _ if future => n + (target - today).rem_euclid(7),
                        _ => n - back,
                    };
                    (day(d), day(d), "day", true)
                }
            },
            Parsed::Rel(name) => match reference {
                None => {
                    let p = match name.as_str() {
                        "last month" | "this month" | "next month" => "month",
                        "last year" | "this year" => "year",
                        _ => "day",
                    };
                    (None, None, p, true)
                }
                Some(n) => {
                    let (ry, rm, _) = civil(n);
                    let monday = n - weekday_of(n) as i64;
                    let month = |y: i32, m: u32| Some(format!("{y:04}-{m:02}"));
                    match name.as_str() {
                        "yesterday" | "last night" => (day(n - 1), day(n - 1), "day", true),
                        "today" => (day(n), day(n), "day", true),
                        "tomorrow" => (day(n + 1), day(n + 1), "day", true),
                        "day before yesterday" => (day(n - 2), day(n - 2), "day", true),
                        "last week" => (day(monday - 7), day(monday - 1), "day", true),
                        "this week" => (day(monday), day(monday + 6), "day", true),
                        "earlier this week" => (day(monday), day((n - 1).max(monday)), "day", true),
                        "next week" => (day(monday + 7), day(monday + 13), "day", true),
                        "weekend" => {
                            let sunday = n - ((weekday_of(n) as i64 + 1) % 7);
                            (day(sunday - 1), day(sunday), "day", true)
                        }
                        "earlier this month" => {
                            let first = days(Ymd {
                                y: Some(ry),
                                m: rm,
                                d: 1,
                            })?;
                            (day(first), day((n - 1).max(first)), "day", true)
                        }
                        "last month" => {
                            let (y, m) = if rm == 1 { (ry - 1, 12) } else { (ry, rm - 1) };
                            (month(y, m), month(y, m), "month", true)
                        }
                        "this month" => (month(ry, rm), month(ry, rm), "month", true),
                        "next month" => {
                            let (y, m) = if rm == 12 { (ry + 1, 1) } else { (ry, rm + 1) };
                            (month(y, m), month(y, m), "month", true)
                        }
                        "last year" => (
                            Some(format!("{:04}", ry - 1)),
                            Some(format!("{:04}", ry - 1)),
                            "year",
                            true,
                        ),
                        "this year" => (
                            Some(format!("{ry:04}")),
                            Some(format!("{ry:04}")),
                            "year",
                            true,
                        ),
                        _ => (None, None, "day", true),
                    }
                }
            },
        };
    let span_text = text.get(r.start..r.end)?.to_string();
    Some(DateFact {
        start,
        end,
        precision: precision.to_string(),
        relative,
        time: r.time.clone(),
        provenance: Provenance {
            text: span_text,
            span: [r.start, r.end],
            sentence: r.sentence,
            rule: rules.rules[r.rule].id.clone(),
        },
    })
}

/// "08:35" from "8:35am", "8.35 p.m.", "2030hrs", "20:30", "noon".
fn parse_time(t: &str) -> Option<String> {
    let lower = t.trim().to_ascii_lowercase();
    match lower.as_str() {
        "noon" | "midday" => return Some("12:00".into()),
        "midnight" => return Some("00:00".into()),
        _ => {}
    }
    let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
    let letters: String = lower.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let (mut h, mi): (u32, u32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    let pm = letters.starts_with('p');
    let am = letters.starts_with('a');
    if pm || am {
        if !(1..=12).contains(&h) {
            return None;
        }
        if pm && h != 12 {
            h += 12;
        }
        if am && h == 12 {
            h = 0;
        }
    }
    (h < 24 && mi < 60).then(|| format!("{h:02}:{mi:02}"))
}

/// Whether `t` is exactly a calendar date written `YYYY-MM-DD` (the form a
/// reference date takes on the command line).
pub fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && parse_iso(t).is_some()
}

/// "2024-03-04" → the date.
fn parse_iso(t: &str) -> Option<Ymd> {
    let t = t.trim();
    let t = t
        .get(..10)
        .filter(|_| t.len() >= 10 && t.is_char_boundary(10))
        .unwrap_or(t);
    let mut it = t.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    let ymd = Ymd { y: Some(y), m, d };
    valid(ymd).then_some(ymd)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: Option<i32>, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !is_leap(y) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

fn valid(d: Ymd) -> bool {
    (1..=12).contains(&d.m)
        && d.d >= 1
        && d.d <= days_in_month(d.y, d.m)
        && d.y.is_none_or(|y| (1800..=2199).contains(&y))
}

/// Days since 1970-01-01 (proleptic Gregorian), for a date with a year.
fn days(d: Ymd) -> Option<i64> {
    let y = d.y? as i64 - if d.m <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = d.m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// The date of a day number.
fn civil(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + if m <= 2 { 1 } else { 0 }) as i32, m, d)
}

/// 0 = Monday.
fn weekday_of(n: i64) -> u32 {
    (n + 3).rem_euclid(7) as u32
}

fn fmt(d: Ymd) -> String {
    match d.y {
        Some(y) => format!("{y:04}-{:02}-{:02}", d.m, d.d),
        None => format!("XXXX-{:02}-{:02}", d.m, d.d),
    }
}

fn fmt_ymd((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Kind;

    fn rules() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::builtin().expect("rules load"))
    }

    fn run(text: &str, ref_date: Option<&str>, day_first: Option<bool>) -> Vec<DateFact> {
        let rules = rules();
        // One sentence per line, so these tests do not depend on the splitter.
        let mut sentences = Vec::new();
        let mut pos = 0;
        for (i, line) in text.split('\n').enumerate() {
            if !line.is_empty() {
                sentences.push(Sentence {
                    start: pos,
                    end: pos + line.len(),
                    paragraph: i,
                });
            }
            pos += line.len() + 1;
        }
        let matches = crate::engine::run(rules, text, &sentences, &[Kind::Date]);
        let ranked = crate::facts::resolve::rank(rules, matches);
        let options = Options {
            ref_date: ref_date.map(str::to_string),
            day_first,
        };
        extract(rules, text, &sentences, &ranked, &options)
    }

    fn spans(text: &str, ref_date: Option<&str>) -> Vec<(Option<String>, Option<String>)> {
        run(text, ref_date, None)
            .into_iter()
            .map(|f| (f.start, f.end))
            .collect()
    }

    fn one(s: &str) -> Vec<(Option<String>, Option<String>)> {
        vec![(Some(s.to_string()), Some(s.to_string()))]
    }

    fn range(a: &str, b: &str) -> Vec<(Option<String>, Option<String>)> {
        vec![(Some(a.to_string()), Some(b.to_string()))]
    }

    #[test]
    fn calendar_forms() {
        assert_eq!(
            spans("Officers raided it on March 4.", None),
            one("XXXX-03-04")
        );
        assert_eq!(
            spans("Officers raided it on 4 March.", None),
            one("XXXX-03-04")
        );
        assert_eq!(spans("It was 4th March 2024.", None), one("2024-03-04"));
        assert_eq!(spans("It was Monday 4 March.", None), one("XXXX-03-04"));
        assert_eq!(spans("It was Tuesday (March 5).", None), one("XXXX-03-05"));
        assert_eq!(spans("It was Dec. 6 at the port.", None), one("XXXX-12-06"));
        assert_eq!(
            spans("It was Sept. 12 at the port.", None),
            one("XXXX-09-12")
        );
        assert_eq!(
            spans("It was December 6, 2023, at the port.", None),
            one("2023-12-06")
        );
        assert_eq!(spans("It was 2024-03-04.", None), one("2024-03-04"));
        assert_eq!(
            spans("on or about March 4, 2022, he", None),
            one("2022-03-04")
        );
        assert_eq!(spans("Thursday, 21st November", None), one("XXXX-11-21"));
        assert_eq!(spans("on the 13th of July, 2024", None), one("2024-07-13"));
    }

    #[test]
    fn ranges_are_one_fact() {
        assert_eq!(
            spans("between March 4 and March 10", None),
            range("XXXX-03-04", "XXXX-03-10")
        );
        assert_eq!(
            spans("from 4 to 10 March", None),
            range("XXXX-03-04", "XXXX-03-10")
        );
        assert_eq!(
            spans("ran 4-10 March 2024.", None),
            range("2024-03-04", "2024-03-10")
        );
        assert_eq!(
            spans("ran March 4-10.", None),
            range("XXXX-03-04", "XXXX-03-10")
        );
        assert_eq!(
            spans("between 4 and 10 March", None),
            range("XXXX-03-04", "XXXX-03-10")
        );
        assert_eq!(
            spans("from 16 to 22 September 2024", None),
            range("2024-09-16", "2024-09-22")
        );
        assert_eq!(
            spans("between Monday 13 May and Sunday 19 May", None),
            range("XXXX-05-13", "XXXX-05-19")
        );
        assert_eq!(
            spans("from Dec. 28, 2023 to Jan. 3, 2024", None),
            range("2023-12-28", "2024-01-03")
        );
        assert_eq!(
            spans("from 28 December to 3 January 2024", None),
            range("2023-12-28", "2024-01-03")
        );
        assert_eq!(
            spans("Monday 7 October to Sunday 13 October", None),
            range("XXXX-10-07", "XXXX-10-13")
        );
    }

    #[test]
    fn month_and_year_precision() {
        let f = run("The inquiry began in March 2023.", None, None);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].start.as_deref(), f[0].precision.as_str()),
            (Some("2023-03"), "month")
        );
        let f = run("He was convicted in 2022.", None, None);
        assert_eq!(
            (f[0].start.as_deref(), f[0].precision.as_str()),
            (Some("2022"), "year")
        );
    }

    #[test]
    fn numeric_order_from_article() {
        assert_eq!(
            spans("Gardaí in Cork seized it on 04/03/2024.", None),
            one("2024-03-04")
        );
        assert_eq!(
            spans(
                "The U.S. Attorney in Ohio said on 04/03/2024 it was seized.",
                None
            ),
            one("2024-04-03")
        );
        assert_eq!(spans("It was 03/14/2024 and 04/03/2024.", None).len(), 2);
        assert_eq!(
            spans("It was 03/14/2024 and 04/03/2024.", None)[1],
            (Some("2024-04-03".into()), Some("2024-04-03".into()))
        );
        let f = run("Gardaí said 04/03/2024.", None, Some(false));
        assert_eq!(f[0].start.as_deref(), Some("2024-04-03"));
    }

    #[test]
    fn not_dates() {
        for t in [
            "Support is available 24/7.",
            "Call 999 or 101.",
            "Version 1.2.3 is out.",
            "At 8:35am officers arrived.",
            "A 24-year-old man, aged 32.",
            "He had £4,000 and 12% of the shares.",
            "Section 2 of the Misuse of Drugs Act, 1971.",
            "The match ended 4-1.",
            "They may 12 times check.",
            "In August 12 people were arrested.",
        ] {
            let f: Vec<DateFact> = run(t, None, None)
                .into_iter()
                .filter(|f| !f.relative)
                .collect();
            assert!(f.is_empty(), "{t}: {f:?}");
        }
        assert_eq!(spans("Incident 0914 of 3 July.", None), one("XXXX-07-03"));
    }

    #[test]
    fn reference_dates() {
        let r = Some("2024-03-15"); // a Friday
        assert_eq!(spans("It was March 4.", r), one("2024-03-04"));
        assert_eq!(spans("It was December 4.", r), one("2023-12-04"));
        assert_eq!(
            spans("It happened last week.", r),
            range("2024-03-04", "2024-03-10")
        );
        assert_eq!(spans("It happened on Tuesday.", r), one("2024-03-12"));
        assert_eq!(spans("It happened yesterday.", r), one("2024-03-14"));
        assert_eq!(
            spans("It happened over the weekend.", r),
            range("2024-03-09", "2024-03-10")
        );
        assert_eq!(
            spans("It happened earlier this month.", r),
            range("2024-03-01", "2024-03-14")
        );
        assert_eq!(
            spans("between December 28 and January 3", r),
            range("2023-12-28", "2024-01-03")
        );
        let f = run("It happened last week.", None, None);
        assert_eq!((f[0].start.clone(), f[0].relative), (None, true));
    }

    #[test]
    fn future_dates_after_reference() {
        let r = Some("2024-10-15"); // a Tuesday
        assert_eq!(
            spans("She will appear in court on 28 October.", r),
            one("2024-10-28")
        );
        assert_eq!(
            spans("Sentencing is scheduled for Sept. 12.", r),
            one("2025-09-12")
        );
        assert_eq!(
            spans("He will appear in court on Thursday.", r),
            one("2024-10-17")
        );
        assert_eq!(
            spans("He was arrested on 28 October.", r),
            one("2023-10-28")
        );
        let f = run("It ran from 7 October to 13 October.", None, None);
        assert_eq!(f[0].provenance.text, "from 7 October to 13 October");
    }

    #[test]
    fn reference_from_article() {
        let t = "Posted on: 03/14/2024\nDeputies arrested him on Tuesday, March 12. He was seen yesterday.";
        let f = run(t, None, None);
        let s: Vec<Option<&str>> = f.iter().map(|f| f.start.as_deref()).collect();
        assert_eq!(
            s,
            vec![Some("2024-03-14"), Some("2024-03-12"), Some("2024-03-13")]
        );
        let t = "Published: 15 October 2024\nOfficers arrested a man on 3 October.";
        assert_eq!(run(t, None, None)[1].start.as_deref(), Some("2024-10-03"));
        let t = "March 1, 2024 — Officers seized drugs on Feb. 20.";
        assert_eq!(run(t, None, None)[1].start.as_deref(), Some("2024-02-20"));
    }

    #[test]
    fn times() {
        let f = run(
            "Police were called at 10.20pm on Saturday 8 June.",
            None,
            None,
        );
        assert_eq!(f[0].time.as_deref(), Some("22:20"));
        assert_eq!(parse_time("8:35am").as_deref(), Some("08:35"));
        assert_eq!(parse_time("2030hrs").as_deref(), Some("20:30"));
        assert_eq!(parse_time("12 a.m.").as_deref(), Some("00:00"));
    }

    #[test]
    fn calendar_arithmetic() {
        for n in [-1000i64, -1, 0, 1, 19_000, 19_797, 60_000] {
            let (y, m, d) = civil(n);
            assert_eq!(days(Ymd { y: Some(y), m, d }), Some(n));
        }
        assert_eq!(
            weekday_of(
                days(Ymd {
                    y: Some(2024,),
                    m: 3,
                    d: 4
                })
                .unwrap()
            ),
            0
        );
    }

    #[test]
    fn token_soup_is_linear_and_safe() {
        let toks = [
            "4",
            "March",
            "Mar.",
            "between",
            "and",
            "to",
            "-",
            "\u{2013}",
            "12/03/2024",
            "2024-03-04",
            "Tuesday",
            "(",
            "March 5",
            ")",
            "last",
            "week",
            "yesterday",
            "on",
            "Sept.",
            "12,",
            "2024",
            "1996",
            "in",
            "\u{a3}",
            "$",
            "24/7",
            "8:35am",
            "at",
            "6pm",
            "the",
            "4th",
            "of",
            "May",
            "may",
            "Dec.",
            "31",
            "29",
            "February",
            "from",
            "16",
            "22",
            "September",
            "\u{e9}",
            "\u{201c}",
            "\n",
            ".",
            ",",
            "Posted on:",
            "Published:",
            "Garda",
            "Sheriff",
            "0914",
            "\u{2014}",
        ];
        let mut seed: u64 = 7;
        let mut text = String::new();
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(toks[(seed >> 33) as usize % toks.len()]);
            text.push(' ');
        }
        let t0 = std::time::Instant::now();
        let facts = run(&text, None, None);
        assert!(!facts.is_empty());
        let _ = run(&text, Some("2024-03-15"), Some(false));
        assert!(t0.elapsed().as_secs() < 20, "too slow: {:?}", t0.elapsed());
    }

    /// Relative dates against a Friday (2024-03-15) and across a year
    /// boundary (Wednesday 2024-01-03): the window of each phrase.
    #[test]
    fn relative_date_windows() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "2024-03-15",
                "It ran last week.",
                "2024-03-04",
                "2024-03-10",
            ),
            (
                "2024-03-15",
                "Earlier this week police acted.",
                "2024-03-11",
                "2024-03-14",
            ),
            (
                "2024-03-15",
                "This week police acted.",
                "2024-03-11",
                "2024-03-17",
            ),
            (
                "2024-03-15",
                "Yesterday police acted.",
                "2024-03-14",
                "2024-03-14",
            ),
            (
                "2024-03-15",
                "On Tuesday police acted.",
                "2024-03-12",
                "2024-03-12",
            ),
            (
                "2024-03-15",
                "Earlier this month police acted.",
                "2024-03-01",
                "2024-03-14",
            ),
            (
                "2024-03-15",
                "Last weekend police acted.",
                "2024-03-09",
                "2024-03-10",
            ),
            (
                "2024-03-15",
                "Last month police acted.",
                "2024-02",
                "2024-02",
            ),
            ("2024-03-15", "Last year police acted.", "2023", "2023"),
            (
                "2024-01-03",
                "It ran last week.",
                "2023-12-25",
                "2023-12-31",
            ),
            (
                "2024-01-03",
                "Earlier this week police acted.",
                "2024-01-01",
                "2024-01-02",
            ),
            (
                "2024-01-03",
                "Last month police acted.",
                "2023-12",
                "2023-12",
            ),
        ];
        for &(reference, text, start, end) in cases {
            let got = run(text, Some(reference), None);
            assert_eq!(got.len(), 1, "{text} ({reference}): {got:?}");
            assert!(got[0].relative, "{text}");
            assert_eq!(
                (got[0].start.as_deref(), got[0].end.as_deref()),
                (Some(start), Some(end)),
                "{text} against {reference}"
            );
        }
        // Without a reference date a relative date has no window.
        let got = run("It ran last week.", None, None);
        assert_eq!((got[0].start.clone(), got[0].relative), (None, true));
    }

    #[test]
    fn never_panics() {
        let ex = crate::Extractor::new(rules().clone());
        for t in [
            "",
            "é 4 March",
            "4 March\u{2014}10 March",
            "between 31 and 1 February",
            "31/02/2024",
            "99/99/9999",
            "Feb 29",
            "on 29 February 2023",
            "13/13/2024",
            "on 0 March",
            "32 December 2024",
            "Monday 31 April",
            "between 10 and 4 March 2024",
            "last week",
            "earlier this month",
        ] {
            // The dates stage catches its own panics as warnings: a panic
            // must still fail this test.
            for opts in [None, Some("2024-03-15")] {
                let rec = ex.extract_with(
                    "-",
                    t,
                    &crate::options::Options {
                        ref_date: opts.map(str::to_string),
                        day_first: None,
                    },
                );
                assert!(rec.warnings.is_empty(), "{t:?}: {:?}", rec.warnings);
            }
        }
        assert!(spans("on 29 February 2023", None).is_empty());
        assert_eq!(
            spans("It was 29 February.", Some("2025-03-01")),
            one("2024-02-29")
        );
    }
}
