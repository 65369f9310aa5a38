//! `quire.yaml`: the site's title, language, base URL, theme and the mapping
//! from folders to kinds. Problems in it are diagnostics like any other: a bad
//! value is an error at the value, an unknown key a warning with the closest
//! known key.

use std::collections::BTreeMap;

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::i18n::Language;
use crate::base::source::SourceFile;
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
                format!(
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
                                "`language` must be `zh-CN` or `en`",
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
                                &format!("theme {problem}"),
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
                                "`html` must be `sanitize`, `deny` or `allow`",
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
                "`folders` maps a folder under content/ to a kind id, e.g. `sop: sop`",
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
                    &format!("unknown kind `{kind_id}`; known kinds: {}", ids.join(", ")),
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
                "`kinds` is a list of kinds, each with an `id`",
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

/// Reads typed values out of YAML nodes, reporting each misfit at the value.
/// The longest a YAML text value may be, in characters. Titles, tags and
/// summaries are repeated on many pages (indexes, sidebars, the search
/// index), so one huge value would multiply into gigabytes of output.
pub const MAX_VALUE: usize = 10_000;

pub struct Fields<'a> {
    pub source: &'a SourceFile,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(source: &'a SourceFile, diags: &'a mut Vec<Diagnostic>) -> Self {
        Fields { source, diags }
    }

    /// Reports a value that cannot be used, at `node`, as `code`.
    pub fn invalid(&mut self, code: Code, node: &Node, message: &str) {
        self.invalid_with(code, node, message, None);
    }

    /// [`Fields::invalid`] with a help line, when there is one.
    pub fn invalid_with(&mut self, code: Code, node: &Node, message: &str, help: Option<String>) {
        let d = Diagnostic::error(code, self.source, node.span(), message);
        self.diags.push(match help {
            Some(help) => d.with_help(help),
            None => d,
        });
    }

    /// A scalar as text; `None` (and a diagnostic) for lists and mappings,
    /// `None` silently for an empty value.
    pub fn text(&mut self, key: &str, node: &Node) -> Option<String> {
        if node.is_null() {
            return None;
        }
        match node.scalar_text() {
            Some(t) if t.len() > MAX_VALUE && t.chars().count() > MAX_VALUE => {
                self.diags.push(
                    Diagnostic::error(
                        Code::ValueTooLong,
                        self.source,
                        node.offset..node.offset + 1,
                        format!(
                            "`{key}` is {} characters long; a value may have at most {MAX_VALUE}",
                            t.chars().count()
                        ),
                    )
                    .with_help("put long text in the body, under a heading"),
                );
                None
            }
            Some(t) => Some(t),
            None => {
                self.invalid(
                    Code::WrongType,
                    node,
                    &format!("`{key}` must be text, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// A list of scalars; a single scalar counts as a list of one.
    pub fn list(&mut self, key: &str, node: &Node) -> Vec<String> {
        if let Some(one) = node.scalar_text() {
            return self.split_full_width(key, node, one);
        }
        match &node.value {
            yaml::Value::Null => Vec::new(),
            yaml::Value::List(items) => {
                let mut all = Vec::new();
                for item in items {
                    if let Some(text) = self.text(key, item) {
                        all.extend(self.split_full_width(key, item, text));
                    }
                }
                all
            }
            _ => {
                self.invalid(
                    Code::WrongType,
                    node,
                    &format!("`{key}` must be a list, found {}", node.describe()),
                );
                Vec::new()
            }
        }
    }

    /// An item holding a full-width comma or 、 is several items typed with
    /// a Chinese input method (`tags: [读书会，分享]`): they are read as
    /// separate items, each separator reported where it stands, so the value
    /// is neither silently merged nor silently changed.
    fn split_full_width(&mut self, key: &str, node: &Node, text: String) -> Vec<String> {
        const SEPARATORS: [char; 2] = ['，', '、'];
        if !text.contains(SEPARATORS) {
            return vec![text];
        }
        let items: Vec<String> = text
            .split(SEPARATORS)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        // The separators as written, searched from the value's start (a
        // quoted value's offsets differ from its text's).
        let source = &self.source.text;
        let mut from = node.offset.min(source.len());
        for c in text.chars().filter(|c| SEPARATORS.contains(c)) {
            let Some(at) = source[from..].find(c).map(|i| from + i) else {
                break;
            };
            let name = if c == '，' {
                "a full-width comma"
            } else {
                "an enumeration comma (、)"
            };
            self.diags.push(
                Diagnostic::warning(
                    Code::FullWidthPunctuation,
                    self.source,
                    at..at + c.len_utf8(),
                    format!("the `{c}` here is {name}; YAML separates items with `,`"),
                )
                .with_help(format!(
                    "quire read `{key}` as {} items ({}); write `[{}]` to say so",
                    items.len(),
                    items.join(", "),
                    items.join(", ")
                )),
            );
            from = at + c.len_utf8();
        }
        items
    }

    pub fn bool(&mut self, key: &str, node: &Node) -> Option<bool> {
        match node.value {
            yaml::Value::Bool(b) => Some(b),
            yaml::Value::Null => None,
            _ => {
                self.invalid(
                    Code::WrongType,
                    node,
                    &format!("`{key}` must be true or false, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// An unknown key: a warning, with the closest known key as help.
    pub fn unknown_key(&mut self, key: &str, node: &Node, known: &[&str]) {
        let mut d = Diagnostic::at(
            Severity::Warning,
            Code::UnknownKey,
            self.source,
            node.offset..node.offset + key.len(),
            format!("unknown key `{key}`"),
        );
        d = match closest(key, known) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("known keys: {}", known.join(", "))),
        };
        self.diags.push(d);
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough to
/// be a plausible typo.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(2) / 2).max(1))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters (so one Chinese character is one edit).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
        assert_eq!(d[0].help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn wrong_type_is_reported_at_the_value() {
        let (c, d) = parse("title: [a, b]\n");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("wrong-type", 1, 8));
        assert_eq!(c.title, "quire");
    }
}
