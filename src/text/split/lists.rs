//! List markers: "1.", "2.)", "3)", "(4)", "a.", "b)", "(c)", and bullets.

use super::chars::{char_at, is_ascii_ws, is_bullet};

/// The number or letter of a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkKind {
    Num(u32),
    Alpha(u8),
}

/// How a marker ends: "1.", "1.)", "1)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    Dot,
    DotParen,
    Paren,
}

/// A list marker; `open_paren` for "(4)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marker {
    pub(super) open_paren: bool,
    pub(super) kind: MarkKind,
    pub(super) suffix: Suffix,
}

impl Marker {
    /// The marker that continues the list ("2." after "1.").
    pub(super) fn next(self) -> Option<Marker> {
        let kind = match self.kind {
            MarkKind::Num(n) if n < 99 => MarkKind::Num(n + 1),
            MarkKind::Alpha(c) if c != b'z' && c != b'Z' => MarkKind::Alpha(c + 1),
            _ => return None,
        };
        Some(Marker { kind, ..self })
    }
}

/// Parses a list marker at `i`, which must be followed by whitespace.
/// Returns the marker and the index just after it.
pub(super) fn parse_marker(bytes: &[u8], i: usize, end: usize) -> Option<(Marker, usize)> {
    let at = |k: usize| if k < end { bytes[k] } else { 0 };
    let mut j = i;
    let open_paren = at(j) == b'(';
    if open_paren {
        j += 1;
    }
    let kind = if at(j).is_ascii_digit() {
        let mut n = u32::from(at(j) - b'0');
        j += 1;
        if at(j).is_ascii_digit() {
            n = n * 10 + u32::from(at(j) - b'0');
            j += 1;
        }
        if at(j).is_ascii_digit() {
            return None;
        }
        MarkKind::Num(n)
    } else if at(j).is_ascii_alphabetic() && !at(j + 1).is_ascii_alphabetic() {
        j += 1;
        MarkKind::Alpha(at(j - 1))
    } else {
        return None;
    };
    let suffix = if open_paren {
        if at(j) != b')' {
            return None;
        }
        j += 1;
        Suffix::Paren
    } else if at(j) == b'.' && at(j + 1) == b')' {
        j += 2;
        Suffix::DotParen
    } else if at(j) == b')' {
        j += 1;
        Suffix::Paren
    } else if at(j) == b'.' {
        j += 1;
        Suffix::Dot
    } else {
        return None;
    };
    // "A. Smith" is an initial, not a list item.
    if let (MarkKind::Alpha(c), Suffix::Dot) = (kind, suffix) {
        if c.is_ascii_uppercase() {
            return None;
        }
    }
    if j < end && is_ascii_ws(bytes[j]) {
        Some((
            Marker {
                open_paren,
                kind,
                suffix,
            },
            j,
        ))
    } else {
        None
    }
}

/// A new list of the same style starting while one is open ("... 2) last 1) first").
pub(super) fn is_restart(want: Marker, m: Marker) -> bool {
    m.open_paren == want.open_paren
        && m.suffix == want.suffix
        && match (m.kind, want.kind) {
            (MarkKind::Num(1), MarkKind::Num(n)) => n > 2,
            (MarkKind::Alpha(c), MarkKind::Alpha(w)) => {
                (c == b'a' || c == b'A') && w.is_ascii_alphabetic() && w.to_ascii_lowercase() > b'b'
            }
            _ => false,
        }
}

/// Skips a bullet character and the spaces after it.
pub(super) fn skip_bullet(text: &str, i: usize, end: usize) -> usize {
    match char_at(text, i) {
        Some(c) if is_bullet(c) && i + c.len_utf8() <= end => {
            let mut j = i + c.len_utf8();
            while j < end && text.as_bytes()[j] == b' ' {
                j += 1;
            }
            j
        }
        _ => i,
    }
}
