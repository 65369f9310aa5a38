//! Rule levels, as linters have them: `rules:` in `quire.yaml` sets a code
//! to `error`, `warning` or `off`, for the whole site, for one kind or for
//! one folder, and a playbook's `allow: [orphan]` turns codes off in that
//! file. Levels are applied once, over every diagnostic a run found
//! ([`apply`]), so each stage reports as it always did and the counts, the
//! exit code and `--strict` all see the effective levels.
//!
//! Precedence: a playbook's `allow:` over a folder (the longest that holds
//! the file) over a kind over the global level over the code's default.
//! Codes that mean a file cannot be read or written are locked
//! ([`crate::base::codes::Code::locked`]): a rule may raise them, never lower them.
//! A name that was split into several codes (`invalid-field`) stays an
//! alias: a rule on it sets each of them, unless the same map names one.

use crate::base::i18n::Text;
use std::collections::BTreeMap;

use crate::base::codes::{self, Code};
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::input::fields::Fields;
use crate::input::kind::Kind;
use crate::input::yaml::{self, Node};

/// What a rule sets a code to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    /// `error`, `warning` (or `warn`), `off`, and their Chinese names. YAML
    /// 1.1 readers take a bare `off` for false, so `false` is off too.
    pub fn from_name(name: &str) -> Option<Level> {
        match name.trim() {
            "error" | "错误" => Some(Level::Error),
            "warning" | "warn" | "警告" => Some(Level::Warning),
            "off" | "false" | "关闭" => Some(Level::Off),
            _ => None,
        }
    }

    fn rank(self) -> u8 {
        match self {
            Level::Off => 0,
            Level::Warning => 1,
            Level::Error => 2,
        }
    }
}

/// One code's level as a rule sets it, and where the rule is written.
#[derive(Debug, Clone)]
pub struct Setting {
    pub level: Level,
    /// `quire.yaml:LINE:COL` of the level's value.
    pub at: String,
}

type Levels = BTreeMap<&'static str, Setting>;

/// Every level `rules:` sets.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    global: Levels,
    /// By kind id, once [`Rules::resolve_kinds`] has run; by the key as
    /// written before (kinds can be defined after `rules:`).
    kinds: Vec<(String, Levels)>,
    /// Folders relative to the site root, ending with `/`.
    folders: Vec<(String, Levels)>,
    /// Kind keys waiting for the kinds to be known, with their key nodes.
    pending: Vec<(String, Node, Levels)>,
    /// Warnings for folder keys, pushed by [`Rules::check_folders`] when
    /// the folder does not exist.
    folder_checks: Vec<(String, Diagnostic)>,
}

/// What [`apply`] needs to know of a diagnostic's file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    /// The kind of the playbook the file holds, if it is one.
    pub kind: Option<&'a str>,
    /// The codes its front matter's `allow:` turns off.
    pub allow: &'a [String],
}

impl Rules {
    /// Reads the value of `rules:`; every problem is reported at its key or value.
    pub fn read(value: &Node, fields: &mut Fields) -> Rules {
        let mut rules = Rules::default();
        if value.is_null() {
            return rules;
        }
        if !matches!(value.value, yaml::Value::Map(_)) {
            fields.invalid(Code::WrongType,
                value,
                crate::tr!("`rules` 把诊断代码对应到 `error`、`warning` 或 `off`，例如 `placeholder: off`", "`rules` maps a diagnostic code to `error`, `warning` or `off`, e.g. `placeholder: off`"),
            );
            return rules;
        }
        for (key, key_node, level) in value.entries() {
            if matches!(level.value, yaml::Value::Map(_)) {
                let levels = read_levels(level, fields);
                if key.ends_with('/') {
                    if let Some(folder) = folder_key(&key, key_node, fields) {
                        let d = unknown_rule(
                            fields,
                            key_node,
                            &key,
                            crate::tr!("站点里没有文件夹 `{folder}`，所以这条规则什么也管不到", "there is no folder `{folder}` in the site, so this rule applies to nothing"),
                            crate::tr!(
                                "文件夹从站点根目录写起，例如 `content/drafts/`",
                                "a folder is written from the site root, e.g. `content/drafts/`"
                            ),
                        );
                        rules.folder_checks.push((folder.clone(), d));
                        rules.folders.push((folder, levels));
                    }
                } else {
                    rules.pending.push((key, key_node.clone(), levels));
                }
            } else if key.ends_with('/') {
                fields.invalid(Code::WrongType,
                    level,
                    crate::tr!("一个文件夹下面写它自己的代码和级别，例如 `{key}: {{placeholder: off}}`", "a folder holds its own codes and levels, e.g. `{key}: {{placeholder: off}}`"),
                );
            } else if let Some((codes, setting)) = read_level(&key, key_node, level, fields) {
                set(&mut rules.global, codes, setting);
            }
        }
        rules
    }

    /// Settles kind keys against the site's kinds (a kind id or its folder);
    /// a key that names no kind is an `unknown-rule` warning.
    pub fn resolve_kinds(&mut self, kinds: &[Kind], fields: &mut Fields) {
        for (key, key_node, levels) in std::mem::take(&mut self.pending) {
            let kind = kinds
                .iter()
                .find(|k| k.id == key)
                .or_else(|| kinds.iter().find(|k| k.folder == key));
            match kind {
                Some(kind) => self.kinds.push((kind.id.clone(), levels)),
                None => {
                    let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
                    let help = match crate::base::suggest::closest(&key, &ids) {
                        Some(near) => crate::tr!(
                            "是不是想写类型 `{near}`？",
                            "did you mean the kind `{near}`?"
                        ),
                        None => crate::tr!(
                            "放规则的键要么是一个类型（{}），要么是以 `/` 结尾的文件夹",
                            "a key holding rules is a kind ({}) or a folder ending with `/`",
                            ids.join(", ")
                        ),
                    };
                    let d = unknown_rule(
                        fields,
                        &key_node,
                        &key,
                        crate::tr!(
                            "`{key}` 既不是类型也不是文件夹，所以它下面的规则什么也管不到",
                            "`{key}` is neither a kind nor a folder, so its rules apply to nothing"
                        ),
                        help,
                    );
                    fields.diags.push(d);
                }
            }
        }
    }

    /// Warns of folder keys that name no folder under `root`.
    pub fn check_folders(&self, root: &std::path::Path, diags: &mut Vec<Diagnostic>) {
        for (folder, d) in &self.folder_checks {
            if root.join(folder).is_dir() {
                continue;
            }
            let mut d = d.clone();
            // Written from content/ rather than from the site root.
            if root.join("content").join(folder).is_dir() {
                d.help = Some(crate::tr!(
                    "是不是想写 `content/{folder}`？文件夹从站点根目录写起",
                    "did you mean `content/{folder}`? folders are written from the site root"
                ));
            }
            diags.push(d);
        }
    }

    /// The global level of `code`, if a rule sets one.
    pub fn global(&self, code: &str) -> Option<Level> {
        self.global.get(code).map(|s| s.level)
    }

    /// The level of `code` for a playbook of `kind` outside any folder rule.
    pub fn level_for_kind(&self, code: &str, kind: &str) -> Option<Level> {
        self.decide(code, "", Some(kind)).map(|s| s.level)
    }

    /// Whether some kind's or folder's rule gives `code` a level above off.
    pub fn scoped_raises(&self, code: &str) -> bool {
        self.kinds
            .iter()
            .chain(&self.folders)
            .filter_map(|(_, levels)| levels.get(code))
            .any(|s| s.level != Level::Off)
    }

    /// Whether a rule (global, of `kind` or of a folder holding `file`)
    /// decides `code` there.
    pub fn decides(&self, code: &str, file: &str, kind: Option<&str>) -> bool {
        self.decide(code, file, kind).is_some()
    }

    /// The setting that decides `code` in `file`, most specific first.
    fn decide(&self, code: &str, file: &str, kind: Option<&str>) -> Option<&Setting> {
        let folder = self
            .folders
            .iter()
            .filter(|(f, levels)| file.starts_with(f.as_str()) && levels.contains_key(code))
            .max_by_key(|(f, _)| f.len())
            .and_then(|(_, levels)| levels.get(code));
        let kind = || {
            let kind = kind?;
            self.kinds
                .iter()
                .filter(|(k, _)| k == kind)
                .find_map(|(_, levels)| levels.get(code))
        };
        folder.or_else(kind).or_else(|| self.global.get(code))
    }
}

/// Applies `rules` and each file's `allow:` to `diags`: changes severities,
/// drops what is off, and marks each changed diagnostic with the rule that
/// changed it. Errors in `quire.yaml` itself are never lowered: the build
/// stops at them before any rule could be trusted.
pub fn apply<'a>(diags: &mut Vec<Diagnostic>, rules: &Rules, lookup: impl Fn(&str) -> Target<'a>) {
    diags.retain_mut(|d| {
        if d.file == "quire.yaml" && d.is_error() {
            return true;
        }
        let target = lookup(&d.file);
        if target.allow.iter().any(|c| c == d.code) && !is_locked(d.code) {
            return false;
        }
        let Some(setting) = rules.decide(d.code, &d.file, target.kind) else {
            return true;
        };
        let severity = match setting.level {
            Level::Off => return false,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        };
        if severity != d.severity {
            d.severity = severity;
            d.rule = Some(setting.at.clone());
        }
        true
    });
}

fn is_locked(code: &str) -> bool {
    codes::find(code).and_then(Code::locked).is_some()
}

/// Sets `codes` to `setting`. An alias stands for several codes and gives
/// way to a code of its own in the same map, whichever is written first.
fn set(levels: &mut Levels, codes: &'static [Code], setting: Setting) {
    match codes {
        [code] => {
            levels.insert(code.name(), setting);
        }
        _ => {
            for code in codes {
                levels.entry(code.name()).or_insert_with(|| setting.clone());
            }
        }
    }
}

/// A kind's or folder's own map of codes to levels.
fn read_levels(map: &Node, fields: &mut Fields) -> Levels {
    let mut levels = Levels::new();
    for (key, key_node, level) in map.entries() {
        if matches!(level.value, yaml::Value::Map(_) | yaml::Value::List(_)) {
            fields.invalid(Code::WrongType,
                level,
                crate::tr!("`{key}` 只能是 `error`、`warning` 或 `off`；类型或文件夹下面的规则不能再嵌套", "`{key}` must be `error`, `warning` or `off`; rules for a kind or folder do not nest"),
            );
            continue;
        }
        if let Some((codes, setting)) = read_level(&key, key_node, level, fields) {
            set(&mut levels, codes, setting);
        }
    }
    levels
}

/// `code: level`, checked: the code must exist, the level be one quire
/// knows, and a locked code may not be lowered.
fn read_level(
    key: &str,
    key_node: &Node,
    value: &Node,
    fields: &mut Fields,
) -> Option<(&'static [Code], Setting)> {
    let codes = known_code(
        key,
        key_node,
        fields,
        crate::tr!("这条规则不起作用", "this rule does nothing"),
    )?;
    let text = match &value.value {
        yaml::Value::Null => None,
        _ => value.scalar_text(),
    };
    let Some(level) = text.as_deref().and_then(Level::from_name) else {
        let shown = text.unwrap_or_else(|| value.describe().en);
        fields.invalid(
            Code::UnknownValue,
            value,
            crate::tr!(
                "`{shown}` 不是级别：写 `error`、`warning` 或 `off`（错误、警告、关闭）",
                "`{shown}` is not a level: write `error`, `warning` or `off` (错误, 警告, 关闭)"
            ),
        );
        return None;
    };
    let locked = codes.iter().find_map(|c| c.locked_why());
    if let Some(why) = locked.filter(|_| level.rank() < Level::Error.rank()) {
        fields.diags.push(
            Diagnostic::error(
                Code::LockedCode,
                fields.source,
                value.span(),
                crate::tr!(
                    "`{key}` 的级别不能降低：{}",
                    "`{key}` cannot be lowered: {}",
                    Text::from(why)
                ),
            )
            .with_help(crate::tr!(
                "改好 `{key}` 报的问题，或者删掉这条规则",
                "fix what `{key}` reports, or remove this rule"
            )),
        );
        return None;
    }
    let pos = fields.source.position(value.offset);
    let at = format!("{}:{}:{}", fields.source.path, pos.line, pos.column);
    Some((codes, Setting { level, at }))
}

/// The codes `name` stands for (one, or an alias's), or an `unknown-rule`
/// warning at `node` that names the closest code.
pub fn known_code(
    name: &str,
    node: &Node,
    fields: &mut Fields,
    so: Text,
) -> Option<&'static [Code]> {
    if let Some(codes) = codes::resolve(name) {
        return Some(codes);
    }
    let names = codes::names();
    let help = match crate::base::suggest::closest(name, &names) {
        Some(near) => crate::tr!("是不是想写 `{near}`？", "did you mean `{near}`?"),
        None => crate::tr!(
            "docs/diagnostics.md 列出了所有代码",
            "docs/diagnostics.md lists every code"
        ),
    };
    let d = unknown_rule(
        fields,
        node,
        name,
        crate::tr!(
            "quire 不会报 `{name}` 这个诊断代码，所以{}",
            "`{name}` is not a diagnostic code quire reports, so {}",
            so
        ),
        help,
    );
    fields.diags.push(d);
    None
}

/// `allow:` in a playbook's front matter: the codes it turns off in that
/// file. Unknown codes are warned of; a locked code is an error, since
/// allowing it would hide a file the site cannot hold.
pub fn read_allow(node: &Node, fields: &mut Fields) -> Vec<String> {
    let items: Vec<&Node> = match node.as_list() {
        Some(items) => items.iter().collect(),
        None => vec![node],
    };
    let mut allow = Vec::new();
    for item in items {
        // A list of one item at a time, so each piece is reported at its
        // item; full-width commas are split and reported as in every list.
        for name in fields.list("allow", item) {
            if name.contains(',') {
                let d = unknown_rule(
                    fields,
                    item,
                    &name,
                    crate::tr!(
                        "`{name}` 不是一个代码，而是好几个",
                        "`{name}` is not one code but several"
                    ),
                    crate::tr!(
                        "把它们写成列表：`allow: [{name}]`",
                        "write them as a list: `allow: [{name}]`"
                    ),
                );
                fields.diags.push(d);
                continue;
            }
            let Some(codes) = known_code(
                &name,
                item,
                fields,
                crate::tr!("没有什么可放开的", "there is nothing to allow"),
            ) else {
                continue;
            };
            if let Some(why) = codes.iter().find_map(|c| c.locked_why()) {
                fields.diags.push(
                    Diagnostic::error(
                        Code::LockedCode,
                        fields.source,
                        item.span(),
                        crate::tr!(
                            "`{name}` 不能放进 `allow:`：{}",
                            "`{name}` cannot be allowed: {}",
                            Text::from(why)
                        ),
                    )
                    .with_help(crate::tr!(
                        "改好 `{name}` 报的问题",
                        "fix what `{name}` reports instead"
                    )),
                );
                continue;
            }
            allow.extend(codes.iter().map(|c| c.name().to_string()));
        }
    }
    allow
}

fn unknown_rule(fields: &Fields, node: &Node, name: &str, message: Text, help: Text) -> Diagnostic {
    let start = node.offset;
    let width = match fields.source.text.get(start..) {
        Some(rest) if rest.starts_with(name) => name.len(),
        _ => node.span().len(),
    };
    Diagnostic::warning(
        Code::UnknownRule,
        fields.source,
        start..start + width,
        message,
    )
    .with_help(help)
}

/// A folder key, checked: relative to the site root, no `..`.
fn folder_key(key: &str, node: &Node, fields: &mut Fields) -> Option<String> {
    let folder = key.trim().trim_start_matches("./").replace('\\', "/");
    if folder.starts_with('/') || folder.split('/').any(|part| part == "..") {
        fields.invalid(Code::InvalidPath,
            node,
            crate::tr!("`{key}` 应该是站点里的文件夹，从站点根目录写起，例如 `content/drafts/`", "`{key}` must be a folder inside the site, written from its root, e.g. `content/drafts/`"),
        );
        return None;
    }
    Some(folder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::SourceFile;
    use std::path::PathBuf;

    fn read(text: &str) -> (Rules, Vec<Diagnostic>) {
        let src = SourceFile::new("quire.yaml", PathBuf::from("quire.yaml"), text.into());
        let mut diags = Vec::new();
        let node = yaml::parse(&src, 0..src.text.len(), &mut Vec::new()).unwrap();
        let mut fields = Fields::new(&src, &mut diags);
        let mut rules = Rules::read(node.get("rules").unwrap(), &mut fields);
        rules.resolve_kinds(&crate::input::kind::builtin(), &mut fields);
        (rules, diags)
    }

    fn warning(code: Code, file: &str) -> Diagnostic {
        Diagnostic::file(
            Severity::Warning,
            code,
            file,
            crate::base::i18n::Text::same("x"),
        )
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let (rules, d) = read(
            "rules:\n  placeholder: error\n  sop:\n    placeholder: warning\n  content/sop/:\n    placeholder: off\n  content/sop/keep/:\n    placeholder: error\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let mut diags = vec![
            warning(Code::Placeholder, "content/cases/a.md"),
            warning(Code::Placeholder, "content/x/b.md"),
            warning(Code::Placeholder, "content/sop/c.md"),
            warning(Code::Placeholder, "content/sop/keep/d.md"),
        ];
        apply(&mut diags, &rules, |file| Target {
            kind: file.starts_with("content/x/").then_some("sop"),
            allow: &[],
        });
        let seen: Vec<_> = diags
            .iter()
            .map(|d| (d.file.as_str(), d.severity, d.rule.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "content/cases/a.md",
                    Severity::Error,
                    Some("quire.yaml:2:16")
                ),
                ("content/x/b.md", Severity::Warning, None),
                (
                    "content/sop/keep/d.md",
                    Severity::Error,
                    Some("quire.yaml:8:18")
                ),
            ]
        );
    }

    #[test]
    fn odd_shapes_are_reported_not_panicked_on() {
        let (_, d) = read(
            "rules:\n  content/:\n  x/: off\n  placeholder:\n  orphan: 2\n  sop:\n    orphan: {a: b}\n  \"\": off\n  ../up/: {orphan: off}\n",
        );
        let seen: Vec<_> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            seen,
            [
                ("wrong-type", 2, 11),
                ("wrong-type", 3, 7),
                ("unknown-value", 4, 14),
                ("unknown-value", 5, 11),
                ("wrong-type", 7, 13),
                ("unknown-rule", 8, 3),
                ("invalid-path", 9, 3),
            ]
        );
    }

    #[test]
    fn off_is_off_however_yaml_reads_it() {
        let (rules, d) = read("rules:\n  placeholder: off\n  orphan: 关闭\n  self-link: warn\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(rules.global("placeholder"), Some(Level::Off));
        assert_eq!(rules.global("orphan"), Some(Level::Off));
        assert_eq!(rules.global("self-link"), Some(Level::Warning));
    }

    #[test]
    fn allow_beats_every_rule_but_not_a_locked_code() {
        let (rules, _) = read("rules:\n  content/:\n    orphan: error\n");
        let allow = ["orphan".to_string(), "yaml-syntax".to_string()];
        let mut diags = vec![
            warning(Code::Orphan, "content/a.md"),
            Diagnostic::file(
                Severity::Error,
                Code::YamlSyntax,
                "content/a.md",
                crate::base::i18n::Text::same("x"),
            ),
        ];
        apply(&mut diags, &rules, |_| Target {
            kind: None,
            allow: &allow,
        });
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "yaml-syntax");
    }

    #[test]
    fn invalid_field_sets_every_code_it_was_split_into_but_gives_way_to_them() {
        for text in [
            "rules:\n  invalid-field: warning\n  invalid-date: off\n",
            "rules:\n  invalid-date: off\n  invalid-field: warning\n",
        ] {
            let (rules, d) = read(text);
            assert!(d.is_empty(), "{d:?}");
            assert_eq!(rules.global("invalid-date"), Some(Level::Off), "{text}");
            assert_eq!(rules.global("wrong-type"), Some(Level::Warning), "{text}");
            assert_eq!(rules.global("invalid-step"), Some(Level::Warning), "{text}");
            assert_eq!(rules.global("invalid-field"), None);
        }
    }

    #[test]
    fn allow_takes_the_alias_for_every_code_it_stands_for() {
        let src = SourceFile::new(
            "content/a.md",
            PathBuf::from("a.md"),
            "allow: [invalid-field]\n".into(),
        );
        let mut diags = Vec::new();
        let node = yaml::parse(&src, 0..src.text.len(), &mut Vec::new()).unwrap();
        let mut fields = Fields::new(&src, &mut diags);
        let allow = read_allow(node.get("allow").unwrap(), &mut fields);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(allow.contains(&"unknown-value".to_string()));
        assert!(allow.contains(&"out-of-range".to_string()));
        assert!(!allow.contains(&"invalid-field".to_string()));
    }
}
