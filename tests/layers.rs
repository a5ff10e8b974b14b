//! The layout's rules, checked on the source itself: every `crate::` or
//! `super::` path a file names (tests left out) is an arrow from its
//! module to the module it points into.
//!
//! 1. No ring of files that use each other, except a folder's `mod.rs`
//!    with its own files (a module and its parts are one unit).
//! 2. The stages are in order: a stage uses only the stages below it
//!    (`STAGES`, lowest first), never one above, and `domain` names
//!    nothing of the engine, the UI or the texts.
//!
//! `cargo test --test layers -- --nocapture` prints the stages' arrows.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages of the data's path and the layers above it, lowest first.
/// A module belongs to the longest prefix listed; it may use its own
/// stage and the ones listed before it, never one after.
const STAGES: &[&str] = &[
    "domain::lang",
    "domain::sample",
    "domain::ledger",
    "domain::import",
    "domain::analysis",
    "domain::calculators",
    "domain::dunning",
    "domain::export",
    "domain",
    "charts",
    "engine",
    "i18n",
    "ui::format",
    "ui::download",
    "ui::clipboard",
    "ui::storage",
    "ui::crash",
    "ui::state",
    "ui::offline",
    "ui::history_store",
    "ui::engine",
    "ui::calc_dom",
    "ui::widget",
    "ui::components",
    "ui::pages",
    "ui::app",
    "ui",
    "bin",
];

fn stage_of(module: &str) -> usize {
    STAGES
        .iter()
        .enumerate()
        .filter(|(_, s)| module == **s || module.starts_with(&format!("{s}::")))
        .max_by_key(|(_, s)| s.len())
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{module} is in no stage: add it to STAGES"))
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/domain/ledger/mod.rs` is `domain::ledger`;
/// the binaries are `bin::<name>`.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    match rel {
        "lib" => String::new(),
        "main" => "bin::main".into(),
        _ => rel.replace('/', "::"),
    }
}

/// The text with comments, string and char literals blanked, and every
/// `#[cfg(test)]` item (a test module) removed.
fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            i += end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") || rest.starts_with("br\"") {
            let start = rest.find('"').unwrap_or(0);
            let hashes = rest[..start].matches('#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let end = rest[start + 1..].find(&close).map_or(rest.len(), |e| start + 1 + e + close.len());
            out.push_str("\"\"");
            i += end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if b[i] == b'\'' && is_char_literal(rest) {
            let end = rest[1..].find('\'').map_or(rest.len(), |e| e + 2);
            out.push_str("' '");
            i += end;
        } else {
            let ch = rest.chars().next().expect("not at the end");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    without_tests(&out)
}

/// `'a'`, `'\n'`, `'\u{..}'`, `'{'`: a char literal, not a lifetime.
fn is_char_literal(rest: &str) -> bool {
    let mut chars = rest.chars().skip(1);
    match chars.next() {
        Some('\\') => true,
        Some(_) => chars.next() == Some('\''),
        None => false,
    }
}

/// The code without the items under `#[cfg(test)]`.
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its block's closing brace, or at `;`.
        let mut depth = 0usize;
        let mut end = after.len();
        for (k, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The paths of a `use` tree, flattened: `a::{b, c::{d}}` is `a::b`, `a::c::d`.
fn flatten(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let prefix = tree[..open].trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[start..k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
        parts.push(&inner[start..]);
        parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .flat_map(flatten)
            .map(|p| if p == "self" { prefix.to_string() } else { format!("{prefix}::{p}") })
            .collect()
    } else {
        vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()]
    }
}

/// Every path the code names that starts at the crate or a parent.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    // `use` trees, whose braces group paths.
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(end) = after.find(';') {
            paths.extend(flatten(&after[..end]));
        }
    }
    // Paths written in place (`crate::x::y(..)`, `super::Engine`).
    let b = code.as_bytes();
    for start in ["crate::", "super::", "encours::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b':') {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            if code[end..].starts_with('{') {
                // A `use` tree's group: read above, path by path.
                continue;
            }
            paths.push(code[at..end].trim_end_matches(':').to_string());
        }
    }
    paths
}

/// The module a path points into, from `module` (the file's own), among `known`.
fn target(path: &str, module: &str, known: &BTreeSet<String>) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if module.is_empty() { Vec::new() } else { module.split("::").collect() };
    // A binary names the library as `encours`.
    match segs.first() {
        Some(&"crate") | Some(&"encours") => {
            base.clear();
            segs.remove(0);
        }
        Some(&"super") => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        }
        _ => return None,
    }
    base.extend(segs);
    (1..=base.len()).rev().map(|n| base[..n].join("::")).find(|m| known.contains(m))
}

/// Is `a` the module `b` or inside it (or the reverse)?
fn nested(a: &str, b: &str) -> bool {
    a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::")) || b.is_empty() || a.is_empty()
}

struct Tree {
    /// Each module's arrows to the modules it uses (not its own).
    uses: BTreeMap<String, BTreeSet<String>>,
}

fn tree() -> Tree {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut texts = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        texts.insert(module_of(&rel), fs::read_to_string(f).expect("a source file reads"));
    }
    // A file declared under `#[cfg(test)]` (`#[cfg(test)] mod cases;`) is
    // a test: left out with what is below it.
    let mut tests = Vec::new();
    for (module, text) in &texts {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let item = rest.trim_start();
            let item = item.strip_prefix("pub(crate) ").or_else(|| item.strip_prefix("pub ")).unwrap_or(item);
            if let Some(decl) = item.strip_prefix("mod ") {
                if let Some(name) =
                    decl.split(';').next().filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    tests.push(if module.is_empty() { name.to_string() } else { format!("{module}::{name}") });
                }
            }
        }
    }
    texts.retain(|m, _| !tests.iter().any(|t| m == t || m.starts_with(&format!("{t}::"))));
    let known: BTreeSet<String> = texts.keys().cloned().collect();
    let mut uses = BTreeMap::new();
    for (module, text) in &texts {
        let mut to = BTreeSet::new();
        for path in paths_in(&code_of(text)) {
            if let Some(t) = target(&path, module, &known) {
                if t != *module {
                    to.insert(t);
                }
            }
        }
        uses.insert(module.clone(), to);
    }
    Tree { uses }
}

/// The rings of modules that use each other (strongly connected parts of
/// more than one module), a folder's `mod.rs` with its own files aside.
fn rings(uses: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let edges = |m: &String| -> Vec<String> {
        uses.get(m).map(|to| to.iter().filter(|t| !nested(m, t)).cloned().collect()).unwrap_or_default()
    };
    // Kosaraju: finish order, then the reversed graph.
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for start in uses.keys() {
        if seen.contains(start) {
            continue;
        }
        let mut stack = vec![(start.clone(), false)];
        while let Some((m, done)) = stack.pop() {
            if done {
                order.push(m);
                continue;
            }
            if !seen.insert(m.clone()) {
                continue;
            }
            stack.push((m.clone(), true));
            for t in edges(&m) {
                if !seen.contains(&t) {
                    stack.push((t, false));
                }
            }
        }
    }
    let mut reverse: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in uses.keys() {
        for t in edges(m) {
            reverse.entry(t).or_default().push(m.clone());
        }
    }
    let mut placed = BTreeSet::new();
    let mut found = Vec::new();
    for m in order.into_iter().rev() {
        if placed.contains(&m) {
            continue;
        }
        let mut part = Vec::new();
        let mut stack = vec![m];
        while let Some(x) = stack.pop() {
            if !placed.insert(x.clone()) {
                continue;
            }
            stack.extend(reverse.get(&x).cloned().unwrap_or_default());
            part.push(x);
        }
        if part.len() > 1 {
            part.sort();
            found.push(part);
        }
    }
    found
}

#[test]
fn no_two_files_use_each_other() {
    let t = tree();
    let found = rings(&t.uses);
    assert!(found.is_empty(), "modules that use each other: {found:#?}");
}

#[test]
fn every_stage_uses_only_the_stages_below_it() {
    let t = tree();
    let mut up = Vec::new();
    let mut arrows: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, tos) in &t.uses {
        if from.is_empty() {
            continue;
        }
        let s = stage_of(from);
        for to in tos.iter().filter(|to| !to.is_empty()) {
            let d = stage_of(to);
            if d > s {
                up.push(format!("{from} -> {to} ({} uses {})", STAGES[s], STAGES[d]));
            }
            if d != s {
                arrows.entry(STAGES[s]).or_default().insert(STAGES[d]);
            }
        }
    }
    for (from, tos) in &arrows {
        println!("{from} -> {}", tos.iter().copied().collect::<Vec<_>>().join(", "));
    }
    assert!(up.is_empty(), "arrows up: {up:#?}");
}

#[test]
fn the_checker_sees_rings_and_arrows() {
    // What the two rules read, on a made-up tree.
    let code = code_of(
        "use crate::a::{b, c::{self, D}};\n// use crate::z;\nfn f() { super::g(); let s = \"crate::y\"; }\n\
         #[cfg(test)]\nmod tests { use crate::q; }\n",
    );
    let paths = paths_in(&code);
    for p in ["crate::a::b", "crate::a::c", "crate::a::c::D", "super::g"] {
        assert!(paths.contains(&p.to_string()), "{p} in {paths:?}");
    }
    assert!(!paths.iter().any(|p| p.contains('z') || p.contains('y') || p.contains('q')), "{paths:?}");
    let known: BTreeSet<String> = ["a", "a::c", "x", "x::g"].iter().map(|s| s.to_string()).collect();
    assert_eq!(target("crate::a::c::D", "x", &known), Some("a::c".into()));
    assert_eq!(target("super::g", "x::h", &known), Some("x::g".into()));
    let mut uses = BTreeMap::new();
    uses.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    uses.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    uses.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    uses.insert("d".to_string(), BTreeSet::from(["d::e".to_string()]));
    uses.insert("d::e".to_string(), BTreeSet::from(["d".to_string()]));
    assert_eq!(rings(&uses), vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    assert!(stage_of("domain::import::csv") < stage_of("engine::figures"));
}
