//! Relative dates ("last week", "on Tuesday") resolved against the
//! reference date; without one they keep `start`/`end` null.

use super::calendar::{civil, days, fmt_ymd, weekday_of};
use super::fact::Dates;
use super::Ymd;

fn day(n: i64) -> Option<String> {
    Some(fmt_ymd(civil(n)))
}

/// A weekday (0 = Monday) with the word before it: "last Tuesday" is
/// before the reference date, "next Tuesday" after it, "on Tuesday" the
/// nearest on or before it (on or after it when `future`).
pub(super) fn weekday(wd: u32, rel: &str, reference: Option<i64>, future: bool) -> Dates {
    let Some(n) = reference else {
        return (None, None, "day", true);
    };
    let today = weekday_of(n) as i64;
    let target = wd as i64;
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

/// A relative phrase (lexicon `relative` canonical name): the days, month
/// or year it means. Without a reference date only its precision is known.
pub(super) fn phrase(name: &str, reference: Option<i64>) -> Option<Dates> {
    let Some(n) = reference else {
        let p = match name {
            "last month" | "this month" | "next month" => "month",
            "last year" | "this year" => "year",
            _ => "day",
        };
        return Some((None, None, p, true));
    };
    let (ry, rm, _) = civil(n);
    let monday = n - weekday_of(n) as i64;
    let month = |y: i32, m: u32| Some(format!("{y:04}-{m:02}"));
    let year = |y: i32| Some(format!("{y:04}"));
    Some(match name {
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
        "last year" => (year(ry - 1), year(ry - 1), "year", true),
        "this year" => (year(ry), year(ry), "year", true),
        _ => (None, None, "day", true),
    })
}
