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
}
