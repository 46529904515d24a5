//! Language-independent nodes every guest language needs, and the glue between a language's
//! nodes and the framework: frame slot access and arguments (slots resolved at tree-building
//! time, no name lookups at run time), constants, boolean conditions ([`Condition`]), loops
//! with on-stack replacement ([`LoopNode`] over a language's [`RepeatingNode`], e.g.
//! [`WhileNode`]), and builtins over a language context ([`Builtin`], [`BuiltinNode`]).
//! Languages use them like their own nodes.
//!
//! A builtin table over a language context, and a `while` loop whose condition calls it:
//!
//! ```
//! use bonsai::nodes::{Builtin, BuiltinBody, Condition, ConstantNode, WhileNode};
//! use bonsai::prelude::*;
//! use bonsai::source::{Source, SourceSection};
//! use std::{cell::Cell, rc::Rc};
//!
//! /// The language's context: here, a counter.
//! struct Context { ticks: Cell<i64> }
//! /// `tick()`: counts, and is `true` for the first two calls.
//! fn tick(c: &Context, _: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
//!     c.ticks.set(c.ticks.get() + 1);
//!     Ok(Value::from_bool(c.ticks.get() < 3))
//! }
//! static BUILTINS: &[Builtin<Context>] =
//!     &[Builtin { name: "tick", arity: 0, body: BuiltinBody::Boundary(tick) }];
//!
//! /// `f()`.
//! struct Call(FunctionRef);
//! impl Execute for Call {
//!     fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
//!         d.call_function(self.0, &[])
//!     }
//! }
//! impl Dump for Call {
//!     fn dump(&self, w: &mut TreeDump) { w.line(format!("Call {}", self.0.name())) }
//! }
//!
//! let context = Rc::new(Context { ticks: Cell::new(0) });
//! let f = Function::new("tick", |f| GuestError::new(format!("undefined {}", f.name())));
//! f.set_target(BUILTINS[0].call_target(&context));
//! // `while tick() do 0`: a non-boolean condition would be the language's error.
//! let at = SourceSection { source: Source::new("doc", "while tick() do 0"), start_offset: 6,
//!                          length_bytes: 6, line: 1, column: 7 };
//! let not_boolean = |v: Value, at: &SourceSection| GuestError::new(format!("{v:?} at {}", at.column));
//! let condition = Condition::new(Box::new(Call(f)), at, not_boolean);
//! let body = Box::new(ConstantNode::new(Value::Int(0)));
//! let main = WhileNode::while_loop(condition, body, Value::Null);
//! let target = CallTarget::new("main", FrameDescriptor::new(), Box::new(main));
//!
//! let engine = Engine::new(EngineOptions { compilation: false, ..Default::default() }, None);
//! let ctx = ExecContext::new(engine);
//! let _mutator = bonsai::heap::MutatorGuard::acquire();
//! assert!(matches!(target.call(&ctx, &[]), Ok(Value::Null)));
//! assert_eq!(context.ticks.get(), 3);
//! assert_eq!(target.dump(), "main (calls 1, compilations 0)\n  While (back edges 2)\n    Call tick\n    Constant 0\n");
//! ```

use crate::call::CallTarget;
use crate::error::GuestError;
use crate::exec::{expect_tag, Domain, Interp};
use crate::frame::{FrameDescriptor, FrameSlot, SlotKindProfile};
pub use crate::node::NodeBox;
use crate::node::{Child, Dump, Execute, Label, Leaf, Node, TreeDump};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::source::SourceSection;
use crate::value::{Tag, Value};
use smallvec::SmallVec;
use std::rc::Rc;

/// Reads a local: `x`. Interpreter: a frame slot; compiled: an SSA variable, no memory access.
pub struct ReadLocalNode {
    /// The guest name, for dumps.
    pub name: String,
    /// The slot the local lives in.
    pub slot: FrameSlot,
}

impl Execute for ReadLocalNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.read_local(self.slot))
    }

    fn leaf(&self) -> Leaf {
        Leaf::Local(self.slot)
    }
}

impl Dump for ReadLocalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadLocal {} {}", self.name, self.slot));
    }
}

/// Writes a local and yields the value: `x = e`.
pub struct WriteLocalNode {
    /// The guest name, for dumps.
    pub name: String,
    /// The slot the local lives in.
    pub slot: FrameSlot,
    /// The value written.
    pub value: Child,
    /// The kinds of values this node has written.
    pub kinds: SlotKindProfile,
}

impl WriteLocalNode {
    /// `name = value`, into `slot`.
    pub fn new(name: impl Into<String>, slot: FrameSlot, value: impl Into<Child>) -> WriteLocalNode {
        WriteLocalNode { name: name.into(), slot, value: value.into(), kinds: SlotKindProfile::new() }
    }
}

impl Execute for WriteLocalNode {
    // Always: a sequence performs its writes in place (see `Statement`).
    #[inline(always)]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        d.write_local_profiled(self.slot, v, &self.kinds);
        Ok(v)
    }
}

impl Dump for WriteLocalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("WriteLocal {} {}", self.name, self.slot), &[&*self.value]);
    }
}

/// A statement of a sequence (a block, a method body): a local write `x = e`, the most common
/// statement, held by value so that the sequence performs it in place — the interpreter runs
/// it without a call of its own, as it does a leaf — or any other node. Every domain executes
/// exactly the write node's semantics either way.
pub enum Statement {
    /// A local write, performed in place.
    WriteLocal(WriteLocalNode),
    /// Any other statement.
    Node(NodeBox),
}

impl Statement {
    /// Executes the statement; its value (a write yields the value written).
    #[inline(always)]
    pub fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        match self {
            Statement::WriteLocal(w) => w.execute(d),
            Statement::Node(n) => d.execute(&**n),
        }
    }

    /// The statement as a node (for dumps and tree walks).
    pub fn node(&self) -> &dyn Node {
        match self {
            Statement::WriteLocal(w) => w,
            Statement::Node(n) => &**n,
        }
    }
}

impl From<NodeBox> for Statement {
    fn from(node: NodeBox) -> Statement {
        Statement::Node(node)
    }
}

/// Reads the `index`-th (0-based) argument of the call, `Null` when missing: the parameter
/// prologue writes it to the parameter's slot.
pub struct ReadArgumentNode {
    /// The argument's index, 0-based.
    pub index: usize,
}

impl Execute for ReadArgumentNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.argument(self.index))
    }

    fn leaf(&self) -> Leaf {
        Leaf::Argument(self.index)
    }
}

impl Dump for ReadArgumentNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadArgument {}", self.index));
    }
}

/// A constant held by the node: a literal, `42`, `"abc"`, or a function resolved when the
/// tree was built. Compiled code embeds it as an immediate.
pub struct ConstantNode {
    /// The constant.
    pub value: Value,
}

impl ConstantNode {
    /// A node that yields `value`.
    pub fn new(value: Value) -> ConstantNode {
        ConstantNode { value }
    }
}

impl Execute for ConstantNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.constant(self.value))
    }

    fn leaf(&self) -> Leaf {
        Leaf::Constant(self.value)
    }
}

impl Dump for ConstantNode {
    /// `Constant 42`, `Constant "abc"`, `Constant f` (a function by name).
    fn dump(&self, w: &mut TreeDump) {
        match self.value {
            Value::Function(f) => w.line(format!("Constant {}", f.name())),
            v => w.line(format!("Constant {v:?}")),
        }
    }
}

/// A node (or part of one) whose guest errors report a source location.
pub trait Located {
    /// Where in the source the node is.
    fn location(&self) -> &SourceSection;
}

/// The guest error for a condition that is not a boolean: the value and where it was found.
pub type NotBoolean = fn(Value, &SourceSection) -> GuestError;

/// The condition of an `if`, a loop or a short-circuit operator: a child whose value must be
/// a boolean, unboxed. A non-boolean fails with the language's `not_boolean` error at
/// `location`. Boundary: the error side runs out of line, laid out cold once `is_boolean`
/// shows it was never taken, so a condition costs one tag compare in compiled code.
pub struct Condition {
    /// The node whose value is tested.
    pub node: NodeBox,
    location: SourceSection,
    not_boolean: NotBoolean,
    is_boolean: ConditionProfile,
}

impl Condition {
    /// The condition `node`, failing with `not_boolean` at `location` when it is not a boolean.
    pub fn new(node: NodeBox, location: SourceSection, not_boolean: NotBoolean) -> Condition {
        Condition { node, location, not_boolean, is_boolean: ConditionProfile::new() }
    }

    /// `condition` → the child's value as an unboxed boolean.
    #[inline]
    pub fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Bool, D::Abrupt> {
        let v = d.execute(&*self.node)?;
        self.check(d, v)
    }

    /// `check v` → `v` unboxed, after checking that it is a boolean (for a value computed
    /// elsewhere).
    pub fn check<D: Domain + ?Sized>(&self, d: &mut D, v: D::Value) -> Result<D::Bool, D::Abrupt> {
        let checked = expect_tag(d, self, v, Tag::Bool, &self.is_boolean, |c: &Condition, v| {
            Err((c.not_boolean)(v, &c.location))
        })?;
        Ok(d.unbox_bool(checked))
    }
}

impl Located for Condition {
    fn location(&self) -> &SourceSection {
        &self.location
    }
}

/// What a language supplies for a loop (Truffle's `RepeatingNode`): the condition and the
/// body. A [`LoopNode`] runs it and owns its on-stack-replacement point.
pub trait RepeatingNode: 'static {
    /// The label of the loop in dumps, e.g. `While`.
    const NAME: &'static str;
    /// Whether to run the body (again).
    fn condition<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Bool, D::Abrupt>;
    /// One iteration; it may `break_loop` or `continue_loop`.
    fn body<D: Domain + ?Sized>(&self, d: &mut D) -> Result<(), D::Abrupt>;
    /// The children shown in dumps, in order.
    fn children(&self) -> Vec<&dyn Node>;
}

/// A loop: repeats `repeating`'s body while its condition holds; its value is `value`.
///
/// `osr` counts back edges in the interpreter; past the engine's threshold the loop alone is
/// compiled and the running activation continues in that code (on-stack replacement).
pub struct LoopNode<R: RepeatingNode> {
    /// The condition and body, one iteration at a time.
    pub repeating: R,
    value: Value,
    osr: OsrPoint,
}

impl<R: RepeatingNode> LoopNode<R> {
    /// A loop running `repeating`, whose value is `value` once it ends.
    pub fn new(repeating: R, value: Value) -> LoopNode<R> {
        LoopNode { repeating, value, osr: OsrPoint::new() }
    }
}

impl<R: RepeatingNode> Execute for LoopNode<R> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.repeat(self, &self.osr, |d| self.repeating.condition(d), |d| self.repeating.body(d))?;
        Ok(d.constant(self.value))
    }
}

impl<R: RepeatingNode> Dump for LoopNode<R> {
    /// `While (back edges N)` and the children.
    fn dump(&self, w: &mut TreeDump) {
        w.node(Label::new(R::NAME).profile("back edges", self.osr.back_edges()), &self.repeating.children());
    }
}

/// `while c do body`: the [`RepeatingNode`] of a loop with a boolean condition.
pub struct While {
    /// The loop runs while it is true.
    pub condition: Condition,
    /// The loop's body.
    pub body: NodeBox,
}

/// `while (c) body`, whose value is `value` (e.g. the language's null).
pub type WhileNode = LoopNode<While>;

impl WhileNode {
    /// A loop of `body` while `condition` holds, whose value is `value`.
    pub fn while_loop(condition: Condition, body: NodeBox, value: Value) -> WhileNode {
        LoopNode::new(While { condition, body }, value)
    }
}

impl RepeatingNode for While {
    const NAME: &'static str = "While";

    fn condition<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Bool, D::Abrupt> {
        self.condition.execute(d)
    }

    fn body<D: Domain + ?Sized>(&self, d: &mut D) -> Result<(), D::Abrupt> {
        d.execute(&*self.body).map(|_| ())
    }

    fn children(&self) -> Vec<&dyn Node> {
        vec![&*self.condition.node, &*self.body]
    }
}

/// The Rust implementation of a builtin over the language's context `C` (its I/O, its
/// registry): the context, the interpreter, the arguments the builtin reads.
pub type BuiltinFn<C> = fn(&C, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError>;

/// How a builtin is implemented.
pub enum BuiltinBody<C: 'static> {
    /// Rust code called out of line (a boundary): builtins that do I/O, parse, walk the stack.
    Boundary(BuiltinFn<C>),
    /// A node written against the execution domain like any other, so compiled callers get
    /// its work inline (e.g. an allocation).
    Node(fn(&C) -> NodeBox),
}

/// One row of a language's builtin table (`static BUILTINS: &[Builtin<Context>]`): a
/// builtin is an ordinary function whose call target's body is a [`BuiltinNode`] (or the
/// builtin's own node), called like any other function.
pub struct Builtin<C: 'static> {
    /// The name it is called by.
    pub name: &'static str,
    /// Arguments it reads: missing ones are `Null`, extra ones are ignored.
    pub arity: usize,
    /// What it runs.
    pub body: BuiltinBody<C>,
}

impl<C: 'static> Builtin<C> {
    /// A call target whose body runs this builtin over `context`.
    pub fn call_target(&self, context: &Rc<C>) -> &'static CallTarget {
        let body: NodeBox = match self.body {
            BuiltinBody::Boundary(function) => Box::new(BuiltinNode {
                name: self.name,
                arity: self.arity,
                function,
                context: context.clone(),
            }),
            BuiltinBody::Node(make) => make(context),
        };
        CallTarget::with_parameters(self.name, FrameDescriptor::new(), self.arity, body)
    }
}

/// The body of a boundary builtin's call target: reads its declared arguments and calls the
/// builtin out of line. Boundary: builtins do I/O.
pub struct BuiltinNode<C: 'static> {
    name: &'static str,
    arity: usize,
    function: BuiltinFn<C>,
    context: Rc<C>,
}

impl<C: 'static> Execute for BuiltinNode<C> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let args: SmallVec<[D::Value; 4]> = (0..self.arity).map(|i| d.argument(i)).collect();
        d.boundary(
            self,
            |n: &BuiltinNode<C>, interp: &mut Interp<'_>, vals: &[Value]| {
                (n.function)(&n.context, interp, vals)
            },
            &args,
        )
    }
}

impl<C: 'static> Dump for BuiltinNode<C> {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Builtin {}", self.name));
    }
}
