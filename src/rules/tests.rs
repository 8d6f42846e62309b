//! Unit tests of the rule language: loading, errors, lexicon tries.

use super::lexicon::alias_tokens;
use super::*;
use regex::{Regex, RegexBuilder};

fn load(text: &str) -> Result<RuleSet, RuleError> {
    RuleSet::from_files(&[("t.toml".to_string(), text.to_string())])
}

/// Every pattern the code reads ([`Pat`]), built without the prefilter
/// search ([`matcher::PatternRegex`]), finds what the regex crate's
/// `Regex` of the same expansion finds: its matches over the corpus and
/// over each line alone, whether a line matches, and the first group.
#[test]
fn code_patterns_match_as_the_regex_crate() {
    let rs = RuleSet::builtin().unwrap();
    let corpus = crate::testing::corpus_texts();
    for p in Pat::ALL {
        let ours = rs.pattern(p).expect("the embedded rules define it");
        let source = rs.pattern_source(&format!("%{{{}}}", p.name())).unwrap();
        let theirs = RegexBuilder::new(&source)
            .size_limit(64 << 20)
            .build()
            .unwrap();
        for text in &corpus {
            let a: Vec<_> = ours.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let b: Vec<_> = theirs
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(a, b, "pattern {p}");
            for line in text.lines() {
                assert_eq!(ours.is_match(line), theirs.is_match(line), "{p}: {line}");
                let group = |c: regex::Captures| c.get(1).map(|m| (m.start(), m.end()));
                assert_eq!(
                    ours.group(line, 1).map(|g| g.map(|m| (m.start(), m.end()))),
                    theirs.captures(line).map(group),
                    "{p}: {line}"
                );
                let a: Vec<_> = ours
                    .group_iter(line, 1)
                    .flatten()
                    .map(|m| m.start())
                    .collect();
                let b: Vec<_> = theirs
                    .captures_iter(line)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.start())
                    .collect();
                assert_eq!(a, b, "{p}: {line}");
            }
        }
    }
}

/// A pattern that does not build says why as the regex crate does.
#[test]
fn a_pattern_error_reads_as_the_regex_crates() {
    // Built at run time: a user's piece, not a literal clippy checks.
    let bad = String::from("(?P<x>a");
    let ours = matcher::PatternRegex::new(&bad, false).unwrap_err();
    let theirs = Regex::new(&bad).unwrap_err().to_string();
    assert_eq!(ours, theirs);
}

/// The trie a lexicon compiles to matches what the flat alternation
/// of its aliases (longest first) matches, and so does its
/// [`matcher::LexiconRegex`]. Found on the way: tokens
/// that differ only in case ("MDMA powder", "mdma") must share a node,
/// or "MDMA powder" matched as "MDMA".
#[test]
fn lexicon_trie_matches_like_the_flat_list() {
    let rs = RuleSet::builtin().unwrap();
    let corpus = crate::testing::corpus_texts().concat();
    let mut names: Vec<&String> = rs.lexicons.keys().collect();
    names.sort();
    for name in names {
        let lex = &rs.lexicons[name];
        let aliases = lex.aliases_longest_first();
        let flat: Vec<String> = aliases
            .iter()
            .map(|a| {
                let mut p = String::new();
                for t in alias_tokens(a, true, !lex.before_digits) {
                    t.write(&mut p);
                }
                p
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
        // The regex the facts stages search with (no groups, no literal
        // prefilter) finds what the regex crate finds.
        let own: Vec<(usize, usize)> = matcher::LexiconRegex::new(&lex.regex(true))
            .unwrap()
            .find_iter(&text)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert_eq!(
            own, t,
            "lexicon `{name}`: LexiconRegex against regex::Regex"
        );
        // So does the walk of its trie, which every embedded lexicon gets
        // (and which its search starts with).
        let search = matcher::LexiconRegex::of(lex).unwrap();
        assert!(search.walks(), "lexicon `{name}` is not walked");
        let walk = lex.walk().expect("walks");
        let mut walked: Vec<(usize, usize)> = Vec::new();
        while let Some((s, e)) = walk.find_at(&text, walked.last().map_or(0, |m| m.1)) {
            walked.push((s, e));
        }
        if walked != t {
            let i = (0..t.len().max(walked.len()))
                .find(|&i| t.get(i) != walked.get(i))
                .unwrap_or(0);
            let show = |m: Option<&(usize, usize)>| m.map(|&(s, e)| (s, &text[s..e]));
            panic!(
                "lexicon `{name}`: the walk finds {:?}, the regex {:?}",
                show(walked.get(i)),
                show(t.get(i))
            );
        }
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

/// Aliases that start at a word boundary share one boundary and then
/// branch letter by letter: each had been a branch of its own, since the
/// boundary token never joined a branch. Aliases that all end at a word
/// boundary share the one after them too.
#[test]
fn lexicon_trie_shares_the_leading_boundary() {
    let mut lex = Lexicon::new("drug");
    lex.add("cocaine", &["coke".to_string(), "crack".to_string()]);
    assert_eq!(
        lex.regex(true),
        r"(?:(?-u:\b)c(?:o(?:caine|ke)|rack)(?-u:\b))"
    );
    // An alias that is the start of another ends where the longer goes
    // on, tried after it; one that ends without a boundary keeps its own.
    lex.add("cokehead", &["coke.".to_string()]);
    assert_eq!(
        lex.regex(true),
        r"(?:(?-u:\b)c(?:o(?:ke(?:head(?-u:\b)|\.?|(?-u:\b))|caine(?-u:\b))|rack(?-u:\b)))"
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
    // Loaded eagerly, each rule's expanded pattern is written out at load;
    // loaded lazily, from its holes on demand: the same text.
    let eager = RuleSet::from_layers(&[builtin_files()]).unwrap();
    for (a, b) in rs.rules.iter().zip(&eager.rules) {
        assert!(
            !b.from_holes && (a.from_holes || a.id.starts_with("line.")),
            "rule `{}`",
            a.id
        );
        assert_eq!(a.source(), b.source(), "rule `{}`", a.id);
        assert_eq!(a.groups(), b.groups());
    }
}

/// Loading the embedded rules alone does not look for aliases two
/// canonical names claim: there are none, and loaded as a user's
/// rules they warn of nothing.
#[test]
fn builtin_lexicons_have_no_clashes() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    for (name, lex) in &rs.lexicons {
        assert_eq!(
            lex.clashes(),
            Vec::new(),
            "lexicon `{name}`: an alias is claimed twice"
        );
    }
    let eager = RuleSet::from_layers(&[builtin_files()]).unwrap();
    assert!(
        eager
            .warnings
            .iter()
            .all(|w| !w.contains("is claimed by both")),
        "{:?}",
        eager.warnings
    );
}

/// Only the plain unit class is held everywhere ("g" may follow digits;
/// rules that put none before it need the strict class, which sees it).
/// The drug class was, from the alias "K-2" until its "K" stopped being
/// the part the gate looked for: every rule needing a drug then searched
/// every sentence.
#[test]
fn built_in_gate_looks_for_every_needed_class_but_the_unit() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    assert_eq!(rs.gate.held_everywhere(), ["mass_unit"]);
}

/// Every alias of a lexicon some rule needs has a part the sentence gate
/// can look for: one that has none ("złoty") made the money rules search
/// the whole text, and one letter alone ("X") is in every sentence; a
/// folder that adds one is warned. A lone letter beside a longer part
/// ("K-2") is not chosen: the part "2" is.
#[test]
fn needed_lexicons_have_no_aliases_the_gate_cannot_see() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    assert_eq!(rs.gate.blind_aliases(&rs.lexicons), Vec::new());
    for (lexicon, aliases, blind, warning) in [
        (
            "unit",
            r#"kg = ["kg", "ŁKG"]"#,
            "ŁKG",
            "alias `ŁKG` has no part",
        ),
        (
            "drug",
            r#"mdma = ["X", "K-2"]"#,
            "X",
            "alias `X` has no part",
        ),
    ] {
        let user = format!(
            r#"[lexicons.{lexicon}]
{aliases}

[[rules]]
id = "seizure.w"
kind = "seizure"
needs = ["{lexicon}"]
pattern = '''(?P<qty>[0-9]+)\s*(?P<unit>kg)\s+of\s+(?P<drug>%{{{lexicon}}})'''
examples = [{{ text = "3 kg of {blind}", expect = {{ quantity = 3 }} }}]
"#
        );
        let rs = load(&user).expect("loads");
        assert_eq!(
            rs.gate.blind_aliases(&rs.lexicons),
            [(lexicon.to_string(), blind.to_string())]
        );
        assert!(
            rs.warnings.iter().any(|w| w.contains(warning)),
            "{:?}",
            rs.warnings
        );
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
    let re = rs.rules[0].regex();
    let mut locs = re.capture_locations();
    re.captures_read(&mut locs, "5g of crack cocaine").unwrap();
    let (s, e) = locs.get(re.group_index("drug").unwrap()).unwrap();
    assert_eq!(&"5g of crack cocaine"[s..e], "crack cocaine");
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
    let e =
        load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<count>\\d+'\n").unwrap_err();
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
    let e =
        load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<count>\\d*)'\n").unwrap_err();
    assert!(e.message.contains("empty"), "{e}");
    let e =
        load("[[rules]]\nid = \"x\"\nkind = \"count\"\npattern = '(?P<cnt>\\d+)'\n").unwrap_err();
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

/// Every embedded rule's tree, built with each lexicon parsed once and
/// spliced in, is the tree of its fully expanded pattern: the regexes are
/// the same, only built faster. Only a rule that puts a lexicon under an
/// inline flag (`(?i:%{_stamp})` in a case-sensitive line rule) is parsed
/// whole.
#[test]
fn spliced_trees_are_the_parsed_trees() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    let mut whole = Vec::new();
    for r in &rs.rules {
        let holes = r.holes.as_deref().expect("every rule expands with holes");
        let ci = !r.case_sensitive;
        // Pieces as holes too: every rule but a line rule reads that way.
        let by_pieces = r.trees.rule_tree_by_pieces(&r.pattern, r.source(), ci);
        assert!(
            by_pieces.is_some() || r.id.starts_with("line."),
            "rule `{}` is not spliced piece by piece",
            r.id
        );
        let by_lexicons = r
            .trees
            .rule_tree(&r.pattern, holes, r.source(), r.case_sensitive);
        let Some(spliced) = by_pieces.or(by_lexicons) else {
            whole.push(r.id.as_str());
            continue;
        };
        let parsed = super::splice::parse(r.source(), !r.case_sensitive).unwrap();
        if spliced != parsed {
            let (a, b) = (format!("{spliced:?}"), format!("{parsed:?}"));
            let i = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "rule `{}`: spliced tree differs at {i}:\n{}\n{}",
                r.id,
                &a[i.saturating_sub(300)..(i + 300).min(a.len())],
                &b[i.saturating_sub(300)..(i + 300).min(b.len())]
            );
        }
    }
    assert!(
        whole.iter().all(|id| id.starts_with("line.")),
        "parsed whole: {whole:?}"
    );
}

/// The tree each embedded rule's anchors are found in, built from shared
/// lexicon trees, is the tree of its stand-in expansion (each long lexicon
/// as "any text"), parsed as the anchors always parsed it.
#[test]
fn anchor_trees_are_the_stand_in_trees() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    let mut stand_in = super::expand::Expander::new(&rs.pieces, &rs.lexicons, true);
    for r in &rs.rules {
        let holes = r.holes.as_deref().expect("every rule expands with holes");
        let Some(tree) = r.trees.anchor_tree(holes, r.source()) else {
            assert!(
                r.id.starts_with("line."),
                "rule `{}` has no anchor tree",
                r.id
            );
            continue;
        };
        let e = stand_in.expand(&r.pattern, &mut Vec::new()).unwrap();
        let parsed =
            super::splice::parse(&super::expand::ascii_word_boundaries(&e), false).unwrap();
        assert!(tree == parsed, "rule `{}`: anchor tree differs", r.id);
    }
}

/// The folded tree of every embedded rule that folds, built from each
/// lexicon's tree folded once, is the fold of its fully expanded pattern's
/// tree ([`super::fold`]): the same regex, built faster.
#[test]
fn folded_spliced_trees_are_the_folded_parsed_trees() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    let (mut folded, mut checked) = (0, 0);
    for r in &rs.rules {
        let (tree, is_folded) = super::compile::engine_tree(r).unwrap();
        let parsed = super::splice::parse(r.source(), !r.case_sensitive).unwrap();
        let foldable = r.kind != Kind::Line && super::fold::foldable(&parsed);
        // A case-sensitive part: the tree widened to either case, folded.
        let widened = (!foldable && r.kind != Kind::Line && r.case_sensitive)
            .then(|| super::fold::widen(&parsed))
            .filter(super::fold::foldable);
        assert_eq!(is_folded, foldable || widened.is_some(), "rule `{}`", r.id);
        assert_eq!(
            r.checks_case(),
            r.case_sensitive && is_folded,
            "rule `{}`",
            r.id
        );
        if foldable {
            folded += 1;
            let holes = r.holes.as_deref().expect("every rule expands with holes");
            assert!(
                r.trees
                    .folded_rule_tree(&r.pattern, holes, r.source())
                    .is_some(),
                "rule `{}` is not folded lexicon by lexicon",
                r.id
            );
            let by_pieces = r.trees.folded_rule_tree_by_pieces(&r.pattern, r.source());
            assert!(
                by_pieces.as_ref() == Some(&tree),
                "rule `{}` is not folded piece by piece, or differently",
                r.id
            );
            assert!(
                tree == super::fold::fold(&parsed),
                "rule `{}`: folded tree differs",
                r.id
            );
        } else if let Some(w) = widened {
            checked += 1;
            assert!(
                tree == super::fold::fold(&w),
                "rule `{}`: widened tree differs",
                r.id
            );
        } else {
            assert!(tree == parsed, "rule `{}`: tree differs", r.id);
        }
    }
    assert!(folded > 70, "{folded} rules fold");
    assert!(checked >= 2, "{checked} rules check their case");
}

/// A field's groups are exactly the groups that fill it, in group order,
/// for every built-in rule: a match reads its fields through them.
#[test]
fn field_groups_are_the_groups_of_each_field() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    for rule in &rules.rules {
        let fields = rule.groups();
        for f in crate::rules::contract::Field::ALL {
            let want: Vec<usize> = (0..fields.len())
                .filter(|&g| fields[g] == Some(f))
                .collect();
            let got: Vec<usize> = rule.field_groups().of(f).collect();
            assert_eq!(got, want, "{} {f:?}", rule.id);
        }
    }
}

/// The files of a layer are parsed in parallel, but read in order: with
/// two broken files the error names the first, at its line, and a good
/// file after a good one still extends it.
#[test]
fn files_parsed_in_parallel_report_the_first_error_in_order() {
    let good = "[pieces]\nn = '[0-9]+'\n".to_string();
    let bad = |n: usize| format!("{}[pieces\nx = 'y'\n", "\n".repeat(n));
    let layer = vec![
        ("a.toml".to_string(), good.clone()),
        ("b.toml".to_string(), bad(2)),
        ("c.toml".to_string(), bad(0)),
        (
            "d.toml".to_string(),
            (0..40).fold("[pieces]\n".to_string(), |t, i| {
                t + &format!("n{i} = 'x'\n")
            }),
        ),
    ];
    let err = RuleSet::from_layers(&[layer]).expect_err("a broken file fails");
    assert_eq!(err.origin.file, "b.toml");
    assert_eq!(err.origin.line, 3);
    let layer = vec![
        ("a.toml".to_string(), good),
        (
            "b.toml".to_string(),
            "[pieces]\nn = '[0-9]{2}'\n".to_string(),
        ),
    ];
    let defs = read::Defs::read(&[layer]).expect("good files read");
    assert_eq!(defs.pieces["n"].0, "[0-9]{2}");
    assert_eq!(defs.pieces["n"].1.file, "b.toml");
}

/// A clash warning names where the losing canonical name was given the
/// alias, found by lookup key (case and spacing aside), in a later file
/// when that is where it was said.
#[test]
fn a_clash_names_where_the_alias_was_given() {
    let a = "[lexicons.drug]\nmeth = ['crystal meth']\nheroin = ['smack']\n".to_string();
    let b = "\n\n[lexicons.drug]\nheroin = ['Crystal  Meth']\n".to_string();
    let defs = read::Defs::read(&[vec![("a.toml".into(), a)], vec![("b.toml".into(), b)]])
        .expect("files read");
    let o = defs
        .alias_origin("drug", "crystal-meth", "heroin")
        .expect("said");
    assert_eq!((o.file.as_str(), o.line), ("b.toml", 4));
    let o = defs.alias_origin("drug", "Smack", "heroin").expect("said");
    assert_eq!((o.file.as_str(), o.line), ("a.toml", 3));
    assert!(defs.alias_origin("drug", "smack", "meth").is_none());
}

/// A rule whose engine's NFA is known ([`super::known_nfas`]) builds its
/// tree later, away from the rule, for its full engine: the same tree as
/// the rule's own.
#[test]
fn a_known_engine_builds_the_rules_own_tree_later() {
    let rs = RuleSet::builtin().expect("built-in rules load");
    let later: Vec<_> = rs.rules.iter().map(compile::TreeParts::of).collect();
    for (r, parts) in rs.rules.iter().zip(&later) {
        let (tree, _) = compile::engine_tree(r).unwrap();
        assert!(parts.engine_tree() == Ok(tree), "rule `{}`", r.id);
    }
}
