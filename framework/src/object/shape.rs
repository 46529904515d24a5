//! Shapes: the layout of fast-mode objects, shared by every object built the same way.
//!
//! A [`Shape`] with `n` properties is the `n`-th link of a chain that starts at a root shape
//! (one per kind of object of a language) and adds one property per link. Lookups do not walk
//! the chain: the keys of a chain live in one insertion-ordered key table shared by all its
//! shapes, and a shape with `n` properties sees the table's first `n` keys (V8's shared
//! descriptor arrays). Adding a property to the shape at the tip of its table appends to the
//! table, so building a chain of `N` properties costs O(N) time and memory; only a branch
//! (a second, different property added to the same shape) copies the `n` keys it shares.
//!
//! The shape tree is bounded, so programs that keep inventing keys run in bounded memory:
//! a shape has at most [`MAX_FAST_PROPERTIES`] properties, and a tree creates at most
//! [`MAX_SHAPES_PER_TREE`] shapes. Past either bound an object goes to *dictionary mode*
//! (its tree's [`Shape::is_dictionary`] shape, with its properties in a hash table of its
//! own; see [`super::DynamicObject`]) instead of getting a new shape. Shapes, like call
//! targets, then live for the process.

use indexmap::IndexSet;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use super::{array_index, Location};
use crate::polyglot::LanguageId;
use crate::value::Value;

/// Properties a fast-mode shape holds at most; adding one more puts the object in dictionary
/// mode (V8 and Truffle bound their shape trees the same way).
pub const MAX_FAST_PROPERTIES: usize = 128;

/// Shapes one shape tree (one root) creates at most; past it, objects that would need a new
/// shape go to dictionary mode. Bounds the memory of programs that keep inventing keys.
pub const MAX_SHAPES_PER_TREE: usize = 1 << 14;

/// Identity of a shape, for dumps: `shape3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeId(pub u32);

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shape{}", self.0)
    }
}

/// A shape: compared by address.
pub type ShapeRef = &'static Shape;

/// The insertion-ordered keys of one chain of shapes.
type KeyTable = Rc<RefCell<IndexSet<Rc<str>, FxBuildHasher>>>;

/// What one root's shapes share: the dictionary shape and the shape budget.
struct ShapeTree {
    dictionary: OnceCell<ShapeRef>,
    shapes: Cell<usize>,
    /// What the language says objects of this tree are (see [`Shape::new_root_of_type`]).
    object_type: Value,
    /// The language whose objects these are (see [`Shape::language`]).
    language: Option<LanguageId>,
}

/// The shapes reached from one shape by adding a property.
enum Transitions {
    None,
    /// The common case: one child, whose last key is the one it adds.
    One(ShapeRef),
    Many(Box<FxHashMap<Rc<str>, ShapeRef>>),
}

/// The layout of objects: which properties they have, in which locations (property `i`, in
/// the order added, is at [`Location`] `i`). Immutable; adding a property makes (or finds) a
/// child shape through [`Shape::with_property`].
pub struct Shape {
    id: ShapeId,
    /// Number of properties: this shape's keys are `keys[0..count]`.
    count: u32,
    /// Whether one of the keys is an array index (`"0"`, `"17"`): such objects check their
    /// named properties before appending an element.
    has_index_keys: bool,
    dictionary: bool,
    keys: KeyTable,
    transitions: RefCell<Transitions>,
    tree: &'static ShapeTree,
}

static NEXT_SHAPE: AtomicU32 = AtomicU32::new(0);

impl Shape {
    /// A new empty root shape (one per kind of object of a language), the root of a new
    /// bounded shape tree.
    pub fn new_root() -> ShapeRef {
        Shape::new_root_of_type(Value::Null)
    }

    /// A new empty root shape whose objects, and those of every shape reached from it, are of
    /// `object_type` ([`Shape::object_type`]) — Truffle's *dynamic type*: what a language
    /// needs to know about an object besides its properties, decided when the object is made,
    /// e.g. SOM's class of an instance. A cache keyed on shapes is keyed on it too.
    ///
    /// `object_type` must be immortal (an integer, or a heap object allocated immortal):
    /// shapes are not traced by the collector.
    pub fn new_root_of_type(object_type: Value) -> ShapeRef {
        Shape::new_root_in(None, object_type)
    }

    /// A new empty root shape whose objects belong to `language` (Truffle: the language
    /// whose interop library the objects export). Another language that meets such an object
    /// sends it the interop messages of [`crate::polyglot`], which the owner answers;
    /// `None`: objects of no language (the framework's own, tests). `object_type` as for
    /// [`Shape::new_root_of_type`].
    pub fn new_root_in(language: Option<LanguageId>, object_type: Value) -> ShapeRef {
        let tree = Box::leak(Box::new(ShapeTree {
            dictionary: OnceCell::new(),
            shapes: Cell::new(1),
            object_type,
            language,
        }));
        Shape::leak(Shape {
            id: ShapeId(NEXT_SHAPE.fetch_add(1, Ordering::Relaxed)),
            count: 0,
            has_index_keys: false,
            dictionary: false,
            keys: KeyTable::default(),
            transitions: RefCell::new(Transitions::None),
            tree,
        })
    }

    fn leak(shape: Shape) -> ShapeRef {
        Box::leak(Box::new(shape))
    }

    /// The shape's id, as tree and IR dumps show it.
    pub fn id(&self) -> ShapeId {
        self.id
    }

    /// The object type of this shape's tree (`Null` for [`Shape::new_root`]'s).
    pub fn object_type(&self) -> Value {
        self.tree.object_type
    }

    /// The language whose objects have this shape (see [`Shape::new_root_in`]).
    pub fn language(&self) -> Option<LanguageId> {
        self.tree.language
    }

    /// Whether this is its tree's dictionary shape: objects of this shape keep their named
    /// properties in a per-object hash table, and no location is fixed. Inline caches must
    /// not cache it (they treat it as megamorphic).
    pub fn is_dictionary(&self) -> bool {
        self.dictionary
    }

    /// The dictionary shape of this shape's tree (created on first use).
    pub fn dictionary_shape(&self) -> ShapeRef {
        self.tree.dictionary.get_or_init(|| {
            Shape::leak(Shape {
                id: ShapeId(NEXT_SHAPE.fetch_add(1, Ordering::Relaxed)),
                count: 0,
                has_index_keys: true,
                dictionary: true,
                keys: KeyTable::default(),
                transitions: RefCell::new(Transitions::None),
                tree: self.tree,
            })
        })
    }

    /// Whether some key of this shape is an array index (see [`super::array_index`]).
    /// Dictionary shapes answer `true`: their keys are per object.
    pub fn has_index_keys(&self) -> bool {
        self.has_index_keys
    }

    /// The location of `key`, if objects of this shape have it (never for a dictionary shape).
    pub fn lookup(&self, key: &str) -> Option<Location> {
        let index = self.keys.borrow().get_index_of(key)?;
        (index < self.count as usize).then_some(Location(index as u32))
    }

    /// Number of properties (0 for a dictionary shape).
    pub fn property_count(&self) -> usize {
        self.count as usize
    }

    /// The property keys in the order they were added.
    pub fn keys(&self) -> Vec<Rc<str>> {
        self.keys.borrow().iter().take(self.count as usize).cloned().collect()
    }

    /// The shape after adding `key` (which this shape must not have): the cached transition,
    /// or a new child shape with `key` at the next location. `None` when the tree's bounds
    /// ([`MAX_FAST_PROPERTIES`], [`MAX_SHAPES_PER_TREE`]) are reached, or for a dictionary
    /// shape: the object goes (or stays) in dictionary mode.
    pub fn with_property(&'static self, key: &str) -> Option<ShapeRef> {
        if self.dictionary {
            return None;
        }
        match &*self.transitions.borrow() {
            Transitions::None => {}
            Transitions::One(child) => {
                if child.last_key().as_deref() == Some(key) {
                    return Some(child);
                }
            }
            Transitions::Many(map) => {
                if let Some(child) = map.get(key) {
                    return Some(child);
                }
            }
        }
        if self.count as usize >= MAX_FAST_PROPERTIES || self.tree.shapes.get() >= MAX_SHAPES_PER_TREE {
            return None;
        }
        let key: Rc<str> = key.into();
        let keys = {
            let mut table = self.keys.borrow_mut();
            if table.len() == self.count as usize {
                // The tip of its table: the child extends the same table.
                table.insert(key.clone());
                self.keys.clone()
            } else {
                // A branch: the child gets a copy of the keys it shares with this shape.
                let mut copy: IndexSet<Rc<str>, FxBuildHasher> =
                    table.iter().take(self.count as usize).cloned().collect();
                copy.insert(key.clone());
                Rc::new(RefCell::new(copy))
            }
        };
        self.tree.shapes.set(self.tree.shapes.get() + 1);
        let child = Shape::leak(Shape {
            id: ShapeId(NEXT_SHAPE.fetch_add(1, Ordering::Relaxed)),
            count: self.count + 1,
            has_index_keys: self.has_index_keys || array_index(&key).is_some(),
            dictionary: false,
            keys,
            transitions: RefCell::new(Transitions::None),
            tree: self.tree,
        });
        let mut transitions = self.transitions.borrow_mut();
        *transitions = match std::mem::replace(&mut *transitions, Transitions::None) {
            Transitions::None => Transitions::One(child),
            Transitions::One(first) => {
                let mut map = FxHashMap::default();
                if let Some(first_key) = first.last_key() {
                    map.insert(first_key, first);
                }
                map.insert(key, child);
                Transitions::Many(Box::new(map))
            }
            Transitions::Many(mut map) => {
                map.insert(key, child);
                Transitions::Many(map)
            }
        };
        Some(child)
    }

    /// The key this shape added to its parent (`None` for roots and dictionary shapes).
    fn last_key(&self) -> Option<Rc<str>> {
        let index = (self.count as usize).checked_sub(1)?;
        self.keys.borrow().get_index(index).cloned()
    }

    /// The property keys in order, as `{a,x}` (`{dictionary}` for a dictionary shape): how
    /// dumps name a shape (deterministic, unlike ids, which depend on the order shapes were
    /// created in).
    pub fn describe(&self) -> String {
        if self.dictionary {
            return "{dictionary}".to_string();
        }
        let keys = self.keys.borrow();
        let names: Vec<&str> = keys.iter().take(self.count as usize).map(|k| &**k).collect();
        format!("{{{}}}", names.join(","))
    }

    /// The shape's address as a word, as compiled code compares it.
    pub fn bits(&'static self) -> i64 {
        self as *const Shape as i64
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.id, self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_built_the_same_way_share_shapes() {
        let root = Shape::new_root();
        let a = root.with_property("x").and_then(|s| s.with_property("y"));
        let b = root.with_property("x").and_then(|s| s.with_property("y"));
        assert!(std::ptr::eq(a.unwrap(), b.unwrap()));
        assert_eq!(a.unwrap().describe(), "{x,y}");
        assert_eq!(a.unwrap().lookup("y"), Some(Location(1)));
    }

    #[test]
    fn every_shape_of_a_tree_has_its_roots_object_type() {
        let typed = Shape::new_root_of_type(Value::Int(7));
        let child = typed.with_property("x").and_then(|s| s.with_property("y")).unwrap();
        for shape in [typed, child, typed.dictionary_shape()] {
            assert!(shape.object_type().same(&Value::Int(7)), "{}", shape.describe());
        }
        // Two roots of one type are two trees: their shapes differ.
        let other = Shape::new_root_of_type(Value::Int(7)).with_property("x").unwrap();
        assert!(!std::ptr::eq(other, typed.with_property("x").unwrap()));
        assert!(matches!(Shape::new_root().object_type(), Value::Null));
    }

    #[test]
    fn a_chain_shares_one_key_table_and_a_branch_copies_its_prefix() {
        let root = Shape::new_root();
        let mut tip = root;
        for i in 0..50 {
            tip = tip.with_property(&format!("k{i}")).unwrap();
        }
        let mid = root.with_property("k0").unwrap().with_property("k1").unwrap();
        assert!(Rc::ptr_eq(&tip.keys, &mid.keys), "a chain shares its table");
        assert_eq!(mid.lookup("k2"), None, "keys past a shape's count are not its own");
        assert_eq!(tip.lookup("k49"), Some(Location(49)));
        let branch = mid.with_property("other").unwrap();
        assert!(!Rc::ptr_eq(&branch.keys, &mid.keys));
        assert_eq!(branch.describe(), "{k0,k1,other}");
        assert_eq!(branch.lookup("other"), Some(Location(2)));
        // Both transitions of `mid` are remembered.
        assert!(std::ptr::eq(mid.with_property("other").unwrap(), branch));
        assert!(std::ptr::eq(
            mid.with_property("k2").unwrap().with_property("k3").unwrap().keys.as_ptr(),
            tip.keys.as_ptr()
        ));
    }

    #[test]
    fn the_property_bound_ends_in_dictionary_mode() {
        let root = Shape::new_root();
        let mut tip = root;
        for i in 0..MAX_FAST_PROPERTIES {
            tip = tip.with_property(&i.to_string()).unwrap();
        }
        assert!(tip.has_index_keys());
        assert!(tip.with_property("one more").is_none());
        let dictionary = tip.dictionary_shape();
        assert!(dictionary.is_dictionary());
        assert!(std::ptr::eq(dictionary, root.dictionary_shape()), "one dictionary shape per tree");
        assert!(dictionary.with_property("x").is_none());
        assert_eq!(dictionary.describe(), "{dictionary}");
    }

    #[test]
    fn the_shape_budget_bounds_a_tree() {
        let root = Shape::new_root();
        let mut made = 0;
        while root.with_property(&format!("fresh{made}")).is_some() {
            made += 1;
            assert!(made < MAX_SHAPES_PER_TREE, "the budget is not enforced");
        }
        assert_eq!(made, MAX_SHAPES_PER_TREE - 1);
        // Existing transitions still work after the budget is used up.
        assert!(root.with_property("fresh0").is_some());
        // Other trees have budgets of their own.
        assert!(Shape::new_root().with_property("x").is_some());
    }
}
