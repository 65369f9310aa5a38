//! TOML front matter, between `+++` lines, as Zola (which allows nothing
//! else) and Hugo write it. It is read into the same [`Node`] tree as YAML,
//! every value and key at its true byte offset in the file, so each field
//! check, `unknown-field` and coverage works on it unchanged. TOML errors
//! become `toml-syntax` diagnostics at their line and column.
//!
//! toml_edit is the reader because typst already compiles it in (through
//! `toml`), and its parsed document keeps the span of every key and value.
//! TOML dates (`date = 2026-01-02`) become text as written in ISO form, the
//! way YAML reads `date: 2026-01-02`, so the date checks read both alike.

use std::ops::Range;

use toml_edit::{ImDocument, InlineTable, Item, Table};

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::input::yaml::{Node, Value, MAX_DEPTH, MAX_VALUES};

/// Parses the TOML in `range` of `source` into a mapping; an empty block is `Null`.
pub fn parse(source: &SourceFile, range: Range<usize>) -> Result<Node, Diagnostic> {
    let text = source.text.get(range.clone()).unwrap_or("");
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            offset: range.start,
        });
    }
    let doc = ImDocument::parse(text).map_err(|err| {
        let at = err.span().map_or(text.len(), |s| s.start);
        let mut at = (range.start + at).min(source.text.len());
        while !source.text.is_char_boundary(at) {
            at -= 1;
        }
        let message = err.message().lines().next().unwrap_or("").trim();
        let expected = err
            .message()
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        // An array or table never closed makes the parser fail a line or
        // more later, where the next key starts: blame the open bracket, as
        // the YAML reader does.
        let start = range.start;
        let open = crate::input::yaml::unclosed_bracket(&source.text[start..at.max(start)])
            .map(|i| start + i)
            .filter(|&i| source.position(i).line < source.position(at).line);
        if let Some(open) = open {
            let bracket = &source.text[open..open + 1];
            let close = match bracket {
                "[" => "]",
                "{" => "}",
                quote => quote,
            };
            return Diagnostic::error(
                Code::TomlSyntax,
                source,
                open..open + 1,
                crate::tr!(
                    "TOML 写错了：这个 `{bracket}` 没有闭合",
                    "invalid TOML: this `{bracket}` is never closed"
                ),
            )
            .with_help(crate::tr!(
                "用 `{close}` 把它闭合（解析器是在后面才停下的：{message}）",
                "close it with `{close}` (the parser stopped later: {message})"
            ));
        }
        let d = Diagnostic::error(
            Code::TomlSyntax,
            source,
            at..at + 1,
            crate::tr!("TOML 写错了：{message}", "invalid TOML: {message}"),
        );
        match expected.is_empty() {
            true => d.with_help(crate::tr!(
                "改好这里的 TOML；文字值要加引号：title = \"新人接待\"",
                "fix the TOML here; text values need quotes: title = \"新人接待\""
            )),
            false => d.with_help(crate::tr!(
                "{expected}；文字值要加引号：title = \"新人接待\"",
                "{expected}; text values need quotes: title = \"新人接待\""
            )),
        }
    })?;
    let mut reader = Reader {
        source,
        base: range.start,
        values: 0,
    };
    let root = doc
        .as_item()
        .as_table()
        .map(|t| reader.table(t, range.start, 0))
        .transpose()?;
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        offset: range.start,
    }))
}

/// Turns the parsed document into [`Node`]s, counting values and depth as
/// the YAML reader does, so TOML front matter meets the same limits.
struct Reader<'s> {
    source: &'s SourceFile,
    /// Where the TOML block starts in the file: toml_edit's spans are the block's.
    base: usize,
    values: usize,
}

impl Reader<'_> {
    fn at(&self, span: Option<Range<usize>>, fallback: usize) -> usize {
        span.map_or(fallback, |s| self.base + s.start)
    }

    /// Counts one value at `offset`, `depth` levels down; an error past the limits.
    fn count(&mut self, offset: usize, depth: usize) -> Result<(), Diagnostic> {
        self.values += 1;
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                Code::TomlSyntax,
                self.source,
                offset..offset + 1,
                crate::tr!("TOML 写错了：嵌套的层数超过了 quire 允许的 {MAX_DEPTH} 层", "invalid TOML: the TOML nests more than quire allows (at most {MAX_DEPTH} levels)"),
            )
            .with_help(crate::tr!("把这个值拆平；front matter 很少需要超过几层", "flatten the value; front matter rarely needs more than a few levels")));
        }
        if self.values > MAX_VALUES {
            return Err(Diagnostic::error(
                Code::TomlSyntax,
                self.source,
                self.base..self.base + 1,
                crate::tr!("TOML 写错了：front matter 里的 TOML 值超过了 {MAX_VALUES} 个（每个文字、数字、数组和表都算一个），这是 quire 在一个文件里能读的上限", "invalid TOML: the front matter holds more than {MAX_VALUES} TOML values (each text, number, array and table counts), the most quire reads in one file"),
            )
            .with_help(crate::tr!("把它拆成几个文件，或者把数组写短一些", "split it into several files, or shorten its arrays")));
        }
        Ok(())
    }

    /// A key at its place in the file; `fallback` when toml_edit kept no span.
    fn key(&self, name: &str, key: Option<&toml_edit::Key>, fallback: usize) -> Node {
        Node {
            value: Value::Str(name.to_string()),
            offset: self.at(key.and_then(|k| k.span()), fallback),
        }
    }

    /// A `[table]`, the root or one made by a dotted key (`taxonomies.tags = …`),
    /// which has no span of its own: it stands at `fallback`, its key.
    fn table(&mut self, t: &Table, fallback: usize, depth: usize) -> Result<Node, Diagnostic> {
        let offset = self.at(t.span(), fallback);
        self.count(offset, depth)?;
        let mut pairs = Vec::new();
        for (name, item) in t.iter() {
            let key = self.key(name, t.key(name), offset);
            let Some(value) = self.item(item, key.offset, depth + 1)? else {
                continue;
            };
            pairs.push((key, value));
        }
        Ok(Node {
            value: Value::Map(pairs),
            offset,
        })
    }

    fn inline_table(
        &mut self,
        t: &InlineTable,
        offset: usize,
        depth: usize,
    ) -> Result<Node, Diagnostic> {
        self.count(offset, depth)?;
        let mut pairs = Vec::new();
        for (name, value) in t.iter() {
            let key = self.key(name, t.key(name), offset);
            let value = self.value(value, key.offset, depth + 1)?;
            pairs.push((key, value));
        }
        Ok(Node {
            value: Value::Map(pairs),
            offset,
        })
    }

    fn item(
        &mut self,
        item: &Item,
        fallback: usize,
        depth: usize,
    ) -> Result<Option<Node>, Diagnostic> {
        Ok(Some(match item {
            Item::None => return Ok(None),
            Item::Value(v) => self.value(v, fallback, depth)?,
            Item::Table(t) => self.table(t, fallback, depth)?,
            Item::ArrayOfTables(tables) => {
                let offset = self.at(tables.span(), fallback);
                self.count(offset, depth)?;
                let mut items = Vec::new();
                for t in tables.iter() {
                    items.push(self.table(t, offset, depth + 1)?);
                }
                Node {
                    value: Value::List(items),
                    offset,
                }
            }
        }))
    }

    fn value(
        &mut self,
        v: &toml_edit::Value,
        fallback: usize,
        depth: usize,
    ) -> Result<Node, Diagnostic> {
        use toml_edit::Value as T;
        let offset = self.at(v.span(), fallback);
        let value = match v {
            T::String(s) => Value::Str(s.value().clone()),
            T::Integer(i) => Value::Int(*i.value()),
            T::Float(f) => Value::Float(*f.value()),
            T::Boolean(b) => Value::Bool(*b.value()),
            T::Datetime(d) => Value::Str(d.value().to_string()),
            T::Array(a) => {
                self.count(offset, depth)?;
                let mut items = Vec::new();
                for item in a.iter() {
                    items.push(self.value(item, offset, depth + 1)?);
                }
                return Ok(Node {
                    value: Value::List(items),
                    offset,
                });
            }
            T::InlineTable(t) => return self.inline_table(t, offset, depth),
        };
        self.count(offset, depth)?;
        Ok(Node { value, offset })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::new("a.md", PathBuf::from("a.md"), text.to_string())
    }

    fn front(s: &SourceFile) -> Result<Node, Diagnostic> {
        let end = s.text.rfind("+++").unwrap_or(s.text.len());
        parse(s, 4..end)
    }

    #[test]
    fn every_key_and_value_knows_its_place_in_the_file() {
        let s = src("+++\ntitle = \"群规\"\nweight = 3\ndate = 2026-01-02\n\n[taxonomies]\ntags = [\"新人\", \"SOP\"]\n+++\n");
        let node = front(&s).unwrap();
        let title = node.get("title").unwrap();
        assert_eq!(title.as_str(), Some("群规"));
        assert_eq!(s.position(title.offset).line, 2);
        assert_eq!(s.position(title.offset).column, 9);
        assert_eq!(node.get("weight").unwrap().value, Value::Int(3));
        assert_eq!(node.get("date").and_then(Node::as_str), Some("2026-01-02"));
        let (_, key, _) = node
            .entries()
            .into_iter()
            .find(|(k, ..)| k == "taxonomies")
            .unwrap();
        assert_eq!(
            (s.position(key.offset).line, s.position(key.offset).column),
            (6, 2)
        );
        let tags = node
            .get("taxonomies")
            .and_then(|t| t.get("tags"))
            .and_then(Node::as_list)
            .unwrap();
        assert_eq!(tags[1].as_str(), Some("SOP"));
        assert_eq!(
            (
                s.position(tags[1].offset).line,
                s.position(tags[1].offset).column
            ),
            (7, 15)
        );
    }

    #[test]
    fn dotted_keys_and_inline_tables_are_mappings_too() {
        let s = src("+++\ntaxonomies.tags = [\"a\"]\nlast_update = { date = 2026-03-05T10:00:00+08:00 }\n+++\n");
        let node = front(&s).unwrap();
        let tax = node.get("taxonomies").unwrap();
        assert_eq!(s.position(tax.offset).line, 2);
        let date = node.get("last_update").and_then(|n| n.get("date")).unwrap();
        assert_eq!(date.as_str(), Some("2026-03-05T10:00:00+08:00"));
        assert_eq!(s.position(date.offset).column, 24);
    }

    #[test]
    fn errors_point_into_the_whole_file() {
        let s = src("+++\ntitle = \"a\"\nweight = \n+++\n");
        let d = front(&s).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("toml-syntax", 3, 10));
        assert!(
            d.message.en.starts_with("invalid TOML: "),
            "{}",
            d.message.en
        );
        let s = src("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n");
        let d = front(&s).unwrap_err();
        assert_eq!((d.code, d.line), ("toml-syntax", 3));
    }

    #[test]
    fn an_array_never_closed_is_blamed_not_the_next_key() {
        let s = src("+++\ntitle = \"a\"\ntags = [\"a\", \"b\"\nowner = \"x\"\n+++\n");
        let d = front(&s).unwrap_err();
        assert_eq!((d.line, d.column), (3, 8));
        assert_eq!(d.message.en, "invalid TOML: this `[` is never closed");
        // An array over several lines is TOML, and is not blamed.
        let s = src("+++\ntags = [\n  \"a\",\n  \"b\",\n]\nowner = \n+++\n");
        let d = front(&s).unwrap_err();
        assert_eq!((d.line, d.column), (6, 9));
    }

    #[test]
    fn odd_toml_is_reported_or_read_never_panicked_on() {
        for text in [
            "新 = \n",
            "[a\n",
            "x = \"\"\"\n",
            "x = '''\n",
            "= 1\n",
            "[[a]]\n[a]\n",
            "a = 1\n[a]\n",
            "x = 1979-05-27T07:32:00.999999-07:00\n",
            "x = 07:32:00\n",
            "x = nan\ny = -inf\n",
            "x = 0xff\n",
            "x = { a = 1, a = 2 }\n",
            "\u{0}\n",
            "x = \"\\u{d800}\"\n",
            "x = [1, [2, [3]]]\n[[y]]\nz = 1\n[[y]]\n",
            "# 注释\n",
            "标题 = \"中文键\"\n",
            "\"引号键\" = 1\n",
            "a.\"b c\".d = 1\n",
            "x = 新人\n",
        ] {
            let s = src(&format!("+++\n{text}+++\n"));
            let end = s.text.len() - 4;
            let _ = parse(&s, 4..end);
        }
        let s = src("+++\n\"引号键\" = 1\n+++\n");
        let node = parse(&s, 4..s.text.len() - 4).unwrap();
        assert_eq!(node.entries()[0].0, "引号键");
        let s = src("+++\nx = 新人\n+++\n");
        let d = parse(&s, 4..s.text.len() - 4).unwrap_err();
        assert_eq!((d.line, d.column), (2, 5));
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_not_a_deep_tree() {
        let deep = format!("+++\nx = {}{}\n+++\n", "[".repeat(60), "]".repeat(60));
        let d = front(&src(&deep)).unwrap_err();
        assert_eq!(d.code, "toml-syntax");
        assert!(
            d.message.en.contains("at most 24 levels"),
            "{}",
            d.message.en
        );
    }
}
