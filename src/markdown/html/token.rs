//! Reading raw HTML as the HTML tokenizer does: what starts at a `<` (a
//! comment, a declaration, a start or end tag with its attributes, or only
//! text), where a raw-text element ends, and character references decoded.

use std::borrow::Cow;

pub(super) enum Token {
    /// `<!-- … -->`, ending before this offset.
    Comment(usize),
    UnclosedComment,
    /// `<!DOCTYPE …>`, `<?…>`, `<![CDATA[…]]>`.
    Declaration(usize),
    Start(StartTag),
    End {
        name: String,
        end: usize,
    },
    /// A `<name` whose tag never closes; the offset is past its name.
    Unterminated(usize),
    /// A `<` that starts no tag.
    Text,
}

pub(super) struct StartTag {
    /// Lowercased.
    pub(super) name: String,
    pub(super) attributes: Vec<Attribute>,
    /// Just past the `>`.
    pub(super) end: usize,
}

pub(super) struct Attribute {
    /// Lowercased.
    pub(super) name: String,
    /// As written, character references undecoded.
    pub(super) value: String,
    pub(super) at: usize,
    /// Where the value as written starts (past a quote).
    pub(super) value_at: usize,
}

/// Reads what starts at the `<` at `at`, as the HTML tokenizer would.
pub(super) fn read(run: &str, at: usize) -> Token {
    let rest = &run[at..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are (empty) comments too.
        if comment.starts_with('>') {
            return Token::Comment(at + 5);
        }
        if comment.starts_with("->") {
            return Token::Comment(at + 6);
        }
        // Browsers end a comment at `-->`, and also at `--!>`.
        let end = [("-->", 3), ("--!>", 4)]
            .iter()
            .filter_map(|(close, len)| comment.find(close).map(|i| i + len))
            .min();
        return match end {
            Some(end) => Token::Comment(at + 4 + end),
            None => Token::UnclosedComment,
        };
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return match rest.find('>') {
            Some(end) => Token::Declaration(at + end + 1),
            None => Token::Text,
        };
    }
    let bytes = rest.as_bytes();
    let (closing, name_start) = if bytes.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return Token::Text;
    }
    let name_end = rest[name_start..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(rest.len(), |n| name_start + n);
    let name = rest[name_start..name_end].to_ascii_lowercase();
    if closing {
        return match rest[name_end..].find('>') {
            Some(end) => Token::End {
                name,
                end: at + name_end + end + 1,
            },
            None => Token::Unterminated(at + name_end),
        };
    }
    let mut attributes = Vec::new();
    let mut i = name_end;
    loop {
        i += rest[i..]
            .find(|c: char| !(c.is_ascii_whitespace() || c == '/'))
            .unwrap_or(rest.len() - i);
        match rest.as_bytes().get(i) {
            None => return Token::Unterminated(at + name_end),
            Some(b'>') => break,
            _ => {}
        }
        // An attribute's name may begin with `=`; it ends at a space, `/`, `>` or `=`.
        let name_from = i;
        i += rest[i..].chars().next().map_or(1, char::len_utf8);
        i += rest[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
            .unwrap_or(rest.len() - i);
        let attr_name = rest[name_from..i].to_ascii_lowercase();
        let after_ws = i + rest[i..]
            .find(|c: char| !c.is_ascii_whitespace())
            .unwrap_or(rest.len() - i);
        let mut value = String::new();
        let mut value_at = at + i;
        if rest.as_bytes().get(after_ws) == Some(&b'=') {
            let v = after_ws
                + 1
                + rest[after_ws + 1..]
                    .find(|c: char| !c.is_ascii_whitespace())
                    .unwrap_or(rest.len() - after_ws - 1);
            match rest.as_bytes().get(v) {
                Some(&q @ (b'"' | b'\'')) => {
                    let Some(close) = rest[v + 1..].find(q as char) else {
                        return Token::Unterminated(at + name_end);
                    };
                    value.push_str(&rest[v + 1..v + 1 + close]);
                    value_at = at + v + 1;
                    i = v + 1 + close + 1;
                }
                Some(_) => {
                    let end = rest[v..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(rest.len(), |n| v + n);
                    value.push_str(&rest[v..end]);
                    value_at = at + v;
                    i = end;
                }
                None => return Token::Unterminated(at + name_end),
            }
        }
        attributes.push(Attribute {
            name: attr_name,
            value,
            at: at + name_from,
            value_at,
        });
    }
    Token::Start(StartTag {
        name,
        attributes,
        end: at + i + 1,
    })
}

/// The `</name …>` closing an element whose content is raw text: where its
/// content ends, and where reading goes on after it.
pub(super) fn find_end_tag(run: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let lower = run[from..].to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut search = 0;
    while let Some(n) = lower[search..].find(&needle) {
        let start = search + n;
        let after = start + needle.len();
        let next = lower.as_bytes().get(after).copied();
        if next.is_none_or(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>') {
            let end = lower[after..]
                .find('>')
                .map_or(run.len() - from, |e| after + e + 1);
            return Some((from + start, from + end));
        }
        search = after;
    }
    None
}

/// Text or an attribute value with its character references decoded, as a
/// browser reads them (`java&#115;cript:` is `javascript:`). A named
/// reference without `;` is read as in an attribute value, where
/// `?a=1&copy=2` stays as written.
pub(super) fn decode(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(number) = rest.strip_prefix('#') {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            let len = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            if len > 0 {
                let code = u32::from_str_radix(&digits[..len.min(8)], radix).unwrap_or(0xFFFD);
                out.push(
                    char::from_u32(code)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{FFFD}'),
                );
                let used = number.len() - digits.len() + len;
                rest = &number[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
            out.push('&');
            continue;
        }
        // The longest named reference; one without `;` before `=` or a
        // letter or digit is left as written, as the tokenizer does in values.
        let longest = (1..=rest.len().min(32)).rev().find_map(|n| {
            let key = rest.get(..n)?;
            markup5ever::data::NAMED_ENTITIES
                .get(key)
                .map(|&(a, b)| (n, a, b))
        });
        match longest {
            Some((n, a, b))
                if rest[..n].ends_with(';')
                    || !rest[n..]
                        .chars()
                        .next()
                        .is_some_and(|c| c == '=' || c.is_ascii_alphanumeric()) =>
            {
                out.extend(char::from_u32(a));
                if b != 0 {
                    out.extend(char::from_u32(b));
                }
                rest = &rest[n..];
            }
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
