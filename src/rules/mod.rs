//! The rules folder: loading, merging and compiling rule files.
//!
//! Every `*.toml` file under a rules folder may hold three tables:
//!
//! * `[pieces]`: named regex fragments (`num = '''\d+'''`) that patterns
//!   use as `%{num}`, in the spirit of grok patterns;
//! * `[lexicons.NAME]`: a canonical value with its aliases
//!   (`cannabis = ["marijuana", "weed"]`); each lexicon is also a piece,
//!   compiled into one alternation with the longest alias first;
//! * `[[rules]]`: an `id`, a `kind`, a `pattern` with named captures, and
//!   `examples` the test suite checks.
//!
//! Files are read in path order. A user's folder (`--rules DIR`) is read
//! after the built-in files and extends them: a rule with an existing id
//! replaces it, `enabled = false` turns it off, lexicon aliases are added,
//! a piece with an existing name replaces it.
//!
//! This module holds what a loaded set is ([`Kind`], [`Rule`], [`RuleSet`]);
//! `read` turns files into drafts, `load` layers and compiles them (with
//! `expand`, `lexicon` and `compile`), `error` says where a file is wrong.

pub mod anchors;
mod compile;
pub use compile::FieldGroups;
mod backtrack;
pub(crate) mod codec;
pub mod contract;
pub mod diagnostics;
mod error;
mod expand;
pub mod families;
pub mod fold;
#[cfg(test)]
mod fused_branches;
pub mod gate;
mod known_anchors;
mod known_docs;
mod known_gate;
mod known_nfas;
mod known_trees;
mod known_walks;
mod lexicon;
mod lexicon_walk;
mod literal_dfa;
pub mod literal_scan;
mod load;
pub mod matcher;
#[cfg(test)]
mod merged_states;
mod preceding;
pub mod settings;

mod read;
mod rule_engine;
#[cfg(test)]
mod shared_looks;
mod splice;
#[cfg(test)]
mod tests;

pub use error::{ErrorSnippet, Origin, RuleError};
pub use expand::ascii_word_boundaries;
pub use lexicon::{lookup_key, FxHashMap, FxHashSet, FxHasher, Lexicon, Lexicons};
pub use load::{builtin_files, export, read_dir};

/// The forward NFA the rules' engine compiles for a tree, for the tests
/// outside this module ([`crate::testing::compiled_nfa`]).
#[cfg(test)]
pub(crate) fn compile_for_tests(
    hir: &regex_syntax::hir::Hir,
) -> regex_automata::nfa::thompson::NFA {
    rule_engine::compile(hir, false).expect("compiles")
}

use crate::rules::contract::{Field, Lex, Pat};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use compile::{build, Compiled, LexiconRegexes};
use matcher::{LexiconRegex, PatternRegex, RuleRegex};

/// What a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Seizure,
    Money,
    Count,
    Date,
    /// Marks text where facts of other kinds must not come from
    /// (legal thresholds in a charge, phone numbers).
    Exclude,
    /// Classifies lines of the page before matching ([`crate::engine::lines`]):
    /// `set = { class = ... }` names the class (furniture, stamp, byline,
    /// headline, list); no rule of another kind runs on what it sets aside.
    Line,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "seizure" => Kind::Seizure,
            "money" => Kind::Money,
            "count" => Kind::Count,
            "date" => Kind::Date,
            "exclude" => Kind::Exclude,
            "line" => Kind::Line,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Seizure => "seizure",
            Kind::Money => "money",
            Kind::Count => "count",
            Kind::Date => "date",
            Kind::Exclude => "exclude",
            Kind::Line => "line",
        }
    }

    /// The capture names a pattern of this kind may use, so a typo in a
    /// capture name is an error at load time rather than a silent miss.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Seizure => &[Qty, Unit, Drug, Approx, Ref, Qty2, Unit2, Drug2, Veto, Lead],
            Kind::Money => &[Amount, Mult, Cur, Cur2, Approx, Amount2, Mult2, Veto],
            Kind::Count => &[Count, Count2, What, Veto, Lead],
            Kind::Date => &[
                Day, Month, Year, Weekday, Day2, Month2, Year2, Rel, Iso, Num, Time,
            ],
            Kind::Exclude => &[],
            Kind::Line => &[Aside],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An example a rule must turn into a fact (`expect`), or text it must
/// leave alone (`counter`).
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub expect: BTreeMap<String, toml::Value>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: Kind,
    pub pattern: String,
    /// The pattern with its pieces and lexicons expanded and `\b` made
    /// ASCII ([`Self::source`]); for an embedded rule, written out from
    /// `holes` at its first use.
    source: OnceLock<String>,
    /// Whether `source` is written out from `holes` (then no character a
    /// hole is written with can be in it: see
    /// [`splice::LexiconTrees::expands_from_holes`]).
    from_holes: bool,
    /// The pattern expanded with a hole for each lexicon
    /// ([`splice::LexiconTrees`]); `None` when it must be parsed whole.
    holes: Option<String>,
    /// The lexicons' parsed trees, shared by every rule of the set.
    trees: std::sync::Arc<splice::LexiconTrees>,
    /// The key of the rule's text ([`compile::anchors_key`]).
    text_key: u64,
    pub case_sensitive: bool,
    /// The regex and its fields, built on first use for the embedded rules
    /// (start-up would otherwise be nearly all regex compiling) and at load
    /// for a user's rules, so that their errors show before any input.
    /// Boxed, as is `plain`: most rules of a run are never built, and with
    /// both inline every rule was 2.6 KB (about 370 bytes now).
    compiled: OnceLock<Box<Compiled>>,
    /// The regex for the text as it is, when the engine's regex is folded
    /// ([`fold`]): built only for a text that cannot be folded, and for
    /// tools that search unfolded text.
    plain: OnceLock<Box<RuleRegex>>,
    pub priority: i32,
    /// Constants and switches for every fact of this rule (`what =
    /// "arrests"`, `split = "yes"`), read and checked at load.
    pub set: settings::Settings,
    pub examples: Vec<Example>,
    pub counter: Vec<String>,
    pub origin: Origin,
    /// What a sentence must contain for this rule to match in it (see
    /// [`crate::rules::gate`]): any one entry; `a+b` needs both. Empty: no gate.
    pub needs: Vec<String>,
    /// Literals one of which every match contains ([`crate::rules::anchors`]),
    /// found here because rules compile in parallel.
    pub anchors: Option<Vec<String>>,
    /// Further sets of required literals ([`anchors::required_sets`]): a
    /// match holds one of each set too.
    pub more_anchors: Vec<Vec<String>>,
    /// The lexicons the pattern never puts an ASCII letter or `_` right
    /// before ([`preceding`]): the gate may count their aliases only there.
    pub letter_free: Vec<String>,
    /// The lexicons it never puts one right after.
    pub letter_free_after: Vec<String>,
    /// What the rule is for, in a sentence (`doc` in the rule file), shown
    /// by `rules list` and `explain`.
    pub doc: Option<String>,
}

impl Rule {
    /// The rule's regex for the text as it is (compiled now if this is its
    /// first use).
    pub fn regex(&self) -> &RuleRegex {
        let c = self.compiled();
        if !c.folded {
            return &c.regex;
        }
        self.plain.get_or_init(|| {
            // A rule that checks its case runs this regex too: its NFAs
            // are kept (building its tree was most of a sentence's run).
            let known = self
                .case_sensitive
                .then(|| known_nfas::lookup(known_nfas::own_key(self.engine_key())))
                .flatten();
            let built = match known {
                Some(known) => compile::build_own_known(self, known),
                None => self.tree().and_then(|t| RuleRegex::lazy(t, &self.pattern)),
            };
            built.map(Box::new).unwrap_or_else(|e| {
                panic!("rule `{}` ({}) does not compile: {e}", self.id, self.origin)
            })
        })
    }

    /// The regex the engine runs on folded text ([`fold::fold_text`]), when
    /// the rule folds.
    pub fn folded_regex(&self) -> Option<&RuleRegex> {
        let c = self.compiled();
        c.folded.then_some(&c.regex)
    }

    /// Whether the engine's matches on folded text are candidates only: the
    /// rule has a case-sensitive part, so its folded regex reads each
    /// letter in either case ([`fold::widen`]), and its own regex
    /// ([`Self::regex`]) finds each match on the text as written, from
    /// where a candidate starts.
    pub fn checks_case(&self) -> bool {
        self.case_sensitive && self.kind != Kind::Line && self.folds()
    }

    /// The regex the engine runs on most texts: the folded one when the
    /// rule folds, else the regex for the text as it is.
    pub fn engine_regex(&self) -> &RuleRegex {
        &self.compiled().regex
    }

    /// The tree the engine's regex is built from, and whether it is folded
    /// (for the profiling examples).
    #[doc(hidden)]
    pub fn engine_tree(&self) -> Result<(regex_syntax::hir::Hir, bool), String> {
        compile::engine_tree(self)
    }

    /// [`Self::engine_regex`], if built yet.
    pub fn engine_regex_if_built(&self) -> Option<&RuleRegex> {
        self.compiled.get().map(|c| &c.regex)
    }

    /// Whether the engine runs the rule on folded text ([`fold`]); `false`
    /// for a rule with a case-sensitive part.
    pub fn folds(&self) -> bool {
        self.compiled().folded
    }

    /// The pattern with its pieces and lexicons expanded and `\b` made
    /// ASCII: the text the rule's regex means (its tree is built from the
    /// parts, [`splice`]). Written out now if it was not at load.
    pub fn source(&self) -> &str {
        self.source.get_or_init(|| match self.holes.as_deref() {
            Some(holes) => self.trees.expanded(holes),
            None => unreachable!("a rule without holes has its source from load"),
        })
    }

    /// What the tree builders look in for a hole character written by
    /// hand: nothing for a source written out from holes (it has none).
    fn hand_holes(&self) -> &str {
        if self.from_holes {
            ""
        } else {
            self.source()
        }
    }

    /// The key of the rule's engine in the known NFAs ([`known_nfas`]): of
    /// what its tree follows from (its text, case and kind), under which
    /// facts read off the tree are kept too ([`crate::engine::line_gate`]'s
    /// checks).
    pub(crate) fn engine_key(&self) -> u64 {
        known_nfas::key(
            self.text_key,
            &self.pattern,
            self.case_sensitive,
            self.kind == Kind::Line,
        )
    }

    /// The key of the rule's text in the known anchors ([`known_anchors`]).
    #[cfg(test)]
    fn anchor_key(&self) -> u64 {
        compile::anchors_key(
            &self.trees,
            self.from_holes,
            self.source.get().map(String::as_str),
            self.holes.as_deref(),
        )
    }

    /// The index of the capture group called `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.compiled().regex.group_index(name)
    }

    /// The rule's syntax tree, each lexicon's parsed once for all rules:
    /// the tree its fully expanded pattern parses to (with the rule's case).
    pub(crate) fn tree(&self) -> Result<regex_syntax::hir::Hir, String> {
        compile::tree(self)
    }

    /// [`Self::tree`] for a line rule, whose engine runs it unfolded:
    /// shared with the rule's regex while that still holds it (until its
    /// full engine is built), so the line gate does not parse it again.
    pub(crate) fn line_tree(&self) -> Result<std::sync::Arc<regex_syntax::hir::Hir>, String> {
        if self.kind == Kind::Line {
            let c = self.compiled();
            if let Some(t) = c.regex.tree().filter(|_| !c.folded) {
                return Ok(t);
            }
        }
        self.tree().map(std::sync::Arc::new)
    }

    /// For each capture group index, the field it fills.
    pub fn groups(&self) -> &[Option<Field>] {
        &self.compiled().groups
    }

    /// The capture groups of each field.
    pub fn field_groups(&self) -> &FieldGroups {
        &self.compiled().by_field
    }

    /// Whether the regex is built yet (it is, for a user's rules).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let built = match known_nfas::lookup(self.engine_key()) {
                Some(known) => compile::build_known(self, known),
                None => compile::engine_tree(self)
                    .and_then(|(t, folded)| build((t, folded), &self.pattern, self.kind)),
            };
            let built = built.map(Box::new);
            built.unwrap_or_else(|e| {
                // Only the embedded rules compile lazily, and the test
                // suite compiles every one of them (`RuleSet::compile_all`).
                panic!("rule `{}` ({}) does not compile: {e}", self.id, self.origin)
            })
        })
    }
}

/// A rule id that a code stage (quotes, officials) gives its facts,
/// declared with its doc in a rule file so that `rules list` and `explain`
/// can show it.
#[derive(Debug, Clone)]
pub struct CodeRule {
    pub id: String,
    pub doc: String,
    pub origin: Origin,
}

/// A loaded, compiled set of rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub lexicons: Lexicons,
    pub pieces: BTreeMap<String, (String, Origin)>,
    /// Non-fatal findings from loading (unused pieces, alias clashes, ...).
    pub warnings: Vec<String>,
    /// Each lexicon compiled on its own, case-insensitive, for lookups
    /// outside rules (places, cue words, the drug named earlier).
    lexicon_regexes: LexiconRegexes,
    /// The pieces the code reads ([`Pat`]), compiled on first use (at load
    /// for a user's rules).
    /// By [`Pat::index`]; `None` where the set lacks the piece.
    patterns: Vec<Option<OnceLock<PatternRegex>>>,
    /// Rule ids of the code stages (`[code_rules]`): id, doc, where.
    pub code_rules: Vec<CodeRule>,
    /// Which sentences each rule can match in, found in one pass (rules' `needs`).
    pub gate: crate::rules::gate::Gate,
    /// Rules searched together first ([`families`]), found on first use.
    families: families::Families,
    /// The bytes a batch expects to read in all ([`RuleSet::expect_input`]).
    expected: ExpectedBytes,
    /// Which line rules can match a line, built on first use
    /// ([`crate::engine::line_gate`]).
    pub line_gate: OnceLock<crate::engine::line_gate::LineGate>,
    /// The search for money-role cues: `money_role` without its hedges
    /// ([`RuleSet::money_cue_search`]), made once.
    money_cues: OnceLock<Option<LexiconRegex>>,
    /// Rules run on ASCII-lowercased text where they can ([`fold`]); off
    /// with `BLOTTER_NO_FOLD=1` (the matches are the same).
    pub folding: bool,
    /// A batch's rules of a family read their runs together first
    /// ([`families`]), once the batches have met this many bytes of text in
    /// the process ([`families::FAMILY_AFTER`]); `usize::MAX` (with
    /// `BLOTTER_NO_FAMILIES=1`) never (the matches are the same).
    pub family_after: usize,
}

/// The bytes of text a batch expects to read in all, 0 when unknown: a
/// hint for the choice of each rule's engine, never for what it finds.
#[derive(Debug, Default)]
pub(crate) struct ExpectedBytes(std::sync::atomic::AtomicUsize);

impl Clone for ExpectedBytes {
    fn clone(&self) -> ExpectedBytes {
        ExpectedBytes(self.get().into())
    }
}

impl ExpectedBytes {
    fn get(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl RuleSet {
    /// Tells the rules how many bytes of text the batch about to run will
    /// read in all (at least; 0 when unknown). Each rule picks its engine
    /// by the text it will search ([`RuleRegex::prepare`]): the light one
    /// for a small batch, which spares building and learning the full one,
    /// and the full one from the first article of a larger batch, which
    /// would otherwise search its first chunks with the light engine only
    /// to build the full one after all. The matches are the same.
    pub fn expect_input(&self, bytes: usize) {
        self.expected
            .0
            .store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    /// The bytes a run over `text_bytes` of text builds its engines for:
    /// those, or the batch's, when more.
    pub(crate) fn engine_bytes(&self, text_bytes: usize) -> usize {
        text_bytes.max(self.expected.get())
    }

    /// The doc of a rule id, whether a pattern rule's or a code stage's.
    pub fn doc_of(&self, id: &str) -> Option<&str> {
        self.rules
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.doc.as_deref())
            .or_else(|| {
                self.code_rules
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.doc.as_str())
            })
    }

    /// A pattern the code reads, compiled from its piece.
    pub fn pattern(&self, p: Pat) -> Option<&PatternRegex> {
        let cell = self.patterns.get(p.index())?.as_ref()?;
        Some(cell.get_or_init(|| {
            let re = self
                .compile_piece(p)
                .unwrap_or_else(|e| panic!("piece `{p}` does not compile: {e}"));
            // A large batch searches with the full engine from the start.
            re.prepare(self.engine_bytes(0));
            re
        }))
    }

    /// The patterns of [`Pat::ALL`] this set lacks.
    pub fn missing_patterns(&self) -> Vec<Pat> {
        Pat::ALL
            .into_iter()
            .filter(|p| self.patterns.get(p.index()).is_none_or(Option::is_none))
            .collect()
    }

    /// A lexicon by name.
    pub fn lexicon(&self, lex: Lex) -> Option<&Lexicon> {
        self.lexicons.get(lex.name())
    }

    /// A lexicon by the name a rule file gives it.
    pub fn lexicon_named(&self, name: &str) -> Option<&Lexicon> {
        self.lexicons.get(name)
    }

    /// The lexicons of [`Lex::ALL`] this set lacks.
    pub fn missing_lexicons(&self) -> Vec<Lex> {
        Lex::ALL
            .into_iter()
            .filter(|l| !self.lexicons.contains_key(l.name()))
            .collect()
    }

    /// Builds the regexes of the lexicons the facts stages search
    /// ([`Lex::SEARCHED`]), for a run long enough to need them.
    pub fn prebuild_lexicon_regexes(&self) {
        for l in Lex::SEARCHED {
            let search = match l {
                Lex::MoneyRole => self.money_cue_search(),
                l => self.lexicon_regex(l),
            };
            if let Some(search) = search {
                search.prebuild();
            }
        }
    }

    /// The search the money roles read their cues with: the `money_role`
    /// lexicon without its `hedge` entry ([`Lexicon::without`]), when that
    /// finds the same cues. Hedges are only looked up in the gap between a
    /// cue and its amount; as search hits they were most of the matches
    /// ("to", "the", "in", "a"), each a search of its own.
    pub fn money_cue_search(&self) -> Option<&LexiconRegex> {
        let lexicon = self.lexicon(Lex::MoneyRole)?;
        let cues = self.money_cues.get_or_init(|| {
            let rest = lexicon.without(contract::MONEY_HEDGE)?;
            LexiconRegex::of(&rest).ok()
        });
        cues.as_ref().or_else(|| self.lexicon_regex(Lex::MoneyRole))
    }

    /// A lexicon's search ([`LexiconRegex`]), made once.
    pub fn lexicon_regex(&self, lex: Lex) -> Option<&LexiconRegex> {
        let cell = self.lexicon_regexes.get(lex.index())?;
        if let Some(search) = cell.get() {
            return Some(search);
        }
        let lexicon = self.lexicon(lex)?;
        Some(cell.get_or_init(|| {
            LexiconRegex::of(lexicon)
                .unwrap_or_else(|e| panic!("lexicon `{lex}` does not compile: {e}"))
        }))
    }
}
