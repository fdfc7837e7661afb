//! Inputs that once crashed or hung a command: each now ends with a clear status.

use crate::util::{safeguard, sample_copy};
use sha2::Digest;

#[test]
fn a_measure_named_with_more_characters_than_a_format_width_does_not_crash_figures() {
    // `figures` panicked (exit 101) on a name of 65,536 characters or more, which `validate`
    // and `build` accepted.
    let data = sample_copy();
    let path = data.path().join("measures.csv");
    let mut measures = std::fs::read_to_string(&path).unwrap();
    measures.push_str(&format!("LADO,{},2017-18,12,count,,\n", "A".repeat(70_000)));
    std::fs::write(&path, measures).unwrap();
    let dir = data.path().to_str().unwrap();
    let run = safeguard(["figures", "--data", dir]);
    run.expect_code(0);
    assert!(run.all().contains(&"a".repeat(70_000)), "the figure is listed under its whole id");
}

#[test]
fn measures_whose_names_differ_only_in_case_or_punctuation_are_refused_not_dropped() {
    // Both make the figure id measures.lado.referrals_to_the_lado; the second used to replace
    // the first without a word.
    let data = sample_copy();
    let path = data.path().join("measures.csv");
    let mut measures = std::fs::read_to_string(&path).unwrap();
    let line = measures.lines().count() + 1;
    measures.push_str("LADO,referrals to the LADO.,2013-14,166,count,,\n");
    std::fs::write(&path, measures).unwrap();
    let run = safeguard(["validate", "--data", data.path().to_str().unwrap()]);
    run.expect_code(1)
        .expect(&format!("measures.csv, line {line}"))
        .expect("the same Section + Measure + Period as line 2 (texts that differ only in case, spaces or punctuation");
}

#[test]
fn agency_names_that_differ_only_in_case_give_the_same_report_every_time() {
    // "Police", "police" and "POLICE." are one agency; its label is the spelling on most rows
    // (ties to the first alphabetically), not whichever the grouping met first, which made
    // figures.json and report.html differ between identical runs.
    let data = sample_copy();
    let path = data.path().join("training_attendance.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        // "POLICE." on about one row in seven: the least used, whatever the sample holds.
        let spelling = ["Police", "police", "Police", "police", "Police", "police", "POLICE."][i % 7];
        out.push_str(&line.replacen(",Police,", &format!(",{spelling},"), 1));
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
    let dir = data.path().to_str().unwrap();
    let mut builds: Vec<Vec<(std::path::PathBuf, Vec<u8>)>> = Vec::new();
    for _ in 0..4 {
        let o = tempfile::tempdir().unwrap();
        safeguard(["build", "--quiet", "--data", dir, "--out", o.path().to_str().unwrap()]).expect_code(0);
        let files = crate::util::files_under(o.path());
        builds.push(
            files
                .iter()
                .map(|f| (f.strip_prefix(o.path()).unwrap().to_path_buf(), std::fs::read(f).unwrap()))
                .collect(),
        );
    }
    for b in &builds[1..] {
        // Name what differs, for a failure seen once under load and not reproduced.
        let names = |b: &[(std::path::PathBuf, Vec<u8>)]| b.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(b), names(&builds[0]), "a rebuild writes other files");
        for ((path, bytes), (_, first)) in b.iter().zip(&builds[0]) {
            let at = bytes.iter().zip(first).position(|(x, y)| x != y).unwrap_or(bytes.len().min(first.len()));
            let near =
                |x: &[u8]| String::from_utf8_lossy(&x[at.saturating_sub(200)..(at + 200).min(x.len())]).into_owned();
            assert!(
                bytes == first,
                "a rebuild's {} differs at byte {at}:\n{}\n---\n{}",
                path.display(),
                near(first),
                near(bytes)
            );
        }
    }
    let json =
        String::from_utf8(builds[0].iter().find(|(p, _)| p.ends_with("figures.json")).unwrap().1.clone()).unwrap();
    assert!(!json.contains("POLICE."), "the least used spelling is not the label");
}

#[test]
fn a_public_edition_cannot_hide_less_than_the_dfe_does() {
    // small_number_threshold = 3 (or 0) used to give a "public" report with 4s and 5s shown and
    // a manifest saying the audit passed.
    for threshold in ["3", "0"] {
        let data = sample_copy();
        let toml = data.path().join("report.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(
            &toml,
            text.replace("small_number_threshold = 5", &format!("small_number_threshold = {threshold}")),
        )
        .unwrap();
        let (dir, out) = (data.path().to_str().unwrap(), tempfile::tempdir().unwrap());
        let o = out.path().to_str().unwrap();
        safeguard(["build", "--quiet", "--data", dir, "--out", o])
            .expect_code(1)
            .expect(&format!("report.toml: small_number_threshold = {threshold} is below 5"));
        assert!(crate::util::files_under(out.path()).is_empty(), "nothing written");
        // The internal edition, which shows every figure anyway, is built.
        safeguard(["build", "--quiet", "--data", dir, "--out", o, "--edition", "internal"]).expect_code(0);
    }
}

#[test]
fn settings_and_narrative_that_are_devices_pipes_or_huge_are_refused_without_hanging() {
    // report.toml linked to /dev/zero grew memory without limit; a narrative file that is a
    // pipe waited for ever.
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let toml = data.path().join("report.toml");
    std::fs::remove_file(&toml).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &toml).unwrap();
    safeguard(["validate", "--data", dir])
        .expect_code(1)
        .expect("report.toml: is a link to a file outside its folder, which is not followed");

    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let foreword = data.path().join("narrative/foreword.md");
    std::fs::remove_file(&foreword).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&foreword).status().unwrap();
    assert!(made.success(), "mkfifo");
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", out.path().to_str().unwrap()])
        .expect_code(1)
        .expect("narrative/foreword.md: is not a regular file");

    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    std::fs::write(data.path().join("narrative/foreword.md"), "a".repeat(5 << 20)).unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", out.path().to_str().unwrap()])
        .expect_code(1)
        .expect("narrative/foreword.md: is larger than 4194304 bytes");
    assert!(crate::util::files_under(out.path()).is_empty(), "nothing written");
}

#[test]
fn a_published_text_column_of_thousands_of_different_values_is_refused_clearly() {
    // 300,000 different agency names took 24 s and 2.8 GB and wrote a 177 MB figures.json, each
    // name a figure of its own. Agency names here are words (no digits), so the personal-data
    // check does not catch them: the count of different values does.
    let data = sample_copy();
    let path = data.path().join("training_attendance.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let word = |mut i: usize| {
        let mut w = String::new();
        for _ in 0..4 {
            w.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
        }
        w
    };
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut cells: Vec<&str> = line.split(',').collect();
        let name = format!("Agency {}", word(i));
        if i > 0 {
            cells[2] = &name;
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    let rows = text.lines().count() - 1;
    assert!(rows > 1_000, "the sample has {rows} attendance rows");
    std::fs::write(&path, out).unwrap();
    let dir = data.path().to_str().unwrap();
    safeguard(["validate", "--data", dir])
        .expect_code(1)
        .expect("training_attendance.csv")
        .expect("column C (Agency)")
        .expect("at most 1,000");
    let o = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", o.path().to_str().unwrap()]).expect_code(1);
    assert!(crate::util::files_under(o.path()).is_empty(), "nothing written");
}

#[test]
fn links_and_folders_out_of_the_data_folder_are_not_followed() {
    // contacts.csv linked to a file elsewhere on the machine was read, hashed into the manifest
    // and quoted in messages; report.toml could point narrative_dir and templates_dir anywhere.
    let secret = tempfile::tempdir().unwrap();
    let outside = secret.path().join("elsewhere.csv");
    std::fs::write(&outside, "ContactID,LAchildID\nsecret-words,here\n").unwrap();
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let contacts = data.path().join("contacts.csv");
    std::fs::remove_file(&contacts).unwrap();
    std::os::unix::fs::symlink(&outside, &contacts).unwrap();
    let run = safeguard(["validate", "--data", dir]);
    run.expect_code(1).expect("contacts.csv is a link to a file outside its folder, which is not followed");
    assert!(!run.stdout.contains("secret-words") && !run.stderr.contains("secret-words"), "nothing of it quoted");

    // A link within the folder is followed.
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let contacts = data.path().join("contacts.csv");
    std::fs::rename(&contacts, data.path().join("contacts-2018.csv")).unwrap();
    std::os::unix::fs::symlink("contacts-2018.csv", &contacts).unwrap();
    safeguard(["validate", "--data", dir]).expect_code(0);

    for (key, value) in [("narrative_dir", "../narrative"), ("narrative_dir", "/etc"), ("templates_dir", "../brand")] {
        let data = sample_copy();
        let toml = data.path().join("report.toml");
        let text = std::fs::read_to_string(&toml).unwrap().replace("narrative_dir = \"narrative\"\n", "");
        // A key goes before the file's tables (its [[priorities]]).
        std::fs::write(&toml, format!("{key} = \"{value}\"\n{text}")).unwrap();
        safeguard(["validate", "--data", data.path().to_str().unwrap()])
            .expect_code(1)
            .expect(&format!("`{key}` must be a folder inside the data folder"));
    }

    // The narrative folder linked to one outside.
    let data = sample_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    let narrative = data.path().join("narrative");
    std::fs::rename(&narrative, elsewhere.path().join("narrative")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("narrative"), &narrative).unwrap();
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()])
        .expect_code(1)
        .expect("the narrative folder is a link to a folder outside the data folder");
}

#[test]
fn a_narrative_folder_named_but_absent_is_a_warning() {
    // narrative_dir = "words" with no such folder built a report with none of the board's
    // words and said nothing.
    let data = sample_copy();
    let toml = data.path().join("report.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("narrative_dir = \"narrative\"", "narrative_dir = \"words\"")).unwrap();
    safeguard(["validate", "--data", data.path().to_str().unwrap()])
        .expect_code(0)
        .expect("warning: report.toml, line 10: narrative_dir = \"words\", but the data folder has no such folder");
}

#[test]
fn narrative_and_template_overrides_that_loop_for_ever_are_stopped_naming_the_file() {
    // One narrative line of nested loops ran for ever or took 4.9 GB.
    let looping = "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    std::fs::write(data.path().join("narrative/foreword.md"), format!("Our year.\n\n{looping}\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", o])
        .expect_code(1)
        .expect("narrative/foreword.md")
        .expect("takes more work than a narrative file may");
    assert!(crate::util::files_under(out.path()).is_empty(), "nothing written");

    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let brand = tempfile::tempdir().unwrap();
    std::fs::write(brand.path().join("section.html.j2"), looping).unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", o, "--templates", brand.path().to_str().unwrap()])
        .expect_code(3)
        .expect("section.html.j2")
        .expect("takes more work than a report may");
    assert!(crate::util::files_under(out.path()).is_empty(), "nothing written");
}

#[test]
fn control_characters_in_file_names_are_shown_not_obeyed() {
    // A data folder named with an escape sequence cleared the screen when a message named it.
    let data = sample_copy();
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data\u{1b}[2J");
    std::fs::rename(data.path(), &dir).unwrap();
    // A folder without the contract's files: the error names the folder.
    for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        if f.extension().is_some_and(|e| e == "csv") {
            std::fs::remove_file(f).unwrap();
        }
    }
    let run = safeguard(["validate", "--data", dir.to_str().unwrap()]);
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'), "{}{}", run.stdout, run.stderr);
    run.expect_code(1).expect("data\\u{1b}[2J");
    let out = tempfile::tempdir().unwrap();
    let run = safeguard(["build", "--data", dir.to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'), "{}{}", run.stdout, run.stderr);
}

#[test]
fn concurrent_builds_into_one_folder_each_finish_and_leave_one_whole_report() {
    // Writes into one --out are serialised by a lock on the folder around it, and each swaps
    // its report in with one rename. (Before, with two renames each, a build renaming the
    // folder away between another's two renames would fail; 100 tries did not hit that window,
    // so this test guards the lock rather than reproducing the race.)
    let data = sample_copy();
    let out = tempfile::tempdir().unwrap();
    let (d, o) = (data.path().to_str().unwrap().to_string(), out.path().to_str().unwrap().to_string());
    let builds: Vec<_> = (0..3)
        .map(|_| {
            let (d, o) = (d.clone(), o.clone());
            std::thread::spawn(move || safeguard(["build", "--quiet", "--data", &d, "--out", &o]))
        })
        .collect();
    for b in builds {
        b.join().unwrap().expect_code(0);
    }
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    names.sort();
    assert!(names.iter().all(|n| !n.starts_with('.')), "nothing left behind: {names:?}");
    let report = out.path().join(names.iter().find(|n| !n.ends_with("disclosure-audit")).unwrap());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("manifest.json")).unwrap()).unwrap();
    let listed = manifest["outputs"].as_array().expect("the manifest lists its files");
    for entry in listed {
        let name = entry["file"].as_str().unwrap();
        assert!(report.join(name).exists(), "{name} listed and written");
        if name == "manifest.json" {
            assert!(entry.get("sha256").is_none(), "a manifest cannot hold its own hash");
            continue;
        }
        // The hash the manifest gives is the file's own, worked out here from its bytes.
        let bytes = std::fs::read(report.join(name)).unwrap();
        let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(entry["sha256"].as_str(), Some(sha256.as_str()), "{name}'s hash");
    }
}

#[test]
fn an_expression_of_thousands_of_operators_is_refused_not_a_stack_overflow() {
    // Found by the fuzzer: `{{ value("lac.at_31_march" - - - … ) }}` with 100,000 minus signs
    // overflowed the stack while the template engine parsed it, and the process aborted.
    let deep = format!("{{{{ value(\"lac.at_31_march\"{}) }}}}", " -".repeat(50_000));
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    std::fs::write(data.path().join("narrative/foreword.md"), format!("Our year.\n\n{deep}\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", o])
        .expect_code(1)
        .expect("narrative/foreword.md, line 3")
        .expect("an expression or tag of more than 500 characters");

    let brand = tempfile::tempdir().unwrap();
    std::fs::write(brand.path().join("section.html.j2"), &deep).unwrap();
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", o, "--templates", brand.path().to_str().unwrap()])
        .expect_code(3)
        .expect("has, on line 1, an expression or tag of more than 500 characters");

    // The most a tag may nest within the limit is parsed, and refused as an expression, safely.
    let data = sample_copy();
    let dir = data.path().to_str().unwrap();
    let widest = format!("{{{{ {}1{} }}}}", "(".repeat(240), ")".repeat(240));
    let unary = format!("{{{{ {}1 }}}}", "-".repeat(480));
    std::fs::write(data.path().join("narrative/foreword.md"), format!("{widest}\n\n{unary}\n")).unwrap();
    let run = safeguard(["build", "--quiet", "--data", dir, "--out", o]);
    assert!(run.code == 0 || run.code == 1, "{}", run.all());
}
