//! Embeds the rule pack (`rules/*.yaml`) into the binary, with one flagged and one passing
//! example per rule and format taken from the rule's fixtures (`testdata/rules/ID/FORMAT/`), so
//! `aiposture explain` prints the same page as docs/rules/ID.md.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static RULES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    out.push_str(&examples(&names));
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("embedded_rules.rs");
    std::fs::write(dest, out).expect("write embedded_rules.rs");
}

/// Case names that make poor examples (edge cases, generated twins): used only when nothing
/// better exists.
const EDGE: &[&str] = &[
    "unknown",
    "condition",
    "count",
    "zero",
    "empty",
    "-json",
    "-longform",
    "plan",
    "module",
    "novalue",
    "dynamic",
    "for-each",
    "tfvars",
    "variable",
    "parameter",
];

fn examples(names: &[String]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from(
        "/// (rule id, format, flagged?, path under the repository, text)\npub static EXAMPLES: &[(&str, &str, bool, &str, &str)] = &[\n",
    );
    for name in names {
        let id = name.trim_end_matches(".yaml");
        for format in ["terraform", "cloudformation", "awsconfig"] {
            for (kind, flagged) in [("fail", true), ("pass", false)] {
                let dir = root.join(id).join(format).join(kind);
                let Some(file) = pick_case(&dir).and_then(|case| pick_file(&case)) else {
                    continue;
                };
                let rel = file
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    ({id:?}, {format:?}, {flagged}, {:?}, include_str!({:?})),",
                    rel.trim_start_matches('/'),
                    file.display().to_string()
                );
            }
        }
    }
    out.push_str("];\n");
    out
}

/// The first case, by name, that is not an edge case; else the first case.
fn pick_case(dir: &Path) -> Option<std::path::PathBuf> {
    let mut cases: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let plain = cases.iter().find(|c| {
        let n = c
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        !EDGE.iter().any(|e| n.contains(e))
    });
    plain.or(cases.first()).cloned()
}

/// The case's main file: main.tf or template.yaml when present, else the first source file.
fn pick_file(case: &Path) -> Option<std::path::PathBuf> {
    for preferred in ["main.tf", "template.yaml", "template.yml"] {
        let p = case.join(preferred);
        if p.is_file() {
            return Some(p);
        }
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(case)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            p.is_file()
                && (n.ends_with(".tf")
                    || n.ends_with(".tf.json")
                    || n.ends_with(".yaml")
                    || n.ends_with(".yml")
                    || n.ends_with(".json")
                    || n.ends_with(".template"))
                && n != "aiposture.toml"
        })
        .collect();
    files.sort();
    files.into_iter().next()
}
