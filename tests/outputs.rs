//! The outputs people use, through the real binary: CSV for spreadsheets,
//! the HTML report, and pipe mode (`--input jsonl`) for cluster engines.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const KINDS: [(&str, &str); 6] = [
    ("seizures", "seizure"),
    ("cash", "money"),
    ("counts", "count"),
    ("dates", "date"),
    ("quotes", "quote"),
    ("officials", "official"),
];

fn blotter(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blotter"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_BACKTRACE", "0")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the blotter binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("output is UTF-8")
}

fn jsonl_records() -> Vec<Value> {
    let o = blotter(&["--quiet", "--format", "jsonl", "corpus/"], None);
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (article, kind, span start, span end) for every fact, in JSON Lines order.
fn facts_in_order(records: &[Value]) -> Vec<(String, String, u64, u64)> {
    let mut out = Vec::new();
    for r in records {
        for (list, kind) in KINDS {
            for f in r[list].as_array().unwrap() {
                out.push((
                    r["source"].as_str().unwrap().to_string(),
                    kind.to_string(),
                    f["span"][0].as_u64().unwrap(),
                    f["span"][1].as_u64().unwrap(),
                ));
            }
        }
    }
    out
}

#[test]
fn csv_of_the_corpus_has_one_header_and_a_row_per_fact_in_jsonl_order() {
    let o = blotter(&["--quiet", "--format", "csv", "corpus/"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, blotter::output::csv_out::COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("a CSV row")).collect();
    assert!(
        rows.iter()
            .all(|r| r.len() == header.len() && &r[2] != "kind"),
        "every row has every column and the header appears once"
    );
    let expected = facts_in_order(&jsonl_records());
    assert!(!expected.is_empty());
    let got: Vec<(String, String, u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                r[2].to_string(),
                r[17].parse().unwrap(),
                r[18].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len(), "one row per JSON Lines fact");
    assert_eq!(got, expected, "same order as JSON Lines");
}

#[test]
fn csv_rows_carry_the_normalised_values() {
    let text =
        "Officers seized 460.5g of cocaine and more than £30,000 in cash. 64 arrests were made.";
    let o = blotter(&["--format", "csv"], Some(text));
    assert!(o.status.success());
    let out = stdout(&o);
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(kinds, ["seizure", "money", "count"]);
    assert!(
        rows.iter().all(|r| r[1].is_empty()),
        "no publication stamp: empty"
    );
    let seizure = &rows[0];
    assert_eq!(
        (
            &seizure[0],
            &seizure[3],
            &seizure[4],
            &seizure[5],
            &seizure[6]
        ),
        ("-", "cocaine", "460.5", "g", "460.5")
    );
    assert_eq!(
        (&rows[1][7], &rows[1][8], &rows[1][9]),
        ("30000", "GBP", "seized")
    );
    assert_eq!(&rows[1][16], "more than £30,000");
    assert_eq!((&rows[2][10], &rows[2][11]), ("arrests", "64"));
    // The text column quotes what needs it.
    let o = blotter(
        &["--format", "csv"],
        Some("\"We seized 5kg of cocaine, a record,\" said Chief Inspector Jane Roe."),
    );
    let out = stdout(&o);
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    assert!(rd.records().all(|r| r.unwrap().len() == 20));
}

#[test]
fn html_report_is_self_contained_with_a_highlight_per_fact_and_a_chart() {
    let o = blotter(&["--quiet", "--format", "html", "corpus/"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no scripts at all");
    assert!(!lower.contains("<link"), "no external style sheets");
    assert!(!lower.contains("@import") && !lower.contains("url("));
    for attr in ["src=", "href="] {
        for quote in ["\"", "'"] {
            for scheme in ["http:", "https:", "//"] {
                let bad = format!("{attr}{quote}{scheme}");
                assert!(!lower.contains(&bad), "external resource: {bad}");
            }
        }
    }
    assert!(html.contains("<svg"), "the bar chart");
    assert_eq!(
        html.matches("<mark").count(),
        html.matches("</mark>").count(),
        "every highlight is closed"
    );
    let records = jsonl_records();
    let facts = facts_in_order(&records).len();
    let mut ids: Vec<&str> = html
        .split("data-fact=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), facts, "a highlight per fact");
    for (i, r) in records.iter().enumerate() {
        assert!(html.contains(&format!("<a href=\"#a{}\">", i + 1)));
        assert!(html.contains(&format!("<article id=\"a{}\">", i + 1)));
        assert!(html.contains(r["source"].as_str().unwrap()));
    }
}

#[test]
fn html_escapes_the_article() {
    let text = "<script>alert(1)</script> & Officers seized 5kg of cocaine <b>on Monday</b>.";
    let o = blotter(&["--format", "html"], Some(text));
    assert!(o.status.success());
    let html = stdout(&o);
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Officers"));
    assert!(html.contains("data-kind=\"seizure\""));
}

#[test]
fn pipe_mode_keeps_order_and_survives_bad_lines() {
    let lines = [
        r#"{"id": "first", "text": "Officers seized 460.5g of cocaine. 64 arrests were made."}"#,
        r#"this is not json"#,
        r#"{"id": "no-text", "body": "oops"}"#,
        "",
        r#"{"id": 42, "text": "Police found £3,000 in cash yesterday.", "date": "2024-03-05T10:00:00Z"}"#,
        r#"{"text": "No facts here."}"#,
        r#"{"id": "last", "text": "Two men were charged."}"#,
    ];
    let input = lines.join("\n") + "\n";
    let o = blotter(&["--input", "jsonl"], Some(&input));
    assert_eq!(o.status.code(), Some(1), "bad lines make the exit status 1");
    let out: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    let sources: Vec<&str> = out.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        ["first", "line 2", "no-text", "42", "line 6", "last"],
        "one line out per request, in order (blank lines skipped)"
    );
    assert!(out[1]["error"].as_str().unwrap().contains("not JSON"));
    assert!(out[2]["error"].as_str().unwrap().contains("text"));
    assert_eq!(out[0]["seizures"][0]["drug"], "cocaine");
    assert_eq!(out[0]["counts"][0]["value"], 64.0);
    assert_eq!(out[3]["cash"][0]["currency"], "GBP");
    assert!(out[5]["error"].is_null());
    assert!(out[5]["seizures"].as_array().unwrap().is_empty());
    assert!(out[5]["dates"].as_array().unwrap().is_empty());
}

#[test]
fn pipe_mode_gives_the_same_facts_as_a_direct_run() {
    let path = "corpus/uk-border-force-cocaine-tonnes.txt";
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap();
    let request = serde_json::json!({"id": path, "text": text}).to_string() + "\n";
    let piped = blotter(&["--input", "jsonl"], Some(&request));
    assert!(piped.status.success());
    let piped: Value = serde_json::from_str(stdout(&piped).trim()).unwrap();
    let direct = blotter(&["--format", "jsonl", path], None);
    let direct: Value = serde_json::from_str(stdout(&direct).trim()).unwrap();
    for (list, _) in KINDS {
        assert_eq!(piped[list], direct[list], "{list}");
    }
    assert_eq!(piped["source"], path);
}

/// A "date" whose 10th byte falls inside a character used to panic the
/// whole stream (pipe.rs slices `d[..10]`): one bad line must cost one
/// error record, not the partition.
#[test]
fn pipe_mode_survives_a_non_ascii_date() {
    let input = concat!(
        r#"{"id": "a", "text": "Police seized 5kg of cocaine.", "date": "2024-03-0é5"}"#,
        "\n",
        r#"{"id": "b", "text": "Two men were charged."}"#,
        "\n"
    );
    let o = blotter(&["--input", "jsonl"], Some(input));
    let out: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 2, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(out[1]["source"], "b");
}
