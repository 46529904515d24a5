//! The first syntax error of a file, worded and placed as the reference parser reports it.
//!
//! The reference is an ANTLR 4 generated parser with the default error strategy and an error
//! listener that throws at the first report (spec §11.1). [`diagnose`] replays that parser over
//! the pest-lexed token stream: it walks the ATN of the reference grammar (`atn.rs`) the way the
//! generated code does — `match` for each token, `sync` before each decision and at each loop
//! back edge, one-token tests for LL(1) decisions and adaptive prediction (`predict.rs`) for the
//! others — and reproduces `DefaultErrorStrategy`:
//!
//! * `sync` at a decision: a token the rule cannot continue with is either extraneous (the token
//!   after it would do: single-token deletion) or mismatched; at a loop back edge it is always
//!   extraneous. When the rule could end there instead, `sync` remembers the state and call
//!   stack, and a later mismatch reports that state's expected set (ANTLR's
//!   `nextTokensContext`).
//! * `match` failing: single-token deletion (`extraneous input`), then single-token insertion
//!   (`missing X at`), else `mismatched input`.
//! * prediction failing: `no viable alternative at input` with the text from the decision's
//!   first token to the offending one.
//!
//! Lexical errors surface when the parser first reads the bad token, as with ANTLR's lazily
//! filled token stream, so a syntax error before it wins and one after it loses.

use super::atn::{Atn, DecisionKind, Node, NodeId, RuleId};
use super::predict::{adaptive_predict, Prediction, StackSet, Stacks};
use super::token::{escape_ws, Tk, Token, TokenSet, TokenStream};

/// A syntax or lexical error: the byte offset of the offending token (or of the unrecognised
/// character) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Diagnostic {
    pub(super) offset: usize,
    pub(super) message: String,
}

/// Work all predictions of one replay may do: enough for any ordinary file (a few hundred
/// units per token), bounded for pathological nesting (about a second per 20 million units).
const PREDICTION_BUDGET_BASE: u64 = 10_000_000;
const PREDICTION_BUDGET_PER_TOKEN: u64 = 2_000;

/// What the replay of the reference parser found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The reference parser accepts the file.
    Accepted,
    /// The first error it reports.
    Rejected(Diagnostic),
    /// Prediction exceeded its step budget (pathologically nested input).
    GaveUp,
}

/// The first error the reference parser reports for `stream`, if any.
pub(super) fn diagnose(source: &str, stream: &TokenStream) -> Outcome {
    let mut recognizer = Recognizer {
        atn: Atn::get(),
        source,
        stream,
        p: 0,
        state: 0,
        frames: Vec::new(),
        stale: None,
        stacks: Stacks::with_budget(
            PREDICTION_BUDGET_BASE + PREDICTION_BUDGET_PER_TOKEN * stream.tokens.len() as u64,
        ),
        contexts: Vec::new(),
    };
    match recognizer.run() {
        Ok(()) => Outcome::Accepted,
        Err(Stop::Error(d)) => Outcome::Rejected(d),
        Err(Stop::GaveUp) => Outcome::GaveUp,
    }
}

/// Why the replay stopped early.
enum Stop {
    Error(Diagnostic),
    GaveUp,
}

struct Recognizer<'a> {
    atn: &'static Atn,
    source: &'a str,
    stream: &'a TokenStream,
    /// Index of the current token.
    p: usize,
    /// The ATN state the parser is in (ANTLR's `getState()`).
    state: NodeId,
    /// The `Call` nodes of the active rule invocations, outermost first (ANTLR's context
    /// chain).
    frames: Vec<NodeId>,
    /// State and call stack recorded by `sync` (ANTLR's `nextTokensState`/`nextTokensContext`).
    stale: Option<(NodeId, Vec<NodeId>)>,
    /// Interned call-stack sets for prediction, shared by all predictions of the parse.
    stacks: Stacks,
    /// `frames` as interned stacks of follow states: `contexts[i]` is the stack of the first
    /// `i + 1` frames, so a prediction starts from `contexts.last()` without rebuilding it.
    contexts: Vec<StackSet>,
}

type Step<T = ()> = Result<T, Stop>;

impl Recognizer<'_> {
    fn run(&mut self) -> Step {
        self.token(0)?;
        let atn = self.atn;
        let mut node = atn.rule_start(RuleId::Program);
        loop {
            node = match atn.nodes[node] {
                Node::Match { tk, next } => {
                    self.state = node;
                    self.match_token(tk)?;
                    next
                }
                Node::Call { rule, next } => {
                    self.state = node;
                    self.frames.push(node);
                    let below = match self.contexts.last() {
                        Some(&below) => below,
                        None => self.stacks.empty(),
                    };
                    let context = self.stacks.push(next, below);
                    self.contexts.push(context);
                    atn.rule_start(rule)
                }
                Node::Decision { decision } | Node::LoopBack { decision } => {
                    self.state = node;
                    let alt = self.decide(decision)?;
                    atn.decisions[decision].alts[alt - 1]
                }
                Node::Stop { .. } => {
                    self.contexts.pop();
                    match self.frames.pop() {
                        Some(call) => atn.follow(call),
                        None => return Ok(()),
                    }
                }
            };
        }
    }

    /// The token at index `i`; reading past a lexical error reports it.
    fn token(&self, i: usize) -> Step<Token> {
        read(self.stream, self.source, i)
    }

    /// ANTLR `LA(k)`.
    fn la(&self, k: usize) -> Step<Tk> {
        Ok(self.token(self.p + k - 1)?.kind)
    }

    /// ANTLR `Parser.consume`: moving past a token reads the next one.
    fn consume(&mut self) -> Step {
        if self.token(self.p)?.kind != Tk::Eof {
            self.p += 1;
            self.token(self.p)?;
        }
        Ok(())
    }

    /// Chooses the alternative of `decision`, as the generated code does at the current state
    /// (the decision's own node, or its loop-back node).
    fn decide(&mut self, decision: usize) -> Step<usize> {
        self.sync()?;
        let d = &self.atn.decisions[decision];
        if d.ll1 {
            let t = self.la(1)?;
            return match d.kind {
                DecisionKind::Star | DecisionKind::Optional => {
                    Ok(if d.look.first().is_some_and(|l| l.contains(t)) { 1 } else { 2 })
                }
                DecisionKind::Alternatives => match d.look.iter().position(|l| l.contains(t)) {
                    Some(i) => Ok(i + 1),
                    None => Err(self.no_viable(self.p, self.p)),
                },
            };
        }
        let context = match self.contexts.last() {
            Some(&context) => context,
            None => self.stacks.empty(),
        };
        let (stream, source) = (self.stream, self.source);
        let prediction = adaptive_predict(self.atn, d, &mut self.stacks, context, self.p, |i| {
            read(stream, source, i).map(|t| t.kind)
        })?;
        match prediction {
            Prediction::Alt(alt) => Ok(alt),
            Prediction::NoViable { start, offending } => Err(self.no_viable(start, offending)),
            Prediction::GaveUp => Err(Stop::GaveUp),
        }
    }

    /// ANTLR `DefaultErrorStrategy.sync` at the current state.
    fn sync(&mut self) -> Step {
        let t = self.la(1)?;
        let (next, can_end) = self.atn.local_next(self.state);
        if next.contains(t) {
            self.stale = None;
            return Ok(());
        }
        if can_end {
            if self.stale.is_none() {
                self.stale = Some((self.state, self.frames.clone()));
            }
            return Ok(());
        }
        let expected = self.expected();
        match self.atn.nodes[self.state] {
            Node::Decision { .. } => {
                if expected.contains(self.la(2)?) {
                    return Err(self.extraneous(expected));
                }
                Err(self.mismatched(expected))
            }
            Node::LoopBack { .. } => Err(self.extraneous(expected)),
            _ => Ok(()),
        }
    }

    /// ANTLR `Parser.match` with `recoverInline` (every report ends the parse).
    fn match_token(&mut self, tk: Tk) -> Step {
        let t = self.la(1)?;
        if t == tk {
            return self.consume();
        }
        let expected = self.expected();
        if expected.contains(self.la(2)?) {
            return Err(self.extraneous(expected));
        }
        let after = match self.atn.nodes[self.state] {
            Node::Match { next, .. } => next,
            _ => self.state,
        };
        if self.atn.expected(after, &self.frames).contains(t) {
            return Err(self.error(format!("missing {expected} at {}", self.display(self.p))));
        }
        let reported = match &self.stale {
            Some((state, frames)) => self.atn.expected(*state, frames),
            None => expected,
        };
        Err(self.mismatched(reported))
    }

    fn expected(&self) -> TokenSet {
        self.atn.expected(self.state, &self.frames)
    }

    fn extraneous(&self, expected: TokenSet) -> Stop {
        self.error(format!("extraneous input {} expecting {expected}", self.display(self.p)))
    }

    fn mismatched(&self, expected: TokenSet) -> Stop {
        self.error(format!("mismatched input {} expecting {expected}", self.display(self.p)))
    }

    /// An error at the current token.
    fn error(&self, message: String) -> Stop {
        Stop::Error(Diagnostic { offset: self.offset(self.p), message })
    }

    /// ANTLR `reportNoViableAlternative`. Rendering the input text fills the token stream to
    /// its end, so a lexical error anywhere later in the file is reported instead.
    fn no_viable(&self, start: usize, offending: usize) -> Stop {
        let tokens = &self.stream.tokens;
        let starts_at_eof = tokens.get(start).is_none_or(|t| t.kind == Tk::Eof);
        if !starts_at_eof {
            if let Err(lexical) = self.token(tokens.len()) {
                return lexical;
            }
        }
        let text = if starts_at_eof {
            "<EOF>".to_string()
        } else {
            tokens
                .get(start..=offending)
                .unwrap_or(&tokens[start..])
                .iter()
                .take_while(|t| t.kind != Tk::Eof)
                .map(|t| &self.source[t.start..t.end])
                .collect()
        };
        Stop::Error(Diagnostic {
            offset: self.offset(offending),
            message: format!("no viable alternative at input '{}'", escape_ws(&text)),
        })
    }

    /// Byte offset of token `i` (the end of the source for end of input).
    fn offset(&self, i: usize) -> usize {
        self.stream.tokens.get(i).map_or(self.source.len(), |t| t.start)
    }

    /// ANTLR `getTokenErrorDisplay`: `'text'` with line breaks and tabs escaped.
    fn display(&self, i: usize) -> String {
        match self.stream.tokens.get(i) {
            Some(t) if t.kind != Tk::Eof => {
                format!("'{}'", escape_ws(&self.source[t.start..t.end]))
            }
            _ => "'<EOF>'".to_string(),
        }
    }
}

/// Token `i` of `stream` (end of input past the end); reading past a lexical error reports it.
fn read(stream: &TokenStream, source: &str, i: usize) -> Step<Token> {
    if let Some(t) = stream.tokens.get(i) {
        return Ok(*t);
    }
    if let Some(e) = &stream.error {
        return Err(Stop::Error(Diagnostic {
            offset: e.offset,
            message: format!("token recognition error at: '{}'", escape_ws(&e.text)),
        }));
    }
    let end = source.len();
    Ok(stream.tokens.last().copied().unwrap_or(Token { kind: Tk::Eof, start: end, end }))
}
