//! Sentence splitter (being written).

/// One sentence: a half-open byte range into the text, trailing whitespace excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line or line-break separated block) holding it.
    pub paragraph: usize,
}

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let _ = text;
    Vec::new()
}
