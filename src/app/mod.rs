//! The command-line application around the library: reading files and
//! folders, the parallel batch, pipe mode and the progress line.

pub mod batch;
pub mod chunk;
pub mod pipe;
pub mod progress;
pub mod read;
