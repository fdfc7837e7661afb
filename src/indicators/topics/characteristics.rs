//! Who the children are: children in need, on a plan and looked after at 31 March by sex,
//! ethnic group, age and disability ("Characteristics of children in need" and "Children
//! looked after in England" tables), and the area's child population by the same groups
//! where `population.csv` gives it, so that a group's share of each service can be read
//! beside its share of the area's children.

use super::looked_after::latest_episodes;
use super::topic::Topic;
use crate::indicators::catalogue::slug;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, Sums, any_of, open_at};
use crate::indicators::grouped::count_latest;
use crate::period::{FinancialYear, Period};
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "who the children are", declare, count, dynamic: &[] };

/// The DfE's major ethnic groups, by the DfE's codes (Chinese is in "any other ethnic group",
/// as the DfE's tables of these years group it). No code is "not known", with REFU and NOBT.
pub const ETHNIC_GROUPS: &[(&str, &str, &[&str])] = &[
    ("white", "White", &["WBRI", "WIRI", "WIRT", "WOTH", "WROM"]),
    ("mixed", "Mixed or multiple ethnic groups", &["MWBC", "MWBA", "MWAS", "MOTH"]),
    ("asian", "Asian or Asian British", &["AIND", "APKN", "ABAN", "AOTH"]),
    ("black", "Black, African, Caribbean or Black British", &["BCRB", "BAFR", "BOTH"]),
    ("other", "any other ethnic group", &["CHNE", "OOTH"]),
    ("not_known", "refused or not yet obtained", &["REFU", "NOBT"]),
];

pub const SEXES: &[(&str, &str)] = &[("m", "male"), ("f", "female"), ("u", "sex unknown or not recorded")];

/// Age at 31 March, as the DfE's tables band it (children in need include the unborn).
pub const AGE_BANDS: &[(&str, &str)] = &[
    ("unborn", "unborn"),
    ("under_1", "under 1"),
    ("1_4", "aged 1 to 4"),
    ("5_9", "aged 5 to 9"),
    ("10_15", "aged 10 to 15"),
    ("16_plus", "aged 16 or over"),
    ("not_recorded", "with no date of birth recorded"),
];

/// The services described, with the file their characteristics come from.
const SERVICES: &[(&str, &str)] =
    &[("cin", "children in need"), ("cp", "children on a plan"), ("lac", "children looked after")];

/// Optional columns of population.csv: the estimate by group, and the id each becomes.
pub const POPULATION_GROUPS: &[(&str, &str, &str)] = &[
    ("Male", "sex.m", "boys"),
    ("Female", "sex.f", "girls"),
    ("White", "ethnicity.white", "of White ethnicity"),
    ("Mixed", "ethnicity.mixed", "of mixed or multiple ethnicity"),
    ("Asian", "ethnicity.asian", "of Asian or Asian British ethnicity"),
    ("Black", "ethnicity.black", "of Black, African, Caribbean or Black British ethnicity"),
    ("OtherEthnicity", "ethnicity.other", "of any other ethnicity"),
    ("Under1", "age.under_1", "under 1"),
    ("Age1to4", "age.1_4", "aged 1 to 4"),
    ("Age5to9", "age.5_9", "aged 5 to 9"),
    ("Age10to15", "age.10_15", "aged 10 to 15"),
    ("Age16to17", "age.16_plus", "aged 16 or 17"),
];

fn declare(b: &mut Builder) {
    for (service, who) in SERVICES {
        let total = format!("{service}.at_31_march");
        let cell = |b: &mut Builder, what: &str, definition: String| {
            let id = format!("{total}.{what}");
            b.cell_and_share(
                id,
                &total,
                format!("{who} at 31 March {definition}"),
                format!("share of {who} at 31 March {definition}"),
            );
        };
        for (sex, what) in SEXES {
            cell(b, &format!("sex.{sex}"), format!("recorded as {what}"));
        }
        for (group, what, codes) in ETHNIC_GROUPS {
            let codes = if *group == "not_known" { "no code, REFU or NOBT".to_string() } else { codes.join(", ") };
            cell(b, &format!("ethnicity.{group}"), format!("of ethnic group {what} ({codes})"));
        }
        // The looked-after ages are lac.age.<band>, declared with the rest of care.
        if *service != "lac" {
            for (band, what) in AGE_BANDS {
                cell(b, &format!("age.{band}"), what.to_string());
            }
            let id = format!("{total}.disabled");
            b.count(&id, &format!("{who} at 31 March with a disability recorded (a code other than NONE)"));
            b.subset(&id, &total);
            b.share(
                format!("{id}.pct"),
                id.clone(),
                &total,
                Polarity::Neutral,
                format!("share of {who} at 31 March with a disability recorded"),
            );
        }
    }
    // The estimate as a base count, for the groups' shares of it.
    b.working("population.0_17.estimate", "children aged 0 to 17: the estimate population.csv gives for the period");
    b.events();
    for (_, id, who) in POPULATION_GROUPS {
        let id = format!("population.0_17.{id}");
        b.count(
            &id,
            &format!(
                "children aged 0 to 17 {who}: the population estimate used for the period, as population.csv gives it"
            ),
        );
        b.events();
        b.share(
            format!("{id}.pct"),
            id.clone(),
            "population.0_17.estimate",
            Polarity::Neutral,
            format!("share of the area's children aged 0 to 17 {who}"),
        );
        b.events();
    }
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    let sexes = ["cin.at_31_march.sex", "cp.at_31_march.sex"];
    c.needs("children", "Sex", &sexes);
    c.needs("children", "Ethnicity", &["cin.at_31_march.ethnicity", "cp.at_31_march.ethnicity"]);
    c.needs("children", "PersonBirthDate", &["cin.at_31_march.age", "cp.at_31_march.age"]);
    c.needs("children", "Disability", &["cin.at_31_march.disabled", "cp.at_31_march.disabled"]);
    c.needs("lac_header", "ETHNIC", &["lac.at_31_march.ethnicity"]);
    // The services' totals are counted elsewhere: their breakdowns by what children.csv
    // records are not available without it, not empty.
    if c.frame("children").is_none() {
        for service in ["cin", "cp"] {
            for id in breakdowns(service) {
                for y in c.years() {
                    c.unavailable(&id, Period::Year(y));
                }
            }
        }
    }
    if let Some(children) = c.frame("children") {
        let about = children.select([
            col("LEA"),
            col("LAchildID"),
            col("Sex"),
            col("Ethnicity"),
            col("PersonBirthDate").alias("born"),
            col("Disability"),
        ]);
        let by = [col("LEA"), col("LAchildID")];
        let join = |lf: LazyFrame| lf.join(about.clone(), by.clone(), by.clone(), JoinArgs::new(JoinType::Left));
        if let Some(refs) = c.frame("referrals") {
            let cin = join(refs.filter(col("ReferralNFA").eq(lit(false))));
            describe(c, cin, ("CINreferralDate", "CINclosureDate"), "LAchildID", "cin")?;
        }
        if let Some(plans) = c.frame("cp_plans") {
            describe(c, join(plans), ("CPPstartDate", "CPPendDate"), "LAchildID", "cp")?;
        }
    }
    if c.frame("lac_header").is_some() {
        // Each child's latest episode at each 31 March, with the header's sex and ethnicity.
        let lac =
            latest_episodes(c)?.map(|l| l.with_columns([col("SEX").alias("Sex"), col("ETHNIC").alias("Ethnicity")]));
        let sex = |_| col("Sex").fill_null(lit("U"));
        count_latest(c, lac.clone(), &|_| None, Some(&sex), "lac.at_31_march.sex")?;
        let group = |_| ethnic_group();
        count_latest(c, lac, &|_| None, Some(&group), "lac.at_31_march.ethnicity")?;
    }
    population_groups(c)
}

/// The ids of one service's breakdowns by what children.csv records.
fn breakdowns(service: &str) -> Vec<String> {
    let sexes = SEXES.iter().map(|(s, _)| format!("sex.{s}"));
    let groups = ETHNIC_GROUPS.iter().map(|(g, _, _)| format!("ethnicity.{g}"));
    let ages = AGE_BANDS.iter().map(|(a, _)| format!("age.{a}"));
    let cells = sexes.chain(groups).chain(ages).chain(["disabled".to_string()]);
    cells.map(|cell| format!("{service}.at_31_march.{cell}")).collect()
}

/// The breakdowns of one service's children at 31 March, folded from one grouped pass: a
/// child's characteristics are the same on each of their records, so each child is in one
/// combination of sex, ethnic group, age band and disability, and the children of each
/// combination sum to each breakdown's cells.
fn describe(c: &mut Computer, lf: LazyFrame, span: (&str, &str), child: &str, service: &str) -> PolarsResult<()> {
    let (start, end) = span;
    let started = std::time::Instant::now();
    let lf = open_at_a_31_march(c, lf, span, child)?;
    crate::timing(&format!("who the children are: {service}: open at a 31 March"), started);
    let disabled =
        col("Disability").is_not_null().and(col("Disability").neq(lit("NONE"))).and(col("Disability").neq(lit("")));
    let mut parts = Vec::new();
    for y in c.years() {
        let d = y.last_day();
        let cells = [
            col("Sex").fill_null(lit("U")).alias("sex"),
            ethnic_group().alias("group"),
            age_band(d).alias("band"),
            disabled.clone().fill_null(lit(false)).alias("disabled"),
        ];
        let part = lf
            .clone()
            .filter(open_at(start, Some(end), d))
            .with_columns(cells)
            .with_column(lit(y.start_year).alias("fy"));
        let by = ["LEA", "fy", "sex", "group", "band", "disabled"].map(col);
        parts.push(part.group_by(by).agg([col(child).n_unique().cast(DataType::Int64).alias("n")]));
    }
    let df = concat(parts, UnionArgs::default())?.collect()?;
    let total = format!("{service}.at_31_march");
    for what in ["sex", "ethnicity", "age", "disabled"] {
        c.produces(&format!("{total}.{what}"));
    }
    let text = |name: &str| df.column(name).and_then(|c| c.str().cloned());
    let (lea, sex, group, band) = (text("LEA")?, text("sex")?, text("group")?, text("band")?);
    let (year, flag, n) = (df.column("fy")?.i32()?, df.column("disabled")?.bool()?, df.column("n")?.i64()?);
    let mut sums = Sums::default();
    for i in 0..df.height() {
        let (Some(l), Some(y), Some(n)) = (lea.get(i), year.get(i), n.get(i)) else { continue };
        let period = Period::Year(FinancialYear::new(y));
        let mut add = |cell: String| *sums.entry((l.to_string(), format!("{total}.{cell}"), period)).or_default() += n;
        // A breakdown counts only the rows where its key is recorded.
        if let Some(s) = sex.get(i).filter(|s| !s.is_empty()) {
            add(format!("sex.{}", slug(s)));
        }
        group.get(i).into_iter().for_each(|g| add(format!("ethnicity.{g}")));
        band.get(i).into_iter().for_each(|b| add(format!("age.{b}")));
        if flag.get(i) == Some(true) {
            add("disabled".to_string());
        }
    }
    c.merge(sums);
    Ok(())
}

/// The records open on a 31 March of the years computed, with only the columns the
/// breakdowns read, joined and kept once: each year's pass then filters this small frame
/// instead of joining the whole file again.
fn open_at_a_31_march(c: &Computer, lf: LazyFrame, (start, end): (&str, &str), child: &str) -> PolarsResult<LazyFrame> {
    let keep = ["LEA", child, start, end, "Sex", "Ethnicity", "born", "Disability"].map(col);
    let (first, last) = match (c.years().next(), c.years().last()) {
        (Some(f), Some(l)) => (f.last_day(), l.last_day()),
        _ => return Ok(lf.select(keep)),
    };
    let open = col(start).lt_eq(lit(last)).and(col(end).is_null().or(col(end).gt(lit(first))));
    Ok(lf.select(keep).filter(open).collect()?.lazy())
}

fn ethnic_group() -> Expr {
    let [(g0, _, c0), (g1, _, c1), rest @ ..] = ETHNIC_GROUPS else { unreachable!("groups are listed") };
    let mut chain = when(any_of("Ethnicity", c0)).then(lit(*g0)).when(any_of("Ethnicity", c1)).then(lit(*g1));
    for (group, _, codes) in rest {
        chain = chain.when(any_of("Ethnicity", codes)).then(lit(*group));
    }
    chain.otherwise(lit("not_known"))
}

/// Age at `d` from the date of birth in `born`; a birth after `d` is an unborn child.
fn age_band(d: NaiveDate) -> Expr {
    let born = || col("born");
    let birthday_later = (born().dt().month().cast(DataType::Int32) * lit(100)
        + born().dt().day().cast(DataType::Int32))
    .gt(lit(d.month() as i32 * 100 + d.day() as i32));
    let age = lit(d.year()) - born().dt().year() - birthday_later.cast(DataType::Int32);
    when(born().is_null())
        .then(lit("not_recorded"))
        .when(born().gt(lit(d)))
        .then(lit("unborn"))
        .when(age.clone().lt(lit(1)))
        .then(lit("under_1"))
        .when(age.clone().lt(lit(5)))
        .then(lit("1_4"))
        .when(age.clone().lt(lit(10)))
        .then(lit("5_9"))
        .when(age.lt(lit(16)))
        .then(lit("10_15"))
        .otherwise(lit("16_plus"))
}

/// The population by group, for each year population.csv gives; a group whose column is
/// missing, or empty for a year, is not available there.
fn population_groups(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.table("population") else { return Ok(()) };
    let (lea, year) = (df.column("LEA")?.str()?.clone(), df.column("Year")?.i64()?.clone());
    let estimate = df.column("Population0to17")?.i64()?.clone();
    c.produces("population.0_17.estimate");
    for i in 0..df.height() {
        if let (Some(l), Some(y), Some(n)) = (lea.get(i), year.get(i), estimate.get(i)) {
            c.add(l, "population.0_17.estimate".into(), Period::Year(FinancialYear::new(y as i32)), n);
        }
    }
    for (column, id, _) in POPULATION_GROUPS {
        if !c.has_column("population", column) {
            continue;
        }
        let id = format!("population.0_17.{id}");
        c.produces(&id);
        let values = df.column(column)?.i64()?.clone();
        for i in 0..df.height() {
            let (Some(l), Some(y)) = (lea.get(i), year.get(i)) else { continue };
            let period = Period::Year(FinancialYear::new(y as i32));
            match values.get(i) {
                Some(v) => c.add(l, id.clone(), period, v),
                None => c.unavailable(&id, period),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const CHILDREN: &str = "LAchildID,PersonBirthDate,Sex,Ethnicity,Disability
A1,2010-05-01,M,WBRI,NONE
A7,2005-02-01,F,BAFR,LD;AUT
A9,,,MWBC,
A5,2018-05-01,F,REFU,NONE
";

    #[test]
    fn who_the_children_are_by_hand() {
        let figs = figures(&two_years(&[("children.csv", CHILDREN)]));
        // In need at 31 March 2018 (the shared referrals): A1 (a boy of 7, White British, no
        // disability) and A7 (a girl of 13, Black African, disabled). 1 of 2 disabled.
        check(&figs, "cin.at_31_march", "2017-18", "2");
        check(&figs, "cin.at_31_march.sex.m", "2017-18", "1");
        check(&figs, "cin.at_31_march.sex.f.pct", "2017-18", "50.0");
        check(&figs, "cin.at_31_march.ethnicity.white", "2017-18", "1");
        check(&figs, "cin.at_31_march.ethnicity.black", "2017-18", "1");
        check(&figs, "cin.at_31_march.age.5_9", "2017-18", "1");
        check(&figs, "cin.at_31_march.age.10_15", "2017-18", "1");
        check(&figs, "cin.at_31_march.disabled.pct", "2017-18", "50.0");
        // On a plan at 31 March 2018: A1, A7 and A9, whose sex and birth date are not
        // recorded (unknown sex; age not recorded) and who is of mixed ethnicity.
        check(&figs, "cp.at_31_march", "2017-18", "3");
        check(&figs, "cp.at_31_march.sex.u", "2017-18", "1");
        check(&figs, "cp.at_31_march.ethnicity.mixed", "2017-18", "1");
        check(&figs, "cp.at_31_march.age.not_recorded", "2017-18", "1");
        check(&figs, "cp.at_31_march.disabled.pct", "2017-18", "33.3");
        // In need at 31 March 2017: A5, born in May 2018 (unborn then; ethnicity refused), and A7.
        check(&figs, "cin.at_31_march.age.unborn", "2016-17", "1");
        check(&figs, "cin.at_31_march.ethnicity.not_known", "2016-17", "1");
        // Looked after: A7, a girl (SEX 2 in the 903 header); the header has no ETHNIC column.
        check(&figs, "lac.at_31_march.sex.f", "2017-18", "1");
        check(&figs, "lac.at_31_march.ethnicity.white", "2017-18", "x");
        // Without children.csv the breakdowns of those in need are not available.
        let figs = figures(&two_years(&[]));
        check(&figs, "cin.at_31_march.sex.m", "2017-18", "x");
    }

    #[test]
    fn the_population_by_group_as_given() {
        let population = "Year,Population0to17,Male,Female,White\n2016,10000,5100,4900,\n2017,12000,6100,5900,9000\n";
        let figs = figures(&two_years(&[("population.csv", population)]));
        // 6,100 of 12,000 = 50.8%; 9,000 of 12,000 = 75.0%; White is empty for 2016 and there
        // is no Asian column: not available.
        check(&figs, "population.0_17.sex.m", "2017-18", "6100");
        check(&figs, "population.0_17.sex.m.pct", "2017-18", "50.8");
        check(&figs, "population.0_17.ethnicity.white.pct", "2017-18", "75.0");
        check(&figs, "population.0_17.ethnicity.white", "2016-17", "x");
        check(&figs, "population.0_17.ethnicity.asian", "2017-18", "x");
    }
}
