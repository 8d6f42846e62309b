//! Showing rule-file errors the way a compiler does: the file, line and
//! column, the offending text underlined, and the reason in plain words.
//! Rendering is done by `annotate-snippets` (the crate rustc and cargo use
//! for their own messages).

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::rules::RuleError;

/// The error as a report: with `color`, ANSI-styled like rustc's.
pub fn render(e: &RuleError, color: bool) -> String {
    let title = match &e.rule {
        Some(id) => format!("rule `{id}`: {}", e.message),
        None => e.message.clone(),
    };
    let mut group = Group::with_title(Level::ERROR.primary_title(title));
    match e.snippet.as_deref() {
        Some(snippet) => {
            let mut ann = AnnotationKind::Primary.span(snippet.span.clone());
            if let Some(l) = &snippet.label {
                ann = ann.label(l.as_str());
            }
            group = group.element(
                Snippet::source(&*snippet.text)
                    .path(e.origin.file.as_str())
                    .annotation(ann),
            );
        }
        None if e.origin.line > 0 => {
            group = group.element(Origin::path(e.origin.file.as_str()).line(e.origin.line));
        }
        None => {
            group = group.element(Origin::path(e.origin.file.as_str()));
        }
    }
    for n in &e.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// Whether standard error is a terminal that takes colour (`NO_COLOR`
/// unset or empty).
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}
