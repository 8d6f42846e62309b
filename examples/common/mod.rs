//! What the profiling examples share: a folder's articles, normalised and
//! split as the engine sees them.

use blotter::text::split::Sentence;

/// The *.txt files below `dir`, sorted as the batch finds them, each
/// normalised and split into sentences.
pub fn docs(dir: &str) -> Vec<(String, Vec<Sentence>)> {
    let paths = blotter::app::read::collect(&[dir.into()], &mut Vec::new());
    paths
        .iter()
        .map(|p| {
            let text = blotter::text::normalise::normalise(&std::fs::read_to_string(p).unwrap());
            let sentences = blotter::text::split::split(&text);
            (text, sentences)
        })
        .collect()
}
