//! `quire.yaml`: the site's title, language, base URL, theme and the mapping
//! from folders to kinds. Problems in it are diagnostics like any other: a bad
//! value is an error at the value, an unknown key a warning with the closest
//! known key.

use std::collections::BTreeMap;

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::i18n::Language;
use crate::base::source::SourceFile;
use crate::input::fields::Fields;
use crate::input::kind::{self, Kind};
use crate::input::yaml::{self, Node};

/// The site configuration, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub language: Language,
    /// Always ends with `/`; used for absolute links (404 page, canonical URLs).
    pub base_url: String,
    pub theme: String,
    pub kinds: Vec<Kind>,
    /// Link the first use of each glossary term on a page.
    pub glossary_links: bool,
    /// The allowed tags, when the site restricts them.
    pub tags: Option<Vec<String>>,
    /// Warn about playbooks nothing links to (always on under `--strict`).
    pub orphans: bool,
    /// What happens to raw HTML and script links that authors write.
    pub html: crate::markdown::html::Policy,
    /// The levels `rules:` gives diagnostic codes.
    pub rules: crate::input::rules::Rules,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "quire".into(),
            description: None,
            language: Language::Zh,
            base_url: "/".into(),
            theme: "default".into(),
            kinds: kind::builtin(),
            glossary_links: true,
            tags: None,
            orphans: false,
            html: crate::markdown::html::Policy::default(),
            rules: crate::input::rules::Rules::default(),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "theme",
    "folders",
    "kinds",
    "glossary_links",
    "tags",
    "orphans",
    "html",
    "rules",
];

/// The `language` a `quire.yaml` states, when it states one quire reads:
/// what a run speaks before the site is loaded (`quire --help`, a
/// `quire.yaml` with errors). Problems in the file are left to the run.
pub fn stated_language(source: &SourceFile) -> Option<Language> {
    let root = yaml::parse(source, 0..source.text.len(), &mut Vec::new()).ok()?;
    Language::from_tag(root.get("language")?.as_str()?)
}

impl Config {
    /// Reads `quire.yaml`; every problem is pushed to `diags` and a usable
    /// config is returned regardless.
    pub fn parse(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Config {
        let mut config = Config::default();
        let root = match yaml::parse(source, 0..source.text.len(), diags) {
            Ok(node) => node,
            Err(d) => {
                diags.push(d);
                return config;
            }
        };
        if root.is_null() {
            return config;
        }
        if !matches!(root.value, yaml::Value::Map(_)) {
            diags.push(Diagnostic::error(
                Code::WrongType,
                source,
                root.offset..root.offset + 1,
                crate::tr!(
                    "quire.yaml 应该是一组“键: 值”，这里却是{}",
                    "quire.yaml must be a mapping of keys to values, found {}",
                    root.describe()
                ),
            ));
            return config;
        }
        let mut fields = Fields::new(source, diags);
        for (key, key_node, value) in root.entries() {
            match key.as_str() {
                "title" => {
                    if let Some(t) = fields.text(&key, value) {
                        config.title = t;
                    }
                }
                "description" => config.description = fields.text(&key, value),
                "language" => {
                    if let Some(tag) = fields.text(&key, value) {
                        match Language::from_tag(&tag) {
                            Some(lang) => config.language = lang,
                            None => fields.invalid(
                                Code::UnknownValue,
                                value,
                                crate::tr!(
                                    "`language` 只能是 `zh-CN` 或 `en`",
                                    "`language` must be `zh-CN` or `en`"
                                ),
                            ),
                        }
                    }
                }
                "base_url" => {
                    if let Some(url) = fields.text(&key, value) {
                        config.base_url = normalize_base_url(&url);
                    }
                }
                "theme" => {
                    if let Some(theme) = fields.text(&key, value) {
                        match crate::input::theme::name_problem(&theme) {
                            Some(problem) => fields.invalid(
                                Code::InvalidPath,
                                value,
                                crate::tr!("主题{problem}", "theme {problem}"),
                            ),
                            None => config.theme = theme,
                        }
                    }
                }
                "folders" => config.read_folders(value, &mut fields),
                "kinds" => config.read_kinds(value, &mut fields),
                "glossary_links" => {
                    config.glossary_links = fields.bool(&key, value).unwrap_or(true)
                }
                "tags" => config.tags = Some(fields.list(&key, value)),
                "orphans" => config.orphans = fields.bool(&key, value).unwrap_or(false),
                "html" => {
                    if let Some(text) = fields.text(&key, value) {
                        match crate::markdown::html::Policy::from_name(&text) {
                            Some(policy) => config.html = policy,
                            None => fields.invalid(
                                Code::UnknownValue,
                                value,
                                crate::tr!(
                                    "`html` 只能是 `sanitize`、`deny` 或 `allow`",
                                    "`html` must be `sanitize`, `deny` or `allow`"
                                ),
                            ),
                        }
                    }
                }
                "rules" => config.rules = crate::input::rules::Rules::read(value, &mut fields),
                _ => fields.unknown_key(&key, key_node, KEYS),
            }
        }
        kind::check_folders(&config.kinds, &mut fields);
        // Kinds may be defined after `rules:`, so its kind keys wait until here.
        config.rules.resolve_kinds(&config.kinds, &mut fields);
        // A rule that gives `orphan` a level asks for the check, as `orphans: true` does.
        if matches!(
            config.rules.global("orphan"),
            Some(crate::input::rules::Level::Warning | crate::input::rules::Level::Error)
        ) {
            config.orphans = true;
        }
        config
    }

    fn read_folders(&mut self, value: &Node, fields: &mut Fields) {
        if !matches!(value.value, yaml::Value::Map(_)) {
            fields.invalid(
                Code::WrongType,
                value,
                crate::tr!(
                    "`folders` 把 content/ 下的文件夹对应到类型 id，例如 `sop: sop`",
                    "`folders` maps a folder under content/ to a kind id, e.g. `sop: sop`"
                ),
            );
            return;
        }
        let mut mapping = BTreeMap::new();
        for (_, folder_node, kind_node) in value.entries() {
            let Some(kind_id) = fields.text("folders", kind_node) else {
                continue;
            };
            let Some(folder) = kind::folder(folder_node, fields) else {
                continue;
            };
            if self.kinds.iter().any(|k| k.id == kind_id) {
                mapping.insert(kind_id, (folder, folder_node.span()));
            } else {
                let ids: Vec<&str> = self.kinds.iter().map(|k| k.id.as_str()).collect();
                fields.invalid(
                    Code::UnknownValue,
                    kind_node,
                    crate::tr!(
                        "不认识的类型 `{kind_id}`；可以用的类型：{}",
                        "unknown kind `{kind_id}`; known kinds: {}",
                        crate::base::i18n::Text::list(&ids)
                    ),
                );
            }
        }
        for kind in &mut self.kinds {
            if let Some((folder, at)) = mapping.get(&kind.id) {
                kind.folder = folder.clone();
                kind.folder_at = Some(at.clone());
            }
        }
    }

    /// `kinds:` entries: an existing id changes that kind, a new id adds one.
    fn read_kinds(&mut self, value: &Node, fields: &mut Fields) {
        let Some(entries) = value.as_list() else {
            fields.invalid(
                Code::WrongType,
                value,
                crate::tr!(
                    "`kinds` 是类型的列表，每个类型要有 `id`",
                    "`kinds` is a list of kinds, each with an `id`"
                ),
            );
            return;
        };
        for entry in entries {
            let existing = entry
                .get("id")
                .and_then(|n| n.as_str())
                .and_then(|id| self.kinds.iter_mut().find(|k| k.id == id));
            match existing {
                Some(kind) => kind::patch_kind(kind, entry, fields),
                None => {
                    if let Some(kind) = kind::parse_kind(entry, fields) {
                        self.kinds.push(kind);
                    }
                }
            }
        }
    }

    /// The kind whose folder holds a playbook id such as `sop/welcome`.
    pub fn kind_for_folder(&self, id: &str) -> Option<&Kind> {
        self.kinds
            .iter()
            .filter(|k| id.starts_with(&format!("{}/", k.folder)))
            .max_by_key(|k| k.folder.len())
    }

    /// The kind with this id: one of `kinds`, or else the built-in `page`.
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds
            .iter()
            .find(|k| k.id == id)
            .or_else(|| (id == crate::input::kind::PAGE).then(crate::input::kind::page))
    }
}

/// `handbook` → `/handbook/`; a full URL keeps its scheme and host.
pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    let mut out = if url.contains("://") || url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        let src = SourceFile::new("quire.yaml", PathBuf::from("quire.yaml"), text.into());
        let mut diags = Vec::new();
        (Config::parse(&src, &mut diags), diags)
    }

    #[test]
    fn reads_keys_and_normalizes_base_url() {
        let (c, d) = parse(
            "title: 手册\nlanguage: en\nbase_url: handbook\nfolders:\n  rules: group-rules\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.title, "手册");
        assert_eq!(c.language, Language::En);
        assert_eq!(c.base_url, "/handbook/");
        assert_eq!(c.kind("group-rules").unwrap().folder, "rules");
    }

    #[test]
    fn unknown_key_warns_with_closest_key() {
        let (_, d) = parse("title: x\nbase_ulr: /a/\n");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].line, d[0].column), ("unknown-key", 2, 1));
        assert_eq!(
            d[0].help.as_ref().map(|h| h.en.as_str()),
            Some("did you mean `base_url`?")
        );
    }

    #[test]
    fn wrong_type_is_reported_at_the_value() {
        let (c, d) = parse("title: [a, b]\n");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("wrong-type", 1, 8));
        assert_eq!(c.title, "quire");
    }
}
