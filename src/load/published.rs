//! The DfE's published local-authority tables, read as published (`safeguard benchmarks
//! import`): the open-data CSVs of the Children in need and Children looked after releases on
//! Explore Education Statistics. Each of our benchmarked indicators whose definition the DfE's
//! matches is found by the columns and filter values its file holds; England's row is the
//! `National` one, the region's the `Regional` row of that name, and statistical neighbours the
//! mean of the authorities named.
//!
//! Column names change between releases (`Re_referrals_percent` became `rereferral_percent` in
//! 2025), so each indicator lists every layout it is known in.

use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use crate::period::FinancialYear;
use std::collections::BTreeMap;
use std::path::Path;

/// One way a published file gives an indicator: filter values its rows must have (any of the
/// names a column has had), and the column holding the value.
pub struct Layout {
    pub filters: &'static [(&'static [&'static str], &'static [&'static str])],
    /// Columns the file must also have, to tell it from a file with the same value column.
    pub requires: &'static [&'static str],
    pub value: &'static [&'static str],
}

pub struct Mapping {
    pub indicator: &'static str,
    pub release: &'static str,
    pub layouts: &'static [Layout],
}

const fn plain(value: &'static [&'static str]) -> Layout {
    Layout { filters: &[], requires: &[], value }
}

const PERCENT: &[&str] = &["percentage", "children_percent", "care_leaver_percent"];
const AGE: &[&str] = &["age", "care_leaver_age"];
const AGE_19_21: &[&str] = &["Aged 19 to 21", "19 to 21 years"];

/// Our indicators as the DfE publishes them, where its definition is ours.
pub const MAPPINGS: &[Mapping] = &[
    Mapping { indicator: "referrals.rate", release: "Children in need", layouts: &[plain(&["Referrals_rate"])] },
    Mapping {
        indicator: "referrals.rereferral_12m.pct",
        release: "Children in need",
        layouts: &[plain(&["Re_referrals_percent", "rereferral_percent"])],
    },
    Mapping {
        indicator: "cin.at_31_march.rate",
        release: "Children in need",
        layouts: &[plain(&["At31_episodes_rate"])],
    },
    Mapping { indicator: "s47.rate", release: "Children in need", layouts: &[plain(&["Section47_rate"])] },
    Mapping { indicator: "icpc.rate", release: "Children in need", layouts: &[plain(&["ICPC_rate"])] },
    Mapping {
        indicator: "cp.second_or_subsequent.pct",
        release: "Children in need",
        layouts: &[plain(&["CPP_subsequent_percent"])],
    },
    // Plans ended (table D7), not plans open at 31 March (D5, with the same value columns).
    Mapping {
        indicator: "cp.ended.over_2_years.pct",
        release: "Children in need",
        layouts: &[Layout {
            filters: &[],
            requires: &["CPP_End"],
            value: &["2_years_or_more_percent", "2_years+_percent"],
        }],
    },
    Mapping {
        indicator: "lac.at_31_march.rate",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[(
                &["population_count", "population_type"],
                &["Children looked after at 31 March each year", "Children looked after on 31 March each year"],
            )],
            requires: &[],
            value: &["rate_per_10000"],
        }],
    },
    Mapping {
        indicator: "lac.placements_3plus.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[
                (&["cla_group"], &["CLA on 31 March"]),
                (&["placement_stability"], &["With 3 or more placements during the year"]),
            ],
            requires: &[],
            value: PERCENT,
        }],
    },
    Mapping {
        indicator: "lac.long_term_stability.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[
                (
                    &["cla_group"],
                    &["Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"],
                ),
                (&["placement_stability"], &["Living with the same carer for at least 2 years"]),
            ],
            requires: &[],
            value: PERCENT,
        }],
    },
    Mapping {
        indicator: "care_leavers.19_21.in_touch.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[(AGE, AGE_19_21), (&["in_touch"], &["Local authority in touch with care leaver"])],
            requires: &[],
            value: PERCENT,
        }],
    },
    Mapping {
        indicator: "care_leavers.19_21.eet.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[(AGE, AGE_19_21), (&["activity", "breakdown"], &["Total in education, employment or training"])],
            requires: &[],
            value: PERCENT,
        }],
    },
    Mapping {
        indicator: "care_leavers.17_18.eet.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[
                (AGE, &["Aged 17 to 18", "17 to 18 years"]),
                (&["activity", "breakdown"], &["Total in education, employment or training"]),
            ],
            requires: &[],
            value: PERCENT,
        }],
    },
    Mapping {
        indicator: "care_leavers.19_21.suitable_accommodation.pct",
        release: "Children looked after",
        layouts: &[Layout {
            filters: &[
                (AGE, AGE_19_21),
                (&["accommodation_suitability", "breakdown"], &["Accommodation considered suitable"]),
            ],
            requires: &[],
            value: PERCENT,
        }],
    },
];

/// Indicators the report benchmarks that the DfE's local-authority files do not give by our
/// definition, and why: `benchmarks.csv` can still hold them, typed from the publication.
pub const NOT_MAPPED: &[(&str, &str)] = &[
    ("icpc.within_15wd.pct", "published as counts by duration band, not as a percentage"),
    ("cfa.within_45wd.pct", "published as counts by duration band, not as a percentage"),
    ("cfa.factor.*", "published as counts of child, parent and other factors, whose sum is not our share"),
    ("cp.reviews.all_in_time.pct", "table D6's columns are not known to this version"),
    ("cp.at_31_march.rate", "the 2025 release gives counts only"),
    ("cp.started.rate", "the 2025 release gives counts only"),
    ("lac.over_20_miles.pct", "its table's layout is not known to this version"),
    ("adoption.a1.days_3yr", "in the adoption scorecards, not the local-authority tables"),
    ("adoption.a2.days_3yr", "in the adoption scorecards, not the local-authority tables"),
];

/// One published value: whose, when and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub indicator: &'static str,
    pub period: FinancialYear,
    pub level: Level,
    pub value: f64,
    /// The file it was read from.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    National,
    Regional(String),
    /// By old (3-digit) code.
    Authority(String),
}

/// What one file gave: the values, and which indicators they are.
pub struct FileRead {
    pub values: Vec<Published>,
    pub indicators: Vec<&'static str>,
    /// Cells holding a symbol (`c`, `x`, `z`, `k`, `u`, `low`, `:`): not a value to compare with.
    pub symbols: usize,
}

const SYMBOLS: &[&str] = &["c", "x", "z", "k", "u", "low", ":", ".."];

/// Reads one published file; `None` (with the problem in `diag`) when it is not one.
pub fn read(path: &Path, diag: &mut Diagnostics) -> Option<FileRead> {
    let file = path.display().to_string();
    let mut reader = match csv::ReaderBuilder::new().flexible(false).from_path(path) {
        Ok(r) => r,
        Err(e) => {
            diag.add(Problem::Unreadable, &file, None, None, format!("cannot be read: {e}"));
            return None;
        }
    };
    let head: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim_start_matches('\u{feff}').trim().to_string()).collect(),
        Err(e) => {
            diag.add(Problem::NotText, &file, Some(1), None, crate::load::files::csv_reason(&e));
            return None;
        }
    };
    let at = |name: &str| head.iter().position(|h| h == name);
    let (Some(time), Some(level)) = (at("time_period"), at("geographic_level")) else {
        let why = "is not one of the DfE's open-data files: it has no time_period and geographic_level columns";
        diag.add(Problem::MissingColumn, &file, Some(1), None, why);
        return None;
    };
    // Which mappings this file holds, each with its layout's column positions.
    let mut found: Vec<(&'static str, Vec<(usize, &'static [&'static str])>, usize)> = Vec::new();
    for m in MAPPINGS {
        for layout in m.layouts {
            let Some(value) = layout.value.iter().find_map(|v| at(v)) else { continue };
            if layout.requires.iter().any(|r| at(r).is_none()) {
                continue;
            }
            let filters: Option<Vec<(usize, &'static [&'static str])>> = layout
                .filters
                .iter()
                .map(|(cols, values)| cols.iter().find_map(|c| at(c)).map(|i| (i, *values)))
                .collect();
            if let Some(filters) = filters {
                found.push((m.indicator, filters, value));
                break;
            }
        }
    }
    if found.is_empty() {
        let why = "holds none of the indicators this version can import (see `safeguard benchmarks import --help`)";
        diag.add(Problem::MissingColumn, &file, Some(1), None, why);
        return None;
    }
    let (region, old_la) = (at("region_name"), at("old_la_code"));
    let mut out = FileRead { values: Vec::new(), indicators: found.iter().map(|f| f.0).collect(), symbols: 0 };
    for (k, rec) in reader.records().enumerate() {
        let line = k as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diag.add(Problem::RaggedRow, &file, Some(line), None, crate::load::files::csv_reason(&e));
                continue;
            }
        };
        let cell = |i: usize| rec.get(i).unwrap_or("").trim();
        let place = match cell(level) {
            "National" => Level::National,
            "Regional" => Level::Regional(region.map(cell).unwrap_or("").to_string()),
            "Local authority" => Level::Authority(old_la.map(cell).unwrap_or("").to_string()),
            _ => continue,
        };
        let Some(period) = period(cell(time)) else {
            let col = ColumnRef::column(time, "time_period");
            diag.add(Problem::BadPeriod, &file, Some(line), Some(&col), format!("`{}` is not a year", cell(time)));
            continue;
        };
        for (indicator, filters, value) in &found {
            let wanted = filters.iter().all(|(i, values)| values.iter().any(|v| v.eq_ignore_ascii_case(cell(*i))));
            if !wanted {
                continue;
            }
            let text = cell(*value);
            if SYMBOLS.contains(&text) {
                out.symbols += 1;
                continue;
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    out.values.push(Published { indicator, period, level: place.clone(), value: v, file: file.clone() })
                }
                _ => {
                    let col = ColumnRef::column(*value, head[*value].clone());
                    diag.add(
                        Problem::BadNumber,
                        &file,
                        Some(line),
                        Some(&col),
                        format!(
                            "`{}` is neither a number nor a symbol of the standard",
                            crate::load::personal::shorten(text)
                        ),
                    );
                }
            }
        }
    }
    Some(out)
}

/// `2017` (the year ending 31 March 2017, as the DfE's releases mean it) or `201617`: 2016-17.
fn period(text: &str) -> Option<FinancialYear> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        4 => text.parse::<i32>().ok().map(|y| FinancialYear::new(y - 1)),
        6 => {
            let start: i32 = text[..4].parse().ok()?;
            let end: i32 = text[4..].parse().ok()?;
            ((start + 1) % 100 == end).then(|| FinancialYear::new(start))
        }
        _ => None,
    }
}

/// The comparators' values from everything read: England, the region, and the mean of the
/// neighbours named (only for a year every one of them has a value).
pub fn comparators(
    values: &[Published],
    region: Option<&str>,
    neighbours: &[String],
) -> BTreeMap<(&'static str, FinancialYear, String), (f64, String)> {
    let mut out = BTreeMap::new();
    let mut sums: BTreeMap<(&'static str, FinancialYear), Vec<(f64, String)>> = BTreeMap::new();
    for v in values {
        let name = match &v.level {
            Level::National => Some("England".to_string()),
            Level::Regional(r) if region.is_some_and(|x| x.eq_ignore_ascii_case(r)) => Some(r.clone()),
            Level::Authority(code) if neighbours.contains(code) => {
                sums.entry((v.indicator, v.period)).or_default().push((v.value, v.file.clone()));
                None
            }
            _ => None,
        };
        if let Some(name) = name {
            out.insert((v.indicator, v.period, name), (v.value, v.file.clone()));
        }
    }
    for ((indicator, period), found) in sums {
        if found.len() == neighbours.len() && !found.is_empty() {
            let mean = found.iter().map(|(v, _)| v).sum::<f64>() / found.len() as f64;
            out.insert((indicator, period, "Statistical neighbours".to_string()), (mean, found[0].1.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dfes_years_end_on_31_march() {
        // The Children in need release's 2017 is the year to 31 March 2017: 2016-17.
        assert_eq!(period("2017"), Some(FinancialYear::new(2016)));
        assert_eq!(period("201617"), Some(FinancialYear::new(2016)));
        assert_eq!(period("201618"), None);
        assert_eq!(period("2017-18"), None);
    }

    #[test]
    fn neighbours_are_the_mean_of_every_one_named() {
        let v = |level: Level, value: f64| Published {
            indicator: "referrals.rate",
            period: FinancialYear::new(2016),
            level,
            value,
            file: "c1.csv".into(),
        };
        let values = vec![
            v(Level::National, 548.2),
            v(Level::Regional("West Midlands".into()), 601.0),
            v(Level::Regional("North East".into()), 700.0),
            v(Level::Authority("201".into()), 500.0),
            v(Level::Authority("202".into()), 610.0),
            v(Level::Authority("203".into()), 900.0),
        ];
        let year = FinancialYear::new(2016);
        let got = comparators(&values, Some("west midlands"), &["201".into(), "202".into()]);
        let at = |name: &str| got.get(&("referrals.rate", year, name.to_string())).map(|g| g.0);
        assert_eq!(at("England"), Some(548.2));
        assert_eq!(at("West Midlands"), Some(601.0));
        assert_eq!(at("North East"), None, "only the area's region");
        // (500 + 610) / 2 = 555: authority 203 is not a neighbour.
        assert_eq!(at("Statistical neighbours"), Some(555.0));
        // A neighbour without a value that year: no mean from the others.
        let got = comparators(&values, None, &["201".into(), "204".into()]);
        assert!(!got.contains_key(&("referrals.rate", year, "Statistical neighbours".to_string())));
    }
}
