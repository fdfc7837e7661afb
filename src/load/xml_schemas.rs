//! The statutory returns' XML schemas as the loader reads them: which element is a record of
//! which contract table, and which element below it is which column. Element names are the
//! DfE's (the CIN census's COLLECT schema, as the DfE's guide and the sector's validator
//! `csc-validator-be-cin` read it).

/// One kind of record in a return's XML: an element each occurrence of which is one row.
pub(super) struct RecordSpec {
    pub stem: &'static str,
    /// The record this one sits in (an index into [`Schema::records`]); `None` for the child.
    pub parent: Option<usize>,
    /// The element, directly within the parent record's element, that holds one record.
    pub element: &'static str,
    /// Element path below the record's element → contract column.
    pub fields: &'static [(&'static str, &'static str)],
    /// Columns the record takes from the record it sits in (the child's id).
    pub inherits: &'static [&'static str],
    /// Elements of the schema no figure uses (and the containers of fields), passed without a word.
    pub unused: &'static [&'static str],
}

pub(super) struct Schema {
    /// "CIN census".
    pub name: &'static str,
    pub root: &'static str,
    /// Path below the root of the outermost record (`Children/Child`).
    pub records_at: &'static str,
    pub records: &'static [RecordSpec],
    /// Paths below the root of the header's authority code and collection year.
    pub lea: Option<&'static str>,
    pub year: Option<&'static str>,
    /// Path below the root of the collection's name, and the name it must have.
    pub collection: Option<(&'static str, &'static str)>,
}

impl Schema {
    /// The element path of a record from the child's element (`Child/CINdetails`).
    pub(super) fn record_path(&self, r: usize) -> String {
        let rec = &self.records[r];
        match rec.parent {
            Some(p) => format!("{}/{}", self.record_path(p), rec.element),
            None => self.records_at.rsplit('/').next().unwrap_or(self.records_at).to_string(),
        }
    }

    /// Where a record's column comes from: its own field, or the nearest enclosing record's.
    pub(super) fn source_of(&self, r: usize, column: &str) -> Option<String> {
        let rec = &self.records[r];
        if let Some((path, _)) = rec.fields.iter().find(|(_, c)| *c == column) {
            return Some(format!("{}/{path}", self.record_path(r)));
        }
        let parent = rec.parent.filter(|_| rec.inherits.contains(&column))?;
        self.source_of(parent, column)
    }
}

/// The root element each schema's files begin with, to tell them apart before reading.
pub(super) fn by_root(root: &str) -> Option<&'static Schema> {
    [&CIN_CENSUS].into_iter().find(|s| s.root == root)
}

/// Root elements of returns not read yet, and what they are.
pub(super) fn not_read_yet(root: &str) -> Option<&'static str> {
    match root {
        "EXPSSDA903" => Some("an SSDA903 return in XML"),
        _ => None,
    }
}

const CHILD: usize = 0;
const CIN: usize = 1;
const PLAN: usize = 4;

/// The CIN census: `Message` → `Header` (collection, year, reference date, the LEA) and
/// `Children/Child`, each child's identifiers, characteristics and episodes (`CINdetails`) with
/// their assessments, section 47 enquiries and child protection plans with their reviews.
/// `GenderCurrent` became `Sex` in the 2024-25 census; either is read.
pub(super) static CIN_CENSUS: Schema = Schema {
    name: "CIN census",
    root: "Message",
    records_at: "Children/Child",
    lea: Some("Header/Source/LEA"),
    year: Some("Header/CollectionDetails/Year"),
    collection: Some(("Header/CollectionDetails/Collection", "CIN")),
    records: &[
        RecordSpec {
            stem: "children",
            parent: None,
            element: "Child",
            fields: &[
                ("ChildIdentifiers/LAchildID", "LAchildID"),
                ("ChildIdentifiers/PersonBirthDate", "PersonBirthDate"),
                ("ChildIdentifiers/GenderCurrent", "Sex"),
                ("ChildIdentifiers/Sex", "Sex"),
                ("ChildCharacteristics/Ethnicity", "Ethnicity"),
                ("ChildCharacteristics/Disabilities/Disability", "Disability"),
            ],
            inherits: &[],
            // UPN and the former UPN are never read: no figure needs them.
            unused: &[
                "ChildIdentifiers/UPN",
                "ChildIdentifiers/FormerUPN",
                "ChildIdentifiers/UPNunknown",
                "ChildIdentifiers/ExpectedPersonBirthDate",
                "ChildIdentifiers/PersonDeathDate",
            ],
        },
        RecordSpec {
            stem: "referrals",
            parent: Some(CHILD),
            element: "CINdetails",
            fields: &[
                ("CINreferralDate", "CINreferralDate"),
                ("ReferralSource", "ReferralSource"),
                ("PrimaryNeedCode", "PrimaryNeedCode"),
                ("CINclosureDate", "CINclosureDate"),
                ("ReasonForClosure", "ReasonForClosure"),
                ("DateOfInitialCPC", "DateOfInitialCPC"),
                ("ReferralNFA", "ReferralNFA"),
            ],
            inherits: &["LAchildID"],
            unused: &["CINPlanDates", "CINPlanDates/CINPlanStartDate", "CINPlanDates/CINPlanEndDate"],
        },
        RecordSpec {
            stem: "assessments",
            parent: Some(CIN),
            element: "Assessments",
            fields: &[
                ("AssessmentActualStartDate", "AssessmentActualStartDate"),
                ("AssessmentAuthorisationDate", "AssessmentAuthorisationDate"),
                ("FactorsIdentifiedAtAssessment/AssessmentFactors", "AssessmentFactors"),
            ],
            inherits: &["LAchildID"],
            unused: &["AssessmentInternalReviewDate"],
        },
        RecordSpec {
            stem: "section47",
            parent: Some(CIN),
            element: "Section47",
            fields: &[
                ("S47ActualStartDate", "S47ActualStartDate"),
                ("InitialCPCtarget", "InitialCPCtarget"),
                ("DateOfInitialCPC", "DateOfInitialCPC"),
                ("ICPCnotRequired", "ICPCnotRequired"),
            ],
            inherits: &["LAchildID"],
            unused: &[],
        },
        RecordSpec {
            stem: "cp_plans",
            parent: Some(CIN),
            element: "ChildProtectionPlans",
            fields: &[
                ("CPPstartDate", "CPPstartDate"),
                ("CPPendDate", "CPPendDate"),
                ("InitialCategoryOfAbuse", "InitialCategoryOfAbuse"),
                ("LatestCategoryOfAbuse", "LatestCategoryOfAbuse"),
                ("NumberOfPreviousCPP", "NumberOfPreviousCPP"),
            ],
            inherits: &["LAchildID"],
            unused: &[],
        },
        RecordSpec {
            stem: "cp_reviews",
            parent: Some(PLAN),
            element: "Reviews",
            fields: &[("CPPreviewDate", "CPPreviewDate")],
            // The plan a review belongs to is the one it sits in.
            inherits: &["LAchildID", "CPPstartDate"],
            unused: &[],
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::file_spec;

    #[test]
    fn every_field_names_a_column_of_its_table() {
        for (i, r) in CIN_CENSUS.records.iter().enumerate() {
            let spec = file_spec(r.stem);
            for column in r.fields.iter().map(|(_, c)| c).chain(r.inherits) {
                assert!(spec.columns.iter().any(|c| c.name == *column), "{}: {column}", r.stem);
            }
            // A record's parent comes before it, so the indexes above stay true.
            assert!(r.parent.is_none_or(|p| p < i), "{}", r.stem);
            // Every required column is given or inherited.
            for c in spec.columns.iter().filter(|c| c.required) {
                let given = r.fields.iter().any(|(_, f)| *f == c.name) || r.inherits.contains(&c.name);
                assert!(given, "{}: required {} has no element", r.stem, c.name);
            }
        }
        assert_eq!(CIN_CENSUS.records[CIN].element, "CINdetails");
        assert_eq!(CIN_CENSUS.records[PLAN].element, "ChildProtectionPlans");
    }
}
