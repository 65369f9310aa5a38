//! `Fields`: the typed reader every YAML file of the site is read with
//! (`quire.yaml`, front matter, the glossary, handbooks): a text, a list, a
//! number or a mapping out of a `yaml::Node`, each misfit reported at the
//! value with its code (`wrong-type`, `value-too-long` …), and unknown keys
//! with the nearest known one.

use crate::base::codes::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::i18n::Text;
use crate::base::source::SourceFile;
use crate::base::suggest::closest;
use crate::input::yaml::{self, Node};

/// The longest a YAML text value may be, in characters. Titles, tags and
/// summaries are repeated on many pages (indexes, sidebars, the search
/// index), so one huge value would multiply into gigabytes of output.
pub const MAX_VALUE: usize = 10_000;

/// Reads typed values out of YAML nodes, reporting each misfit at the value.
pub struct Fields<'a> {
    pub source: &'a SourceFile,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(source: &'a SourceFile, diags: &'a mut Vec<Diagnostic>) -> Self {
        Fields { source, diags }
    }

    /// Reports a value that cannot be used, at `node`, as `code`.
    pub fn invalid(&mut self, code: Code, node: &Node, message: Text) {
        self.invalid_with(code, node, message, None);
    }

    /// [`Fields::invalid`] with a help line, when there is one.
    pub fn invalid_with(&mut self, code: Code, node: &Node, message: Text, help: Option<Text>) {
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
                        crate::tr!(
                            "`{key}` 有 {} 个字符，一个值最多只能有 {MAX_VALUE} 个",
                            "`{key}` is {} characters long; a value may have at most {MAX_VALUE}",
                            t.chars().count()
                        ),
                    )
                    .with_help(crate::tr!(
                        "长的文字放到正文里，写在一个标题下面",
                        "put long text in the body, under a heading"
                    )),
                );
                None
            }
            Some(t) => Some(t),
            None => {
                self.invalid(
                    Code::WrongType,
                    node,
                    crate::tr!(
                        "`{key}` 应该是文字，这里却是{}",
                        "`{key}` must be text, found {}",
                        node.describe()
                    ),
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
                    crate::tr!(
                        "`{key}` 应该是列表，这里却是{}",
                        "`{key}` must be a list, found {}",
                        node.describe()
                    ),
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
                crate::tr!("全角逗号", "a full-width comma")
            } else {
                crate::tr!("顿号", "an enumeration comma (、)")
            };
            self.diags.push(
                Diagnostic::warning(
                    Code::FullWidthPunctuation,
                    self.source,
                    at..at + c.len_utf8(),
                    crate::tr!(
                        "这里的 `{c}` 是{}；YAML 用半角逗号 `,` 分隔列表项",
                        "the `{c}` here is {}; YAML separates items with `,`",
                        name
                    ),
                )
                .with_help(crate::tr!(
                    "quire 暂时把 `{key}` 当成 {} 项（{}）来读；如果这就是你的意思，请写成 `[{}]`",
                    "quire read `{key}` as {} items ({}); write `[{}]` to say so",
                    items.len(),
                    Text {
                        zh: items.join("、"),
                        en: items.join(", "),
                    },
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
                    crate::tr!(
                        "`{key}` 应该是 true 或 false，这里却是{}",
                        "`{key}` must be true or false, found {}",
                        node.describe()
                    ),
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
            crate::tr!("不认识的设置项 `{key}`", "unknown key `{key}`"),
        );
        d = match closest(key, known) {
            Some(near) => d.with_help(crate::tr!(
                "是不是想写 `{near}`？",
                "did you mean `{near}`?"
            )),
            None => d.with_help(crate::tr!(
                "可以用的键：{}",
                "known keys: {}",
                crate::base::i18n::Text::list(known)
            )),
        };
        self.diags.push(d);
    }
}
