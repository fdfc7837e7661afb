//! What `synth` is asked to write.

use crate::period::FinancialYear;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub out: PathBuf,
    pub seed: u64,
    /// Number of authorities; with more than one every file gets an `LEA` column.
    pub las: u32,
    /// Financial years of front-door activity, ending with `end_year`.
    pub years: u32,
    pub end_year: FinancialYear,
    /// Multiplies volumes: 1.0 is a mid-sized authority (about 20,000 contacts a year).
    pub scale: f64,
    pub area_name: String,
    /// Also write each year's SSDA903 return under the DfE's file names (`returns/<year>/`).
    pub returns: bool,
}

impl Default for SynthOptions {
    fn default() -> Self {
        Self {
            out: PathBuf::from("synthetic"),
            seed: 1,
            las: 1,
            years: 5,
            end_year: FinancialYear::new(2017),
            scale: 1.0,
            area_name: "Northshire".into(),
            returns: false,
        }
    }
}
