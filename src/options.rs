//! Options that change how an article is read. They depend on nothing
//! above them, so every stage can take them.

/// Options that change how an article is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date relative and yearless dates are resolved against
    /// (YYYY-MM-DD; the command line checks it is a calendar date).
    pub ref_date: Option<String>,
    /// Force the reading of 04/03/2024: `Some(true)` day first, `Some(false)` month first.
    pub day_first: Option<bool>,
}
