//! Images that are not images: `![type:audio](../audios/a.wav)` as
//! mkdocs-audio writes it, `![](intro.mp4)`, `![](slides.pdf)`. A browser
//! shows such an `<img>` as nothing, so the page shows sound and video as
//! a player where the `html` policy allows one (`allow`), and otherwise,
//! and for any other file, a link to it; the check says which
//! (`not-an-image`).

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::base::codes::Code;
use crate::markdown::{escape_attr, Finding};

/// What kind of file an image names, when it is not a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Audio,
    Video,
    /// A document, an archive: only a link shows it.
    File,
}

const AUDIO: &[&str] = &["wav", "mp3", "ogg", "oga", "m4a", "flac", "aac", "opus"];
const VIDEO: &[&str] = &["mp4", "webm", "ogv", "mov", "m4v", "mkv", "avi"];
const FILES: &[&str] = &[
    "pdf", "zip", "rar", "7z", "gz", "tar", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt",
    "csv", "md",
];

/// The file's kind, if the address names a file that is not a picture.
pub fn kind(dest: &str) -> Option<Media> {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or("");
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let ext = ext.as_str();
    if AUDIO.contains(&ext) {
        Some(Media::Audio)
    } else if VIDEO.contains(&ext) {
        Some(Media::Video)
    } else if FILES.contains(&ext) {
        Some(Media::File)
    } else {
        None
    }
}

/// Whether `body` may show such a file as an image, to skip the work on
/// most pages.
pub fn may_hold(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memmem::find_iter(b, b"![").any(|at| {
        let end = b[at..]
            .iter()
            .take(1_000)
            .position(|&c| c == b')' || c == b'\n')
            .map_or(at, |i| at + i);
        let dest = body.get(at..end).unwrap_or("");
        let dest = dest.rsplit('(').next().unwrap_or("");
        kind(dest.split_whitespace().next().unwrap_or("")).is_some()
    })
}

/// The HTML that shows the file at `href`, with the image's text `alt`:
/// a player (`player`, when the policy allows one) or a link.
pub fn html(kind: Media, href: &str, alt: &str, player: bool) -> String {
    let href = escape_attr(href);
    // mkdocs-audio's `type:audio` says what it is, not what it shows.
    let alt = alt.trim();
    let text = if alt.is_empty() || alt.starts_with("type:") {
        let name = href.split(['?', '#']).next().unwrap_or("");
        name.rsplit('/').next().unwrap_or("").to_string()
    } else {
        escape_attr(alt)
    };
    let link = format!("<a class=\"media-link\" href=\"{href}\">{text}</a>");
    match kind {
        Media::Audio if player => format!("<audio controls src=\"{href}\">{link}</audio>"),
        Media::Video if player => format!("<video controls src=\"{href}\">{link}</video>"),
        _ => link,
    }
}

/// What the check reports: each image whose file is not a picture, at its
/// place in `parsed` (the body's events).
pub fn findings(parsed: &[(Event, Range<usize>)]) -> Vec<Finding> {
    parsed
        .iter()
        .filter_map(|(event, range)| {
            let Event::Start(Tag::Image { dest_url, .. }) = event else {
                return None;
            };
            let kind = kind(dest_url)?;
            let name = dest_url.rsplit('/').next().unwrap_or("");
            let (what, shown) = match kind {
                Media::Audio => (crate::tr!("音频", "sound"), crate::tr!("`html: allow` 时是音频播放器，否则是指向文件的链接", "an audio player under `html: allow`, else a link to the file")),
                Media::Video => (crate::tr!("视频", "a video"), crate::tr!("`html: allow` 时是视频播放器，否则是指向文件的链接", "a video player under `html: allow`, else a link to the file")),
                Media::File => (crate::tr!("文件", "a file"), crate::tr!("指向文件的链接", "a link to the file")),
            };
            Some(Finding::new(
                Code::NotAnImage,
                range.clone(),
                crate::tr!(
                    "`{name}` 是{}，不是图片：页面上显示成{}，PDF 里只印它的文件名",
                    "`{name}` is {}, not an image: the page shows it as {}, and the PDF shows its name",
                    what,
                    shown
                ),
                crate::tr!("把它写成链接：`[说明]({dest_url})`", "write it as a link: `[说明]({dest_url})`"),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_from_pictures_by_their_name() {
        assert_eq!(kind("../audios/a.WAV"), Some(Media::Audio));
        assert_eq!(kind("v.mp4?t=3#x"), Some(Media::Video));
        assert_eq!(kind("slides.pdf"), Some(Media::File));
        for picture in [
            "a.png",
            "a.svg",
            "https://img.shields.io/badge/x",
            "a",
            "a.php",
            "",
        ] {
            assert_eq!(kind(picture), None, "{picture}");
        }
        assert!(may_hold("看 ![type:audio](../audios/a.wav) 听"));
        assert!(!may_hold("![图](a.png) [文件](a.wav)"));
        assert_eq!(
            html(Media::Audio, "../a b.wav", "type:audio", false),
            "<a class=\"media-link\" href=\"../a b.wav\">a b.wav</a>"
        );
        assert_eq!(
            html(Media::Video, "v.mp4", "介绍\"", true),
            "<video controls src=\"v.mp4\"><a class=\"media-link\" href=\"v.mp4\">介绍&quot;</a></video>"
        );
    }
}
