//! The tree builder: a method's syntax tree to executable nodes (§4, §6, §7).
//!
//! Every name is resolved here, none at run time except globals: a method's or block's own
//! variables are frame slots, unless an inner block captures them, in which case they live in
//! the activation's heap context (see [`crate::nodes`]); fields are locations of `self`'s
//! shape; anything else is a global. Sends of `ifTrue:`, `whileTrue:`, `to:do:`, … whose
//! block arguments are literal blocks are inlined ([`crate::nodes::control_flow`]), unless a
//! block's own variables are captured by an inner block (each evaluation of such a block
//! needs fresh variables, §7). The real send such a structure falls back on passes its blocks
//! as closures; the variables they may use are lazy frame slots ([`FallbackFrame`]) that the
//! send moves to a context the closures share.

use crate::nodes::block::{
    ActivationBodyNode, BlockLayout, BlockPropertyNode, MakeBlockNode, NonLocalReturnNode, ReturnNode,
};
use crate::nodes::control_flow::{
    FallbackFrame, FallbackMarker, IfNode, LazyScope, ToDoLoop, ToDoNode, ToDoRepeat, WhileNode, WhileRepeat,
};
use crate::nodes::literal::ObjectLiteralNode;
use crate::nodes::send::{SendNode, SuperSendNode};
use crate::nodes::variables::{
    NewContextNode, ReadContextNode, ReadFieldNode, ReadGlobalNode, ReadLazyNode, WriteContextNode,
    WriteFieldNode, WriteLazyNode,
};
use crate::nodes::{NodeBox, SequenceNode};
use crate::parser::{Block, Expression, Literal, Method, MethodBody, Name, Send, Statement};
use crate::universe::{vm_error, ClassId, SendPosition, Universe, AT_SLOT};
use bonsai::call::CallTarget;
use bonsai::error::GuestError;
use bonsai::frame::{FrameDescriptor, FrameSlot};
use bonsai::function::Function;
use bonsai::node::Child;
use bonsai::nodes::{ConstantNode, ReadArgumentNode, ReadLocalNode, WriteLocalNode};
use bonsai::object::{Location, Shape, ShapeRef};
use bonsai::profile::ConditionProfile;
use bonsai::value::Value;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Where a variable lives in its activation.
#[derive(Clone, Copy)]
enum Var {
    Slot(FrameSlot),
    Context(Location),
    /// A frame slot until a real send of an inlined control structure moves the variable to
    /// its scope's context (in frame slot `lazy`), see [`FallbackFrame`].
    Lazy {
        slot: FrameSlot,
        lazy: FrameSlot,
        location: Location,
    },
}

/// A scope's variables that closures of a real send may share (see [`FallbackFrame`]).
struct LazyVars {
    slot: FrameSlot,
    shape: ShapeRef,
    vars: Vec<(String, FrameSlot, Location)>,
}

/// Makes the variables of `names` in `map` that are frame slots and in `exposed` lazy: the
/// scope's lazy context slot, its shape, and where each variable goes. A variable that
/// nothing in the scope's `statements` assigns stays a plain frame slot: the context gets a
/// copy of it, which cannot go stale.
fn lazy_vars(
    descriptor: &mut FrameDescriptor,
    map: &mut HashMap<String, Var>,
    names: &[&str],
    statements: &[Statement],
) -> Result<Option<LazyVars>, GuestError> {
    let exposed = exposed_in(statements);
    if names.iter().all(|n| !exposed.contains(*n)) {
        return Ok(None);
    }
    let mut assigned = HashSet::new();
    assigned_in(statements, &mut assigned);
    let mut shape: Option<ShapeRef> = None;
    let mut vars = Vec::new();
    for &n in names {
        if let (Some(Var::Slot(slot)), true) = (map.get(n).copied(), exposed.contains(n)) {
            let s = match shape {
                Some(s) => s,
                None => Shape::new_root_in(Some(crate::polyglot::SOM), Value::Null)
                    .with_property("^parent")
                    .ok_or_else(too_many)?,
            };
            let s = s.with_property(n).ok_or_else(too_many)?;
            vars.push((n.to_string(), slot, s.lookup(n).ok_or_else(too_many)?));
            shape = Some(s);
        }
    }
    let Some(shape) = shape else { return Ok(None) };
    let slot = descriptor.add_slot("^lazy");
    for (n, var, location) in &vars {
        if assigned.contains(n) {
            map.insert(n.clone(), Var::Lazy { slot: *var, lazy: slot, location: *location });
        }
    }
    Ok(Some(LazyVars { slot, shape, vars }))
}

/// One method or (non-inlined) block activation being built.
struct Activation {
    descriptor: FrameDescriptor,
    /// Lexical levels: the method or block itself, then inlined blocks, innermost last.
    levels: Vec<HashMap<String, Var>>,
    /// Each level's lazy variables, if it has some.
    scopes: Vec<Option<LazyVars>>,
    owns_context: bool,
    receiver: FrameSlot,
    context: FrameSlot,
    marker: FrameSlot,
    is_block: bool,
    /// A method activation that makes its marker on entry (its blocks return non-locally).
    has_marker: bool,
}

/// Builds the call targets of one class side's methods.
pub struct MethodBuilder<'a> {
    u: &'a Rc<Universe>,
    holder: ClassId,
    holder_name: String,
    fields: ShapeRef,
    field_names: Vec<String>,
    selector: String,
    activations: Vec<Activation>,
    blocks: usize,
    path: Rc<str>,
    text: &'a str,
}

impl<'a> MethodBuilder<'a> {
    /// A builder for methods of `holder` (a class or a metaclass), from file `path` (whose
    /// text is `text`, for the source lines of tracebacks).
    pub fn new(u: &'a Rc<Universe>, holder: ClassId, path: &str, text: &'a str) -> MethodBuilder<'a> {
        let (fields, field_names, holder_name) =
            u.with_class(holder, |c| (c.instance_shape, c.fields.clone(), c.name.clone()));
        MethodBuilder {
            u,
            holder,
            holder_name,
            fields,
            field_names,
            selector: String::new(),
            activations: Vec::new(),
            blocks: 0,
            path: Rc::from(path),
            text,
        }
    }

    /// The call target of method `m`: arguments are the receiver, then the message arguments.
    pub fn method(mut self, m: &Method) -> Result<&'static CallTarget, GuestError> {
        forget_inlinable();
        let result = self.build_method(m);
        forget_inlinable();
        result
    }

    fn build_method(&mut self, m: &Method) -> Result<&'static CallTarget, GuestError> {
        let MethodBody::Statements(statements) = &m.body else {
            return Err(vm_error(format!("internal error: {} is a primitive", m.selector)));
        };
        self.selector = m.selector.clone();
        let declared: Vec<&str> =
            m.parameters.iter().chain(m.temporaries.iter()).map(|n| n.name.as_str()).collect();
        let mut uses = Uses::default();
        uses_statements(statements, &mut uses);
        let mut descriptor = FrameDescriptor::new();
        let receiver = descriptor.add_slot("self");
        let context = descriptor.add_slot("^context");
        let marker = descriptor.add_slot("^marker");
        let at = descriptor.add_slot("^at");
        debug_assert_eq!(at, AT_SLOT);
        let mut prologue: Vec<NodeBox> = vec![Box::new(WriteLocalNode::new(
            "self",
            receiver,
            Child::new(Box::new(ReadArgumentNode { index: 0 })),
        ))];
        let (mut map, context_shape) = self.declare(&mut descriptor, &declared, &uses.captured)?;
        let lazy = lazy_vars(&mut descriptor, &mut map, &declared, statements)?;
        if let Some(shape) = context_shape {
            prologue.push(Box::new(WriteLocalNode::new(
                "^context",
                context,
                Child::new(Box::new(NewContextNode { shape, parent: Child::new(nil()) })),
            )));
        }
        let has_marker = needs_marker(statements);
        self.activations.push(Activation {
            descriptor,
            levels: vec![map],
            scopes: vec![lazy],
            owns_context: context_shape.is_some(),
            receiver,
            context,
            marker,
            is_block: false,
            has_marker,
        });
        for (i, p) in m.parameters.iter().enumerate() {
            let value = Box::new(ReadArgumentNode { index: i + 1 });
            prologue.push(self.write(&p.name, value)?);
        }
        for s in statements {
            prologue.push(self.statement(s)?);
        }
        prologue.push(Box::new(ReadLocalNode { name: "self".into(), slot: receiver }));
        let activation = self.activations.pop().ok_or_else(|| vm_error("internal error: no activation"))?;
        let marker = has_marker.then(|| {
            let shape = self.u.helper_shapes.marker;
            (marker, shape, Location(0))
        });
        let body = ActivationBodyNode { body: Box::new(SequenceNode::new(prologue)), marker };
        let name = format!("{}>>{}", self.holder_name, m.selector);
        Ok(CallTarget::with_parameters(&name, activation.descriptor, m.parameters.len() + 1, Box::new(body)))
    }

    /// Declares `names` in a new activation: frame slots, or context properties for the
    /// captured ones (then also the context's shape).
    fn declare(
        &self,
        descriptor: &mut FrameDescriptor,
        names: &[&str],
        captured: &HashSet<String>,
    ) -> Result<(HashMap<String, Var>, Option<ShapeRef>), GuestError> {
        let mut map = HashMap::new();
        let mut shape: Option<ShapeRef> = None;
        for &n in names {
            if captured.contains(n) {
                let s = match shape {
                    Some(s) => s,
                    None => Shape::new_root_in(Some(crate::polyglot::SOM), Value::Null)
                        .with_property("^parent")
                        .ok_or_else(too_many)?,
                };
                let s = s.with_property(n).ok_or_else(too_many)?;
                let location = s.lookup(n).ok_or_else(too_many)?;
                shape = Some(s);
                map.insert(n.to_string(), Var::Context(location));
            } else {
                map.insert(n.to_string(), Var::Slot(descriptor.add_slot(n)));
            }
        }
        Ok((map, shape))
    }

    fn current(&self) -> &Activation {
        self.activations.last().expect("an activation is being built")
    }

    fn read_self(&self) -> NodeBox {
        Box::new(ReadLocalNode { name: "self".into(), slot: self.current().receiver })
    }

    /// Finds a local: the activation index and the variable.
    fn resolve(&self, name: &str) -> Option<(usize, Var)> {
        for (i, a) in self.activations.iter().enumerate().rev() {
            for level in a.levels.iter().rev() {
                if let Some(v) = level.get(name) {
                    return Some((i, *v));
                }
            }
        }
        None
    }

    /// Contexts between the current activation and activation `target` (§7).
    fn hops(&self, target: usize) -> u32 {
        self.activations[target + 1..].iter().filter(|a| a.owns_context).count() as u32
    }

    fn read(&self, name: &str) -> Result<NodeBox, GuestError> {
        match name {
            "self" | "super" => return Ok(self.read_self()),
            "nil" => return Ok(nil()),
            "true" => return Ok(Box::new(ConstantNode::new(Value::TRUE))),
            "false" => return Ok(Box::new(ConstantNode::new(Value::FALSE))),
            _ => {}
        }
        let current = self.activations.len() - 1;
        match self.resolve(name) {
            Some((i, Var::Slot(slot))) if i == current => {
                Ok(Box::new(ReadLocalNode { name: name.into(), slot }))
            }
            Some((i, Var::Lazy { slot, lazy, location })) if i == current => Ok(Box::new(ReadLazyNode {
                name: name.into(),
                slot,
                lazy,
                location,
                shared: ConditionProfile::new(),
            })),
            Some((i, Var::Context(location))) => Ok(Box::new(ReadContextNode {
                name: name.into(),
                context: self.current().context,
                hops: self.hops(i),
                location,
            })),
            Some(_) => Err(vm_error(format!("internal error: variable '{name}' is not captured"))),
            None => match self.field(name) {
                Some(location) => Ok(Box::new(ReadFieldNode {
                    name: name.into(),
                    receiver: self.current().receiver,
                    location,
                    is_object: ConditionProfile::new(),
                })),
                None => Ok(Box::new(ReadGlobalNode {
                    name: name.into(),
                    receiver: self.read_self(),
                    universe: self.u.clone(),
                })),
            },
        }
    }

    fn field(&self, name: &str) -> Option<Location> {
        if self.field_names.iter().any(|f| f == name) {
            self.fields.lookup(name)
        } else {
            None
        }
    }

    fn write(&self, name: &str, value: NodeBox) -> Result<NodeBox, GuestError> {
        let current = self.activations.len() - 1;
        let value = Child::new(value);
        match self.resolve(name) {
            Some((i, Var::Slot(slot))) if i == current => {
                Ok(Box::new(WriteLocalNode::new(name, slot, value)))
            }
            Some((i, Var::Lazy { slot, lazy, location })) if i == current => Ok(Box::new(WriteLazyNode {
                name: name.into(),
                slot,
                lazy,
                location,
                value,
                shared: ConditionProfile::new(),
            })),
            Some((i, Var::Context(location))) => Ok(Box::new(WriteContextNode {
                name: name.into(),
                context: self.current().context,
                hops: self.hops(i),
                location,
                value,
            })),
            Some(_) => Err(vm_error(format!("internal error: variable '{name}' is not captured"))),
            None => match self.field(name) {
                Some(location) => Ok(Box::new(WriteFieldNode {
                    name: name.into(),
                    receiver: self.current().receiver,
                    location,
                    value,
                    is_object: ConditionProfile::new(),
                })),
                // `check_inherited` rejected this already (§4).
                None => Err(vm_error(format!("No such field '{name}' in class"))),
            },
        }
    }

    fn statement(&mut self, s: &Statement) -> Result<NodeBox, GuestError> {
        match s {
            Statement::Expression(e) => self.expression(e),
            Statement::Return { value, .. } => {
                let value = Child::new(self.expression(value)?);
                if self.current().is_block {
                    let a = self.current();
                    Ok(Box::new(NonLocalReturnNode {
                        value,
                        marker: a.marker,
                        receiver: a.receiver,
                        alive: Location(0),
                        home_alive: ConditionProfile::new(),
                        marker_object: ConditionProfile::new(),
                        universe: self.u.clone(),
                    }))
                } else {
                    Ok(Box::new(ReturnNode { value }))
                }
            }
        }
    }

    /// Statements as one node whose value is the last one's (`nil` for none).
    fn statements(&mut self, statements: &[Statement]) -> Result<NodeBox, GuestError> {
        let mut nodes = Vec::with_capacity(statements.len() + 1);
        for s in statements {
            nodes.push(self.statement(s)?);
        }
        if nodes.is_empty() {
            nodes.push(nil());
        }
        Ok(Box::new(SequenceNode::new(nodes)))
    }

    fn expression(&mut self, e: &Expression) -> Result<NodeBox, GuestError> {
        match e {
            Expression::Variable(n) => self.read(&n.name),
            Expression::Assignment { targets, value } => {
                let mut node = self.expression(value)?;
                for t in targets.iter().rev() {
                    node = self.write(&t.name, node)?;
                }
                Ok(node)
            }
            Expression::Send(s) => self.send(s),
            Expression::Block(b) => self.block(b),
            Expression::Literal { value, .. } => Ok(match value {
                Literal::Integer(i) => Box::new(ConstantNode::new(Value::Int(*i))),
                Literal::BigInteger(b) => Box::new(ConstantNode::new(Value::integer_constant(b.clone()))),
                Literal::Double(d) => Box::new(ConstantNode::new(Value::from_f64(*d))),
                Literal::String(s) => Box::new(ConstantNode::new(Value::string_constant(s))),
                other => Box::new(ObjectLiteralNode::new(self.u, other.clone())),
            }),
        }
    }

    fn send(&mut self, s: &Send) -> Result<NodeBox, GuestError> {
        if !s.is_super {
            if let Some(node) = self.inlined(s)? {
                return Ok(node);
            }
        }
        let receiver = self.expression(&s.receiver)?;
        let mut arguments = Vec::with_capacity(s.arguments.len());
        for a in &s.arguments {
            arguments.push(self.expression(a)?);
        }
        let line = s.position.line;
        let source_line =
            self.text.lines().nth(line.saturating_sub(1) as usize).unwrap_or("").trim().to_string();
        let at = self.u.register_position(SendPosition {
            path: self.path.clone(),
            line,
            column: s.position.column_0based(),
            source_line,
        });
        if s.is_super {
            let start = self.u.superclass(self.holder);
            Ok(Box::new(SuperSendNode::new(self.u, &s.selector, start, receiver, arguments, at)))
        } else {
            Ok(Box::new(SendNode::new(self.u, &s.selector, receiver, arguments, at)))
        }
    }

    /// A literal block's statements inlined in the current activation: its parameters
    /// (given `parameters`, their values on entry) and temporaries become frame slots (lazy
    /// ones when inlined blocks inside use them, see [`FallbackFrame`]), the temporaries reset
    /// to `nil` and the lazy context slot to `nil` on every entry.
    fn inline_block(&mut self, b: &Block, parameters: Vec<NodeBox>) -> Result<NodeBox, GuestError> {
        let mut map = HashMap::new();
        let mut prologue: Vec<NodeBox> = Vec::new();
        let declared: Vec<&str> =
            b.parameters.iter().chain(b.temporaries.iter()).map(|n| n.name.as_str()).collect();
        let a = self.activations.last_mut().expect("an activation is being built");
        for &n in &declared {
            map.insert(n.to_string(), Var::Slot(a.descriptor.add_slot(n)));
        }
        let lazy = lazy_vars(&mut a.descriptor, &mut map, &declared, &b.body)?;
        if let Some(l) = &lazy {
            prologue.push(Box::new(WriteLocalNode::new("^lazy", l.slot, Child::new(nil()))));
        }
        for t in &b.temporaries {
            let Some(Var::Slot(slot) | Var::Lazy { slot, .. }) = map.get(&t.name).copied() else {
                return Err(vm_error("internal error: inlined temporary"));
            };
            prologue.push(Box::new(WriteLocalNode::new(t.name.clone(), slot, Child::new(nil()))));
        }
        a.levels.push(map);
        a.scopes.push(lazy);
        let result = (|| {
            for (p, value) in b.parameters.iter().zip(parameters) {
                prologue.push(self.write(&p.name, value)?);
            }
            self.statements(&b.body)
        })();
        let a = self.activations.last_mut().expect("an activation is being built");
        a.levels.pop();
        a.scopes.pop();
        prologue.push(result?);
        Ok(Box::new(SequenceNode::new(prologue)))
    }

    fn hidden_slot(&mut self, name: &str) -> FrameSlot {
        self.activations.last_mut().expect("an activation is being built").descriptor.add_slot(name)
    }

    /// The inlined form of `s`, when it is a control structure with literal blocks (§6).
    fn inlined(&mut self, s: &Send) -> Result<Option<NodeBox>, GuestError> {
        if inlined_positions(s).is_none() {
            return Ok(None);
        }
        let u = self.u.clone();
        fn block(e: &Expression) -> Option<&Block> {
            match e {
                Expression::Block(b) => Some(b),
                _ => None,
            }
        }
        let mut fallback_arguments = Vec::new();
        let mut fallback_frame = None;
        if !matches!(s.selector.as_str(), "whileTrue:" | "whileFalse:") {
            // The block arguments (`to:do:` passes its limit itself).
            let blocks: Vec<&Block> = s.arguments.iter().filter_map(block).collect();
            let (arguments, frame) = self.fallback_blocks(&blocks)?;
            fallback_arguments = arguments;
            fallback_frame = frame;
        }
        let mut fallback_frame = Some(fallback_frame);
        let if_node = |selector: &str,
                       condition: NodeBox,
                       if_true: Option<NodeBox>,
                       if_false: Option<NodeBox>,
                       fallback_arguments: Vec<Child>,
                       fallback_frame: Option<FallbackFrame>|
         -> NodeBox {
            Box::new(IfNode {
                selector: selector.to_string(),
                condition: Child::new(condition),
                if_true: if_true.map(Child::new),
                if_false: if_false.map(Child::new),
                fallback_arguments,
                fallback_frame,
                taken: ConditionProfile::new(),
                is_boolean: ConditionProfile::new(),
                universe: u.clone(),
            })
        };
        let sel = s.selector.as_str();
        let node: NodeBox = match sel {
            "ifTrue:" | "ifFalse:" => {
                let c = self.expression(&s.receiver)?;
                let body = self.inline_block(block(&s.arguments[0]).expect("checked"), Vec::new())?;
                if sel == "ifTrue:" {
                    if_node(
                        sel,
                        c,
                        Some(body),
                        None,
                        std::mem::take(&mut fallback_arguments),
                        fallback_frame.take().flatten(),
                    )
                } else {
                    if_node(
                        sel,
                        c,
                        None,
                        Some(body),
                        std::mem::take(&mut fallback_arguments),
                        fallback_frame.take().flatten(),
                    )
                }
            }
            "ifTrue:ifFalse:" | "ifFalse:ifTrue:" => {
                let c = self.expression(&s.receiver)?;
                let first = self.inline_block(block(&s.arguments[0]).expect("checked"), Vec::new())?;
                let second = self.inline_block(block(&s.arguments[1]).expect("checked"), Vec::new())?;
                if sel == "ifTrue:ifFalse:" {
                    if_node(
                        sel,
                        c,
                        Some(first),
                        Some(second),
                        std::mem::take(&mut fallback_arguments),
                        fallback_frame.take().flatten(),
                    )
                } else {
                    if_node(
                        sel,
                        c,
                        Some(second),
                        Some(first),
                        std::mem::take(&mut fallback_arguments),
                        fallback_frame.take().flatten(),
                    )
                }
            }
            "and:" | "&&" => {
                let c = self.expression(&s.receiver)?;
                let body = self.inline_block(block(&s.arguments[0]).expect("checked"), Vec::new())?;
                if_node(
                    sel,
                    c,
                    Some(body),
                    Some(Box::new(ConstantNode::new(Value::FALSE))),
                    std::mem::take(&mut fallback_arguments),
                    fallback_frame.take().flatten(),
                )
            }
            "or:" | "||" => {
                let c = self.expression(&s.receiver)?;
                let body = self.inline_block(block(&s.arguments[0]).expect("checked"), Vec::new())?;
                if_node(
                    sel,
                    c,
                    Some(Box::new(ConstantNode::new(Value::TRUE))),
                    Some(body),
                    std::mem::take(&mut fallback_arguments),
                    fallback_frame.take().flatten(),
                )
            }
            "whileTrue:" | "whileFalse:" => {
                let c = self.inline_block(block(&s.receiver).expect("checked"), Vec::new())?;
                let body = self.inline_block(block(&s.arguments[0]).expect("checked"), Vec::new())?;
                let (exit_block, exit_marker) = self.while_exit_block(s)?;
                Box::new(WhileNode::new(
                    WhileRepeat {
                        selector: sel.to_string(),
                        condition: Child::new(c),
                        body: Child::new(body),
                        while_true: sel == "whileTrue:",
                        is_boolean: ConditionProfile::new(),
                        exit_block: Child::new(exit_block),
                        exit_marker,
                        universe: u.clone(),
                    },
                    Value::Null,
                ))
            }
            "to:do:" | "downTo:do:" | "timesRepeat:" => {
                let (start, limit, body_block) = if sel != "timesRepeat:" {
                    (self.expression(&s.receiver)?, self.expression(&s.arguments[0])?, block(&s.arguments[1]))
                } else {
                    (
                        Box::new(ConstantNode::new(Value::Int(1))) as NodeBox,
                        self.expression(&s.receiver)?,
                        block(&s.arguments[0]),
                    )
                };
                let counter = self.hidden_slot("^counter");
                let limit_slot = self.hidden_slot("^limit");
                let body_block = body_block.expect("checked");
                let parameters: Vec<NodeBox> = if body_block.parameters.is_empty() {
                    Vec::new()
                } else {
                    vec![Box::new(ReadLocalNode { name: "^counter".into(), slot: counter })]
                };
                let body = self.inline_block(body_block, parameters)?;
                let repeat = ToDoLoop::new(
                    ToDoRepeat {
                        counter,
                        limit: limit_slot,
                        down: sel == "downTo:do:",
                        body: Child::new(body),
                        small: ConditionProfile::new(),
                        small_counter: ConditionProfile::new(),
                        fits: ConditionProfile::new(),
                        is_boolean: ConditionProfile::new(),
                        universe: u.clone(),
                    },
                    Value::Null,
                );
                Box::new(ToDoNode {
                    selector: sel.to_string(),
                    fallback_arguments: std::mem::take(&mut fallback_arguments),
                    fallback_frame: fallback_frame.take().flatten(),
                    is_number: ConditionProfile::new(),
                    universe: u.clone(),
                    start: Child::new(start),
                    limit: Child::new(limit),
                    counter,
                    limit_slot,
                    result_is_limit: sel == "timesRepeat:",
                    repeat,
                })
            }
            _ => return Ok(None),
        };
        Ok(Some(node))
    }

    /// The closures passed by the real send of an inlined control structure whose receiver
    /// is of another kind (§6), and what the send does around them. The variables of the
    /// current activation that the blocks use are frame slots; the send copies them into a
    /// context that the closures close over (see [`FallbackFrame`]), so they are reached like
    /// captured variables, through a pseudo-activation that owns that context. Control
    /// structures inside the closures are not inlined: they are real sends of real blocks (each
    /// nesting level would otherwise double the blocks built).
    fn fallback_blocks(
        &mut self,
        blocks: &[&Block],
    ) -> Result<(Vec<Child>, Option<FallbackFrame>), GuestError> {
        let a = self.current();
        let returns = blocks.iter().any(|b| contains_return(&b.body));
        let lazy_marker = returns && !a.is_block && !a.has_marker;
        let chain: Vec<&LazyVars> = a.scopes.iter().flatten().collect();
        if chain.is_empty() && !lazy_marker {
            let arguments: Result<Vec<Child>, GuestError> =
                without_inlining(|| blocks.iter().map(|b| self.block(b).map(Child::new)).collect());
            return Ok((arguments?, None));
        }
        let (parent, receiver, marker, is_block) = (a.context, a.receiver, a.marker, a.is_block);
        let mut scopes = Vec::new();
        let mut pseudo = Vec::new();
        for l in chain {
            let map = l.vars.iter().map(|(n, _, location)| (n.clone(), Var::Context(*location))).collect();
            pseudo.push(Activation {
                descriptor: FrameDescriptor::new(),
                levels: vec![map],
                scopes: vec![None],
                owns_context: true,
                receiver,
                context: l.slot,
                marker,
                is_block,
                has_marker: true,
            });
            scopes.push(LazyScope {
                slot: l.slot,
                shape: l.shape,
                vars: l.vars.iter().map(|(_, slot, location)| (*slot, *location)).collect(),
                made: ConditionProfile::new(),
            });
        }
        let depth = self.activations.len();
        self.activations.extend(pseudo);
        let arguments: Result<Vec<Child>, GuestError> =
            without_inlining(|| blocks.iter().map(|b| self.block(b).map(Child::new)).collect());
        self.activations.truncate(depth);
        let marker = lazy_marker.then(|| FallbackMarker {
            slot: marker,
            shape: self.u.helper_shapes.marker,
            alive: Location(0),
            returned: ConditionProfile::new(),
        });
        Ok((arguments?, Some(FallbackFrame { parent, scopes, marker })))
    }

    /// The library's `[^ nil]` in `Block>>whileTrue:` (§6), for an inlined `whileTrue:` or
    /// `whileFalse:` whose condition is of another kind: a closure whose home marker is one
    /// the loop makes (in a hidden slot), so that its `^` ends the loop.
    fn while_exit_block(&mut self, s: &Send) -> Result<(NodeBox, FallbackMarker), GuestError> {
        let slot = self.hidden_slot("^while");
        let a = self.current();
        let (receiver, context) = (a.receiver, a.context);
        self.activations.push(Activation {
            descriptor: FrameDescriptor::new(),
            levels: Vec::new(),
            scopes: Vec::new(),
            owns_context: false,
            receiver,
            context,
            marker: slot,
            is_block: true,
            has_marker: true,
        });
        let exit = Block {
            parameters: Vec::new(),
            temporaries: Vec::new(),
            body: vec![Statement::Return {
                value: Expression::Variable(Name { name: "nil".into(), position: s.position }),
                position: s.position,
            }],
            position: s.position,
        };
        let block = self.block(&exit);
        self.activations.pop();
        let marker = FallbackMarker {
            slot,
            shape: self.u.helper_shapes.marker,
            alive: Location(0),
            returned: ConditionProfile::new(),
        };
        Ok((block?, marker))
    }

    /// A block literal: its own call target, and the node that makes the closure.
    fn block(&mut self, b: &Block) -> Result<NodeBox, GuestError> {
        let arity = b.parameters.len();
        let shape = self.u.block_shape(arity)?;
        let layout = BlockLayout::of(shape).ok_or_else(|| vm_error("internal error: block shape"))?;
        let declared: Vec<&str> =
            b.parameters.iter().chain(b.temporaries.iter()).map(|n| n.name.as_str()).collect();
        let mut uses = Uses::default();
        uses_statements(&b.body, &mut uses);
        let mut descriptor = FrameDescriptor::new();
        let receiver = descriptor.add_slot("self");
        let context = descriptor.add_slot("^context");
        let marker = descriptor.add_slot("^marker");
        let at = descriptor.add_slot("^at");
        debug_assert_eq!(at, AT_SLOT);
        let property = |location| -> NodeBox { Box::new(BlockPropertyNode { location }) };
        let mut prologue: Vec<NodeBox> = vec![
            Box::new(WriteLocalNode::new("self", receiver, Child::new(property(layout.receiver)))),
            Box::new(WriteLocalNode::new("^marker", marker, Child::new(property(layout.marker)))),
        ];
        let (mut map, context_shape) = self.declare(&mut descriptor, &declared, &uses.captured)?;
        let lazy = lazy_vars(&mut descriptor, &mut map, &declared, &b.body)?;
        let outer = property(layout.context);
        let context_value: NodeBox = match context_shape {
            Some(shape) => Box::new(NewContextNode { shape, parent: Child::new(outer) }),
            None => outer,
        };
        prologue.push(Box::new(WriteLocalNode::new("^context", context, Child::new(context_value))));
        let (outer_context, outer_receiver, outer_marker) = {
            let a = self.current();
            (a.context, a.receiver, a.marker)
        };
        self.activations.push(Activation {
            descriptor,
            levels: vec![map],
            scopes: vec![lazy],
            owns_context: context_shape.is_some(),
            receiver,
            context,
            marker,
            is_block: true,
            has_marker: false,
        });
        let result = (|| {
            for (i, p) in b.parameters.iter().enumerate() {
                let value = Box::new(ReadArgumentNode { index: i + 1 });
                prologue.push(self.write(&p.name, value)?);
            }
            prologue.push(self.statements(&b.body)?);
            Ok::<(), GuestError>(())
        })();
        let activation = self.activations.pop().ok_or_else(|| vm_error("internal error: no activation"))?;
        result?;
        self.blocks += 1;
        let name = format!("{}>>{} [block {}]", self.holder_name, self.selector, self.blocks);
        let body = ActivationBodyNode { body: Box::new(SequenceNode::new(prologue)), marker: None };
        let target = CallTarget::with_parameters(&name, activation.descriptor, arity + 1, Box::new(body));
        self.u.register_block_target(target);
        let function = Function::new(&name, |f| vm_error(format!("Block {} has no code", f.name())));
        function.set_target(target);
        Ok(Box::new(MakeBlockNode {
            shape,
            layout,
            function,
            context: outer_context,
            receiver: outer_receiver,
            marker: outer_marker,
        }))
    }
}

fn nil() -> NodeBox {
    Box::new(ConstantNode::new(Value::Null))
}

fn too_many() -> GuestError {
    GuestError::limit("Too many captured variables in one activation")
}

/// Which parts of a send are literal blocks the builder inlines, if it inlines the send:
/// `None` when it does not (§6: only literal blocks, with the expected number of
/// parameters, and whose own variables no inner block captures).
fn inlined_positions(s: &Send) -> Option<Vec<&Block>> {
    if s.is_super || NO_INLINING.with(|n| n.get()) {
        return None;
    }
    fn literal(e: &Expression, parameters: usize) -> Option<&Block> {
        match e {
            Expression::Block(b) if b.parameters.len() == parameters && inlinable(b) => Some(b),
            _ => None,
        }
    }
    match s.selector.as_str() {
        "ifTrue:" | "ifFalse:" | "and:" | "or:" | "&&" | "||" | "timesRepeat:" => {
            Some(vec![literal(&s.arguments[0], 0)?])
        }
        "ifTrue:ifFalse:" | "ifFalse:ifTrue:" => {
            Some(vec![literal(&s.arguments[0], 0)?, literal(&s.arguments[1], 0)?])
        }
        "whileTrue:" | "whileFalse:" => Some(vec![literal(&s.receiver, 0)?, literal(&s.arguments[0], 0)?]),
        "to:do:" | "downTo:do:" => Some(vec![literal(&s.arguments[1], 1)?]),
        _ => None,
    }
}

thread_local! {
    /// [`inlinable`]'s answers by block address, for the method being built (cleared when a
    /// method's build starts and ends, so no address of a freed syntax tree is looked up).
    /// Without it, nested inlined blocks would be analysed an exponential number of times.
    static INLINABLE: RefCell<HashMap<usize, bool>> = RefCell::new(HashMap::new());
}

thread_local! {
    /// Set while the closures of a real send's fallback are built: nothing is inlined in them.
    static NO_INLINING: Cell<bool> = const { Cell::new(false) };
}

/// `f`'s result, built with no control structure inlined (see [`NO_INLINING`]).
fn without_inlining<R>(f: impl FnOnce() -> R) -> R {
    let before = NO_INLINING.with(|n| n.replace(true));
    let r = f();
    NO_INLINING.with(|n| n.set(before));
    r
}

/// The names that the closures of real sends of inlined control structures in `statements`
/// (not in blocks of their own) may use: all that their literal blocks use, except the
/// blocks' own variables. `whileTrue:` and `whileFalse:` pass no closure of their blocks.
fn exposed_in(statements: &[Statement]) -> HashSet<String> {
    fn in_expression(e: &Expression, out: &mut HashSet<String>) {
        match e {
            Expression::Variable(_) | Expression::Literal { .. } | Expression::Block(_) => {}
            Expression::Assignment { value, .. } => in_expression(value, out),
            Expression::Send(s) => {
                let inlined = inlined_positions(s).unwrap_or_default();
                let closures = !matches!(s.selector.as_str(), "whileTrue:" | "whileFalse:");
                for part in std::iter::once(&*s.receiver).chain(s.arguments.iter()) {
                    match part {
                        Expression::Block(b) if inlined.iter().any(|i| std::ptr::eq(*i, b)) => {
                            if closures {
                                let mut uses = Uses::default();
                                uses_statements(&b.body, &mut uses);
                                for n in b.parameters.iter().chain(b.temporaries.iter()) {
                                    uses.all.remove(&n.name);
                                }
                                out.extend(uses.all);
                            }
                            in_statements(&b.body, out);
                        }
                        other => in_expression(other, out),
                    }
                }
            }
        }
    }
    fn in_statements(statements: &[Statement], out: &mut HashSet<String>) {
        for s in statements {
            match s {
                Statement::Expression(e) | Statement::Return { value: e, .. } => in_expression(e, out),
            }
        }
    }
    let mut out = HashSet::new();
    in_statements(statements, &mut out);
    out
}

/// The names assigned anywhere in `statements`, in blocks too.
fn assigned_in(statements: &[Statement], out: &mut HashSet<String>) {
    fn in_expression(e: &Expression, out: &mut HashSet<String>) {
        match e {
            Expression::Variable(_) | Expression::Literal { .. } => {}
            Expression::Assignment { targets, value } => {
                out.extend(targets.iter().map(|t| t.name.clone()));
                in_expression(value, out);
            }
            Expression::Block(b) => assigned_in(&b.body, out),
            Expression::Send(s) => {
                in_expression(&s.receiver, out);
                s.arguments.iter().for_each(|a| in_expression(a, out));
            }
        }
    }
    for s in statements {
        match s {
            Statement::Expression(e) | Statement::Return { value: e, .. } => in_expression(e, out),
        }
    }
}

/// Whether statements contain a `^` anywhere, in blocks too.
fn contains_return(statements: &[Statement]) -> bool {
    fn in_expression(e: &Expression) -> bool {
        match e {
            Expression::Variable(_) | Expression::Literal { .. } => false,
            Expression::Assignment { value, .. } => in_expression(value),
            Expression::Block(b) => contains_return(&b.body),
            Expression::Send(s) => in_expression(&s.receiver) || s.arguments.iter().any(in_expression),
        }
    }
    statements.iter().any(|s| match s {
        Statement::Return { .. } => true,
        Statement::Expression(e) => in_expression(e),
    })
}

fn forget_inlinable() {
    INLINABLE.with(|m| m.borrow_mut().clear());
}

/// Whether a literal block may be inlined: no inner block captures its own variables.
fn inlinable(b: &Block) -> bool {
    let key = b as *const Block as usize;
    if let Some(known) = INLINABLE.with(|m| m.borrow().get(&key).copied()) {
        return known;
    }
    let mut uses = Uses::default();
    uses_statements(&b.body, &mut uses);
    let answer = !b.parameters.iter().chain(b.temporaries.iter()).any(|n| uses.captured.contains(&n.name));
    INLINABLE.with(|m| m.borrow_mut().insert(key, answer));
    answer
}

/// Names a body uses that it does not declare: all of them, and those used inside
/// (non-inlined) blocks, which are captured.
#[derive(Default)]
struct Uses {
    all: HashSet<String>,
    captured: HashSet<String>,
}

fn uses_statements(statements: &[Statement], out: &mut Uses) {
    for s in statements {
        match s {
            Statement::Expression(e) | Statement::Return { value: e, .. } => uses_expression(e, out),
        }
    }
}

fn uses_expression(e: &Expression, out: &mut Uses) {
    match e {
        Expression::Variable(n) => {
            out.all.insert(n.name.clone());
        }
        Expression::Assignment { targets, value } => {
            for t in targets {
                out.all.insert(t.name.clone());
            }
            uses_expression(value, out);
        }
        Expression::Send(s) => {
            let inlined = inlined_positions(s).unwrap_or_default();
            let is_inlined = |e: &Expression| matches!(e, Expression::Block(b) if inlined.iter().any(|i| std::ptr::eq(*i, b)));
            for part in std::iter::once(&*s.receiver).chain(s.arguments.iter()) {
                match part {
                    Expression::Block(b) if is_inlined(part) => {
                        let mut inner = Uses::default();
                        uses_statements(&b.body, &mut inner);
                        for n in b.parameters.iter().chain(b.temporaries.iter()) {
                            inner.all.remove(&n.name);
                            inner.captured.remove(&n.name);
                        }
                        out.all.extend(inner.all);
                        out.captured.extend(inner.captured);
                    }
                    other => uses_expression(other, out),
                }
            }
        }
        Expression::Block(b) => {
            let mut inner = Uses::default();
            uses_statements(&b.body, &mut inner);
            for n in b.parameters.iter().chain(b.temporaries.iter()) {
                inner.all.remove(&n.name);
            }
            out.captured.extend(inner.all.iter().cloned());
            out.all.extend(inner.all);
        }
        Expression::Literal { .. } => {}
    }
}

/// Whether a method's statements contain a `^` inside a (non-inlined) block: the method
/// then needs a marker for its activation (§7).
fn needs_marker(statements: &[Statement]) -> bool {
    fn in_statements(statements: &[Statement], in_block: bool) -> bool {
        statements.iter().any(|s| match s {
            Statement::Return { value, .. } => in_block || in_expression(value, in_block),
            Statement::Expression(e) => in_expression(e, in_block),
        })
    }
    fn in_expression(e: &Expression, in_block: bool) -> bool {
        match e {
            Expression::Variable(_) | Expression::Literal { .. } => false,
            Expression::Assignment { value, .. } => in_expression(value, in_block),
            Expression::Block(b) => in_statements(&b.body, true),
            Expression::Send(s) => {
                let inlined = inlined_positions(s).unwrap_or_default();
                std::iter::once(&*s.receiver).chain(s.arguments.iter()).any(|part| match part {
                    Expression::Block(b) if inlined.iter().any(|i| std::ptr::eq(*i, b)) => {
                        in_statements(&b.body, in_block)
                    }
                    other => in_expression(other, in_block),
                })
            }
        }
    }
    in_statements(statements, false)
}

/// Shapes of block objects by arity, kept by the universe.
pub fn block_shape_for(class_shape: ShapeRef) -> Option<ShapeRef> {
    let mut shape = class_shape;
    for p in crate::nodes::BLOCK_PROPERTIES {
        shape = shape.with_property(p)?;
    }
    Some(shape)
}
