//! Calendar dates without a date library: `YYYY-MM-DD` strings, durations
//! such as `90d` or `6m`, and today's date (from `SOURCE_DATE_EPOCH` when set,
//! so builds and tests are reproducible).

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Reads `YYYY-MM-DD` with a real month and day.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y) && digits(m) && digits(d)) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        ((1..=12).contains(&date.month)
            && date.day >= 1
            && date.day <= days_in_month(date.year, date.month))
        .then_some(date)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn days(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
        }
    }

    /// This date plus a duration written as text (see [`Duration::read`]).
    pub fn plus(self, duration: &str) -> Option<Date> {
        Duration::read(duration).map(|d| self.after(d))
    }

    /// This date plus `duration`; months are calendar months (the day is
    /// clamped to the month's length).
    pub fn after(self, duration: Duration) -> Date {
        let n = duration.count;
        let months = match duration.unit {
            Unit::Days => return Date::from_days(self.days() + n),
            Unit::Weeks => return Date::from_days(self.days() + 7 * n),
            Unit::Months => n,
            Unit::Years => 12 * n,
        };
        let total = self.year * 12 + i64::from(self.month) - 1 + months;
        let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

/// A review interval: a count of days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// At most [`MAX_COUNT`].
    pub count: i64,
    pub unit: Unit,
}

/// What a [`Duration`] counts, written as its last letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    fn letter(self) -> char {
        match self {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        }
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.count, self.unit.letter())
    }
}

impl Duration {
    /// Reads a duration as front matter writes it: ASCII digits, then the
    /// unit (`90d`, `8w`, `6m`, `1y`), with space around allowed.
    pub fn parse(s: &str) -> Option<Duration> {
        let s = s.trim();
        // The unit is the last character, which need not be one byte (`90天`).
        let count = s.char_indices().last().map_or("", |(i, _)| &s[..i]);
        let digits = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| Duration::read(s)).flatten()
    }

    /// Reads a count Rust's integer parser takes (so `+5d` too), then the
    /// unit, as [`Date::plus`] always has.
    pub fn read(s: &str) -> Option<Duration> {
        let d = s.trim();
        let unit = d.chars().last()?;
        let count: i64 = d[..d.len() - unit.len_utf8()].parse().ok()?;
        // Ten thousand years of anything is more than a review interval needs,
        // and keeps the arithmetic far from overflowing.
        if !(0..=MAX_COUNT).contains(&count) {
            return None;
        }
        let unit = match unit {
            'd' => Unit::Days,
            'w' => Unit::Weeks,
            'm' => Unit::Months,
            'y' => Unit::Years,
            _ => return None,
        };
        Some(Duration { count, unit })
    }
}

/// The largest count a duration may have.
pub const MAX_COUNT: i64 = 3_660_000;

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today, in UTC; `SOURCE_DATE_EPOCH` (seconds) overrides the clock.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::from_days(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_durations() {
        let d = Date::parse("2026-11-25").unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(d.plus("90d").unwrap().to_string(), "2027-02-23");
        assert_eq!(
            Date::parse("2026-08-31")
                .unwrap()
                .plus("6m")
                .unwrap()
                .to_string(),
            "2027-02-28"
        );
        assert_eq!(d.plus("1y").unwrap().to_string(), "2027-11-25");
        assert_eq!(d.plus("2w").unwrap().to_string(), "2026-12-09");
        assert!(Date::parse("2023-02-29").is_none() && Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn a_duration_is_read_once_and_shown_as_its_count_and_unit() {
        let every = Duration::parse(" 6m ").unwrap();
        assert_eq!((every.count, every.unit), (6, Unit::Months));
        assert_eq!(every.to_string(), "6m");
        let d = Date::parse("2026-08-31").unwrap();
        assert_eq!(d.after(every), d.plus("6m").unwrap());
        // Front matter takes digits only; `Date::plus` keeps what it took.
        assert_eq!(Duration::parse("+5d"), None);
        assert_eq!(Duration::read("+5d").map(|d| d.count), Some(5));
        for bad in ["90天", "d", "", "5x", "3660001d"] {
            assert_eq!(Duration::parse(bad), None, "{bad}");
        }
        assert!(Duration::parse("3660000y").is_some());
    }
}
