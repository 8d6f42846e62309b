//! Embeds every file under `rules/` into the binary, so `blotter` runs from
//! any folder with the same rules a user sees in the repository.
use std::{env, fs, path::Path};

fn collect(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("rules/ is readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml" || x == "md") {
            out.push(p.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let rules = Path::new(&root).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let mut src = String::from("/// Built-in rule files: (path relative to the rules folder, contents).\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={f}");
        let rel = f
            .strip_prefix(&format!("{}/rules/", root.replace('\\', "/")))
            .unwrap_or(f);
        src.push_str(&format!("    ({rel:?}, include_str!({f:?})),\n"));
    }
    src.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_rules.rs"),
        src,
    )
    .unwrap();
}
