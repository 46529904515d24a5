//! Blocks (§7): making a closure, reading its hidden properties in the block's own
//! activation, method bodies and returns, including the non-local return of `^` in a block
//! and `escapedBlock:` when the home activation has ended.

use super::NodeBox;
use crate::universe::Universe;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::frame::FrameSlot;
use bonsai::function::FunctionRef;
use bonsai::node::{Child, Dump, Execute, TreeDump};
use bonsai::object::{Location, ShapeRef};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// Where a block object keeps its function, outer context, receiver and marker (the order of
/// [`super::BLOCK_PROPERTIES`]).
#[derive(Clone, Copy, Debug)]
pub struct BlockLayout {
    pub function: Location,
    pub context: Location,
    pub receiver: Location,
    pub marker: Location,
}

impl BlockLayout {
    /// The layout of a block shape (made by [`crate::universe::Universe::block_shape`]).
    pub fn of(shape: ShapeRef) -> Option<BlockLayout> {
        let [f, c, r, m] = super::BLOCK_PROPERTIES;
        Some(BlockLayout {
            function: shape.lookup(f)?,
            context: shape.lookup(c)?,
            receiver: shape.lookup(r)?,
            marker: shape.lookup(m)?,
        })
    }
}

/// `[:x | ...]` evaluated: a new block object of class Block1/2/3 (by arity) closing over the
/// current activation's context, receiver and marker (frame slots).
pub struct MakeBlockNode {
    pub shape: ShapeRef,
    pub layout: BlockLayout,
    pub function: FunctionRef,
    pub context: FrameSlot,
    pub receiver: FrameSlot,
    pub marker: FrameSlot,
}

impl Execute for MakeBlockNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let b = d.new_object(self.shape);
        let f = d.constant(Value::Function(self.function));
        d.store_slot(b, self.layout.function, f);
        let c = d.read_local(self.context);
        d.store_slot(b, self.layout.context, c);
        let r = d.read_local(self.receiver);
        d.store_slot(b, self.layout.receiver, r);
        let m = d.read_local(self.marker);
        d.store_slot(b, self.layout.marker, m);
        Ok(b)
    }
}

impl Dump for MakeBlockNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("MakeBlock {}", self.function.name()));
    }
}

/// In a block's activation: a hidden property of the block itself (argument 0).
pub struct BlockPropertyNode {
    pub location: Location,
}

impl Execute for BlockPropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let b = d.argument(0);
        Ok(d.load_slot(b, self.location))
    }
}

impl Dump for BlockPropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("BlockProperty {:?}", self.location));
    }
}

/// `^ e` in a method (not in a block): ends the activation with `e`'s value.
pub struct ReturnNode {
    pub value: Child,
}

impl Execute for ReturnNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        d.return_value(v)?;
        Ok(d.constant(Value::Null))
    }
}

impl Dump for ReturnNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node("Return", &[&*self.value]);
    }
}

/// `^ e` in a block (§7): returns `e`'s value from the home method activation, identified by
/// its marker, through every activation in between (a non-local transfer). When the home
/// activation has ended, sends `escapedBlock:` with the block to the block's receiver, and
/// its answer is the value of the block's activation.
pub struct NonLocalReturnNode {
    pub value: Child,
    pub marker: FrameSlot,
    pub receiver: FrameSlot,
    pub alive: Location,
    pub home_alive: ConditionProfile,
    /// Whether the marker slot held an object (always, unless the builder left it unset: then
    /// the home counts as ended, and no field is read from a non-object).
    pub marker_object: ConditionProfile,
    pub universe: Rc<Universe>,
}

impl NonLocalReturnNode {
    fn escaped(&self, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
        crate::nodes::send::send(&self.universe, interp, args[0], "escapedBlock:", &[args[1]])
    }
}

impl Execute for NonLocalReturnNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        let m = d.read_local(self.marker);
        let is_object = d.has_tag(m, Tag::Object);
        let alive = d.choose(
            is_object,
            &self.marker_object,
            |d| Ok(d.load_slot(m, self.alive)),
            |d| Ok(d.constant(Value::FALSE)),
        )?;
        let t = d.constant(Value::TRUE);
        let is_alive = d.same(alive, t);
        d.choose(
            is_alive,
            &self.home_alive,
            |d| d.transfer(self, m, v),
            |d| {
                let receiver = d.read_local(self.receiver);
                let block = d.argument(0);
                let answer = d.boundary(
                    self,
                    |n: &NonLocalReturnNode, interp: &mut Interp<'_>, args: &[Value]| n.escaped(interp, args),
                    &[receiver, block],
                )?;
                d.return_value(answer)?;
                Ok(answer)
            },
        )
    }
}

impl Dump for NonLocalReturnNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node("NonLocalReturn", &[&*self.value]);
    }
}

/// The body of a method or block activation: the prologue and statements, ended by a
/// `return_value`. A method whose blocks return non-locally first makes its marker (in frame
/// slot `marker`, `alive` true), catches the transfers to it, and marks it dead when it ends.
pub struct ActivationBodyNode {
    pub body: NodeBox,
    /// `(marker slot, marker shape, location of alive)` for a method that needs a marker.
    pub marker: Option<(FrameSlot, ShapeRef, Location)>,
}

impl Execute for ActivationBodyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        match self.marker {
            None => d.catch_return(|d| d.execute(&*self.body)),
            Some((slot, shape, alive)) => {
                let m = d.new_object(shape);
                let t = d.constant(Value::TRUE);
                d.store_slot(m, alive, t);
                d.write_local(slot, m);
                let result = d.catch_transfer(m, |d| d.catch_return(|d| d.execute(&*self.body)));
                let f = d.constant(Value::FALSE);
                d.store_slot(m, alive, f);
                result
            }
        }
    }
}

impl Dump for ActivationBodyNode {
    fn dump(&self, w: &mut TreeDump) {
        let label = if self.marker.is_some() { "ActivationBody (marker)" } else { "ActivationBody" };
        w.node(label, &[&*self.body]);
    }
}
