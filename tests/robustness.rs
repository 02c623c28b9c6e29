//! Nothing panics on user input. Every Terraform and CloudFormation fixture in testdata is
//! mutated many times
//! (truncated, cut, duplicated, spliced with tokens that stress the parser and evaluator) and
//! each mutant goes through parsing, evaluation and every rule. Deterministic, so a failure
//! reproduces; the seed and mutant are printed when one panics.

use std::path::{Path, PathBuf};

use aiposture::model::ResourceSet;
use aiposture::rules::engine;
use aiposture::rules::load::load_all;
use aiposture::source::awsconfig;
use aiposture::source::cloudformation::{self, CfnOptions};
use aiposture::source::terraform::{load_module, plan, TerraformOptions};
use aiposture::source::SourceFile;

/// A small xorshift generator: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&str] = &[
    // CloudFormation and YAML
    "!Ref ",
    "!Sub \"${",
    "!If [",
    "&a ",
    "*a",
    "- ",
    ": ",
    "\t",
    "{Ref: ",
    "\"Fn::Join\": [",
    "AWS::NoValue",
    "!GetAtt X.Y",
    "---\n",
    "? ",
    // HCL
    "${",
    "}",
    "{",
    "\"",
    "[",
    "]",
    "(",
    ")",
    "%{if x}",
    "%{endif}",
    "<<EOT\n",
    "<<-EOT\n",
    "\nEOT\n",
    "var.",
    "local.",
    "data.",
    "aws_kms_key.k.arn",
    "jsonencode(",
    "file(\"/etc/passwd\")",
    "...",
    "*",
    "[*]",
    "for x in y : x",
    "?",
    ":",
    "==",
    "!",
    "-",
    "1e999",
    "\u{0}",
    "\u{feff}",
    "é",
    "count = 0\n",
    "dynamic \"x\" {",
    "null",
    "\\",
    "\n",
    "#",
    "//",
    "/*",
    "*/",
    "=",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let len = s.len();
        match rng.below(5) {
            0 => s.truncate(rng.below(len + 1)),
            1 => {
                let a = rng.below(len + 1);
                let b = (a + rng.below(40)).min(len);
                s.drain(a..b);
            }
            2 => {
                let a = rng.below(len + 1);
                let b = (a + rng.below(80)).min(len);
                let chunk: Vec<char> = s[a..b].to_vec();
                let at = rng.below(len + 1);
                s.splice(at..at, chunk);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                s.splice(at..at, token.chars());
            }
        }
    }
    s.into_iter().collect()
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            fixtures(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "tf" || e == "json" || e == "tfvars")
        {
            out.push(p);
        }
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let (rules, _) = load_all(None).expect("rules");
    let mut files = Vec::new();
    fixtures(Path::new("testdata"), &mut files);
    files.sort();
    assert!(files.len() > 20);
    // AIPOSTURE_FUZZ_ROUNDS=2000 for a long run; CI runs the default.
    let rounds: usize = std::env::var("AIPOSTURE_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("AIPOSTURE_FUZZ_SEED")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_ef01);
    let mut rng = Rng(seed);
    let mut mutants = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("main.tf");
        for round in 0..rounds {
            let mutant = mutate(&text, &mut rng);
            let sources = vec![SourceFile {
                rel: name.to_string(),
                abs: path.clone(),
                text: mutant.clone(),
            }];
            let result = std::panic::catch_unwind(|| {
                let dir = path.parent().unwrap_or(Path::new("."));
                let resources = if name == "snapshot.json" {
                    awsconfig::load_config_file(&sources[0])
                        .map(|(resources, _)| resources)
                        .unwrap_or_default()
                } else if name == "plan.json" {
                    plan::load_plan(&sources[0], &Default::default()).unwrap_or_default()
                } else if name.ends_with(".yaml") || name == "template.json" {
                    match cloudformation::load_template(&sources[0], &CfnOptions::default()) {
                        Some(Ok(resources)) => resources,
                        _ => Vec::new(),
                    }
                } else {
                    load_module(dir, &sources, &TerraformOptions::default()).resources
                };
                let set = ResourceSet::new(resources);
                engine::run(&rules, std::slice::from_ref(&set), &Default::default())
            });
            if result.is_err() {
                panic!(
                    "panic on mutant {round} of {}:\n-----\n{mutant}\n-----",
                    path.display()
                );
            }
            mutants += 1;
        }
    }
    assert!(mutants >= 1000, "only {mutants} mutants");
}
