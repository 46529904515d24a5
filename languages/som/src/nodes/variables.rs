//! Variables that are not plain frame slots: fields of `self` (§5.1), variables captured by
//! blocks, kept in heap contexts (§7), and globals (§5.4, §8).

use super::NodeBox;
use crate::universe::Universe;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::frame::FrameSlot;
use bonsai::node::{Child, Dump, Execute, TreeDump};
use bonsai::object::Location;
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// Location of a context's outer context.
pub const PARENT: Location = Location(0);

/// Walks `hops` outer links from the context in `slot`.
fn context<D: Domain + ?Sized>(d: &mut D, slot: FrameSlot, hops: u32) -> D::Value {
    let mut c = d.read_local(slot);
    for _ in 0..hops {
        c = d.load_slot(c, PARENT);
    }
    c
}

/// Reads a captured variable: `n` inside `[ n := n + 1 ]`, `hops` contexts out from the
/// activation's context (in frame slot `context`), at `location` of that context.
pub struct ReadContextNode {
    pub name: String,
    pub context: FrameSlot,
    pub hops: u32,
    pub location: Location,
}

impl Execute for ReadContextNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = context(d, self.context, self.hops);
        Ok(d.load_slot(c, self.location))
    }
}

impl Dump for ReadContextNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadContext {} (out {}, {:?})", self.name, self.hops, self.location));
    }
}

/// Writes a captured variable and yields the value.
pub struct WriteContextNode {
    pub name: String,
    pub context: FrameSlot,
    pub hops: u32,
    pub location: Location,
    pub value: Child,
}

impl Execute for WriteContextNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        let c = context(d, self.context, self.hops);
        d.store_slot(c, self.location, v);
        Ok(v)
    }
}

impl Dump for WriteContextNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(
            format!("WriteContext {} (out {}, {:?})", self.name, self.hops, self.location),
            &[&*self.value],
        );
    }
}

/// A new context whose outer context is `parent`'s value (an activation's prologue).
pub struct NewContextNode {
    pub shape: bonsai::object::ShapeRef,
    pub parent: Child,
}

impl Execute for NewContextNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let parent = d.execute_child(&self.parent)?;
        let c = d.new_object(self.shape);
        d.store_slot(c, PARENT, parent);
        Ok(c)
    }
}

impl Dump for NewContextNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("NewContext {}", self.shape.describe()), &[&*self.parent]);
    }
}

/// Reads field `name` of `self` (in frame slot `receiver`) at `location` (§5.1: inherited
/// fields first, so a field has the same location in every subclass). A receiver that is not
/// an object (a method run on another kind of receiver by `invokeOn:with:`) reads `nil`.
pub struct ReadFieldNode {
    pub name: String,
    pub receiver: FrameSlot,
    pub location: Location,
    pub is_object: ConditionProfile,
}

impl Execute for ReadFieldNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let r = d.read_local(self.receiver);
        let object = d.has_tag(r, Tag::Object);
        d.choose(
            object,
            &self.is_object,
            |d| Ok(d.load_slot(r, self.location)),
            |d| Ok(d.constant(Value::Null)),
        )
    }
}

impl Dump for ReadFieldNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadField {} {:?}", self.name, self.location));
    }
}

/// Writes field `name` of `self` and yields the value (ignored for a non-object receiver).
pub struct WriteFieldNode {
    pub name: String,
    pub receiver: FrameSlot,
    pub location: Location,
    pub value: Child,
    pub is_object: ConditionProfile,
}

impl Execute for WriteFieldNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        let r = d.read_local(self.receiver);
        let object = d.has_tag(r, Tag::Object);
        d.if_then_else(
            object,
            &self.is_object,
            |d| {
                d.store_slot(r, self.location, v);
                Ok(())
            },
            |_| Ok(()),
        )?;
        Ok(v)
    }
}

impl Dump for WriteFieldNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("WriteField {} {:?}", self.name, self.location), &[&*self.value]);
    }
}

/// Reads global `name` (§8): its value, else the class of that name loaded from the class
/// path, else the answer of `unknownGlobal: #name` sent to `self`. Boundary: a table lookup
/// (globals are rebound at run time, §5.4).
pub struct ReadGlobalNode {
    pub name: String,
    pub receiver: NodeBox,
    pub universe: Rc<Universe>,
}

impl ReadGlobalNode {
    fn read(&self, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
        let u = &self.universe;
        if let Some(v) = u.global_or_load(&self.name)? {
            return Ok(v);
        }
        let receiver = args.first().copied().unwrap_or(Value::Null);
        let symbol = u.symbol(&self.name);
        crate::nodes::send::send(u, interp, receiver, "unknownGlobal:", &[symbol])
    }
}

impl Execute for ReadGlobalNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        d.boundary(
            self,
            |n: &ReadGlobalNode, interp: &mut Interp<'_>, args: &[Value]| n.read(interp, args),
            &[receiver],
        )
    }
}

impl Dump for ReadGlobalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadGlobal {}", self.name));
    }
}

/// Reads a variable that the closures of an inlined control structure's real send may share
/// (see [`crate::nodes::control_flow::FallbackFrame`]): frame slot `slot` until such a send
/// has moved its scope's variables into a context (in frame slot `lazy`, `nil` before), then
/// `location` of that context.
///
/// Specializations: the context not made (the common case: the receivers had the expected
/// kind) → the frame slot; made → the context. Until an activation has made one, compiled
/// code transfers to the interpreter when it finds a context, so that the variable stays the
/// frame slot's value (its tag known, no merge) on the path it compiles.
pub struct ReadLazyNode {
    pub name: String,
    pub slot: FrameSlot,
    pub lazy: FrameSlot,
    pub location: Location,
    pub shared: ConditionProfile,
}

impl Execute for ReadLazyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = d.read_local(self.lazy);
        let shared = d.has_tag(c, Tag::Object);
        d.choose(
            shared,
            &self.shared,
            |d| {
                if self.shared.true_count() == 0 {
                    // Compiled code never saw a context: a real send made one since.
                    d.transfer_to_interpreter(&|| "lazy variable in a context".into(), |d| {
                        Ok(d.load_slot(c, self.location))
                    })
                } else {
                    Ok(d.load_slot(c, self.location))
                }
            },
            |d| Ok(d.read_local(self.slot)),
        )
    }
}

impl Dump for ReadLazyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadLazy {} ({}, {:?})", self.name, self.slot, self.location));
    }
}

/// Writes a variable read by [`ReadLazyNode`] and yields the value.
pub struct WriteLazyNode {
    pub name: String,
    pub slot: FrameSlot,
    pub lazy: FrameSlot,
    pub location: Location,
    pub value: Child,
    pub shared: ConditionProfile,
}

impl Execute for WriteLazyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute_child(&self.value)?;
        let c = d.read_local(self.lazy);
        let shared = d.has_tag(c, Tag::Object);
        d.choose(
            shared,
            &self.shared,
            |d| {
                let store = |d: &mut D| {
                    d.store_slot(c, self.location, v);
                    Ok(v)
                };
                if self.shared.true_count() == 0 {
                    // As in `ReadLazyNode`.
                    d.transfer_to_interpreter(&|| "lazy variable in a context".into(), store)
                } else {
                    store(d)
                }
            },
            |d| {
                d.write_local(self.slot, v);
                Ok(v)
            },
        )
    }
}

impl Dump for WriteLazyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("WriteLazy {} ({}, {:?})", self.name, self.slot, self.location), &[&*self.value]);
    }
}
