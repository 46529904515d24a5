//! Running a SOM program (spec §1): bootstrap, `system initialize: #('Name' args...)`, exit
//! status, and the reports of VM-level errors (§14.2) on standard error.

use crate::class_path::ClassPath;
use crate::polyglot::SomLanguage;
use crate::universe::Universe;
use bonsai::context::ExecContext;
use bonsai::engine::Engine;
use bonsai::error::{ErrorKind, GuestError};
use bonsai::heap::MutatorGuard;
use bonsai::node::graph::{write_tree_dumps, TreeFormat};
use bonsai::polyglot::Polyglot;
use bonsai::value::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What to do besides running.
#[derive(Default)]
pub struct RunOptions {
    /// Write every method's specialized tree at exit: to the error stream, or with
    /// `dump_dir` one file per method.
    pub dump_tree: bool,
    /// The format of the tree dumps (text or Graphviz DOT).
    pub tree_format: TreeFormat,
    /// The directory for the tree dumps (one file per method) instead of the error stream.
    pub dump_dir: Option<PathBuf>,
}

/// A command line, `som [-cp CLASS_PATH] TARGET ARGS...` (§1).
pub struct Command<'a> {
    /// `-cp`; without it, `core_lib` alone.
    pub class_path: Option<&'a str>,
    /// A class file path or a class name.
    pub target: &'a str,
    /// The program's arguments after TARGET.
    pub args: &'a [String],
    /// The project's core library.
    pub core_lib: &'a Path,
}

/// Runs `command` and answers the exit status (§1). The program's standard output goes to
/// `output`, its standard error and the error reports to `errors`.
pub fn run(
    command: &Command<'_>,
    engine: Rc<Engine>,
    output: Box<dyn Write>,
    errors: Box<dyn Write>,
    options: &RunOptions,
) -> i32 {
    let _mutator = MutatorGuard::acquire();
    let (class_path, target_class) =
        ClassPath::for_target(command.class_path, command.target, command.core_lib);
    let universe = Universe::new(class_path, output, errors);
    // A polyglot context of SOM alone: `Polyglot` evaluates SOM and shares bindings.
    let polyglot = Polyglot::new(engine.clone());
    polyglot.register(Rc::new(SomLanguage::new(universe.clone())));
    let _entered = polyglot.enter();
    let status = bonsai::heap::catch_exhaustion(|| {
        let ctx = ExecContext::new(engine.clone());
        let result = start(&universe, &ctx, &target_class.name, target_class.file.clone(), command.args);
        universe.flush();
        match result {
            Ok(()) => 0,
            Err(e) => report(&universe, &e),
        }
    })
    .unwrap_or_else(|exhausted| {
        universe.flush();
        report(&universe, &exhausted.to_guest_error())
    });
    universe.flush();
    let status = if options.dump_tree { dump_trees(&universe, &engine, options, status) } else { status };
    engine.release_retired_code();
    status
}

/// Writes every method's tree as `options` say; a dump that cannot be written is reported on
/// the error stream and makes a successful run fail (status 1).
fn dump_trees(universe: &Universe, engine: &Engine, options: &RunOptions, status: i32) -> i32 {
    let mut text = Vec::new();
    let targets = universe.method_targets();
    let lookup = |name: &str| universe.find_target(name);
    let written = write_tree_dumps(
        &targets,
        engine,
        &lookup,
        options.tree_format,
        options.dump_dir.as_deref(),
        &mut text,
    );
    universe.error_print(&String::from_utf8_lossy(&text));
    match written {
        Ok(()) => status,
        Err(e) => {
            universe.error_print(&format!("som: {e}\n"));
            if status == 0 {
                1
            } else {
                status
            }
        }
    }
}

/// Steps 1–4 of §1.
fn start(
    universe: &Rc<Universe>,
    ctx: &ExecContext,
    name: &str,
    file: Option<std::path::PathBuf>,
    args: &[String],
) -> Result<(), GuestError> {
    universe.bootstrap(name, file)?;
    initialize_system(universe, ctx, name, args)
}

/// Step 4 of §1 on a bootstrapped universe: `system initialize: #('NAME' ARGS…)`, which sends
/// `run:` or `run` to a new instance of class `NAME`.
pub fn initialize_system(
    universe: &Universe,
    ctx: &ExecContext,
    name: &str,
    args: &[String],
) -> Result<(), GuestError> {
    // Each String goes into the Array as soon as it is made (the Array, a local, is a root).
    let array = universe.new_array(&[]);
    if let Value::Object(a) = array {
        a.push_element(Value::string(name));
        for arg in args {
            a.push_element(Value::string(arg));
        }
    }
    let system = universe.system();
    let class = universe.class_id_of(&system);
    let method = universe
        .lookup(class, "initialize:")
        .ok_or_else(|| GuestError::new("System does not define initialize:"))?;
    let (function, _) = universe.method_function(method);
    function.call(ctx, &[system, array]).map(|_| ())
}

/// The exit status of a failed run; a VM-level error is reported as in §14.2.
pub fn report(universe: &Universe, e: &GuestError) -> i32 {
    if let ErrorKind::Exit(status) = e.kind() {
        return status;
    }
    let mut text = String::from("Traceback (most recent call at bottom):\n");
    if let Some(entries) = universe.take_traceback() {
        text.push_str(&entries);
        text.push_str(&format!("{}.\n", e.message()));
        universe.error_print(&text);
        return 1;
    }
    let frames = e.stack_trace();
    if frames.is_empty() {
        text.push_str("  (no SOM frames)\n");
    }
    if e.elided_frames() > 0 {
        text.push_str(&format!("  ({} outer frames not shown)\n", e.elided_frames()));
    }
    for f in frames.iter().rev() {
        text.push_str(&format!("  at {f}\n"));
    }
    text.push_str(&format!("{}.\n", e.message()));
    universe.error_print(&text);
    1
}
