//! Token kinds, token sets and the token stream, as the reference ANTLR lexer produces them.
//!
//! Lexing itself is the pest rule `tokens` (one named rule per token kind); this module maps
//! its pairs to [`Tk`] and, when the file contains a character no token can start with,
//! reproduces the text of ANTLR's `token recognition error at: '...'` (spec §11.1).

use super::grammar::{Rule, SlGrammar};
use pest::Parser;
use std::fmt;

/// A token kind. The declaration order is ANTLR's token-type order (spec §2 table, with end
/// of input first), which is the order expected-token sets are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Tk {
    Eof,
    Function,
    LParen,
    Comma,
    RParen,
    LBrace,
    RBrace,
    Break,
    Semi,
    Continue,
    Debugger,
    While,
    If,
    Else,
    Return,
    Assign,
    Dot,
    LBracket,
    RBracket,
    Or,
    And,
    Compare,
    Add,
    Mul,
    Identifier,
    StringLit,
    NumberLit,
}

impl Tk {
    /// Every kind, in [`Tk`] order.
    const ALL: [Tk; 27] = [
        Tk::Eof,
        Tk::Function,
        Tk::LParen,
        Tk::Comma,
        Tk::RParen,
        Tk::LBrace,
        Tk::RBrace,
        Tk::Break,
        Tk::Semi,
        Tk::Continue,
        Tk::Debugger,
        Tk::While,
        Tk::If,
        Tk::Else,
        Tk::Return,
        Tk::Assign,
        Tk::Dot,
        Tk::LBracket,
        Tk::RBracket,
        Tk::Or,
        Tk::And,
        Tk::Compare,
        Tk::Add,
        Tk::Mul,
        Tk::Identifier,
        Tk::StringLit,
        Tk::NumberLit,
    ];

    /// The display name used in parse-error messages (ANTLR's vocabulary display name).
    pub(super) fn display_name(self) -> &'static str {
        match self {
            Tk::Eof => "<EOF>",
            Tk::Function => "'function'",
            Tk::LParen => "'('",
            Tk::Comma => "','",
            Tk::RParen => "')'",
            Tk::LBrace => "'{'",
            Tk::RBrace => "'}'",
            Tk::Break => "'break'",
            Tk::Semi => "';'",
            Tk::Continue => "'continue'",
            Tk::Debugger => "'debugger'",
            Tk::While => "'while'",
            Tk::If => "'if'",
            Tk::Else => "'else'",
            Tk::Return => "'return'",
            Tk::Assign => "'='",
            Tk::Dot => "'.'",
            Tk::LBracket => "'['",
            Tk::RBracket => "']'",
            Tk::Or => "'||'",
            Tk::And => "'&&'",
            Tk::Compare => "OP_COMPARE",
            Tk::Add => "OP_ADD",
            Tk::Mul => "OP_MUL",
            Tk::Identifier => "IDENTIFIER",
            Tk::StringLit => "STRING_LITERAL",
            Tk::NumberLit => "NUMERIC_LITERAL",
        }
    }

    /// The kind a pest token rule stands for (`None` for rules that are not tokens).
    fn of_rule(rule: Rule) -> Option<Tk> {
        Some(match rule {
            Rule::kw_function => Tk::Function,
            Rule::kw_break => Tk::Break,
            Rule::kw_continue => Tk::Continue,
            Rule::kw_debugger => Tk::Debugger,
            Rule::kw_while => Tk::While,
            Rule::kw_if => Tk::If,
            Rule::kw_else => Tk::Else,
            Rule::kw_return => Tk::Return,
            Rule::identifier => Tk::Identifier,
            Rule::string_literal => Tk::StringLit,
            Rule::numeric_literal => Tk::NumberLit,
            Rule::op_or => Tk::Or,
            Rule::op_and => Tk::And,
            Rule::op_compare => Tk::Compare,
            Rule::op_add => Tk::Add,
            Rule::op_mul => Tk::Mul,
            Rule::assign => Tk::Assign,
            Rule::lparen => Tk::LParen,
            Rule::rparen => Tk::RParen,
            Rule::lbrace => Tk::LBrace,
            Rule::rbrace => Tk::RBrace,
            Rule::lbracket => Tk::LBracket,
            Rule::rbracket => Tk::RBracket,
            Rule::comma => Tk::Comma,
            Rule::semicolon => Tk::Semi,
            Rule::dot => Tk::Dot,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of token kinds (ANTLR's `IntervalSet` over token types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(super) struct TokenSet(u32);

impl TokenSet {
    pub(super) const EMPTY: TokenSet = TokenSet(0);

    pub(super) fn contains(self, tk: Tk) -> bool {
        self.0 & tk.bit() != 0
    }

    pub(super) fn insert(&mut self, tk: Tk) {
        self.0 |= tk.bit();
    }

    pub(super) fn union(self, other: TokenSet) -> TokenSet {
        TokenSet(self.0 | other.0)
    }

    pub(super) fn intersects(self, other: TokenSet) -> bool {
        self.0 & other.0 != 0
    }

    pub(super) fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn len(self) -> u32 {
        self.0.count_ones()
    }
}

impl FromIterator<Tk> for TokenSet {
    fn from_iter<I: IntoIterator<Item = Tk>>(iter: I) -> TokenSet {
        let mut set = TokenSet::EMPTY;
        for tk in iter {
            set.insert(tk);
        }
        set
    }
}

/// ANTLR's rendering: one display name alone, several in token-type order inside `{` `}`.
impl fmt::Display for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let braces = self.len() != 1;
        if braces {
            f.write_str("{")?;
        }
        let mut first = true;
        for tk in Tk::ALL.into_iter().filter(|&tk| self.contains(tk)) {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            f.write_str(tk.display_name())?;
        }
        if braces {
            f.write_str("}")?;
        }
        Ok(())
    }
}

/// One token: its kind and byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Tk,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A lexical error: where the unrecognisable token starts and the text ANTLR shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexError {
    pub(super) offset: usize,
    pub(super) text: String,
}

/// The token stream of a file: the tokens before the first lexical error and, when there is
/// none, a final [`Tk::Eof`] token (at the end of the source).
#[derive(Debug, Clone)]
pub(super) struct TokenStream {
    pub(super) tokens: Vec<Token>,
    pub(super) error: Option<LexError>,
}

/// Lexes `source` with the pest rule `tokens`.
pub(super) fn lex(source: &str) -> TokenStream {
    let mut tokens = Vec::new();
    let mut error = None;
    // `tokens` accepts every input (`lex_error` takes whatever no token matches), so a pest
    // failure can only be its stack guard; treat it as an error at the start of the file.
    let pairs = match SlGrammar::parse(Rule::tokens, source) {
        Ok(mut pairs) => pairs.next().map(|p| p.into_inner()),
        Err(_) => {
            error = Some(LexError { offset: 0, text: recognition_error_text(source) });
            None
        }
    };
    for pair in pairs.into_iter().flatten() {
        let span = pair.as_span();
        if pair.as_rule() == Rule::lex_error {
            error = Some(LexError { offset: span.start(), text: recognition_error_text(span.as_str()) });
        } else if let Some(kind) = Tk::of_rule(pair.as_rule()) {
            tokens.push(Token { kind, start: span.start(), end: span.end() });
        }
    }
    if error.is_none() {
        tokens.push(Token { kind: Tk::Eof, start: source.len(), end: source.len() });
    }
    TokenStream { tokens, error }
}

/// The text of a `token recognition error`, given the source from the first character that
/// starts no token: ANTLR shows everything it read up to and including the first character
/// that could not continue any token. Only `!` (of `!=`), `|` (of `||`), `&` (of `&&`) and `"`
/// (of a string literal) begin a partial token; any other character is shown alone.
fn recognition_error_text(rest: &str) -> String {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut text = String::from(first);
    match first {
        '!' | '|' | '&' => text.extend(chars.next()),
        '"' => {
            for c in chars {
                text.push(c);
                if c == '\r' || c == '\n' {
                    break;
                }
            }
        }
        _ => {}
    }
    text
}

/// ANTLR's `escapeWSAndQuote` without the quotes: shows line breaks and tabs as `\n`, `\r`,
/// `\t`.
pub(super) fn escape_ws(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<Tk> {
        lex(source).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn longest_match_and_keywords() {
        use Tk::*;
        assert_eq!(
            kinds("while whilex if0 007 <= < == = != || && / * - +"),
            vec![
                While, Identifier, Identifier, NumberLit, NumberLit, NumberLit, Compare, Compare, Compare,
                Assign, Compare, Or, And, Mul, Mul, Add, Add, Eof
            ]
        );
        assert_eq!(
            kinds("true false null $a _b"),
            vec![Identifier; 5].into_iter().chain([Eof]).collect::<Vec<_>>()
        );
    }

    #[test]
    fn comments_and_whitespace() {
        use Tk::*;
        assert_eq!(
            kinds("a /* b */ c // d\n e\u{0C}f"),
            vec![Identifier, Identifier, Identifier, Identifier, Eof]
        );
        assert_eq!(kinds("a /* b"), vec![Identifier, Mul, Mul, Identifier, Eof]);
        assert_eq!(kinds("/**/x/*/ */y"), vec![Identifier, Identifier, Eof]);
    }

    #[test]
    fn recognition_errors() {
        let e = |s: &str| lex(s).error.map(|e| (e.offset, e.text));
        assert_eq!(e("x = !y;"), Some((4, "!y".into())));
        assert_eq!(e("x = 3 % 2;"), Some((6, "%".into())));
        assert_eq!(e("x = \"abc\ny"), Some((4, "\"abc\n".into())));
        assert_eq!(e("x = \"abc"), Some((4, "\"abc".into())));
        assert_eq!(e("a |"), Some((2, "|".into())));
        assert_eq!(e("a & b"), Some((2, "& ".into())));
        assert_eq!(e("é"), Some((0, "é".into())));
        assert_eq!(e("a b"), None);
        assert_eq!(lex("x # y").tokens.len(), 1);
    }

    #[test]
    fn set_display() {
        let one: TokenSet = [Tk::Identifier].into_iter().collect();
        assert_eq!(one.to_string(), "IDENTIFIER");
        let many: TokenSet = [Tk::Function, Tk::Eof].into_iter().collect();
        assert_eq!(many.to_string(), "{<EOF>, 'function'}");
    }
}
