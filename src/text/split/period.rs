//! A full stop followed by a space, or glued to the next word: the
//! abbreviations, initials, times and numbers that keep a sentence going.

use super::abbreviations::{
    abbr_class, is_am_pm, is_initial_starter, is_multi_period, is_starter, is_time_follower,
    is_time_prep, Abbr, BEFORE_NUMBERS,
};
use super::chars::{char_at, char_before, is_ascii_ws};
use super::line::{Action, Line, NextTok};
use super::MAX_TOKEN;

/// Abbreviated units of weight a bracketed conversion follows.
const UNITS_BEFORE_BRACKETS: &[&[u8]] = &[
    b"lbs", b"lb", b"kgs", b"kg", b"oz", b"ozs", b"gms", b"gm", b"grs", b"gr", b"mg", b"g", b"t",
];

impl Line<'_> {
    /// Decides a full stop at `i` followed by whitespace and the token `nt`.
    pub(super) fn period_breaks(&self, i: usize, nt: &NextTok, dot_after_closer: bool) -> bool {
        if dot_after_closer && !nt.lower {
            return true;
        }
        if nt.lower && !nt.marker {
            return false;
        }
        if nt.digit && !nt.marker {
            return self.period_before_number(i);
        }
        let (s, e, truncated) = self.prev_token(i);
        if s >= e || truncated {
            return !nt.lower;
        }
        let tok = &self.bytes[s..e];
        let class = abbr_class(tok);
        let multi = is_multi_period(tok);
        if nt.marker {
            // "... first item. 2. The second item", "... Smith. a. here it is"
            // but not "turn to p. 55. Then".
            if tok.len() > 1 && !multi && class == Abbr::None {
                return true;
            }
            if nt.lower || nt.digit {
                return false;
            }
        }
        let next_word = self.word(nt.word);
        match class {
            Abbr::Title if tok[0].is_ascii_uppercase() => return false,
            Abbr::NeverFinal => return false,
            _ => {}
        }
        if is_am_pm(tok) {
            if !nt.upper {
                // "6 p.m. – police said": a dash or symbol continues the sentence.
                return false;
            }
            if is_time_follower(next_word) {
                return false;
            }
            return !self.short_time_phrase(s);
        }
        if tok.len() == 1 && tok[0].is_ascii_alphabetic() {
            if s == self.sent_start {
                return false;
            }
            if tok[0] == b'I' {
                // "you and I. Did" ends a sentence, "Albert I. Jones" does not.
                return self.prev_word_lowercase(s);
            }
            return tok[0].is_ascii_uppercase() && nt.upper && is_initial_starter(next_word);
        }
        if tok.eq_ignore_ascii_case(b"etc") {
            return true;
        }
        if multi || class == Abbr::Other {
            // "Prince George, B.C. – The RCMP": only a usual sentence starter
            // ends the sentence after an abbreviation.
            return nt.upper && is_starter(next_word);
        }
        true
    }

    /// "...of cocaine. 64 arrests were made" ends a sentence; "No. 5",
    /// "p. 55", "Jan. 6", "approx. 5kg" and "2023. 12" do not.
    fn period_before_number(&self, i: usize) -> bool {
        let (s, e, truncated) = self.prev_token(i);
        if s >= e || truncated {
            return false;
        }
        let tok = &self.bytes[s..e];
        let lower = tok.to_ascii_lowercase();
        // "1,200 lbs. (544 kg) of cocaine": a unit's full stop before the
        // same weight in brackets is the unit's abbreviation.
        if UNITS_BEFORE_BRACKETS.contains(&lower.as_slice())
            && self.bytes.get(self.skip_ws(i + 1)) == Some(&b'(')
        {
            return false;
        }
        tok.len() > 1
            && tok.iter().all(u8::is_ascii_alphabetic)
            && abbr_class(tok) == Abbr::None
            && !BEFORE_NUMBERS.contains(&lower.as_slice())
    }

    /// Is the word before `s` (in this sentence) lowercase?
    fn prev_word_lowercase(&self, s: usize) -> bool {
        let mut k = s;
        while k > self.sent_start && is_ascii_ws(self.bytes[k - 1]) {
            k -= 1;
        }
        let floor = self.sent_start.max(k.saturating_sub(MAX_TOKEN));
        let mut w = k;
        while w > floor && !is_ascii_ws(self.bytes[w - 1]) {
            w -= 1;
        }
        while w < k && !self.text.is_char_boundary(w) {
            w += 1;
        }
        w < k && char_at(self.text, w).is_some_and(char::is_lowercase)
    }

    /// "At 5 a.m." at the start of a sentence: a short time phrase opened by a preposition.
    fn short_time_phrase(&self, tok_start: usize) -> bool {
        if tok_start - self.sent_start > MAX_TOKEN {
            return false;
        }
        let head = &self.bytes[self.sent_start..tok_start];
        let mut words = head.split(|&b| is_ascii_ws(b)).filter(|w| !w.is_empty());
        let Some(first) = words.next() else {
            return false;
        };
        let mut buf = [0u8; 16];
        let mut n = 0;
        for &b in first
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .take(buf.len())
        {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        is_time_prep(&buf[..n]) && words.count() < 5
    }

    /// A full stop at `i` directly followed by a non-space at `j`:
    /// "Kennedy.Chief", "1,000.That", footnotes "(1987).1 According".
    pub(super) fn glued(&self, i: usize, j: usize) -> Action {
        let bytes = self.bytes;
        let end = self.end;
        let at = |k: usize| if k < end { bytes[k] } else { 0 };
        let Some(prev) = char_before(self.text, i) else {
            return Action::Continue(j);
        };
        let c = bytes[j];
        if c.is_ascii_digit() {
            // Footnote numbers after a word: "(type 2).10 This model".
            if !(prev.is_lowercase() || prev == ')') {
                return Action::Continue(j);
            }
            let mut k = j;
            let mut last = j;
            for _ in 0..3 {
                let d = k;
                while k < end && k - d < 3 && bytes[k].is_ascii_digit() {
                    k += 1;
                }
                if k == d || at(k).is_ascii_digit() || at(k) != b' ' {
                    return Action::Continue(j);
                }
                last = k;
                k += 1;
                if !at(k).is_ascii_digit() {
                    break;
                }
            }
            if at(k).is_ascii_uppercase() && at(k + 1).is_ascii_lowercase() {
                return Action::Break { end: last, next: k };
            }
            return Action::Continue(j);
        }
        if !(c.is_ascii_uppercase() && at(j + 1).is_ascii_lowercase() && prev.is_alphanumeric()) {
            return Action::Continue(j);
        }
        let (s, e, truncated) = self.prev_token(i);
        let tok = &bytes[s..e];
        if truncated
            || tok.len() <= 1
            || tok.iter().any(|&b| matches!(b, b'.' | b'/' | b'@' | b':'))
            || abbr_class(tok) != Abbr::None
        {
            return Action::Continue(j);
        }
        // The next word must not look like a domain or an e-mail address.
        let mut k = j;
        while k < end && k - j < MAX_TOKEN && !is_ascii_ws(bytes[k]) {
            let b = bytes[k];
            if b == b'@' || b == b'/' || (b == b'.' && at(k + 1).is_ascii_alphanumeric()) {
                return Action::Continue(j);
            }
            k += 1;
        }
        Action::Break { end: j, next: j }
    }
}
