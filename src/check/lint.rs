//! Domain lints: the rules of the field on top of element coverage. Each has
//! its own stable code (see `docs/diagnostics.md`):
//!
//! - `size-over-platform` (error): a `size_limit` above what the `platform`
//!   allows (WeChat groups 500, WeCom external groups 500 and internal ones
//!   2000, QQ groups 2000).
//! - `core-over-dunbar` (warning): a `core: true` group larger than Dunbar's 150.
//! - `mix-not-100` (error): the percentages of a content mix do not add up to 100.
//! - `steps-out-of-order` (warning): an SOP step earlier than the one before it.
//! - `unknown-role` (warning): a step's `who` is not among the declared `roles`.
//! - `undefined-variable` (warning): a `{variable}` in a script that `variables` does not declare.
//! - `placeholder` (warning): `🔲`, `TODO`, `XX`, `待定`, `【待确认】`, `___` and the like left in
//!   the text, outside code other than scripts; on a plain page only the marks of work left
//!   undone, since its `XXX` stands for "some value".
//! - `review-overdue` (warning): `reviewed` is older than `review_every`.

use std::collections::HashSet;

use crate::base::codes::Code;
use crate::base::dates::Date;
use crate::base::diagnostic::Diagnostic;
use crate::check::Checked;
use crate::input::kind::{FieldType, Kind};
use crate::input::parse::Playbook;
use crate::input::yaml::{Node, Value};
use crate::markdown::fences;
use crate::markdown::outline::{self, CodeBlock, Outline};

/// The most members a group on each platform can hold, the first whose
/// words the `platform` value contains. WeCom's own documentation gives
/// 2000 for an internal group and 500 for an external (customer) one, so a
/// 企业微信 group is external unless it says 内部; it comes before WeChat,
/// whose name it contains.
/// The last two are the group's name in Chinese and in English.
const PLATFORM_LIMITS: &[(&[&str], i64, &str, &str)] = &[
    (
        &["企业微信", "内部"],
        2000,
        "企业微信内部群",
        "WeCom internal",
    ),
    (&["企业微信"], 500, "企业微信外部群", "WeCom external"),
    (&["企微"], 500, "企业微信外部群", "WeCom external"),
    (&["wecom"], 500, "企业微信外部群", "WeCom external"),
    (&["微信"], 500, "微信群", "WeChat"),
    (&["wechat"], 500, "微信群", "WeChat"),
    (&["qq"], 2000, "QQ 群", "QQ"),
];
/// Dunbar's number: stable relationships one person keeps.
const DUNBAR: i64 = 150;

/// Runs every lint on one checked playbook.
pub fn lint(
    p: &Playbook,
    kind: &Kind,
    outline: &Outline,
    checked: &Checked,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) {
    group_size(p, diags);
    mixes(p, kind, diags);
    step_order(p, checked, diags);
    roles(p, checked, diags);
    variables(p, outline, diags);
    unfilled(p, outline, diags);
    review(p, today, diags);
}

/// `unknown-tag`: a tag outside the vocabulary `quire.yaml` declares.
pub fn tags(p: &Playbook, allowed: Option<&[String]>, diags: &mut Vec<Diagnostic>) {
    let Some(allowed) = allowed else { return };
    // `tags:`, and Hugo's and Zola's fields that are read as tags.
    let nodes = crate::input::common_fields::tag_nodes(&p.front_matter);
    let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
    for n in nodes {
        let Some(tag) = n.scalar_text() else { continue };
        if allowed.contains(&tag) {
            continue;
        }
        let help = match crate::base::suggest::closest(&tag, &names) {
            Some(near) => crate::tr!(
                "是不是想写 `{near}`？quire.yaml 允许的标签有：{}",
                "did you mean `{near}`? quire.yaml allows: {}",
                crate::base::i18n::Text::list(&names)
            ),
            None => crate::tr!(
                "从 quire.yaml 允许的标签里选一个：{}，或者把这个标签加进去",
                "use one of the tags quire.yaml allows: {}, or add this one there",
                crate::base::i18n::Text::list(&names)
            ),
        };
        diags.push(
            Diagnostic::warning(
                Code::UnknownTag,
                &p.source,
                n.span(),
                crate::tr!(
                    "`{tag}` 不是站点允许的标签",
                    "`{tag}` is not one of the site's tags"
                ),
            )
            .with_help(help),
        );
    }
}

fn group_size(p: &Playbook, diags: &mut Vec<Diagnostic>) {
    let fm = &p.front_matter;
    let Some((size, size_node)) = fm.get("size_limit").and_then(|n| match n.value {
        Value::Int(i) => Some((i, n)),
        _ => None,
    }) else {
        return;
    };
    if let Some(platform) = fm.get("platform").and_then(Node::scalar_text) {
        let lower = platform.to_lowercase();
        if let Some(&(_, max, group, name)) = PLATFORM_LIMITS
            .iter()
            .find(|(words, ..)| words.iter().all(|w| lower.contains(w)))
        {
            if size > max {
                diags.push(
                    Diagnostic::error(Code::SizeOverPlatform, &p.source, size_node.span(), crate::tr!("`size_limit` 是 {size}，但一个{group}最多只能容纳 {max} 人", "`size_limit` is {size}, but a {name} group holds at most {max}"))
                        .with_help(crate::tr!("把 `size_limit` 改成不超过 {max} 的数；人数多的话，分成几个群，每个群都不超过 {max} 人", "lower `size_limit` to {max} or less, or split the members into several groups")),
                );
            }
        }
    }
    let core = matches!(fm.get("core").map(|n| &n.value), Some(Value::Bool(true)));
    if core && size > DUNBAR {
        diags.push(
            Diagnostic::warning(Code::CoreOverDunbar, &p.source, size_node.span(), crate::tr!("核心群 {size} 人，超过了邓巴数（{DUNBAR}）", "a core group of {size} is above Dunbar's number ({DUNBAR})"))
                .with_help(crate::tr!("超过 150 人左右，成员之间的关系就会变淡，潜水的人也会变多；核心群要保持小规模", "past about 150 members, relationships thin out and lurkers multiply; keep a core group small")),
        );
    }
}

/// The parts of a content mix: `{干货: 40, 生活: "20%"}` or a list of
/// `{name: 干货, percent: 40}`. `None` when the shape is wrong.
pub fn mix_entries(node: &Node) -> Option<Vec<(String, f64)>> {
    let percent = |n: &Node| -> Option<f64> {
        match &n.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Str(s) => s.trim().trim_end_matches(['%', '％']).trim().parse().ok(),
            _ => None,
        }
    };
    match &node.value {
        Value::Map(_) => node
            .entries()
            .into_iter()
            .map(|(k, _, v)| Some((k, percent(v)?)))
            .collect(),
        Value::List(items) => items
            .iter()
            .map(|item| {
                let name = item
                    .get("name")
                    .or_else(|| item.get("part"))?
                    .scalar_text()?;
                Some((
                    name,
                    percent(item.get("percent").or_else(|| item.get("share"))?)?,
                ))
            })
            .collect(),
        _ => None,
    }
}

fn mixes(p: &Playbook, kind: &Kind, diags: &mut Vec<Diagnostic>) {
    for e in kind
        .elements
        .iter()
        .filter(|e| e.field_type == FieldType::Mix)
    {
        let Some(node) = e.field.as_deref().and_then(|f| p.front_matter.get(f)) else {
            continue;
        };
        let Some(parts) = mix_entries(node).filter(|p| !p.is_empty()) else {
            continue;
        };
        let sum: f64 = parts.iter().map(|(_, v)| v).sum();
        if (sum - 100.0).abs() > 0.01 {
            let listed: Vec<String> = parts.iter().map(|(k, v)| format!("{k} {v}%")).collect();
            diags.push(
                Diagnostic::error(
                    Code::MixNot100,
                    &p.source,
                    node.offset..node.offset + 1,
                    crate::tr!(
                        "`{}` 的各项加起来是 {sum}%，不是 100%",
                        "the parts of `{}` add up to {sum}%, not 100%",
                        e.field.as_deref().unwrap_or(&e.id)
                    ),
                )
                .with_help(crate::tr!(
                    "调整各项的比例：{}",
                    "adjust the shares: {}",
                    listed.join(" + ")
                )),
            );
        }
    }
}

fn step_order(p: &Playbook, checked: &Checked, diags: &mut Vec<Diagnostic>) {
    let mut latest: Option<(i64, &str)> = None;
    for step in &checked.steps {
        let Some(minutes) = step.minutes else {
            continue;
        };
        match latest {
            Some((before, before_when)) if minutes < before => {
                diags.push(
                    Diagnostic::warning(
                        Code::StepsOutOfOrder,
                        &p.source,
                        step.when_range.clone(),
                        crate::tr!(
                            "步骤 `{}` 排在 `{before_when}` 后面，时间却更早",
                            "step `{}` comes after `{before_when}` but happens before it",
                            step.when
                        ),
                    )
                    .with_help(crate::tr!(
                        "按时间顺序排列步骤，让执行的人从上往下照着做",
                        "list the steps in time order, so operators can follow them top to bottom"
                    )),
                );
            }
            _ => latest = Some((minutes, &step.when)),
        }
    }
}

/// Who a step names when every role does it: not a role of its own.
const EVERYONE: &[&str] = &["全员", "所有人", "全体", "大家", "everyone", "all"];

fn roles(p: &Playbook, checked: &Checked, diags: &mut Vec<Diagnostic>) {
    let Some(declared) = &p.roles else {
        return;
    };
    for step in &checked.steps {
        for who in step
            .who
            .split(['/', '、', ',', '，', '&', '+'])
            .flat_map(|w| w.split('和'))
            .map(str::trim)
        {
            if !who.is_empty() && !EVERYONE.contains(&who) && !declared.iter().any(|r| r == who) {
                diags.push(
                    Diagnostic::warning(
                        Code::UnknownRole,
                        &p.source,
                        step.who_range.clone(),
                        crate::tr!(
                            "`{who}` 没有列在这份 SOP 的 `roles:` 里",
                            "`{who}` is not one of this SOP's roles"
                        ),
                    )
                    .with_help(crate::tr!(
                        "把它加进 `roles:`，或者改成已经列出的角色：{}",
                        "add it to `roles:` or use one of: {}",
                        crate::base::i18n::Text::list(declared)
                    )),
                );
            }
        }
    }
}

fn variables(p: &Playbook, outline: &Outline, diags: &mut Vec<Diagnostic>) {
    let declared: Option<HashSet<&str>> = p
        .variables
        .as_ref()
        .map(|l| l.iter().map(String::as_str).collect());
    for block in scripts(outline) {
        for (text, range) in &block.pieces {
            for (start, name) in outline::placeholders_in(text) {
                if declared.as_ref().is_some_and(|d| d.contains(name)) {
                    continue;
                }
                let local = range.start + start..range.start + start + name.len() + 2;
                let help = match &declared {
                    Some(_) => crate::tr!(
                        "把 `{name}` 加到 front matter 的 `variables:` 里，或者改正它的写法",
                        "add `{name}` to `variables:` in the front matter, or fix its spelling"
                    ),
                    None => crate::tr!(
                        "在文件开头的设置区（front matter，也就是两行 `---` 之间）加上：`variables: [{name}]`",
                        "declare the script's variables in the front matter: `variables: [{name}]`"
                    ),
                };
                diags.push(
                    Diagnostic::warning(
                        Code::UndefinedVariable,
                        &p.source,
                        p.file_range(local),
                        crate::tr!(
                            "话术里的 `{{{name}}}` 还没有在 `variables:` 里列出来",
                            "`{{{name}}}` is not a declared variable"
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// The code blocks that are scripts: marked `script` or `话术`, or under a
/// 话术 heading.
fn scripts(outline: &Outline) -> impl Iterator<Item = &CodeBlock> {
    let script_sections: HashSet<usize> = outline
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.key == fences::SCRIPT_HEADING)
        .flat_map(|(i, _)| outline.subtree(i))
        .collect();
    outline.code_blocks.iter().filter(move |block| {
        fences::is_script(&block.lang)
            || block.section.is_some_and(|s| script_sections.contains(&s))
    })
}

fn unfilled(p: &Playbook, outline: &Outline, diags: &mut Vec<Diagnostic>) {
    let text = &p.source.text;
    // Code is quoted, not the author's own unfinished text; but a script is
    // sent as written, so an `XX` in one is still a blank to fill.
    let script_ranges: Vec<&std::ops::Range<usize>> = scripts(outline).map(|b| &b.range).collect();
    let mut code: Vec<std::ops::Range<usize>> = outline
        .inline_code
        .iter()
        .chain(
            outline
                .code_blocks
                .iter()
                .map(|b| &b.range)
                .filter(|r| !script_ranges.contains(r)),
        )
        .map(|r| p.file_range(r.clone()))
        .collect();
    code.sort_by_key(|r| r.start);
    for range in placeholder_runs(text) {
        // Code spans do not overlap, so the one that could hold `range` is
        // the last that starts at or before it.
        let before = code.partition_point(|c| c.start <= range.start);
        if before > 0 && range.end <= code[before - 1].end {
            continue;
        }
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i);
        let line = text[line_start..line_end].trim();
        // A line of underscores is a thematic break in Markdown, not a blank to fill.
        if line.len() >= 3 && line.chars().all(|c| c == '_' || c == ' ') {
            continue;
        }
        // A plain page documents and explains: its `XXX`, `___` or `此处填写`
        // stand for "some value" (`精通 XXX 语言`, `在此处填写域名`), while a
        // playbook is a template whose blanks are left to fill. Markers of
        // work left undone (`TODO`, `待定`, `🔲`) mean the same everywhere.
        if p.kind == crate::input::kind::PAGE && is_blank_form(&text[range.clone()]) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Code::Placeholder,
                &p.source,
                range.clone(),
                crate::tr!(
                    "还有没填的占位符 `{}`",
                    "unfilled placeholder `{}`",
                    &text[range.clone()]
                ),
            )
            .with_help(crate::tr!(
                "发布之前把它换成真正的内容",
                "replace it with the real content before the playbook is published"
            )),
        );
    }
}

/// A placeholder that is a blank in a form (`XX`, `___`, `【】`, `此处填写`)
/// rather than a note that work is left (`TODO`, `待定`, `🔲`).
fn is_blank_form(run: &str) -> bool {
    run.split([' ', '|'])
        .filter(|part| !part.is_empty())
        .all(|part| part.starts_with(['X', 'x', '_']) || part == "【】" || part == "此处填写")
}

/// Placeholders with neighbours on the same line separated only by spaces or
/// table pipes merged into one run (`🔲 待补充` is one placeholder, not two).
fn placeholder_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for hit in outline::placeholders(text) {
        match runs.last_mut() {
            Some(last)
                if text[last.end..hit.start]
                    .trim_matches([' ', '|'])
                    .is_empty() =>
            {
                last.end = hit.end
            }
            _ => runs.push(hit),
        }
    }
    runs
}

fn review(p: &Playbook, today: Date, diags: &mut Vec<Diagnostic>) {
    let (Some(reviewed), Some(every)) = (p.reviewed, p.review_every) else {
        return;
    };
    let due = reviewed.after(every);
    if due < today {
        let node = p.front_matter.get("reviewed");
        let range = node.map_or(p.front_matter_start(), |n| n.span());
        diags.push(
            Diagnostic::warning(
                Code::ReviewOverdue,
                &p.source,
                range,
                crate::tr!(
                    "这篇手册该重新审阅了：上次审阅是 {reviewed}，按每 `{every}` 审阅一次，最晚应在 {due} 前再审阅",
                    "last reviewed {reviewed}; a review was due by {due} (every {every})"
                ),
            )
            .with_help(crate::tr!(
                "重新审阅这篇手册，然后把这一行改成 `reviewed: {today}`（今天的日期）",
                "review the playbook, then set `reviewed: {today}`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_runs_merge_neighbours() {
        let line = "🔲 待补充，另见 TODO 和 TODOS，请于_____前回复，【待确认】";
        let found: Vec<&str> = placeholder_runs(line)
            .into_iter()
            .map(|r| &line[r])
            .collect();
        assert_eq!(found, ["🔲 待补充", "TODO", "_____", "【待确认】"]);
    }

    #[test]
    fn placeholders_authors_type() {
        let line = "联系XX老师，群号 XXX，尺码 XXL，[待确认]，【】，（待补），此处填写地址，xx群，TODO Group 与 TODO 与 TODO OK";
        let found: Vec<&str> = placeholder_runs(line)
            .into_iter()
            .map(|r| &line[r])
            .collect();
        assert_eq!(
            found,
            [
                "XX",
                "XXX",
                "[待确认]",
                "【】",
                "（待补）",
                "此处填写",
                "xx",
                "TODO",
                "TODO"
            ]
        );
    }

    #[test]
    fn placeholders_in_code_are_quoted_but_in_scripts_are_blanks() {
        let text = "---\ntitle: t\n---\n\n## 说明\n\n`TODO` 与 XX\n\n```yaml\nowner: TODO\n```\n\n```script\n你好 XX\n```\n";
        let source =
            crate::base::source::SourceFile::new("content/sop/x.md", "x.md".into(), text.into());
        let config = crate::input::config::Config::default();
        let p = crate::input::parse::parse(source, &config, &mut Vec::new()).unwrap();
        let outline = outline::outline(p.body());
        let mut diags = Vec::new();
        unfilled(&p, &outline, &mut diags);
        let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
        // Line 7's XX and the script's XX (line 14); not the inline TODO nor the yaml block.
        assert_eq!(lines, [7, 14], "{diags:?}");
    }

    #[test]
    fn a_plain_page_keeps_its_example_blanks_but_not_its_todos() {
        let text = "---\ntitle: 贡献指南\n---\n\n精通 XXX 语言，在此处填写域名，姓名 ____\n\nTODO 补充截图，待定\n";
        let source =
            crate::base::source::SourceFile::new("content/guide/x.md", "x.md".into(), text.into());
        let config = crate::input::config::Config::default();
        let p = crate::input::parse::parse(source, &config, &mut Vec::new()).unwrap();
        assert_eq!(p.kind, crate::input::kind::PAGE);
        let mut diags = Vec::new();
        unfilled(&p, &outline::outline(p.body()), &mut diags);
        let found: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(7, 1), (7, 11)], "{diags:?}");
    }

    #[test]
    fn script_placeholders() {
        let found: Vec<_> = outline::placeholders_in("你好{昵称}，欢迎来到{群名}！{ 空 } {}")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(found, ["昵称", "群名"]);
    }
}
