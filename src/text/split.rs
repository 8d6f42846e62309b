//! Sentence splitter for news text and police press releases.
//!
//! The splitter works line by line: a line break always ends a sentence, and
//! every non-blank line is its own paragraph. Inside a line, a fast byte scan
//! stops only at candidate boundaries (`.`, `?`, `!`, a few Unicode terminals,
//! and spaces while a numbered list is open); rules around each candidate
//! decide (abbreviations, initials, decimals, ellipses, closing quotes,
//! missing spaces after a full stop, list items). A first pass over each line
//! pairs quotation marks so that a `.` inside a short quotation does not split
//! it.
//!
//! Every look-around is bounded, and every byte is visited a fixed number of
//! times, so the splitter is linear in the input length.

/// One sentence: a half-open byte range into the text, trailing whitespace excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line or line-break separated block) holding it.
    pub paragraph: usize,
}

/// How far back or forward a rule may look at one word (bytes).
const MAX_TOKEN: usize = 64;
/// A quotation longer than this (bytes) is not protected from splitting.
const QUOTE_CAP: usize = 1000;

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 96 + 1);
    let mut quotes = Quotes::default();
    let mut paragraph = 0usize;
    let mut pos = 0usize;
    loop {
        let line_end = quotes.scan_line(text, pos);
        let before = out.len();
        Line {
            text,
            bytes,
            line_start: pos,
            end: line_end,
            paragraph,
            sent_start: pos,
            list: None,
            quotes: &mut quotes,
            out: &mut out,
        }
        .run();
        if out.len() > before {
            paragraph += 1;
        }
        if line_end >= bytes.len() {
            break;
        }
        pos = line_end + 1;
    }
    out
}

// ---------------------------------------------------------------------------
// Byte tables and character helpers
// ---------------------------------------------------------------------------

/// Bytes that may start a candidate boundary.
static CAND: [bool; 256] = make_table(b".?!\"\xE2\xE3\xEF");
/// The same, plus spaces (used while a numbered list is open).
static CAND_LIST: [bool; 256] = make_table(b".?!\" \t\xE2\xE3\xEF");
/// Bytes of interest to the quote pass (line end and quotation marks).
static QUOTE_BYTES: [bool; 256] = make_table(b"\n\"'\xE2\xC2");

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
fn find_in<const A: u8, const B: u8, const C: u8>(
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
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C)
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Length in bytes of the whitespace character at `i`, or 0.
#[inline]
fn ws_len(text: &str, i: usize) -> usize {
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

fn is_terminal_char(c: char) -> bool {
    matches!(
        c,
        '.' | '?' | '!' | '…' | '．' | '。' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_fullwidth_terminal(c: char) -> bool {
    matches!(c, '．' | '。' | '？' | '！')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | '»' | '›' | ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '‘' | '“' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '_' | '*'
    )
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '⁃' | '‣' | '◦' | '▪' | '■' | '●' | '-' | '*' | '–' | '—'
    )
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/// How a word before a full stop behaves as an abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbr {
    /// Not a known abbreviation.
    None,
    /// A title before a name ("Mr", "Det", "Insp"): never ends a sentence when capitalised.
    Title,
    /// Never ends a sentence ("vs", "e.g", "approx").
    NeverFinal,
    /// May end a sentence, before a usual sentence starter ("Co", "Ltd", "Jan").
    Other,
}

/// Classifies a word (ASCII, any case) as an abbreviation.
fn abbr_class(tok: &[u8]) -> Abbr {
    const MAX: usize = 6;
    if tok.is_empty() || tok.len() > MAX {
        return Abbr::None;
    }
    let mut buf = [0u8; MAX];
    for (d, s) in buf.iter_mut().zip(tok) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..tok.len()] {
        // Titles that precede a name.
        b"mr" | b"mrs" | b"ms" | b"mx" | b"messrs" | b"mme" | b"mlle" | b"dr" | b"det" | b"sgt"
        | b"insp" | b"supt" | b"ch" | b"chf" | b"cllr" | b"coun" | b"const" | b"pc" | b"dc"
        | b"ds" | b"di" | b"dci" | b"dcs" | b"psn" | b"pcso" | b"lt" | b"lieut" | b"capt"
        | b"cpt" | b"col" | b"gen" | b"gov" | b"sen" | b"rep" | b"reps" | b"hon" | b"rt"
        | b"rev" | b"fr" | b"prof" | b"st" | b"mt" | b"ft" | b"pres" | b"cmdr" | b"cdr"
        | b"comdr" | b"adm" | b"maj" | b"brig" | b"cpl" | b"pte" | b"pvt" | b"asst" | b"dep"
        | b"atty" => Abbr::Title,
        // Never sentence-final.
        b"vs" | b"v" | b"cf" | b"viz" | b"approx" | b"ca" | b"circa" | b"incl" | b"e.g"
        | b"i.e" | b"eg" | b"ie" | b"fig" | b"figs" | b"nos" => Abbr::NeverFinal,
        // May end a sentence.
        b"co" | b"ltd" | b"inc" | b"corp" | b"plc" | b"llc" | b"llp" | b"bros" | b"jan"
        | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept" | b"oct"
        | b"nov" | b"dec" | b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur" | b"thurs"
        | b"fri" | b"sat" | b"sun" | b"ave" | b"rd" | b"blvd" | b"hwy" | b"ln" | b"cres"
        | b"sq" | b"min" | b"mins" | b"hr" | b"hrs" | b"ind" | b"med" | b"dept" | b"est"
        | b"govt" | b"ibid" | b"al" | b"esp" | b"misc" | b"tel" | b"ext" | b"dist" | b"univ"
        | b"assn" | b"intl" | b"natl" | b"max" | b"yr" | b"yrs" | b"wk" | b"wks" | b"btw"
        | b"aka" | b"ph.d" | b"p.o" | b"ed" | b"eds" | b"vol" | b"vols" | b"pp" | b"esq" => {
            Abbr::Other
        }
        _ => Abbr::None,
    }
}

/// Words that usually start a sentence (pragmatic_segmenter's list plus news words).
fn is_starter(w: &[u8]) -> bool {
    matches!(
        w,
        b"A" | b"Being"
            | b"Did"
            | b"For"
            | b"He"
            | b"How"
            | b"However"
            | b"I"
            | b"In"
            | b"It"
            | b"Millions"
            | b"More"
            | b"She"
            | b"That"
            | b"The"
            | b"There"
            | b"They"
            | b"We"
            | b"What"
            | b"When"
            | b"Where"
            | b"Who"
            | b"Why"
            | b"After"
            | b"An"
            | b"And"
            | b"Anyone"
            | b"As"
            | b"At"
            | b"But"
            | b"Detectives"
            | b"During"
            | b"Following"
            | b"Her"
            | b"His"
            | b"If"
            | b"Its"
            | b"Officers"
            | b"On"
            | b"Our"
            | b"Police"
            | b"So"
            | b"Some"
            | b"Their"
            | b"Then"
            | b"These"
            | b"This"
            | b"Those"
            | b"While"
            | b"You"
            | b"Your"
            | b"Meanwhile"
            | b"Both"
            | b"Two"
            | b"Three"
            | b"Four"
            | b"Five"
    )
}

/// Starters that may follow a one-letter token that is not an initial.
fn is_initial_starter(w: &[u8]) -> bool {
    matches!(
        w,
        b"The"
            | b"He"
            | b"She"
            | b"It"
            | b"They"
            | b"We"
            | b"This"
            | b"These"
            | b"Those"
            | b"There"
            | b"Police"
            | b"Officers"
            | b"His"
            | b"Her"
            | b"Their"
    )
}

/// Words after "a.m." / "p.m." that continue the sentence.
fn is_time_follower(w: &[u8]) -> bool {
    matches!(
        w,
        b"Monday"
            | b"Tuesday"
            | b"Wednesday"
            | b"Thursday"
            | b"Friday"
            | b"Saturday"
            | b"Sunday"
            | b"Mon"
            | b"Tue"
            | b"Tues"
            | b"Wed"
            | b"Thu"
            | b"Thur"
            | b"Thurs"
            | b"Fri"
            | b"Sat"
            | b"Sun"
            | b"January"
            | b"February"
            | b"March"
            | b"April"
            | b"May"
            | b"June"
            | b"July"
            | b"August"
            | b"September"
            | b"October"
            | b"November"
            | b"December"
            | b"Jan"
            | b"Feb"
            | b"Mar"
            | b"Apr"
            | b"Jun"
            | b"Jul"
            | b"Aug"
            | b"Sep"
            | b"Sept"
            | b"Oct"
            | b"Nov"
            | b"Dec"
            | b"GMT"
            | b"BST"
            | b"UTC"
            | b"EST"
            | b"EDT"
            | b"CST"
            | b"CDT"
            | b"MST"
            | b"MDT"
            | b"PST"
            | b"PDT"
            | b"ET"
            | b"CT"
            | b"MT"
            | b"PT"
            | b"AEST"
            | b"AEDT"
            | b"IST"
            | b"CET"
            | b"CEST"
    )
}

/// First words of a sentence (lowercased) that make "At 5 a.m. Mr. Smith ..." one sentence.
fn is_time_prep(w: &[u8]) -> bool {
    matches!(
        w,
        b"at"
            | b"by"
            | b"from"
            | b"until"
            | b"till"
            | b"around"
            | b"about"
            | b"before"
            | b"after"
            | b"shortly"
            | b"just"
            | b"since"
            | b"on"
            | b"between"
            | b"approximately"
            | b"sometime"
            | b"roughly"
    )
}

/// `U.S`, `e.g`, `a.m`, `Ph.D`, `J.C`: one or two letters, dot, repeated.
fn is_multi_period(w: &[u8]) -> bool {
    let mut seg = 0usize;
    let mut dots = 0usize;
    for &b in w {
        if b.is_ascii_alphabetic() {
            seg += 1;
            if seg > 2 {
                return false;
            }
        } else if b == b'.' {
            if seg == 0 {
                return false;
            }
            seg = 0;
            dots += 1;
        } else {
            return false;
        }
    }
    dots > 0 && seg > 0
}

fn is_am_pm(w: &[u8]) -> bool {
    w.eq_ignore_ascii_case(b"a.m") || w.eq_ignore_ascii_case(b"p.m")
}

// ---------------------------------------------------------------------------
// List markers: "1.", "2.)", "3)", "(4)", "a.", "b)", "(c)"
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Num(u32),
    Alpha(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Dot,
    DotParen,
    Paren,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    open_paren: bool,
    kind: MarkKind,
    suffix: Suffix,
}

impl Marker {
    fn next(self) -> Option<Marker> {
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
fn parse_marker(bytes: &[u8], i: usize, end: usize) -> Option<(Marker, usize)> {
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
fn is_restart(want: Marker, m: Marker) -> bool {
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
fn skip_bullet(text: &str, i: usize, end: usize) -> usize {
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

// ---------------------------------------------------------------------------
// Quotation pairing (one pass per line)
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Quotes {
    /// Paired double quotations: (index of opening mark, index of closing mark).
    dbl: Vec<(usize, usize)>,
    /// Paired single quotations.
    sgl: Vec<(usize, usize)>,
    di: usize,
    si: usize,
}

impl Quotes {
    /// Finds the end of the line starting at `start` and pairs its quotation marks.
    fn scan_line(&mut self, text: &str, start: usize) -> usize {
        self.dbl.clear();
        self.sgl.clear();
        self.di = 0;
        self.si = 0;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut d_open: Option<usize> = None;
        let mut s_open: Option<usize> = None;
        let mut i = start;
        loop {
            i = find_in::<b'\n', b'"', b'\''>(bytes, i, n, &QUOTE_BYTES);
            if i >= n {
                break;
            }
            let b = bytes[i];
            match b {
                b'\n' => return i,
                b'"' => {
                    let open_ctx = opening_context(text, start, i);
                    let close_ctx = closing_context(text, i + 1);
                    let opening = match (open_ctx, close_ctx) {
                        (true, false) => true,
                        (false, true) => false,
                        _ => d_open.is_none(),
                    };
                    if opening {
                        d_open = Some(i);
                    } else {
                        close(&mut self.dbl, &mut d_open, i);
                    }
                }
                b'\'' => {
                    let next_alnum = char_at(text, i + 1).is_some_and(char::is_alphanumeric);
                    if opening_context(text, start, i) && next_alnum {
                        s_open = Some(i);
                    } else if !opening_context(text, start, i) && !next_alnum {
                        close(&mut self.sgl, &mut s_open, i);
                    }
                }
                0xE2 if i + 2 < n && bytes[i + 1] == 0x80 => {
                    match bytes[i + 2] {
                        // ‘ (not the apostrophe of ‘90s)
                        0x98 if !char_at(text, i + 3).is_some_and(|c| c.is_ascii_digit()) => {
                            s_open = Some(i);
                        }
                        // ’ (not the apostrophe inside a word)
                        0x99 if !char_at(text, i + 3).is_some_and(char::is_alphanumeric) => {
                            close(&mut self.sgl, &mut s_open, i);
                        }
                        // “
                        0x9C => d_open = Some(i),
                        // ”
                        0x9D => close(&mut self.dbl, &mut d_open, i),
                        _ => {}
                    }
                    i += 3;
                    continue;
                }
                0xC2 if i + 1 < n => {
                    match bytes[i + 1] {
                        0xAB => d_open = Some(i),
                        0xBB => close(&mut self.dbl, &mut d_open, i),
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        n
    }

    /// Is a boundary whose punctuation runs from `run_start` to `p` inside a
    /// quotation that closes later?
    fn inside(&mut self, run_start: usize, p: usize) -> bool {
        fn check(spans: &[(usize, usize)], idx: &mut usize, run_start: usize, p: usize) -> bool {
            while *idx < spans.len() && spans[*idx].1 < p {
                *idx += 1;
            }
            spans
                .get(*idx)
                .is_some_and(|&(s, e)| s < run_start && p <= e)
        }
        check(&self.dbl, &mut self.di, run_start, p) || check(&self.sgl, &mut self.si, run_start, p)
    }
}

fn close(spans: &mut Vec<(usize, usize)>, open: &mut Option<usize>, i: usize) {
    if let Some(s) = open.take() {
        if i - s <= QUOTE_CAP {
            spans.push((s, i));
        }
    }
}

/// Is the character before `i` (within the line) a space, an opening bracket or a dash?
fn opening_context(text: &str, line_start: usize, i: usize) -> bool {
    if i <= line_start {
        return true;
    }
    match char_before(text, i) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '-' | '–' | '—' | '/' | '"' | '“' | ':')
        }
    }
}

/// Is the character at `i` the end of the text, a space or punctuation that may follow a closing quote?
fn closing_context(text: &str, i: usize) -> bool {
    match char_at(text, i) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '’' | '\''
                )
        }
    }
}

// ---------------------------------------------------------------------------
// One line
// ---------------------------------------------------------------------------

enum Action {
    /// No boundary: resume scanning here.
    Continue(usize),
    /// Boundary: the sentence ends at `end`, the next one starts at `next`.
    Break { end: usize, next: usize },
}

/// What follows a candidate boundary.
struct NextTok {
    /// Starts with a list marker ("2.", "b)", "(c)").
    marker: bool,
    /// Starts with terminal punctuation (". . .", "! !").
    term: bool,
    /// Case of the first letter or digit, after opening quotes and brackets.
    lower: bool,
    upper: bool,
    digit: bool,
    /// The ASCII letters of the first word.
    word: (usize, usize),
}

struct Line<'a> {
    text: &'a str,
    bytes: &'a [u8],
    line_start: usize,
    end: usize,
    paragraph: usize,
    sent_start: usize,
    /// The next list marker expected while a list is open.
    list: Option<Marker>,
    quotes: &'a mut Quotes,
    out: &'a mut Vec<Sentence>,
}

impl Line<'_> {
    fn run(mut self) {
        let first = self.skip_ws(self.line_start);
        if first >= self.end {
            return;
        }
        let mut i = self.begin_sentence(first);
        let end = self.end;
        loop {
            if self.list.is_some() {
                while i < end && !CAND_LIST[self.bytes[i] as usize] {
                    i += 1;
                }
            } else {
                i = find_in::<b'.', b'?', b'!'>(self.bytes, i, end, &CAND);
            }
            if i >= end {
                break;
            }
            let action = match self.bytes[i] {
                b' ' | b'\t' => self.on_space(i),
                b'.' | b'?' | b'!' => self.on_terminal(i),
                b'"' => self.on_dash_quote(i, 1),
                _ => match char_at(self.text, i) {
                    Some(c) if is_terminal_char(c) => self.on_terminal(i),
                    Some('”') => self.on_dash_quote(i, 3),
                    Some(c) => Action::Continue(i + c.len_utf8()),
                    None => Action::Continue(i + 1),
                },
            };
            match action {
                Action::Continue(j) => i = j.max(i + 1),
                Action::Break { end: e, next } => {
                    self.push(self.sent_start, e);
                    let k = self.skip_ws(next);
                    if k >= end {
                        self.sent_start = end;
                        break;
                    }
                    i = self.begin_sentence(k).max(i + 1);
                }
            }
        }
        self.push(self.sent_start, end);
    }

    fn push(&mut self, mut s: usize, mut e: usize) {
        while s < e {
            let l = ws_len(self.text, s);
            if l == 0 {
                break;
            }
            s += l;
        }
        while e > s {
            match char_before(self.text, e) {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            }
        }
        if s < e {
            self.out.push(Sentence {
                start: s,
                end: e,
                paragraph: self.paragraph,
            });
        }
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.end {
            let l = ws_len(self.text, i);
            if l == 0 {
                break;
            }
            i += l;
        }
        i
    }

    /// Starts a sentence at `k`; returns where scanning resumes (after a list marker).
    fn begin_sentence(&mut self, k: usize) -> usize {
        self.sent_start = k;
        let b = skip_bullet(self.text, k, self.end);
        match parse_marker(self.bytes, b, self.end) {
            Some((m, after)) => {
                self.list = m.next();
                after
            }
            None => {
                self.list = None;
                k
            }
        }
    }

    /// While a list is open: split before the next marker.
    fn on_space(&mut self, i: usize) -> Action {
        let k = i + 1;
        if k >= self.end || is_ascii_ws(self.bytes[k]) {
            return Action::Continue(k);
        }
        let b = skip_bullet(self.text, k, self.end);
        match (self.list, parse_marker(self.bytes, b, self.end)) {
            (Some(want), Some((m, _))) if m == want || is_restart(want, m) => {
                Action::Break { end: i, next: k }
            }
            _ => Action::Continue(k),
        }
    }

    /// Interrupted speech: `"If you please, sir--" The Rabbit started`.
    fn on_dash_quote(&mut self, i: usize, len: usize) -> Action {
        let j = i + len;
        let dashed =
            (i >= 2 && &self.bytes[i - 2..i] == b"--") || char_before(self.text, i) == Some('—');
        if !dashed || ws_len(self.text, j) == 0 {
            return Action::Continue(j);
        }
        let k = self.skip_ws(j);
        if k < self.end && self.next_tok(k).upper {
            Action::Break { end: j, next: k }
        } else {
            Action::Continue(j)
        }
    }

    fn next_tok(&self, k: usize) -> NextTok {
        let bytes = self.bytes;
        let marker = parse_marker(bytes, k, self.end).is_some_and(|(m, _)| {
            !matches!((m.kind, m.suffix), (MarkKind::Alpha(c), Suffix::Dot) if !c.is_ascii_lowercase())
        });
        let term = char_at(self.text, k).is_some_and(is_terminal_char);
        let mut j = k;
        let mut skipped = 0;
        while j < self.end && skipped < 8 {
            match char_at(self.text, j) {
                Some(c) if is_opener(c) => {
                    j += c.len_utf8();
                    skipped += 1;
                }
                _ => break,
            }
        }
        let c = char_at(self.text, j).filter(|_| j < self.end);
        let mut w = j;
        while w < self.end && w - j < 32 && bytes[w].is_ascii_alphabetic() {
            w += 1;
        }
        NextTok {
            marker,
            term,
            lower: c.is_some_and(char::is_lowercase),
            upper: c.is_some_and(char::is_uppercase),
            digit: c.is_some_and(|c| c.is_ascii_digit()),
            word: (j, w),
        }
    }

    /// The word before a boundary at `i`, without opening quotes and brackets.
    /// Returns (start, end, truncated).
    fn prev_token(&self, i: usize) -> (usize, usize, bool) {
        let floor = self.sent_start.max(i.saturating_sub(MAX_TOKEN));
        let mut s = i;
        while s > floor && !is_ascii_ws(self.bytes[s - 1]) {
            s -= 1;
        }
        let truncated = s == floor && s > self.sent_start && !is_ascii_ws(self.bytes[s - 1]);
        while s < i && !self.text.is_char_boundary(s) {
            s += 1;
        }
        while s < i {
            match char_at(self.text, s) {
                Some(c) if is_opener(c) => s += c.len_utf8(),
                _ => break,
            }
        }
        (s, i, truncated)
    }

    fn on_terminal(&mut self, i: usize) -> Action {
        let bytes = self.bytes;
        let end = self.end;
        let at = |k: usize| if k < end { bytes[k] } else { 0 };

        // 1. The punctuation run: dots, spaced dots, ?, !, closing quotes and brackets.
        let mut j = i;
        let mut lead_dots = 0usize;
        while at(j) == b'.' {
            lead_dots += 1;
            j += 1;
        }
        let mut spaced = 0usize;
        if lead_dots > 0 {
            while at(j) == b' ' && at(j + 1) == b'.' && !at(j + 2).is_ascii_alphanumeric() {
                j += 2;
                spaced += 1;
                while at(j) == b'.' {
                    j += 1;
                    spaced += 1;
                }
            }
        }
        let mut qe = false;
        let mut ell = lead_dots >= 2;
        let mut fw = false;
        let mut seen_closer = false;
        let mut dot_after_closer = false;
        let mut others = false;
        while j < end {
            let Some(c) = char_at(self.text, j) else {
                break;
            };
            if is_terminal_char(c) {
                match c {
                    '.' => dot_after_closer |= seen_closer,
                    '…' => ell = true,
                    '?' | '!' | '‼' | '⁇' | '⁈' | '⁉' => qe = true,
                    _ => {}
                }
                if is_fullwidth_terminal(c) {
                    fw = true;
                    qe |= c != '．' && c != '。';
                }
                others = true;
            } else if is_closer(c) {
                if matches!(c, '\'' | '’')
                    && char_at(self.text, j + c.len_utf8()).is_some_and(char::is_alphanumeric)
                {
                    break;
                }
                seen_closer = true;
                others = true;
            } else {
                break;
            }
            j += c.len_utf8();
        }
        // Bracketed footnote markers after the full stop: "martyr.[1] The".
        while at(j) == b'[' {
            let mut k = j + 1;
            while k < end && k - j <= 4 && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k > j + 1 && at(k) == b']' {
                j = k + 1;
            } else {
                break;
            }
        }
        if j >= end {
            return Action::Continue(j);
        }
        let single_dot = lead_dots == 1 && spaced == 0 && !others;

        // 2. No space after the run.
        if ws_len(self.text, j) == 0 {
            if fw {
                return Action::Break { end: j, next: j };
            }
            if single_dot {
                return self.glued(i, j);
            }
            return Action::Continue(j);
        }
        let k = self.skip_ws(j);
        if k >= end {
            return Action::Continue(k);
        }
        // "[...]" is an omission, never a boundary.
        if (lead_dots >= 3 || ell) && i > self.line_start && bytes[i - 1] == b'[' {
            return Action::Continue(j);
        }
        if self.quotes.inside(i, j) {
            return Action::Continue(j);
        }
        let nt = self.next_tok(k);
        if nt.term {
            return Action::Continue(j);
        }
        let brk = Action::Break { end: j, next: k };

        // 3. ? and !
        if qe {
            if (nt.lower || nt.digit) && !nt.marker {
                return Action::Continue(j);
            }
            if bytes[k..end].starts_with(b"--") || bytes[k..end].starts_with("—".as_bytes()) {
                return Action::Continue(j);
            }
            let (s, e, _) = self.prev_token(i);
            if nt.upper && !nt.marker && bytes[s..e].eq_ignore_ascii_case(b"yahoo") {
                return Action::Continue(j);
            }
            return brk;
        }
        if fw {
            return if nt.lower { Action::Continue(j) } else { brk };
        }
        // 4. Spaced ellipsis ". . ." / ". . . ."
        if spaced > 0 {
            let attached = i > self.line_start && !is_ascii_ws(bytes[i - 1]);
            if attached && lead_dots == 1 && spaced >= 3 && !seen_closer {
                // "compounds. . . . The": the full stop ends the sentence and the
                // ellipsis opens the next.
                return if nt.upper {
                    Action::Break {
                        end: i + 1,
                        next: i + 2,
                    }
                } else {
                    Action::Continue(j)
                };
            }
            return if (lead_dots + spaced >= 4 || seen_closer) && (nt.upper || nt.marker) {
                brk
            } else {
                Action::Continue(j)
            };
        }
        // 5. Ellipsis "..." / "…"
        if ell {
            return if nt.upper || nt.marker {
                brk
            } else {
                Action::Continue(j)
            };
        }
        // 6. A full stop followed by a space.
        if self.period_breaks(i, &nt, dot_after_closer) {
            brk
        } else {
            Action::Continue(j)
        }
    }

    fn word(&self, (s, e): (usize, usize)) -> &[u8] {
        &self.bytes[s..e]
    }

    /// Decides a full stop at `i` followed by whitespace and the token `nt`.
    fn period_breaks(&self, i: usize, nt: &NextTok, dot_after_closer: bool) -> bool {
        if dot_after_closer && !nt.lower {
            return true;
        }
        if nt.lower && !nt.marker {
            return false;
        }
        if nt.digit && !nt.marker {
            // "...of cocaine. 64 arrests were made" ends a sentence; "No. 5",
            // "p. 55", "Jan. 6", "approx. 5kg" and "2023. 12" do not.
            let (s, e, truncated) = self.prev_token(i);
            if s >= e || truncated {
                return false;
            }
            let tok = &self.bytes[s..e];
            const BEFORE_NUMBERS: &[&[u8]] = &[
                b"no",
                b"nos",
                b"nr",
                b"pp",
                b"para",
                b"paras",
                b"art",
                b"arts",
                b"sec",
                b"secs",
                b"vol",
                b"vols",
                b"tel",
                b"ref",
                b"op",
                b"ch",
                b"chap",
                b"pt",
                b"pts",
                b"col",
                b"tab",
                b"ex",
                b"rm",
                b"apt",
                b"ste",
                b"bldg",
                b"flat",
                b"unit",
                b"jr",
                b"sr",
                b"rs",
                b"est",
                b"tk",
                b"january",
                b"february",
                b"march",
                b"april",
                b"may",
                b"june",
                b"july",
                b"august",
                b"september",
                b"october",
                b"november",
                b"december",
            ];
            let lower = tok.to_ascii_lowercase();
            return tok.len() > 1
                && tok.iter().all(u8::is_ascii_alphabetic)
                && abbr_class(tok) == Abbr::None
                && !BEFORE_NUMBERS.contains(&lower.as_slice());
        }
        let (s, e, truncated) = self.prev_token(i);
        if s >= e || truncated {
            return !nt.lower;
        }
        let tok = &self.bytes[s..e];
        let class = abbr_class(tok);
        let multi = is_multi_period(tok);
        if nt.marker {
            // "... first item. 2. The second item", "... Smith. a. here it is"
            // but not "turn to p. 55. Then".
            if tok.len() > 1 && !multi && class == Abbr::None {
                return true;
            }
            if nt.lower || nt.digit {
                return false;
            }
        }
        let next_word = self.word(nt.word);
        match class {
            Abbr::Title if tok[0].is_ascii_uppercase() => return false,
            Abbr::NeverFinal => return false,
            _ => {}
        }
        if is_am_pm(tok) {
            if !nt.upper {
                // "6 p.m. – police said": a dash or symbol continues the sentence.
                return false;
            }
            if is_time_follower(next_word) {
                return false;
            }
            return !self.short_time_phrase(s);
        }
        if tok.len() == 1 && tok[0].is_ascii_alphabetic() {
            if s == self.sent_start {
                return false;
            }
            if tok[0] == b'I' {
                // "you and I. Did" ends a sentence, "Albert I. Jones" does not.
                return self.prev_word_lowercase(s);
            }
            return tok[0].is_ascii_uppercase() && nt.upper && is_initial_starter(next_word);
        }
        if tok.eq_ignore_ascii_case(b"etc") {
            return true;
        }
        if multi || class == Abbr::Other {
            // "Prince George, B.C. – The RCMP": only a usual sentence starter
            // ends the sentence after an abbreviation.
            return nt.upper && is_starter(next_word);
        }
        true
    }

    /// Is the word before `s` (in this sentence) lowercase?
    fn prev_word_lowercase(&self, s: usize) -> bool {
        let mut k = s;
        while k > self.sent_start && is_ascii_ws(self.bytes[k - 1]) {
            k -= 1;
        }
        let floor = self.sent_start.max(k.saturating_sub(MAX_TOKEN));
        let mut w = k;
        while w > floor && !is_ascii_ws(self.bytes[w - 1]) {
            w -= 1;
        }
        while w < k && !self.text.is_char_boundary(w) {
            w += 1;
        }
        w < k && char_at(self.text, w).is_some_and(char::is_lowercase)
    }

    /// "At 5 a.m." at the start of a sentence: a short time phrase opened by a preposition.
    fn short_time_phrase(&self, tok_start: usize) -> bool {
        if tok_start - self.sent_start > MAX_TOKEN {
            return false;
        }
        let head = &self.bytes[self.sent_start..tok_start];
        let mut words = head.split(|&b| is_ascii_ws(b)).filter(|w| !w.is_empty());
        let Some(first) = words.next() else {
            return false;
        };
        let mut buf = [0u8; 16];
        let mut n = 0;
        for &b in first
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .take(buf.len())
        {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        is_time_prep(&buf[..n]) && words.count() < 5
    }

    /// A full stop at `i` directly followed by a non-space at `j`:
    /// "Kennedy.Chief", "1,000.That", footnotes "(1987).1 According".
    fn glued(&self, i: usize, j: usize) -> Action {
        let bytes = self.bytes;
        let end = self.end;
        let at = |k: usize| if k < end { bytes[k] } else { 0 };
        let Some(prev) = char_before(self.text, i) else {
            return Action::Continue(j);
        };
        let c = bytes[j];
        if c.is_ascii_digit() {
            // Footnote numbers after a word: "(type 2).10 This model".
            if !(prev.is_lowercase() || prev == ')') {
                return Action::Continue(j);
            }
            let mut k = j;
            let mut last = j;
            for _ in 0..3 {
                let d = k;
                while k < end && k - d < 3 && bytes[k].is_ascii_digit() {
                    k += 1;
                }
                if k == d || at(k).is_ascii_digit() || at(k) != b' ' {
                    return Action::Continue(j);
                }
                last = k;
                k += 1;
                if !at(k).is_ascii_digit() {
                    break;
                }
            }
            if at(k).is_ascii_uppercase() && at(k + 1).is_ascii_lowercase() {
                return Action::Break { end: last, next: k };
            }
            return Action::Continue(j);
        }
        if !(c.is_ascii_uppercase() && at(j + 1).is_ascii_lowercase() && prev.is_alphanumeric()) {
            return Action::Continue(j);
        }
        let (s, e, truncated) = self.prev_token(i);
        let tok = &bytes[s..e];
        if truncated
            || tok.len() <= 1
            || tok.iter().any(|&b| matches!(b, b'.' | b'/' | b'@' | b':'))
            || abbr_class(tok) != Abbr::None
        {
            return Action::Continue(j);
        }
        // The next word must not look like a domain or an e-mail address.
        let mut k = j;
        while k < end && k - j < MAX_TOKEN && !is_ascii_ws(bytes[k]) {
            let b = bytes[k];
            if b == b'@' || b == b'/' || (b == b'.' && at(k + 1).is_ascii_alphanumeric()) {
                return Action::Continue(j);
            }
            k += 1;
        }
        Action::Break { end: j, next: j }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split(s).iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn a_sentence_may_start_with_a_number() {
        assert_eq!(
            texts("Officers seized 460.5g of cocaine. 64 arrests were made."),
            vec![
                "Officers seized 460.5g of cocaine.",
                "64 arrests were made."
            ]
        );
        assert_eq!(
            texts("See No. 5 and p. 55 on Jan. 6 please."),
            vec!["See No. 5 and p. 55 on Jan. 6 please."]
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert!(split("").is_empty());
        assert!(split("   \n \n\n  ").is_empty());
        assert_eq!(texts("."), vec!["."]);
        assert_eq!(texts("?!?"), vec!["?!?"]);
        assert_eq!(texts(". . ."), vec![". . ."]);
        assert_eq!(texts("! ! !"), vec!["! ! !"]);
        assert_eq!(texts("\"\"''“”’‘"), vec!["\"\"''“”’‘"]);
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            texts("Hello World. My name is Jonas."),
            vec!["Hello World.", "My name is Jonas."]
        );
        assert_eq!(
            texts("What is your name? My name is Jonas."),
            vec!["What is your name?", "My name is Jonas."]
        );
        assert_eq!(
            texts("There it is! I found it."),
            vec!["There it is!", "I found it."]
        );
        assert_eq!(
            texts("Hello?! Is that you?"),
            vec!["Hello?!", "Is that you?"]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_paragraphs() {
        let s = "POLICE SEIZE DRUGS\nOfficers found cash. A man was held\n\n\n  • Crimestoppers – call 0800 555 111\nEnd";
        let got = split(s);
        let t: Vec<&str> = got.iter().map(|x| &s[x.start..x.end]).collect();
        assert_eq!(
            t,
            vec![
                "POLICE SEIZE DRUGS",
                "Officers found cash.",
                "A man was held",
                "• Crimestoppers – call 0800 555 111",
                "End"
            ]
        );
        let paras: Vec<usize> = got.iter().map(|x| x.paragraph).collect();
        assert_eq!(paras, vec![0, 1, 1, 2, 3]);
    }

    #[test]
    fn titles_and_abbreviations() {
        for s in [
            "Mr. Smith and Mrs. Jones met Dr. Who and Det. Sgt. Brown.",
            "Ch. Insp. Ann Lee and Supt. Bob Day spoke to Cllr. Roe and Const. May.",
            "PC. Hill, DC. Ray, DS. Kay and DI. Fox arrived with Lt. Col. Gen. Lee.",
            "Gov. Ray, Sen. Kay, Rep. Fox, Hon. Lee, Rev. Day and Prof. Hill agreed.",
            "John Smith Jr. and Bob Smith Sr. live on St. Mary's Rd. near Mt. Hood.",
            "He works for Acme Co. Ltd. in Leeds and for Foo Inc. and Bar Corp. too.",
            "It was Smith vs. Jones, i.e. a dispute, e.g. about approx. 5kg of drugs.",
            "It happened on Jan. 5, Feb. 6, Mar. 7, Apr. 8, Jun. 9, Jul. 10 and Aug. 11.",
            "Then Sept. 12, Sep. 13, Oct. 14, Nov. 15 and Dec. 16 followed.",
            "Smith v. Jones was heard at No. 1 Court.",
            "They live at 5 Main Ave. in the town of Ft. Worth near Gen. Lee Blvd. in town.",
        ] {
            assert_eq!(texts(s), vec![s], "{s}");
        }
        assert_eq!(
            texts("We seized drugs, cash, phones etc. Officers then left."),
            vec!["We seized drugs, cash, phones etc.", "Officers then left."]
        );
        assert_eq!(
            texts("They closed the deal with Pitt, Briggs & Co. It closed yesterday."),
            vec![
                "They closed the deal with Pitt, Briggs & Co.",
                "It closed yesterday."
            ]
        );
    }

    #[test]
    fn us_and_uk() {
        assert_eq!(
            texts("I live in the U.S. How about you?"),
            vec!["I live in the U.S.", "How about you?"]
        );
        let s = "I work for the U.S. Government in Virginia.";
        assert_eq!(texts(s), vec![s]);
        let s = "The U.K. Panel said it was true. He left the U.K. He went home.";
        assert_eq!(
            texts(s),
            vec![
                "The U.K. Panel said it was true.",
                "He left the U.K.",
                "He went home."
            ]
        );
    }

    #[test]
    fn am_pm() {
        let s = "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.";
        assert_eq!(
            texts(s),
            vec![
                "At 5 a.m. Mr. Smith went to the bank.",
                "He left the bank at 6 P.M.",
                "Mr. Smith then went to the store."
            ]
        );
        let s = "The raid began at 6 a.m. Tuesday and ended at 3.5 p.m. on the same day.";
        assert_eq!(texts(s), vec![s]);
        let s = "Prince George, B.C. – The RCMP said a raid began at 6 a.m. – early.";
        assert_eq!(texts(s), vec![s]);
    }

    #[test]
    fn decimals_and_money() {
        for s in [
            "Officers seized £30,240.89 in cash and 1.5kg of cocaine.",
            "The haul was worth $3.2m and weighed 172.385 kilograms.",
            "She has $100.00 in her bag.",
        ] {
            assert_eq!(texts(s), vec![s]);
        }
        assert_eq!(
            texts("She has $100.00. It is in her bag."),
            vec!["She has $100.00.", "It is in her bag."]
        );
    }

    #[test]
    fn initials() {
        for s in [
            "The book by J. R. R. Tolkien was found.",
            "Marcus K. Kennedy was charged.",
            "My name is Jonas E. Smith.",
            "I went to J.C. Penney.",
        ] {
            assert_eq!(texts(s), vec![s]);
        }
        assert_eq!(
            texts("We make a good team, you and I. Did you see Albert I. Jones yesterday?"),
            vec![
                "We make a good team, you and I.",
                "Did you see Albert I. Jones yesterday?"
            ]
        );
    }

    #[test]
    fn missing_space_after_full_stop() {
        let s = "Chief Inspector Marcus Kennedy.Chief Inspector Marcus Kennedy. (Image: Newsquest)";
        assert_eq!(
            texts(s),
            vec![
                "Chief Inspector Marcus Kennedy.",
                "Chief Inspector Marcus Kennedy.",
                "(Image: Newsquest)"
            ]
        );
        assert_eq!(
            texts("Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is a lot."),
            vec![
                "Hello world.",
                "Today is Tuesday.",
                "Mr. Smith went to the store and bought 1,000.",
                "That is a lot."
            ]
        );
        for s in [
            "I visited the U.S.A last year.",
            "Use e.g.Example when needed.",
            "See www.met.police.uk or police.uk for details.",
            "Visit www.testurl.Awesome.com today.",
            "Mail Jane.Doe@example.com now.",
        ] {
            assert_eq!(texts(s), vec![s], "{s}");
        }
    }

    #[test]
    fn closing_quotes_and_brackets() {
        assert_eq!(
            texts("He said: \"It is done.\" Then he left."),
            vec!["He said: \"It is done.\"", "Then he left."]
        );
        assert_eq!(
            texts("He said: “It is done.” Then he left."),
            vec!["He said: “It is done.”", "Then he left."]
        );
        assert_eq!(
            texts("He said: ‘It is done.’ Then he left."),
            vec!["He said: ‘It is done.’", "Then he left."]
        );
        assert_eq!(
            texts("He was held (on remand.) Then he left."),
            vec!["He was held (on remand.)", "Then he left."]
        );
        assert_eq!(
            texts("He was held [see note.] Then he left."),
            vec!["He was held [see note.]", "Then he left."]
        );
        let s = "He teaches science (He previously worked for 5 years as an engineer.) at the local University.";
        assert_eq!(texts(s), vec![s]);
    }

    #[test]
    fn question_and_exclamation_in_quotes() {
        let s = "\"Why?\" he asked.";
        assert_eq!(texts(s), vec![s]);
        let s = "“Stop!” she shouted at the men.";
        assert_eq!(texts(s), vec![s]);
        assert_eq!(texts("\"Why?\" He left."), vec!["\"Why?\"", "He left."]);
        let s = "She works at Yahoo! in the accounting department.";
        assert_eq!(texts(s), vec![s]);
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            texts("I never meant that.... She left the store."),
            vec!["I never meant that....", "She left the store."]
        );
        let s = "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.";
        assert_eq!(texts(s), vec![s]);
        let s = "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds. . . . The practice was not abandoned. . . .";
        assert_eq!(texts(s), vec![
            "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds.",
            ". . . The practice was not abandoned. . . ."
        ]);
        let s = "\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).";
        assert_eq!(texts(s), vec![s]);
        assert_eq!(
            texts("He paused… Then he ran."),
            vec!["He paused…", "Then he ran."]
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            texts("1.) The first item 2.) The second item"),
            vec!["1.) The first item", "2.) The second item"]
        );
        assert_eq!(
            texts("1. The first item. 2. The second item."),
            vec!["1. The first item.", "2. The second item."]
        );
        assert_eq!(
            texts("• 9. The first item • 10. The second item"),
            vec!["• 9. The first item", "• 10. The second item"]
        );
        assert_eq!(
            texts("a. The first item b. The second item c. The third list item"),
            vec![
                "a. The first item",
                "b. The second item",
                "c. The third list item"
            ]
        );
        assert_eq!(
            texts("(a) Hello world. (b) Hello world."),
            vec!["(a) Hello world.", "(b) Hello world."]
        );
    }

    #[test]
    fn quotations_are_kept_whole() {
        let s = "Det Sgt Ann Lee said: \"We found 2kg of cocaine. The men were arrested.\" Officers left.";
        assert_eq!(
            texts(s),
            vec![
                "Det Sgt Ann Lee said: \"We found 2kg of cocaine. The men were arrested.\"",
                "Officers left."
            ]
        );
        // An unmatched quotation mark does not stop splitting.
        assert_eq!(
            texts("He bought a 6\" pipe. He left. She stayed."),
            vec!["He bought a 6\" pipe.", "He left.", "She stayed."]
        );
        assert_eq!(
            texts("“We will not tolerate this,” she said. “Call 101.” He left."),
            vec![
                "“We will not tolerate this,” she said.",
                "“Call 101.”",
                "He left."
            ]
        );
    }

    #[test]
    fn footnotes_dashes_and_pages() {
        assert_eq!(
            texts("He was a martyr.[1] The emperor left."),
            vec!["He was a martyr.[1]", "The emperor left."]
        );
        assert_eq!(
            texts("It is in the Journal (1987).1 According to it, yes."),
            vec!["It is in the Journal (1987).1", "According to it, yes."]
        );
        assert_eq!(
            texts("She said, \"If you please, sir--\" The Rabbit ran."),
            vec!["She said, \"If you please, sir--\"", "The Rabbit ran."]
        );
        let s = "Mix it, put it in the oven, and -- voila! -- you have cake.";
        assert_eq!(texts(s), vec![s]);
        assert_eq!(
            texts("Please turn to p. 55. Were Jane and co. at the party?"),
            vec!["Please turn to p. 55.", "Were Jane and co. at the party?"]
        );
        assert_eq!(
            texts("1) The first item 2) The second item 1) The first item."),
            vec![
                "1) The first item",
                "2) The second item",
                "1) The first item."
            ]
        );
    }

    #[test]
    fn multibyte_spans_on_char_boundaries() {
        let s = "Der Täter floh. “Wir suchen Zeugen”, sagte die Polizei. 東京で逮捕。Next one… Ünter. ǃXũ said £5.";
        let got = split(s);
        assert!(got.len() >= 3);
        let mut last = 0;
        for x in &got {
            assert!(s.is_char_boundary(x.start) && s.is_char_boundary(x.end));
            assert!(x.start < x.end && x.start >= last);
            let t = &s[x.start..x.end];
            assert_eq!(t, t.trim());
            last = x.end;
        }
        assert_eq!(
            texts("Test strange period．Does it segment correctly．"),
            vec!["Test strange period．", "Does it segment correctly．"]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples = [
            "",
            " ",
            ".",
            "..",
            "...",
            "\n",
            "\n\n.\n",
            "a.",
            ".a",
            "A.B",
            "1.",
            "1)",
            "(a)",
            "• ",
            "•",
            "“",
            "‘’",
            "\"",
            "'",
            "[",
            "[1",
            ".[1]",
            ". . . .",
            "? ? ?",
            "Mr.",
            "U.S.",
            "a.m. Mr.",
            "x.1",
            "x.1 ",
            "x.1 2",
            "x.1 A",
            "é.É",
            "…",
            "．",
            "!”",
            "1. 2. 3.",
            "((((",
            "a) b) c)",
            "9) 10) 11)",
            "99. 100.",
        ];
        for s in samples {
            let got = split(s);
            for x in &got {
                assert!(x.start < x.end && x.end <= s.len());
                assert!(s.is_char_boundary(x.start) && s.is_char_boundary(x.end));
            }
        }
        // Every prefix of a tricky string.
        let s = "He said: “Why?” — “Mr. Ó’Brien.” A.B. 1.) é… [1]. . . . U.S.A. Ltd.Co";
        for (i, _) in s.char_indices() {
            let _ = split(&s[..i]);
            let _ = split(&s[i..]);
        }
    }

    #[test]
    fn long_line_without_full_stop_is_fast() {
        let mut s = String::with_capacity(1 << 20);
        while s.len() < (1 << 20) {
            s.push_str("a man was arrested and “charged’ with ‘possession \" of drugs ");
        }
        let t = std::time::Instant::now();
        let got = split(&s);
        assert_eq!(got.len(), 1);
        let mut dots = String::new();
        while dots.len() < (1 << 20) {
            dots.push_str("a.b.c. . . .\" ' ? ! U.S. Mr. ");
        }
        let _ = split(&dots);
        assert!(
            t.elapsed().as_secs_f64() < 2.0,
            "too slow: {:?}",
            t.elapsed()
        );
    }
}
