//! One line of text: the scan from candidate boundary to candidate
//! boundary, and the sentences it records.

use super::chars::{
    char_at, char_before, find_in, is_ascii_ws, is_opener, is_terminal_char, ws_len, CAND,
    CAND_LIST,
};
use super::lists::{is_restart, parse_marker, skip_bullet, MarkKind, Marker, Suffix};
use super::quotes::Quotes;
use super::{Sentence, MAX_TOKEN};

/// What a rule decides at a candidate boundary.
pub(super) enum Action {
    /// No boundary: resume scanning here.
    Continue(usize),
    /// Boundary: the sentence ends at `end`, the next one starts at `next`.
    Break { end: usize, next: usize },
}

/// What follows a candidate boundary.
pub(super) struct NextTok {
    /// Starts with a list marker ("2.", "b)", "(c)").
    pub(super) marker: bool,
    /// Starts with terminal punctuation (". . .", "! !").
    pub(super) term: bool,
    /// Case of the first letter or digit, after opening quotes and brackets.
    pub(super) lower: bool,
    pub(super) upper: bool,
    pub(super) digit: bool,
    /// The ASCII letters of the first word.
    pub(super) word: (usize, usize),
}

/// The scan of one line.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) line_start: usize,
    pub(super) end: usize,
    pub(super) paragraph: usize,
    pub(super) sent_start: usize,
    /// The next list marker expected while a list is open.
    pub(super) list: Option<Marker>,
    pub(super) quotes: &'a mut Quotes,
    pub(super) out: &'a mut Vec<Sentence>,
}

impl Line<'_> {
    /// Splits the line into sentences.
    pub(super) fn run(mut self) {
        let first = self.skip_ws(self.line_start);
        if first >= self.end {
            return;
        }
        let mut i = self.begin_sentence(first);
        let end = self.end;
        loop {
            if self.list.is_some() {
                while i < end && !CAND_LIST[self.bytes[i] as usize] {
                    i += 1;
                }
            } else {
                i = find_in::<b'.', b'?', b'!'>(self.bytes, i, end, &CAND);
            }
            if i >= end {
                break;
            }
            let action = match self.bytes[i] {
                b' ' | b'\t' => self.on_space(i),
                b'.' | b'?' | b'!' => self.on_terminal(i),
                b'"' => self.on_dash_quote(i, 1),
                _ => match char_at(self.text, i) {
                    Some(c) if is_terminal_char(c) => self.on_terminal(i),
                    Some('”') => self.on_dash_quote(i, 3),
                    Some(c) => Action::Continue(i + c.len_utf8()),
                    None => Action::Continue(i + 1),
                },
            };
            match action {
                Action::Continue(j) => i = j.max(i + 1),
                Action::Break { end: e, next } => {
                    self.push(self.sent_start, e);
                    let k = self.skip_ws(next);
                    if k >= end {
                        self.sent_start = end;
                        break;
                    }
                    i = self.begin_sentence(k).max(i + 1);
                }
            }
        }
        self.push(self.sent_start, end);
    }

    /// Records the sentence `s..e` without its surrounding whitespace.
    fn push(&mut self, mut s: usize, mut e: usize) {
        while s < e {
            let l = ws_len(self.text, s);
            if l == 0 {
                break;
            }
            s += l;
        }
        while e > s {
            match char_before(self.text, e) {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            }
        }
        if s < e {
            self.out.push(Sentence {
                start: s,
                end: e,
                paragraph: self.paragraph,
            });
        }
    }

    /// The first non-whitespace at or after `i` in the line.
    pub(super) fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.end {
            let l = ws_len(self.text, i);
            if l == 0 {
                break;
            }
            i += l;
        }
        i
    }

    /// Starts a sentence at `k`; returns where scanning resumes (after a list marker).
    fn begin_sentence(&mut self, k: usize) -> usize {
        self.sent_start = k;
        let b = skip_bullet(self.text, k, self.end);
        match parse_marker(self.bytes, b, self.end) {
            Some((m, after)) => {
                self.list = m.next();
                after
            }
            None => {
                self.list = None;
                k
            }
        }
    }

    /// While a list is open: split before the next marker.
    fn on_space(&mut self, i: usize) -> Action {
        let k = i + 1;
        if k >= self.end || is_ascii_ws(self.bytes[k]) {
            return Action::Continue(k);
        }
        let b = skip_bullet(self.text, k, self.end);
        match (self.list, parse_marker(self.bytes, b, self.end)) {
            (Some(want), Some((m, _))) if m == want || is_restart(want, m) => {
                Action::Break { end: i, next: k }
            }
            _ => Action::Continue(k),
        }
    }

    /// Interrupted speech: `"If you please, sir--" The Rabbit started`.
    fn on_dash_quote(&mut self, i: usize, len: usize) -> Action {
        let j = i + len;
        let dashed =
            (i >= 2 && &self.bytes[i - 2..i] == b"--") || char_before(self.text, i) == Some('—');
        if !dashed || ws_len(self.text, j) == 0 {
            return Action::Continue(j);
        }
        let k = self.skip_ws(j);
        if k < self.end && self.next_tok(k).upper {
            Action::Break { end: j, next: k }
        } else {
            Action::Continue(j)
        }
    }

    /// What follows a candidate boundary, from `k`.
    pub(super) fn next_tok(&self, k: usize) -> NextTok {
        let bytes = self.bytes;
        let marker = parse_marker(bytes, k, self.end).is_some_and(|(m, _)| {
            !matches!((m.kind, m.suffix), (MarkKind::Alpha(c), Suffix::Dot) if !c.is_ascii_lowercase())
        });
        let term = char_at(self.text, k).is_some_and(is_terminal_char);
        let mut j = k;
        let mut skipped = 0;
        while j < self.end && skipped < 8 {
            match char_at(self.text, j) {
                Some(c) if is_opener(c) => {
                    j += c.len_utf8();
                    skipped += 1;
                }
                _ => break,
            }
        }
        let c = char_at(self.text, j).filter(|_| j < self.end);
        let mut w = j;
        while w < self.end && w - j < 32 && bytes[w].is_ascii_alphabetic() {
            w += 1;
        }
        NextTok {
            marker,
            term,
            lower: c.is_some_and(char::is_lowercase),
            upper: c.is_some_and(char::is_uppercase),
            digit: c.is_some_and(|c| c.is_ascii_digit()),
            word: (j, w),
        }
    }

    /// The word before a boundary at `i`, without opening quotes and brackets.
    /// Returns (start, end, truncated).
    pub(super) fn prev_token(&self, i: usize) -> (usize, usize, bool) {
        let floor = self.sent_start.max(i.saturating_sub(MAX_TOKEN));
        let mut s = i;
        while s > floor && !is_ascii_ws(self.bytes[s - 1]) {
            s -= 1;
        }
        let truncated = s == floor && s > self.sent_start && !is_ascii_ws(self.bytes[s - 1]);
        while s < i && !self.text.is_char_boundary(s) {
            s += 1;
        }
        while s < i {
            match char_at(self.text, s) {
                Some(c) if is_opener(c) => s += c.len_utf8(),
                _ => break,
            }
        }
        (s, i, truncated)
    }

    /// The bytes of a span of the line.
    pub(super) fn word(&self, (s, e): (usize, usize)) -> &[u8] {
        &self.bytes[s..e]
    }
}
