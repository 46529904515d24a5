//! Unit tests of the object model: elements, dictionary mode, and their interplay with
//! named properties.

use super::*;
use crate::heap::MutatorGuard;

fn int(v: Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(i),
        _ => None,
    }
}

#[test]
fn array_indices_are_canonical_decimals() {
    assert_eq!(array_index("0"), Some(0));
    assert_eq!(array_index("17"), Some(17));
    assert_eq!(array_index("4294967294"), Some(4294967294));
    for not_index in ["", "017", "-1", "+1", "1.0", "x", "4294967295", "99999999999", "1 "] {
        assert_eq!(array_index(not_index), None, "{not_index:?}");
    }
}

#[test]
fn integer_keys_from_zero_become_elements() {
    let _mutator = MutatorGuard::acquire();
    let o = DynamicObject::new(Shape::new_root());
    for i in 0..1000 {
        o.set_index(i, Value::Int(i * 2));
    }
    assert_eq!(o.element_count(), 1000);
    assert_eq!(o.shape().property_count(), 0, "elements take no shapes");
    assert_eq!(int(o.get("999")), Some(1998));
    assert_eq!(int(o.get_index(3)), Some(6));
    o.set("3", Value::Int(-1));
    assert_eq!(int(o.get_index(3)), Some(-1), "o[3] and o[\"3\"] are one property");
    assert!(o.get_index(1000).is_none());
    assert!(o.get_index(-1).is_none());
}

#[test]
fn sparse_index_keys_are_named_and_block_appends_past_them() {
    let _mutator = MutatorGuard::acquire();
    let o = DynamicObject::new(Shape::new_root());
    o.set_index(2, Value::Int(20));
    o.set_index(0, Value::Int(0));
    o.set_index(1, Value::Int(10));
    assert_eq!(o.element_count(), 2);
    assert!(o.shape().has_index_keys());
    // Index 2 exists as a named property: writing it updates that, not a new element.
    o.set_index(2, Value::Int(21));
    assert_eq!(o.element_count(), 2);
    assert_eq!(int(o.get_index(2)), Some(21));
    assert_eq!(o.keys(), ["0", "1", "2"]);
    // Negative and non-canonical keys are always named.
    o.set_index(-5, Value::Int(-5));
    o.set("007", Value::Int(7));
    assert_eq!(int(o.get("-5")), Some(-5));
    assert_eq!(int(o.get("007")), Some(7));
    assert!(o.get("7").is_none());
}

#[test]
fn many_named_properties_go_to_dictionary_mode() {
    let _mutator = MutatorGuard::acquire();
    let root = Shape::new_root();
    let o = DynamicObject::new(root);
    let n = MAX_FAST_PROPERTIES + 500;
    for i in 0..n {
        o.set(&format!("k{i}"), Value::Int(i as i64));
        if i == MAX_FAST_PROPERTIES - 1 {
            assert!(!o.is_dictionary());
        }
    }
    assert!(o.is_dictionary());
    assert!(std::ptr::eq(o.shape(), root.dictionary_shape()));
    for i in 0..n {
        assert_eq!(int(o.get(&format!("k{i}"))), Some(i as i64), "k{i}");
    }
    o.set("k7", Value::Int(-7));
    assert_eq!(int(o.get("k7")), Some(-7));
    assert!(o.get("missing").is_none());
    let keys = o.keys();
    assert_eq!(keys.len(), n);
    assert_eq!(keys[0], "k0");
    assert_eq!(keys[n - 1], format!("k{}", n - 1));
    // Elements keep working beside a property table; index keys are checked in it first.
    o.set("0", Value::Int(100));
    assert_eq!(o.element_count(), 1);
    o.set("2", Value::Int(102));
    o.set("1", Value::Int(101));
    o.set("2", Value::Int(-102));
    assert_eq!(o.element_count(), 2);
    assert_eq!(int(o.get_index(2)), Some(-102));
}

#[test]
fn objects_survive_collections_in_every_mode() {
    let _mutator = MutatorGuard::acquire();
    let root = Shape::new_root();
    let fast = DynamicObject::new(root);
    let dict = DynamicObject::new(root);
    for i in 0..(MAX_FAST_PROPERTIES + 10) {
        dict.set(&format!("p{i}"), Value::string(&format!("v{i}")));
    }
    for i in 0..100 {
        fast.set_index(i, Value::string(&format!("e{i}")));
    }
    fast.set("name", Value::string("fast"));
    crate::heap::collect();
    let text = |v: Option<Value>| match v {
        Some(Value::String(s)) => s.as_str().to_string(),
        _ => String::new(),
    };
    assert_eq!(text(dict.get("p130")), "v130");
    assert_eq!(text(fast.get_index(99)), "e99");
    assert_eq!(text(fast.get("name")), "fast");
}

#[test]
fn the_elements_capacity_stops_below_named_index_keys() {
    let _mutator = MutatorGuard::acquire();
    let o = DynamicObject::new(Shape::new_root());
    o.set_index(6, Value::Int(60));
    for i in 0..6 {
        o.set_index(i, Value::Int(i * 10));
    }
    assert_eq!(o.element_count(), 6);
    assert!(o.element_capacity() <= 6, "capacity {} reaches the named index 6", o.element_capacity());
    // A named index key added below the capacity shrinks it.
    let p = DynamicObject::new(Shape::new_root());
    for i in 0..5 {
        p.set_index(i, Value::Int(i));
    }
    assert!(p.element_capacity() > 6);
    p.set_index(6, Value::Int(66));
    assert!(p.element_capacity() <= 6);
    assert_eq!(p.element_count(), 5);
    assert_eq!(int(p.get_index(4)), Some(4));
    assert_eq!(int(p.get("6")), Some(66));
    // Without index keys the elements grow by doubling.
    let q = DynamicObject::new(Shape::new_root());
    for i in 0..100 {
        q.set_index(i, Value::Int(i));
    }
    assert!(q.element_capacity() >= 100);
}
