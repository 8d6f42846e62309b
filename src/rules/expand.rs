//! Pattern expansion: `%{piece}` references replaced by the pieces and
//! lexicons they name, `\b` made ASCII, with a map back to the pattern as
//! written so that a regex error can point at its place in the rule file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::known_anchors::KnownAnchors;
use super::splice::LexiconTrees;
use super::{Lexicons, Origin};

/// A lexicon whose alternation is longer than this (bytes) stands for
/// "any text" when a rule's anchors are found. The long ones (drugs,
/// titles) are nearly all of the parsing, and their required literals are
/// too many to help; the short ones (units, currency words) give good ones.
/// On the benchmark corpus the gate then lets rules scan 14.3% of
/// rules x text, against 14.6% with every lexicon and 17.2% with none.
pub(super) const STAND_IN_FROM: usize = 1000;

/// What a long lexicon stands for when anchors are found.
pub(super) const ANY_TEXT: &str = r"(?:[\s\S]+)";

/// Expands `%{name}` references to pieces and lexicons, caching each
/// expansion and noting which names were used.
pub(super) struct Expander<'a> {
    pieces: &'a BTreeMap<String, (String, Origin)>,
    lexicons: &'a Lexicons,
    cache: HashMap<String, String>,
    /// The names expanded so far (for the "piece is never used" warning).
    pub(super) used: HashSet<String>,
    /// Every long lexicon stands for "any text" (see
    /// [`super::compile::compile_rule`]).
    stand_in: bool,
    /// Every lexicon is a hole, filled after parsing ([`LexiconTrees`]).
    holes: Option<&'a LexiconTrees>,
}

/// A rule's expanders: the real one, one that stands every long lexicon
/// in for "any text" (for the anchors), and one that leaves a hole for
/// each lexicon (for building the regex).
pub(super) struct Expanders<'a> {
    pub(super) full: Expander<'a>,
    pub(super) stand_in: Expander<'a>,
    pub(super) holes: Expander<'a>,
    pub(super) trees: &'a std::sync::Arc<LexiconTrees>,
    /// Anchors already worked out, by rule id and text (none: work out all).
    pub(super) known: Option<&'a KnownAnchors>,
}

impl<'a> Expanders<'a> {
    pub(super) fn new(
        pieces: &'a BTreeMap<String, (String, Origin)>,
        lexicons: &'a Lexicons,
        trees: &'a std::sync::Arc<LexiconTrees>,
        known: Option<&'a KnownAnchors>,
    ) -> Expanders<'a> {
        let holes = Expander::with_holes(pieces, lexicons, trees);
        Expanders {
            full: Expander::new(pieces, lexicons, false),
            stand_in: Expander::new(pieces, lexicons, true),
            holes,
            trees,
            known,
        }
    }
}

/// Where a byte of an expanded pattern came from.
#[derive(Debug, Clone, Copy)]
enum Loc {
    /// This byte offset of the pattern as written.
    Pattern(usize),
    /// The expansion of the n-th `%{piece}` reference of the pattern.
    Piece(usize),
}

/// A pattern with its pieces expanded and `\b` made ASCII, with a map back
/// to the pattern as written, for errors.
pub(super) struct Expanded {
    pub(super) text: String,
    locs: Vec<Loc>,
    /// The `%{name}` references: byte range in the pattern, name.
    refs: Vec<(Range<usize>, String)>,
}

/// What an error inside an expanded pattern points at.
pub(super) enum Place {
    /// A byte range of the pattern as written.
    Pattern(Range<usize>),
    /// Inside the expansion of a piece: the `%{name}` range and the name.
    Piece(Range<usize>, String),
    /// Somewhere the map cannot tell.
    Unknown,
}

impl Expanded {
    pub(super) fn place(&self, pattern: &str, out: Range<usize>) -> Place {
        if out.start >= self.locs.len() {
            return if out.start == self.text.len() {
                Place::Pattern(pattern.len()..pattern.len())
            } else {
                Place::Unknown
            };
        }
        let last = out
            .end
            .saturating_sub(1)
            .clamp(out.start, self.locs.len() - 1);
        match (self.locs[out.start], self.locs[last]) {
            (Loc::Piece(i), _) => {
                let (r, n) = &self.refs[i];
                Place::Piece(r.clone(), n.clone())
            }
            (Loc::Pattern(a), Loc::Pattern(b)) if b >= a => {
                let end = b + pattern[b..].chars().next().map_or(0, char::len_utf8);
                Place::Pattern(a..end)
            }
            (Loc::Pattern(a), _) => {
                let end = a + pattern[a..].chars().next().map_or(0, char::len_utf8);
                Place::Pattern(a..end)
            }
        }
    }
}

/// The ASCII word boundary `\b` is rewritten to.
pub(super) const ASCII_BOUNDARY: &str = r"(?-u:\b)";

/// What the escape `\c` becomes, inside a character class or not; `None`
/// keeps it as written.
fn rewritten_escape(c: char, in_class: bool) -> Option<&'static str> {
    match c {
        'b' if !in_class => Some(ASCII_BOUNDARY),
        'B' if !in_class => Some(r"(?-u:\B)"),
        // ASCII whitespace: the normaliser turns every other space into
        // ASCII ones, and the automata get smaller.
        's' if !in_class => Some(r"(?-u:\s)"),
        's' => Some(r"\t\n\x0B\x0C\r "),
        _ => None,
    }
}

/// Rewrites `\b` and `\B` to their ASCII forms outside character classes,
/// text pushed piecewise, remembering where each output byte came from
/// (only errors need that: [`ascii_word_boundaries`] writes the same text
/// without it).
#[derive(Default)]
struct Rewriter {
    out: String,
    locs: Vec<Loc>,
    class_depth: usize,
    escape: Option<Loc>,
}

impl Rewriter {
    fn push(&mut self, s: &str, loc: impl Fn(usize) -> Loc) {
        for (i, c) in s.char_indices() {
            let here = loc(i);
            if let Some(at) = self.escape.take() {
                match rewritten_escape(c, self.class_depth > 0) {
                    Some(r) => self.emit(r, at),
                    None => {
                        self.emit("\\", at);
                        self.emit(c.encode_utf8(&mut [0; 4]), here);
                    }
                }
                continue;
            }
            match c {
                '\\' => self.escape = Some(here),
                '[' => {
                    self.class_depth += 1;
                    self.emit("[", here);
                }
                ']' if self.class_depth > 0 => {
                    self.class_depth -= 1;
                    self.emit("]", here);
                }
                _ => self.emit(c.encode_utf8(&mut [0; 4]), here),
            }
        }
    }

    fn emit(&mut self, s: &str, at: Loc) {
        self.out.push_str(s);
        self.locs.extend(std::iter::repeat_n(at, s.len()));
    }

    fn finish(mut self) -> (String, Vec<Loc>) {
        if let Some(at) = self.escape.take() {
            self.emit("\\", at);
        }
        (self.out, self.locs)
    }
}

impl<'a> Expander<'a> {
    pub(super) fn new(
        pieces: &'a BTreeMap<String, (String, Origin)>,
        lexicons: &'a Lexicons,
        stand_in: bool,
    ) -> Expander<'a> {
        Expander {
            pieces,
            lexicons,
            cache: HashMap::new(),
            used: HashSet::new(),
            stand_in,
            holes: None,
        }
    }

    /// An expander that leaves a hole for each lexicon ([`LexiconTrees`]).
    pub(super) fn with_holes(
        pieces: &'a BTreeMap<String, (String, Origin)>,
        lexicons: &'a Lexicons,
        trees: &'a LexiconTrees,
    ) -> Expander<'a> {
        let mut ex = Expander::new(pieces, lexicons, false);
        ex.holes = Some(trees);
        ex
    }

    pub(super) fn expand(
        &mut self,
        pattern: &str,
        stack: &mut Vec<String>,
    ) -> Result<String, String> {
        let mut out = String::with_capacity(pattern.len());
        let mut rest = pattern;
        while let Some(i) = rest.find("%{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let close = after
                .find('}')
                .ok_or_else(|| "unclosed `%{` in pattern".to_string())?;
            let name = &after[..close];
            out.push_str(&self.piece(name, stack)?);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Expands a rule's pattern and makes its `\b` ASCII, keeping a map
    /// back to the pattern. An error comes with the range it is about.
    pub(super) fn expand_mapped(
        &mut self,
        pattern: &str,
    ) -> Result<Expanded, (String, Range<usize>)> {
        let mut w = Rewriter::default();
        let mut refs: Vec<(Range<usize>, String)> = Vec::new();
        let mut pos = 0;
        while let Some(i) = pattern[pos..].find("%{") {
            let start = pos + i;
            let base = pos;
            w.push(&pattern[pos..start], move |k| Loc::Pattern(base + k));
            let after = start + 2;
            let Some(close) = pattern[after..].find('}') else {
                return Err(("unclosed `%{` in pattern".into(), start..pattern.len()));
            };
            let name = &pattern[after..after + close];
            let end = after + close + 1;
            let body = self
                .piece(name, &mut Vec::new())
                .map_err(|m| (m, start..end))?;
            let n = refs.len();
            refs.push((start..end, name.to_string()));
            w.push(&body, move |_| Loc::Piece(n));
            pos = end;
        }
        let base = pos;
        w.push(&pattern[pos..], move |k| Loc::Pattern(base + k));
        let (text, locs) = w.finish();
        Ok(Expanded { text, locs, refs })
    }

    fn piece(&mut self, name: &str, stack: &mut Vec<String>) -> Result<String, String> {
        self.used.insert(name.to_string());
        if let Some(done) = self.cache.get(name) {
            return Ok(done.clone());
        }
        if stack.iter().any(|s| s == name) {
            return Err(format!(
                "piece `{name}` refers to itself ({} -> {name})",
                stack.join(" -> ")
            ));
        }
        let body = if let Some((p, _)) = self.pieces.get(name) {
            stack.push(name.to_string());
            let e = self.expand(p, stack)?;
            stack.pop();
            format!("(?:{e})")
        } else if let Some(lex) = self.lexicons.get(name) {
            match self.holes.and_then(|t| t.hole(name)) {
                Some(hole) => hole,
                None => {
                    let re = lex.regex(!lex.after_digits);
                    if self.stand_in && re.len() > STAND_IN_FROM {
                        ANY_TEXT.to_string()
                    } else {
                        re
                    }
                }
            }
        } else {
            let mut known: Vec<&str> = self.pieces.keys().map(String::as_str).collect();
            known.extend(self.lexicons.keys().map(String::as_str));
            known.sort();
            return Err(format!(
                "unknown piece `%{{{name}}}` (known: {})",
                known.join(", ")
            ));
        };
        self.cache.insert(name.to_string(), body.clone());
        Ok(body)
    }

    /// Where a piece or lexicon is defined, for notes.
    pub(super) fn where_is(&self, name: &str) -> String {
        match self.pieces.get(name) {
            Some((_, origin)) => format!("piece `{name}` is defined at {origin}"),
            None if self.lexicons.contains_key(name) => {
                format!("`{name}` is a lexicon: its aliases become one alternation")
            }
            None => format!("`{name}` is not defined"),
        }
    }
}

/// Where a pattern's text is inside its rule file, so that an offset in
/// the pattern can be shown at its place in the file.
pub(super) struct PatternInFile {
    /// The whole TOML string, quotes included.
    value: Range<usize>,
    /// Where the pattern's first byte is, when the file holds the pattern
    /// verbatim (a literal string, or a basic string without escapes).
    content: Option<usize>,
}

impl PatternInFile {
    pub(super) fn new(src: &str, value: Range<usize>, pattern: &str) -> PatternInFile {
        let raw = src.get(value.clone()).unwrap_or("");
        let mut content = None;
        for delim in ["'''", "\"\"\"", "'", "\""] {
            if let Some(rest) = raw.strip_prefix(delim) {
                // A newline right after an opening triple quote is not part of the string.
                let skip = if delim.len() == 3 {
                    if rest.starts_with("\r\n") {
                        2
                    } else {
                        usize::from(rest.starts_with('\n'))
                    }
                } else {
                    0
                };
                let start = value.start + delim.len() + skip;
                if src.get(start..start + pattern.len()) == Some(pattern) {
                    content = Some(start);
                }
                break;
            }
        }
        PatternInFile { value, content }
    }

    /// The file range of a range of the pattern; the whole string when the
    /// pattern is not in the file verbatim.
    pub(super) fn span(&self, r: Option<Range<usize>>) -> Range<usize> {
        match (self.content, r) {
            (Some(c), Some(r)) => {
                let end = if r.end > r.start {
                    c + r.end
                } else {
                    c + r.start + 1
                };
                (c + r.start)..end.min(self.value.end)
            }
            _ => self.value.clone(),
        }
    }
}

/// Rewrites `\b` and `\B` to their ASCII forms outside character classes:
/// Unicode word boundaries make the regex crate's fast engines give up on
/// non-ASCII text, and news text is full of `£` and curly quotes.
///
/// What [`Rewriter`] writes, without its map back to the pattern, copying
/// the text between escapes and brackets whole: every rule's expanded
/// text (450 KB for the embedded rules) goes through it at each start.
pub fn ascii_word_boundaries(p: &str) -> String {
    let bytes = p.as_bytes();
    let mut out = String::with_capacity(p.len() + p.len() / 8);
    let (mut depth, mut copied, mut i) = (0usize, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                out.push_str(&p[copied..i]);
                let Some(c) = p[i + 1..].chars().next() else {
                    out.push('\\');
                    i += 1;
                    copied = i;
                    continue;
                };
                match rewritten_escape(c, depth > 0) {
                    Some(r) => out.push_str(r),
                    None => {
                        out.push('\\');
                        out.push(c);
                    }
                }
                i += 1 + c.len_utf8();
                copied = i;
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            // Straight to the next byte that matters: every rule's
            // expanded text (lexicons inlined) goes through here at load.
            _ => i = memchr::memchr3(b'\\', b'[', b']', &bytes[i..]).map_or(bytes.len(), |k| i + k),
        }
    }
    out.push_str(&p[copied..]);
    out
}

#[cfg(test)]
mod ascii_tests {
    use super::*;

    fn by_rewriter(p: &str) -> String {
        let mut w = Rewriter::default();
        w.push(p, |_| Loc::Pattern(0));
        w.finish().0
    }

    /// The same text as the rewriter writes, on every embedded rule's
    /// pattern and expansion and on random mixes of what it rewrites.
    #[test]
    fn same_as_the_rewriter() {
        let rs = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let mut texts: Vec<String> = rs
            .rules
            .iter()
            .flat_map(|r| [r.pattern.clone(), r.source().to_string()])
            .collect();
        texts.extend(rs.pieces.values().map(|(p, _)| p.clone()));
        let atoms = [
            "\\", "b", "B", "s", "[", "]", "a", "é", "\\b", "\\s", "[\\s-]", "\\\\", "€", "-",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(atoms[(seed % atoms.len() as u64) as usize]);
            }
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(ascii_word_boundaries(t), by_rewriter(t), "{t:?}");
        }
    }
}
