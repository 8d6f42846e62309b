//! The article as the quote stage reads it: paragraphs, the starts of their
//! sentences (full stops inside quotes and after abbreviations aside), and
//! the quoted stretches that are not speech (nicknames, names in quotation
//! marks, headlines, crossheads).

use super::marks::RawQuote;
use super::speakers::ceil_boundary;
use super::vocab::{Vocab, Words};
use crate::rules::contract::Pat;

/// A paragraph: a non-blank line, trimmed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Para {
    pub start: usize,
    pub end: usize,
}

/// A paragraph may open with a dash before its quote: `— "Every one…"`.
pub(super) fn strip_lead_dash(pre: &str) -> &str {
    let t = pre.trim_start_matches(['\u{2014}', '\u{2013}', '-', '\u{2022}', ' ']);
    if t.is_empty() {
        t
    } else {
        pre
    }
}

/// A dash introducing speech: `Sheriff Whitcomb put it bluntly — "…"`.
pub(super) fn ends_with_dash(pre: &str) -> bool {
    pre.ends_with(['\u{2014}', '\u{2013}']) || pre.ends_with(" -") || pre.ends_with(" --")
}

/// A nickname in single quotes inside a name: Orville 'Bigga' Campbell.
pub(super) fn is_nickname(text: &str, q: &RawQuote) -> bool {
    if !q.closed
        || !matches!(
            text[q.open..].chars().next(),
            Some('\'' | '\u{2018}' | '\u{2019}')
        )
    {
        return false;
    }
    let inner = &text[q.start..q.end];
    let words: Vec<&str> = inner.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 2
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return false;
    }
    let before = text[..q.open].trim_end_matches(' ');
    if before.len() + 1 != q.open {
        return false;
    }
    let prev_word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .next()
        .unwrap_or("");
    let after = &text[q.close_end..];
    let Some(next) = after.strip_prefix(' ') else {
        return false;
    };
    prev_word.chars().next().is_some_and(char::is_uppercase)
        && next.chars().next().is_some_and(char::is_uppercase)
}

/// A law's title, capitalised words that end in Act, Law, Code, Bill,
/// Ordinance or Decree and maybe its year: "Comprehensive Dangerous Drugs
/// Act of 2002", "Misuse of Drugs Act 1971".
fn is_statute(v: &Vocab, inner: &str) -> bool {
    const MAX_WORDS: usize = 12;
    let words: Vec<&str> = inner.split_whitespace().take(MAX_WORDS + 1).collect();
    if !(2..=MAX_WORDS).contains(&words.len()) {
        return false;
    }
    let Some(k) = words.iter().rposition(|w| {
        matches!(
            w.trim_end_matches(','),
            "Act" | "Law" | "Code" | "Bill" | "Ordinance" | "Decree"
        )
    }) else {
        return false;
    };
    let year_after = words[k + 1..]
        .iter()
        .all(|w| *w == "of" || w.trim_end_matches(',').chars().all(|c| c.is_ascii_digit()));
    let capitalised = words[..k].iter().all(|w| {
        v.joiner.contains(w)
            || w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    k > 0 && words.len() - k <= 3 && year_after && capitalised
}

/// A name in quotation marks, not speech: an operation or campaign
/// ("Operation 'Silver Heron'", ‘Yudh Nashian Virudh’), a nickname
/// (also called "Timaya"), a gang, brand or boat ("South Sea"), an
/// area ("'D' Field"). Gold keeps none of them. The words inside are all
/// capitalised (small words aside), with no sentence punctuation, and the
/// quote does not open its sentence.
pub(super) fn is_name_quote(v: &Vocab, text: &str, q: &RawQuote) -> bool {
    if !q.closed {
        return false;
    }
    let inner = text[q.start..q.end].trim().trim_end_matches([',', ';']);
    if inner.is_empty() {
        return false;
    }
    // a handle, alias or imprint, whatever its case ("ice." included)
    let before = text[..q.open].trim_end_matches([' ', '\t']);
    let cue_from = ceil_boundary(before, before.len().saturating_sub(48));
    if inner.split_whitespace().take(4).count() <= 3
        && v.has(Pat::QuoteNameCue, &before[cue_from..])
    {
        return true;
    }
    // a campaign's or operation's slogan after its word: `the ongoing
    // operation: “No to dangerous drugs and illicit substances”`
    if inner.split_whitespace().take(11).count() <= 10
        && !inner.contains(['.', '!', '?'])
        && v.has(Pat::QuoteCampaignCue, &before[cue_from..])
    {
        return true;
    }
    // The last of a list of quoted names keeps the sentence's full stop
    // inside its marks, as American copy writes it: `brands such as
    // “Thriller,” “OMG” and “Pepsi.”`.
    let last_listed = || {
        let b = before.trim_end();
        let b = b
            .strip_suffix(" and")
            .or_else(|| b.strip_suffix(" or"))
            .unwrap_or(b);
        b.trim_end().ends_with(['\u{201D}', '"', '\u{2019}'])
    };
    // An operation's code name, as American copy ends a sentence on it:
    // `as part of 'Operation Charro Negro.'`.
    let code_name = v.has(Pat::QuoteCodeName, inner);
    let inner = match inner.strip_suffix('.') {
        Some(bare) if code_name || last_listed() => bare,
        _ => inner,
    };
    if inner.ends_with(['.', '!', '?', '\u{2026}']) {
        return false;
    }
    if is_statute(v, inner) {
        return true;
    }
    // The words are counted no further than one too many, and walked
    // again rather than collected: this runs on every quote.
    let words = inner.split_whitespace().take(6).count();
    if words > 5 {
        return false;
    }
    // an operation's name opening its sentence is a name all the same:
    // "‘Operation Macadamia’ was carried out with Europol"
    if code_name && all_capitalised(&v.joiner, inner) {
        return true;
    }
    let before = before.trim_end();
    // a quote that opens its sentence is speech ("Thanks," he said), a
    // pronoun is speech ("I")
    let at_start = before.is_empty() || before.ends_with(['.', ':', '!', '?', '\n']);
    if at_start || inner.split_whitespace().eq(["I"]) {
        return false;
    }
    // a code ("M30") is a scare quote in its own right
    if words == 1
        && inner.chars().any(|c| c.is_ascii_digit())
        && inner.chars().any(char::is_alphabetic)
    {
        return false;
    }
    // a drug's street name, capitalised as a house style ("methylamphetamine
    // (‘Ice’)"), is a gloss like "shabu", not a name
    if words == 1 && v.is_drug(inner) {
        return false;
    }
    all_capitalised(&v.joiner, inner)
}

/// Every word capitalised (or one of `joiners`, a name's small joining
/// words): a name. Every part of a hyphenated word too: "Amazon-style" is
/// a scare quote.
pub(super) fn all_capitalised(joiners: &Words, inner: &str) -> bool {
    inner.split_whitespace().all(|w| {
        joiners.contains(w)
            || w.split('-').all(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
    })
}

/// A headline-like line: short, with no full stop at its end (its own or
/// another story's headline). Quotes inside it are not the article's.
pub(super) fn is_headline(para: &str) -> bool {
    let t = para.trim_end();
    // The cheap checks of its ends first, then its words counted no
    // further than one too many: most paragraphs with quotes are long
    // sentences that end with a full stop.
    // a list item ("2.9kg of 'ice' or meth") is not a headline
    !t.starts_with(|c: char| c.is_ascii_digit() || "-\u{2013}\u{2014}\u{2022}*".contains(c))
        && crate::text::ends_open(t)
        && (6..=25).contains(&t.split_whitespace().take(26).count())
}

/// A crosshead: a short line that is wholly a phrase in single quotes,
/// with no full stop (`'Lives put at risk'` between paragraphs). It repeats
/// words from the story as a subheading; it is not speech.
pub(super) fn is_crosshead(para: &str) -> bool {
    let t = para.trim();
    let Some(inner) = t
        .strip_prefix(['\'', '\u{2018}'])
        .and_then(|r| r.strip_suffix(['\'', '\u{2019}']))
    else {
        return false;
    };
    let words = inner.split_whitespace().count();
    (1..=10).contains(&words)
        && !inner.contains(['.', '!', '?', ',', '"', '\u{201C}', '\u{2018}'])
        && !inner.contains(" '")
}

/// Paragraphs: the non-blank lines, trimmed.
pub(super) fn paragraphs(lines: &[(usize, usize)]) -> Vec<Para> {
    lines
        .iter()
        .map(|&(start, end)| Para { start, end })
        .collect()
}

pub(super) fn is_abbreviation(v: &Vocab, before: &str) -> bool {
    // the trailing run of letters, digits and dots
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[start..];
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true; // U.S. a.m.
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial
    }
    v.abbreviation.contains(word)
}

/// Starts of the sentences of a paragraph, ignoring full stops inside quotes.
pub(super) fn sentence_starts(v: &Vocab, text: &str, p: &Para, quotes: &[RawQuote]) -> Vec<usize> {
    let mut out = vec![p.start];
    let bytes = text.as_bytes();
    let mut qi = 0;
    let mut i = p.start;
    while i < p.end {
        if qi < quotes.len() && i >= quotes[qi].open {
            // jump over the quote; a quote ending a sentence ends it
            let q = &quotes[qi];
            // `opioids."These drugs…`: a stop glued to the speech that follows
            if q.open > p.start
                && text[p.start..q.open].ends_with(['.', '!', '?'])
                && !is_abbreviation(
                    v,
                    &text[ceil_boundary(text, p.start.max(q.open.saturating_sub(13)))..q.open - 1],
                )
            {
                out.push(q.open);
            }
            let inner = text[q.start..q.end].trim_end();
            let ended = inner.ends_with(['.', '!', '?']);
            i = q.close_end.max(i + 1);
            qi += 1;
            if ended && q.closed {
                if let Some(n) = next_sentence_start(text, i, p.end) {
                    out.push(n);
                }
            }
            continue;
        }
        // Only a stop or the next quote changes anything: jump to the first
        // of them (stops are ASCII, so the jump lands on a character).
        let limit = quotes.get(qi).map_or(p.end, |q| q.open.min(p.end));
        match bytes[i..limit]
            .iter()
            .position(|&b| matches!(b, b'.' | b'!' | b'?'))
        {
            Some(k) => i += k,
            None => {
                i = limit;
                continue;
            }
        }
        let is_abbr = bytes[i] == b'.'
            && is_abbreviation(
                v,
                &text[ceil_boundary(text, p.start.max(i.saturating_sub(12)))..i],
            );
        if !is_abbr {
            // closing brackets/marks after the stop
            let mut j = i + 1;
            while j < p.end && matches!(bytes[j], b')' | b'"' | b'\'') {
                j += 1;
            }
            if let Some(n) = next_sentence_start(text, j, p.end) {
                out.push(n);
            }
        }
        i += 1;
    }
    out.dedup();
    out
}

pub(super) fn next_sentence_start(text: &str, j: usize, end: usize) -> Option<usize> {
    let rest = &text[j..end];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let c = trimmed.chars().next()?;
    if c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{AB}')
    {
        Some(end - trimmed.len())
    } else {
        None
    }
}

pub(super) fn sentence_start(bounds: &[usize], pos: usize, pstart: usize) -> usize {
    let k = bounds.partition_point(|&b| b <= pos);
    if k == 0 {
        pstart
    } else {
        bounds[k - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraphs as `str::split('\n')` cuts them, trimmed.
    #[test]
    fn paragraphs_cut_as_split_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\n  a b \r\n\t\nc\n\u{a0}d\u{2003}\n \n",
        ] {
            let mut want = Vec::new();
            let mut start = 0;
            for line in text.split('\n') {
                if !line.trim().is_empty() {
                    let lead = line.len() - line.trim_start().len();
                    want.push((start + lead, start + line.trim_end().len()));
                }
                start += line.len() + 1;
            }
            let got: Vec<(usize, usize)> = paragraphs(&crate::text::trimmed_lines(text))
                .iter()
                .map(|p| (p.start, p.end))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
