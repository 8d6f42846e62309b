//! Small helpers for byte offsets into UTF-8 text: every stage slices the
//! article by byte offsets and must land on character boundaries.

/// The largest character boundary at or before `i` (clamped to the text).
pub fn floor_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i` (clamped to the text).
pub fn ceil_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The byte span of every line of `text` that is not blank, without the
/// white space around it, in order: the furniture pass's lines and the
/// quotes stage's paragraphs. `memchr`'s vector search finds the line
/// ends (`str::split` searched byte by byte, most of the time).
pub fn trimmed_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push((start + lead, start + lead + trimmed.len()));
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let t = "a£b"; // '£' is bytes 1..3
        assert_eq!(floor_char(t, 2), 1);
        assert_eq!(ceil_char(t, 2), 3);
        assert_eq!(floor_char(t, 99), 4);
        assert_eq!(ceil_char(t, 99), 4);
        assert_eq!(floor_char(t, 0), 0);
    }

    /// The lines as `str::split_inclusive` cuts them, trimmed, on texts
    /// with empty, blank, unterminated and Unicode-spaced lines.
    #[test]
    fn trimmed_lines_cut_as_split_inclusive_does() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "\n\n  a b \r\n\t\nc\n\u{a0}d\u{2003}\n \n",
            "\u{2028}x\ny\n\n\n",
        ] {
            let mut want = Vec::new();
            let mut pos = 0;
            for raw in text.split_inclusive('\n') {
                let lead = raw.len() - raw.trim_start().len();
                if !raw.trim().is_empty() {
                    want.push((pos + lead, pos + lead + raw.trim().len()));
                }
                pos += raw.len();
            }
            assert_eq!(trimmed_lines(text), want, "{text:?}");
        }
    }
}
