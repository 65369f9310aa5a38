//! Where each page lives in the output and how pages link to each other.
//!
//! Every page is a directory with an `index.html`, and every link between
//! pages is relative and names `index.html` explicitly, so the same output
//! works opened straight from disk (`file://`), from any web server, and
//! under any sub-path without rebuilding.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Characters that cannot stand raw in a URL path segment. Non-ASCII (Chinese)
/// is percent-encoded as UTF-8; the file names on disk stay Chinese.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b':')
    .add(b'\'');

/// Percent-encodes each segment of a `/`-separated path.
pub fn encode_path(path: &str) -> String {
    // Every page links to dozens of others: build the result in one string.
    let mut out = String::with_capacity(path.len() * 3);
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(seg, SEGMENT));
    }
    out
}

/// Percent-encodes a fragment (heading id) for an href.
pub fn encode_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, SEGMENT).to_string()
}

/// The output file of a page directory: `sop/welcome/` → `sop/welcome/index.html`.
pub fn page_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// The prefix that leads from a page directory back to the site root:
/// `""` for the home page, `"../../"` for `sop/welcome/`.
pub fn root_prefix(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

/// The href from the page in `from_dir` to the page in `to_dir`.
pub fn href(from_dir: &str, to_dir: &str) -> String {
    href_encoded(from_dir, &encode_path(to_dir))
}

/// [`href`] to a directory already percent-encoded, such as a playbook's `url`.
pub fn href_encoded(from_dir: &str, to_url: &str) -> String {
    let up = from_dir.matches('/').count();
    let mut out = String::with_capacity(up * 3 + to_url.len() + 10);
    for _ in 0..up {
        out.push_str("../");
    }
    out.push_str(to_url);
    out.push_str("index.html");
    out
}

/// The output directory of a tag's page. Chinese stays; characters that would
/// break a path are replaced.
pub fn tag_dir(tag: &str) -> String {
    let safe: String = tag
        .trim()
        .chars()
        .map(|c| {
            if matches!(
                c,
                '/' | '\\' | '?' | '#' | '%' | ':' | '*' | '"' | '<' | '>' | '|'
            ) || c.is_control()
            {
                '-'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!("tags/{}/", if safe.is_empty() { "-" } else { safe })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_paths_are_encoded_in_hrefs_only() {
        assert_eq!(
            href("sop/welcome/", "cases/小米社区/"),
            "../../cases/%E5%B0%8F%E7%B1%B3%E7%A4%BE%E5%8C%BA/index.html"
        );
        assert_eq!(href("", "sop/"), "sop/index.html");
        assert_eq!(encode_path("a b/c#d"), "a%20b/c%23d");
    }
}
