//! From rule matches to the facts of a record: seizures, money and counts
//! ([`resolve`]), dates ([`dates`]), quotes and officials ([`quotes`]).

pub mod dates;
pub mod quotes;
pub mod resolve;
