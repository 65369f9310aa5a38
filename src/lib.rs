//! quire turns a folder of community-operations playbooks into a validated,
//! cross-linked training site.
//!
//! The pipeline reads as a story, one module per stage:
//! [`load`] walks `content/`, [`parse`] splits front matter from Markdown and
//! builds [`Playbook`]s, [`site`] assembles them, [`check`] holds each to its
//! [`Kind`], [`link`] resolves every reference across the site, [`render`]
//! fills the theme's templates, `pdf` typesets the handbooks, and
//! [`write`](mod@write) swaps the finished site into place. [`build`] runs them in order; [`serve`] runs them on every save and
//! keeps the result in memory.

// A `Diagnostic` is the error of the parsing functions; it is built once per
// problem on a cold path, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod admonitions;
pub mod assets;
pub mod autolink;
pub mod borrowed;
pub mod build;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod containers;
pub mod dates;
pub mod diagnostic;
pub mod emphasis;
pub mod external;
pub mod facts;
pub mod fences;
pub mod foreign;
pub mod glossary;
pub mod handbook;
pub mod headings;
pub mod highlight;
pub mod html;
pub mod i18n;
pub mod init;
pub mod kind;
pub mod link;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod media;
pub mod outline;
pub mod parse;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
pub mod rules;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod steps;
pub mod theme;
pub mod timeline;
pub mod timings;
pub mod toc;
pub mod toml_front;
pub mod urls;
pub mod write;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity};
pub use kind::Kind;
pub use parse::Playbook;
pub use site::Site;
