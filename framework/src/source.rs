//! Sources and source sections.

use std::fmt;
use std::rc::Rc;

/// A unit of guest source text with the name used in messages (e.g. `fib.sl`, `(eval)`).
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Rc<Source> {
        Rc::new(Source { name: name.into(), text: text.into() })
    }
}

/// A range of a [`Source`]: `start_offset`/`length_bytes` in bytes, `line`/`column` 1-based
/// (columns count characters) of the first character.
#[derive(Debug, Clone)]
pub struct SourceSection {
    pub source: Rc<Source>,
    pub start_offset: u32,
    pub length_bytes: u32,
    pub line: u32,
    pub column: u32,
}

impl SourceSection {
    /// The text the section covers (empty if the section is out of range).
    pub fn text(&self) -> &str {
        let start = self.start_offset as usize;
        let end = start + self.length_bytes as usize;
        self.source.text.get(start..end).unwrap_or("")
    }
}

impl fmt::Display for SourceSection {
    /// `NAME line L col C`, the form SL's messages use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {} col {}", self.source.name, self.line, self.column)
    }
}
