//! The statutory returns' XML schemas as the loader reads them: which element is a record of
//! which contract table, and which element below it is which column. Element names are the
//! DfE's (the CIN census's COLLECT schema, as the DfE's guide and the sector's validator
//! `csc-validator-be-cin` read it; the SSDA903's `EXPSSDA903` schema, as the DfE's XSD and the
//! sector's validator `csc-validator-be-903` read it).

/// One kind of record in a return's XML: an element each occurrence of which is one row.
pub(super) struct RecordSpec {
    pub stem: &'static str,
    /// The record this one sits in (an index into [`Schema::records`]); `None` for the child.
    pub parent: Option<usize>,
    /// The element path, within the parent record's element, of one record (`EPISODE`,
    /// `HEADER/AREVIEW`). Empty for a record read from the parent's own element, kept when it
    /// gives any field of its own (the SSDA903 header's adoption fields make an AD1 row).
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
            Some(p) if rec.element.is_empty() => self.record_path(p),
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
    SCHEMAS.into_iter().find(|s| s.root == root)
}

const SCHEMAS: [&Schema; 2] = [&CIN_CENSUS, &SSDA903];

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

const HEADER: usize = 0;

/// The SSDA903 return (`EXPSSDA903`): each `CHILD` has one `HEADER` (the child, with the UASC,
/// care leaver and adoption fields among its own, and its reviews, missing episodes, OC2
/// outcomes, previous permanence and adoption decisions inside it) and its `EPISODE`s beside
/// it. Element names are the CSV's columns, but for `CHILDID` and `PL`. The file names no
/// authority and no year: the year comes from its name or folder, as for CSV returns.
pub(super) static SSDA903: Schema = Schema {
    name: "SSDA903 return",
    root: "EXPSSDA903",
    records_at: "CHILD",
    lea: None,
    year: None,
    collection: None,
    records: &[
        RecordSpec {
            stem: "lac_header",
            parent: None,
            element: "CHILD",
            fields: &[
                ("HEADER/CHILDID", "CHILD"),
                ("HEADER/SEX", "SEX"),
                ("HEADER/DOB", "DOB"),
                ("HEADER/ETHNIC", "ETHNIC"),
                ("HEADER/UPN", "UPN"),
                ("HEADER/MOTHER", "MOTHER"),
                ("HEADER/MC_DOB", "MC_DOB"),
                ("HEADER/UASC", "UASC"),
            ],
            inherits: &[],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_episodes",
            parent: Some(HEADER),
            element: "EPISODE",
            fields: &[
                ("DECOM", "DECOM"),
                ("RNE", "RNE"),
                ("LS", "LS"),
                ("CIN", "CIN"),
                ("PL", "PLACE"),
                ("PLACE_PROVIDER", "PLACE_PROVIDER"),
                ("DEC", "DEC"),
                ("REC", "REC"),
                ("REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE"),
                ("HOME_POST", "HOME_POST"),
                ("PL_POST", "PL_POST"),
                ("URN", "URN"),
            ],
            inherits: &["CHILD"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_reviews",
            parent: Some(HEADER),
            element: "HEADER/AREVIEW",
            fields: &[("REVIEW", "REVIEW"), ("REVIEW_CODE", "REVIEW_CODE")],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_uasc",
            parent: Some(HEADER),
            element: "",
            fields: &[("HEADER/DUC", "DUC")],
            inherits: &["CHILD", "SEX", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_oc3",
            parent: Some(HEADER),
            element: "",
            fields: &[("HEADER/IN_TOUCH", "IN_TOUCH"), ("HEADER/ACTIV", "ACTIV"), ("HEADER/ACCOM", "ACCOM")],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_ad1",
            parent: Some(HEADER),
            element: "",
            fields: &[
                ("HEADER/DATE_INT", "DATE_INT"),
                ("HEADER/DATE_MATCH", "DATE_MATCH"),
                ("HEADER/FOSTER_CARE", "FOSTER_CARE"),
                ("HEADER/NB_ADOPTR", "NB_ADOPTR"),
                ("HEADER/SEX_ADOPTR", "SEX_ADOPTR"),
                ("HEADER/LS_ADOPTR", "LS_ADOPTR"),
            ],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_oc2",
            parent: Some(HEADER),
            element: "HEADER/OC2",
            fields: &[
                ("SDQ_SCORE", "SDQ_SCORE"),
                ("SDQ_REASON", "SDQ_REASON"),
                ("CONVICTED", "CONVICTED"),
                ("HEALTH_CHECK", "HEALTH_CHECK"),
                ("IMMUNISATIONS", "IMMUNISATIONS"),
                ("TEETH_CHECK", "TEETH_CHECK"),
                ("HEALTH_ASSESSMENT", "HEALTH_ASSESSMENT"),
                ("SUBSTANCE_MISUSE", "SUBSTANCE_MISUSE"),
                ("INTERVENTION_RECEIVED", "INTERVENTION_RECEIVED"),
                ("INTERVENTION_OFFERED", "INTERVENTION_OFFERED"),
            ],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_placed_for_adoption",
            parent: Some(HEADER),
            element: "HEADER/AD_PLACED",
            fields: &[
                ("DATE_PLACED", "DATE_PLACED"),
                ("DATE_PLACED_CEASED", "DATE_PLACED_CEASED"),
                ("REASON_PLACED_CEASED", "REASON_PLACED_CEASED"),
            ],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_previous_permanence",
            parent: Some(HEADER),
            element: "HEADER/PERMANENCE",
            fields: &[("PREV_PERM", "PREV_PERM"), ("LA_PERM", "LA_PERM"), ("DATE_PERM", "DATE_PERM")],
            inherits: &["CHILD", "DOB"],
            unused: &[],
        },
        RecordSpec {
            stem: "lac_missing",
            parent: Some(HEADER),
            element: "HEADER/AMISSING",
            fields: &[("MISSING", "MISSING"), ("MIS_START", "MIS_START"), ("MIS_END", "MIS_END")],
            inherits: &["CHILD", "DOB"],
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
        for (i, r) in SCHEMAS.iter().flat_map(|s| s.records.iter().enumerate()) {
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
        assert_eq!(SSDA903.records[HEADER].stem, "lac_header");
        // Records read from the header's own element sit directly within the child's record.
        for r in SSDA903.records.iter().filter(|r| r.element.is_empty()) {
            assert_eq!(r.parent, Some(HEADER), "{}", r.stem);
            assert!(r.fields.iter().all(|(p, _)| p.starts_with("HEADER/")), "{}", r.stem);
        }
    }
}
