//! The DfE's own validation rules for the SSDA903 return and the CIN census that safeguard
//! applies, each under the DfE's number and message, so an analyst can match a problem to the
//! rule the DfE's validator would raise on the same return.
//!
//! Conditions follow the sector's public validators (data-to-insight's `csc-validator-be-903`
//! and `csc-validator-be-cin`); the code is ours. Each rule is an error where the record cannot
//! be counted correctly, and a warning where it is counted as given and the figure stays right.

/// Declares the rules and [`ALL`] from one list, so no rule can be left out of it.
macro_rules! rules {
    ($($(#[$doc:meta])* $rule:ident,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DfeRule {
            $($(#[$doc])* $rule,)*
        }

        /// Every rule, in the order documentation lists them.
        pub const ALL: &[DfeRule] = &[$(DfeRule::$rule,)*];
    };
}

rules! {
    /// 903: an episode other than the child's latest has no end date or no reason it ended.
    Lac142,
    /// 903: DEC and REC both given or both left blank.
    Lac148,
    /// 903: a child's first episode, starting inside the data, must have RNE S.
    Lac357,
    /// 903: REC X1 (care continues) exactly when the next episode starts on the same day.
    Lac388,
    /// 903: RNE S although the previous episode had not ended before.
    Lac431,
    /// 903: the previous episode ceased care (REC not X1) but RNE is not S.
    Lac432,
    /// 903: a continuation RNE (P, L, T, U, B) not starting the day the previous episode ended.
    Lac433,
    /// 903: an episode starting before the previous one ended.
    Lac501,
    /// 903: a placement code not in the DfE's list for any collection year the episode was open.
    Lac146,
    /// 903: a single short break (V3) of more than 17 days.
    Lac365,
    /// 903: a single short break (V3) that is not a new period (RNE S).
    Lac366,
    /// 903: more than 75 days of single short breaks (V3) in one year.
    Lac367,
    /// 903: single (V3) and series (V4) short breaks for one child in one year.
    Lac426,
    /// CIN: an assessment starting before the child's referral.
    Cin1103,
    /// CIN: an initial child protection conference before the referral.
    Cin1104,
    /// CIN: a child protection plan starting before the child's referral.
    Cin1105,
    /// CIN: an assessment or plan after the child's CIN episode closed.
    Cin8565,
    /// CIN: a CIN episode closing before its referral.
    Cin8630,
    /// CIN: a child protection plan ending before it started.
    Cin8925,
}

use DfeRule::*;

impl DfeRule {
    /// The return and the DfE's rule number: `SSDA903 148`, `CIN 1103`.
    pub fn reference(self) -> &'static str {
        match self {
            Lac142 => "SSDA903 142",
            Lac148 => "SSDA903 148",
            Lac357 => "SSDA903 357",
            Lac388 => "SSDA903 388",
            Lac431 => "SSDA903 431",
            Lac432 => "SSDA903 432",
            Lac433 => "SSDA903 433",
            Lac501 => "SSDA903 501",
            Lac146 => "SSDA903 146",
            Lac365 => "SSDA903 365",
            Lac366 => "SSDA903 366",
            Lac367 => "SSDA903 367",
            Lac426 => "SSDA903 426",
            Cin1103 => "CIN 1103",
            Cin1104 => "CIN 1104",
            Cin1105 => "CIN 1105",
            Cin8565 => "CIN 8565",
            Cin8630 => "CIN 8630",
            Cin8925 => "CIN 8925",
        }
    }

    /// A stable identifier for machine-readable output.
    pub fn code(self) -> &'static str {
        match self {
            Lac142 => "dfe-903-142",
            Lac148 => "dfe-903-148",
            Lac357 => "dfe-903-357",
            Lac388 => "dfe-903-388",
            Lac431 => "dfe-903-431",
            Lac432 => "dfe-903-432",
            Lac433 => "dfe-903-433",
            Lac501 => "dfe-903-501",
            Lac146 => "dfe-903-146",
            Lac365 => "dfe-903-365",
            Lac366 => "dfe-903-366",
            Lac367 => "dfe-903-367",
            Lac426 => "dfe-903-426",
            Cin1103 => "dfe-cin-1103",
            Cin1104 => "dfe-cin-1104",
            Cin1105 => "dfe-cin-1105",
            Cin8565 => "dfe-cin-8565",
            Cin8630 => "dfe-cin-8630",
            Cin8925 => "dfe-cin-8925",
        }
    }

    /// The DfE's message for the rule.
    pub fn message(self) -> &'static str {
        match self {
            Lac142 => "A new episode has started, but the previous episode has not ended.",
            Lac148 => "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
            Lac357 => "If this is the first episode ever for this child, reason for new episode must be S.",
            Lac388 => "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
            Lac431 => {
                "The reason for new episode is started to be looked after, but the previous episode ended on the same day."
            }
            Lac432 => {
                "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after."
            }
            Lac433 => {
                "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished."
            }
            Lac501 => "A new episode has started before the end date of the previous episode.",
            Lac146 => "Placement type code is not a valid code.",
            Lac365 => "Any individual short-term respite placement must not exceed 17 days.",
            Lac366 => "A child cannot change placement during the course of an individual short-term respite break.",
            Lac367 => "The maximum amount of respite care allowable is 75 days in any 12-month period.",
            Lac426 => {
                "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year."
            }
            Cin1103 => "The assessment start date cannot be before the referral date",
            Cin1104 => "The date of the initial child protection conference cannot be before the referral date",
            Cin1105 => "The child protection plan start date cannot be before the referral date",
            Cin8565 => "Activity shown after a case has been closed",
            Cin8630 => "CIN Closure Date is before CIN Referral Date for the same CIN episode",
            Cin8925 => "Child Protection Plan End Date earlier than Start Date",
        }
    }

    /// An error where the record cannot be counted correctly; otherwise a warning: the record
    /// is counted as given and the figures it feeds stay right.
    pub fn is_error(self) -> bool {
        match self {
            // Ordering and continuity: who is in care, who started and who left depend on them.
            Lac142 | Lac148 | Lac357 | Lac388 | Lac431 | Lac432 | Lac433 | Lac501 => true,
            // Before it began: the episode, plan or conference has no length or order to count.
            Cin8630 | Cin8925 | Cin1104 => true,
            // Counted by the code or date as given: the DfE would query the return, the
            // figures do not change.
            Lac146 | Lac365 | Lac366 | Lac367 | Lac426 | Cin1103 | Cin1105 | Cin8565 => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_once_with_its_own_number_and_code() {
        let mut refs: Vec<&str> = ALL.iter().map(|r| r.reference()).collect();
        let mut codes: Vec<&str> = ALL.iter().map(|r| r.code()).collect();
        refs.sort();
        refs.dedup();
        codes.sort();
        codes.dedup();
        assert_eq!((refs.len(), codes.len()), (ALL.len(), ALL.len()));
        for r in ALL {
            let number = r.reference().rsplit(' ').next().unwrap();
            assert!(r.code().ends_with(number), "{r:?}");
        }
    }
}
