//! The nesting limit: a file whose brackets and assignments nest deeper than
//! [`MAX_NESTING_LEVELS`] is rejected before it is parsed.
//!
//! Everything that nests in SL's grammar opens with a token: `(` of a parenthesis or a call,
//! `[` of an index, `{` of a block, and `=` of an assignment, whose right-hand side is a whole
//! expression (`x = y = z = 1`). The parser, the node builder and the interpreter recurse once
//! (or a few times) per level, so the limit keeps their native stack use small and the check
//! keeps a pathological file (a million `(`) from costing seconds and gigabytes before it is
//! refused. The check is lexical and linear: it reads the file's tokens batch by batch (pest
//! rule `token_batch`) and keeps one counter per open bracket. Lexing costs about as much as
//! parsing, so a byte scan runs first and the tokens are only read when it finds the file
//! might be too deep: the scan skips strings and comments as the lexer does and counts every
//! `=` byte (also those of `==`, `<=`, ...), so its depth is never below the tokens' depth
//! before the first lexical error.
//!
//! Depth at a token: the number of open `(`, `[`, `{`, plus the `=` seen since the innermost
//! open bracket was opened or since its last `,` or `;` (an assignment's right-hand side ends
//! there). `((1))` has depth 2 at `1`; `f(x = (1), y)` has depth 3 at `1` and 1 at `y`.
//!
//! The limit is an implementation limit, not part of the language (spec §11.4 leaves stack
//! exhaustion open). It is checked before syntax: the error is reported at the first token
//! past the limit even if a syntax error comes earlier in the file; only a lexical error
//! earlier in the file stops the check (and is reported as usual).

use super::grammar::{Rule, SlGrammar};
use pest::Parser as _;

/// The deepest nesting a file may have: far more than any program written by hand, and
/// shallow enough for the recursive parts of parsing, building and running to stay within a
/// few megabytes of stack.
pub const MAX_NESTING_LEVELS: usize = 1000;

/// The token at which a file first nests deeper than [`MAX_NESTING_LEVELS`].
pub(super) struct TooDeep<'s> {
    /// Byte offset of the token.
    pub(super) offset: usize,
    /// Its text: `(`, `[`, `{` or `=`.
    pub(super) text: &'s str,
}

impl TooDeep<'_> {
    /// The message of the parse error: `input nested too deeply at '(' (more than 1000 levels)`.
    pub(super) fn message(&self) -> String {
        format!("input nested too deeply at '{}' (more than {MAX_NESTING_LEVELS} levels)", self.text)
    }
}

/// The first token of `source` that nests deeper than the limit, if any before the end of the
/// file or its first lexical error.
pub(super) fn check(source: &str) -> Option<TooDeep<'_>> {
    if !may_be_too_deep(source.as_bytes()) {
        return None;
    }
    // Per open bracket (outermost first, the file's top level at index 0), the `=` counted
    // since it opened or since its last `,` or `;`.
    let mut assignments: Vec<usize> = vec![0];
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let rest = source.get(at..)?;
        let batch = SlGrammar::parse(Rule::token_batch, rest).ok()?.next()?;
        let mut batch_end = None;
        for token in batch.into_inner() {
            let span = token.as_span();
            match token.as_rule() {
                Rule::EOI | Rule::lex_error => return None,
                Rule::lparen | Rule::lbracket | Rule::lbrace => {
                    depth += 1;
                    assignments.push(0);
                }
                Rule::rparen | Rule::rbracket | Rule::rbrace if assignments.len() > 1 => {
                    depth -= 1 + assignments.pop().unwrap_or(0);
                }
                Rule::assign => {
                    depth += 1;
                    if let Some(n) = assignments.last_mut() {
                        *n += 1;
                    }
                }
                Rule::comma | Rule::semicolon => {
                    if let Some(n) = assignments.last_mut() {
                        depth -= std::mem::take(n);
                    }
                }
                _ => {}
            }
            if depth > MAX_NESTING_LEVELS {
                return Some(TooDeep { offset: at + span.start(), text: span.as_str() });
            }
            batch_end = Some(span.end());
        }
        // A batch always holds a token, the end of input or a lexical error.
        at += batch_end?;
    }
}

/// Whether `source` may nest deeper than the limit: a byte scan whose depth is an upper bound
/// of the depth [`check`] computes from tokens, up to the first lexical error.
fn may_be_too_deep(source: &[u8]) -> bool {
    let mut assignments: Vec<usize> = vec![0];
    let mut depth = 0usize;
    let mut unclosed_comment = false;
    let mut i = 0;
    while let Some(&byte) = source.get(i) {
        i += 1;
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                assignments.push(0);
            }
            b')' | b']' | b'}' if assignments.len() > 1 => {
                depth -= 1 + assignments.pop().unwrap_or(0);
            }
            b'=' => {
                depth += 1;
                if let Some(n) = assignments.last_mut() {
                    *n += 1;
                }
            }
            b',' | b';' => {
                if let Some(n) = assignments.last_mut() {
                    depth -= std::mem::take(n);
                }
            }
            // A string ends at `"`; a line break first is a lexical error (the scan goes on).
            b'"' => {
                while let Some(&c) = source.get(i) {
                    i += 1;
                    if matches!(c, b'"' | b'\r' | b'\n') {
                        break;
                    }
                }
            }
            b'/' if source.get(i) == Some(&b'/') => {
                while source.get(i).is_some_and(|&c| c != b'\r' && c != b'\n') {
                    i += 1;
                }
            }
            // `/*` without a closing `*/` is not a comment but the tokens `/` `*` (and no later
            // `/*` has one either).
            b'/' if source.get(i) == Some(&b'*') && !unclosed_comment => {
                match source[i + 1..].windows(2).position(|w| w == b"*/") {
                    Some(end) => i += 1 + end + 2,
                    None => unclosed_comment = true,
                }
            }
            _ => {}
        }
        if depth > MAX_NESTING_LEVELS {
            return true;
        }
    }
    false
}
