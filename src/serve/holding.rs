//! The holding page: what the preview serves while no build has rendered
//! anything, because `quire.yaml` has an error or the tool itself failed
//! (a broken template, say). It says what went wrong and that it reloads
//! once that is fixed, in the site's language when the configuration gives
//! one. It never claims an earlier version of the site exists: at the first
//! build there is none.
//!
//! It is written here rather than from the theme's templates, which may be
//! what is broken. It is a whole HTML page, so the live script (and its
//! overlay) can sit on it and reload it into the site.

use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::base::i18n::{self, Language};
use crate::markdown::escape_attr;
use crate::output::render::Output;

/// The holding page, as the site's home page and as its 404 page (so any
/// address the browser had open shows it). `failure` is the tool's own
/// failure; otherwise the errors in `diagnostics` are those of `quire.yaml`.
pub fn page(lang: Language, diagnostics: &[Diagnostic], failure: Option<&str>) -> Output {
    let html = Arc::new(html(lang, diagnostics, failure).into_bytes());
    let mut output = Output::default();
    output.files.insert("index.html".into(), html.clone());
    output.files.insert("404.html".into(), html);
    output
}

fn html(lang: Language, diagnostics: &[Diagnostic], failure: Option<&str>) -> String {
    let t = |key| i18n::t(lang, key);
    let mut why = String::new();
    match failure {
        Some(failure) => {
            why.push_str(&format!("<p>{}</p>\n", t("holding_failure")));
            why.push_str(&format!("<pre>{}</pre>\n", escape_attr(failure)));
        }
        None => {
            why.push_str(&format!("<p>{}</p>\n<ul>\n", t("holding_config")));
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                why.push_str(&format!(
                    "<li><code>{}</code> <code>{}</code> {}</li>\n",
                    escape_attr(&d.location()),
                    d.code,
                    escape_attr(d.message.get(lang))
                ));
            }
            why.push_str("</ul>\n");
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>{title} · quire</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{why}<p>{reload}</p>\n</main>\n</body>\n</html>\n",
        lang = lang.html_lang(),
        title = t("holding_title"),
        reload = t("holding_reload"),
    )
}

const STYLE: &str = "body{font:16px/1.7 system-ui,\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1.25rem}\
pre,code{font-family:ui-monospace,Menlo,Consolas,monospace}pre{white-space:pre-wrap}li{margin:.4rem 0}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::codes::Code;
    use crate::base::diagnostic::Severity;

    #[test]
    fn the_holding_page_says_what_is_wrong_and_never_claims_an_earlier_site() {
        let mut d = Diagnostic::file(
            Severity::Error,
            Code::YamlSyntax,
            "quire.yaml",
            crate::base::i18n::Text::same("invalid YAML: <this>"),
        );
        d.line = 1;
        d.column = 8;
        let zh = html(Language::Zh, &[d.clone()], None);
        assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(zh.contains("<h1>暂时无法预览</h1>"));
        assert!(zh.contains("quire.yaml 有错误"));
        assert!(zh.contains(
            "<li><code>quire.yaml:1:8</code> <code>yaml-syntax</code> invalid YAML: &lt;this&gt;</li>"
        ));
        assert!(zh.contains("</body>"), "the live script goes before it");
        let en = html(Language::En, &[], Some("error: cannot render <x>"));
        assert!(en.contains("quire could not build the site:"));
        assert!(en.contains("<pre>error: cannot render &lt;x&gt;</pre>"));
        for page in [zh, en] {
            for claim in ["last good", "上次", "上一", "earlier version"] {
                assert!(!page.contains(claim), "{claim}: {page}");
            }
        }
    }
}
