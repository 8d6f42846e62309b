//! The article's own date: the page's publication stamp, a dated line
//! ("Posted on: 03/14/2024") or a dateline at the top.

use crate::options::Options;
use crate::rules::RuleSet;

use super::calendar::days;
use super::{extract, Parsed, Reading};

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

/// The article's own date: a dated line ("Posted on: 03/14/2024",
/// "Published: 15 October 2024") anywhere, or a date opening one of the
/// first lines ("March 1, 2024 —", "LAKE CITY, March 1, 2024 —").
pub(super) fn article_date(text: &str, readings: &[Reading]) -> Option<i64> {
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
