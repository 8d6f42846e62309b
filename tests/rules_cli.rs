//! `blotter rules check|test|list|export`, `blotter explain` and rule
//! errors, through the real binary with temporary `--rules` folders.

use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

mod common;
use common::Scratch;

static N: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty folder.
fn tempdir() -> Scratch {
    let d = std::env::temp_dir().join(format!(
        "blotter-rules-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Scratch(d)
}

/// A rules folder holding the given files.
fn rules_dir(files: &[(&str, &str)]) -> Scratch {
    let d = tempdir();
    for (name, text) in files {
        std::fs::write(d.join(name), text).unwrap();
    }
    d
}

fn blotter(args: &[&str], stdin: &str) -> Output {
    common::blotter_in(None, args, stdin)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn p(d: &Path) -> String {
    d.display().to_string()
}

/// Every command that loads rules refuses to run with a bad rule file:
/// exit 2, nothing on stdout, and stderr says where and why.
fn assert_bad_rules(dir: &Path, wants: &[&str]) -> String {
    let d = p(dir);
    let runs: [&[&str]; 4] = [
        &["--rules", &d],
        &["rules", "check", "--rules", &d],
        &["rules", "test", "--rules", &d],
        &["explain", "--rules", &d],
    ];
    let mut last = String::new();
    for args in runs {
        let out = blotter(args, "Officers seized 460.5g of cocaine.");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}\n{err}");
        assert!(
            out.stdout.is_empty(),
            "{args:?} wrote: {}",
            text(&out.stdout)
        );
        for w in wants {
            assert!(err.contains(w), "{args:?}: no {w:?} in:\n{err}");
        }
        last = err;
    }
    last
}

#[test]
fn broken_regex_points_at_file_line_column_and_rule() {
    let dir = rules_dir(&[(
        "bad.toml",
        "[[rules]]\nid = \"my.widgets\"\nkind = \"count\"\npattern = '''(?P<count>\\d+ widgets'''\nexamples = [{ text = \"5 widgets\" }]\n",
    )]);
    let err = assert_bad_rules(
        &dir,
        &[
            "bad.toml:4:14",
            "rule `my.widgets`",
            "invalid regex: unclosed group",
        ],
    );
    // The offending text is shown and underlined.
    assert!(
        err.contains("4 | pattern = '''(?P<count>\\d+ widgets'''"),
        "{err}"
    );
    assert!(err.contains("|              ^ unclosed group"), "{err}");
}

#[test]
fn regex_error_after_a_piece_is_still_placed_in_the_file() {
    let dir = rules_dir(&[(
        "bad.toml",
        "[[rules]]\nid = \"my.widgets\"\nkind = \"count\"\npattern = '''(?P<count>%{num}) widgets ([a-z)'''\n",
    )]);
    assert_bad_rules(&dir, &["bad.toml:4:41", "unclosed character class"]);
}

#[test]
fn regex_error_inside_a_piece_names_the_piece() {
    let dir = rules_dir(&[(
        "bad.toml",
        "[pieces]\nodd = '''x{2,1}'''\n[[rules]]\nid = \"my.widgets\"\nkind = \"count\"\npattern = '''(?P<count>\\d+) %{odd}'''\n",
    )]);
    assert_bad_rules(
        &dir,
        &[
            "bad.toml:6:29",
            "inside `%{odd}`",
            "piece `odd` is defined at",
        ],
    );
}

#[test]
fn toml_error_gives_file_line_and_column() {
    let dir = rules_dir(&[(
        "bad.toml",
        "[[rules]]\nid = \"my.widgets\"\nkind = \"count\"\npatern = '''(?P<count>\\d+) widgets'''\n",
    )]);
    assert_bad_rules(
        &dir,
        &[
            "bad.toml:4:1",
            "not valid rule TOML",
            "unknown field `patern`",
            "rule `my.widgets`",
        ],
    );
    let dir = rules_dir(&[("bad.toml", "[lexicons.drug]\ncocaine = [\"coke\"\n")]);
    assert_bad_rules(&dir, &["bad.toml:2:", "not valid rule TOML"]);
}

#[test]
fn a_set_key_or_value_the_rule_cannot_take_is_an_error() {
    // A typo in `set` was silently ignored: the rule ran without it.
    let rule = |set: &str| {
        format!("[[rules]]\nid = \"my.widgets\"\nkind = \"seizure\"\npattern = '''(?P<qty>\\d+) (?P<drug>widgets)'''\nset = {{ unit = \"pill\", {set} }}\nexamples = [{{ text = \"5 widgets\" }}]\n")
    };
    let dir = rules_dir(&[("s.toml", &rule("packging = \"yes\""))]);
    assert_bad_rules(
        &dir,
        &[
            "s.toml:5:24",
            "rule `my.widgets`",
            "unknown `set` key `packging`",
            "packaging",
        ],
    );
    let dir = rules_dir(&[("s.toml", &rule("ref_scope = \"sentense\""))]);
    assert_bad_rules(&dir, &["s.toml:5:24", "`ref_scope` takes \"sentence\""]);
    let dir = rules_dir(&[("s.toml", &rule("what = \"arrests\""))]);
    assert_bad_rules(&dir, &["s.toml:5:24", "is for count rules, not seizure"]);
}

#[test]
fn duplicate_id_in_one_folder_is_an_error() {
    let rule = "[[rules]]\nid = \"my.widgets\"\nkind = \"count\"\npattern = '''(?P<count>\\d+) widgets'''\nset = { what = \"arrests\" }\nexamples = [{ text = \"5 widgets\" }]\n";
    let dir = rules_dir(&[("a.toml", rule), ("b.toml", rule)]);
    let err = assert_bad_rules(
        &dir,
        &["b.toml:2:6", "duplicate rule id", "rule `my.widgets`"],
    );
    assert!(
        err.contains("a.toml:1"),
        "names the first definition: {err}"
    );
}

#[test]
fn other_lints_that_are_errors() {
    let rule = |pattern: &str| {
        format!("[[rules]]\nid = \"my.r\"\nkind = \"count\"\npattern = '''{pattern}'''\nset = {{ what = \"arrests\" }}\nexamples = [{{ text = \"5 widgets\" }}]\n")
    };
    let dir = rules_dir(&[("e.toml", &rule(r"(?P<count>\d*)"))]);
    assert_bad_rules(&dir, &["e.toml:4:11", "can match the empty string"]);
    let dir = rules_dir(&[("e.toml", &rule(r"(?P<cnt>\d+) widgets"))]);
    assert_bad_rules(
        &dir,
        &[
            "e.toml:4:14",
            "capture `cnt` is not a field of a count fact",
        ],
    );
    let dir = rules_dir(&[("e.toml", &rule(r"(?P<count>%{nmu}) widgets"))]);
    assert_bad_rules(&dir, &["e.toml:4:24", "unknown piece `%{nmu}`"]);
}

#[test]
fn rules_check_prints_warnings_and_exits_0() {
    let dir = rules_dir(&[(
        "w.toml",
        r#"[pieces]
never = '''zzz'''

[lexicons.drug]
heroin = ["charlie"]
cocaine = ["charlie"]

[[rules]]
id = "my.no-examples"
kind = "count"
pattern = '''(?P<count>\d+) widgets'''
set = { what = "arrests" }

[[rules]]
id = "no.such.rule"
enabled = false

[[rules]]
id = "my.anything"
kind = "count"
pattern = '''(?P<count>[a-z]+) [A-Z][a-z]+'''
set = { what = "arrests" }
"#,
    )]);
    let out = blotter(&["rules", "check", "--rules", &p(&dir)], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    for w in [
        "w.toml:2: piece `never` is never used",
        "w.toml:5: lexicon `drug`: alias `charlie` is claimed by both `cocaine` and `heroin` (`cocaine` wins)",
        "w.toml:8: rule `my.no-examples` has no examples",
        "`enabled = false` turns off no rule",
        "w.toml:18: rule `my.anything` runs over every sentence",
        "(6 warnings)",
    ] {
        assert!(stdout.contains(w), "no {w:?} in:\n{stdout}");
    }
    // Built-in rules alone: no warnings.
    let out = blotter(&["rules", "check"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("(0 warnings)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn rules_test_fails_and_names_the_broken_example() {
    let dir = rules_dir(&[(
        "t.toml",
        r#"[[rules]]
id = "my.widgets"
kind = "count"
pattern = '''(?P<count>\d+) widgets'''
set = { what = "arrests" }
examples = [
  { text = "5 widgets", expect = { value = 5 } },
  { text = "7 widgets", expect = { value = 8 } },
]
counter = ["no widgets here"]
"#,
    )]);
    let out = blotter(&["rules", "test", "--rules", &p(&dir), "my.widgets"], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("test my.widgets example \"5 widgets\" ... ok"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test my.widgets example \"7 widgets\" ... FAILED"),
        "{stdout}"
    );
    assert!(stdout.contains("t.toml:1"), "{stdout}");
    assert!(
        stdout.contains("expected: a count fact from `my.widgets` with {value = 8}"),
        "{stdout}"
    );
    assert!(stdout.contains("got: {\"rule\":\"my.widgets\""), "{stdout}");
    assert!(stdout.contains("\"value\":7.0"), "{stdout}");
    assert!(
        stdout.contains("test result: FAILED. 2 passed; 1 failed"),
        "{stdout}"
    );

    // The built-in examples all pass.
    let out = blotter(&["rules", "test"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("test result: ok."));
}

#[test]
fn rules_list_shows_id_kind_origin_and_examples() {
    let out = blotter(&["rules", "list"], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    let line = stdout
        .lines()
        .find(|l| l.starts_with("seizure.qty-unit-of-drug "))
        .expect("the rule is listed");
    assert!(line.contains(" seizure "), "{line}");
    assert!(line.contains("rules/seizures.toml:"), "{line}");
    assert!(line.contains(" examples"), "{line}");
}

#[test]
fn export_refuses_a_folder_that_is_not_empty() {
    let dir = tempdir();
    std::fs::write(dir.join("mine.toml"), "# mine\n").unwrap();
    let out = blotter(&["rules", "export", &p(&dir)], "");
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("not empty"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join("seizures.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.toml")).unwrap(),
        "# mine\n"
    );

    let out = blotter(&["rules", "export", "--force", &p(&dir)], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("seizures.toml").exists());

    // Into a new folder; the copy loads on its own, as the built-in rules do.
    let scratch = tempdir();
    let fresh = scratch.join("copy");
    let out = blotter(&["rules", "export", &p(&fresh)], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(fresh.join("README.md").exists());
    let out = blotter(
        &[
            "rules",
            "check",
            "--no-default-rules",
            "--rules",
            &p(&fresh),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("(0 warnings)"),
        "{}",
        text(&out.stdout)
    );
}

fn record(args: &[&str], input: &str) -> Value {
    let out = blotter(args, input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_user_folder_adds_replaces_and_turns_off() {
    let input =
        "Officers seized 460.5g of cocaine and 2kg of ethyleneoxynitazene. Police found 5 widgets.";
    let dir = rules_dir(&[(
        "mine.toml",
        r#"[lexicons.drug]
nitazenes = ["ethyleneoxynitazene"]

# A new rule.
[[rules]]
id = "my.widgets"
kind = "count"
pattern = '''(?P<count>\d+) widgets'''
set = { what = "weapons" }
examples = [{ text = "5 widgets", expect = { what = "weapons" } }]

# A built-in rule replaced by its id (kind kept from the built-in one).
[[rules]]
id = "seizure.qty-unit-of-drug"
pattern = '''(?P<qty>%{num})\s*(?P<unit>%{mass_unit})\s+of\s+(?P<drug>%{drug})\b'''
set = { }
examples = [{ text = "5g of cocaine", expect = { drug = "cocaine" } }]
"#,
    )]);
    let r = record(&["--rules", &p(&dir)], input);
    let s = r["seizures"].as_array().unwrap();
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(s[1]["drug"], "nitazenes");
    assert_eq!(s[1]["rule"], "seizure.qty-unit-of-drug");
    assert_eq!(r["counts"][0]["what"], "weapons");
    assert_eq!(r["counts"][0]["rule"], "my.widgets");

    let off = rules_dir(&[(
        "off.toml",
        "[[rules]]\nid = \"seizure.qty-unit-of-drug\"\nenabled = false\n",
    )]);
    let r = record(&["--rules", &p(&off)], input);
    assert!(r["seizures"].as_array().unwrap().is_empty(), "{r}");
    let list = text(&blotter(&["rules", "list", "--rules", &p(&off)], "").stdout);
    assert!(!list.contains("seizure.qty-unit-of-drug "), "{list}");
}

/// The built-in rules' gate literals and anchors are made in advance for
/// the built-in lexicons: an alias a user's folder adds to a lexicon still
/// reaches the built-in rules that name it (the sentence holds no other
/// drug for the gate to find).
#[test]
fn a_users_alias_reaches_the_built_in_rules_made_in_advance() {
    let input = "Police seized 3kg of zebradust in Leeds.";
    let plain = record(&[], input);
    assert!(plain["seizures"].as_array().unwrap().is_empty(), "{plain}");
    let dir = rules_dir(&[("lex.toml", "[lexicons.drug]\ncocaine = [\"zebradust\"]\n")]);
    let r = record(&["--rules", &p(&dir)], input);
    let s = r["seizures"].as_array().unwrap();
    assert_eq!(s.len(), 1, "{r}");
    assert_eq!(s[0]["text"], "3kg of zebradust");
    assert_eq!(s[0]["drug"], "cocaine");
    assert_eq!(s[0]["rule"], "seizure.qty-unit-of-drug");
}

#[test]
fn overlaps_longest_then_priority_then_file_order() {
    // Two user rules matching the same span: file order decides.
    let rule = |id: &str, what: &str, extra: &str, pattern: &str| {
        format!("[[rules]]\nid = \"{id}\"\nkind = \"count\"\npattern = '''{pattern}'''\nset = {{ what = \"{what}\" }}\n{extra}examples = [{{ text = \"5 widgets\" }}]\n")
    };
    let input = "Police found 5 widgets sold.";
    let a = rule("my.a", "arrests", "", r"(?P<count>\d+) widgets");
    let b = rule("my.b", "weapons", "", r"(?P<count>\d+) widgets");
    let dir = rules_dir(&[("1.toml", &a), ("2.toml", &b)]);
    let r = record(&["--rules", &p(&dir)], input);
    assert_eq!(r["counts"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["counts"][0]["rule"], "my.a", "file order");

    // A higher priority beats file order.
    let b = rule(
        "my.b",
        "weapons",
        "priority = 1\n",
        r"(?P<count>\d+) widgets",
    );
    let dir = rules_dir(&[("1.toml", &a), ("2.toml", &b)]);
    let r = record(&["--rules", &p(&dir)], input);
    assert_eq!(r["counts"][0]["rule"], "my.b", "priority");

    // The longest span beats priority.
    let c = rule("my.c", "phones", "", r"(?P<count>\d+) widgets sold");
    let dir = rules_dir(&[("1.toml", &a), ("2.toml", &b), ("3.toml", &c)]);
    let r = record(&["--rules", &p(&dir)], input);
    assert_eq!(r["counts"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["counts"][0]["rule"], "my.c", "longest span");
}

#[test]
fn explain_text_and_json() {
    let input =
        "Officers seized 460.5g of cocaine and £3,000 in cash.\n\nThe heroin was sent for tests.";
    let out = blotter(&["explain"], input);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Not a terminal: no colour, facts in brackets.
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(stdout.contains("[460.5g of cocaine]"), "{stdout}");
    assert!(
        stdout.contains("seizure.qty-unit-of-drug (rules/seizures.toml:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("money.symbol-amount (rules/money.toml:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("drug named but no quantity found: `heroin`"),
        "{stdout}"
    );

    let out = blotter(&["explain", "--format", "json"], input);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = v["sentences"].as_array().unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0]["facts"][0]["kind"], "seizure");
    assert_eq!(s[0]["facts"][0]["rule"], "seizure.qty-unit-of-drug");
    assert!(s[0]["facts"][0]["origin"]
        .as_str()
        .unwrap()
        .starts_with("rules/seizures.toml:"));
    assert_eq!(s[0]["facts"][1]["kind"], "money");
    assert_eq!(s[1]["near_misses"][0]["kind"], "seizure");
    assert_eq!(s[1]["near_misses"][0]["text"], "heroin");
}

/// A folder used alone must define every lexicon the code reads: without
/// titles.toml, `rules check` and a run fail naming the lexicon (before,
/// `rules check` said ok while officials silently came back empty).
#[test]
fn a_folder_alone_without_a_needed_lexicon_fails_naming_it() {
    let scratch = tempdir();
    let dir = scratch.join("mine");
    let out = blotter(&["rules", "export", &p(&dir)], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::remove_file(dir.join("titles.toml")).unwrap();
    for args in [
        vec!["rules", "check", "--no-default-rules", "--rules", &p(&dir)],
        vec!["--no-default-rules", "--rules", &p(&dir)],
    ] {
        let out = blotter(&args, "Police seized 2kg of cocaine.");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("missing lexicon") && err.contains("title"),
            "{err}"
        );
        assert!(out.stdout.is_empty() || args[0] == "rules");
    }
    // On top of the built-in rules the same folder is fine.
    let out = blotter(&["rules", "check", "--rules", &p(&dir)], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Quote and speaker knowledge is rule data: a speech verb or a title alias
/// added in a user's folder changes the output, with no recompiling.
#[test]
fn a_user_folder_teaches_quotes_a_speech_verb_and_a_title() {
    let scratch = tempdir();
    let dir = scratch.join("mine");
    std::fs::create_dir_all(&dir).unwrap();
    let said = "Police seized 2kg of cocaine in Leeds.\n\n\"We will keep knocking on doors,\" Inspector Jane Smith deadpanned.\n";
    let speaker = |v: &Value| v["quotes"][0]["speaker"].clone();
    assert_eq!(speaker(&record(&[], said)), Value::Null);
    std::fs::write(
        dir.join("verbs.toml"),
        "[lexicons.speech_verb]\nsaid = [\"deadpanned\"]\n",
    )
    .unwrap();
    assert_eq!(
        speaker(&record(&["--rules", &p(&dir)], said)),
        Value::from("Jane Smith")
    );

    let titled = "Police seized 2kg of cocaine at the port.\n\n\"The boat was riding low in the water,\" said Harbourmaster Tom Reed.\n";
    assert_eq!(record(&[], titled)["quotes"][0]["title"], Value::Null);
    std::fs::write(
        dir.join("titles.toml"),
        "[lexicons.title]\n\"Harbour Master\" = [\"Harbourmaster\"]\n",
    )
    .unwrap();
    let rec = record(&["--rules", &p(&dir)], titled);
    assert_eq!(rec["quotes"][0]["speaker"], Value::from("Tom Reed"));
    assert_eq!(rec["quotes"][0]["title"], Value::from("Harbour Master"));
}

/// The words that make up names are rule data too: an honorific added in a
/// user's folder is no longer read as part of the speaker's name.
#[test]
fn a_user_folder_teaches_quotes_an_honorific() {
    let scratch = tempdir();
    let dir = scratch.join("mine");
    std::fs::create_dir_all(&dir).unwrap();
    let said = "Police seized 2kg of cocaine in Leeds.\n\n\"We will keep knocking on doors,\" said Rev Jane Smith.\n";
    let speaker = |v: &Value| v["quotes"][0]["speaker"].clone();
    assert_eq!(speaker(&record(&[], said)), Value::from("Rev Jane Smith"));
    std::fs::write(
        dir.join("names.toml"),
        "[lexicons.honorific]\nDr = [\"Rev\", \"Rev.\"]\n",
    )
    .unwrap();
    assert_eq!(
        speaker(&record(&["--rules", &p(&dir)], said)),
        Value::from("Jane Smith")
    );
}

/// `rules list` shows every rule id an output can carry, the quote stage's
/// included, each with its doc.
#[test]
fn rules_list_shows_quote_rule_ids_with_their_doc() {
    let out = blotter(&["rules", "list"], "");
    assert_eq!(out.status.code(), Some(0));
    let list = text(&out.stdout);
    for id in [
        "quote.said-after",
        "quote.unattributed",
        "official.title",
        "count.number-noun",
    ] {
        let at = list.find(id).unwrap_or_else(|| panic!("{id} not listed"));
        let doc = list[at..].lines().nth(1).unwrap_or("");
        assert!(
            doc.starts_with("    ") && doc.trim().len() > 10,
            "{id}: {doc:?}"
        );
    }
}
