//! SL in a polyglot context ([`bonsai::polyglot`]): the [`Language`] SL registers (evaluating
//! SL sources, the interop messages SL objects answer) and the error messages SL gives when
//! a message to a foreign value fails.
//!
//! What SL values are to other languages: numbers, strings, booleans and `NULL` are the
//! shared values; functions are function values, executable everywhere; an object has
//! *members*, its properties (read, written, listed in insertion order; invoking a member
//! calls the function it holds) and *array elements*, its integer-keyed properties (`o[0]`,
//! …; the size is the number of elements stored from 0 on). Its display string is `Object`,
//! its meta-object `Object`.
//!
//! What foreign values are to SL: `o.name` reads member `name`, `o.name = v` writes it,
//! `o[i]` with an integer reads element `i` (with a string, member `i`); a call of a foreign
//! executable executes it. A failed message is an SL error: a missing member
//! `Undefined property: NAME`; a value that cannot be executed `Undefined function: V`; a
//! wrong number of arguments `Wrong number of arguments for V: expected N, got M`; an
//! element index out of bounds `Undefined property: I` — foreign values rendered by their
//! display string.

use crate::runtime::{display, undefined_property, SlContext};
use bonsai::context::ExecContext;
use bonsai::error::GuestError;
use bonsai::polyglot::{InteropError, Language, LanguageId, Polyglot};
use bonsai::value::Value;
use std::rc::Rc;

/// SL's language id.
pub const SL: LanguageId = LanguageId::new("sl");

/// SL as a language of a polyglot context, on one [`SlContext`] (its function registry).
pub struct SlLanguage {
    context: Rc<SlContext>,
}

impl SlLanguage {
    /// The language over `context`.
    pub fn new(context: Rc<SlContext>) -> SlLanguage {
        SlLanguage { context }
    }
}

impl Language for SlLanguage {
    fn id(&self) -> LanguageId {
        SL
    }

    /// Registers the source's functions and, when it defines `main`, runs it: the result is
    /// `main`'s, or `NULL` (as SL's own `eval("sl", …)`).
    fn eval(&self, ctx: &ExecContext, source_name: &str, text: &str) -> Result<Value, GuestError> {
        eval_sl(&self.context, ctx, source_name, text)
    }

    fn display_string(&self, v: &Value) -> String {
        display(v)
    }

    fn meta_object_name(&self, v: &Value) -> String {
        match crate::runtime::SlType::of(v) {
            Some(t) => t.name().to_string(),
            None => display(v),
        }
    }

    fn has_members(&self, v: &Value) -> bool {
        matches!(v, Value::Object(_))
    }

    fn member_keys(&self, v: &Value) -> Vec<String> {
        match v {
            Value::Object(o) => o.keys(),
            _ => Vec::new(),
        }
    }

    fn read_member(&self, _: &ExecContext, v: &Value, name: &str) -> Result<Value, InteropError> {
        let Value::Object(o) = v else { return Err(InteropError::Unsupported { message: "read_member" }) };
        o.get(name).ok_or_else(|| InteropError::UnknownMember { member: name.to_string() })
    }

    fn write_member(&self, _: &ExecContext, v: &Value, name: &str, value: Value) -> Result<(), InteropError> {
        let Value::Object(o) = v else { return Err(InteropError::Unsupported { message: "write_member" }) };
        o.set(name, value);
        Ok(())
    }

    fn has_array_elements(&self, v: &Value) -> bool {
        matches!(v, Value::Object(_))
    }

    fn array_size(&self, v: &Value) -> Result<i64, InteropError> {
        let Value::Object(o) = v else { return Err(InteropError::Unsupported { message: "array_size" }) };
        Ok(o.element_count() as i64)
    }

    fn read_element(&self, _: &ExecContext, v: &Value, index: i64) -> Result<Value, InteropError> {
        let Value::Object(o) = v else { return Err(InteropError::Unsupported { message: "read_element" }) };
        o.get_index(index).ok_or(InteropError::InvalidIndex { index })
    }

    fn write_element(
        &self,
        _: &ExecContext,
        v: &Value,
        index: i64,
        value: Value,
    ) -> Result<(), InteropError> {
        let Value::Object(o) = v else { return Err(InteropError::Unsupported { message: "write_element" }) };
        o.set_index(index, value);
        Ok(())
    }
}

/// SL's `eval` of SL source: registers the functions of `text` and runs its `main`, if it
/// defines one, as a separate run (stack traces inside it end at its `main`); else `NULL`.
pub fn eval_sl(
    context: &SlContext,
    ctx: &ExecContext,
    source_name: &str,
    text: &str,
) -> Result<Value, GuestError> {
    let defines_main = crate::launcher::load_source(context, source_name, text).map_err(GuestError::new)?;
    if defines_main {
        ctx.detached(|| context.function("main").call(ctx, &[]))
    } else {
        Ok(Value::Null)
    }
}

/// The SL error for a failed interop message on `receiver` (see the module docs); `key` is
/// the member or element the message named.
pub fn interop_error(e: InteropError, receiver: &Value, key: Option<&str>) -> GuestError {
    match e {
        InteropError::Guest(e) => e,
        InteropError::UnknownMember { member } => undefined_property(&member),
        InteropError::InvalidIndex { index } => undefined_property(&index.to_string()),
        InteropError::Arity { expected, actual } => GuestError::new(format!(
            "Wrong number of arguments for {}: expected {expected}, got {actual}",
            display(receiver)
        )),
        InteropError::Unsupported { message: "execute" } => crate::runtime::not_a_function(receiver),
        InteropError::Unsupported { .. } => match key {
            Some(key) => undefined_property(key),
            None => crate::runtime::not_a_function(receiver),
        },
    }
}

/// The current polyglot context, for a message to a foreign value (one exists whenever a
/// foreign value does: only a context makes them).
pub fn current() -> Result<Rc<Polyglot>, GuestError> {
    Polyglot::entered()
}
