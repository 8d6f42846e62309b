//! Errors in rule files: where (file, line, column), which rule, why, and
//! the offending text to show underlined.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Where something was defined: file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A rule file that could not be loaded: where, which rule, and why.
///
/// `Display` gives one line (`file:line:column: rule `id`: reason`);
/// [`crate::rules::diagnostics::render`] shows the offending text underlined.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub origin: Origin,
    /// 1-based column (in characters) of the offending text; 0 when unknown.
    pub column: usize,
    pub rule: Option<String>,
    /// The reason, in plain words.
    pub message: String,
    /// The offending text, to show it underlined.
    pub snippet: Option<Box<ErrorSnippet>>,
    /// Further facts (where a clashing definition is, where a piece is).
    pub notes: Vec<String>,
}

/// The text a [`RuleError`] is about.
#[derive(Debug, Clone)]
pub struct ErrorSnippet {
    /// The whole rule file.
    pub text: Arc<str>,
    /// The byte range of the offending text in it.
    pub span: Range<usize>,
    /// A few words shown under the underlined text.
    pub label: Option<String>,
}

impl RuleError {
    /// An error known only by file and line.
    pub fn new(origin: Origin, rule: Option<String>, message: impl Into<String>) -> RuleError {
        RuleError {
            origin,
            column: 0,
            rule,
            message: message.into(),
            snippet: None,
            notes: Vec::new(),
        }
    }

    /// An error at a byte range of a file: line and column come from it.
    pub fn at(
        file: &str,
        text: &Arc<str>,
        span: Range<usize>,
        rule: Option<String>,
        message: impl Into<String>,
    ) -> RuleError {
        let start = crate::text::floor_char(text, span.start.min(text.len()));
        let end = crate::text::floor_char(text, span.end.clamp(start, text.len()));
        let (line, column) = line_col(text, start);
        RuleError {
            origin: Origin {
                file: file.to_string(),
                line,
            },
            column,
            rule,
            message: message.into(),
            snippet: Some(Box::new(ErrorSnippet {
                text: text.clone(),
                span: start..end,
                label: None,
            })),
            notes: Vec::new(),
        }
    }

    /// Words under the underlined text (none when there is no text to show).
    pub fn with_label(mut self, label: impl Into<String>) -> RuleError {
        if let Some(s) = &mut self.snippet {
            s.label = Some(label.into());
        }
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> RuleError {
        self.notes.push(note.into());
        self
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if self.column > 0 {
            write!(f, ":{}", self.column)?;
        }
        if let Some(id) = &self.rule {
            write!(f, ": rule `{id}`")?;
        }
        write!(f, ": {}", self.message)?;
        for n in &self.notes {
            write!(f, " ({n})")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..crate::text::floor_char(text, offset.min(text.len()))];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl std::error::Error for RuleError {}

/// The lines of a rule file, for the line of each of its many entries:
/// counting newlines from the top for each entry was quadratic in the
/// file's length (a 10,000-alias lexicon took seconds to load).
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// 1-based line of byte `offset`.
    pub(super) fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// A TOML error at its place in the file, with the rule it is in if any.
pub(super) fn toml_error(file: &str, src: &Arc<str>, e: &toml::de::Error) -> RuleError {
    let message = format!("not valid rule TOML: {}", e.message().trim());
    match e.span() {
        Some(span) => {
            let rule = rule_around(src, span.start);
            RuleError::at(file, src, span, rule, message)
        }
        None => RuleError::new(
            Origin {
                file: file.to_string(),
                line: 0,
            },
            None,
            message,
        ),
    }
}

/// The id of the `[[rules]]` table holding byte `offset`, read from the text.
fn rule_around(text: &str, offset: usize) -> Option<String> {
    let offset = crate::text::floor_char(text, offset.min(text.len()));
    let table = text[..offset].rfind("[[rules]]")?;
    if text[table..offset]
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with('[') && !l.trim_start().starts_with("[[rules]]"))
    {
        return None;
    }
    let body = &text[table + "[[rules]]".len()..];
    let body = body.find("\n[").map_or(body, |i| &body[..i]);
    body.lines().find_map(|l| {
        let l = l.trim();
        let v = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let v = &v[1..];
        Some(v[..v.find(q)?].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// The line of every offset, newlines and the end included, is the
    /// number of newlines before it, plus one.
    #[test]
    fn lines_count_the_newlines_before_an_offset() {
        for text in ["", "\n", "a", "a\nbc\n\nd", "\n\nx\n"] {
            let lines = Lines::new(text);
            for offset in 0..=text.len() + 2 {
                let before = &text[..offset.min(text.len())];
                let want = before.matches('\n').count() + 1;
                assert_eq!(lines.of(offset), want, "{text:?} at {offset}");
            }
        }
    }
}
