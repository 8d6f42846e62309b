//! The words of a date and around it: month and weekday names, and the
//! neighbouring words that tell a date from a count ("In August 12 people").

use crate::engine::Match;
use crate::rules::contract::Lex;
use crate::rules::RuleSet;

/// The canonical names of lexicon `month`, in calendar order.
pub(super) const MONTHS: [&str; 12] = [
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

/// The canonical names of lexicon `weekday`, Monday first.
pub(super) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A yearless day-month date must not be a count after "in":
/// "In August 12 people were arrested".
pub(super) fn yearless_context_ok(
    text: &str,
    m: &Match,
    day: (usize, usize),
    month: (usize, usize),
) -> bool {
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

/// Lower-case words that may follow a date without making its number a count.
pub(super) const CONTINUATIONS: [&str; 37] = [
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
    "alone",
    "only",
    "that",
    "near",
    "around",
    "following",
    "respectively",
    "according",
    "within",
];

/// After a range with no second month ("March 4-10"), the next word must
/// not make the second number a count ("March 4 - 10 people").
pub(super) fn range_follow_ok(text: &str, end: usize) -> bool {
    // punctuation closed the range: "June 3 and 4, she said"
    if text
        .get(..end)
        .is_some_and(|h| h.ends_with([',', '.', ';', ':', ')']))
    {
        return true;
    }
    let next = next_word(text, end);
    !next.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        || CONTINUATIONS.contains(&next.as_str())
}

/// After "in 2022": not a count ("in 2000 small bags") or part of a number.
pub(super) fn year_follow_ok(text: &str, end: usize) -> bool {
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
pub(super) fn next_word(text: &str, end: usize) -> String {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.trim_start_matches(' ');
    rest.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .take(40)
        .collect()
}

/// The word right before byte `start`, skipping spaces.
pub(super) fn word_before(text: &str, start: usize) -> String {
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
pub(super) fn is_verb_month(rules: &RuleSet, t: &str) -> bool {
    let t = t.trim_end_matches('.');
    t.chars().all(|c| c.is_ascii_lowercase())
        && rules.lexicon(Lex::Month).and_then(|l| l.canonical(t)) == Some("may")
}

/// 1 for January: the month a word names (lexicon `month`).
pub(super) fn month_number(rules: &RuleSet, t: &str) -> Option<u32> {
    let c = rules
        .lexicon(Lex::Month)?
        .canonical(t.trim_end_matches('.'))?;
    MONTHS.iter().position(|m| *m == c).map(|i| i as u32 + 1)
}

/// 0 for Monday: the weekday a word names (lexicon `weekday`).
pub(super) fn weekday_number(rules: &RuleSet, t: &str) -> Option<u32> {
    let c = rules
        .lexicon(Lex::Weekday)?
        .canonical(t.trim_end_matches('.'))?;
    WEEKDAYS.iter().position(|m| *m == c).map(|i| i as u32)
}

/// The number at the start of "4th", "21st", "04".
pub(super) fn leading_number(t: &str) -> Option<u32> {
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(4)
        .collect();
    digits.parse().ok()
}
