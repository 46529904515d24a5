//! Compile errors (spec §4) and their rendering (spec §14.3).

use super::ast::Position;
use std::fmt;

/// Why a class file does not compile. Every cause is the guest program's fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// The text does not follow the grammar: `expected` says what could come at the token.
    Syntax {
        /// `')'`, `end of file`, ...
        found: String,
        /// `an expression or ')'`
        expected: String,
    },
    /// `m: a n: a`: two arguments/temporaries of one method or block share a name.
    ShadowedVariable(String),
    /// `| a a |`: a field declared twice on one side of a class.
    DuplicateField(String),
    /// A field with the name of a field of a superclass.
    FieldInSuperclass(String),
    /// `g := 1` where `g` is no local, argument or field.
    NoSuchField(String),
    /// `'\a'`: the character after the backslash.
    UnknownEscape(char),
    /// `self := 1`: assignment to `self`, `super`, `nil`, `true` or `false`.
    AssignmentToPseudoVariable(String),
    /// More than `limit` open `(`, `[` and `#(` at once: a limit of this implementation (the
    /// parser recurses per level), not of the language.
    NestedTooDeeply {
        /// [`MAX_NESTING_LEVELS`](super::MAX_NESTING_LEVELS)
        limit: usize,
    },
}

/// The MESSAGE line of §14.3 (wording of §4 where it prescribes one).
impl fmt::Display for CompileErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileErrorKind::Syntax { found, expected } => {
                write!(f, "Syntax error: found {found}, expected {expected}")
            }
            CompileErrorKind::ShadowedVariable(name) => {
                write!(f, "Variable '{name}' shadows another of the same name")
            }
            CompileErrorKind::DuplicateField(name) => {
                write!(f, "Field '{name}' has already been defined in this class.")
            }
            CompileErrorKind::FieldInSuperclass(name) => {
                write!(f, "Field '{name}' is already defined in a superclass.")
            }
            CompileErrorKind::NoSuchField(name) => write!(f, "No such field '{name}' in class"),
            CompileErrorKind::UnknownEscape(c) => write!(f, "Unknown escape sequence '\\{c}'"),
            CompileErrorKind::AssignmentToPseudoVariable(name) => {
                write!(f, "Cannot assign to the pseudo-variable '{name}'")
            }
            CompileErrorKind::NestedTooDeeply { limit } => write!(
                f,
                "Nested too deeply: more than {limit} levels of parentheses, blocks and literal arrays"
            ),
        }
    }
}

/// A compile error: its cause, where it is, and the source line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Why.
    pub kind: CompileErrorKind,
    /// The offending token (1-based line and column).
    pub position: Position,
    /// The whole source line of `position`, untrimmed, without its line end.
    pub source_line: String,
}

impl CompileError {
    /// The report of §14.3, ending in a newline:
    ///
    /// ```text
    /// File 'PATH', line L, column C:
    ///   SOURCE LINE (trimmed)
    /// MESSAGE
    /// ```
    pub fn render(&self, path: &str) -> String {
        format!(
            "File '{path}', line {}, column {}:\n  {}\n{}\n",
            self.position.line,
            self.position.column_1based(),
            self.source_line.trim(),
            self.kind
        )
    }
}

/// `line:column: MESSAGE`
impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.kind)
    }
}

impl std::error::Error for CompileError {}

/// Converts byte offsets into [`Position`]s and makes errors with their source line.
pub(crate) struct SourceMap<'s> {
    text: &'s str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'s> SourceMap<'s> {
    pub(crate) fn new(text: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap { text, line_starts }
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        Position { offset, line: saturate(line + 1), column: saturate(column + 1) }
    }

    /// The text of the line `position` is on, without its line end.
    pub(crate) fn line_text(&self, position: Position) -> &'s str {
        let line = (position.line as usize).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |&e| e - 1);
        self.text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    pub(crate) fn error_at(&self, position: Position, kind: CompileErrorKind) -> CompileError {
        CompileError { kind, position, source_line: self.line_text(position).to_string() }
    }

    pub(crate) fn error(&self, offset: usize, kind: CompileErrorKind) -> CompileError {
        self.error_at(self.position(offset), kind)
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
