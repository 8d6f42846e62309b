//! The recipes of rules/README.md, performed word for word through the real
//! binary: the TOML blocks are taken from the README itself and written to
//! a fresh `my-rules/` folder, and the commands the README shows are run.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod common;
use common::Scratch;

const README: &str = include_str!("../rules/README.md");

/// A fresh, empty working folder for one test.
fn workdir(name: &str) -> Scratch {
    let d = std::env::temp_dir().join(format!("blotter-recipe-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Scratch(d)
}

/// The ```toml block of the README that starts with `# my-rules/FILE`.
fn block(file: &str) -> String {
    let marker = format!("```toml\n# my-rules/{file}\n");
    let start = README
        .find(&marker)
        .unwrap_or_else(|| panic!("rules/README.md has no block for my-rules/{file}"))
        + "```toml\n".len();
    let len = README[start..].find("```").unwrap();
    README[start..start + len].to_string()
}

/// Writes the README's block for `file` into `dir/my-rules/`.
fn follow(dir: &Path, file: &str) {
    std::fs::create_dir_all(dir.join("my-rules")).unwrap();
    std::fs::write(dir.join("my-rules").join(file), block(file)).unwrap();
}

/// Runs a command line as the README shows it: `[echo "TEXT" |] blotter ARGS`.
fn run(dir: &Path, line: &str) -> Output {
    assert!(
        README.contains(line),
        "rules/README.md no longer shows the command: {line}"
    );
    let (input, cmd) = match line.split_once(" | ") {
        Some((echo, cmd)) => {
            let text = echo
                .strip_prefix("echo \"")
                .and_then(|t| t.strip_suffix('"'))
                .expect("echo \"...\"");
            (Some(format!("{text}\n")), cmd)
        }
        None => (None, line),
    };
    let mut words = cmd.split_whitespace();
    assert_eq!(words.next(), Some("blotter"));
    common::blotter_in(Some(dir), words, input.as_deref().unwrap_or(""))
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn seizures(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_str(&ok(out)).expect("a JSON record");
    v["seizures"].as_array().unwrap().clone()
}

#[test]
fn recipe_1_a_new_drug_with_its_street_names() {
    let dir = workdir("drug");
    let line = "echo \"Officers seized 2kg of medetomidine.\" | blotter";
    assert!(
        seizures(&run(&dir, line)).is_empty(),
        "the defaults already know medetomidine"
    );

    follow(&dir, "medetomidine.toml");
    let check = ok(&run(&dir, "blotter rules check --rules my-rules/"));
    assert!(check.contains(": ok"), "{check}");
    let got = seizures(&run(
        &dir,
        "echo \"Officers seized 2kg of medetomidine.\" | blotter --rules my-rules/",
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["drug"], "medetomidine");
    assert_eq!(got[0]["quantity"], 2.0);
    assert_eq!(got[0]["unit"], "kg");
    assert!(block("medetomidine.toml").contains("dexmedetomidine"));
}

#[test]
fn recipe_2_a_new_unit() {
    let dir = workdir("unit");
    let line = "echo \"Officers seized 40 deals of cocaine.\" | blotter";
    assert!(
        seizures(&run(&dir, line)).is_empty(),
        "the defaults already know deals"
    );

    follow(&dir, "units.toml");
    let got = seizures(&run(
        &dir,
        "echo \"Officers seized 40 deals of cocaine.\" | blotter --rules my-rules/",
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["drug"], "cocaine");
    assert_eq!(got[0]["quantity"], 40.0);
    assert_eq!(got[0]["unit"], "deal");
    assert_eq!(got[0]["grams"], Value::Null);
}

#[test]
fn recipe_3_a_new_pattern_seen_in_explain() {
    let dir = workdir("pattern");
    let miss = "near miss drug named but no quantity found: `ecstasy`";
    let before = ok(&run(
        &dir,
        "echo \"Officers recovered 500 tablets believed to be ecstasy.\" | blotter explain",
    ));
    assert!(before.contains(miss), "{before}");
    assert!(README.contains(miss));

    follow(&dir, "believed-to-be.toml");
    let test = ok(&run(
        &dir,
        "blotter rules test --rules my-rules/ believed-to-be",
    ));
    let summary = "test result: ok. 3 passed; 0 failed";
    assert!(test.contains(summary), "{test}");
    assert!(README.contains(summary));
    let after = ok(&run(
        &dir,
        "echo \"Officers recovered 500 tablets believed to be ecstasy.\" | blotter explain --rules my-rules/",
    ));
    let marked = "Officers recovered [500 tablets believed to be ecstasy].";
    let fact_line = "seizure  mdma 500 pill  \"500 tablets believed to be ecstasy\"  seizure.units-believed-to-be (my-rules/believed-to-be.toml:2)";
    for want in [marked, fact_line] {
        assert!(after.contains(want), "{after}");
        assert!(
            README.contains(want),
            "the README shows another explain output"
        );
    }
    assert!(!after.contains("near miss"), "{after}");
}
