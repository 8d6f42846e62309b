//! Time each rule's regex over the corpus, to find the slow ones:
//! `cargo run --release --example rule_timing [DIR]`.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let mut text = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        text.push_str(&std::fs::read_to_string(p).unwrap());
        text.push_str("\n\n");
    }
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let mut rows = Vec::new();
    for r in &rs.rules {
        let t = std::time::Instant::now();
        let n = r.regex.find_iter(&text).count();
        let secs = t.elapsed().as_secs_f64();
        rows.push((text.len() as f64 / 1e6 / secs, r.id.clone(), n));
    }
    rows.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    for (mbs, id, n) in rows {
        println!("{mbs:8.1} MB/s  {n:5} matches  {id}");
    }
}
