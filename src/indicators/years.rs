//! Financial years as polars expressions, for the engine (`compute.rs`) and the check for
//! columns left empty (`gaps.rs`) alike.

use crate::period::FinancialYear;
use polars::prelude::*;

/// The financial year of a date column, as the year it starts in.
pub fn fy(date: &str) -> Expr {
    col(date).dt().year() - col(date).dt().month().lt(lit(4)).cast(DataType::Int32)
}

/// The date column falls in the years `first` to `last`.
pub fn in_span(date: &str, first: FinancialYear, last: FinancialYear) -> Expr {
    col(date).gt_eq(lit(first.first_day())).and(col(date).lt_eq(lit(last.last_day())))
}
