use regex_automata::nfa::thompson::{self, State};
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let (mut tl, mut ts) = (0, 0);
    let mut rows = vec![];
    for r in &rs.rules {
        let (t, _) = r.engine_tree().unwrap();
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().shrink(false))
            .build_from_hir(&t)
            .unwrap();
        let looks = nfa
            .states()
            .iter()
            .filter(|s| matches!(s, State::Look { .. }))
            .count();
        tl += looks;
        ts += nfa.states().len();
        rows.push((looks, nfa.states().len(), r.id.clone()));
    }
    rows.sort();
    rows.reverse();
    println!("total looks {tl} states {ts}");
    for r in rows.iter().take(15) {
        println!("{:?}", r);
    }
}
