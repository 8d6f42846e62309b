//! The size of each rule's forward NFA, largest first:
//! `cargo run --release --example nfa_size`.
use regex_automata::nfa::thompson;
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let mut rows = Vec::new();
    for r in &rs.rules {
        let (t, folded) = r.engine_tree().unwrap();
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().shrink(false))
            .build_from_hir(&t)
            .unwrap();
        rows.push((nfa.states().len(), nfa.memory_usage(), folded, r.id.clone()));
    }
    rows.sort_by(|a, b| b.cmp(a));
    let total: usize = rows.iter().map(|r| r.0).sum();
    println!("{} rules, {total} NFA states", rows.len());
    for (n, mem, folded, id) in rows.iter().take(30) {
        println!("{n:>7} {mem:>9} {folded:>5} {id}");
    }
}
