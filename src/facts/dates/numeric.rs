//! Numeric dates ("04/03/2024", "4.3.24") and the order, day or month
//! first, an article writes them in.

use crate::engine::Match;
use crate::rules::contract::{Field, Lex};
use crate::rules::RuleSet;

use super::calendar::{days, valid};
use super::{Parsed, Ymd};

/// Rejects a numeric date that is part of something longer: "1.2.3.2024",
/// "12/3/4/2024", "2024-03-04-01".
pub(super) fn numeric_edges_ok(text: &str, s: usize, e: usize) -> bool {
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
pub(super) fn read_numeric(t: &str, day_first: bool) -> Option<Parsed> {
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
pub(super) fn article_day_first(rules: &RuleSet, text: &str, matches: &[Match]) -> bool {
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
