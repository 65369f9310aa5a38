//! quire turns a folder of community-operations playbooks into a validated,
//! cross-linked training site.
//!
//! The folders are the pipeline's layers, lowest first; a layer imports only
//! the layers below it (a test in `tests/it/layers.rs` keeps it so):
//!
//! - [`base`]: source text, diagnostics and their codes, dates, URLs, the
//!   interface's languages;
//! - [`markdown`]: reading a body: pulldown-cmark with the Chinese fixes and
//!   other tools' syntax, its outline, the `html` policy, and HTML out;
//! - [`input`]: the site's files read into values: `content/`, YAML and TOML
//!   front matter, `quire.yaml`, kinds, the glossary, playbooks, the theme;
//! - [`check`]: each playbook held to its kind, and the lints;
//! - [`link`]: every reference resolved, the link graph, handbook layouts;
//! - [`output`]: the site rendered, handbooks typeset, files written.
//!
//! Above them, [`build`] runs the stages in order, [`serve`] runs them on
//! every save and keeps the result in memory, and [`cli`] is the commands.

// A `Diagnostic` is the error of the parsing functions; it is built once per
// problem on a cold path, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod base;
pub mod check;
pub mod input;
pub mod link;
pub mod markdown;
pub mod output;

pub mod build;
pub mod cli;
pub mod init;
pub mod schema;
pub mod serve;
pub mod timings;

pub use base::diagnostic::{Diagnostic, Severity};
pub use input::kind::Kind;
pub use input::parse::Playbook;
pub use input::site::Site;
