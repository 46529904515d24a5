//! Nodes, the execution entry points generated from one semantic definition, and tree dumps.
//!
//! A language author writes a node as a struct (children, specialization state, profiles,
//! constants) and implements [`Execute`] — one generic function over the execution domain —
//! and [`Dump`]. The blanket impl turns that into a [`Node`], the object-safe form with one
//! entry per domain instance: [`Node::execute_interp`] (the interpreter),
//! [`Node::execute_compiled`] (the partial evaluator), [`Node::execute_resume`] (the
//! interpreter continuing where compiled code deoptimized) and [`Node::execute_liveness`] (the
//! frame-slot liveness analysis). All are monomorphized from the same source, which is how "write the interpreter, get the compiler" works in Rust.

use crate::compiler::Bailout;
use crate::exec::{CompileDomain, Domain, Interp, Liveness, Resume, SValue, Unwind};
use crate::frame::FrameSlot;
use crate::value::Value;
use std::convert::Infallible;
use std::fmt::Write as _;

pub mod graph;
pub mod label;

pub use label::{CacheState, Label, NodeState, ProfileFact, SpecializationFact, StateFact};

/// A node's semantics, written once against the execution domain.
pub trait Execute: 'static {
    /// Evaluates the node in domain `D`: interprets it, or emits code for it.
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt>;

    /// What the node's `execute` is when it is one leaf operation (a constant, a local or an
    /// argument read), so that a parent holding it as a [`Child`] lets the interpreter do it
    /// without calling the node. Default: [`Leaf::Node`], not a leaf.
    fn leaf(&self) -> Leaf {
        Leaf::Node
    }
}

/// A node whose `execute` is exactly one domain operation, without effects or failure: its
/// parent's [`Child`] records it, and the interpreter performs the operation in place of a
/// call of the node (other domains execute the node as usual).
#[derive(Clone, Copy, Debug)]
pub enum Leaf {
    /// `Ok(d.constant(v))`.
    Constant(Value),
    /// `Ok(d.read_local(slot))`.
    Local(FrameSlot),
    /// `Ok(d.argument(index))`.
    Argument(usize),
    /// Any other node: it is executed.
    Node,
}

/// An owned child node, with its [`Leaf`] operation read once when the child is made (a
/// leaf's operation is fixed by fields that never change). Executed with
/// [`Domain::execute_child`]; dereferences to the node.
///
/// The leaf is kept as two words that the interpreter tests with one compare each (see
/// [`LeafCode`]), not as a `Leaf`, whose niche-packed discriminant takes a subtract, a
/// conditional move and a chain of compares to decode on every child read.
pub struct Child {
    leaf: LeafCode,
    node: NodeBox,
}

/// A [`Leaf`] as two words: a constant is its [`Value`] itself (tag word 0–7, see
/// [`crate::value::Tag`]); a local read is tag [`LeafCode::LOCAL`] with the slot index as
/// payload; an argument read is [`LeafCode::ARGUMENT`] with the index; anything else is
/// [`LeafCode::NODE`].
#[derive(Clone, Copy)]
#[repr(C)]
pub union LeafCode {
    /// The constant (when the tag word is a value tag).
    value: Value,
    /// The tag word and the payload word (a value's payload may be undefined: only the tag
    /// word is read through this field unless the tag is [`LeafCode::LOCAL`] or
    /// [`LeafCode::ARGUMENT`]).
    words: [u64; 2],
}

impl LeafCode {
    /// Tag word of a local read; payload: the slot index.
    pub const LOCAL: u64 = 8;
    /// Tag word of an argument read; payload: the argument index.
    pub const ARGUMENT: u64 = 9;
    /// Tag word of a node that is not a leaf.
    pub const NODE: u64 = 10;
    /// The largest tag word that is a value's (a constant).
    pub const MAX_CONSTANT: u64 = 7;

    fn encode(leaf: Leaf) -> LeafCode {
        match leaf {
            Leaf::Constant(value) => LeafCode { value },
            Leaf::Local(slot) => LeafCode { words: [LeafCode::LOCAL, u64::from(slot.0)] },
            Leaf::Argument(index) => LeafCode { words: [LeafCode::ARGUMENT, index as u64] },
            Leaf::Node => LeafCode { words: [LeafCode::NODE, 0] },
        }
    }

    /// The tag word: a value tag (a constant), [`LeafCode::LOCAL`], [`LeafCode::ARGUMENT`] or
    /// [`LeafCode::NODE`].
    #[inline(always)]
    pub fn tag(&self) -> u64 {
        // SAFETY: both fields begin with an initialized tag word.
        unsafe { self.words[0] }
    }

    /// The index of a local or argument read (meaningless for other codes).
    #[inline(always)]
    pub fn index(&self) -> u64 {
        debug_assert!(self.tag() == LeafCode::LOCAL || self.tag() == LeafCode::ARGUMENT);
        // SAFETY: local and argument codes are made with both words written.
        unsafe { self.words[1] }
    }

    /// The constant, when [`LeafCode::tag`] is at most [`LeafCode::MAX_CONSTANT`].
    #[inline(always)]
    pub fn constant(&self) -> Value {
        debug_assert!(self.tag() <= LeafCode::MAX_CONSTANT);
        // SAFETY: a tag word up to `MAX_CONSTANT` is only written by a `Leaf::Constant`.
        unsafe { self.value }
    }

    /// The leaf it encodes.
    pub fn decode(&self) -> Leaf {
        match self.tag() {
            LeafCode::LOCAL => Leaf::Local(FrameSlot(self.index() as u32)),
            LeafCode::ARGUMENT => Leaf::Argument(self.index() as usize),
            LeafCode::NODE => Leaf::Node,
            _ => Leaf::Constant(self.constant()),
        }
    }
}

const _: () = assert!(crate::value::Tag::Double as u64 == LeafCode::MAX_CONSTANT);

impl Child {
    /// Wraps `node`, reading its leaf operation once.
    pub fn new(node: NodeBox) -> Child {
        Child { leaf: LeafCode::encode(node.leaf()), node }
    }

    /// The child's leaf operation ([`Leaf::Node`] when it is not a leaf).
    #[inline]
    pub fn leaf(&self) -> Leaf {
        self.leaf.decode()
    }

    /// The child's leaf operation, encoded for the interpreter's tests.
    #[inline(always)]
    pub fn leaf_code(&self) -> &LeafCode {
        &self.leaf
    }

    /// The child node.
    #[inline]
    pub fn node(&self) -> &dyn Node {
        &*self.node
    }
}

impl From<NodeBox> for Child {
    fn from(node: NodeBox) -> Child {
        Child::new(node)
    }
}

impl std::ops::Deref for Child {
    type Target = dyn Node;
    fn deref(&self) -> &dyn Node {
        &*self.node
    }
}

/// A deterministic rendering of a node and its subtree, with its specialization state and
/// profiles: what the interpreter learned. A node writes one [`Label`] per node; the text dump
/// prints them, the graph dump ([`graph`]) draws them.
pub trait Dump {
    /// Writes the node's line and then its children's, one level deeper.
    fn dump(&self, w: &mut TreeDump);
}

/// An owned child node.
pub type NodeBox = Box<dyn Node>;

/// An executable node: object-safe, one entry point per execution-domain instance.
pub trait Node: Dump + 'static {
    /// Interprets the node.
    ///
    /// `extern "C-unwind"`: the C calling convention returns the 16-byte result in two
    /// registers (`rax:rdx` on x86-64 System V, `x0:x1` on AArch64), where the Rust ABI returns
    /// an aggregate of that size through memory — a store in the callee and a load in the
    /// caller on every node, on the interpreter's critical path. `-unwind` keeps panics
    /// unwinding as in any Rust function. The result type is not FFI-safe, and need not be:
    /// both sides are Rust, compiled with the same layout.
    #[allow(improper_ctypes_definitions)]
    extern "C-unwind" fn execute_interp(&self, d: &mut Interp<'_>) -> Result<Value, Unwind>;
    /// Emits code for the node (partial evaluation of its semantics over its current state).
    fn execute_compiled(&self, d: &mut dyn CompileDomain) -> Result<SValue, Bailout>;
    /// Continues the node in the interpreter after compiled code transferred to it inside the
    /// node: replays the recorded path into it, then interprets (see [`crate::exec::resume`]).
    fn execute_resume(&self, d: &mut Resume<'_, '_>) -> Result<Value, Unwind>;
    /// Evaluates the node abstractly for frame-slot liveness at loop headers (see
    /// [`crate::exec::liveness`]).
    fn execute_liveness(&self, d: &mut Liveness) -> Result<(), Infallible>;
    /// The node's [`Execute::leaf`].
    fn leaf(&self) -> Leaf;
}

impl<T: Execute + Dump> Node for T {
    #[inline]
    #[allow(improper_ctypes_definitions)]
    extern "C-unwind" fn execute_interp(&self, d: &mut Interp<'_>) -> Result<Value, Unwind> {
        self.execute(d)
    }

    fn execute_compiled(&self, d: &mut dyn CompileDomain) -> Result<SValue, Bailout> {
        self.execute(d)
    }

    fn execute_resume(&self, d: &mut Resume<'_, '_>) -> Result<Value, Unwind> {
        self.execute(d)
    }

    fn execute_liveness(&self, d: &mut Liveness) -> Result<(), Infallible> {
        self.execute(d)
    }

    fn leaf(&self) -> Leaf {
        Execute::leaf(self)
    }
}

/// Builder of tree dumps: one line per node, children indented by two spaces. Each line is
/// also kept as a [`DumpRecord`] (its depth and [`Label`]) for graphs.
///
/// ```
/// use bonsai::node::TreeDump;
/// let mut w = TreeDump::new();
/// w.line("AddNode [Long]");
/// w.indented(|w| { w.line("ReadLocal a $0"); w.line("Constant 1"); });
/// assert_eq!(w.finish(), "AddNode [Long]\n  ReadLocal a $0\n  Constant 1\n");
/// ```
#[derive(Default)]
pub struct TreeDump {
    out: String,
    indent: usize,
    records: Vec<DumpRecord>,
}

/// One line of a [`TreeDump`]: its depth (0 for the first line written) and its label.
#[derive(Clone, Debug)]
pub struct DumpRecord {
    /// Indentation level: a line's parent is the closest line before it one level up.
    pub depth: usize,
    /// The line.
    pub label: Label,
}

impl TreeDump {
    /// An empty dump.
    pub fn new() -> TreeDump {
        TreeDump::default()
    }

    /// Writes one line at the current indentation.
    pub fn line(&mut self, label: impl Into<Label>) {
        let label = label.into();
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        let _ = writeln!(self.out, "{label}");
        self.records.push(DumpRecord { depth: self.indent, label });
    }

    /// Runs `f` one level deeper.
    pub fn indented(&mut self, f: impl FnOnce(&mut TreeDump)) {
        self.indent += 1;
        f(self);
        self.indent -= 1;
    }

    /// Writes `label` and then the dumps of `children`, indented.
    pub fn node(&mut self, label: impl Into<Label>, children: &[&dyn Node]) {
        self.line(label);
        self.indented(|w| {
            for c in children {
                c.dump(w);
            }
        });
    }

    /// The text: one line per node.
    pub fn finish(self) -> String {
        self.out
    }

    /// The lines written, in order, with their depths and labels.
    pub fn records(&self) -> &[DumpRecord] {
        &self.records
    }
}
