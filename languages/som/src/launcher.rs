//! Running a SOM program (spec §1): bootstrap, `system initialize: #('Name' args...)`, exit
//! status, and the reports of VM-level errors (§14.2) on standard error.

use crate::class_path::ClassPath;
use crate::universe::Universe;
use bonsai::context::ExecContext;
use bonsai::engine::Engine;
use bonsai::error::{ErrorKind, GuestError};
use bonsai::heap::MutatorGuard;
use bonsai::value::Value;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

/// What to do besides running.
#[derive(Default)]
pub struct RunOptions {
    /// Print every method's specialized tree to `diagnostics` at exit.
    pub dump_tree: bool,
}

/// Runs `som [-cp CLASS_PATH] TARGET ARGS...` and answers the exit status (§1). Without a
/// class path the core library at `core_lib` is used. The program's standard output goes to
/// the process's stdout; errors to `diagnostics`.
pub fn run(
    class_path: Option<&str>,
    target: &str,
    args: &[String],
    core_lib: &Path,
    engine: Rc<Engine>,
    diagnostics: &mut dyn Write,
    _options: &RunOptions,
) -> i32 {
    let _mutator = MutatorGuard::acquire();
    let (class_path, target_class) = ClassPath::for_target(class_path, target, core_lib);
    let universe = Universe::new(class_path);
    let status = bonsai::heap::catch_exhaustion(|| {
        let ctx = ExecContext::new(engine.clone());
        let result = start(&universe, &ctx, &target_class.name, target_class.file.clone(), args);
        universe.flush();
        match result {
            Ok(()) => 0,
            Err(e) => report(&e, diagnostics),
        }
    })
    .unwrap_or_else(|exhausted| {
        universe.flush();
        report(&exhausted.to_guest_error(), diagnostics)
    });
    universe.flush();
    engine.release_retired_code();
    status
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
    let mut elements = vec![Value::string(name)];
    elements.extend(args.iter().map(|a| Value::string(a)));
    let array = universe.new_array(&elements);
    let system = universe.system();
    let class = universe.class_id_of(&system);
    let method = universe
        .lookup(class, "initialize:")
        .ok_or_else(|| GuestError::new("System does not define initialize:"))?;
    let (function, _) = universe.method_function(method);
    function.call(ctx, &[system, array]).map(|_| ())
}

/// The exit status of a failed run; a VM-level error is reported as in §14.2.
fn report(e: &GuestError, diagnostics: &mut dyn Write) -> i32 {
    if let ErrorKind::Exit(status) = e.kind() {
        return status;
    }
    let _ = writeln!(diagnostics, "Traceback (most recent call at bottom):");
    let frames = e.stack_trace();
    if frames.is_empty() {
        let _ = writeln!(diagnostics, "  (no SOM frames)");
    }
    for f in frames.iter().rev() {
        let _ = writeln!(diagnostics, "  at {f}");
    }
    let _ = writeln!(diagnostics, "{}.", e.message());
    let _ = diagnostics.flush();
    1
}
