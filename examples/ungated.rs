fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    for (ri, r) in rs.rules.iter().enumerate() {
        if !rs.gate.gated(ri, &r.id) {
            println!(
                "{} {:?} needs={:?} anchors={:?}",
                r.id,
                r.kind,
                r.needs,
                r.anchors.as_ref().map(|a| a.len())
            );
        }
    }
}
