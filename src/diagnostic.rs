//! Problems met while reading inputs: a file that does not parse, is not text, is too large.
//! They are reported (JSON `errors`, stderr) and the scan goes on.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub message: String,
    /// `error` (an input could not be read; the run exits 2 unless findings make it 1) or
    /// `info` (something was deliberately not followed, e.g. a module `terraform init` fetches).
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Info,
}

impl Diagnostic {
    pub fn new(file: &str, line: Option<u32>, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: line.filter(|&l| l > 0),
            message,
            level: Level::Error,
        }
    }

    pub fn info(file: &str, line: Option<u32>, message: String) -> Diagnostic {
        Diagnostic {
            level: Level::Info,
            ..Diagnostic::new(file, line, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = if self.is_error() { "" } else { "info: " };
        match self.line {
            Some(line) => write!(f, "{}:{}: {level}{}", self.file, line, self.message),
            None => write!(f, "{}: {level}{}", self.file, self.message),
        }
    }
}
