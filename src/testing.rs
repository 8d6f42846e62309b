//! Helpers for the unit tests.

/// Fails, instead of running on, when `f` has not returned after five
/// minutes: a hang guard for inputs that once made a stage quadratic, not a
/// speed limit (speed is measured in the benchmark, never asserted).
pub(crate) fn finishes<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(std::time::Duration::from_secs(300))
        .expect("did not finish (hung or panicked)")
}

/// The texts of `corpus/`, sorted by file name.
pub(crate) fn corpus_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect()
}

/// The texts of `corpus/` as the rules' engines read them: as they are,
/// and lowercased ([`crate::rules::fold::fold_text`], or as they are when
/// they do not fold) for the rules that fold. Index by whether a rule folds.
pub(crate) fn corpus_texts_as_read() -> [Vec<String>; 2] {
    let texts = corpus_texts();
    let folded = texts
        .iter()
        .map(|t| crate::rules::fold::fold_text(t).unwrap_or_else(|| t.clone()))
        .collect();
    [texts, folded]
}

/// A seeded xorshift generator, so that generated test texts are the
/// same on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new() -> Rng {
        Rng(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Checks a file made in advance from the rule files (`src/rules/NAME`,
/// embedded as `kept`) against `fresh`, made now; with `BLOTTER_BLESS`
/// set, writes `fresh` there instead and says so (false: the caller's
/// further checks of the kept file are moot).
pub(crate) fn kept_is_current(name: &str, kept: &[u8], fresh: &[u8], test: &str) -> bool {
    kept_is_current_in("src/rules", name, kept, fresh, test)
}

/// [`kept_is_current`] for a file in `dir` (from the crate's root).
pub(crate) fn kept_is_current_in(
    dir: &str,
    name: &str,
    kept: &[u8],
    fresh: &[u8],
    test: &str,
) -> bool {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(dir)
        .join(name);
    if std::env::var_os("BLOTTER_BLESS").is_some() {
        std::fs::write(&path, fresh).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return false;
    }
    assert!(
        fresh == kept,
        "{dir}/{name} is out of date with the rule files: run `BLOTTER_BLESS=1 cargo test --lib {test}` and commit it"
    );
    true
}

/// The forward NFA the rules' engine compiles for `pattern`
/// (case-insensitive).
pub(crate) fn compiled_nfa(pattern: &str) -> regex_automata::nfa::thompson::NFA {
    crate::rules::compile_for_tests(&parsed(pattern, true))
}

/// Asserts that two NFAs find the same match, with the same groups, from
/// every start (each a char boundary) of each text: what a rewritten
/// NFA the file keeps must do.
pub(crate) fn assert_same_spans(
    a: regex_automata::nfa::thompson::NFA,
    b: regex_automata::nfa::thompson::NFA,
    texts: &[&str],
    label: &str,
) {
    use regex_automata::nfa::thompson::pikevm::PikeVM;
    use regex_automata::util::captures::Captures;
    let (a, b) = (
        PikeVM::new_from_nfa(a).expect("builds"),
        PikeVM::new_from_nfa(b).expect("builds"),
    );
    let (mut ca, mut cb) = (a.create_cache(), b.create_cache());
    let (mut xa, mut xb) = (a.create_captures(), b.create_captures());
    let spans = |x: &Captures| {
        (0..x.group_len())
            .map(|g| x.get_group(g))
            .collect::<Vec<_>>()
    };
    for t in texts {
        for at in (0..=t.len()).filter(|&at| t.is_char_boundary(at)) {
            let input = regex_automata::Input::new(t).range(at..);
            a.search(&mut ca, &input, &mut xa);
            b.search(&mut cb, &input, &mut xb);
            assert_eq!(spans(&xa), spans(&xb), "{label} at {at} of {t:?}");
        }
    }
}

/// A pattern parsed as the regex crate parses it, with this case flag.
pub(crate) fn parsed(pattern: &str, case_insensitive: bool) -> regex_syntax::hir::Hir {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("{pattern:?}: {e}"))
}
