//! Normalisation that keeps byte offsets: every change replaces bytes with
//! the same number of bytes, so a span into the normalised text is a span
//! into the input.

/// Returns a copy of `text` of the same byte length where odd spaces
/// (NBSP, thin and narrow spaces, line and paragraph separators, BOM, CR,
/// tabs: every Unicode space) are plain ASCII spaces, so rules' `\s` can
/// be ASCII.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\t' | '\u{0B}' | '\u{0C}' => out.push(' '),
            '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200B}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}' => {
                for _ in 0..c.len_utf8() {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length() {
        let s = "\u{FEFF}£30\u{A0}000\r\n\u{2009}ok";
        let n = normalise(s);
        assert_eq!(n.len(), s.len());
        assert_eq!(n, "   £30  000 \n   ok");
    }

    /// Rules' `\s` is ASCII: every character Unicode calls white space
    /// must come out of here as ASCII white space.
    #[test]
    fn every_unicode_space_becomes_ascii() {
        let re = regex::Regex::new(r"\s").unwrap();
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            if re.is_match(&s) {
                let n = normalise(&s);
                assert!(
                    n.bytes().all(|b| b.is_ascii_whitespace()),
                    "U+{:04X} stays {n:?}",
                    c as u32
                );
            }
        }
    }
}
