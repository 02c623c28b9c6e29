//! Problems met while reading inputs: a file that does not parse, is not text, is too large.
//! They are reported (JSON `errors`, stderr) and the scan goes on.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &str, line: Option<u32>, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: line.filter(|&l| l > 0),
            message,
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
