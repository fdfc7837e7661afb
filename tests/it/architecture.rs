//! The layout the README describes, checked: no import cycle between source files, and no
//! source file too long to read (synth's world model excepted).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines a source file may have; synth's world model is one long simulation, read as a whole.
const MAX_LINES: usize = 600;
const LONG_ALLOWED: &[&str] = &["src/synth/world.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file (not the binary's `main.rs`) by its module path.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    for path in crate::util::files_under(&src()) {
        let rel = path.strip_prefix(src()).unwrap();
        if rel.extension().is_none_or(|e| e != "rs") || rel == Path::new("main.rs") {
            continue;
        }
        let mut parts: Vec<String> = rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        out.insert(parts, path);
    }
    out
}

/// The production code of a file: test modules (at the end, by convention) and comments cut.
fn code(text: &str) -> String {
    let body = text.split("\n#[cfg(test)]").next().unwrap_or(text);
    body.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// `a::{b, c::{d, self}}` → `a::b`, `a::c::d`, `a::c`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| if p == "self" { prefix.to_string() } else { format!("{prefix}::{p}") })
        .collect()
}

/// Every path a file's code names: its `use` trees expanded, and `a::b` paths in the code.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = String::new();
    for stmt in code.split_inclusive(';') {
        let trimmed = stmt.trim_start();
        let after_vis = ["pub(crate) ", "pub(super) ", "pub "].iter().find_map(|v| trimmed.strip_prefix(v));
        match after_vis.unwrap_or(trimmed).strip_prefix("use ") {
            Some(tree) => out.extend(expand(tree.trim_end_matches(';')).into_iter().map(|p| split(&p))),
            None => rest.push_str(stmt),
        }
    }
    let bytes = rest.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if ident(bytes[i]) && (i == 0 || !ident(bytes[i - 1]) && bytes[i - 1] != b':') {
            let mut j = i;
            while j < bytes.len() && (ident(bytes[j]) || bytes[j..].starts_with(b"::")) {
                j += if bytes[j] == b':' { 2 } else { 1 };
            }
            let path = &rest[i..j];
            if path.contains("::") {
                out.push(split(path));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn split(path: &str) -> Vec<String> {
    path.split("::").map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The module file a path from module `here` refers to, if it is one of ours.
fn resolve(here: &[String], path: &[String], known: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    let (mut base, mut rest) = match path.first()?.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (here.to_vec(), &path[1..]),
        "super" => (here.to_vec(), path),
        first => {
            let mut child = here.to_vec();
            child.push(first.to_string());
            if !known.contains_key(&child) {
                return None;
            }
            (here.to_vec(), path)
        }
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (0..=full.len()).rev().map(|n| full[..n].to_vec()).find(|m| known.contains_key(m))
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let known = modules();
    let mut edges = BTreeMap::new();
    for (module, path) in &known {
        let text = std::fs::read_to_string(path).unwrap();
        let targets: BTreeSet<Vec<String>> =
            paths(&code(&text)).iter().filter_map(|p| resolve(module, p, &known)).filter(|t| t != module).collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

fn name(m: &[String]) -> String {
    if m.is_empty() { "crate".into() } else { m.join("::") }
}

/// A cycle in the graph, as the modules around it, if there is one.
fn find_cycle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit<'a>(
        m: &'a Vec<String>,
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<&'a Vec<String>, u8>,
        stack: &mut Vec<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(m, 1);
        stack.push(m);
        for t in edges.get(m).into_iter().flatten() {
            match state.get(t).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| *s == t).unwrap_or(0);
                    let mut cycle: Vec<String> = stack[from..].iter().map(|s| name(s)).collect();
                    cycle.push(name(t));
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(t, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m, 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if state.get(m).copied().unwrap_or(0) == 0
            && let Some(c) = visit(m, edges, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_checker_sees_uses_paths_and_cycles() {
    let module = |s: &str| split(s);
    let known: BTreeMap<Vec<String>, PathBuf> =
        ["", "a", "a::b", "a::c", "d"].iter().map(|m| (module(m), PathBuf::new())).collect();
    let code = "use super::{b::Thing, self};\nuse crate::d;\nfn f() { c::run(); std::mem::drop(1); }";
    let found: BTreeSet<String> =
        paths(code).iter().filter_map(|p| resolve(&module("a::b"), p, &known)).map(|m| name(&m)).collect();
    // From a::b: super::b is itself, super::self is a, crate::d is d; c:: is no child of a::b.
    assert_eq!(found, ["a", "a::b", "d"].iter().map(|s| s.to_string()).collect());
    let edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = [
        (module("a"), [module("d")].into()),
        (module("d"), [module("a::c")].into()),
        (module("a::c"), [module("a")].into()),
    ]
    .into();
    assert_eq!(find_cycle(&edges), Some(vec!["a".into(), "d".into(), "a::c".into(), "a".into()]));
}

#[test]
fn no_source_file_imports_itself_round_a_cycle() {
    let edges = graph();
    assert!(edges.len() > 40, "every source file is seen");
    // The pipeline's order, in the large: the stage modules depend only on earlier ones.
    let uses = |a: &str, b: &str| {
        edges.iter().any(|(m, ts)| name(m).starts_with(a) && ts.iter().any(|t| name(t).starts_with(b)))
    };
    assert!(uses("report", "indicators") && !uses("indicators", "report"));
    assert!(uses("indicators", "frames") && !uses("frames", "indicators"));
    assert!(!uses("load", "settings") && !uses("load", "validate"));
    assert_eq!(find_cycle(&edges), None, "an import cycle");
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let long: Vec<String> = modules()
        .values()
        .filter(|p| !LONG_ALLOWED.iter().any(|a| p.ends_with(a)))
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}
