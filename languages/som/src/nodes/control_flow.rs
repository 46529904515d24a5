//! Control structures inlined by the builder (§6, §17 item 32) when their block arguments
//! are literal blocks: `ifTrue:`, `ifFalse:`, `ifTrue:ifFalse:`, `ifFalse:ifTrue:`, `and:`,
//! `or:`, `&&`, `||`, `whileTrue:`, `whileFalse:`, `to:do:` and `timesRepeat:`. The blocks'
//! statements become part of the method's tree (their parameters and temporaries frame slots
//! of the enclosing activation). Each node gives the result the library method gives: `nil`
//! for a branch not taken and for loops, the receiver for `to:do:` and `timesRepeat:`. A
//! receiver of another kind gets the real send, whose closures share the activation's
//! variables ([`FallbackFrame`]).

use super::variables::PARENT;
use super::NodeBox;
use crate::universe::{vm_error, Universe};
use bonsai::error::GuestError;
use bonsai::exec::{choose_speculating, expect_tag, Domain, IntCmp, IntOp, Interp};
use bonsai::frame::FrameSlot;
use bonsai::heap::with_rooted_slice;
use bonsai::node::{Child, Dump, Execute, Label, Node, TreeDump};
use bonsai::nodes::{LoopNode, RepeatingNode};
use bonsai::object::{Location, ShapeRef};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// The error for a receiver of an inlined control structure that is not a Boolean: the
/// library would not find the method in its class (§8).
fn not_boolean(u: &Universe, selector: &str, v: Value) -> GuestError {
    vm_error(format!("Method {selector} not found in class {}", u.class_name(u.class_id_of(&v))))
}

/// `c ifTrue: [..] ifFalse: [..]` and its relatives: runs `if_true` or `if_false` by the
/// Boolean receiver; a missing branch is `nil`. `and:` is `c ifTrue: [..] ifFalse: [false]`,
/// `or:` is `c ifTrue: [true] ifFalse: [..]`. A receiver that is not a Boolean gets the real
/// send (a boundary) with `fallback_arguments`: the blocks as closures (§6).
pub struct IfNode {
    pub selector: String,
    pub condition: Child,
    pub if_true: Option<Child>,
    pub if_false: Option<Child>,
    pub fallback_arguments: Vec<Child>,
    pub fallback_frame: Option<FallbackFrame>,
    pub taken: ConditionProfile,
    pub is_boolean: ConditionProfile,
    pub universe: Rc<Universe>,
}

impl Execute for IfNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = d.execute_child(&self.condition)?;
        let is_boolean = d.has_tag(c, Tag::Bool);
        d.choose(
            is_boolean,
            &self.is_boolean,
            |d| {
                let b = d.unbox_bool(c);
                let branch = |d: &mut D, child: &Option<Child>| match child {
                    Some(c) => d.execute_child(c),
                    None => Ok(d.constant(Value::Null)),
                };
                d.choose(b, &self.taken, |d| branch(d, &self.if_true), |d| branch(d, &self.if_false))
            },
            |d| real_send(d, self, c, &self.fallback_arguments),
        )
    }
}

/// The real send of an inlined control structure whose receiver is of another kind (§6):
/// `selector` to `receiver` with the values of `arguments`. Boundary: a full send.
pub fn real_send<D: Domain + ?Sized, N: Fallback>(
    d: &mut D,
    node: &N,
    receiver: D::Value,
    arguments: &[Child],
) -> Result<D::Value, D::Abrupt> {
    real_send_with(d, node, &[receiver], arguments)
}

/// `selector` to `first[0]` with the rest of `first`, then the values of `arguments`; the
/// operands are rooted while the arguments (closures) are made. With a [`FallbackFrame`], the
/// closures see the activation's variables through a context made for the send.
fn real_send_with<D: Domain + ?Sized, N: Fallback>(
    d: &mut D,
    node: &N,
    first: &[D::Value],
    arguments: &[Child],
) -> Result<D::Value, D::Abrupt> {
    let frame = node.frame();
    with_rooted_slice(first[0], first.len() + arguments.len(), |operands| {
        operands[..first.len()].copy_from_slice(first);
        if let Some(f) = frame {
            f.enter(d)?;
        }
        for (i, a) in arguments.iter().enumerate() {
            operands[first.len() + i] = d.execute_child(a)?;
        }
        let send = |d: &mut D| {
            d.boundary(
                node,
                |n: &N, interp: &mut Interp<'_>, vals: &[Value]| {
                    crate::nodes::send::send(n.universe(), interp, vals[0], n.selector(), &vals[1..])
                },
                operands,
            )
        };
        match frame.and_then(|f| f.marker.as_ref().map(|m| (f, m))) {
            None => send(d),
            Some((f, m)) => f.send_with_marker(d, m, send),
        }
    })
}

/// What the real send of an inlined control structure does before the send so that its
/// closures share the enclosing activation's variables (§6, §7). The variables the inlined
/// blocks of an activation use live in frame slots (the common case, receivers of the
/// expected kind, keeps them there), read and written by [`ReadLazyNode`]s and
/// [`WriteLazyNode`]s. Each scope that declares such variables (the activation itself, an
/// inlined block) has a lazy context slot, `nil` on entry to the scope; the first real send
/// in it moves the scope's variables into a new context there (outer context: the next outer
/// scope's, or the activation's own), and from then on they live in that context, which the
/// closures close over. An inlined loop body's scope starts again with `nil` on each
/// iteration, so its variables are fresh per iteration as the real send's would be. The
/// closures' `^` needs a home marker: `marker` makes one for the send when the method has
/// none (its other blocks return only locally).
///
/// [`ReadLazyNode`]: crate::nodes::variables::ReadLazyNode
/// [`WriteLazyNode`]: crate::nodes::variables::WriteLazyNode
pub struct FallbackFrame {
    /// The activation's context slot.
    pub parent: FrameSlot,
    /// The scopes around the send that have lazy variables, outermost first.
    pub scopes: Vec<LazyScope>,
    pub marker: Option<FallbackMarker>,
}

/// A scope's lazy variables (see [`FallbackFrame`]): the context slot, the context's shape,
/// and each variable's frame slot and location in the context.
pub struct LazyScope {
    pub slot: FrameSlot,
    pub shape: ShapeRef,
    pub vars: Vec<(FrameSlot, Location)>,
    pub made: ConditionProfile,
}

/// A marker made for one real send (see [`FallbackFrame`]): `slot` is the method's marker
/// slot, `alive` the marker's one property.
pub struct FallbackMarker {
    pub slot: FrameSlot,
    pub shape: ShapeRef,
    pub alive: Location,
    pub returned: ConditionProfile,
}

impl FallbackFrame {
    /// The scopes' contexts (those not made yet, with the variables' current values), and
    /// the marker if the send makes one.
    fn enter<D: Domain + ?Sized>(&self, d: &mut D) -> Result<(), D::Abrupt> {
        if let Some(m) = &self.marker {
            let marker = d.new_object(m.shape);
            let t = d.constant(Value::TRUE);
            d.store_slot(marker, m.alive, t);
            d.write_local(m.slot, marker);
        }
        let mut parent_slot = self.parent;
        for scope in &self.scopes {
            let c = d.read_local(scope.slot);
            let made = d.has_tag(c, Tag::Object);
            let not_made = d.not(made);
            d.if_then_else(
                not_made,
                &scope.made,
                |d| {
                    let parent = d.read_local(parent_slot);
                    let c = d.new_object(scope.shape);
                    d.store_slot(c, PARENT, parent);
                    for &(slot, location) in &scope.vars {
                        let v = d.read_local(slot);
                        d.store_slot(c, location, v);
                    }
                    d.write_local(scope.slot, c);
                    Ok(())
                },
                |_| Ok(()),
            )?;
            parent_slot = scope.slot;
        }
        Ok(())
    }

    /// `send` under the marker `enter` made: a `^` of a closure to it returns from the method. The
    /// marker is dead once the send is over (a closure kept past it gets `escapedBlock:`).
    fn send_with_marker<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        m: &FallbackMarker,
        mut send: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    ) -> Result<D::Value, D::Abrupt> {
        let marker = d.read_local(m.slot);
        let v = d.catch_transfer(marker, |d| {
            let v = send(d)?;
            let f = d.constant(Value::FALSE);
            d.store_slot(marker, m.alive, f);
            Ok(v)
        })?;
        // Still alive: the send ended by a `^` to the marker, not by answering.
        let alive = d.load_slot(marker, m.alive);
        let t = d.constant(Value::TRUE);
        let returned = d.same(alive, t);
        d.choose(
            returned,
            &m.returned,
            |d| {
                let f = d.constant(Value::FALSE);
                d.store_slot(marker, m.alive, f);
                d.return_value(v)?;
                Ok(v)
            },
            |_| Ok(v),
        )
    }
}

/// A node with a real send as fallback.
pub trait Fallback: 'static {
    fn universe(&self) -> &Universe;
    fn selector(&self) -> &str;
    fn frame(&self) -> Option<&FallbackFrame>;
}

impl Fallback for IfNode {
    fn universe(&self) -> &Universe {
        &self.universe
    }
    fn selector(&self) -> &str {
        &self.selector
    }
    fn frame(&self) -> Option<&FallbackFrame> {
        self.fallback_frame.as_ref()
    }
}

impl Fallback for ToDoNode {
    fn universe(&self) -> &Universe {
        &self.universe
    }
    fn selector(&self) -> &str {
        &self.selector
    }
    fn frame(&self) -> Option<&FallbackFrame> {
        self.fallback_frame.as_ref()
    }
}

impl Dump for IfNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.condition];
        children.extend(self.if_true.iter().map(|c| &**c));
        children.extend(self.if_false.iter().map(|c| &**c));
        w.node(
            Label::new(format!("If #{}", self.selector)).profile("taken", self.taken.describe()),
            &children,
        );
    }
}

/// The repeating part of `[c] whileTrue: [b]` / `whileFalse:`.
pub struct WhileRepeat {
    pub selector: String,
    pub condition: Child,
    pub body: Child,
    /// `whileTrue:` runs while the condition is true, `whileFalse:` while it is false.
    pub while_true: bool,
    pub is_boolean: ConditionProfile,
    /// The library's `[^ nil]` for a condition of another kind: a closure whose `^` ends the
    /// loop, to the marker the loop makes in frame slot `exit_marker` (see
    /// [`FallbackMarker`]).
    pub exit_block: Child,
    pub exit_marker: FallbackMarker,
    pub universe: Rc<Universe>,
}

/// `[c] whileTrue: [b]` inlined: a loop with on-stack replacement; its value is `nil`.
pub type WhileNode = LoopNode<WhileRepeat>;

impl RepeatingNode for WhileRepeat {
    const NAME: &'static str = "While";

    fn condition<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Bool, D::Abrupt> {
        let c = d.execute_child(&self.condition)?;
        let is_boolean = d.has_tag(c, Tag::Bool);
        // A condition of another kind: the library's `whileTrue:` sends it `ifFalse: [^ nil]`
        // (`whileFalse:`: `ifTrue:`), a real send, and continues the loop if that answers;
        // the block's `^` ends the loop.
        let c = d.choose(
            is_boolean,
            &self.is_boolean,
            |_| Ok(c),
            |d| {
                with_rooted_slice(c, 2, |operands| {
                    let m = &self.exit_marker;
                    let marker = d.new_object(m.shape);
                    let t = d.constant(Value::TRUE);
                    d.store_slot(marker, m.alive, t);
                    d.write_local(m.slot, marker);
                    operands[1] = d.execute_child(&self.exit_block)?;
                    let v = d.catch_transfer(marker, |d| {
                        d.boundary(
                            self,
                            |n: &WhileRepeat, interp: &mut Interp<'_>, args: &[Value]| {
                                let selector = if n.while_true { "ifFalse:" } else { "ifTrue:" };
                                crate::nodes::send::send(&n.universe, interp, args[0], selector, &args[1..])
                            },
                            operands,
                        )?;
                        let f = d.constant(Value::FALSE);
                        d.store_slot(marker, m.alive, f);
                        Ok(f)
                    })?;
                    let _ = v;
                    // Still alive: the send ended by the block's `^`, and so does the loop.
                    let alive = d.load_slot(marker, m.alive);
                    let t = d.constant(Value::TRUE);
                    let exited = d.same(alive, t);
                    let f = d.constant(Value::FALSE);
                    d.store_slot(marker, m.alive, f);
                    let go_on = d.not(exited);
                    let go_on = if self.while_true { go_on } else { d.not(go_on) };
                    Ok(d.box_bool(go_on))
                })
            },
        )?;
        let b = d.unbox_bool(c);
        Ok(if self.while_true { b } else { d.not(b) })
    }

    fn body<D: Domain + ?Sized>(&self, d: &mut D) -> Result<(), D::Abrupt> {
        d.execute_child(&self.body).map(|_| ())
    }

    fn children(&self) -> Vec<&dyn Node> {
        vec![&*self.condition, &*self.body]
    }
}

/// The repeating part of `a to: b do: [:i | ..]` and `n timesRepeat: [..]`: the counter and
/// the limit live in hidden frame slots; the body (built by the builder) starts by writing
/// the loop variable, if any, from the counter.
///
/// Specializations by value, per iteration: both Integers in 64 bits → an integer compare
/// and a checked increment; anything else (Doubles, big Integers) → the sends `<=` and `+`,
/// as the library's `to:by:do:` makes them.
pub struct ToDoRepeat {
    pub counter: FrameSlot,
    pub limit: FrameSlot,
    /// `downTo:do:`: the counter goes down by one while it is `>=` the limit.
    pub down: bool,
    pub body: Child,
    /// The counter and the limit are small Integers (the condition).
    pub small: ConditionProfile,
    /// The counter is a small Integer (the step).
    pub small_counter: ConditionProfile,
    /// The step did not overflow.
    pub fits: ConditionProfile,
    pub is_boolean: ConditionProfile,
    pub universe: Rc<Universe>,
}

/// `a to: b do: [:i | ..]` inlined: a loop with on-stack replacement.
pub type ToDoLoop = LoopNode<ToDoRepeat>;

impl ToDoRepeat {
    fn send(&self, interp: &mut Interp<'_>, selector: &str, args: &[Value]) -> Result<Value, GuestError> {
        crate::nodes::send::send(&self.universe, interp, args[0], selector, &args[1..])
    }
}

impl RepeatingNode for ToDoRepeat {
    const NAME: &'static str = "ToDo";

    fn condition<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Bool, D::Abrupt> {
        let i = d.read_local(self.counter);
        let l = d.read_local(self.limit);
        let i_int = d.has_tag(i, Tag::Int);
        let l_int = d.has_tag(l, Tag::Int);
        let both = d.and(i_int, l_int);
        let v = d.choose(
            both,
            &self.small,
            |d| {
                let (a, b) = (d.unbox_int(i), d.unbox_int(l));
                let in_range = d.int_compare(if self.down { IntCmp::Ge } else { IntCmp::Le }, a, b);
                Ok(d.box_bool(in_range))
            },
            |d| {
                d.boundary(
                    self,
                    |n: &ToDoRepeat, interp: &mut Interp<'_>, args: &[Value]| {
                        n.send(interp, if n.down { ">=" } else { "<=" }, args)
                    },
                    &[i, l],
                )
            },
        )?;
        let v = expect_tag(d, self, v, Tag::Bool, &self.is_boolean, |n: &ToDoRepeat, v| {
            Err(not_boolean(&n.universe, "ifTrue:", v))
        })?;
        Ok(d.unbox_bool(v))
    }

    fn body<D: Domain + ?Sized>(&self, d: &mut D) -> Result<(), D::Abrupt> {
        let i = d.read_local(self.counter);
        d.execute_child(&self.body)?;
        let i_int = d.has_tag(i, Tag::Int);
        let plus = |d: &mut D| {
            let one = d.constant(Value::Int(1));
            d.boundary(
                self,
                |n: &ToDoRepeat, interp: &mut Interp<'_>, args: &[Value]| {
                    n.send(interp, if n.down { "-" } else { "+" }, args)
                },
                &[i, one],
            )
        };
        // A step that overflows, or of a counter that is not a small Integer, is left to the
        // interpreter until it happens: compiled code then never merges the send's generic
        // result (nor the frame it makes current) into the loop's next iteration.
        let step = |d: &mut D| {
            let a = d.unbox_int(i);
            let one = d.int_constant(1);
            let op = if self.down { IntOp::Sub } else { IntOp::Add };
            let (sum, overflow) = d.int_op_checked(op, a, one);
            let fits = d.not(overflow);
            let reason = "the loop counter overflowed";
            choose_speculating(d, fits, &self.fits, reason, |d| Ok(d.box_int(sum)), plus)
        };
        let reason = "a loop counter that is not a small Integer";
        let next = choose_speculating(d, i_int, &self.small_counter, reason, step, plus)?;
        d.write_local(self.counter, next);
        Ok(())
    }

    fn children(&self) -> Vec<&dyn Node> {
        vec![&*self.body]
    }
}

/// `a to: b do: [..]`: evaluates the bounds into the hidden slots, runs the loop, answers
/// the receiver (for `timesRepeat:`, `result_is_limit`: the receiver is the limit).
pub struct ToDoNode {
    pub selector: String,
    pub start: Child,
    pub limit: Child,
    pub counter: FrameSlot,
    pub limit_slot: FrameSlot,
    pub result_is_limit: bool,
    pub repeat: ToDoLoop,
    /// The real send's arguments when the receiver is not a number (§6).
    pub fallback_arguments: Vec<Child>,
    pub fallback_frame: Option<FallbackFrame>,
    pub is_number: ConditionProfile,
    pub universe: Rc<Universe>,
}

impl Execute for ToDoNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let s = d.execute_child(&self.start)?;
        let l = d.execute_child(&self.limit)?;
        let receiver = if self.result_is_limit { l } else { s };
        let small = d.has_tag(receiver, Tag::Int);
        let big = d.has_tag(receiver, Tag::BigInt);
        let double = d.has_tag(receiver, Tag::Double);
        let integer = d.or(small, big);
        let number = if self.result_is_limit { integer } else { d.or(integer, double) };
        d.choose(
            number,
            &self.is_number,
            |d| {
                d.write_local(self.counter, s);
                d.write_local(self.limit_slot, l);
                d.execute(&self.repeat)?;
                Ok(receiver)
            },
            |d| {
                if self.result_is_limit {
                    real_send(d, self, receiver, &self.fallback_arguments)
                } else {
                    real_send_with(d, self, &[receiver, l], &self.fallback_arguments)
                }
            },
        )
    }
}

impl Dump for ToDoNode {
    fn dump(&self, w: &mut TreeDump) {
        let name = if self.selector == "downTo:do:" { "DownToDo" } else { "ToDo" };
        w.node(name, &[&*self.start, &*self.limit, &self.repeat]);
    }
}

/// A node that is a plain `NodeBox` wrapper (for building): `nil`.
pub fn nil_node() -> NodeBox {
    Box::new(bonsai::nodes::ConstantNode::new(Value::Null))
}
