//! A node's line in a tree dump, with what the interpreter learned in structured form.
//!
//! A [`Label`] is the text of one dump line — `Add [Long]`, `Invoke [polymorphic inc dec]`,
//! `If (then/else taken 8/2)` — built from its parts: a head (the node's name and fixed
//! operands), its *state facts* (a specialization state, inline caches), rendered in
//! brackets and joined by `; `, and its *profiles*, rendered in parentheses and joined by
//! `, `. The text dump prints the text; the graph dump ([`super::graph`]) draws the parts
//! (one row per specialization, cache entry and profile) and colors the node by its
//! [`NodeState`]. Both come from the same facts, so they cannot disagree.
//!
//! ```
//! use bonsai::node::{Label, NodeState};
//! let label = Label::new("If").profile("then/else taken", "8/2");
//! assert_eq!(label.to_string(), "If (then/else taken 8/2)");
//! assert_eq!(label.state(), NodeState::Stateless);
//! ```

use crate::inline_cache::{CacheEntry, InlineCache};
use crate::specialization::Specialize;
use std::fmt;

/// Where a node stands in its specialization lattice, for coloring graphs: the most general
/// state among its facts (a node with a specialization state and caches takes the most
/// general of them). Ordered from least to most general.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeState {
    /// The node has no specialization state or cache (a local read, a block).
    Stateless,
    /// Nothing seen yet: no active specialization, an empty cache.
    Uninitialized,
    /// One specialization active, or one cache entry.
    Monomorphic,
    /// Several specializations active, or several cache entries.
    Polymorphic,
    /// A cache past its limit: the node takes its generic path for what it caches.
    Megamorphic,
    /// A specialization that replaces others is active, or the node's fallback ran (its
    /// compiled code calls the slow path out of line).
    Generic,
}

impl NodeState {
    /// The state's name in graphs and legends.
    pub fn name(self) -> &'static str {
        match self {
            NodeState::Stateless => "stateless",
            NodeState::Uninitialized => "uninitialized",
            NodeState::Monomorphic => "monomorphic",
            NodeState::Polymorphic => "polymorphic",
            NodeState::Megamorphic => "megamorphic",
            NodeState::Generic => "generic",
        }
    }
}

/// One specialization of a node, as a graph shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecializationFact {
    /// The specialization's name (`Long`).
    pub name: &'static str,
    /// It is active: tried in order on each execution.
    pub active: bool,
    /// It was replaced by a more general one and is never tried again.
    pub excluded: bool,
    /// It replaces other specializations (a more general one).
    pub replaces_others: bool,
}

/// How full an inline cache is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheState {
    /// No entry yet.
    Uninitialized,
    /// One entry.
    Monomorphic,
    /// Two or more entries.
    Polymorphic,
    /// Past its limit: no entries, the generic path.
    Megamorphic,
}

/// What a label says in brackets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateFact {
    /// A node's specialization state ([`Specialize`]): every specialization with its status.
    Specializations {
        /// The specializations in order, most specific first.
        specializations: Vec<SpecializationFact>,
        /// The node's fallback ran.
        fallback_seen: bool,
    },
    /// An inline cache: its state and its entries (shapes, call targets, classes), each as
    /// [`CacheEntry::describe`] renders it.
    Cache {
        /// Which of the node's caches, when it has several (`objects`, `others`).
        role: Option<&'static str>,
        /// How full the cache is.
        state: CacheState,
        /// The valid entries, in the order added.
        entries: Vec<String>,
    },
}

impl StateFact {
    /// The fact's place in the node lattice.
    pub fn node_state(&self) -> NodeState {
        match self {
            StateFact::Specializations { specializations, fallback_seen } => {
                let active: Vec<&SpecializationFact> = specializations.iter().filter(|s| s.active).collect();
                if *fallback_seen || active.iter().any(|s| s.replaces_others) {
                    NodeState::Generic
                } else {
                    match active.len() {
                        0 => NodeState::Uninitialized,
                        1 => NodeState::Monomorphic,
                        _ => NodeState::Polymorphic,
                    }
                }
            }
            StateFact::Cache { state, .. } => match state {
                CacheState::Uninitialized => NodeState::Uninitialized,
                CacheState::Monomorphic => NodeState::Monomorphic,
                CacheState::Polymorphic => NodeState::Polymorphic,
                CacheState::Megamorphic => NodeState::Megamorphic,
            },
        }
    }
}

impl fmt::Display for StateFact {
    /// The text dump's rendering: `Long|String; excluded Long` for a specialization state
    /// (`uninitialized` when none is active), `objects: monomorphic E` for a cache.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateFact::Specializations { specializations, .. } => {
                let names = |pick: fn(&SpecializationFact) -> bool| -> Vec<&str> {
                    specializations.iter().filter(|s| pick(s)).map(|s| s.name).collect()
                };
                let active = names(|s| s.active);
                if active.is_empty() {
                    f.write_str("uninitialized")?;
                } else {
                    f.write_str(&active.join("|"))?;
                }
                let excluded = names(|s| s.excluded);
                if !excluded.is_empty() {
                    write!(f, "; excluded {}", excluded.join("|"))?;
                }
                Ok(())
            }
            StateFact::Cache { role, state, entries } => {
                if let Some(role) = role {
                    write!(f, "{role}: ")?;
                }
                match state {
                    CacheState::Uninitialized => f.write_str("uninitialized"),
                    CacheState::Megamorphic => f.write_str("megamorphic"),
                    CacheState::Monomorphic => write!(f, "monomorphic {}", entries.join(" ")),
                    CacheState::Polymorphic => write!(f, "polymorphic {}", entries.join(" ")),
                }
            }
        }
    }
}

/// A profile's counts, e.g. `then/else taken` `8/2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFact {
    /// What is counted.
    pub name: String,
    /// The counts.
    pub counts: String,
}

/// One line of a tree dump: a head, state facts and profiles (see the [module docs](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Label {
    head: String,
    states: Vec<StateFact>,
    profiles: Vec<ProfileFact>,
}

impl Label {
    /// A label with text `head` and no facts yet.
    pub fn new(head: impl Into<String>) -> Label {
        Label { head: head.into(), states: Vec::new(), profiles: Vec::new() }
    }

    /// Adds `node`'s specialization state (rendered as [`Specialize::describe_state`] does).
    pub fn specialized<N: Specialize<A>, const A: usize>(mut self, node: &N) -> Label {
        let state = node.specialization_state();
        let (active, excluded) = (state.active_bits(), state.excluded_bits());
        let specializations = N::SPECIALIZATIONS
            .iter()
            .enumerate()
            .map(|(i, s)| SpecializationFact {
                name: s.name,
                active: active & (1 << i) != 0,
                excluded: excluded & (1 << i) != 0,
                replaces_others: s.replaces != 0,
            })
            .collect();
        self.states
            .push(StateFact::Specializations { specializations, fallback_seen: state.fallback_seen() });
        self
    }

    /// Adds inline cache `cache`, under `role` when the node has several (rendered as
    /// [`InlineCache::describe`] does, after `role: `).
    pub fn cache<E: CacheEntry, const LIMIT: usize>(
        mut self,
        role: Option<&'static str>,
        cache: &InlineCache<E, LIMIT>,
    ) -> Label {
        let entries: Vec<String> = cache.entries().iter().map(E::describe).collect();
        let state = if cache.is_megamorphic() {
            CacheState::Megamorphic
        } else {
            match entries.len() {
                0 => CacheState::Uninitialized,
                1 => CacheState::Monomorphic,
                _ => CacheState::Polymorphic,
            }
        };
        self.states.push(StateFact::Cache { role, state, entries });
        self
    }

    /// Adds a profile: what it counts and the counts (rendered `name counts`).
    pub fn profile(mut self, name: impl Into<String>, counts: impl fmt::Display) -> Label {
        self.profiles.push(ProfileFact { name: name.into(), counts: counts.to_string() });
        self
    }

    /// The head: the node's name and fixed operands.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The node's kind: the head's first word (`ReadProperty` in `ReadProperty "x"`).
    pub fn kind(&self) -> &str {
        self.head.split(' ').next().unwrap_or("")
    }

    /// The state facts, in order.
    pub fn states(&self) -> &[StateFact] {
        &self.states
    }

    /// The profiles, in order.
    pub fn profiles(&self) -> &[ProfileFact] {
        &self.profiles
    }

    /// The most general state among the facts ([`NodeState::Stateless`] without any).
    pub fn state(&self) -> NodeState {
        self.states.iter().map(StateFact::node_state).max().unwrap_or(NodeState::Stateless)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head)?;
        if !self.states.is_empty() {
            f.write_str(" [")?;
            for (i, s) in self.states.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{s}")?;
            }
            f.write_str("]")?;
        }
        if !self.profiles.is_empty() {
            f.write_str(" (")?;
            for (i, p) in self.profiles.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{} {}", p.name, p.counts)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl From<String> for Label {
    fn from(head: String) -> Label {
        Label::new(head)
    }
}

impl From<&String> for Label {
    fn from(head: &String) -> Label {
        Label::new(head.clone())
    }
}

impl From<&str> for Label {
    fn from(head: &str) -> Label {
        Label::new(head)
    }
}

impl From<fmt::Arguments<'_>> for Label {
    fn from(head: fmt::Arguments<'_>) -> Label {
        Label::new(head.to_string())
    }
}
