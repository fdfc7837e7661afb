//! Definitions in plain words for the public edition. A figure's definition names the DfE's
//! fields and codes (`CINreferralDate`, `REC not X1`), which an analyst needs and a reader of
//! the published report cannot follow; the public edition says the same in words, and the
//! internal edition, figures.csv and docs/methods.md keep the codes. A test of the built
//! report (tests/it/misleading.rs) fails when a definition the public report shows names a
//! column or a code of the contract.

/// Each phrase of a definition that names fields or codes, and what it says in words. Longer
/// phrases come before the shorter ones inside them.
const IN_WORDS: &[(&str, &str)] = &[
    (
        " (the placement they were in on 1 April, and each begun in the year with RNE S, P or B)",
        " (the placement they were in on 1 April, and each new placement in the year)",
    ),
    (" (in the UASC table with no date status ceased by then, or flagged in the header)", ""),
    (
        ": DateOfInitialCPC in year on a section 47 enquiry or a CIN episode, one a child a day",
        ", counting a child once on any one day",
    ),
    (" (a CIN episode not NFA, a plan, or care)", " (a child in need, on a plan or looked after)"),
    (" (an episode with RNE S)", ""),
    (" (REC not X1)", " (leaving care, not moving between placements)"),
    (" (PN1–PN6)", ""),
    (" (an episode ending with REC E11 or E12)", ""),
    (" (REC E43–E48)", ""),
    (" (IN_TOUCH YES)", ""),
    (" (ACTIV F1–F5 or P1–P5)", ""),
    (" (ACCOM ending 1)", ""),
    (" (EHAEndDate in year)", ""),
    (" (Decision CSPR)", ""),
    (": the sum of budget.csv's INCOME rows", ""),
    (": the sum of budget.csv's SPEND rows", ""),
    ("with outcome REFERRAL", "that became a referral"),
    ("with outcome NFA", "that ended with no further action"),
    ("with CINreferralDate in year", "made in year"),
    ("with S47ActualStartDate in year", "started in year"),
    ("with AssessmentAuthorisationDate in year", "completed in year"),
    ("with CPPstartDate in year", "started in year"),
    ("with CPPendDate in year", "ended in year"),
    ("that is not NFA", "that did not end with no further action"),
];

/// `definition` in the public edition's words.
pub fn in_words(definition: &str) -> String {
    IN_WORDS.iter().fold(definition.to_string(), |d, (codes, words)| d.replace(codes, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_replace_the_codes_and_keep_the_rest() {
        assert_eq!(in_words("referrals with CINreferralDate in year"), "referrals made in year");
        assert_eq!(
            in_words("children who ceased to be looked after in year (REC not X1), counted once"),
            "children who ceased to be looked after in year (leaving care, not moving between placements), counted once"
        );
        assert_eq!(in_words("contacts in year"), "contacts in year");
    }
}
