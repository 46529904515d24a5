//! The SOM front end: a class file's text to a [`ClassDef`], or the first [`CompileError`].
//!
//! ```
//! let class = som::parser::parse_class("Counter = ( | n | inc = ( n := n + 1 ) )").unwrap();
//! assert_eq!(class.instance_methods[0].selector, "inc");
//!
//! let error = som::parser::parse_class("A = ( m: a n: a = ( ) )").unwrap_err();
//! assert_eq!(
//!     error.render("A.som"),
//!     "File 'A.som', line 1, column 15:\n  A = ( m: a n: a = ( ) )\n\
//!      Variable 'a' shadows another of the same name\n"
//! );
//! ```
//!
//! * `som.pest` is the lexical syntax (§2) and the grammar (§3); pest rejects what does not
//!   follow them, and the error names the token found and what the grammar expected there.
//! * `tree.rs` builds the tree and applies, in source order, the rules of §4 that need no other
//!   class: duplicate arguments/temporaries of one method or block, duplicate fields on one
//!   side of a class, unknown string escapes, assignments to pseudo-variables.
//! * [`check_inherited`] applies the rules that need the superclass chain; the class loader
//!   calls it with the inherited field names.
//!
//! Positions are byte offsets with 1-based lines and columns counted in characters; only LF
//! starts a line.
//!
//! Limit: the parser recurses per nesting level of parentheses, blocks and literal arrays, so
//! a file that opens more than [`MAX_NESTING_LEVELS`] of them at once is refused, by a linear
//! lexical scan before parsing, at the first bracket past the limit (a syntax error earlier in
//! the file is not reported instead). At the limit, parsing fits in a 2 MiB stack (release
//! build).

mod ast;
mod check;
mod error;
mod grammar;
mod tree;

#[cfg(test)]
mod tests;

pub use ast::*;
pub use check::check_inherited;
pub use error::{CompileError, CompileErrorKind};

use error::SourceMap;
use grammar::{Rule, SomGrammar};
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

/// How many `(`, `[` and `#(` a class file may have open at once (the class body's `(` counts).
pub const MAX_NESTING_LEVELS: usize = 128;

/// Parses one class file (spec §3) and applies the checks of §4 that need no other class.
pub fn parse_class(text: &str) -> Result<ClassDef, CompileError> {
    let map = SourceMap::new(text);
    if let Some(offset) = too_deep(text) {
        return Err(map.error(offset, CompileErrorKind::NestedTooDeeply { limit: MAX_NESTING_LEVELS }));
    }
    match SomGrammar::parse(Rule::class_def, text) {
        Ok(mut pairs) => {
            let builder = tree::Builder { map: &map };
            match pairs.next() {
                Some(class) => builder.class_def(class),
                None => Err(syntax_error(&map, text, 0, "a class definition".to_string())),
            }
        }
        Err(rejected) => {
            let offset = match rejected.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((p, _)) => p,
            };
            let expected = match &rejected.variant {
                ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
                ErrorVariant::CustomError { message } => message.clone(),
            };
            Err(syntax_error(&map, text, offset, expected))
        }
    }
}

/// The offset of the first `(` or `[` past [`MAX_NESTING_LEVELS`] open ones, outside comments
/// and strings.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut bytes = text.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'"' => {
                bytes.find(|&(_, c)| c == b'"');
            }
            b'\'' => {
                while let Some((_, c)) = bytes.next() {
                    match c {
                        b'\\' => {
                            bytes.next();
                        }
                        b'\'' => break,
                        _ => {}
                    }
                }
            }
            b'(' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING_LEVELS {
                    return Some(i);
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn syntax_error(map: &SourceMap<'_>, text: &str, offset: usize, expected: String) -> CompileError {
    let found = describe_found(text.get(offset..).unwrap_or(""));
    map.error(offset, CompileErrorKind::Syntax { found, expected })
}

/// The token at the start of `rest`, quoted: `'foo'`, `'42'`, `'+='`, `')'`, or `end of file`.
fn describe_found(rest: &str) -> String {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else { return "end of file".to_string() };
    // A complete string or comment would have been skipped or parsed.
    match first {
        '\'' if !string_ends(chars.clone()) => return "an unterminated string".to_string(),
        '"' => return "an unterminated comment".to_string(),
        _ => {}
    }
    let same_kind = |c: char| -> bool {
        if first.is_alphabetic() {
            c.is_alphabetic() || c.is_ascii_digit() || c == '_'
        } else if first.is_ascii_digit() {
            c.is_ascii_digit()
        } else {
            "~&|*/\\+=><,@%-".contains(first) && "~&|*/\\+=><,@%-".contains(c)
        }
    };
    let length: usize =
        first.len_utf8() + chars.take_while(|&c| same_kind(c)).map(char::len_utf8).sum::<usize>();
    format!("'{}'", &rest[..length])
}

/// Whether the string whose characters after the opening quote are `chars` has its closing quote.
fn string_ends(mut chars: std::str::Chars<'_>) -> bool {
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\'' => return true,
            _ => {}
        }
    }
    false
}

/// `an identifier, '(' or '.'`: what the grammar could accept where it failed.
fn describe_expected(positives: &[Rule]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for rule in positives {
        let name = match rule {
            Rule::identifier
            | Rule::variable
            | Rule::unary_message
            | Rule::unary_pattern
            | Rule::superclass => "an identifier",
            Rule::keyword | Rule::keyword_message | Rule::keyword_pattern => "a keyword",
            Rule::binop | Rule::binary_message | Rule::binary_pattern => "a binary operator",
            Rule::separator => "'----'",
            Rule::primitive => "'primitive'",
            Rule::number | Rule::integer | Rule::double => "a number",
            Rule::string | Rule::string_chars => "a string",
            Rule::symbol => "a symbol",
            Rule::symbol_keywords | Rule::symbol_name => "a selector",
            Rule::literal_array | Rule::array_open => "a literal array",
            Rule::expression | Rule::nested | Rule::binary_argument | Rule::keyword_argument => {
                "an expression"
            }
            Rule::statements | Rule::return_statement => "a statement",
            Rule::assignment_target => "an assignment",
            Rule::block => "a block",
            Rule::block_parameters => "block parameters",
            Rule::method => "a method",
            Rule::fields | Rule::temporaries => "'|'",
            Rule::body => "a method body",
            Rule::lparen => "'('",
            Rule::rparen => "')'",
            Rule::lbracket => "'['",
            Rule::rbracket => "']'",
            Rule::bar => "'|'",
            Rule::colon => "':'",
            Rule::assign => "':='",
            Rule::period => "'.'",
            Rule::caret => "'^'",
            Rule::equals => "'='",
            Rule::EOI => "end of file",
            _ => "a class definition",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Every way to start a primary is "an expression".
    let primaries = ["an identifier", "a number", "a string", "a symbol", "'('", "'['", "a literal array"];
    if primaries.iter().all(|p| names.contains(p)) {
        names.retain(|n| !primaries.contains(n) || *n == "an identifier");
        let at = names.iter().position(|n| *n == "an identifier").unwrap_or(names.len());
        names.insert(at, "an expression");
        names.retain(|n| *n != "an identifier");
    }
    match names.split_last() {
        None => "something else".to_string(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
