//! Sources and source sections.

use std::fmt;
use std::rc::Rc;

/// A unit of guest source text with the name used in messages (e.g. `fib.sl`, `(eval)`).
#[derive(Debug)]
pub struct Source {
    /// The name in messages.
    pub name: String,
    /// The text.
    pub text: String,
}

impl Source {
    /// A source named `name` with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Rc<Source> {
        Rc::new(Source { name: name.into(), text: text.into() })
    }
}

/// A range of a [`Source`]: `start_offset`/`length_bytes` in bytes, `line`/`column` 1-based
/// (columns count characters) of the first character.
#[derive(Debug, Clone)]
pub struct SourceSection {
    /// The source text the range is in.
    pub source: Rc<Source>,
    /// Byte offset of the first character.
    pub start_offset: u32,
    /// Length in bytes.
    pub length_bytes: u32,
    /// Line of the first character, 1-based.
    pub line: u32,
    /// Column of the first character, 1-based, in characters.
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
