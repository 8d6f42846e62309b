//! Quotation pairing, one pass per line: a `.` inside a short quotation
//! does not end the sentence.

use super::chars::{char_at, char_before, find_in, QUOTE_BYTES};
use super::QUOTE_CAP;

/// The paired quotation marks of the current line.
#[derive(Default)]
pub(super) struct Quotes {
    /// Paired double quotations: (index of opening mark, index of closing mark).
    dbl: Vec<(usize, usize)>,
    /// Paired single quotations.
    sgl: Vec<(usize, usize)>,
    /// Cursors into `dbl` and `sgl`: boundaries are asked in text order.
    di: usize,
    si: usize,
}

impl Quotes {
    /// Finds the end of the line starting at `start` and pairs its quotation marks.
    pub(super) fn scan_line(&mut self, text: &str, start: usize) -> usize {
        self.dbl.clear();
        self.sgl.clear();
        self.di = 0;
        self.si = 0;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut d_open: Option<usize> = None;
        let mut s_open: Option<usize> = None;
        let mut i = start;
        loop {
            i = find_in::<b'\n', b'"', b'\''>(bytes, i, n, &QUOTE_BYTES);
            if i >= n {
                break;
            }
            let b = bytes[i];
            match b {
                b'\n' => return i,
                b'"' => {
                    let open_ctx = opening_context(text, start, i);
                    let close_ctx = closing_context(text, i + 1);
                    let opening = match (open_ctx, close_ctx) {
                        (true, false) => true,
                        (false, true) => false,
                        _ => d_open.is_none(),
                    };
                    if opening {
                        d_open = Some(i);
                    } else {
                        close(&mut self.dbl, &mut d_open, i);
                    }
                }
                b'\'' => {
                    let next_alnum = char_at(text, i + 1).is_some_and(char::is_alphanumeric);
                    if opening_context(text, start, i) && next_alnum {
                        s_open = Some(i);
                    } else if !opening_context(text, start, i) && !next_alnum {
                        close(&mut self.sgl, &mut s_open, i);
                    }
                }
                0xE2 if i + 2 < n && bytes[i + 1] == 0x80 => {
                    match bytes[i + 2] {
                        // ‘ (not the apostrophe of ‘90s)
                        0x98 if !char_at(text, i + 3).is_some_and(|c| c.is_ascii_digit()) => {
                            s_open = Some(i);
                        }
                        // ’ (not the apostrophe inside a word)
                        0x99 if !char_at(text, i + 3).is_some_and(char::is_alphanumeric) => {
                            close(&mut self.sgl, &mut s_open, i);
                        }
                        // “
                        0x9C => d_open = Some(i),
                        // ”
                        0x9D => close(&mut self.dbl, &mut d_open, i),
                        _ => {}
                    }
                    i += 3;
                    continue;
                }
                0xC2 if i + 1 < n => {
                    match bytes[i + 1] {
                        0xAB => d_open = Some(i),
                        0xBB => close(&mut self.dbl, &mut d_open, i),
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        n
    }

    /// Is a boundary whose punctuation runs from `run_start` to `p` inside a
    /// quotation that closes later?
    pub(super) fn inside(&mut self, run_start: usize, p: usize) -> bool {
        fn check(spans: &[(usize, usize)], idx: &mut usize, run_start: usize, p: usize) -> bool {
            while *idx < spans.len() && spans[*idx].1 < p {
                *idx += 1;
            }
            spans
                .get(*idx)
                .is_some_and(|&(s, e)| s < run_start && p <= e)
        }
        check(&self.dbl, &mut self.di, run_start, p) || check(&self.sgl, &mut self.si, run_start, p)
    }
}

/// Pairs a closing mark at `i` with the open one, if the quotation is short enough.
fn close(spans: &mut Vec<(usize, usize)>, open: &mut Option<usize>, i: usize) {
    if let Some(s) = open.take() {
        if i - s <= QUOTE_CAP {
            spans.push((s, i));
        }
    }
}

/// Is the character before `i` (within the line) a space, an opening bracket or a dash?
fn opening_context(text: &str, line_start: usize, i: usize) -> bool {
    if i <= line_start {
        return true;
    }
    match char_before(text, i) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '-' | '–' | '—' | '/' | '"' | '“' | ':')
        }
    }
}

/// Is the character at `i` the end of the text, a space or punctuation that may follow a closing quote?
fn closing_context(text: &str, i: usize) -> bool {
    match char_at(text, i) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '’' | '\''
                )
        }
    }
}
