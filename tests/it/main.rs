//! Integration tests: each runs the real `safeguard` binary. One test binary, because each
//! links polars.

mod bad_input;
mod cli;
mod figures;
mod properties;
mod synth;
mod util;
