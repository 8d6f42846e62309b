//! The real `blotter` binary on good and bad input: standard input, files,
//! folders, invalid UTF-8, binary, empty and unreadable files, symlink
//! loops, very long articles and lines, bad rule files, `split`, pipe mode,
//! `rules test`, threads, `--output`, `--quiet` and a closed stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

fn blotter() -> Command {
    Command::new(env!("CARGO_BIN_EXE_blotter"))
}

/// A folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "blotter-cli-{}-{name}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Give back permissions taken away by a test, then remove.
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Waits for a child, killing it (and failing) after `limit`.
fn wait_limit(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let o = std::thread::spawn(move || {
        let mut b = Vec::new();
        if let Some(s) = out.as_mut() {
            let _ = s.read_to_end(&mut b);
        }
        b
    });
    let e = std::thread::spawn(move || {
        let mut b = Vec::new();
        if let Some(s) = err.as_mut() {
            let _ = s.read_to_end(&mut b);
        }
        b
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("blotter did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: o.join().unwrap(),
        stderr: e.join().unwrap(),
    }
}

/// Runs `cmd` with `stdin` fed to it, within a generous time limit.
fn run(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("blotter starts");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = wait_limit(child, Duration::from_secs(600));
    feeder.join().unwrap();
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lines(out: &Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

const ARTICLE: &str = "Police seized 460.5g of cocaine and £2,500 in cash on Tuesday. \
                       Three men were arrested.\n";

#[test]
fn stdin_gives_pretty_json() {
    let out = run(&mut blotter(), ARTICLE.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("\n  \""), "pretty JSON expected: {s}");
    let v: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["source"], "-");
    assert_eq!(v["seizures"][0]["drug"], "cocaine");
}

/// The headline's own words in quotes are no quote, also under a line of
/// a page's weather line (an Irish paper's): the headline is the first
/// paragraph of five words or more.
#[test]
fn headline_quote_under_page_furniture_is_no_quote() {
    let article = "| 17.1\u{B0}C Dublin\n\n'Oldest drug mule to come before the courts' jailed for three years\n\nA woman of 76 was jailed for three years at Dublin Circuit Criminal Court on Monday after she admitted importing heroin worth \u{20AC}200,000.\n";
    let out = run(&mut blotter(), article.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["quotes"], serde_json::json!([]), "{v}");
    assert_eq!(v["cash"][0]["amount"], 200000.0, "{v}");
}

#[test]
fn one_file_gives_pretty_json_with_source() {
    let d = TempDir::new("one");
    let f = d.write("a.txt", ARTICLE);
    let out = run(blotter().arg(&f), b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["source"], f.display().to_string());
    assert!(v["seizures"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn folder_gives_one_line_per_file_sorted_by_path() {
    let d = TempDir::new("folder");
    d.write("b.txt", ARTICLE);
    d.write("a.txt", ARTICLE);
    d.write("sub/c.txt", ARTICLE);
    d.write("notes.md", "not an article");
    let out = run(blotter().arg(d.path()).arg("--quiet"), b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sources: Vec<String> = lines(&out)
        .iter()
        .map(|v| v["source"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = ["a.txt", "b.txt", "sub/c.txt"]
        .iter()
        .map(|r| d.path().join(r).display().to_string())
        .collect();
    assert_eq!(sources, want);
    assert!(out.stderr.is_empty(), "--quiet: {}", text(&out.stderr));
}

#[test]
fn invalid_utf8_is_replaced_and_warned_about() {
    let d = TempDir::new("utf8");
    let mut bytes = b"Caf\xe9 raid \xff\xfe: ".to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"Police seized 5kg of heroin. \xc3(\n");
    let f = d.write("latin1.txt", &bytes);
    let out = run(blotter().arg(&f), b"");
    assert_eq!(out.status.code(), Some(0), "warnings do not fail");
    let err = text(&out.stderr);
    assert!(
        err.contains("latin1.txt") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert!(
        v["warnings"][0].as_str().unwrap().contains("4 byte(s)"),
        "{v}"
    );
    // Offsets are offsets into the file: each bad byte became one '?'.
    let s = &v["seizures"][0];
    assert_eq!(s["drug"], "heroin");
    let start = s["span"][0].as_u64().unwrap() as usize;
    assert_eq!(
        &bytes[start..start + 3],
        b"5kg",
        "span {start}, text starts at {at}"
    );
}

#[test]
fn binary_file_fails_alone() {
    let d = TempDir::new("binary");
    d.write("a.txt", ARTICLE);
    d.write("b.txt", b"\x7fELF\x02\x01\x00\x00\x00 binary");
    d.write("c.txt", ARTICLE);
    let out = run(blotter().arg(d.path()), b"");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("b.txt") && err.contains("binary"), "{err}");
    assert_eq!(lines(&out).len(), 2, "the other files are still processed");
}

#[test]
fn empty_file_gives_empty_record() {
    let d = TempDir::new("empty");
    let f = d.write("empty.txt", b"");
    let out = run(blotter().arg(&f), b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    for k in ["seizures", "cash", "counts", "dates", "quotes", "officials"] {
        assert_eq!(v[k], Value::Array(vec![]), "{k}");
    }
}

/// A file that cannot be read fails alone. As root (how CI runs) `chmod 000`
/// does not stop reads, so the file is a link to a path that does not
/// exist, which no user can read; where chmod does work, a locked file is
/// checked too.
#[cfg(unix)]
#[test]
fn unreadable_file_fails_alone() {
    let d = TempDir::new("unreadable");
    d.write("a.txt", ARTICLE);
    std::os::unix::fs::symlink(d.path().join("gone/nowhere.txt"), d.path().join("b.txt")).unwrap();
    let locked = d.write("c.txt", ARTICLE);
    let st = Command::new("chmod")
        .arg("000")
        .arg(&locked)
        .status()
        .unwrap();
    assert!(st.success());
    let lock_works = std::fs::read(&locked).is_err();
    if !lock_works {
        std::fs::remove_file(&locked).unwrap();
    }
    let out = run(blotter().arg(d.path()), b"");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("b.txt") && err.contains("cannot read"),
        "{err}"
    );
    if lock_works {
        assert!(err.contains("c.txt"), "{err}");
    }
    assert_eq!(
        lines(&out).len(),
        1,
        "the readable article is still written"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_walked() {
    let d = TempDir::new("loop");
    d.write("top/a.txt", ARTICLE);
    d.write("top/sub/b.txt", ARTICLE);
    std::os::unix::fs::symlink(d.path().join("top"), d.path().join("top/sub/back")).unwrap();
    let child = blotter()
        .arg(d.path().join("top"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_limit(child, Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("back") && err.contains("loop"), "{err}");
    assert_eq!(lines(&out).len(), 2);
}

/// A long article: many sentences with facts, `mb` megabytes.
fn long_article(mb: usize) -> String {
    let para = "On 4 March 2024 officers seized 12.5kg of cocaine worth an estimated \
                £1.2 million at the port. Two men, aged 31 and 45, were arrested. \
                \"This was a significant seizure,\" said Detective Inspector Jane Smith.\n";
    para.repeat(mb * 1_000_000 / para.len() + 1)
}

#[test]
fn long_article_finishes() {
    let d = TempDir::new("long");
    let f = d.write("long.txt", long_article(6));
    let out = run(blotter().arg(&f).args(["--format", "jsonl"]), b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = &lines(&out)[0];
    assert!(v["seizures"].as_array().unwrap().len() > 1000);
}

#[test]
fn long_line_without_full_stop_and_unmatched_quotes_finishes() {
    let mut s = String::with_capacity(10_000_000);
    let mut i = 0u64;
    while s.len() < 8_000_000 {
        // No full stop anywhere; quotation marks that never close.
        s.push_str(match i % 4 {
            0 => " \"officers found 3kg of heroin",
            1 => " and “ 2,000 pills",
            2 => " \u{201d} in a flat, 40 arrests, ‘then",
            _ => " then £4 million in cash\"",
        });
        i += 1;
    }
    let d = TempDir::new("line");
    let f = d.write("line.txt", &s);
    let out = run(blotter().arg(&f).args(["--format", "jsonl"]), b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(lines(&out).len(), 1);
}

fn bad_rules(name: &str, toml: &str, want: &[&str]) {
    let d = TempDir::new(name);
    d.write("rules/bad.toml", toml);
    d.write("a.txt", ARTICLE);
    let out = run(
        blotter()
            .arg("--rules")
            .arg(d.path().join("rules"))
            .arg(d.path().join("a.txt")),
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
    let err = text(&out.stderr);
    let at = err
        .find("bad.toml:")
        .unwrap_or_else(|| panic!("{name}: no file: {err}"));
    let line = &err[at + "bad.toml:".len()..];
    assert!(
        line.starts_with(|c: char| c.is_ascii_digit() && c != '0'),
        "{name}: no line: {err}"
    );
    for w in want {
        assert!(err.contains(w), "{name}: {w:?} not in {err}");
    }
}

#[test]
fn bad_rule_files_stop_with_status_2() {
    bad_rules(
        "toml",
        "[[rules]]\nid = \"x\"\nkind = = \"count\"\n",
        &["bad.toml:3"],
    );
    bad_rules(
        "piece",
        "[[rules]]\nid = \"my-piece\"\nkind = \"count\"\npattern = '(?P<count>%{nope}) arrests'\n",
        &["my-piece", "nope"],
    );
    bad_rules(
        "regex",
        "[[rules]]\nid = \"my-regex\"\nkind = \"count\"\npattern = '(?P<count>\\d+ arrests'\n",
        &["my-regex", "invalid regex"],
    );
    bad_rules(
        "duplicate",
        "[[rules]]\nid = \"twice\"\nkind = \"count\"\npattern = '(?P<count>\\d+) raids'\n\n\
         [[rules]]\nid = \"twice\"\nkind = \"count\"\npattern = '(?P<count>\\d+) arrests'\n",
        &["twice", "duplicate"],
    );
}

#[test]
fn split_prints_sentences() {
    let input = "Police seized 2kg of heroin. Two men were arrested!\nA second paragraph.";
    let out = run(blotter().arg("split"), input.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ls = lines(&out);
    assert_eq!(ls.len(), 3, "{ls:?}");
    for (i, v) in ls.iter().enumerate() {
        assert_eq!(v["sentence"], i);
        let (s, e) = (
            v["span"][0].as_u64().unwrap() as usize,
            v["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(v["text"], &input[s..e]);
    }
}

#[test]
fn pipe_mode_keeps_order_and_survives_bad_lines() {
    let input = concat!(
        "{\"id\": \"first\", \"text\": \"Police seized 2kg of heroin.\"}\n",
        "this is not json\n",
        "{\"id\": \"third\", \"text\": \"Officers found £500 in cash.\", \"date\": \"2024-03-04\"}\n",
        "{\"id\": \"fourth\"}\n",
    );
    let out = run(blotter().args(["--input", "jsonl"]), input.as_bytes());
    let ls = lines(&out);
    assert_eq!(ls.len(), 4, "{}", text(&out.stdout));
    assert_eq!(ls[0]["source"], "first");
    assert_eq!(ls[0]["seizures"][0]["drug"], "heroin");
    assert!(ls[1]["error"].is_string());
    assert_eq!(ls[2]["source"], "third");
    assert!(ls[3]["error"].is_string());
}

#[test]
fn rules_test_passes_on_builtins() {
    let out = run(blotter().args(["rules", "test"]), b"");
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// A folder of `n` varied articles.
fn folder(d: &TempDir, n: usize) {
    let drugs = ["cocaine", "heroin", "cannabis", "MDMA", "ketamine"];
    for i in 0..n {
        d.write(
            &format!("in/{:02}/{i:04}.txt", i % 7),
            format!(
                "Officers seized {}kg of {} and €{},000 in cash on {} May 2024. {} people were arrested.\n{}",
                i % 40 + 1,
                drugs[i % drugs.len()],
                i * 3 + 1,
                i % 28 + 1,
                i % 9 + 2,
                ARTICLE.repeat(i % 5),
            ),
        );
    }
}

#[test]
fn threads_do_not_change_the_bytes() {
    let d = TempDir::new("threads");
    folder(&d, 120);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let one = run(
        blotter()
            .arg(d.path())
            .arg(&corpus)
            .args(["-j", "1", "--quiet"]),
        b"",
    );
    let many = run(
        blotter()
            .arg(d.path())
            .arg(&corpus)
            .args(["-j", "4", "--quiet"]),
        b"",
    );
    let many2 = run(
        blotter()
            .arg(d.path())
            .arg(&corpus)
            .args(["--threads", "3", "-q"]),
        b"",
    );
    assert!(one.status.success(), "{}", text(&one.stderr));
    assert!(one.stdout.len() > 10_000);
    assert!(one.stdout == many.stdout, "-j1 and -j4 differ");
    assert!(one.stdout == many2.stdout, "-j1 and -j3 differ");
}

#[test]
fn summary_on_stderr_without_progress_when_not_a_terminal() {
    let d = TempDir::new("summary");
    folder(&d, 5);
    let out = run(blotter().arg(d.path()), b"");
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("5 files, 5 records"), "{err}");
    assert!(
        !err.contains('\r') && !err.contains('\x1b'),
        "no progress bar: {err:?}"
    );
    let quiet = run(blotter().arg(d.path()).arg("--quiet"), b"");
    assert!(quiet.stderr.is_empty());
    assert_eq!(quiet.stdout, out.stdout);
}

#[test]
fn output_dir_and_skip_existing() {
    let d = TempDir::new("output");
    folder(&d, 20);
    let out_dir = d.path().join("out");
    let out = run(
        blotter()
            .arg(d.path().join("in"))
            .arg("-o")
            .arg(&out_dir)
            .arg("-q"),
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "records go to files, not stdout");
    let mut written = Vec::new();
    let mut stack = vec![out_dir.clone()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                written.push(e.path());
            }
        }
    }
    assert_eq!(written.len(), 20, "{written:?}");
    assert!(
        written.iter().all(|p| p.extension().unwrap() == "json"),
        "no temp files left"
    );
    let first = out_dir.join("00/0000.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    assert_eq!(v["seizures"][0]["drug"], "cocaine");

    // A record already there is kept with --skip-existing, rewritten without.
    std::fs::write(&first, "kept").unwrap();
    std::fs::remove_file(out_dir.join("01/0001.json")).unwrap();
    let again = run(
        blotter()
            .arg(d.path().join("in"))
            .arg("-o")
            .arg(&out_dir)
            .arg("--skip-existing"),
        b"",
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "kept");
    assert!(out_dir.join("01/0001.json").exists());
    assert!(
        text(&again.stderr).contains("19 skipped"),
        "{}",
        text(&again.stderr)
    );
    let third = run(
        blotter()
            .arg(d.path().join("in"))
            .arg("-o")
            .arg(&out_dir)
            .arg("-q"),
        b"",
    );
    assert!(third.status.success());
    assert_ne!(std::fs::read_to_string(&first).unwrap(), "kept");
}

#[test]
fn closed_stdout_exits_quietly() {
    let d = TempDir::new("pipe");
    folder(&d, 300);
    let mut child = blotter()
        .arg(d.path())
        .args(["--format", "jsonl", "-j", "2"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    let out = wait_limit(child, Duration::from_secs(120));
    let err = text(&out.stderr);
    assert!(out.status.success(), "status {:?}: {err}", out.status);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

/// Records stream: the first is written while a later file is still
/// being read (a named pipe nobody writes to yet).
#[cfg(unix)]
#[test]
fn output_streams_before_the_folder_is_read() {
    let d = TempDir::new("stream");
    d.write("a.txt", ARTICLE);
    let fifo = d.path().join("b.txt");
    let st = Command::new("mkfifo").arg(&fifo).status();
    if !st.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here; skipping");
        return;
    }
    let mut child = blotter()
        .arg(d.path())
        .args(["-j", "2", "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut l = String::new();
        while r.read_line(&mut l).unwrap_or(0) > 0 {
            let _ = tx.send(std::mem::take(&mut l));
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(120));
    // Now feed the pipe so the run can end, whatever happened.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let first = first.expect("the first record before the last file was read");
    assert!(first.contains("a.txt"), "{first}");
    let second = rx.recv_timeout(Duration::from_secs(120)).unwrap();
    assert!(second.contains("b.txt"), "{second}");
    let out = wait_limit(child, Duration::from_secs(120));
    assert!(out.status.success(), "{}", text(&out.stderr));
    reader.join().unwrap();
}

#[test]
fn impossible_ref_date_is_a_usage_error() {
    for bad in ["2024-13-45", "2024-02-30", "yesterday", "2024-3-4"] {
        let out = run(blotter().args(["--ref-date", bad]), ARTICLE.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains(bad) && err.contains("YYYY-MM-DD"), "{err}");
        assert!(
            out.stdout.is_empty(),
            "nothing is extracted with a bad --ref-date"
        );
    }
    let out = run(
        blotter().args(["--ref-date", "2024-02-29"]),
        ARTICLE.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
}

/// Two inputs that would land on one record file: refused before anything
/// is written, naming both (a record is never silently replaced).
#[test]
fn output_refuses_two_inputs_for_one_record() {
    let d = TempDir::new("collide");
    let a = d.write("d1/x.txt", ARTICLE);
    let b = d.write("d2/x.txt", ARTICLE);
    let out_dir = d.path().join("out");
    let out = run(blotter().arg("--output").arg(&out_dir).arg(&a).arg(&b), b"");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("d1/x.txt") && err.contains("d2/x.txt") && err.contains("x.json"),
        "{err}"
    );
    assert!(!out_dir.join("x.json").exists(), "nothing written");
    // Two folders holding the same name collide the same way.
    let out = run(
        blotter()
            .arg("--output")
            .arg(&out_dir)
            .arg(d.path().join("d1"))
            .arg(d.path().join("d2")),
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!out_dir.join("x.json").exists());
}
