//! From a reading to a date fact: years filled in from the reference date,
//! relative dates resolved against it.

use crate::record::{DateFact, Provenance};
use crate::rules::RuleSet;
use crate::text::split::Sentence;

use super::calendar::{civil, fmt, valid};
use super::relative::{phrase, weekday};
use super::{Parsed, Reading, Ymd};

/// A fact's dates: start, end, precision and whether it is relative.
pub(super) type Dates = (Option<String>, Option<String>, &'static str, bool);

/// Builds the fact for one reading, resolving years and relative dates;
/// `future`: a yearless or relative date is the nearest on or after the
/// reference date rather than on or before it.
pub(super) fn fact(
    rules: &RuleSet,
    text: &str,
    r: &Reading,
    reference: Option<i64>,
    future: bool,
) -> Option<DateFact> {
    let (start, end, precision, relative): Dates = match &r.parsed {
        Parsed::Day(ymd) => {
            let s = fmt(fill(*ymd, reference, future));
            (Some(s.clone()), Some(s), "day", false)
        }
        Parsed::Range(a, b) => {
            let (a, b) = range(*a, *b, reference, future);
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
        Parsed::Weekday(wd, rel) => weekday(*wd, rel, reference, future),
        Parsed::Rel(name) => phrase(name, reference)?,
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

/// The year of a yearless day: the one that puts it nearest on or before
/// the reference date (on or after it when `future`); none without one.
fn fill(ymd: Ymd, reference: Option<i64>, future: bool) -> Ymd {
    match (ymd.y, reference.map(civil)) {
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
}

/// A yearless range takes its years from the end nearest the reference
/// date: the start when `future`, else the end.
fn range(a: Ymd, b: Ymd, reference: Option<i64>, future: bool) -> (Ymd, Ymd) {
    match (a.y, b.y, reference) {
        (None, None, Some(_)) if future => {
            let a2 = fill(a, reference, future);
            let y = a2.y.unwrap_or(0);
            let b2 = Ymd {
                y: Some(if (b.m, b.d) >= (a.m, a.d) { y } else { y + 1 }),
                ..b
            };
            (a2, b2)
        }
        (None, None, Some(_)) => {
            let b2 = fill(b, reference, future);
            let y = b2.y.unwrap_or(0);
            let a2 = Ymd {
                y: Some(if (a.m, a.d) <= (b.m, b.d) { y } else { y - 1 }),
                ..a
            };
            (a2, b2)
        }
        _ => (a, b),
    }
}

/// Words before a date in its sentence that put it after the reference
/// date: "will appear in court on 28 October", "sentencing is set for Sept. 12".
pub(super) fn future_tense(text: &str, sentences: &[Sentence], r: &Reading) -> bool {
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
