//! Every string the site's interface shows, in Chinese and English, chosen by
//! `language` in `quire.yaml`. Templates read them as `t.<key>`.

use std::collections::BTreeMap;

/// The language of the site's interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    /// Reads a language tag; anything starting with `zh` is Chinese, `en` English.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Language::Zh)
        } else if tag.starts_with("en") {
            Some(Language::En)
        } else {
            None
        }
    }

    /// The language quire speaks in this run: `--lang` (`flag`), then the
    /// `QUIRE_LANG` environment variable (so a CI log can be English
    /// whatever the site says), then the site's `language`, then the
    /// system's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), then Chinese.
    pub fn choose(flag: Option<Language>, site: impl FnOnce() -> Option<Language>) -> Language {
        let env = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| Language::from_tag(&v))
        };
        flag.or_else(|| env("QUIRE_LANG"))
            .or_else(site)
            .or_else(|| ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(env))
            .unwrap_or_default()
    }

    /// The value for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Language::Zh => "zh-CN",
            Language::En => "en",
        }
    }
}

const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "首页", "Home"),
    ("tags", "标签", "Tags"),
    ("glossary", "术语表", "Glossary"),
    ("contents", "本页目录", "On this page"),
    ("owner", "负责人", "Owner"),
    ("reviewed", "最近审阅", "Last reviewed"),
    ("review_every", "审阅周期", "Review every"),
    ("audience", "适用对象", "Audience"),
    ("kind", "类型", "Kind"),
    ("related", "相关手册", "Related playbooks"),
    ("referenced_by", "被引用", "Referenced by"),
    ("used_by", "用到它的手册", "Used in"),
    ("playbooks", "篇", "playbooks"),
    ("all_playbooks", "全部内容", "All playbooks"),
    ("all_tags", "全部标签", "All tags"),
    ("tagged", "标签", "Tagged"),
    ("see_also", "参见", "See also"),
    ("aliases", "又称", "Also called"),
    ("draft", "草稿", "Draft"),
    ("not_found", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "你要找的页面不存在，可能已改名或删除。",
        "The page you were looking for does not exist; it may have been renamed or removed.",
    ),
    ("back_home", "返回首页", "Back to the home page"),
    ("generated_by", "由 quire 生成", "Built with quire"),
    ("callout_note", "说明", "Note"),
    ("callout_tip", "提示", "Tip"),
    ("callout_important", "重要", "Important"),
    ("callout_warning", "警告", "Warning"),
    ("callout_caution", "注意", "Caution"),
    ("callout_info", "信息", "Info"),
    ("callout_danger", "危险", "Danger"),
    ("callout_details", "详情", "Details"),
    ("callout_quote", "引用", "Quote"),
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("empty_kind", "这一类还没有内容。", "Nothing here yet."),
    ("coverage", "要素覆盖", "Coverage"),
    ("elements", "要素", "elements"),
    ("overall", "总体覆盖率", "Overall coverage"),
    ("status_covered", "已覆盖", "covered"),
    ("status_empty", "为空", "empty"),
    ("status_missing", "缺失", "missing"),
    ("status_optional", "可选，未写", "optional, not written"),
    ("coverage_intro", "每份手册是否写齐了它这一类要求的要素。可选要素不计入百分比。", "Whether each playbook covers the elements its kind requires. Optional elements do not count towards the percentages."),
    ("handbooks", "培训手册", "Handbooks"),
    ("toc", "目录", "Contents"),
    ("version", "版本", "Version"),
    ("print", "打印", "Print"),
    ("download_pdf", "下载 PDF", "Download PDF"),
    ("print_html", "打印版网页", "Print version"),
    ("appendix_glossary", "附录 术语表", "Appendix: Glossary"),
    ("checklist", "步骤清单", "Checklist"),
    ("print_checklist", "打印步骤清单", "Print the checklist"),
    ("step_when", "时间", "When"),
    ("step_who", "负责人", "Who"),
    ("step_action", "动作", "Action"),
    ("step_script", "话术", "Script"),
    ("step_done", "完成", "Done"),
    ("checked_by", "执行人签名", "Signed"),
    ("search", "搜索", "Search"),
    ("copy", "复制", "Copy"),
    ("and_more", " 等，另有 {n} 篇", ", and {n} more"),
    ("review_due", "待审阅", "Reviews due"),
    ("review_intro", "审阅已过期或 30 天内到期的手册，按到期日排列。", "Playbooks whose review is overdue or due within 30 days, soonest first."),
    ("overdue", "已过期", "Overdue"),
    ("due_soon", "30 天内到期", "Due within 30 days"),
    ("due_on", "到期日", "Due"),
    ("days_overdue", "过期 {n} 天", "{n} days overdue"),
    ("days_left", "还有 {n} 天", "in {n} days"),
    ("due_today", "今天到期", "due today"),
    ("nothing_due", "没有需要审阅的手册。", "Nothing is due."),
    ("as_of", "截至", "As of"),
    ("all_in_kind", "查看这一类的全部", "See all of this kind"),
    ("pager", "同类上一篇和下一篇", "Previous and next of this kind"),
    ("previous", "上一篇", "Previous"),
    ("next", "下一篇", "Next"),
    ("timeline", "时间线", "Timeline"),
    ("copied", "已复制", "Copied"),
    ("link_here", "本节链接", "Link to this section"),
    ("search_placeholder", "搜索（按 / 键）", "Search (press /)"),
    ("search_results", "搜索结果", "Search results"),
    ("search_none", "没有找到", "Nothing found"),
    ("search_all", "查看全部 {n} 条结果", "See all {n} results"),
    ("search_count", "“{q}”共 {n} 条结果", "{n} results for “{q}”"),
    ("search_missing", "搜索索引没有加载，请重新构建站点", "The search index did not load; rebuild the site"),
    ("facts", "要点", "Key facts"),
    ("list_separator", "、", ", "),
    // The preview's marks of a site's problems (`quire serve` only).
    ("problems_heading", "源文件有 {list}", "The source file has {list}"),
    ("problems_one_error", "1 个错误", "1 error"),
    ("problems_errors", "{n} 个错误", "{n} errors"),
    ("problems_one_warning", "1 个警告", "1 warning"),
    ("problems_warnings", "{n} 个警告", "{n} warnings"),
    ("problems_and", "、", " and "),
    ("problems_note", "只在 quire serve 预览中显示，改好后自动消失；发布的站点没有这个框。", "Shown only in the quire serve preview; it goes when the file is fixed. The published site has no such box."),
    ("problems_line", "行:列", "line:column"),
    ("problems_help", "怎么改：", "How to fix: "),
    ("unreadable_title", "这个文件读不出来", "This file could not be read"),
    ("unreadable_text", "quire 读不懂 {file}，所以这里还没有页面。改好下面的问题并保存，页面会自动刷新。", "quire could not read {file}, so there is no page here yet. Fix the problems below and save; the page reloads by itself."),
    ("holding_title", "暂时无法预览", "Nothing to preview yet"),
    ("holding_config", "quire.yaml 有错误，站点还无法构建。", "quire.yaml has errors, so the site cannot be built yet."),
    ("holding_failure", "quire 无法构建这个站点：", "quire could not build the site:"),
    ("holding_reload", "改好并保存后，这个页面会自动刷新。", "Fix it and save; this page reloads by itself."),
    ("pages", "页面", "Pages"),
    ("moved_to", "这一页已移到：", "This page has moved to"),
];

/// The interface strings for a language, keyed as the templates use them.
pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|&(key, zh, en)| (key, if lang == Language::Zh { zh } else { en }))
        .collect()
}

/// One interface string.
pub fn t(lang: Language, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, zh, en)| if lang == Language::Zh { zh } else { en })
        .unwrap_or("")
}

/// A text quire writes for people (a diagnostic's message or help, a
/// summary line), in every language it speaks. Both are written at the
/// call site with [`tr!`](crate::tr), so a message cannot exist in one
/// language only; the renderer picks one. Codes, paths and JSON keys are
/// never in a `Text`: they do not change with the language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Zh => &self.zh,
            Language::En => &self.en,
        }
    }

    /// One text of each language's parts, joined by its own separator.
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a Text>, zh: &str, en: &str) -> Text {
        let (zhs, ens): (Vec<&str>, Vec<&str>) =
            parts.into_iter().map(|t| (&*t.zh, &*t.en)).unzip();
        Text {
            zh: zhs.join(zh),
            en: ens.join(en),
        }
    }

    /// Items listed as each language lists them: `a、b` and `a, b`.
    pub fn list<S: AsRef<str>>(items: &[S]) -> Text {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        Text {
            zh: items.join("、"),
            en: items.join(", "),
        }
    }

    /// Text that reads the same in every language: a name, a value quoted
    /// from the content, a message from a library that speaks only English.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            zh: text.clone(),
            en: text,
        }
    }
}

/// A pair of static texts, Chinese first, as tables hold them.
impl From<(&str, &str)> for Text {
    fn from((zh, en): (&str, &str)) -> Text {
        Text {
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}

/// Appends each language's text to the same language's.
impl std::ops::AddAssign<Text> for Text {
    fn add_assign(&mut self, other: Text) {
        self.zh.push_str(&other.zh);
        self.en.push_str(&other.en);
    }
}

/// An argument of [`tr!`] as one language shows it: a [`Text`] shows its
/// text in that language, anything else as `Display` shows it.
pub struct In<'a, T: ?Sized>(pub Language, pub &'a T);

/// What [`tr!`] can take as an argument.
pub trait Localize {
    fn write(&self, lang: Language, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result;
}

impl<T: std::fmt::Display + ?Sized> Localize for T {
    fn write(&self, _: Language, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl Localize for Text {
    fn write(&self, lang: Language, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.get(lang), f)
    }
}

impl Localize for &Text {
    fn write(&self, lang: Language, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.get(lang), f)
    }
}

impl<T: Localize + ?Sized> std::fmt::Display for In<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.1.write(self.0, f)
    }
}

/// A [`Text`] in Chinese and English, each a `format!` string:
/// `tr!("缺少 `{key}`", "`{key}` is missing")`. Positional arguments after
/// the two strings go to both; an argument that is itself a `Text` is
/// shown in each string's language, so texts nest.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::base::i18n::Text { zh: format!($zh), en: format!($en) }
    };
    ($zh:literal, $en:literal, $($arg:expr),+ $(,)?) => {
        $crate::base::i18n::Text {
            zh: format!($zh, $($crate::base::i18n::In($crate::base::i18n::Language::Zh, &$arg)),+),
            en: format!($en, $($crate::base::i18n::In($crate::base::i18n::Language::En, &$arg)),+),
        }
    };
}
