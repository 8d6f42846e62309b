use std::time::Instant;
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let mut rows = Vec::new();
    for r in &rs.rules {
        let t = Instant::now();
        let re = r.engine_regex();
        let t1 = t.elapsed();
        let _ = re.build_now();
        let t2 = t.elapsed();
        rows.push((t2.as_secs_f64() * 1e3, t1.as_secs_f64() * 1e3, r.id.clone()));
    }
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    let tot: f64 = rows.iter().map(|r| r.0).sum();
    println!("total {tot:.1} ms");
    for (a, b, id) in rows.iter().take(20) { println!("{a:7.2} {b:7.2} {id}"); }
}
