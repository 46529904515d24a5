//! Values by name that the collector must see though no guest object refers to them: a
//! language's globals, the polyglot bindings.

use super::{DynamicObject, Shape};
use crate::heap::Gc;
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::cell::{OnceCell, RefCell};

/// Named values held by an immortal object's elements (so every collection sees them), with
/// the names' indexes beside it. The object is made on the first [`NamedValues::set`]: a
/// table nothing is stored into allocates nothing (and needs no heap).
#[derive(Default)]
pub struct NamedValues {
    index: RefCell<FxHashMap<String, usize>>,
    store: OnceCell<Gc<DynamicObject>>,
}

impl NamedValues {
    /// An empty table.
    pub fn new() -> NamedValues {
        NamedValues::default()
    }

    /// The value stored under `name`, if any.
    pub fn get(&self, name: &str) -> Option<Value> {
        let index = *self.index.borrow().get(name)?;
        self.store.get()?.element(index)
    }

    /// Stores `value` under `name`, replacing an earlier value.
    pub fn set(&self, name: &str, value: Value) {
        let store = *self.store.get_or_init(|| DynamicObject::new_immortal(Shape::new_root()));
        let existing = self.index.borrow().get(name).copied();
        match existing {
            Some(i) => {
                store.set_element(i, value);
            }
            None => {
                let i = store.element_count();
                store.push_element(value);
                self.index.borrow_mut().insert(name.to_string(), i);
            }
        }
    }
}
