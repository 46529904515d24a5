//! Tree dumps as Graphviz graphs, and writing dumps to files.
//!
//! [`call_target_dot`] renders a call target's specialized tree in the DOT language: one box
//! per node with its [`Label`]'s facts — every specialization with its status (active,
//! excluded, inactive), every inline cache with its entries (shapes, call targets, classes),
//! every profile with its counts — filled with the color of the node's [`NodeState`]; the
//! call targets that compiled code of the target inlined are clusters of their own, with a
//! dashed edge from each call node whose cache names them. The output is deterministic (node
//! ids count in dump order), so it is snapshot-tested. Render it with Graphviz:
//! `dot -Tsvg fib.dot -o fib.svg`.
//!
//! ```
//! use bonsai::prelude::*;
//! use bonsai::node::graph::call_target_dot;
//!
//! struct Leaf;
//! impl Execute for Leaf {
//!     fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
//!         Ok(d.constant(Value::Int(1)))
//!     }
//! }
//! impl Dump for Leaf {
//!     fn dump(&self, w: &mut TreeDump) { w.line("Constant 1") }
//! }
//! let target = CallTarget::new("one", FrameDescriptor::new(), Box::new(Leaf));
//! let engine = Engine::new(EngineOptions::default(), None);
//! let dot = call_target_dot(target, &engine, &|_| None);
//! assert!(dot.starts_with("digraph \"one\" {"));
//! assert!(dot.contains("<B>Constant 1</B>"));
//! ```

use super::{DumpRecord, Label, NodeState, StateFact, TreeDump};
use crate::call::CallTarget;
use crate::engine::Engine;
use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How tree dumps are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TreeFormat {
    /// Indented text, one line per node ([`CallTarget::dump`]).
    #[default]
    Text,
    /// Graphviz DOT ([`call_target_dot`]).
    Dot,
}

impl TreeFormat {
    /// The extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            TreeFormat::Text => "txt",
            TreeFormat::Dot => "dot",
        }
    }
}

/// A tree dump that could not be written: the file (or the directory) and the cause.
#[derive(Debug)]
pub struct DumpError {
    /// The file or directory that could not be written.
    pub path: PathBuf,
    /// Why.
    pub source: io::Error,
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write the tree dump {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for DumpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Makes sure `dir` exists and is a directory that files can be created in, before a run
/// whose dumps go there (so a bad directory is reported before the program runs).
pub fn prepare_dump_dir(dir: &Path) -> Result<(), DumpError> {
    let error = |source| DumpError { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(error)?;
    let probe = dir.join(".bonsai-dump-probe");
    std::fs::write(&probe, b"").map_err(error)?;
    std::fs::remove_file(&probe).map_err(error)
}

/// Writes the trees of `targets` in `format`: to `out` one after the other, or, with `dir`,
/// one file per target in `dir` (named after the target, see [`dump_file_name`]). `engine`
/// and `lookup` give the inlined clusters of [`call_target_dot`].
pub fn write_tree_dumps(
    targets: &[&CallTarget],
    engine: &Engine,
    lookup: &dyn Fn(&str) -> Option<&'static CallTarget>,
    format: TreeFormat,
    dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), DumpError> {
    let render = |t: &CallTarget| match format {
        TreeFormat::Text => t.dump(),
        TreeFormat::Dot => call_target_dot(t, engine, lookup),
    };
    let Some(dir) = dir else {
        for t in targets {
            // A closed or full diagnostics stream is not a reason to fail the run (the text
            // dump never was).
            let _ = out.write_all(render(t).as_bytes());
        }
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|source| DumpError { path: dir.to_path_buf(), source })?;
    let mut taken = HashSet::new();
    for t in targets {
        let stem = dump_file_name(t.name());
        let mut name = format!("{stem}.{}", format.extension());
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{stem}-{n}.{}", format.extension());
            n += 1;
        }
        let path = dir.join(name);
        std::fs::write(&path, render(t)).map_err(|source| DumpError { path, source })?;
    }
    Ok(())
}

/// A file name stem for call target `name`: letters, digits, `_` and `-` kept, `>>` spelled
/// `.`, `:` and spaces `_`, any other character `x` and its code in hex (`Sends>>show:` →
/// `Sends.show_`, `Integer>>+` → `Integer.x2B`). Two targets whose stems collide get `-2`,
/// `-3`, … in the order written.
///
/// ```
/// use bonsai::node::graph::dump_file_name;
/// assert_eq!(dump_file_name("Sends>>show:"), "Sends.show_");
/// assert_eq!(dump_file_name("Integer>>+"), "Integer.x2B");
/// assert_eq!(dump_file_name("Blocks>>run [block 1]"), "Blocks.run_x5Bblock_1x5D");
/// ```
pub fn dump_file_name(name: &str) -> String {
    let mut stem = String::with_capacity(name.len());
    for (i, c) in name.replace(">>", "\u{1}").chars().enumerate() {
        match c {
            '\u{1}' if i > 0 => stem.push('.'),
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '-') => stem.push(c),
            ':' | ' ' => stem.push('_'),
            c => {
                let _ = write!(stem, "x{:02X}", c as u32);
            }
        }
    }
    if stem.is_empty() {
        stem.push('_');
    }
    stem
}

/// The fill color of a node in `state`.
pub fn state_color(state: NodeState) -> &'static str {
    match state {
        NodeState::Stateless => "#ffffff",
        NodeState::Uninitialized => "#e0e0e0",
        NodeState::Monomorphic => "#c7e9c0",
        NodeState::Polymorphic => "#fff3a6",
        NodeState::Megamorphic => "#fcae91",
        NodeState::Generic => "#cbc9e2",
    }
}

const STATES: [NodeState; 6] = [
    NodeState::Stateless,
    NodeState::Uninitialized,
    NodeState::Monomorphic,
    NodeState::Polymorphic,
    NodeState::Megamorphic,
    NodeState::Generic,
];

/// `target`'s specialized tree as a Graphviz `digraph` (see the [module docs](self)). The
/// call targets that `engine` compiled into `target`'s code inlined
/// ([`Engine::inlined_into`]) are found by name with `lookup`; one it does not find is left
/// out.
pub fn call_target_dot(
    target: &CallTarget,
    engine: &Engine,
    lookup: &dyn Fn(&str) -> Option<&'static CallTarget>,
) -> String {
    let mut g = Graph::default();
    let _ = writeln!(g.out, "digraph {} {{", quoted(target.name()));
    g.out.push_str(
        "  graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.3];\n  \
         node [ordering=out, shape=plain, fontname=\"Helvetica\", fontsize=10];\n  \
         edge [arrowsize=0.6, color=\"#555555\"];\n",
    );
    let root = g.cluster(target, "target");
    // One cluster per inlined call target, in the order first inlined.
    let mut roots = vec![(target.name().to_string(), root)];
    for name in engine.inlined_into(target) {
        if let Some(callee) = lookup(&name) {
            let id = g.cluster(callee, "inlined");
            roots.push((name, id));
        }
    }
    // Dashed edges from each call node whose cache names an inlined target to its cluster.
    let inlined: Vec<&(String, usize)> = roots.iter().skip(1).collect();
    let mut edges = String::new();
    for (node, entries) in &g.cached {
        for (name, id) in &inlined {
            if entries.iter().any(|e| e == name) {
                let _ = writeln!(
                    edges,
                    "  n{node} -> n{id} [style=dashed, color=\"#3a6fb0\", fontcolor=\"#3a6fb0\", fontsize=9, label=\"inlined\"];"
                );
            }
        }
    }
    g.out.push_str(&edges);
    g.legend();
    g.out.push_str("}\n");
    g.out
}

/// A DOT graph being written: the text, the next node id, and the cache entries of every node
/// written (for the edges to inlined clusters).
#[derive(Default)]
struct Graph {
    out: String,
    next_id: usize,
    clusters: usize,
    cached: Vec<(usize, Vec<String>)>,
}

impl Graph {
    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Writes `target`'s tree as a cluster: its root box (name, counters, frame) and its
    /// nodes. Returns the root box's id.
    fn cluster(&mut self, target: &CallTarget, role: &str) -> usize {
        let k = self.clusters;
        self.clusters += 1;
        let (title, style) = if role == "target" {
            (html(target.name()), "style=rounded; color=\"#777777\"")
        } else {
            (format!("inlined: {}", html(target.name())), "style=\"rounded,dashed\"; color=\"#3a6fb0\"")
        };
        let _ = writeln!(self.out, "  subgraph cluster_{k} {{\n    {style}; label=<{title}>;");
        let root = self.id();
        let mut rows = vec![format!(
            "<TR><TD ALIGN=\"LEFT\" BGCOLOR=\"#f0f0f0\"><B>{}</B></TD></TR>",
            html(target.name())
        )];
        rows.push(row(&format!(
            "calls {}, compilations {}, deoptimizations {}",
            target.call_count(),
            target.compilations(),
            target.deoptimizations()
        )));
        let frame = target.frame_descriptor();
        if !frame.is_empty() {
            let slots: Vec<String> =
                frame.slots().map(|(slot, info)| format!("{} {slot} {:?}", info.name, info.kind())).collect();
            rows.push(row(&format!("frame: {}", slots.join(", "))));
        }
        let _ = writeln!(self.out, "    n{root} [label=<{}>];", table("#ffffff", &rows));
        let mut w = TreeDump::new();
        target.body().dump(&mut w);
        // The parent of a line is the closest line before it one level up.
        let mut stack: Vec<usize> = vec![root];
        for DumpRecord { depth, label } in w.records() {
            let id = self.id();
            stack.truncate(depth + 1);
            let parent = stack.last().copied().unwrap_or(root);
            let _ = writeln!(self.out, "    n{id} [label=<{}>];", node_table(label));
            let _ = writeln!(self.out, "    n{parent} -> n{id};");
            stack.push(id);
            let entries: Vec<String> = label
                .states()
                .iter()
                .flat_map(|s| match s {
                    StateFact::Cache { entries, .. } => entries.clone(),
                    StateFact::Specializations { .. } => Vec::new(),
                })
                .collect();
            if !entries.is_empty() {
                self.cached.push((id, entries));
            }
        }
        self.out.push_str("  }\n");
        root
    }

    /// A box with one cell per node state in its color.
    fn legend(&mut self) {
        let cells: String =
            STATES.iter().map(|s| format!("<TD BGCOLOR=\"{}\">{}</TD>", state_color(*s), s.name())).collect();
        let _ = writeln!(
            self.out,
            "  legend [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR>{cells}</TR></TABLE>>];"
        );
    }
}

/// The HTML-like table of a node: its head in bold, its state, then a row per specialization,
/// cache (with a row per entry) and profile.
fn node_table(label: &Label) -> String {
    let state = label.state();
    // One text run per line: renderers place the runs of a line by Graphviz's font metrics,
    // which need not be theirs.
    let mut rows = vec![format!("<TR><TD ALIGN=\"LEFT\"><B>{}</B></TD></TR>", html(label.head()))];
    if state != NodeState::Stateless {
        rows.push(format!("<TR><TD ALIGN=\"LEFT\"><I>{}</I></TD></TR>", state.name()));
    }
    for fact in label.states() {
        match fact {
            StateFact::Specializations { specializations, fallback_seen } => {
                for s in specializations {
                    let status = if s.active {
                        "active"
                    } else if s.excluded {
                        "excluded"
                    } else {
                        "inactive"
                    };
                    rows.push(row(&format!("{}: {status}", s.name)));
                }
                if *fallback_seen {
                    rows.push(row("fallback seen"));
                }
            }
            StateFact::Cache { role, state, entries } => {
                let role = role.map(|r| format!("{r}: ")).unwrap_or_default();
                let state = NodeState::from(*state).name();
                rows.push(row(&format!("cache {role}{state}")));
                for e in entries {
                    rows.push(row(&format!("  → {e}")));
                }
            }
        }
    }
    for p in label.profiles() {
        rows.push(row(&format!("{}: {}", p.name, p.counts)));
    }
    table(state_color(state), &rows)
}

impl From<super::CacheState> for NodeState {
    fn from(state: super::CacheState) -> NodeState {
        match state {
            super::CacheState::Uninitialized => NodeState::Uninitialized,
            super::CacheState::Monomorphic => NodeState::Monomorphic,
            super::CacheState::Polymorphic => NodeState::Polymorphic,
            super::CacheState::Megamorphic => NodeState::Megamorphic,
        }
    }
}

fn row(text: &str) -> String {
    format!("<TR><TD ALIGN=\"LEFT\">{}</TD></TR>", html(text))
}

fn table(color: &str, rows: &[String]) -> String {
    format!(
        "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\" BGCOLOR=\"{color}\">{}</TABLE>",
        rows.concat()
    )
}

/// `text` escaped for an HTML-like DOT label.
fn html(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// `text` as a quoted DOT identifier.
fn quoted(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}
