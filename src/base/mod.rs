//! The base layer: what every stage speaks. Source text and its positions,
//! diagnostics, how they are printed, and the catalogue of their codes, dates and durations, where
//! pages live and how they link, the interface's languages.
//!
//! Imports nothing else of the crate.

pub mod codes;
pub mod dates;
pub mod diagnostic;
pub mod i18n;
pub mod report;
pub mod script;
pub mod source;
pub mod suggest;
pub mod urls;
