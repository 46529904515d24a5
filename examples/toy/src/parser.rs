//! The pest grammar (`toy.pest`) and the builder that turns its parse tree into executable
//! nodes: every local resolved to a frame slot, every call to a function object.

use crate::builtins::{Output, BUILTINS};
use crate::nodes::binary::{BinaryNode, OPERATORS};
use crate::nodes::call::{CallNode, CallValueNode, ImportNode};
use crate::nodes::control_flow::{IfNode, SequenceNode};
use crate::nodes::{condition, NodeBox};
use crate::{Error, Program};
use bonsai::call::CallTarget;
use bonsai::error::GuestError;
use bonsai::frame::{FrameDescriptor, FrameSlot};
use bonsai::function::{Function, FunctionRef};
use bonsai::nodes::{ConstantNode, ReadArgumentNode, ReadLocalNode, WhileNode, WriteLocalNode};
use bonsai::source::{Source, SourceSection};
use bonsai::value::Value;
use pest::error::{ErrorVariant, LineColLocation};
use pest::iterators::{Pair, Pairs};
use pest::Parser as _;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(pest_derive::Parser)]
#[grammar = "toy.pest"]
struct ToyParser;

/// Parses `text` and builds its functions.
pub fn parse(text: &str) -> Result<Program, Error> {
    let output = Rc::new(Output::default());
    let (functions, main) = parse_with(text, &output)?;
    let Some(main) = main else {
        return Err(Error::Parse {
            line: 1,
            column: 1,
            message: "`main()` must be defined, without parameters".into(),
        });
    };
    Ok(Program { functions, main, output })
}

/// Parses `text` and builds its functions, printing to `output`: the functions in definition
/// order, and `main` if it is defined without parameters.
pub(crate) fn parse_with(
    text: &str,
    output: &Rc<Output>,
) -> Result<(Vec<FunctionRef>, Option<FunctionRef>), Error> {
    let program = ToyParser::parse(Rule::program, text).map_err(syntax_error)?;
    let definitions: Vec<Pair<Rule>> = program.flatten().filter(|p| p.as_rule() == Rule::function).collect();
    let mut functions = HashMap::new();
    for b in BUILTINS {
        let f = Function::new(b.name, undefined);
        f.set_target(b.call_target(output));
        functions.insert(b.name.to_string(), (f, b.arity));
    }
    let mut user = Vec::new();
    for def in &definitions {
        let mut parts = def.clone().into_inner();
        let (name, params) = (child(&mut parts), child(&mut parts));
        if functions.contains_key(name.as_str()) {
            return Err(error(&name, format!("function `{}` is already defined", name.as_str())));
        }
        let f = Function::new(name.as_str(), undefined);
        functions.insert(name.as_str().to_string(), (f, params.into_inner().count()));
        user.push(f);
    }
    let builder = Builder { source: Source::new("toy", text), functions };
    for (def, f) in definitions.into_iter().zip(&user) {
        f.set_target(builder.function(def)?);
    }
    let main = match builder.functions.get("main") {
        Some(&(f, 0)) if user.iter().any(|u| std::ptr::eq(*u, f)) => Some(f),
        _ => None,
    };
    Ok((user, main))
}

/// Never called: every call is resolved to a defined function when the tree is built.
fn undefined(f: &Function) -> GuestError {
    GuestError::new(format!("undefined function `{}`", f.name()))
}

/// The next child of a pair whose presence the grammar guarantees.
fn child<'i>(pairs: &mut Pairs<'i, Rule>) -> Pair<'i, Rule> {
    pairs.next().expect("the grammar guarantees this child")
}

fn error(at: &Pair<Rule>, message: String) -> Error {
    let (line, column) = at.line_col();
    Error::Parse { line: line as u32, column: column as u32, message }
}

fn syntax_error(e: pest::error::Error<Rule>) -> Error {
    let (line, column) = match e.line_col {
        LineColLocation::Pos(p) | LineColLocation::Span(p, _) => p,
    };
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } if !positives.is_empty() => {
            let mut names: Vec<&str> = positives.iter().map(describe).collect();
            names.dedup();
            format!("expected {}", names.join(" or "))
        }
        ErrorVariant::ParsingError { .. } => "unexpected input".to_string(),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    Error::Parse { line: line as u32, column: column as u32, message }
}

/// How a grammar rule is named in syntax errors.
fn describe(rule: &Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of input",
        Rule::function => "`fn`",
        Rule::ident | Rule::params => "a name",
        Rule::cmp_op | Rule::add_op | Rule::mul_op => "an operator",
        _ => "an expression",
    }
}

struct Builder {
    source: Rc<Source>,
    /// Every function by name, with its arity.
    functions: HashMap<String, (FunctionRef, usize)>,
}

/// The locals of the function being built: parameters first, then every assigned name.
struct Scope {
    descriptor: FrameDescriptor,
    slots: HashMap<String, FrameSlot>,
}

impl Builder {
    /// A call target for `fn name(params) = body;`. Its body is a prologue that writes the
    /// arguments to the parameters' slots and 0 to every other local, then `body`.
    fn function(&self, def: Pair<Rule>) -> Result<&'static CallTarget, Error> {
        let mut parts = def.into_inner();
        let (name, params, body) = (child(&mut parts), child(&mut parts), child(&mut parts));
        let mut scope = Scope { descriptor: FrameDescriptor::new(), slots: HashMap::new() };
        let mut prologue: Vec<NodeBox> = Vec::new();
        let mut parameter_count = 0;
        for (index, p) in params.into_inner().enumerate() {
            parameter_count += 1;
            if scope.slots.contains_key(p.as_str()) {
                return Err(error(&p, format!("parameter `{}` is declared twice", p.as_str())));
            }
            let value = Box::new(ReadArgumentNode { index });
            prologue.push(scope.declare(p.as_str(), value));
        }
        for assign in Pairs::single(body.clone()).flatten().filter(|p| p.as_rule() == Rule::assign) {
            let local = child(&mut assign.into_inner()).as_str();
            if !scope.slots.contains_key(local) {
                prologue.push(scope.declare(local, Box::new(ConstantNode { value: Value::Int(0) })));
            }
        }
        prologue.push(self.expr(&scope, body)?);
        let root = SequenceNode { expressions: prologue };
        Ok(CallTarget::with_parameters(name.as_str(), scope.descriptor, parameter_count, Box::new(root)))
    }

    fn section(&self, pair: &Pair<Rule>) -> SourceSection {
        let (line, column) = pair.line_col();
        let span = pair.as_span();
        SourceSection {
            source: self.source.clone(),
            start_offset: span.start() as u32,
            length_bytes: (span.end() - span.start()) as u32,
            line: line as u32,
            column: column as u32,
        }
    }

    fn expr(&self, scope: &Scope, pair: Pair<Rule>) -> Result<NodeBox, Error> {
        let at = self.section(&pair);
        let rule = pair.as_rule();
        let text = pair.as_str();
        let mut parts = pair.clone().into_inner();
        Ok(match rule {
            Rule::number => match text.parse::<i64>() {
                Ok(n) => Box::new(ConstantNode { value: Value::Int(n) }),
                Err(_) => return Err(error(&pair, format!("integer literal {text} is out of range"))),
            },
            Rule::ident => match (scope.slots.get(text), self.functions.get(text)) {
                (Some(&slot), _) => Box::new(ReadLocalNode { name: text.to_string(), slot }),
                // A function's name is its function value.
                (None, Some(&(function, _))) => Box::new(ConstantNode { value: Value::Function(function) }),
                (None, None) => return Err(error(&pair, format!("unknown variable `{text}`"))),
            },
            Rule::import => Box::new(ImportNode::new(child(&mut parts).as_str())),
            Rule::assign => {
                let name = child(&mut parts).as_str().to_string();
                let value = self.expr(scope, child(&mut parts))?;
                Box::new(WriteLocalNode::new(name.clone(), scope.slots[&name], value))
            }
            Rule::if_expr => {
                let c = self.expr(scope, child(&mut parts))?;
                let t = self.expr(scope, child(&mut parts))?;
                let e = self.expr(scope, child(&mut parts))?;
                Box::new(IfNode::new(c, t, e, at))
            }
            Rule::while_expr => {
                let c = self.expr(scope, child(&mut parts))?;
                let b = self.expr(scope, child(&mut parts))?;
                Box::new(WhileNode::while_loop(condition(c, at), b, Value::Int(0)))
            }
            Rule::block => {
                let mut expressions = Vec::new();
                for e in parts {
                    expressions.push(self.expr(scope, e)?);
                }
                Box::new(SequenceNode { expressions })
            }
            Rule::call => {
                let name = child(&mut parts);
                if let Some(&slot) = scope.slots.get(name.as_str()) {
                    // A local's value is called, whatever it is (a function, another
                    // language's executable): checked when the call is made.
                    let callee = Box::new(ReadLocalNode { name: name.as_str().to_string(), slot });
                    let arguments = parts.map(|a| self.expr(scope, a)).collect::<Result<Vec<_>, _>>()?;
                    return Ok(Box::new(CallValueNode::new(callee, arguments, at)));
                }
                let Some(&(function, arity)) = self.functions.get(name.as_str()) else {
                    return Err(error(&name, format!("unknown function `{}`", name.as_str())));
                };
                let arguments = parts.map(|a| self.expr(scope, a)).collect::<Result<Vec<_>, _>>()?;
                if arguments.len() != arity {
                    let message =
                        format!("`{}` takes {arity} argument(s), got {}", name.as_str(), arguments.len());
                    return Err(error(&name, message));
                }
                Box::new(CallNode::new(function, arguments))
            }
            Rule::comparison | Rule::sum | Rule::product => {
                let mut left = self.expr(scope, child(&mut parts))?;
                while let Some(op) = parts.next() {
                    let right = self.expr(scope, child(&mut parts))?;
                    let operator =
                        OPERATORS.iter().find(|(symbol, _)| *symbol == op.as_str()).map(|(_, o)| *o);
                    let Some(operator) = operator else {
                        return Err(error(&op, format!("internal error: unknown operator {}", op.as_str())));
                    };
                    left = Box::new(BinaryNode::new(operator, left, right, self.section(&op)));
                }
                left
            }
            _ => return Err(error(&pair, format!("internal error: unexpected {rule:?}"))),
        })
    }
}

impl Scope {
    /// Adds a slot for local `name` and returns the prologue node initializing it to `value`.
    fn declare(&mut self, name: &str, value: NodeBox) -> NodeBox {
        let slot = self.descriptor.add_slot(name);
        self.slots.insert(name.to_string(), slot);
        Box::new(WriteLocalNode::new(name, slot, value))
    }
}
