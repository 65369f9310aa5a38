//! The output layer: what a build publishes. Pages rendered through the
//! theme's templates, handbooks typeset as PDF, the search index, SOP
//! timelines, each playbook's facts box, and the site written to disk.
//!
//! May import every layer below: `base`, `markdown`, `input`, `check`, `link`.

pub mod built;
pub mod facts;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
pub mod search;
pub mod timeline;
pub mod write;

pub use built::{Built, Pdfs};
