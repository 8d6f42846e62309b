//! Prints a rule's pattern, needs and required literal sets:
//! `cargo run --release --example anchor_show RULE_ID...`.
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    for id in std::env::args().skip(1) {
        let r = rs.rules.iter().find(|r| r.id == id).expect("a rule id");
        println!("{}\n  pattern {}\n  needs {:?}", r.id, r.pattern, r.needs);
        let show = |s: &Vec<String>| {
            s.iter()
                .take(12)
                .map(|x| format!("{x:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(a) = &r.anchors {
            println!("  anchors ({}) {}", a.len(), show(a));
        }
        for m in &r.more_anchors {
            println!("  more ({}) {}", m.len(), show(m));
        }
    }
}
