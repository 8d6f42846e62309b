//! Loading a rule set: the built-in files and a user's folder as layers,
//! read, checked for what deserves a warning, compiled in parallel, with
//! the gate and the pieces the code reads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use super::compile::{compile_rule, LexiconRegexes};
use super::contract::{Lex, Pat};
use super::expand::Expanders;
use super::known_anchors::KnownAnchors;
use super::matcher::LexiconRegex;
use super::read::{Defs, Draft};
use super::splice::LexiconTrees;
use super::{Kind, Lexicons, Origin, Rule, RuleError, RuleSet};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

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
        RuleSet::load(&[builtin_files()], Load::Lazy)
    }

    /// [`RuleSet::builtin`] with every rule's anchors worked out afresh,
    /// for the test that checks the known ones.
    #[cfg(test)]
    pub(super) fn builtin_fresh() -> Result<RuleSet, RuleError> {
        RuleSet::load(&[builtin_files()], Load::Fresh)
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
        RuleSet::load(layers, Load::Eager)
    }

    /// [`RuleSet::from_layers`], building every regex now or on first use.
    fn load(layers: &[Vec<(String, String)>], how: Load) -> Result<RuleSet, RuleError> {
        let eager = how == Load::Eager;
        // The known anchors (a 70 KB JSON file) are read while the rule
        // files are: neither needs the other.
        let (defs, known) = rayon::join(
            || Defs::read(layers),
            || (how != Load::Fresh).then(KnownAnchors::builtin),
        );
        let defs = defs?;
        // The embedded lexicons have no clashes (a test says so): looking
        // for them keys every alias of every lexicon, which the embedded
        // rules alone need not do at each start.
        let mut warnings = defs.warnings(how != Load::Lazy);
        let Defs {
            pieces,
            code_rules,
            lexicons,
            lexicon_origin,
            drafts,
            disabled,
            ..
        } = defs;
        let live = live_drafts(drafts, &disabled, &mut warnings);
        let cells: LexiconRegexes =
            std::sync::Arc::new(Lex::ALL.iter().map(|_| OnceLock::new()).collect());
        let (results, lexicon_regexes) = compile_in_parallel(
            live,
            &pieces,
            &lexicons,
            &lexicon_origin,
            cells,
            known,
            eager,
        );
        let n: usize = results.iter().map(|(c, _)| c.len()).sum();
        let mut rules = Vec::with_capacity(n);
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
        // An alias the gate cannot look for holds its lexicon everywhere
        // (checked only when the gate was built afresh: the built-in
        // rules' known gate is checked by a test).
        if gate.fresh {
            for (lexicon, alias) in gate.blind_aliases(&lexicons) {
                let origin = lexicon_origin
                    .get(&lexicon)
                    .map_or_else(|| "?".to_string(), |o| o.to_string());
                warnings.push(format!(
                    "{origin}: lexicon `{lexicon}`: alias `{alias}` has no part the sentence gate can look for (its letters change case, or it is one letter), so every rule that needs `{lexicon}` runs over every sentence (correct, but slower; write the alias in ASCII as well or instead, or give it more than one letter)"
                ));
            }
        }
        // The engine's slow path: a rule the gate cannot narrow scans every
        // sentence of every article.
        for (ri, r) in rules.iter().enumerate() {
            if r.kind != Kind::Line && !gate.gated(ri, &r.id) {
                warnings.push(format!(
                    "{}: rule `{}` runs over every sentence: it has no `needs` and no literal that every match contains (correct, but slower; add `needs = [...]`)",
                    r.origin, r.id
                ));
            }
        }
        let mut set = RuleSet {
            rules,
            lexicons,
            pieces,
            warnings,
            lexicon_regexes,
            gate,
            line_gate: OnceLock::new(),
            families: Default::default(),
            expected: Default::default(),
            money_cues: OnceLock::new(),
            folding: !std::env::var("BLOTTER_NO_FOLD").is_ok_and(|v| !v.is_empty() && v != "0"),
            family_after: if std::env::var("BLOTTER_NO_FAMILIES")
                .is_ok_and(|v| !v.is_empty() && v != "0")
            {
                usize::MAX
            } else {
                crate::rules::families::FAMILY_AFTER
            },
            patterns: Pat::ALL.iter().map(|_| None).collect(),
            code_rules,
        };
        set.code_patterns(eager)?;
        Ok(set)
    }

    /// A cell for each piece the code reads ([`Pat::ALL`]) that this set
    /// defines; `eager` compiles them now.
    fn code_patterns(&mut self, eager: bool) -> Result<(), RuleError> {
        for p in Pat::ALL {
            let Some((_, origin)) = self.pieces.get(p.name()) else {
                continue;
            };
            let cell = OnceLock::new();
            if eager {
                let re = self.compile_piece(p).map_err(|e| {
                    RuleError::new(
                        origin.clone(),
                        None,
                        format!("piece `{p}` does not compile: {e}"),
                    )
                })?;
                let _ = cell.set(re);
            }
            self.patterns[p.index()] = Some(cell);
        }
        Ok(())
    }
}

impl Defs {
    /// Aliases two canonical names claim, and `enabled = false` that turns
    /// off no rule.
    /// The warnings of what was read; `clashes`: with the aliases two
    /// canonical names of a lexicon claim.
    fn warnings(&self, clashes: bool) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut lexicon_names: Vec<&String> = self.lexicons.keys().collect();
        lexicon_names.sort();
        for name in lexicon_names.into_iter().filter(|_| clashes) {
            for (alias, a, b) in self.lexicons[name].clashes() {
                let origin = self
                    .alias_origin(name, &alias, &b)
                    .or_else(|| self.lexicon_origin.get(name))
                    .map_or_else(|| "?".to_string(), |o| o.to_string());
                warnings.push(format!(
                    "{origin}: lexicon `{name}`: alias `{alias}` is claimed by both `{a}` and `{b}` (`{a}` wins)"
                ));
            }
        }
        for (id, origin) in &self.disabled {
            if !self.drafts.iter().any(|d| &d.id == id) {
                warnings.push(format!(
                    "{origin}: rule `{id}`: `enabled = false` turns off no rule (no rule has this id)"
                ));
            }
        }
        warnings
    }
}

/// The drafts not turned off, with a warning for each that has no examples.
fn live_drafts(
    drafts: Vec<Draft>,
    disabled: &BTreeMap<String, Origin>,
    warnings: &mut Vec<String>,
) -> Vec<Draft> {
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
    live
}

/// How a rule set loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    /// Regexes built on first use (the embedded rules).
    Lazy,
    /// Every regex built now (a user's rules: their errors show at load).
    Eager,
    /// As `Lazy`, with no anchors taken from [`KnownAnchors`].
    #[cfg_attr(not(test), allow(dead_code))]
    Fresh,
}

/// One worker's compiled rules (in order) and the pieces they used.
type ChunkResult = (Vec<Result<Rule, RuleError>>, HashSet<String>);

/// Compiling the regexes is nearly all of start-up: share it among the
/// pool's threads (which the extraction uses next: a thread of its own
/// cost 0.1 to 0.3 ms to start, a tenth of loading), each chunk with its
/// own expander, keeping file order (the caller reports the first error in
/// that order); the lexicons' own regexes meanwhile, when they are built
/// now (a lazy load has nothing to do there).
fn compile_in_parallel(
    mut live: Vec<Draft>,
    pieces: &BTreeMap<String, (String, Origin)>,
    lexicons: &Lexicons,
    lexicon_origin: &HashMap<String, Origin>,
    cells: LexiconRegexes,
    known: Option<&KnownAnchors>,
    eager: bool,
) -> (Vec<ChunkResult>, Result<LexiconRegexes, RuleError>) {
    use rayon::prelude::*;
    let workers = rayon::current_num_threads().min(live.len().max(1));
    let chunk = live.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<Draft>> = Vec::new();
    while !live.is_empty() {
        let rest = live.split_off(chunk.min(live.len()));
        chunks.push(std::mem::replace(&mut live, rest));
    }
    let patterns = chunks.iter().flatten().map(|d| d.pattern.as_str());
    let trees = std::sync::Arc::new(LexiconTrees::new(lexicons, pieces, patterns));
    let trees = &trees;
    rayon::join(
        || {
            chunks
                .into_par_iter()
                .map(|part| compile_chunk(part, pieces, lexicons, trees, known, eager))
                .collect()
        },
        || lexicon_regexes(cells, lexicons, lexicon_origin, eager),
    )
}

/// One worker's share of the rules, compiled in order.
fn compile_chunk(
    part: Vec<Draft>,
    pieces: &BTreeMap<String, (String, Origin)>,
    lexicons: &Lexicons,
    trees: &std::sync::Arc<LexiconTrees>,
    known: Option<&KnownAnchors>,
    eager: bool,
) -> ChunkResult {
    let mut ex = Expanders::new(pieces, lexicons, trees, known);
    let out: Vec<_> = part
        .into_iter()
        .map(|d| compile_rule(&mut ex, d, eager))
        .collect();
    // A rule whose expanded pattern is written out later from its holes
    // is only expanded with holes here: the pieces it uses are that
    // expansion's.
    let mut used = ex.full.used;
    used.extend(ex.holes.used);
    (out, used)
}

/// The cells of each lexicon's own regex; `eager` builds them now.
fn lexicon_regexes(
    out: LexiconRegexes,
    lexicons: &Lexicons,
    lexicon_origin: &HashMap<String, Origin>,
    eager: bool,
) -> Result<LexiconRegexes, RuleError> {
    if !eager {
        return Ok(out);
    }
    for (name, lex) in lexicons {
        let re = LexiconRegex::of(lex).map_err(|e| {
            RuleError::new(
                lexicon_origin.get(name).cloned().unwrap_or(Origin {
                    file: "?".into(),
                    line: 0,
                }),
                None,
                format!("lexicon `{name}` does not compile: {e}"),
            )
        })?;
        // Every lexicon is checked; those the code reads keep their search.
        if let Some(lex) = Lex::ALL.into_iter().find(|l| l.name() == name) {
            let _ = out[lex.index()].set(re);
        }
    }
    Ok(out)
}
