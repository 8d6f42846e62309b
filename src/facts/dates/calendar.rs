//! Calendar arithmetic: ISO dates, validity, day numbers and formatting.

use super::Ymd;

/// Whether `t` is exactly a calendar date written `YYYY-MM-DD` (the form a
/// reference date takes on the command line).
pub fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && parse_iso(t).is_some()
}

/// "2024-03-04" → the date.
pub(super) fn parse_iso(t: &str) -> Option<Ymd> {
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

/// A leap year of the Gregorian calendar.
pub(super) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m`; February has 29 when the year is unknown.
pub(super) fn days_in_month(y: Option<i32>, m: u32) -> u32 {
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

/// A real day of a month, in a year the conventions allow (1800-2199).
pub(super) fn valid(d: Ymd) -> bool {
    (1..=12).contains(&d.m)
        && d.d >= 1
        && d.d <= days_in_month(d.y, d.m)
        && d.y.is_none_or(|y| (1800..=2199).contains(&y))
}

/// Days since 1970-01-01 (proleptic Gregorian), for a date with a year.
pub(super) fn days(d: Ymd) -> Option<i64> {
    let y = d.y? as i64 - if d.m <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = d.m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// The date of a day number.
pub(super) fn civil(z: i64) -> (i32, u32, u32) {
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
pub(super) fn weekday_of(n: i64) -> u32 {
    (n + 3).rem_euclid(7) as u32
}

/// `YYYY-MM-DD`, or `XXXX-MM-DD` without a year.
pub(super) fn fmt(d: Ymd) -> String {
    match d.y {
        Some(y) => format!("{y:04}-{:02}-{:02}", d.m, d.d),
        None => format!("XXXX-{:02}-{:02}", d.m, d.d),
    }
}

/// `YYYY-MM-DD`.
pub(super) fn fmt_ymd((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}
