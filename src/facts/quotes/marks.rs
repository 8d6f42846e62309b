//! Finding quotation marks: which marks open and close direct speech, and
//! which are apostrophes. One pass per paragraph, linear in its length.

/// A stretch of text between quotation marks, inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawQuote {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// The words inside the marks (whitespace trimmed).
    pub start: usize,
    pub end: usize,
    /// Byte offset just past the closing mark (the paragraph end when the
    /// quote is not closed in its paragraph).
    pub close_end: usize,
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fam {
    /// " “ ”
    Double,
    /// ' ‘ ’
    Single,
    /// The odd pair ‘’ used as an opening mark.
    Odd,
    /// « »
    Guillemet,
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{AB}' | '\u{BB}'
    )
}

/// A mark here may open a quote: start of paragraph, after a space, a
/// bracket, a dash or another mark.
fn opener_ctx(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '\u{2013}' | '\u{2014}' | '-' | '/')
                || is_mark(c)
        }
    }
}

/// A mark here may close a quote: end of paragraph, before a space,
/// punctuation or another mark.
fn closer_ctx(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '-'
                        | '/'
                        | '\u{2026}'
                )
                || is_mark(c)
        }
    }
}

fn non_space(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_whitespace())
}

/// The next quotation mark in `text[from..pe]`: its byte offset and char.
/// Every mark starts with one of four bytes (ASCII quotes, or the lead byte
/// of « » or of the curly quotes), so other text is skipped byte by byte.
fn next_mark(text: &str, from: usize, pe: usize) -> Option<(usize, char)> {
    let bytes = &text.as_bytes()[..pe];
    let mut i = from;
    while let Some(off) = find_lead(&bytes[i..]) {
        i += off;
        let c = text[i..pe].chars().next()?;
        if is_mark(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
    None
}

/// The first byte that may start a quotation mark: the ASCII quotes and
/// the curly quotes' lead byte by one vector search, then the lead byte of
/// « » only in the stretch before that hit (so no byte is searched twice
/// for it). `memchr`'s vector search took a third of the instructions of
/// the word-at-a-time loop it replaced.
fn find_lead(bytes: &[u8]) -> Option<usize> {
    let near = memchr::memchr3(b'"', b'\'', 0xE2, bytes);
    let upto = near.unwrap_or(bytes.len());
    memchr::memchr(0xC2, &bytes[..upto]).or(near)
}

/// Quotes in `text[ps..pe]` (one paragraph), in order.
///
/// Only quotation marks change the state, so the scan jumps from mark to
/// mark, looking at the characters on either side of each.
pub(crate) fn scan(text: &str, ps: usize, pe: usize, out: &mut Vec<RawQuote>) {
    scan_from(text, ps, ps, pe, out);
}

/// As [`scan`], for a paragraph that may continue the speech left open at
/// the end of the paragraph before (`carried`): speech that runs on
/// without an opening mark and ends at a closing one after sentence
/// punctuation (`…such activity.'`, `…1.8 million pills,” he added`) is
/// the paragraph's first quote, from its start.
pub(crate) fn scan_carried(text: &str, ps: usize, pe: usize, out: &mut Vec<RawQuote>) {
    let Some((i, c)) = next_mark_not_apostrophe(text, ps, pe) else {
        // No mark at all: the speech runs on through this paragraph when
        // the next mark ahead closes it (pages that drop the opening mark
        // of every paragraph of a long quote but its first). Only after a
        // blank line: lines broken inside one paragraph (a post quoted
        // line by line) are no paragraphs of speech of their own.
        let before = text[..ps].trim_end_matches([' ', '\t']);
        let blank_before = before.ends_with("\n\n") || before.ends_with("\n\r\n");
        if blank_before && closes_ahead(text, pe) {
            let t = &text[ps..pe];
            let start = ps + (t.len() - t.trim_start().len());
            out.push(RawQuote {
                open: ps,
                start,
                end: ps + t.trim_end().len(),
                close_end: pe,
                closed: false,
            });
        }
        return;
    };
    if !closes_speech(text, ps, pe, i, c) {
        return scan(text, ps, pe, out);
    }
    let start = ps + (text[ps..i].len() - text[ps..i].trim_start().len());
    let close_end = i + c.len_utf8();
    out.push(RawQuote {
        open: ps,
        start,
        end: i,
        close_end,
        closed: true,
    });
    scan_from(text, ps, close_end, pe, out);
}

/// Whether the mark `c` at `i` (in `text[ps..pe]`) closes speech: a
/// closing mark after sentence punctuation, before a closer's context.
fn closes_speech(text: &str, ps: usize, pe: usize, i: usize, c: char) -> bool {
    let prev = text[ps..i].chars().next_back();
    let next = text[i + c.len_utf8()..pe].chars().next();
    matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{BB}')
        && prev.is_some_and(|p| matches!(p, '.' | ',' | '!' | '?' | '\u{2026}'))
        && closer_ctx(next)
}

/// Bytes after a paragraph that [`scan_carried`] looks through for the
/// mark that closes speech run on without marks.
const CARRY_AHEAD: usize = 3000;

/// Whether the first mark after `from` (within [`CARRY_AHEAD`] bytes, an
/// apostrophe inside a word aside) closes speech.
fn closes_ahead(text: &str, from: usize) -> bool {
    let to = crate::text::floor_char(text, (from + CARRY_AHEAD).min(text.len()));
    next_mark_not_apostrophe(text, from, to)
        .is_some_and(|(i, c)| closes_speech(text, from, to, i, c))
}

/// Whether an apostrophe between `prev` and `next` is inside a word
/// ("don't", "Barnardo's", "the 90's"): no quotation mark.
fn inside_word(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphabetic)
}

/// [`next_mark`], passing over an apostrophe inside a word ("Wales’s",
/// "don't").
fn next_mark_not_apostrophe(text: &str, from: usize, pe: usize) -> Option<(usize, char)> {
    let mut at = from;
    loop {
        let (i, c) = next_mark(text, at, pe)?;
        let prev = text[..i].chars().next_back();
        let next = text[i + c.len_utf8()..pe].chars().next();
        if !(matches!(c, '\'' | '\u{2019}') && inside_word(prev, next)) {
            return Some((i, c));
        }
        at = i + c.len_utf8();
    }
}

/// The scan of `text[ps..pe]` from `from` on, no quote open there.
fn scan_from(text: &str, ps: usize, from: usize, pe: usize, out: &mut Vec<RawQuote>) {
    let mut s = Scan {
        text,
        ps,
        pe,
        out,
        open: None,
        depth: 0,
        nested: false,
        paired: false,
        weak: None,
        restarts: 0,
    };
    // byte offset of the next character to look at
    let mut pos = from;
    loop {
        let Some((i, c)) = next_mark(text, pos, pe) else {
            match s.at_paragraph_end() {
                Some(p) => {
                    pos = p;
                    continue;
                }
                None => break,
            }
        };
        let prev = s.before(i);
        let next = s.after(i + c.len_utf8());
        // the character after a mark opening or closing a quote is looked
        // at no further
        let skip_next = match s.open {
            // `“ It is encouraging”`: a curly opening mark a space before
            // its first word, as some pages type it; a straight one so
            // only at the paragraph's start (`" We will not allow…`), where
            // it cannot close a quote
            None => match opening(c, prev, next)
                .filter(|&(fam, len)| fam != Fam::Single || !elided(&s.text[i + len..pe]))
                .or_else(|| {
                    let spaced =
                        (c == '\u{201C}' && opener_ctx(prev)) || (c == '"' && prev.is_none());
                    (spaced && next == Some(' '))
                        .then(|| s.after(i + c.len_utf8() + 1))
                        .flatten()
                        .filter(|n| n.is_uppercase())
                        .map(|_| (Fam::Double, c.len_utf8()))
                }) {
                Some((fam, len)) => {
                    s.begin(fam, i, len);
                    fam == Fam::Odd
                }
                None => false,
            },
            Some(q) => s.inside(q, i, c, prev, next),
        };
        pos = i + c.len_utf8();
        if skip_next {
            pos += next.map_or(0, char::len_utf8);
        }
    }
}

/// Words written with an apostrophe for letters left out, which a single
/// mark before them does not open: "the Calabria-based 'Ndrangheta mafia,
/// Italy's richest …" (the Italian mafia's name), "'til", "'em".
const ELIDED: [&str; 5] = ["Ndrangheta", "til", "em", "tis", "twas"];

/// `rest` opens with an [`ELIDED`] word.
fn elided(rest: &str) -> bool {
    let word = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    ELIDED.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// What a mark opens when no quote is open: its family and its length in
/// bytes (the odd pair ‘’ is two marks), or None for an apostrophe, an
/// inch sign or a stray mark.
fn opening(c: char, prev: Option<char>, next: Option<char>) -> Option<(Fam, usize)> {
    match c {
        '"' => {
            let inch = prev.is_some_and(|p| p.is_ascii_digit());
            // `drugs and"dirty money"`: a missing space
            let glued = (prev.is_some_and(|p| p.is_alphabetic() || p == ':')
                && next.is_some_and(char::is_alphabetic))
                // `opioids."These drugs`, `and added,"Sir, I take`: a
                // sentence end or an introducing comma glued to speech
                || (prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | ','))
                    && next.is_some_and(char::is_uppercase));
            (!inch && (opener_ctx(prev) || glued) && non_space(next)).then_some((Fam::Double, 1))
        }
        '\u{201C}' if non_space(next) => Some((Fam::Double, 3)),
        // (or glued to the colon that introduces it: `added:”In Southern
        // Province`, a closing mark typed for the opening one)
        '\u{201D}'
            if (opener_ctx(prev) && next.is_some_and(char::is_alphanumeric))
                || (prev == Some(':') && next.is_some_and(char::is_uppercase)) =>
        {
            Some((Fam::Double, 3))
        }
        // (not glued to a letter or an accent: "´óÏó´«Ã½", a mirror
        // site's garbled "BBC", opens nothing)
        '\u{AB}' if opener_ctx(prev) => Some((Fam::Guillemet, 2)),
        '\u{2018}' if next == Some('\u{2019}') => Some((Fam::Odd, 6)),
        '\u{2018}' => (opener_ctx(prev) && next.is_some_and(|n| n.is_alphabetic() || is_mark(n)))
            .then_some((Fam::Single, 3)),
        '\'' | '\u{2019}' => {
            // a straight apostrophe opens before a letter, a curly one only
            // before a capital (it is far more often an apostrophe)
            let ok = opener_ctx(prev)
                && !prev.is_some_and(is_mark)
                && next.is_some_and(|n| {
                    if c == '\'' {
                        n.is_alphabetic()
                    } else {
                        n.is_uppercase()
                    }
                });
            ok.then_some((Fam::Single, c.len_utf8()))
        }
        _ => None,
    }
}

/// The scan's state between two marks of one paragraph.
struct Scan<'t, 'o> {
    text: &'t str,
    ps: usize,
    pe: usize,
    out: &'o mut Vec<RawQuote>,
    /// The open quote: (family, byte of opening mark, content start).
    open: Option<(Fam, usize, usize)>,
    /// Double quotes opened inside an open double quote, still open.
    depth: usize,
    /// A double quote is open inside a single one.
    nested: bool,
    /// A double quote opened and closed inside the open single one.
    paired: bool,
    /// A possessive that may close a single quote: (byte, mark).
    weak: Option<(usize, char)>,
    /// Times the scan went back to a possessive: bounded, so it stays linear.
    restarts: usize,
}

impl Scan<'_, '_> {
    fn before(&self, i: usize) -> Option<char> {
        self.text[self.ps..i].chars().next_back()
    }

    fn after(&self, i: usize) -> Option<char> {
        self.text[i..self.pe].chars().next()
    }

    fn begin(&mut self, fam: Fam, i: usize, len: usize) {
        self.open = Some((fam, i, i + len));
        self.depth = 0;
        self.nested = false;
        self.paired = false;
        self.weak = None;
    }

    /// No mark left: a quote still open closes at the possessive it passed
    /// (and the scan goes on after it), or runs unclosed to the paragraph
    /// end. A single mark left open around a whole double quote was no
    /// opening mark (`the ‘Ndrangheta clan … “We have …,” said X`): the
    /// scan goes on after it. Where to go on, or None to stop.
    fn at_paragraph_end(&mut self) -> Option<usize> {
        let (fam, open, cstart) = self.open?;
        if fam == Fam::Single && self.paired && self.weak.is_none() && self.restarts < 8 {
            self.restarts += 1;
            self.open = None;
            return Some(cstart);
        }
        if let Some((w, wc)) = self.weak.filter(|_| self.restarts < 8) {
            // No better closing mark: the plural possessive was one.
            self.restarts += 1;
            let close_end = w + wc.len_utf8();
            self.emit(open, cstart, w, close_end, true);
            self.open = None;
            self.weak = None;
            return Some(close_end);
        }
        let pe = self.pe;
        self.emit(open, cstart, pe, pe, false);
        None
    }

    /// A mark inside the open quote `q`: it may close it. Whether the
    /// character after the mark is part of the closing mark.
    fn inside(
        &mut self,
        q: (Fam, usize, usize),
        i: usize,
        c: char,
        prev: Option<char>,
        next: Option<char>,
    ) -> bool {
        let (fam, open, cstart) = q;
        // (content end, close end)
        let close_at = match fam {
            Fam::Double => self.close_double(i, c, prev, next),
            Fam::Guillemet => (c == '\u{BB}').then_some((i, i + 2)),
            Fam::Single | Fam::Odd => self.close_single(fam, i, c, prev, next),
        };
        let Some((cend, close_end)) = close_at else {
            return false;
        };
        self.emit(open, cstart, cend, close_end, true);
        self.open = None;
        self.weak = None;
        close_end > i + c.len_utf8()
    }

    /// A mark inside a double quote: closes it, or opens or closes a double
    /// quote nested in it.
    fn close_double(
        &mut self,
        i: usize,
        c: char,
        prev: Option<char>,
        next: Option<char>,
    ) -> Option<(usize, usize)> {
        match c {
            '"' => {
                // `Louisiana."Fentanyl`: speech ends glued to the next sentence
                let glued_end = prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | ','))
                    && next.is_some_and(char::is_uppercase);
                // `in custody, "the spokesperson said`: wire copy that types
                // the closing mark after the space, glued to the words after
                if self.depth == 0
                    && prev == Some(' ')
                    && next.is_some_and(char::is_lowercase)
                    && self.text[self.ps..i - 1].ends_with(',')
                {
                    return Some((i - 1, i + 1));
                }
                if non_space(prev) && (closer_ctx(next) || glued_end) {
                    if self.depth == 0 {
                        return Some((i, i + 1));
                    }
                    self.depth -= 1;
                } else if opener_ctx(prev) && non_space(next) {
                    self.depth += 1;
                }
            }
            '\u{201C}' if non_space(next) && opener_ctx(prev) => self.depth += 1,
            '\u{201D}' => {
                if self.depth == 0 {
                    return Some((i, i + 3));
                }
                self.depth -= 1;
            }
            _ => {}
        }
        None
    }

    /// A mark inside a single (or odd-pair) quote: closes it, opens or
    /// closes a double quote nested in it, or is an apostrophe.
    fn close_single(
        &mut self,
        fam: Fam,
        i: usize,
        c: char,
        prev: Option<char>,
        next: Option<char>,
    ) -> Option<(usize, usize)> {
        match c {
            '"' | '\u{201C}' | '\u{201D}' => {
                let opens = c == '\u{201C}' || (c == '"' && opener_ctx(prev) && non_space(next));
                let closes = c == '\u{201D}' || (c == '"' && non_space(prev) && closer_ctx(next));
                if !self.nested && opens && !(closes && fam == Fam::Odd) {
                    self.nested = true;
                } else if self.nested && closes {
                    self.nested = false;
                    self.paired = true;
                } else if fam == Fam::Odd && closes {
                    return Some((i, i + c.len_utf8()));
                }
                None
            }
            '\'' | '\u{2019}' => {
                if inside_word(prev, next) {
                    // don't, Barnardo's, the 90's
                    None
                } else if fam == Fam::Odd && c == '\u{2019}' && next == Some('\u{2019}') {
                    Some((i, i + 6))
                } else if non_space(prev) && closer_ctx(next) {
                    // `the dealers' phones`: may close only if nothing
                    // better does (see `at_paragraph_end`)
                    let possessive = prev.is_some_and(|p| p == 's' || p == 'S')
                        && next == Some(' ')
                        && self
                            .after(i + c.len_utf8() + 1)
                            .is_some_and(|x| x.is_lowercase() || x.is_ascii_digit());
                    if !possessive {
                        return Some((i, i + c.len_utf8()));
                    }
                    if self.weak.is_none() {
                        self.weak = Some((i, c));
                    }
                    None
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// A quote found: kept if its words, trimmed, hold a letter or digit.
    fn emit(&mut self, open: usize, cstart: usize, cend: usize, close_end: usize, closed: bool) {
        let text = self.text;
        let inner = &text[cstart.min(cend)..cend];
        let lead = inner.len() - inner.trim_start().len();
        let s = cstart + lead;
        let e = s + inner.trim().len();
        if text[s..e].chars().any(char::is_alphanumeric) {
            self.out.push(RawQuote {
                open,
                start: s,
                end: e,
                close_end,
                closed,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(t, 0, t.len(), &mut out);
        out.iter().map(|q| t[q.start..q.end].to_string()).collect()
    }

    #[test]
    fn straight_and_curly_doubles() {
        assert_eq!(quotes(r#"He said: "Go home," and left."#), vec!["Go home,"]);
        assert_eq!(
            quotes("He said: \u{201C}Go home.\u{201D} Then \u{201C}stop\u{201D}."),
            vec!["Go home.", "stop"]
        );
    }

    /// Marks glued the wrong way round in scraped and wire copy: an
    /// opening mark right after an introducing comma (`added,"Sir`), a
    /// closing one after the space (`custody, "the spokesperson said`).
    #[test]
    fn marks_glued_to_the_wrong_word() {
        assert_eq!(
            quotes(r#"The magistrate added,"You must stay away from drugs.""#),
            vec!["You must stay away from drugs."]
        );
        assert_eq!(
            quotes(r#""Five suspects have been remanded in custody, "the spokesperson said."#),
            vec!["Five suspects have been remanded in custody,"]
        );
    }

    /// A curly opening mark typed a space before a capital still opens
    /// (a SAPS statement: `“ It is also encouraging ...,” Masemola said`);
    /// before a small letter or as a stray mark it does not.
    #[test]
    fn curly_opener_a_space_before_a_capital() {
        assert_eq!(
            quotes("\u{201C} It is encouraging,\u{201D} she said."),
            vec!["It is encouraging,"]
        );
        assert_eq!(
            quotes("He said: \u{201C} Officers found it.\u{201D}"),
            vec!["Officers found it."]
        );
        assert!(quotes("a stray \u{201C} mark here").is_empty());
    }

    /// A closing mark typed to open, glued to the colon before it (a
    /// Zambian release: `added:”In Southern Province, ...`).
    #[test]
    fn closing_mark_glued_to_a_colon_opens() {
        assert_eq!(
            quotes("Mr. Banda added:\u{201D}In Eastern Province the team seized 40 bales.\u{201D}"),
            vec!["In Eastern Province the team seized 40 bales."]
        );
        assert!(quotes("The note read:\u{201D} nothing more.").is_empty());
    }

    #[test]
    fn an_elided_word_opens_no_quote() {
        let t = "The Calabria-based 'Ndrangheta mafia, Italy's richest outfit, controls the trade.";
        assert!(quotes(t).is_empty(), "{:?}", quotes(t));
        let t = "The \u{2019}Ndrangheta clan, police said, shipped it. 'We will go on,' he said.";
        assert_eq!(quotes(t), vec!["We will go on,"]);
    }

    #[test]
    fn singles_and_apostrophes() {
        let t = "She said: \u{2018}We don\u{2019}t stop at the dealers\u{2019} doors in the 90\u{2019}s.\u{2019} Barnardo\u{2019}s helps.";
        assert_eq!(
            quotes(t),
            vec!["We don\u{2019}t stop at the dealers\u{2019} doors in the 90\u{2019}s."]
        );
        assert_eq!(quotes("It was 'a sting' they said."), vec!["a sting"]);
        assert_eq!(
            quotes("Barnardo's and the '90s were fine."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn possessive_closes_when_nothing_better() {
        let t = "Officers said the \u{2018}dealers\u{2019} phones were seized.";
        assert_eq!(quotes(t), vec!["dealers"]);
    }

    #[test]
    fn odd_pair_and_nested() {
        let t = "said: \u{2018}\u{2019}County Lines uses other forms of \"deal line\".";
        let q = quotes(t);
        assert_eq!(q, vec!["County Lines uses other forms of \"deal line\"."]);
    }

    #[test]
    fn guillemets_and_inches() {
        assert_eq!(
            quotes("Il a dit: \u{AB} Non \u{BB}. A 6\" pipe."),
            vec!["Non"]
        );
        assert!(
            quotes("Listen on \u{B4}\u{F3}\u{CF}\u{F3}\u{B4}\u{AB}\u{C3}\u{BD} Sounds.").is_empty()
        );
    }

    /// A single mark that is never closed but holds a whole double quote
    /// is an apostrophe: the double quote is the speech.
    #[test]
    fn unclosed_single_around_a_double_quote_is_no_quote() {
        let t = "The \u{2018}Ndrangheta clan moved it. \u{201C}We have stopped them,\u{201D} said Col. Rossi.";
        assert_eq!(quotes(t), vec!["We have stopped them,"]);
        let t = "The 'Ndrangheta clan moved it. \"We have stopped them,\" he said.";
        assert_eq!(quotes(t), vec!["We have stopped them,"]);
        // a single quote closed around a double one stays as it was
        let t = "She said: \u{2018}He told me \u{201C}run\u{201D} and I ran.\u{2019}";
        assert_eq!(quotes(t), vec!["He told me \u{201C}run\u{201D} and I ran."]);
    }

    #[test]
    fn unclosed_runs_to_paragraph_end() {
        let mut out = Vec::new();
        let t = "\"First part\nnext";
        scan(t, 0, 11, &mut out);
        assert_eq!(out.len(), 1);
        assert!(!out[0].closed);
        assert_eq!(&t[out[0].start..out[0].end], "First part");
    }

    fn is_lead(b: u8) -> bool {
        matches!(b, b'"' | b'\'' | 0xC2 | 0xE2)
    }

    #[test]
    fn find_lead_finds_the_first_lead_byte() {
        // every lead byte, and near misses, at every offset of a word
        for lead in [b'"', b'\'', 0xC2, 0xE2, 0x02, 0x07, 0xC3, 0xA2, 0xE3] {
            for len in 0..20 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = lead;
                    let want = bytes.iter().position(|&b| is_lead(b));
                    assert_eq!(find_lead(&bytes), want, "{lead:#x} at {at} of {len}");
                }
            }
        }
        // two leads: the first wins, whichever search finds it
        for (a, b) in [(0xC2, 0xE2), (0xE2, 0xC2), (0xC2, b'"'), (b'\'', 0xC2)] {
            for len in 2..40 {
                for i in 0..len {
                    for j in 0..len {
                        if i == j {
                            continue;
                        }
                        let mut bytes = vec![b'a'; len];
                        (bytes[i], bytes[j]) = (a, b);
                        assert_eq!(find_lead(&bytes), Some(i.min(j)), "{a:#x}@{i} {b:#x}@{j}");
                    }
                }
            }
        }
    }

    #[test]
    fn many_marks_are_linear() {
        let t = "\u{2018}dealers\u{2019} x ".repeat(20_000)
            + &"s\u{2019} a ".repeat(20_000)
            + &"\" ".repeat(50_000);
        // Once quadratic: a hang guard, not a speed limit.
        crate::testing::finishes(move || {
            let mut out = Vec::new();
            scan(&t, 0, t.len(), &mut out);
        });
    }
}
