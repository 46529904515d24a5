//! Dictionary-mode property storage: a per-object, insertion-ordered hash table in one heap
//! array of values, for objects with too many (or too fresh) keys for the shape tree.
//!
//! Layout of the array (all slots are [`Value`]s, so the collector traces it like any array):
//!
//! ```text
//! [ Int(count) | index: capacity slots, Int(entry + 1) or Int(0) | entries: (key, value) × capacity/2 ]
//! ```
//!
//! `capacity` is a power of two; the index is probed linearly from the key's hash; entries are
//! appended in insertion order and never removed (no guest language here deletes
//! properties), so the load factor stays at most ½. Keys are heap strings.

use crate::heap::{self, Gc, HeapArray};
use crate::value::Value;
use std::hash::{BuildHasher, Hasher};

type Table = Gc<HeapArray<Value>>;

const MIN_CAPACITY: usize = 16;

fn hash(key: &str) -> usize {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(key.as_bytes());
    h.finish() as usize
}

fn int(table: Table, i: usize) -> usize {
    match table.get(i) {
        Value::Int(n) => n as usize,
        _ => 0,
    }
}

fn capacity(table: Table) -> usize {
    (table.len() - 1) / 2
}

/// Number of properties in `table`.
pub(super) fn count(table: Table) -> usize {
    int(table, 0)
}

/// A new empty table with room for `entries` properties.
pub(super) fn new(entries: usize) -> Table {
    let capacity = (entries * 2).next_power_of_two().max(MIN_CAPACITY);
    heap::alloc_array(1 + 2 * capacity, Value::Int(0))
}

/// The index slot of `key` in `table`: the slot holding its entry, or the empty slot where it
/// would go.
fn probe(table: Table, key: &str) -> (usize, Option<usize>) {
    let capacity = capacity(table);
    let mut slot = hash(key) & (capacity - 1);
    loop {
        let entry = int(table, 1 + slot);
        if entry == 0 {
            return (slot, None);
        }
        let at = 1 + capacity + 2 * (entry - 1);
        if let Value::String(k) = table.get(at) {
            if k.as_str() == key {
                return (slot, Some(at));
            }
        }
        slot = (slot + 1) & (capacity - 1);
    }
}

/// The value of `key`, if present.
pub(super) fn get(table: Table, key: &str) -> Option<Value> {
    probe(table, key).1.map(|at| table.get(at + 1))
}

/// Sets `key` to `value` if present; returns whether it was.
pub(super) fn update(table: Table, key: &str, value: Value) -> bool {
    match probe(table, key).1 {
        Some(at) => {
            table.set(at + 1, value);
            true
        }
        None => false,
    }
}

/// Adds `key` (which `table` must not have) with `value`; returns the table to keep, which is
/// a new, larger one when `table` was full.
pub(super) fn insert(table: Table, key: &str, value: Value) -> Table {
    let key_value = Value::string(key);
    let table = if count(table) + 1 > capacity(table) / 2 { grow(table) } else { table };
    insert_entry(table, key_value, value);
    table
}

fn insert_entry(table: Table, key: Value, value: Value) {
    let Value::String(k) = key else { return };
    let (slot, existing) = probe(table, k.as_str());
    debug_assert!(existing.is_none());
    let n = count(table);
    let at = 1 + capacity(table) + 2 * n;
    table.set(at, key);
    table.set(at + 1, value);
    table.set(1 + slot, Value::Int(n as i64 + 1));
    table.set(0, Value::Int(n as i64 + 1));
}

fn grow(table: Table) -> Table {
    let n = count(table);
    let grown = new(2 * n.max(1));
    let old_entries = 1 + capacity(table);
    for e in 0..n {
        insert_entry(grown, table.get(old_entries + 2 * e), table.get(old_entries + 2 * e + 1));
    }
    grown
}

/// The keys in insertion order.
pub(super) fn keys(table: Table) -> Vec<String> {
    let entries = 1 + capacity(table);
    (0..count(table))
        .filter_map(|e| match table.get(entries + 2 * e) {
            Value::String(k) => Some(k.as_str().to_string()),
            _ => None,
        })
        .collect()
}
