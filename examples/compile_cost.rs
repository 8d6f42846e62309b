use std::time::Instant;
fn main() {
    let t = Instant::now();
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    println!("builtin load {:?}", t.elapsed());
    let t = Instant::now();
    let _g = rs.clone();
    println!("clone {:?}", t.elapsed());
    let total: usize = rs.rules.iter().map(|r| r.source.len()).sum();
    println!("{} rules, {} bytes of regex", rs.rules.len(), total);
    let text = "Police seized 3kg of cocaine on 4 March.";
    let sents = blotter::text::split::split(text);
    let masks = rs.gate.masks(text, &sents);
    let _ = masks;
    let t = Instant::now();
    rs.compile_all().unwrap();
    println!("compile_all {:?}", t.elapsed());
}
