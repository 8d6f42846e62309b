//! Rules' syntax trees with each lexicon parsed once: a rule's pattern is
//! expanded with a one-character hole where each lexicon goes, parsed, and
//! the lexicon's own tree (parsed once for all the rules that name it) is
//! put in each hole. The drug lexicon alone is 13 KB of regex; parsing and
//! case-folding it again for each of thirty rules was a third of building
//! every regex. The result is the tree the fully expanded pattern parses
//! to (a unit test compares them for every embedded rule).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

use super::expand::{ascii_word_boundaries, Expander, ANY_TEXT, STAND_IN_FROM};
use super::known_trees::Reading;
use super::lexicon::{char_hir, forms_class, AliasTrie, Token, Trie};
use super::{fold, preceding, Lexicons, Origin};

/// Holes are characters of the Supplementary Private Use Area-A, which
/// patterns do not use (a pattern that does is parsed whole instead).
const HOLE_FROM: u32 = 0xF0000;
const HOLE_END: u32 = 0xFFFFE;

/// The names a pattern or piece refers to (`%{name}`).
fn names_in(text: &str) -> impl Iterator<Item = &str> {
    text.split("%{")
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Each lexicon's regex source and its tree, parsed on first use, once
/// case-sensitive and once not.
#[derive(Debug, Default)]
pub struct LexiconTrees {
    /// Lexicon names, sorted: the index of a name is its hole.
    names: Vec<String>,
    /// Each lexicon's aliases, from which its trie is built when first
    /// needed ([`AliasTrie`]); `None` for a lexicon no pattern names.
    tries: Vec<Option<Arc<AliasTrie>>>,
    trees: Vec<[OnceLock<Result<Hir, String>>; 2]>,
    /// Whether every alias of each lexicon starts with an ASCII letter or
    /// digit, and whether every one ends with one.
    starts_word: Vec<bool>,
    ends_word: Vec<bool>,
    /// Each lexicon's case-insensitive tree folded ([`super::fold`]), or
    /// None when it does not fold.
    folded: Vec<OnceLock<Option<Hir>>>,
    /// Each named lexicon's aliases and how they are written out, hashed
    /// ([`AliasTrie::key`]): everything a rule's expanded pattern holds in
    /// its hole follows from them, so this is the known anchors' key of
    /// that part ([`Self::source_key`]), and the known trees' of the
    /// lexicon's folded tree.
    alias_keys: Vec<u64>,
    /// Each named lexicon's alternation with `\b` made ASCII, as a rule's
    /// expanded pattern holds it, written at its first use.
    alternation_text: Vec<OnceLock<String>>,
    /// Whether no piece and no named lexicon's alternation holds a
    /// character the holes are written with: then a rule's expanded
    /// pattern is its pattern with holes, each lexicon's alternation put
    /// in its hole ([`Self::expanded`]).
    clean: bool,
    /// "Any text", as the anchors read a long lexicon.
    any_text: OnceLock<Hir>,
    /// The pieces, holes of their own when a regex is built: a rule's
    /// pieces (numbers, quantities, hedges) are most of its pattern, and
    /// parsing and folding them again for each rule was most of building
    /// its tree.
    pieces: PieceTrees,
}

/// Each piece's text and trees, its hole numbered after the lexicons'.
#[derive(Debug, Default)]
struct PieceTrees {
    /// Piece names, sorted.
    names: Vec<String>,
    /// Each piece expanded (`(?:...)`, with a hole for each lexicon and
    /// nested pieces in full), `\b` not yet made ASCII; `None` when it
    /// does not expand.
    raw: Vec<Option<String>>,
    /// Each piece as written, naming its lexicons and pieces.
    own: Vec<String>,
    /// Whether each piece can be a hole: it expands, and parses alone as
    /// it does in its place (no group of its own, no `^` or `$`).
    hole: Vec<bool>,
    /// Each piece's tree, lexicons filled, case-sensitive and not; `None`
    /// when it turns out to hold a group.
    trees: Vec<[OnceLock<Option<Hir>>; 2]>,
    /// Each piece's case-insensitive tree folded, when it folds.
    folded: Vec<OnceLock<Option<Hir>>>,
}

impl LexiconTrees {
    /// The trees of the lexicons and pieces, for the lexicons that
    /// `patterns` (the rules') or the pieces name.
    pub(super) fn new<'p>(
        lexicons: &Lexicons,
        pieces: &BTreeMap<String, (String, Origin)>,
        patterns: impl Iterator<Item = &'p str>,
    ) -> LexiconTrees {
        let mut named: HashSet<&str> = HashSet::new();
        for text in patterns {
            named.extend(names_in(text));
        }
        for (text, _) in pieces.values() {
            named.extend(names_in(text));
        }
        let mut trees = LexiconTrees::of_lexicons(lexicons, &named);
        trees.clean &= pieces.values().all(|(p, _)| holes_in(p).next().is_none());
        let names: Vec<String> = pieces.keys().cloned().collect();
        let raw: Vec<Option<String>> = {
            let mut ex = Expander::with_holes(pieces, lexicons, &trees);
            names
                .iter()
                .map(|n| ex.expand(&format!("%{{{n}}}"), &mut Vec::new()).ok())
                .collect()
        };
        let room = (HOLE_END - HOLE_FROM) as usize - trees.names.len();
        let hole = raw
            .iter()
            .enumerate()
            .map(|(j, r)| j < room && r.as_deref().is_some_and(stands_alone))
            .collect();
        trees.pieces = PieceTrees {
            trees: names.iter().map(|_| Default::default()).collect(),
            folded: names.iter().map(|_| OnceLock::new()).collect(),
            own: names.iter().map(|n| pieces[n].0.clone()).collect(),
            names,
            raw,
            hole,
        };
        trees
    }

    /// The lexicons' sources, rendered for the lexicons `named` only: the
    /// ones only the code reads (titles, places, cue words; over half of
    /// all aliases) never become part of a regex, and rendering them was
    /// 7% of a one-sentence run.
    fn of_lexicons(lexicons: &Lexicons, named: &HashSet<&str>) -> LexiconTrees {
        let mut names: Vec<String> = lexicons.keys().cloned().collect();
        names.sort();
        names.truncate((HOLE_END - HOLE_FROM) as usize);
        // A named lexicon's trie and alternation are made when first
        // needed: building them here, on loading's one thread, was a
        // twelfth of a one-sentence run, which mostly reads the lexicons'
        // trees from the known ones.
        let tries: Vec<Option<Arc<AliasTrie>>> = names
            .iter()
            .map(|n| {
                let lex = &lexicons[n];
                named
                    .contains(n.as_str())
                    .then(|| lex.alias_trie(!lex.after_digits))
            })
            .collect();
        let alias_keys = tries
            .iter()
            .map(|t| t.as_ref().map_or(0, |t| t.key()))
            .collect();
        // An alternation is the aliases and regex syntax: it holds a hole
        // character only if an alias does.
        let clean = tries
            .iter()
            .flatten()
            .all(|t| t.aliases().iter().all(|a| holes_in(a).next().is_none()));
        let trees = names.iter().map(|_| Default::default()).collect();
        let folded = names.iter().map(|_| OnceLock::new()).collect();
        let alternation_text = names.iter().map(|_| OnceLock::new()).collect();
        // Whether every alias (and canonical name) of each lexicon passes.
        let all = |word: &dyn Fn(&str) -> bool| -> Vec<bool> {
            names
                .iter()
                .map(|n| {
                    lexicons[n]
                        .entries
                        .iter()
                        .all(|(c, aliases)| word(c) && aliases.iter().all(|a| word(a)))
                })
                .collect()
        };
        let starts_word = all(&|a| {
            a.trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric())
        });
        let ends_word = all(&|a| a.trim_end().ends_with(|c: char| c.is_ascii_alphanumeric()));
        LexiconTrees {
            names,
            tries,
            trees,
            starts_word,
            ends_word,
            folded,
            alternation_text,
            alias_keys,
            clean,
            any_text: OnceLock::new(),
            pieces: PieceTrees::default(),
        }
    }

    /// Whether the expanded pattern of a rule with this pattern and
    /// pattern with holes can be written out from the holes
    /// ([`Self::expanded`]): no hole character written by hand anywhere,
    /// and every hole a named lexicon's. Only the embedded rules take
    /// this path (a user's rules expand at load).
    pub(super) fn expands_from_holes(&self, pattern: &str, holes: &str) -> bool {
        // A lexicon inside a class would read differently written out
        // (its `\b` a backspace there); no embedded rule has one, and a
        // test checks every embedded rule's text against the expander's.
        self.clean
            && holes_in(pattern).next().is_none()
            && holes_in(holes).all(|i| self.tries.get(i).is_some_and(Option::is_some))
    }

    /// The known anchors' key of a rule whose expanded pattern is written
    /// out from its holes ([`super::known_anchors::key_by_holes`]).
    pub(super) fn source_key(&self, holes: &str) -> u64 {
        let lexicons = holes_in(holes).map(|i| self.alias_keys.get(i).copied().unwrap_or(0));
        super::known_anchors::key_by_holes(holes, lexicons)
    }

    /// The expanded pattern of a rule from its pattern with holes (see
    /// [`Self::expands_from_holes`]): each hole `(c)` replaced by its
    /// lexicon's alternation with `\b` made ASCII, as expanding the
    /// pattern and then making its `\b` ASCII writes it.
    pub(super) fn expanded(&self, holes: &str) -> String {
        let mut out = String::with_capacity(holes.len() * 4);
        let mut rest = holes;
        while let Some(at) = rest.find(|c| hole_index(c).is_some()) {
            let c = rest[at..].chars().next().unwrap_or('\0');
            let i = hole_index(c).unwrap_or(usize::MAX);
            let text = (i < self.tries.len())
                .then(|| self.alternation_text(i))
                .flatten();
            // The hole is its own group: `(c)`.
            let group =
                at > 0 && rest[..at].ends_with('(') && rest[at + c.len_utf8()..].starts_with(')');
            match text {
                Some(text) if group => {
                    out.push_str(&rest[..at - 1]);
                    out.push_str(text);
                    rest = &rest[at + c.len_utf8() + 1..];
                }
                _ => {
                    out.push_str(&rest[..at + c.len_utf8()]);
                    rest = &rest[at + c.len_utf8()..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A rule's pattern as written, expanded with a hole for each piece
    /// that can be one ([`PieceTrees::hole`]) and for each lexicon, `\b`
    /// made ASCII; `None` when a name is unknown.
    fn with_piece_holes(&self, pattern: &str) -> Option<String> {
        // A piece in a class or under an inline flag is written out in
        // full: it would not parse alone as it does there.
        let mut exposed = vec![false; pattern.len()];
        scan_scopes(pattern, |at, scope| exposed[at] = scope.exposed());
        let mut out = String::with_capacity(pattern.len());
        let mut pos = 0;
        while let Some(i) = pattern[pos..].find("%{") {
            let start = pos + i;
            out.push_str(&pattern[pos..start]);
            let after = &pattern[start + 2..];
            let close = after.find('}')?;
            let name = &after[..close];
            pos = start + 2 + close + 1;
            match self.pieces.names.binary_search_by(|n| n.as_str().cmp(name)) {
                Ok(j) if self.pieces.hole[j] && exposed[start] => {
                    let c = char::from_u32(HOLE_FROM + (self.names.len() + j) as u32)?;
                    out.push('(');
                    out.push(c);
                    out.push(')');
                }
                Ok(j) => out.push_str(self.pieces.raw[j].as_deref()?),
                Err(_) => out.push_str(&self.hole(name)?),
            }
        }
        out.push_str(&pattern[pos..]);
        Some(ascii_word_boundaries(&out))
    }

    /// Piece `j`'s tree, lexicons filled; `folded`: its case-insensitive
    /// tree folded. `None` when it does not parse alone as it does in its
    /// place, or (folded) does not fold.
    fn piece_tree(&self, j: usize, case_insensitive: bool, folded: bool) -> Option<Hir> {
        if folded {
            return self.pieces.folded[j]
                .get_or_init(|| {
                    self.piece_by_holes(j, true, true).or_else(|| {
                        let hir = self.parsed_piece(j, true)?;
                        if !fold::foldable(&hir) {
                            return None;
                        }
                        self.fill_with(fold::fold(&hir), &mut 0, &|i| self.folded_lexicon(i))
                            .ok()
                    })
                })
                .clone();
        }
        self.pieces.trees[j][usize::from(case_insensitive)]
            .get_or_init(|| {
                self.piece_by_holes(j, case_insensitive, false).or_else(|| {
                    let hir = self.parsed_piece(j, case_insensitive)?;
                    self.fill(hir, case_insensitive, &mut 0).ok()
                })
            })
            .clone()
    }

    /// Piece `j` parsed from its expansion (nested pieces written out).
    fn parsed_piece(&self, j: usize, case_insensitive: bool) -> Option<Hir> {
        let raw = self.pieces.raw[j].as_deref()?;
        parse(&ascii_word_boundaries(raw), case_insensitive).ok()
    }

    /// [`Self::piece_tree`] as a rule's is built: the piece as written,
    /// with a hole for each piece it names that can be one, each filled
    /// with that piece's tree. Nested pieces are then parsed once, not
    /// again inside every piece that names them (the date stamps' pieces
    /// nest three deep). `None` when it cannot be read that way.
    fn piece_by_holes(&self, j: usize, case_insensitive: bool, folded: bool) -> Option<Hir> {
        // A piece that does not expand (it names itself, or something
        // unknown) has no tree, and its holes would lead back to it.
        self.pieces.raw[j].as_ref()?;
        let own = &self.pieces.own[j];
        let with_holes = self.with_piece_holes(own)?;
        self.filled(&with_holes, own, case_insensitive, folded)
    }

    /// Lexicon `i`'s case-insensitive tree folded, once for all rules:
    /// the known one when the embedded rules hold it.
    fn folded_lexicon(&self, i: usize) -> Result<Hir, ()> {
        self.folded[i]
            .get_or_init(|| {
                let t = self.tries[i].as_ref()?;
                let key = lexicon_key(self.alias_keys[i]);
                if let Some(hir) = super::known_trees::lookup(&key, Reading::Lexicon) {
                    return Some(hir);
                }
                let hir = folded_lexicon_tree(t.trie(), t.lead);
                #[cfg(test)]
                if let Some(h) = &hir {
                    super::known_trees::record_tree(&key, Reading::Lexicon, h);
                }
                hir
            })
            .clone()
            .ok_or(())
    }

    /// Lexicon `i`'s alternation with `\b` made ASCII, as a rule's
    /// expanded pattern holds it; `None` for a lexicon no pattern names.
    fn alternation_text(&self, i: usize) -> Option<&str> {
        let t = self.tries[i].as_ref()?;
        Some(self.alternation_text[i].get_or_init(|| ascii_word_boundaries(t.alternation())))
    }

    /// Whether lexicon `i` stands for "any text" when anchors are found
    /// (see [`super::expand`]'s `STAND_IN_FROM`).
    fn long(&self, i: usize) -> bool {
        // The alternation as the lexicon writes it, before its `\b` are
        // made ASCII.
        self.tries[i]
            .as_ref()
            .is_some_and(|t| t.alternation().len() > STAND_IN_FROM)
    }

    /// [`Self::rule_tree`] with a hole for each piece that can be one as
    /// well as for each lexicon; `None` when the pattern cannot be read
    /// that way.
    pub(super) fn rule_tree_by_pieces(&self, pattern: &str, source: &str, ci: bool) -> Option<Hir> {
        self.filled(&self.with_piece_holes(pattern)?, source, ci, false)
    }

    /// [`Self::folded_rule_tree`] with a hole for each piece that can be
    /// one, each filled with the piece's tree folded once for all rules.
    pub(super) fn folded_rule_tree_by_pieces(&self, pattern: &str, source: &str) -> Option<Hir> {
        self.filled(&self.with_piece_holes(pattern)?, source, true, true)
    }

    /// A pattern with holes, parsed (and `folded`, when it folds) and
    /// each hole filled with its lexicon's or piece's tree, folded alike;
    /// `None` when it cannot be read this way.
    fn filled(&self, with_holes: &str, source: &str, ci: bool, folded: bool) -> Option<Hir> {
        let hir = if folded {
            parse_holes_folded(with_holes, source)?
        } else {
            parse_holes(with_holes, source, ci)?
        };
        let filled = self
            .fill_with(hir, &mut 0, &|i| self.hole_tree(i, ci, folded))
            .ok()?;
        // Two pieces may name a group alike, which the parser of the whole
        // expansion refuses: it does, with its error.
        unique_names(&filled).then_some(filled)
    }

    /// The tree for hole `i`: a lexicon's or a piece's, folded or not.
    fn hole_tree(&self, i: usize, ci: bool, folded: bool) -> Result<Hir, ()> {
        match (self.piece_of(i), folded) {
            (Some(j), _) => self.piece_tree(j, ci, folded).ok_or(()),
            (None, true) => self.folded_lexicon(i),
            (None, false) => self.tree(i, ci).cloned().map_err(|_| ()),
        }
    }

    /// The piece of hole `i`, if it is a piece's.
    fn piece_of(&self, i: usize) -> Option<usize> {
        i.checked_sub(self.names.len())
    }

    /// What a pattern holds in place of the lexicon `name`.
    pub(super) fn hole(&self, name: &str) -> Option<String> {
        let i = self.names.binary_search_by(|n| n.as_str().cmp(name)).ok()?;
        let c = char::from_u32(HOLE_FROM + i as u32)?;
        // A group of its own: the parser would merge a bare character
        // with its neighbours (`%{a}|%{b}` into a class of two).
        Some(format!("({c})"))
    }

    fn tree(&self, i: usize, case_insensitive: bool) -> Result<&Hir, String> {
        self.trees[i][usize::from(case_insensitive)]
            .get_or_init(|| match &self.tries[i] {
                Some(t) => Ok(lexicon_tree(t.trie(), t.lead, case_insensitive)),
                None => Err(format!(
                    "lexicon `{}` is named by no pattern",
                    self.names[i]
                )),
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The tree of a pattern expanded with holes (see [`Self::hole`]),
    /// each hole filled with its lexicon's tree. `None` when the pattern
    /// cannot be read this way (inline flags that would change how a
    /// lexicon parses, a lexicon inside a character class, or a hole
    /// character in the expanded pattern `source` itself): parse the whole
    /// expansion instead.
    pub(super) fn rule_tree(
        &self,
        pattern: &str,
        with_holes: &str,
        source: &str,
        case_sensitive: bool,
    ) -> Option<Hir> {
        let ci = !case_sensitive;
        self.rule_tree_by_pieces(pattern, source, ci)
            .or_else(|| self.filled(with_holes, source, ci, false))
    }

    /// The folded tree ([`super::fold`]) of a case-insensitive pattern
    /// expanded with holes, each hole filled with its lexicon's folded
    /// tree, folded once for all the rules that name it. `None` when the
    /// pattern cannot be read with holes (see [`Self::rule_tree`]) or does
    /// not fold.
    pub(super) fn folded_rule_tree(
        &self,
        pattern: &str,
        with_holes: &str,
        source: &str,
    ) -> Option<Hir> {
        self.folded_rule_tree_by_pieces(pattern, source)
            .or_else(|| self.filled(with_holes, source, true, true))
    }

    /// The lexicons a pattern with holes never puts an ASCII letter or `_`
    /// right before, and those it never puts one right after, each sorted
    /// ([`super::preceding`]); none when the pattern cannot be read with
    /// holes.
    pub(super) fn letter_free(&self, with_holes: &str, source: &str) -> (Vec<String>, Vec<String>) {
        let Some(hir) = parse_holes(with_holes, source, false) else {
            return Default::default();
        };
        let hole_of = |h: &Hir| match h.kind() {
            HirKind::Capture(c) => self.hole_of(c),
            _ => None,
        };
        let free = |found: Vec<(usize, bool)>| {
            let mut out: Vec<String> = found
                .iter()
                .filter(|&&(i, _)| !found.iter().any(|&(j, letter)| j == i && letter))
                .map(|&(i, _)| self.names[i].clone())
                .collect();
            out.sort();
            out.dedup();
            out
        };
        (
            free(preceding::letter_before_holes(&hir, &hole_of, &|i| {
                self.starts_word[i]
            })),
            free(preceding::letter_after_holes(&hir, &hole_of, &|i| {
                self.ends_word[i]
            })),
        )
    }

    /// The tree with each hole (a group holding a hole character) filled,
    /// and the other groups numbered again in order, as if the holes'
    /// groups had never been.
    /// The tree the anchors are found in ([`super::anchors`]): the pattern
    /// parsed as written (case-sensitive), each long lexicon as "any text"
    /// and each short one as itself. The tree the stand-in expansion
    /// parses to, without parsing the short lexicons again for each rule.
    pub(super) fn anchor_tree(&self, with_holes: &str, source: &str) -> Option<Hir> {
        let hir = parse_holes(with_holes, source, false)?;
        self.fill_with(hir, &mut 0, &|i| {
            if self.long(i) {
                Ok(self
                    .any_text
                    .get_or_init(|| {
                        // As the expander writes it, `\s` made ASCII.
                        parse(&ascii_word_boundaries(ANY_TEXT), false).expect("any text parses")
                    })
                    .clone())
            } else {
                self.tree(i, false).cloned().map_err(|_| ())
            }
        })
        .ok()
    }

    fn fill(&self, hir: Hir, ci: bool, groups: &mut u32) -> Result<Hir, ()> {
        self.fill_with(hir, groups, &|i| self.tree(i, ci).cloned().map_err(|_| ()))
    }

    fn fill_with(
        &self,
        hir: Hir,
        groups: &mut u32,
        hole: &dyn Fn(usize) -> Result<Hir, ()>,
    ) -> Result<Hir, ()> {
        // Holes are groups, so a part without groups holds none, and no
        // group in it needs a new number: it stays as it is.
        if hir.properties().explicit_captures_len() == 0 {
            return Ok(hir);
        }
        Ok(match hir.into_kind() {
            HirKind::Empty => Hir::empty(),
            HirKind::Literal(lit) => {
                if std::str::from_utf8(&lit.0)
                    .is_ok_and(|s| s.chars().any(|c| hole_index(c).is_some()))
                {
                    return Err(());
                }
                Hir::literal(lit.0)
            }
            HirKind::Class(class) => Hir::class(class),
            HirKind::Look(look) => Hir::look(look),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(self.fill_with(*r.sub, groups, hole)?),
                ..r
            }),
            HirKind::Capture(c) => match self.hole_of(&c) {
                // A piece's captures are numbered again, in order.
                Some(i) => self.fill_with(hole(i)?, groups, hole)?,
                None => {
                    *groups += 1;
                    let index = *groups;
                    Hir::capture(Capture {
                        sub: Box::new(self.fill_with(*c.sub, groups, hole)?),
                        index,
                        ..c
                    })
                }
            },
            HirKind::Concat(subs) => Hir::concat(self.fill_all(subs, groups, hole)?),
            HirKind::Alternation(subs) => Hir::alternation(self.fill_all(subs, groups, hole)?),
        })
    }

    fn fill_all(
        &self,
        subs: Vec<Hir>,
        groups: &mut u32,
        hole: &dyn Fn(usize) -> Result<Hir, ()>,
    ) -> Result<Vec<Hir>, ()> {
        subs.into_iter()
            .map(|h| self.fill_with(h, groups, hole))
            .collect()
    }

    /// The lexicon of a hole's group.
    fn hole_of(&self, c: &Capture) -> Option<usize> {
        if c.name.is_some() {
            return None;
        }
        let HirKind::Literal(lit) = c.sub.kind() else {
            return None;
        };
        let s = std::str::from_utf8(&lit.0).ok()?;
        let mut chars = s.chars();
        let i = hole_index(chars.next()?)?;
        (chars.next().is_none() && i < self.names.len() + self.pieces.names.len()).then_some(i)
    }
}

/// The text a lexicon's folded tree is known by ([`super::known_trees`]):
/// no pattern holds a NUL, so no pattern's tree is confused with it.
fn lexicon_key(hash: u64) -> String {
    format!("\0lexicon {hash:016x}")
}

/// A lexicon's tree from its trie ([`Trie::hir`]): what its alternation,
/// `\b` made ASCII, parses to.
pub(super) fn lexicon_tree(trie: &Trie, lead: bool, case_insensitive: bool) -> Hir {
    lexicon_tree_with(trie, lead, case_insensitive, Some).expect("every token is kept")
}

/// A lexicon's case-insensitive tree folded ([`fold::fold`]), built from
/// its trie with each token folded: the tree folding the whole tree
/// gives (a unit test compares them), without building that tree first.
/// `None` when a token does not fold, as the whole tree would not.
fn folded_lexicon_tree(trie: &Trie, lead: bool) -> Option<Hir> {
    lexicon_tree_with(trie, lead, true, |h| {
        fold::foldable(&h).then(|| fold::fold(&h))
    })
}

/// [`Trie::hir`] with each token's tree (made once per distinct token)
/// passed through `keep`; `None` when `keep` refuses one.
fn lexicon_tree_with(
    trie: &Trie,
    lead: bool,
    case_insensitive: bool,
    keep: impl Fn(Hir) -> Option<Hir>,
) -> Option<Hir> {
    let mut seen: HashMap<Token, Option<Hir>> = HashMap::new();
    let mut refused = false;
    let tree = |forms: &[Token]| -> Option<Hir> {
        keep(match forms {
            [Token::Char(c)] => char_hir(*c, case_insensitive),
            // Not recorded for the known trees: whether a lexicon's tree
            // was made before the test records depends on what ran first.
            [Token::Regex(r)] => parse_by(&ascii_word_boundaries(r), case_insensitive, parse_known)
                .expect("a lexicon's regex tokens parse"),
            many => forms_class(many, case_insensitive),
        })
    };
    let hir = trie.hir(lead, &mut |forms| {
        let t = match forms {
            [one] => seen.entry(*one).or_insert_with(|| tree(forms)).clone(),
            many => tree(many),
        };
        t.unwrap_or_else(|| {
            refused = true;
            Hir::empty()
        })
    });
    (!refused).then_some(hir)
}

/// Whether no two groups of `hir` have one name. Only the parts that
/// hold groups are walked (a lexicon's tree holds none).
fn unique_names(hir: &Hir) -> bool {
    fn walk<'h>(h: &'h Hir, names: &mut Vec<&'h str>) {
        if h.properties().explicit_captures_len() == 0 {
            return;
        }
        match h.kind() {
            HirKind::Capture(c) => {
                names.extend(c.name.as_deref());
                walk(&c.sub, names);
            }
            HirKind::Repetition(r) => walk(&r.sub, names),
            HirKind::Concat(xs) | HirKind::Alternation(xs) => {
                xs.iter().for_each(|x| walk(x, names));
            }
            _ => {}
        }
    }
    let mut names = Vec::new();
    walk(hir, &mut names);
    names.sort_unstable();
    names.windows(2).all(|w| w[0] != w[1])
}

/// A pattern with holes, parsed; None when its holes cannot be filled
/// safely (see [`holes_are_safe`]) or the expanded pattern `source` holds
/// a hole character of its own.
fn parse_holes(with_holes: &str, source: &str, case_insensitive: bool) -> Option<Hir> {
    if !holes_are_safe(with_holes) || source.chars().any(|c| hole_index(c).is_some()) {
        return None;
    }
    parse(with_holes, case_insensitive).ok()
}

/// [`parse_holes`] case-insensitive, then folded; `None` also when the
/// tree does not fold. The embedded rules' folded trees are known
/// ([`super::known_trees`]).
fn parse_holes_folded(with_holes: &str, source: &str) -> Option<Hir> {
    if !holes_are_safe(with_holes) || source.chars().any(|c| hole_index(c).is_some()) {
        return None;
    }
    #[cfg(test)]
    super::known_trees::record(with_holes, Reading::Folded);
    if let Some(hir) = super::known_trees::lookup(with_holes, Reading::Folded) {
        return Some(hir);
    }
    let hir = parse(with_holes, true).ok()?;
    fold::foldable(&hir).then(|| fold::fold(&hir))
}

/// Whether a piece's expansion parses alone as it does in its place in a
/// rule: no `^` or `$`, which a multi-line flag around it changes. Its
/// groups may be captures: their numbers change in place, and filling
/// the hole numbers them again ([`LexiconTrees::fill_with`]). The date
/// rules' time of day is a piece with captures in a third of them, and
/// parsing it again for each was a tenth of building their trees.
fn stands_alone(raw: &str) -> bool {
    let mut alone = true;
    scan_scopes(raw, |at, scope| {
        if !scope.in_class && matches!(raw.as_bytes()[at], b'^' | b'$') {
            alone = false;
        }
    });
    alone
}

/// The holes (by index) written in `text`, found by their lead byte: every
/// hole character is four bytes starting 0xF3.
fn holes_in(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(0xF3, text.as_bytes())
        .filter_map(move |at| text.get(at..)?.chars().next().and_then(hole_index))
}

fn hole_index(c: char) -> Option<usize> {
    let c = c as u32;
    (HOLE_FROM..HOLE_END)
        .contains(&c)
        .then(|| (c - HOLE_FROM) as usize)
}

/// Parses a pattern as the regex crate does (Unicode, UTF-8), with the
/// rule's case.
pub(super) fn parse(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    parse_by(pattern, case_insensitive, parse_as_is)
}

/// [`parse`], each text read by `read`.
fn parse_by(
    pattern: &str,
    case_insensitive: bool,
    read: fn(&str, bool) -> Result<Hir, String>,
) -> Result<Hir, String> {
    // Most patterns (every lexicon's) hold no word class: parsed as they
    // are. A class opening with `]` (`[]a]`, `[^]a]`) is read by the
    // scopes scanner as closing there: never marked.
    let word_class = pattern.contains("\\w") || pattern.contains("\\W");
    if case_insensitive && word_class && !pattern.contains("[]") && !pattern.contains("[^]") {
        let quick = without_needless_folding(pattern);
        if let Ok(hir) = read(&quick, true) {
            return Ok(hir);
        }
    }
    read(pattern, case_insensitive)
}

fn parse_as_is(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    #[cfg(test)]
    super::known_trees::record(pattern, Reading::parsed(case_insensitive));
    parse_known(pattern, case_insensitive)
}

/// [`parse_as_is`] without recording ([`super::known_trees`]): the tree
/// the embedded rules' file holds for this text, else the parser's.
fn parse_known(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    if let Some(hir) = super::known_trees::lookup(pattern, Reading::parsed(case_insensitive)) {
        return Ok(hir);
    }
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// `pattern` with each word class that case folding leaves as it is
/// (`\w`, `[^$£€\w.,-]`) marked case-sensitive: `(?-i:\w)`.
/// The tree is the same, but the parser no longer folds the class: for a
/// class holding `\w`, hundreds of ranges through the case tables, each
/// time it appears (16 count rules hold that one). Only classes outside
/// any inline flag are marked, and only those that parse alone to the
/// same class folded or not (worked out once per class text).
fn without_needless_folding(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // The `[` of the class being read, and the last character inside it.
    let (mut open, mut last_inside): (Option<(usize, bool)>, usize) = (None, 0);
    scan_scopes(pattern, |at, scope| {
        if scope.in_class {
            last_inside = at;
            return;
        }
        if let Some((start, exposed)) = open.take() {
            if exposed {
                spans.push((start, last_inside + 1));
            }
        }
        match bytes[at] {
            b'[' => open = Some((at, !scope.flagged)),
            b'\\' if !scope.flagged && bytes.get(at + 1).is_some_and(|b| b"wW".contains(b)) => {
                spans.push((at, at + 2));
            }
            _ => {}
        }
    });
    if let Some((start, true)) = open {
        spans.push((start, last_inside + 1));
    }
    let mut out = String::with_capacity(pattern.len() + spans.len() * 6);
    let mut at = 0;
    for (start, end) in spans {
        let class = &pattern[start..end];
        // Only word classes are worth it: folding a class without `\w`
        // is cheap, often cheaper than finding out it changes nothing.
        if !(class.contains("\\w") || class.contains("\\W")) || !fold_invariant(class) {
            continue;
        }
        out.push_str(&pattern[at..start]);
        out.push_str("(?-i:");
        out.push_str(class);
        out.push(')');
        at = end;
    }
    out.push_str(&pattern[at..]);
    out
}

/// Whether a class parses alone to the same tree folded or not.
fn fold_invariant(class: &str) -> bool {
    static SEEN: OnceLock<std::sync::Mutex<std::collections::HashMap<String, bool>>> =
        OnceLock::new();
    // Recorded whether or not this process has seen the class: what the
    // test of the known trees records must not depend on what ran first.
    #[cfg(test)]
    for ci in [true, false] {
        super::known_trees::record(class, Reading::parsed(ci));
    }
    let seen = SEEN.get_or_init(Default::default);
    if let Some(&known) = seen.lock().unwrap_or_else(|e| e.into_inner()).get(class) {
        return known;
    }
    let same = match (parse_known(class, true), parse_known(class, false)) {
        (Ok(a), Ok(b)) => a == b && matches!(a.kind(), HirKind::Class(_)),
        _ => false,
    };
    seen.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(class.to_string(), same);
    same
}

/// Whether each lexicon, parsed on its own, parses as it would in its
/// place: no hole inside a character class, nor in the scope of an inline
/// flag other than multi-line (`(?m:^)` only changes `^` and `$`, which
/// lexicons do not have).
fn holes_are_safe(pattern: &str) -> bool {
    let mut safe = true;
    scan_scopes(pattern, |at, scope| {
        if !scope.exposed() && pattern[at..].starts_with(|c| hole_index(c).is_some()) {
            safe = false;
        }
    });
    safe
}

/// Where a character of a pattern stands.
#[derive(Clone, Copy)]
struct Scope {
    /// Inside a character class.
    in_class: bool,
    /// In the scope of an inline flag other than multi-line.
    flagged: bool,
}

impl Scope {
    /// Parsed alone, a part here would parse as it does in place.
    fn exposed(self) -> bool {
        !self.in_class && !self.flagged
    }
}

/// Calls `at_char(offset, scope)` for each character of `pattern` outside
/// an escape (and outside the flags of an unscoped flag group).
fn scan_scopes(pattern: &str, mut at_char: impl FnMut(usize, Scope)) {
    // For each open group, whether a flag that matters is on in it.
    let mut flagged = vec![false];
    let (mut class_depth, mut escaped) = (0usize, false);
    let mut chars = pattern.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let on = *flagged.last().unwrap_or(&false);
        if !escaped {
            let scope = Scope {
                in_class: class_depth > 0,
                flagged: on,
            };
            at_char(at, scope);
        }
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => class_depth += 1,
            ']' if class_depth > 0 => class_depth -= 1,
            _ if class_depth > 0 => {}
            '(' => match inline_flags(&pattern[at + 1..]) {
                Some((flags, true)) => flagged.push(on || flags),
                Some((flags, false)) => {
                    if let Some(top) = flagged.last_mut() {
                        *top = on || flags;
                    }
                    // Its `)` closes no group.
                    for (_, c) in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                }
                None => flagged.push(on),
            },
            ')' => {
                flagged.pop();
            }
            _ => {}
        }
    }
}

/// After a `(`: for an inline flag group, whether it sets a flag other
/// than multi-line, and whether it is scoped (`(?i:...)`) rather than for
/// the rest of the group (`(?i)`).
fn inline_flags(after_paren: &str) -> Option<(bool, bool)> {
    let rest = after_paren.strip_prefix('?')?;
    let end = rest.find([':', ')'])?;
    let flags = &rest[..end];
    if flags.is_empty() || !flags.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return None;
    }
    let matters = flags.chars().any(|c| c != 'm' && c != '-');
    Some((matters, rest[end..].starts_with(':')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every embedded piece built with its nested pieces as holes is the
    /// tree of its expansion (folded too), and the pieces that name
    /// others are built that way.
    #[test]
    fn a_piece_by_holes_is_its_parsed_tree() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let trees = &rules.rules[0].trees;
        let mut nested = 0;
        for j in 0..trees.pieces.names.len() {
            let names_pieces =
                names_in(&trees.pieces.own[j]).any(|n| trees.pieces.names.iter().any(|p| p == n));
            for ci in [false, true] {
                let parsed = trees
                    .parsed_piece(j, ci)
                    .and_then(|h| trees.fill(h, ci, &mut 0).ok());
                let by_holes = trees.piece_by_holes(j, ci, false);
                if by_holes.is_some() {
                    assert_eq!(by_holes, parsed, "piece {}", trees.pieces.names[j]);
                    nested += usize::from(ci && names_pieces);
                }
            }
            if let Some(folded) = trees.piece_by_holes(j, true, true) {
                let hir = trees.parsed_piece(j, true).expect("parses");
                let by_parse = trees
                    .fill_with(fold::fold(&hir), &mut 0, &|i| trees.folded_lexicon(i))
                    .ok();
                assert_eq!(Some(folded), by_parse, "piece {}", trees.pieces.names[j]);
            }
        }
        assert!(
            nested >= 5,
            "{nested} pieces that name others built by holes"
        );
    }

    /// Marking word classes case-sensitive changes no tree: every
    /// embedded rule's expansion and pattern with holes, every piece, and
    /// patterns a user might write parse to the same tree as before.
    #[test]
    fn marking_word_classes_changes_no_tree() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let mut texts: Vec<String> = rules.rules.iter().map(|r| r.source().to_string()).collect();
        texts.extend(rules.rules.iter().filter_map(|r| r.holes.clone()));
        texts.extend(rules.pieces.values().map(|(p, _)| p.clone()));
        for t in [
            r"[\w-]+",
            r"(?-u:\w)+x",
            r"[^\w]",
            r"\W+k",
            r"[]\w]",
            r"[^]\w]",
            r"(?i:[\w])",
            r"a\\w",
            r"[[:alpha:]\w]",
            r"\w{2,5}?s",
            r"(?x) [ \w ] +",
            r"\p{L}\w",
            r"[\w&&[^s]]",
        ] {
            texts.push(t.to_string());
        }
        let mut marked = 0;
        for t in &texts {
            let t = ascii_word_boundaries(t);
            marked += usize::from(without_needless_folding(&t) != t);
            match (parse(&t, true), parse_as_is(&t, true)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{t}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{t}: {a:?} against {b:?}"),
            }
        }
        assert!(
            marked > 20,
            "only {marked} patterns hold a word class to mark"
        );
    }

    /// A piece is a hole only where it parses as it would alone: not with
    /// a group of its own or a line anchor, not in a class or under an
    /// inline flag.
    #[test]
    fn pieces_are_holes_only_where_they_stand_alone() {
        let h = '\u{F0000}';
        assert!(stands_alone(&format!("(?:[0-9]+(?:\\.[0-9]+)?({h})[$^(])")));
        assert!(stands_alone("(?:(?i:kg)|\\(g\\))"));
        assert!(stands_alone("(?:(?P<x>a))"));
        assert!(stands_alone("(?:(a))"));
        assert!(!stands_alone("(?:^a)"));
        assert!(!stands_alone("(?:a$)"));
        let mut pieces = BTreeMap::new();
        let origin = Origin {
            file: "t".into(),
            line: 1,
        };
        pieces.insert("n".to_string(), ("[0-9]+".to_string(), origin.clone()));
        pieces.insert("g".to_string(), ("(?P<x>a)".to_string(), origin));
        let trees = LexiconTrees::new(&Lexicons::default(), &pieces, std::iter::empty());
        let n_hole = char::from_u32(HOLE_FROM + 1).unwrap();
        let g_hole = char::from_u32(HOLE_FROM).unwrap();
        assert_eq!(
            trees.with_piece_holes("%{n}(?i:%{n})[%{n}]%{g}").unwrap(),
            format!("({n_hole})(?i:(?:[0-9]+))[(?:[0-9]+)]({g_hole})")
        );
    }

    /// A piece with captures of its own is a hole: filled, its groups
    /// are numbered again in order among the rule's, as in the tree of
    /// the whole expansion; used twice under different names, and nested.
    #[test]
    fn a_piece_with_captures_fills_in_order() {
        let origin = Origin {
            file: "t".into(),
            line: 1,
        };
        let mut pieces = BTreeMap::new();
        for (name, text) in [
            ("g", r"(?P<x>a)(b)+"),
            ("h", r"(c|(?P<z>%{k}))"),
            ("k", r"(?P<w>k)"),
        ] {
            pieces.insert(name.to_string(), (text.to_string(), origin.clone()));
        }
        let lexicons = Lexicons::default();
        let patterns = [r"(q)%{g}(?P<y>d)%{h}", r"(?i)\bx(%{h}|e)%{g}", r"%{g}|%{h}"];
        let trees = LexiconTrees::new(&lexicons, &pieces, patterns.into_iter());
        let mut full = Expander::new(&pieces, &lexicons, false);
        for pattern in patterns {
            for ci in [false, true] {
                let source = ascii_word_boundaries(&full.expand(pattern, &mut Vec::new()).unwrap());
                let by_pieces = trees.rule_tree_by_pieces(pattern, &source, ci);
                assert_eq!(by_pieces, Some(parse(&source, ci).unwrap()), "{pattern}");
            }
        }
        // A group name twice, from a piece used twice: not spliced, so the
        // whole expansion is parsed and its error is the parser's.
        let twice = r"%{g}-%{g}";
        let source = ascii_word_boundaries(&full.expand(twice, &mut Vec::new()).unwrap());
        assert!(parse(&source, false).is_err());
        assert_eq!(trees.rule_tree_by_pieces(twice, &source, false), None);
    }

    #[test]
    fn holes_under_flags_or_in_classes_are_not_safe() {
        let h = '\u{F0000}';
        assert!(holes_are_safe(&format!(
            "(?:a)(?P<x>{h})(?m:^{h})(?-u:\\b){h}"
        )));
        assert!(holes_are_safe(&format!("(?-i:[A-Z]){h}(?i)")));
        assert!(holes_are_safe(&format!("[^a]{h}[\\]]")));
        assert!(!holes_are_safe(&format!("(?i){h}")));
        assert!(!holes_are_safe(&format!("(?x: a {h})")));
        assert!(!holes_are_safe(&format!("(?:(?-i:a(?:{h})))")));
        assert!(!holes_are_safe(&format!("(?:(?-i)a){h}(?:x(?i){h})")));
        assert!(!holes_are_safe(&format!("[a{h}]")));
    }

    /// Only the lexicons a rule or a piece names are rendered as sources:
    /// a lexicon the code alone reads has none, and asking for its tree
    /// says so rather than parsing an empty pattern.
    /// A lexicon's tree built from its trie is the tree its rendered
    /// alternation parses to, for every built-in lexicon, with and
    /// without the leading boundary, case-sensitive and not; and for
    /// aliases that test the trie's corners (shared prefixes, an alias
    /// that ends where another goes on, forms in two cases, gaps, dots,
    /// apostrophes, hyphens, non-ASCII letters).
    #[test]
    fn a_lexicon_tree_from_its_trie_is_the_parsed_one() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let mut lexicons: Vec<crate::rules::Lexicon> = rules.lexicons.values().cloned().collect();
        let mut corners = crate::rules::Lexicon::new("corners");
        corners.add(
            "x",
            &[
                "ab",
                "abc",
                "Abd",
                "aBd",
                "a b",
                "a-b",
                "a.b.",
                "o'neill",
                "O\u{2019}Neill",
                "Ärzte",
                "ärzte",
                "\u{212A}g",
                "kg",
                "g",
                "5",
                "£",
                "x y z",
                "x-ray",
                "k.o",
            ]
            .map(String::from),
        );
        lexicons.push(corners);
        let mut digits = crate::rules::Lexicon::new("digits");
        digits.before_digits = true;
        digits.after_digits = true;
        digits.add("rm", &["RM".into(), "r.m.".into(), "ringgit".into()]);
        lexicons.push(digits);
        for lex in &lexicons {
            for lead in [true, false] {
                for ci in [true, false] {
                    let parsed = parse(&ascii_word_boundaries(&lex.regex(lead)), ci)
                        .expect("a lexicon parses");
                    let built = lexicon_tree(lex.trie(lead), lead, ci);
                    assert!(
                        built == parsed,
                        "lexicon `{}` (lead {lead}, case-insensitive {ci}): the tree from the trie differs",
                        lex.name
                    );
                    if ci {
                        let whole = fold::foldable(&parsed).then(|| fold::fold(&parsed));
                        assert!(
                            folded_lexicon_tree(lex.trie(lead), lead) == whole,
                            "lexicon `{}` (lead {lead}): the folded tree from the trie differs",
                            lex.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn only_named_lexicons_get_a_source() {
        let mut lexicons = Lexicons::default();
        for name in ["drug", "title"] {
            let mut l = crate::rules::Lexicon::new(name);
            l.add(name, &["alpha".into(), "beta gamma".into()]);
            lexicons.insert(name.to_string(), l);
        }
        let mut pieces = BTreeMap::new();
        let origin = Origin {
            file: "test".into(),
            line: 1,
        };
        pieces.insert("qty".to_string(), (r"\d+".to_string(), origin));
        let trees = LexiconTrees::new(&lexicons, &pieces, [r"%{qty}\s+%{drug}"].into_iter());
        let at = |n: &str| trees.names.iter().position(|x| x == n).expect("a lexicon");
        assert!(trees.tries[at("drug")].is_some());
        assert!(trees.tries[at("title")].is_none());
        assert!(trees.tree(at("drug"), true).is_ok());
        assert!(trees.tree(at("title"), true).is_err());
    }
}
