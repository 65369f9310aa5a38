//! The input layer: the site's files read into values. `content/` walked,
//! YAML and TOML front matter read into spanned trees, `quire.yaml`, kinds,
//! rule levels, the glossary, playbooks, published files, the theme, and the
//! playbooks assembled into one site.
//!
//! May import `base` and `markdown` (a playbook's title may be its body's
//! first heading).

pub mod assets;
pub mod common_fields;
pub mod config;
pub mod fields;
pub mod glossary;
pub mod handbook;
pub mod kind;
pub mod load;
pub mod parse;
pub mod rules;
pub mod site;
pub mod theme;
pub mod toml_front;
pub mod yaml;
