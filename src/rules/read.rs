//! Reading rule files: each file's TOML into the pieces, lexicons, code
//! rule ids and rule drafts it defines, layer after layer, before anything
//! compiles.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::error::{toml_error, Lines};
use super::settings::Settings;
use super::{lookup_key, CodeRule, Example, Kind, Lexicon, Lexicons, Origin, RuleError};

/// A rule file as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDoc {
    #[serde(default)]
    pub(super) pieces: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) lexicons: BTreeMap<String, BTreeMap<String, Spanned<Vec<String>>>>,
    #[serde(default)]
    pub(super) lexicon_options: BTreeMap<String, LexiconOptions>,
    #[serde(default)]
    pub(super) rules: Vec<Spanned<RuleDoc>>,
    /// Ids of facts made by code stages (quotes, officials), with their doc.
    #[serde(default)]
    pub(super) code_rules: BTreeMap<String, Spanned<String>>,
}

/// `[lexicon_options.NAME]`: how a lexicon behaves as a piece.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct LexiconOptions {
    /// Aliases may follow a digit directly, as units do ("460.5g").
    #[serde(default)]
    pub(super) after_digits: bool,
    /// Digits may follow the aliases directly, as currency signs do ("RM26").
    #[serde(default)]
    pub(super) before_digits: bool,
}

/// A `[[rules]]` entry as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleDoc {
    pub(super) id: Spanned<String>,
    pub(super) kind: Option<Spanned<String>>,
    pub(super) pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) priority: i32,
    #[serde(default)]
    pub(super) case_sensitive: bool,
    pub(super) enabled: Option<bool>,
    #[serde(default)]
    pub(super) set: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) examples: Vec<ExampleDoc>,
    #[serde(default)]
    pub(super) counter: Vec<String>,
    #[serde(default)]
    pub(super) doc: Option<String>,
    #[serde(default)]
    pub(super) needs: Vec<String>,
}

/// An entry of a rule's `examples` as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct ExampleDoc {
    pub(super) text: String,
    #[serde(default)]
    pub(super) expect: BTreeMap<String, toml::Value>,
}

/// A rule as read, before its pattern is compiled.
pub(super) struct Draft {
    pub(super) id: String,
    pub(super) kind: Kind,
    pub(super) pattern: String,
    pub(super) priority: i32,
    pub(super) case_sensitive: bool,
    pub(super) set: Settings,
    pub(super) examples: Vec<Example>,
    pub(super) counter: Vec<String>,
    pub(super) origin: Origin,
    /// The file's text and where the pattern's TOML string is in it, for
    /// errors inside the pattern.
    pub(super) src: Arc<str>,
    pub(super) pattern_span: Range<usize>,
    pub(super) needs: Vec<String>,
    pub(super) doc: Option<String>,
}

/// One `[lexicons.NAME]` entry as a file gave it.
pub(super) struct EntryRead {
    lexicon: String,
    canonical: String,
    aliases: Vec<String>,
    origin: Origin,
}

/// What the layers define, in the order read.
#[derive(Default)]
pub(super) struct Defs {
    pub(super) pieces: BTreeMap<String, (String, Origin)>,
    pub(super) code_rules: Vec<CodeRule>,
    pub(super) lexicons: Lexicons,
    /// Where each lexicon is first defined.
    pub(super) lexicon_origin: HashMap<String, Origin>,
    /// Each lexicon entry as read, in order, for clash warnings: where an
    /// alias was first given to a canonical name ([`Defs::alias_origin`]).
    /// Kept as read and searched only when a clash is warned of: a map
    /// keyed by each alias cost four allocations per alias at every start.
    pub(super) entries_read: Vec<EntryRead>,
    pub(super) drafts: Vec<Draft>,
    /// Rules turned off, with where that was said.
    pub(super) disabled: BTreeMap<String, Origin>,
}

/// One rule file parsed, or the error that names its file and line. An
/// embedded file as it was built reads from its known document instead
/// ([`super::known_docs`]).
pub(super) fn parse_file((file, text): &(String, String)) -> Result<FileDoc, RuleError> {
    if let Some(doc) = super::known_docs::lookup(file, text) {
        return Ok(doc);
    }
    parse_toml(file, text)
}

/// [`parse_file`] through the TOML parser.
pub(super) fn parse_toml(file: &str, text: &str) -> Result<FileDoc, RuleError> {
    toml::from_str(text).map_err(|e| toml_error(file, &Arc::from(text), &e))
}

/// A layer's files parsed, in order, shared among the cores: parsing the
/// TOML is a fifth of loading the built-in rules, and each file parses
/// alone. The files are dealt out largest first to the least loaded
/// worker of the pool (whose threads the extraction uses next: a thread
/// of its own cost 0.1 to 0.3 ms to start); what each file means is still
/// read in order.
fn parse_all(layer: &[(String, String)]) -> Vec<Result<FileDoc, RuleError>> {
    use rayon::prelude::*;
    let workers = rayon::current_num_threads().min(layer.len());
    if workers < 2 {
        return layer.iter().map(parse_file).collect();
    }
    let mut order: Vec<usize> = (0..layer.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(layer[i].1.len()));
    let mut parts: Vec<Vec<usize>> = vec![Vec::new(); workers];
    let mut loads = vec![0usize; workers];
    for i in order {
        let w = (0..workers).min_by_key(|&w| loads[w]).unwrap_or(0);
        parts[w].push(i);
        loads[w] += layer[i].1.len();
    }
    let parsed: Vec<Vec<(usize, Result<FileDoc, RuleError>)>> = parts
        .par_iter()
        .map(|part| part.iter().map(|&i| (i, parse_file(&layer[i]))).collect())
        .collect();
    let mut out: Vec<Option<Result<FileDoc, RuleError>>> = layer.iter().map(|_| None).collect();
    for (i, doc) in parsed.into_iter().flatten() {
        out[i] = Some(doc);
    }
    out.into_iter()
        .map(|d| d.expect("every file was parsed"))
        .collect()
}

impl Defs {
    /// Where `alias` (or an alias that looks up alike) was first given to
    /// `canonical` in `lexicon`: the first entry read that gave it.
    pub(super) fn alias_origin(
        &self,
        lexicon: &str,
        alias: &str,
        canonical: &str,
    ) -> Option<&Origin> {
        let key = lookup_key(alias);
        self.entries_read
            .iter()
            .find(|e| {
                e.lexicon == lexicon
                    && e.canonical == canonical
                    && e.aliases
                        .iter()
                        .chain([&e.canonical])
                        .any(|a| lookup_key(a) == key)
            })
            .map(|e| &e.origin)
    }

    /// Reads layers of rule files in order (see [`super::RuleSet::from_layers`]).
    pub(super) fn read(layers: &[Vec<(String, String)>]) -> Result<Defs, RuleError> {
        let mut defs = Defs::default();
        for layer in layers {
            // Within a layer an id may be defined once.
            let mut ids_here: HashMap<String, Origin> = HashMap::new();
            for ((file, text), doc) in layer.iter().zip(parse_all(layer)) {
                defs.file(file, text, doc?, &mut ids_here)?;
            }
        }
        Ok(defs)
    }

    /// One rule file's tables, in the order: code rule ids, pieces,
    /// lexicons, lexicon options, rules.
    fn file(
        &mut self,
        file: &str,
        text: &str,
        doc: FileDoc,
        ids_here: &mut HashMap<String, Origin>,
    ) -> Result<(), RuleError> {
        let src: Arc<str> = Arc::from(text);
        let lines = Lines::new(text);
        let origin = |span: Range<usize>| Origin {
            file: file.to_string(),
            line: lines.of(span.start),
        };
        for (id, d) in doc.code_rules {
            let origin = origin(d.span());
            self.code_rules.retain(|c: &CodeRule| c.id != id);
            self.code_rules.push(CodeRule {
                id,
                doc: d.into_inner(),
                origin,
            });
        }
        for (name, value) in doc.pieces {
            let origin = origin(value.span());
            self.pieces.insert(name, (value.into_inner(), origin));
        }
        for (name, entries) in doc.lexicons {
            self.lexicon(file, &lines, name, entries);
        }
        for (name, opts) in doc.lexicon_options {
            let lex = self
                .lexicons
                .entry(name.clone())
                .or_insert_with(|| Lexicon::new(&name));
            lex.after_digits = opts.after_digits;
            lex.before_digits = opts.before_digits;
        }
        for spanned in doc.rules {
            self.rule(file, &src, &lines, spanned, ids_here)?;
        }
        Ok(())
    }

    /// A `[lexicons.NAME]` table: its aliases are added to the lexicon.
    fn lexicon(
        &mut self,
        file: &str,
        lines: &Lines,
        name: String,
        entries: BTreeMap<String, Spanned<Vec<String>>>,
    ) {
        let lex = self
            .lexicons
            .entry(name.clone())
            .or_insert_with(|| Lexicon::new(&name));
        let mut first_line = None;
        for (canonical, aliases) in entries {
            let line = lines.of(aliases.span().start);
            first_line.get_or_insert(line);
            lex.add(&canonical, aliases.get_ref());
            self.entries_read.push(EntryRead {
                lexicon: name.clone(),
                canonical,
                aliases: aliases.into_inner(),
                origin: Origin {
                    file: file.to_string(),
                    line,
                },
            });
        }
        self.lexicon_origin.entry(name).or_insert(Origin {
            file: file.to_string(),
            line: first_line.unwrap_or(1),
        });
    }

    /// A `[[rules]]` entry: a new rule, one replacing the rule of an
    /// earlier layer with its id, or `enabled = false` turning one off.
    fn rule(
        &mut self,
        file: &str,
        src: &Arc<str>,
        lines: &Lines,
        spanned: Spanned<RuleDoc>,
        ids_here: &mut HashMap<String, Origin>,
    ) -> Result<(), RuleError> {
        let line = lines.of(spanned.span().start);
        let r = spanned.into_inner();
        let id = r.id.get_ref().clone();
        let id_span = r.id.span();
        let here = Origin {
            file: file.to_string(),
            line,
        };
        let at =
            |span: Range<usize>, m: String| RuleError::at(file, src, span, Some(id.clone()), m);
        if let Some(first) = ids_here.get(&id) {
            return Err(at(id_span, "duplicate rule id".into())
                .with_label("this id is already used")
                .with_note(format!(
                    "`{id}` is first defined at {first}; within one folder an id may be used once (a rule in your --rules folder replaces a built-in rule with the same id)"
                )));
        }
        ids_here.insert(id.clone(), here.clone());
        let existing = self.drafts.iter().position(|d| d.id == id);
        if r.enabled == Some(false) {
            self.disabled.insert(id.clone(), here.clone());
            if r.pattern.is_none() {
                return Ok(());
            }
        } else {
            self.disabled.remove(&id);
        }
        let kind = kind_of(&r, existing.map(|i| &self.drafts[i]), &at)?;
        let Some(pattern) = r.pattern else {
            return Err(
                at(id_span, "missing `pattern`".into()).with_label("this rule has no `pattern`")
            );
        };
        let pattern_span = pattern.span();
        let set = Settings::read(&r.set, kind).map_err(|e| {
            // The key as written in the rule (from its id to the next
            // table: the entry's own span is not always all of it), else
            // the rule's id.
            let from = id_span.start;
            let rest = &src[from..];
            let rule_text = &rest[..rest.find("\n[").unwrap_or(rest.len())];
            let key_at = key_in(rule_text, &e.key).map(|i| from + i..from + i + e.key.len());
            at(key_at.unwrap_or(id_span.clone()), e.message).with_label("in this rule's `set`")
        })?;
        let draft = Draft {
            id,
            kind,
            pattern: pattern.into_inner(),
            priority: r.priority,
            case_sensitive: r.case_sensitive,
            set,
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
            Some(i) => self.drafts[i] = draft,
            None => self.drafts.push(draft),
        }
        Ok(())
    }
}

/// A rule's kind: as written, else that of the rule it replaces.
/// Where `key =` is written in a rule's text (the key of its `set` an
/// error is about).
fn key_in(rule: &str, key: &str) -> Option<usize> {
    rule.match_indices(key).map(|(i, _)| i).find(|&i| {
        let before = rule[..i].chars().next_back();
        let after = rule[i + key.len()..].trim_start_matches([' ', '\t']);
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('=')
    })
}

fn kind_of(
    r: &RuleDoc,
    existing: Option<&Draft>,
    at: &dyn Fn(Range<usize>, String) -> RuleError,
) -> Result<Kind, RuleError> {
    let (kind_name, kind_span) = match (&r.kind, existing) {
        (Some(k), _) => (k.get_ref().clone(), k.span()),
        (None, Some(d)) => (d.kind.name().to_string(), r.id.span()),
        (None, None) => {
            return Err(at(r.id.span(), "missing `kind`".into())
                .with_label("this rule has no `kind` (seizure, money, count, date or exclude)"))
        }
    };
    Kind::parse(&kind_name).ok_or_else(|| {
        at(kind_span, format!("unknown kind `{kind_name}`"))
            .with_label("expected seizure, money, count, date or exclude")
    })
}
