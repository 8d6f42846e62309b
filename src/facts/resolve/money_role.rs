//! The role of a money amount (`seized`, `value`, `other`) from the words
//! around it.

use crate::rules::contract::{Lex, MONEY_HEDGE};
use crate::rules::{Lexicon, RuleSet};
use crate::text::floor_char;
use crate::text::split::Sentence;

/// "£1.5 million of cocaine", "£20,000 worth of heroin": the amount right
/// before `pos` is the value of a drug.
pub(super) fn prices_a_drug(rules: &RuleSet, text: &str, sentence: &Sentence, pos: usize) -> bool {
    let Some(drug) = rules.lexicon_regex(Lex::Drug) else {
        return false;
    };
    let after = &text[pos..floor_char(text, (pos + 60).min(sentence.end)).max(pos)];
    let rest = after.trim_start();
    let rest = rest
        .strip_prefix("worth")
        .map(str::trim_start)
        .unwrap_or(rest);
    if let Some(r) = rest.strip_prefix("of ") {
        return drug.find(r).is_some_and(|m| m.start() <= 30);
    }
    // Headline style: "$1.2m in marijuana", "£48m cocaine plot", "$4.6
    // million in drugs seized", "(TT $64 m) in illegal drugs": the drug
    // word comes right after the amount.
    // The same amount restated in brackets: "sixty million dollars (TT $60m)".
    let rest = match rest
        .strip_prefix('(')
        .and_then(|r| r.find(')').map(|i| &r[i..]))
    {
        Some(r) if r.len() + 40 >= rest.len() => r,
        _ => rest,
    };
    let rest = rest.strip_prefix(')').map(str::trim_start).unwrap_or(rest);
    let rest = rest.strip_prefix("in ").unwrap_or(rest);
    let rest = ["illegal ", "suspected ", "seized "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    drug.find(rest).is_some_and(|m| {
        // "drug money", "drug proceeds" are cash, not a drug's value.
        let next = rest[m.end()..].trim_start();
        m.start() == 0
            && !["money", "proceeds", "cash", "funds"]
                .iter()
                .any(|w| next.starts_with(w))
    })
}

/// The words of a gap between a cue and its amount, when the gap is plain:
/// short, letters, digits and spaces (a comma only inside a number: ", and"
/// starts a new clause), at most four words. Hedges ("believed to be in the
/// region of") do not count. The words take a look-up each: they are only
/// counted once the gap's characters pass.
pub(super) fn plain_gap_words(lex: &Lexicon, gap: &str) -> Option<usize> {
    let plain = gap.len() <= 45
        && gap.char_indices().all(|(i, c)| {
            let in_number =
                (c == ',' || c == '.') && gap[i + 1..].starts_with(|d: char| d.is_ascii_digit());
            c.is_alphanumeric() || c == ' ' || "$£€".contains(c) || in_number
        });
    if !plain {
        return None;
    }
    let words = gap
        .split_whitespace()
        .filter(|w| lex.canonical(w) != Some(MONEY_HEDGE))
        .count();
    (words <= 4).then_some(words)
}

/// The role of a money amount from the cue words nearest to it in its
/// sentence (lexicon `money_role`): `seized`, `value` or `other`.
pub(super) fn money_role(
    rules: &RuleSet,
    text: &str,
    sentence: &Sentence,
    start: usize,
    end: usize,
) -> String {
    let (Some(re), Some(lex)) = (rules.money_cue_search(), rules.lexicon(Lex::MoneyRole)) else {
        return "other".into();
    };
    let win_start = floor_char(text, start.saturating_sub(80).max(sentence.start));
    let win_end = floor_char(text, (end + 40).min(sentence.end));
    let mut best: Option<(usize, &str)> = None;
    for m in re.find_iter(&text[win_start..win_end]) {
        let (s, e) = (win_start + m.start(), win_start + m.end());
        if s < end && start < e {
            continue;
        }
        // Words after the amount bind tighter ("£500 in cash", "£40 per
        // gram"), except a cue right before it ("a street value of £250,000",
        // "worth in excess of £860,000", "a street value thought to be in
        // the region of £2.1m": a few plain words between count as adjacent).
        let dist = if e <= start {
            let gap = &text[e..start];
            if start - e <= 3 {
                0
            } else if let Some(words) = plain_gap_words(lex, gap) {
                // Nearer cues win: "the seized ganja is worth over Rs 1 crore".
                match words {
                    0 | 1 => 1,
                    n => 1 + n,
                }
            } else {
                start - e
            }
        } else {
            (s - end) / 2 + 1
        };
        // Right after the amount, or after its multiplier ("$1 million or more").
        let adjacent_after = s >= end && {
            let gap = text[end..s].trim();
            gap.len() <= 8 && !gap.contains(' ') && gap.bytes().all(|b| b.is_ascii_alphabetic())
        };
        // Only a cue that could win needs its lexicon look-up (which allocates).
        if !best.is_none_or(|(d, _)| dist < d || adjacent_after) {
            continue;
        }
        // "neutral" cues only stop a shorter cue inside them ("to the value
        // of" is not a street value). A qualifier right after the amount
        // ("€13,000 or more", "€200 an ounce") outranks a cue before it.
        let (role, qualifier) = match lex.canonical(m.as_str()) {
            None | Some("neutral") | Some(MONEY_HEDGE) => continue,
            Some("other_after") => ("other", true),
            Some(role) => (role, false),
        };
        if best.is_none_or(|(d, _)| dist < d || (adjacent_after && qualifier)) {
            best = Some((if qualifier && adjacent_after { 0 } else { dist }, role));
        }
    }
    best.map(|(_, r)| r.to_string())
        .unwrap_or_else(|| "other".into())
}
