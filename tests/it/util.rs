//! A fixture data directory and a runner for the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything the run printed, for searching.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit status\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn expect(&self, needle: &str) -> &Self {
        assert!(
            self.all().contains(needle),
            "expected {needle:?} in the output\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn expect_not(&self, needle: &str) -> &Self {
        assert!(!self.all().contains(needle), "did not expect {needle:?} in the output\n{}", self.all());
        self
    }
}

pub fn safeguard<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    safeguard_with(args, &[])
}

/// Runs the binary with extra environment variables.
pub fn safeguard_with<I, S>(args: I, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let code = out.status.code().unwrap_or(-1);
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    // Whatever the input, the binary must never panic.
    assert!(!run.stderr.contains("panicked"), "the binary panicked:\n{}", run.stderr);
    assert_ne!(code, 101, "exit 101 is a panic:\n{}", run.stderr);
    run
}

/// A reader for `figures.csv` output: the internal edition's first line is a `#` warning.
pub fn figures_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(bytes)
}

/// A folder holding `files` (name, text), for tests of what a folder as found is read as.
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

pub fn validate(dir: &Path) -> Run {
    safeguard(["validate", "--data", dir.to_str().unwrap()])
}

/// The internal edition's figures.csv for `dir`, as printed.
#[track_caller]
pub fn figures_csv(dir: &Path) -> String {
    let run = safeguard(["figures", "--format", "csv", "--edition", "internal", "--data", dir.to_str().unwrap()]);
    run.expect_code(0);
    run.stdout.clone()
}

/// (indicator, period) → value, from the internal edition's figures for `dir`.
#[track_caller]
pub fn values(dir: &Path) -> std::collections::BTreeMap<(String, String), String> {
    let csv = figures_csv(dir);
    let mut r = figures_reader(csv.as_bytes());
    r.records().map(Result::unwrap).map(|r| ((r[0].to_string(), r[1].to_string()), r[2].to_string())).collect()
}

/// A small valid data directory, hand-written, which tests then break one file at a time.
pub struct Fixture {
    dir: tempfile::TempDir,
}

pub const CONTACTS: &str = "ContactID,LAchildID,ContactDate,ContactSource,LevelOfNeed,ContactOutcome
C1,A1,2017-04-03,6,4,REFERRAL
C2,A2,03/05/2017,2A,2,ADVICE
";

impl Fixture {
    pub fn new() -> Self {
        let f = Self { dir: tempfile::tempdir().expect("temp dir") };
        f.write("contacts.csv", CONTACTS);
        f.write(
            "referrals.csv",
            "LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,ReferralNFA,CINclosureDate,ReasonForClosure
A1,2017-04-03,6,N1,false,,
",
        );
        f.write(
            "assessments.csv",
            "LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors,RequiresCSCSupport
A1,2017-04-04,2017-05-20,3B;4B,true
",
        );
        f.write(
            "cp_plans.csv",
            "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
A1,2017-06-01,,NEG,NEG,0
",
        );
        f.write("lac_header.csv", "CHILD,SEX,DOB,ETHNIC\nB1,1,01/02/2010,WBRI\n");
        f.write(
            "lac_episodes.csv",
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB1,01/06/2017,S,V2,N1,U6,PR1,,\n",
        );
        f.write(
            "cse_panel.csv",
            "LAchildID,PanelDate,Sex,Ethnicity,PersonBirthDate,RiskLevel,PlanType
A3,2017-07-04,F,WBRI,2003-05-01,HIGH,CIN
",
        );
        f.write(
            "training_sessions.csv",
            "SessionID,CourseTitle,SessionDate,Status,Provider\nS1,Neglect,2017-09-12,DELIVERED,\n",
        );
        f.write(
            "training_attendance.csv",
            "SessionID,DelegateID,Agency,Attendance,PreScore,PostScore,WouldRecommend
S1,D1,Police,ATTENDED,4,7,Y
",
        );
        f.write("population.csv", "Year,Population0to17\n2017,\"56,748\"\n");
        f.write("report.toml", "area_name = \"Testshire\"\nreporting_year = \"2017-18\"\n");
        f
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.file(name), content).expect("write fixture");
        self
    }

    pub fn remove(&self, name: &str) -> &Self {
        std::fs::remove_file(self.file(name)).expect("remove fixture file");
        self
    }

    pub fn validate(&self) -> Run {
        safeguard(["validate", "--data", self.path().to_str().expect("utf-8 path")])
    }
}

/// Every file below `dir`, in a stable order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("readable").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A copy of the sample data directory that a test may change.
pub fn sample_copy() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let to = tempfile::tempdir().expect("temp dir");
    for path in files_under(&from) {
        let rel = path.strip_prefix(&from).expect("below the sample");
        let dest = to.path().join(rel);
        std::fs::create_dir_all(dest.parent().expect("a parent")).expect("create dir");
        std::fs::copy(&path, dest).expect("copy");
    }
    to
}

/// The attributes and text of every `<data>` element.
pub fn data_elements(html: &str) -> Vec<(std::collections::BTreeMap<String, String>, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<data ") {
        let tag_end = start + rest[start..].find('>').expect("tag ends");
        let close = tag_end + rest[tag_end..].find("</data>").expect("element closes");
        let mut attrs = std::collections::BTreeMap::new();
        for part in rest[start + 6..tag_end].split("\" ") {
            if let Some((k, v)) = part.split_once("=\"") {
                attrs.insert(k.trim().to_string(), v.trim_end_matches('"').to_string());
            }
        }
        out.push((attrs, rest[tag_end + 1..close].to_string()));
        rest = &rest[close..];
    }
    out
}

/// An output's text as a reader could find it: a workbook's every cell (it is compressed, so
/// its bytes would hide what it holds), any other file's bytes as text.
pub fn output_text(path: &Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut book: Xlsx<_> = open_workbook(path).expect("the workbook opens");
        let mut text = String::new();
        for name in book.sheet_names() {
            text += &name;
            text.push('\n');
            for row in book.worksheet_range(&name).expect("the sheet reads").rows() {
                for cell in row {
                    text += &cell.to_string();
                    text.push('\t');
                }
                text.push('\n');
            }
        }
        return text;
    }
    String::from_utf8_lossy(&std::fs::read(path).expect("the output reads")).into_owned()
}
