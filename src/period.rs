//! Periods: financial years (`2017-18`: 1 April 2017 to 31 March 2018), the unit every figure
//! is reported in, and months (`2017-04`) for figures counted month by month.

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

/// A calendar month (`2017-04`): the period of figures counted month by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    /// `None` unless `month` is 1 to 12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    pub fn containing(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for January to 12 for December.
    pub fn number(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month's first day exists")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("the day before a month exists")
    }

    pub fn next(self) -> Self {
        if self.month == 12 { Self { year: self.year + 1, month: 1 } } else { Self { month: self.month + 1, ..self } }
    }

    /// The month's name in a chrono format: `%B %Y` gives "April 2017", `%b` "Apr".
    pub fn label(self, format: &str) -> String {
        self.first_day().format(format).to_string()
    }

    /// The twelve months of a financial year, April first.
    pub fn of_year(year: FinancialYear) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(Month::containing(year.first_day())), |m| Some(m.next())).take(12)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// The period a figure is for: a financial year, or a month for figures counted monthly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(FinancialYear),
    Month(Month),
}

impl Period {
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Year(y) => y.first_day(),
            Period::Month(m) => m.first_day(),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Year(y) => y.last_day(),
            Period::Month(m) => m.last_day(),
        }
    }

    pub fn year(self) -> Option<FinancialYear> {
        match self {
            Period::Year(y) => Some(y),
            Period::Month(_) => None,
        }
    }
}

impl From<FinancialYear> for Period {
    fn from(y: FinancialYear) -> Self {
        Period::Year(y)
    }
}

impl From<Month> for Period {
    fn from(m: Month) -> Self {
        Period::Month(m)
    }
}

/// In time order of their first day; a year comes before the month it starts with.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let kind = |p: &Period| matches!(p, Period::Month(_));
        (self.first_day(), kind(self)).cmp(&(other.first_day(), kind(other)))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => y.fmt(f),
            Period::Month(m) => m.fmt(f),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is neither a financial year (2017-18) nor a month (2017-04)")]
pub struct BadPeriod(pub String);

/// `2017-18` is a financial year, `2017-04` a month. (`2011-12` reads as the financial year.)
impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(y) = s.parse::<FinancialYear>() {
            return Ok(Period::Year(y));
        }
        let bad = || BadPeriod(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let month = Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)?;
        Ok(Period::Month(month))
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

    #[test]
    fn months_print_parse_and_follow_each_other() {
        let p: Period = "2017-04".parse().unwrap();
        assert_eq!(p, Period::Month(Month::new(2017, 4).unwrap()));
        assert_eq!(p.to_string(), "2017-04");
        assert_eq!("2017-18".parse::<Period>().unwrap(), Period::Year(FinancialYear::new(2017)));
        assert!("2017-13".parse::<Period>().is_err());
        assert!("2017".parse::<Period>().is_err());
        let months: Vec<String> = Month::of_year(FinancialYear::new(2017)).map(|m| m.to_string()).collect();
        assert_eq!(months.first().map(String::as_str), Some("2017-04"));
        assert_eq!(months.last().map(String::as_str), Some("2018-03"));
        assert_eq!(months.len(), 12);
        // February 2016 had 29 days.
        assert_eq!(Month::new(2016, 2).unwrap().last_day(), d(2016, 2, 29));
    }

    #[test]
    fn periods_sort_in_time_a_year_before_its_first_month() {
        let mut v: Vec<Period> =
            ["2017-05", "2017-18", "2016-17", "2017-04", "2018-01"].iter().map(|s| s.parse().unwrap()).collect();
        v.sort();
        let shown: Vec<String> = v.iter().map(Period::to_string).collect();
        assert_eq!(shown, ["2016-17", "2017-18", "2017-04", "2017-05", "2018-01"]);
    }
}
