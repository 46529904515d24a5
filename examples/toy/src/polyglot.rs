//! Toy in a polyglot context ([`bonsai::polyglot`]): evaluating a Toy source defines its
//! functions and answers its `main` function (a function value every language can call), or
//! `NULL` when it defines none. Toy has no objects, so it answers no other interop message;
//! it reaches other languages' values with `import name` and calls them as `f(x)` through a
//! local `f` (see [`crate::nodes::call::CallValueNode`]).

use crate::builtins::Output;
use bonsai::context::ExecContext;
use bonsai::error::GuestError;
use bonsai::function::FunctionRef;
use bonsai::polyglot::{Language, LanguageId};
use bonsai::value::Value;
use std::rc::Rc;

/// Toy's language id.
pub const TOY: LanguageId = LanguageId::new("toy");

/// Toy as a language of a polyglot context, printing to one output.
pub struct ToyLanguage {
    output: Rc<Output>,
}

impl ToyLanguage {
    /// The language, `print` writing to `output` as it goes.
    pub fn new(output: Box<dyn std::io::Write>) -> ToyLanguage {
        ToyLanguage { output: Rc::new(Output::to(output)) }
    }
}

impl ToyLanguage {
    /// Defines the functions of `text`: they all, and its `main` if it has one.
    pub fn define(&self, text: &str) -> Result<(Vec<FunctionRef>, Option<FunctionRef>), GuestError> {
        crate::parser::parse_with(text, &self.output).map_err(|e| GuestError::new(e.to_string()))
    }
}

impl Language for ToyLanguage {
    fn id(&self) -> LanguageId {
        TOY
    }

    /// Defines the source's functions; answers its `main` function, or `NULL`. A syntax error
    /// is the message of [`crate::Error::Parse`] (`parse error at line L, column C: …`).
    fn eval(&self, _: &ExecContext, _: &str, text: &str) -> Result<Value, GuestError> {
        let (_, main) = self.define(text)?;
        Ok(main.map_or(Value::Null, Value::Function))
    }

    fn display_string(&self, v: &Value) -> String {
        crate::nodes::display(v)
    }

    fn meta_object_name(&self, _: &Value) -> String {
        "Integer".to_string()
    }
}
