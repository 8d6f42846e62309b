//! Byte tables and character classes: the fast scan for candidate
//! boundaries and the punctuation the rules look at.

/// Bytes that may start a candidate boundary.
pub(super) static CAND: [bool; 256] = make_table(b".?!\"\xE2\xE3\xEF");
/// The same, plus spaces (used while a numbered list is open).
pub(super) static CAND_LIST: [bool; 256] = make_table(b".?!\" \t\xE2\xE3\xEF");
/// Bytes of interest to the quote pass (line end and quotation marks).
pub(super) static QUOTE_BYTES: [bool; 256] = make_table(b"\n\"'\xE2\xC2");

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Non-zero if some byte of `w` may equal `b` (exact for the lowest such byte).
#[inline(always)]
fn has_byte(w: u64, b: u8) -> u64 {
    let x = w ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// The first index in `i..end` whose byte is in `table`, or `end`.
/// `table` must hold only `A`, `B`, `C`, `"` and bytes >= 0x80; eight bytes
/// are tested at a time.
#[inline(always)]
pub(super) fn find_in<const A: u8, const B: u8, const C: u8>(
    bytes: &[u8],
    mut i: usize,
    end: usize,
    table: &[bool; 256],
) -> usize {
    let end = end.min(bytes.len());
    while i + 8 <= end {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(chunk);
        let m = (w & HI) | has_byte(w, A) | has_byte(w, B) | has_byte(w, C) | has_byte(w, b'"');
        if m == 0 {
            i += 8;
            continue;
        }
        let k = i + (m.trailing_zeros() / 8) as usize;
        if table[bytes[k] as usize] {
            return k;
        }
        i = k + 1;
    }
    while i < end && !table[bytes[i] as usize] {
        i += 1;
    }
    i
}

const fn make_table(set: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < set.len() {
        t[set[i] as usize] = true;
        i += 1;
    }
    t
}

#[inline]
pub(super) fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C)
}

#[inline]
pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Length in bytes of the whitespace character at `i`, or 0.
#[inline]
pub(super) fn ws_len(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        None => 0,
        Some(&b) if b < 0x80 => usize::from(is_ascii_ws(b)),
        Some(_) => match char_at(text, i) {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

pub(super) fn is_terminal_char(c: char) -> bool {
    matches!(
        c,
        '.' | '?' | '!' | '…' | '．' | '。' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

pub(super) fn is_fullwidth_terminal(c: char) -> bool {
    matches!(c, '．' | '。' | '？' | '！')
}

pub(super) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | '»' | '›' | ')' | ']' | '}')
}

pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '‘' | '“' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '_' | '*'
    )
}

pub(super) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '⁃' | '‣' | '◦' | '▪' | '■' | '●' | '-' | '*' | '–' | '—'
    )
}
