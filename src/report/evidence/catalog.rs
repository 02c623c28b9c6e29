//! The frameworks rules map to, and the titles of their controls, so an evidence report can
//! name each control and not only its identifier. Every entry was checked against the
//! framework's own publication; docs/evidence.md lists them with where they come from. An
//! identifier a rule uses that is not here (a user's own rule, say) is shown without a title,
//! never with a guessed one.

/// One framework a rule may map to (`frameworks:` keys in rule files).
#[derive(Debug)]
pub struct Framework {
    /// The key in rule files (`owasp-llm-2025`).
    pub key: &'static str,
    pub name: &'static str,
    /// Which edition the identifiers and titles come from.
    pub edition: &'static str,
    pub url: &'static str,
    /// Controls with their official titles, in the framework's order.
    pub controls: &'static [(&'static str, &'static str)],
    /// Whether `controls` is the framework's whole list (then the report also names the
    /// controls no rule addresses), or only the identifiers aiposture's rules use.
    pub complete: bool,
}

impl Framework {
    pub fn title(&self, id: &str) -> Option<&'static str> {
        self.controls
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(id))
            .map(|(_, t)| *t)
    }

    /// Position of a control in the framework's order (unknown ones go last, by id).
    pub fn order(&self, id: &str) -> usize {
        self.controls
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(id))
            .unwrap_or(usize::MAX)
    }
}

/// OWASP Top 10 for LLM Applications 2025 (the GenAI Security Project's `2_0_vulns/` entries,
/// `LLM01:2025` ... `LLM10:2025`).
const OWASP_LLM_2025: &[(&str, &str)] = &[
    ("LLM01", "Prompt Injection"),
    ("LLM02", "Sensitive Information Disclosure"),
    ("LLM03", "Supply Chain"),
    ("LLM04", "Data and Model Poisoning"),
    ("LLM05", "Improper Output Handling"),
    ("LLM06", "Excessive Agency"),
    ("LLM07", "System Prompt Leakage"),
    ("LLM08", "Vector and Embedding Weaknesses"),
    ("LLM09", "Misinformation"),
    ("LLM10", "Unbounded Consumption"),
];

/// NIST AI RMF 1.0 (NIST AI 100-1, January 2023), Tables 1 to 4: the subcategories the rule
/// pack uses, with their statements as the framework words them.
const NIST_AI_RMF: &[(&str, &str)] = &[
    (
        "GOVERN-1.5",
        "Ongoing monitoring and periodic review of the risk management process and its outcomes are planned and organizational roles and responsibilities clearly defined, including determining the frequency of periodic review.",
    ),
    (
        "GOVERN-1.6",
        "Mechanisms are in place to inventory AI systems and are resourced according to organizational risk priorities.",
    ),
    (
        "MEASURE-2.7",
        "AI system security and resilience \u{2013} as identified in the MAP function \u{2013} are evaluated and documented.",
    ),
    (
        "MANAGE-1.3",
        "Responses to the AI risks deemed high priority, as identified by the MAP function, are developed, planned, and documented. Risk response options can include mitigating, transferring, avoiding, or accepting.",
    ),
];

/// ISO/IEC 42001:2023 Annex A (Table A.1): the controls the rule pack uses. Annex A is about
/// managing AI systems; the technical security controls that most rules check belong to
/// ISO/IEC 27001 Annex A, which ISO/IEC 42001 relies on, so few rules map here.
const ISO_42001: &[(&str, &str)] = &[("A.4.2", "Resource documentation")];

/// MITRE ATLAS mitigations (atlas-data `data/mitigations.yaml`, ATLAS 5.6.0), all of them.
const MITRE_ATLAS: &[(&str, &str)] = &[
    ("AML.M0000", "Limit Public Release of Information"),
    ("AML.M0001", "Limit Model Artifact Release"),
    ("AML.M0002", "Passive AI Output Obfuscation"),
    ("AML.M0003", "Model Hardening"),
    ("AML.M0004", "Restrict Number of AI Model Queries"),
    ("AML.M0005", "Control Access to AI Models and Data at Rest"),
    ("AML.M0006", "Use Ensemble Methods"),
    ("AML.M0007", "Sanitize Training Data"),
    ("AML.M0008", "Validate AI Model"),
    ("AML.M0009", "Use Multi-Modal Sensors"),
    ("AML.M0010", "Input Restoration"),
    ("AML.M0011", "Restrict Library Loading"),
    ("AML.M0012", "Encrypt Sensitive Information"),
    ("AML.M0013", "Code Signing"),
    ("AML.M0014", "Verify AI Artifacts"),
    ("AML.M0015", "Adversarial Input Detection"),
    ("AML.M0016", "Vulnerability Scanning"),
    ("AML.M0017", "AI Model Distribution Methods"),
    ("AML.M0018", "User Training"),
    (
        "AML.M0019",
        "Control Access to AI Models and Data in Production",
    ),
    ("AML.M0020", "Generative AI Guardrails"),
    ("AML.M0021", "Generative AI Guidelines"),
    ("AML.M0022", "Generative AI Model Alignment"),
    ("AML.M0023", "AI Bill of Materials"),
    ("AML.M0024", "AI Telemetry Logging"),
    ("AML.M0025", "Maintain AI Dataset Provenance"),
    ("AML.M0026", "Privileged AI Agent Permissions Configuration"),
    (
        "AML.M0027",
        "Single-User AI Agent Permissions Configuration",
    ),
    ("AML.M0028", "AI Agent Tools Permissions Configuration"),
    ("AML.M0029", "Human In-the-Loop for AI Agent Actions"),
    (
        "AML.M0030",
        "Restrict AI Agent Tool Invocation on Untrusted Data",
    ),
    ("AML.M0031", "Memory Hardening"),
    ("AML.M0032", "Segmentation of AI Agent Components"),
    (
        "AML.M0033",
        "Input and Output Validation for AI Agent Components",
    ),
    ("AML.M0034", "Deepfake Detection"),
];

/// The frameworks, in the order the report shows them. The keys are those the rule loader
/// accepts (`rules::load::FRAMEWORKS`).
pub const FRAMEWORKS: &[Framework] = &[
    Framework {
        key: "owasp-llm-2025",
        name: "OWASP Top 10 for LLM Applications",
        edition: "2025",
        url: "https://genai.owasp.org/resource/owasp-top-10-for-llm-applications-2025/",
        controls: OWASP_LLM_2025,
        complete: true,
    },
    Framework {
        key: "nist-ai-rmf",
        name: "NIST AI Risk Management Framework",
        edition: "1.0, NIST AI 100-1",
        url: "https://doi.org/10.6028/NIST.AI.100-1",
        controls: NIST_AI_RMF,
        complete: false,
    },
    Framework {
        key: "iso-42001",
        name: "ISO/IEC 42001 Annex A",
        edition: "2023",
        url: "https://www.iso.org/standard/81230.html",
        controls: ISO_42001,
        complete: false,
    },
    Framework {
        key: "mitre-atlas",
        name: "MITRE ATLAS mitigations",
        edition: "ATLAS 5.6.0",
        url: "https://atlas.mitre.org/mitigations",
        controls: MITRE_ATLAS,
        complete: true,
    },
];

pub fn framework(key: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|f| f.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_the_rule_loader() {
        let keys: Vec<&str> = FRAMEWORKS.iter().map(|f| f.key).collect();
        assert_eq!(keys, crate::rules::load::FRAMEWORKS);
    }

    #[test]
    fn every_builtin_mapping_has_a_title() {
        let (rules, _) = crate::rules::load::load_all(None).expect("rules load");
        for rule in &rules {
            for (key, ids) in &rule.frameworks {
                let f = framework(key).expect("known framework");
                for id in ids {
                    assert!(
                        f.title(id).is_some(),
                        "{}: {key} {id} has no title in the catalogue",
                        rule.id
                    );
                }
            }
        }
    }

    #[test]
    fn identifiers_are_unique() {
        for f in FRAMEWORKS {
            let mut ids: Vec<&str> = f.controls.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            let n = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), n, "{}", f.key);
        }
    }
}
