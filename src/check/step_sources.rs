//! Where a playbook's SOP steps are read from: a front-matter `steps:`
//! list, a list under the steps heading, the sections under it, or the table
//! there. Each step is read with `check::steps` (its offset, its columns,
//! its script) and reported at its own line and column.

use super::{Cx, FieldState};
use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::check::steps::{self, Step};
use crate::input::kind::Element;
use crate::input::yaml::{Node, Value};
use crate::markdown::outline;

impl Cx<'_> {
    /// A front-matter step list: each step a mapping with `when`, `who`, `action`.
    pub(super) fn field_steps(&mut self, name: &str, node: &Node) -> FieldState {
        let Some(items) = node.as_list() else {
            self.invalid(
                Code::WrongType,
                node,
                crate::tr!(
                    "`{name}` 应该是步骤的列表，这里却是{}",
                    "`{name}` must be a list of steps, found {}",
                    node.describe()
                ),
                Some(crate::tr!(
                    "每个步骤是一个映射：`- {{when: D-1, who: 班主任, action: 拉群}}`",
                    "each step is a mapping: `- {{when: D-1, who: 班主任, action: 拉群}}`"
                )),
            );
            return FieldState::Invalid;
        };
        let mut ok = true;
        for item in items {
            if !matches!(item.value, Value::Map(_)) {
                self.invalid(
                    Code::InvalidStep,
                    item,
                    crate::tr!(
                        "每个步骤是一个带 `when`、`who` 和 `action` 的映射，这里却是{}",
                        "a step is a mapping with `when`, `who` and `action`, found {}",
                        item.describe()
                    ),
                    None,
                );
                ok = false;
                continue;
            }
            let text = |key: &str| item.get(key).and_then(|n| Some((n.scalar_text()?, n)));
            let mut step_ok = true;
            for key in ["when", "who", "action"] {
                if text(key).is_none_or(|(t, _)| t.trim().is_empty()) {
                    self.invalid(
                        Code::InvalidStep,
                        item,
                        crate::tr!("这个步骤没有 `{key}`", "this step has no `{key}`"),
                        None,
                    );
                    step_ok = false;
                }
            }
            if !step_ok {
                ok = false;
                continue;
            }
            let (Some((when, when_node)), Some((who, who_node))) = (text("when"), text("who"))
            else {
                continue;
            };
            let minutes = steps::parse_offset(&when);
            if minutes.is_none() {
                self.invalid(
                    Code::InvalidStep,
                    when_node,
                    crate::tr!(
                        "`{when}` 不是相对于活动时间的偏移",
                        "`{when}` is not an offset from the anchor event"
                    ),
                    Some(crate::tr!(
                        "照这样写：D-7、D-1、D0 20:00、18:00、当天、前一天 或 T+30min",
                        "write it like D-7, D-1, D0 20:00, 18:00, 当天, 前一天 or T+30min"
                    )),
                );
                ok = false;
            }
            self.steps.push(Step {
                when_range: when_node.offset..when_node.offset + when.len(),
                who_range: who_node.offset..who_node.offset + who.len(),
                when,
                minutes,
                who,
                action: text("action").map(|(t, _)| t).unwrap_or_default(),
                script_range: text("script").map(|(t, n)| n.offset..n.offset + t.len()),
                script: text("script").map(|(t, _)| t),
            });
        }
        if ok {
            FieldState::Valid
        } else {
            FieldState::Invalid
        }
    }

    /// Steps written as a list under the steps heading, where most items
    /// start with a time; an item that does not is reported. Returns whether
    /// the section held such a list.
    pub(super) fn list_steps(&mut self, heading: usize) -> bool {
        let items: Vec<&outline::Cell> = self
            .outline
            .subtree(heading)
            .flat_map(|i| self.outline.sections[i].list_items.iter())
            .filter(|c| outline::is_real_content(&c.text))
            .collect();
        let timed = items
            .iter()
            .filter(|c| steps::leading_offset(&c.text).is_some())
            .count();
        if timed == 0 || timed * 2 < items.len() {
            return false;
        }
        let body = self.p.body();
        let locate = |item: &outline::Cell, part: &str| locate(body, item, part);
        for item in items {
            let Some(step) = steps::list_step(&item.text) else {
                let first = item.text.split_whitespace().next().unwrap_or("");
                self.push(
                    Diagnostic::error(
                        Code::InvalidStep,
                        &self.p.source,
                        self.p.file_range(locate(item, first)),
                        crate::tr!(
                            "这个步骤开头没有写时间",
                            "this step does not start with its time"
                        ),
                    )
                    .with_help(crate::tr!(
                        "在步骤开头写上 quire 认得的时间写法，例如 D-1、D0 20:00、18:00、当天 或 T+30min",
                        "start it with a time such as D-1, D0 20:00, 18:00, 当天 or T+30min"
                    )),
                );
                continue;
            };
            let when_range = self.p.file_range(locate(item, step.when));
            let who_range = self.p.file_range(locate(item, step.who));
            if step.who.is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::InvalidStep,
                        &self.p.source,
                        when_range.clone(),
                        crate::tr!("这个步骤没有写负责人", "this step has no 负责人/who"),
                    )
                    .with_help(crate::tr!("在时间后面写上谁来做：`D-1 班主任：拉群` 或 `D-1 【班主任】拉群`", "name who does it after the time: `D-1 班主任：拉群` or `D-1 【班主任】拉群`")),
                );
            }
            self.steps.push(Step {
                when: step.when.to_string(),
                minutes: Some(step.minutes),
                who: step.who.to_string(),
                action: step.action,
                script: None,
                when_range,
                who_range,
                script_range: None,
            });
        }
        true
    }

    /// Steps written each as its own section under the steps heading: a
    /// heading that starts with the step's time (`### 第2天：私聊破冰`) over
    /// labelled items (`- **谁做**：专属顾问`, `- **动作**：…`, and a
    /// `- **时间**：上午10点` that adds the time of day). Read only when
    /// every such section names who does it; otherwise the section is
    /// prose as before.
    pub(super) fn section_steps(&mut self, heading: usize) -> bool {
        let sections = &self.outline.sections;
        let level = sections[heading].level;
        let children: Vec<usize> = self
            .outline
            .subtree(heading)
            .skip(1)
            .filter(|&i| sections[i].level == level + 1)
            .collect();
        let timed: Vec<(usize, usize, i64)> = children
            .iter()
            .filter_map(|&i| steps::leading_offset(&sections[i].text).map(|(len, m)| (i, len, m)))
            .collect();
        if timed.len() < 2 || timed.len() * 2 < children.len() {
            return false;
        }
        let mut found = Vec::with_capacity(timed.len());
        for (i, len, minutes) in timed {
            let section = &sections[i];
            let (mut who, mut action, mut clock) = (None, None, None);
            for item in &section.list_items {
                match steps::step_label(&item.text) {
                    Some((steps::StepLabel::Who, value)) if !value.is_empty() => {
                        who = Some((value.to_string(), locate(self.p.body(), item, value)));
                    }
                    Some((steps::StepLabel::Action, value)) => action = Some(value.to_string()),
                    Some((steps::StepLabel::When, value)) => {
                        clock = steps::time_of_day(value).map(|m| (value.to_string(), m));
                    }
                    _ => {}
                }
            }
            let Some((who, who_range)) = who else {
                return false;
            };
            let day = section.text[..len].to_string();
            // The rest of the heading (`私聊破冰`) says what the step is when no 动作 does.
            let rest = section.text[len..].trim_start_matches([':', '：', ' ', '，', '、']);
            let (when, minutes) = match clock {
                // A clock time on a day: `第2天` + `上午10点`, at its minutes past midnight.
                Some((text, m)) if !steps::has_clock(&day) => {
                    (format!("{day} {text}"), minutes.div_euclid(1440) * 1440 + m)
                }
                _ => (day, minutes),
            };
            found.push(Step {
                when,
                minutes: Some(minutes),
                who,
                action: action.unwrap_or_else(|| rest.to_string()),
                script: None,
                when_range: self.p.file_range(section.range.clone()),
                who_range: self.p.file_range(who_range),
                script_range: None,
            });
        }
        self.steps.extend(found);
        true
    }

    /// A step table under the steps heading.
    pub(super) fn table_steps(&mut self, e: &Element, heading: usize) {
        let tables: Vec<_> = self
            .outline
            .subtree(heading)
            .flat_map(|i| self.outline.sections[i].tables.iter())
            .collect();
        let Some((table, cols)) = tables
            .iter()
            .find_map(|t| steps::columns(t).map(|c| (*t, c)))
        else {
            if !self.list_steps(heading)
                && !self.section_steps(heading)
                && self.outline.has_content(heading)
            {
                let range = self
                    .p
                    .file_range(self.outline.sections[heading].range.clone());
                self.push(
                    Diagnostic::warning(
                        Code::UnstructuredSteps,
                        &self.p.source,
                        range,
                        crate::tr!(
                            "`{}` 这一节写成了段落，画不出时间线，也生成不了步骤清单", "the `{}` section is prose, so no timeline or checklist can be drawn from it",
                            e.name
                        ),
                    )
                    .with_help(crate::tr!(
                        "把每个步骤单独写成一个列表项，带上时间和负责人，例如 `1. D-1 班主任：拉群`、`- 18:00 场控 检查设备`；也可以写成表格，表头用 {}；或者写在 `steps:` 字段里", "start each step on its own list item with its time and who does it \
                         (`1. D-1 班主任：拉群`, `- 18:00 场控 检查设备`), or use a table with \
                         the columns {}, or a `steps:` field",
                        steps::column_help()
                    )),
                );
            }
            return;
        };
        for row in &table.rows {
            // A row of placeholders (as `quire new` writes) is reported as a placeholder, not as a bad step.
            if !row.iter().any(|c| outline::is_real_content(&c.text)) {
                continue;
            }
            let cell = |i: usize| {
                row.get(i)
                    .map(|c| (c.text.clone(), c.range.clone()))
                    .unwrap_or_default()
            };
            let (when, when_range) = cell(cols.when);
            let (who, who_range) = cell(cols.who);
            let (action, action_range) = cell(cols.action);
            let minutes = steps::parse_offset(&when);
            let row_start = row.first().map(|c| c.range.clone()).unwrap_or_default();
            if when.is_empty() || who.is_empty() || action.is_empty() {
                let (range, missing) = if when.is_empty() {
                    (row_start, "时间/when")
                } else if who.is_empty() {
                    (who_range.clone(), "负责人/who")
                } else {
                    (action_range, "动作/action")
                };
                self.push(Diagnostic::error(
                    Code::InvalidStep,
                    &self.p.source,
                    self.p.file_range(range),
                    crate::tr!("这个步骤没有写{missing}", "this step has no {missing}"),
                ));
            } else if minutes.is_none() {
                self.push(
                    Diagnostic::error(
                        Code::InvalidStep,
                        &self.p.source,
                        self.p.file_range(when_range.clone()),
                        crate::tr!(
                            "`{when}` 不是相对于活动时间的偏移",
                            "`{when}` is not an offset from the anchor event"
                        ),
                    )
                    .with_help(crate::tr!(
                        "照这样写：D-7、D-1、D0 20:00、18:00、当天、前一天 或 T+30min",
                        "write it like D-7, D-1, D0 20:00, 18:00, 当天, 前一天 or T+30min"
                    )),
                );
            }
            let script_cell = cols
                .script
                .and_then(|i| row.get(i))
                .filter(|c| !c.text.is_empty() && c.text != "—" && c.text != "-");
            self.steps.push(Step {
                when,
                minutes,
                who,
                action,
                script: script_cell.map(|c| c.text.clone()),
                script_range: script_cell.map(|c| self.p.file_range(c.range.clone())),
                when_range: self.p.file_range(when_range),
                who_range: self.p.file_range(who_range),
            });
        }
    }
}

/// Where `part` of an item's text stands in `body` (the item's text may
/// have lost Markdown marks such as `**`).
fn locate(body: &str, item: &outline::Cell, part: &str) -> std::ops::Range<usize> {
    let source = body.get(item.range.clone()).unwrap_or("");
    match source.find(part).filter(|_| !part.is_empty()) {
        Some(at) => item.range.start + at..item.range.start + at + part.len(),
        None => item.range.clone(),
    }
}
