fn main() {
    let ex = blotter::Extractor::new(blotter::rules::RuleSet::builtin().unwrap());
    let mut s = String::new();
    let path = std::env::args().nth(1).unwrap();
    s = std::fs::read_to_string(path).unwrap_or(s);
    println!("{}", serde_json::to_string_pretty(&ex.extract("-", &s)).unwrap());
}
