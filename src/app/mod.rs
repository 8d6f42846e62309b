//! The command-line application around the library: reading files and
//! folders, the parallel batch, pipe mode and the progress line.

pub mod batch;
pub(crate) mod chunk;
pub mod heap;
pub mod pipe;
pub(crate) mod progress;
pub mod read;
