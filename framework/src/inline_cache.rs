//! Inline caches: cached specializations keyed by a value seen at run time (Truffle's
//! `@Cached` with a `limit`).
//!
//! A node that specializes on *which* shape, call target or class it sees holds an
//! [`InlineCache`] of entries, each a key and what the node precomputed for it (a property's
//! location, a call target, a method). The cache is a monotonic lattice:
//!
//! ```text
//! Uninitialized ──▶ Monomorphic(e₁) ──▶ Polymorphic(e₁ … e_LIMIT) ──▶ Megamorphic
//! ```
//!
//! * The interpreter and compiled code both run [`InlineCache::dispatch`]: a chain that guards
//!   on each entry's key in turn (the node's `guard`, e.g. "the receiver's shape is this
//!   constant") and runs the node's `hit` body with that entry as a constant; when no entry
//!   matches, the node's `miss` path runs (out of line, a boundary, in compiled code). In
//!   compiled code the entries are constants and the chain is straight-line guards.
//! * The miss path calls [`InlineCache::record`] with the entry for what it found: the entry
//!   is added (a rewrite, so compiled code for the tree is invalidated) until `LIMIT` entries
//!   have been added; one more makes the cache megamorphic, after which the node takes its
//!   generic path. A node that must not cache some key (e.g. a dictionary-mode object, whose
//!   shape fixes no location) calls [`InlineCache::go_megamorphic`].
//! * Stale entries: an entry whose [`CacheEntry::is_valid`] turns false (its key can no longer
//!   be seen, or what it cached no longer holds) is skipped by the dispatch chain and removed
//!   on the next miss. Removal frees its place but not its count toward `LIMIT`, so a node
//!   adds at most `LIMIT` entries in its life and its states stay a finite lattice.
//! * [`InlineCache::describe`] renders the state for tree dumps:
//!   `uninitialized`, `monomorphic E`, `polymorphic E1 E2`, `megamorphic`.

use crate::exec::{Domain, IntCmp};
use crate::object::ShapeRef;
use crate::profile::ConditionProfile;
use crate::value::Tag;
use smallvec::SmallVec;
use std::cell::{Cell, RefCell};

/// One entry of an [`InlineCache`]: a key and what a node cached for it.
pub trait CacheEntry: Copy + 'static {
    /// Whether the two entries are cached for the same key (a second entry for a key the
    /// cache has is never added).
    fn same_key(&self, other: &Self) -> bool;
    /// Whether the entry still holds; a stale entry is never dispatched to and is removed on
    /// the next miss. Default: always valid.
    fn is_valid(&self) -> bool {
        true
    }
    /// The entry in tree dumps.
    fn describe(&self) -> String;
}

/// The result of [`InlineCache::record`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheUpdate {
    /// The entry was added: the node rewrote.
    Added,
    /// The cache has an entry for that key already, or is megamorphic: no change.
    Unchanged,
    /// The limit was passed: the cache went megamorphic (a rewrite).
    WentMegamorphic,
}

/// A cached specialization with at most `LIMIT` entries (see the [module docs](self)).
pub struct InlineCache<E: CacheEntry, const LIMIT: usize> {
    /// The entries, in the order added (a `None` is a free place), each in its own cell so
    /// that the interpreter's dispatch reads them in place. Empty once megamorphic.
    entries: [Cell<Option<E>>; LIMIT],
    /// Every entry ever added, stale ones included.
    added: Cell<u8>,
    megamorphic: Cell<bool>,
    /// Whether an entry matched; shared by the entries, it only decides cold layout.
    hit: ConditionProfile,
}

impl<E: CacheEntry, const LIMIT: usize> Default for InlineCache<E, LIMIT> {
    fn default() -> Self {
        InlineCache::new()
    }
}

impl<E: CacheEntry, const LIMIT: usize> InlineCache<E, LIMIT> {
    const VALID_LIMIT: () = assert!(LIMIT > 0 && LIMIT < 256, "an inline cache holds 1 to 255 entries");

    /// An uninitialized cache.
    pub fn new() -> Self {
        let () = Self::VALID_LIMIT;
        InlineCache {
            entries: std::array::from_fn(|_| Cell::new(None)),
            added: Cell::new(0),
            megamorphic: Cell::new(false),
            hit: ConditionProfile::new(),
        }
    }

    /// The valid entries, in the order added (empty when uninitialized or megamorphic).
    pub fn entries(&self) -> SmallVec<[E; 4]> {
        self.valid_entries().iter().collect()
    }

    /// The valid entries in place, in the order added.
    #[inline]
    fn valid_entries(&self) -> CacheEntries<'_, E> {
        CacheEntries(&self.entries)
    }

    /// Whether the cache holds no valid entry (uninitialized, or every entry stale, or
    /// megamorphic).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.valid_entries().is_empty()
    }

    /// Whether no entry was ever added (one load: for a node's hot path, where
    /// [`InlineCache::is_empty`]'s scan of the entries would cost).
    #[inline]
    pub fn is_uninitialized(&self) -> bool {
        self.added.get() == 0 && !self.megamorphic.get()
    }

    /// Whether the cache went megamorphic: the node takes its generic path.
    #[inline]
    pub fn is_megamorphic(&self) -> bool {
        self.megamorphic.get()
    }

    /// Records `entry` after a miss: drops stale entries, then adds `entry` unless the cache
    /// has its key; past `LIMIT` additions the cache goes megamorphic. The caller reports a
    /// rewrite when the result is not [`CacheUpdate::Unchanged`].
    pub fn record(&self, entry: E) -> CacheUpdate {
        if self.is_megamorphic() {
            return CacheUpdate::Unchanged;
        }
        for e in &self.entries {
            if e.get().is_some_and(|e| !e.is_valid()) {
                e.set(None);
            }
        }
        if self.entries.iter().filter_map(Cell::get).any(|e| e.same_key(&entry)) {
            return CacheUpdate::Unchanged;
        }
        if self.added.get() as usize >= LIMIT {
            self.go_megamorphic();
            return CacheUpdate::WentMegamorphic;
        }
        match self.entries.iter().find(|e| e.get().is_none()) {
            Some(free) => free.set(Some(entry)),
            None => {
                self.go_megamorphic();
                return CacheUpdate::WentMegamorphic;
            }
        }
        self.added.set(self.added.get() + 1);
        CacheUpdate::Added
    }

    /// Makes the cache megamorphic (for a key the node must not cache). Returns whether that
    /// changed the state (a rewrite to report).
    pub fn go_megamorphic(&self) -> bool {
        let changed = !self.is_megamorphic();
        self.megamorphic.set(true);
        for e in &self.entries {
            e.set(None);
        }
        changed
    }

    /// The dispatch chain: for each valid entry in order, `guard(entry)` decides whether it
    /// applies, and `hit(entry)` runs for the first that does; when none does (or the cache is
    /// uninitialized or megamorphic), `miss` runs. Compiled: a chain of guards on constants,
    /// the never-missing entries laid out hot.
    #[inline(always)]
    pub fn dispatch<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        guard: impl Fn(&mut D, &E) -> D::Bool,
        hit: impl FnMut(&mut D, E) -> Result<D::Value, D::Abrupt>,
        miss: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    ) -> Result<D::Value, D::Abrupt> {
        let mut miss = miss;
        let mut miss = |d: &mut D| self.miss(d, &mut miss);
        let mut hit = hit;
        d.dispatch_cached(self.valid_entries(), &self.hit, &guard, &mut hit, &mut miss)
    }

    /// [`InlineCache::dispatch`] for a cache that another one follows: when no entry applies,
    /// `next` runs, in every domain — the next cache's dispatch, whose own miss path is the
    /// site's (it deoptimizes while the site can still learn). A call site with a cache of
    /// functions and one of foreign executables chains them so.
    #[inline(always)]
    pub fn dispatch_or<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        guard: impl Fn(&mut D, &E) -> D::Bool,
        hit: impl FnMut(&mut D, E) -> Result<D::Value, D::Abrupt>,
        next: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    ) -> Result<D::Value, D::Abrupt> {
        let mut next = next;
        let mut hit = hit;
        d.dispatch_cached(self.valid_entries(), &self.hit, &guard, &mut hit, &mut next)
    }

    /// The miss path: while the cache can still learn (uninitialized or polymorphic), compiled
    /// code deoptimizes here and the interpreter runs `miss` (which records the new entry, a
    /// rewrite); a megamorphic cache runs `miss`, its generic path, in compiled code too.
    #[inline(always)]
    fn miss<D: Domain + ?Sized, M: FnMut(&mut D) -> Result<D::Value, D::Abrupt>>(
        &self,
        d: &mut D,
        miss: &mut M,
    ) -> Result<D::Value, D::Abrupt> {
        if self.is_megamorphic() {
            return miss(d);
        }
        let reason =
            || format!("{} cache miss ({})", crate::specialization::short_type_name::<E>(), self.describe());
        d.transfer_to_interpreter(&reason, |d| miss(d))
    }

    /// The state for dumps: `uninitialized`, `monomorphic E`, `polymorphic E1 E2 …` or
    /// `megamorphic`, each entry rendered by [`CacheEntry::describe`].
    pub fn describe(&self) -> String {
        if self.is_megamorphic() {
            return "megamorphic".to_string();
        }
        let entries: Vec<String> = self.entries().iter().map(E::describe).collect();
        match entries.len() {
            0 => "uninitialized".to_string(),
            1 => format!("monomorphic {}", entries[0]),
            _ => format!("polymorphic {}", entries.join(" ")),
        }
    }
}

/// An entry keyed on the shape of an object (property accesses, and sends to objects whose
/// class their shape determines).
pub trait ShapeEntry: CacheEntry {
    /// The shape the entry is keyed on.
    fn shape(&self) -> ShapeRef;
}

impl<E: ShapeEntry, const LIMIT: usize> InlineCache<E, LIMIT> {
    /// The dispatch chain of a shape-keyed cache: when the cache has entries and `receiver`
    /// is an object (`is_object` profiles that test), compares its shape with each entry's
    /// and runs `hit` for the match; anything else runs `miss`. Compiled: a tag check, one
    /// load of the shape, and a compare with a constant per entry.
    pub fn dispatch_on_shape<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        receiver: D::Value,
        is_object: &ConditionProfile,
        hit: impl FnMut(&mut D, E) -> Result<D::Value, D::Abrupt>,
        miss: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    ) -> Result<D::Value, D::Abrupt> {
        let miss = RefCell::new(miss);
        let entries = self.valid_entries();
        if entries.is_empty() {
            return self.miss(d, &mut *miss.borrow_mut());
        }
        let object = d.has_tag(receiver, Tag::Object);
        let hit = RefCell::new(hit);
        d.choose(
            object,
            is_object,
            |d| {
                let shape = d.shape_of(receiver);
                let guard = |d: &mut D, e: &E| {
                    let expected = d.int_constant(e.shape().bits());
                    d.int_compare(IntCmp::Eq, shape, expected)
                };
                let mut miss = |d: &mut D| self.miss(d, &mut *miss.borrow_mut());
                d.dispatch_cached(entries, &self.hit, &guard, &mut *hit.borrow_mut(), &mut miss)
            },
            // A receiver that is not an object: the miss path, compiled when it was seen before.
            |d| {
                if is_object.false_count() > 0 {
                    (miss.borrow_mut())(d)
                } else {
                    self.miss(d, &mut *miss.borrow_mut())
                }
            },
        )
    }
}

/// The valid entries of an [`InlineCache`], read in place, in the order added (see
/// [`Domain::dispatch_cached`]).
#[derive(Clone, Copy)]
pub struct CacheEntries<'c, E: CacheEntry>(&'c [Cell<Option<E>>]);

impl<'c, E: CacheEntry> CacheEntries<'c, E> {
    /// The valid entries, in order.
    #[inline]
    pub fn iter(self) -> impl Iterator<Item = E> + 'c {
        self.0.iter().filter_map(Cell::get).filter(CacheEntry::is_valid)
    }

    /// Whether no entry is valid.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.iter().next().is_none()
    }

    /// The dispatch chain over these entries as nested `choose`s (the default
    /// [`Domain::dispatch_cached`]): for each entry in turn, `choose` on `guard(entry)`
    /// (profiled on `profile`) between `hit(entry)` and the rest of the chain; `miss` after
    /// the last.
    pub fn chain<D, G, H, M>(
        self,
        d: &mut D,
        profile: &ConditionProfile,
        guard: &G,
        hit: &mut H,
        miss: &mut M,
    ) -> Result<D::Value, D::Abrupt>
    where
        D: Domain + ?Sized,
        G: Fn(&mut D, &E) -> D::Bool,
        H: FnMut(&mut D, E) -> Result<D::Value, D::Abrupt>,
        M: FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    {
        let entries: SmallVec<[E; 4]> = self.iter().collect();
        chain(d, &entries, profile, guard, &RefCell::new(hit), &RefCell::new(miss))
    }
}

fn chain<D, E, G, H, M>(
    d: &mut D,
    entries: &[E],
    profile: &ConditionProfile,
    guard: &G,
    hit: &RefCell<H>,
    miss: &RefCell<M>,
) -> Result<D::Value, D::Abrupt>
where
    D: Domain + ?Sized,
    E: CacheEntry,
    G: Fn(&mut D, &E) -> D::Bool,
    H: FnMut(&mut D, E) -> Result<D::Value, D::Abrupt>,
    M: FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
{
    let Some((&entry, rest)) = entries.split_first() else {
        return (miss.borrow_mut())(d);
    };
    let matches = guard(d, &entry);
    // `choose` runs exactly one side, so each `RefCell` is borrowed once at a time.
    d.choose(
        matches,
        profile,
        |d| (hit.borrow_mut())(d, entry),
        |d| chain(d, rest, profile, guard, hit, miss),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug)]
    struct Key(u32, &'static Cell<bool>);

    impl CacheEntry for Key {
        fn same_key(&self, other: &Self) -> bool {
            self.0 == other.0
        }
        fn is_valid(&self) -> bool {
            self.1.get()
        }
        fn describe(&self) -> String {
            format!("k{}", self.0)
        }
    }

    fn valid() -> &'static Cell<bool> {
        Box::leak(Box::new(Cell::new(true)))
    }

    #[test]
    fn monomorphic_polymorphic_megamorphic() {
        let cache: InlineCache<Key, 2> = InlineCache::new();
        assert_eq!(cache.describe(), "uninitialized");
        assert_eq!(cache.record(Key(1, valid())), CacheUpdate::Added);
        assert_eq!(cache.describe(), "monomorphic k1");
        assert_eq!(cache.record(Key(1, valid())), CacheUpdate::Unchanged);
        assert_eq!(cache.record(Key(2, valid())), CacheUpdate::Added);
        assert_eq!(cache.describe(), "polymorphic k1 k2");
        assert_eq!(cache.record(Key(3, valid())), CacheUpdate::WentMegamorphic);
        assert_eq!(cache.describe(), "megamorphic");
        assert!(cache.entries().is_empty());
        assert_eq!(cache.record(Key(1, valid())), CacheUpdate::Unchanged, "megamorphic is final");
    }

    #[test]
    fn stale_entries_are_skipped_and_removed_but_count_toward_the_limit() {
        let cache: InlineCache<Key, 2> = InlineCache::new();
        let first = valid();
        cache.record(Key(1, first));
        first.set(false);
        assert_eq!(cache.describe(), "uninitialized", "a stale entry is not dispatched to");
        assert_eq!(cache.record(Key(2, valid())), CacheUpdate::Added);
        assert_eq!(cache.describe(), "monomorphic k2");
        // Two entries were added in the cache's life: a third key makes it megamorphic even
        // though a place is free.
        assert_eq!(cache.record(Key(3, valid())), CacheUpdate::WentMegamorphic);
    }

    #[test]
    fn go_megamorphic_reports_a_change_once() {
        let cache: InlineCache<Key, 3> = InlineCache::new();
        assert!(cache.go_megamorphic());
        assert!(!cache.go_megamorphic());
    }
}
