//! # The `bonsai` polyglot launcher
//!
//! `bonsai [engine options] [-cp DIRS] FILE... [-- ARGS]` loads every file into one
//! [`Polyglot`] context by its extension — `.sl` files register their functions in SL, `.som`
//! files load their class (each file's directory joins SOM's class path, after `-cp`'s
//! directories and before the core library, and the class is bound in the polyglot bindings
//! under its name), `.toy` files define their functions (each bound in the polyglot bindings
//! under its name) — and runs the first file's
//! entry point: Toy's `main`, SL's
//! `main` (its result printed unless `NULL`, then the shutdown hooks), or SOM's
//! `system initialize: #('Class' ARGS…)`, which sends `run:` or `run` to a new instance of
//! the class. All languages share one engine (options, compile policy, JIT), one heap and
//! the polyglot bindings; the program's output of both languages goes to one stream, in the
//! order it was written.
//!
//! ```
//! use bonsai::value::Value;
//! let engine = bonsai_pe::engine(bonsai::engine::EngineOptions::default()).unwrap();
//! let _mutator = bonsai::heap::MutatorGuard::acquire();
//! let output = Box::new(std::io::sink());
//! let ctx = bonsai_launcher::Context::new(engine, &[], output, Box::new(std::io::sink()));
//! ctx.universe.bootstrap("", None).unwrap();
//! // An SL function, bound for SOM, which calls it like a block.
//! let square = ctx.eval("sl", "function main() { return sq; } function sq(x) { return x * x; }").unwrap();
//! ctx.polyglot.export("square", square);
//! let class = ctx.eval("som", "Use = ( ---- run = ( ^ (Polyglot import: 'square') value: 7 ) )").unwrap();
//! let answer = ctx.polyglot.invoke_member(&ctx.exec, &class, "run", &[]).unwrap();
//! assert!(matches!(answer, Value::Int(49)));
//! ```

use bonsai::context::ExecContext;
use bonsai::engine::Engine;
use bonsai::error::GuestError;
use bonsai::heap::MutatorGuard;
use bonsai::node::graph::{write_tree_dumps, TreeFormat};
use bonsai::polyglot::{Entered, Polyglot};
use bonsai::value::Value;
use sl::polyglot::SlLanguage;
use sl::runtime::SlContext;
use som::class_path::ClassPath;
use som::polyglot::SomLanguage;
use som::universe::Universe;
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use toy::polyglot::ToyLanguage;

/// A command line.
pub struct Command {
    /// The files, the first one's entry point runs.
    pub files: Vec<PathBuf>,
    /// `-cp`: SOM class path directories, `DIR1:DIR2`.
    pub class_path: Option<String>,
    /// The program's arguments (SOM's `run:` gets them after the class name).
    pub args: Vec<String>,
    /// Write every SL function's and SOM method's specialized tree at exit, in this format:
    /// to standard error, or with `dump_dir` one file per function or method.
    pub dump_tree: Option<TreeFormat>,
    /// Where the tree dumps go, one file each (see `dump_tree`).
    pub dump_dir: Option<PathBuf>,
}

/// The language of a file, by extension.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Sl,
    Som,
    Toy,
}

fn kind_of(path: &Path) -> Option<Kind> {
    match path.extension()?.to_str()? {
        "sl" => Some(Kind::Sl),
        "som" => Some(Kind::Som),
        "toy" => Some(Kind::Toy),
        _ => None,
    }
}

/// One output stream for every language: SOM buffers its output, so a write of another
/// language first writes what SOM buffered (the order the program wrote in).
#[derive(Clone)]
struct SharedOutput(Rc<RefCell<Box<dyn Write>>>);

impl Write for SharedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

/// The output of SL and Toy, which write at once: SOM's buffered output first.
struct OrderedOutput {
    shared: SharedOutput,
    universe: Weak<Universe>,
}

impl Write for OrderedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(u) = self.universe.upgrade() {
            u.flush();
        }
        self.shared.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(u) = self.universe.upgrade() {
            u.flush();
        }
        self.shared.flush()
    }
}

/// SL and SOM in one polyglot context, entered on this thread while it lives: the languages'
/// contexts, one output stream, and the execution context guest code runs with. For
/// embedding (the launcher, benchmarks); the caller holds the [`MutatorGuard`].
pub struct Context {
    /// The polyglot context (languages `sl` and `som`, the bindings).
    pub polyglot: Rc<Polyglot>,
    /// SL's context (its function registry).
    pub sl: Rc<SlContext>,
    /// SOM's universe (bootstrap it before running SOM code: `Universe::bootstrap`).
    pub universe: Rc<Universe>,
    /// Toy.
    pub toy: Rc<ToyLanguage>,
    /// The execution context of the program.
    pub exec: ExecContext,
    shared: SharedOutput,
    _entered: Entered,
}

impl Context {
    /// A context on `engine` whose SOM class path is `class_path` followed by the core
    /// library; program output to `output`, SOM's standard error to `errors`.
    pub fn new(
        engine: Rc<Engine>,
        class_path: &[String],
        output: Box<dyn Write>,
        errors: Box<dyn Write>,
    ) -> Context {
        let shared = SharedOutput(Rc::new(RefCell::new(output)));
        let mut dirs = class_path.to_vec();
        dirs.push(som::default_core_lib().display().to_string());
        let universe = Universe::new(ClassPath::parse(&dirs.join(":")), Box::new(shared.clone()), errors);
        let sl_output = OrderedOutput { shared: shared.clone(), universe: Rc::downgrade(&universe) };
        let input = Box::new(std::io::BufReader::new(std::io::stdin()));
        let sl = Rc::new(SlContext::new(Box::new(sl_output), input));
        sl::launcher::install_builtins(&sl);
        let polyglot = Polyglot::new(engine.clone());
        polyglot.register(Rc::new(SlLanguage::new(sl.clone())));
        polyglot.register(Rc::new(SomLanguage::new(universe.clone())));
        let toy_output = OrderedOutput { shared: shared.clone(), universe: Rc::downgrade(&universe) };
        let toy = Rc::new(ToyLanguage::new(Box::new(toy_output)));
        polyglot.register(toy.clone());
        let entered = polyglot.enter();
        Context { polyglot, sl, universe, toy, exec: ExecContext::new(engine), shared, _entered: entered }
    }

    /// Evaluates `text` in language `id` (see [`Polyglot::eval`]); SOM's universe must be
    /// bootstrapped first.
    pub fn eval(&self, id: &str, text: &str) -> Result<Value, GuestError> {
        self.polyglot.eval(&self.exec, id, "(eval)", text)
    }

    /// Writes what both languages buffered.
    pub fn flush(&self) {
        self.sl.flush();
        self.universe.flush();
        let _ = self.shared.clone().flush();
    }
}

/// Runs `command` on `engine`: the program's output to `output`, launcher errors and SOM's
/// standard error to `errors`. Returns the exit status: 0; 1 after an error (reported in the
/// format of the language whose entry point ran); 2 for a bad command line (no file, an
/// unknown extension, an unreadable file).
pub fn run(command: &Command, engine: Rc<Engine>, output: Box<dyn Write>, mut errors: Box<dyn Write>) -> i32 {
    let Some(first) = command.files.first() else {
        let _ = writeln!(errors, "bonsai: no file to run");
        return 2;
    };
    let mut sources = Vec::new();
    for file in &command.files {
        let Some(kind) = kind_of(file) else {
            let _ = writeln!(
                errors,
                "bonsai: {}: unknown language (expected a .sl, .som or .toy file)",
                file.display()
            );
            return 2;
        };
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(errors, "bonsai: cannot read {}: {e}", file.display());
                return 2;
            }
        };
        sources.push((file.clone(), kind, text));
    }

    let _mutator = MutatorGuard::acquire();
    let mut dirs: Vec<String> = command.class_path.iter().map(String::from).collect();
    for (file, kind, _) in &sources {
        if *kind == Kind::Som {
            let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            dirs.push(dir.display().to_string());
        }
    }
    let session = Context::new(engine.clone(), &dirs, output, errors);
    let Context { polyglot, sl: context, universe, exec, .. } = &session;

    let first_kind = kind_of(first);
    let class_name =
        |file: &Path| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let status = bonsai::heap::catch_exhaustion(|| {
        let first_som = sources.iter().find(|(_, k, _)| *k == Kind::Som);
        let target = first_som.map(|(f, _, _)| (class_name(f), f.clone()));
        let booted = match &target {
            Some((name, file)) if first_kind == Some(Kind::Som) => {
                universe.bootstrap(name, Some(file.clone()))
            }
            _ => universe.bootstrap("", None),
        };
        if let Err(e) = booted {
            return som::launcher::report(universe, &e);
        }
        let mut toy_main = None;
        for (i, (file, kind, text)) in sources.iter().enumerate() {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let loaded = match kind {
                Kind::Toy => match session.toy.define(text) {
                    Ok((functions, main)) => {
                        for f in functions {
                            polyglot.export(f.name(), Value::Function(f));
                        }
                        if i == 0 {
                            toy_main = main;
                        }
                        Ok(())
                    }
                    Err(e) => Err(e.message().to_string()),
                },
                Kind::Sl => sl::launcher::load_source(context, &name, text).map(|_| ()),
                Kind::Som => match universe.load_class(&class_name(file)) {
                    Ok(Some(id)) => {
                        polyglot.export(&class_name(file), universe.class_object(id));
                        Ok(())
                    }
                    Ok(None) => {
                        Err(format!("bonsai: {}: no class {} found", file.display(), class_name(file)))
                    }
                    Err(e) => return som::launcher::report(universe, &e),
                },
            };
            if let Err(message) = loaded {
                let _ = context.println(&message);
                return 1;
            }
        }
        match first_kind {
            Some(Kind::Som) => run_som(universe, exec, &class_name(first), &command.args),
            Some(Kind::Toy) => run_toy(context, exec, toy_main),
            _ => run_sl(context, exec),
        }
    })
    .unwrap_or_else(|exhausted| {
        let _ = context.println(exhausted.to_guest_error().message());
        1
    });
    session.flush();
    if let Some(format) = command.dump_tree {
        let mut targets = sl::launcher::user_targets(context);
        targets.extend(universe.method_targets());
        let lookup = |name: &str| targets.iter().copied().find(|t| t.name() == name);
        let mut text = Vec::new();
        let written =
            write_tree_dumps(&targets, &engine, &lookup, format, command.dump_dir.as_deref(), &mut text);
        universe.error_print(&String::from_utf8_lossy(&text));
        if let Err(e) = written {
            universe.error_print(&format!("bonsai: {e}\n"));
            engine.release_retired_code();
            return if status == 0 { 1 } else { status };
        }
    }
    engine.release_retired_code();
    status
}

/// SL's entry point, as the `sl` launcher runs it.
fn run_sl(context: &SlContext, exec: &ExecContext) -> i32 {
    if context.function("main").target().is_none() {
        let _ = context.println("No function main() defined in SL source file.");
        return 1;
    }
    sl::launcher::run_main(context, exec)
}

/// Toy's entry point: its `main`; a runtime error's message goes to the output.
fn run_toy(output: &SlContext, exec: &ExecContext, main: Option<bonsai::function::FunctionRef>) -> i32 {
    let Some(main) = main else {
        let _ = output.println("`main()` must be defined, without parameters");
        return 1;
    };
    match main.call(exec, &[]) {
        Ok(_) => 0,
        Err(e) => {
            let _ = output.println(e.message());
            1
        }
    }
}

/// SOM's entry point: `system initialize: #('Class' args…)` (spec §1).
fn run_som(universe: &Universe, exec: &ExecContext, name: &str, args: &[String]) -> i32 {
    let result = som::launcher::initialize_system(universe, exec, name, args);
    universe.flush();
    match result {
        Ok(()) => 0,
        Err(e) => som::launcher::report(universe, &e),
    }
}
