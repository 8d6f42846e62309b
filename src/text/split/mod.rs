//! Sentence splitter for news text and police press releases.
//!
//! The splitter works line by line: a line break always ends a sentence, and
//! every non-blank line is its own paragraph. Inside a line, a fast byte scan
//! stops only at candidate boundaries (`.`, `?`, `!`, a few Unicode terminals,
//! and spaces while a numbered list is open); rules around each candidate
//! decide (abbreviations, initials, decimals, ellipses, closing quotes,
//! missing spaces after a full stop, list items). A first pass over each line
//! pairs quotation marks so that a `.` inside a short quotation does not split
//! it.
//!
//! Every look-around is bounded, and every byte is visited a fixed number of
//! times, so the splitter is linear in the input length.
//!
//! The files: `line` (the scan of one line), `terminal` (a run of terminal
//! punctuation), `period` (a full stop: abbreviations, initials, times),
//! `abbreviations` (the word lists), `quotes` (quotation pairing), `lists`
//! (list markers), `chars` (byte tables and character classes).

mod abbreviations;
mod chars;
mod line;
mod lists;
mod period;
mod quotes;
mod terminal;

#[cfg(test)]
mod tests;

use line::Line;
use quotes::Quotes;

/// One sentence: a half-open byte range into the text, trailing whitespace excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line or line-break separated block) holding it.
    pub paragraph: usize,
}

/// How far back or forward a rule may look at one word (bytes).
const MAX_TOKEN: usize = 64;
/// A quotation longer than this (bytes) is not protected from splitting.
const QUOTE_CAP: usize = 1000;

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 96 + 1);
    let mut quotes = Quotes::default();
    let mut paragraph = 0usize;
    let mut pos = 0usize;
    loop {
        let line_end = quotes.scan_line(text, pos);
        let before = out.len();
        Line {
            text,
            bytes,
            line_start: pos,
            end: line_end,
            paragraph,
            sent_start: pos,
            list: None,
            quotes: &mut quotes,
            out: &mut out,
        }
        .run();
        if out.len() > before {
            paragraph += 1;
        }
        if line_end >= bytes.len() {
            break;
        }
        pos = line_end + 1;
    }
    out
}
