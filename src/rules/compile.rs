//! Compiling rules: a pattern's regex and the fields of its captures,
//! checked with errors that point into the rule file; lexicons and the
//! pieces the code reads as regexes of their own.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::Hir;

use super::contract::{Field, Lex, Pat};
use super::expand::{ascii_word_boundaries, Expanded, Expander, Expanders, PatternInFile, Place};
use super::fold;
use super::known_anchors;
use super::known_nfas::KnownEngine;
use super::matcher::{LexiconRegex, PatternRegex, RuleRegex};
use super::read::Draft;
use super::splice::{parse, LexiconTrees};
use super::{Kind, Origin, Rule, RuleError, RuleSet};

/// A rule's regex and, for each capture group index, the field it fills
/// (None for unnamed and `_` groups), resolved once when the rule compiles.
#[derive(Debug, Clone)]
pub(super) struct Compiled {
    pub(super) regex: RuleRegex,
    pub(super) groups: Vec<Option<Field>>,
    /// The groups of each field ([`FieldGroups`]).
    pub(super) by_field: FieldGroups,
    /// `regex` is the folded one ([`super::fold`]): it runs on
    /// ASCII-lowercased text.
    pub(super) folded: bool,
}

/// A rule's syntax tree: the pattern expanded with holes, each filled with
/// its lexicon's tree ([`LexiconTrees`]), else the whole expansion parsed.
pub(super) fn tree(rule: &Rule) -> Result<Hir, String> {
    let parts = (rule.pattern.as_str(), rule.holes.as_deref());
    tree_of(
        &rule.trees,
        parts,
        rule.hand_holes(),
        || rule.source(),
        rule.case_sensitive,
    )
}

/// [`tree`] from a rule's parts: `hand_holes` is what to look in for a
/// hole character written by hand, `source` the expanded pattern to parse
/// when the holes cannot be read (written out only then).
fn tree_of<'s>(
    trees: &LexiconTrees,
    (pattern, holes): (&str, Option<&str>),
    hand_holes: &str,
    source: impl FnOnce() -> &'s str,
    case_sensitive: bool,
) -> Result<Hir, String> {
    match holes.and_then(|h| trees.rule_tree(pattern, h, hand_holes, case_sensitive)) {
        Some(t) => Ok(t),
        None => parse(source(), !case_sensitive),
    }
}

/// The key of a rule's text in the known anchors: from its holes when its
/// expanded pattern is written out from them (`from_holes`), else from
/// the expanded pattern (`source`).
pub(super) fn anchors_key(
    trees: &LexiconTrees,
    from_holes: bool,
    source: Option<&str>,
    holes: Option<&str>,
) -> u64 {
    match (from_holes, holes) {
        (true, Some(h)) => trees.source_key(h),
        _ => known_anchors::key(source.unwrap_or(""), holes),
    }
}

/// The tree the engine runs for a rule, and whether it is folded
/// ([`super::fold`]): from the pattern with holes, each filled with its
/// lexicon's tree folded once for all rules, when it can be read that way;
/// else the whole tree, folded when it allows.
pub(super) fn engine_tree(rule: &Rule) -> Result<(Hir, bool), String> {
    let parts = (rule.pattern.as_str(), rule.holes.as_deref());
    let read = (rule.kind, rule.case_sensitive);
    engine_tree_of(&rule.trees, parts, read, rule.hand_holes(), || {
        rule.source()
    })
}

/// [`engine_tree`] from a rule's parts (see [`tree_of`]).
fn engine_tree_of<'s>(
    trees: &LexiconTrees,
    (pattern, holes): (&str, Option<&str>),
    (kind, case_sensitive): (Kind, bool),
    hand_holes: &str,
    source: impl FnOnce() -> &'s str,
) -> Result<(Hir, bool), String> {
    if kind != Kind::Line && !case_sensitive {
        if let Some(t) = holes.and_then(|h| trees.folded_rule_tree(pattern, h, hand_holes)) {
            return Ok((t, true));
        }
    }
    let t = tree_of(trees, (pattern, holes), hand_holes, source, case_sensitive)?;
    Ok(engine_form(t, kind, case_sensitive))
}

/// The tree the engine runs for a rule's tree `t`, and whether it runs on
/// folded text: folded when the tree allows ([`folds`]); for a rule with
/// a case-sensitive part, its tree widened to either case and folded
/// ([`fold::widen`]), whose matches are candidates its own regex checks
/// on the text as written ([`super::Rule::checks_case`]); else as it is.
fn engine_form(t: Hir, kind: Kind, case_sensitive: bool) -> (Hir, bool) {
    if folds(&t, kind) {
        return (fold::fold(&t), true);
    }
    if kind != Kind::Line && case_sensitive {
        let wide = fold::widen(&t);
        if fold::foldable(&wide) {
            return (fold::fold(&wide), true);
        }
    }
    (t, false)
}

/// What a rule's engine tree is built from, owned: a rule whose NFA is
/// known ([`super::known_nfas`]) builds its tree only for its full engine,
/// from these, away from the rule.
pub(super) struct TreeParts {
    trees: Arc<LexiconTrees>,
    pattern: String,
    holes: Option<String>,
    read: (Kind, bool),
    /// The expanded pattern when it was written out at load (then it is
    /// also where a hole character written by hand is looked for).
    source: Option<String>,
}

impl TreeParts {
    pub(super) fn of(rule: &Rule) -> TreeParts {
        TreeParts {
            trees: rule.trees.clone(),
            pattern: rule.pattern.clone(),
            holes: rule.holes.clone(),
            read: (rule.kind, rule.case_sensitive),
            source: (!rule.from_holes).then(|| rule.source().to_string()),
        }
    }

    /// The rule's tree as written ([`tree`]).
    fn tree(&self) -> Result<Hir, String> {
        self.read_with(|trees, parts, hand_holes, source| {
            tree_of(trees, parts, hand_holes, source, self.read.1)
        })
    }

    pub(super) fn engine_tree(&self) -> Result<Hir, String> {
        self.read_with(|trees, parts, hand_holes, source| {
            engine_tree_of(trees, parts, self.read, hand_holes, source).map(|t| t.0)
        })
    }

    /// `build` given what [`tree_of`] reads: the lexicon trees, the
    /// pattern and holes, the hand-written holes, and the expanded pattern,
    /// written out only if `build` asks for it.
    fn read_with(
        &self,
        build: impl for<'s> FnOnce(
            &'s LexiconTrees,
            (&'s str, Option<&'s str>),
            &'s str,
            &'s dyn Fn() -> &'s str,
        ) -> Result<Hir, String>,
    ) -> Result<Hir, String> {
        let holes = self.holes.as_deref();
        let written = OnceLock::new();
        let source = || match &self.source {
            Some(s) => s.as_str(),
            None => written.get_or_init(|| self.trees.expanded(holes.unwrap_or_default())),
        };
        let hand_holes = self.source.as_deref().unwrap_or("");
        build(
            &self.trees,
            (self.pattern.as_str(), holes),
            hand_holes,
            &source,
        )
    }
}

/// The regex of a rule whose engine's NFAs are known, and the fields of
/// its captures; its tree is built only for a full engine whose reverse
/// NFA is not known.
pub(super) fn build_known(rule: &Rule, known: KnownEngine) -> Result<Compiled, String> {
    let parts = TreeParts::of(rule);
    let folded = known.folded;
    let regex = RuleRegex::known(known, move || parts.engine_tree(), &rule.pattern)?;
    compiled(regex, rule.kind, folded)
}

/// A rule's own regex (its tree as written, [`tree`]) whose NFAs are
/// known: the regex a rule that checks its case finds its matches with
/// ([`super::Rule::checks_case`]).
pub(super) fn build_own_known(rule: &Rule, known: KnownEngine) -> Result<RuleRegex, String> {
    let parts = TreeParts::of(rule);
    RuleRegex::known(known, move || parts.tree(), &rule.pattern)
}

/// The regex of the tree the engine runs ([`engine_tree`]) and the fields
/// of its captures; its engine is built on first search
/// ([`RuleRegex::lazy`]).
pub(super) fn build(
    (tree, folded): (Hir, bool),
    source: &str,
    kind: Kind,
) -> Result<Compiled, String> {
    compiled(RuleRegex::lazy(tree, source)?, kind, folded)
}

/// A rule's regex with the fields of its captures.
fn compiled(regex: RuleRegex, kind: Kind, folded: bool) -> Result<Compiled, String> {
    let groups = fields_of(&regex, kind)
        .map_err(|n| format!("capture `{n}` is not a field of a {kind} fact"))?;
    Ok(Compiled {
        regex,
        by_field: FieldGroups::new(&groups),
        groups,
        folded,
    })
}

/// The capture groups that fill each field, in group order: a match
/// asks for a field by looking at its few groups, not at every group of
/// the rule (a look-up per field per match in the facts stages).
#[derive(Debug, Clone)]
pub struct FieldGroups {
    /// `groups[starts[f]..starts[f + 1]]` are field `f`'s.
    starts: [u16; Field::ALL.len() + 1],
    groups: Box<[u16]>,
}

impl FieldGroups {
    fn new(fields: &[Option<Field>]) -> FieldGroups {
        let mut per: [Vec<u16>; Field::ALL.len()] = Default::default();
        for (g, f) in fields.iter().enumerate() {
            if let Some(f) = f {
                per[*f as usize].push(g as u16);
            }
        }
        let mut starts = [0u16; Field::ALL.len() + 1];
        let mut groups = Vec::with_capacity(fields.len());
        for (k, gs) in per.iter().enumerate() {
            starts[k] = groups.len() as u16;
            groups.extend_from_slice(gs);
        }
        starts[Field::ALL.len()] = groups.len() as u16;
        FieldGroups {
            starts,
            groups: groups.into(),
        }
    }

    /// The groups that fill `field`, in group order.
    pub fn of(&self, field: Field) -> impl Iterator<Item = usize> + '_ {
        let k = field as usize;
        self.groups[usize::from(self.starts[k])..usize::from(self.starts[k + 1])]
            .iter()
            .map(|&g| usize::from(g))
    }
}

/// Whether the engine runs a rule of this tree on folded text. Line
/// rules run line by line on the page as written ([`crate::engine::lines`]).
fn folds(tree: &Hir, kind: Kind) -> bool {
    kind != Kind::Line && fold::foldable(tree)
}

/// The field of each capture group; Err names a capture that is no field
/// of this kind.
fn fields_of(regex: &RuleRegex, kind: Kind) -> Result<Vec<Option<Field>>, String> {
    regex
        .capture_names()
        .map(|name| match name {
            Some(n) if !n.starts_with('_') => Field::parse(n)
                .filter(|f| kind.fields().contains(f))
                .map(Some)
                .ok_or_else(|| n.to_string()),
            _ => Ok(None),
        })
        .collect()
}

/// The search of each lexicon the code reads ([`LexiconRegex`]), by
/// [`Lex::index`], made on first use (at load for a user's rules).
pub(super) type LexiconRegexes = std::sync::Arc<Vec<OnceLock<LexiconRegex>>>;

/// How many further sets of required literals a rule's gate checks.
const MORE_ANCHORS: usize = 2;

/// Expands a rule and finds its anchors; `eager` also builds its regex,
/// checking it with errors that point into the rule file (a user's rules).
pub(super) fn compile_rule(ex: &mut Expanders, d: Draft, eager: bool) -> Result<Rule, RuleError> {
    let file = d.origin.file.clone();
    let place = PatternInFile::new(&d.src, d.pattern_span.clone(), &d.pattern);
    let err = |r: Option<Range<usize>>, message: String| {
        RuleError::at(&file, &d.src, place.span(r), Some(d.id.clone()), message)
    };
    let compiled = OnceLock::new();
    let plain = OnceLock::new();
    // The pattern with a hole for each lexicon, filled when it is built.
    let holes = ex
        .holes
        .expand(&d.pattern, &mut Vec::new())
        .ok()
        .map(|e| ascii_word_boundaries(&e));
    // An embedded rule's expanded pattern (its lexicons' alternations
    // written out, 225 KB for all rules) is written out from its holes
    // when it is asked for, not at load.
    let from_holes = !eager
        && holes
            .as_deref()
            .is_some_and(|h| ex.trees.expands_from_holes(&d.pattern, h));
    let source = OnceLock::new();
    if eager {
        let expanded = match ex.full.expand_mapped(&d.pattern) {
            Ok(e) => e,
            Err((m, r)) => return Err(err(Some(r), m).with_label("in this pattern")),
        };
        let (c, p) = check_rule(&d, &expanded, (ex.trees, holes.as_deref()), &ex.full, &err)?;
        let _ = compiled.set(Box::new(c));
        if let Some(p) = p {
            let _ = plain.set(Box::new(p));
        }
        let _ = source.set(expanded.text);
    } else if !from_holes {
        // The same text as `expand_mapped`'s, without the map back.
        match ex.full.expand(&d.pattern, &mut Vec::new()) {
            Ok(e) => {
                let _ = source.set(ascii_word_boundaries(&e));
            }
            Err(m) => return Err(err(None, m).with_label("in this pattern")),
        }
    }
    let key = anchors_key(
        ex.trees,
        from_holes,
        source.get().map(String::as_str),
        holes.as_deref(),
    );
    let (anchors, more_anchors, (letter_free, letter_free_after)) =
        match ex.known.and_then(|k| k.get(&d.id, key)) {
            Some(known) => known,
            None => {
                // Only a rule written out from its holes has no source yet.
                let written =
                    source.get_or_init(|| ex.trees.expanded(holes.as_deref().unwrap_or_default()));
                find_anchors(ex, &d.pattern, written, holes.as_deref())
            }
        };
    Ok(Rule {
        id: d.id,
        kind: d.kind,
        pattern: d.pattern,
        source,
        from_holes,
        holes,
        trees: ex.trees.clone(),
        text_key: key,
        case_sensitive: d.case_sensitive,
        compiled,
        plain,
        priority: d.priority,
        set: d.set,
        examples: d.examples,
        counter: d.counter,
        origin: d.origin,
        needs: d.needs,
        doc: d.doc,
        anchors,
        more_anchors,
        letter_free,
        letter_free_after,
    })
}

/// A rule's anchors from its pattern with each long lexicon read as "any
/// text": a language that holds the rule's, so its required literals are
/// the rule's too, found without parsing the long alternations (nor the
/// short ones again: their trees are shared).
fn find_anchors(
    ex: &mut Expanders,
    pattern: &str,
    source: &str,
    holes: Option<&str>,
) -> known_anchors::Anchors {
    let anchor_tree = holes
        .and_then(|h| ex.trees.anchor_tree(h, source))
        .or_else(|| {
            let e = ex.stand_in.expand(pattern, &mut Vec::new()).ok()?;
            parse(&ascii_word_boundaries(&e), false).ok()
        });
    let (anchors, more) = anchor_tree.as_ref().map_or((None, Vec::new()), |h| {
        crate::rules::anchors::required_sets(h, MORE_ANCHORS)
    });
    let letter_free = holes
        .map(|h| ex.trees.letter_free(h, source))
        .unwrap_or_default();
    (anchors, more, letter_free)
}

/// Whether a rule's pattern can match the empty string (anywhere: `\b`
/// alone matches nothing in "" but something in text).
/// `min_len` is the tree's shortest match (`Properties::minimum_len`).
fn matches_empty(min_len: Option<usize>, regex: &RuleRegex) -> bool {
    min_len == Some(0) || regex.is_match("")
}

/// Builds a rule's regex and checks that it cannot match the empty string
/// and captures only fields of its kind; errors point into the rule file.
/// With a folded regex ([`super::fold`]) for the engine, the checked
/// regex comes back too, for text that cannot be folded.
fn check_rule(
    d: &Draft,
    expanded: &Expanded,
    (trees, holes): (&LexiconTrees, Option<&str>),
    ex: &Expander,
    err: &dyn Fn(Option<Range<usize>>, String) -> RuleError,
) -> Result<(Compiled, Option<RuleRegex>), RuleError> {
    let text = expanded.text.as_str();
    let built = tree_of(trees, (&d.pattern, holes), text, || text, d.case_sensitive)
        .and_then(|t| RuleRegex::from_tree(&t, &d.pattern).map(|r| (t, r)));
    let (tree, regex) = match built {
        Ok(b) => b,
        Err(e) => return Err(regex_error(d, expanded, ex, err, e)),
    };
    if matches_empty(tree.properties().minimum_len(), &regex) {
        return Err(err(None, "pattern can match the empty string".into())
            .with_label("everything here is optional: a rule must match at least one character"));
    }
    let groups = fields_of(&regex, d.kind).map_err(|n| {
        let r = [format!("(?P<{n}>"), format!("(?<{n}>")]
            .iter()
            .find_map(|g| d.pattern.find(g.as_str()).map(|i| i..i + g.len()));
        let may = if d.kind.fields().is_empty() {
            "nothing".to_string()
        } else {
            d.kind
                .fields()
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        err(
            r,
            format!("capture `{n}` is not a field of a {} fact", d.kind),
        )
        .with_label(format!("`{n}` maps to no field"))
        .with_note(format!(
            "a {} rule may capture: {may}; prefix a helper group with `_`",
            d.kind
        ))
    })?;
    let (engine, folded) = engine_form(tree, d.kind, d.case_sensitive);
    if !folded {
        let c = Compiled {
            regex,
            by_field: FieldGroups::new(&groups),
            groups,
            folded: false,
        };
        return Ok((c, None));
    }
    let folded = RuleRegex::from_tree(&engine, &expanded.text)
        .map_err(|e| regex_error(d, expanded, ex, err, e))?;
    let c = Compiled {
        regex: folded,
        by_field: FieldGroups::new(&groups),
        groups,
        folded: true,
    };
    Ok((c, Some(regex)))
}

/// A regex that does not build, as an error at its place in the rule
/// file (or inside the piece it comes from).
fn regex_error(
    d: &Draft,
    expanded: &Expanded,
    ex: &Expander,
    err: &dyn Fn(Option<Range<usize>>, String) -> RuleError,
    e: String,
) -> RuleError {
    let parsed = regex_syntax::ParserBuilder::new()
        .case_insensitive(!d.case_sensitive)
        .build()
        .parse(&expanded.text);
    let (reason, range) = match parsed {
        Err(regex_syntax::Error::Parse(p)) => (
            p.kind().to_string(),
            Some(p.span().start.offset..p.span().end.offset),
        ),
        Err(regex_syntax::Error::Translate(t)) => (
            t.kind().to_string(),
            Some(t.span().start.offset..t.span().end.offset),
        ),
        _ => (e, None),
    };
    let at = range.map_or(Place::Unknown, |r| expanded.place(&d.pattern, r));
    match at {
        Place::Pattern(r) => err(Some(r), format!("invalid regex: {reason}")).with_label(reason),
        Place::Piece(r, name) => err(Some(r), format!("invalid regex: {reason}"))
            .with_label(format!("{reason} (inside `%{{{name}}}`)"))
            .with_note(ex.where_is(&name)),
        Place::Unknown => {
            err(None, format!("invalid regex: {reason}")).with_label("in this pattern")
        }
    }
}

impl RuleSet {
    /// A piece the code reads, as a regex. Case as written: a piece that
    /// wants case-insensitive matching says (?i).
    pub(super) fn compile_piece(&self, p: Pat) -> Result<PatternRegex, String> {
        self.compile_pattern(&format!("%{{{}}}", p.name()), true)
    }

    /// The rules the engine cannot run on folded text ([`super::fold`]),
    /// each with why: for `rules check`. Builds their regexes.
    pub fn unfolded(&self) -> Vec<String> {
        self.rules
            .iter()
            .filter(|r| r.kind != Kind::Line && !r.folds())
            .map(|r| {
                format!(
                    "{}: rule `{}` runs on the text as written, not on lowercased text: part of its pattern is case-sensitive (correct, but its regex is larger, slower to build and to run)",
                    r.origin, r.id
                )
            })
            .collect()
    }

    /// Builds every regex not built yet (the embedded rules build theirs
    /// on first use), so that a rule that does not compile shows now: the
    /// first error, naming the rule and where it is.
    pub fn compile_all(&self) -> Result<(), RuleError> {
        for r in &self.rules {
            if !r.is_compiled() {
                let err = |e: String| RuleError::new(r.origin.clone(), Some(r.id.clone()), e);
                let (t, folded) = engine_tree(r).map_err(err)?;
                let min_len = t.properties().minimum_len();
                let c = build((t, folded), &r.pattern, r.kind).map_err(err)?;
                c.regex.build_now().map_err(err)?;
                if matches_empty(min_len, &c.regex) {
                    return Err(err("pattern can match the empty string".into()));
                }
                let _ = r.compiled.set(Box::new(c));
            }
        }
        for lex in Lex::ALL {
            let Some(lexicon) = self.lexicon(lex) else {
                continue;
            };
            let name = lex.name();
            let cell = &self.lexicon_regexes[lex.index()];
            if cell.get().is_none() {
                let re = LexiconRegex::of(lexicon).map_err(|e| {
                    RuleError::new(
                        Origin {
                            file: "?".into(),
                            line: 0,
                        },
                        None,
                        format!("lexicon `{name}` does not compile: {e}"),
                    )
                })?;
                let _ = cell.set(re);
            }
        }
        for (p, cell) in Pat::ALL.into_iter().zip(&self.patterns) {
            let Some(cell) = cell else {
                continue;
            };
            if cell.get().is_none() {
                let re = self.compile_piece(p).map_err(|e| {
                    let origin = self.pieces[p.name()].1.clone();
                    RuleError::new(origin, None, format!("piece `{p}` does not compile: {e}"))
                })?;
                let _ = cell.set(re);
            }
        }
        Ok(())
    }

    /// Expands `%{piece}` references in a pattern the way rules are compiled,
    /// for modules that build regexes from pieces (dates, quotes).
    pub fn compile_pattern(
        &self,
        pattern: &str,
        case_sensitive: bool,
    ) -> Result<PatternRegex, String> {
        PatternRegex::new(&self.pattern_source(pattern)?, !case_sensitive)
    }

    /// A pattern with its pieces and lexicons expanded and `\b` made
    /// ASCII: what [`Self::compile_pattern`] builds.
    pub(super) fn pattern_source(&self, pattern: &str) -> Result<String, String> {
        let mut ex = Expander::new(&self.pieces, &self.lexicons, false);
        let expanded = ex.expand(pattern, &mut Vec::new())?;
        Ok(ascii_word_boundaries(&expanded))
    }
}
