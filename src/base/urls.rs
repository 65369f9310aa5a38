//! Where each page lives in the output and how pages link to each other.
//!
//! Every page is a directory with an `index.html`, and every link between
//! pages is relative and names `index.html` explicitly, so the same output
//! works opened straight from disk (`file://`), from any web server, and
//! under any sub-path without rebuilding.
//!
//! It also says which names the output may hold. A page's folder is named
//! as written (Chinese stays Chinese on disk), so a name must suit every
//! file system the site is copied to: at most 255 bytes, nothing Windows
//! refuses, and unique once case and Unicode normalization are ignored, as
//! macOS and Windows ignore them.

use crate::base::i18n::Text;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use unicode_normalization::UnicodeNormalization;

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

/// The href from the page in `from_dir` to the file at `to_path` (both
/// relative to the output root), as short as it can be: `group-rules/qr.png`
/// from `group-rules/x/` is `../qr.png`. Percent-encoded like page links.
pub fn relative_file(from_dir: &str, to_path: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to_path.split('/').collect();
    let to_dirs = &to[..to.len().saturating_sub(1)];
    let shared = from.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - shared);
    out.push_str(&encode_path(&to[shared..].join("/")));
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

/// The longest file or folder name Linux and macOS allow, in bytes. A
/// Chinese character takes three, so 85 of them fill it.
pub const MAX_NAME_BYTES: usize = 255;

/// Why `name` cannot be a file or folder name on every system, if it cannot:
/// too long for Linux and macOS, or refused by Windows.
pub fn name_problem(name: &str) -> Option<Text> {
    if name.len() > MAX_NAME_BYTES {
        let len = name.len();
        return Some(crate::tr!(
            "名字有 {len} 个字节，文件系统最多允许 {MAX_NAME_BYTES} 个（一个汉字占 3 个）",
            "the name is {len} bytes long, and file systems allow {MAX_NAME_BYTES} (a Chinese character takes 3)"
        ));
    }
    windows_name_problem(name)
        .map(|p| crate::tr!("{}，Windows 不接受", "{}, which Windows refuses", p))
}

/// Why Windows would refuse this file name, if it would.
pub fn windows_name_problem(name: &str) -> Option<Text> {
    if let Some(c) = name
        .chars()
        .find(|c| "<>:\"|?*\\/".contains(*c) || c.is_control())
    {
        let c = c.escape_default();
        return Some(crate::tr!("名字里有 `{c}`", "the name contains `{c}`"));
    }
    if name.ends_with(['.', ' ']) {
        return Some(crate::tr!(
            "名字以句点或空格结尾",
            "the name ends with a dot or a space"
        ));
    }
    // `con.txt` and `con .md` are the device too.
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let stem = stem.to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    reserved.then(|| {
        crate::tr!(
            "`{stem}` 是保留的设备名",
            "`{stem}` is a reserved device name"
        )
    })
}

/// A name as a case-insensitive, normalizing file system (macOS, Windows)
/// sees it: `KOL` and `kol`, or `café` composed and decomposed, are one.
pub fn fold(name: &str) -> String {
    // Every page folder is folded several times per build: skip the
    // normalizer for the ASCII and already-composed names most sites hold.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    match unicode_normalization::is_nfc_quick(name.chars()) {
        unicode_normalization::IsNormalized::Yes => {
            name.chars().flat_map(char::to_lowercase).collect()
        }
        _ => name.nfc().flat_map(char::to_lowercase).collect(),
    }
}

// The output's own paths: what the site writes besides the playbooks' pages,
// named here so that the check of a playbook's folder (`input::site`) and
// the stages that write them agree.

/// Where the search index is written in the output.
pub const SEARCH_INDEX: &str = "search-index.js";

/// A file quire puts in every output directory it owns, so it never replaces
/// a folder someone else made.
pub const OUTPUT_MARKER: &str = ".quire-output";

/// Output directories the site's own pages use; a playbook may not take them.
/// (`tests/it/paths.rs` holds every file a build writes to this list.)
pub const RESERVED_DIRS: &[&str] = &[
    "tags/",
    "glossary/",
    "static/",
    "handbooks/",
    "coverage/",
    "search/",
    "review/",
    "404/",
];

/// Files the site writes at its root, with what they are: a playbook's
/// folder may not take their names.
pub const RESERVED_FILES: &[(&str, &str, &str)] = &[
    ("index.html", "首页", "the home page"),
    ("404.html", "404 页面", "the 404 page"),
    (SEARCH_INDEX, "搜索索引", "the search index"),
    ("sitemap.xml", "站点地图", "the sitemap"),
    (
        OUTPUT_MARKER,
        "quire 输出文件夹的标记",
        "the marker of quire's output folder",
    ),
];

/// The file each playbook's folder holds besides its `index.html`: an
/// SOP's checklist ([`checklist_path`]).
pub const PAGE_FILES: &[(&str, &str, &str)] = &[
    ("index.html", "页面", "page"),
    ("checklist.html", "步骤清单", "checklist"),
];

/// The directory of a handbook's print page.
pub fn handbook_dir(id: &str) -> String {
    format!("handbooks/{id}/")
}

/// The path of a handbook's PDF in the output: beside its print page's
/// folder, not in it, so the folder holds only what the page needs.
pub fn pdf_path(id: &str) -> String {
    format!("handbooks/{id}.pdf")
}

/// The path of an SOP's checklist page in the output.
pub fn checklist_path(dir: &str) -> String {
    format!("{dir}checklist.html")
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

    #[test]
    fn files_are_linked_by_the_shortest_relative_path() {
        assert_eq!(
            relative_file("group-rules/x/", "group-rules/qr.png"),
            "../qr.png"
        );
        assert_eq!(
            relative_file("group-rules/x/", "img/a.png"),
            "../../img/a.png"
        );
        assert_eq!(
            relative_file("", "img/二维码.png"),
            "img/%E4%BA%8C%E7%BB%B4%E7%A0%81.png"
        );
        assert_eq!(
            relative_file("handbooks/new/", "handbooks/new/a.png"),
            "a.png"
        );
        assert_eq!(relative_file("a/b/", "a/b"), "../b");
    }

    #[test]
    fn names_every_file_system_accepts() {
        assert_eq!(name_problem("新人接待"), None);
        assert_eq!(name_problem(&"标".repeat(85)), None);
        assert!(name_problem(&"标".repeat(86))
            .unwrap()
            .en
            .contains("258 bytes"));
        for bad in [
            "CON", "lpt1", "con.txt", "aux .md", "a.", "a ", "a:b", "a\u{1b}",
        ] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
        for good in ["COM10", "console", "LPT", "a.b"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        assert_eq!(fold("KOL"), fold("kol"));
        assert_eq!(fold("caf\u{e9}"), fold("cafe\u{301}"));
        assert_ne!(fold("新人"), fold("老人"));
    }
}
