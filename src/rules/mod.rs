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

pub mod anchors;
pub mod contract;
pub mod diagnostics;
pub mod gate;

use crate::rules::contract::{Field, Lex, Pat};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

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
            Kind::Seizure => &[Qty, Unit, Drug, Approx, Ref, Qty2, Unit2, Drug2, Veto],
            Kind::Money => &[Amount, Mult, Cur, Cur2, Approx, Amount2, Mult2, Veto],
            Kind::Count => &[Count, Count2, What, Veto],
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

/// Where something was defined: file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A rule file that could not be loaded: where, which rule, and why.
///
/// `Display` gives one line (`file:line:column: rule `id`: reason`);
/// [`crate::rules::diagnostics::render`] shows the offending text underlined.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub origin: Origin,
    /// 1-based column (in characters) of the offending text; 0 when unknown.
    pub column: usize,
    pub rule: Option<String>,
    /// The reason, in plain words.
    pub message: String,
    /// The offending text, to show it underlined.
    pub snippet: Option<Box<ErrorSnippet>>,
    /// Further facts (where a clashing definition is, where a piece is).
    pub notes: Vec<String>,
}

/// The text a [`RuleError`] is about.
#[derive(Debug, Clone)]
pub struct ErrorSnippet {
    /// The whole rule file.
    pub text: Arc<str>,
    /// The byte range of the offending text in it.
    pub span: Range<usize>,
    /// A few words shown under the underlined text.
    pub label: Option<String>,
}

impl RuleError {
    /// An error known only by file and line.
    pub fn new(origin: Origin, rule: Option<String>, message: impl Into<String>) -> RuleError {
        RuleError {
            origin,
            column: 0,
            rule,
            message: message.into(),
            snippet: None,
            notes: Vec::new(),
        }
    }

    /// An error at a byte range of a file: line and column come from it.
    pub fn at(
        file: &str,
        text: &Arc<str>,
        span: Range<usize>,
        rule: Option<String>,
        message: impl Into<String>,
    ) -> RuleError {
        let start = crate::text::floor_char(text, span.start.min(text.len()));
        let end = crate::text::floor_char(text, span.end.clamp(start, text.len()));
        let (line, column) = line_col(text, start);
        RuleError {
            origin: Origin {
                file: file.to_string(),
                line,
            },
            column,
            rule,
            message: message.into(),
            snippet: Some(Box::new(ErrorSnippet {
                text: text.clone(),
                span: start..end,
                label: None,
            })),
            notes: Vec::new(),
        }
    }

    /// Words under the underlined text (none when there is no text to show).
    pub fn with_label(mut self, label: impl Into<String>) -> RuleError {
        if let Some(s) = &mut self.snippet {
            s.label = Some(label.into());
        }
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> RuleError {
        self.notes.push(note.into());
        self
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if self.column > 0 {
            write!(f, ":{}", self.column)?;
        }
        if let Some(id) = &self.rule {
            write!(f, ": rule `{id}`")?;
        }
        write!(f, ": {}", self.message)?;
        for n in &self.notes {
            write!(f, " ({n})")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..crate::text::floor_char(text, offset.min(text.len()))];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl std::error::Error for RuleError {}

/// A canonical value with its aliases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    /// (canonical, aliases) in definition order; the canonical name is an
    /// alias of itself.
    pub entries: Vec<(String, Vec<String>)>,
    /// Aliases may follow a digit directly ("460.5g"): no word boundary is
    /// required before them when the lexicon is used as a piece.
    pub after_digits: bool,
    /// Digits may follow the aliases directly ("RM26.1 million",
    /// "Ksh900,000"): no word boundary is required after them.
    pub before_digits: bool,
    map: HashMap<String, String>,
    /// [`Lexicon::regex`] with and without the leading boundary, built
    /// once (every rule that names the lexicon expands it).
    regex_cache: [once_cell::sync::OnceCell<String>; 2],
}

/// Lower case with runs of whitespace, hyphens and dots squeezed, so
/// "Crystal  Meth", "crystal-meth" and "crystal meth" look up alike.
pub fn lookup_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lookup_key_into(s, &mut out);
    out
}

/// [`lookup_key`] into a buffer (cleared first), for lookups in hot loops.
fn lookup_key_into(s: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        for l in c.to_lowercase() {
            out.push(match l {
                '\u{2019}' | '\u{2018}' => '\'',
                other => other,
            });
        }
    }
}

impl Lexicon {
    fn new(name: &str) -> Lexicon {
        Lexicon {
            name: name.to_string(),
            entries: Vec::new(),
            after_digits: false,
            before_digits: false,
            map: HashMap::new(),
            regex_cache: Default::default(),
        }
    }

    fn add(&mut self, canonical: &str, aliases: &[String]) {
        let idx = match self.entries.iter().position(|(c, _)| c == canonical) {
            Some(i) => i,
            None => {
                self.entries
                    .push((canonical.to_string(), vec![canonical.to_string()]));
                self.entries.len() - 1
            }
        };
        for a in aliases {
            if !self.entries[idx].1.iter().any(|x| x == a) {
                self.entries[idx].1.push(a.clone());
            }
        }
        self.regex_cache = Default::default();
        self.rebuild_map();
    }

    fn rebuild_map(&mut self) {
        self.map.clear();
        // Earlier entries win when two canonical names claim one alias;
        // `blotter rules check` reports such clashes.
        for (canonical, aliases) in &self.entries {
            for a in aliases {
                self.map
                    .entry(lookup_key(a))
                    .or_insert_with(|| canonical.clone());
            }
        }
    }

    /// The canonical value for an alias as found in text.
    pub fn canonical(&self, alias: &str) -> Option<&str> {
        thread_local! {
            // Resolve looks up every matched alias: no allocation per look-up.
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with(|k| {
            let mut k = k.borrow_mut();
            lookup_key_into(alias, &mut k);
            self.map.get(k.as_str()).map(String::as_str)
        })
    }

    /// Aliases claimed by more than one canonical name.
    pub fn clashes(&self) -> Vec<(String, String, String)> {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut out = Vec::new();
        for (canonical, aliases) in &self.entries {
            for a in aliases {
                let k = lookup_key(a);
                match seen.get(&k) {
                    Some(first) if *first != canonical => {
                        out.push((a.clone(), first.to_string(), canonical.clone()))
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(k, canonical);
                    }
                }
            }
        }
        out
    }

    /// One alternation of every alias, longest first; spaces match any run
    /// of whitespace and a hyphen is optional. An alias ending in a word
    /// character must end at an ASCII word boundary; with `lead`, one
    /// starting with a word character must also start at one (lexicons
    /// with `after_digits`, such as units, go without it: "460.5g").
    pub fn regex(&self, lead: bool) -> String {
        self.regex_cache[usize::from(lead)]
            .get_or_init(|| self.build_regex(lead))
            .clone()
    }

    /// Every alias once, longest first (then in byte order): the order
    /// the lexicon's regex tries them in.
    fn aliases_longest_first(&self) -> Vec<&str> {
        let mut aliases: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|(_, a)| a.iter().map(String::as_str))
            .collect();
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        aliases.dedup();
        aliases
    }

    fn build_regex(&self, lead: bool) -> String {
        let aliases = self.aliases_longest_first();
        // As a trie of the aliases' tokens, in the same order: the regex
        // matches exactly what the flat alternation matches, but the
        // backtracker that fills a rule's captures tries one branch per
        // letter instead of every alias in turn (5x fewer steps on the
        // drug lexicon).
        let mut trie = Trie::default();
        for a in &aliases {
            trie.insert(&alias_tokens(a, lead, !self.before_digits));
        }
        let mut out = String::from("(?:");
        trie.render(&mut out);
        out.push(')');
        out
    }
}

/// Aliases as a trie of regex tokens, tried in the same order as the flat
/// alternation (longest alias first): an alias joins an existing branch
/// only when every branch after it starts with a literal character other
/// than its own (no text can match both, so their order cannot matter);
/// otherwise it starts a branch of its own at the end. An alias that
/// ends where others go on is tried after them. Tokens that differ only
/// in case share a node, written as a class of both cases, so that a
/// case-sensitive rule matches what it did.
#[derive(Default)]
struct Trie {
    children: Vec<Branch>,
    end: bool,
}

struct Branch {
    /// The token lowercased: what branches are joined by.
    key: String,
    /// The token is one literal character.
    plain: bool,
    /// The token as each alias wrote it.
    forms: Vec<String>,
    sub: Trie,
}

impl Trie {
    fn insert(&mut self, tokens: &[(String, bool)]) {
        let Some(((first, plain), rest)) = tokens.split_first() else {
            self.end = true;
            return;
        };
        let key = first.to_lowercase();
        let joinable = self
            .children
            .iter()
            .rposition(|c| c.key == key)
            .filter(|&i| *plain && self.children[i + 1..].iter().all(|c| c.plain));
        let i = match joinable {
            Some(i) => i,
            None => {
                self.children.push(Branch {
                    key,
                    plain: *plain,
                    forms: Vec::new(),
                    sub: Trie::default(),
                });
                self.children.len() - 1
            }
        };
        let child = &mut self.children[i];
        if !child.forms.contains(first) {
            child.forms.push(first.clone());
        }
        child.sub.insert(rest);
    }

    fn render(&self, out: &mut String) {
        let wrap = self.children.len() > 1 || (self.end && !self.children.is_empty());
        if wrap {
            out.push_str("(?:");
        }
        for (i, b) in self.children.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            match b.forms.as_slice() {
                [one] => out.push_str(one),
                // Single letters in other cases.
                many => {
                    out.push('[');
                    many.iter().for_each(|f| out.push_str(f));
                    out.push(']');
                }
            }
            b.sub.render(out);
        }
        if wrap {
            out.push(')');
            if self.end {
                out.push('?');
            }
        }
    }
}

/// An alias as regex tokens, each flagged when it is one literal
/// character: each matches one character of the alias (or the gap a
/// space, hyphen, dot or apostrophe stands for), with word boundaries at
/// the ends.
fn alias_tokens(alias: &str, boundary_before: bool, boundary_after: bool) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let t = alias.trim();
    if boundary_before && word(t.chars().next()) {
        out.push((r"(?-u:\b)".to_string(), false));
    }
    let mut gap = false;
    for c in t.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            out.push((r"[\s-]+".to_string(), false));
            gap = false;
        }
        out.push(match c {
            '-' => (r"[\s-]?".to_string(), false),
            '\'' | '\u{2019}' => ("['\u{2019}]".to_string(), false),
            '.' => (r"\.?".to_string(), false),
            _ => (regex::escape(&c.to_string()), true),
        });
    }
    if boundary_after && word(t.chars().last()) {
        out.push((r"(?-u:\b)".to_string(), false));
    }
    out
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
    /// ASCII: the source of the rule's regex.
    pub source: String,
    pub case_sensitive: bool,
    /// The regex and its fields, built on first use for the embedded rules
    /// (start-up would otherwise be nearly all regex compiling) and at load
    /// for a user's rules, so that their errors show before any input.
    compiled: OnceLock<Compiled>,
    pub priority: i32,
    /// Constant fields given to every fact of this rule (`what = "arrests"`).
    pub set: BTreeMap<String, String>,
    pub examples: Vec<Example>,
    pub counter: Vec<String>,
    pub origin: Origin,
    /// What a sentence must contain for this rule to match in it (see
    /// [`crate::rules::gate`]): any one entry; `a+b` needs both. Empty: no gate.
    pub needs: Vec<String>,
    /// Literals one of which every match contains ([`crate::rules::anchors`]),
    /// found here because rules compile in parallel.
    pub anchors: Option<Vec<String>>,
    /// What the rule is for, in a sentence (`doc` in the rule file), shown
    /// by `rules list` and `explain`.
    pub doc: Option<String>,
}

/// A rule's regex and, for each capture group index, the field it fills
/// (None for unnamed and `_` groups), resolved once when the rule compiles.
#[derive(Debug, Clone)]
struct Compiled {
    regex: Regex,
    groups: Vec<Option<Field>>,
}

impl Rule {
    /// The rule's regex (compiled now if this is its first use).
    pub fn regex(&self) -> &Regex {
        &self.compiled().regex
    }

    /// For each capture group index, the field it fills.
    pub fn groups(&self) -> &[Option<Field>] {
        &self.compiled().groups
    }

    /// Whether the regex is built yet (it is, for a user's rules).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            build(&self.source, self.case_sensitive, self.kind).unwrap_or_else(|e| {
                // Only the embedded rules compile lazily, and the test
                // suite compiles every one of them (`RuleSet::compile_all`).
                panic!("rule `{}` ({}) does not compile: {e}", self.id, self.origin)
            })
        })
    }
}

/// The regex of an expanded pattern and the fields of its captures.
fn build(source: &str, case_sensitive: bool, kind: Kind) -> Result<Compiled, String> {
    let regex = regex_builder(source, case_sensitive)
        .build()
        .map_err(|e| e.to_string())?;
    let groups = fields_of(&regex, kind)
        .map_err(|n| format!("capture `{n}` is not a field of a {kind} fact"))?;
    Ok(Compiled { regex, groups })
}

fn regex_builder(source: &str, case_sensitive: bool) -> RegexBuilder {
    let mut b = RegexBuilder::new(source);
    b.case_insensitive(!case_sensitive)
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20);
    b
}

/// The field of each capture group; Err names a capture that is no field
/// of this kind.
fn fields_of(regex: &Regex, kind: Kind) -> Result<Vec<Option<Field>>, String> {
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

/// Each lexicon's own regex, compiled on first use (at load for a user's
/// rules).
type LexiconRegexes = HashMap<String, OnceLock<Regex>>;

fn lexicon_builder(lex: &Lexicon) -> RegexBuilder {
    let mut b = RegexBuilder::new(&lex.regex(true));
    b.case_insensitive(true).size_limit(64 << 20);
    b
}

/// One worker's compiled rules (in order) and the pieces they used.
type ChunkResult = (Vec<Result<Rule, RuleError>>, HashSet<String>);

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
    pub lexicons: HashMap<String, Lexicon>,
    pub pieces: BTreeMap<String, (String, Origin)>,
    /// Non-fatal findings from loading (unused pieces, alias clashes, ...).
    pub warnings: Vec<String>,
    /// Each lexicon compiled on its own, case-insensitive, for lookups
    /// outside rules (places, cue words, the drug named earlier).
    lexicon_regexes: LexiconRegexes,
    /// The pieces the code reads ([`Pat`]), compiled on first use (at load
    /// for a user's rules).
    patterns: HashMap<Pat, OnceLock<Regex>>,
    /// Rule ids of the code stages (`[code_rules]`): id, doc, where.
    pub code_rules: Vec<CodeRule>,
    /// Which sentences each rule can match in, found in one pass (rules' `needs`).
    pub gate: crate::rules::gate::Gate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    pieces: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    lexicons: BTreeMap<String, BTreeMap<String, Spanned<Vec<String>>>>,
    #[serde(default)]
    lexicon_options: BTreeMap<String, LexiconOptions>,
    #[serde(default)]
    rules: Vec<Spanned<RuleDoc>>,
    /// Ids of facts made by code stages (quotes, officials), with their doc.
    #[serde(default)]
    code_rules: BTreeMap<String, Spanned<String>>,
}

/// `[lexicon_options.NAME]`: how a lexicon behaves as a piece.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconOptions {
    /// Aliases may follow a digit directly, as units do ("460.5g").
    #[serde(default)]
    after_digits: bool,
    /// Digits may follow the aliases directly, as currency signs do ("RM26").
    #[serde(default)]
    before_digits: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    id: Spanned<String>,
    kind: Option<Spanned<String>>,
    pattern: Option<Spanned<String>>,
    #[serde(default)]
    priority: i32,
    #[serde(default)]
    case_sensitive: bool,
    enabled: Option<bool>,
    #[serde(default)]
    set: BTreeMap<String, String>,
    #[serde(default)]
    examples: Vec<ExampleDoc>,
    #[serde(default)]
    counter: Vec<String>,
    #[serde(default)]
    doc: Option<String>,
    #[serde(default)]
    needs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleDoc {
    text: String,
    #[serde(default)]
    expect: BTreeMap<String, toml::Value>,
}

/// A rule as read, before its pattern is compiled.
struct Draft {
    id: String,
    kind: Kind,
    pattern: String,
    priority: i32,
    case_sensitive: bool,
    set: BTreeMap<String, String>,
    examples: Vec<Example>,
    counter: Vec<String>,
    origin: Origin,
    /// The file's text and where the pattern's TOML string is in it, for
    /// errors inside the pattern.
    src: Arc<str>,
    pattern_span: Range<usize>,
    needs: Vec<String>,
    doc: Option<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Collects rule files (path, contents) under `dir`, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, RuleError> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), RuleError> {
        let err = |m: String| {
            RuleError::new(
                Origin {
                    file: dir.display().to_string(),
                    line: 0,
                },
                None,
                m,
            )
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| err(format!("cannot read rules folder: {e}")))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    RuleError::new(
                        Origin {
                            file: p.display().to_string(),
                            line: 0,
                        },
                        None,
                        format!("cannot read rule file: {e}"),
                    )
                })?;
                out.push((p.display().to_string(), text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, &mut out)?;
    Ok(out)
}

/// Writes the built-in rule files (and the rules guide) into `dir`, which
/// must be empty or absent unless `force`. Returns how many files.
pub fn export(dir: &Path, force: bool) -> Result<usize, String> {
    let non_empty = dir
        .read_dir()
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(format!(
            "{}: folder is not empty (use --force to write into it)",
            dir.display()
        ));
    }
    for (rel, text) in BUILTIN_RULES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(BUILTIN_RULES.len())
}

/// The built-in rule files, as (name, contents).
pub fn builtin_files() -> Vec<(String, String)> {
    BUILTIN_RULES
        .iter()
        .filter(|(p, _)| p.ends_with(".toml"))
        .map(|(p, t)| (format!("rules/{p}"), t.to_string()))
        .collect()
}

impl RuleSet {
    /// The embedded default rules.
    /// Their regexes are built on first use: the test suite builds and
    /// checks them all, and a short input needs only a few of them.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::load(&[builtin_files()], false)
    }

    /// The built-in rules extended by the files of a user's folder. A
    /// folder used alone (`builtin` false) must define every lexicon the
    /// code reads ([`Lex::ALL`]).
    pub fn with_user_dir(dir: &Path, builtin: bool) -> Result<RuleSet, RuleError> {
        let user = read_dir(dir)?;
        if builtin {
            return RuleSet::from_layers(&[builtin_files(), user]);
        }
        let set = RuleSet::from_layers(&[user])?;
        let missing = set.missing_lexicons();
        let missing_pats = set.missing_patterns();
        if missing.is_empty() && missing_pats.is_empty() {
            return Ok(set);
        }
        let names: Vec<String> = missing
            .iter()
            .map(|l| format!("lexicon {l}"))
            .chain(missing_pats.iter().map(|p| format!("piece {p}")))
            .collect();
        let mut err = RuleError::new(
            Origin {
                file: dir.display().to_string(),
                line: 0,
            },
            None,
            format!(
                "missing lexicon(s) or piece(s) the extractor needs: {}",
                names.join(", ")
            ),
        );
        for l in missing {
            err = err.with_note(format!("`[lexicons.{l}]` is used for {}", l.purpose()));
        }
        for p in missing_pats {
            err = err.with_note(format!(
                "piece `{p}` is a quote and speaker pattern (rules/quotes.toml)"
            ));
        }
        Err(err.with_note(
            "with --no-default-rules the folder replaces the built-in rules entirely; start from `blotter rules export DIR`, or drop --no-default-rules to extend the built-in rules",
        ))
    }

    /// Loads rule files in order; each file extends or overrides the ones
    /// before it (a rule with an existing id replaces it).
    pub fn from_files(files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let layers: Vec<Vec<(String, String)>> = files.iter().map(|f| vec![f.clone()]).collect();
        RuleSet::from_layers(&layers)
    }

    /// Loads layers of rule files, such as the built-in files and then a
    /// user's folder. Within a layer an id may be defined once (a second
    /// definition is an error); a later layer extends the earlier ones: a
    /// rule with an existing id replaces it, `enabled = false` turns it
    /// off, lexicon aliases are added, a piece with an existing name
    /// replaces it.
    pub fn from_layers(layers: &[Vec<(String, String)>]) -> Result<RuleSet, RuleError> {
        RuleSet::load(layers, true)
    }

    /// [`RuleSet::from_layers`]; `eager` builds every regex now (a user's
    /// rules: their errors show at load), else on first use.
    fn load(layers: &[Vec<(String, String)>], eager: bool) -> Result<RuleSet, RuleError> {
        let mut pieces: BTreeMap<String, (String, Origin)> = BTreeMap::new();
        let mut code_rules: Vec<CodeRule> = Vec::new();
        let mut lexicons: HashMap<String, Lexicon> = HashMap::new();
        let mut lexicon_origin: HashMap<String, Origin> = HashMap::new();
        // Where each (lexicon, alias, canonical) was first said, for clash warnings.
        let mut alias_origin: HashMap<(String, String, String), Origin> = HashMap::new();
        let mut drafts: Vec<Draft> = Vec::new();
        // Rules turned off, with where that was said.
        let mut disabled: BTreeMap<String, Origin> = BTreeMap::new();

        for layer in layers {
            let mut ids_here: HashMap<String, Origin> = HashMap::new();
            for (file, text) in layer {
                let src: Arc<str> = Arc::from(text.as_str());
                let doc: FileDoc = toml::from_str(text).map_err(|e| toml_error(file, &src, &e))?;
                for (id, d) in doc.code_rules {
                    let origin = Origin {
                        file: file.clone(),
                        line: line_of(text, d.span().start),
                    };
                    code_rules.retain(|c: &CodeRule| c.id != id);
                    code_rules.push(CodeRule {
                        id,
                        doc: d.into_inner(),
                        origin,
                    });
                }
                for (name, value) in doc.pieces {
                    let origin = Origin {
                        file: file.clone(),
                        line: line_of(text, value.span().start),
                    };
                    pieces.insert(name, (value.into_inner(), origin));
                }
                for (name, entries) in doc.lexicons {
                    let lex = lexicons
                        .entry(name.clone())
                        .or_insert_with(|| Lexicon::new(&name));
                    let mut first_line = None;
                    for (canonical, aliases) in entries {
                        let line = line_of(text, aliases.span().start);
                        first_line.get_or_insert(line);
                        for a in aliases.get_ref().iter().chain([&canonical]) {
                            alias_origin
                                .entry((name.clone(), lookup_key(a), canonical.clone()))
                                .or_insert_with(|| Origin {
                                    file: file.clone(),
                                    line,
                                });
                        }
                        lex.add(&canonical, aliases.get_ref());
                    }
                    lexicon_origin.entry(name).or_insert(Origin {
                        file: file.clone(),
                        line: first_line.unwrap_or(1),
                    });
                }
                for (name, opts) in doc.lexicon_options {
                    let lex = lexicons
                        .entry(name.clone())
                        .or_insert_with(|| Lexicon::new(&name));
                    lex.after_digits = opts.after_digits;
                    lex.before_digits = opts.before_digits;
                }
                for spanned in doc.rules {
                    let line = line_of(text, spanned.span().start);
                    let r = spanned.into_inner();
                    let id = r.id.get_ref().clone();
                    let id_span = r.id.span();
                    let here = Origin {
                        file: file.clone(),
                        line,
                    };
                    let at = |span: Range<usize>, m: String| {
                        RuleError::at(file, &src, span, Some(id.clone()), m)
                    };
                    if let Some(first) = ids_here.get(&id) {
                        return Err(at(id_span, "duplicate rule id".into())
                            .with_label("this id is already used")
                            .with_note(format!(
                                "`{id}` is first defined at {first}; within one folder an id may be used once (a rule in your --rules folder replaces a built-in rule with the same id)"
                            )));
                    }
                    ids_here.insert(id.clone(), here.clone());
                    let existing = drafts.iter().position(|d| d.id == id);
                    if r.enabled == Some(false) {
                        disabled.insert(id.clone(), here.clone());
                        if r.pattern.is_none() {
                            continue;
                        }
                    } else {
                        disabled.remove(&id);
                    }
                    let (kind_name, kind_span) = match (&r.kind, existing) {
                        (Some(k), _) => (k.get_ref().clone(), k.span()),
                        (None, Some(i)) => (drafts[i].kind.name().to_string(), id_span.clone()),
                        (None, None) => {
                            return Err(at(id_span, "missing `kind`".into()).with_label(
                                "this rule has no `kind` (seizure, money, count, date or exclude)",
                            ))
                        }
                    };
                    let kind = Kind::parse(&kind_name).ok_or_else(|| {
                        at(kind_span, format!("unknown kind `{kind_name}`"))
                            .with_label("expected seizure, money, count, date or exclude")
                    })?;
                    let Some(pattern) = r.pattern else {
                        return Err(at(id_span, "missing `pattern`".into())
                            .with_label("this rule has no `pattern`"));
                    };
                    let pattern_span = pattern.span();
                    let draft = Draft {
                        id,
                        kind,
                        pattern: pattern.into_inner(),
                        priority: r.priority,
                        case_sensitive: r.case_sensitive,
                        set: r.set,
                        examples: r
                            .examples
                            .into_iter()
                            .map(|e| Example {
                                text: e.text,
                                expect: e.expect,
                            })
                            .collect(),
                        counter: r.counter,
                        origin: here,
                        src: src.clone(),
                        pattern_span,
                        needs: r.needs,
                        doc: r.doc,
                    };
                    match existing {
                        Some(i) => drafts[i] = draft,
                        None => drafts.push(draft),
                    }
                }
            }
        }

        let mut warnings = Vec::new();
        let mut lexicon_names: Vec<&String> = lexicons.keys().collect();
        lexicon_names.sort();
        for name in lexicon_names {
            for (alias, a, b) in lexicons[name].clashes() {
                let origin = alias_origin
                    .get(&(name.clone(), lookup_key(&alias), b.clone()))
                    .or_else(|| lexicon_origin.get(name))
                    .map_or_else(|| "?".to_string(), |o| o.to_string());
                warnings.push(format!(
                    "{origin}: lexicon `{name}`: alias `{alias}` is claimed by both `{a}` and `{b}` (`{a}` wins)"
                ));
            }
        }
        for (id, origin) in &disabled {
            if !drafts.iter().any(|d| &d.id == id) {
                warnings.push(format!(
                    "{origin}: rule `{id}`: `enabled = false` turns off no rule (no rule has this id)"
                ));
            }
        }

        let mut live = Vec::new();
        for d in drafts {
            if disabled.contains_key(&d.id) {
                continue;
            }
            // A rule that only blocks (a `veto` capture) shows itself with counter-examples.
            if d.examples.is_empty() && d.counter.is_empty() && d.kind != Kind::Exclude {
                warnings.push(format!(
                    "{}: rule `{}` has no examples (add `examples = [{{ text = \"...\", expect = {{ ... }} }}]`)",
                    d.origin, d.id
                ));
            }
            live.push(d);
        }
        // Compiling the regexes is nearly all of start-up: share it among
        // the cores, each with its own expander, keeping file order and
        // reporting the first error in that order.
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(live.len().max(1));
        let chunk = live.len().div_ceil(workers).max(1);
        let mut chunks: Vec<Vec<Draft>> = Vec::new();
        while !live.is_empty() {
            let rest = live.split_off(chunk.min(live.len()));
            chunks.push(std::mem::replace(&mut live, rest));
        }
        let (results, lexicon_regexes): (Vec<ChunkResult>, _) = std::thread::scope(|scope| {
            let (all_lexicons, lexicon_origin) = (&lexicons, &lexicon_origin);
            let lexicon_job = scope.spawn(move || -> Result<LexiconRegexes, RuleError> {
                let mut out = HashMap::new();
                for (name, lex) in all_lexicons {
                    let cell = OnceLock::new();
                    out.insert(name.clone(), cell);
                    if !eager {
                        continue;
                    }
                    let re = lexicon_builder(lex).build().map_err(|e| {
                        RuleError::new(
                            lexicon_origin.get(name).cloned().unwrap_or(Origin {
                                file: "?".into(),
                                line: 0,
                            }),
                            None,
                            format!("lexicon `{name}` does not compile: {e}"),
                        )
                    })?;
                    let _ = out[name].set(re);
                }
                Ok(out)
            });
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|part| {
                    let (pieces, lexicons) = (&pieces, &lexicons);
                    scope.spawn(move || {
                        let expander = |stand_in| Expander {
                            pieces,
                            lexicons,
                            cache: HashMap::new(),
                            used: HashSet::new(),
                            stand_in,
                        };
                        let mut ex = Expanders {
                            full: expander(false),
                            stand_in: expander(true),
                        };
                        let out: Vec<_> = part
                            .into_iter()
                            .map(|d| compile_rule(&mut ex, d, eager))
                            .collect();
                        (out, ex.full.used)
                    })
                })
                .collect();
            let compiled = handles
                .into_iter()
                .map(|h| h.join().expect("rule compilation does not panic"))
                .collect();
            (
                compiled,
                lexicon_job
                    .join()
                    .expect("lexicon compilation does not panic"),
            )
        });
        let mut rules = Vec::new();
        let mut used = HashSet::new();
        for (compiled, u) in results {
            used.extend(u);
            for r in compiled {
                rules.push(r?);
            }
        }
        for (name, (_, origin)) in &pieces {
            let read_by_code = Pat::ALL.iter().any(|p| p.name() == name);
            if !used.contains(name) && !name.starts_with('_') && !read_by_code {
                warnings.push(format!("{origin}: piece `{name}` is never used"));
            }
        }
        let lexicon_regexes = lexicon_regexes?;
        let gate = crate::rules::gate::Gate::build(&rules, &lexicons).map_err(|(i, m)| {
            RuleError::new(rules[i].origin.clone(), Some(rules[i].id.clone()), m)
        })?;
        let mut set = RuleSet {
            rules,
            lexicons,
            pieces,
            warnings,
            lexicon_regexes,
            gate,
            patterns: HashMap::new(),
            code_rules,
        };
        for p in Pat::ALL {
            let Some((_, origin)) = set.pieces.get(p.name()) else {
                continue;
            };
            let cell = OnceLock::new();
            if eager {
                let re = set.compile_piece(p).map_err(|e| {
                    RuleError::new(
                        origin.clone(),
                        None,
                        format!("piece `{p}` does not compile: {e}"),
                    )
                })?;
                let _ = cell.set(re);
            }
            set.patterns.insert(p, cell);
        }
        Ok(set)
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
    pub fn pattern(&self, p: Pat) -> Option<&Regex> {
        let cell = self.patterns.get(&p)?;
        Some(cell.get_or_init(|| {
            self.compile_piece(p)
                .unwrap_or_else(|e| panic!("piece `{p}` does not compile: {e}"))
        }))
    }

    /// A piece the code reads, as a regex. Case as written: a piece that
    /// wants case-insensitive matching says (?i).
    fn compile_piece(&self, p: Pat) -> Result<Regex, String> {
        self.compile_pattern(&format!("%{{{}}}", p.name()), true)
    }

    /// The patterns of [`Pat::ALL`] this set lacks.
    pub fn missing_patterns(&self) -> Vec<Pat> {
        Pat::ALL
            .into_iter()
            .filter(|p| !self.patterns.contains_key(p))
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

    /// A lexicon's alternation, compiled once.
    pub fn lexicon_regex(&self, lex: Lex) -> Option<&Regex> {
        let cell = self.lexicon_regexes.get(lex.name())?;
        let lexicon = self.lexicons.get(lex.name())?;
        Some(cell.get_or_init(|| {
            lexicon_builder(lexicon)
                .build()
                .unwrap_or_else(|e| panic!("lexicon `{lex}` does not compile: {e}"))
        }))
    }

    /// Builds every regex not built yet (the embedded rules build theirs
    /// on first use), so that a rule that does not compile shows now: the
    /// first error, naming the rule and where it is.
    pub fn compile_all(&self) -> Result<(), RuleError> {
        for r in &self.rules {
            if !r.is_compiled() {
                let err = |e: String| RuleError::new(r.origin.clone(), Some(r.id.clone()), e);
                let c = build(&r.source, r.case_sensitive, r.kind).map_err(err)?;
                let hir = regex_syntax::ParserBuilder::new().build().parse(&r.source);
                let min_len = hir.ok().and_then(|h| h.properties().minimum_len());
                if min_len == Some(0) || c.regex.is_match("") {
                    return Err(err("pattern can match the empty string".into()));
                }
                let _ = r.compiled.set(c);
            }
        }
        for (name, cell) in &self.lexicon_regexes {
            if cell.get().is_none() {
                let re = lexicon_builder(&self.lexicons[name]).build().map_err(|e| {
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
        for (&p, cell) in &self.patterns {
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
    pub fn compile_pattern(&self, pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
        let mut ex = Expander {
            pieces: &self.pieces,
            lexicons: &self.lexicons,
            cache: HashMap::new(),
            used: HashSet::new(),
            stand_in: false,
        };
        let expanded = ex.expand(pattern, &mut Vec::new())?;
        RegexBuilder::new(&ascii_word_boundaries(&expanded))
            .case_insensitive(!case_sensitive)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string())
    }
}

/// A lexicon whose alternation is longer than this (bytes) stands for
/// "any text" when a rule's anchors are found. The long ones (drugs,
/// titles) are nearly all of the parsing, and their required literals are
/// too many to help; the short ones (units, currency words) give good ones.
/// On the benchmark corpus the gate then lets rules scan 14.3% of
/// rules x text, against 14.6% with every lexicon and 17.2% with none.
const STAND_IN_FROM: usize = 1000;

struct Expander<'a> {
    pieces: &'a BTreeMap<String, (String, Origin)>,
    lexicons: &'a HashMap<String, Lexicon>,
    cache: HashMap<String, String>,
    used: HashSet<String>,
    /// Every long lexicon stands for "any text" (see [`compile_rule`]).
    stand_in: bool,
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
struct Expanded {
    text: String,
    locs: Vec<Loc>,
    /// The `%{name}` references: byte range in the pattern, name.
    refs: Vec<(Range<usize>, String)>,
}

/// What an error inside an expanded pattern points at.
enum Place {
    /// A byte range of the pattern as written.
    Pattern(Range<usize>),
    /// Inside the expansion of a piece: the `%{name}` range and the name.
    Piece(Range<usize>, String),
    /// Somewhere the map cannot tell.
    Unknown,
}

impl Expanded {
    fn place(&self, pattern: &str, out: Range<usize>) -> Place {
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

/// Rewrites `\b` and `\B` to their ASCII forms outside character classes,
/// text pushed piecewise, remembering where each output byte came from.
#[derive(Default)]
struct Rewriter {
    out: String,
    locs: Vec<Loc>,
    /// Whether to fill `locs` (only errors need them).
    untracked: bool,
    class_depth: usize,
    escape: Option<Loc>,
}

impl Rewriter {
    fn push(&mut self, s: &str, loc: impl Fn(usize) -> Loc) {
        for (i, c) in s.char_indices() {
            let here = loc(i);
            if let Some(at) = self.escape.take() {
                match c {
                    'b' if self.class_depth == 0 => self.emit(r"(?-u:\b)", at),
                    'B' if self.class_depth == 0 => self.emit(r"(?-u:\B)", at),
                    // ASCII whitespace: the normaliser turns every other
                    // space into ASCII ones, and the automata get smaller.
                    's' if self.class_depth == 0 => self.emit(r"(?-u:\s)", at),
                    's' => self.emit(r"\t\n\x0B\x0C\r ", at),
                    _ => {
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
        if !self.untracked {
            self.locs.extend(std::iter::repeat_n(at, s.len()));
        }
    }

    fn finish(mut self) -> (String, Vec<Loc>) {
        if let Some(at) = self.escape.take() {
            self.emit("\\", at);
        }
        (self.out, self.locs)
    }
}

impl Expander<'_> {
    fn expand(&mut self, pattern: &str, stack: &mut Vec<String>) -> Result<String, String> {
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
    fn expand_mapped(&mut self, pattern: &str) -> Result<Expanded, (String, Range<usize>)> {
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
            let re = lex.regex(!lex.after_digits);
            if self.stand_in && re.len() > STAND_IN_FROM {
                r"(?:[\s\S]+)".to_string()
            } else {
                re
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
    fn where_is(&self, name: &str) -> String {
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
struct PatternInFile {
    /// The whole TOML string, quotes included.
    value: Range<usize>,
    /// Where the pattern's first byte is, when the file holds the pattern
    /// verbatim (a literal string, or a basic string without escapes).
    content: Option<usize>,
}

impl PatternInFile {
    fn new(src: &str, value: Range<usize>, pattern: &str) -> PatternInFile {
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
    fn span(&self, r: Option<Range<usize>>) -> Range<usize> {
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

/// Compiles a rule's pattern; errors point into the rule file.
/// Expands a rule and finds its anchors; `eager` also builds its regex,
/// checking it with errors that point into the rule file (a user's rules).
fn compile_rule(ex: &mut Expanders, d: Draft, eager: bool) -> Result<Rule, RuleError> {
    let file = d.origin.file.clone();
    let place = PatternInFile::new(&d.src, d.pattern_span.clone(), &d.pattern);
    let err = |r: Option<Range<usize>>, message: String| {
        RuleError::at(&file, &d.src, place.span(r), Some(d.id.clone()), message)
    };
    let compiled = OnceLock::new();
    let source = if eager {
        let expanded = match ex.full.expand_mapped(&d.pattern) {
            Ok(e) => e,
            Err((m, r)) => return Err(err(Some(r), m).with_label("in this pattern")),
        };
        let c = check_rule(&d, &expanded, &ex.full, &err)?;
        let _ = compiled.set(c);
        expanded.text
    } else {
        // The same text as `expand_mapped`'s, without the map back.
        match ex.full.expand(&d.pattern, &mut Vec::new()) {
            Ok(e) => ascii_word_boundaries(&e),
            Err(m) => return Err(err(None, m).with_label("in this pattern")),
        }
    };
    // Anchors from the pattern with each long lexicon read as "any text":
    // a language that holds the rule's, so its required literals are the
    // rule's too, found without parsing the long alternations.
    let anchors = ex
        .stand_in
        .expand(&d.pattern, &mut Vec::new())
        .ok()
        .and_then(|e| {
            let e = ascii_word_boundaries(&e);
            regex_syntax::ParserBuilder::new().build().parse(&e).ok()
        })
        .and_then(|h| crate::rules::anchors::required_hir(&h));
    Ok(Rule {
        id: d.id,
        kind: d.kind,
        pattern: d.pattern,
        source,
        case_sensitive: d.case_sensitive,
        compiled,
        priority: d.priority,
        set: d.set,
        examples: d.examples,
        counter: d.counter,
        origin: d.origin,
        needs: d.needs,
        doc: d.doc,
        anchors,
    })
}

/// A rule's two expanders: the real one, and one that stands every
/// lexicon in for "any text" (for the anchors).
struct Expanders<'a> {
    full: Expander<'a>,
    stand_in: Expander<'a>,
}

/// Builds a rule's regex and checks that it cannot match the empty string
/// and captures only fields of its kind; errors point into the rule file.
fn check_rule(
    d: &Draft,
    expanded: &Expanded,
    ex: &Expander,
    err: &dyn Fn(Option<Range<usize>>, String) -> RuleError,
) -> Result<Compiled, RuleError> {
    let regex = match regex_builder(&expanded.text, d.case_sensitive).build() {
        Ok(r) => r,
        Err(e) => return Err(regex_error(d, expanded, ex, err, e)),
    };
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&expanded.text)
        .ok();
    let min_len = hir.as_ref().and_then(|h| h.properties().minimum_len());
    if min_len == Some(0) || regex.is_match("") {
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
    Ok(Compiled { regex, groups })
}

/// A regex that does not build, as an error at its place in the rule
/// file (or inside the piece it comes from).
fn regex_error(
    d: &Draft,
    expanded: &Expanded,
    ex: &Expander,
    err: &dyn Fn(Option<Range<usize>>, String) -> RuleError,
    e: regex::Error,
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
        _ => (e.to_string(), None),
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

/// A TOML error at its place in the file, with the rule it is in if any.
fn toml_error(file: &str, src: &Arc<str>, e: &toml::de::Error) -> RuleError {
    let message = format!("not valid rule TOML: {}", e.message().trim());
    match e.span() {
        Some(span) => {
            let rule = rule_around(src, span.start);
            RuleError::at(file, src, span, rule, message)
        }
        None => RuleError::new(
            Origin {
                file: file.to_string(),
                line: 0,
            },
            None,
            message,
        ),
    }
}

/// The id of the `[[rules]]` table holding byte `offset`, read from the text.
fn rule_around(text: &str, offset: usize) -> Option<String> {
    let offset = crate::text::floor_char(text, offset.min(text.len()));
    let table = text[..offset].rfind("[[rules]]")?;
    if text[table..offset]
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with('[') && !l.trim_start().starts_with("[[rules]]"))
    {
        return None;
    }
    let body = &text[table + "[[rules]]".len()..];
    let body = body.find("\n[").map_or(body, |i| &body[..i]);
    body.lines().find_map(|l| {
        let l = l.trim();
        let v = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let v = &v[1..];
        Some(v[..v.find(q)?].to_string())
    })
}

/// Rewrites `\b` and `\B` to their ASCII forms outside character classes:
/// Unicode word boundaries make the regex crate's fast engines give up on
/// non-ASCII text, and news text is full of `£` and curly quotes.
pub fn ascii_word_boundaries(p: &str) -> String {
    let mut w = Rewriter {
        untracked: true,
        ..Rewriter::default()
    };
    w.push(p, |_| Loc::Pattern(0));
    w.finish().0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, RuleError> {
        RuleSet::from_files(&[("t.toml".to_string(), text.to_string())])
    }

    /// The trie a lexicon compiles to matches what the flat alternation
    /// of its aliases (longest first) matches. Found on the way: tokens
    /// that differ only in case ("MDMA powder", "mdma") must share a node,
    /// or "MDMA powder" matched as "MDMA".
    #[test]
    fn lexicon_trie_matches_like_the_flat_list() {
        let rs = RuleSet::builtin().unwrap();
        let mut corpus = String::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                corpus.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        let mut names: Vec<&String> = rs.lexicons.keys().collect();
        names.sort();
        for name in names {
            let lex = &rs.lexicons[name];
            let aliases = lex.aliases_longest_first();
            let flat: Vec<String> = aliases
                .iter()
                .map(|a| {
                    alias_tokens(a, true, !lex.before_digits)
                        .into_iter()
                        .map(|t| t.0)
                        .collect::<String>()
                })
                .collect();
            let build = |p: &str| {
                RegexBuilder::new(p)
                    .case_insensitive(true)
                    .size_limit(64 << 20)
                    .build()
                    .unwrap()
            };
            let flat = build(&format!("(?:{})", flat.join("|")));
            let trie = build(&lex.regex(true));
            let mut text = corpus.clone();
            for a in &aliases {
                text.push_str(&format!(
                    "\n{a} powder, {} tablets; x{a}; {a}s {}.\n",
                    a.to_uppercase(),
                    a.to_lowercase()
                ));
            }
            let found = |re: &Regex| -> Vec<(usize, usize)> {
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect()
            };
            let (t, f) = (found(&trie), found(&flat));
            if let Some(i) = (0..t.len().max(f.len())).find(|&i| t.get(i) != f.get(i)) {
                let show = |m: Option<&(usize, usize)>| m.map(|&(s, e)| &text[s..e]);
                panic!(
                    "lexicon `{name}`: the trie finds {:?}, the flat list {:?}",
                    show(t.get(i)),
                    show(f.get(i))
                );
            }
        }
        let rs = load(
            "[lexicons.drug]\nmdma = [\"MDMA powder\", \"methadone\"]\n[[rules]]\nid = \"x\"\nkind = \"seizure\"\npattern = '%{drug}'\n",
        )
        .unwrap();
        assert_eq!(
            rs.rules[0].regex().find("MDMA powder").map(|m| m.as_str()),
            Some("MDMA powder")
        );
    }

    #[test]
    fn builtin_rules_load() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        assert!(!rs.rules.is_empty());
        // They compile on first use: every one must compile.
        assert!(rs.rules.iter().all(|r| !r.is_compiled()));
        rs.compile_all().expect("built-in rules compile");
        assert!(rs.rules.iter().all(Rule::is_compiled));
        let eager = RuleSet::from_layers(&[builtin_files()]).unwrap();
        for (a, b) in rs.rules.iter().zip(&eager.rules) {
            assert_eq!(a.regex().as_str(), b.regex().as_str());
            assert_eq!(a.groups(), b.groups());
        }
    }

    #[test]
    fn pieces_and_lexicons_expand() {
        let rs = load(
            r#"
[pieces]
num = '\d+'
[lexicons.drug]
cocaine = ["coke"]
"crack cocaine" = ["crack"]
[[rules]]
id = "a"
kind = "seizure"
pattern = '(?P<qty>%{num})g of (?P<drug>%{drug})'
examples = [{ text = "5g of crack cocaine" }]
"#,
        )
        .unwrap();
        let m = rs.rules[0].regex().captures("5g of crack cocaine").unwrap();
        assert_eq!(&m["drug"], "crack cocaine");
        assert_eq!(
            rs.lexicon(Lex::Drug).unwrap().canonical("Crack  Cocaine"),
            Some("crack cocaine")
        );
        assert_eq!(
            rs.lexicon(Lex::Drug).unwrap().canonical("coke"),
            Some("cocaine")
        );
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let e = load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<count>\\d+'\n")
            .unwrap_err();
        assert_eq!(e.origin.line, 4);
        assert_eq!(e.rule.as_deref(), Some("x"));
        assert!(e.message.contains("invalid regex"), "{e}");

        let e = load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '%{nope}'\n").unwrap_err();
        assert!(e.message.contains("unknown piece"), "{e}");

        let e = load("[pieces]\nnum = 'a'\nnum = 'b'\n").unwrap_err();
        assert_eq!(e.origin.line, 3, "{e}");

        let e = load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = 'a(?P<count>b)'\n[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = 'c(?P<count>d)'\n")
            .unwrap_err();
        assert!(e.message.contains("duplicate"), "{e}");
        // The second `id = "x"`, underlined.
        assert_eq!((e.origin.line, e.column), (6, 6), "{e}");
    }

    #[test]
    fn empty_match_and_unknown_capture_are_errors() {
        let e = load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<count>\\d*)'\n")
            .unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<cnt>\\d+)'\n")
            .unwrap_err();
        assert!(e.message.contains("not a field"), "{e}");
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bkg\b"), r"(?-u:\b)kg(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"[\b]\\b"), r"[\b]\\b");
        assert_eq!(
            ascii_word_boundaries(r"a\s+[\s-]?[^\s]\S"),
            r"a(?-u:\s)+[\t\n\x0B\x0C\r -]?[^\t\n\x0B\x0C\r ]\S"
        );
    }

    #[test]
    fn builtin_rules_define_every_lexicon_the_code_reads() {
        let set = RuleSet::builtin().unwrap();
        assert_eq!(set.missing_lexicons(), vec![]);
        assert_eq!(set.missing_patterns(), vec![]);
    }
}
