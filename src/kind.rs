//! Kinds of playbook: what a playbook is (group rules, SOP, sharing format,
//! case study), its display names and the folder that implies it.

use serde::Serialize;

/// A kind of playbook.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Kind {
    /// Stable id used in front matter (`kind: sop`).
    pub id: String,
    /// Display name in Chinese.
    pub name_zh: String,
    /// Display name in English.
    pub name_en: String,
    /// Folder under `content/` whose files default to this kind.
    pub folder: String,
}

impl Kind {
    fn new(id: &str, name_zh: &str, name_en: &str, folder: &str) -> Self {
        Kind {
            id: id.into(),
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            folder: folder.into(),
        }
    }

    /// The display name in the site's language.
    pub fn name(&self, lang: crate::i18n::Language) -> &str {
        match lang {
            crate::i18n::Language::Zh => &self.name_zh,
            crate::i18n::Language::En => &self.name_en,
        }
    }
}

/// The four kinds every site has, in the order the site lists them.
pub fn builtin() -> Vec<Kind> {
    vec![
        Kind::new("group-rules", "群规", "Group rules", "group-rules"),
        Kind::new("sop", "SOP话术", "SOP scripts", "sop"),
        Kind::new("sharing-format", "分享形式", "Sharing formats", "sharing"),
        Kind::new("case-study", "案例", "Case studies", "cases"),
    ]
}
