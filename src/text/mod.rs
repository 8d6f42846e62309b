//! Text, before any rule: normalising odd characters byte for byte,
//! sentence splitting, numbers written in digits or words, and byte-offset
//! helpers. Nothing here knows about rules.

pub mod normalise;
pub mod numbers;
pub mod offsets;
pub mod split;

pub use offsets::{ceil_char, floor_char, has_figure, trimmed_lines, trimmed_span};

/// The marks a sentence, a quotation or a bracket ends with.
const CLOSING_MARKS: [char; 13] = [
    '.', '!', '?', ':', '"', '\u{201D}', '\u{2019}', '\'', ')', ',', ';', '\u{2026}', '\u{BB}',
];

/// Whether `t` ends with no closing punctuation, as a headline does (the
/// page's own, or another story's).
pub fn ends_open(t: &str) -> bool {
    let t = t.trim_end();
    !t.is_empty() && !t.ends_with(CLOSING_MARKS)
}
