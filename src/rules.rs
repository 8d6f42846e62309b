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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

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
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "seizure" => Kind::Seizure,
            "money" => Kind::Money,
            "count" => Kind::Count,
            "date" => Kind::Date,
            "exclude" => Kind::Exclude,
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
        }
    }

    /// The capture names a pattern of this kind may use, so a typo in a
    /// capture name is an error at load time rather than a silent miss.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Seizure => &[
                "qty", "unit", "drug", "approx", "ref", "qty2", "unit2", "drug2",
            ],
            Kind::Money => &[
                "amount", "mult", "cur", "cur2", "approx", "amount2", "mult2",
            ],
            Kind::Count => &["count", "what"],
            Kind::Date => &[
                "day", "month", "year", "weekday", "day2", "month2", "year2", "rel", "iso", "num",
                "time",
            ],
            Kind::Exclude => &[],
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
#[derive(Debug, Clone)]
pub struct RuleError {
    pub origin: Origin,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(id) = &self.rule {
            write!(f, ": rule `{id}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RuleError {}

/// A canonical value with its aliases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    /// (canonical, aliases) in definition order; the canonical name is an
    /// alias of itself.
    pub entries: Vec<(String, Vec<String>)>,
    map: HashMap<String, String>,
}

/// Lower case with runs of whitespace, hyphens and dots squeezed, so
/// "Crystal  Meth", "crystal-meth" and "crystal meth" look up alike.
pub fn lookup_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

impl Lexicon {
    fn new(name: &str) -> Lexicon {
        Lexicon {
            name: name.to_string(),
            entries: Vec::new(),
            map: HashMap::new(),
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
        self.map.get(&lookup_key(alias)).map(String::as_str)
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
    /// starting with a word character must also start at one. Pieces have
    /// no leading boundary so that a unit can follow digits ("460.5g").
    pub fn regex(&self, lead: bool) -> String {
        let mut aliases: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|(_, a)| a.iter().map(String::as_str))
            .collect();
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        aliases.dedup();
        let parts: Vec<String> = aliases.iter().map(|a| alias_regex(a, lead)).collect();
        format!("(?:{})", parts.join("|"))
    }
}

fn alias_regex(alias: &str, boundary_before: bool) -> String {
    let mut body = String::new();
    let mut gap = false;
    for c in alias.trim().chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            body.push_str(r"[\s-]+");
            gap = false;
        }
        match c {
            '-' => body.push_str(r"[\s-]?"),
            '\'' | '\u{2019}' => body.push_str("['\u{2019}]"),
            '.' => body.push_str(r"\.?"),
            _ => body.push_str(&regex::escape(&c.to_string())),
        }
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let t = alias.trim();
    let lead = if boundary_before && word(t.chars().next()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    let trail = if word(t.chars().last()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{lead}{body}{trail}")
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
    pub regex: Regex,
    pub priority: i32,
    /// Constant fields given to every fact of this rule (`what = "arrests"`).
    pub set: BTreeMap<String, String>,
    pub examples: Vec<Example>,
    pub counter: Vec<String>,
    pub origin: Origin,
    /// For each capture group index, the field it fills (None for unnamed).
    pub groups: Vec<Option<String>>,
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
    lexicon_regexes: HashMap<String, Regex>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    pieces: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    lexicons: BTreeMap<String, BTreeMap<String, Spanned<Vec<String>>>>,
    #[serde(default)]
    rules: Vec<Spanned<RuleDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    id: String,
    kind: Option<String>,
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
    /// Where the pattern itself is, for errors inside it.
    pattern_origin: Origin,
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
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) -> Result<(), RuleError> {
        let err = |m: String| RuleError {
            origin: Origin {
                file: dir.display().to_string(),
                line: 0,
            },
            rule: None,
            message: m,
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| err(format!("cannot read rules folder: {e}")))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, base, out)?;
            } else if p.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&p).map_err(|e| RuleError {
                    origin: Origin {
                        file: p.display().to_string(),
                        line: 0,
                    },
                    rule: None,
                    message: format!("cannot read rule file: {e}"),
                })?;
                out.push((p.display().to_string(), text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
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
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::from_files(&builtin_files())
    }

    /// The built-in rules extended by the files of a user's folder.
    pub fn with_user_dir(dir: &Path, builtin: bool) -> Result<RuleSet, RuleError> {
        let mut files = if builtin { builtin_files() } else { Vec::new() };
        files.extend(read_dir(dir)?);
        RuleSet::from_files(&files)
    }

    /// Loads rule files in order; later files extend or override earlier ones.
    pub fn from_files(files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let mut pieces: BTreeMap<String, (String, Origin)> = BTreeMap::new();
        let mut lexicons: HashMap<String, Lexicon> = HashMap::new();
        let mut lexicon_origin: HashMap<String, Origin> = HashMap::new();
        let mut drafts: Vec<Draft> = Vec::new();
        let mut disabled: HashSet<String> = HashSet::new();

        for (file, text) in files {
            let doc: FileDoc = toml::from_str(text).map_err(|e| RuleError {
                origin: Origin {
                    file: file.clone(),
                    line: e.span().map(|s| line_of(text, s.start)).unwrap_or(0),
                },
                rule: None,
                message: format!("not valid rule TOML: {}", e.message()),
            })?;
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
                    first_line.get_or_insert(line_of(text, aliases.span().start));
                    lex.add(&canonical, aliases.get_ref());
                }
                lexicon_origin.entry(name).or_insert(Origin {
                    file: file.clone(),
                    line: first_line.unwrap_or(1),
                });
            }
            let mut ids_here: HashSet<String> = HashSet::new();
            for spanned in doc.rules {
                let line = line_of(text, spanned.span().start);
                let r = spanned.into_inner();
                let origin = Origin {
                    file: file.clone(),
                    line,
                };
                let err = |m: String| RuleError {
                    origin: origin.clone(),
                    rule: Some(r.id.clone()),
                    message: m,
                };
                if !ids_here.insert(r.id.clone()) {
                    return Err(err("duplicate rule id in this file".into()));
                }
                let existing = drafts.iter().position(|d| d.id == r.id);
                if r.enabled == Some(false) {
                    disabled.insert(r.id.clone());
                    if r.pattern.is_none() {
                        continue;
                    }
                } else {
                    disabled.remove(&r.id);
                }
                let kind_name = match (&r.kind, existing) {
                    (Some(k), _) => k.clone(),
                    (None, Some(i)) => drafts[i].kind.name().to_string(),
                    (None, None) => return Err(err("missing `kind`".into())),
                };
                let kind = Kind::parse(&kind_name).ok_or_else(|| {
                    err(format!(
                        "unknown kind `{kind_name}` (expected seizure, money, count, date or exclude)"
                    ))
                })?;
                let (pattern, pattern_line) = match r.pattern {
                    Some(p) => {
                        let l = line_of(text, p.span().start);
                        (p.into_inner(), l)
                    }
                    None => return Err(err("missing `pattern`".into())),
                };
                let _ = r.doc;
                let draft = Draft {
                    id: r.id.clone(),
                    kind,
                    pattern,
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
                    origin: Origin {
                        file: file.clone(),
                        line,
                    },
                    pattern_origin: Origin {
                        file: file.clone(),
                        line: pattern_line,
                    },
                };
                match existing {
                    Some(i) => drafts[i] = draft,
                    None => drafts.push(draft),
                }
            }
        }

        let mut warnings = Vec::new();
        for (name, lex) in &lexicons {
            for (alias, a, b) in lex.clashes() {
                warnings.push(format!(
                    "{}: lexicon `{name}`: alias `{alias}` is claimed by both `{a}` and `{b}` (`{a}` wins)",
                    lexicon_origin[name]
                ));
            }
        }

        let mut expander = Expander {
            pieces: &pieces,
            lexicons: &lexicons,
            cache: HashMap::new(),
            used: HashSet::new(),
        };
        let mut rules = Vec::new();
        for d in drafts {
            if disabled.contains(&d.id) {
                continue;
            }
            let err = |m: String| RuleError {
                origin: d.pattern_origin.clone(),
                rule: Some(d.id.clone()),
                message: m,
            };
            let expanded = expander.expand(&d.pattern, &mut Vec::new()).map_err(err)?;
            let regex = RegexBuilder::new(&ascii_word_boundaries(&expanded))
                .case_insensitive(!d.case_sensitive)
                .size_limit(64 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .map_err(|e| err(format!("invalid regex: {e}")))?;
            if regex.is_match("") {
                return Err(err("pattern matches the empty string".into()));
            }
            let mut groups = Vec::new();
            for name in regex.capture_names() {
                match name {
                    Some(n) if !n.starts_with('_') => {
                        if !d.kind.fields().contains(&n) {
                            return Err(err(format!(
                                "capture `{n}` is not a field of a {} fact (fields: {}; prefix a helper group with `_`)",
                                d.kind,
                                d.kind.fields().join(", ")
                            )));
                        }
                        groups.push(Some(n.to_string()));
                    }
                    _ => groups.push(None),
                }
            }
            if d.examples.is_empty() && d.kind != Kind::Exclude {
                warnings.push(format!("{}: rule `{}` has no examples", d.origin, d.id));
            }
            rules.push(Rule {
                id: d.id,
                kind: d.kind,
                pattern: d.pattern,
                regex,
                priority: d.priority,
                set: d.set,
                examples: d.examples,
                counter: d.counter,
                origin: d.origin,
                groups,
            });
        }
        let used = expander.used;
        for (name, (_, origin)) in &pieces {
            if !used.contains(name) && !name.starts_with('_') {
                warnings.push(format!("{origin}: piece `{name}` is never used"));
            }
        }
        let mut lexicon_regexes = HashMap::new();
        for (name, lex) in &lexicons {
            let re = RegexBuilder::new(&lex.regex(true))
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| RuleError {
                    origin: lexicon_origin[name].clone(),
                    rule: None,
                    message: format!("lexicon `{name}` does not compile: {e}"),
                })?;
            lexicon_regexes.insert(name.clone(), re);
        }
        Ok(RuleSet {
            rules,
            lexicons,
            pieces,
            warnings,
            lexicon_regexes,
        })
    }

    /// A lexicon by name.
    pub fn lexicon(&self, name: &str) -> Option<&Lexicon> {
        self.lexicons.get(name)
    }

    /// A lexicon's alternation, compiled once at load.
    pub fn lexicon_regex(&self, name: &str) -> Option<&Regex> {
        self.lexicon_regexes.get(name)
    }

    /// Expands `%{piece}` references in a pattern the way rules are compiled,
    /// for modules that build regexes from pieces (dates, quotes).
    pub fn compile_pattern(&self, pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
        let mut ex = Expander {
            pieces: &self.pieces,
            lexicons: &self.lexicons,
            cache: HashMap::new(),
            used: HashSet::new(),
        };
        let expanded = ex.expand(pattern, &mut Vec::new())?;
        RegexBuilder::new(&ascii_word_boundaries(&expanded))
            .case_insensitive(!case_sensitive)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string())
    }
}

struct Expander<'a> {
    pieces: &'a BTreeMap<String, (String, Origin)>,
    lexicons: &'a HashMap<String, Lexicon>,
    cache: HashMap<String, String>,
    used: HashSet<String>,
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
            lex.regex(false)
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
}

/// Rewrites `\b` and `\B` to their ASCII forms outside character classes:
/// Unicode word boundaries make the regex crate's fast engines give up on
/// non-ASCII text, and news text is full of `£` and curly quotes.
pub fn ascii_word_boundaries(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if class_depth == 0 => out.push_str(r"(?-u:\b)"),
                Some('B') if class_depth == 0 => out.push_str(r"(?-u:\B)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, RuleError> {
        RuleSet::from_files(&[("t.toml".to_string(), text.to_string())])
    }

    #[test]
    fn builtin_rules_load() {
        let rs = RuleSet::builtin().expect("built-in rules load");
        assert!(!rs.rules.is_empty());
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
        let m = rs.rules[0].regex.captures("5g of crack cocaine").unwrap();
        assert_eq!(&m["drug"], "crack cocaine");
        assert_eq!(
            rs.lexicon("drug").unwrap().canonical("Crack  Cocaine"),
            Some("crack cocaine")
        );
        assert_eq!(
            rs.lexicon("drug").unwrap().canonical("coke"),
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
        assert_eq!(e.origin.line, 5);
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
    }
}
