//! blotter: structured records from police press releases and crime news.
//!
//! The pipeline, one module per stage:
//! read → [`normalise`] → [`split`] → [`engine`] (rules from [`rules`]) → [`resolve`] → [`write`].

pub mod normalise;
pub mod split;
