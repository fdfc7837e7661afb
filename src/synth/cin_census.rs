//! Each year's CIN census, cut from the synthetic extract and written as the XML an authority
//! sends to the DfE (COLLECT's `Message` schema): every children-in-need episode open at some
//! point in the year, with its assessments, child protection plans and the year's reviews
//! held in it, and nothing dated after the year's end (an episode still open has no closure).

use super::extract::Extract;
use super::options::SynthOptions;
use crate::load::cells::date;
use crate::period::FinancialYear;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

/// Rows of `e` by (authority, child).
fn by_child(e: &Extract) -> BTreeMap<(String, String), Vec<&csv::StringRecord>> {
    let mut m: BTreeMap<(String, String), Vec<&csv::StringRecord>> = BTreeMap::new();
    for r in &e.rows {
        m.entry((e.get(r, "LEA").to_string(), e.get(r, "LAchildID").to_string())).or_default().push(r);
    }
    m
}

fn day(s: &str) -> Option<NaiveDate> {
    date(s).ok()
}

/// Open at some point in `year`: begun by its end, not ended before its start.
fn open_in(start: &str, end: &str, year: FinancialYear) -> bool {
    day(start).is_some_and(|s| s <= year.last_day()) && day(end).is_none_or(|e| e >= year.first_day())
}

/// `value`, or nothing where it is a date after the year's end (not known on census day).
fn by_census_day(value: &str, year: FinancialYear) -> &str {
    if day(value).is_some_and(|d| d > year.last_day()) { "" } else { value }
}

fn element(out: &mut String, indent: usize, name: &str, value: &str) {
    let value = quick_xml::escape::escape(value);
    let _ = writeln!(out, "{:indent$}<{name}>{value}</{name}>", "");
}

/// Writes `returns/<year>/cin_census.xml` (one per authority, `cin_census_<LEA>.xml`, when
/// there are several) for each year synthesised.
pub fn write(opts: &SynthOptions) -> io::Result<()> {
    let read = |name: &str| Extract::read(&opts.out.join(name));
    let (referrals, children, assessments, plans, reviews, enquiries) = (
        read("referrals.csv")?,
        read("children.csv")?,
        read("assessments.csv")?,
        read("cp_plans.csv")?,
        read("cp_reviews.csv")?,
        read("section47.csv")?,
    );
    let (episodes_of, child_rows) = (by_child(&referrals), by_child(&children));
    let (assessments_of, plans_of, reviews_of) = (by_child(&assessments), by_child(&plans), by_child(&reviews));
    let enquiries_of = by_child(&enquiries);
    let leas: Vec<String> = {
        let mut v: Vec<String> = episodes_of.keys().map(|(l, _)| l.clone()).collect();
        v.dedup();
        v
    };
    for y in 0..opts.years {
        let year = FinancialYear::new(opts.end_year.start_year - y as i32);
        let dir = opts.out.join("returns").join(year.to_string());
        std::fs::create_dir_all(&dir)?;
        for lea in &leas {
            let mut xml = header(year, lea);
            for ((l, child), episodes) in episodes_of.range((lea.clone(), String::new())..) {
                if l != lea {
                    break;
                }
                let open: Vec<&&csv::StringRecord> = episodes
                    .iter()
                    .filter(|e| open_in(referrals.get(e, "CINreferralDate"), referrals.get(e, "CINclosureDate"), year))
                    .collect();
                if open.is_empty() {
                    continue;
                }
                let key = (lea.clone(), child.clone());
                xml.push_str("    <Child>\n");
                identifiers(&mut xml, &children, child_rows.get(&key).and_then(|r| r.first()), child);
                for e in open {
                    let mine = Mine {
                        assessments: assessments_of.get(&key).map_or(&[][..], Vec::as_slice),
                        plans: plans_of.get(&key).map_or(&[][..], Vec::as_slice),
                        reviews: reviews_of.get(&key).map_or(&[][..], Vec::as_slice),
                        enquiries: enquiries_of.get(&key).map_or(&[][..], Vec::as_slice),
                    };
                    let tables =
                        Tables { assessments: &assessments, plans: &plans, reviews: &reviews, enquiries: &enquiries };
                    episode(&mut xml, year, (&referrals, e), &tables, &mine);
                }
                xml.push_str("    </Child>\n");
            }
            xml.push_str("  </Children>\n</Message>\n");
            let name = if leas.len() > 1 { format!("cin_census_{lea}.xml") } else { "cin_census.xml".to_string() };
            std::fs::write(dir.join(name), xml)?;
        }
    }
    Ok(())
}

/// The census's header: its collection year (named by the March it ends in) and authority.
fn header(year: FinancialYear, lea: &str) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n");
    element(&mut xml, 6, "Collection", "CIN");
    element(&mut xml, 6, "Year", &(year.start_year + 1).to_string());
    element(&mut xml, 6, "ReferenceDate", &year.last_day().format("%Y-%m-%d").to_string());
    xml.push_str("    </CollectionDetails>\n    <Source>\n");
    element(&mut xml, 6, "SourceLevel", "L");
    if !lea.is_empty() {
        element(&mut xml, 6, "LEA", lea);
    }
    element(&mut xml, 6, "SoftwareCode", "safeguard synth");
    xml.push_str("    </Source>\n  </Header>\n  <Children>\n");
    xml
}

fn identifiers(xml: &mut String, children: &Extract, row: Option<&&csv::StringRecord>, child: &str) {
    xml.push_str("      <ChildIdentifiers>\n");
    element(xml, 8, "LAchildID", child);
    if let Some(r) = row {
        element(xml, 8, "PersonBirthDate", children.get(r, "PersonBirthDate"));
        element(xml, 8, "Sex", children.get(r, "Sex"));
    }
    xml.push_str("      </ChildIdentifiers>\n");
    let Some(r) = row else { return };
    xml.push_str("      <ChildCharacteristics>\n");
    element(xml, 8, "Ethnicity", children.get(r, "Ethnicity"));
    let disabilities = children.get(r, "Disability");
    if !disabilities.is_empty() {
        xml.push_str("        <Disabilities>\n");
        for d in disabilities.split([';', ',', ' ']).filter(|d| !d.is_empty()) {
            element(xml, 10, "Disability", d);
        }
        xml.push_str("        </Disabilities>\n");
    }
    xml.push_str("      </ChildCharacteristics>\n");
}

/// A child's assessments, plans, reviews and section 47 enquiries in the extract.
struct Mine<'a> {
    assessments: &'a [&'a csv::StringRecord],
    plans: &'a [&'a csv::StringRecord],
    reviews: &'a [&'a csv::StringRecord],
    enquiries: &'a [&'a csv::StringRecord],
}

/// The extract's tables the episode's records are in.
struct Tables<'a> {
    assessments: &'a Extract,
    plans: &'a Extract,
    reviews: &'a Extract,
    enquiries: &'a Extract,
}

/// One episode, with what of the child's records began within it and was open in the year.
fn episode(
    xml: &mut String,
    year: FinancialYear,
    (referrals, e): (&Extract, &csv::StringRecord),
    tables: &Tables,
    mine: &Mine,
) {
    let (assessments, plans, reviews, enquiries) = (tables.assessments, tables.plans, tables.reviews, tables.enquiries);
    let (start, closed) = (referrals.get(e, "CINreferralDate"), referrals.get(e, "CINclosureDate"));
    let within =
        |d: &str| day(d).is_some_and(|d| day(start).is_some_and(|s| d >= s) && day(closed).is_none_or(|c| d <= c));
    let closure = by_census_day(closed, year);
    xml.push_str("      <CINdetails>\n");
    element(xml, 8, "CINreferralDate", start);
    element(xml, 8, "ReferralSource", referrals.get(e, "ReferralSource"));
    element(xml, 8, "PrimaryNeedCode", referrals.get(e, "PrimaryNeedCode"));
    element(xml, 8, "CINclosureDate", closure);
    element(xml, 8, "ReasonForClosure", if closure.is_empty() { "" } else { referrals.get(e, "ReasonForClosure") });
    element(xml, 8, "DateOfInitialCPC", by_census_day(referrals.get(e, "DateOfInitialCPC"), year));
    element(xml, 8, "ReferralNFA", referrals.get(e, "ReferralNFA"));
    for a in mine.assessments.iter().filter(|a| within(assessments.get(a, "AssessmentActualStartDate"))) {
        let (begun, done) =
            (assessments.get(a, "AssessmentActualStartDate"), assessments.get(a, "AssessmentAuthorisationDate"));
        if !open_in(begun, done, year) {
            continue;
        }
        xml.push_str("        <Assessments>\n");
        element(xml, 10, "AssessmentActualStartDate", begun);
        element(xml, 10, "AssessmentAuthorisationDate", by_census_day(done, year));
        let factors = assessments.get(a, "AssessmentFactors");
        if !factors.is_empty() {
            xml.push_str("          <FactorsIdentifiedAtAssessment>\n");
            for f in factors.split([';', ',', ' ']).filter(|f| !f.is_empty()) {
                element(xml, 12, "AssessmentFactors", f);
            }
            xml.push_str("          </FactorsIdentifiedAtAssessment>\n");
        }
        xml.push_str("        </Assessments>\n");
    }
    // The episode's enquiries begun by the census's end, with what was known of them then.
    for q in mine.enquiries.iter().filter(|q| within(enquiries.get(q, "S47ActualStartDate"))) {
        let begun = enquiries.get(q, "S47ActualStartDate");
        if day(begun).is_none_or(|d| d > year.last_day()) {
            continue;
        }
        let held = by_census_day(enquiries.get(q, "DateOfInitialCPC"), year);
        xml.push_str("        <Section47>\n");
        element(xml, 10, "S47ActualStartDate", begun);
        element(xml, 10, "InitialCPCtarget", by_census_day(enquiries.get(q, "InitialCPCtarget"), year));
        element(xml, 10, "DateOfInitialCPC", held);
        let not_required = enquiries.get(q, "ICPCnotRequired");
        element(xml, 10, "ICPCnotRequired", if held.is_empty() && not_required == "false" { "" } else { not_required });
        xml.push_str("        </Section47>\n");
    }
    for p in mine.plans.iter().filter(|p| within(plans.get(p, "CPPstartDate"))) {
        let (begun, ended) = (plans.get(p, "CPPstartDate"), plans.get(p, "CPPendDate"));
        if !open_in(begun, ended, year) {
            continue;
        }
        xml.push_str("        <ChildProtectionPlans>\n");
        element(xml, 10, "CPPstartDate", begun);
        element(xml, 10, "CPPendDate", by_census_day(ended, year));
        for c in ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"] {
            element(xml, 10, c, plans.get(p, c));
        }
        let held = |r: &&&csv::StringRecord| {
            reviews.get(r, "CPPstartDate") == begun
                && day(reviews.get(r, "CPPreviewDate")).is_some_and(|d| year.contains(d))
        };
        for r in mine.reviews.iter().filter(held) {
            xml.push_str("          <Reviews>\n");
            element(xml, 12, "CPPreviewDate", reviews.get(r, "CPPreviewDate"));
            xml.push_str("          </Reviews>\n");
        }
        xml.push_str("        </ChildProtectionPlans>\n");
    }
    xml.push_str("      </CINdetails>\n");
}
