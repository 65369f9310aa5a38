//! The one place quire reads YAML. Everything else sees a [`Node`] tree whose
//! every value knows its byte offset in the file, so later stages can point a
//! diagnostic at the exact value that is wrong. YAML errors become
//! `yaml-syntax` diagnostics at the line and column of the whole file.
//!
//! serde_yaml is archived; serde-saphyr is maintained, gives spans for every
//! value, and caps alias expansion (the "billion laughs" attack) by default.

use crate::base::i18n::Text;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::Spanned;

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;

/// How deeply YAML may nest; deeper is a `yaml-syntax` error.
pub const MAX_DEPTH: usize = 24;

/// How many values (scalars, lists and mappings) one YAML block may hold:
/// serde-saphyr's own default, ample for front matter, a handbook or
/// `quire.yaml`. More is a `yaml-syntax` error that says so.
pub const MAX_VALUES: usize = 250_000;

/// A YAML value with the byte offset (in the whole file) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub offset: usize,
}

/// The shapes a YAML value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Scalars as text, the way an author would read them (`90` → "90").
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The bytes to underline for this value: a scalar's text, or its first character.
    pub fn span(&self) -> Range<usize> {
        let len = match &self.value {
            Value::Str(s) => s.lines().next().map_or(1, str::len),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                self.scalar_text().map_or(1, |t| t.len())
            }
            _ => 1,
        };
        self.offset..self.offset + len.max(1)
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match &self.value {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The entries of a map, with keys as text.
    pub fn entries(&self) -> Vec<(String, &Node, &Node)> {
        match &self.value {
            Value::Map(pairs) => pairs
                .iter()
                .map(|(k, v)| (k.scalar_text().unwrap_or_default(), k, v))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.scalar_text().as_deref() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, for messages such as "expected text, found a list".
    pub fn describe(&self) -> Text {
        match self.value {
            Value::Null => crate::tr!("空值", "nothing"),
            Value::Bool(_) => crate::tr!("true 或 false（是或否）", "true/false"),
            Value::Int(_) | Value::Float(_) => crate::tr!("数字", "a number"),
            Value::Str(_) => crate::tr!("文字", "text"),
            Value::List(_) => crate::tr!("列表", "a list"),
            Value::Map(_) => crate::tr!("映射（键: 值）", "a mapping"),
        }
    }

    fn shift(&mut self, by: usize) {
        self.offset += by;
        match &mut self.value {
            Value::List(items) => items.iter_mut().for_each(|n| n.shift(by)),
            Value::Map(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
            _ => {}
        }
    }
}

/// Parses the YAML in `range` of `source`. An empty document is `Null`.
/// Warnings (a full-width colon read as `:`) go to `warnings`.
pub fn parse(
    source: &SourceFile,
    range: Range<usize>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Node, Diagnostic> {
    parse_within(source, range, MAX_VALUES, warnings)
}

/// [`parse`] for a file that may legitimately hold more than
/// [`MAX_VALUES`] values (the glossary), up to `max_values`.
pub fn parse_within(
    source: &SourceFile,
    range: Range<usize>,
    max_values: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Node, Diagnostic> {
    let text = &source.text[range.clone()];
    let first = parse_text(source, range.clone(), text, max_values);
    let broken = match &first {
        Err(_) => true,
        Ok(node) => !matches!(node.value, Value::Map(_) | Value::Null),
    };
    if !broken {
        return first;
    }
    // `title：新人接待`, as a Chinese input method types it, is plainly a key.
    // Read each such colon as `:` (padded to the same byte length, so every
    // offset stays true) when that makes the whole block parse as a mapping,
    // and say so at each one; a block that parses as written is never changed.
    let colons = key_colons(text);
    if colons.is_empty() {
        return first;
    }
    let mut patched = text.to_string();
    for &at in &colons {
        patched.replace_range(at..at + '：'.len_utf8(), ":  ");
    }
    match parse_text(source, range.clone(), &patched, max_values) {
        Ok(node) if matches!(node.value, Value::Map(_)) => {
            warnings.extend(
                colons
                    .iter()
                    .map(|&at| read_as_colon(source, range.start + at)),
            );
            Ok(node)
        }
        _ => first,
    }
}

/// Parses `text`, which stands at `range` of `source` (and is either that
/// range's text or a same-length repair of it).
fn parse_text(
    source: &SourceFile,
    range: Range<usize>,
    text: &str,
    max_values: usize,
) -> Result<Node, Diagnostic> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
    {
        return Ok(Node {
            value: Value::Null,
            offset: range.start,
        });
    }
    // Front matter is shallow; a low depth keeps the recursive tree well
    // inside any thread's stack, even in debug builds.
    let options = serde_saphyr::options! {
        with_snippet: false,
        // Every value is at most two events (start and end), so the event
        // cap never trips before the value cap, whose message is clearer.
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: max_values,
            max_events: max_values.saturating_mul(2).saturating_add(16),
        },
    };
    match serde_saphyr::from_str_with_options::<Node>(text, options) {
        Ok(node) => match first_tag(text) {
            None => {
                let mut node = node;
                node.shift(range.start);
                Ok(node)
            }
            Some(tag_at) => {
                let at = range.start + tag_at;
                let tag: String = source.text[at..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !",]}".contains(*c))
                    .collect();
                Err(Diagnostic::error(
                    Code::YamlSyntax,
                    source,
                    at..at + tag.len(),
                    crate::tr!(
                        "YAML 写错了：`{tag}` 是 YAML 标签，quire 不读它",
                        "invalid YAML: `{tag}` is a YAML tag, which quire does not read"
                    ),
                )
                .with_help(crate::tr!(
                    "如果 `!` 是文字的一部分，就把整个值放在引号里：\"!…\"",
                    "if the `!` belongs to the text, put the value in quotes: \"!…\""
                )))
            }
        },
        Err(err) => Err(syntax_error(source, range.start, text, &err, max_values)),
    }
}

/// The offset of the first `[` or `{` nested deeper than [`MAX_DEPTH`].
fn too_deep_at(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The offset of the first YAML tag (`!…` where a value starts) in text
/// that parsed: the parser applies or drops tags silently, so
/// `title: !重要通知` would lose its title without a word.
fn first_tag(text: &str) -> Option<usize> {
    // Lines indented past this belong to a `|` or `>` block: text, not YAML.
    let mut block: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        match block {
            Some(b) if indent > b || content.is_empty() => continue,
            _ => block = None,
        }
        if content.starts_with('#') {
            continue;
        }
        let mut prev = ' ';
        let mut quote: Option<char> = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if " [{,:-".contains(prev) => quote = Some(c),
                (None, '#') if prev == ' ' => break,
                (None, '!') if prev == ' ' || prev == '[' || prev == '{' || prev == ',' => {
                    let before = line[..i].trim_end();
                    if before.is_empty()
                        || before.ends_with(':')
                        || before.ends_with('-')
                        || before.ends_with(['[', '{', ','])
                    {
                        return Some(start + i);
                    }
                }
                _ => {}
            }
            prev = c;
        }
        let value = content.rsplit_once(": ").map_or(content, |(_, v)| v);
        if value.starts_with(['|', '>']) {
            block = Some(indent);
        }
    }
    None
}

fn syntax_error(
    source: &SourceFile,
    start: usize,
    text: &str,
    err: &serde_saphyr::Error,
    max_values: usize,
) -> Diagnostic {
    let offset = match err.location() {
        Some(loc) if loc.line() > 0 => {
            let first_line = source.position(start).line;
            let line = first_line + loc.line() as usize - 1;
            let col = if loc.line() == 1 {
                source.position(start).column + loc.column().max(1) as usize - 1
            } else {
                loc.column().max(1) as usize
            };
            source.offset_of(line, col)
        }
        _ => start + text.len(),
    };
    let message = clean_message(&err.without_snippet().to_string());
    if message.contains("found a tab") || message.contains("tabs") {
        return Diagnostic::error(
            Code::YamlSyntax,
            source,
            offset..offset + 1,
            crate::tr!(
                "YAML 写错了：这里该用空格，却用了 Tab",
                "invalid YAML: a tab where YAML needs spaces"
            ),
        )
        .with_help(crate::tr!(
            "缩进和分隔都用空格；YAML 在这里不允许 Tab",
            "indent and separate with spaces; YAML does not allow tabs there"
        ));
    }
    if message.starts_with("multiple YAML documents") {
        // The parser points past the `---`; point at it.
        let offset = source.text[start..offset.min(source.text.len())]
            .rfind("---")
            .map_or(offset, |i| start + i);
        return Diagnostic::error(
            Code::YamlSyntax,
            source,
            offset..offset + 1,
            crate::tr!(
                "YAML 写错了：这里开始了第二个 YAML 文档，一个文件只能有一个",
                "invalid YAML: a second YAML document starts here; a file holds one"
            ),
        )
        .with_help(crate::tr!(
            "删掉这行 `---`，或者把文件拆成两篇手册",
            "remove this `---` line, or split the file into two playbooks"
        ));
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set ").next().unwrap_or(key).to_string();
        return Diagnostic::error(
            Code::YamlSyntax,
            source,
            offset..offset + 1,
            crate::tr!(
                "YAML 写错了：键 `{key}` 出现了两次",
                "invalid YAML: the key `{key}` appears twice"
            ),
        )
        .with_help(crate::tr!(
            "只留一个；后面的值会悄悄覆盖前面的",
            "keep one of them; a later value would silently replace the earlier one"
        ));
    }
    if let serde_saphyr::Error::Budget {
        breach: BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. },
        ..
    } = err.without_snippet()
    {
        // The parser counts to the limit and stops; where it stopped is
        // not where anything is wrong, so the whole file is named.
        return Diagnostic::error(
            Code::YamlSyntax,
            source,
            start..start + 1,
            crate::tr!(
                "YAML 写错了：文件里的 YAML 值超过了 {max_values} 个（每个文字、数字、列表和映射都算一个），这是 quire 在一个文件里能读的上限", "invalid YAML: the file holds more than {max_values} YAML values (each text, number, list and mapping counts), the most quire reads in one file"
            ),
        )
        .with_help(crate::tr!("把它拆成几个文件，或者把列表写短一些", "split it into several files, or shorten its lists"));
    }
    if message.contains("budget breached") || message.contains("recursion limit") {
        let message = crate::tr!(
            "YAML 写错了：嵌套或重复的层数超过了 quire 允许的上限（最多 {MAX_DEPTH} 层）",
            "invalid YAML: the YAML nests or repeats more than quire allows (at most {MAX_DEPTH} levels)"
        );
        // The parser stops some way past the limit; point at the bracket
        // that crosses it, when brackets are what nests.
        let at = too_deep_at(text).map_or(offset, |i| start + i);
        return Diagnostic::error(Code::YamlSyntax, source, at..at + 1, message).with_help(
            crate::tr!(
                "把这个值拆平；front matter 很少需要超过几层",
                "flatten the value; front matter rarely needs more than a few levels"
            ),
        );
    }
    if let Some(at) = full_width_key_colon(&source.text[start..line_end(&source.text, offset)]) {
        let at = start + at;
        return full_width_colon(source, at);
    }
    if let Some(open) = unclosed_bracket(&source.text[start..offset.max(start)]) {
        let at = start + open;
        let bracket = &source.text[at..at + 1];
        if source.position(at).line < source.position(offset).line {
            return Diagnostic::error(
                Code::YamlSyntax,
                source,
                at..at + 1,
                crate::tr!(
                    "YAML 写错了：这个 `{bracket}` 没有闭合",
                    "invalid YAML: this `{bracket}` is never closed"
                ),
            )
            .with_help(crate::tr!(
                "在同一行用 `{}` 把它闭合（解析器是在后面才停下的：{message}）",
                "close it with `{}` on the same line (the parser stopped later: {message})",
                match bracket {
                    "[" => "]",
                    "{" => "}",
                    quote => quote,
                }
            ));
        }
    }
    Diagnostic::error(
        Code::YamlSyntax,
        source,
        offset..offset + 1,
        crate::tr!("YAML 写错了：{message}", "invalid YAML: {message}"),
    )
    .with_help(crate::tr!(
        "检查这里的 YAML 写法，比如括号有没有成对；如果某一项的内容里有 `: `（冒号加空格），或者以 `[`、`{{`、`*`、`&`、`#` 开头，要用英文双引号 `\"` 把它括起来",
        "fix the YAML here; values with `: ` or a leading `[`, `{{`, `*`, `&` or `#` need quotes"
    ))
}

/// The end of the line that holds `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text[offset..].find('\n').map_or(text.len(), |i| offset + i)
}

/// The offsets of full-width colons typed where a key of the block's
/// top-level mapping belongs (`title：新人接待`). Only lines at the top level
/// count: an indented line may be the text of a `|` block, the rest of a
/// quoted value or a nested mapping, and a `- ` item may be text with a
/// colon in it (`- 注意：私聊`), so none of them is ever changed.
fn key_colons(text: &str) -> Vec<usize> {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let top = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(0, indent);
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let item = line.trim_start().starts_with('-');
        if indent(line) != top || item {
            continue;
        }
        if let Some(at) = full_width_key_colon(line) {
            found.push(start + at);
        }
    }
    found
}

/// The warning for a full-width colon after a key that was read as `:`.
fn read_as_colon(source: &SourceFile, at: usize) -> Diagnostic {
    let (key, value) = key_and_value(source, at);
    let written = match value.is_empty() {
        true => format!("{key}:"),
        false => format!("{key}: {value}"),
    };
    Diagnostic::warning(
        Code::FullWidthPunctuation,
        source,
        at..at + '：'.len_utf8(),
        crate::tr!(
            "这里的 `：` 是全角冒号；quire 把它当成了键后面的 `:`",
            "the `：` here is a full-width colon; quire read it as the `:` after a key"
        ),
    )
    .with_help(crate::tr!(
        "写成 `{written}`，用半角的 `:` 再加一个空格",
        "write `{written}`, with a half-width `:` and a space"
    ))
}

fn key_and_value(source: &SourceFile, at: usize) -> (&str, &str) {
    let line_start = source.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let key = source.text[line_start..at].trim().trim_start_matches("- ");
    let value = source.text[at + '：'.len_utf8()..line_end(&source.text, at)].trim();
    (key, value)
}

/// The offset of the last full-width colon typed where a key's `:` belongs
/// (`title：新人接待`, as a Chinese input method types it): the parser reads
/// that line as text and fails a line or more later.
pub fn full_width_key_colon(text: &str) -> Option<usize> {
    let mut found = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let indent = line.len() - trimmed.len();
        if let Some(at) = trimmed.find('：') {
            let key = &trimmed[..at];
            let plain_key = !key.is_empty()
                && !key.contains([':', ' ', '#', '"', '\'', '[', '{'])
                && key.chars().count() <= 40;
            if plain_key {
                found = Some(line_start + indent + at);
            }
        }
        line_start += line.len();
    }
    found
}

/// The diagnostic for a full-width colon after a key, at offset `at`.
pub fn full_width_colon(source: &SourceFile, at: usize) -> Diagnostic {
    let (key, value) = key_and_value(source, at);
    Diagnostic::error(
        Code::YamlSyntax,
        source,
        at..at + '：'.len_utf8(),
        crate::tr!(
            "YAML 写错了：这里的 `：` 是全角冒号；键后面要用半角的 `:` 再加一个空格",
            "invalid YAML: the `：` here is a full-width colon; a key needs `:` and a space"
        ),
    )
    .with_help(crate::tr!(
        "写成 `{key}: {value}`",
        "write `{key}: {value}`"
    ))
}

/// The offset of the quote or the last `[`/`{` in `text` that is still open,
/// ignoring comments: the usual cause of an error reported lines
/// later, where the parser finally gave up.
pub(crate) fn unclosed_bracket(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    // A quote left open at the end is the likelier culprit than any bracket.
    let mut quote: Option<(char, usize)> = None;
    let mut prev = '\n';
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some((q, _)), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if prev.is_whitespace() || "[{,:".contains(prev) => {
                quote = Some((c, i))
            }
            (None, '#') if prev.is_whitespace() => {
                // A comment runs to the end of its line; skip it by pretending
                // nothing opens before the newline.
                prev = '#';
                continue;
            }
            (None, _) if prev == '#' && c != '\n' => continue,
            (None, '[' | '{') => open.push(i),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
        prev = c;
    }
    quote.map(|(_, at)| at).or_else(|| open.pop())
}

/// serde-saphyr appends its own "at line L column C" (relative to the YAML
/// block, not the file); drop it since the diagnostic carries the real one.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches([',', ':']).to_string()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        let offset = spanned.referenced.span().byte_offset().unwrap_or(0) as usize;
        Ok(Node {
            value: spanned.value,
            offset,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            pairs.push((k, v));
        }
        Ok(Value::Map(pairs))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_are_found_where_values_start_and_nowhere_else() {
        assert_eq!(first_tag("title: !重要通知\n"), Some(7));
        assert_eq!(first_tag("a: 1\ntags:\n  - !x\n"), Some(15));
        assert_eq!(first_tag("tags: [a, !b]\n"), Some(10));
        assert_eq!(first_tag("x: !!python/object:os.system a\n"), Some(3));
        for clean in [
            "title: 重要!\n",
            "title: \"!引号\"\n",
            "title: '!单引号'\n",
            "title: a # 注释 !x\n",
            "body: |\n  !important\n  - !not a tag\nnext: b\n",
            "summary: >\n  !折叠\n",
            "# !x\n",
        ] {
            assert_eq!(first_tag(clean), None, "{clean}");
        }
    }

    use super::*;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::new("f.yaml", PathBuf::from("f.yaml"), text.to_string())
    }

    #[test]
    fn every_value_knows_its_offset() {
        let s = src("title: 群规\ntags: [新人, 群规]\nsize: 69\n");
        let node = parse(&s, 0..s.text.len(), &mut Vec::new()).unwrap();
        let title = node.get("title").unwrap();
        assert_eq!(title.as_str(), Some("群规"));
        assert_eq!(&s.text[title.offset..title.offset + 6], "群规");
        let tags = node.get("tags").unwrap().as_list().unwrap();
        assert_eq!(s.position(tags[1].offset).column, 12);
        assert_eq!(node.get("size").unwrap().value, Value::Int(69));
    }

    #[test]
    fn syntax_error_points_into_the_whole_file() {
        let s = src("---\ntitle: ok\ntags: [a, b\nowner: x\n---\nbody\n");
        let end = s.text.find("---\nbody").unwrap();
        let d = parse(&s, 4..end, &mut Vec::new()).unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.line >= 3, "{d:?}");
        assert!(!d.message.en.contains(" at line "), "{}", d.message.en);
    }

    #[test]
    fn an_unclosed_bracket_is_blamed_not_the_line_after() {
        let s = src("---\ntitle: 新人\ntags: [新人, SOP\nreviewed: 2026-10-01\n---\n");
        let end = s.text.rfind("---").unwrap();
        let d = parse(&s, 4..end, &mut Vec::new()).unwrap_err();
        assert_eq!((d.line, d.column), (3, 7));
        assert_eq!(d.message.en, "invalid YAML: this `[` is never closed");
        assert_eq!(unclosed_bracket("a: '[x' # [\nb: [1, {c: 2}]\n"), None);
        assert_eq!(unclosed_bracket("a: \"it's\"\nb: \"open\nc: 1\n"), Some(13));
    }

    #[test]
    fn a_full_width_colon_after_a_key_is_read_as_one_and_reported() {
        let s = src("title：新人接待\nkind: sop\nowner：张三\n");
        let mut warnings = Vec::new();
        let node = parse(&s, 0..s.text.len(), &mut warnings).unwrap();
        assert_eq!(node.get("title").and_then(Node::as_str), Some("新人接待"));
        assert_eq!(node.get("owner").and_then(Node::as_str), Some("张三"));
        let found: Vec<_> = warnings
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                ("full-width-punctuation", 1, 6),
                ("full-width-punctuation", 3, 6)
            ]
        );
        assert_eq!(
            warnings[0].help.as_ref().map(|h| h.en.as_str()),
            Some("write `title: 新人接待`, with a half-width `:` and a space")
        );
        // The value keeps its place in the file.
        let title = node.get("title").unwrap();
        assert_eq!(&s.text[title.offset..title.offset + 12], "新人接待");
    }

    #[test]
    fn text_that_parses_as_written_is_never_repaired() {
        for text in [
            "summary: 注意：不要私聊\n",
            "notes: |\n  提示：先看群规\ntitle: a\n",
            "summary: 第一行\n  提示：续行\n",
        ] {
            let s = src(text);
            let mut warnings = Vec::new();
            parse(&s, 0..s.text.len(), &mut warnings).unwrap();
            assert!(warnings.is_empty(), "{text}: {warnings:?}");
        }
        // Text stays text even when a key elsewhere is repaired: a block's
        // lines, a `- |` item's, a list item with a colon in it.
        let s = src(
            "notes: |\n  提示：先看群规\nsteps:\n- |\n  话术：欢迎\n- 注意：私聊\ntitle：新人\n",
        );
        let mut warnings = Vec::new();
        let node = parse(&s, 0..s.text.len(), &mut warnings).unwrap();
        assert_eq!(
            node.get("notes").and_then(Node::as_str),
            Some("提示：先看群规\n")
        );
        let steps = node.get("steps").and_then(Node::as_list).unwrap();
        assert_eq!(steps[0].as_str(), Some("话术：欢迎\n"));
        assert_eq!(steps[1].as_str(), Some("注意：私聊"));
        assert_eq!(node.get("title").and_then(Node::as_str), Some("新人"));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let s = src("title: a\ntitle: b\n");
        let d = parse(&s, 0..s.text.len(), &mut Vec::new()).unwrap_err();
        assert_eq!((d.line, d.code), (2, "yaml-syntax"));
    }
}
