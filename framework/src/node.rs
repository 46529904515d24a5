//! Nodes, the execution entry points generated from one semantic definition, and tree dumps.
//!
//! A language author writes a node as a struct (children, specialization state, profiles,
//! constants) and implements [`Execute`] — one generic function over the execution domain —
//! and [`Dump`]. The blanket impl turns that into a [`Node`], the object-safe form with one
//! entry per domain instance: [`Node::execute_interp`] (the interpreter),
//! [`Node::execute_compiled`] (the partial evaluator) and [`Node::execute_resume`] (the
//! interpreter continuing where compiled code deoptimized). All are monomorphized from the
//! same source, which is how "write the interpreter, get the compiler" works in Rust.

use crate::compiler::Bailout;
use crate::exec::{CompileDomain, Domain, Interp, Resume, SValue, Unwind};
use crate::value::Value;
use std::fmt::{self, Write as _};

/// A node's semantics, written once against the execution domain.
pub trait Execute: 'static {
    /// Evaluates the node in domain `D`: interprets it, or emits code for it.
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt>;
}

/// A deterministic text rendering of a node and its subtree, with its specialization state
/// and profiles: what the interpreter learned.
pub trait Dump {
    fn dump(&self, w: &mut TreeDump);
}

/// An owned child node.
pub type NodeBox = Box<dyn Node>;

/// An executable node: object-safe, one entry point per execution-domain instance.
pub trait Node: Dump + 'static {
    /// Interprets the node.
    fn execute_interp(&self, d: &mut Interp<'_>) -> Result<Value, Unwind>;
    /// Emits code for the node (partial evaluation of its semantics over its current state).
    fn execute_compiled(&self, d: &mut dyn CompileDomain) -> Result<SValue, Bailout>;
    /// Continues the node in the interpreter after compiled code transferred to it inside the
    /// node: replays the recorded path into it, then interprets (see [`crate::exec::resume`]).
    fn execute_resume(&self, d: &mut Resume<'_, '_>) -> Result<Value, Unwind>;
}

impl<T: Execute + Dump> Node for T {
    #[inline]
    fn execute_interp(&self, d: &mut Interp<'_>) -> Result<Value, Unwind> {
        self.execute(d)
    }

    fn execute_compiled(&self, d: &mut dyn CompileDomain) -> Result<SValue, Bailout> {
        self.execute(d)
    }

    fn execute_resume(&self, d: &mut Resume<'_, '_>) -> Result<Value, Unwind> {
        self.execute(d)
    }
}

/// Builder of tree dumps: one line per node, children indented by two spaces.
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
}

impl TreeDump {
    pub fn new() -> TreeDump {
        TreeDump::default()
    }

    /// Writes one line at the current indentation.
    pub fn line(&mut self, text: impl fmt::Display) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        let _ = writeln!(self.out, "{text}");
    }

    /// Runs `f` one level deeper.
    pub fn indented(&mut self, f: impl FnOnce(&mut TreeDump)) {
        self.indent += 1;
        f(self);
        self.indent -= 1;
    }

    /// Writes `label` and then the dumps of `children`, indented.
    pub fn node(&mut self, label: impl fmt::Display, children: &[&dyn Node]) {
        self.line(label);
        self.indented(|w| {
            for c in children {
                c.dump(w);
            }
        });
    }

    pub fn finish(self) -> String {
        self.out
    }
}
