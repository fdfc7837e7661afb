//! Mutation fuzzing of every reader (each CSV file of the contract, the CIN census in XML and
//! years' returns in subfolders, `report.toml`, the narrative's Markdown), through the binary: small synthetic data folders are mutated the way
//! real files go wrong and the way hostile ones are made (bytes flipped, quotes and line ends
//! inserted, lines duplicated, swapped or cut, headers swapped, cells made enormous, bytes that
//! are not UTF-8), and `validate`, `figures` and `build` must each end with a status of their
//! own: never a panic (101), a signal, or a hang.
//!
//! `cargo test` runs it for 20 seconds. A long run (the README's testing notes):
//!
//! ```sh
//! SAFEGUARD_FUZZ_SECONDS=3600 SAFEGUARD_FUZZ_SEED=7 SAFEGUARD_FUZZ_BIN=target/release/safeguard \
//!     cargo test --test integration fuzz -- --nocapture
//! ```
//!
//! A failing case is kept under the system's temporary folder and named in the failure, with
//! the seed and round that rebuild it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// xorshift64*: the harness's own, so a seed gives the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Bytes that break parsers: separators, quotes, line ends, a NUL, an escape, bytes that are
/// not UTF-8, a BOM, digits and dates that change meaning.
const SPICE: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r",
    b"\r\n",
    b"\0",
    b"\x1b[2J",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b";",
    b"\t",
    b"9999999999999999999999",
    b"-1",
    b"1900-01-01",
    b"31/02/2017",
    b"NaN",
    b"1e308",
    b"{{ x }}",
    b"{% for a in range(9) %}",
    b"= [",
    b"[[x]]",
    b"lea = 1",
    // XML's own ways of breaking.
    b"<",
    b"</Child>",
    b"<CINdetails>",
    b"&amp;",
    b"&bogus;",
    b"&#0;",
    b"&#x110000;",
    b"<![CDATA[2A]]>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
];

/// One mutation of `bytes`, chosen by `rng`.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    let at = rng.below(len + 1);
    match rng.below(10) {
        0 if len > 0 => bytes[at.min(len - 1)] ^= 1 << rng.below(8),
        1 => {
            let spice = SPICE[rng.below(SPICE.len())];
            bytes.splice(at..at, spice.iter().copied());
        }
        2 if len > 0 => {
            let end = (at + rng.below(64)).min(len);
            bytes.drain(at.min(end)..end);
        }
        3 => bytes.truncate(at),
        4 | 5 => {
            let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            match rng.below(3) {
                0 => lines.swap(i, j),
                1 => {
                    let copy = lines[i].clone();
                    lines.insert(j, copy);
                }
                _ => {
                    lines.remove(i);
                }
            }
            *bytes = lines.join(&b'\n');
        }
        6 => {
            // Two cells of one line swapped: with the header, the swapped-columns mistake.
            let line = if rng.below(2) == 0 { 0 } else { rng.below(20) };
            let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            if let Some(l) = lines.get_mut(line) {
                let mut cells: Vec<Vec<u8>> = l.split(|&b| b == b',').map(<[u8]>::to_vec).collect();
                let (i, j) = (rng.below(cells.len()), rng.below(cells.len()));
                cells.swap(i, j);
                *l = cells.join(&b',');
            }
            *bytes = lines.join(&b'\n');
        }
        7 => {
            // A cell made enormous (past the 65,535 characters of a format width).
            let long = vec![b"aZ9-"[rng.below(4)]; 1 << (10 + rng.below(8))];
            bytes.splice(at..at, long);
        }
        8 => {
            let byte = rng.next() as u8;
            bytes.splice(at..at, std::iter::repeat_n(byte, 1 + rng.below(8)));
        }
        _ => {
            // A stretch copied from elsewhere in the file.
            if len > 0 {
                let from = rng.below(len);
                let piece: Vec<u8> = bytes[from..(from + rng.below(200)).min(len)].to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
}

fn binary() -> PathBuf {
    std::env::var_os("SAFEGUARD_FUZZ_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_safeguard")), PathBuf::from)
}

/// Runs one command; `Err` says how it failed the harness (a panic, a signal or a hang).
fn run(args: &[&str]) -> Result<(), String> {
    // Messages go to a file: a pipe nobody reads while waiting fills and stops the child.
    let log = tempfile::tempfile().map_err(|e| e.to_string())?;
    let mut child = Command::new(binary())
        .args(args)
        .stdout(Stdio::null())
        .stderr(log.try_clone().map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot start safeguard: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            return Err(format!("`safeguard {}` ran for more than two minutes", args.join(" ")));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    let mut log = log;
    let _ = std::io::Seek::seek(&mut log, std::io::SeekFrom::Start(0));
    let _ = std::io::Read::read_to_string(&mut log, &mut stderr);
    match status.code() {
        Some(101) => Err(format!("`safeguard {}` panicked:\n{stderr}", args.join(" "))),
        None => Err(format!("`safeguard {}` was killed by a signal:\n{stderr}", args.join(" "))),
        Some(_) if stderr.contains("panicked") => Err(format!("`safeguard {}` panicked:\n{stderr}", args.join(" "))),
        Some(_) => Ok(()),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = crate::util::files_under(dir);
    all.sort();
    all
}

#[test]
fn no_mutated_input_makes_any_command_panic_or_hang() {
    let seconds = env_u64("SAFEGUARD_FUZZ_SECONDS", 20);
    let seed = env_u64("SAFEGUARD_FUZZ_SEED", 1).max(1);
    let work = tempfile::tempdir().unwrap();
    // Bases: one authority and two, at sizes where each command takes a fraction of a second.
    let mut bases = Vec::new();
    for (i, las) in ["1", "2"].iter().enumerate() {
        let base = work.path().join(format!("base{i}"));
        let made = Command::new(binary())
            .args(["synth", "--out", base.to_str().unwrap(), "--las", las, "--scale", "0.03", "--years", "2"])
            .args(["--seed", &(seed + i as u64).to_string()])
            .output()
            .unwrap();
        assert!(made.status.success(), "synth: {}", String::from_utf8_lossy(&made.stderr));
        bases.push(base);
    }
    // And a folder of two years' returns: SSDA903 CSVs and CIN censuses in XML.
    let returns = work.path().join("base_returns");
    let made = Command::new(binary())
        .args(["synth", "--out", returns.to_str().unwrap(), "--scale", "0.03", "--years", "2", "--returns"])
        .args(["--seed", &seed.to_string()])
        .output()
        .unwrap();
    assert!(made.status.success(), "synth: {}", String::from_utf8_lossy(&made.stderr));
    bases.push(returns.join("returns"));
    let started = Instant::now();
    let mut rounds = 0u64;
    while rounds == 0 || started.elapsed() < Duration::from_secs(seconds) {
        let mut rng =
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ rounds.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let base = &bases[rng.below(bases.len())];
        let case = work.path().join("case");
        let _ = std::fs::remove_dir_all(&case);
        for from in files(base) {
            let to = case.join(from.strip_prefix(base).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
        // One to three files, one to four mutations each.
        let all = files(&case);
        for _ in 0..1 + rng.below(3) {
            let path = &all[rng.below(all.len())];
            let mut bytes = std::fs::read(path).unwrap();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut bytes);
            }
            std::fs::write(path, bytes).unwrap();
        }
        let (data, out) = (case.to_str().unwrap().to_string(), work.path().join("out"));
        let _ = std::fs::remove_dir_all(&out);
        let out = out.to_str().unwrap().to_string();
        let commands: [&[&str]; 3] = [
            &["validate", "--data", &data],
            &["figures", "--format", "json", "--data", &data],
            &["build", "--quiet", "--data", &data, "--out", &out],
        ];
        for args in commands {
            if let Err(why) = run(args) {
                let kept = std::env::temp_dir().join(format!("safeguard-fuzz-{seed}-{rounds}"));
                let _ = std::fs::remove_dir_all(&kept);
                std::fs::rename(&case, &kept).unwrap();
                panic!("seed {seed}, round {rounds}: {why}\nthe input is kept in {}", kept.display());
            }
        }
        rounds += 1;
    }
    eprintln!(
        "fuzz: {rounds} rounds in {:.0} s, seed {seed}, no panic, signal or hang",
        started.elapsed().as_secs_f64()
    );
}
