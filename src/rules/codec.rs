//! The byte format of the files of facts worked out in advance
//! ([`super::known_trees`], [`super::known_docs`]): numbers as LEB128,
//! byte strings with their length first, and a reader that says `None`
//! for anything cut short or malformed, so a broken file only means
//! nothing is known.

/// Writes `n` as LEB128: seven bits a byte, low bits first. Only the
/// tests that make the files write.
#[cfg(test)]
pub(crate) fn put(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Writes `bytes`' length, then the bytes.
#[cfg(test)]
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// A cursor over encoded bytes; every read is `None` past the end.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    /// A number written by [`put`]. Most are under 128, one byte: read
    /// inline (a decoded NFA reads several per state).
    #[inline]
    pub(crate) fn number(&mut self) -> Option<u32> {
        match self.bytes.split_first() {
            Some((&b, rest)) if b < 0x80 => {
                self.bytes = rest;
                Some(u32::from(b))
            }
            _ => self.long_number(),
        }
    }

    /// [`Self::number`] of more than one byte.
    #[cold]
    fn long_number(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// Bytes written by [`put_bytes`].
    pub(crate) fn take(&mut self) -> Option<&'a [u8]> {
        let n = self.number()? as usize;
        self.fixed(n)
    }

    /// The next `n` bytes.
    pub(crate) fn fixed(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(taken)
    }

    /// Eight bytes as a little-endian number (keys, masks).
    pub(crate) fn word(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.fixed(8)?.try_into().ok()?))
    }

    /// A string written by [`put_bytes`].
    pub(crate) fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.take()?).ok()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bytes_read_back_and_a_cut_reads_nothing() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            put(&mut out, n);
        }
        put_bytes(&mut out, "né".as_bytes());
        let mut r = Reader::new(&out);
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(r.number(), Some(n));
        }
        assert_eq!(r.text(), Some("né"));
        assert!(r.is_empty() && r.byte().is_none());
        assert!(Reader::new(&[0x80]).number().is_none());
        assert!(Reader::new(&[0xFF; 6]).number().is_none());
        assert!(Reader::new(&[3, b'a']).take().is_none());
        assert!(Reader::new(&[1, 0xFF]).text().is_none());
    }
}
