//! SOP steps: read from a front-matter `steps` list or from the table under
//! the steps heading, each with its offset from the anchor event (`D-7`,
//! `D0 20:00`, `T+10min`) turned into minutes so order can be checked.

use std::ops::Range;

use crate::outline::Table;

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
}

/// Reads an offset from the anchor event: `D-7`, `D0`, `D+1 09:30`, `T+3`,
/// `T+10min`, `T+2h`. `D` counts days; `T` counts days unless a unit follows.
pub fn parse_offset(s: &str) -> Option<i64> {
    let s = s.trim();
    let mut chars = s.chars();
    let base = chars.next()?.to_ascii_uppercase();
    if base != 'D' && base != 'T' {
        return None;
    }
    let rest = chars.as_str();
    let (offset_part, time_part) = match rest.split_once(char::is_whitespace) {
        Some((o, t)) => (o, Some(t.trim())),
        None => (rest, None),
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
        // arithmetic below cannot overflow.
        digits.parse::<i64>().ok().filter(|n| *n <= 1_000_000)?
    };
    let per = match unit.to_ascii_lowercase().as_str() {
        "" | "d" => 1440,
        "min" | "m" => 1,
        "h" => 60,
        "w" => 7 * 1440,
        _ => return None,
    };
    let time = match time_part {
        None => 0,
        Some(t) => {
            let (h, m) = t.split_once([':', '：'])?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if !(0..24).contains(&h) || !(0..60).contains(&m) {
                return None;
            }
            h * 60 + m
        }
    };
    Some(sign * n * per + time)
}

/// Column names for each step field, in Chinese and English.
const WHEN: &[&str] = &["时间", "时间点", "时机", "when", "time"];
const WHO: &[&str] = &["负责人", "角色", "执行人", "who", "owner", "role"];
const ACTION: &[&str] = &["动作", "事项", "内容", "action", "what"];
const SCRIPT: &[&str] = &["话术", "script"];

/// Which columns of a table hold `when`, `who`, `action` and `script`.
pub struct Columns {
    pub when: usize,
    pub who: usize,
    pub action: usize,
    pub script: Option<usize>,
}

/// The step columns of a table, if it has at least when, who and action.
pub fn columns(table: &Table) -> Option<Columns> {
    let find = |names: &[&str]| {
        table
            .header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    Some(Columns {
        when: find(WHEN)?,
        who: find(WHO)?,
        action: find(ACTION)?,
        script: find(SCRIPT),
    })
}

/// The names a step table's columns may have, for help texts.
pub fn column_help() -> &'static str {
    "时间/when, 负责人 or 角色/who, 动作 or 事项/action, and optionally 话术/script"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("D-7"), Some(-7 * 1440));
        assert_eq!(parse_offset("D0"), Some(0));
        assert_eq!(parse_offset("D0 20:00"), Some(20 * 60));
        assert_eq!(parse_offset("D-1 20:00"), Some(-1440 + 1200));
        assert_eq!(parse_offset("T+3"), Some(3 * 1440));
        assert_eq!(parse_offset("T+10min"), Some(10));
        assert_eq!(parse_offset("t+2h"), Some(120));
        for bad in ["", "开课前", "D-x", "D0 25:00", "X+1", "D+1 晚上"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }
}
