//! pest pairs to the syntax tree, with the checks of §4 that need no other class (duplicate
//! variables and fields, unknown escapes, assignments to pseudo-variables), in source order.

use super::ast::*;
use super::error::{CompileError, CompileErrorKind, SourceMap};
use super::grammar::Rule;
use num_bigint::BigInt;
use pest::iterators::Pair;

/// The names no assignment may target.
pub(crate) const PSEUDO_VARIABLES: [&str; 5] = ["self", "super", "nil", "true", "false"];

type Result<T> = std::result::Result<T, CompileError>;

pub(crate) struct Builder<'s, 'm> {
    pub(crate) map: &'m SourceMap<'s>,
}

/// Whether a pair is punctuation (kept only for error messages).
fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::bar
            | Rule::colon
            | Rule::assign
            | Rule::period
            | Rule::caret
            | Rule::equals
            | Rule::array_open
            | Rule::EOI
    )
}

/// The children of `pair` that carry meaning.
fn children<'s>(pair: Pair<'s, Rule>) -> impl Iterator<Item = Pair<'s, Rule>> {
    pair.into_inner().filter(|p| !is_punctuation(p.as_rule()))
}

impl<'s> Builder<'s, '_> {
    fn position(&self, pair: &Pair<'s, Rule>) -> Position {
        self.map.position(pair.as_span().start())
    }

    fn name(&self, pair: &Pair<'s, Rule>) -> Name {
        Name { name: pair.as_str().to_string(), position: self.position(pair) }
    }

    /// `class_def`
    pub(crate) fn class_def(&self, pair: Pair<'s, Rule>) -> Result<ClassDef> {
        let mut class = ClassDef {
            name: Name { name: String::new(), position: Position::default() },
            superclass: Superclass::Default,
            instance_fields: Vec::new(),
            instance_methods: Vec::new(),
            class_fields: Vec::new(),
            class_methods: Vec::new(),
        };
        for child in children(pair) {
            match child.as_rule() {
                Rule::identifier => class.name = self.name(&child),
                Rule::superclass => {
                    let name = children(child).next().map(|p| self.name(&p));
                    class.superclass = match name {
                        Some(n) if n.name == "nil" => Superclass::Nil(n.position),
                        Some(n) => Superclass::Named(n),
                        None => Superclass::Default,
                    };
                }
                Rule::instance_side => {
                    (class.instance_fields, class.instance_methods) = self.side(child)?;
                }
                Rule::class_side => (class.class_fields, class.class_methods) = self.side(child)?,
                _ => {}
            }
        }
        Ok(class)
    }

    /// `instance_side`, `class_side`: fields (checked for duplicates) and methods.
    fn side(&self, pair: Pair<'s, Rule>) -> Result<(Vec<Name>, Vec<Method>)> {
        let mut fields: Vec<Name> = Vec::new();
        let mut methods = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::fields => {
                    for field in children(child) {
                        let field = self.name(&field);
                        if fields.iter().any(|f| f.name == field.name) {
                            return Err(self
                                .map
                                .error_at(field.position, CompileErrorKind::DuplicateField(field.name)));
                        }
                        fields.push(field);
                    }
                }
                Rule::method => methods.push(self.method(child)?),
                _ => {}
            }
        }
        Ok((fields, methods))
    }

    /// `method`
    fn method(&self, pair: Pair<'s, Rule>) -> Result<Method> {
        let position = self.position(&pair);
        let mut selector = String::new();
        let mut parameters = Vec::new();
        let mut body = MethodBody::Primitive;
        let mut temporaries = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::unary_pattern => selector = child.as_str().to_string(),
                Rule::binary_pattern | Rule::keyword_pattern => {
                    for part in children(child) {
                        match part.as_rule() {
                            Rule::identifier => parameters.push(self.name(&part)),
                            _ => selector.push_str(part.as_str()),
                        }
                    }
                }
                Rule::primitive => body = MethodBody::Primitive,
                Rule::body => {
                    let (temps, statements) = self.body(child, &parameters)?;
                    temporaries = temps;
                    body = MethodBody::Statements(statements);
                }
                _ => {}
            }
        }
        self.check_distinct(&parameters, &[])?;
        Ok(Method { selector, parameters, temporaries, body, position })
    }

    /// The first of `names` (after `earlier`) that repeats a name of `earlier` or `names`.
    fn check_distinct(&self, names: &[Name], earlier: &[Name]) -> Result<()> {
        for (i, name) in names.iter().enumerate() {
            if earlier.iter().chain(&names[..i]).any(|n| n.name == name.name) {
                return Err(self
                    .map
                    .error_at(name.position, CompileErrorKind::ShadowedVariable(name.name.clone())));
            }
        }
        Ok(())
    }

    /// `body`: temporaries (distinct from each other and from `parameters`) and statements.
    fn body(&self, pair: Pair<'s, Rule>, parameters: &[Name]) -> Result<(Vec<Name>, Vec<Statement>)> {
        self.check_distinct(parameters, &[])?;
        let mut temporaries = Vec::new();
        let mut statements = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::temporaries => {
                    temporaries = children(child).map(|p| self.name(&p)).collect();
                    self.check_distinct(&temporaries, parameters)?;
                }
                Rule::statements => statements = self.statements(child)?,
                _ => {}
            }
        }
        Ok((temporaries, statements))
    }

    /// `statements`
    fn statements(&self, pair: Pair<'s, Rule>) -> Result<Vec<Statement>> {
        children(pair)
            .map(|child| match child.as_rule() {
                Rule::return_statement => {
                    let position = self.position(&child);
                    let value = children(child).next().map(|e| self.expression(e));
                    match value {
                        Some(value) => Ok(Statement::Return { value: value?, position }),
                        None => Err(self.internal(position)),
                    }
                }
                _ => Ok(Statement::Expression(self.expression(child)?)),
            })
            .collect()
    }

    /// A pair the grammar guarantees is missing: reported as a syntax error, never a panic.
    fn internal(&self, position: Position) -> CompileError {
        self.map.error_at(
            position,
            CompileErrorKind::Syntax { found: "this".to_string(), expected: "a valid class".to_string() },
        )
    }

    /// `expression`: assignment targets, then a primary and its messages.
    fn expression(&self, pair: Pair<'s, Rule>) -> Result<Expression> {
        let mut targets = Vec::new();
        let mut inner = children(pair).peekable();
        while let Some(target) = inner.next_if(|p| p.as_rule() == Rule::assignment_target) {
            let position = self.position(&target);
            let Some(name) = children(target).next() else { return Err(self.internal(position)) };
            let name = self.name(&name);
            if PSEUDO_VARIABLES.contains(&name.name.as_str()) {
                return Err(self
                    .map
                    .error_at(name.position, CompileErrorKind::AssignmentToPseudoVariable(name.name)));
            }
            targets.push(name);
        }
        let value = self.messages(&mut inner)?;
        if targets.is_empty() {
            Ok(value)
        } else {
            Ok(Expression::Assignment { targets, value: Box::new(value) })
        }
    }

    /// A primary followed by unary, binary and keyword messages (`expression`,
    /// `binary_argument`, `keyword_argument` share this shape).
    fn messages(&self, pairs: &mut impl Iterator<Item = Pair<'s, Rule>>) -> Result<Expression> {
        let Some(first) = pairs.next() else {
            return Err(self.internal(Position::default()));
        };
        let position = self.position(&first);
        let mut receiver = self.primary(first)?;
        for message in pairs {
            let selector_position = self.position(&message);
            let (selector, arguments) = match message.as_rule() {
                Rule::unary_message => (message.as_str().to_string(), Vec::new()),
                Rule::binary_message => {
                    let mut inner = children(message);
                    let selector = inner.next().map(|p| p.as_str().to_string()).unwrap_or_default();
                    let argument = inner.next().map(|a| self.messages(&mut children(a)));
                    match argument {
                        Some(argument) => (selector, vec![argument?]),
                        None => return Err(self.internal(selector_position)),
                    }
                }
                Rule::keyword_message => {
                    let mut selector = String::new();
                    let mut arguments = Vec::new();
                    for part in children(message) {
                        match part.as_rule() {
                            Rule::keyword => selector.push_str(part.as_str()),
                            _ => arguments.push(self.messages(&mut children(part))?),
                        }
                    }
                    (selector, arguments)
                }
                // `binary_argument` inside `keyword_argument`: already a receiver.
                _ => return Err(self.internal(selector_position)),
            };
            let is_super = matches!(&receiver, Expression::Variable(n) if n.name == "super");
            receiver = Expression::Send(Send {
                receiver: Box::new(receiver),
                selector,
                arguments,
                is_super,
                position,
                selector_position,
            });
        }
        Ok(receiver)
    }

    /// `variable`, `nested`, `block`, a literal, or a `binary_argument` (the receiver of a
    /// `keyword_argument`).
    fn primary(&self, pair: Pair<'s, Rule>) -> Result<Expression> {
        let position = self.position(&pair);
        match pair.as_rule() {
            Rule::variable => Ok(Expression::Variable(self.name(&pair))),
            Rule::nested => match children(pair).next() {
                Some(e) => self.expression(e),
                None => Err(self.internal(position)),
            },
            Rule::binary_argument => self.messages(&mut children(pair)),
            Rule::block => Ok(Expression::Block(self.block(pair)?)),
            _ => Ok(Expression::Literal { value: self.literal(pair)?, position }),
        }
    }

    /// `block`
    fn block(&self, pair: Pair<'s, Rule>) -> Result<Block> {
        let position = self.position(&pair);
        let mut parameters = Vec::new();
        let mut temporaries = Vec::new();
        let mut body = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::block_parameters => {
                    parameters = children(child).map(|p| self.name(&p)).collect();
                }
                Rule::body => (temporaries, body) = self.body(child, &parameters)?,
                _ => {}
            }
        }
        Ok(Block { parameters, temporaries, body, position })
    }

    /// `number`, `string`, `symbol`, `literal_array`
    fn literal(&self, pair: Pair<'s, Rule>) -> Result<Literal> {
        let position = self.position(&pair);
        match pair.as_rule() {
            Rule::number => {
                let negative = pair.as_str().starts_with('-');
                let Some(digits) = children(pair).find(|p| p.as_rule() != Rule::minus) else {
                    return Err(self.internal(position));
                };
                let text =
                    if negative { format!("-{}", digits.as_str()) } else { digits.as_str().to_string() };
                if digits.as_rule() == Rule::double {
                    return text.parse().map(Literal::Double).map_err(|_| self.internal(position));
                }
                if let Ok(small) = text.parse::<i64>() {
                    return Ok(Literal::Integer(small));
                }
                text.parse::<BigInt>().map(Literal::BigInteger).map_err(|_| self.internal(position))
            }
            Rule::string => match children(pair).next() {
                Some(chars) => Ok(Literal::String(self.decode(&chars)?)),
                None => Err(self.internal(position)),
            },
            Rule::symbol => match children(pair).next() {
                Some(inner) if inner.as_rule() == Rule::string => match children(inner).next() {
                    Some(chars) => Ok(Literal::Symbol(self.decode(&chars)?)),
                    None => Err(self.internal(position)),
                },
                Some(inner) => Ok(Literal::Symbol(inner.as_str().to_string())),
                None => Err(self.internal(position)),
            },
            Rule::literal_array => {
                children(pair).map(|element| self.literal(element)).collect::<Result<_>>().map(Literal::Array)
            }
            _ => Err(self.internal(position)),
        }
    }

    /// The characters of a string with escapes applied (§2); `\` and an unknown character is
    /// a compile error at the backslash.
    fn decode(&self, pair: &Pair<'s, Rule>) -> Result<String> {
        let start = pair.as_span().start();
        let text = pair.as_str();
        let mut decoded = String::with_capacity(text.len());
        let mut chars = text.char_indices();
        while let Some((_, c)) = chars.next() {
            if c != '\\' {
                decoded.push(c);
                continue;
            }
            let Some((i, escaped)) = chars.next() else { break };
            decoded.push(match escaped {
                't' => '\t',
                'b' => '\u{8}',
                'n' => '\n',
                'r' => '\r',
                'f' => '\u{c}',
                '0' => '\0',
                '\'' => '\'',
                '\\' => '\\',
                other => {
                    return Err(self.map.error(start + i - 1, CompileErrorKind::UnknownEscape(other)));
                }
            });
        }
        Ok(decoded)
    }
}
