//! Working days in England and Wales: weekdays that are not bank holidays. The calendar ships
//! as data (`data/bank_holidays.csv`) compiled into the binary.

use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::OnceLock;

const HOLIDAYS: &str = include_str!("../data/bank_holidays.csv");
const FIRST: NaiveDate = NaiveDate::from_ymd_opt(1999, 1, 1).expect("valid date");
const LAST: NaiveDate = NaiveDate::from_ymd_opt(2035, 12, 31).expect("valid date");

/// For each day from FIRST to LAST, the number of working days up to and including it.
fn table() -> &'static Vec<i32> {
    static TABLE: OnceLock<Vec<i32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let holidays: std::collections::HashSet<NaiveDate> = HOLIDAYS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("Date"))
            .filter_map(|l| NaiveDate::parse_from_str(l.split(',').next()?, "%Y-%m-%d").ok())
            .collect();
        let mut out = Vec::new();
        let mut running = 0;
        for d in FIRST.iter_days().take_while(|d| *d <= LAST) {
            if is_weekday(d) && !holidays.contains(&d) {
                running += 1;
            }
            out.push(running);
        }
        out
    })
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Working days from `start` (day 0) to `end`: 0 for the same day, 1 for the next working day.
/// Outside the calendar's years only weekends are skipped.
pub fn working_days_between(start: NaiveDate, end: NaiveDate) -> i64 {
    ordinal(end) - ordinal(start)
}

fn ordinal(d: NaiveDate) -> i64 {
    if (FIRST..=LAST).contains(&d) {
        return i64::from(table()[(d - FIRST).num_days() as usize]);
    }
    // Beyond the table: count weekdays from its edge.
    let (from, to, sign, base) =
        if d > LAST { (LAST, d, 1, i64::from(*table().last().expect("table"))) } else { (d, FIRST, -1, 0) };
    base + sign * weekdays_after(from, to)
}

/// Weekdays after `from` up to and including `to`, by whole weeks and the days left over, so a
/// placeholder date such as 1900-01-01 costs no more than any other (it was walked day by day:
/// 317,000 such assessments took 37 s).
fn weekdays_after(from: NaiveDate, to: NaiveDate) -> i64 {
    let days = (to - from).num_days();
    let rest = (1..=days % 7).filter(|&i| is_weekday(from + chrono::Duration::days(i))).count() as i64;
    days / 7 * 5 + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_by_whole_weeks_match_counting_day_by_day() {
        // The definition, counted one day at a time, against the closed form, over every
        // start day of a fortnight and spans from 0 days to beyond a century.
        let walk = |from: NaiveDate, to: NaiveDate| {
            from.iter_days().skip(1).take_while(|x| *x <= to).filter(|x| is_weekday(*x)).count() as i64
        };
        for start in 0..14 {
            let from = d(1900, 1, 1) + chrono::Duration::days(start);
            for span in (0..40).chain([364, 365, 366, 1000, 36_524, 36_525]) {
                let to = from + chrono::Duration::days(span);
                assert_eq!(weekdays_after(from, to), walk(from, to), "{from} to {to}");
            }
        }
        // 1 January 1900 was a Monday: the 4th (Thursday) is 3 weekdays after it.
        assert_eq!(weekdays_after(d(1900, 1, 1), d(1900, 1, 4)), 3);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_and_bank_holidays_do_not_count() {
        // Friday 13 April 2017 → Tuesday 18 April: Good Friday (14th) and Easter Monday (17th)
        // are holidays, the 15th and 16th a weekend, so only the 18th counts.
        assert_eq!(working_days_between(d(2017, 4, 13), d(2017, 4, 18)), 1);
        assert_eq!(working_days_between(d(2017, 4, 13), d(2017, 4, 13)), 0);
        // Christmas 2016 fell on a Sunday: Monday 26th and the substitute Tuesday 27th are off.
        assert_eq!(working_days_between(d(2016, 12, 23), d(2016, 12, 28)), 1);
        // The 2022 state funeral (Monday 19 September) was a one-off holiday.
        assert_eq!(working_days_between(d(2022, 9, 16), d(2022, 9, 20)), 1);
    }

    #[test]
    fn forty_five_working_days_across_easter() {
        // From Monday 3 April 2017 (day 0), week by week: 4 (Tue–Fri), 4 (Good Friday off),
        // 4 (Easter Monday off), 5, 4 (1 May off), 5, 5, 5, 4 (29 May off), then Monday 5 June:
        // 41. The 45th working day is Friday 9 June, the 44th Thursday 8 June.
        assert_eq!(working_days_between(d(2017, 4, 3), d(2017, 6, 5)), 41);
        assert_eq!(working_days_between(d(2017, 4, 3), d(2017, 6, 9)), 45);
        assert_eq!(working_days_between(d(2017, 4, 3), d(2017, 6, 8)), 44);
    }

    #[test]
    fn the_calendar_covers_2010_to_2030_with_eight_or_more_holidays_a_year() {
        let count = |y: i32| HOLIDAYS.lines().filter(|l| l.starts_with(&format!("{y}-"))).count();
        for y in 2010..=2030 {
            assert!((8..=10).contains(&count(y)), "{y}: {}", count(y));
        }
    }
}
