//! Running an SL program the way spec §1 says: parse, register, call `main`, print.

use crate::builder::Builder;
use crate::builtins::BUILTINS;
use crate::parser;
use crate::polyglot::SlLanguage;
use crate::runtime::{display, SlContext};
use bonsai::call::CallTarget;
use bonsai::context::ExecContext;
use bonsai::engine::Engine;
use bonsai::error::ErrorKind;
use bonsai::heap::MutatorGuard;
use bonsai::node::graph::{write_tree_dumps, TreeFormat};
use bonsai::polyglot::Polyglot;
use bonsai::source::Source;
use bonsai::value::Value;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::rc::Rc;

/// Registers every builtin of [`BUILTINS`] in `context`.
pub fn install_builtins(context: &Rc<SlContext>) {
    for b in BUILTINS {
        context.function(b.name).set_target(b.call_target(context));
    }
}

/// Parses `text` (source name `source_name`) and registers its functions in `context`,
/// replacing existing ones of the same name (existing references see the new code; compiled
/// code that embedded the old code is invalidated). Returns whether the text defines `main`;
/// `Err` holds the message to report (a parse error in the two-line format of spec §11.1).
pub fn load_source(context: &SlContext, source_name: &str, text: &str) -> Result<bool, String> {
    let program = parser::parse(text).map_err(|e| e.to_string())?;
    let builder = Builder::new(context, Source::new(source_name, text));
    let mut targets = Vec::with_capacity(program.functions.len());
    for f in &program.functions {
        targets.push((f.name.as_str(), builder.build_function(f).map_err(|e| e.to_string())?));
    }
    for (name, target) in targets {
        context.function(name).set_target(target);
    }
    Ok(program.functions.iter().any(|f| f.name == "main"))
}

/// The call target of every function the program defined (builtins left out), in
/// registration order.
pub fn user_targets(context: &SlContext) -> Vec<&'static CallTarget> {
    let functions = context.functions();
    functions
        .iter()
        .filter(|f| BUILTINS.iter().all(|b| b.name != f.name()))
        .filter_map(|f| f.target())
        .collect()
}

/// Runs the registered shutdown hooks (spec §10 `registerShutdownHook`), in order.
pub fn run_shutdown_hooks(context: &SlContext, exec: &ExecContext) -> Result<(), bonsai::error::GuestError> {
    for hook in context.take_shutdown_hooks() {
        hook.call(exec, &[])?;
    }
    Ok(())
}

/// What to do besides running the program.
#[derive(Default)]
pub struct RunOptions {
    /// Write every user function's specialized tree at exit: to `diagnostics`, or with
    /// `dump_dir` one file per function.
    pub dump_tree: bool,
    /// The format of the tree dumps (text or Graphviz DOT).
    pub tree_format: TreeFormat,
    /// The directory for the tree dumps (one file per function) instead of `diagnostics`.
    pub dump_dir: Option<PathBuf>,
}

/// Runs program `text` named `source_name` (the file's base name) on `engine`. Program
/// output, the `main` result and the error line go to `output` in order; launcher messages
/// that are not program output (no `main`, tree dumps) go to `diagnostics`. Returns the
/// process exit status: 0, 1 after a parse or runtime error, or `n` after `exit(n)`.
pub fn run(
    source_name: &str,
    text: &str,
    engine: Rc<Engine>,
    output: Box<dyn Write>,
    input: Box<dyn BufRead>,
    diagnostics: &mut dyn Write,
    options: &RunOptions,
) -> i32 {
    let _mutator = MutatorGuard::acquire();
    let context = Rc::new(SlContext::new(output, input));
    install_builtins(&context);
    // A polyglot context of SL alone: `import`/`export` work, `eval` knows `sl`.
    let polyglot = Polyglot::new(engine.clone());
    polyglot.register(Rc::new(SlLanguage::new(context.clone())));
    let _entered = polyglot.enter();
    // Guest calls turn heap exhaustion into an error themselves; this catches it elsewhere
    // (building the tree's constants, printing the result).
    let status =
        bonsai::heap::catch_exhaustion(|| run_in(&context, source_name, text, engine.clone(), diagnostics))
            .unwrap_or_else(|exhausted| {
                let _ = context.println(exhausted.to_guest_error().message());
                1
            });
    context.flush();
    let status = match context.take_output_error() {
        Some(e) => {
            let _ = writeln!(diagnostics, "sl: cannot write the program's output: {e}");
            if status == 0 {
                1
            } else {
                status
            }
        }
        None => status,
    };
    let status =
        if options.dump_tree { dump_trees(&context, &engine, options, diagnostics, status) } else { status };
    engine.release_retired_code();
    status
}

/// Writes every user function's tree as `options` say; a dump that cannot be written is
/// reported on `diagnostics` and makes a successful run fail (status 1).
fn dump_trees(
    context: &SlContext,
    engine: &Engine,
    options: &RunOptions,
    diagnostics: &mut dyn Write,
    status: i32,
) -> i32 {
    let functions = context.functions();
    let user = user_targets(context);
    let lookup = |name: &str| functions.iter().filter_map(|f| f.target()).find(|t| t.name() == name);
    match write_tree_dumps(
        &user,
        engine,
        &lookup,
        options.tree_format,
        options.dump_dir.as_deref(),
        diagnostics,
    ) {
        Ok(()) => status,
        Err(e) => {
            let _ = writeln!(diagnostics, "sl: {e}");
            if status == 0 {
                1
            } else {
                status
            }
        }
    }
}

fn run_in(
    context: &Rc<SlContext>,
    source_name: &str,
    text: &str,
    engine: Rc<Engine>,
    diagnostics: &mut dyn Write,
) -> i32 {
    let session = Session { context: context.clone(), exec: ExecContext::new(engine) };
    match session.load(source_name, text) {
        Ok(defines_main) if !defines_main => {
            let _ = writeln!(diagnostics, "No function main() defined in SL source file.");
            return 1;
        }
        Ok(_) => {}
        Err(message) => {
            let _ = context.println(&message);
            return 1;
        }
    }
    run_main(context, &session.exec)
}

/// Runs the registered `main` as spec §1 says: its result printed (display string) unless it
/// is NULL, then the shutdown hooks; an error's message printed. Returns the exit status: 0,
/// 1 after an error, or `n` after `exit(n)`. (The launchers check that `main` is defined.)
pub fn run_main(context: &SlContext, exec: &ExecContext) -> i32 {
    let result = context.function("main").call(exec, &[]).and_then(|v| {
        if !matches!(v, Value::Null) {
            context.println(&display(&v))?;
        }
        run_shutdown_hooks(context, exec)
    });
    match result {
        Ok(()) => 0,
        Err(e) => match e.kind() {
            ErrorKind::Exit(status) => status,
            _ => {
                let _ = context.println(e.message());
                1
            }
        },
    }
}

/// A loaded SL program that can be called into repeatedly (embedding, benchmarks). The
/// caller holds a [`MutatorGuard`] while using it.
pub struct Session {
    context: Rc<SlContext>,
    exec: ExecContext,
}

impl Session {
    /// A session on `engine` whose program output goes to `output` (standard input empty).
    pub fn new(engine: Rc<Engine>, output: Box<dyn Write>) -> Session {
        let context = Rc::new(SlContext::new(output, Box::new(std::io::empty())));
        install_builtins(&context);
        Session { context, exec: ExecContext::new(engine) }
    }

    /// Parses `text` (source name `source_name`) and registers its functions, replacing
    /// existing ones. Returns whether it defines `main`; `Err` holds the message to print
    /// (a parse error in the two-line format of spec §11.1).
    pub fn load(&self, source_name: &str, text: &str) -> Result<bool, String> {
        load_source(&self.context, source_name, text)
    }

    /// Calls the function named `name` with `args`.
    pub fn call(&self, name: &str, args: &[Value]) -> Result<Value, bonsai::error::GuestError> {
        self.context.function(name).call(&self.exec, args)
    }

    pub fn context(&self) -> &Rc<SlContext> {
        &self.context
    }
}
