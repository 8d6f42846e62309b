//! Text, before any rule: normalising odd characters byte for byte,
//! sentence splitting, numbers written in digits or words, and byte-offset
//! helpers. Nothing here knows about rules.

pub mod normalise;
pub mod numbers;
pub mod offsets;
pub mod split;

pub use offsets::{ceil_char, floor_char, has_digit, trimmed_lines, trimmed_span};
