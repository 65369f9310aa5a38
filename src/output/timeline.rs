//! SOP timelines, drawn at build time as inline SVG: no script, and they
//! print. The axis counts days around the anchor event (D-7 … D0 … D+3),
//! or minutes when every step falls within one day (T+0 … T+30min); each
//! role gets a lane and a colour, and each step a numbered mark that the
//! step list under the drawing explains.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::steps::Step;

/// Colours for roles, in order of first appearance: white numbers read on
/// each (AA), and each reads as text on white. This is the one place they
/// are written: the drawing carries them as attributes (so it stands alone,
/// in a PDF too) and the step list as `--role`. The stylesheet only gives
/// role names lighter shades in dark mode, through the `role-N` classes.
const COLOURS: &[&str] = &[
    "#b4432c", "#2f6fb3", "#1f7a3f", "#7a4cc2", "#92400e", "#0f766e", "#be185d", "#4b5563",
];

const WIDTH: f64 = 720.0;
const LABELS: f64 = 96.0;
const RIGHT: f64 = 24.0;
const AXIS: f64 = 30.0;
const LANE: f64 = 36.0;
const MARK: f64 = 11.0;

/// A drawn timeline and the steps it numbers.
#[derive(Debug, Serialize)]
pub struct Timeline {
    pub svg: String,
    pub steps: Vec<StepEntry>,
}

#[derive(Debug, Serialize)]
pub struct StepEntry {
    pub number: usize,
    pub when: String,
    pub who: String,
    pub colour: &'static str,
    /// The role's place among the SOP's roles, for its `role-N` class.
    pub role: usize,
    pub action: String,
    pub script: Option<String>,
    /// Where the script is written out, when `script` names a heading of the page.
    pub script_href: Option<String>,
}

/// The timeline of an SOP's steps; `None` when no step has a time.
pub fn draw(steps: &[Step], title: &str) -> Option<Timeline> {
    let timed: Vec<(usize, &Step, i64)> = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s, s.minutes?)))
        .collect();
    if timed.is_empty() {
        return None;
    }
    // Colours follow every role of the SOP; lanes only those with a timed step.
    let mut roles: Vec<&str> = Vec::new();
    for s in steps {
        if !roles.contains(&s.who.as_str()) {
            roles.push(&s.who);
        }
    }
    let role = |who: &str| roles.iter().position(|r| *r == who).unwrap_or(0) % COLOURS.len();
    let colour = |who: &str| COLOURS[role(who)];
    let lanes: Vec<&str> = roles
        .iter()
        .copied()
        .filter(|r| timed.iter().any(|(_, s, _)| s.who == *r))
        .collect();
    let prefix = timed[0]
        .1
        .when
        .trim()
        .chars()
        .next()
        .map(|c| c.to_ascii_uppercase())
        // `18:00` and `前一天` count days like `D`.
        .filter(|c| *c == 'T')
        .unwrap_or('D');
    let min = timed.iter().map(|t| t.2).min().unwrap_or(0);
    let max = timed.iter().map(|t| t.2).max().unwrap_or(0);
    // Steps at clock times on one day are labelled 18:00, 18:30 … rather
    // than in minutes past midnight.
    let clock = min.div_euclid(1440) == max.div_euclid(1440)
        && timed
            .iter()
            .any(|(_, s, _)| crate::check::steps::has_clock(&s.when))
        && !timed
            .iter()
            .any(|(_, s, _)| s.when.trim_start().starts_with(['T', 't']));
    let scale = Scale::new(min, max, if clock { CLOCK } else { prefix });
    let height = AXIS + LANE * lanes.len() as f64 + 8.0;

    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        "<svg class=\"timeline-svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, sans-serif\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title)
    );
    for (lane, name) in lanes.iter().enumerate() {
        let y = AXIS + LANE * lane as f64 + LANE / 2.0;
        let _ = write!(
            svg,
            "<line class=\"lane\" x1=\"{LABELS}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#e3ded5\"/><text class=\"role role-{}\" x=\"{}\" y=\"{}\" fill=\"{}\" font-size=\"13\" font-weight=\"600\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            role(name),
            LABELS - 10.0,
            y + 5.0,
            colour(name),
            escape(name)
        );
    }
    for (x, label, zero) in scale.ticks() {
        let (class, stroke) = if zero {
            ("tick zero", "stroke=\"#b4432c\" stroke-width=\"1.5\"")
        } else {
            ("tick", "stroke=\"#cfc9be\" stroke-dasharray=\"2 3\"")
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" {stroke}/><text class=\"tick-label\" x=\"{x:.1}\" y=\"16\" fill=\"#5b636e\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            AXIS - 6.0,
            height - 6.0,
            escape(&label)
        );
    }
    // Marks that would touch in a lane are moved right until they do not,
    // or left when that would leave the drawing.
    let mut placed: HashMap<usize, Vec<f64>> = HashMap::new();
    let touches = |xs: &[f64], x: f64| xs.iter().any(|p| (p - x).abs() < MARK * 2.0 + 1.0);
    for (i, step, minutes) in &timed {
        let lane = lanes.iter().position(|r| *r == step.who).unwrap_or(0);
        let xs = placed.entry(lane).or_default();
        let start = scale.x(*minutes);
        let mut x = start;
        while touches(xs, x) && x + MARK <= WIDTH - MARK {
            x += MARK;
        }
        if touches(xs, x) {
            x = start;
            while touches(xs, x) && x - MARK >= LABELS {
                x -= MARK;
            }
        }
        xs.push(x);
        let y = AXIS + LANE * lane as f64 + LANE / 2.0;
        let _ = write!(
            svg,
            "<g class=\"mark role-{}\"><title>{} · {} · {}</title><circle cx=\"{x:.1}\" cy=\"{y}\" r=\"{MARK}\" fill=\"{}\"/><text x=\"{x:.1}\" y=\"{}\" fill=\"#fff\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\">{}</text></g>",
            role(&step.who),
            escape(&step.when),
            escape(&step.who),
            escape(&step.action),
            colour(&step.who),
            y + 4.0,
            i + 1
        );
    }
    svg.push_str("</svg>");
    Some(Timeline {
        svg,
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepEntry {
                number: i + 1,
                when: s.when.clone(),
                who: s.who.clone(),
                colour: colour(&s.who),
                role: role(&s.who),
                action: s.action.clone(),
                script: s.script.clone(),
                script_href: None,
            })
            .collect(),
    })
}

impl Timeline {
    /// Steps often name their script (`添加问候`) and the page writes it out
    /// under a heading of that name: link the two.
    pub fn link_scripts(
        mut self,
        headings: &[crate::markdown::Heading],
        href: impl Fn(&str) -> String,
    ) -> Self {
        for step in &mut self.steps {
            let Some(script) = &step.script else {
                continue;
            };
            match crate::check::steps::script_cell(script) {
                crate::check::steps::ScriptCell::None => step.script = None,
                crate::check::steps::ScriptCell::Ref(key) => {
                    step.script_href = headings
                        .iter()
                        .find(|h| crate::markdown::outline::normalize_heading(&h.text) == key)
                        .map(|h| href(&h.id));
                    // A pointer to no heading is not a script to copy; the
                    // check reported it as `broken-script-ref`.
                    if step.script_href.is_none() {
                        step.script = None;
                    }
                }
                crate::check::steps::ScriptCell::Text => {
                    step.script_href = headings
                        .iter()
                        .find(|h| h.text == script.trim())
                        .map(|h| href(&h.id));
                }
            }
        }
        self
    }
}

/// The axis prefix that labels ticks with clock times.
const CLOCK: char = '@';

/// Where minutes fall on the drawing, and the ticks to label.
struct Scale {
    min: i64,
    max: i64,
    /// Minutes between ticks: a day, or a round number of minutes.
    step: i64,
    prefix: char,
}

impl Scale {
    fn new(min: i64, max: i64, prefix: char) -> Scale {
        let span = max - min;
        let step = if span >= 1440 {
            // One tick a day, or fewer on a long SOP.
            1440 * ((span / 1440) / 12 + 1)
        } else {
            [5, 10, 15, 30, 60, 120, 180, 360]
                .into_iter()
                .find(|s| span / s <= 10)
                .unwrap_or(360)
        };
        // Ticks start and end on whole steps, so D0 (or T+0) is one of them.
        let min = min.div_euclid(step) * step;
        let max = (max + step - 1).div_euclid(step) * step;
        Scale {
            min,
            max: max.max(min + step),
            step,
            prefix,
        }
    }

    fn x(&self, minutes: i64) -> f64 {
        let width = WIDTH - LABELS - RIGHT - 2.0 * MARK;
        LABELS + MARK + (minutes - self.min) as f64 / (self.max - self.min) as f64 * width
    }

    fn ticks(&self) -> Vec<(f64, String, bool)> {
        (0..)
            .map(|k| self.min + k * self.step)
            .take_while(|m| *m <= self.max)
            .map(|m| (self.x(m), self.label(m), m == 0 && self.prefix != CLOCK))
            .collect()
    }

    fn label(&self, m: i64) -> String {
        if self.prefix == CLOCK {
            let (day, time) = (m.div_euclid(1440), m.rem_euclid(1440));
            let clock = format!("{:02}:{:02}", time / 60, time % 60);
            // The day is said once, at the first tick, when it is not D0.
            return match day {
                0 => clock,
                _ if m > self.min => clock,
                d if d > 0 => format!("D+{d} {clock}"),
                d => format!("D{d} {clock}"),
            };
        }
        let sign = if m < 0 {
            "-"
        } else if m > 0 {
            "+"
        } else {
            ""
        };
        let n = m.abs();
        if self.step >= 1440 {
            format!("{}{sign}{}", self.prefix, n / 1440)
        } else if n % 60 == 0 && n > 0 {
            format!("{}{sign}{}h", self.prefix, n / 60)
        } else if n == 0 {
            // Zero as the steps write it: `D0`, `T+0`.
            if self.prefix == 'D' {
                "D0".into()
            } else {
                format!("{}+0", self.prefix)
            }
        } else {
            format!("{}{sign}{n}min", self.prefix)
        }
    }
}

use crate::markdown::escape_attr as escape;

#[cfg(test)]
mod tests {
    use super::*;

    fn step(when: &str, who: &str) -> Step {
        Step {
            when: when.into(),
            minutes: crate::check::steps::parse_offset(when),
            who: who.into(),
            action: format!("{who}在{when}做事"),
            script: None,
            when_range: 0..0,
            who_range: 0..0,
            script_range: None,
        }
    }

    #[test]
    fn one_mark_per_step_one_lane_per_role_and_a_day_axis() {
        let steps = [
            step("D-7 10:00", "助教"),
            step("D-1", "班主任"),
            step("D0 20:00", "班主任"),
            step("D0 20:00", "班主任"),
            step("D+3", "助教"),
        ];
        let t = draw(&steps, "开班").unwrap();
        assert_eq!(t.svg.matches("<circle").count(), 5);
        assert_eq!(t.svg.matches("class=\"role role-").count(), 2);
        for label in ["D-7", "D0", "D+3"] {
            assert!(
                t.svg.contains(&format!(">{label}</text>")),
                "{label}: {}",
                t.svg
            );
        }
        assert!(t.svg.contains("class=\"tick zero\""));
        assert_eq!(t.steps[1].colour, t.steps[2].colour);
        assert_ne!(t.steps[0].colour, t.steps[1].colour);
        // Two steps at the same time and role do not hide each other.
        let xs: Vec<&str> = t
            .svg
            .split("<circle cx=\"")
            .skip(2)
            .take(2)
            .map(|s| &s[..6])
            .collect();
        assert_ne!(xs[0], xs[1]);
    }

    #[test]
    fn a_single_day_counts_minutes() {
        let t = draw(
            &[
                step("T+0", "小助手"),
                step("T+10min", "小助手"),
                step("T+1h", "群主"),
            ],
            "接待",
        )
        .unwrap();
        assert!(t.svg.contains(">T+0</text>"), "{}", t.svg);
        assert!(t.svg.contains(">T+1h</text>"), "{}", t.svg);
        assert!(draw(&[], "空").is_none());
    }

    #[test]
    fn steps_at_clock_times_on_one_day_are_labelled_with_the_clock() {
        let t = draw(
            &[
                step("18:00", "场控"),
                step("18:30", "主持人"),
                step("19:00", "主持人"),
                step("20:30", "小助手"),
            ],
            "直播",
        )
        .unwrap();
        for label in ["18:00", "18:30", "19:00", "20:30"] {
            assert!(
                t.svg.contains(&format!(">{label}</text>")),
                "{label}: {}",
                t.svg
            );
        }
        assert!(!t.svg.contains("min</text>"), "{}", t.svg);
        assert!(!t.svg.contains("D+18h"), "{}", t.svg);
        assert!(!t.svg.contains("tick zero"));
        let t = draw(
            &[step("D-1 20:00", "班主任"), step("D-1 21:00", "班主任")],
            "前夜",
        )
        .unwrap();
        assert!(t.svg.contains(">D-1 20:00</text>"), "{}", t.svg);
        assert!(t.svg.contains(">21:00</text>"), "{}", t.svg);
    }

    #[test]
    fn text_is_escaped() {
        let t = draw(&[step("D0", "<b>&")], "\"x\"").unwrap();
        assert!(t.svg.contains("&lt;b&gt;&amp;"));
        assert!(!t.svg.contains("<b>"));
    }
}
