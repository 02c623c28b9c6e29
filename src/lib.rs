//! aiposture: a security-posture scanner for AI infrastructure on AWS.
//!
//! The pipeline is: [`discover`] input files, parse them with a [`source`] into the
//! [`model`], evaluate the [`rules`] in parallel, and hand the sorted findings to a
//! [`report`]er. `main.rs` is only argument parsing and exit codes.

pub mod audit;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod model;
pub mod provenance;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
