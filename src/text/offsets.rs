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
    // News lines run about 70 bytes: room for most texts' lines at once.
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    let bytes = text.as_bytes();
    for end in memchr::memchr_iter(b'\n', bytes).chain([text.len()]) {
        // Most lines start and end with a visible ASCII byte: nothing to
        // trim, and no characters to decode to find that out.
        let plain = |b: &u8| b.is_ascii_graphic();
        if end > start && plain(&bytes[start]) && plain(&bytes[end - 1]) {
            out.push((start, end));
        } else if let Some(span) = trimmed_span(text, start, end) {
            out.push(span);
        }
        start = end + 1;
    }
    out
}

/// `text[start..end]` without the white space around it, as a span of
/// `text`; `None` when nothing is left.
pub fn trimmed_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let line = &text[start..end];
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    (!trimmed.is_empty()).then_some((start + lead, start + lead + trimmed.len()))
}

/// Whether `bytes` holds an ASCII digit. Tested 32 bytes at a time, with
/// no branch per byte, so the compiler compares them as vectors: the gate
/// asks it of every sentence, and `iter().any` stopped to branch on each
/// byte (4 instructions a byte of the batch).
pub fn has_digit(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let any = block
            .iter()
            .fold(0u8, |a, &b| a | u8::from(b.wrapping_sub(b'0') < 10));
        if any != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(u8::is_ascii_digit)
}

/// Whether `bytes` holds a figure: an ASCII digit ([`has_digit`]) or a
/// vulgar fraction the quantity piece reads as a number ("¼ kilo",
/// "½ oz": [`super::numbers::fraction_value`]). What the gates' `digit`
/// class looks for, so a sentence whose only figure is a fraction is not
/// gated out.
pub fn has_figure(bytes: &[u8]) -> bool {
    // The fractions' lead bytes (U+00BC..BE, U+2153..54), searched for
    // with memchr: most sentences have none.
    let fraction = |at: usize| {
        let len = if bytes[at] == 0xC2 { 2 } else { 3 };
        bytes
            .get(at..at + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next())
            .is_some_and(|c| super::numbers::fraction_value(c).is_some())
    };
    has_digit(bytes) || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_figures() {
        for t in ["¼ illegal drug capsules", "a ½", "⅓", "x⅔y", "12"] {
            assert!(has_figure(t.as_bytes()), "{t}");
        }
        for t in ["", "none here", "£ and ¢ and ⅛ — “x”"] {
            assert!(!has_figure(t.as_bytes()), "{t}");
        }
    }

    /// The block test agrees with a byte-by-byte one: every length up to
    /// 100, no digit or one digit anywhere, bytes just below and above the
    /// digits around it.
    #[test]
    fn has_digit_finds_every_digit() {
        for len in 0..100 {
            let plain: Vec<u8> = (0..len).map(|i| [b'/', b':', b'a', 0xC2][i % 4]).collect();
            assert!(!has_digit(&plain), "none in {len} bytes");
            for at in 0..len {
                for d in [b'0', b'5', b'9'] {
                    let mut one = plain.clone();
                    one[at] = d;
                    assert!(has_digit(&one), "{d} at {at} of {len}");
                }
            }
        }
    }

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
