//! The reference grammar as an ATN (ANTLR's augmented transition network), for error reporting.
//!
//! [`GRAMMAR`] is the reference `SimpleLanguage.g4` parser grammar, rule for rule and in the
//! same alternative order; the ATN built from it has the states that matter to ANTLR's error
//! strategy and prediction: one [`Node::Match`] per token occurrence, one [`Node::Call`] per rule
//! reference (its `next` is the call's follow state), one decision node per `*`, `?` and
//! multi-alternative block, and one loop-back node per `*` loop. Decisions are classified as the
//! ANTLR tool does: LL(1) when the lookahead sets of their alternatives (computed with the
//! grammar-wide FOLLOW) are disjoint; those are decided by one token in the generated parser,
//! the others by adaptive prediction (see `predict.rs`).

use super::token::{Tk, TokenSet};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The rules of the reference grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum RuleId {
    Program,
    Function,
    Block,
    Statement,
    BreakStatement,
    ContinueStatement,
    ExpressionStatement,
    DebuggerStatement,
    WhileStatement,
    IfStatement,
    ReturnStatement,
    Expression,
    LogicTerm,
    LogicFactor,
    Arithmetic,
    Term,
    Factor,
    MemberExpression,
}

const RULE_COUNT: usize = 18;

/// A grammar element.
enum E {
    /// A token: `';'`.
    T(Tk),
    /// A rule reference: `block`.
    R(RuleId),
    /// `( ... )*`
    Star(&'static [E]),
    /// `( ... )?`
    Opt(&'static [E]),
    /// `( a | b | ... )` (also a rule's top-level alternatives).
    Alt(&'static [&'static [E]]),
}

use RuleId as N;
use E::{Alt, Opt, Star, R, T};

/// The reference grammar (spec §3 in ANTLR form). `factor` and `member_expression` are as in
/// the reference: `IDENTIFIER member_expression*`, with one suffix per `member_expression`.
const GRAMMAR: [(RuleId, &[E]); RULE_COUNT] = [
    // simplelanguage : function function* EOF ;
    (N::Program, &[R(N::Function), Star(&[R(N::Function)]), T(Tk::Eof)]),
    // function : 'function' IDENTIFIER '(' (IDENTIFIER (',' IDENTIFIER)*)? ')' block ;
    (
        N::Function,
        &[
            T(Tk::Function),
            T(Tk::Identifier),
            T(Tk::LParen),
            Opt(&[T(Tk::Identifier), Star(&[T(Tk::Comma), T(Tk::Identifier)])]),
            T(Tk::RParen),
            R(N::Block),
        ],
    ),
    // block : '{' statement* '}' ;
    (N::Block, &[T(Tk::LBrace), Star(&[R(N::Statement)]), T(Tk::RBrace)]),
    // statement : while | break | continue | if | return | expression_statement | debugger ;
    (
        N::Statement,
        &[Alt(&[
            &[R(N::WhileStatement)],
            &[R(N::BreakStatement)],
            &[R(N::ContinueStatement)],
            &[R(N::IfStatement)],
            &[R(N::ReturnStatement)],
            &[R(N::ExpressionStatement)],
            &[R(N::DebuggerStatement)],
        ])],
    ),
    // break_statement : 'break' ';' ;
    (N::BreakStatement, &[T(Tk::Break), T(Tk::Semi)]),
    // continue_statement : 'continue' ';' ;
    (N::ContinueStatement, &[T(Tk::Continue), T(Tk::Semi)]),
    // expression_statement : expression ';' ;
    (N::ExpressionStatement, &[R(N::Expression), T(Tk::Semi)]),
    // debugger_statement : 'debugger' ';' ;
    (N::DebuggerStatement, &[T(Tk::Debugger), T(Tk::Semi)]),
    // while_statement : 'while' '(' expression ')' block ;
    (N::WhileStatement, &[T(Tk::While), T(Tk::LParen), R(N::Expression), T(Tk::RParen), R(N::Block)]),
    // if_statement : 'if' '(' expression ')' block ('else' block)? ;
    (
        N::IfStatement,
        &[
            T(Tk::If),
            T(Tk::LParen),
            R(N::Expression),
            T(Tk::RParen),
            R(N::Block),
            Opt(&[T(Tk::Else), R(N::Block)]),
        ],
    ),
    // return_statement : 'return' expression? ';' ;
    (N::ReturnStatement, &[T(Tk::Return), Opt(&[R(N::Expression)]), T(Tk::Semi)]),
    // expression : logic_term (OP_OR logic_term)* ;
    (N::Expression, &[R(N::LogicTerm), Star(&[T(Tk::Or), R(N::LogicTerm)])]),
    // logic_term : logic_factor (OP_AND logic_factor)* ;
    (N::LogicTerm, &[R(N::LogicFactor), Star(&[T(Tk::And), R(N::LogicFactor)])]),
    // logic_factor : arithmetic (OP_COMPARE arithmetic)? ;
    (N::LogicFactor, &[R(N::Arithmetic), Opt(&[T(Tk::Compare), R(N::Arithmetic)])]),
    // arithmetic : term (OP_ADD term)* ;
    (N::Arithmetic, &[R(N::Term), Star(&[T(Tk::Add), R(N::Term)])]),
    // term : factor (OP_MUL factor)* ;
    (N::Term, &[R(N::Factor), Star(&[T(Tk::Mul), R(N::Factor)])]),
    // factor : IDENTIFIER member_expression* | STRING_LITERAL | NUMERIC_LITERAL | '(' expression ')' ;
    (
        N::Factor,
        &[Alt(&[
            &[T(Tk::Identifier), Star(&[R(N::MemberExpression)])],
            &[T(Tk::StringLit)],
            &[T(Tk::NumberLit)],
            &[T(Tk::LParen), R(N::Expression), T(Tk::RParen)],
        ])],
    ),
    // member_expression : '(' (expression (',' expression)*)? ')' | '=' expression
    //                   | '.' IDENTIFIER | '[' expression ']' ;
    (
        N::MemberExpression,
        &[Alt(&[
            &[
                T(Tk::LParen),
                Opt(&[R(N::Expression), Star(&[T(Tk::Comma), R(N::Expression)])]),
                T(Tk::RParen),
            ],
            &[T(Tk::Assign), R(N::Expression)],
            &[T(Tk::Dot), T(Tk::Identifier)],
            &[T(Tk::LBracket), R(N::Expression), T(Tk::RBracket)],
        ])],
    ),
];

/// Index of a node in [`Atn::nodes`] (ANTLR's ATN state number).
pub(super) type NodeId = usize;

/// An ATN state, reduced to what the error strategy and prediction look at.
#[derive(Debug, Clone, Copy)]
pub(super) enum Node {
    /// Matches one token, then continues at `next`.
    Match { tk: Tk, next: NodeId },
    /// Invokes `rule`; `next` is the follow state the invocation returns to.
    Call { rule: RuleId, next: NodeId },
    /// A decision (ANTLR's block start or star-loop entry state).
    Decision { decision: usize },
    /// The back edge of a `*` loop (ANTLR's star-loop-back state); continues at the decision.
    LoopBack { decision: usize },
    /// The end of a rule (ANTLR's rule stop state).
    Stop { rule: RuleId },
}

/// The kind of a decision, which fixes the code ANTLR generates for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DecisionKind {
    /// `( ... )*`: alternative 1 enters the loop body, alternative 2 exits.
    Star,
    /// `( ... )?`: alternative 1 enters the block, alternative 2 bypasses it.
    Optional,
    /// `( a | b | ... )`: one alternative per branch.
    Alternatives,
}

/// A decision point of the grammar.
#[derive(Debug, Clone)]
pub(super) struct Decision {
    pub(super) kind: DecisionKind,
    /// The decision's own node.
    pub(super) node: NodeId,
    /// Where each alternative starts, in ANTLR's alternative order.
    pub(super) alts: Vec<NodeId>,
    /// Lookahead set of each alternative with the grammar-wide FOLLOW (the ANTLR tool's LL(1)
    /// analysis).
    pub(super) look: Vec<TokenSet>,
    /// Whether the look sets are disjoint, so the generated code tests one token.
    pub(super) ll1: bool,
}

/// The ATN of the reference grammar.
#[derive(Debug)]
pub(super) struct Atn {
    pub(super) nodes: Vec<Node>,
    pub(super) decisions: Vec<Decision>,
    rule_start: [NodeId; RULE_COUNT],
    /// Rule-local `nextTokens` per node: tokens that can come next without leaving the rule,
    /// and whether the rule's end is reachable without consuming a token (ANTLR's EPSILON).
    local: Vec<(TokenSet, bool)>,
}

/// How a lookahead computation treats the end of the rule it starts in.
#[derive(Clone, Copy)]
enum Bottom {
    /// Record reaching the end (ANTLR `nextTokens(s)` with no context: EPSILON).
    Local,
    /// Continue at every follow state of every call of the rule, end of input after the start
    /// rule (the ANTLR tool's LL(1) analysis).
    Global,
}

impl Atn {
    /// The ATN, built once.
    pub(super) fn get() -> &'static Atn {
        static ATN: OnceLock<Atn> = OnceLock::new();
        ATN.get_or_init(Atn::build)
    }

    fn build() -> Atn {
        let mut atn =
            Atn { nodes: Vec::new(), decisions: Vec::new(), rule_start: [0; RULE_COUNT], local: Vec::new() };
        for (rule, body) in GRAMMAR.iter() {
            let stop = atn.push(Node::Stop { rule: *rule });
            let start = atn.seq(body, stop);
            atn.rule_start[*rule as usize] = start;
        }
        atn.local = (0..atn.nodes.len()).map(|node| atn.look(node, Bottom::Local)).collect();
        for d in 0..atn.decisions.len() {
            let look: Vec<TokenSet> =
                atn.decisions[d].alts.iter().map(|&alt| atn.look(alt, Bottom::Global).0).collect();
            let disjoint = look
                .iter()
                .enumerate()
                .all(|(i, a)| !a.is_empty() && look[i + 1..].iter().all(|b| !a.intersects(*b)));
            atn.decisions[d].ll1 = disjoint;
            atn.decisions[d].look = look;
        }
        atn
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Builds `elems` followed by `next`; returns the first node.
    fn seq(&mut self, elems: &'static [E], next: NodeId) -> NodeId {
        elems.iter().rev().fold(next, |next, e| self.elem(e, next))
    }

    fn elem(&mut self, e: &'static E, next: NodeId) -> NodeId {
        match e {
            T(tk) => self.push(Node::Match { tk: *tk, next }),
            R(rule) => self.push(Node::Call { rule: *rule, next }),
            Star(body) => {
                let decision = self.decisions.len();
                let node = self.push(Node::Decision { decision });
                let loop_back = self.push(Node::LoopBack { decision });
                self.decisions.push(Decision {
                    kind: DecisionKind::Star,
                    node,
                    alts: Vec::new(),
                    look: Vec::new(),
                    ll1: false,
                });
                let body = self.seq(body, loop_back);
                self.decisions[decision].alts = vec![body, next];
                node
            }
            Opt(body) => {
                let body = self.seq(body, next);
                self.decision(DecisionKind::Optional, vec![body, next])
            }
            Alt(alts) => {
                let alts = alts.iter().map(|alt| self.seq(alt, next)).collect();
                self.decision(DecisionKind::Alternatives, alts)
            }
        }
    }

    fn decision(&mut self, kind: DecisionKind, alts: Vec<NodeId>) -> NodeId {
        let decision = self.decisions.len();
        let node = self.push(Node::Decision { decision });
        self.decisions.push(Decision { kind, node, alts, look: Vec::new(), ll1: false });
        node
    }

    pub(super) fn rule_start(&self, rule: RuleId) -> NodeId {
        self.rule_start[rule as usize]
    }

    /// ANTLR `atn.nextTokens(s)`: the tokens that can follow `node` inside its rule, and
    /// whether the end of the rule is reachable.
    pub(super) fn local_next(&self, node: NodeId) -> (TokenSet, bool) {
        self.local.get(node).copied().unwrap_or((TokenSet::EMPTY, true))
    }

    /// ANTLR `getExpectedTokens(state, ctx)`: the tokens that can follow `node` given the
    /// call stack `frames` (the `Call` nodes of the active invocations, outermost first);
    /// end of input when the start rule could end.
    pub(super) fn expected(&self, node: NodeId, frames: &[NodeId]) -> TokenSet {
        let (mut set, mut eps) = self.local_next(node);
        for &call in frames.iter().rev() {
            if !eps {
                break;
            }
            let (next, e) = self.local_next(self.follow(call));
            set = set.union(next);
            eps = e;
        }
        if eps {
            set.insert(Tk::Eof);
        }
        set
    }

    /// The follow state of a `Call` node (itself for any other node).
    pub(super) fn follow(&self, call: NodeId) -> NodeId {
        match self.nodes.get(call) {
            Some(Node::Call { next, .. }) => *next,
            _ => call,
        }
    }

    /// ANTLR's `LL1Analyzer._LOOK` from `node` with an empty context: first tokens, and
    /// whether the end of the starting rule is reachable (only recorded for [`Bottom::Local`]).
    fn look(&self, node: NodeId, bottom: Bottom) -> (TokenSet, bool) {
        let mut set = TokenSet::EMPTY;
        let mut eps = false;
        let mut busy: HashSet<(NodeId, Vec<NodeId>)> = HashSet::new();
        let mut work = vec![(node, Vec::new())];
        while let Some((node, stack)) = work.pop() {
            if !busy.insert((node, stack.clone())) {
                continue;
            }
            match self.nodes[node] {
                Node::Match { tk, .. } => set.insert(tk),
                Node::Call { rule, next } => {
                    let mut stack = stack;
                    stack.push(next);
                    work.push((self.rule_start(rule), stack));
                }
                Node::Decision { decision } => {
                    for &alt in self.decisions[decision].alts.iter().rev() {
                        work.push((alt, stack.clone()));
                    }
                }
                Node::LoopBack { decision } => work.push((self.decisions[decision].node, stack)),
                Node::Stop { rule } => {
                    let mut stack = stack;
                    if let Some(ret) = stack.pop() {
                        work.push((ret, stack));
                        continue;
                    }
                    match bottom {
                        Bottom::Local => eps = true,
                        Bottom::Global if rule == RuleId::Program => set.insert(Tk::Eof),
                        Bottom::Global => {
                            for (call, n) in self.nodes.iter().enumerate() {
                                if matches!(n, Node::Call { rule: r, .. } if *r == rule) {
                                    work.push((self.follow(call), Vec::new()));
                                }
                            }
                        }
                    }
                }
            }
        }
        (set, eps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decisions the ANTLR tool cannot decide with one token are exactly the operator
    /// loops, the optional comparison and the member-expression loop (the right side of an
    /// assignment can absorb any operator or suffix that could also continue the outer
    /// expression).
    #[test]
    fn only_expression_decisions_need_adaptive_prediction() {
        let atn = Atn::get();
        let mut adaptive: Vec<(DecisionKind, TokenSet)> =
            atn.decisions.iter().filter(|d| !d.ll1).map(|d| (d.kind, d.look[0])).collect();
        adaptive.sort_by_key(|(_, look)| format!("{look}"));
        let names: Vec<String> = adaptive.iter().map(|(k, l)| format!("{k:?} {l}")).collect();
        assert_eq!(
            names,
            [
                "Star '&&'",
                "Star '||'",
                "Star OP_ADD",
                "Optional OP_COMPARE",
                "Star OP_MUL",
                "Star {'(', '=', '.', '['}",
            ]
        );
    }

    #[test]
    fn local_next_of_block_loop() {
        let atn = Atn::get();
        let block_loop = atn
            .decisions
            .iter()
            .find(|d| d.kind == DecisionKind::Star && d.look[1] == [Tk::RBrace].into_iter().collect())
            .map(|d| d.node);
        let (set, eps) = atn.local_next(block_loop.unwrap_or(0));
        assert!(!eps);
        assert_eq!(
            set.to_string(),
            "{'(', '}', 'break', 'continue', 'debugger', 'while', 'if', 'return', IDENTIFIER, STRING_LITERAL, NUMERIC_LITERAL}"
        );
    }
}
