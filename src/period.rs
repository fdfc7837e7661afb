//! Financial years (`2017-18`: 1 April 2017 to 31 March 2018), the unit every figure is reported in.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// A financial year, identified by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear {
    pub start_year: i32,
}

impl FinancialYear {
    pub fn new(start_year: i32) -> Self {
        Self { start_year }
    }

    /// The financial year a date falls in: April–December belong to the year starting then.
    pub fn containing(date: NaiveDate) -> Self {
        let y = date.year();
        Self::new(if date.month() >= 4 { y } else { y - 1 })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year, 4, 1).expect("1 April is always a valid date")
    }

    /// 31 March of the second calendar year: the "at 31 March" snapshot date.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year + 1, 3, 31).expect("31 March is always a valid date")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && date <= self.last_day()
    }

    pub fn previous(self) -> Self {
        Self::new(self.start_year - 1)
    }

    pub fn next(self) -> Self {
        Self::new(self.start_year + 1)
    }

    /// Number of days in the year: 366 when the February inside it has 29 days.
    pub fn days(self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start_year, (self.start_year + 1).rem_euclid(100))
    }
}

impl serde::Serialize for FinancialYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a financial year: write it as 2017-18 (the year it starts, a dash, the next year's last two digits)"
)]
pub struct BadFinancialYear(pub String);

impl FromStr for FinancialYear {
    type Err = BadFinancialYear;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadFinancialYear(s.to_string());
        let t = s.trim();
        let (a, b) = t.split_once(['-', '/']).ok_or_else(bad)?;
        if a.len() != 4 || !(b.len() == 2 || b.len() == 4) {
            return Err(bad());
        }
        let start: i32 = a.parse().map_err(|_| bad())?;
        let end: i32 = b.parse().map_err(|_| bad())?;
        let expected = if b.len() == 2 { (start + 1) % 100 } else { start + 1 };
        if end != expected || !(1900..=2200).contains(&start) {
            return Err(bad());
        }
        Ok(Self::new(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn thirty_first_of_march_belongs_to_the_year_ending_then() {
        assert_eq!(FinancialYear::containing(d(2018, 3, 31)), FinancialYear::new(2017));
        assert_eq!(FinancialYear::containing(d(2018, 4, 1)), FinancialYear::new(2018));
    }

    #[test]
    fn leap_years_have_366_days() {
        // 2015-16 contains 29 February 2016; 2016-17 does not.
        assert_eq!(FinancialYear::new(2015).days(), 366);
        assert_eq!(FinancialYear::new(2016).days(), 365);
    }

    #[test]
    fn parses_and_prints_the_usual_spellings() {
        assert_eq!("2017-18".parse::<FinancialYear>().unwrap(), FinancialYear::new(2017));
        assert_eq!("2017/2018".parse::<FinancialYear>().unwrap(), FinancialYear::new(2017));
        assert_eq!(FinancialYear::new(1999).to_string(), "1999-00");
        assert_eq!("1999-00".parse::<FinancialYear>().unwrap(), FinancialYear::new(1999));
        assert!("2017-19".parse::<FinancialYear>().is_err());
        assert!("17-18".parse::<FinancialYear>().is_err());
        assert!("2017".parse::<FinancialYear>().is_err());
    }
}
