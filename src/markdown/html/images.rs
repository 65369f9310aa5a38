//! `<img>` in raw HTML (as documents from other tools have it:
//! `<img src="./img/a.png" width="300">`), read as a Markdown image is:
//! its `src` names a file of the site by the same rules
//! ([`crate::input::assets::Assets::find`]), is checked at its own line and column,
//! and is rewritten relative to the page. What reaches this is raw HTML the
//! `html` policy has already let through ([`super::guard`]), so an `<img>`
//! it removed is never resolved, and one it kept keeps its other
//! attributes as the policy left them.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::token::{decode, read, Token};
use crate::markdown::outline::{LinkRef, RawHtml};

/// One `<img>` of some raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImage {
    /// The `src`, character references decoded.
    pub src: String,
    /// Where the `src` value is written, in the HTML.
    pub value: Range<usize>,
    pub alt: String,
    /// The `width` the author gave, in CSS pixels, when it is a plain number.
    pub width: Option<u32>,
    /// Whether the author gave a `width` or a `height` of any kind.
    sized: bool,
    /// Where the tag ends (past its `>`).
    end: usize,
}

/// Every `<img>` with a `src` in `html`, comments and the content of
/// `<script>`, `<style>` and `<textarea>` aside (no browser shows those).
pub fn raw_images(html: &str) -> Vec<RawImage> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        i = match read(html, at) {
            Token::Comment(end) | Token::Declaration(end) | Token::End { end, .. } => end,
            Token::Start(tag) if matches!(tag.name.as_str(), "script" | "style" | "textarea") => {
                super::token::find_end_tag(html, tag.end, &tag.name).map_or(tag.end, |(_, e)| e)
            }
            Token::Start(tag) => {
                if tag.name == "img" {
                    let attr = |name: &str| tag.attributes.iter().find(|a| a.name == name);
                    if let Some(src) = attr("src") {
                        found.push(RawImage {
                            src: decode(&src.value).into_owned(),
                            value: src.value_at..src.value_at + src.value.len(),
                            alt: attr("alt")
                                .map_or(String::new(), |a| decode(&a.value).into_owned()),
                            width: attr("width").and_then(|a| {
                                let v = a.value.trim();
                                v.strip_suffix("px").unwrap_or(v).parse().ok()
                            }),
                            sized: attr("width").is_some() || attr("height").is_some(),
                            end: tag.end,
                        });
                    }
                }
                tag.end
            }
            Token::Text | Token::UnclosedComment | Token::Unterminated(_) => at + 1,
        };
    }
    found
}

/// `html` with each `<img>` whose `src` `resolve` knows rewritten to the
/// address it gives, and given the file's `width` and `height` when the
/// author gave neither (so the page does not jump while it loads, as for
/// Markdown images). `None` when nothing changes.
pub fn rewrite_images(
    html: &str,
    resolve: impl Fn(&str) -> Option<(String, Option<(u32, u32)>)>,
) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for image in raw_images(html) {
        let Some((href, size)) = resolve(&image.src) else {
            continue;
        };
        out.push_str(&html[last..image.value.start]);
        out.push_str(&crate::markdown::escape_attr(&href));
        last = image.value.end;
        if let (Some((w, h)), false) = (size, image.sized) {
            // Before the `>`, or the `/` of `/>`.
            let close = html[..image.end - 1]
                .trim_end_matches(|c: char| c == '/' || c.is_ascii_whitespace())
                .len();
            if close >= last {
                out.push_str(&html[last..close]);
                out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                last = close;
            }
        }
    }
    (last > 0).then(|| {
        out.push_str(&html[last..]);
        out
    })
}

/// Rewrites the `<img>`s of a body's raw HTML events ([`rewrite_images`]).
/// An `<img>` split over two events (a tag written over several lines, under
/// `html: allow`, where no guard joins them) is left as written.
pub fn resolve_images(
    events: &mut [(Event<'_>, Range<usize>)],
    resolve: impl Fn(&str) -> Option<(String, Option<(u32, u32)>)>,
) {
    for (event, _) in events.iter_mut() {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        if !html.contains("<img") && !html.contains("<IMG") && !html.contains("<Img") {
            continue;
        }
        if let Some(new) = rewrite_images(html, &resolve) {
            *html = CowStr::from(new);
        }
    }
}

/// The `<img>` sources of a body's raw HTML, as links to check: each range
/// is where its `src` value is written in `body`.
pub fn image_refs(raw: &[RawHtml], body: &str) -> Vec<LinkRef> {
    let mut refs = Vec::new();
    for piece in raw {
        for image in raw_images(&piece.text) {
            let written = &piece.text[image.value.clone()];
            let at = piece.range.start + image.value.start;
            // The text is the body's own bytes, unless the HTML stands in a
            // list or a quote, whose markers the parser leaves out of it.
            let start = if body.get(at..at + written.len()) == Some(written) {
                at
            } else {
                body.get(piece.range.clone())
                    .and_then(|b| b.find(written))
                    .map_or(piece.range.start, |i| piece.range.start + i)
            };
            refs.push(LinkRef {
                dest: image.src,
                wiki: false,
                range: start..start + written.len().max(1),
            });
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_sources_are_found_as_a_browser_reads_them() {
        let html = "<!-- <img src=no.png> --><IMG SRC='a&amp;b.png' width=300 alt=\"二维码\"><script>'<img src=x>'</script><img src=c.png />";
        let found = raw_images(html);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].src, "a&b.png");
        assert_eq!(&html[found[0].value.clone()], "a&amp;b.png");
        assert_eq!(
            (found[0].width, found[0].alt.as_str()),
            (Some(300), "二维码")
        );
        assert_eq!(found[1].src, "c.png");
    }

    #[test]
    fn a_resolved_src_is_rewritten_and_sized_unless_the_author_sized_it() {
        let resolve =
            |src: &str| (src != "gone.png").then(|| (format!("../{src}"), Some((30, 20))));
        assert_eq!(
            rewrite_images("<img src=\"a.png\" width=\"300\"> <img src=b.png /><img src=gone.png>", resolve)
                .as_deref(),
            Some("<img src=\"../a.png\" width=\"300\"> <img src=../b.png width=\"30\" height=\"20\" /><img src=gone.png>")
        );
        assert_eq!(rewrite_images("<b>x</b>", resolve), None);
    }
}
