//! SOP steps: read from a front-matter `steps` list or from the table under
//! the steps heading, each with its offset from the anchor event (`D-7`,
//! `D0 20:00`, `T+10min`) turned into minutes so order can be checked.

use crate::base::i18n::Text;
use std::ops::Range;

use crate::markdown::fences::SCRIPT_HEADING;
use crate::markdown::outline::Table;

/// One step of an SOP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub when: String,
    /// Minutes after the anchor event; `None` when `when` is not an offset.
    pub minutes: Option<i64>,
    pub who: String,
    pub action: String,
    pub script: Option<String>,
    /// Byte ranges in the whole file, for diagnostics.
    pub when_range: Range<usize>,
    pub who_range: Range<usize>,
    pub script_range: Option<Range<usize>>,
}

/// Reads an offset from the anchor event: `D-7`, `D0`, `D+1 09:30`, `T+3`,
/// `T+10min`, `T+2h`; a clock time alone (`18:00`, `9点半`), which is on the
/// anchor day; and the words authors use for days around it (`当天`,
/// `前一天`, `次日`, `前3天`), alone or with a clock time (`前一天 20:00`).
/// `D` counts days; `T` counts days unless a unit follows. Full-width
/// letters, digits and signs (`Ｄ－１`, `２０：００`) read as their ASCII forms.
pub fn parse_offset(s: &str) -> Option<i64> {
    let folded: String = s.trim().chars().map(fold_width).collect();
    let s = folded.as_str();
    if let Some(time) = clock(s) {
        return Some(time);
    }
    let (day, rest) = day_word(s).or_else(|| day_code(s))?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(day);
    }
    Some(day + clock(rest)?)
}

/// A step's time at the start of `text` (`D-7 班主任：…`, `18:00 场控 …`):
/// its length in bytes and its offset, if the text starts with one. The time
/// may be one word or two (`D0 20:00`, `前一天 20:00`), and may end in a
/// colon or comma (`D-1：`).
pub fn leading_offset(text: &str) -> Option<(usize, i64)> {
    // Words end at a space, or after full-width punctuation (`D-1：拉群`).
    let words: Vec<usize> = text
        .char_indices()
        .filter_map(|(i, c)| match c {
            _ if c.is_whitespace() => Some(i),
            '：' | '，' | '、' | ',' => Some(i + c.len_utf8()),
            _ => None,
        })
        .chain([text.len()])
        .collect();
    // The longest first, so `D0 20:00` is not read as `D0`; up to four
    // words for `第 2 天 09:30`.
    words.iter().take(4).rev().find_map(|&end| {
        let word = text[..end].trim_end_matches([':', '：', ',', '，', '、', '.', '。']);
        parse_offset(word).map(|m| (word.len(), m))
    })
}

/// Whether `when` names a clock time (`18:00`, `D0 20:00`) rather than only
/// a day or a span after the event (`D-1`, `T+10min`).
pub fn has_clock(when: &str) -> bool {
    let folded: String = when.chars().map(fold_width).collect();
    !folded.trim_start().starts_with(['T', 't']) && (folded.contains(':') || folded.contains('点'))
}

fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '−' | '–' | '—' => '-',
        _ => c,
    }
}

/// Words for a day around the anchor event, and what follows them.
fn day_word(s: &str) -> Option<(i64, &str)> {
    const DAY: i64 = 1440;
    for (word, day) in [
        ("当天", 0),
        ("当日", 0),
        ("前一天", -DAY),
        ("前一日", -DAY),
        ("次日", DAY),
        ("第二天", DAY),
        ("后一天", DAY),
    ] {
        if let Some(rest) = s.strip_prefix(word) {
            return Some((day, rest));
        }
    }
    // `第2天`, `第 2 天`, `第三天`: the first day is the anchor day, as a
    // seven-day plan counts its days.
    if let Some(rest) = s.strip_prefix('第') {
        let rest = rest.trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (n, rest) = if digits > 0 {
            (
                rest[..digits]
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n <= 1_000_000)?,
                &rest[digits..],
            )
        } else {
            let c = rest.chars().next()?;
            let n = "一二三四五六七八九十".find(c)? as i64 / '一'.len_utf8() as i64 + 1;
            (n, &rest[c.len_utf8()..])
        };
        let rest = rest.trim_start().strip_prefix(['天', '日'])?;
        return (n >= 1).then_some(((n - 1) * DAY, rest));
    }
    // `前3天`, `后2天`
    let (sign, rest) = match s.strip_prefix('前') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('后')?),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n: i64 = rest[..digits].parse().ok().filter(|n| *n <= 1_000_000)?;
    let rest = rest[digits..].strip_prefix(['天', '日'])?;
    Some((sign * n * DAY, rest))
}

/// `D-7`, `D0`, `T+10min`, and what follows them after a space.
fn day_code(s: &str) -> Option<(i64, &str)> {
    let mut chars = s.chars();
    let base = chars.next()?.to_ascii_uppercase();
    if base != 'D' && base != 'T' {
        return None;
    }
    let rest = chars.as_str();
    let (offset_part, after) = match rest.split_once(char::is_whitespace) {
        Some((o, t)) => (o, t),
        None => (rest, ""),
    };
    let (sign, digits_and_unit) = match offset_part.as_bytes().first() {
        Some(b'+') => (1, &offset_part[1..]),
        Some(b'-') => (-1, &offset_part[1..]),
        _ => (1, offset_part),
    };
    let digits_end = digits_and_unit
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits_and_unit.len());
    let (digits, unit) = digits_and_unit.split_at(digits_end);
    let n: i64 = if digits.is_empty() {
        if offset_part.is_empty() {
            0
        } else {
            return None;
        }
    } else {
        // Offsets are days or minutes around one event; bound them so the
        // arithmetic cannot overflow.
        digits.parse::<i64>().ok().filter(|n| *n <= 1_000_000)?
    };
    let per = match unit.to_ascii_lowercase().as_str() {
        "" | "d" => 1440,
        "min" | "m" => 1,
        "h" => 60,
        "w" => 7 * 1440,
        _ => return None,
    };
    Some((sign * n * per, after))
}

/// A clock time, as minutes after midnight: `20:00`, `9:30`, `20点`,
/// `20点30`, `20点30分`, `9点半`. A range (`18:00-19:00`, `18:00~19:00`,
/// `18:00至19:00`) reads as its start.
fn clock(s: &str) -> Option<i64> {
    let hour_len = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if hour_len == 0 || hour_len > 2 {
        return None;
    }
    let h: i64 = s[..hour_len].parse().ok()?;
    let rest = &s[hour_len..];
    let (m, rest) = if let Some(r) = rest.strip_prefix(':') {
        let len = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if len != 2 {
            return None;
        }
        (r[..2].parse::<i64>().ok()?, &r[2..])
    } else if let Some(r) = rest.strip_prefix('点') {
        if let Some(r) = r.strip_prefix('半') {
            (30, r)
        } else {
            let len = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            match len {
                0 => (0, r),
                1 | 2 => (
                    r[..len].parse::<i64>().ok()?,
                    r[len..].trim_start_matches('分'),
                ),
                _ => return None,
            }
        }
    } else {
        return None;
    };
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    let range_rest = rest.trim_start();
    if !range_rest.is_empty() {
        // Only the start of a range may be followed by more, and a range
        // has one end: `18:00-19:00`, never `1:00-2:00-3:00…`.
        let end = range_rest.strip_prefix(['-', '~', '至', '到'])?.trim();
        if end.contains(['-', '~', '至', '到']) {
            return None;
        }
        clock(end)?;
    }
    Some(h * 60 + m)
}

/// A step written as a list item: `1. D-7 班主任：私聊询问预习情况`,
/// `- 18:00 场控 检查设备`, `- D-1 【小助手】拉群`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListStep<'a> {
    pub when: &'a str,
    pub minutes: i64,
    /// Empty when the item names nobody.
    pub who: &'a str,
    pub action: String,
}

/// Reads a list item as a step, if it starts with a time. Who does it is
/// the `角色：` or `【角色】` before the action, or else its first word.
pub fn list_step(text: &str) -> Option<ListStep<'_>> {
    let (len, minutes) = leading_offset(text)?;
    let when = &text[..len];
    let rest = text[len..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | ',' | '，' | '、')
    });
    let (who, action) = if let Some(r) = rest.strip_prefix('【') {
        match r.split_once('】') {
            Some((who, action)) => (who.trim(), action),
            None => ("", rest),
        }
    } else if let Some((before, after)) = who_colon(rest).map(|at| {
        let colon = rest[at..].chars().next().map_or(1, char::len_utf8);
        (&rest[..at], &rest[at + colon..])
    }) {
        // `入群后 10 分钟内 小助手：私聊欢迎`: who is the word before the
        // colon; what comes before it qualifies the action.
        let (qualifier, who) = match before.trim_end().rsplit_once(char::is_whitespace) {
            Some((q, w)) => (q.trim(), w),
            None => ("", before.trim_end()),
        };
        if who.chars().count() <= 12 && !who.is_empty() {
            let action = format!("{qualifier} {}", after.trim());
            return Some(ListStep {
                when,
                minutes,
                who,
                action: action.trim().to_string(),
            });
        }
        ("", rest)
    } else {
        match rest.split_once(char::is_whitespace) {
            Some((who, action)) if !action.trim().is_empty() => (who, action),
            _ => ("", rest),
        }
    };
    Some(ListStep {
        when,
        minutes,
        who,
        action: action
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'))
            .trim_end()
            .to_string(),
    })
}

/// Where the colon after who does a step stands: a full-width `：`, or an
/// ASCII `:` that is not part of a clock time (`20:00`) or a link (`https://`).
fn who_colon(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| {
        let after = &text[i + c.len_utf8()..];
        let ascii = c == ':'
            && !after.starts_with(|c: char| c.is_ascii_digit())
            && !after.starts_with("//");
        (c == '：' || ascii).then_some(i)
    })
}

/// What a step's script cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptCell {
    /// Nothing to send: `无`, `（无话术）`, `—`.
    None,
    /// A pointer to the heading where the script is written out
    /// (`欢迎话术`, `见下方话术`, `（话术见“欢迎语”）`), by its normalized name.
    Ref(String),
    /// The text to send itself.
    Text,
}

/// Reads a step's script cell. A pointer is a short phrase, not a
/// sentence, that says 话术 or 见; `欢迎 @新人` is a short script, so
/// shortness alone does not make one.
pub fn script_cell(script: &str) -> ScriptCell {
    const BRACKETS: &str = "（）()《》「」“”\"'【】[] ";
    let t = script.trim().trim_matches(|c: char| BRACKETS.contains(c));
    if t.is_empty()
        || matches!(
            t,
            "无" | "暂无" | "无需" | "不需要" | "无话术" | "-" | "—" | "/" | "／"
        )
        || t.eq_ignore_ascii_case("n/a")
    {
        return ScriptCell::None;
    }
    let sentence = t.contains(|c: char| "，。！？!?,…～~{}：:；;@".contains(c));
    // `见下方话术` points at the scripts' heading by naming it.
    let points = t.contains('见') || t.contains(SCRIPT_HEADING);
    if sentence || t.chars().count() > 24 || !points {
        return ScriptCell::Text;
    }
    // The name follows the last 见 (`话术见“欢迎语”`, `详见下方话术`).
    let name = t.rsplit('见').next().unwrap_or(t);
    let name = name.trim_matches(|c: char| BRACKETS.contains(c));
    let name = ["下方", "上方", "下面", "上面", "以下", "后文", "前文"]
        .iter()
        .find_map(|w| name.strip_prefix(w))
        .unwrap_or(name);
    let name = name.trim_matches(|c: char| BRACKETS.contains(c));
    ScriptCell::Ref(crate::markdown::outline::normalize_heading(
        if name.is_empty() { t } else { name },
    ))
}

/// Column names for each step field, in Chinese and English.
const WHEN: &[&str] = &[
    "时间",
    "时间点",
    "时间节点",
    "时机",
    "时段",
    "日期",
    "什么时候",
    "when",
    "time",
];
const WHO: &[&str] = &[
    "负责人",
    "谁负责",
    "谁做",
    "谁来做",
    "负责",
    "谁",
    "角色",
    "执行人",
    "执行",
    "人员",
    "对接人",
    "who",
    "owner",
    "role",
];
const ACTION: &[&str] = &[
    "动作",
    "事项",
    "内容",
    "要做的事",
    "做什么",
    "具体动作",
    "工作内容",
    "操作",
    "action",
    "what",
];
const SCRIPT: &[&str] = &["话术", "怎么说", "说什么", "话术内容", "文案", "script"];

/// Which columns of a table hold `when`, `who`, `action` and `script`.
pub struct Columns {
    pub when: usize,
    pub who: usize,
    pub action: usize,
    pub script: Option<usize>,
}

/// The step columns of a table, if it has at least when, who and action.
pub fn columns(table: &Table) -> Option<Columns> {
    // A header names its column exactly, or as one part of a combined
    // header (`话术/备注`, `时间（D0=开营日）`); an exact header wins. A
    // column is one field's: `时间/负责人` cannot be both the time and who.
    let fields = [WHEN, WHO, ACTION, SCRIPT];
    let named =
        |names: &[&str], part: &str| names.iter().any(|n| part.trim().eq_ignore_ascii_case(n));
    let mut found: Vec<Option<usize>> = fields
        .iter()
        .map(|names| table.header.iter().position(|h| named(names, h)))
        .collect();
    for (f, names) in fields.iter().enumerate() {
        if found[f].is_none() {
            found[f] = (0..table.header.len()).find(|&i| {
                !found.contains(&Some(i)) && header_parts(&table.header[i]).any(|p| named(names, p))
            });
        }
    }
    Some(Columns {
        when: found[0]?,
        who: found[1]?,
        action: found[2]?,
        script: found[3],
    })
}

/// What a labelled line of a step written as its own section gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepLabel {
    When,
    Who,
    Action,
}

/// A labelled line of a step written as its own section (`时间：上午10点`,
/// `谁做：社群运营`, `动作：私聊发送新人礼包`), named as a step table's
/// columns are; the value is trimmed. None for any other line.
pub fn step_label(text: &str) -> Option<(StepLabel, &str)> {
    let (label, value) = text.split_once(['：', ':'])?;
    let label = label.trim();
    let named = |names: &[&str]| names.iter().any(|n| label.eq_ignore_ascii_case(n));
    let which = if named(WHEN) {
        StepLabel::When
    } else if named(WHO) {
        StepLabel::Who
    } else if named(ACTION) {
        StepLabel::Action
    } else {
        return None;
    };
    Some((which, value.trim()))
}

/// A time of day as an author writes it beside a step: `20:00`, `10点`,
/// `上午10点`, `晚上8点半` (minutes after midnight). None for anything else
/// (`进群后 10 分钟内`).
pub fn time_of_day(value: &str) -> Option<i64> {
    let value: String = value.trim().chars().map(half_width_digit).collect();
    let (part, rest) = ["上午", "早上", "中午", "下午", "晚上"]
        .iter()
        .find_map(|p| value.strip_prefix(p).map(|r| (*p, r.trim())))
        .unwrap_or(("", value.as_str()));
    let minutes = clock(rest)?;
    // 下午3点 is 15:00 and 晚上8点 20:00; 中午12点 is noon, 中午1点 13:00.
    let later = match part {
        "下午" | "晚上" => minutes < 12 * 60,
        "中午" => minutes < 11 * 60,
        _ => false,
    };
    Some(if later { minutes + 12 * 60 } else { minutes })
}

fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '：' => ':',
        _ => c,
    }
}

/// The parts of a combined column header: split at slashes and
/// enumeration marks, with a bracketed note left out.
fn header_parts(header: &str) -> impl Iterator<Item = &str> {
    let bare = header.split(['(', '（']).next().unwrap_or(header);
    bare.split(['/', '／', '、', '&', '+'])
        .flat_map(|p| p.split("与"))
        .flat_map(|p| p.split("和"))
}

/// The names a step table's columns may have, for help texts.
pub fn column_help() -> Text {
    crate::tr!(
        "时间（或 when）、负责人/角色（或 who）、动作/事项（或 action），还可以再加一列话术（或 script）",
        "时间/when, 负责人 or 角色/who, 动作 or 事项/action, and optionally 话术/script"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_combined_header_names_its_column_by_a_part() {
        let table = |header: &[&str]| Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            ..Table::default()
        };
        let cols = columns(&table(&["时间（D0=开播日）", "谁", "做什么", "话术/备注"])).unwrap();
        assert_eq!(
            (cols.when, cols.who, cols.action, cols.script),
            (0, 1, 2, Some(3))
        );
        // An exact header wins over a part of another.
        let cols = columns(&table(&["时间", "负责人", "内容", "备注/话术", "话术"])).unwrap();
        assert_eq!(cols.script, Some(4));
        assert!(columns(&table(&["时间", "备注"])).is_none());
        // One column is one field's.
        assert!(columns(&table(&["时间/负责人", "动作"])).is_none());
    }

    #[test]
    fn labelled_lines_and_times_of_day() {
        assert_eq!(
            step_label("时间：上午10点"),
            Some((StepLabel::When, "上午10点"))
        );
        assert_eq!(
            step_label("谁做: 社群运营"),
            Some((StepLabel::Who, "社群运营"))
        );
        assert_eq!(
            step_label("动作：私聊发礼包"),
            Some((StepLabel::Action, "私聊发礼包"))
        );
        assert_eq!(step_label("话术：您好"), None);
        assert_eq!(time_of_day("上午10点"), Some(600));
        assert_eq!(time_of_day("晚上8点半"), Some(20 * 60 + 30));
        assert_eq!(time_of_day("下午３：３０"), Some(15 * 60 + 30));
        assert_eq!(time_of_day("中午12点"), Some(720));
        assert_eq!(time_of_day("20:00"), Some(1200));
        assert_eq!(time_of_day("进群后 10 分钟内"), None);
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("D-7"), Some(-7 * 1440));
        assert_eq!(parse_offset("D0"), Some(0));
        assert_eq!(parse_offset("D0 20:00"), Some(20 * 60));
        assert_eq!(parse_offset("D-1 20:00"), Some(-1440 + 1200));
        assert_eq!(parse_offset("T+3"), Some(3 * 1440));
        assert_eq!(parse_offset("T+10min"), Some(10));
        assert_eq!(parse_offset("t+2h"), Some(120));
        for bad in [
            "",
            "开课前",
            "D-x",
            "D0 25:00",
            "X+1",
            "D+1 晚上",
            "180",
            "18:0",
            "前天",
        ] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }

    #[test]
    fn clock_times_and_day_words() {
        assert_eq!(parse_offset("18:00"), Some(18 * 60));
        assert_eq!(parse_offset("9:30"), Some(9 * 60 + 30));
        assert_eq!(parse_offset("20点"), Some(20 * 60));
        assert_eq!(parse_offset("9点半"), Some(9 * 60 + 30));
        assert_eq!(parse_offset("20点15分"), Some(20 * 60 + 15));
        assert_eq!(parse_offset("18:00-19:00"), Some(18 * 60));
        assert_eq!(parse_offset("１８：００"), Some(18 * 60));
        assert_eq!(parse_offset("Ｄ－１"), Some(-1440));
        assert_eq!(parse_offset("当天"), Some(0));
        assert_eq!(parse_offset("前一天 20:00"), Some(-1440 + 20 * 60));
        assert_eq!(parse_offset("次日"), Some(1440));
        assert_eq!(parse_offset("前3天"), Some(-3 * 1440));
        assert_eq!(parse_offset("当天 9点"), Some(9 * 60));
        assert_eq!(parse_offset("第1天"), Some(0));
        assert_eq!(parse_offset("第三天 20:00"), Some(2 * 1440 + 20 * 60));
        assert_eq!(parse_offset("第 7 天"), Some(6 * 1440));
        assert_eq!(parse_offset("第0天"), None);
        // A range has one end; a long chain is not a time (and no recursion).
        assert_eq!(
            parse_offset(&format!("{}1:00", "1:00-".repeat(100_000))),
            None
        );
    }

    #[test]
    fn a_time_at_the_start_of_a_step() {
        assert_eq!(leading_offset("D-7 班主任：私聊"), Some((3, -7 * 1440)));
        assert_eq!(leading_offset("D0 20:00 班主任 开班"), Some((8, 20 * 60)));
        assert_eq!(leading_offset("18:00 场控 检查设备"), Some((5, 18 * 60)));
        assert_eq!(leading_offset("D-1：拉群"), Some((3, -1440)));
        assert_eq!(leading_offset("拉群 D-1"), None);
    }

    #[test]
    fn list_items_as_steps() {
        let step = |t| list_step(t).map(|s| (s.when.to_string(), s.who.to_string(), s.action));
        let st = |a: &str, b: &str, c: &str| Some((a.to_string(), b.to_string(), c.to_string()));
        assert_eq!(
            step("D-7 班主任：私聊询问预习情况"),
            st("D-7", "班主任", "私聊询问预习情况")
        );
        // A clock time or a link in the action is not the colon after who.
        assert_eq!(
            step("D-1 小助手 通知大家明晚 20:00 开始"),
            st("D-1", "小助手", "通知大家明晚 20:00 开始")
        );
        assert_eq!(
            step("D0 群主 发会议链接 https://meeting.example/x"),
            st("D0", "群主", "发会议链接 https://meeting.example/x")
        );
        assert_eq!(step("18:00 场控 检查设备"), st("18:00", "场控", "检查设备"));
        assert_eq!(step("D-1 【小助手】拉群"), st("D-1", "小助手", "拉群"));
        assert_eq!(
            step("D0 20:00 班主任：开班仪式"),
            st("D0 20:00", "班主任", "开班仪式")
        );
        assert_eq!(step("当天 发通知"), st("当天", "", "发通知"));
        assert_eq!(
            step("D0 入群后 10 分钟内 小助手：私聊欢迎"),
            st("D0", "小助手", "入群后 10 分钟内 私聊欢迎")
        );
        assert_eq!(
            step("第 2 天 09:30 带班妈妈：发打卡提醒"),
            st("第 2 天 09:30", "带班妈妈", "发打卡提醒")
        );
        assert_eq!(step("提前准备好物料"), None);
    }

    #[test]
    fn script_cells() {
        let r = |name: &str| ScriptCell::Ref(name.to_string());
        assert_eq!(script_cell("欢迎话术"), r("欢迎话术"));
        assert_eq!(script_cell("见下方话术"), r("话术"));
        assert_eq!(script_cell("见《开班话术》"), r("开班话术"));
        assert_eq!(script_cell("（话术见“欢迎语”）"), r("欢迎语"));
        for none in ["（无话术）", "无", "—", "N/A"] {
            assert_eq!(script_cell(none), ScriptCell::None, "{none}");
        }
        for text in [
            "你好，欢迎加入！",
            "{昵称}你好，我是班主任",
            "欢迎 @新人",
            "私聊",
        ] {
            assert_eq!(script_cell(text), ScriptCell::Text, "{text}");
        }
    }

    #[test]
    fn clock_or_not() {
        assert!(has_clock("18:00"));
        assert!(has_clock("D0 20:00"));
        assert!(!has_clock("D-1"));
        assert!(!has_clock("T+10min"));
    }
}
